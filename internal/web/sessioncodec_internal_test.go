package web

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodec(t *testing.T) {
	var c sessionCodec
	deadline := time.Date(2026, 12, 6, 19, 0, 0, 123, time.UTC)
	values := map[string]any{sessionUserKey: int64(42), sessionPasswordKey: "tag", flashKey: []string{"ok|Tersimpan", "warn|Ada 2 + 3 < 6 & \x00"},
		"empty": "", "none": []string(nil), "negative": int64(-7)}
	b, err := c.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	// The same values give the same bytes, whatever the map's order.
	for range 20 {
		again, _ := c.Encode(deadline, values)
		if !bytes.Equal(again, b) {
			t.Fatal("encoding depends on the map's order")
		}
	}
	got, vals, err := c.Decode(b)
	if err != nil || !got.Equal(deadline) {
		t.Fatalf("deadline %v, %v", got, err)
	}
	if !reflect.DeepEqual(vals, values) {
		t.Errorf("values %#v, want %#v", vals, values)
	}
	// Sessions written before, by scs's gob codec, are still read.
	old, err := scs.GobCodec{}.Encode(deadline, map[string]any{sessionUserKey: int64(42)})
	if err != nil {
		t.Fatal(err)
	}
	if _, vals, err := c.Decode(old); err != nil || vals[sessionUserKey] != int64(42) {
		t.Errorf("gob session: %v %v", vals, err)
	}
	// Cut or spoiled data is refused, never half read.
	for i := len(sessionMagic); i < len(b); i++ {
		if _, _, err := c.Decode(b[:i]); err == nil {
			t.Errorf("data cut at %d of %d read", i, len(b))
		}
	}
	if _, _, err := c.Decode(append(bytes.Clone(b), 0)); err == nil {
		t.Error("trailing byte accepted")
	}
	if _, err := c.Encode(deadline, map[string]any{"x": 1.5}); err == nil {
		t.Error("a float was encoded")
	}
}

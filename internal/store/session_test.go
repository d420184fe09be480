package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// A session is written when its data changes or its expiry moves by a
// minute or more, not on every request that only pushes the expiry.
func TestSessionCommits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ss := s.Sessions()
		stored := func() time.Time {
			t.Helper()
			var at time.Time
			if err := s.DB().QueryRowContext(ctx, `SELECT expiry FROM sessions WHERE token = $1`, "tok").Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at.UTC()
		}
		t0 := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
		steps := []struct {
			data   string
			expiry time.Time
			want   time.Time // the expiry in the database afterwards
		}{
			{"a", t0, t0},
			{"a", t0.Add(10 * time.Second), t0},                       // only the expiry, a little: skipped
			{"a", t0.Add(59 * time.Second), t0},                       // still within the minute
			{"a", t0.Add(time.Minute), t0.Add(time.Minute)},           // a minute later: written
			{"b", t0.Add(61 * time.Second), t0.Add(61 * time.Second)}, // new data: written
		}
		for i, st := range steps {
			if err := ss.CommitCtx(ctx, "tok", []byte(st.data), st.expiry); err != nil {
				t.Fatal(err)
			}
			if got := stored(); !got.Equal(st.want) {
				t.Errorf("step %d: stored expiry %v, want %v", i, got, st.want)
			}
		}
		if b, ok, err := ss.FindCtx(ctx, "tok"); err != nil || !ok || string(b) != "b" {
			t.Errorf("find: %q %v %v", b, ok, err)
		}
		// After a delete, the next commit writes again.
		if err := ss.DeleteCtx(ctx, "tok"); err != nil {
			t.Fatal(err)
		}
		if err := ss.CommitCtx(ctx, "tok", []byte("b"), t0.Add(62*time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ss.FindCtx(ctx, "tok"); !ok {
			t.Error("the session committed after its deletion is missing")
		}
	})
}

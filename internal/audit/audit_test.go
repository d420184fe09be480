package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

var actor = audit.Actor{UserID: 0, Name: "tester", IP: "192.0.2.7"}

// record appends n events, each in its own transaction.
func record(t *testing.T, s *store.Store, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := s.InTx(ctx, func(tx *store.Store) error {
			return audit.Record(ctx, tx, actor, "thing.update", "thing", i+1,
				map[string]any{"name": fmt.Sprintf("old %d", i)}, map[string]any{"name": fmt.Sprintf("new %d", i)})
		})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
}

func exec(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	res, err := s.DB().ExecContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s: %d rows changed, want 1", q, n)
	}
}

// wantBreak checks that Verify finds the chain broken at seq, after n intact events.
func wantBreak(t *testing.T, s *store.Store, seq, intact int64, reason string) {
	t.Helper()
	n, err := audit.Verify(context.Background(), s)
	var b *audit.Break
	if !errors.As(err, &b) {
		t.Fatalf("Verify = %d, %v; want a break at event %d", n, err, seq)
	}
	if b.Seq != seq {
		t.Errorf("break at event %d, want %d (%v)", b.Seq, seq, b)
	}
	if n != intact {
		t.Errorf("Verify counted %d intact events, want %d", n, intact)
	}
	if !strings.Contains(b.Reason, reason) {
		t.Errorf("reason %q does not mention %q", b.Reason, reason)
	}
	if !strings.Contains(b.Error(), fmt.Sprintf("event %d", seq)) {
		t.Errorf("error %q does not name event %d", b.Error(), seq)
	}
}

func TestChainVerifies(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if n, err := audit.Verify(ctx, s); n != 0 || err != nil {
			t.Fatalf("empty chain: Verify = %d, %v", n, err)
		}
		record(t, s, 5)
		n, err := audit.Verify(ctx, s)
		if err != nil || n != 5 {
			t.Fatalf("Verify = %d, %v; want 5, nil", n, err)
		}
		events, err := s.ListAuditEvents(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 5 {
			t.Fatalf("%d events listed, want 5", len(events))
		}
		// Newest first; each links to the one before it; the first to the genesis hash.
		for i, e := range events {
			if want := int64(5 - i); e.Seq != want {
				t.Errorf("event %d has seq %d, want %d", i, e.Seq, want)
			}
			if i+1 < len(events) && e.PrevHash != events[i+1].Hash {
				t.Errorf("event %d does not link to the one before it", e.Seq)
			}
			if e.Hash != audit.Hash(e) {
				t.Errorf("event %d: stored hash differs from the recomputed one", e.Seq)
			}
			if e.ActorName != "tester" || e.IP != "192.0.2.7" || e.Action != "thing.update" || e.Entity != "thing" {
				t.Errorf("event %d: %+v", e.Seq, e)
			}
			if e.UUID == "" || e.At.IsZero() {
				t.Errorf("event %d lacks a UUID or time", e.Seq)
			}
		}
		if first := events[len(events)-1]; strings.Trim(first.PrevHash, "0") != "" || len(first.PrevHash) != 64 {
			t.Errorf("first event's previous hash = %q, want the genesis hash", first.PrevHash)
		}
		if got := events[0].Before; got != `{"name":"old 4"}` {
			t.Errorf("before = %q", got)
		}
		if got := events[0].After; got != `{"name":"new 4"}` {
			t.Errorf("after = %q", got)
		}
	})
}

func TestTamperingIsDetected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		sql    string
		seq    int64 // where the break is reported
		intact int64
		reason string
	}{
		{"edited content", `UPDATE audit_events SET after_json = '{"name":"forged"}' WHERE seq = 3`, 3, 2, "edited"},
		{"edited actor", `UPDATE audit_events SET actor_name = 'someone else' WHERE seq = 2`, 2, 1, "edited"},
		{"edited entity id", `UPDATE audit_events SET entity_id = '99' WHERE seq = 5`, 5, 4, "edited"},
		{"edited time", `UPDATE audit_events SET at = $1 WHERE seq = 4`, 4, 3, "edited"},
		{"deleted middle event", `DELETE FROM audit_events WHERE seq = 3`, 4, 2, "deleted"},
		{"deleted first event", `DELETE FROM audit_events WHERE seq = 1`, 2, 0, "deleted"},
		{"changed previous hash", `UPDATE audit_events SET prev_hash = '` + strings.Repeat("a", 64) + `' WHERE seq = 3`, 3, 2, "previous hash"},
		{"rewritten hash", `UPDATE audit_events SET hash = '` + strings.Repeat("b", 64) + `' WHERE seq = 3`, 3, 2, "edited"},
		{"renumbered event", `UPDATE audit_events SET seq = 10 WHERE seq = 5`, 6, 4, "deleted or reordered"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				record(t, s, 6)
				var args []any
				if strings.Contains(tc.sql, "$1") {
					args = append(args, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
				}
				exec(t, s, tc.sql, args...)
				wantBreak(t, s, tc.seq, tc.intact, tc.reason)
			})
		})
	}
}

// An edited event whose hash was recomputed by the forger still breaks the
// link from the event after it.
func TestRehashedEditBreaksTheNextLink(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		record(t, s, 4)
		var e domain.AuditEvent
		err := s.EachAuditEvent(ctx, func(x domain.AuditEvent) error {
			if x.Seq == 2 {
				e = x
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		e.After = `{"name":"forged"}`
		exec(t, s, `UPDATE audit_events SET after_json = $1, hash = $2 WHERE seq = 2`, e.After, audit.Hash(e))
		wantBreak(t, s, 3, 2, "previous hash")
	})
}

func TestRecordNeedsATransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := audit.Record(ctx, s, actor, "thing.create", "thing", 1, nil, map[string]any{"a": 1}); err == nil {
			t.Fatal("Record outside a transaction succeeded")
		}
		if n, err := audit.Verify(ctx, s); n != 0 || err != nil {
			t.Errorf("Verify = %d, %v; want an empty chain", n, err)
		}
	})
}

func TestRecordRollsBackWithItsChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		record(t, s, 2)
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx *store.Store) error {
			if err := audit.Record(ctx, tx, actor, "thing.create", "thing", 3, nil, "x"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		record(t, s, 1)
		n, err := audit.Verify(ctx, s)
		if err != nil || n != 3 {
			t.Errorf("Verify = %d, %v; want 3 intact events", n, err)
		}
	})
}

func TestEntityIDAndValues(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cases := []struct {
			id     any
			want   string
			before any
			wantB  string
		}{
			{int64(42), "42", nil, ""},
			{7, "7", "plain text", "plain text"},
			{"abc", "abc", struct{ A int }{1}, `{"A":1}`},
			{nil, "", map[string]any{"b": 2, "a": 1}, `{"a":1,"b":2}`},
		}
		for _, c := range cases {
			err := s.InTx(ctx, func(tx *store.Store) error {
				return audit.Record(ctx, tx, audit.System, "x.y", "x", c.id, c.before, nil)
			})
			if err != nil {
				t.Fatal(err)
			}
			evs, err := s.ListAuditEvents(ctx, store.AuditFilter{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if evs[0].EntityID != c.want || evs[0].Before != c.wantB || evs[0].After != "" {
				t.Errorf("id %v, before %v: stored %q, %q, %q", c.id, c.before, evs[0].EntityID, evs[0].Before, evs[0].After)
			}
			if evs[0].ActorID != 0 || evs[0].ActorName != "system" {
				t.Errorf("system actor stored as %d %q", evs[0].ActorID, evs[0].ActorName)
			}
		}
		if _, err := audit.Verify(ctx, s); err != nil {
			t.Error(err)
		}
		// A value that cannot be marshalled is refused, and nothing is written.
		err := s.InTx(ctx, func(tx *store.Store) error {
			return audit.Record(ctx, tx, audit.System, "x.y", "x", 1, nil, func() {})
		})
		if err == nil {
			t.Error("Record of a func succeeded")
		}
	})
}

func TestHashCoversEveryField(t *testing.T) {
	t.Parallel()
	base := domain.AuditEvent{Seq: 3, UUID: "u", At: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), ActorID: 1, ActorName: "a",
		IP: "ip", Action: "x.y", Entity: "x", EntityID: "1", Before: "b", After: "c", PrevHash: "p"}
	h := audit.Hash(base)
	if audit.Hash(base) != h {
		t.Fatal("Hash is not deterministic")
	}
	// The same instant in another zone hashes the same.
	z := base
	z.At = base.At.In(time.FixedZone("WIB", 7*3600))
	if audit.Hash(z) != h {
		t.Error("Hash depends on the time zone of At")
	}
	edits := map[string]func(e *domain.AuditEvent){
		"seq":        func(e *domain.AuditEvent) { e.Seq++ },
		"uuid":       func(e *domain.AuditEvent) { e.UUID += "x" },
		"at":         func(e *domain.AuditEvent) { e.At = e.At.Add(time.Microsecond) },
		"actor id":   func(e *domain.AuditEvent) { e.ActorID++ },
		"actor name": func(e *domain.AuditEvent) { e.ActorName += "x" },
		"ip":         func(e *domain.AuditEvent) { e.IP += "x" },
		"action":     func(e *domain.AuditEvent) { e.Action += "x" },
		"entity":     func(e *domain.AuditEvent) { e.Entity += "x" },
		"entity id":  func(e *domain.AuditEvent) { e.EntityID += "x" },
		"before":     func(e *domain.AuditEvent) { e.Before += "x" },
		"after":      func(e *domain.AuditEvent) { e.After += "x" },
		"prev hash":  func(e *domain.AuditEvent) { e.PrevHash += "x" },
		"before/after swapped": func(e *domain.AuditEvent) {
			e.Before, e.After = e.After, e.Before
		},
	}
	for name, edit := range edits {
		e := base
		edit(&e)
		if audit.Hash(e) == h {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
}

// Concurrent writers, each in its own transaction, must still produce one
// unbroken chain: the advisory lock (PostgreSQL) and immediate transactions
// (SQLite) serialise them.
func TestConcurrentWritersKeepTheChain(t *testing.T) {
	t.Parallel()
	const writers, each = 8, 20
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					err := s.InTx(ctx, func(tx *store.Store) error {
						return audit.Record(ctx, tx, audit.Actor{UserID: int64(w + 1), Name: fmt.Sprintf("writer %d", w)},
							"thing.update", "thing", i, nil, map[string]any{"w": w, "i": i})
					})
					if err != nil {
						errs <- fmt.Errorf("writer %d, record %d: %w", w, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		n, err := audit.Verify(ctx, s)
		if err != nil {
			t.Fatalf("chain broken after concurrent writes: %v", err)
		}
		if n != writers*each {
			t.Errorf("Verify counted %d events, want %d", n, writers*each)
		}
	})
}

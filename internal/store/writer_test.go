package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// Many transactions at once all commit, one after another: none is lost
// to a busy database, and the counter they bump ends at their number.
func TestConcurrentTransactionsAllCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 32
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				err := s.InTx(ctx, func(tx *store.Store) error {
					_, err := tx.BumpCounter(ctx, "writer-test")
					return err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got, err := s.Counter(ctx, "writer-test"); got != n || err != nil {
			t.Errorf("counter %d (%v), want %d", got, err, n)
		}
	})
}

// On SQLite a transaction waiting for the writer gives up when its request
// does, and the writer is free again once the first transaction ends.
func TestWaitingTransactionFollowsItsContext(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.InTx(ctx, func(tx *store.Store) error {
			close(inside)
			<-release
			_, err := tx.BumpCounter(ctx, "writer-test")
			return err
		})
	}()
	<-inside
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	ran := false
	err := s.InTx(wctx, func(*store.Store) error { ran = true; return nil })
	if !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Errorf("waiting transaction: ran %v, err %v; want it abandoned on its deadline", ran, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.InTx(ctx, func(tx *store.Store) error { _, err := tx.BumpCounter(ctx, "writer-test"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Counter(ctx, "writer-test"); got != 2 {
		t.Errorf("counter %d, want 2", got)
	}
}

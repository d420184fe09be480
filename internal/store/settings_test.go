package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// Of several processes claiming a setting for the same value at once,
// exactly one wins; a new value can be claimed again.
func TestClaimSetting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, day := range []string{"2026-11-27", "2026-11-28"} {
			var won atomic.Int32
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					ok, err := s.ClaimSetting(ctx, "digest:7", day)
					if err != nil {
						t.Error(err)
					}
					if ok {
						won.Add(1)
					}
				})
			}
			wg.Wait()
			if won.Load() != 1 {
				t.Errorf("%s claimed %d times", day, won.Load())
			}
			if v, err := s.GetSetting(ctx, "digest:7"); v != day || err != nil {
				t.Errorf("setting %q (%v), want %s", v, err, day)
			}
		}
	})
}

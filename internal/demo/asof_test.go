package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The demo office laid out as of any day of the year: the quarters whose
// reporting deadline has passed are closed with an official, frozen NKO,
// and the demo's staff account has a draft sheet for the current quarter.
func TestSeedAsOf(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, tt := range []struct {
		day    string
		closed int
	}{
		{"2026-02-10", 0},
		{"2026-04-05", 0},
		{"2026-04-12", 1},
		{"2026-08-20", 2},
		{"2026-10-07", 2},
		{"2026-12-06", 3},
	} {
		t.Run(tt.day, func(t *testing.T) {
			ctx := context.Background()
			d, err := time.ParseInLocation("2006-01-02", tt.day, wib)
			if err != nil {
				t.Fatal(err)
			}
			now := d.Add(10 * time.Hour)
			st := storetest.Open(t, store.SQLite)
			svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Location: wib,
				Now: func() time.Time { return now }})
			off, err := demo.Seed(ctx, st, svc)
			if err != nil {
				t.Fatal(err)
			}
			actor := func(emp int64) authz.Actor {
				t.Helper()
				u, err := st.GetUserByEmployee(ctx, emp)
				if err != nil {
					t.Fatal(err)
				}
				a, err := svc.Actor(ctx, u.ID, "127.0.0.1")
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			peng := actor(off.Pengelola)
			for q := 1; q <= 4; q++ {
				v, err := svc.NKO(ctx, peng, off.Year, q, off.OfficeID, false)
				if err != nil {
					t.Fatal(err)
				}
				if closed := v.Frozen != nil && v.Official; closed != (q <= tt.closed) {
					t.Errorf("Q%d closed with a frozen official NKO: %v, want %v", q, closed, q <= tt.closed)
				}
			}
			eko := actor(off.Staff["BANK"][0])
			p, err := svc.MyPlan(ctx, eko, off.Year)
			if err != nil {
				t.Fatal(err)
			}
			cur := (int(d.Month())-1)/3 + 1
			sh, err := svc.GetSheet(ctx, eko, p.ID, cur)
			if err != nil {
				t.Fatal(err)
			}
			typed := 0
			for _, l := range sh.Lines {
				if l.Realisation.Value.OK {
					typed++
				}
			}
			if sh.Sheet.Status != domain.SheetDraft || typed == 0 {
				t.Errorf("eko's Q%d sheet: %s with %d values, want a draft with values", cur, sh.Sheet.Status, typed)
			}
		})
	}
}

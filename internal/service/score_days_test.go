package service_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The NHK of a person with two SKPs weighs every line by K3 × the days it
// was active (SPEC §10.6.1, §13).
func TestNHKOfTwoPlansByDays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		staff := A.Staff.ID
		c := must[*domain.Chart](t)(o.svc.Chart(ctx))
		var bankHeadPos int64
		for _, h := range c.HeldBy(o.otherHead.EmployeeID()) {
			bankHeadPos = h.PositionID
		}
		bankPos := must[domain.Position](t)(o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: c.Positions[bankHeadPos].UnitID,
			Title: "Pelaksana Seksi Bank A", Kind: domain.PosPelaksana, ReportsToID: bankHeadPos}))
		if _, err := o.svc.Assign(ctx, A.PengActor, service.AssignInput{EmployeeID: staff, PositionID: bankPos.ID, StartDate: day(2026, 8, 1)}); err != nil {
			t.Fatal(err)
		}
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(ctx, A.StaffActor, o.year, staff))
		old, cur := plans[0], plans[1]
		for i, targets := range [][4]float64{{0, 0, 10, 20}, {0, 0, 90, 90}, {0, 0, 50, 50}} {
			if _, err := o.svc.SaveLine(ctx, A.StaffActor, cur.ID, 0, -1, realLine(fmt.Sprintf("N-%d", i+1), targets)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := o.svc.SubmitPlan(ctx, A.StaffActor, cur.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ApprovePlan(ctx, o.otherHead, cur.ID, -1); err != nil {
			t.Fatal(err)
		}
		o.report(t, A.StaffActor, old.ID, 3)
		o.report(t, A.StaffActor, cur.ID, 3)
		// Every line has the same manual, hence K3 = 1.075; each reports
		// target + 1, so NKC = min(120, achievement × 1.075):
		//   old SKP (1 Jan–31 Jul): T-1, T-2 91/90 → 108.6944; T-3 has no Q3 target (left out);
		//   new SKP (1 Aug–31 Dec): N-1 11/10 → 118.25, N-2 91/90 → 108.6944, N-3 51/50 → 109.65.
		// Q3: the old lines are active 31 days, the new 61:
		//   (2×31 × 108.6944 + 61 × (118.25 + 108.6944 + 109.65)) / (2×31 + 3×61) = 111.3115,
		//   the old SKP's share 62/245.
		check := func(planID int64, period int, nhk, oldShare float64) {
			t.Helper()
			v := must[service.ScoreView](t)(o.svc.EmployeeScore(ctx, A.HeadActor, planID, period))
			if !v.NHK.OK || math.Abs(v.NHK.V-nhk) > 1e-9 {
				t.Errorf("plan %d, period %d: NHK %v, want %.4f", planID, period, v.NHK, nhk)
			}
			if len(v.Shares) != 2 || v.Shares[0].Plan.ID != old.ID || math.Abs(v.Shares[0].Share-oldShare) > 1e-12 {
				t.Errorf("plan %d, period %d: shares %+v", planID, period, v.Shares)
			}
		}
		check(old.ID, 3, 111.31149659863945, 62.0/245)
		check(cur.ID, 3, 111.31149659863945, 62.0/245)
		// The year: Q4 is reported on the new SKP (N-1 21/20 → 112.875); the old
		// lines are active 212 days, the new 153:
		//   (2×212 × 108.6944 + 153 × (112.875 + 108.6944 + 109.65)) / (2×212 + 3×153) = 109.5844.
		o.clock.now = o.clock.now.AddDate(0, 3, 5)
		o.report(t, A.StaffActor, cur.ID, 4)
		o.report(t, A.HeadActor, o.pk.ID, 4) // the office's NKO
		check(cur.ID, service.Year, 109.58439348181705, 424.0/883)
		// Each plan's share of the year is in the score (check above); the NKP's
		// explanation adds a step per share once the year's behaviour is
		// assessed, which the 360° assessment of each quarter now gives.
	})
}

// One SKP amended in the year: a line the amendment removed counts for the
// quarters reported before it, a line it added for those after, each by its
// days (SPEC §7, §10.6.1).
func TestNHKOfAnAmendedPlanByDays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		skp := o.staffSKP.ID
		// Q1–Q3 reported on the first version (T-1, T-2, T-3), each validated.
		for q, at := range []time.Time{time.Date(2026, 4, 3, 9, 0, 0, 0, wib), time.Date(2026, 7, 3, 9, 0, 0, 0, wib), time.Date(2026, 10, 3, 9, 0, 0, 0, wib)} {
			o.clock.now = at
			o.report(t, A.StaffActor, skp, q+1)
			if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, skp, q+1, -1); err != nil {
				t.Fatal(err)
			}
			if _, err := o.svc.ValidateSheet(ctx, A.SecHeadActor, skp, q+1, -1); err != nil {
				t.Fatal(err)
			}
		}
		// October: the amendment removes T-1 and adds T-4 (Q4 target 75).
		o.clock.now = time.Date(2026, 10, 20, 9, 0, 0, 0, wib)
		if _, err := o.svc.AmendPlan(ctx, A.StaffActor, skp, "Penyesuaian tugas triwulan IV"); err != nil {
			t.Fatal(err)
		}
		removed := lineOf(t, o.sheet(t, skp, 4), "T-1").Indicator.LineID
		if err := o.svc.DeleteLine(ctx, A.StaffActor, skp, removed, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SaveLine(ctx, A.StaffActor, skp, 0, -1, realLine("T-4", [4]float64{0, 0, 0, 75})); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SubmitPlan(ctx, A.StaffActor, skp, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ApprovePlan(ctx, A.SecHeadActor, skp, -1); err != nil {
			t.Fatal(err)
		}
		o.clock.now = time.Date(2027, 1, 5, 9, 0, 0, 0, wib)
		o.report(t, A.StaffActor, skp, 4)
		o.report(t, A.HeadActor, o.pk.ID, 4) // the office's NKO
		// Every line has K3 = 1.075 and reports target + 1; the year takes
		// each line's last figure, NKC = achievement × 1.075:
		//   T-1 (Q1–Q3, 90+91+92 = 273 days), Q3 91/90 → 108.694444;
		//   T-2 (the year, 365 days), Q4 91/90 → 108.694444;
		//   T-3 (365 days), Q4 81/80 → 108.84375;
		//   T-4 (Q4, 92 days), Q4 76/75 → 108.933333.
		//   NHK = (273 × 108.694444 + 365 × 108.694444 + 365 × 108.84375 + 92 × 108.933333) / 1095 = 108.764284
		v := must[service.ScoreView](t)(o.svc.EmployeeScore(ctx, A.HeadActor, skp, service.Year))
		const want = (273*(91.0/90) + 365*(91.0/90) + 365*(81.0/80) + 92*(76.0/75)) * 107.5 / 1095
		if !v.NHK.OK || math.Abs(v.NHK.V-want) > 1e-9 || math.Abs(want-108.764284) > 1e-6 {
			t.Errorf("NHK %v, want %.6f", v.NHK, want)
		}
		days := map[string]int{}
		for _, l := range v.Lines {
			days[l.Line.Code] = l.Days
		}
		if fmt.Sprint(days) != "map[T-1:273 T-2:365 T-3:365 T-4:92]" {
			t.Errorf("days of the lines: %v", days)
		}
		if len(v.Shares) != 1 || v.Shares[0].Share != 1 {
			t.Errorf("shares %+v", v.Shares)
		}
	})
}

package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// A quarter begins at midnight of its first day in the office zone, not in UTC.
func TestQuarterBegun(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	svc, clk := newService(s)
	for _, c := range []struct {
		now     time.Time
		year, q int
		want    bool
	}{
		{time.Date(2026, 6, 30, 23, 59, 0, 0, wib), 2026, 3, false},
		{time.Date(2026, 7, 1, 0, 0, 0, 0, wib), 2026, 3, true}, // still 30 June in UTC
		{time.Date(2026, 7, 1, 0, 0, 0, 0, wib), 2026, 4, false},
		{time.Date(2026, 12, 6, 10, 0, 0, 0, wib), 2027, 1, false},
		{time.Date(2026, 12, 6, 10, 0, 0, 0, wib), 2026, 4, true},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, wib), 2027, 1, true},
		{time.Date(2027, 3, 15, 10, 0, 0, 0, wib), 2027, 4, false},
		{time.Date(2027, 3, 15, 10, 0, 0, 0, wib), 2026, 4, true},
	} {
		clk.now = c.now
		if got := svc.QuarterBegun(c.year, c.q); got != c.want {
			t.Errorf("on %s: TW %d %d begun = %v, want %v", c.now.Format(time.RFC3339), c.q, c.year, got, c.want)
		}
	}
}

// Time runs forward (SPEC §12): nothing is saved, submitted, attached or
// reported for a quarter that has not begun, whoever asks and however; its
// empty sheet can still be looked at.
func TestNothingReportedForAQuarterNotBegun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		o.clock.now = time.Date(2026, 6, 30, 23, 30, 0, 0, wib) // TW III begins in half an hour
		staff, sec := o.A.StaffActor, o.A.SecHeadActor
		before := auditCount(t, s)

		v := o.sheet(t, o.staffSKP.ID, 3)
		if !v.NotBegun || v.Sheet.ID != 0 {
			t.Fatalf("TW III sheet: not begun %v, ID %d; want an empty sheet of a quarter not begun", v.NotBegun, v.Sheet.ID)
		}
		own, err := o.svc.GetSheet(ctx, staff, o.staffSKP.ID, 3)
		if err != nil {
			t.Fatalf("the owner may look at the empty sheet: %v", err)
		}
		if own.Perm.Edit || own.Perm.Submit {
			t.Errorf("owner's permissions on a quarter not begun: %+v, want no edit, no submit", own.Perm)
		}
		line := lineOf(t, v, "T-1").Indicator.LineID
		in := []service.RealisationInput{{LineID: line, Value: calc.Some(91)}}
		for name, err := range map[string]error{
			"save": func() error { _, err := o.svc.SaveRealisations(ctx, staff, o.staffSKP.ID, 3, -1, in); return err }(),
			"evidence": func() error {
				_, err := o.svc.AddEvidence(ctx, staff, o.staffSKP.ID, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceSupporting, URL: "https://intranet.example.go.id/tw3"})
				return err
			}(),
			"submit":      func() error { _, err := o.svc.SubmitSheet(ctx, staff, o.staffSKP.ID, 3, -1); return err }(),
			"open report": func() error { _, err := o.svc.OpenReport(ctx, sec, o.secSKP.ID, 3); return err }(),
			"Q4 in June":  func() error { _, err := o.svc.SaveRealisations(ctx, staff, o.staffSKP.ID, 4, -1, in); return err }(),
		} {
			if got := refusal(err); got != "quarter.not_begun" {
				t.Errorf("%s: %v, want the refusal quarter.not_begun", name, err)
			}
		}
		// Someone else's sheet stays forbidden, not merely early.
		if _, err := o.svc.SaveRealisations(ctx, o.B.StaffActor, o.staffSKP.ID, 3, -1, in); err != domain.ErrForbidden {
			t.Errorf("a stranger saving: %v, want forbidden", err)
		}
		if got := auditCount(t, s); got != before {
			t.Errorf("%d audit events after refusals, want none", got-before)
		}
		if v := o.sheet(t, o.staffSKP.ID, 3); v.Sheet.ID != 0 {
			t.Errorf("a refused save left a sheet behind: %+v", v.Sheet)
		}
		rv, err := o.svc.GetReport(ctx, sec, o.secSKP.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if rv.Report.ID != 0 || rv.Perm.Open {
			t.Errorf("TW III report: ID %d, may open %v; want none and no", rv.Report.ID, rv.Perm.Open)
		}

		// TW II has begun: the same calls go through.
		if rv, err := o.svc.GetReport(ctx, sec, o.secSKP.ID, 2); err != nil || !rv.Perm.Open {
			t.Errorf("TW II report: may open %v (%v), want yes", rv.Perm.Open, err)
		}
		if _, err := o.svc.OpenReport(ctx, sec, o.secSKP.ID, 2); err != nil {
			t.Errorf("open the TW II report: %v", err)
		}
		o.report(t, staff, o.staffSKP.ID, 2)

		// At midnight in the office zone (still 30 June in UTC) TW III begins.
		o.clock.now = time.Date(2026, 7, 1, 0, 5, 0, 0, wib)
		if v := o.report(t, staff, o.staffSKP.ID, 3); v.NotBegun || v.Sheet.ID == 0 {
			t.Errorf("TW III on 1 July: not begun %v, sheet %d", v.NotBegun, v.Sheet.ID)
		}
		if _, err := o.svc.OpenReport(ctx, sec, o.secSKP.ID, 3); err != nil {
			t.Errorf("open the TW III report on 1 July: %v", err)
		}
	})
}

// A report started for a quarter that had not begun (before the rule) can
// be read but not written until the quarter begins.
func TestEarlyReportStaysUnwritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		sec := o.A.SecHeadActor
		rv, err := o.svc.OpenReport(ctx, sec, o.secSKP.ID, 4) // 3 October: TW IV has begun
		if err != nil {
			t.Fatal(err)
		}
		o.clock.now = time.Date(2026, 9, 20, 9, 0, 0, 0, wib) // the clock put back: TW IV not begun
		v, err := o.svc.GetReport(ctx, sec, o.secSKP.ID, 4)
		if err != nil {
			t.Fatal(err)
		}
		if v.Perm.Edit || v.Perm.Submit || v.Perm.Open {
			t.Errorf("permissions on a report of a quarter not begun: %+v", v.Perm)
		}
		line := rv.Rows[0].Line.LineID
		_, err = o.svc.SaveItem(ctx, sec, o.secSKP.ID, 4, -1, service.ItemInput{LineID: line, Issue: "Terlalu dini."})
		if got := refusal(err); got != "quarter.not_begun" {
			t.Errorf("save an item: %v, want quarter.not_begun", err)
		}
		_, err = o.svc.SubmitReport(ctx, sec, o.secSKP.ID, 4, -1)
		if got := refusal(err); got != "quarter.not_begun" {
			t.Errorf("submit: %v, want quarter.not_begun", err)
		}
	})
}

// The working year is the one whose reporting is still open: opening next
// year in December does not move anyone off this year's TW IV, which is due
// on 10 January.
func TestWorkingYear(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	svc, clk := newService(s)
	ctx := context.Background()
	for _, y := range []int{2025, 2026, 2027} {
		if _, err := svc.CreateYear(ctx, sys, y, ""); err != nil {
			t.Fatal(err)
		}
	}
	all, err := svc.ListYears(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	only := func(ys ...int) []domain.Year {
		var out []domain.Year
		for _, y := range all {
			for _, want := range ys {
				if y.Year == want {
					out = append(out, y)
				}
			}
		}
		return out
	}
	for _, c := range []struct {
		name  string
		now   time.Time
		years []domain.Year
		want  int
	}{
		{"next year opened in December", time.Date(2026, 12, 6, 10, 0, 0, 0, wib), all, 2026},
		{"TW IV still due in January", time.Date(2027, 1, 10, 23, 0, 0, 0, wib), all, 2026},
		{"TW IV past its deadline", time.Date(2027, 1, 11, 0, 30, 0, 0, wib), all, 2027},
		{"last year's TW IV due, this year begun", time.Date(2026, 1, 5, 9, 0, 0, 0, wib), all, 2025},
		{"mid-year", time.Date(2026, 8, 20, 9, 0, 0, 0, wib), all, 2026},
		{"next year not opened yet", time.Date(2027, 3, 1, 9, 0, 0, 0, wib), only(2025, 2026), 2026},
		{"only a year not begun", time.Date(2026, 12, 6, 10, 0, 0, 0, wib), only(2027), 2027},
		{"two years not begun", time.Date(2024, 12, 6, 10, 0, 0, 0, wib), only(2025, 2026), 2025},
	} {
		clk.now = c.now
		got, ok := svc.WorkingYear(c.years)
		if !ok || got.Year != c.want {
			t.Errorf("%s: working year %d (%v), want %d", c.name, got.Year, ok, c.want)
		}
	}
	if _, ok := svc.WorkingYear(nil); ok {
		t.Error("a working year without any year")
	}
}

// The inbox keeps this year's TW IV after next year is opened, beside next
// year's plans.
func TestInboxCoversTheWorkingYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		o.clock.now = time.Date(2026, 12, 6, 9, 0, 0, 0, wib)
		o.report(t, o.A.StaffActor, o.staffSKP.ID, 4)
		if _, err := o.svc.SubmitSheet(ctx, o.A.StaffActor, o.staffSKP.ID, 4, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.CreateYear(ctx, o.A.PengActor, 2027, ""); err != nil {
			t.Fatal(err)
		}
		next := must[domain.Plan](t)(o.svc.OpenPlan(ctx, o.A.StaffActor, 2027, o.A.Staff.ID))
		for i := 1; i <= 3; i++ {
			if _, err := o.svc.SaveLine(ctx, o.A.StaffActor, next.ID, 0, -1, realLine(fmt.Sprintf("T27-%d", i), [4]float64{80, 85, 90, 95})); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := o.svc.SubmitPlan(ctx, o.A.StaffActor, next.ID, -1); err != nil {
			t.Fatal(err)
		}
		items, err := o.svc.Inbox(ctx, o.A.SecHeadActor)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[service.InboxKind]string{}
		for _, it := range items {
			kinds[it.Kind] = it.Link
		}
		if kinds["sheet_validate"] == "" || kinds["plan_approve"] == "" {
			t.Errorf("inbox of the supervisor: %v; want the TW IV 2026 sheet to validate and the 2027 SKP to approve", kinds)
		}
	})
}

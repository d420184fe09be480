package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestSeedTellsTheStory checks that the demo office shows what each screen
// needs: a signed and amended PK, SKPs cascaded from it, and the gaps.
func TestSeedTellsTheStory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 10, 7, 9, 0, 0, 0, time.UTC)
		svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
		off, err := demo.Seed(ctx, st, svc)
		if err != nil {
			t.Fatal(err)
		}
		sys := service.SystemActor()
		plans, err := svc.ListPlans(ctx, sys, off.Year, off.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		var pk *service.PlanSummary
		approved, returned := 0, 0
		for i, p := range plans {
			if p.Plan.Kind == domain.PlanPK {
				pk = &plans[i]
			}
			if p.Approved {
				approved++
			}
			if p.Latest.Status == domain.PlanReturned {
				returned++
			}
		}
		if pk == nil || pk.Latest.Number != 2 || pk.Latest.Status != domain.PlanApproved || pk.Lines < 12 || pk.Lines > 15 {
			t.Fatalf("PK: %+v", pk)
		}
		if returned != 1 {
			t.Errorf("returned SKPs = %d, want 1", returned)
		}
		tree, err := svc.CascadeTree(ctx, sys, off.Year, off.OfficeID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(tree.Objectives) < 6 || len(tree.NoChild) != 0 {
			t.Errorf("objectives %d, IKUs without child %d", len(tree.Objectives), len(tree.NoChild))
		}
		if len(tree.Splits) != 1 || tree.Splits[0].Quarter != 4 {
			t.Errorf("split gaps = %+v, want one in Q4", tree.Splits)
		}
		if len(tree.NoPlan) != 3 {
			t.Errorf("people without an approved plan = %d, want 3 (one returned, one missing, the draft of the clerk moved on 1 July)", len(tree.NoPlan))
		}
		// Besides the plans in force, the moved clerk's SKP of Seksi Bank (to 30 June) is approved.
		if approved != tree.People-3+1 {
			t.Errorf("approved plans %d of %d people", approved, tree.People)
		}
		// People move: the clerk moved on 1 July has two SKPs, the newcomer's starts on 1 March.
		moved, err := svc.PlansOf(ctx, sys, off.Year, off.Moved)
		if err != nil || len(moved) != 2 || moved[0].PeriodEnd.Format("01-02") != "06-30" || moved[1].PeriodStart.Format("01-02") != "07-01" {
			t.Errorf("the moved clerk's plans: %+v %v", moved, err)
		}
		pd := off.Staff["PD"]
		if came, err := svc.PlansOf(ctx, sys, off.Year, pd[len(pd)-2]); err != nil || len(came) != 1 || came[0].PeriodStart.Format("01-02") != "03-01" {
			t.Errorf("the newcomer's plans: %+v %v", came, err)
		}
		// Every demo date lies in the demo year, before now.
		v, err := svc.GetPlan(ctx, sys, pk.Plan.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		first := v.Versions[0]
		if first.ApprovedAt.Month() != time.January || first.ApprovedAt.Year() != off.Year || !first.ApprovedAt.Before(now) {
			t.Errorf("PK v1 approved at %v", first.ApprovedAt)
		}
		// Q1 and Q2 are closed, Q3 is in progress with every state of the workflow.
		for q := 1; q <= 2; q++ {
			qp, err := svc.QuarterProgress(ctx, sys, off.Year, q, off.OfficeID)
			if err != nil {
				t.Fatal(err)
			}
			if qp.Closure == nil || qp.Totals["locked"] != tree.People-2 {
				t.Errorf("Q%d: closure %v, totals %v", q, qp.Closure, qp.Totals)
			}
		}
		q3, err := svc.QuarterProgress(ctx, sys, off.Year, 3, off.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{"draft", "submitted", "validated", "verified", "returned"} {
			if q3.Totals[st] == 0 {
				t.Errorf("Q3 has no %s sheet: %v", st, q3.Totals)
			}
		}
		corr, err := svc.ListCorrections(ctx, sys, off.Year, off.OfficeID, domain.CorrectionPending)
		if err != nil || len(corr) != 1 {
			t.Errorf("pending corrections: %v %v", corr, err)
		}
		// The PK shows yellow and red somewhere in Q1–Q3.
		colours := map[string]int{}
		for q := 1; q <= 3; q++ {
			sv, err := svc.GetSheet(ctx, sys, pk.Plan.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range sv.Lines {
				colours[string(l.Figures.ToDate.Status)]++
			}
		}
		if colours["yellow"] == 0 || colours["red"] == 0 || colours["green"] == 0 {
			t.Errorf("PK status colours: %v", colours)
		}
		// Every structural official's Q1 and Q2 reports are reviewed; one action is overdue.
		for q := 1; q <= 2; q++ {
			reps, err := svc.ListReports(ctx, sys, off.Year, q, off.OfficeID)
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != 6 {
				t.Errorf("Q%d reports: %d, want 6", q, len(reps))
			}
			for _, r := range reps {
				if r.Report.Status != domain.ReportReviewed {
					t.Errorf("Q%d report of %s is %q", q, r.Employee.Name, r.Report.Status)
				}
			}
		}
		q3reps, err := svc.ListReports(ctx, sys, off.Year, 3, off.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		overdue := 0
		for _, r := range q3reps {
			overdue += r.Overdue
		}
		if overdue == 0 {
			t.Error("no overdue action in Q3")
		}
		nko, err := svc.NKO(ctx, sys, off.Year, 2, off.OfficeID, false)
		if err != nil || !nko.Official || nko.Result.NKO < 80 || nko.Result.NKO > 120 {
			t.Errorf("Q2 NKO: %+v %v", nko.Result, err)
		}
		if n, err := audit.Verify(ctx, st); err != nil || n < 100 {
			t.Errorf("audit chain: %d events, %v", n, err)
		}
	})
}

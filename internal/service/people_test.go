package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The head's post is never left empty by a move: the successor or a Plt
// is recorded first (SPEC §13).
func TestMovingTheHeadNeedsASuccessorOrPlt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		head := o.A.Head.ID
		move := service.AssignInput{EmployeeID: head, PositionID: o.B.SecHeadPos.ID, StartDate: day(2026, 12, 1)}
		before := auditCount(t, s)
		if _, err := o.svc.Assign(ctx, o.admin, move); refusal(err) != "org.head_needs_successor" {
			t.Fatalf("moving the head alone: %v", err)
		}
		h := history(t, o, head)
		if err := o.svc.EndAssignment(ctx, o.admin, head, h[0].ID, day(2026, 12, 31)); refusal(err) != "org.head_needs_successor" {
			t.Fatalf("the head leaving alone: %v", err)
		}
		if got := auditCount(t, s); got != before || len(history(t, o, head)) != 1 || !history(t, o, head)[0].EndDate.IsZero() {
			t.Fatal("a refused move changed something")
		}
		// A Plt from the day the head leaves lets the head go.
		plt := service.AssignInput{EmployeeID: o.A.SecHead.ID, PositionID: o.A.HeadPos.ID, StartDate: day(2026, 12, 1), EndDate: day(2027, 3, 31), Acting: domain.ActingPlt}
		if _, err := o.svc.Assign(ctx, o.admin, plt); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Assign(ctx, o.admin, move); err != nil {
			t.Fatalf("moving the head with a Plt in place: %v", err)
		}
		c, err := o.svc.ChartOn(ctx, day(2026, 12, 1))
		if err != nil {
			t.Fatal(err)
		}
		if c.Head(o.A.Unit.ID) != o.A.SecHead.ID {
			t.Errorf("on 1 December office A is headed by %d, want the Plt", c.Head(o.A.Unit.ID))
		}
	})
}

// A plan follows the post (SPEC §13): a transfer on 1 August ends the SKP on
// 31 July and opens a draft for the new post; the former supervisor keeps
// the old SKP and its quarters, the new one takes the new SKP only.
func TestPlanFollowsThePost(t *testing.T) {
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

		// The Q2 sheet is reported before the move is recorded.
		o.report(t, A.StaffActor, o.staffSKP.ID, 2)
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, o.staffSKP.ID, 2, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Assign(ctx, A.PengActor, service.AssignInput{EmployeeID: staff, PositionID: bankPos.ID, StartDate: day(2026, 8, 1)}); err != nil {
			t.Fatal(err)
		}
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(ctx, A.StaffActor, o.year, staff))
		if len(plans) != 2 {
			t.Fatalf("plans of 2026: %+v", plans)
		}
		old, cur := plans[0], plans[1]
		if old.ID != o.staffSKP.ID || !old.PeriodStart.Equal(day(2026, 1, 1)) || !old.PeriodEnd.Equal(day(2026, 7, 31)) {
			t.Errorf("the old SKP: %+v", old)
		}
		if cur.PositionID != bankPos.ID || cur.Kind != domain.PlanSKP || !cur.PeriodStart.Equal(day(2026, 8, 1)) || !cur.PeriodEnd.Equal(day(2026, 12, 31)) {
			t.Errorf("the new SKP: %+v", cur)
		}
		if v := must[service.PlanView](t)(o.svc.GetPlan(ctx, A.StaffActor, cur.ID, 0)); v.Version.Status != domain.PlanDraft {
			t.Errorf("the new SKP is %s, want a draft", v.Version.Status)
		}

		// Who reads and who approves, by the plan's period.
		for _, c := range []struct {
			name   string
			a      authz.Actor
			planID int64
			read   bool
		}{
			{"the former supervisor, old SKP", A.SecHeadActor, old.ID, true},
			{"the former supervisor, new SKP", A.SecHeadActor, cur.ID, false},
			{"the new supervisor, new SKP", o.otherHead, cur.ID, true},
			{"the new supervisor, old SKP", o.otherHead, old.ID, false},
			{"the employee, old SKP", A.StaffActor, old.ID, true},
			{"the head, both", A.HeadActor, old.ID, true},
		} {
			_, err := o.svc.GetPlan(ctx, c.a, c.planID, 0)
			if c.read != (err == nil) {
				t.Errorf("%s: %v, want read %v", c.name, err, c.read)
			}
		}
		if ap := must[service.PlanView](t)(o.svc.GetPlan(ctx, sys, old.ID, 0)).Approvers; len(ap) != 1 || ap[0].ID != A.SecHead.ID {
			t.Errorf("approvers of the old SKP: %+v", ap)
		}
		if ap := must[service.PlanView](t)(o.svc.GetPlan(ctx, sys, cur.ID, 0)).Approvers; len(ap) != 1 || ap[0].ID != o.otherHead.EmployeeID() {
			t.Errorf("approvers of the new SKP: %+v", ap)
		}
		list := must[[]service.PlanSummary](t)(o.svc.ListPlans(ctx, A.SecHeadActor, o.year, A.Unit.ID))
		if !slices.ContainsFunc(list, func(p service.PlanSummary) bool { return p.Plan.ID == old.ID }) ||
			slices.ContainsFunc(list, func(p service.PlanSummary) bool { return p.Plan.ID == cur.ID }) {
			t.Errorf("the former supervisor's list should hold the old SKP, not the new one")
		}

		// The former supervisor validates the old SKP's Q2; the new one may not.
		if _, err := o.svc.ValidateSheet(ctx, o.otherHead, old.ID, 2, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the new supervisor validating the old Q2: %v", err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.SecHeadActor, old.ID, 2, -1); err != nil {
			t.Errorf("the former supervisor validating the old Q2: %v", err)
		}
		// Q3 is split between both plans; Q4 belongs to the new one only.
		if _, err := o.svc.GetSheet(ctx, A.StaffActor, old.ID, 3); err != nil {
			t.Errorf("Q3 of the old SKP: %v", err)
		}
		if _, err := o.svc.GetSheet(ctx, A.StaffActor, old.ID, 4); refusal(err) != "sheet.outside_period" {
			t.Errorf("Q4 of the old SKP: %v", err)
		}

		// The new SKP is approved by the new supervisor only.
		for i, targets := range [][4]float64{{0, 0, 10, 20}, {0, 0, 90, 90}, {0, 0, 5, 5}} {
			if _, err := o.svc.SaveLine(ctx, A.StaffActor, cur.ID, 0, -1, realLine(fmt.Sprintf("N-%d", i+1), targets)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := o.svc.SubmitPlan(ctx, A.StaffActor, cur.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ApprovePlan(ctx, A.SecHeadActor, cur.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the former supervisor approving the new SKP: %v", err)
		}
		if _, err := o.svc.ApprovePlan(ctx, o.otherHead, cur.ID, -1); err != nil {
			t.Errorf("the new supervisor approving the new SKP: %v", err)
		}
	})
}

// A leaver's plans end on the last day and stay readable; a new employee's
// plan starts on the first day, due a month later.
func TestLeaverAndNewcomerPlans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		h := history(t, o.org, A.Staff.ID)
		if err := o.svc.EndAssignment(ctx, A.PengActor, A.Staff.ID, h[0].ID, day(2026, 9, 30)); err != nil {
			t.Fatal(err)
		}
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(ctx, A.SecHeadActor, o.year, A.Staff.ID))
		if len(plans) != 1 || !plans[0].PeriodEnd.Equal(day(2026, 9, 30)) {
			t.Errorf("the leaver's plans: %+v", plans)
		}
		e := must[domain.Employee](t)(o.svc.CreateEmployeeIn(ctx, A.PengActor, service.EmployeeInput{NIP: nextNIP(), Name: "Pegawai Baru"}, A.StaffPos.ID, day(2026, 10, 1)))
		plans = must[[]domain.Plan](t)(o.svc.PlansOf(ctx, A.SecHeadActor, o.year, e.ID))
		if len(plans) != 1 || !plans[0].PeriodStart.Equal(day(2026, 10, 1)) || !plans[0].PeriodEnd.Equal(day(2026, 12, 31)) {
			t.Errorf("the newcomer's plans: %+v", plans)
		}
	})
}

// A Plh of the head's post has the head's rights for the dates of the
// appointment only (SPEC §13).
func TestPlhHasTheHeadsRightsForItsDates(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		o.approvedPK(ss1)
		pd := o.plan(o.pd1)
		c := must[*domain.Chart](t)(o.svc.Chart(o.ctx))
		var headPos int64
		for _, h := range c.HeldBy(o.head) {
			headPos = h.PositionID
		}
		o.at(8, 1)
		if _, err := o.svc.Assign(o.ctx, o.as(o.pengelola), service.AssignInput{EmployeeID: o.kasiBank, PositionID: headPos,
			StartDate: time.Date(o.year, 8, 20, 0, 0, 0, 0, time.UTC), EndDate: time.Date(o.year, 9, 30, 0, 0, 0, 0, time.UTC), Acting: domain.ActingPlh}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			month time.Month
			day   int
			want  bool
		}{{8, 19, false}, {8, 20, true}, {9, 30, true}, {10, 1, false}} {
			o.at(c.month, c.day)
			_, err := o.svc.GetPlan(o.ctx, o.as(o.kasiBank), pd.ID, 0)
			if c.want != (err == nil) {
				t.Errorf("%d %s: the Plh reading another section's SKP: %v, want %v", c.day, c.month, err, c.want)
			}
			if got := must[service.PlanView](t)(o.svc.GetPlan(o.ctx, sys, pd.ID, 0)).Approvers; c.want != slices.ContainsFunc(got, func(e domain.Employee) bool { return e.ID == o.kasiBank }) {
				t.Errorf("%d %s: approvers %v", c.day, c.month, got)
			}
		}
	})
}

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
		post := must[domain.Position](t)(o.svc.CreatePosition(ctx, o.admin, service.PositionInput{UnitID: o.B.Section.ID, Title: "Kepala Seksi Baru B",
			Kind: domain.PosPengawas, ReportsToID: o.B.HeadPos.ID}))
		move := service.AssignInput{EmployeeID: head, PositionID: post.ID, StartDate: day(2026, 12, 1)}
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

// After a move the former supervisor's team, inbox and the quarter's
// progress keep the old SKP and its split quarter; the new supervisor's
// show the new SKP (SPEC §13).
func TestFormerSupervisorKeepsTheOldPlanOnDashboards(t *testing.T) {
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
		// Read before the move: what is kept of the office must follow it.
		must[[]service.InboxItem](t)(o.svc.Inbox(ctx, A.SecHeadActor))
		must[service.TeamView](t)(o.svc.TeamView(ctx, A.SecHeadActor, o.year, 3))
		if _, err := o.svc.Assign(ctx, A.PengActor, service.AssignInput{EmployeeID: staff, PositionID: bankPos.ID, StartDate: day(2026, 8, 1)}); err != nil {
			t.Fatal(err)
		}
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(ctx, A.StaffActor, o.year, staff))
		old, cur := plans[0], plans[1]
		// July's part of Q3 is reported on the old SKP.
		o.report(t, A.StaffActor, old.ID, 3)
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, old.ID, 3, -1); err != nil {
			t.Fatal(err)
		}
		rowsOf := func(tv service.TeamView) map[int64]service.TeamRow {
			m := map[int64]service.TeamRow{}
			for _, r := range tv.Rows {
				if r.Employee.ID == staff {
					m[r.PlanID] = r
				}
			}
			return m
		}
		tv := must[service.TeamView](t)(o.svc.TeamView(ctx, A.SecHeadActor, o.year, 3))
		rows := rowsOf(tv)
		if r, ok := rows[old.ID]; !ok || r.SheetStatus != string(domain.SheetSubmitted) || !r.Until.Equal(day(2026, 7, 31)) {
			t.Errorf("the former supervisor's team: %+v", tv.Rows)
		}
		if _, ok := rows[cur.ID]; ok {
			t.Error("the former supervisor's team shows the new SKP")
		}
		if !slices.ContainsFunc(tv.ToValidate, func(r service.TeamRow) bool { return r.PlanID == old.ID }) {
			t.Errorf("the old Q3 sheet is not among those to validate: %+v", tv.ToValidate)
		}
		tv = must[service.TeamView](t)(o.svc.TeamView(ctx, o.otherHead, o.year, 3))
		if rows := rowsOf(tv); len(rows) != 1 || rows[cur.ID].PlanID != cur.ID {
			t.Errorf("the new supervisor's team: %+v", tv.Rows)
		}
		link := fmt.Sprintf("/plans/%d/quarters/3", old.ID)
		hasItem := func(a authz.Actor, kind service.InboxKind, link string) bool {
			items := must[[]service.InboxItem](t)(o.svc.Inbox(ctx, a))
			return slices.ContainsFunc(items, func(it service.InboxItem) bool { return it.Kind == kind && it.Link == link })
		}
		if !hasItem(A.SecHeadActor, service.InboxSheetValidate, link) {
			t.Error("the former supervisor's inbox lacks the old Q3 sheet")
		}
		if hasItem(o.otherHead, service.InboxSheetValidate, link) {
			t.Error("the new supervisor's inbox holds the old Q3 sheet")
		}
		// The new draft SKP waits in the employee's inbox and the new supervisor's.
		newLink := fmt.Sprintf("/plans/%d", cur.ID)
		for _, c := range []struct {
			name string
			a    authz.Actor
			want bool
		}{{"the employee", A.StaffActor, true}, {"the new supervisor", o.otherHead, true}, {"the former supervisor", A.SecHeadActor, false}} {
			if got := hasItem(c.a, service.InboxPlanNew, newLink); got != c.want {
				t.Errorf("%s: the new draft SKP in the inbox %v, want %v", c.name, got, c.want)
			}
		}
		// Q3 is split: its progress has a row for each plan.
		qp := must[service.QuarterProgress](t)(o.svc.QuarterProgress(ctx, A.PengActor, o.year, 3, A.Unit.ID))
		got := map[int64]string{}
		for _, u := range qp.Units {
			for _, r := range u.Rows {
				if r.EmployeeID == staff {
					got[r.PlanID] = r.Status
				}
			}
		}
		if len(got) != 2 || got[old.ID] != string(domain.SheetSubmitted) || got[cur.ID] != "plan_not_approved" {
			t.Errorf("Q3 progress of the person who moved: %v", got)
		}
		qp = must[service.QuarterProgress](t)(o.svc.QuarterProgress(ctx, A.PengActor, o.year, 4, A.Unit.ID))
		for _, u := range qp.Units {
			for _, r := range u.Rows {
				if r.PlanID == old.ID {
					t.Error("Q4 progress holds the old SKP")
				}
			}
		}
		// The employee's home is about the new SKP.
		if h := must[service.MyHome](t)(o.svc.MyHome(ctx, A.StaffActor, o.year)); h.Plan == nil || h.Plan.ID != cur.ID {
			t.Errorf("the employee's home plan: %+v", h.Plan)
		}
	})
}

// A structural post has one definitive holder at a time: a second one is
// refused until the holder has moved out (SPEC §4).
func TestPostHasOneDefinitiveHolder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		into := service.AssignInput{EmployeeID: o.A.Staff.ID, PositionID: o.A.SecHeadPos.ID, StartDate: day(2026, 8, 1)}
		before := auditCount(t, s)
		if _, err := o.svc.Assign(ctx, o.admin, into); fieldOf(err, "position_id") != "org.position_held" {
			t.Fatalf("a second holder of the section head's post: %v", err)
		}
		if got := auditCount(t, s); got != before || len(history(t, o, o.A.Staff.ID)) != 1 {
			t.Fatal("a refused assignment changed something")
		}
		// A Plt beside the holder is no second definitive holder.
		plt := into
		plt.EndDate, plt.Acting = day(2026, 8, 31), domain.ActingPlt
		if _, err := o.svc.Assign(ctx, o.admin, plt); err != nil {
			t.Errorf("a Plt of a held post: %v", err)
		}
		// Once the holder leaves on 31 August, the post is free from 1 September.
		h := history(t, o, o.A.SecHead.ID)
		if err := o.svc.EndAssignment(ctx, o.admin, o.A.SecHead.ID, h[0].ID, day(2026, 8, 31)); err != nil {
			t.Fatal(err)
		}
		into.StartDate = day(2026, 9, 1)
		if _, err := o.svc.Assign(ctx, o.admin, into); err != nil {
			t.Errorf("the successor from the day after: %v", err)
		}
	})
}

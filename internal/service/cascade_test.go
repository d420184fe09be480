package service_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// lineOf returns a plan's newest line with the given parent.
func (o *kppn) lineOf(planID, parent int64) service.LineView {
	o.t.Helper()
	for _, l := range o.view(planID).Lines {
		if l.ParentLineID == parent {
			return l
		}
	}
	o.t.Fatalf("plan %d has no line cascaded from %d", planID, parent)
	return service.LineView{}
}

// planOf returns an employee's plan of the year, if any.
func (o *kppn) planOf(emp int64) (domain.Plan, bool) {
	o.t.Helper()
	list, err := o.svc.ListPlans(o.ctx, service.SystemActor(), o.year, o.officeID)
	o.must(err)
	for _, s := range list {
		if s.Plan.EmployeeID == emp {
			return s.Plan, true
		}
	}
	return domain.Plan{}, false
}

func TestParentIsThePKOrTheSupervisorsSKP(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		pk, ikus := o.approvedPK(ss1)
		kasi := o.plan(o.kasiBank)
		k1 := o.add(o.as(o.kasiBank), kasi.ID, iki("K1", ikus[0].LineID, domain.MethodPartial, 2, 2, 2, 2))
		umum := o.plan(o.kasiUmum)
		u1 := o.add(o.as(o.kasiUmum), umum.ID, iki("U1", ikus[1].LineID, domain.MethodFull))
		if u1.Name != ikus[1].Name || u1.Targets != ikus[1].Targets || u1.ObjectiveID != ss1 || u1.Kind != domain.IKI {
			t.Errorf("a full cascade did not copy its parent: %+v", u1)
		}

		clerk := o.plan(o.bank1)
		try := func(parent int64) error {
			_, err := o.svc.SaveLine(o.ctx, o.as(o.bank1), clerk.ID, 0, -1, iki(fmt.Sprintf("B%d", parent), parent, domain.MethodPartial, 1, 1, 1, 1))
			return err
		}
		o.must(try(k1.LineID))      // the supervisor's SKP
		o.must(try(ikus[2].LineID)) // the office's PK
		if err := try(u1.LineID); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a parent in another section's SKP: %v", err)
		}
		mine := o.view(clerk.ID).Lines[0]
		if err := try(mine.LineID); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a parent in the plan itself: %v", err)
		}
		if err := try(987654); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a parent that does not exist: %v", err)
		}
		_, err := o.svc.SaveLine(o.ctx, o.as(o.bank1), clerk.ID, 0, -1, own("B0", 1, 1, 1, 1))
		o.must(err)
		in := own("B9", 1, 1, 1, 1)
		in.CascadeType = domain.CascadePeta
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.bank1), clerk.ID, 0, -1, in); fieldOf(err, "parent_line_id") != "plan.parent_required" {
			t.Errorf("a cascaded IKI without parent: %v", err)
		}
		// A PD clerk reports to the head while Kasi PD is vacant: the PK is the parent.
		pd := o.plan(o.pd1)
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.pd1), pd.ID, 0, -1, iki("P1", ikus[0].LineID, domain.MethodFull)); err != nil {
			t.Errorf("a PD clerk cascading from the PK: %v", err)
		}
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.pd1), pd.ID, 0, -1, iki("P2", k1.LineID, domain.MethodFull)); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a PD clerk cascading from the Kasi Bank: %v", err)
		}

		// Not from the PK of another year.
		_, err = o.svc.CreateYear(o.ctx, service.SystemActor(), o.year+1, "")
		o.must(err)
		next, err := o.svc.SaveObjective(o.ctx, o.as(o.head), o.year+1, o.officeID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspStakeholder, Code: "SS-1", Name: "x"})
		o.must(err)
		pk2, err := o.svc.OpenPlan(o.ctx, o.as(o.head), o.year+1, o.head)
		o.must(err)
		if pk2.ID == pk.ID {
			t.Fatal("one PK for two years")
		}
		l2 := o.add(o.as(o.head), pk2.ID, iku("1a", next.ID, 1, 1, 1, 1))
		if err := try(l2.LineID); fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("a parent in next year's PK: %v", err)
		}
	})
}

func TestCascadeCannotCycle(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		_, ikus := o.approvedPK(ss1)
		// The clerk acts as head for a week: the Kasi and the clerk now supervise each other.
		_, err := o.svc.Assign(o.ctx, service.SystemActor(), service.AssignInput{EmployeeID: o.bank1, PositionID: o.view(o.plan(o.head).ID).Position.ID,
			StartDate: time.Date(o.year, 1, 8, 0, 0, 0, 0, time.UTC), EndDate: time.Date(o.year, 1, 15, 0, 0, 0, 0, time.UTC), Acting: domain.ActingPlh})
		o.must(err)
		kasi, clerk := o.plan(o.kasiBank), o.plan(o.bank1)
		k := o.add(o.as(o.kasiBank), kasi.ID, iki("K1", ikus[0].LineID, domain.MethodPartial, 1, 1, 1, 1))
		b := o.add(o.as(o.bank1), clerk.ID, iki("B1", k.LineID, domain.MethodPartial, 1, 1, 1, 1))
		_, err = o.svc.SaveLine(o.ctx, o.as(o.kasiBank), kasi.ID, k.LineID, -1, iki("K1", b.LineID, domain.MethodPartial, 1, 1, 1, 1))
		if fieldOf(err, "parent_line_id") != "plan.parent_cycle" {
			t.Errorf("K1 → B1 → K1: %v", err)
		}
	})
}

func TestFullCascadeFollowsItsParentWhileDraft(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head := o.as(o.head)
		pk, ikus := o.pk(ss1) // a draft, so the head can still change it
		parent := ikus[0]
		_, err := o.svc.Cascade(o.ctx, head, pk.ID, parent.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}, {EmployeeID: o.kasiUmum}})
		o.must(err)
		kasi, _ := o.planOf(o.kasiBank)
		umum, _ := o.planOf(o.kasiUmum)
		k := o.lineOf(kasi.ID, parent.LineID)
		if k.CascadeMethod != domain.MethodFull || k.Code != "1a.1" || k.Targets != parent.Targets || k.Formula != parent.Formula {
			t.Errorf("cascaded line = %+v", k.Indicator)
		}
		// …and on down to the clerk.
		_, err = o.svc.Cascade(o.ctx, o.as(o.kasiBank), kasi.ID, k.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.bank1}})
		o.must(err)
		clerk, _ := o.planOf(o.bank1)

		change := func(t4 float64, name string) {
			in := iku("1a", ss1, 4, 5, 4, t4)
			in.Name = name
			in.Manual.DataSource = "SPAN " + name
			_, err := o.svc.SaveLine(o.ctx, head, pk.ID, parent.LineID, o.view(pk.ID).Version.Revision, in)
			o.must(err)
		}
		change(7, "Persentase SP2D tepat waktu")
		for _, pid := range []int64{kasi.ID, umum.ID} {
			l := o.lineOf(pid, parent.LineID)
			if l.Name != "Persentase SP2D tepat waktu" || l.Targets[3] != calc.Some(7) || l.DataSource != "SPAN Persentase SP2D tepat waktu" {
				t.Errorf("plan %d did not follow: %q %v %q", pid, l.Name, l.Targets, l.DataSource)
			}
		}
		if l := o.lineOf(clerk.ID, k.LineID); l.Targets[3] != calc.Some(7) || l.Name != "Persentase SP2D tepat waktu" {
			t.Errorf("the clerk's grandchild did not follow: %q %v", l.Name, l.Targets)
		}
		// A full child cannot take its own targets.
		in := iki(k.Code, parent.LineID, domain.MethodFull, 1, 1, 1, 1)
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.kasiBank), kasi.ID, k.LineID, -1, in); fieldOf(err, "targets") != "plan.full_cascade_targets" {
			t.Errorf("changing a full child's targets: %v", err)
		}

		// Once the Kasi Umum's SKP is approved, it no longer follows.
		for _, c := range []string{"X-1", "X-2"} {
			o.add(o.as(o.kasiUmum), umum.ID, own(c, 1, 1, 1, 1))
		}
		o.submit(o.as(o.kasiUmum), umum.ID)
		o.approve(head, umum.ID)
		before := o.lineOf(umum.ID, parent.LineID)
		change(8, "Persentase SP2D terbit tepat waktu")
		if after := o.lineOf(umum.ID, parent.LineID); !slices.Equal(after.Targets[:], before.Targets[:]) || after.Name != before.Name {
			t.Errorf("an approved child followed its parent: %v → %v", before.Targets, after.Targets)
		}
		if l := o.lineOf(kasi.ID, parent.LineID); l.Targets[3] != calc.Some(8) {
			t.Errorf("the draft child stopped following: %v", l.Targets)
		}
	})
}

func TestBulkCascadeIsAllOrNothing(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head := o.as(o.head)
		pk, ikus := o.approvedPK(ss1)
		umum := o.skp(o.kasiUmum, 3)
		o.submit(o.as(o.kasiUmum), umum.ID)
		o.approve(head, umum.ID)

		_, err := o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}, {EmployeeID: o.kasiUmum}})
		if got := fieldOf(err, fmt.Sprintf("employee_%d", o.kasiUmum)); got != "cascade.child_not_draft" {
			t.Fatalf("cascading into an approved SKP: %v", err)
		}
		if _, ok := o.planOf(o.kasiBank); ok {
			t.Error("the refused cascade left the Kasi Bank a plan")
		}
		cases := []struct {
			name    string
			targets []service.CascadeTarget
			method  string
			field   string
			key     string
		}{
			{"a clerk two levels down", []service.CascadeTarget{{EmployeeID: o.bank1}}, domain.MethodFull, fmt.Sprintf("employee_%d", o.bank1), "cascade.not_subordinate"},
			{"nobody", nil, domain.MethodFull, "employees", "cascade.choose_people"},
			{"an unknown method", []service.CascadeTarget{{EmployeeID: o.kasiBank}}, "half", "method", "err.choose"},
			{"a partial share without targets", []service.CascadeTarget{{EmployeeID: o.kasiBank}}, domain.MethodPartial, fmt.Sprintf("employee_%d", o.kasiBank), "plan.no_target"},
		}
		for _, c := range cases {
			_, err := o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, c.method, c.targets)
			if got := fieldOf(err, c.field); got != c.key {
				t.Errorf("%s: %s = %q (%v), want %q", c.name, c.field, got, err, c.key)
			}
		}
		created, err := o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}, {EmployeeID: o.pd1}})
		o.must(err)
		if len(created) != 2 {
			t.Fatalf("created %d lines", len(created))
		}
		_, err = o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}})
		if fieldOf(err, fmt.Sprintf("employee_%d", o.kasiBank)) != "cascade.already" {
			t.Errorf("cascading twice: %v", err)
		}
		// Only the owner of the line (or who may edit the PK) cascades it.
		_, err = o.svc.Cascade(o.ctx, o.as(o.kasiBank), pk.ID, ikus[1].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.bank1}})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a Kasi cascading the PK: %v", err)
		}
		// A partial share needs a parent target in each of its quarters.
		in := iku("1d", ss1)
		in.Targets = [4]calc.Opt{{}, calc.Some(5), {}, calc.Some(5)}
		_, err = o.svc.AmendPlan(o.ctx, head, pk.ID, "Tambah IKU")
		o.must(err)
		l := o.add(head, pk.ID, in)
		_, err = o.svc.Cascade(o.ctx, head, pk.ID, l.LineID, domain.MethodPartial, []service.CascadeTarget{{EmployeeID: o.kasiBank, Targets: targets(1, 2, 0, 3)}})
		if fieldOf(err, fmt.Sprintf("employee_%d", o.kasiBank)) != "cascade.quarter_without_parent_target" {
			t.Errorf("a share in a quarter without parent target: %v", err)
		}
	})
}

func TestCascadeTreeListsTheGaps(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, ss2, _ := o.objectives()
		head := o.as(o.head)
		pk, ikus := o.approvedPK(ss1)
		in := iku("2a", ss2, 10, 10, 10, 10)
		_, err := o.svc.AmendPlan(o.ctx, head, pk.ID, "Tambah IKU")
		o.must(err)
		extra := o.add(head, pk.ID, in)

		// 1a is split between two Kasi: 2+2 ≠ 5 in TW II.
		_, err = o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, domain.MethodPartial, []service.CascadeTarget{
			{EmployeeID: o.kasiBank, Targets: targets(2, 2, 2, 2)}, {EmployeeID: o.kasiUmum, Targets: targets(2, 2, 2, 3)}})
		o.must(err)
		_, err = o.svc.Cascade(o.ctx, head, pk.ID, ikus[1].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}})
		o.must(err)

		tree, err := o.svc.CascadeTree(o.ctx, o.as(o.bank1), o.year, o.officeID, 0)
		o.must(err)
		if tree.People != 8 || tree.Lines != 7 || len(tree.Objectives) != 3 || len(tree.Loose) != 0 || len(tree.Orphans) != 0 {
			t.Errorf("tree: %d people, %d lines, %d objectives, loose %d, orphans %d", tree.People, tree.Lines, len(tree.Objectives), len(tree.Loose), len(tree.Orphans))
		}
		first := tree.Objectives[0]
		if first.Objective.ID != ss1 || len(first.IKUs) != 3 || len(first.IKUs[0].Children) != 2 || !slices.Equal(first.IKUs[0].Mismatch, []int{2}) {
			t.Errorf("SS-1 = %+v", first)
		}
		if n := tree.Objectives[1]; n.Objective.ID != ss2 || len(n.IKUs) != 1 || n.IKUs[0].LineID != extra.LineID {
			t.Errorf("SS-2 = %+v", n)
		}
		var noChild []int64
		for _, n := range tree.NoChild {
			noChild = append(noChild, n.LineID)
		}
		if !slices.Equal(noChild, []int64{ikus[2].LineID, extra.LineID}) {
			t.Errorf("IKUs without child = %v, want %v", noChild, []int64{ikus[2].LineID, extra.LineID})
		}
		if len(tree.Splits) != 1 || tree.Splits[0].Quarter != 2 || tree.Splits[0].Parent != 5 || tree.Splits[0].Sum != 4 {
			t.Errorf("splits = %+v", tree.Splits)
		}
		// Everyone but the head lacks an approved plan; nobody is late before 31 January.
		status := map[int64]string{}
		for _, g := range tree.NoPlan {
			status[g.EmployeeID] = g.Status
			if g.Late {
				t.Errorf("%s is late on 10 January", g.Name)
			}
		}
		if len(status) != 7 || status[o.kasiBank] != "draft" || status[o.bank1] != "none" {
			t.Errorf("without an approved plan: %v", status)
		}
		o.at(time.February, 1)
		tree, err = o.svc.CascadeTree(o.ctx, o.as(o.pengelola), o.year, o.officeID, o.bank)
		o.must(err)
		if len(tree.NoPlan) != 3 {
			t.Errorf("Bank people without a plan = %+v", tree.NoPlan)
		}
		for _, g := range tree.NoPlan {
			if !g.Late {
				t.Errorf("%s is not late on 1 February", g.Name)
			}
		}
		// The unit's branches only: the Kasi Bank's children, not the Kasi Umum's.
		for _, n := range tree.Objectives[0].IKUs {
			for _, c := range n.Children {
				if c.EmployeeID != o.kasiBank {
					t.Errorf("the Bank view shows %s of %s", c.Code, c.Owner)
				}
			}
		}
		if _, err := o.svc.CascadeTree(o.ctx, o.as(o.bank1), o.year, o.bank, 0); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("the tree of a section: %v", err)
		}
	})
}

func TestRemovedLinesTakeNoNewChildren(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head := o.as(o.head)
		pk, ikus := o.approvedPK(ss1)
		_, err := o.svc.AmendPlan(o.ctx, head, pk.ID, "IKU 1c dihapus")
		o.must(err)
		gone := ikus[2].LineID
		o.must(o.svc.DeleteLine(o.ctx, head, pk.ID, gone, o.view(pk.ID).Version.Revision))

		_, err = o.svc.Cascade(o.ctx, head, pk.ID, gone, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("cascading a line the amendment removed: %v", err)
		}
		kasi := o.plan(o.kasiBank)
		_, err = o.svc.SaveLine(o.ctx, o.as(o.kasiBank), kasi.ID, 0, -1, iki("K1", gone, domain.MethodFull))
		if fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" {
			t.Errorf("choosing a removed line as parent: %v", err)
		}
		tree, err := o.svc.CascadeTree(o.ctx, head, o.year, o.officeID, 0)
		o.must(err)
		if len(tree.Orphans) != 0 {
			t.Errorf("orphans = %+v", tree.Orphans)
		}
	})
}

func TestLineWithChildrenStays(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head, kasi := o.as(o.head), o.as(o.kasiBank)
		pk, ikus := o.approvedPK(ss1)
		_, err := o.svc.Cascade(o.ctx, head, pk.ID, ikus[0].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}})
		o.must(err)
		skp, _ := o.planOf(o.kasiBank)
		o.add(kasi, skp.ID, own("X-1", 1, 1, 1, 1))
		o.add(kasi, skp.ID, own("X-2", 1, 1, 1, 1))
		o.submit(kasi, skp.ID)
		o.approve(head, skp.ID)
		_, err = o.svc.AmendPlan(o.ctx, kasi, skp.ID, "Perubahan")
		o.must(err)

		// One child, kept in two versions of the Kasi's SKP.
		_, err = o.svc.AmendPlan(o.ctx, head, pk.ID, "Perubahan")
		o.must(err)
		err = o.svc.DeleteLine(o.ctx, head, pk.ID, ikus[0].LineID, -1)
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "plan.line_has_children" || se.Msg.Args["n"] != 1 {
			t.Errorf("deleting a line with one child: %v", err)
		}
	})
}

// When the owner of a parent line leaves the post, the IKIs cascaded from
// it are listed as a gap: they should be cascaded again from the
// successor's plan (SPEC §13).
func TestCascadeListsParentsWhoLeftThePost(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		pk, ikus := o.approvedPK(ss1)
		_, err := o.svc.Cascade(o.ctx, o.as(o.head), pk.ID, ikus[0].LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.kasiBank}})
		o.must(err)
		kasi, _ := o.planOf(o.kasiBank)
		k := o.lineOf(kasi.ID, ikus[0].LineID)
		_, err = o.svc.Cascade(o.ctx, o.as(o.kasiBank), kasi.ID, k.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.bank1}})
		o.must(err)
		clerk, _ := o.planOf(o.bank1)
		tree := must[service.CascadeTree](t)(o.svc.CascadeTree(o.ctx, o.as(o.pengelola), o.year, o.officeID, 0))
		if len(tree.LeftParent) != 0 {
			t.Fatalf("before the move: %+v", tree.LeftParent)
		}
		pos := must[domain.Position](t)(o.svc.CreatePosition(o.ctx, o.admin, service.PositionInput{UnitID: o.pd, Title: "Pelaksana Seksi PD", Kind: domain.PosPelaksana, ReportsToID: o.posKasiPD}))
		_, err = o.svc.Assign(o.ctx, o.as(o.pengelola), service.AssignInput{EmployeeID: o.kasiBank, PositionID: pos.ID, StartDate: time.Date(o.year, 8, 1, 0, 0, 0, 0, time.UTC)})
		o.must(err)
		o.at(8, 20)
		tree = must[service.CascadeTree](t)(o.svc.CascadeTree(o.ctx, o.as(o.pengelola), o.year, o.officeID, 0))
		if len(tree.LeftParent) != 1 || tree.LeftParent[0].PlanID != clerk.ID {
			t.Errorf("after the move: %+v", tree.LeftParent)
		}
	})
}

// A person who moved has a plan of each post in the year: the cascade tree
// shows both, each under the lines of its own supervisor and in the unit of
// its own post (SPEC §13).
func TestCascadeTreeShowsEachPlanOfAMovedPerson(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		pk, ikus := o.approvedPK(ss1)
		// PD Satu heads Seksi PD from today.
		_, err := o.svc.Assign(o.ctx, o.as(o.pengelola), service.AssignInput{EmployeeID: o.pd1, PositionID: o.posKasiPD, StartDate: o.now})
		o.must(err)
		_, err = o.svc.Cascade(o.ctx, o.as(o.head), pk.ID, ikus[0].LineID, domain.MethodFull,
			[]service.CascadeTarget{{EmployeeID: o.kasiBank}, {EmployeeID: o.pd1}})
		o.must(err)
		bankSKP, _ := o.planOf(o.kasiBank)
		kb := o.lineOf(bankSKP.ID, ikus[0].LineID)
		_, err = o.svc.Cascade(o.ctx, o.as(o.kasiBank), bankSKP.ID, kb.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.bank1}})
		o.must(err)
		old, _ := o.planOf(o.bank1)

		// The clerk moves to Seksi PD on 1 August.
		pos := must[domain.Position](t)(o.svc.CreatePosition(o.ctx, o.admin, service.PositionInput{UnitID: o.pd, Title: "Pelaksana Seksi PD", Kind: domain.PosPelaksana, ReportsToID: o.posKasiPD}))
		_, err = o.svc.Assign(o.ctx, o.as(o.pengelola), service.AssignInput{EmployeeID: o.bank1, PositionID: pos.ID, StartDate: time.Date(o.year, 8, 1, 0, 0, 0, 0, time.UTC)})
		o.must(err)
		o.at(8, 20)
		pdPlans := must[[]domain.Plan](t)(o.svc.PlansOf(o.ctx, sys, o.year, o.pd1))
		pdSKP := pdPlans[len(pdPlans)-1]
		kp := o.lineOf(pdSKP.ID, ikus[0].LineID)
		_, err = o.svc.Cascade(o.ctx, o.as(o.pd1), pdSKP.ID, kp.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: o.bank1}})
		o.must(err)
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(o.ctx, sys, o.year, o.bank1))
		if len(plans) != 2 || plans[0].ID != old.ID {
			t.Fatalf("the clerk's plans: %+v", plans)
		}

		tree := must[service.CascadeTree](t)(o.svc.CascadeTree(o.ctx, o.as(o.pengelola), o.year, o.officeID, 0))
		got := map[int64]string{} // plan → parent line, unit
		var walk func(parent int64, ns []*service.CascadeNode)
		walk = func(parent int64, ns []*service.CascadeNode) {
			for _, n := range ns {
				if n.EmployeeID == o.bank1 {
					got[n.PlanID] = fmt.Sprintf("%d/%d/%s", parent, n.UnitID, n.Until.Format("01-02"))
				}
				walk(n.LineID, n.Children)
			}
		}
		for _, ob := range tree.Objectives {
			walk(0, ob.IKUs)
		}
		want := map[int64]string{
			plans[0].ID: fmt.Sprintf("%d/%d/07-31", kb.LineID, o.bank),
			plans[1].ID: fmt.Sprintf("%d/%d/01-01", kp.LineID, o.pd),
		}
		if len(got) != 2 || got[plans[0].ID] != want[plans[0].ID] || got[plans[1].ID] != want[plans[1].ID] {
			t.Errorf("the clerk's nodes (parent/unit/until) = %v, want %v", got, want)
		}
		// Seksi Bank's branch keeps the plan of the clerk's time there.
		bank := must[service.CascadeTree](t)(o.svc.CascadeTree(o.ctx, o.as(o.pengelola), o.year, o.officeID, o.bank))
		got = map[int64]string{}
		for _, ob := range bank.Objectives {
			walk(0, ob.IKUs)
		}
		if len(got) != 1 || got[plans[0].ID] == "" {
			t.Errorf("Seksi Bank's branch has the clerk's nodes %v, want the plan to 31 July", got)
		}
	})
}

package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The generated organisation is a sound one the services and dashboards
// read like any other, on both engines, and the same seed makes the same people.
func TestGenerate(t *testing.T) {
	t.Parallel()
	var names [][]string
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
		sys := service.SystemActor()
		// Something made through the services before and after: the IDs must not clash.
		if _, err := svc.CreateUnit(ctx, sys, service.UnitInput{Code: "PRE", Name: "Sudah ada", Kind: domain.UnitOrganisation}); err != nil {
			t.Fatal(err)
		}
		g, err := demo.Generate(ctx, st, svc, demo.GenerateOptions{Offices: 2, EmployeesPerOffice: 160, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateUnit(ctx, sys, service.UnitInput{Code: "POST", Name: "Sesudahnya", Kind: domain.UnitOrganisation}); err != nil {
			t.Fatalf("a unit after generating: %v", err)
		}
		c, err := svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if g.Year != 2026 || len(g.Offices) != 2 {
			t.Fatalf("generated %+v", g)
		}
		var list []string
		for _, o := range g.Offices {
			if c.Head(o.ID) != o.Head || len(c.OfficeEmployees(o.ID)) != 160 {
				t.Errorf("office %d: head %d (want %d), %d people", o.ID, c.Head(o.ID), o.Head, len(c.OfficeEmployees(o.ID)))
			}
			if !c.IsAbove(o.Head, o.Staff) || !c.IsSupervisor(o.SectionLed, o.Staff) || c.LevelsBelowHead(o.Staff) != 3 {
				t.Errorf("office %d: the chain head → division → section → staff is broken", o.ID)
			}
			for _, id := range c.OfficeEmployees(o.ID) {
				list = append(list, c.Employees[id].Name)
			}
			head := actor(t, svc, o.Head)
			d, err := svc.HeadDashboard(ctx, head, g.Year, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !d.HasPK || len(d.IKUs) != 14 || !d.Trend[0].Official || !d.Trend[1].Official || !d.NKO.Available() {
				t.Errorf("office %d dashboard: PK %v, %d IKUs, Q1 %v, Q2 %v, Q3 %v", o.ID, d.HasPK, len(d.IKUs), d.Trend[0].Official, d.Trend[1].Official, d.NKO.Available())
			}
			if d.Progress.Totals["verified"] == 0 || d.Progress.Totals["submitted"] == 0 || len(d.Progress.Units) < 10 {
				t.Errorf("office %d Q3 progress: %v in %d units", o.ID, d.Progress.Totals, len(d.Progress.Units))
			}
			tv, err := svc.TeamView(ctx, actor(t, svc, o.SectionLed), g.Year, 3)
			if err != nil || !tv.HasTeam || len(tv.Columns) != 3 || len(tv.Rows) == 0 || !tv.Rows[0].Cells[0].Achievement.OK {
				t.Errorf("office %d team of a section head: %+v (%v)", o.ID, tv.Rows, err)
			}
			cs, err := svc.Console(ctx, actor(t, svc, o.Pengelola), g.Year, 3, o.ID)
			if err != nil || cs.People != 160 || cs.PlansApproved < 150 || len(cs.Reports) < 10 {
				t.Errorf("office %d console: %d people, %d approved, %d reports (%v)", o.ID, cs.People, cs.PlansApproved, len(cs.Reports), err)
			}
			items, err := svc.Inbox(ctx, actor(t, svc, o.Pengelola))
			if err != nil || len(items) == 0 {
				t.Errorf("office %d: the pengelola's inbox is empty (%v)", o.ID, err)
			}
			sv, err := svc.GetSheet(ctx, head, d.NKO.PlanID, 1)
			if err != nil || sv.Sheet.Status != domain.SheetLocked {
				t.Errorf("office %d: the PK's Q1 sheet is %s (%v)", o.ID, sv.Sheet.Status, err)
			}
		}
		names = append(names, list)
		if n, err := audit.Verify(ctx, st); err != nil || n < 3 {
			t.Errorf("audit chain: %d events (%v)", n, err)
		}
	})
	for i := 1; i < len(names); i++ {
		if !slices.Equal(names[0], names[i]) {
			t.Error("the same seed made different people on another engine")
		}
	}
}

func actor(t *testing.T, svc *service.Service, employeeID int64) authz.Actor {
	t.Helper()
	a, err := svc.ActorOfEmployee(context.Background(), employeeID, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// With Kanwil, the offices go under one Kanwil worked as an office: its
// head's region holds them all, their IKUs hang under its IKUs in its
// cascade tree, and its closed quarters take their figures from theirs.
func TestGenerateUnderKanwil(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
		g, err := demo.Generate(ctx, st, svc, demo.GenerateOptions{Offices: 3, EmployeesPerOffice: 6, Seed: 5, Kanwil: true})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pos, ok := c.Primary(g.KanwilHead)
		if !ok {
			t.Fatalf("the Kanwil's head %d holds no post", g.KanwilHead)
		}
		kanwil := pos.UnitID
		var offices []int64
		for _, o := range g.Offices {
			offices = append(offices, o.ID)
		}
		if !c.Working(kanwil) || !slices.Equal(c.LowerOffices(kanwil), offices) {
			t.Fatalf("the Kanwil %d (working %v) has offices %v below it, want %v", kanwil, c.Working(kanwil), c.LowerOffices(kanwil), offices)
		}
		head := actor(t, svc, g.KanwilHead)
		rv, err := svc.Region(ctx, head, g.Year, 2, kanwil)
		if err != nil || len(rv.Offices) != 3 {
			t.Fatalf("the region: %d offices, %v", len(rv.Offices), err)
		}
		tree, err := svc.CascadeTree(ctx, head, g.Year, kanwil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ikus []*service.CascadeNode
		for _, o := range tree.Objectives {
			ikus = append(ikus, o.IKUs...)
		}
		found := false
		for _, n := range ikus {
			if n.Code != "1a-K" {
				continue
			}
			found = true
			var below []int64
			for _, ch := range n.Children {
				below = append(below, ch.OfficeID)
			}
			if !slices.Equal(below, offices) {
				t.Errorf("1a-K's children are in offices %v, want %v", below, offices)
			}
		}
		if !found {
			t.Fatal("no 1a-K in the Kanwil's tree")
		}
		plans, err := svc.PlansOf(ctx, service.SystemActor(), g.Year, g.KanwilHead)
		if err != nil || len(plans) != 1 {
			t.Fatalf("the Kanwil head's plans: %v %v", plans, err)
		}
		v, err := svc.GetSheet(ctx, head, plans[0].ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Sheet.Status.Frozen() {
			t.Errorf("the Kanwil's Q1 is %s", v.Sheet.Status)
		}
		for _, l := range v.Lines {
			if l.Indicator.Code != "1a-K" {
				continue
			}
			if l.Located == nil || len(l.Located.Sources) != 3 {
				t.Fatalf("1a-K's sources: %+v", l.Located)
			}
			sum := 0.0
			for _, src := range l.Located.Sources {
				if !src.Counted {
					t.Errorf("%s's figure does not count (%s)", src.Office, src.State)
				}
				sum += src.Value.V
			}
			if d := l.Realisation.Value.V - sum/3; !l.Realisation.Value.OK || d > 1e-9 || d < -1e-9 {
				t.Errorf("1a-K is %v, want the mean %v", l.Realisation.Value, sum/3)
			}
		}
	})
}

package service

import (
	"context"
	"slices"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// Units and positions carry no dates: the chart of every day, past ones
// included, is drawn with today's units and reporting lines. Moving a held
// position to another unit or under another post, or a unit under another
// parent, would therefore change the supervisor or the office of plans that
// were approved and validated by someone else — silently, in the past too.
// Such a change is refused while it touches a plan (SPEC §13): the
// reorganisation is recorded as a new post and a dated move of its holder,
// which ends the old plan and opens a new one.

// reorganise runs write, a change of units or positions, inside tx; a
// structural one (another unit, parent, reporting line or kind) is checked
// against the plans.
func (s *Service) reorganise(ctx context.Context, tx *store.Store, structural bool, write func() error) error {
	if !structural {
		return write()
	}
	g, err := s.guardReorg(ctx, tx)
	if err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	return g.check(ctx, tx)
}

// reorgGuard holds the org chart and the plans from before a structural change.
type reorgGuard struct {
	s         *Service
	plans     []domain.Plan
	units     []domain.Unit
	positions []domain.Position
	emps      []domain.Employee
	asg       []domain.Assignment
}

// guardReorg reads, inside the transaction and before the change, what
// checkReorg compares with.
func (s *Service) guardReorg(ctx context.Context, tx *store.Store) (*reorgGuard, error) {
	g := &reorgGuard{s: s}
	var err error
	if g.plans, err = tx.ListPlans(ctx, store.PlanFilter{}); err != nil {
		return nil, err
	}
	if g.units, err = tx.ListUnits(ctx); err != nil {
		return nil, err
	}
	if g.positions, err = tx.ListPositions(ctx); err != nil {
		return nil, err
	}
	if g.emps, err = tx.ListEmployees(ctx, store.EmployeeFilter{}); err != nil {
		return nil, err
	}
	g.asg, err = tx.ListAssignments(ctx)
	return g, err
}

// check refuses the units and positions written since guardReorg when,
// with the same assignments, some plan's owner would get other supervisors,
// another office or no post on the plan's day.
func (g *reorgGuard) check(ctx context.Context, tx *store.Store) error {
	units, err := tx.ListUnits(ctx)
	if err != nil {
		return err
	}
	positions, err := tx.ListPositions(ctx)
	if err != nil {
		return err
	}
	before, after := map[time.Time]*domain.Chart{}, map[time.Time]*domain.Chart{}
	var first *domain.Plan
	n := 0
	for i, p := range g.plans {
		d := g.s.planDay(p)
		if before[d] == nil {
			before[d] = domain.NewChart(d, g.units, g.positions, g.emps, g.asg)
			after[d] = domain.NewChart(d, units, positions, g.emps, g.asg)
		}
		if !sameSupervision(before[d], after[d], p.EmployeeID) {
			if first == nil {
				first = &g.plans[i]
			}
			n++
		}
	}
	if first == nil {
		return nil
	}
	name := ""
	if e := before[g.s.planDay(*first)].Employees[first.EmployeeID]; e != nil {
		name = e.Name
	}
	return domain.Refuse("org.reorg_moves_plans", "name", name, "kind", string(first.Kind), "year", first.Year, "n", n)
}

// sameSupervision reports whether emp holds the same post, in the same
// office, under the same supervisors on both charts.
func sameSupervision(b, a *domain.Chart, emp int64) bool {
	pb, okb := b.Primary(emp)
	pa, oka := a.Primary(emp)
	if okb != oka {
		return false
	}
	if !okb {
		return true
	}
	if pb.ID != pa.ID || pb.Kind != pa.Kind || b.Office(pb.UnitID) != a.Office(pa.UnitID) {
		return false
	}
	sb, sa := b.Supervisors(emp), a.Supervisors(emp)
	slices.Sort(sb)
	slices.Sort(sa)
	return slices.Equal(sb, sa)
}

package service

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// A plan follows the post (SPEC §13): when the definitive post changes on
// day D the plans of the old post end on D−1 and a draft plan for the new
// post starts on D; a leaver's plans end on the last day. Acting
// appointments leave plans alone: a Plt/Plh acts on others' plans.

// followPost moves an employee's plans with a new definitive assignment,
// inside the assignment's transaction.
func (s *Service) followPost(ctx context.Context, tx *store.Store, a authz.Actor, asg domain.Assignment) error {
	if asg.Acting != domain.ActingNone {
		return nil
	}
	if err := s.cutPlans(ctx, tx, a, asg.EmployeeID, asg.StartDate.AddDate(0, 0, -1)); err != nil {
		return err
	}
	y, err := tx.GetYear(ctx, asg.StartDate.Year())
	if errors.Is(err, domain.ErrNotFound) {
		return nil // the year is not open yet: its plans are opened when it is
	} else if err != nil {
		return err
	}
	c, err := s.loadChart(ctx, tx, asg.StartDate)
	if err != nil {
		return err
	}
	p, ok := newPlanFor(c, y, asg.EmployeeID, asg.PositionID, asg.StartDate, asg.EndDate)
	if !ok {
		return nil
	}
	return s.createPlan(ctx, tx, a, &p)
}

// endPlans ends a leaver's plans on the last day of the post.
func (s *Service) endPlans(ctx context.Context, tx *store.Store, a authz.Actor, asg domain.Assignment) error {
	return s.cutPlans(ctx, tx, a, asg.EmployeeID, asg.EndDate)
}

// cutPlans ends every plan of emp running past last on that day. A plan
// that would only begin after it is refused rather than deleted: its
// history (versions, sheets) stays.
func (s *Service) cutPlans(ctx context.Context, tx *store.Store, a authz.Actor, emp int64, last time.Time) error {
	plans, err := tx.ListPlans(ctx, store.PlanFilter{EmployeeID: emp})
	if err != nil {
		return err
	}
	for _, p := range plans {
		switch {
		case !p.PeriodEnd.After(last):
			continue
		case p.PeriodStart.After(last):
			return domain.Invalid("start_date", "plan.move_after_plan", "kind", string(p.Kind), "date", p.PeriodStart)
		}
		before := p
		p.PeriodEnd = last
		if err := tx.SetPlanPeriod(ctx, p.ID, p.PeriodStart, p.PeriodEnd); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "plan.period", "plan", p.ID, before, p); err != nil {
			return err
		}
	}
	return nil
}

// newPlanFor is the plan of an employee's post from start to the end of the
// year (or the post's end, when it is known). ok is false when the post
// lies outside every office (nothing to plan against).
func newPlanFor(c *domain.Chart, y domain.Year, emp, positionID int64, start, end time.Time) (domain.Plan, bool) {
	pos := c.Positions[positionID]
	if pos == nil {
		return domain.Plan{}, false
	}
	office := c.Office(pos.UnitID)
	if office == 0 {
		return domain.Plan{}, false
	}
	from, to := domain.YearBounds(y.Year)
	if start.After(from) {
		from = domain.Day(start)
	}
	if !end.IsZero() && end.Before(to) {
		to = domain.Day(end)
	}
	p := domain.Plan{YearID: y.ID, Year: y.Year, EmployeeID: emp, PositionID: pos.ID, OfficeID: office, Kind: domain.PlanSKP,
		PeriodStart: from, PeriodEnd: to}
	if pos.Kind == domain.PosHead {
		p.Kind = domain.PlanPK
	}
	return p, true
}

// planDue is when a plan is due: the year's date, or for a plan that starts
// later in the year (a new employee, a move) a month after its first day
// (SPEC §13).
func planDue(y domain.Year, p domain.Plan) time.Time {
	if due := domain.Day(p.PeriodStart).AddDate(0, 1, 0); due.After(y.PlanDueDate) {
		return due
	}
	return y.PlanDueDate
}

// planPeriodOf returns the plan of a person and year in force on day
// (see domain.PlanOn), ErrNotFound when there is none.
func planOn(ctx context.Context, st *store.Store, yearID, emp int64, day time.Time) (domain.Plan, error) {
	plans, err := st.ListPlans(ctx, store.PlanFilter{YearID: yearID, EmployeeID: emp})
	if err != nil {
		return domain.Plan{}, err
	}
	p, ok := domain.PlanOn(plans, day)
	if !ok {
		return domain.Plan{}, domain.ErrNotFound
	}
	return p, nil
}

// PlansOf lists an employee's plans of a year, one per post and period,
// oldest first: those the actor may read, each judged by the chart of its
// period (a former supervisor reads the plan of the time they supervised).
func (s *Service) PlansOf(ctx context.Context, a authz.Actor, year int, emp int64) ([]domain.Plan, error) {
	if err := require(a, authz.OrgRead); err != nil {
		return nil, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, EmployeeID: emp})
	if err != nil {
		return nil, err
	}
	out := plans[:0]
	for _, p := range plans {
		if s.canSeePlan(ctx, a, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 && len(plans) > 0 {
		return nil, domain.ErrForbidden
	}
	return out, nil
}

// planDay is the day whose org chart decides who acts on a plan (authz.PlanDay).
func (s *Service) planDay(p domain.Plan) time.Time { return authz.PlanDay(p, s.Today()) }

// chartFor returns the org chart of a plan's day.
func (s *Service) chartFor(ctx context.Context, p domain.Plan) (*domain.Chart, error) {
	return s.ChartOn(ctx, s.planDay(p))
}

// canSeePlan reports whether the actor may read a plan, judged by the org
// chart of the plan's period.
func (s *Service) canSeePlan(ctx context.Context, a authz.Actor, p domain.Plan) bool {
	c, err := s.chartFor(ctx, p)
	return err == nil && authz.CanSeeEmployeeWork(a, c, p.EmployeeID)
}

// endedPlans returns an office's plans of a year that ended before today
// and for which keep holds with the chart of their period: a former
// supervisor keeps the plans of the people who moved away or left.
func (s *Service) endedPlans(ctx context.Context, y domain.Year, office int64, keep func(*domain.Chart, domain.Plan) bool) ([]domain.Plan, error) {
	ended, err := s.plansEnded(ctx, y.ID, office)
	if err != nil {
		return nil, err
	}
	var out []domain.Plan
	for _, p := range ended {
		c, err := s.chartFor(ctx, p)
		if err != nil {
			return nil, err
		}
		if keep(c, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// endedCache keeps, by year and office, the plans that ended before today.
// Every page of a person looks for them (people who moved or left are
// still judged by their former supervisors), and finding them reads every
// plan of the office; the list changes only with the office's plans, so
// it is kept while the office data counters stay put (store.OfficeDataCounters).
type endedCache struct {
	mu sync.Mutex
	m  map[[2]int64]cachedEnded
}

type cachedEnded struct {
	day         time.Time
	office, all int64
	plans       []domain.Plan
}

// plansEnded returns the plans of an office's year that ended before
// today (office 0: of every office). Callers must not change the list.
func (s *Service) plansEnded(ctx context.Context, yearID, office int64) ([]domain.Plan, error) {
	today := s.Today()
	read := func() ([]domain.Plan, error) {
		return s.store.ListPlans(ctx, store.PlanFilter{YearID: yearID, OfficeID: office, EndedBefore: today})
	}
	if office == 0 {
		return read()
	}
	oc, all, err := s.officeCounters(ctx, office)
	if err != nil {
		return nil, err
	}
	key := [2]int64{yearID, office}
	s.ended.mu.Lock()
	e, ok := s.ended.m[key]
	s.ended.mu.Unlock()
	if ok && e.day.Equal(today) && e.office == oc && e.all == all {
		return e.plans, nil
	}
	plans, err := read()
	if err != nil {
		return nil, err
	}
	s.ended.mu.Lock()
	defer s.ended.mu.Unlock()
	if s.ended.m == nil || len(s.ended.m) >= maxCachedBases {
		s.ended.m = map[[2]int64]cachedEnded{}
	}
	if e, ok := s.ended.m[key]; !ok || !e.day.Equal(today) || e.office < oc || e.all < all {
		s.ended.m[key] = cachedEnded{day: today, office: oc, all: all, plans: plans}
	}
	return plans, nil
}

// employeesOf returns the owners of plans.
func employeesOf(plans []domain.Plan) []int64 {
	out := make([]int64, 0, len(plans))
	for _, p := range plans {
		out = append(out, p.EmployeeID)
	}
	return out
}

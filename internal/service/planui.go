package service

import (
	"context"
	"errors"
	"sort"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// UserNames returns how users appear on pages that name who did something
// (version history, review threads): their employee's name, else their user
// name. Unknown IDs are left out.
func (s *Service) UserNames(ctx context.Context, a authz.Actor, ids []int64) (map[int64]string, error) {
	if !a.User.Active {
		return nil, domain.ErrForbidden
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	return s.accountNames(ctx, c, ids)
}

// ParentGroup is a plan whose lines an IKI may be cascaded from.
type ParentGroup struct {
	PlanID   int64
	Kind     domain.PlanKind
	Owner    string
	Position string
	Lines    []ParentRef
}

// ParentChoices lists the lines the line editor offers as parents of an IKI:
// those of the owner's supervisors' plans (the PK when the supervisor is the
// head), each in its newest version. SaveLine also accepts any IKU of the
// office's PK; the editor leaves those out so that staff cascade through
// their supervisor. For a PK, the IKUs of the PK of the office above.
func (s *Service) ParentChoices(ctx context.Context, a authz.Actor, planID int64) ([]ParentGroup, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return nil, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	var sources []domain.Plan
	// A supervisor's plan is no parent of a PK.
	if pc.plan.Kind == domain.PlanPK {
		// An IKU cascades from an IKU of the PK of the office directly above.
		up := pc.chart.UpperOffice(pc.plan.OfficeID)
		if up == 0 {
			return nil, nil
		}
		pks, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: pc.year.ID, OfficeID: up, Kind: domain.PlanPK})
		if err != nil {
			return nil, err
		}
		sources = pks
	}
	for _, sup := range pc.chart.Supervisors(pc.plan.EmployeeID) {
		if pc.plan.Kind == domain.PlanPK {
			break
		}
		p, err := planOn(ctx, s.store, pc.year.ID, sup, s.planDay(pc.plan))
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		sources = append(sources, p)
	}
	var out []ParentGroup
	seen := map[int64]bool{}
	for _, p := range sources {
		if seen[p.ID] || p.ID == pc.plan.ID {
			continue
		}
		seen[p.ID] = true
		g, err := s.parentGroup(ctx, pc.chart, p)
		if err != nil {
			return nil, err
		}
		if len(g.Lines) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

func (s *Service) parentGroup(ctx context.Context, c *domain.Chart, p domain.Plan) (ParentGroup, error) {
	g := ParentGroup{PlanID: p.ID, Kind: p.Kind}
	if e := c.Employees[p.EmployeeID]; e != nil {
		g.Owner = e.Name
	}
	if pos := c.Positions[p.PositionID]; pos != nil {
		g.Position = pos.Title
	}
	vs, err := s.store.ListVersions(ctx, p.ID)
	if err != nil || len(vs) == 0 {
		return g, err
	}
	lines, err := s.store.ListIndicators(ctx, vs[len(vs)-1].ID)
	if err != nil {
		return g, err
	}
	for _, l := range lines {
		g.Lines = append(g.Lines, ParentRef{LineID: l.LineID, PlanID: p.ID, Code: l.Code, Name: l.Name, Owner: g.Owner, Kind: l.Kind,
			Targets: l.Targets, Method: l.CascadeMethod, Manual: l.Manual, Objectve: l.ObjectiveID})
	}
	return g, nil
}

// LineRef returns a plan line as it stands in the newest version of its plan
// that has it, for pages about one line (its review thread).
func (s *Service) LineRef(ctx context.Context, a authz.Actor, lineID int64) (*ParentRef, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	ref, err := s.lineRef(ctx, s.store, c, lineID)
	if err != nil {
		return nil, err
	}
	p, err := s.store.GetPlan(ctx, ref.PlanID)
	if err != nil {
		return nil, err
	}
	if !authz.CanSeeEmployeeWork(a, c, p.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	return ref, nil
}

// CascadeChild is a line cascaded from another one, as it stands in the
// newest version of its plan.
type CascadeChild struct {
	LineID     int64
	PlanID     int64
	EmployeeID int64
	Owner      string
	Code       string
	Method     string
	Targets    [4]calc.Opt
	Status     domain.PlanStatus
}

// CascadeChildren lists who already holds an indicator cascaded from a line:
// the children in the newest version of each plan, oldest plan first.
func (s *Service) CascadeChildren(ctx context.Context, a authz.Actor, lineID int64) ([]CascadeChild, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	parentPlan, err := s.store.LinePlan(ctx, lineID)
	if err != nil {
		return nil, err
	}
	pp, err := s.store.GetPlan(ctx, parentPlan)
	if err != nil {
		return nil, err
	}
	if !authz.CanSeeEmployeeWork(a, c, pp.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	rows, err := s.store.ChildrenOfLines(ctx, []int64{lineID})
	if err != nil {
		return nil, err
	}
	newest := map[int64]domain.PlanVersion{} // plan → newest version
	planOf := map[int64]domain.Plan{}        // version → plan
	var out []CascadeChild
	for _, l := range rows {
		v, err := s.store.GetVersion(ctx, l.VersionID)
		if err != nil {
			return nil, err
		}
		if _, ok := newest[v.PlanID]; !ok {
			vs, err := s.store.ListVersions(ctx, v.PlanID)
			if err != nil {
				return nil, err
			}
			newest[v.PlanID] = vs[len(vs)-1]
			p, err := s.store.GetPlan(ctx, v.PlanID)
			if err != nil {
				return nil, err
			}
			planOf[v.PlanID] = p
		}
		nv := newest[v.PlanID]
		if nv.ID != l.VersionID {
			continue
		}
		p := planOf[v.PlanID]
		ch := CascadeChild{LineID: l.LineID, PlanID: p.ID, EmployeeID: p.EmployeeID, Code: l.Code, Method: l.CascadeMethod,
			Targets: l.Targets, Status: nv.Status}
		if e := c.Employees[p.EmployeeID]; e != nil {
			ch.Owner = e.Name
		}
		out = append(out, ch)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].PlanID < out[j].PlanID })
	return out, nil
}

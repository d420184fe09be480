package service

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// IKUFigure is the to-date figure of one IKU in a quarter.
type IKUFigure struct {
	LineID      int64
	Code        string
	Name        string
	ObjectiveID int64
	Weight      calc.Opt
	Target      calc.Opt
	Realisation calc.Opt
	Achievement calc.Opt
	Status      calc.Status
}

// ObjectiveFigure is an objective with its value in a quarter.
type ObjectiveFigure struct {
	Objective   domain.Objective
	Perspective domain.Perspective
	Value       calc.Opt
	Status      calc.Status
	IKUs        []IKUFigure
}

// NKOView is the office score of a quarter with how it was made.
type NKOView struct {
	Year        domain.Year
	Quarter     int
	Office      domain.Unit
	Map         domain.StrategyMap
	PlanID      int64
	SheetStatus domain.SheetStatus
	// Official: computed from the PK's verified figures. Otherwise, when
	// provisional figures were asked for and exist, Provisional is set.
	Official    bool
	Provisional bool
	Result      calc.NKOResult
	Status      calc.Status
	Objectives  []ObjectiveFigure
	IKUs        []IKUFigure
}

// Available reports whether a score could be computed.
func (v NKOView) Available() bool { return v.Official || v.Provisional }

// NKO computes the office score of a quarter from the head's PK: objective
// value = weighted mean of its IKUs' to-date achievements, perspective =
// mean of its objectives, NKO = weighted sum. Officially only verified
// figures count; with provisional, the live figures of an unverified sheet
// are used and the view says so.
func (s *Service) NKO(ctx context.Context, a authz.Actor, year, quarter int, officeID int64, provisional bool) (NKOView, error) {
	var v NKOView
	if quarter < 1 || quarter > 4 {
		return v, domain.ErrNotFound
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return v, err
	}
	off := c.Units[officeID]
	if off == nil || off.Kind != domain.UnitOffice {
		return v, domain.ErrNotFound
	}
	if !canReadOffice(a, c, officeID) {
		return v, domain.ErrForbidden
	}
	y, err := s.store.GetYear(ctx, year)
	if err != nil {
		return v, err
	}
	v.Year, v.Quarter, v.Office = y, quarter, *off
	if v.Map, err = s.store.GetStrategyMap(ctx, y.ID, officeID); errors.Is(err, domain.ErrNotFound) {
		return v, nil
	} else if err != nil {
		return v, err
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: officeID, Kind: domain.PlanPK})
	if err != nil || len(plans) == 0 {
		return v, err
	}
	sc, err := s.loadSheet(ctx, s.store, plans[0].ID, quarter)
	var se *domain.StateError
	if errors.As(err, &se) {
		return v, nil // no approved PK yet
	} else if err != nil {
		return v, err
	}
	v.PlanID, v.SheetStatus = sc.plan.ID, sc.sheet.Status
	v.Official = sc.sheet.Status.Frozen()
	if !v.Official && !provisional {
		return v, nil
	}
	figs := s.ikuFigures(sc)
	return s.nkoFrom(v, sc.rules, figs, !v.Official)
}

// ikuFigures are the to-date figures of the PK lines: frozen when verified, live otherwise.
func (s *Service) ikuFigures(sc *sheetContext) []IKUFigure {
	var out []IKUFigure
	q := sc.quarter
	for _, l := range sc.lines {
		f := IKUFigure{LineID: l.LineID, Code: l.Code, Name: l.Name, ObjectiveID: l.ObjectiveID, Weight: l.Weight}
		r := sc.realisation(q, l.LineID)
		if r.Frozen != nil {
			f.Target, f.Realisation, f.Achievement, f.Status = r.Frozen.Target, r.Frozen.Realisation, r.Frozen.Achievement, calc.Status(r.Frozen.Status)
		} else if res, err := sc.rules.Evaluate(sc.indicator(l), false); err == nil {
			td := res.Quarters[q-1].ToDate
			f.Target, f.Realisation, f.Achievement, f.Status = td.Target, td.Realisation, td.Achievement, td.Status
		}
		out = append(out, f)
	}
	return out
}

func (s *Service) nkoFrom(v NKOView, rs *calc.RuleSet, figs []IKUFigure, provisional bool) (NKOView, error) {
	v.IKUs = figs
	byObj := map[int64][]IKUFigure{}
	for _, f := range figs {
		byObj[f.ObjectiveID] = append(byObj[f.ObjectiveID], f)
	}
	var in []calc.NKOPerspective
	var objs []ObjectiveFigure
	for _, p := range v.Map.Perspectives {
		np := calc.NKOPerspective{Name: p.Name, Weight: p.Weight}
		for _, o := range v.Map.Objectives {
			if o.PerspectiveID != p.ID {
				continue
			}
			no := calc.NKOObjective{Code: o.Code}
			for _, f := range byObj[o.ID] {
				no.Indicators = append(no.Indicators, calc.NKOIndicator{Achievement: f.Achievement, Weight: f.Weight})
			}
			np.Objectives = append(np.Objectives, no)
			objs = append(objs, ObjectiveFigure{Objective: o, Perspective: p, IKUs: byObj[o.ID]})
		}
		in = append(in, np)
	}
	res, err := rs.NKO(in, true)
	if err != nil {
		var ie *calc.InputError
		if errors.As(err, &ie) {
			return v, nil // nothing to score yet (no achievement at all)
		}
		return v, err
	}
	for i := range objs {
		if i < len(res.Objectives) {
			objs[i].Value = res.Objectives[i].Value
			objs[i].Status = rs.StatusOf(objs[i].Value)
		}
	}
	v.Result, v.Objectives, v.Status = res, objs, rs.Status(res.NKO)
	v.Provisional = provisional
	return v, nil
}

// NKOTrend returns the office score of every quarter of a year (official
// figures, provisional where not yet verified).
func (s *Service) NKOTrend(ctx context.Context, a authz.Actor, year int, officeID int64) ([4]NKOView, error) {
	var out [4]NKOView
	for q := 1; q <= 4; q++ {
		v, err := s.NKO(ctx, a, year, q, officeID, true)
		if err != nil {
			return out, err
		}
		out[q-1] = v
	}
	return out, nil
}

// officeTrend is NKOTrend from an office's data already loaded: the same
// figures (frozen where verified, live otherwise) and the same score,
// without reloading the PK for every quarter.
func (s *Service) officeTrend(ctx context.Context, od *officeData, off domain.Unit) ([4]NKOView, error) {
	var out [4]NKOView
	m, err := s.store.GetStrategyMap(ctx, od.year.ID, od.officeID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return out, err
	}
	var pk *domain.Plan
	for i := range od.plans {
		if od.plans[i].Kind == domain.PlanPK {
			pk = &od.plans[i]
		}
	}
	var tracks []LineTrack
	if pk != nil {
		if err := s.needLines(ctx, od, []int64{pk.ID}); err != nil {
			return out, err
		}
		if err := s.needValues(ctx, od, []int64{pk.ID}); err != nil {
			return out, err
		}
		for _, l := range od.lines[pk.ID] {
			tracks = append(tracks, od.track(pk.ID, l, false))
		}
	}
	for q := 1; q <= 4; q++ {
		v := NKOView{Year: od.year, Quarter: q, Office: off, Map: m}
		if _, ok := od.approved[pkID(pk)]; m.ID == 0 || !ok {
			out[q-1] = v
			continue
		}
		sh := od.sheet(pk.ID, q)
		v.PlanID, v.SheetStatus, v.Official = pk.ID, sh.Status, sh.Status.Frozen()
		figs := make([]IKUFigure, 0, len(tracks))
		for _, t := range tracks {
			f, l := t.ToDate[q-1], t.Line
			figs = append(figs, IKUFigure{LineID: l.LineID, Code: l.Code, Name: l.Name, ObjectiveID: l.ObjectiveID, Weight: l.Weight,
				Target: f.Target, Realisation: f.Realisation, Achievement: f.Achievement, Status: f.Status})
		}
		if out[q-1], err = s.nkoFrom(v, od.rules, figs, !v.Official); err != nil {
			return out, err
		}
	}
	return out, nil
}

func pkID(p *domain.Plan) int64 {
	if p == nil {
		return 0
	}
	return p.ID
}

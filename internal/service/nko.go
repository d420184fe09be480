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
	// Frozen is set for a closed quarter: the score is the one frozen when
	// it became official, with any corrections since.
	Frozen *domain.FrozenNKO
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
	if off == nil || !c.Working(officeID) {
		return v, domain.ErrNotFound
	}
	if !authz.CanReadOffice(a, c, officeID) {
		return v, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return v, err
	}
	v.Year, v.Quarter, v.Office = y, quarter, *off
	switch cl, err := s.store.GetClosure(ctx, y.ID, quarter, officeID); {
	case err == nil && cl.NKO != nil:
		return s.frozenNKO(ctx, v, cl.NKO)
	case err != nil && !errors.Is(err, domain.ErrNotFound):
		return v, err
	}
	return s.liveNKO(ctx, s.store, v, provisional)
}

// liveNKO computes a quarter's score from the current map and the PK's
// figures (v carries the year, quarter and office), reading through st so
// that a transaction sees its own writes.
func (s *Service) liveNKO(ctx context.Context, st *store.Store, v NKOView, provisional bool) (NKOView, error) {
	var err error
	if v.Map, err = st.GetStrategyMap(ctx, v.Year.ID, v.Office.ID); errors.Is(err, domain.ErrNotFound) {
		return v, nil
	} else if err != nil {
		return v, err
	}
	plans, err := st.ListPlans(ctx, store.PlanFilter{YearID: v.Year.ID, OfficeID: v.Office.ID, Kind: domain.PlanPK})
	if err != nil || len(plans) == 0 {
		return v, err
	}
	sc, err := s.loadSheet(ctx, st, plans[0].ID, v.Quarter)
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
	return nkoFrom(v, sc.rules, figs, !v.Official)
}

// frozenNKO is the official score of a closed quarter from what was frozen
// when it became official: its map, weights, figures and rule set.
func (s *Service) frozenNKO(ctx context.Context, v NKOView, f *domain.FrozenNKO) (NKOView, error) {
	rs, err := s.ruleSetByID(ctx, f.RuleSet)
	if err != nil {
		return v, err
	}
	v.Map, v.PlanID, v.SheetStatus, v.Official, v.Frozen = f.Map, f.PlanID, domain.SheetLocked, true, f
	figs := make([]IKUFigure, len(f.IKUs))
	for i, k := range f.IKUs {
		figs[i] = IKUFigure{LineID: k.LineID, Code: k.Code, Name: k.Name, ObjectiveID: k.ObjectiveID, Weight: k.Weight,
			Target: k.Target, Realisation: k.Realisation, Achievement: k.Achievement, Status: calc.Status(k.Status)}
	}
	return nkoFrom(v, rs, figs, false)
}

// freezeNKO keeps the official score of a closed quarter with what it was
// computed from, once the head's PK sheet of that quarter is verified; it
// does nothing before. st is the transaction that closes or verifies.
func (s *Service) freezeNKO(ctx context.Context, st *store.Store, y domain.Year, off domain.Unit, cl *domain.QuarterClosure) error {
	if cl.NKO != nil {
		return nil
	}
	v, err := s.liveNKO(ctx, st, NKOView{Year: y, Quarter: cl.Quarter, Office: off}, false)
	if err != nil || !v.Official {
		return err
	}
	f := &domain.FrozenNKO{RuleSet: v.Result.RuleSet, PlanID: v.PlanID, Map: v.Map, FrozenAt: s.now().UTC()}
	if f.RuleSet == "" {
		f.RuleSet = y.RuleSet
	}
	for _, k := range v.IKUs {
		f.IKUs = append(f.IKUs, domain.FrozenIKU{LineID: k.LineID, Code: k.Code, Name: k.Name, ObjectiveID: k.ObjectiveID, Weight: k.Weight,
			Target: k.Target, Realisation: k.Realisation, Achievement: k.Achievement, Status: string(k.Status)})
	}
	cl.NKO = f
	return st.SetClosureNKO(ctx, cl)
}

// FreezeClosedQuarters freezes the NKO of every closed quarter that has an
// official score but no frozen one (databases from before scores were
// frozen at closing, bulk-generated ones). It returns how many it froze.
func (s *Service) FreezeClosedQuarters(ctx context.Context) (int, error) {
	list, err := s.store.ListClosuresToFreeze(ctx)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return 0, err
	}
	years := map[int64]domain.Year{}
	all, err := s.listYears(ctx)
	if err != nil {
		return 0, err
	}
	for _, y := range all {
		years[y.ID] = y
	}
	n := 0
	for i := range list {
		cl := &list[i]
		off, y := c.Units[cl.OfficeID], years[cl.YearID]
		if off == nil || y.ID == 0 {
			continue
		}
		if y, err = s.yearNumbered(ctx, y.Year); err != nil {
			return n, err
		}
		err := s.store.InTx(ctx, func(tx *store.Store) error { return s.freezeNKO(ctx, tx, y, *off, cl) })
		if err != nil {
			return n, err
		}
		if cl.NKO != nil {
			n++
		}
	}
	return n, nil
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

func nkoFrom(v NKOView, rs *calc.RuleSet, figs []IKUFigure, provisional bool) (NKOView, error) {
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
	closures, err := s.store.ListClosures(ctx, od.year.ID, od.officeID)
	if err != nil {
		return out, err
	}
	frozen := map[int]*domain.FrozenNKO{}
	for _, cl := range closures {
		frozen[cl.Quarter] = cl.NKO
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
		if f := frozen[q]; f != nil {
			if out[q-1], err = s.frozenNKO(ctx, NKOView{Year: od.year, Quarter: q, Office: off}, f); err != nil {
				return out, err
			}
			continue
		}
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
		if out[q-1], err = nkoFrom(v, od.rules, figs, !v.Official); err != nil {
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

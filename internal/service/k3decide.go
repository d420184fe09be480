package service

import (
	"context"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// K3DecisionInput is the pengelola kinerja's decision on a line's K3.
type K3DecisionInput struct {
	Decision string // domain.K3Accepted or domain.K3Revise
	Note     string
	Revision int // the decision's revision the change was made on; -1: not checked
}

// K3DecisionView is a line's decision with what the K3 review shows beside it.
type K3DecisionView struct {
	domain.K3Decision
	Current  bool     // taken on the line's newest version
	Computed calc.Opt // the K3 the line's manual gives today
}

// DecideK3 records the pengelola kinerja's dated decision on the K3 of a
// line's newest version (SPEC §14.4). Accepting needs an approved version and
// a K3 the manual can give; it freezes that K3 for the scores. Sending back
// for revision needs a note, which also goes to the line's review thread so
// the owner reads it. Changing an accepted decision is a correction and needs
// its reason. A decision equal to the stored one changes nothing.
func (s *Service) DecideK3(ctx context.Context, a authz.Actor, year int, lineID int64, in K3DecisionInput) (K3DecisionView, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return K3DecisionView{}, err
	}
	p, err := s.linePlan(ctx, lineID)
	if err != nil {
		return K3DecisionView{}, err
	}
	t, err := s.k3Target(ctx, c, year, p, lineID)
	if err != nil {
		return K3DecisionView{}, err
	}
	if !authz.CanDecideK3(a, c, t.plan) {
		return K3DecisionView{}, domain.ErrForbidden
	}
	d, err := t.decision(in)
	if err != nil {
		return K3DecisionView{}, err
	}
	before, had := t.decided[t.line.ID]
	if had && sameK3Decision(before, d) {
		return t.view(before), nil
	}
	cur := 0
	if had {
		cur = before.Revision
	}
	if in.Revision >= 0 && in.Revision != cur {
		return K3DecisionView{}, domain.Conflict("k3d.changed_meanwhile")
	}
	if had && before.Decision == domain.K3Accepted && d.Note == "" {
		return K3DecisionView{}, domain.Invalid("note", "k3d.reason_needed")
	}
	d.DecidedBy = a.User.ID
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveK3Decision(ctx, &d); err != nil {
			return err
		}
		var b any
		if had {
			b = k3DecisionAudit(before)
		}
		if err := audit.Record(ctx, tx, s.act(a), "k3.decide", "plan_line", lineID, b, k3DecisionAudit(d)); err != nil {
			return err
		}
		if d.Decision != domain.K3Revise {
			return nil
		}
		cm := domain.Comment{Entity: "plan_line", EntityID: lineID, AuthorID: a.User.ID, Body: d.Note, CreatedAt: s.now()}
		return tx.AddComment(ctx, &cm)
	})
	if err != nil {
		return K3DecisionView{}, err
	}
	return t.view(d), nil
}

// k3Target is a line as a K3 decision is taken on it: its plan, its newest
// version and the K3 the manual gives.
type k3Target struct {
	plan    domain.Plan
	version domain.PlanVersion
	line    domain.Indicator
	k3      *calc.K3Result
	problem string
	decided map[int64]domain.K3Decision
}

func (s *Service) k3Target(ctx context.Context, c *domain.Chart, year int, plan domain.Plan, lineID int64) (k3Target, error) {
	t := k3Target{plan: plan}
	planID := plan.ID
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return t, err
	}
	if t.plan.YearID != y.ID {
		return t, domain.ErrNotFound
	}
	rs, err := s.RuleSet(y)
	if err != nil {
		return t, err
	}
	vs, err := s.store.ListVersions(ctx, planID)
	if err != nil || len(vs) == 0 {
		return t, orNotFound(err)
	}
	t.version = vs[len(vs)-1]
	lines, err := s.store.ListIndicators(ctx, t.version.ID)
	if err != nil {
		return t, err
	}
	found := false
	for _, l := range lines {
		if l.LineID == lineID {
			t.line, found = l, true
		}
	}
	if !found { // removed by the newest version: nothing left to decide on
		return t, domain.ErrNotFound
	}
	annual := calc.AnnualTarget(calc.Consolidation(t.line.PeriodConsolidation), t.line.Targets)
	t.k3, t.problem = s.k3Of(rs, t.line, annual)
	t.decided, err = s.store.K3DecisionsOfPlans(ctx, planID)
	return t, err
}

func orNotFound(err error) error {
	if err == nil {
		return domain.ErrNotFound
	}
	return err
}

// decision checks the input against the line and builds the decision.
func (t k3Target) decision(in K3DecisionInput) (domain.K3Decision, error) {
	d := domain.K3Decision{IndicatorID: t.line.ID, LineID: t.line.LineID, PlanID: t.plan.ID, Decision: in.Decision}
	v := &domain.ValidationError{}
	d.Note = textField(v, "note", in.Note, in.Decision == domain.K3Revise, 2000)
	switch in.Decision {
	case domain.K3Accepted:
		if t.k3 == nil {
			v.Addf("decision", t.problem)
			break
		}
		d.QualityWeight, d.TargetWeight, d.K3 = calc.Some(t.k3.QualityWeight), calc.Some(t.k3.TargetWeight), calc.Some(t.k3.K3)
	case domain.K3Revise:
	default:
		v.Addf("decision", "err.choose")
	}
	if err := v.Err(); err != nil {
		return d, err
	}
	if d.Decision == domain.K3Accepted && t.version.Status != domain.PlanApproved {
		return d, domain.Refuse("k3d.needs_approved")
	}
	return d, nil
}

func (t k3Target) view(d domain.K3Decision) K3DecisionView {
	out := K3DecisionView{K3Decision: d, Current: d.IndicatorID == t.line.ID}
	if t.k3 != nil {
		out.Computed = calc.Some(t.k3.K3)
	}
	return out
}

// sameK3Decision reports whether d would leave the stored decision as it is
// (a client's retry): same verdict, note and frozen figure.
func sameK3Decision(have, d domain.K3Decision) bool {
	return have.Decision == d.Decision && have.Note == d.Note && have.K3 == d.K3 &&
		have.QualityWeight == d.QualityWeight && have.TargetWeight == d.TargetWeight
}

func k3DecisionAudit(d domain.K3Decision) map[string]any {
	m := map[string]any{"indicator_id": d.IndicatorID, "decision": d.Decision, "note": d.Note}
	if d.K3.OK {
		m["k3"], m["quality_weight"], m["target_weight"] = d.K3.V, d.QualityWeight.V, d.TargetWeight.V
	}
	return m
}

// decidedK3 is the K3 a score uses for a version of a line: the accepted
// decision's, else the one its manual gives (computed).
func decidedK3(decided map[int64]domain.K3Decision, indicatorID int64, computed calc.Opt) calc.Opt {
	if d, ok := decided[indicatorID]; ok && d.Decision == domain.K3Accepted && d.K3.OK {
		return d.K3
	}
	return computed
}

// K3LineDecision is what the K3 thread of a line shows of its decision.
type K3LineDecision struct {
	Year      int
	Decision  *K3DecisionView // the newest decision on the line, nil when none
	CanDecide bool
	Approved  bool // the newest version is approved: its K3 can be set
}

// K3DecisionOf answers a line's K3 decision for those who may read the line.
func (s *Service) K3DecisionOf(ctx context.Context, a authz.Actor, lineID int64) (K3LineDecision, error) {
	var out K3LineDecision
	c, err := s.Chart(ctx)
	if err != nil {
		return out, err
	}
	p, err := s.linePlan(ctx, lineID)
	if err != nil {
		return out, err
	}
	if !authz.CanSeeEmployeeWork(a, c, p.EmployeeID) {
		return out, domain.ErrForbidden
	}
	t, err := s.k3Target(ctx, c, p.Year, p, lineID)
	if err != nil {
		return out, err
	}
	out.Year, out.CanDecide, out.Approved = p.Year, authz.CanDecideK3(a, c, p), t.version.Status == domain.PlanApproved
	var newest *domain.K3Decision
	for _, d := range t.decided {
		if d.LineID == lineID && (newest == nil || d.IndicatorID > newest.IndicatorID) {
			newest = &d
		}
	}
	if newest != nil {
		v := t.view(*newest)
		out.Decision = &v
	}
	return out, nil
}

// linePlan is the plan a line belongs to.
func (s *Service) linePlan(ctx context.Context, lineID int64) (domain.Plan, error) {
	planID, err := s.store.LinePlan(ctx, lineID)
	if err != nil {
		return domain.Plan{}, err
	}
	return s.store.GetPlan(ctx, planID)
}

package service

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// Year is the period number of a whole-year score.
const Year = 0

// ScoreLine is one indicator in an employee score: its achievement for the
// period and its K3.
type ScoreLine struct {
	Line        domain.Indicator
	Achievement calc.Opt
	Frozen      bool
	K3          calc.Opt
}

// ScoreView is an employee's NKP for a quarter or the year, with what it
// was made of. It is confidential (SPEC §10.6).
type ScoreView struct {
	Plan        domain.Plan
	Year        domain.Year
	Period      int // 1–4, or 0 for the year
	Employee    domain.Employee
	Position    domain.Position
	Lines       []ScoreLine
	Behaviour   []domain.BehaviourScore
	Aspects     []float64 // mean score per BerAKHLAK value over the assessors
	Adjustment  domain.ScoreAdjustment
	NKO         calc.Opt
	NKOOfficial bool
	Provisional bool // some figure is not verified yet
	Result      *calc.NKPResult
	Missing     []domain.Msg // why no score can be computed yet
	CanAssess   bool         // the viewer may give behaviour scores
	Relation    string       // the viewer's relation as assessor
	MyScores    []float64    // the viewer's own scores, when given
	CanAdjust   bool
}

// assessorRelation is how an assessor stands to the employee in the 360°
// assessment, or "" when they may not assess: the supervisor, a peer with
// the same supervisor, or a direct subordinate.
func assessorRelation(c *domain.Chart, assessor, emp int64) string {
	if assessor == 0 || assessor == emp {
		return ""
	}
	if c.IsSupervisor(assessor, emp) {
		return domain.RelationSupervisor
	}
	if c.IsSupervisor(emp, assessor) {
		return domain.RelationSubordinate
	}
	for _, a := range c.Supervisors(assessor) {
		for _, b := range c.Supervisors(emp) {
			if a == b {
				return domain.RelationPeer
			}
		}
	}
	return ""
}

// EmployeeScore computes the NKP of a plan's owner for a quarter (1–4) or
// the year (0), for those allowed to see it.
func (s *Service) EmployeeScore(ctx context.Context, a authz.Actor, planID int64, period int) (ScoreView, error) {
	var v ScoreView
	if period < 0 || period > 4 {
		return v, domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return v, err
	}
	c := pc.chart
	if !authz.CanSeeScore(a, c, pc.plan.EmployeeID) {
		return v, domain.ErrForbidden
	}
	v.Plan, v.Year, v.Period = pc.plan, pc.year, period
	if e := c.Employees[pc.plan.EmployeeID]; e != nil {
		v.Employee = *e
	}
	pos, ok := c.Primary(pc.plan.EmployeeID)
	if ok {
		v.Position = *pos
	}
	v.Relation = assessorRelation(c, a.EmployeeID(), pc.plan.EmployeeID)
	v.CanAssess = v.Relation != "" && !authz.ReadOnly(a)
	v.CanAdjust = authz.CanInScope(a, c, authz.ScoreAdjust, pc.plan.OfficeID) && !authz.ReadOnly(a)
	if _, ok := pc.lastApproved(); !ok {
		v.Missing = append(v.Missing, domain.M("score.no_plan"))
		return v, nil
	}
	// The figures: the quarter's to-date achievements, or the year's.
	q := period
	if q == Year {
		q = 4
	}
	sc, err := s.loadSheet(ctx, s.store, planID, q)
	if err != nil {
		return v, err
	}
	v.Lines, v.Provisional = s.scoreLines(sc, period, q)
	if v.Behaviour, err = s.store.ListBehaviourScores(ctx, planID, period); err != nil {
		return v, err
	}
	for _, b := range v.Behaviour {
		if b.AssessorID == a.EmployeeID() {
			v.MyScores = b.Scores
		}
	}
	if v.Adjustment, err = s.store.GetScoreAdjustment(ctx, planID, period); err != nil {
		return v, err
	}
	nko, err := s.NKO(ctx, a, pc.year.Year, q, pc.plan.OfficeID, true)
	if err != nil && !errors.Is(err, domain.ErrForbidden) {
		return v, err
	}
	if nko.Available() {
		v.NKO, v.NKOOfficial = calc.Some(nko.Result.NKO), nko.Official
		if !nko.Official {
			v.Provisional = true
		}
	}
	in := calc.NKPInput{NKO: v.NKO.V, Discipline: v.Adjustment.Discipline, Impact: v.Adjustment.Impact, Correction: v.Adjustment.Correction,
		LevelsBelowHead: min(c.LevelsBelowHead(pc.plan.EmployeeID), 2), SubstantiveFunctional: ok && pos.Kind == domain.PosFungsional}
	return v, v.computeNKP(sc.rules, in)
}

// scoreLines gives every line its K3 and its achievement for the period:
// the quarter's to-date one (frozen once verified) or the year's. The score
// is provisional while some achievement is not frozen.
func (s *Service) scoreLines(sc *sheetContext, period, q int) (lines []ScoreLine, provisional bool) {
	for _, l := range sc.lines {
		sl := ScoreLine{Line: l}
		annual := calc.AnnualTarget(calc.Consolidation(l.PeriodConsolidation), l.Targets)
		if k3, _ := s.k3Of(sc.rules, l, annual); k3 != nil {
			sl.K3 = calc.Some(k3.K3)
		}
		res, err := sc.rules.Evaluate(sc.indicator(l), false)
		if err == nil {
			if period == Year {
				sl.Achievement = res.Year.Achievement
			} else {
				sl.Achievement = res.Quarters[period-1].ToDate.Achievement
			}
		}
		if r := sc.realisation(q, l.LineID); r.Frozen != nil && period != Year {
			sl.Achievement, sl.Frozen = r.Frozen.Achievement, true
		}
		if sl.Achievement.OK && !sl.Frozen {
			provisional = true
		}
		lines = append(lines, sl)
	}
	return lines, provisional
}

// computeNKP completes the NKP's input with the lines and the mean
// behaviour scores, lists what is missing and, when nothing is, computes it.
func (v *ScoreView) computeNKP(rules *calc.RuleSet, in calc.NKPInput) error {
	anyAchievement := false
	for _, l := range v.Lines {
		if l.Achievement.OK && l.K3.OK {
			in.Indicators = append(in.Indicators, calc.NKPIndicator{Achievement: l.Achievement, K3: l.K3.V})
			anyAchievement = true
		}
	}
	if !anyAchievement {
		v.Missing = append(v.Missing, domain.M("score.no_achievement"))
	}
	if len(v.Behaviour) == 0 {
		v.Missing = append(v.Missing, domain.M("score.no_behaviour"))
	} else {
		n := rules.BehaviourScores()
		v.Aspects = make([]float64, n)
		for i := 0; i < n; i++ {
			sum := 0.0
			for _, b := range v.Behaviour {
				sum += b.Scores[i]
			}
			v.Aspects[i] = sum / float64(len(v.Behaviour))
		}
		in.Behaviour = v.Aspects
	}
	if !v.NKO.OK {
		v.Missing = append(v.Missing, domain.M("score.no_nko"))
	}
	if len(v.Missing) > 0 {
		return nil
	}
	res, err := rules.NKP(in, true)
	if err != nil {
		return calcInvalid("", err)
	}
	v.Result = &res
	return nil
}

// SaveBehaviour records the viewer's behaviour scores of an employee for a
// period: one score per BerAKHLAK value, each between 0 and the rule set's cap.
func (s *Service) SaveBehaviour(ctx context.Context, a authz.Actor, planID int64, period int, scores []float64) error {
	if period < 0 || period > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	rel := assessorRelation(pc.chart, a.EmployeeID(), pc.plan.EmployeeID)
	if rel == "" || authz.ReadOnly(a) {
		return domain.ErrForbidden
	}
	_, hi := pc.rules.Bounds()
	v := &domain.ValidationError{}
	if len(scores) != pc.rules.BehaviourScores() {
		v.Addf("", "score.behaviour_count", "n", pc.rules.BehaviourScores())
	}
	for i, x := range scores {
		if math.IsNaN(x) || x < 0 || x > hi {
			v.Addf("score_"+itoa64(int64(i)), "score.behaviour_range", "max", hi)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	b := domain.BehaviourScore{PlanID: planID, Period: period, AssessorID: a.EmployeeID(), Relation: rel, Scores: scores, UpdatedAt: s.now()}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveBehaviourScore(ctx, &b); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "score.behaviour", "plan", planID, nil, b)
	})
}

// SaveAdjustment records the discipline penalty, the superior's impact value
// and a correction of an employee's score for a period, with the reason.
func (s *Service) SaveAdjustment(ctx context.Context, a authz.Actor, planID int64, period int, discipline, impact, correction float64, reason string) error {
	if period < 0 || period > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	if !authz.CanInScope(a, pc.chart, authz.ScoreAdjust, pc.plan.OfficeID) || authz.ReadOnly(a) {
		return domain.ErrForbidden
	}
	maxCorr, maxImpact := pc.rules.AdjustmentLimits()
	v := &domain.ValidationError{}
	if math.IsNaN(discipline) || discipline < 0 || discipline > 120 {
		v.Addf("discipline", "score.discipline_range")
	}
	if math.IsNaN(impact) || impact < 0 || impact > maxImpact {
		v.Addf("impact", "score.impact_range", "max", maxImpact)
	}
	if math.IsNaN(correction) || math.Abs(correction) > maxCorr {
		v.Addf("correction", "score.correction_range", "max", maxCorr)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" && (discipline != 0 || impact != 0 || correction != 0) {
		v.Addf("reason", "correction.reason_required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	adj, err := s.store.GetScoreAdjustment(ctx, planID, period)
	if err != nil {
		return err
	}
	before := adj
	adj.Discipline, adj.Impact, adj.Correction, adj.Reason, adj.UpdatedAt, adj.UpdatedBy = discipline, impact, correction, reason, s.now(), a.User.ID
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveScoreAdjustment(ctx, &adj); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "score.adjust", "plan", planID, before, adj)
	})
}

// ScoreRow is one person in a list of scores.
type ScoreRow struct {
	PlanID   int64
	Employee domain.Employee
	Position string
	Score    ScoreView
}

// TeamScores lists the NKP of everyone whose score the viewer may see in
// their office, for a period: their own, the chain below, or everyone for
// the pengelola kinerja.
func (s *Service) TeamScores(ctx context.Context, a authz.Actor, year, period int) ([]ScoreRow, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	me := a.EmployeeID()
	office := c.EmployeeOffice(me)
	if office == 0 {
		return nil, nil
	}
	y, err := s.store.GetYear(ctx, year)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: office})
	if err != nil {
		return nil, err
	}
	var out []ScoreRow
	for _, p := range plans {
		if p.EmployeeID == me || !authz.CanSeeScore(a, c, p.EmployeeID) {
			continue
		}
		sv, err := s.EmployeeScore(ctx, a, p.ID, period)
		if err != nil {
			return nil, err
		}
		row := ScoreRow{PlanID: p.ID, Employee: sv.Employee, Position: sv.Position.Title, Score: sv}
		out = append(out, row)
	}
	return out, nil
}

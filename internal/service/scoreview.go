package service

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
)

// ScoreView is an employee's NKP for a quarter or the year, with what it
// was made of. It is confidential (SPEC §10.6). It never names a peer or a
// subordinate who rated the employee, nor their own scores: only the
// groups' means and counts (SPEC §14.3).
type ScoreView struct {
	Plan        domain.Plan
	Year        domain.Year
	Period      int // 1–4, or 0 for the year
	Employee    domain.Employee
	Position    domain.Position
	Lines       []ScoreLine
	NHK         calc.Opt             // the work result before calibration, known before behaviour and NKO
	Shares      []PlanShare          // each plan's part of the NHK, for a person with several plans in the period
	Groups      map[string][]float64 // each rater group's mean per BerAKHLAK value
	RaterCounts map[string]int       // raters who scored, per group
	Aspects     []float64            // each value's weighted mean over the groups
	QuarterNPK  []calc.Opt           // the year: each quarter's NPK
	NPK         calc.Opt             // the NPK (the year: the mean of the quarters'), even while the NKP cannot be computed
	Adjustment  domain.ScoreAdjustment
	Discipline  float64                    // the penalty in force (the year: the highest of its quarters)
	Impact      float64                    // the superior's impact of the subordinates' penalties
	Penalties   []domain.DisciplinePenalty // the employee's penalties in force in the period
	NKO         calc.Opt
	NKOOfficial bool
	Provisional bool // some figure is not verified yet
	Result      *calc.NKPResult
	Decree      *domain.Decree // set when the quarter's decree froze this score
	FrozenSteps []domain.Step  // the explanation kept with a decreed score
	Missing     []domain.Msg   // why no score can be computed yet
	CanAssess   bool           // the viewer may give behaviour scores now
	Relation    string         // the viewer's relation as rater
	MyScores    []float64      // the viewer's own scores, when given
	CanAdjust   bool
}

// Explanation is the derivation of the score in a language, from the
// computation or, for a decreed score, as it was frozen.
func (v ScoreView) Explanation(lang string) []string {
	var out []string
	if v.Decree != nil {
		for _, st := range v.FrozenSteps {
			if lang == "en" {
				out = append(out, st.EN)
			} else {
				out = append(out, st.ID)
			}
		}
		return out
	}
	if v.Result != nil {
		for _, st := range v.Result.Steps {
			out = append(out, st.Text(lang))
		}
	}
	return out
}

// EmployeeScore computes the NKP of a plan's owner for a quarter (1–4) or
// the year (0), for those allowed to see it. A quarter whose NKP decree is
// set answers the decreed figures.
func (s *Service) EmployeeScore(ctx context.Context, a authz.Actor, planID int64, period int) (ScoreView, error) {
	var v ScoreView
	if period < 0 || period > 4 {
		return v, domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return v, err
	}
	if !authz.CanSeeScore(a, pc.chart, pc.plan.EmployeeID) {
		return v, domain.ErrForbidden
	}
	if err := s.scoreOf(ctx, pc, period, &v); err != nil {
		return v, err
	}
	v.Relation = authz.RaterRelation(pc.chart, a.EmployeeID(), pc.plan.EmployeeID)
	if period != Year && v.Relation != "" {
		as, err := s.assessment(ctx, a, pc, period)
		if err != nil {
			return v, err
		}
		v.CanAssess, v.MyScores = as.CanScore, as.MyScores
	}
	tpk, err := s.tpkIDs(ctx, pc.plan.OfficeID, pc.year.Year)
	if err != nil {
		return v, err
	}
	v.CanAdjust = authz.CanActAsTPK(a, pc.chart, pc.plan.OfficeID, tpk) && v.Decree == nil
	return v, nil
}

// EmployeeScoreIn is EmployeeScore of an employee's plan of a year.
func (s *Service) EmployeeScoreIn(ctx context.Context, a authz.Actor, employeeID int64, year, period int) (ScoreView, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return ScoreView{}, err
	}
	if c.Employees[employeeID] == nil {
		return ScoreView{}, domain.ErrNotFound
	}
	if !authz.CanSeeScore(a, c, employeeID) {
		return ScoreView{}, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return ScoreView{}, err
	}
	// The plan in force at the end of the period: a quarter or year split
	// by a move is scored across both plans anyway (scorelines.go), and
	// the view is of the later one.
	_, last := domain.YearBounds(year)
	if period != Year {
		last = domain.QuarterEnd(year, period)
	}
	p, err := planOn(ctx, s.store, y.ID, employeeID, last)
	if err != nil {
		return ScoreView{}, err
	}
	return s.EmployeeScore(ctx, a, p.ID, period)
}

// scoreOf fills the figures of a score view, without regard to the viewer;
// a decreed quarter answers its frozen figures.
func (s *Service) scoreOf(ctx context.Context, pc *planContext, period int, v *ScoreView) error {
	return s.computeScore(ctx, pc, period, v, true)
}

// liveScore computes a quarter's score from its inputs even when a decree
// froze it, for a new version of the decree.
func (s *Service) liveScore(ctx context.Context, pc *planContext, q int, v *ScoreView) error {
	return s.computeScore(ctx, pc, q, v, false)
}

func (s *Service) computeScore(ctx context.Context, pc *planContext, period int, v *ScoreView, frozen bool) error {
	c := pc.chart
	emp := pc.plan.EmployeeID
	v.Plan, v.Year, v.Period = pc.plan, pc.year, period
	if e := c.Employees[emp]; e != nil {
		v.Employee = *e
	}
	pos, ok := c.Primary(emp)
	if ok {
		v.Position = *pos
	}
	if period != Year && frozen {
		it, d, err := s.decreed(ctx, pc, period)
		if err != nil {
			return err
		}
		if it != nil {
			frozenScore(v, *d, *it)
			return nil
		}
	}
	if _, ok := pc.lastApproved(); !ok {
		v.Missing = append(v.Missing, domain.M("score.no_plan"))
		return nil
	}
	// The figures: the quarter's to-date achievements, or the year's.
	q := period
	if q == Year {
		q = 4
	}
	// Every line of every plan of the person that touches the period, each
	// weighed by K3 × the days it was active when there are several.
	lines, shares, days, err := s.scoreLines(ctx, pc, period)
	if err != nil {
		return err
	}
	v.Lines, v.Shares = lines, shares
	for _, sl := range lines {
		if sl.Achievement.OK && !sl.Frozen {
			v.Provisional = true
		}
	}
	if v.Adjustment, err = s.store.GetScoreAdjustment(ctx, pc.plan.ID, period); err != nil {
		return err
	}
	if err := s.penaltiesOf(ctx, pc, period, v); err != nil {
		return err
	}
	nko, err := s.scoreNKO(ctx, pc.year.Year, q, pc.plan.OfficeID)
	if err != nil {
		return err
	}
	if nko.ok {
		v.NKO, v.NKOOfficial = calc.Some(nko.nko), nko.official
		if !nko.official {
			v.Provisional = true
		}
	}
	in := calc.NKPInput{NKO: v.NKO.V, Discipline: v.Discipline, Impact: v.Impact, Correction: v.Adjustment.Correction,
		LevelsBelowHead: min(c.LevelsBelowHead(emp), 2), SubstantiveFunctional: ok && pos.SubstantiveFunctional(),
		HeadOfOffice: c.Head(pc.plan.OfficeID) == emp}
	in.Indicators = nkpIndicators(v.Lines, days)
	if len(in.Indicators) == 0 {
		v.Missing = append(v.Missing, domain.M("score.no_achievement"))
	} else if nhk, err := pc.rules.NHK(in.Indicators); err == nil {
		v.NHK = calc.Some(nhk)
	}
	if err := s.scoreBehaviour(ctx, pc, period, v, &in); err != nil {
		return err
	}
	if !v.NKO.OK {
		v.Missing = append(v.Missing, domain.M("score.no_nko"))
	}
	if len(v.Missing) > 0 {
		return nil
	}
	res, err := pc.rules.NKP(in, true)
	if err != nil {
		return calcInvalid("", err)
	}
	if period != Year {
		// How the groups' means made the seven scores, before the NPK's own steps.
		ga := calc.GroupAspects{Groups: v.Groups, Counts: v.RaterCounts, Aspects: v.Aspects}
		res.Steps = insertBefore(res.Steps, "step.nkp.npk", pc.rules.AspectSteps(ga))
	}
	if len(v.Shares) > 1 {
		res.Steps = withPlanShares(res.Steps, v.Shares)
	}
	v.Result = &res
	return nil
}

// nkpIndicators are the lines with an achievement and a K3, weighed by the
// days they were active when a person had several plans or versions.
func nkpIndicators(lines []ScoreLine, days bool) []calc.NKPIndicator {
	var out []calc.NKPIndicator
	for _, l := range lines {
		if l.Achievement.OK && l.K3.OK {
			ind := calc.NKPIndicator{Achievement: l.Achievement, K3: l.K3.V}
			if days {
				ind.Days = calc.Some(float64(l.Days))
			}
			out = append(out, ind)
		}
	}
	return out
}

// scoreBehaviour sets the NPK: a quarter's from the rater groups' means of
// the seven aspects, the year's as the mean of the quarters' NPKs.
func (s *Service) scoreBehaviour(ctx context.Context, pc *planContext, period int, v *ScoreView, in *calc.NKPInput) error {
	if period == Year {
		some := false
		for qq := 1; qq <= 4; qq++ {
			npk, err := s.quarterNPK(ctx, pc, qq)
			if err != nil {
				return err
			}
			v.QuarterNPK = append(v.QuarterNPK, npk)
			some = some || npk.OK
		}
		if !some {
			v.Missing = append(v.Missing, domain.M("score.no_behaviour"))
			return nil
		}
		in.QuarterNPK = v.QuarterNPK
		npk, err := pc.rules.YearNPK(v.QuarterNPK)
		if err != nil {
			return calcInvalid("", err)
		}
		v.NPK = calc.Some(npk)
		return nil
	}
	ga, err := s.groupAspects(ctx, pc, period)
	if err != nil {
		return err
	}
	v.Groups, v.RaterCounts, v.Aspects = ga.Groups, ga.Counts, ga.Aspects
	if ga.Aspects == nil {
		v.Missing = append(v.Missing, domain.M("score.no_behaviour"))
		return nil
	}
	in.Behaviour = ga.Aspects
	npk, err := pc.rules.NPK(ga.Aspects)
	if err != nil {
		return calcInvalid("", err)
	}
	v.NPK = calc.Some(npk)
	return nil
}

// decreed returns a plan's row of its office's quarter decree, or nil when
// no decree lists it.
func (s *Service) decreed(ctx context.Context, pc *planContext, q int) (*domain.DecreeItem, *domain.Decree, error) {
	d, err := s.store.LatestDecree(ctx, pc.plan.OfficeID, pc.year.Year, q)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for i := range d.Items {
		if d.Items[i].PlanID == pc.plan.ID {
			return &d.Items[i], &d, nil
		}
	}
	return nil, nil, nil
}

// frozenScore fills a score view from the decree that froze it.
func frozenScore(v *ScoreView, d domain.Decree, it domain.DecreeItem) {
	v.Decree, v.FrozenSteps = &d, it.Steps
	v.NKO, v.NKOOfficial = calc.Some(it.NKO), true
	v.Discipline, v.Impact = it.Discipline, it.Impact
	v.Adjustment.Correction = it.Correction
	v.Groups, v.RaterCounts, v.Aspects = it.Groups, it.RaterCounts, it.Aspects
	v.NPK = calc.Some(it.NPK)
	v.Result = &calc.NKPResult{RuleSet: it.RuleSet, NHK: it.NHK, NHKCalibrated: it.NHKCalibrated, NPK: it.NPK, NPKCalibrated: it.NPKCalibrated,
		NKPInitial: it.NKPInitial, NKPAdjusted: it.NKPAdjusted, NKP: it.NKP, Reading: it.Reading, WorkValue: it.WorkValue,
		BehaviourValue: it.BehaviourValue, WorkRating: calc.Rating(it.WorkRating), BehaviourRating: calc.Rating(it.BehaviourRating), Predicate: it.Predicate}
}

// groupAspects combines the scores given for a plan's quarter by rater group.
func (s *Service) groupAspects(ctx context.Context, pc *planContext, q int) (calc.GroupAspects, error) {
	bs, err := s.store.ListBehaviourScores(ctx, pc.plan.ID, q)
	if err != nil {
		return calc.GroupAspects{}, err
	}
	by := map[string][][]float64{}
	for _, b := range bs {
		by[b.Relation] = append(by[b.Relation], b.Scores)
	}
	ga, err := pc.rules.Aspects(by)
	if err != nil {
		return ga, calcInvalid("", err)
	}
	return ga, nil
}

// quarterNPK is a quarter's NPK: decreed, or from its assessment; undefined
// when nobody scored.
func (s *Service) quarterNPK(ctx context.Context, pc *planContext, q int) (calc.Opt, error) {
	it, _, err := s.decreed(ctx, pc, q)
	if err != nil {
		return calc.Opt{}, err
	}
	if it != nil {
		return calc.Some(it.NPK), nil
	}
	ga, err := s.groupAspects(ctx, pc, q)
	if err != nil || ga.Aspects == nil {
		return calc.Opt{}, err
	}
	npk, err := pc.rules.NPK(ga.Aspects)
	if err != nil {
		return calc.Opt{}, calcInvalid("", err)
	}
	return calc.Some(npk), nil
}

// penaltiesOf sets the discipline penalty in force and the superior's
// impact of the period: for a quarter, the highest penalty in force and the
// impact of the direct subordinates' penalties in force; for the year, the
// highest of its quarters.
func (s *Service) penaltiesOf(ctx context.Context, pc *planContext, period int, v *ScoreView) error {
	emp := pc.plan.EmployeeID
	subs := pc.chart.Subordinates(emp)
	ps, err := s.store.ListPenalties(ctx, pc.year.Year, append([]int64{emp}, subs...)...)
	if err != nil {
		return err
	}
	starts := map[int64][]calc.PenaltyStart{}
	for _, p := range ps {
		starts[p.EmployeeID] = append(starts[p.EmployeeID], penaltyStart(p))
	}
	quarters := []int{period}
	if period == Year {
		quarters = []int{1, 2, 3, 4}
	}
	for _, q := range quarters {
		v.Discipline = max(v.Discipline, calc.PenaltyInForce(starts[emp], pc.year.Year, q))
		var subPen []float64
		for _, sub := range subs {
			if x := calc.PenaltyInForce(starts[sub], pc.year.Year, q); x > 0 {
				subPen = append(subPen, x)
			}
		}
		v.Impact = max(v.Impact, pc.rules.SuperiorImpact(subPen))
	}
	for _, p := range ps {
		if p.EmployeeID != emp {
			continue
		}
		for _, q := range quarters {
			if penaltyStart(p).InForce(pc.year.Year, q) {
				v.Penalties = append(v.Penalties, p)
				break
			}
		}
	}
	return nil
}

func penaltyStart(p domain.DisciplinePenalty) calc.PenaltyStart {
	return calc.PenaltyStart{Penalty: calc.Penalty{Category: p.Category, MPJHD: p.MPJHD, Value: p.Value, Quarters: p.Quarters},
		Year: p.Year, Quarter: p.StartQuarter}
}

// tpkIDs lists the employee IDs of an office's TPK for a year.
func (s *Service) tpkIDs(ctx context.Context, officeID int64, year int) ([]int64, error) {
	ms, err := s.store.ListTPKMembers(ctx, officeID, year)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.EmployeeID
	}
	return out, nil
}

// insertBefore puts extra steps before the first step with the key (at the
// end when there is none).
func insertBefore(steps []calc.Step, key string, extra []calc.Step) []calc.Step {
	for i, st := range steps {
		if st.Key == key {
			return append(append(append([]calc.Step(nil), steps[:i]...), extra...), steps[i:]...)
		}
	}
	return append(steps, extra...)
}

// nkoFigure is what a score takes of its office's NKO.
type nkoFigure struct {
	ok, official bool
	nko          float64
}

// scoreNKO is the office NKO of a quarter as scores take it (provisional
// figures included), computed once per read-only request: a TPK session
// scores every person of the office against the same one.
func (s *Service) scoreNKO(ctx context.Context, year, q int, officeID int64) (nkoFigure, error) {
	memo := memoOf(ctx)
	key := [3]int64{int64(year), int64(q), officeID}
	if memo != nil {
		memo.small.Lock()
		f, ok := memo.nkos[key]
		memo.small.Unlock()
		if ok {
			return f, nil
		}
	}
	var f nkoFigure
	nko, err := s.NKO(ctx, SystemActor(), year, q, officeID, true)
	switch {
	case err != nil && !errors.Is(err, domain.ErrNotFound):
		return f, err
	case err == nil && nko.Available():
		f = nkoFigure{ok: true, official: nko.Official, nko: nko.Result.NKO}
	}
	if memo != nil {
		// Not held while computing: the NKO asks the memo for the chart's version.
		memo.small.Lock()
		if memo.nkos == nil {
			memo.nkos = map[[3]int64]nkoFigure{}
		}
		memo.nkos[key] = f
		memo.small.Unlock()
	}
	return f, nil
}

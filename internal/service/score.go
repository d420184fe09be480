package service

import (
	"context"
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
	PlanID      int64 // the plan the line belongs to
	Days        int   // days the line was active in the period
	Line        domain.Indicator
	Target      calc.Opt // consolidated to the period
	Realisation calc.Opt
	Achievement calc.Opt
	Frozen      bool
	K3          calc.Opt
}

// SaveCorrection records the TPK's correction of an employee's score for a
// period (within the rule set's bound), with its reason and evidence. A
// quarter whose decree is set no longer changes.
func (s *Service) SaveCorrection(ctx context.Context, a authz.Actor, planID int64, period int, correction float64, reason, evidence string) error {
	if period < 0 || period > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	tpk, err := s.tpkIDs(ctx, pc.plan.OfficeID, pc.year.Year)
	if err != nil {
		return err
	}
	if !authz.CanActAsTPK(a, pc.chart, pc.plan.OfficeID, tpk) {
		return domain.ErrForbidden
	}
	if period != Year {
		if it, _, err := s.decreed(ctx, pc, period); err != nil {
			return err
		} else if it != nil {
			return domain.Refuse("tpk.decreed")
		}
	}
	maxCorr, _ := pc.rules.AdjustmentLimits()
	v := &domain.ValidationError{}
	if math.IsNaN(correction) || math.Abs(correction) > maxCorr {
		v.Addf("correction", "score.correction_range", "max", maxCorr)
	}
	reason, evidence = strings.TrimSpace(reason), strings.TrimSpace(evidence)
	if reason == "" && correction != 0 {
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
	adj.Correction, adj.Reason, adj.Evidence, adj.UpdatedAt, adj.UpdatedBy = correction, reason, evidence, s.now(), a.User.ID
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveScoreAdjustment(ctx, &adj); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "score.correct", "plan", planID, before, adj)
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
	y, err := s.yearNumbered(ctx, year)
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

// withPlanShares puts each plan's share of the NHK before the steps that
// weigh the lines (SPEC §10.7): a person who moved has lines of two plans.
func withPlanShares(steps []calc.Step, shares []PlanShare) []calc.Step {
	at := len(steps)
	for i, st := range steps {
		if st.Key == "step.nkp.nkc" || st.Key == "step.nkp.left_out" {
			at = i
			break
		}
	}
	var add []calc.Step
	for _, sh := range shares {
		add = append(add, calc.PlanShareStep(string(sh.Plan.Kind), sh.Plan.PeriodStart.Format("2006-01-02"), sh.Plan.PeriodEnd.Format("2006-01-02"), sh.Days, sh.Share))
	}
	return append(steps[:at:at], append(add, steps[at:]...)...)
}

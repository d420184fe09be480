package service

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// PlanShare is one plan's part in a person's NHK of a period: its share of
// Σ(K3 × days) over the lines with an achievement.
type PlanShare struct {
	Plan  domain.Plan
	Days  int     // days of the period the plan was in force
	Share float64 // 0–1
}

// scoreLines gathers the lines whose achievements make a person's NHK of a
// period (a quarter 1–4, or the year): every line of every plan of the year
// that touches the period, each active for the days its plan's version was
// in force in it (SPEC §10.6.1, §13). A person with one plan for the whole
// year and no amendment has every line active the same days, and the lines
// are weighed by K3 alone (days false).
func (s *Service) scoreLines(ctx context.Context, pc *planContext, period int) (lines []ScoreLine, shares []PlanShare, days bool, err error) {
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: pc.year.ID, EmployeeID: pc.plan.EmployeeID})
	if err != nil {
		return nil, nil, false, err
	}
	ids := make([]int64, len(plans))
	for i, p := range plans {
		ids[i] = p.ID
	}
	decided, err := s.store.K3DecisionsOfPlans(ctx, ids...)
	if err != nil {
		return nil, nil, false, err
	}
	quarters := []int{period}
	if period == Year {
		quarters = []int{1, 2, 3, 4}
	}
	approved := 0
	for _, v := range pc.versions {
		if v.Status == domain.PlanApproved {
			approved++
		}
	}
	if len(plans) == 1 && plans[0].ID == pc.plan.ID && pc.plan.WholeYear() && approved == 1 {
		// One version all year: the last quarter's sheet holds every line.
		quarters = quarters[len(quarters)-1:]
	}
	for _, p := range plans {
		var mine []ScoreLine
		last := map[string]lineSeen{} // the sheet where each line was seen last, by code
		index := map[string]int{}
		planDays := 0
		for _, q := range quarters {
			d := p.Days(domain.QuarterStart(pc.year.Year, q), domain.QuarterEnd(pc.year.Year, q))
			if d == 0 {
				continue
			}
			sc, err := s.loadSheet(ctx, s.store, p.ID, q)
			if st := (*domain.StateError)(nil); errors.As(err, &st) && st.Msg.Key == "sheet.plan_not_approved" {
				break // a plan never approved has no lines to score
			} else if err != nil {
				return nil, nil, false, err
			}
			planDays += d
			for _, l := range sc.lines {
				// An amendment copies the lines: the code follows a line across versions.
				i, ok := index[l.Code]
				if !ok {
					i = len(mine)
					index[l.Code] = i
					mine = append(mine, ScoreLine{PlanID: p.ID})
				}
				mine[i].Line = l
				mine[i].Days += d
				last[l.Code] = lineSeen{sc, q}
			}
		}
		if planDays == 0 {
			continue
		}
		s.lineFigures(mine, last, period, decided)
		lines = append(lines, mine...)
		shares = append(shares, PlanShare{Plan: p, Days: planDays})
	}
	for _, l := range lines {
		if l.Days != lines[0].Days || l.PlanID != lines[0].PlanID {
			days = true
		}
	}
	total, part := 0.0, map[int64]float64{}
	for _, l := range lines {
		if l.Achievement.OK && l.K3.OK {
			w := l.K3.V * float64(l.Days)
			total += w
			part[l.PlanID] += w
		}
	}
	for i := range shares {
		if total > 0 {
			shares[i].Share = part[shares[i].Plan.ID] / total
		}
	}
	return lines, shares, days, nil
}

// lineSeen is the sheet (and its quarter) where a line was seen last.
type lineSeen struct {
	sc *sheetContext
	q  int
}

// lineFigures gives each line its K3 (as decided by the pengelola kinerja,
// else as its manual gives it) and its figures from the sheet where it was
// seen last: the quarter's to-date ones (the achievement frozen once
// verified) or, at the end of the year, the year's.
func (s *Service) lineFigures(mine []ScoreLine, last map[string]lineSeen, period int, decided map[int64]domain.K3Decision) {
	for i := range mine {
		sl := &mine[i]
		at := last[sl.Line.Code]
		l := sl.Line
		annual := calc.AnnualTarget(calc.Consolidation(l.PeriodConsolidation), l.Targets)
		if k3, _ := s.k3Of(at.sc.rules, l, annual); k3 != nil {
			sl.K3 = calc.Some(k3.K3)
		}
		sl.K3 = decidedK3(decided, l.ID, sl.K3)
		if res, err := at.sc.rules.Evaluate(at.sc.indicator(l), false); err == nil {
			fig := res.Quarters[at.q-1].ToDate
			if period == Year && at.q == 4 {
				fig = res.Year
			}
			sl.Target, sl.Realisation, sl.Achievement = fig.Target, fig.Realisation, fig.Achievement
		}
		if r := at.sc.realisation(at.q, l.LineID); r.Frozen != nil && period != Year {
			sl.Achievement, sl.Frozen = r.Frozen.Achievement, true
		}
	}
}

package service

import (
	"context"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// officeData is everything about one office's year that the overviews need,
// loaded with a fixed handful of set-based queries (never one per person),
// so a dashboard costs the same few queries for 30 or 3,000 people.
type officeData struct {
	chart    *domain.Chart
	year     domain.Year
	rules    *calc.RuleSet
	officeID int64
	plans    []domain.Plan
	planOf   map[int64]domain.Plan        // by employee
	latest   map[int64]domain.PlanVersion // newest version, by plan
	approved map[int64]domain.PlanVersion // newest approved version, by plan
	lines    map[int64][]domain.Indicator // lines of the approved version, by plan
	sheets   map[int64]*[4]domain.Sheet   // by plan and quarter (zero: none)
	values   map[int64]map[int64]*lineValues
	reports  map[int64]*[4]domain.Report
	pending  []domain.Action // pending actions of the office's reports
}

// lineValues holds the reported values and frozen figures of one line by quarter.
type lineValues struct {
	value  [4]calc.Opt
	frozen [4]calc.Opt
	status [4]calc.Status
}

func (s *Service) loadOffice(ctx context.Context, c *domain.Chart, year domain.Year, officeID int64) (*officeData, error) {
	rs, err := s.RuleSet(year)
	if err != nil {
		return nil, err
	}
	od := &officeData{chart: c, year: year, rules: rs, officeID: officeID, planOf: map[int64]domain.Plan{}, latest: map[int64]domain.PlanVersion{},
		approved: map[int64]domain.PlanVersion{}, lines: map[int64][]domain.Indicator{}, sheets: map[int64]*[4]domain.Sheet{},
		values: map[int64]map[int64]*lineValues{}, reports: map[int64]*[4]domain.Report{}}
	st := s.store
	if od.plans, err = st.ListPlans(ctx, store.PlanFilter{YearID: year.ID, OfficeID: officeID}); err != nil {
		return nil, err
	}
	for _, p := range od.plans {
		od.planOf[p.EmployeeID] = p
	}
	versions, err := st.ListVersionsOfOffice(ctx, year.ID, officeID)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		od.latest[v.PlanID] = v
		if v.Status == domain.PlanApproved {
			od.approved[v.PlanID] = v
		}
	}
	var vids []int64
	planOfVersion := map[int64]int64{}
	for pid, v := range od.approved {
		vids = append(vids, v.ID)
		planOfVersion[v.ID] = pid
	}
	lines, err := st.ListIndicatorsOfVersions(ctx, vids)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		pid := planOfVersion[l.VersionID]
		od.lines[pid] = append(od.lines[pid], l)
	}
	sheets, err := st.ListSheetsOfOffice(ctx, year.ID, officeID, 0)
	if err != nil {
		return nil, err
	}
	for _, sh := range sheets {
		if od.sheets[sh.PlanID] == nil {
			od.sheets[sh.PlanID] = &[4]domain.Sheet{}
		}
		if sh.Quarter >= 1 && sh.Quarter <= 4 {
			od.sheets[sh.PlanID][sh.Quarter-1] = sh
		}
	}
	vals, err := st.ListRealisationValuesOfOffice(ctx, year.ID, officeID)
	if err != nil {
		return nil, err
	}
	for _, v := range vals {
		if v.Quarter < 1 || v.Quarter > 4 {
			continue
		}
		m := od.values[v.PlanID]
		if m == nil {
			m = map[int64]*lineValues{}
			od.values[v.PlanID] = m
		}
		lv := m[v.LineID]
		if lv == nil {
			lv = &lineValues{}
			m[v.LineID] = lv
		}
		lv.value[v.Quarter-1], lv.frozen[v.Quarter-1], lv.status[v.Quarter-1] = v.Value, v.FrozenAchievement, calc.Status(v.FrozenStatus)
	}
	reports, err := st.ListReportsOfOffice(ctx, year.ID, officeID, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if od.reports[r.PlanID] == nil {
			od.reports[r.PlanID] = &[4]domain.Report{}
		}
		if r.Quarter >= 1 && r.Quarter <= 4 {
			od.reports[r.PlanID][r.Quarter-1] = r
		}
	}
	if od.pending, err = st.ListActions(ctx, store.ActionFilter{YearID: year.ID, OfficeID: officeID, PendingOnly: true}); err != nil {
		return nil, err
	}
	return od, nil
}

// sheet returns the sheet of a plan in a quarter (zero when none).
func (od *officeData) sheet(planID int64, q int) domain.Sheet {
	if s := od.sheets[planID]; s != nil {
		return s[q-1]
	}
	return domain.Sheet{}
}

// LineTrack is one line's to-date figures in every quarter, frozen where
// verified, with its year-end projection.
type LineTrack struct {
	Line       domain.Indicator
	ToDate     [4]calc.Figures
	Frozen     [4]bool
	Projection calc.Projection
	Latest     int // the latest quarter with a to-date achievement
}

// track computes a line's figures for Q1..Q4 and its projection.
func (od *officeData) track(planID int64, l domain.Indicator) LineTrack {
	lt := LineTrack{Line: l}
	ci := calc.Indicator{Polarity: calc.Polarity(l.Polarity), Consolidation: calc.Consolidation(l.PeriodConsolidation),
		Targets: l.Targets, MaxTarget: l.MaxTarget, Worst: l.Worst, Scale: l.Scale}
	lv := od.values[planID][l.LineID]
	if lv != nil {
		for q := 0; q < 4; q++ {
			if l.Targets[q].OK {
				ci.Realisations[q] = lv.value[q]
			}
		}
	}
	res, err := od.rules.Evaluate(ci, false)
	if err != nil {
		return lt
	}
	for q := 0; q < 4; q++ {
		lt.ToDate[q] = res.Quarters[q].ToDate
		if lv != nil && lv.frozen[q].OK {
			lt.ToDate[q].Achievement, lt.ToDate[q].Status, lt.Frozen[q] = lv.frozen[q], lv.status[q], true
		}
		if lt.ToDate[q].Achievement.OK && l.Targets[q].OK {
			lt.Latest = q + 1
		}
	}
	if lt.Latest > 0 {
		lt.Projection, _ = od.rules.Project(ci, lt.Latest, false)
	}
	return lt
}

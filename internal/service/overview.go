package service

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"golang.org/x/sync/errgroup"
)

// OfficeScore is one office's figures of a quarter as the organisation
// overview shows them: its NKO and how far its people have reported.
type OfficeScore struct {
	Office     domain.Unit
	Region     domain.Unit // the unit above the office (zero at the top)
	HasPK      bool        // an approved PK with a strategy map
	NKO        calc.Opt
	Status     calc.Status
	Official   bool     // the PK's sheet is verified: the NKO is final
	People     int      // employees placed in the office
	Plans      int      // approved plans
	Sent       int      // sheets of the quarter sent or further on
	Verified   int      // sheets verified or locked
	Lines      int      // indicators of the approved plans
	NHK        calc.Opt // mean NHK of the employees with one (confidential: ScoreRead)
	NHKCount   int
	ComputedAt time.Time
}

// Overview is the NKO of every office an actor may read, in one quarter.
type Overview struct {
	Year     domain.Year
	Quarter  int
	Offices  []OfficeScore
	ShowNHK  bool // the viewer may see score aggregates
	Official int  // offices whose NKO is final
	Mean     calc.Opt
	Regions  []RegionScores // Offices grouped by the unit above them
}

// RegionScores are the offices under one unit (a regional office), in the
// order of Overview.Offices.
type RegionScores struct {
	Region  domain.Unit
	Offices []OfficeScore
	Mean    calc.Opt // mean NKO of its offices that have one
}

// meanNKO is the mean NKO of the offices that have one.
func meanNKO(list []OfficeScore) calc.Opt {
	sum, n := 0.0, 0
	for _, o := range list {
		if o.NKO.OK {
			sum, n = sum+o.NKO.V, n+1
		}
	}
	if n == 0 {
		return calc.Opt{}
	}
	return calc.Some(sum / float64(n))
}

// RecomputeStats says what a recomputation did.
type RecomputeStats struct {
	Offices, People, Plans, Lines int
	Took                          time.Duration
}

// scoreKey is a cached office score: one office, year and quarter.
type scoreKey struct {
	year    int64
	quarter int
	office  int64
}

// cachedScore is a score with the counters it was computed at.
type cachedScore struct {
	score            OfficeScore
	office, all, org int64
}

// scoreCache keeps computed office scores. An entry is used only while the
// office's figures counter, the counter of every office and the org chart's
// version are where they were when it was computed (store.FiguresChanged):
// a change anywhere, by any server, is seen at the next read.
type scoreCache struct {
	mu sync.Mutex
	m  map[scoreKey]cachedScore
}

// Overview returns the NKO of every office the actor may read in a quarter,
// from the cache where the figures have not changed since they were
// computed, recomputing the others.
func (s *Service) Overview(ctx context.Context, a authz.Actor, year, quarter int) (Overview, error) {
	return s.overview(ctx, a, year, quarter, false)
}

// RecomputeQuarter computes the achievement of every indicator, the NKO of
// every office and the NHK of every employee of a quarter afresh, for every
// office the actor may read, and refreshes the cache with them.
func (s *Service) RecomputeQuarter(ctx context.Context, a authz.Actor, year, quarter int) (Overview, RecomputeStats, error) {
	start := time.Now()
	ov, err := s.overview(ctx, a, year, quarter, true)
	st := RecomputeStats{Offices: len(ov.Offices), Took: time.Since(start)}
	for _, o := range ov.Offices {
		st.People += o.People
		st.Plans += o.Plans
		st.Lines += o.Lines
	}
	return ov, st, err
}

func (s *Service) overview(ctx context.Context, a authz.Actor, year, quarter int, fresh bool) (Overview, error) {
	var ov Overview
	if quarter < 1 || quarter > 4 {
		return ov, domain.ErrNotFound
	}
	if !a.User.Active || (!authz.Can(a, authz.OfficeRead) && a.EmployeeID() == 0) {
		return ov, domain.ErrForbidden
	}
	c, org, err := s.scoreChart(ctx)
	if err != nil {
		return ov, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return ov, err
	}
	ov.Year, ov.Quarter = y, quarter
	ov.ShowNHK = authz.Can(a, authz.ScoreRead)
	var offices []int64
	for id := range c.Units {
		if c.Working(id) && authz.CanReadOffice(a, c, id) {
			offices = append(offices, id)
		}
	}
	if len(offices) == 0 {
		return ov, nil // no office yet, or none the viewer may read
	}
	slices.Sort(offices)
	if ov.Offices, err = s.officeScores(ctx, c, org, y, quarter, offices, fresh); err != nil {
		return Overview{}, err
	}
	for i := range ov.Offices {
		o := &ov.Offices[i]
		if !ov.ShowNHK {
			o.NHK, o.NHKCount = calc.Opt{}, 0
		}
		if o.Official {
			ov.Official++
		}
	}
	ov.Mean = meanNKO(ov.Offices)
	slices.SortStableFunc(ov.Offices, func(x, y OfficeScore) int {
		return cmp.Or(cmp.Compare(x.Region.Name, y.Region.Name), cmp.Compare(x.Region.ID, y.Region.ID), cmp.Compare(x.Office.Code, y.Office.Code))
	})
	for start, end := 0, 0; start < len(ov.Offices); start = end {
		for end = start + 1; end < len(ov.Offices) && ov.Offices[end].Region.ID == ov.Offices[start].Region.ID; end++ {
		}
		list := ov.Offices[start:end]
		ov.Regions = append(ov.Regions, RegionScores{Region: list[0].Region, Offices: list, Mean: meanNKO(list)})
	}
	return ov, nil
}

// scoreChart returns the chart with the org chart's version read before it,
// so that a score computed from it is never cached under a newer version.
func (s *Service) scoreChart(ctx context.Context) (*domain.Chart, int64, error) {
	org, err := s.store.Counter(ctx, orgVersionKey)
	if err != nil {
		return nil, 0, err
	}
	c, err := s.Chart(ctx)
	return c, org, err
}

// officeScores returns the scores of offices in a quarter, from the cache
// where an office's figures have not changed since they were computed
// (unless fresh), computing the others and caching them.
func (s *Service) officeScores(ctx context.Context, c *domain.Chart, orgVersion int64, y domain.Year, quarter int, offices []int64, fresh bool) ([]OfficeScore, error) {
	counters, err := s.store.FiguresCounters(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OfficeScore, len(offices))
	var stale []int
	s.scores.mu.Lock()
	if s.scores.m == nil {
		s.scores.m = map[scoreKey]cachedScore{}
	}
	for i, id := range offices {
		e, ok := s.scores.m[scoreKey{y.ID, quarter, id}]
		if !fresh && ok && e.office == counters[id] && e.all == counters[0] && e.org == orgVersion {
			out[i] = e.score
		} else {
			stale = append(stale, i)
		}
	}
	s.scores.mu.Unlock()

	// Offices are independent: a few at a time, each with its handful of
	// set-based queries, keep the database and every core busy.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(2, 2*runtime.GOMAXPROCS(0)))
	for _, i := range stale {
		g.Go(func() error {
			sc, err := s.officeScore(gctx, c, y, offices[i], quarter)
			out[i] = sc
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	s.scores.mu.Lock()
	for _, i := range stale {
		id := offices[i]
		s.scores.m[scoreKey{y.ID, quarter, id}] = cachedScore{score: out[i], office: counters[id], all: counters[0], org: orgVersion}
	}
	s.scores.mu.Unlock()
	return out, nil
}

// officeScore computes one office's quarter from its data: every line's
// to-date achievement (frozen where verified), the NKO from the head's PK
// and each employee's NHK from the IKIs and their K3.
func (s *Service) officeScore(ctx context.Context, c *domain.Chart, y domain.Year, officeID int64, quarter int) (OfficeScore, error) {
	off := c.Units[officeID]
	sc := OfficeScore{Office: *off, People: len(c.OfficeEmployees(officeID)), ComputedAt: s.Now()}
	if p := c.Units[off.ParentID]; p != nil {
		sc.Region = *p
	}
	od, err := s.readOfficePlans(ctx, c, y, officeID)
	if err != nil {
		return sc, err
	}
	if err := s.needLines(ctx, od, nil); err != nil {
		return sc, err
	}
	if err := s.needValues(ctx, od, nil); err != nil {
		return sc, err
	}
	trend, err := s.officeTrend(ctx, od, *off)
	if err != nil {
		return sc, err
	}
	if v := trend[quarter-1]; v.Available() {
		sc.NKO, sc.Status, sc.Official = calc.Some(v.Result.NKO), v.Status, v.Official
	}
	sc.HasPK = trend[quarter-1].PlanID != 0
	nhk := 0.0
	for _, p := range od.plans {
		if _, ok := od.approved[p.ID]; !ok {
			continue
		}
		sc.Plans++
		switch st := od.sheet(p.ID, quarter).Status; {
		case st.Frozen():
			sc.Verified++
			sc.Sent++
		case st == domain.SheetSubmitted || st == domain.SheetValidated:
			sc.Sent++
		}
		var inds []calc.NKPIndicator
		for _, l := range od.lines[p.ID] {
			sc.Lines++
			if p.Kind == domain.PlanPK {
				continue
			}
			f := od.track(p.ID, l, false).ToDate[quarter-1]
			var k3 calc.Opt
			if in, ok := k3Input(l, calc.AnnualTarget(calc.Consolidation(l.PeriodConsolidation), l.Targets)); ok {
				if r, err := od.rules.K3(in, false); err == nil {
					k3 = calc.Some(r.K3)
				}
			}
			if k3 = decidedK3(od.decided, l.ID, k3); !k3.OK || !f.Achievement.OK {
				continue
			}
			inds = append(inds, calc.NKPIndicator{Achievement: f.Achievement, K3: k3.V})
		}
		if len(inds) == 0 {
			continue
		}
		v, err := od.rules.NHK(inds)
		var ie *calc.InputError
		if errors.As(err, &ie) {
			continue // an indicator the rules refuse: no NHK for this person
		} else if err != nil {
			return sc, err
		}
		nhk += v
		sc.NHKCount++
	}
	if sc.NHKCount > 0 {
		sc.NHK = calc.Some(nhk / float64(sc.NHKCount))
	}
	return sc, nil
}

// WarmOverview computes the organisation overview of the current quarter
// of the working year into the cache, so that the first person to open it
// after the server starts does not wait for every office. It returns the
// number of offices computed.
func (s *Service) WarmOverview(ctx context.Context) (int, error) {
	years, err := s.listYears(ctx)
	if err != nil || len(years) == 0 {
		return 0, err
	}
	y, _ := s.WorkingYear(years)
	ov, err := s.overview(ctx, SystemActor(), y.Year, s.CurrentQuarter(y.Year), false)
	return len(ov.Offices), err
}

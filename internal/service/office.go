package service

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// officeData is everything about one office's year that the overviews need,
// loaded with a fixed handful of set-based queries (never one per person),
// so a dashboard costs the same few queries for 30 or 3,000 people. The
// plans, their states, reports and actions are loaded at once; the lines and
// their reported values, by far the most rows, only for the plans an
// overview draws (needLines, needValues). It is used by one goroutine at a time.
type officeData struct {
	chart    *domain.Chart
	year     domain.Year
	rules    *calc.RuleSet
	officeID int64
	*officeBase
	lines   map[int64][]domain.Indicator    // lines of the approved version, by plan (needLines)
	decided map[int64]domain.K3Decision     // K3 decisions on the office's lines, by indicator (needLines)
	values  map[int64]map[int64]*lineValues // by plan and line (needValues)

	hasLines, hasValues map[int64]bool // plans whose lines, values are loaded
	allLines, allValues bool           // every plan's are

	// only, when set, are the employees whose plans, sheets, reports and
	// actions (as owners) were loaded; nil: the whole office.
	only []int64
}

// officeBase is the part of officeData read whole when it is loaded: the
// plans with their versions, the sheets' states, the reports and open
// actions. Once loaded it is never changed, so the base of a whole office
// is shared between requests (baseCache).
type officeBase struct {
	planVersions
	plansOf  map[int64][]domain.Plan    // by employee, in the order of their periods
	planByID map[int64]domain.Plan      // by ID
	reportAt map[int64]reportPlace      // where each report belongs, by report ID
	sheets   map[int64]*[4]domain.Sheet // by plan and quarter (zero: none); states and times only
	reports  map[int64]*[4]domain.Report
	pending  []domain.Action // open actions of the office's reports, newest copies only
	actions  []domain.Action // every action pending was chosen from (for part)
}

// part is the base of some employees taken from the base of their whole
// office: what readOfficeBase reads for them, row for row, without a query.
func (b *officeBase) part(emps []int64) *officeBase {
	in := make(map[int64]bool, len(emps))
	for _, id := range emps {
		in[id] = true
	}
	p := &officeBase{planVersions: planVersions{latest: map[int64]domain.PlanVersion{}, approved: map[int64]domain.PlanVersion{}},
		plansOf: map[int64][]domain.Plan{}, planByID: map[int64]domain.Plan{}, reportAt: map[int64]reportPlace{},
		sheets: map[int64]*[4]domain.Sheet{}, reports: map[int64]*[4]domain.Report{}}
	for _, pl := range b.plans {
		if !in[pl.EmployeeID] {
			continue
		}
		p.plans = append(p.plans, pl)
		p.plansOf[pl.EmployeeID] = append(p.plansOf[pl.EmployeeID], pl)
		p.planByID[pl.ID] = pl
		if v, ok := b.latest[pl.ID]; ok {
			p.latest[pl.ID] = v
		}
		if v, ok := b.approved[pl.ID]; ok {
			p.approved[pl.ID] = v
		}
		if sh := b.sheets[pl.ID]; sh != nil {
			p.sheets[pl.ID] = sh
		}
		if rs := b.reports[pl.ID]; rs != nil {
			p.reports[pl.ID] = rs
			for _, r := range rs {
				if r.ID != 0 {
					p.reportAt[r.ID] = b.reportAt[r.ID]
				}
			}
		}
	}
	for _, x := range b.actions {
		if in[x.OwnerID] {
			p.actions = append(p.actions, x)
		}
	}
	p.pending = openActions(p.actions)
	return p
}

// baseCache keeps the base of whole offices by year and office. An entry
// is used only while the office's data counter and the one of every office
// are where they were before it was read (store.OfficeDataCounters), so a
// change made by any server is seen at the next read.
type baseCache struct {
	mu sync.Mutex
	m  map[[2]int64]cachedBase
}

type cachedBase struct {
	base        *officeBase
	office, all int64
}

// maxCachedBases bounds the memory the cache holds: a server answers for a
// few offices at a time; the rest is read again when asked for.
const maxCachedBases = 64

// officeBaseOf returns the base of a whole office's year, from the cache
// while the office's data has not changed.
func (s *Service) officeBaseOf(ctx context.Context, yearID, officeID int64) (*officeBase, error) {
	// The counters are read before the data: data read after them is at
	// least as new, so an entry never holds data older than its counters.
	b, office, all, err := s.keptBase(ctx, yearID, officeID)
	if err != nil || b != nil {
		return b, err
	}
	key := [2]int64{yearID, officeID}
	b, err = s.readOfficeBase(ctx, yearID, officeID)
	if err != nil {
		return nil, err
	}
	s.bases.mu.Lock()
	defer s.bases.mu.Unlock()
	if s.bases.m == nil || len(s.bases.m) >= maxCachedBases {
		s.bases.m = map[[2]int64]cachedBase{}
	}
	if e, ok := s.bases.m[key]; !ok || e.office < office || e.all < all {
		s.bases.m[key] = cachedBase{base: b, office: office, all: all}
	}
	return b, nil
}

// keptBase returns the cached base of a whole office while its data has not
// changed (nil otherwise), with the counters read.
func (s *Service) keptBase(ctx context.Context, yearID, officeID int64) (b *officeBase, office, all int64, err error) {
	if office, all, err = s.officeCounters(ctx, officeID); err != nil {
		return nil, 0, 0, err
	}
	s.bases.mu.Lock()
	e, ok := s.bases.m[[2]int64{yearID, officeID}]
	s.bases.mu.Unlock()
	if ok && e.office == office && e.all == all {
		return e.base, office, all, nil
	}
	return nil, office, all, nil
}

// lineValues holds the reported values and frozen figures of one line by quarter.
type lineValues struct {
	value  [4]calc.Opt
	frozen [4]calc.Opt
	status [4]calc.Status
}

// officeMemo keeps the office data loaded while answering one request, so
// that a page made of several overviews (the head's home: dashboard, team,
// own plan, inbox) loads each office once.
type officeMemo struct {
	mu sync.Mutex
	m  map[officeKey]*officeData

	// What every part of a page asks again (the head's home asked for the
	// org chart's version ten times and for its year six): read once.
	// Its own lock, as loading an office under mu may ask for them.
	small      sync.Mutex
	orgVersion int64
	yearsAt    int64 // the years counter, read with orgVersion
	orgRead    bool
	allYears   []domain.Year // every year, once read
	yearsRead  bool
	unread     map[int64]int          // unread notifications by user
	counters   map[int64][2]int64     // office data counters by office (the office's, every office's)
	nkos       map[[3]int64]nkoFigure // by year, quarter and office
}

type officeKey struct {
	chart          *domain.Chart
	year, officeID int64
	only           string // the employees loaded, "" for the whole office
}

type officeMemoKey struct{}

// WithOfficeMemo returns a context in which the overviews share the office
// data they load. Use it for a request that only reads: data loaded once is
// not reloaded after a change made in the same context.
func WithOfficeMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, officeMemoKey{}, &officeMemo{m: map[officeKey]*officeData{}})
}

func memoOf(ctx context.Context) *officeMemo {
	memo, _ := ctx.Value(officeMemoKey{}).(*officeMemo)
	return memo
}

// orgVersion is the org chart's version counter, read once per read-only
// request (with the years counter, which nearly every page needs too).
func (s *Service) orgVersion(ctx context.Context) (int64, error) {
	memo := memoOf(ctx)
	if memo == nil {
		return s.store.Counter(ctx, orgVersionKey)
	}
	memo.small.Lock()
	defer memo.small.Unlock()
	if err := s.readCounters(ctx, memo); err != nil {
		return 0, err
	}
	return memo.orgVersion, nil
}

// readCounters reads the org chart's and the years' counters into the
// request's memo, once; the caller holds memo.small.
func (s *Service) readCounters(ctx context.Context, memo *officeMemo) error {
	if memo.orgRead {
		return nil
	}
	vs, err := s.store.Counters(ctx, orgVersionKey, store.YearsCounter)
	if err != nil {
		return err
	}
	memo.orgVersion, memo.yearsAt, memo.orgRead = vs[0], vs[1], true
	return nil
}

// listYears reads every year, newest first, once per read-only request;
// between requests the years are kept until a write moves their counter.
func (s *Service) listYears(ctx context.Context) ([]domain.Year, error) {
	memo := memoOf(ctx)
	if memo == nil {
		return s.store.ListYears(ctx)
	}
	memo.small.Lock()
	defer memo.small.Unlock()
	if err := s.memoYears(ctx, memo); err != nil {
		return nil, err
	}
	return slices.Clone(memo.allYears), nil
}

// memoYears puts every year into the request's memo, once; the caller
// holds memo.small.
func (s *Service) memoYears(ctx context.Context, memo *officeMemo) error {
	if memo.yearsRead {
		return nil
	}
	if err := s.readCounters(ctx, memo); err != nil {
		return err
	}
	ys, err := s.keptYears(ctx, memo.yearsAt)
	if err != nil {
		return err
	}
	memo.allYears, memo.yearsRead = ys, true
	return nil
}

// keptYears returns every year as of the years counter v, read again when
// the counter moved. The counter is read before the years, so what is kept
// is never older than its counter says.
func (s *Service) keptYears(ctx context.Context, v int64) ([]domain.Year, error) {
	s.yearsMu.Lock()
	defer s.yearsMu.Unlock()
	if s.yearsOK && s.yearsVersion == v {
		return s.years, nil
	}
	ys, err := s.store.ListYears(ctx)
	if err != nil {
		return nil, err
	}
	s.years, s.yearsVersion, s.yearsOK = ys, v, true
	return ys, nil
}

// officeCounters reads an office's data counters (store.OfficeDataCounters),
// once per read-only request.
func (s *Service) officeCounters(ctx context.Context, officeID int64) (office, all int64, err error) {
	memo := memoOf(ctx)
	if memo == nil {
		return s.store.OfficeDataCounters(ctx, officeID)
	}
	memo.small.Lock()
	defer memo.small.Unlock()
	if c, ok := memo.counters[officeID]; ok {
		return c[0], c[1], nil
	}
	if office, all, err = s.store.OfficeDataCounters(ctx, officeID); err != nil {
		return 0, 0, err
	}
	if memo.counters == nil {
		memo.counters = map[int64][2]int64{}
	}
	memo.counters[officeID] = [2]int64{office, all}
	return office, all, nil
}

// unreadCount counts a user's unread notifications, once per read-only
// request (the menu's badge and the inbox both show it).
func (s *Service) unreadCount(ctx context.Context, userID int64) (int, error) {
	memo := memoOf(ctx)
	if memo == nil {
		return s.store.CountUnreadNotifications(ctx, userID)
	}
	memo.small.Lock()
	defer memo.small.Unlock()
	if n, ok := memo.unread[userID]; ok {
		return n, nil
	}
	n, err := s.store.CountUnreadNotifications(ctx, userID)
	if err != nil {
		return 0, err
	}
	if memo.unread == nil {
		memo.unread = map[int64]int{}
	}
	memo.unread[userID] = n
	return n, nil
}

// yearNumbered reads a performance year with its quarters, once per
// read-only request (from the years kept between requests).
func (s *Service) yearNumbered(ctx context.Context, year int) (domain.Year, error) {
	memo := memoOf(ctx)
	if memo == nil {
		return s.store.GetYear(ctx, year)
	}
	memo.small.Lock()
	defer memo.small.Unlock()
	if err := s.memoYears(ctx, memo); err != nil {
		return domain.Year{}, err
	}
	for _, y := range memo.allYears {
		if y.Year == year {
			return y, nil
		}
	}
	return s.store.GetYear(ctx, year) // not found, unless opened just now
}

// loadOffice loads an office's year, or takes it from the request's memo.
// Callers read the result and never change it.
func (s *Service) loadOffice(ctx context.Context, c *domain.Chart, year domain.Year, officeID int64) (*officeData, error) {
	return s.loadOfficeOf(ctx, c, year, officeID, nil)
}

// loadOfficeOf is loadOffice for what concerns some employees only (their
// plans, sheets and reports, the actions they own): a person's own page in
// a large office reads a few rows instead of the whole office. A list
// covering much of the office loads it whole.
func (s *Service) loadOfficeOf(ctx context.Context, c *domain.Chart, year domain.Year, officeID int64, emps []int64) (*officeData, error) {
	if emps != nil && 4*len(emps) >= len(c.OfficeEmployees(officeID)) {
		emps = nil
	}
	if emps != nil {
		emps = slices.Sorted(slices.Values(emps))
		emps = slices.Compact(emps)
	}
	memo := memoOf(ctx)
	if memo == nil {
		return s.readOffice(ctx, c, year, officeID, emps)
	}
	// Holding the lock while loading keeps parallel overviews from loading twice.
	memo.mu.Lock()
	defer memo.mu.Unlock()
	key := officeKey{chart: c, year: year.ID, officeID: officeID}
	if od, ok := memo.m[key]; ok {
		return od, nil // the whole office serves any part of it
	}
	if emps != nil {
		key.only = fmt.Sprint(emps)
	}
	if od, ok := memo.m[key]; ok {
		return od, nil
	}
	od, err := s.readOffice(ctx, c, year, officeID, emps)
	if err == nil {
		memo.m[key] = od
	}
	return od, err
}

func (s *Service) readOffice(ctx context.Context, c *domain.Chart, year domain.Year, officeID int64, emps []int64) (*officeData, error) {
	var b *officeBase
	var err error
	switch {
	case emps == nil:
		b, err = s.officeBaseOf(ctx, year.ID, officeID)
	default:
		// Some people's part of an office kept whole costs no query.
		if b, _, _, err = s.keptBase(ctx, year.ID, officeID); b != nil {
			b = b.part(emps)
		} else if err == nil {
			b, err = s.readOfficeBase(ctx, year.ID, officeID, emps...)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.newOfficeData(c, year, officeID, b, emps)
}

// readOfficeBase reads the base of an office's year (of some employees
// only, when given).
func (s *Service) readOfficeBase(ctx context.Context, yearID, officeID int64, emps ...int64) (*officeBase, error) {
	b, err := s.readBasePlans(ctx, yearID, officeID, emps...)
	if err != nil {
		return nil, err
	}
	return b, s.readOfficeReports(ctx, b, yearID, officeID, emps)
}

func (s *Service) newOfficeData(c *domain.Chart, year domain.Year, officeID int64, b *officeBase, emps []int64) (*officeData, error) {
	rs, err := s.RuleSet(year)
	if err != nil {
		return nil, err
	}
	return &officeData{chart: c, year: year, rules: rs, officeID: officeID, officeBase: b, lines: map[int64][]domain.Indicator{},
		values: map[int64]map[int64]*lineValues{}, hasLines: map[int64]bool{}, hasValues: map[int64]bool{}, only: emps}, nil
}

// readOfficePlans loads an office's plans, their versions and sheet states
// (of some employees only, when given): what its figures need, without the
// reports and actions.
func (s *Service) readOfficePlans(ctx context.Context, c *domain.Chart, year domain.Year, officeID int64, emps ...int64) (*officeData, error) {
	b, err := s.readBasePlans(ctx, year.ID, officeID, emps...)
	if err != nil {
		return nil, err
	}
	return s.newOfficeData(c, year, officeID, b, emps)
}

func (s *Service) readBasePlans(ctx context.Context, yearID, officeID int64, emps ...int64) (*officeBase, error) {
	pv, err := s.readPlanVersions(ctx, yearID, officeID, emps...)
	if err != nil {
		return nil, err
	}
	b := &officeBase{planVersions: pv, plansOf: map[int64][]domain.Plan{}, planByID: map[int64]domain.Plan{},
		reportAt: map[int64]reportPlace{}, sheets: map[int64]*[4]domain.Sheet{}, reports: map[int64]*[4]domain.Report{}}
	for _, p := range b.plans {
		b.plansOf[p.EmployeeID] = append(b.plansOf[p.EmployeeID], p)
		b.planByID[p.ID] = p
	}
	sheets, err := s.store.ListSheetStatesOfOffice(ctx, yearID, officeID, emps...)
	if err != nil {
		return nil, err
	}
	for _, sh := range sheets {
		if b.sheets[sh.PlanID] == nil {
			b.sheets[sh.PlanID] = &[4]domain.Sheet{}
		}
		if sh.Quarter >= 1 && sh.Quarter <= 4 {
			b.sheets[sh.PlanID][sh.Quarter-1] = sh
		}
	}
	return b, nil
}

// planVersions is an office's plans of a year (of some employees only, when
// asked) with their newest and newest approved versions.
type planVersions struct {
	plans    []domain.Plan
	latest   map[int64]domain.PlanVersion // newest version, by plan
	approved map[int64]domain.PlanVersion // newest approved version, by plan
}

// readPlanVersions loads an office's plans and versions with two queries,
// whatever the office's size.
func (s *Service) readPlanVersions(ctx context.Context, yearID, officeID int64, emps ...int64) (planVersions, error) {
	pv := planVersions{latest: map[int64]domain.PlanVersion{}, approved: map[int64]domain.PlanVersion{}}
	var err error
	if pv.plans, err = s.store.ListPlans(ctx, store.PlanFilter{YearID: yearID, OfficeID: officeID, Employees: emps}); err != nil {
		return pv, err
	}
	versions, err := s.store.ListVersionsOfOffice(ctx, yearID, officeID, emps...)
	if err != nil {
		return pv, err
	}
	for _, v := range versions { // oldest first
		pv.latest[v.PlanID] = v
		if v.Status == domain.PlanApproved {
			pv.approved[v.PlanID] = v
		}
	}
	return pv, nil
}

// newestLines loads the lines of every plan's newest version, drafts
// included, as the cascade and the K3 review show them, with the plan of
// each of those versions.
func (s *Service) newestLines(ctx context.Context, pv planVersions) ([]domain.Indicator, map[int64]domain.Plan, error) {
	vids, planOfVersion := pv.newestVersions()
	lines, err := s.store.ListIndicatorsOfVersions(ctx, vids)
	return lines, planOfVersion, err
}

// newestVersions lists the newest version of every plan, drafts included,
// with the plan of each.
func (pv planVersions) newestVersions() ([]int64, map[int64]domain.Plan) {
	planOfVersion := map[int64]domain.Plan{}
	var vids []int64
	for _, p := range pv.plans {
		if v, ok := pv.latest[p.ID]; ok {
			vids = append(vids, v.ID)
			planOfVersion[v.ID] = p
		}
	}
	return vids, planOfVersion
}

// readOfficeReports adds the office's reports and open actions.
func (s *Service) readOfficeReports(ctx context.Context, b *officeBase, yearID, officeID int64, only []int64) error {
	st := s.store
	reports, err := st.ListReportsOfOffice(ctx, yearID, officeID, 0, only...)
	if err != nil {
		return err
	}
	for _, r := range reports {
		if b.reports[r.PlanID] == nil {
			b.reports[r.PlanID] = &[4]domain.Report{}
		}
		if r.Quarter >= 1 && r.Quarter <= 4 {
			b.reports[r.PlanID][r.Quarter-1] = r
			b.reportAt[r.ID] = reportPlace{planID: r.PlanID, quarter: r.Quarter}
		}
	}
	actions, err := st.ListActions(ctx, store.ActionFilter{YearID: yearID, OfficeID: officeID, Owners: only})
	if err != nil {
		return err
	}
	b.actions, b.pending = actions, openActions(actions)
	return nil
}

// needLines loads the lines of the approved versions of some plans (nil:
// every plan of the office), unless loaded before. Most of an office is read
// with one office-wide query rather than a list of plans.
func (s *Service) needLines(ctx context.Context, od *officeData, planIDs []int64) error {
	if planIDs == nil && od.only != nil {
		planIDs = make([]int64, 0, len(od.plans))
		for _, p := range od.plans {
			planIDs = append(planIDs, p.ID)
		}
	}
	if od.allLines {
		return nil
	}
	var vids []int64
	for _, id := range planIDs {
		if v, ok := od.approved[id]; ok && !od.hasLines[id] {
			vids = append(vids, v.ID)
		}
	}
	if planIDs != nil && len(vids) == 0 {
		return nil
	}
	if 2*len(planIDs) > len(od.plans) && od.only == nil {
		planIDs = nil
	}
	var lines []domain.Indicator
	var err error
	if od.decided == nil {
		if od.decided, err = s.k3Decisions(ctx, od); err != nil {
			return err
		}
	}
	if planIDs == nil {
		lines, err = s.store.ListLineFiguresOfOffice(ctx, od.year.ID, od.officeID)
	} else {
		lines, err = s.store.ListLineFiguresOfVersions(ctx, vids)
	}
	if err != nil {
		return err
	}
	planOfVersion := map[int64]int64{}
	for pid, v := range od.approved {
		planOfVersion[v.ID] = pid
	}
	for _, l := range lines {
		// An office-wide read also brings the lines of older versions.
		if pid, ok := planOfVersion[l.VersionID]; ok && !od.hasLines[pid] {
			od.lines[pid] = append(od.lines[pid], l)
		}
	}
	if planIDs == nil {
		od.allLines = true
		return nil
	}
	for _, id := range planIDs {
		od.hasLines[id] = true
	}
	return nil
}

// k3Decisions reads the K3 decisions on the lines of what od holds: the
// whole office's, or only those of its plans when od is a part of it.
func (s *Service) k3Decisions(ctx context.Context, od *officeData) (map[int64]domain.K3Decision, error) {
	if od.only == nil {
		return s.store.K3DecisionsOfOffice(ctx, od.year.ID, od.officeID)
	}
	ids := make([]int64, len(od.plans))
	for i, p := range od.plans {
		ids[i] = p.ID
	}
	return s.store.K3DecisionsOfPlans(ctx, ids...)
}

// needValues loads the reported values and frozen figures of some plans
// (nil: every plan of the office), unless loaded before.
func (s *Service) needValues(ctx context.Context, od *officeData, planIDs []int64) error {
	if planIDs == nil && od.only != nil {
		planIDs = make([]int64, 0, len(od.plans))
		for _, p := range od.plans {
			planIDs = append(planIDs, p.ID)
		}
	}
	if od.allValues {
		return nil
	}
	var want []int64
	for _, id := range planIDs {
		if !od.hasValues[id] {
			want = append(want, id)
		}
	}
	if planIDs != nil && len(want) == 0 {
		return nil
	}
	if 2*len(planIDs) > len(od.plans) && od.only == nil {
		planIDs = nil
	}
	var vals []store.RealisationValue
	var err error
	if planIDs == nil {
		vals, err = s.store.ListRealisationValuesOfOffice(ctx, od.year.ID, od.officeID)
	} else {
		vals, err = s.store.ListRealisationValuesOfPlans(ctx, want)
	}
	if err != nil {
		return err
	}
	for _, v := range vals {
		if v.Quarter < 1 || v.Quarter > 4 || od.hasValues[v.PlanID] {
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
	if planIDs == nil {
		od.allValues = true
		return nil
	}
	for _, id := range planIDs {
		od.hasValues[id] = true
	}
	return nil
}

// reportPlace is the plan and quarter of a report.
type reportPlace struct {
	planID  int64
	quarter int
}

// actionPlace returns the plan and quarter of the report that holds an
// action, or zeros when the viewer may not open that report: an action's
// owner need not be allowed to read the report of the official who set it.
func (od *officeData) actionPlace(a authz.Actor, x domain.Action) (int64, int) {
	at, ok := od.reportAt[x.ReportID]
	if !ok || !authz.CanSeeEmployeeWork(a, od.chart, od.planByID[at.planID].EmployeeID) {
		return 0, 0
	}
	return at.planID, at.quarter
}

// planOn returns an employee's plan in force on day (domain.PlanOn): a
// person who moved has one plan per post, and a page about today shows the
// current one.
func (od *officeData) planOn(emp int64, day time.Time) (domain.Plan, bool) {
	return domain.PlanOn(od.plansOf[emp], day)
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

// track computes a line's figures for Q1..Q4 and its projection; with
// explain, the projection carries the steps that show how it was made
// (worth it for the few lines a page explains, not for a whole office).
func (od *officeData) track(planID int64, l domain.Indicator, explain bool) LineTrack {
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
		lt.Projection, _ = od.rules.Project(ci, lt.Latest, explain)
	}
	return lt
}

// readableOfficeYear is the chart, a working office the actor may read, and
// a year: what every office page of a year starts from.
func (s *Service) readableOfficeYear(ctx context.Context, a authz.Actor, year int, officeID int64) (*domain.Chart, *domain.Unit, domain.Year, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, nil, domain.Year{}, err
	}
	off := c.Units[officeID]
	if off == nil || !c.Working(officeID) {
		return nil, nil, domain.Year{}, domain.ErrNotFound
	}
	if !authz.CanReadOffice(a, c, officeID) {
		return nil, nil, domain.Year{}, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	return c, off, y, err
}

package service

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
)

// IKURow is one IKU on the head's dashboard.
type IKURow struct {
	Track     LineTrack
	Objective domain.Objective
	Actions   []domain.Action // pending actions of the head's reports on this IKU
	Overdue   int
}

// HeadDashboard answers the head's questions: where the office stands,
// what is red, whether the year is on track, who is late.
type HeadDashboard struct {
	Year      domain.Year
	Office    domain.Unit
	Quarter   int
	NKO       NKOView    // of Quarter (official, or provisional when not yet verified)
	Trend     [4]NKOView // Q1–Q4
	IKUs      []IKURow
	Attention []IKURow // yellow and red IKUs, worst first
	Progress  QuarterProgress
	HasPK     bool
}

// HeadDashboard builds the dashboard of an office for its head, the
// pengelola kinerja and readers of the office.
func (s *Service) HeadDashboard(ctx context.Context, a authz.Actor, year int, officeID int64) (HeadDashboard, error) {
	var d HeadDashboard
	c, err := s.Chart(ctx)
	if err != nil {
		return d, err
	}
	off := c.Units[officeID]
	if off == nil || !c.Working(officeID) {
		return d, domain.ErrNotFound
	}
	if !c.Heads(officeID, a.EmployeeID()) && !authz.CanInScope(a, c, authz.OfficeRead, officeID) && !authz.HeadsAbove(a, c, officeID) {
		return d, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return d, err
	}
	d.Year, d.Office, d.Quarter = y, *off, s.CurrentQuarter(y.Year)
	od, err := s.loadOffice(ctx, c, y, officeID)
	if err != nil {
		return d, err
	}
	if d.Trend, err = s.officeTrend(ctx, od, *off); err != nil {
		return d, err
	}
	d.NKO = d.Trend[d.Quarter-1]
	if d.Progress, err = s.officeProgress(ctx, a, od, d.Quarter); err != nil {
		return d, err
	}
	var pk *domain.Plan
	for i := range od.plans {
		if od.plans[i].Kind == domain.PlanPK {
			pk = &od.plans[i]
		}
	}
	if pk == nil {
		return d, nil
	}
	if err := s.needLines(ctx, od, []int64{pk.ID}); err != nil {
		return d, err
	}
	if err := s.needValues(ctx, od, []int64{pk.ID}); err != nil {
		return d, err
	}
	d.HasPK = len(od.lines[pk.ID]) > 0
	objs := map[int64]domain.Objective{}
	for _, o := range d.NKO.Map.Objectives {
		objs[o.ID] = o
	}
	headReports := map[int64]bool{}
	if r := od.reports[pk.ID]; r != nil {
		for _, x := range r {
			if x.ID != 0 {
				headReports[x.ID] = true
			}
		}
	}
	for _, l := range od.lines[pk.ID] {
		row := IKURow{Track: od.track(pk.ID, l, true), Objective: objs[l.ObjectiveID]}
		for _, x := range od.pending {
			if x.LineID == l.LineID && headReports[x.ReportID] {
				row.Actions = append(row.Actions, x)
				if x.Overdue(s.Today()) {
					row.Overdue++
				}
			}
		}
		d.IKUs = append(d.IKUs, row)
		if st := row.Track.ToDate[d.Quarter-1].Status; st == calc.StatusYellow || st == calc.StatusRed {
			d.Attention = append(d.Attention, row)
		}
	}
	sort.SliceStable(d.Attention, func(i, j int) bool {
		return d.Attention[i].Track.ToDate[d.Quarter-1].Achievement.V < d.Attention[j].Track.ToDate[d.Quarter-1].Achievement.V
	})
	return d, nil
}

// openActions keeps the pending actions that were not carried into a later
// report: a carried action is followed up (and can be overdue) only in its
// newest copy, whatever became of that copy.
func openActions(all []domain.Action) []domain.Action {
	carried := map[int64]bool{}
	for _, x := range all {
		if x.CarriedFrom != 0 {
			carried[x.CarriedFrom] = true
		}
	}
	var out []domain.Action
	for _, x := range all {
		if x.Status.Pending() && !carried[x.ID] {
			out = append(out, x)
		}
	}
	return out
}

// HeatCell is one person's achievement on one team indicator.
type HeatCell struct {
	Achievement calc.Opt
	Status      calc.Status
	LineID      int64
	Code        string
}

// TeamRow is one team member in the supervisor's view.
type TeamRow struct {
	Employee    domain.Employee
	Position    string
	PlanID      int64
	Cells       []HeatCell // one per team column
	SheetStatus string     // of the quarter; "no_plan" or "plan_not_approved" when there is none
	Late        bool
	Until       time.Time // the plan's last day when it ended before today (the person moved away or left)
	UnitID      int64     // the unit of the post shown: today's, or that of the ended plan
}

// TeamView is a supervisor's picture of their team for a quarter.
type TeamView struct {
	Year        domain.Year
	Quarter     int
	Columns     []domain.Indicator // the supervisor's indicators their team's are cascaded from
	Rows        []TeamRow
	NotSent     []TeamRow // sheets not submitted
	ToValidate  []TeamRow // sheets waiting for the viewer's validation
	Overdue     []ActionRow
	HasTeam     bool
	Supervisor  domain.Employee
	OtherColumn bool // some team indicators are not cascaded from the supervisor's
}

// TeamView builds the heat map of the people below the viewer: rows are
// people, columns the viewer's own indicators, each cell the achievement of
// the person's indicator cascaded from it.
func (s *Service) TeamView(ctx context.Context, a authz.Actor, year, quarter int) (TeamView, error) {
	return s.teamView(ctx, a, year, quarter, func(int64) bool { return true })
}

// TeamUnitView is TeamView with cells only for the people of one unit and
// the units below it; the others' rows come without cells, as in
// TeamSummary. Only the lines and values of that unit (and of the
// supervisors between it and the viewer, for the columns) are read.
func (s *Service) TeamUnitView(ctx context.Context, a authz.Actor, year, quarter int, unitID int64) (TeamView, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return TeamView{}, err
	}
	return s.teamView(ctx, a, year, quarter, func(u int64) bool { return u != 0 && c.InUnitTree(unitID, u) })
}

// TeamSummary is TeamView without the heat map (no columns, rows without
// cells): who has not sent, who waits for validation, what is overdue. It
// reads none of the team's indicators, which a large team has thousands of.
func (s *Service) TeamSummary(ctx context.Context, a authz.Actor, year, quarter int) (TeamView, error) {
	return s.teamView(ctx, a, year, quarter, nil)
}

// teamView builds the view; cellsIn tells the units whose people get their
// cells (nil: nobody's).
func (s *Service) teamView(ctx context.Context, a authz.Actor, year, quarter int, cellsIn func(unitID int64) bool) (TeamView, error) {
	var tv TeamView
	me := a.EmployeeID()
	c, err := s.Chart(ctx)
	if err != nil {
		return tv, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return tv, err
	}
	if quarter < 1 || quarter > 4 {
		quarter = s.CurrentQuarter(y.Year)
	}
	tv.Year, tv.Quarter = y, quarter
	if me == 0 {
		return tv, nil
	}
	team := c.AllBelow(me)
	office := c.EmployeeOffice(me)
	// People who moved away or left stay on the team of the plan they had
	// under the viewer, judged by the chart of its period, with the old plan.
	former, err := s.endedPlans(ctx, y, office, func(pc *domain.Chart, p domain.Plan) bool {
		return slices.Contains(pc.AllBelow(me), p.EmployeeID)
	})
	if err != nil {
		return tv, err
	}
	if len(team) == 0 && len(former) == 0 {
		return tv, nil
	}
	tv.HasTeam = true
	tv.Supervisor = *c.Employees[me]
	od, err := s.loadOfficeOf(ctx, c, y, office, append(append(slices.Clone(team), me), employeesOf(former)...))
	if err != nil {
		return tv, err
	}
	entries, err := s.teamEntries(ctx, c, od, me, team, former, quarter)
	if err != nil {
		return tv, err
	}
	mine, hasPlan := od.planOn(me, s.Today())
	cells := cellsIn != nil
	drawn := make([]bool, len(entries))
	if cells {
		if err := s.loadTeamCells(ctx, c, od, me, mine, entries, cellsIn, drawn); err != nil {
			return tv, err
		}
	}
	var cols heatColumns
	if hasPlan && cells {
		tv.Columns = append([]domain.Indicator(nil), od.lines[mine.ID]...)
		cols = newHeatColumns(od, tv.Columns)
	}
	for i, e := range entries {
		row, other := teamRow(c, od, e, quarter, len(tv.Columns), cols, drawn[i])
		tv.OtherColumn = tv.OtherColumn || other
		tv.Rows = append(tv.Rows, row)
		switch domain.SheetStatus(row.SheetStatus) {
		case domain.SheetDraft, domain.SheetReturned:
			tv.NotSent = append(tv.NotSent, row)
		case domain.SheetSubmitted:
			if e.direct {
				tv.ToValidate = append(tv.ToValidate, row)
			}
		}
	}
	tv.Overdue = s.overdueOf(a, od, team)
	return tv, nil
}

// teamEntry is one row of a team: a person with the plan shown (the one in
// force today, or the ended plan of a post they held under the viewer).
type teamEntry struct {
	emp    int64
	plan   domain.Plan
	ok     bool      // the person has a plan
	direct bool      // the viewer is their direct supervisor (on the plan's day)
	until  time.Time // the ended plan's last day; zero for today's team
}

// teamEntries lists today's team with their current plans, then the ended
// plans of those who moved away or left that report on the quarter.
func (s *Service) teamEntries(ctx context.Context, c *domain.Chart, od *officeData, me int64, team []int64, former []domain.Plan, quarter int) ([]teamEntry, error) {
	direct := map[int64]bool{}
	for _, id := range c.Subordinates(me) {
		direct[id] = true
	}
	var out []teamEntry
	shown := map[int64]bool{}
	for _, id := range team {
		p, ok := od.planOn(id, s.Today())
		out = append(out, teamEntry{emp: id, plan: p, ok: ok, direct: direct[id]})
		shown[p.ID] = ok
	}
	for _, p := range former {
		if shown[p.ID] || c.Employees[p.EmployeeID] == nil || !p.InQuarter(quarter) {
			continue
		}
		pc, err := s.chartFor(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, teamEntry{emp: p.EmployeeID, plan: p, ok: true, direct: slices.Contains(pc.Subordinates(me), p.EmployeeID), until: p.PeriodEnd})
	}
	return out, nil
}

// loadTeamCells marks the entries of the units cellsIn picks as drawn and
// loads their plans' lines and values, with the lines of the viewer and of
// the team members between the drawn people and the viewer: a cell finds
// its column through them, and they belong to the team or the viewer.
func (s *Service) loadTeamCells(ctx context.Context, c *domain.Chart, od *officeData, me int64, mine domain.Plan, entries []teamEntry, cellsIn func(int64) bool, drawn []bool) error {
	values := []int64{}
	above := map[int64]bool{}
	for i, e := range entries {
		if !cellsIn(teamEntryUnit(c, e)) {
			continue
		}
		drawn[i] = true
		values = append(values, e.plan.ID)
		// Walk up to the viewer: the supervisors' lines link the cell to its column.
		up := c.Supervisors(e.emp)
		for depth := 0; depth < 10 && len(up) > 0; depth++ {
			var next []int64
			for _, sup := range up {
				if sup != me && !above[sup] {
					above[sup] = true
					next = append(next, c.Supervisors(sup)...)
				}
			}
			up = next
		}
	}
	lines := append([]int64{mine.ID}, values...)
	for _, e := range entries {
		if above[e.emp] && e.until.IsZero() {
			lines = append(lines, e.plan.ID)
		}
	}
	if err := s.needLines(ctx, od, lines); err != nil {
		return err
	}
	return s.needValues(ctx, od, values)
}

// teamEntryUnit is the unit of the post a team row shows: today's, or that
// of the ended plan of a person who moved away or left.
func teamEntryUnit(c *domain.Chart, e teamEntry) int64 {
	if e.until.IsZero() {
		if pos, ok := c.Primary(e.emp); ok {
			return pos.UnitID
		}
	}
	if pos := c.Positions[e.plan.PositionID]; pos != nil {
		return pos.UnitID
	}
	return 0
}

// heatColumns finds the column of a line in the heat map: the viewer's line
// it descends from, however deep.
type heatColumns struct {
	colOf    map[int64]int   // the viewer's lines
	parentOf map[int64]int64 // every loaded line
}

func newHeatColumns(od *officeData, columns []domain.Indicator) heatColumns {
	hc := heatColumns{colOf: map[int64]int{}, parentOf: map[int64]int64{}}
	for i, l := range columns {
		hc.colOf[l.LineID] = i
	}
	for _, p := range od.plans {
		for _, l := range od.lines[p.ID] {
			hc.parentOf[l.LineID] = l.ParentLineID
		}
	}
	return hc
}

func (hc heatColumns) of(lineID int64) (int, bool) {
	for i := 0; i < 10 && lineID != 0; i++ {
		if col, ok := hc.colOf[lineID]; ok {
			return col, true
		}
		lineID = hc.parentOf[lineID]
	}
	return 0, false
}

// teamRow is one team member's row: their sheet's state in the quarter and,
// with cells, the achievement of each of their lines in its column. other
// tells that some line of theirs descends from none of the columns.
func teamRow(c *domain.Chart, od *officeData, e teamEntry, quarter, ncols int, cols heatColumns, cells bool) (row TeamRow, other bool) {
	row = TeamRow{Employee: *c.Employees[e.emp], SheetStatus: "no_plan", Until: e.until, UnitID: teamEntryUnit(c, e)}
	if cells {
		row.Cells = make([]HeatCell, ncols)
	}
	if pos, ok := c.Primary(e.emp); ok && e.until.IsZero() {
		row.Position = pos.Title
	} else if pos := c.Positions[e.plan.PositionID]; pos != nil {
		row.Position = pos.Title
	}
	p := e.plan
	if !e.ok {
		return row, false
	}
	row.PlanID = p.ID
	if _, ok := od.approved[p.ID]; !ok {
		row.SheetStatus = "plan_not_approved"
		return row, false
	}
	sh := od.sheet(p.ID, quarter)
	row.SheetStatus, row.Late = string(domain.SheetDraft), sh.Late
	if sh.ID != 0 {
		row.SheetStatus = string(sh.Status)
	} else if !p.InQuarter(quarter) {
		row.SheetStatus = "no_plan" // the plan does not report on this quarter
	}
	if !cells {
		return row, false
	}
	for _, l := range od.lines[p.ID] {
		col, ok := cols.of(l.LineID)
		if !ok {
			other = true
			continue
		}
		t := od.track(p.ID, l, false)
		row.Cells[col] = HeatCell{Achievement: t.ToDate[quarter-1].Achievement, Status: t.ToDate[quarter-1].Status, LineID: l.LineID, Code: l.Code}
	}
	return row, other
}

// overdueOf lists the overdue actions some people own.
func (s *Service) overdueOf(a authz.Actor, od *officeData, people []int64) []ActionRow {
	owners := map[int64]bool{}
	for _, id := range people {
		owners[id] = true
	}
	var out []ActionRow
	for _, x := range od.pending {
		if owners[x.OwnerID] && x.Overdue(s.Today()) {
			row := ActionRow{Action: x, Overdue: true}
			row.PlanID, row.Quarter = od.actionPlace(a, x)
			out = append(out, row)
		}
	}
	return out
}

// Deadline is a date the viewer has to meet.
type Deadline struct {
	What     domain.Msg
	Date     time.Time
	Link     string
	Done     bool
	Overdue  bool
	DaysLeft int
}

// Returned is something sent back to the viewer, with the reason.
type Returned struct {
	What    domain.Msg
	Comment string
	At      time.Time
	Link    string
}

// MyHome answers an employee's questions: how my plan is doing, what is
// due, what came back, what I still have to do.
type MyHome struct {
	Year      domain.Year
	Quarter   int
	Plan      *domain.Plan
	Version   domain.PlanVersion // newest
	Approved  bool
	Lines     []LineTrack
	Deadlines []Deadline
	Returned  []Returned
	Actions   []ActionRow
}

// MyHome builds the signed-in employee's home page data.
func (s *Service) MyHome(ctx context.Context, a authz.Actor, year int) (MyHome, error) {
	var h MyHome
	me := a.EmployeeID()
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return h, err
	}
	h.Year, h.Quarter = y, s.CurrentQuarter(y.Year)
	if me == 0 {
		return h, nil
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return h, err
	}
	office := c.EmployeeOffice(me)
	if office == 0 {
		return h, nil
	}
	od, err := s.loadOfficeOf(ctx, c, y, office, []int64{me})
	if err != nil {
		return h, err
	}
	today := s.Today()
	deadline := func(m domain.Msg, d time.Time, link string, done bool) {
		dl := Deadline{What: m, Date: d, Link: link, Done: done}
		dl.Overdue = !done && today.After(d)
		dl.DaysLeft = int(domain.Day(d).Sub(today).Hours() / 24)
		h.Deadlines = append(h.Deadlines, dl)
	}
	p, ok := od.planOn(me, today)
	if !ok {
		deadline(domain.M("home.deadline_plan"), y.PlanDueDate, "/plans", false)
	} else {
		h.Plan = &p
		h.Version = od.latest[p.ID]
		_, h.Approved = od.approved[p.ID]
		link := planLink(p.ID)
		deadline(domain.M("home.deadline_plan"), planDue(y, p), link, h.Approved)
		if h.Version.Status == domain.PlanReturned {
			h.Returned = append(h.Returned, Returned{What: domain.M("home.returned_plan", "kind", string(p.Kind), "version", h.Version.Number),
				Comment: h.Version.ReturnComment, At: h.Version.ReturnedAt, Link: link})
		}
		if err := s.needLines(ctx, od, []int64{p.ID}); err != nil {
			return h, err
		}
		if err := s.needValues(ctx, od, []int64{p.ID}); err != nil {
			return h, err
		}
		for _, l := range od.lines[p.ID] {
			h.Lines = append(h.Lines, od.track(p.ID, l, true))
		}
	}
	// The sheets and reports of every plan of the year: a person who moved
	// still reports the old plan's quarters.
	for _, p := range od.plansOf[me] {
		for q := 1; q <= 4; q++ {
			if !p.InQuarter(q) {
				continue
			}
			sh := od.sheet(p.ID, q)
			done := sh.ID != 0 && !sh.Status.Editable()
			if today.After(domain.QuarterEnd(y.Year, q).AddDate(0, -3, 0)) {
				deadline(domain.M("home.deadline_sheet", "q", q), y.Quarters[q-1].Deadline, sheetLink(p.ID, q), done)
			}
			if sh.Status == domain.SheetReturned {
				h.Returned = append(h.Returned, Returned{What: domain.M("home.returned_sheet", "q", q), Comment: sh.ReturnComment, At: sh.ReturnedAt, Link: sheetLink(p.ID, q)})
			}
			if reps := od.reports[p.ID]; reps != nil && reps[q-1].Status == domain.ReportReturned {
				r := reps[q-1]
				h.Returned = append(h.Returned, Returned{What: domain.M("home.returned_report", "q", q), Comment: r.ReturnComment, At: r.ReturnedAt, Link: reportLink(p.ID, q)})
			}
		}
	}
	// Only the deadlines still ahead, and the overdue ones, matter on a home page.
	var keep []Deadline
	for _, d := range h.Deadlines {
		if !d.Done {
			keep = append(keep, d)
		}
	}
	h.Deadlines = keep
	sort.Slice(h.Deadlines, func(i, j int) bool { return h.Deadlines[i].Date.Before(h.Deadlines[j].Date) })
	for _, x := range od.pending {
		if x.OwnerID == me {
			row := ActionRow{Action: x, Overdue: x.Overdue(today)}
			row.PlanID, row.Quarter = od.actionPlace(a, x)
			h.Actions = append(h.Actions, row)
		}
	}
	return h, nil
}

func planLink(planID int64) string { return "/plans/" + itoa64(planID) }

// Console is the pengelola kinerja's view of the cycle for a quarter.
type Console struct {
	Year          domain.Year
	Office        domain.Unit
	Quarter       int
	People        int
	PlansApproved int
	PlansLate     []PlanGap
	Progress      QuarterProgress
	K3Low         int
	K3Incomplete  int
	Corrections   []CorrectionRow
	LateSheets    []ProgressRow
	Reports       []ReportSummary
}

// Console builds the pengelola kinerja's console of an office and quarter.
func (s *Service) Console(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (Console, error) {
	var cs Console
	c, err := s.Chart(ctx)
	if err != nil {
		return cs, err
	}
	if !authz.CanInScope(a, c, authz.OfficeRead, officeID) {
		return cs, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return cs, err
	}
	if quarter < 1 || quarter > 4 {
		quarter = s.CurrentQuarter(y.Year)
	}
	cs.Year, cs.Quarter = y, quarter
	if u := c.Units[officeID]; u != nil {
		cs.Office = *u
	}
	od, err := s.loadOffice(ctx, c, y, officeID)
	if err != nil {
		return cs, err
	}
	if cs.Progress, err = s.officeProgress(ctx, a, od, quarter); err != nil {
		return cs, err
	}
	late := s.Today().After(y.PlanDueDate)
	people := c.OfficeEmployees(officeID)
	cs.People = len(people)
	for _, id := range people {
		p, ok := od.planOn(id, s.Today())
		if ok {
			if _, ok := od.approved[p.ID]; ok {
				cs.PlansApproved++
				continue
			}
		}
		g := PlanGap{EmployeeID: id, Name: c.Employees[id].Name, Status: "none", Late: late}
		if pos, ok := c.Primary(id); ok {
			g.Position, g.UnitID = pos.Title, pos.UnitID
		}
		if ok {
			g.Status = string(od.latest[p.ID].Status)
		}
		cs.PlansLate = append(cs.PlansLate, g)
	}
	if err := s.needLines(ctx, od, nil); err != nil {
		return cs, err
	}
	for _, p := range od.plans {
		for _, l := range od.lines[p.ID] {
			annual := calc.AnnualTarget(calc.Consolidation(l.PeriodConsolidation), l.Targets)
			// Counting needs no explanation, which would cost thirty times the figure.
			in, ok := k3Input(l, annual)
			if !ok {
				cs.K3Incomplete++
				continue
			}
			switch k3, err := od.rules.K3(in, false); {
			case err != nil:
				cs.K3Incomplete++
			case calc.Round2(k3.K3) < 1:
				cs.K3Low++
			}
		}
	}
	for _, u := range cs.Progress.Units {
		for _, r := range u.Rows {
			if r.Late || r.Overdue {
				cs.LateSheets = append(cs.LateSheets, r)
			}
		}
	}
	if cs.Corrections, err = s.ListCorrections(ctx, a, year, officeID, domain.CorrectionPending); err != nil {
		return cs, err
	}
	if cs.Reports, err = s.ListReports(ctx, a, year, quarter, officeID); err != nil {
		return cs, err
	}
	return cs, nil
}

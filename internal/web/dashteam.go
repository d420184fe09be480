package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/service"
)

// dashTeam is a supervisor's view of the people below them in a quarter.
type dashTeam struct {
	TV         service.TeamView
	Quarter    int
	Columns    []dashColumn
	Groups     []dashTeamGroup
	NotSent    []dashPerson
	ToValidate []dashPerson
	Overdue    []dashAction
}

type dashColumn struct{ Code, Name string }

// dashTeamGroup is the people of one unit: a heat map each, so that a
// large team stays readable.
type dashTeamGroup struct {
	Unit    string
	Columns []dashColumn
	Heat    dashFigure
	Rows    []dashPerson
}

// dashPerson is one team member's row.
type dashPerson struct {
	Name     string
	Position string
	Link     string // the quarter's sheet, or the plan while none is approved
	Status   string // sheet status, "no_plan" or "plan_not_approved"
	Late     bool
	Cells    []dashCell
}

type dashCell struct {
	Code        string
	Achievement string
	Status      string
}

// buildTeam loads the viewer's team for a quarter (0: the latest ended one);
// heat draws the heat maps, which a summary of the team does without.
func (s *Server) buildTeam(ctx context.Context, l i18n.Lang, a authz.Actor, sc dashScope, quarter int, heat bool) (*dashTeam, error) {
	view := s.svc.TeamView
	if !heat {
		view = s.svc.TeamSummary
	}
	tv, err := view(ctx, a, sc.Year.Year, quarter)
	if err != nil {
		return nil, err
	}
	return s.teamOf(l, sc, tv), nil
}

// teamOf lays a team view out: a heat map per unit of the people who come
// with their cells.
func (s *Server) teamOf(l i18n.Lang, sc dashScope, tv service.TeamView) *dashTeam {
	t := &dashTeam{TV: tv, Quarter: tv.Quarter}
	if !tv.HasTeam {
		return t
	}
	q := tv.Quarter
	c := sc.Chart
	rs := s.svc.DisplayRules(tv.Year)
	for _, col := range tv.Columns {
		t.Columns = append(t.Columns, dashColumn{Code: col.Code, Name: col.Name})
	}
	// person makes a row; cols picks the columns shown (nil: none).
	person := func(r service.TeamRow, cols []int) dashPerson {
		p := dashPerson{Name: r.Employee.Name, Position: r.Position, Status: r.SheetStatus, Late: r.Late}
		if !r.Until.IsZero() {
			// A person who moved away, shown with the plan of their old post.
			p.Position = l.T("team.position_until", "position", r.Position, "date", r.Until)
		}
		switch {
		case r.PlanID == 0:
		case r.SheetStatus == "plan_not_approved" || r.SheetStatus == "no_plan":
			p.Link = dashPlanLink(r.PlanID)
		default:
			p.Link = dashSheetLink(r.PlanID, q)
		}
		for _, j := range cols {
			cell := r.Cells[j]
			p.Cells = append(p.Cells, dashCell{Code: cell.Code, Achievement: scoreText(l, cell.Achievement), Status: string(cell.Status)})
		}
		return p
	}
	// One group per unit, each showing only the columns its people carry,
	// so that a section's map is not mostly empty cells.
	var rows [][]service.TeamRow
	var units []string
	groupOf := map[int64]int{}
	for _, r := range tv.Rows {
		if r.Cells == nil {
			continue // not drawn
		}
		unit := r.UnitID
		gi, ok := groupOf[unit]
		if !ok {
			gi = len(rows)
			groupOf[unit] = gi
			name := ""
			if u := c.Units[unit]; u != nil {
				name = u.Name
			}
			rows, units = append(rows, nil), append(units, name)
		}
		rows[gi] = append(rows[gi], r)
	}
	for gi, members := range rows {
		var cols []int
		for j := range tv.Columns {
			for _, r := range members {
				if j < len(r.Cells) && r.Cells[j].LineID != 0 {
					cols = append(cols, j)
					break
				}
			}
		}
		g := dashTeamGroup{Unit: units[gi]}
		hm := chart.HeatMap{Meta: chart.Meta{Title: l.T("dashui.heat_title", "unit", units[gi], "q", i18n.Quarter(string(l), q)),
			ID: "dh-heat-" + strconv.Itoa(gi), Lang: string(l)}, Bands: dashBands(l, rs)}
		for _, j := range cols {
			g.Columns = append(g.Columns, t.Columns[j])
			hm.Columns = append(hm.Columns, t.Columns[j].Code)
		}
		for _, r := range members {
			p := person(r, cols)
			g.Rows = append(g.Rows, p)
			vals := make([]float64, len(cols))
			for k, j := range cols {
				vals[k] = dashNaN(r.Cells[j].Achievement)
			}
			hm.Rows, hm.Links, hm.Values = append(hm.Rows, p.Name), append(hm.Links, p.Link), append(hm.Values, vals)
		}
		g.Heat = dashFigureOf(hm.SVG(), hm.Table())
		g.Heat.Wide = true
		t.Groups = append(t.Groups, g)
	}
	for _, r := range tv.NotSent {
		t.NotSent = append(t.NotSent, person(r, nil))
	}
	for _, r := range tv.ToValidate {
		t.ToValidate = append(t.ToValidate, person(r, nil))
	}
	for _, x := range tv.Overdue {
		da := dashAction{Description: x.Action.Description, Due: x.Action.DueDate, Status: x.Action.Status, Overdue: true}
		if e := c.Employees[x.Action.OwnerID]; e != nil {
			da.Owner = e.Name
		}
		if x.PlanID != 0 {
			da.Link = dashReportLink(x.PlanID, x.Quarter)
		}
		t.Overdue = append(t.Overdue, da)
	}
	return t
}

// teamPage is /team: the summary of the viewer's team by unit, and the heat
// maps of one unit, or of everyone for printing.
type teamPage struct {
	Scope    dashScope
	Team     *dashTeam
	Units    []teamUnit  // the units of the team, for the choice (none when the team is one unit)
	Unit     *teamUnit   // the unit drawn; nil with All or the summary
	All      bool        // everyone drawn, for printing
	People   int         // the whole team
	Statuses []teamCount // the whole team's sheets by status
	Param    string      // the unit parameter of the page, for the quarter choice
	Summary  string      // the link of the summary
	PrintAll string      // the link of everything
}

// teamUnit is a unit of the team with its people's counts (of the unit and
// the units below it).
type teamUnit struct {
	ID                       int64
	Name                     string
	Depth                    int
	People, NotSent, Overdue int
	Submitted, Done, NoPlan  int
	Link                     string
}

type teamCount struct {
	Status string
	N      int
}

func (s *Server) team(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.dashScope(r, a)
	if err != nil {
		return err
	}
	choice, err := parseUnitChoice(r)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := teamPage{Scope: sc, All: choice.All, Param: r.URL.Query().Get("unit")}
	if sc.Year != nil {
		links := newUnitLinker("/team", string(sc.Query()))
		if sc.Quarter != 0 {
			links.query.Set("q", strconv.Itoa(sc.Quarter))
		}
		d.Summary, d.PrintAll = links.to(""), links.to("all")
		if choice.Default {
			choice.ID = ownUnit(sc.Chart, a.EmployeeID())
		}
		var tv service.TeamView
		switch {
		case choice.All:
			tv, err = s.svc.TeamView(r.Context(), a, sc.Year.Year, sc.Quarter)
		case choice.ID != 0:
			tv, err = s.svc.TeamUnitView(r.Context(), a, sc.Year.Year, sc.Quarter, choice.ID)
		default:
			tv, err = s.svc.TeamSummary(r.Context(), a, sc.Year.Year, sc.Quarter)
		}
		if err != nil {
			return err
		}
		if err := d.summarise(sc.Chart, tv, choice, links); err != nil {
			return err
		}
		if d.Unit != nil {
			tv = teamOfUnit(tv)
		}
		d.Team = s.teamOf(l, sc, tv)
	}
	s.render(w, r, http.StatusOK, "team", l.T("dashui.team_title"), d)
	return nil
}

// summarise counts the whole team by status and by unit, and checks that
// a chosen unit is one of the team's.
func (d *teamPage) summarise(c *domain.Chart, tv service.TeamView, choice unitChoice, links unitLinker) error {
	counts := map[string]int{}
	for _, r := range tv.Rows {
		counts[r.SheetStatus]++
	}
	d.People = len(tv.Rows)
	for _, st := range []string{"no_plan", "plan_not_approved", "draft", "returned", "submitted", "validated", "verified", "locked"} {
		if counts[st] > 0 {
			d.Statuses = append(d.Statuses, teamCount{Status: st, N: counts[st]})
		}
	}
	d.Units = teamUnits(c, tv, links)
	if choice.ID == 0 {
		return nil
	}
	for i := range d.Units {
		if d.Units[i].ID == choice.ID {
			d.Unit = &d.Units[i]
		}
	}
	if d.Unit != nil {
		return nil
	}
	// The viewer's own unit, which holds the whole team and so is not listed.
	if u := c.Units[choice.ID]; u != nil && choice.ID == ownUnit(c, tv.Supervisor.ID) {
		d.Unit = &teamUnit{ID: u.ID, Name: u.Name}
		for _, r := range tv.Rows {
			if c.InUnitTree(u.ID, r.UnitID) {
				d.Unit.People++
			}
		}
		if d.Unit.People > 0 {
			return nil
		}
		d.Unit = nil
	}
	if choice.Default {
		return nil
	}
	return refused(http.StatusNotFound, "units.not_in_team")
}

// teamUnits lists the units of the team below the one holding everybody,
// depth first, with their people's counts.
func teamUnits(c *domain.Chart, tv service.TeamView, links unitLinker) []teamUnit {
	stats := map[int64]*teamUnit{}
	ownerUnit := map[int64]int64{}
	add := func(unit int64, f func(u *teamUnit)) {
		for u, depth := unit, 0; u != 0 && depth < 20; u, depth = c.Units[u].ParentID, depth+1 {
			if c.Units[u] == nil {
				return
			}
			st := stats[u]
			if st == nil {
				st = &teamUnit{ID: u, Name: c.Units[u].Name}
				stats[u] = st
			}
			f(st)
			if c.Office(u) == u {
				return
			}
		}
	}
	for _, r := range tv.Rows {
		ownerUnit[r.Employee.ID] = r.UnitID
		add(r.UnitID, func(u *teamUnit) {
			u.People++
			switch domain.SheetStatus(r.SheetStatus) {
			case domain.SheetDraft, domain.SheetReturned:
				u.NotSent++
			case domain.SheetSubmitted:
				u.Submitted++
			case domain.SheetValidated, domain.SheetVerified, domain.SheetLocked:
				u.Done++
			default:
				u.NoPlan++
			}
		})
	}
	for _, x := range tv.Overdue {
		add(ownerUnit[x.Action.OwnerID], func(u *teamUnit) { u.Overdue++ })
	}
	var out []teamUnit
	var walk func(id int64, depth int)
	walk = func(id int64, depth int) {
		st := stats[id]
		if st == nil {
			return
		}
		if st.People < len(tv.Rows) {
			st.Depth = depth
			st.Link = links.unit(id)
			out = append(out, *st)
			depth++
		}
		kids := slices.Clone(c.Children(id))
		slices.Sort(kids)
		for _, k := range kids {
			walk(k, depth)
		}
	}
	walk(c.EmployeeOffice(tv.Supervisor.ID), 0)
	return out
}

// teamOfUnit keeps the lists of the people drawn: those of the unit.
func teamOfUnit(tv service.TeamView) service.TeamView {
	drawn := map[int64]bool{}
	for _, r := range tv.Rows {
		if r.Cells != nil {
			drawn[r.Employee.ID] = true
		}
	}
	keep := func(rows []service.TeamRow) []service.TeamRow {
		var out []service.TeamRow
		for _, r := range rows {
			if r.Cells != nil {
				out = append(out, r)
			}
		}
		return out
	}
	tv.NotSent, tv.ToValidate = keep(tv.NotSent), keep(tv.ToValidate)
	var overdue []service.ActionRow
	for _, x := range tv.Overdue {
		if drawn[x.Action.OwnerID] {
			overdue = append(overdue, x)
		}
	}
	tv.Overdue = overdue
	return tv
}

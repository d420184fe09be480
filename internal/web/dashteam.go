package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
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
	t := &dashTeam{TV: tv, Quarter: tv.Quarter}
	if !tv.HasTeam {
		return t, nil
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
		switch {
		case r.PlanID == 0:
		case r.SheetStatus == "plan_not_approved":
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
		unit := int64(0)
		if pos, ok := c.Primary(r.Employee.ID); ok {
			unit = pos.UnitID
		}
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
	if heat {
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
	return t, nil
}

// teamPage is /team: the heat map of the viewer's team with a quarter choice.
type teamPage struct {
	Scope dashScope
	Team  *dashTeam
}

func (s *Server) team(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.dashScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := teamPage{Scope: sc}
	if sc.Year != nil {
		if d.Team, err = s.buildTeam(r.Context(), l, a, sc, sc.Quarter, true); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "team", l.T("dashui.team_title"), d)
	return nil
}

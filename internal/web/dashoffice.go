package web

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/service"
)

// dashOffice is an office's dashboard: the head's home page and /dashboard.
type dashOffice struct {
	Scope     dashScope
	D         service.HeadDashboard
	HasMap    bool
	PKPlanID  int64
	Gauge     dashFigure
	Trend     dashFigure
	Persp     dashFigure
	Map       dashFigure
	NKO       string
	IKUs      []dashIKU
	Live      bool // some IKU figures are not verified yet
	Attention []dashIKU
	Units     []dashUnit
	Totals    dashUnit
}

// dashIKU is one line of a plan with its figures of the dashboard's quarter.
type dashIKU struct {
	LineID      int64
	Code, Name  string
	Objective   string
	Target      string
	Realisation string
	Achievement string
	Status      calc.Status
	Live        bool // computed from figures not yet verified
	Spark       dashFigure
	Trend       calc.Trend
	Projected   string
	Steps       []string
	Actions     []dashAction
	Overdue     int
}

// dashAction is a pending IIAA action.
type dashAction struct {
	Description string
	Owner       string
	Due         time.Time
	Status      domain.ActionStatus
	Overdue     bool
	Link        string
}

// dashUnit counts the reporting states of one unit's people in a quarter.
type dashUnit struct {
	Name       string
	People     int
	NoPlan     int // no plan, or none approved
	Draft      int
	Returned   int
	Submitted  int
	Validated  int
	Verified   int // verified or locked
	Overdue    int
	Late       int
	VerifiedOf string // "7 / 9", for the progress bar's label
}

func (u *dashUnit) add(p service.ProgressRow) {
	u.People++
	switch p.Status {
	case "no_plan", "plan_not_approved":
		u.NoPlan++
	case string(domain.SheetDraft):
		u.Draft++
	case string(domain.SheetReturned):
		u.Returned++
	case string(domain.SheetSubmitted):
		u.Submitted++
	case string(domain.SheetValidated):
		u.Validated++
	case string(domain.SheetVerified), string(domain.SheetLocked):
		u.Verified++
	}
	if p.Overdue {
		u.Overdue++
	}
	if p.Late {
		u.Late++
	}
}

// dashUnits sums a quarter's progress per unit and for the office.
func dashUnits(qp service.QuarterProgress) ([]dashUnit, dashUnit) {
	var out []dashUnit
	var total dashUnit
	for _, up := range qp.Units {
		u := dashUnit{Name: up.Unit.Name}
		for _, r := range up.Rows {
			u.add(r)
			total.add(r)
		}
		u.VerifiedOf = strconv.Itoa(u.Verified) + " / " + strconv.Itoa(u.People)
		out = append(out, u)
	}
	total.VerifiedOf = strconv.Itoa(total.Verified) + " / " + strconv.Itoa(total.People)
	return out, total
}

// dashTrack turns a line's track into a row of the quarter q.
func dashTrack(l i18n.Lang, t service.LineTrack, q int, idPrefix string) dashIKU {
	f := t.ToDate[q-1]
	row := dashIKU{LineID: t.Line.LineID, Code: t.Line.Code, Name: t.Line.Name, Target: figureText(l, f.Target),
		Realisation: figureText(l, f.Realisation), Achievement: scoreText(l, f.Achievement), Status: f.Status,
		Live: f.Achievement.OK && !t.Frozen[q-1], Trend: t.Projection.Trend, Projected: scoreText(l, t.Projection.Achievement)}
	row.Spark = dashSpark(l, idPrefix+strconv.FormatInt(t.Line.LineID, 10), l.T("dashui.spark_title", "code", t.Line.Code), t.ToDate)
	for _, st := range t.Projection.Steps {
		row.Steps = append(row.Steps, st.Text(string(l)))
	}
	return row
}

// buildOffice loads and draws an office's dashboard.
func (s *Server) buildOffice(ctx context.Context, l i18n.Lang, a authz.Actor, sc dashScope) (*dashOffice, error) {
	d, err := s.svc.HeadDashboard(ctx, a, sc.Year.Year, sc.Office.ID)
	if err != nil {
		return nil, err
	}
	o := &dashOffice{Scope: sc, D: d, HasMap: d.NKO.Map.ID != 0, PKPlanID: d.NKO.PlanID}
	rs := s.svc.DisplayRules(d.Year)
	q := d.Quarter
	c := sc.Chart

	nko := d.NKO
	g := chart.Gauge{Meta: chart.Meta{Title: l.T("dashui.nko_title", "q", i18n.Quarter(string(l), q), "year", d.Year.Year), ID: "dh-gauge", Lang: string(l)},
		Value: math.NaN(), Label: l.T("dashui.nko_label", "q", i18n.Quarter(string(l), q)), Bands: dashBands(l, rs)}
	if nko.Available() {
		g.Value, g.Predicate, g.Status = calc.Round2(nko.Result.NKO), nko.Result.Predicate, palette.Of(nko.Status)
		o.NKO = scoreText(l, calc.Some(nko.Result.NKO))
	}
	_, top := rs.Bounds()
	g.Max = top
	o.Gauge = dashFigureOf(g.SVG(), g.Table())

	official, provisional := make([]float64, 4), make([]float64, 4)
	for i, v := range d.Trend {
		official[i], provisional[i] = math.NaN(), math.NaN()
		switch {
		case v.Official:
			official[i] = calc.Round2(v.Result.NKO)
		case v.Provisional:
			provisional[i] = calc.Round2(v.Result.NKO)
		}
	}
	_, green := rs.StatusThresholds()
	lc := chart.LineChart{Meta: chart.Meta{Title: l.T("dashui.trend_title", "year", d.Year.Year), ID: "dh-trend", Lang: string(l)},
		Labels: dashQuarterLabels(l), Series: []chart.Series{{Name: l.T("dashui.official"), Values: official}, {Name: l.T("dashui.provisional"), Values: provisional}},
		Refs: []chart.RefLine{{Value: green}}, ValueLabels: true}
	o.Trend = dashFigureOf(lc.SVG(), lc.Table())

	bc := chart.BarChart{Meta: chart.Meta{Title: l.T("dashui.persp_title", "q", i18n.Quarter(string(l), q)), ID: "dh-persp", Lang: string(l)},
		Refs: []chart.RefLine{{Value: green}}, Max: top}
	for _, p := range nko.Result.Perspectives {
		bc.Bars = append(bc.Bars, chart.Bar{Label: p.Name, Value: dashNaN(p.Value), Status: palette.Of(rs.StatusOf(p.Value))})
	}
	o.Persp = dashFigureOf(bc.SVG(), bc.Table())

	if o.HasMap {
		status := map[int64]calc.Status{}
		for _, of := range nko.Objectives {
			status[of.Objective.ID] = of.Status
		}
		code := map[int64]string{}
		m := chart.StrategyMap{Meta: chart.Meta{Title: l.T("dashui.map_title", "q", i18n.Quarter(string(l), q)), ID: "dh-map", Lang: string(l)}}
		for _, p := range nko.Map.Perspectives {
			cp := chart.Perspective{Name: p.Name, Weight: p.Weight}
			for _, ob := range nko.Map.Objectives {
				if ob.PerspectiveID == p.ID {
					code[ob.ID] = ob.Code
					cp.Objectives = append(cp.Objectives, chart.Objective{Code: ob.Code, Name: ob.Name, Status: palette.Of(status[ob.ID])})
				}
			}
			m.Perspectives = append(m.Perspectives, cp)
		}
		for _, lk := range nko.Map.Links {
			m.Links = append(m.Links, chart.Link{From: code[lk.FromID], To: code[lk.ToID]})
		}
		o.Map = dashFigureOf(m.SVG(), m.Table())
		o.Map.Wide = true
	}

	row := func(r service.IKURow) dashIKU {
		x := dashTrack(l, r.Track, q, "dh-spark-")
		x.Objective = r.Objective.Code
		x.Overdue = r.Overdue
		for _, act := range r.Actions {
			da := dashAction{Description: act.Description, Due: act.DueDate, Status: act.Status, Overdue: act.Overdue(s.svc.Today())}
			if e := c.Employees[act.OwnerID]; e != nil {
				da.Owner = e.Name
			}
			x.Actions = append(x.Actions, da)
		}
		return x
	}
	for _, r := range d.IKUs {
		x := row(r)
		o.Live = o.Live || x.Live
		o.IKUs = append(o.IKUs, x)
	}
	for _, r := range d.Attention {
		o.Attention = append(o.Attention, row(r))
	}
	o.Units, o.Totals = dashUnits(d.Progress)
	return o, nil
}

// dashboardPage is /dashboard: an office's dashboard for whoever reads the
// office (the head sees it on the home page).
type dashboardPage struct {
	Scope  dashScope
	Office *dashOffice
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.dashScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := dashboardPage{Scope: sc}
	title := l.T("dashui.dashboard_title")
	if sc.Year != nil && sc.Office != nil {
		if d.Office, err = s.buildOffice(r.Context(), l, a, sc); err != nil {
			return err
		}
		title = sc.Office.Name
	}
	s.render(w, r, http.StatusOK, "dashboard", title, d)
	return nil
}

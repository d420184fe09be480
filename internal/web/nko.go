package web

import (
	"math"
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/service"
)

// nkoPage is the office score of a quarter with its trend, perspectives,
// strategy map, IKUs and derivation.
type nkoPage struct {
	Scope      quarterScope
	Sum        nkoSummary
	Trend      figure
	Bars       figure
	Map        figure
	HasMap     bool
	HeadReport bool // the viewer may open the head's report of the quarter
	Objectives []objectiveView
	Steps      []string
}

// objectiveView is a strategic objective with its value and IKUs.
type objectiveView struct {
	service.ObjectiveFigure
	Value string
	IKUs  []ikuView
}

type ikuView struct {
	service.IKUFigure
	Weight, Target, Realisation, Achievement string
}

func (s *Server) nkoPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.quarterScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := nkoPage{Scope: sc}
	if sc.Year == 0 || sc.Office == nil {
		s.render(w, r, http.StatusOK, "nko", l.T("reportui.nko_title"), d)
		return nil
	}
	ctx := r.Context()
	v, err := s.svc.NKO(ctx, a, sc.Year, sc.Quarter, sc.Office.ID, true)
	if err != nil {
		return err
	}
	trend, err := s.svc.NKOTrend(ctx, a, sc.Year, sc.Office.ID)
	if err != nil {
		return err
	}
	rs := s.svc.DisplayRules(v.Year)
	d.Sum = nkoSummaryOf(l, rs, v, "nko-gauge")
	d.HasMap = v.Map.ID != 0
	d.HeadReport = v.PlanID != 0 && authz.CanSeeEmployeeWork(a, sc.Chart, sc.Chart.Head(sc.Office.ID))
	d.Trend = nkoTrendFigure(l, rs, trend)
	d.Bars = perspectiveFigure(l, rs, v)
	d.Map = strategyFigure(l, v)
	for _, o := range v.Objectives {
		ov := objectiveView{ObjectiveFigure: o, Value: scoreText(l, o.Value)}
		for _, f := range o.IKUs {
			ov.IKUs = append(ov.IKUs, ikuView{IKUFigure: f, Weight: optText(l, f.Weight), Target: figureText(l, f.Target),
				Realisation: figureText(l, f.Realisation), Achievement: scoreText(l, f.Achievement)})
		}
		d.Objectives = append(d.Objectives, ov)
	}
	for _, st := range v.Result.Steps {
		d.Steps = append(d.Steps, st.Text(string(l)))
	}
	s.render(w, r, http.StatusOK, "nko", l.T("reportui.nko_title_q", "q", sc.Quarter, "year", sc.Year), d)
	return nil
}

// nkoTrendFigure draws the four quarters of a year, official and
// provisional scores as separate lines so the difference shows without colour.
func nkoTrendFigure(l i18n.Lang, rs *calc.RuleSet, trend [4]service.NKOView) figure {
	official := make([]float64, 4)
	provisional := make([]float64, 4)
	labels := make([]string, 4)
	for i, v := range trend {
		labels[i] = i18n.Quarter(string(l), i+1)
		official[i], provisional[i] = math.NaN(), math.NaN()
		switch {
		case v.Official:
			official[i] = calc.Round2(v.Result.NKO)
		case v.Provisional:
			provisional[i] = calc.Round2(v.Result.NKO)
		}
	}
	c := chart.LineChart{Meta: chart.Meta{Title: l.T("reportui.nko_trend"), ID: "nko-trend", Lang: string(l)}, Labels: labels,
		Series:      []chart.Series{{Name: l.T("reportui.nko_official"), Values: official}, {Name: l.T("reportui.nko_provisional"), Values: provisional}},
		ValueLabels: true}
	if trend[0].Year.RuleSet != "" {
		_, green := rs.StatusThresholds()
		c.Refs = []chart.RefLine{{Value: green}}
	}
	return svgFigure(c.SVG(), c.Table())
}

// perspectiveFigure draws the value of each perspective.
func perspectiveFigure(l i18n.Lang, rs *calc.RuleSet, v service.NKOView) figure {
	c := chart.BarChart{Meta: chart.Meta{Title: l.T("reportui.perspective_values"), ID: "nko-persp", Lang: string(l)}, Max: scoreMax(rs)}
	for _, p := range v.Result.Perspectives {
		b := chart.Bar{Label: p.Name, Value: nan(p.Value), Status: palette.Of(rs.StatusOf(p.Value))}
		c.Bars = append(c.Bars, b)
	}
	if v.Year.RuleSet != "" {
		_, green := rs.StatusThresholds()
		c.Refs = []chart.RefLine{{Value: green}}
	}
	return svgFigure(c.SVG(), c.Table())
}

// strategyFigure draws the strategy map with each objective in the colour
// of its value; a box links to the objective's IKUs in the table below.
func strategyFigure(l i18n.Lang, v service.NKOView) figure {
	status := map[int64]calc.Status{}
	for _, o := range v.Objectives {
		status[o.Objective.ID] = o.Status
	}
	code := map[int64]string{}
	m := chart.StrategyMap{Meta: chart.Meta{Title: l.T("reportui.strategy_map"), ID: "nko-map", Lang: string(l)}}
	for _, p := range v.Map.Perspectives {
		cp := chart.Perspective{Name: p.Name, Weight: p.Weight}
		for _, o := range v.Map.Objectives {
			if o.PerspectiveID != p.ID {
				continue
			}
			code[o.ID] = o.Code
			cp.Objectives = append(cp.Objectives, chart.Objective{Code: o.Code, Name: o.Name, Status: palette.Of(status[o.ID]),
				URL: "#obj-" + strconv.FormatInt(o.ID, 10)})
		}
		m.Perspectives = append(m.Perspectives, cp)
	}
	for _, lk := range v.Map.Links {
		m.Links = append(m.Links, chart.Link{From: code[lk.FromID], To: code[lk.ToID]})
	}
	return svgFigure(m.SVG(), m.Table())
}

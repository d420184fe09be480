package web

import (
	"html/template"
	"math"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/service"
)

// This file turns report and NKO figures into what the pages print:
// numbers formatted as the language writes them (achievements rounded by
// calc.Round2, the one rounding rule), and charts with their data tables.

// figView is a target, realisation and achievement ready to print.
type figView struct {
	Target, Realisation, Achievement string
	Status                           calc.Status
	Reported                         bool // the achievement is defined
}

func figOf(l i18n.Lang, f calc.Figures) figView {
	return figView{Target: figureText(l, f.Target), Realisation: figureText(l, f.Realisation),
		Achievement: scoreText(l, f.Achievement), Status: f.Status, Reported: f.Achievement.OK}
}

// scoreText prints an achievement or score with two decimals, "–" when undefined.
func scoreText(l i18n.Lang, o calc.Opt) string {
	if !o.OK {
		return i18n.NumberUndefined
	}
	return i18n.FormatNumber(string(l), calc.Round2(o.V), 2)
}

// figureText prints a target or realisation computed for a period (to date,
// annual) with up to two decimals, rounded by calc.Round2 as achievements
// are; a value as someone typed it is printed by optText.
func figureText(l i18n.Lang, o calc.Opt) string {
	if !o.OK {
		return i18n.NumberUndefined
	}
	return i18n.FormatNumberTrim(string(l), calc.Round2(o.V), 2)
}

// sizeText prints a file size in KiB or MiB.
func sizeText(l i18n.Lang, n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1<<20:
		return i18n.FormatNumber(string(l), math.Max(float64(n)/1024, 0.1), 1) + " KB"
	default:
		return i18n.FormatNumber(string(l), float64(n)/(1<<20), 1) + " MB"
	}
}

// statusBands are the chart bands of the year's rule set, so that charts
// colour values exactly as calc.Status does.
func statusBands(rs *calc.RuleSet) []chart.Band {
	yellow, green := rs.StatusThresholds()
	return chartBands("id", yellow, green)
}

// scoreMax is the top of score scales: the rule set's achievement cap.
func scoreMax(rs *calc.RuleSet) float64 {
	if _, c := rs.Bounds(); c > 0 {
		return c
	}
	return 120
}

func nan(o calc.Opt) float64 {
	if !o.OK {
		return math.NaN()
	}
	return calc.Round2(o.V)
}

// figure is a chart drawn for a page with its data as a table.
type figure struct {
	SVG   template.HTML // markup from package chart, which escapes all text
	Table chart.DataTable
}

func svgFigure(svg string, t chart.DataTable) figure {
	return figure{SVG: template.HTML(svg), Table: t}
}

// perspectiveRow is one perspective of an NKO with its weight and value.
type perspectiveRow struct {
	Name, Weight, Value string
	Status              calc.Status
}

// nkoSummary is the office score of a quarter as pages show it.
type nkoSummary struct {
	V            service.NKOView
	Value        string
	Gauge        figure
	Perspectives []perspectiveRow
}

// rs is the rule set the page draws by (Service.DisplayRules of the year).
func nkoSummaryOf(l i18n.Lang, rs *calc.RuleSet, v service.NKOView, id string) nkoSummary {
	s := nkoSummary{V: v, Value: i18n.NumberUndefined}
	val := math.NaN()
	if v.Available() {
		val = calc.Round2(v.Result.NKO)
		s.Value = i18n.FormatNumber(string(l), val, 2)
	}
	g := chart.Gauge{Meta: chart.Meta{Title: l.T("reportui.nko_gauge", "q", v.Quarter, "year", v.Year.Year), ID: id, Lang: string(l)},
		Value: val, Max: scoreMax(rs), Label: l.T("reportui.nko_gauge", "q", v.Quarter, "year", v.Year.Year),
		Status: palette.Of(v.Status), Bands: statusBands(rs)}
	if v.Available() {
		g.Predicate = v.Result.Predicate
	}
	s.Gauge = svgFigure(g.SVG(), g.Table())
	for _, p := range v.Result.Perspectives {
		row := perspectiveRow{Name: p.Name, Weight: i18n.FormatNumberTrim(string(l), p.Weight, 2) + "%", Value: scoreText(l, p.Value)}
		if rs != nil {
			row.Status = rs.StatusOf(p.Value)
		}
		s.Perspectives = append(s.Perspectives, row)
	}
	return s
}

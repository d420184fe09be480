package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/report/palette"
)

// dashScope is the year, office and quarter a dashboard shows, with the
// choices the viewer has.
type dashScope struct {
	Years   []domain.Year
	Year    *domain.Year // nil while no performance year is open
	Chart   *domain.Chart
	Offices []*domain.Unit // offices the viewer may open
	Office  *domain.Unit   // nil when the viewer has none and picked none
	Own     bool           // the office is the viewer's own
	Quarter int            // 1–4, or 0 for the service's choice (the latest ended quarter)
}

// Query returns the scope as a query string for links, without the quarter;
// typed as a URL so that html/template keeps its = and &.
func (sc dashScope) Query() template.URL {
	v := url.Values{}
	if sc.Year != nil {
		v.Set("year", strconv.Itoa(sc.Year.Year))
	}
	if sc.Office != nil && !sc.Own {
		v.Set("office", strconv.FormatInt(sc.Office.ID, 10))
	}
	return template.URL(v.Encode())
}

// dashScope reads ?year= (default: the working year), ?office= (default: the viewer's office, else the first the
// viewer reads) and ?q=. Unknown values are not found; whether the viewer
// may read the office is the service's decision.
func (s *Server) dashScope(r *http.Request, a authz.Actor) (dashScope, error) {
	o, y, err := s.officeScope(r, a, true)
	if err != nil {
		return dashScope{}, err
	}
	sc := dashScope{Years: o.Years, Chart: o.Chart, Offices: o.Offices, Office: o.Office, Own: o.Own}
	if y.Year != 0 {
		sc.Year = y
	}
	if v := r.URL.Query().Get("q"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			return sc, domain.ErrNotFound
		}
		sc.Quarter = n
	}
	return sc, nil
}

// The dashboards' template function: the opposite of a number (days
// overdue from days left).
func init() {
	funcs["dashNeg"] = func(n int) int { return -n }
	funcs["dashLines"] = dashLinesHTML
	funcs["dashUnits"] = dashUnitsHTML
	funcs["dashStatus"] = func(l i18n.Lang, st calc.Status) template.HTML {
		var w htmlWriter
		writeDashStatus(&w, l, st)
		return template.HTML(w.String()) // escaped by writeDashStatus
	}
}

// dashFigure is a chart with its data, for the "dashfigure" partial: the
// SVG comes from package chart, which escapes everything it draws.
type dashFigure struct {
	SVG   string
	Table chart.DataTable
	Wide  bool // let the figure use the full width of its card
}

func dashFigureOf(svg string, t chart.DataTable) dashFigure { return dashFigure{SVG: svg, Table: t} }

// dashBands are the status bands of a rule set for charts, labelled in l.
func dashBands(l i18n.Lang, rs *calc.RuleSet) []chart.Band {
	yellow, green := rs.StatusThresholds()
	return chartBands(string(l), yellow, green)
}

// chartBands are the status bands from the yellow and green thresholds, so
// that charts colour values exactly as calc.Status does, labelled in lang.
func chartBands(lang string, yellow, green float64) []chart.Band {
	return []chart.Band{
		{From: math.Inf(-1), Status: palette.StatusRed, Label: "< " + i18n.FormatNumberTrim(lang, yellow, 2)},
		{From: yellow, Status: palette.StatusYellow, Label: i18n.FormatNumberTrim(lang, yellow, 2) + " – < " + i18n.FormatNumberTrim(lang, green, 2)},
		{From: green, Status: palette.StatusGreen, Label: "≥ " + i18n.FormatNumberTrim(lang, green, 2)},
	}
}

// dashNaN is an optional figure for a chart: NaN when undefined, rounded as shown.
func dashNaN(o calc.Opt) float64 {
	if !o.OK {
		return math.NaN()
	}
	return calc.Round2(o.V)
}

// dashQuarterLabels are the categories of a Q1–Q4 chart.
func dashQuarterLabels(l i18n.Lang) []string {
	return []string{i18n.Quarter(string(l), 1), i18n.Quarter(string(l), 2), i18n.Quarter(string(l), 3), i18n.Quarter(string(l), 4)}
}

// dashSpark draws a line's to-date achievements over the quarters.
func dashSpark(l i18n.Lang, id, title string, f [4]calc.Figures) dashFigure {
	vals := make([]float64, 4)
	for q := range f {
		vals[q] = dashNaN(f[q].Achievement)
	}
	sp := chart.Sparkline{Meta: chart.Meta{Title: title, ID: id, Lang: string(l)}, Labels: dashQuarterLabels(l), Values: vals,
		Refs: []chart.RefLine{{Value: 100}}, Width: 96, Height: 24}
	return dashFigureOf(sp.SVG(), sp.Table())
}

// Links to the pages of other areas, built in one place.
func dashPlanLink(planID int64) string { return fmt.Sprintf("/plans/%d", planID) }
func dashSheetLink(planID int64, q int) string {
	return fmt.Sprintf("/plans/%d/quarters/%d", planID, q)
}
func dashReportLink(planID int64, q int) string { return fmt.Sprintf("/reports/%d/%d", planID, q) }

// dashDays is how many calendar days lie from one day to another (negative when to is earlier).
func dashDays(from, to time.Time) int {
	return int(math.Round(domain.Day(to).Sub(domain.Day(from)).Hours() / 24))
}

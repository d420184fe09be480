package web

// The IKU table and the reporting table by unit are most of the head's
// home page and of the office dashboard: a row per IKU with its trend's
// details, a row per unit. They are written in Go, as the sheet's lines are
// (htmlwriter.go): through html/template each printed value cost a
// reflective call, and each row two nested templates with their maps.

import (
	"html/template"
	"strconv"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/i18n"
)

// dashLinesHTML is the table of a plan's lines with their figures, status,
// sparkline and projection; objective adds the column of the objective
// each line serves, live the note on figures not verified yet.
func dashLinesHTML(l i18n.Lang, rows []dashIKU, live, objective bool, q int, caption string) template.HTML {
	var w htmlWriter
	w.Grow(1024 + len(rows)*2200)
	w.s("\n")
	if live {
		w.s(`<p class="dh-livenote"><span aria-hidden="true">*</span> `)
		w.e(l.T("dashui.live_note"))
		w.s("</p>")
	}
	w.s("\n<div class=\"table-wrap\"><table class=\"dh-table dh-lines\">\n  <caption class=\"dh-sr\">")
	w.e(caption)
	w.s("</caption>\n  <thead><tr>\n    <th scope=\"col\">")
	w.e(l.T("dashui.col_indicator"))
	w.s("</th>\n    ")
	if objective {
		w.s(`<th scope="col">`)
		w.e(l.T("dashui.col_objective"))
		w.s("</th>")
	}
	w.s("\n    <th scope=\"col\" class=\"num\">")
	w.e(l.T("dashui.col_target", "q", i18n.Quarter(string(l), q)))
	for _, h := range [...]struct{ class, key string }{
		{` class="num"`, "dashui.col_realisation"}, {` class="num"`, "dashui.col_achievement"},
		{"", "dashui.col_status"}, {"", "dashui.col_trend"}, {"", "dashui.col_projection"},
	} {
		w.s("</th>\n    <th scope=\"col\"", h.class, ">")
		w.e(l.T(h.key))
	}
	w.s("</th>\n  </tr></thead>\n  <tbody>\n  ")
	liveHelp := ""
	for i := range rows {
		r := &rows[i]
		w.s("<tr>\n    <td><span class=\"dh-code\">")
		w.e(r.Code)
		w.s("</span> ")
		w.e(r.Name)
		w.s("</td>\n    ")
		if objective {
			w.s(`<td class="nowrap">`)
			w.e(r.Objective)
			w.s("</td>")
		}
		w.s("\n    <td class=\"num\">")
		w.e(r.Target)
		w.s("</td>\n    <td class=\"num\">")
		w.e(r.Realisation)
		w.s("</td>\n    <td class=\"num\"><strong>")
		w.e(r.Achievement)
		w.s("</strong>")
		if r.Live {
			if liveHelp == "" {
				liveHelp = l.T("dashui.live_help")
			}
			w.s(`<abbr class="dh-live" title="`)
			w.e(liveHelp)
			w.s(`">*</abbr>`)
		}
		w.s("</td>\n    <td>")
		writeDashStatus(&w, l, r.Status)
		w.s("</td>\n    <td class=\"dh-sparkcell\">", r.Spark.SVG, "</td>\n    <td>") // the SVG escapes what it draws
		writeDashTrend(&w, l, r)
		w.s("</td>\n  </tr>")
	}
	w.s("\n  </tbody>\n</table></div>\n")
	return template.HTML(w.String()) // every value above is escaped
}

// writeDashStatus is the pill of a status (template function dashStatus).
func writeDashStatus(w *htmlWriter, l i18n.Lang, s calc.Status) {
	if s == "" {
		w.s(`<span class="pill">`)
		w.e(l.T("dashui.status_none"))
	} else {
		w.s(`<span class="pill pill-`)
		w.e(string(s))
		w.s(`">`)
		w.e(l.T("dashui.status_" + string(s)))
	}
	w.s("</span>")
}

// writeDashTrend is a line's trend with the projection it explains.
func writeDashTrend(w *htmlWriter, l i18n.Lang, r *dashIKU) {
	w.s("\n")
	if r.Trend == "" {
		w.s(`<span class="pill" title="`)
		w.e(l.T("dashui.trend_unknown_help"))
		w.s(`">`)
		w.e(l.T("dashui.trend_unknown"))
		w.s("</span>\n")
		return
	}
	w.s("\n<details class=\"dh-proj\">\n  <summary><span class=\"pill dh-trend-")
	w.e(string(r.Trend))
	w.s(`">`)
	w.e(l.T("dashui.trend_" + string(r.Trend)))
	w.s("</span></summary>\n  <div class=\"dh-proj-body\">\n    <p><strong>")
	w.e(l.T("dashui.projected", "value", r.Projected))
	w.s("</strong></p>\n    <table class=\"dh-mini\">\n      <thead><tr>")
	for _, h := range r.Spark.Table.Header {
		w.s(`<th scope="col">`)
		w.e(h)
		w.s("</th>")
	}
	w.s("</tr></thead>\n      <tbody>")
	for _, row := range r.Spark.Table.Rows {
		w.s("<tr>")
		for _, c := range row {
			w.s(`<td class="num">`)
			w.e(c)
			w.s("</td>")
		}
		w.s("</tr>")
	}
	w.s("</tbody>\n    </table>\n    <ol class=\"dh-steps\">")
	for _, st := range r.Steps {
		w.s("<li>")
		w.e(st)
		w.s("</li>")
	}
	w.s("</ol>\n    <p class=\"muted small\">")
	w.e(l.T("dashui.projection_note"))
	w.s("</p>\n  </div>\n</details>\n\n")
}

// dashUnitsHTML is the table of reporting states by unit, with their total.
func dashUnitsHTML(l i18n.Lang, units []dashUnit, totals dashUnit, caption string) template.HTML {
	var w htmlWriter
	w.Grow(1024 + len(units)*700)
	w.s("\n<div class=\"table-wrap\"><table class=\"dh-table dh-units\">\n  <caption class=\"dh-sr\">")
	w.e(caption)
	w.s("</caption>\n  <thead><tr>\n    <th scope=\"col\">")
	w.e(l.T("dashui.col_unit"))
	for _, key := range [...]string{"dashui.col_people", "dashui.state_no_plan_short", "dashui.state_draft", "dashui.state_returned",
		"dashui.state_submitted", "dashui.state_validated", "dashui.state_verified", "dashui.col_overdue"} {
		w.s("</th>\n    <th scope=\"col\" class=\"num\">")
		w.e(l.T(key))
	}
	w.s("</th>\n    <th scope=\"col\">")
	w.e(l.T("dashui.col_progress"))
	w.s("</th>\n  </tr></thead>\n  <tbody>\n  ")
	overdueHelp := l.T("dashui.overdue_sheets_help")
	for i := range units {
		writeDashUnitRow(&w, &units[i], units[i].Name, false, overdueHelp)
	}
	w.s("\n  </tbody>\n  <tfoot>")
	writeDashUnitRow(&w, &totals, l.T("dashui.total"), true, overdueHelp)
	w.s("</tfoot>\n</table></div>\n")
	return template.HTML(w.String()) // every value above is escaped
}

// writeDashUnitRow is one unit's row, or the row of the total.
func writeDashUnitRow(w *htmlWriter, u *dashUnit, name string, total bool, overdueHelp string) {
	num := func(n int) string { return strconv.Itoa(n) }
	warn := func(n int) string {
		if n != 0 {
			return " dh-warn"
		}
		return ""
	}
	w.s("\n<tr")
	w.when(total, ` class="dh-total"`)
	w.s(">\n  <th scope=\"row\">")
	w.e(name)
	w.s("</th>\n  <td class=\"num\">", num(u.People),
		"</td>\n  <td class=\"num", warn(u.NoPlan), `">`, num(u.NoPlan),
		"</td>\n  <td class=\"num\">", num(u.Draft),
		"</td>\n  <td class=\"num", warn(u.Returned), `">`, num(u.Returned),
		"</td>\n  <td class=\"num\">", num(u.Submitted),
		"</td>\n  <td class=\"num\">", num(u.Validated),
		"</td>\n  <td class=\"num\">", num(u.Verified),
		"</td>\n  <td class=\"num\">")
	if u.Overdue != 0 {
		w.s(`<span class="pill pill-overdue" title="`)
		w.e(overdueHelp)
		w.s(`">`, num(u.Overdue), "</span>")
	} else {
		w.s("0")
	}
	w.s("</td>\n  <td class=\"dh-progress\"><progress max=\"", num(u.People), `" value="`, num(u.Verified), `">`)
	w.e(u.VerifiedOf)
	w.s(`</progress> <span class="small">`)
	w.e(u.VerifiedOf)
	w.s("</span></td>\n</tr>\n")
}

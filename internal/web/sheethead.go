package web

// The rest of a quarter sheet's page that every opening prints — its head
// with the quarter tabs and state notices, the card of who and when, the
// buttons — written in Go like its lines (sheetlines.go): through
// html/template these dozens of translated, escaped values cost more than
// the lines themselves. Rarer parts (corrections, the return form, errors)
// stay in the template.

import (
	"html/template"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// TopHTML is the page's head: crumbs, title, quarter tabs and the notices
// of a returned, not yet begun or closed quarter.
func (p *sheetPage) TopHTML() template.HTML {
	var w htmlWriter
	l, sh := p.lang, p.Sheet
	year, q := strconv.Itoa(p.Year.Year), p.Quarter.Quarter
	planHref := "/plans/" + strconv.FormatInt(p.Plan.ID, 10)
	w.s(`<div class="pagehead">`+"\n  <div>\n    "+`<p class="crumbs"><a href="/realisation?year=`, year, "&amp;q=", strconv.Itoa(q), `">`)
	w.e(l.T("nav.realisation"))
	w.s(`</a> › <a href="`, planHref, `">`)
	w.e(string(p.Plan.Kind))
	w.s(" ", year, " · ")
	w.e(p.Employee.Name)
	w.s("</a></p>\n    <h1>")
	w.e(p.Title)
	w.s("</h1>\n    <p class=\"sub\">")
	w.e(p.Employee.Name)
	w.s(` · <span class="mono">`)
	w.e(domain.FormatNIP(p.Employee.NIP))
	w.s("</span></p>\n  </div>\n  \n<nav class=\"rl-tabs\" aria-label=\"")
	w.e(l.T("year.quarters"))
	w.s("\">\n")
	for _, qs := range p.Quarters {
		n := strconv.Itoa(qs.Quarter)
		w.s(`<a href="`, planHref, "/quarters/", n, `"`)
		w.when(qs.Quarter == q, ` aria-current="page"`)
		w.s(">")
		w.e(i18n.Quarter(string(l), qs.Quarter))
		w.s(` <span class="pill pill-`)
		w.e(qs.Status)
		w.s(`">`)
		w.e(l.T("realui.state." + qs.Status))
		w.s("</span></a>")
	}
	w.s("\n</nav>\n\n</div>\n\n")
	if sh.Status == "returned" {
		w.s("\n<div class=\"flash flash-warn rl-returned\" role=\"alert\">\n  <p><strong>")
		w.e(l.T("realui.returned_at_"+sh.ReturnStage, "name", p.Name(sh.ReturnedBy), "when", dateTime(l, p.loc, sh.ReturnedAt)))
		w.s("</strong></p>\n  <blockquote>")
		w.e(sh.ReturnComment)
		w.s("</blockquote>\n  ")
		if p.Perm.Edit {
			w.s(`<p class="small">`)
			w.e(l.T("realui.returned_fix"))
			w.s("</p>")
		}
		w.s("\n</div>\n")
	}
	w.s("\n")
	if p.NotBegun {
		w.s("\n<div class=\"flash flash-info\"><p>")
		w.e(l.T("quarter.not_begun", "q", q, "year", p.Year.Year))
		w.s("</p></div>\n")
	}
	w.s("\n")
	if c := p.Closed; c != nil {
		w.s("\n<div class=\"flash flash-info\"><p>")
		w.e(l.T("realui.closed_on", "q", q, "date", dateText(l, c.ClosedAt), "name", p.Name(c.ClosedBy)))
		w.s("</p></div>\n")
	}
	return template.HTML(w.String()) // every value above is escaped
}

// CardHTML is the card of the sheet's owner, plan, quarter and history,
// with the inputs the sheet's form needs first when the viewer edits.
func (p *sheetPage) CardHTML() template.HTML {
	var w htmlWriter
	l, sh := p.lang, p.Sheet
	year := strconv.Itoa(p.Year.Year)
	q := p.Quarter.Quarter
	dt := func(key string) {
		w.s("<dt>")
		w.e(l.T(key))
		w.s("</dt><dd>")
	}
	w.s("<section class=\"card rl-header\">\n  <dl class=\"kv\">\n    ")
	dt("realui.owner")
	w.e(p.Employee.Name)
	w.s(` <span class="muted small mono">`)
	w.e(domain.FormatNIP(p.Employee.NIP))
	w.s("</span></dd>\n    ")
	dt("employee.position")
	w.e(p.Position.Title)
	w.s(` <span class="muted small">`)
	w.e(p.Unit.Name)
	w.s("</span></dd>\n    ")
	dt("realui.plan_version")
	w.s(`<a href="/plans/`, strconv.FormatInt(p.Plan.ID, 10), `">`)
	w.e(string(p.Plan.Kind))
	w.s(" ", year, "</a> · ")
	w.e(l.T("realui.version_n", "n", p.Version.Number))
	if !p.Version.ApprovedAt.IsZero() {
		w.s(` <span class="muted small">`)
		w.e(l.T("realui.approved_on", "date", dateText(l, p.Version.ApprovedAt)))
		w.s("</span>")
	}
	w.s("</dd>\n    ")
	dt("year.quarter")
	w.e(i18n.Quarter(string(l), q))
	w.s(" · ")
	w.e(l.T("quarter.period" + strconv.Itoa(q)))
	w.s(" ", year, "</dd>\n    ")
	dt("year.deadline")
	w.e(dateText(l, p.Quarter.Deadline))
	if p.Overdue {
		w.s(` <span class="pill pill-overdue">`)
		w.e(l.T("realui.overdue"))
		w.s("</span>")
	}
	w.s("</dd>\n    ")
	dt("employee.status")
	w.s(`<span class="pill pill-`)
	w.e(string(sh.Status))
	w.s(`">`)
	w.e(l.T("realui.state." + string(sh.Status)))
	w.s("</span>")
	if sh.Late {
		w.s(` <span class="pill pill-late">`)
		w.e(l.T("realui.late"))
		w.s("</span>")
	}
	w.s("</dd>")
	for _, st := range [...]struct {
		key string
		at  time.Time
		by  int64
		who bool
	}{
		{"realui.submitted", sh.SubmittedAt, sh.SubmittedBy, true},
		{"realui.validated", sh.ValidatedAt, sh.ValidatedBy, true},
		{"realui.verified", sh.VerifiedAt, sh.VerifiedBy, true},
		{"realui.locked", sh.LockedAt, 0, false},
	} {
		w.s("\n    ")
		if !st.at.IsZero() {
			dt(st.key)
			w.e(dateTime(l, p.loc, st.at))
			if st.who {
				w.s(" · ")
				w.e(p.Name(st.by))
			}
			w.s("</dd>")
		}
	}
	w.s("\n  </dl>\n</section>\n\n")
	if p.Perm.Edit {
		w.s("\n\n<input type=\"hidden\" name=\"revision\" value=\"", strconv.Itoa(p.Revision), "\" form=\"sheet-form\">\n",
			`<button type="submit" form="sheet-form" name="action" value="save" hidden>`)
		w.e(l.T("save"))
		w.s("</button>\n<p class=\"flash flash-info rl-restored\" role=\"status\" data-role=\"restored\" hidden>")
		w.e(l.T("realui.restored"))
		w.s("</p>\n")
	}
	return template.HTML(w.String()) // every value above is escaped
}

// ActionsHTML is the sheet's buttons the viewer may use: save and submit
// (with what is missing), validate, verify.
func (p *sheetPage) ActionsHTML() template.HTML {
	var w htmlWriter
	l, base, rev := p.lang, p.base(), strconv.Itoa(p.Revision)
	if p.Perm.Edit {
		w.s("\n    ")
		if len(p.Missing) > 0 {
			w.s("\n    <details class=\"rl-missinglist\">\n      <summary>")
			w.e(l.T("realui.missing_title", "n", len(p.Missing)))
			w.s("</summary>\n      <ul>")
			for _, m := range p.Missing {
				w.s(`<li><a href="#line-`, strconv.FormatInt(m.LineID, 10), `">`)
				w.e(translate(l, m.What))
				w.s("</a></li>")
			}
			w.s("</ul>\n    </details>\n    ")
		}
		w.s("\n    <form id=\"sheet-form\" method=\"post\" action=\"", base, "\" enctype=\"multipart/form-data\">\n",
			"      <div class=\"formactions\">\n        <button class=\"btn\" type=\"submit\" name=\"action\" value=\"save\">")
		w.e(l.T("save"))
		w.s("</button>\n        <button class=\"btn btn-ok\" type=\"submit\" name=\"action\" value=\"submit\" data-confirm=\"")
		w.e(l.T("realui.submit_confirm"))
		w.s(`">`)
		w.e(l.T("realui.save_submit"))
		w.s("</button>\n      </div>\n      <p class=\"help\">")
		w.e(l.T("realui.submit_help"))
		w.s("</p>\n    </form>\n  ")
	}
	w.s("\n  ")
	if p.Perm.Validate {
		w.s("\n    <form method=\"post\" action=\"", base, "/validate\" class=\"inline\">\n      <input type=\"hidden\" name=\"revision\" value=\"", rev, "\">\n",
			"      <button class=\"btn btn-ok\" type=\"submit\" data-confirm=\"")
		w.e(l.T("realui.validate_confirm"))
		w.s(`">`)
		w.e(l.T("realui.validate"))
		w.s("</button>\n    </form>\n  ")
	}
	w.s("\n  ")
	if p.Perm.Verify {
		w.s("\n    <form id=\"verify-form\" method=\"post\" action=\"", base, "/verify\" class=\"inline\">\n      <input type=\"hidden\" name=\"revision\" value=\"", rev, "\">\n",
			"      <button class=\"btn btn-secondary rl-checkall\" type=\"button\" hidden>")
		w.e(l.T("realui.check_all"))
		w.s("</button>\n      <button class=\"btn btn-ok\" type=\"submit\" data-confirm=\"")
		w.e(l.T("realui.verify_confirm"))
		w.s(`">`)
		w.e(l.T("realui.verify"))
		w.s("</button>\n      <p class=\"help\">")
		w.e(l.T("realui.verify_help"))
		w.s("</p>\n    </form>\n  ")
	}
	return template.HTML(w.String()) // every value above is escaped
}

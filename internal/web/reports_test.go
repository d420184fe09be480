package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// HTML or script typed into an IIAA analysis is shown as text, in the
// official's form and on the reader's page alike.
func TestReportShowsTypedHTMLAsText(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	lead := f.Office.SectionLed["BANK"]
	plan := reportPlanOf(t, f, lead)
	v, err := f.Service.GetReport(ctx, service.SystemActor(), plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	typed := `<script>alert("iiaa")</script><img src=x onerror=alert(1)> & <b>tebal</b>`
	if _, err := f.Service.SaveItem(ctx, actorOf(t, f, lead), plan, 3, -1, service.ItemInput{LineID: v.Rows[0].Line.LineID,
		Issue: typed, Implication: "Dampak.", Supporting: typed}); err != nil {
		t.Fatal(err)
	}
	path := "/reports/" + strconv.FormatInt(plan, 10) + "/3"
	for _, who := range []string{username(f.Office, secHead), username(f.Office, head)} {
		r := f.Login(t, who).Get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", who, r.Status)
		}
		for _, raw := range []string{`<script>alert("iiaa")`, `<img src=x`, `<b>tebal</b>`} {
			if strings.Contains(r.Body, raw) {
				t.Errorf("%s: the page contains %q unescaped", who, raw)
			}
		}
		if !strings.Contains(r.Body, html.EscapeString(typed)) && !strings.Contains(r.Body, "&lt;script&gt;alert(&#34;iiaa&#34;)&lt;/script&gt;") {
			t.Errorf("%s: the typed text is not shown escaped", who)
		}
	}
}

// A refused action form comes back with what was typed and the errors by
// their fields; a change made meanwhile is a conflict that keeps the input.
func TestReportFormsKeepInput(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	lead := f.Office.SectionLed["BANK"]
	plan := reportPlanOf(t, f, lead)
	v, err := f.Service.GetReport(ctx, service.SystemActor(), plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	line := strconv.FormatInt(v.Rows[0].Line.LineID, 10)
	base := "/reports/" + strconv.FormatInt(plan, 10) + "/3"
	rev := strconv.Itoa(v.Report.Revision)
	c := f.Login(t, username(f.Office, secHead))
	for _, lang := range []string{"id", "en"} {
		c.PostForm("/lang", url.Values{"lang": {lang}})
		r := c.PostForm(base+"/actions", url.Values{"revision": {rev}, "line_id": {line}, "description": {"Klinik anggaran untuk satker"},
			"due_date": {"31/02/2026"}, "status": {"open"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422%s", lang, r.Status, excerpt(r))
		}
		checkPage(t, "report with a refused action", lang, r.Body)
		if !strings.Contains(r.Body, ">Klinik anggaran untuk satker</textarea>") || !strings.Contains(r.Body, `value="31/02/2026"`) {
			t.Errorf("%s: the form lost what was typed", lang)
		}
		if !strings.Contains(r.Body, `<details class="newaction" open>`) {
			t.Errorf("%s: the refused form is not open", lang)
		}
		if !strings.Contains(r.Body, html.EscapeString(i18n.Translate(lang, "err.date", nil))) {
			t.Errorf("%s: no date error", lang)
		}
	}
	c.PostForm("/lang", url.Values{"lang": {"id"}})
	// A stale revision: the analysis typed is kept and the conflict explained.
	r := c.PostForm(base+"/items/"+line, url.Values{"revision": {strconv.Itoa(v.Report.Revision - 1)}, "issue": {"Analisis baru yang diketik"},
		"implication": {"x"}})
	if r.Status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409%s", r.Status, excerpt(r))
	}
	if !strings.Contains(r.Body, ">Analisis baru yang diketik</textarea>") ||
		!strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "report.changed_meanwhile", nil))) {
		t.Error("the conflict lost the input or its message")
	}
	// Saving again, deliberately, goes through with the current revision the page now carries.
	if !strings.Contains(r.Body, `name="revision" value="`+rev+`"`) {
		t.Errorf("the re-rendered form does not carry revision %s", rev)
	}
	r = c.PostForm(base+"/items/"+line, url.Values{"revision": {rev}, "issue": {"Analisis baru yang diketik"}, "implication": {"x"}})
	if r.Status != http.StatusSeeOther || r.Location() != base+"#iiaa-"+line {
		t.Errorf("save: %d → %q", r.Status, r.Location())
	}
	page := c.Get(base)
	if !strings.Contains(page.Body, html.EscapeString(i18n.Translate("id", "reportui.item_saved", nil))) {
		t.Error("no message after saving")
	}
}

// The official's list offers to start a report not yet written; the
// NKO page shows the score with its derivation and accessible charts.
func TestReportListAndNKOPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	year := strconv.Itoa(f.Office.Year)
	c := f.Login(t, username(f.Office, secHead))
	r := c.Get("/reports?year=" + year + "&q=3")
	plan := strconv.FormatInt(reportPlanOf(t, f, f.Office.SectionLed["BANK"]), 10)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `action="/reports/`+plan+`/4/open"`) {
		t.Fatalf("the list does not offer to start the Q4 report: %d", r.Status)
	}
	r = c.PostForm("/reports/"+plan+"/4/open", url.Values{})
	if r.Status != http.StatusSeeOther || r.Location() != "/reports/"+plan+"/4" {
		t.Fatalf("start: %d → %q", r.Status, r.Location())
	}
	if r := c.Get("/reports?year=" + year + "&q=4"); strings.Contains(r.Body, `action="/reports/`+plan+`/4/open"`) {
		t.Error("a started report is offered again")
	}

	h := f.Login(t, username(f.Office, head))
	r = h.Get("/nko?year=" + year + "&q=2")
	if r.Status != http.StatusOK {
		t.Fatalf("NKO page: %d", r.Status)
	}
	for _, w := range []string{`<svg`, `role="img"`, `<ol class="steps">`, `href="#obj-`, `id="obj-`, `<details class="chartdata">`} {
		if !strings.Contains(r.Body, w) {
			t.Errorf("the NKO page lacks %s", w)
		}
	}
	// The head's list shows every official's report of the quarter, the head's first.
	r = h.Get("/reports?year=" + year + "&q=2")
	if n := strings.Count(r.Body, `>`+i18n.Translate("id", "reportui.rstatus_reviewed", nil)+`<`); n < 6 {
		t.Errorf("reviewed reports listed: %d, want the head's own and five officials'", n)
	}
}

// Figures computed for a period (to-date targets and realisations of an
// average indicator, achievements, objective values) are printed with at
// most two decimals on the NKO page and in the IIAA report, as SPEC §10.1
// rounds them for display.
func TestFiguresShowTwoDecimals(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	year := strconv.Itoa(f.Office.Year)
	h := f.Login(t, username(f.Office, head))
	plan := strconv.FormatInt(reportPlanOf(t, f, f.Office.Head), 10)
	cell := regexp.MustCompile(`<td class="num">(?:<strong>)?([^<]*)<`)
	for _, lang := range []struct{ code, tooPrecise string }{{"id", `\d,\d{3}`}, {"en", `\d\.\d{3}`}} {
		h.PostForm("/lang", url.Values{"lang": {lang.code}})
		tooPrecise := regexp.MustCompile(lang.tooPrecise)
		for _, path := range []string{"/nko?year=" + year + "&q=3", "/reports/" + plan + "/3"} {
			r := h.Get(path)
			if r.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", lang.code, path, r.Status)
			}
			cells := cell.FindAllStringSubmatch(r.Body, -1)
			if len(cells) < 10 {
				t.Fatalf("%s %s: %d figures", lang.code, path, len(cells))
			}
			// The demo's 3b-N averages its quarterly targets: 130/3 to TW III.
			if want := i18n.FormatNumber(lang.code, 43.33, 2); !strings.Contains(r.Body, `<td class="num">`+want+`<`) {
				t.Errorf("%s %s: no to-date target %s", lang.code, path, want)
			}
			for _, c := range cells {
				if tooPrecise.MatchString(c[1]) {
					t.Errorf("%s %s: a figure with more than two decimals: %q", lang.code, path, c[1])
				}
			}
		}
	}
}

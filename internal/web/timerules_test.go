package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// midQ3 is 20 August 2026: TW III under way, TW IV not begun.
var midQ3 = time.Date(2026, 8, 20, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// employeeOf returns the employee of a demo account of the matrix roles.
func employeeOf(t *testing.T, f *webtest.Fixture, role string) int64 {
	t.Helper()
	u, err := f.Store.GetUserByUsername(context.Background(), username(f.Office, role))
	if err != nil {
		t.Fatal(err)
	}
	return u.EmployeeID
}

// The pages refuse to record anything for a quarter that has not begun:
// the sheet shows why and has no form, a forged post is refused with the
// reason and saves nothing, and no IIAA report can be started.
func TestNothingForAQuarterNotBegun(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, midQ3)
	ctx := context.Background()
	notBegun := html.EscapeString(i18n.Translate("id", "quarter.not_begun", map[string]any{"q": 4, "year": f.Office.Year}))

	owner := employeeOf(t, f, staff)
	plan := planOf(t, f, owner)
	cl := f.Login(t, username(f.Office, staff))
	page := cl.Get(sheetPath(plan, 4))
	if page.Status != http.StatusOK {
		t.Fatalf("TW IV sheet: %d", page.Status)
	}
	if !strings.Contains(page.Body, notBegun) || strings.Contains(page.Body, `id="sheet-form"`) {
		t.Errorf("TW IV sheet in August: says it has not begun %v, has the form %v",
			strings.Contains(page.Body, notBegun), strings.Contains(page.Body, `id="sheet-form"`))
	}
	checkPage(t, "sheet of a quarter not begun", "id", page.Body)
	v, err := f.Service.GetSheet(ctx, service.SystemActor(), plan, 4)
	if err != nil {
		t.Fatal(err)
	}
	var line int64
	for _, l := range v.Lines {
		if l.HasTarget {
			line = l.Indicator.LineID
			break
		}
	}
	id := strconv.FormatInt(line, 10)
	r := cl.PostForm(sheetPath(plan, 4), url.Values{"revision": {"0"}, "action": {"save"}, "value_" + id: {"90"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, notBegun) {
		t.Errorf("forged save of TW IV: %d %s", r.Status, excerpt(r))
	}
	if v, _ := f.Service.GetSheet(ctx, service.SystemActor(), plan, 4); v.Sheet.ID != 0 {
		t.Errorf("the refused save left a sheet: %+v", v.Sheet)
	}
	if r := cl.Get(sheetPath(plan, 3)); !strings.Contains(r.Body, `id="sheet-form"`) {
		t.Errorf("TW III sheet in August has no form: %s", excerpt(r))
	}

	// A structural official writes TW III's report (the demo has started it), and may not start TW IV's.
	sec := employeeOf(t, f, secHead)
	secPlan := planOf(t, f, sec)
	sc := f.Login(t, username(f.Office, secHead))
	open := func(q int) string {
		return `action="/reports/` + strconv.FormatInt(secPlan, 10) + "/" + strconv.Itoa(q) + `/open"`
	}
	notYet := html.EscapeString(i18n.Translate("id", "reportui.not_yet", nil))
	list := sc.Get("/reports")
	if list.Status != http.StatusOK || strings.Contains(list.Body, open(4)) || !strings.Contains(list.Body, notYet) {
		t.Errorf("own reports in August: start TW IV offered %v, marked not begun %v", strings.Contains(list.Body, open(4)), strings.Contains(list.Body, notYet))
	}
	if r := sc.Get(reportURL(secPlan, 3)); r.Status != http.StatusOK || !strings.Contains(r.Body, reportURL(secPlan, 3)+"/submit") {
		t.Errorf("TW III report in August cannot be submitted: %d", r.Status)
	}
	if r := sc.Get(reportURL(secPlan, 4)); r.Status != http.StatusOK || strings.Contains(r.Body, "/open\"") {
		t.Errorf("TW IV report page offers to start it: %d", r.Status)
	}
	if r := sc.PostForm(reportURL(secPlan, 4)+"/open", nil); r.Status != http.StatusConflict || !strings.Contains(r.Body, notBegun) {
		t.Errorf("forged start of the TW IV report: %d %s", r.Status, excerpt(r))
	}
	if rv, err := f.Service.GetReport(ctx, service.SystemActor(), secPlan, 4); err != nil || rv.Report.ID != 0 {
		t.Errorf("a TW IV report exists after the refusal: %+v %v", rv.Report, err)
	}
}

func reportURL(planID int64, q int) string {
	return "/reports/" + strconv.FormatInt(planID, 10) + "/" + strconv.Itoa(q)
}

// Opening next year does not move the pages off this year, whose reporting
// is still open.
func TestDefaultYearIsTheWorkingYear(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, midQ3)
	next := strconv.Itoa(f.Office.Year + 1)
	pc := f.Login(t, username(f.Office, pengelola))
	if r := pc.PostForm("/years", url.Values{"year": {next}, "rule_set": {"KMK-127-2026"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("open %s: %d %s", next, r.Status, excerpt(r))
	}
	selected := `<option value="` + strconv.Itoa(f.Office.Year) + `" selected>`
	for _, c := range []struct{ role, path string }{
		{staff, "/realisation"}, {pengelola, "/realisation"}, {staff, "/scores"}, {head, "/scores"},
		{staff, "/plans"}, {secHead, "/reports"}, {head, "/dashboard"}, {pengelola, "/console"},
	} {
		r := f.Login(t, username(f.Office, c.role)).Get(c.path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, selected) {
			t.Errorf("%s as %s: %d, %d selected: %v", c.path, c.role, r.Status, f.Office.Year, strings.Contains(r.Body, selected))
		}
	}
}

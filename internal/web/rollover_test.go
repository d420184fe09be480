package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// The pengelola kinerja previews the rollover of the next year, runs it and
// reads the summary; a second run has nothing new to copy.
func TestRolloverPage(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, realNow)
	next := f.Office.Year + 1
	page := "/years/" + strconv.Itoa(next) + "/rollover"
	pc := f.Login(t, username(f.Office, pengelola))
	r := pc.Get(page)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `name="from"`) || !strings.Contains(r.Body, `value="`+strconv.Itoa(f.Office.Year)+`"`) {
		t.Fatalf("rollover page: %d %s", r.Status, excerpt(r))
	}
	form := url.Values{"from": {strconv.Itoa(f.Office.Year)}, "office": {strconv.FormatInt(f.Office.OfficeID, 10)}, "action": {"preview"}}
	if r = pc.PostForm(page, form); r.Status != http.StatusOK || !strings.Contains(r.Body, i18n.Translate("id", "rollover.dry_run", nil)) {
		t.Fatalf("preview: %d %s", r.Status, excerpt(r))
	}
	ctx := context.Background()
	if _, err := f.Service.GetYear(ctx, service.SystemActor(), next); err == nil {
		t.Fatal("the preview opened the year")
	}
	form.Set("action", "run")
	r = pc.PostForm(page, form)
	office := f.Chart(t).Units[f.Office.OfficeID].Name
	done := html.EscapeString(i18n.Translate("id", "rollover.done", map[string]any{"year": next, "from": f.Office.Year, "office": office}))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, done) || !strings.Contains(r.Body, i18n.Translate("id", "rollover.note.moved", nil)) {
		t.Fatalf("run: %d %s", r.Status, excerpt(r))
	}
	plans, err := f.Service.ListPlans(ctx, service.SystemActor(), next, f.Office.OfficeID)
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans of %d: %v %d", next, err, len(plans))
	}
	if r = pc.PostForm(page, form); r.Status != http.StatusOK || !strings.Contains(r.Body, i18n.Translate("id", "rollover.nothing_new", nil)) {
		t.Fatalf("second run: %d %s", r.Status, excerpt(r))
	}
	// A staff member may not open the page.
	if r := f.Login(t, username(f.Office, staff)).Get(page); r.Status != http.StatusForbidden {
		t.Errorf("staff: %d", r.Status)
	}
}

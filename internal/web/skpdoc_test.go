package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// The Kepala Seksi Bank's SKP page shows the demo's Lampiran (read only: the
// SKP is approved) and additional task; a task is added there, and a blank
// one is refused on the page.
func TestSKPExtrasOnPlanPage(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	kasi := f.Office.SectionLed["BANK"]
	sv, err := f.Service.EmployeeScoreIn(ctx, service.SystemActor(), kasi, f.Office.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	path := "/plans/" + strconv.FormatInt(sv.Plan.ID, 10)
	c := f.Login(t, f.Username(t, kasi))
	page := c.Get(path)
	for _, want := range []string{"Lampiran SKP", "Akses aplikasi SPAN", "Skema pertanggungjawaban", "Anggota tim penyusun SOP"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `action="`+path+`/attachment"`) {
		t.Error("the Lampiran of an approved SKP is offered for editing")
	}
	if r := c.PostForm(path+"/tasks", url.Values{"part": {"task"}, "description": {" "}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `id="e-description"`) {
		t.Errorf("blank task: %d", r.Status)
	}
	if r := c.PostForm(path+"/tasks", url.Values{"part": {"task"}, "description": {"Narasumber sosialisasi MPN G3"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add task: %d", r.Status)
	}
	if page := c.Get(path); !strings.Contains(page.Body, "Narasumber sosialisasi MPN G3") {
		t.Error("the new task is not listed")
	}
}

// The position form offers the non-substantive mark and refuses it on a
// post that is not functional.
func TestPositionFormNonSubstantive(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	chart := f.Chart(t)
	eko := f.Office.Staff["BANK"][0]
	pos, ok := chart.Primary(eko)
	if !ok {
		t.Fatal("no post")
	}
	c := f.Login(t, username(f.Office, pengelola))
	edit := "/org/positions/" + strconv.FormatInt(pos.ID, 10) + "/edit"
	if page := c.Get(edit); !strings.Contains(page.Body, `name="non_substantive"`) {
		t.Fatal("the position form has no non-substantive mark")
	}
	r := c.PostForm(edit, url.Values{"unit_id": {strconv.FormatInt(pos.UnitID, 10)}, "title": {pos.Title}, "kind": {string(pos.Kind)},
		"reports_to_id": {strconv.FormatInt(pos.ReportsToID, 10)}, "non_substantive": {"on"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Hanya jabatan fungsional") {
		t.Errorf("non-substantive pelaksana: %d", r.Status)
	}
}

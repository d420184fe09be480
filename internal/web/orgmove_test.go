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

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// The demo office's pengelola kinerja cannot pull an employee of another
// office into theirs, by the assignment form or by the org import; the
// organisation admin can.
func TestNoPullFromAnotherOffice(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, realNow)
	ctx := context.Background()
	sys := service.SystemActor()
	other, err := f.Service.CreateUnit(ctx, sys, service.UnitInput{ParentID: f.RegionID, Code: "KPPN-LAIN", Name: "KPPN Lain", Kind: domain.UnitOffice})
	if err != nil {
		t.Fatal(err)
	}
	pos, err := f.Service.CreatePosition(ctx, sys, service.PositionInput{UnitID: other.ID, Title: "Pelaksana KPPN Lain", Kind: domain.PosPelaksana})
	if err != nil {
		t.Fatal(err)
	}
	emp, err := f.Service.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: "198107072006041099", Name: "Pegawai Kantor Lain"}, pos.ID, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	c := f.Chart(t)
	target, _ := c.Primary(f.Office.Staff["BANK"][0])
	refused := html.EscapeString(i18n.Translate("id", "org.move_other_office", nil))
	assign := "/employees/" + strconv.FormatInt(emp.ID, 10) + "/assign"
	form := url.Values{"position_id": {strconv.FormatInt(target.ID, 10)}, "start_date": {"2026-12-01"}}

	pc := f.Login(t, username(f.Office, pengelola))
	if r := pc.Get(assign); r.Status != http.StatusConflict || !strings.Contains(r.Body, refused) {
		t.Errorf("assignment form for another office's employee: %d %s", r.Status, excerpt(r))
	}
	if r := pc.PostForm(assign, form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, refused) {
		t.Errorf("assignment of another office's employee: %d %s", r.Status, excerpt(r))
	}
	csv := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" + emp.NIP + ";Pegawai Kantor Lain;" + c.Units[target.UnitID].Code + ";" +
		target.Title + ";pelaksana;" + c.Employees[f.Office.SectionLed["BANK"]].NIP + "\n"
	if r := postMultipart(t, pc, f.URL+"/org/import", nil, "file", "org.csv", []byte(csv)); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "menjabat di kantor di luar kewenangan Anda") {
		t.Errorf("import of another office's employee: %d %s", r.Status, excerpt(r))
	}
	if c := f.Chart(t); c.EmployeeOffice(emp.ID) != other.ID {
		t.Fatalf("the employee moved to office %d", c.EmployeeOffice(emp.ID))
	}

	ac := f.Login(t, username(f.Office, admin))
	if r := ac.PostForm(assign, form); r.Status != http.StatusSeeOther {
		t.Errorf("the organisation admin moving them: %d %s", r.Status, excerpt(r))
	}
}

// Moving a held post under another supervisor on the position form, or by
// the org import, is refused with the reason; the post keeps its line.
func TestReorganisationRefusedOnThePages(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, realNow)
	c := f.Chart(t)
	pos, _ := c.Primary(f.Office.Staff["BANK"][0])
	head := c.HeadPosition(f.Office.OfficeID)
	refusedText := i18n.Translate("id", "org.reorg_moves_plans", map[string]any{"kind": "SKP"})
	refused := html.EscapeString(refusedText[strings.Index(refusedText, "Buat jabatan baru"):])
	pc := f.Login(t, username(f.Office, pengelola))
	form := url.Values{"unit_id": {strconv.FormatInt(pos.UnitID, 10)}, "title": {pos.Title}, "kind": {string(pos.Kind)},
		"reports_to_id": {strconv.FormatInt(head, 10)}}
	if r := pc.PostForm("/org/positions/"+strconv.FormatInt(pos.ID, 10)+"/edit", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, refused) {
		t.Errorf("position form: %d %s", r.Status, excerpt(r))
	}
	holder := c.Employees[f.Office.Staff["BANK"][0]]
	csv := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" + holder.NIP + ";" + holder.Name + ";" + c.Units[pos.UnitID].Code + ";" +
		pos.Title + ";pelaksana;" + c.Employees[f.Office.Head].NIP + "\n"
	if r := postMultipart(t, pc, f.URL+"/org/import", nil, "file", "org.csv", []byte(csv)); r.Status != http.StatusConflict || !strings.Contains(r.Body, refused) {
		t.Errorf("org import: %d %s", r.Status, excerpt(r))
	}
	if got := f.Chart(t).Positions[pos.ID].ReportsToID; got != pos.ReportsToID {
		t.Errorf("the post now reports to %d, was %d", got, pos.ReportsToID)
	}
}

package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
)

// testSKPExtras: an SKP's Lampiran and additional tasks travel with the
// plan; the owner writes the Lampiran with the draft's revision, the owner
// and the direct supervisor add and remove tasks.
func testSKPExtras(t *testing.T, e *env) {
	var p api.Plan
	e.call(e.staffBank, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Staff["BANK"][0]}, http.StatusCreated, &p)
	plan := fmt.Sprintf("/plans/%d", p.ID)
	e.call(e.staffBank, "GET", plan, nil, http.StatusOK, &p)
	if p.Attachment == nil || *p.Attachment != (api.Attachment{}) || len(p.AdditionalTasks) != 0 || !p.Permissions.EditAttachment || !p.Permissions.EditTasks {
		t.Fatalf("a new SKP: attachment %+v, tasks %+v, permissions %+v", p.Attachment, p.AdditionalTasks, p.Permissions)
	}
	if p.Period.Start != fmt.Sprintf("%d-01-01", e.year) || p.Period.End != fmt.Sprintf("%d-12-31", e.year) {
		t.Errorf("period %+v", p.Period)
	}
	rev := p.Version.Revision
	body := map[string]any{"revision": rev, "resources": "Aplikasi SPAN dan SAKTI", "accountability": "Laporan bulanan ke Kepala Seksi"}
	e.call(e.kasiBank, "PUT", plan+"/attachment", body, http.StatusForbidden, nil)
	var saved api.SavedAttachment
	e.call(e.staffBank, "PUT", plan+"/attachment", body, http.StatusOK, &saved)
	if saved.Revision != rev+1 || saved.Attachment.Resources != "Aplikasi SPAN dan SAKTI" {
		t.Errorf("saved %+v, want revision %d", saved, rev+1)
	}
	e.call(e.staffBank, "PUT", plan+"/attachment", body, http.StatusOK, &saved) // sent again: no change
	body["consequences"] = "x"
	e.call(e.staffBank, "PUT", plan+"/attachment", body, http.StatusConflict, nil) // stale
	body["revision"], body["consequences"] = saved.Revision, strings.Repeat("x", 4001)
	e.call(e.staffBank, "PUT", plan+"/attachment", body, http.StatusUnprocessableEntity, nil)

	var task api.AdditionalTask
	e.call(e.kasiBank, "POST", plan+"/tasks", map[string]any{"description": "Anggota tim SOP retur SP2D"}, http.StatusCreated, &task)
	e.call(e.staffBank, "POST", plan+"/tasks", map[string]any{"description": "  "}, http.StatusUnprocessableEntity, nil)
	e.call(e.staffPD, "POST", plan+"/tasks", map[string]any{"description": "x"}, http.StatusForbidden, nil)
	var gone api.AdditionalTask
	e.call(e.staffBank, "POST", plan+"/tasks", map[string]any{"description": "Tugas yang batal"}, http.StatusCreated, &gone)
	e.call(e.staffBank, "DELETE", fmt.Sprintf("%s/tasks/%d", plan, gone.ID), nil, http.StatusNoContent, nil)
	e.call(e.staffBank, "DELETE", fmt.Sprintf("%s/tasks/%d", plan, gone.ID), nil, http.StatusNotFound, nil)

	e.call(e.kasiBank, "GET", plan, nil, http.StatusOK, &p)
	if p.Attachment == nil || p.Attachment.Accountability != "Laporan bulanan ke Kepala Seksi" || p.Attachment.Consequences != "" ||
		len(p.AdditionalTasks) != 1 || p.AdditionalTasks[0].ID != task.ID || p.AdditionalTasks[0].Description != "Anggota tim SOP retur SP2D" {
		t.Errorf("the plan carries attachment %+v, tasks %+v", p.Attachment, p.AdditionalTasks)
	}
	if p.Permissions.EditAttachment || !p.Permissions.EditTasks {
		t.Errorf("the supervisor's permissions %+v", p.Permissions)
	}
	var pk api.Plan
	e.call(e.head, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusCreated, &pk)
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d", pk.ID), nil, http.StatusOK, &pk)
	if pk.Attachment != nil || pk.AdditionalTasks == nil || len(pk.AdditionalTasks) != 0 {
		t.Errorf("a PK carries attachment %+v, tasks %+v", pk.Attachment, pk.AdditionalTasks)
	}
}

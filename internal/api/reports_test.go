package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// send requests an API path with a method, a bearer token and a JSON body,
// and decodes the JSON answer into out (when not nil and the call worked).
func send(t *testing.T, f *webtest.Fixture, method, token, path string, body, out any) *webtest.Response {
	t.Helper()
	var b bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&b).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, f.URL+"/api/v1"+path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	r := f.Client(t).Do(req)
	if out != nil && r.Status < 300 {
		if err := json.Unmarshal([]byte(r.Body), out); err != nil {
			t.Fatalf("%s %s: not JSON (%v): %s", method, path, err, r.Body)
		}
	}
	return r
}

// The report API: a section head reads the report, writes the IIAA and
// the action plan in one request (stopping at the first refused element),
// submits it; the head reviews it and reads the office score.
func TestReportAPI(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	off := f.Office
	lead := off.SectionLed["BANK"]
	leadTok, _ := issue(t, f, f.Username(t, lead))
	headTok, _ := issue(t, f, f.Username(t, off.Head))
	staffTok, _ := issue(t, f, f.Username(t, off.Staff["BANK"][0]))
	path := fmt.Sprintf("/reports/%d/3/%d", off.Year, lead)

	var rep api.Report
	if r := send(t, f, http.MethodGet, leadTok, path, nil, &rep); r.Status != http.StatusOK {
		t.Fatalf("GET: %d %s", r.Status, r.Body)
	}
	if rep.Status != "draft" || rep.Kind != "SKP" || len(rep.Lines) == 0 || !rep.Permissions.Submit || rep.Threshold != 100 {
		t.Fatalf("report: %+v", rep)
	}
	l := rep.Lines[0]
	if l.ToDate.Achievement == nil || len(l.Evidence) == 0 || l.Evidence[0].SHA256 == "" {
		t.Errorf("line: %+v", l)
	}
	// Someone without a report, and someone who may not see it.
	wantProblem(t, "report of a staff member", send(t, f, http.MethodGet, headTok, fmt.Sprintf("/reports/%d/3/%d", off.Year, off.Staff["BANK"][0]), nil, nil), http.StatusNotFound)
	wantProblem(t, "report of an unknown person", send(t, f, http.MethodGet, headTok, fmt.Sprintf("/reports/%d/3/999999", off.Year), nil, nil), http.StatusNotFound)
	wantProblem(t, "staff reads the section head's report", send(t, f, http.MethodGet, staffTok, path, nil, nil), http.StatusForbidden)
	wantProblem(t, "quarter 5", send(t, f, http.MethodGet, leadTok, fmt.Sprintf("/reports/%d/5/%d", off.Year, lead), nil, nil), http.StatusUnprocessableEntity)

	// One request: an item and two actions, the second refused by field.
	put := map[string]any{
		"revision": rep.Revision,
		"items":    []map[string]any{{"line_id": l.LineID, "issue": "Issue lewat API", "implication": "Dampak", "accountable_id": lead, "supporting": "Tim"}},
		"actions": []map[string]any{
			{"line_id": l.LineID, "description": "Tindakan lewat API", "owner_id": lead, "due_date": "2026-12-20"},
			{"line_id": l.LineID, "description": "Tanpa pelaksana", "due_date": "2026-12-20"},
		},
	}
	p := wantProblem(t, "PUT with a refused action", send(t, f, http.MethodPut, leadTok, path, put, nil), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.actions[1].owner_id" {
		t.Errorf("errors: %+v", p.Errors)
	}
	var after api.Report
	send(t, f, http.MethodGet, leadTok, path, nil, &after)
	if after.Lines[0].Issue != "Issue lewat API" || after.Revision != rep.Revision+2 {
		t.Errorf("what came before the refused element is saved: issue %q, revision %d→%d", after.Lines[0].Issue, rep.Revision, after.Revision)
	}
	found := false
	for _, a := range after.Lines[0].Actions {
		found = found || a.Description == "Tindakan lewat API"
	}
	if !found {
		t.Error("the first action was not saved")
	}
	// A stale revision is a conflict; an unknown line is named.
	wantProblem(t, "stale PUT", send(t, f, http.MethodPut, leadTok, path, map[string]any{"revision": rep.Revision,
		"items": []map[string]any{{"line_id": l.LineID, "issue": "x"}}}, nil), http.StatusConflict)
	p = wantProblem(t, "unknown line", send(t, f, http.MethodPut, leadTok, path, map[string]any{"revision": after.Revision,
		"items": []map[string]any{{"line_id": 999999, "issue": "x"}}}, nil), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.items[0].line_id" {
		t.Errorf("unknown line errors: %+v", p.Errors)
	}
	wantProblem(t, "the head writes the section head's report", send(t, f, http.MethodPut, headTok, path,
		map[string]any{"revision": after.Revision, "items": []map[string]any{{"line_id": l.LineID, "issue": "x"}}}, nil), http.StatusForbidden)

	// Submit, review: the head may not submit, the official may not review.
	step := func(tok, name string, body map[string]any) *webtest.Response {
		return send(t, f, http.MethodPost, tok, path+"/"+name, body, nil)
	}
	wantProblem(t, "the head submits", step(headTok, "submit", map[string]any{"revision": after.Revision}), http.StatusForbidden)
	var sub api.Report
	if r := send(t, f, http.MethodPost, leadTok, path+"/submit", map[string]any{"revision": after.Revision}, &sub); r.Status != http.StatusOK || sub.Status != "submitted" {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	wantProblem(t, "the official reviews", step(leadTok, "review", map[string]any{"revision": sub.Revision}), http.StatusForbidden)
	p = wantProblem(t, "return without comment", step(headTok, "return", map[string]any{"revision": sub.Revision}), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.comment" {
		t.Errorf("return errors: %+v", p.Errors)
	}
	var rev api.Report
	if r := send(t, f, http.MethodPost, headTok, path+"/review", map[string]any{"revision": sub.Revision}, &rev); r.Status != http.StatusOK || rev.Status != "reviewed" || !rev.Frozen {
		t.Fatalf("review: %d %s", r.Status, r.Body)
	}
	wantProblem(t, "PUT on a reviewed report", send(t, f, http.MethodPut, leadTok, path, map[string]any{"revision": rev.Revision,
		"items": []map[string]any{{"line_id": l.LineID, "issue": "x"}}}, nil), http.StatusConflict)

	// The PDF.
	r := send(t, f, http.MethodGet, headTok, path+"/pdf", nil, nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment; filename=LCK-") {
		t.Errorf("PDF: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
	}
	wantProblem(t, "staff prints the report", send(t, f, http.MethodGet, staffTok, path+"/pdf", nil, nil), http.StatusForbidden)
}

func TestNKOAPI(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	off := f.Office
	tok, _ := issue(t, f, f.Username(t, off.Staff["BANK"][0]))
	var n api.NKO
	r := call(t, f, tok, fmt.Sprintf("/years/%d/quarters/2/nko", off.Year), map[string]string{"Accept-Language": "en"}, &n)
	if r.Status != http.StatusOK {
		t.Fatalf("NKO: %d %s", r.Status, r.Body)
	}
	if !n.Official || n.NKO == nil || n.Predicate == "" || len(n.Perspectives) != 4 || len(n.Objectives) == 0 || len(n.Objectives[0].IKUs) == 0 {
		t.Fatalf("NKO: %+v", n)
	}
	if !strings.HasPrefix(n.Explanation[0], "Rule set") {
		t.Errorf("explanation not in English: %q", n.Explanation[0])
	}
	// The number is rounded as shown, and the same in Indonesian.
	if *n.NKO != float64(int(*n.NKO*100+0.5))/100 {
		t.Errorf("NKO %v is not rounded to 2 decimals", *n.NKO)
	}
	var id api.NKO
	call(t, f, tok, fmt.Sprintf("/years/%d/quarters/2/nko?office=%d", off.Year, off.OfficeID), nil, &id)
	if id.NKO == nil || *id.NKO != *n.NKO || !strings.HasPrefix(id.Explanation[0], "Aturan") {
		t.Errorf("Indonesian: %v %q", id.NKO, id.Explanation[0])
	}
	// Q4 has nothing verified yet: no score, said so with null.
	var q4 api.NKO
	call(t, f, tok, fmt.Sprintf("/years/%d/quarters/4/nko", off.Year), nil, &q4)
	if q4.NKO != nil || q4.Official {
		t.Errorf("Q4: %+v", q4)
	}
	// Another office (the Kanwil above) is not the staff member's to read; an unknown one is not found.
	wantProblem(t, "the Kanwil", call(t, f, tok, fmt.Sprintf("/years/%d/quarters/2/nko?office=%d", off.Year, f.RegionID), nil, nil), http.StatusForbidden)
	wantProblem(t, "unknown office", call(t, f, tok, fmt.Sprintf("/years/%d/quarters/2/nko?office=%d", off.Year, 999999), nil, nil), http.StatusNotFound)
	admin, _ := issue(t, f, "admin")
	if r := call(t, f, admin, fmt.Sprintf("/years/%d/quarters/2/nko?office=%s", off.Year, strconv.FormatInt(off.OfficeID, 10)), nil, nil); r.Status != http.StatusOK {
		t.Errorf("admin: %d", r.Status)
	}
	wantProblem(t, "admin without an office", call(t, f, admin, fmt.Sprintf("/years/%d/quarters/2/nko", off.Year), nil, nil), http.StatusUnprocessableEntity)
}

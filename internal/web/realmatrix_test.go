package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// realMatrixRoutes are the permission matrix rows of the realisation
// routes. The demo office is laid out up to the day the tests run, so rows
// on existing sheets are added only once a quarter is closed; the rest hold
// on any day. No row changes a figure: workflow steps carry a stale
// revision or act on a locked sheet, so each role meets the same answer in
// whatever order the roles run.
func realMatrixRoutes(t *testing.T, f *webtest.Fixture) []route {
	t.Helper()
	ctx := context.Background()
	sys := service.SystemActor()
	none := func(string) url.Values { return url.Values{} }
	fixed := func(v url.Values) func(string) url.Values { return func(string) url.Values { return v } }
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	year, office := strconv.Itoa(f.Office.Year), "?office="+id(f.Office.OfficeID)
	stale := url.Values{"revision": {"999999"}, "comment": {"matrix"}}
	onlyStaff := func(s int) expect { return expect{"*": http.StatusForbidden, staff: s} }
	readers := expect{"*": http.StatusOK, staff: http.StatusForbidden, secHead: http.StatusForbidden}

	rows := []route{
		{"GET /realisation", "GET", "/realisation", none, signedIn(200)},
		{"GET /realisation", "GET", "/realisation?year=1990", none, signedIn(404)},
		{"GET /plans/{id}/quarters/{q}", "GET", "/plans/999999/quarters/1", none, signedIn(404)},
		{"POST /plans/{id}/quarters/{q}", "POST", "/plans/999999/quarters/1", fixed(stale), signedIn(404)},
		{"POST /plans/{id}/quarters/{q}/preview", "POST", "/plans/999999/quarters/1/preview", fixed(url.Values{"line": {"1"}, "value": {"1"}}), signedIn(404)},
		{"POST /plans/{id}/quarters/{q}/evidence", "POST", "/plans/999999/quarters/1/evidence", fixed(url.Values{"line_id": {"1"}, "evidence_1_kind": {"supporting"}, "evidence_1_body": {"x"}}), signedIn(404)},
		{"POST /plans/{id}/quarters/{q}/validate", "POST", "/plans/999999/quarters/1/validate", fixed(stale), signedIn(404)},
		{"POST /plans/{id}/quarters/{q}/verify", "POST", "/plans/999999/quarters/1/verify", fixed(stale), signedIn(404)},
		{"POST /plans/{id}/quarters/{q}/return", "POST", "/plans/999999/quarters/1/return", fixed(stale), signedIn(404)},
		{"POST /plans/{id}/lines/{line}/quarters/{q}/corrections", "POST", "/plans/999999/lines/1/quarters/1/corrections", fixed(url.Values{"value": {"1"}, "reason": {"x"}}), signedIn(404)},
		{"POST /corrections/{id}/decide", "POST", "/corrections/999999/decide", fixed(url.Values{"decision": {"reject"}}), signedIn(404)},
		{"GET /evidence/{id}", "GET", "/evidence/00000000-0000-7000-8000-000000000000", none, signedIn(404)},
		{"GET /quarters/{year}/{q}", "GET", "/quarters/" + year + "/4" + office, none, readers},
		{"GET /quarters/{year}/{q}", "GET", "/quarters/" + year + "/4", none, expect{"*": 403, head: 200, pengelola: 200, admin: 404, pemeriksa: 404}},
		{"GET /quarters/{year}/{q}", "GET", "/quarters/" + year + "/9" + office, none, signedIn(404)},
		// Q4 never ends within the demo's year: reminders go out, closing is refused with a message.
		{"POST /quarters/{year}/{q}/remind", "POST", "/quarters/" + year + "/4/remind" + office, none, expect{"*": 403, pengelola: 303}},
		{"POST /quarters/{year}/{q}/close", "POST", "/quarters/" + year + "/4/close" + office, none, expect{"*": 403, pengelola: 303}},
		{"GET /notifications", "GET", "/notifications", none, signedIn(200)},
		{"POST /notifications/read", "POST", "/notifications/read", none, signedIn(303)},
	}

	userOf := func(role string) domain.User {
		u, err := f.Store.GetUserByUsername(ctx, username(f.Office, role))
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	plans, err := f.Service.ListPlans(ctx, sys, f.Office.Year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	planOf := map[int64]int64{}
	var pk int64
	for _, p := range plans {
		planOf[p.Plan.EmployeeID] = p.Plan.ID
		if p.Plan.Kind == domain.PlanPK {
			pk = p.Plan.ID
		}
	}
	staffPlan, secPlan := planOf[userOf(staff).EmployeeID], planOf[userOf(secHead).EmployeeID]
	closed := 0
	for q := 4; q >= 1 && staffPlan != 0; q-- {
		if v, err := f.Service.GetSheet(ctx, sys, staffPlan, q); err == nil && v.Sheet.Status == domain.SheetLocked {
			closed = q
		}
	}
	if closed == 0 {
		return rows
	}
	q := strconv.Itoa(closed)
	sheet := "/plans/" + id(staffPlan) + "/quarters/" + q
	v, err := f.Service.GetSheet(ctx, sys, staffPlan, closed)
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
	rows = append(rows,
		route{"GET /plans/{id}/quarters/{q}", "GET", sheet, none, signedIn(200)},
		route{"GET /plans/{id}/quarters/{q}", "GET", "/plans/" + id(pk) + "/quarters/" + q, none, readers},
		route{"GET /plans/{id}/quarters/{q}", "GET", sheet[:len(sheet)-1] + "5", none, signedIn(404)},
		route{"POST /plans/{id}/quarters/{q}", "POST", sheet, fixed(stale), onlyStaff(409)},
		route{"POST /plans/{id}/quarters/{q}/preview", "POST", sheet + "/preview", fixed(url.Values{"line": {id(line)}, "value": {"1"}}), signedIn(200)},
		route{"POST /plans/{id}/quarters/{q}/evidence", "POST", sheet + "/evidence", fixed(url.Values{"line_id": {id(line)}, "evidence_" + id(line) + "_kind": {"supporting"}, "evidence_" + id(line) + "_body": {"x"}}), onlyStaff(409)},
		route{"POST /plans/{id}/quarters/{q}/validate", "POST", sheet + "/validate", fixed(stale), expect{"*": 403, secHead: 409}},
		route{"POST /plans/{id}/quarters/{q}/verify", "POST", sheet + "/verify", fixed(stale), expect{"*": 403, pengelola: 409}},
		route{"POST /plans/{id}/quarters/{q}/return", "POST", sheet + "/return", fixed(stale), signedIn(409)},
		route{"POST /plans/{id}/lines/{line}/quarters/{q}/corrections", "POST", "/plans/" + id(staffPlan) + "/lines/" + id(line) + "/quarters/" + q + "/corrections",
			fixed(url.Values{"value": {"1"}, "reason": {""}}), expect{"*": 403, staff: 422, pengelola: 422}},
	)
	// A file of the section head's closed quarter: the staff member may not read it.
	if e := firstFile(t, f, secPlan, closed); e != "" {
		rows = append(rows, route{"GET /evidence/{id}", "GET", "/evidence/" + e, none, expect{"*": 200, staff: 403}})
	}
	if pending, err := f.Service.ListCorrections(ctx, sys, f.Office.Year, f.Office.OfficeID, domain.CorrectionPending); err == nil && len(pending) > 0 {
		rows = append(rows, route{"POST /corrections/{id}/decide", "POST", "/corrections/" + id(pending[0].Correction.ID) + "/decide",
			fixed(url.Values{"decision": {"reject"}, "back": {"/realisation"}}), expect{"*": 403, pengelola: 303}})
	}
	return rows
}

// firstFile returns the ID of the first evidence file of a sheet ("" if none).
func firstFile(t *testing.T, f *webtest.Fixture, planID int64, q int) string {
	t.Helper()
	v, err := f.Service.GetSheet(context.Background(), service.SystemActor(), planID, q)
	if err != nil {
		return ""
	}
	for _, l := range v.Lines {
		for _, e := range l.Evidence {
			if e.Form == domain.FormFile {
				return e.ID
			}
		}
	}
	return ""
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// actorOf signs in a demo employee for setting up a test.
func actorOf(t *testing.T, f *webtest.Fixture, employeeID int64) authz.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := f.Store.GetUserByEmployee(ctx, employeeID)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.Service.Actor(ctx, u.ID, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// reportPlanOf returns the plan an official reports on this year.
func reportPlanOf(t *testing.T, f *webtest.Fixture, employeeID int64) int64 {
	t.Helper()
	p, err := f.Service.ReportPlan(context.Background(), service.SystemActor(), f.Office.Year, employeeID)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// reportRows are the matrix rows of the IIAA report, NKO and document
// routes. The section head of the matrix (Seksi Bank) writes and submits
// the Q3 report; the head reviews one submitted report and returns another.
// Each POST acts on a record only one role can change, so that the roles
// may run in any order.
func reportRows(t *testing.T, f *webtest.Fixture) []route {
	ctx := context.Background()
	off := f.Office
	sys := service.SystemActor()
	year := strconv.Itoa(off.Year)
	office := strconv.FormatInt(off.OfficeID, 10)
	bank := reportPlanOf(t, f, off.SectionLed["BANK"])
	pk := reportPlanOf(t, f, off.Head)
	bankHead := actorOf(t, f, off.SectionLed["BANK"])
	// Reports of two other sections wait for the head's review.
	waiting := map[string]int64{}
	for _, sec := range []string{"PD", "VERA"} {
		plan := reportPlanOf(t, f, off.SectionLed[sec])
		if _, err := f.Service.SubmitReport(ctx, actorOf(t, f, off.SectionLed[sec]), plan, 3, -1); err != nil {
			t.Fatalf("submit the Q3 report of %s: %v", sec, err)
		}
		waiting[sec] = plan
	}
	v, err := f.Service.GetReport(ctx, sys, bank, 3)
	if err != nil {
		t.Fatal(err)
	}
	row := v.Rows[0]
	line := strconv.FormatInt(row.Line.LineID, 10)
	due := f.Service.Today().AddDate(0, 0, 14)
	extra, err := f.Service.SaveAction(ctx, bankHead, bank, 3, -1, service.ActionInput{LineID: row.Line.LineID, Description: "Tindakan tambahan",
		OwnerID: off.SectionLed["BANK"], DueDate: due, Status: domain.ActionOpen})
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	base := "/reports/" + id(bank) + "/3"
	revision := func() string {
		v, err := f.Service.GetReport(ctx, sys, bank, 3)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(v.Report.Revision)
	}
	none := func(string) url.Values { return url.Values{} }
	withRevision := func(plan int64, extra url.Values) func(string) url.Values {
		return func(string) url.Values {
			v, err := f.Service.GetReport(ctx, sys, plan, 3)
			if err != nil {
				t.Fatal(err)
			}
			out := url.Values{"revision": {strconv.Itoa(v.Report.Revision)}}
			for k, vs := range extra {
				out[k] = vs
			}
			return out
		}
	}
	action := url.Values{"line_id": {line}, "description": {"Tindakan tambahan"}, "owner_id": {id(off.SectionLed["BANK"])},
		"due_date": {due.Format("2006-01-02")}, "status": {"in_progress"}, "status_note": {"Berjalan."}}
	item := url.Values{"issue": {row.Item.Issue}, "implication": {row.Item.Implication}, "accountable_id": {id(row.Item.AccountableID)},
		"supporting": {row.Item.Supporting}}
	readers := expect{"*": http.StatusOK, staff: http.StatusForbidden}
	owner := expect{"*": http.StatusForbidden, secHead: http.StatusSeeOther}
	headOnly := expect{"*": http.StatusForbidden, head: http.StatusSeeOther}
	return []route{
		{"GET /reports", "GET", "/reports", none, signedIn(200)},
		{"GET /reports", "GET", "/reports?year=" + year + "&q=2&office=" + office, none, signedIn(200)},
		{"GET /reports", "GET", "/reports?year=1990", none, signedIn(404)},
		{"GET /reports", "GET", "/reports?q=7", none, signedIn(404)},
		{"GET /nko", "GET", "/nko", none, signedIn(200)},
		{"GET /nko", "GET", "/nko?year=" + year + "&q=2&office=" + office, none, signedIn(200)},
		{"GET /reports/{plan}/{q}", "GET", base, none, readers},
		{"GET /reports/{plan}/{q}", "GET", "/reports/" + id(pk) + "/2", none, expect{"*": 200, secHead: 403, staff: 403}},
		{"GET /reports/{plan}/{q}", "GET", "/reports/" + id(bank) + "/9", none, signedIn(404)},
		{"GET /reports/{plan}/{q}", "GET", "/reports/999999/1", none, signedIn(404)},
		{"GET /reports/{plan}/{q}/pdf", "GET", "/reports/" + id(bank) + "/2/pdf", none, readers},
		{"GET /reports/{plan}/{q}/xlsx", "GET", "/reports/" + id(bank) + "/2/xlsx", none, readers},
		{"GET /quarters/{year}/{q}/package.pdf", "GET", "/quarters/" + year + "/2/package.pdf?office=" + office, none,
			expect{"*": 403, head: 200, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"GET /quarters/{year}/{q}/package.pdf", "GET", "/quarters/" + year + "/9/package.pdf?office=" + office, none, signedIn(404)},
		{"POST /reports/{plan}/{q}/items/{line}", "POST", base + "/items/" + line, withRevision(bank, item), owner},
		{"POST /reports/{plan}/{q}/actions", "POST", base + "/actions", withRevision(bank, action), owner},
		{"POST /reports/{plan}/{q}/actions/{id}", "POST", base + "/actions/" + id(extra.ID), withRevision(bank, action), owner},
		{"POST /reports/{plan}/{q}/actions/{id}/delete", "POST", base + "/actions/" + id(extra.ID) + "/delete", withRevision(bank, url.Values{}), owner},
		{"POST /reports/{plan}/{q}/actions/{id}", "POST", base + "/actions/" + id(extra.ID), withRevision(bank, action),
			expect{"*": http.StatusForbidden, secHead: http.StatusNotFound}},
		{"POST /reports/{plan}/{q}/submit", "POST", base + "/submit", func(string) url.Values { return url.Values{"revision": {revision()}} }, owner},
		{"POST /reports/{plan}/{q}/open", "POST", "/reports/" + id(bank) + "/4/open", none, expect{"*": http.StatusSeeOther, staff: http.StatusForbidden}},
		{"POST /reports/{plan}/{q}/review", "POST", "/reports/" + id(waiting["PD"]) + "/3/review", withRevision(waiting["PD"], url.Values{}), headOnly},
		{"POST /reports/{plan}/{q}/return", "POST", "/reports/" + id(waiting["VERA"]) + "/3/return",
			withRevision(waiting["VERA"], url.Values{"comment": {""}}), expect{"*": http.StatusForbidden, head: http.StatusUnprocessableEntity}},
		{"POST /reports/{plan}/{q}/return", "POST", "/reports/" + id(waiting["VERA"]) + "/3/return",
			withRevision(waiting["VERA"], url.Values{"comment": {"Lengkapi rencana aksi."}}), headOnly},
	}
}

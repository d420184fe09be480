package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// evalMatrixRoutes are the rows of the evaluation cycle: Eko's Q3 360°
// assessment on the fixture's day (7 October), when its raters are set and
// scoring is open, and the closed objection window.
func evalMatrixRoutes(t *testing.T, f *webtest.Fixture) []route {
	t.Helper()
	ctx := context.Background()
	sys := service.SystemActor()
	eko := f.Office.Staff["BANK"][0]
	plan, err := f.Service.EmployeeScoreIn(ctx, sys, eko, f.Office.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(plan.Plan.ID, 10)
	fixed := func(v url.Values) func(string) url.Values { return func(string) url.Values { return v } }
	none := fixed(url.Values{})
	scores := url.Values{}
	for i := 0; i < 7; i++ {
		scores.Set("score_"+strconv.Itoa(i), "101")
	}
	expect7 := url.Values{}
	for i := 0; i < 7; i++ {
		expect7.Set("expect_"+strconv.Itoa(i), "Ekspektasi "+strconv.Itoa(i))
	}
	raters := url.Values{"set": {"1"}, "rater": {strconv.FormatInt(f.Office.Staff["BANK"][1], 10), strconv.FormatInt(f.Office.Staff["BANK"][2], 10)}}
	oq := "?office=" + strconv.FormatInt(f.Office.OfficeID, 10) + "&year=" + strconv.Itoa(f.Office.Year)
	hidden := func(v url.Values) url.Values {
		v.Set("office", strconv.FormatInt(f.Office.OfficeID, 10))
		v.Set("year", strconv.Itoa(f.Office.Year))
		v.Set("q", "3")
		return v
	}
	readers := expect{"*": 403, head: 200, pengelola: 200, admin: 200}
	exporters := expect{"*": 403, pengelola: 200, admin: 200}
	members := hidden(url.Values{"chair": {strconv.FormatInt(f.Office.SectionLed["UMUM"], 10)},
		"member": {strconv.FormatInt(f.Office.Pengelola, 10), strconv.FormatInt(f.Office.SectionLed["PD"], 10)}})
	penalty := hidden(url.Values{"employee": {strconv.FormatInt(f.Office.Staff["UMUM"][1], 10)}, "category": {"ringan"}, "mpjhd": {"30"},
		"start_quarter": {"3"}, "reason": {"Teguran tertulis"}})
	badPenalty := hidden(url.Values{"employee": {strconv.FormatInt(f.Office.Staff["UMUM"][1], 10)}, "category": {"berat sekali"}, "mpjhd": {"30"},
		"start_quarter": {"3"}, "reason": {"x"}})
	return []route{
		{"GET /plans/{id}/evaluation.pdf", "GET", "/plans/" + id + "/evaluation.pdf", none, expect{"*": 200, pemeriksa: 403}},
		{"GET /tpk", "GET", "/tpk" + oq + "&q=2", none, readers},
		{"GET /tpk", "GET", "/tpk" + oq + "&q=3", none, readers},
		{"POST /tpk/members", "POST", "/tpk/members", fixed(members), expect{"*": 403, head: 303, pengelola: 303}},
		{"POST /tpk/penalty", "POST", "/tpk/penalty", fixed(penalty), expect{"*": 403, pengelola: 303}},
		{"POST /tpk/penalty", "POST", "/tpk/penalty", fixed(badPenalty), expect{"*": 403, pengelola: 422}},
		{"POST /tpk/decree", "POST", "/tpk/decree", fixed(hidden(url.Values{"number": {"KEP-3"}})), expect{"*": 403, head: 422}},
		{"POST /tpk/remind", "POST", "/tpk/remind", fixed(hidden(url.Values{})), expect{"*": 403, pengelola: 422}}, // Q3's raters are still being set
		{"GET /tpk/minutes.pdf", "GET", "/tpk/minutes.pdf" + oq + "&q=2", none, readers},
		{"GET /distribution", "GET", "/distribution" + oq, none, readers},
		{"GET /distribution", "GET", "/distribution" + oq + "&q=0", none, readers},
		{"GET /ekinerja", "GET", "/ekinerja" + oq, none, exporters},
		{"GET /ekinerja/export", "GET", "/ekinerja/export" + oq + "&format=csv", none, exporters},
		{"GET /ekinerja/export", "GET", "/ekinerja/export" + oq + "&format=xlsx", none, exporters},
		{"GET /assess/{plan}/{q}", "GET", "/assess/" + id + "/3", none, expect{"*": 200, pemeriksa: 403}},
		{"GET /assess/{plan}/{q}", "GET", "/assess/" + id + "/5", none, signedIn(404)},
		{"POST /assess/{plan}/{q}/raters", "POST", "/assess/" + id + "/3/raters", fixed(raters),
			expect{"*": 403, secHead: 303, pengelola: 303}},
		{"POST /assess/{plan}/{q}/raters", "POST", "/assess/" + id + "/3/raters", fixed(url.Values{"rater": raters["rater"]}),
			expect{"*": 403, secHead: 303, pengelola: 303, staff: 422}},
		{"POST /assess/{plan}/{q}/scores", "POST", "/assess/" + id + "/3/scores", fixed(scores), expect{"*": 403, secHead: 303}},
		{"POST /assess/{plan}/{q}/objection", "POST", "/assess/" + id + "/3/objection", fixed(url.Values{"reason": {"Tidak sesuai"}}),
			expect{"*": 403, staff: 422}},
		{"POST /assess/{plan}/{q}/decision", "POST", "/assess/" + id + "/3/decision", fixed(url.Values{"decision": {"reject"}, "note": {"x"}}),
			expect{"*": 403, secHead: 422, pengelola: 422}},
		{"GET /assess/{plan}/{q}", "GET", "/assess/999999/3", none, signedIn(http.StatusNotFound)},
		{"GET /plans/{id}/expectations", "GET", "/plans/" + id + "/expectations", none, signedIn(200)},
		{"POST /plans/{id}/expectations", "POST", "/plans/" + id + "/expectations", fixed(expect7), expect{"*": 403, secHead: 303}},
		{"GET /plans/{id}/feedback", "GET", "/plans/" + id + "/feedback", none, signedIn(200)},
		{"POST /plans/{id}/feedback", "POST", "/plans/" + id + "/feedback", fixed(url.Values{"quarter": {"3"}, "about": {"aspect_loyal"}, "body": {"Catatan"}}),
			expect{"*": 403, secHead: 303, staff: 303}},
		// Eko's SKP is approved: its Lampiran is frozen; tasks are added any time.
		{"POST /plans/{id}/attachment", "POST", "/plans/" + id + "/attachment", fixed(url.Values{"part": {"attachment"}, "resources": {"Sumber daya"}}),
			expect{"*": 403, staff: 422}},
		{"POST /plans/{id}/tasks", "POST", "/plans/" + id + "/tasks", fixed(url.Values{"part": {"task"}, "description": {"Tugas tambahan"}}),
			expect{"*": 403, secHead: 303, staff: 303}},
		{"POST /plans/{id}/tasks", "POST", "/plans/" + id + "/tasks", fixed(url.Values{"part": {"task"}, "description": {""}}),
			expect{"*": 403, secHead: 422, staff: 422}},
		{"POST /plans/{id}/tasks/{task}/delete", "POST", "/plans/" + id + "/tasks/999999/delete", none,
			expect{"*": 403, secHead: 404, staff: 404}},
	}
}

package api_test

import (
	"context"
	"fmt"
	"github.com/kinerja/kinerja/internal/i18n"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestConventions holds the API to what a generated client expects of it:
// problem+json for unknown routes and wrong methods, paged lists with the
// whole count, 201 with Location on creation, retries of a PUT that answer
// 200 without a new revision, and stale revisions refused everywhere.
func TestConventions(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			for _, c := range []struct {
				name string
				fn   func(t *testing.T, e *env)
			}{
				{"UnknownRoutes", testUnknownRoutes},
				{"Paging", testPaging},
				{"Creation", testCreation},
				{"Retries", testRetries},
				{"MapRevisions", testMapRevisions},
			} {
				t.Run(c.name, func(t *testing.T) { c.fn(t, e.sub(t)) })
			}
		})
	}
}

// raw sends a request and returns the answer as it came.
func (e *env) raw(token, method, path string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func testUnknownRoutes(t *testing.T, e *env) {
	for _, c := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/nothing-here", http.StatusNotFound, ""},
		{"GET", "/plans/1/nothing", http.StatusNotFound, ""},
		{"DELETE", "/me", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"PATCH", "/plans", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
	} {
		var p problem
		e.call(e.head, c.method, c.path, nil, c.status, &p)
		if p.Status != c.status || p.Title == "" || p.Detail == "" {
			t.Errorf("%s %s: problem %+v", c.method, c.path, p)
		}
		res := e.raw(e.head, c.method, c.path)
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q", c.method, c.path, ct)
		}
		if got := res.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	// Without a token too: nothing about the routes is hidden behind one.
	e.call("", "GET", "/nothing-here", nil, http.StatusNotFound, nil)
}

func testPaging(t *testing.T, e *env) {
	type page struct {
		Items         []map[string]any `json:"items"`
		Total         int              `json:"total"`
		Limit, Offset int
	}
	for _, path := range []string{"/units", "/positions", "/employees", "/years", fmt.Sprintf("/plans?year=%d", e.off.Year)} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var all, one, last page
		e.call(e.pengelola, "GET", path, nil, http.StatusOK, &all)
		if all.Total < 2 || len(all.Items) != min(all.Total, 100) || all.Limit != 100 || all.Offset != 0 {
			t.Errorf("%s: %d items of %d, limit %d offset %d", path, len(all.Items), all.Total, all.Limit, all.Offset)
			continue
		}
		e.call(e.pengelola, "GET", path+sep+"limit=1&offset=1", nil, http.StatusOK, &one)
		if len(one.Items) != 1 || one.Total != all.Total || fmt.Sprint(one.Items[0]) != fmt.Sprint(all.Items[1]) {
			t.Errorf("%s: the second item alone = %d items of %d", path, len(one.Items), one.Total)
		}
		e.call(e.pengelola, "GET", path+sep+"offset="+strconv.Itoa(all.Total), nil, http.StatusOK, &last)
		if len(last.Items) != 0 || last.Total != all.Total {
			t.Errorf("%s: past the end = %d items of %d", path, len(last.Items), last.Total)
		}
		var p problem
		e.call(e.pengelola, "GET", path+sep+"limit="+strconv.Itoa(api.MaxLimit+1), nil, http.StatusUnprocessableEntity, &p)
		if !pointsAt(p, "query.limit") || !strings.Contains(p.Errors[0].Message, strconv.Itoa(api.MaxLimit)) {
			t.Errorf("%s: a limit too large is refused with %+v", path, p)
		}
	}
	// The schema's own checks, and a missing token, answer in the caller's language too.
	for _, c := range []struct{ token, path, want string }{
		{e.pengelola, "/years?limit=" + strconv.Itoa(api.MaxLimit+1), i18n.Translate("id", "apiv.max", map[string]any{"v1": api.MaxLimit})},
		{"", "/years", i18n.Translate("id", "apiv.token_required", nil)},
	} {
		req, _ := http.NewRequest("GET", e.url+c.path, nil)
		req.Header.Set("Accept-Language", "id")
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%s in Indonesian: %s, want %q", c.path, b, c.want)
		}
	}
}

func testCreation(t *testing.T, e *env) {
	req, _ := http.NewRequest("POST", e.url+"/plans", strings.NewReader(fmt.Sprintf(`{"year":%d,"employee_id":%d}`, e.year, e.off.Head)))
	req.Header.Set("Authorization", "Bearer "+e.head)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var p api.Plan
	e.call(e.head, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusOK, &p)
	if res.StatusCode != http.StatusCreated || res.Header.Get("Location") != fmt.Sprintf("%s/plans/%d", api.Prefix, p.ID) {
		t.Errorf("creating the plan: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	var o api.Objective
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	e.call(e.head, "POST", base+"/objectives", map[string]any{"perspective": "customer", "code": "SS-1", "name": "Layanan prima"}, http.StatusCreated, &o)
	var s api.SavedLine
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines", p.ID), iku(p.Version.Revision, "1a", o.ID, some(1, 2, 3, 4)), http.StatusCreated, &s)
	if s.Line.LineID == 0 {
		t.Errorf("created line %+v", s)
	}
}

func testRetries(t *testing.T, e *env) {
	ss1, _ := e.setupMap()
	p := e.openPK(ss1)
	line := p.Lines[0]
	path := fmt.Sprintf("/plans/%d/lines/%d", p.ID, line.LineID)
	body := iku(p.Version.Revision, line.Code, ss1, some(9, 9, 9, 9))
	var first, again api.SavedLine
	e.call(e.head, "PUT", path, body, http.StatusOK, &first)
	e.call(e.head, "PUT", path, body, http.StatusOK, &again) // the retry carries the revision it was first sent with
	if first.Revision != p.Version.Revision+1 || again.Revision != first.Revision {
		t.Errorf("revisions: read %d, saved %d, retried %d", p.Version.Revision, first.Revision, again.Revision)
	}
	// A different change on the old revision is stale.
	e.call(e.head, "PUT", path, iku(p.Version.Revision, line.Code, ss1, some(8, 8, 8, 8)), http.StatusConflict, nil)
}

func testMapRevisions(t *testing.T, e *env) {
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	persp := []map[string]any{{"kind": "customer", "weight": 50}, {"kind": "internal_process", "weight": 50}}
	var m api.StrategyMap
	e.call(e.head, "GET", base, nil, http.StatusOK, &m)
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"revision": m.Revision, "perspectives": persp}, http.StatusOK, &m)
	rev := m.Revision
	// The retry changes nothing; another change on the old revision is refused.
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"revision": 0, "perspectives": persp}, http.StatusOK, &m)
	if m.Revision != rev {
		t.Errorf("a retry moved the revision from %d to %d", rev, m.Revision)
	}
	var p problem
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"revision": rev - 1, "perspectives": []map[string]any{{"kind": "customer", "weight": 100}}}, http.StatusConflict, &p)
	if !strings.Contains(p.Detail, "strategy map") {
		t.Errorf("conflict %+v", p)
	}
	var o api.Objective
	e.call(e.head, "POST", base+"/objectives", map[string]any{"revision": rev - 1, "perspective": "customer", "code": "SS-1", "name": "x"}, http.StatusConflict, nil)
	e.call(e.head, "POST", base+"/objectives", map[string]any{"revision": rev, "perspective": "customer", "code": "SS-1", "name": "x"}, http.StatusCreated, &o)
	e.call(e.head, "DELETE", fmt.Sprintf("%s/objectives/%d?revision=%d", base, o.ID, rev), nil, http.StatusConflict, nil)
	e.call(e.head, "DELETE", fmt.Sprintf("%s/objectives/%d?revision=%d", base, o.ID, rev+1), nil, http.StatusNoContent, nil)
}

// TestAdministration opens a year and changes the org chart through the
// API, with the pages' permissions: creation answers 201 with Location, a
// year opened twice 409, a retried PUT 200, a stale revision 409.
func TestAdministration(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			e.t = t
			var y api.Year
			body := map[string]any{"year": 2040, "deadlines": []string{"", "2040-07-15"}}
			e.call(e.head, "POST", "/years", body, http.StatusForbidden, nil)
			e.call(e.pengelola, "POST", "/years", body, http.StatusCreated, &y)
			if y.Year != 2040 || y.Quarters[1].Deadline != "2040-07-15" || y.Quarters[0].Deadline != "2040-04-10" {
				t.Errorf("year %+v", y)
			}
			var p problem
			e.call(e.pengelola, "POST", "/years", body, http.StatusConflict, &p)
			e.call(e.pengelola, "POST", "/years", map[string]any{"year": 2041, "deadlines": []string{"2041-01-05"}}, http.StatusUnprocessableEntity, &p)
			if !pointsAt(p, "body.deadlines[0]") {
				t.Errorf("a deadline before the quarter's end points at %v", where(p))
			}
			e.call(e.pengelola, "GET", "/years/2041", nil, http.StatusNotFound, nil) // bad input changes nothing

			var u api.Unit
			unit := map[string]any{"parent_id": e.off.OfficeID, "code": "API-1", "name": "Seksi Integrasi", "kind": "section"}
			e.call(e.staffBank, "POST", "/units", unit, http.StatusForbidden, nil)
			e.call(e.pengelola, "POST", "/units", unit, http.StatusCreated, &u)
			unit["revision"], unit["name"] = u.Revision, "Seksi Integrasi Data"
			var u2 api.Unit
			e.call(e.pengelola, "PUT", fmt.Sprintf("/units/%d", u.ID), unit, http.StatusOK, &u2)
			e.call(e.pengelola, "PUT", fmt.Sprintf("/units/%d", u.ID), unit, http.StatusOK, &u2) // the retry
			if u2.Name != "Seksi Integrasi Data" || u2.Revision != u.Revision+1 {
				t.Errorf("unit after the change and its retry: %+v (was %+v)", u2, u)
			}
			unit["name"] = "Seksi Lain"
			e.call(e.pengelola, "PUT", fmt.Sprintf("/units/%d", u.ID), unit, http.StatusConflict, nil)

			var pos api.Position
			position := map[string]any{"unit_id": u.ID, "title": "Pelaksana Integrasi", "kind": "pelaksana"}
			e.call(e.admin, "POST", "/positions", position, http.StatusCreated, &pos)
			position["revision"], position["title"] = pos.Revision, "Pranata Komputer"
			e.call(e.admin, "PUT", fmt.Sprintf("/positions/%d", pos.ID), position, http.StatusOK, &pos)
			e.call(e.admin, "PUT", fmt.Sprintf("/positions/%d", pos.ID), map[string]any{"revision": 0, "unit_id": u.ID, "title": "X", "kind": "pelaksana"}, http.StatusConflict, nil)

			var emp api.Employee
			person := map[string]any{"nip": "199001012015011001", "name": "Rahmat Hidayat"}
			e.call(e.kasiBank, "POST", "/employees", person, http.StatusForbidden, nil)
			e.call(e.pengelola, "POST", "/employees", person, http.StatusCreated, &emp)
			e.call(e.pengelola, "POST", "/employees", person, http.StatusUnprocessableEntity, &p)
			if !pointsAt(p, "body.nip") {
				t.Errorf("a NIP taken points at %v", where(p))
			}
			person["revision"], person["grade"] = emp.Revision, "Penata (III/c)"
			e.call(e.pengelola, "PUT", fmt.Sprintf("/employees/%d", emp.ID), person, http.StatusOK, &emp)
			if emp.Grade != "Penata (III/c)" || !emp.Active {
				t.Errorf("employee %+v", emp)
			}
			// A service account places the people it adds in a post of its office.
			sync, _, err := e.svc.CreateServiceAccount(context.Background(), service.SystemActor(), service.ServiceAccountInput{
				Name: "SIMPEG", OfficeID: e.off.OfficeID, Scopes: []string{domain.ScopeWriteOrg}})
			if err != nil {
				t.Fatal(err)
			}
			newcomer := map[string]any{"nip": "199202022016012002", "name": "Sari Lestari"}
			e.call(sync, "POST", "/employees", newcomer, http.StatusUnprocessableEntity, &p)
			if !pointsAt(p, "body.position_id") {
				t.Errorf("a service account adding an unplaced employee: %v", where(p))
			}
			newcomer["position_id"], newcomer["start_date"] = pos.ID, "2026-09-01"
			e.call(sync, "POST", "/employees", newcomer, http.StatusCreated, &emp)
			if emp.Name != "Sari Lestari" {
				t.Errorf("placed newcomer %+v", emp)
			}
		})
	}
}

// TestDocuments downloads every document kind as the web does: a PDF is a
// PDF, a workbook a workbook, each as an attachment named for its content.
func TestDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, store.SQLite)
	ctx := context.Background()
	plans, err := e.svc.ListPlans(ctx, service.SystemActor(), e.off.Year, e.off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var pk int64
	for _, p := range plans {
		if p.Plan.Kind == domain.PlanPK {
			pk = p.Plan.ID
		}
	}
	for _, c := range []struct{ path, ctype, magic string }{
		{fmt.Sprintf("/plans/%d/pdf", pk), "application/pdf", "%PDF"},
		{fmt.Sprintf("/plans/%d/pdf?version=1", pk), "application/pdf", "%PDF"},
		{fmt.Sprintf("/plans/%d/manual.pdf", pk), "application/pdf", "%PDF"},
		{fmt.Sprintf("/plans/%d/xlsx", pk), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{fmt.Sprintf("/years/%d/quarters/2/package.pdf?office=%d", e.off.Year, e.off.OfficeID), "application/pdf", "%PDF"},
		{fmt.Sprintf("/reports/%d/2/%d/xlsx", e.off.Year, e.off.SectionLed["BANK"]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
	} {
		req, _ := http.NewRequest("GET", e.url+c.path, nil)
		req.Header.Set("Authorization", "Bearer "+e.pengelola)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype || !strings.HasPrefix(string(b), c.magic) ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("%s: %d %q %q %.20q", c.path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), b)
		}
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/plans/%d/pdf?version=9", pk), nil, http.StatusNotFound, nil)
}

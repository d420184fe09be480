package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The roles of the API matrix: no token, one demo account each, and a
// service account of the demo office that reads and writes realisation.
const (
	mAnon      = "anonymous"
	mHead      = "head"
	mSecHead   = "section head"
	mStaff     = "staff"
	mPengelola = "pengelola"
	mAdmin     = "admin"
	mPemeriksa = "pemeriksa"
	mService   = "service"
	mMoved     = "moved"
	mPlt       = "plt"
)

// mMoved is the demo's clerk moved from Seksi Bank to Seksi Pencairan Dana
// on 1 July, with two SKPs; mPlt is the Kepala Subbagian Umum, Plt of the
// Kepala Seksi Bank's post in October (today), beside its holder: a row
// without an entry for the Plt expects the section head's status; one
// without an entry for the moved clerk, the "*" status.
var matrixRoles = []string{mAnon, mHead, mSecHead, mStaff, mPengelola, mAdmin, mPemeriksa, mService, mMoved, mPlt}

// want gives the status each role gets: the role's entry, else "*";
// without a token every operation but the OpenAPI documents is 401.
type want map[string]int

// The Plt acts with the rights of the section head's post today, so a
// row without an entry for it expects the section head's status.
func (w want) status(role string) int {
	if s, ok := w[role]; ok {
		return s
	}
	switch role {
	case mAnon:
		return http.StatusUnauthorized
	case mPlt:
		return w.status(mSecHead)
	}
	return w["*"]
}

// apiRow is one request of the matrix; op is the operation it covers.
type apiRow struct {
	op, method, path string
	body             any // JSON, or a multipart body made per request
	want             want
}

// multipartForm is a form body built afresh for each request.
type multipartForm map[string]string

func (f multipartForm) encode() (io.Reader, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = w.WriteField(k, f[k])
	}
	_ = w.Close()
	return &b, w.FormDataContentType()
}

// TestAPIPermissionMatrix sends a request to every operation of the API as
// every role and checks the status. Requests that change data are made so
// that they change nothing: stale revisions, refused states, bodies sent as
// stored. An operation registered but missing from the matrix fails it.
func TestAPIPermissionMatrix(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			e.t = t
			rows := apiMatrix(t, e)

			var doc struct {
				Paths map[string]map[string]any `json:"paths"`
			}
			e.call("", "GET", "/openapi.json", nil, http.StatusOK, &doc)
			covered := map[string]bool{}
			for _, r := range rows {
				covered[r.op] = true
			}
			for path, item := range doc.Paths {
				for method := range item {
					if op := strings.ToUpper(method) + " " + path; !covered[op] {
						t.Errorf("%s is missing from the API permission matrix", op)
					}
				}
			}

			tokens := map[string]string{mHead: e.head, mSecHead: e.kasiBank, mStaff: e.staffBank, mPengelola: e.pengelola,
				mAdmin: e.admin, mPemeriksa: e.pemeriksa, mMoved: e.moved, mPlt: e.kasubbagUmum}
			tok, _, err := e.svc.CreateServiceAccount(context.Background(), service.SystemActor(), service.ServiceAccountInput{
				Name: "Matriks", OfficeID: e.off.OfficeID, Scopes: []string{domain.ScopeRead, domain.ScopeWriteRealisation}})
			if err != nil {
				t.Fatal(err)
			}
			tokens[mService] = tok
			observe := os.Getenv("KINERJA_MATRIX_OBSERVE") != ""
			for _, role := range matrixRoles {
				for _, r := range rows {
					got, body := sendRow(t, e.url, tokens[role], r)
					if w := r.want.status(role); got != w {
						if observe {
							fmt.Printf("OBSERVE %-14s %-6s %-60s got %d want %d %.160s\n", role, r.method, r.path, got, w, body)
							continue
						}
						t.Errorf("%s: %s %s: status %d, want %d: %.300s", role, r.method, r.path, got, w, body)
					}
				}
			}
		})
	}
}

func sendRow(t *testing.T, base, token string, r apiRow) (int, string) {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := r.body.(type) {
	case nil:
	case multipartForm:
		rd, ctype = b.encode()
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(r.method, base+r.path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// apiMatrix lists the rows, on records of the demo office.
func apiMatrix(t *testing.T, e *env) []apiRow {
	ctx := context.Background()
	sys := service.SystemActor()
	off, year := e.off, e.off.Year
	plans, err := e.svc.ListPlans(ctx, sys, year, off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	planOf := map[int64]service.PlanSummary{}
	for _, p := range plans {
		planOf[p.Plan.EmployeeID] = p
	}
	pk := planOf[off.Head].Plan.ID
	staff := off.Staff["BANK"][0]
	skp := planOf[staff].Plan.ID
	pkView, err := e.svc.GetPlan(ctx, sys, pk, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkLine := pkView.Lines[0].LineID
	skpView, err := e.svc.GetPlan(ctx, sys, skp, 0)
	if err != nil {
		t.Fatal(err)
	}
	skpLine := skpView.Lines[0].LineID
	m, err := e.svc.StrategyMap(ctx, sys, year, off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	obj := m.Map.Objectives[0]
	var persp []map[string]any
	for _, p := range m.Map.Perspectives {
		persp = append(persp, map[string]any{"kind": p.Kind, "name": p.Name, "weight": p.Weight})
	}
	objKind := ""
	for _, p := range m.Map.Perspectives {
		if p.ID == obj.PerspectiveID {
			objKind = string(p.Kind)
		}
	}
	var supports []int64
	for _, l := range m.Map.Links {
		if l.FromID == obj.ID {
			supports = append(supports, l.ToID)
		}
	}
	kasi := off.SectionLed["BANK"]
	c, err := e.svc.OrgChart(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	sec := c.Units[off.Sections["BANK"]]
	staffPos, _ := c.Primary(staff)
	emp := c.Employees[staff]
	moved := movedRows(t, e, c)

	inits, err := e.svc.Initiatives(ctx, sys, year, off.OfficeID)
	if err != nil || len(inits.Items) == 0 {
		t.Fatalf("initiatives of the demo office: %d, %v", len(inits.Items), err)
	}
	ini := inits.Items[0]
	var iniMilestones []map[string]any
	for _, m := range ini.Milestones {
		x := map[string]any{"name": m.Name, "due": m.Due.Format(time.DateOnly)}
		if !m.Done.IsZero() {
			x["done"] = m.Done.Format(time.DateOnly)
		}
		iniMilestones = append(iniMilestones, x)
	}
	iniQ1, _ := ini.ProgressOf(1)
	if len(iniQ1.Evidence) == 0 || iniQ1.Evidence[0].Form != domain.FormFile {
		t.Fatalf("the demo initiative %s has no file for Q1", ini.Code)
	}
	iniBase := fmt.Sprintf("/strategy-maps/%d/%d/initiatives", year, off.OfficeID)

	stale := map[string]any{"revision": 999}
	id := func(n int64) string { return fmt.Sprint(n) }
	plan := "/plans/" + id(skp)
	mapBase := fmt.Sprintf("/strategy-maps/%d/%d", year, off.OfficeID)
	reads := want{"*": 200, mService: 200}
	office := want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200, mPemeriksa: 200, mService: 200}
	managers := want{"*": 403, mPengelola: 200, mAdmin: 200}
	return append([]apiRow{
		{"GET /openapi.json", "GET", "/openapi.json", nil, want{"*": 200, mAnon: 200}},
		{"GET /openapi.yaml", "GET", "/openapi.yaml", nil, want{"*": 200, mAnon: 200}},
		{"GET /openapi-3.0.json", "GET", "/openapi-3.0.json", nil, want{"*": 200, mAnon: 200}},
		{"GET /openapi-3.0.yaml", "GET", "/openapi-3.0.yaml", nil, want{"*": 200, mAnon: 200}},
		{"GET /schemas/{schema}", "GET", "/schemas/Plan.json", nil, want{"*": 200, mAnon: 200}},

		{"GET /me", "GET", "/me", nil, reads},
		{"GET /units", "GET", "/units", nil, reads},
		{"GET /positions", "GET", "/positions", nil, reads},
		{"GET /employees", "GET", "/employees", nil, reads},
		{"GET /employees/{id}", "GET", "/employees/" + id(staff), nil, reads},
		{"GET /years", "GET", "/years", nil, reads},
		{"GET /years/{year}", "GET", fmt.Sprintf("/years/%d", year), nil, reads},
		{"PUT /years/{year}/rule-set", "PUT", fmt.Sprintf("/years/%d/rule-set", year), map[string]any{"rule_set": "NONE"}, want{"*": 403, mPengelola: 422, mAdmin: 422}},
		{"GET /rule-sets", "GET", "/rule-sets", nil, managers},
		{"GET /rule-sets/{id}", "GET", "/rule-sets/KMK-127-2026", nil, managers},
		{"POST /rule-sets", "POST", "/rule-sets", map[string]any{"id": "KMK-X"}, want{"*": 403, mAdmin: 422}},

		{"GET /employees/{id}/assignments", "GET", "/employees/" + id(staff) + "/assignments", nil, reads},
		{"POST /employees/{id}/assignments", "POST", "/employees/" + id(staff) + "/assignments", map[string]any{"position_id": staffPos.ID,
			"start_date": fmt.Sprintf("%d-09-01", year), "kind": "plt"}, managers.with(mPengelola, 422, mAdmin, 422)},
		{"POST /years", "POST", "/years", map[string]any{"year": year}, want{"*": 403, mPengelola: 409, mAdmin: 409}},
		{"POST /units", "POST", "/units", map[string]any{"parent_id": off.OfficeID, "code": sec.Code, "name": "x", "kind": "section"}, managers.with(mPengelola, 422, mAdmin, 422)},
		{"PUT /units/{id}", "PUT", "/units/" + id(sec.ID), map[string]any{"parent_id": sec.ParentID, "code": sec.Code, "name": sec.Name, "kind": sec.Kind,
			"letterhead": sec.Letterhead, "address": sec.Address, "city": sec.City}, managers},
		{"POST /positions", "POST", "/positions", map[string]any{"unit_id": sec.ID, "title": " ", "kind": "pelaksana"}, managers.with(mPengelola, 422, mAdmin, 422)},
		{"PUT /positions/{id}", "PUT", "/positions/" + id(staffPos.ID), map[string]any{"unit_id": staffPos.UnitID, "title": staffPos.Title, "kind": staffPos.Kind,
			"reports_to_id": staffPos.ReportsToID}, managers},
		{"POST /employees", "POST", "/employees", map[string]any{"nip": "123", "name": "x"}, managers.with(mPengelola, 422, mAdmin, 422)},
		{"PUT /employees/{id}", "PUT", "/employees/" + id(staff), map[string]any{"nip": emp.NIP, "name": emp.Name, "email": emp.Email, "grade": emp.Grade}, managers},

		{"POST /service-accounts", "POST", "/service-accounts", map[string]any{"name": "x", "office": off.Sections["BANK"], "scopes": []string{"read"}}, want{"*": 403, mAdmin: 422}},
		{"GET /service-accounts", "GET", "/service-accounts", nil, want{"*": 403, mAdmin: 200}},
		{"DELETE /service-accounts/{id}", "DELETE", "/service-accounts/999999", nil, want{"*": 403, mAdmin: 404}},
		{"GET /changes", "GET", "/changes?since=latest", nil, reads},

		{"GET /strategy-maps/{year}/{office}", "GET", mapBase, nil, reads},
		{"PUT /strategy-maps/{year}/{office}/perspectives", "PUT", mapBase + "/perspectives", map[string]any{"revision": 0, "perspectives": persp}, want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200}},
		{"POST /strategy-maps/{year}/{office}/objectives", "POST", mapBase + "/objectives", map[string]any{"revision": 999, "perspective": objKind, "code": "SS-99", "name": "x"}, want{"*": 403, mHead: 409, mPengelola: 409, mAdmin: 409}},
		{"PUT /strategy-maps/{year}/{office}/objectives/{id}", "PUT", fmt.Sprintf("%s/objectives/%d", mapBase, obj.ID), map[string]any{"revision": 0, "perspective": objKind,
			"code": obj.Code, "name": obj.Name, "description": obj.Description, "supports": supports}, want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200}},
		{"DELETE /strategy-maps/{year}/{office}/objectives/{id}", "DELETE", fmt.Sprintf("%s/objectives/%d?revision=999", mapBase, obj.ID), nil, want{"*": 403, mHead: 409, mPengelola: 409, mAdmin: 409}},

		{"GET /strategy-maps/{year}/{office}/initiatives", "GET", iniBase, nil, reads},
		{"POST /strategy-maps/{year}/{office}/initiatives", "POST", iniBase, map[string]any{"code": ini.Code, "name": "x", "objective_id": obj.ID, "owner_id": staff},
			want{"*": 403, mHead: 422, mPengelola: 422, mAdmin: 422}},
		{"PUT /strategy-maps/{year}/{office}/initiatives/{id}", "PUT", fmt.Sprintf("%s/%d", iniBase, ini.ID), map[string]any{"revision": 999, "code": ini.Code,
			"name": ini.Name, "description": ini.Description, "objective_id": ini.ObjectiveID, "line_id": ini.LineID, "owner_id": ini.OwnerID, "milestones": iniMilestones},
			want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200}},
		{"DELETE /strategy-maps/{year}/{office}/initiatives/{id}", "DELETE", fmt.Sprintf("%s/%d?revision=999", iniBase, ini.ID), nil, want{"*": 403, mHead: 409, mPengelola: 409, mAdmin: 409}},
		{"PUT /strategy-maps/{year}/{office}/initiatives/{id}/progress/{quarter}", "PUT", fmt.Sprintf("%s/%d/progress/1", iniBase, ini.ID),
			map[string]any{"revision": 999, "percent": iniQ1.Percent + 1, "note": "x"}, want{"*": 403, mSecHead: 409, mPlt: 403}}, // the owner alone, not who acts for them
		{"GET /initiative-documents/{id}", "GET", "/initiative-documents/" + iniQ1.Evidence[0].ID, nil, reads},

		{"GET /plans", "GET", fmt.Sprintf("/plans?year=%d", year), nil, reads},
		{"POST /plans", "POST", "/plans", map[string]any{"year": year, "employee_id": staff}, want{"*": 403, mHead: 200, mSecHead: 200, mStaff: 200, mPengelola: 200, mAdmin: 200, mPemeriksa: 200, mService: 200}},
		{"GET /plans/{id}", "GET", plan, nil, office.with(mSecHead, 200, mStaff, 200)},
		{"GET /plans/{id}/versions", "GET", plan + "/versions", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"GET /plans/{id}/diff", "GET", plan + "/diff", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"POST /plans/{id}/lines", "POST", plan + "/lines", map[string]any{"revision": 999, "code": "X-1", "name": "x", "cascade_type": "non_cascading", "manual": map[string]any{
			"formula": "x", "unit": "dokumen", "validity": "proxy", "control": "moderate", "period_consolidation": "sum", "polarity": "maximize"}}, want{"*": 403, mStaff: 409}},
		{"PUT /plans/{id}/lines/{line}", "PUT", fmt.Sprintf("%s/lines/%d", plan, skpLine), map[string]any{"revision": 999, "code": "X-1", "name": "x", "cascade_type": "non_cascading", "manual": map[string]any{
			"formula": "x", "unit": "dokumen", "validity": "proxy", "control": "moderate", "period_consolidation": "sum", "polarity": "maximize"}}, want{"*": 403, mStaff: 409}},
		{"DELETE /plans/{id}/lines/{line}", "DELETE", fmt.Sprintf("%s/lines/%d?revision=999", plan, skpLine), nil, want{"*": 403, mStaff: 409}},
		{"POST /plans/{id}/submit", "POST", plan + "/submit", stale, want{"*": 403, mStaff: 409}},
		{"POST /plans/{id}/approve", "POST", plan + "/approve", stale, want{"*": 403, mSecHead: 409}},
		{"POST /plans/{id}/return", "POST", plan + "/return", map[string]any{"revision": 999, "comment": "x"}, want{"*": 403, mSecHead: 409}},
		{"POST /plans/{id}/amend", "POST", plan + "/amend", map[string]any{"revision": 999, "reason": "x"}, want{"*": 403, mStaff: 409}},
		{"PUT /plans/{id}/attachment", "PUT", plan + "/attachment", map[string]any{"revision": 999, "resources": "x"}, want{"*": 403, mStaff: 409}},
		{"POST /plans/{id}/tasks", "POST", plan + "/tasks", map[string]any{"description": " "}, want{"*": 403, mSecHead: 422, mStaff: 422}},
		{"DELETE /plans/{id}/tasks/{task}", "DELETE", plan + "/tasks/999999", nil, want{"*": 403, mSecHead: 404, mStaff: 404}},
		{"POST /plans/{id}/lines/{line}/cascade", "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", pk, pkLine), map[string]any{"method": "full",
			"targets": []map[string]any{{"employee_id": off.Head}}}, want{"*": 403, mHead: 422, mPengelola: 422, mAdmin: 422}},
		{"GET /years/{year}/cascade", "GET", fmt.Sprintf("/years/%d/cascade?office=%d", year, off.OfficeID), nil, reads},
		{"GET /years/{year}/k3", "GET", fmt.Sprintf("/years/%d/k3?office=%d", year, off.OfficeID), nil, office},
		{"PUT /years/{year}/k3/{line}", "PUT", fmt.Sprintf("/years/%d/k3/%d", year, skpLine), map[string]any{"decision": "revise", "note": "x", "revision": 999},
			want{"*": 403, mPengelola: 409}},
		{"GET /lines/{line}/comments", "GET", fmt.Sprintf("/lines/%d/comments", skpLine), nil, office.with(mSecHead, 200, mStaff, 200)},
		{"POST /lines/{line}/comments", "POST", fmt.Sprintf("/lines/%d/comments", skpLine), map[string]any{"body": ""}, want{"*": 403, mHead: 422, mSecHead: 422, mStaff: 422, mPengelola: 422}},

		{"GET /plans/{id}/quarters/{q}", "GET", plan + "/quarters/3", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"PUT /plans/{id}/lines/{line}/quarters/{q}", "PUT", fmt.Sprintf("%s/lines/%d/quarters/3", plan, skpLine), map[string]any{"revision": 999, "value": 123456}, want{"*": 403, mStaff: 409, mService: 409}},
		{"POST /plans/{id}/quarters/{q}/evidence", "POST", plan + "/quarters/3/evidence", multipartForm{"line_id": id(skpLine), "kind": "supporting"}, want{"*": 403, mStaff: 409, mService: 409}},
		{"GET /evidence/{id}", "GET", "/evidence/none", nil, want{"*": 404}},
		{"POST /plans/{id}/quarters/{q}/submit", "POST", plan + "/quarters/3/submit", stale, want{"*": 403, mStaff: 409}},
		{"POST /plans/{id}/quarters/{q}/validate", "POST", plan + "/quarters/3/validate", stale, want{"*": 403, mSecHead: 409}},
		{"POST /plans/{id}/quarters/{q}/verify", "POST", plan + "/quarters/3/verify", stale, want{"*": 403, mPengelola: 422}},
		{"POST /plans/{id}/quarters/{q}/return", "POST", plan + "/quarters/3/return", map[string]any{"revision": 999, "comment": "x"}, want{"*": 403, mPengelola: 409}},
		{"POST /plans/{id}/lines/{line}/quarters/{q}/corrections", "POST", fmt.Sprintf("%s/lines/%d/quarters/2/corrections", plan, skpLine), map[string]any{"value": 1, "reason": ""},
			want{"*": 403, mStaff: 422, mPengelola: 422}},
		{"POST /corrections/{id}/decide", "POST", "/corrections/999999/decide", map[string]any{"approve": false}, want{"*": 404}},
		{"GET /years/{year}/quarters/{q}/progress", "GET", fmt.Sprintf("/years/%d/quarters/3/progress?office=%d", year, off.OfficeID), nil, office},
		{"POST /years/{year}/quarters/{q}/close", "POST", fmt.Sprintf("/years/%d/quarters/4/close?office=%d", year, off.OfficeID), nil, want{"*": 403, mPengelola: 409}},
		{"GET /plans/{id}/scores/{period}", "GET", plan + "/scores/2", nil, want{"*": 200, mPemeriksa: 403, mService: 403, mHead: 200, mMoved: 403}},
		{"GET /employees/{id}/scores/{year}/{quarter}", "GET", fmt.Sprintf("/employees/%d/scores/%d/2", staff, year), nil, want{"*": 200, mPemeriksa: 403, mService: 403, mMoved: 403}},
		{"GET /employees/{id}/scores/{year}", "GET", fmt.Sprintf("/employees/%d/scores/%d", staff, year), nil, want{"*": 200, mPemeriksa: 403, mService: 403, mMoved: 403}},
		// The Kepala Subbagian Umum (the Plt) is a member of the office's TPK.
		{"GET /years/{year}/distribution", "GET", fmt.Sprintf("/years/%d/distribution?office=%d", year, off.OfficeID), nil, want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200, mPlt: 200}},
		{"GET /years/{year}/ekinerja-export", "GET", fmt.Sprintf("/years/%d/ekinerja-export?office=%d", year, off.OfficeID), nil, want{"*": 403, mPengelola: 200, mAdmin: 200}},
		{"GET /years/{year}/quarters/{quarter}/decree", "GET", fmt.Sprintf("/years/%d/quarters/2/decree?office=%d", year, off.OfficeID), nil, want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200, mPlt: 200}},
		{"POST /years/{year}/quarters/{quarter}/decree", "POST", fmt.Sprintf("/years/%d/quarters/4/decree?office=%d", year, off.OfficeID), map[string]any{"number": "KEP-X"}, want{"*": 403, mHead: 409}},
		{"GET /plans/{id}/assessments/{quarter}", "GET", plan + "/assessments/2", nil, want{"*": 200, mPemeriksa: 403, mService: 403}},
		{"PUT /plans/{id}/assessments/{quarter}/raters", "PUT", plan + "/assessments/2/raters", map[string]any{"rater_ids": []int64{kasi}, "set": true}, want{"*": 403, mSecHead: 409, mPengelola: 409}},
		// The moved clerk, a peer in Seksi Bank in Q2, is one of the staff member's raters.
		{"PUT /plans/{id}/assessments/{quarter}/scores", "PUT", plan + "/assessments/2/scores", map[string]any{"scores": []float64{100, 100, 100, 100, 100, 100, 100}}, want{"*": 403, mSecHead: 409, mMoved: 409}},
		{"POST /plans/{id}/assessments/{quarter}/objections", "POST", plan + "/assessments/2/objections", map[string]any{"reason": "x"}, want{"*": 403, mStaff: 409}},
		{"POST /plans/{id}/assessments/{quarter}/objections/decision", "POST", plan + "/assessments/2/objections/decision", map[string]any{"reassess": false, "note": "x"}, want{"*": 403, mSecHead: 409, mPengelola: 409}},
		{"POST /years/{year}/rollover", "POST", fmt.Sprintf("/years/%d/rollover", year+1), map[string]any{"from": year, "office": off.OfficeID, "dry_run": true}, want{"*": 403, mPengelola: 201, mAdmin: 201}},
		{"POST /years/{year}/rollover", "POST", fmt.Sprintf("/years/%d/rollover", year+2), map[string]any{"from": year, "office": off.OfficeID}, want{"*": 403, mPengelola: 422, mAdmin: 422}},
		{"PUT /years/{year}/signatories/{office}", "PUT", fmt.Sprintf("/years/%d/signatories/%d", year, off.OfficeID), map[string]any{"name": "X", "nip": "196501011990031001", "position": "Kepala"}, want{"*": 403, mPengelola: 409, mAdmin: 409}},

		{"GET /reports/{year}/{quarter}/{employee}", "GET", fmt.Sprintf("/reports/%d/2/%d", year, kasi), nil, office.with(mSecHead, 200, mPlt, 403)},
		{"PUT /reports/{year}/{quarter}/{employee}", "PUT", fmt.Sprintf("/reports/%d/2/%d", year, kasi), stale, want{"*": 403, mSecHead: 409, mPlt: 403}},
		{"POST /reports/{year}/{quarter}/{employee}/submit", "POST", fmt.Sprintf("/reports/%d/2/%d/submit", year, kasi), stale, want{"*": 403, mSecHead: 409, mPlt: 403}},
		{"POST /reports/{year}/{quarter}/{employee}/review", "POST", fmt.Sprintf("/reports/%d/2/%d/review", year, kasi), stale, want{"*": 403, mHead: 409}},
		{"POST /reports/{year}/{quarter}/{employee}/return", "POST", fmt.Sprintf("/reports/%d/2/%d/return", year, kasi), map[string]any{"revision": 999, "comment": "x"}, want{"*": 403, mHead: 409}},
		{"GET /reports/{year}/{quarter}/{employee}/pdf", "GET", fmt.Sprintf("/reports/%d/2/%d/pdf", year, kasi), nil, office.with(mSecHead, 200, mPlt, 403)},
		{"GET /reports/{year}/{quarter}/{employee}/xlsx", "GET", fmt.Sprintf("/reports/%d/2/%d/xlsx", year, kasi), nil, office.with(mSecHead, 200, mPlt, 403)},
		{"GET /plans/{id}/pdf", "GET", plan + "/pdf", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"GET /plans/{id}/manual.pdf", "GET", plan + "/manual.pdf?version=1", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"GET /plans/{id}/xlsx", "GET", plan + "/xlsx", nil, office.with(mSecHead, 200, mStaff, 200)},
		{"GET /years/{year}/quarters/{q}/package.pdf", "GET", fmt.Sprintf("/years/%d/quarters/2/package.pdf?office=%d", year, off.OfficeID), nil, office},
		{"GET /years/{year}/quarters/{quarter}/nko", "GET", fmt.Sprintf("/years/%d/quarters/2/nko?office=%d", year, off.OfficeID), nil, reads},

		{"GET /dashboard/head", "GET", fmt.Sprintf("/dashboard/head?office=%d", off.OfficeID), nil, office},
		{"GET /dashboard/team", "GET", "/dashboard/team", nil, reads},
		{"GET /dashboard/me", "GET", "/dashboard/me", nil, reads},
		{"GET /dashboard/console", "GET", fmt.Sprintf("/dashboard/console?office=%d", off.OfficeID), nil, managers.with(mPemeriksa, 200, mService, 200)},
		{"GET /inbox", "GET", "/inbox", nil, reads},
		{"GET /overview", "GET", "/overview?q=2", nil, reads},
	}, moved...)
}

// movedRows makes the Kepala Subbagian Umum Plt of the Kepala Seksi Bank's
// post for October and returns the rows on the moved clerk's two SKPs: the
// one of Seksi Bank ended on 30 June, read and validated by the Kepala Seksi
// Bank (not by October's Plt, who did not hold the post then), and the
// draft one of Seksi Pencairan Dana (submitted by its owner only), which Seksi Bank does not act on.
func movedRows(t *testing.T, e *env, c *domain.Chart) []apiRow {
	ctx := context.Background()
	sys := service.SystemActor()
	off, year := e.off, e.off.Year
	kasiPos, _ := c.Primary(off.SectionLed["BANK"])
	if _, err := e.svc.Assign(ctx, sys, service.AssignInput{EmployeeID: off.SectionLed["UMUM"], PositionID: kasiPos.ID, Acting: domain.ActingPlt,
		StartDate: time.Date(year, time.October, 1, 0, 0, 0, 0, time.UTC), EndDate: time.Date(year, time.October, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	plans, err := e.svc.PlansOf(ctx, sys, year, off.Moved)
	if err != nil || len(plans) != 2 {
		t.Fatalf("the moved clerk's plans: %v %v", plans, err)
	}
	old, cur := fmt.Sprintf("/plans/%d", plans[0].ID), fmt.Sprintf("/plans/%d", plans[1].ID)
	stale := map[string]any{"revision": 999}
	office := want{"*": 403, mHead: 200, mPengelola: 200, mAdmin: 200, mPemeriksa: 200, mService: 200}
	return []apiRow{
		{"GET /plans/{id}", "GET", old, nil, office.with(mSecHead, 200, mMoved, 200, mPlt, 403)},
		{"GET /plans/{id}", "GET", cur, nil, office.with(mMoved, 200, mSecHead, 403)},
		{"POST /plans/{id}/quarters/{q}/validate", "POST", old + "/quarters/2/validate", stale, want{"*": 403, mSecHead: 409, mPlt: 403}},
		{"POST /plans/{id}/submit", "POST", cur + "/submit", stale, want{"*": 403, mMoved: 409, mSecHead: 403}},
		{"POST /plans/{id}/approve", "POST", cur + "/approve", stale, want{"*": 403, mSecHead: 403}},
		{"GET /plans/{id}/scores/{period}", "GET", old + "/scores/2", nil, want{"*": 200, mPemeriksa: 403, mService: 403, mStaff: 403, mPlt: 403}},
	}
}

// with returns a copy of w with more roles set, as role, status pairs.
func (w want) with(kv ...any) want {
	out := want{}
	for k, v := range w {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(int)
	}
	return out
}

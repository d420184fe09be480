package api_test

import (
	"context"
	"encoding/json"
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

func TestMain(m *testing.M) { webtest.Main(m) }

// call requests an API path with a bearer token ("" for none) and decodes
// the JSON answer into out (when not nil).
func call(t *testing.T, f *webtest.Fixture, token, path string, header map[string]string, out any) *webtest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.URL+"/api/v1"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	r := f.Client(t).Do(req)
	if out != nil {
		if err := json.Unmarshal([]byte(r.Body), out); err != nil {
			t.Fatalf("GET %s: not JSON (%v): %s", path, err, r.Body)
		}
	}
	return r
}

type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

// wantProblem checks a problem+json answer with the given status.
func wantProblem(t *testing.T, what string, r *webtest.Response, status int) problem {
	t.Helper()
	var p problem
	if r.Status != status {
		t.Errorf("%s: status %d, want %d: %s", what, r.Status, status, r.Body)
		return p
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("%s: Content-Type %q, want problem+json", what, ct)
	}
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil || p.Status != status || p.Title == "" {
		t.Errorf("%s: problem %+v (%v) from %s", what, p, err, r.Body)
	}
	return p
}

func issue(t *testing.T, f *webtest.Fixture, username string) (string, int64) {
	t.Helper()
	tok, rec, err := f.Service.IssueToken(context.Background(), service.SystemActor(), username, "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok, rec.ID
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	for name, header := range map[string]map[string]string{
		"no token":      nil,
		"empty bearer":  {"Authorization": "Bearer "},
		"basic auth":    {"Authorization": "Basic YWRtaW46a2luZXJqYS1kZW1v"},
		"unknown token": {"Authorization": "Bearer knj_0000000000000000000000000000000000000000"},
	} {
		r := call(t, f, "", "/me", header, nil)
		wantProblem(t, name, r, http.StatusUnauthorized)
		if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: WWW-Authenticate %q", name, r.Header.Get("WWW-Authenticate"))
		}
	}
	// A signed-in browser session does not open the API.
	c := f.Login(t, "admin")
	if r := c.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
		t.Errorf("API with a session cookie: %d", r.Status)
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	lead := f.Office.SectionLed["BANK"]
	user := f.Username(t, lead)
	tok, id := issue(t, f, user)
	var me struct {
		UserID   int64  `json:"user_id"`
		Username string `json:"username"`
		Role     string `json:"role"`
		Lang     string `json:"lang"`
		Employee *struct {
			ID            int64   `json:"id"`
			NIP           string  `json:"nip"`
			Name          string  `json:"name"`
			PositionID    int64   `json:"position_id"`
			UnitID        int64   `json:"unit_id"`
			SupervisorIDs []int64 `json:"supervisor_ids"`
		} `json:"employee"`
	}
	r := call(t, f, tok, "/me", nil, &me)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /me: %d %s", r.Status, r.Body)
	}
	u, _ := f.Store.GetUserByUsername(ctx, user)
	if me.UserID != u.ID || me.Username != user || me.Role != "employee" || me.Lang != "id" {
		t.Errorf("me = %+v", me)
	}
	if me.Employee == nil || me.Employee.ID != lead || me.Employee.UnitID != f.Office.Sections["BANK"] ||
		len(me.Employee.SupervisorIDs) != 1 || me.Employee.SupervisorIDs[0] != f.Office.Head {
		t.Errorf("me.employee = %+v", me.Employee)
	}
	toks, _ := f.Store.ListAPITokens(ctx, u.ID)
	if len(toks) != 1 || toks[0].LastUsedAt.IsZero() {
		t.Errorf("the token's use is not recorded: %+v", toks)
	}

	// The admin has no employee: the field is left out.
	adminTok, _ := issue(t, f, "admin")
	var raw map[string]any
	call(t, f, adminTok, "/me", nil, &raw)
	if _, ok := raw["employee"]; ok || raw["role"] != "admin" {
		t.Errorf("admin's /me = %v", raw)
	}

	// Revoked, the token opens nothing.
	if err := f.Service.RevokeToken(ctx, service.SystemActor(), u.ID, id); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, "revoked token", call(t, f, tok, "/me", nil, nil), http.StatusUnauthorized)
}

func TestDisabledAccountToken(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	user := f.Username(t, f.Office.Staff["PD"][0])
	tok, _ := issue(t, f, user)
	u, _ := f.Store.GetUserByUsername(ctx, user)
	if _, err := f.Service.UpdateUser(ctx, service.SystemActor(), u.ID, service.UserInput{Username: u.Username, Role: u.Role, EmployeeID: u.EmployeeID, Lang: u.Lang, Active: false}); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, "token of a disabled account", call(t, f, tok, "/me", nil, nil), http.StatusUnauthorized)
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Info    struct{ Title string }    `json:"info"`
		Paths   map[string]map[string]any `json:"paths"`
		Comps   struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	r := call(t, f, "", "/openapi.json", nil, &doc)
	if r.Status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.Status)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title == "" {
		t.Errorf("openapi %q, title %q", doc.OpenAPI, doc.Info.Title)
	}
	for _, p := range []string{"/me", "/units", "/positions", "/employees", "/employees/{id}"} {
		if doc.Paths[p]["get"] == nil {
			t.Errorf("the document lacks GET %s (has %v)", p, keys(doc.Paths))
		}
	}
	if doc.Comps.SecuritySchemes["bearer"] == nil {
		t.Error("no bearer security scheme")
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestOrganisation(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	tok, _ := issue(t, f, f.Username(t, f.Office.Staff["BANK"][0]))
	c := f.Chart(t)

	var units struct {
		Items []struct {
			ID       int64  `json:"id"`
			Code     string `json:"code"`
			Kind     string `json:"kind"`
			OfficeID int64  `json:"office_id"`
		} `json:"items"`
		Total int `json:"total"`
	}
	if r := call(t, f, tok, "/units", nil, &units); r.Status != http.StatusOK {
		t.Fatalf("/units: %d", r.Status)
	}
	if units.Total != len(c.Units) || len(units.Items) != units.Total {
		t.Errorf("%d units (total %d), want %d", len(units.Items), units.Total, len(c.Units))
	}
	for _, u := range units.Items {
		if u.ID == f.Office.Sections["BANK"] && u.OfficeID != f.Office.OfficeID {
			t.Errorf("section BANK belongs to office %d", u.OfficeID)
		}
	}

	var positions struct {
		Items []struct {
			ID      int64 `json:"id"`
			UnitID  int64 `json:"unit_id"`
			Holders []struct {
				EmployeeID int64  `json:"employee_id"`
				Name       string `json:"name"`
			} `json:"holders"`
		} `json:"items"`
	}
	bank := f.Office.Sections["BANK"]
	call(t, f, tok, "/positions?unit_id="+strconv.FormatInt(bank, 10), nil, &positions)
	held := 0
	for _, p := range positions.Items {
		if p.UnitID != bank {
			t.Errorf("position %d of unit %d in the list of unit %d", p.ID, p.UnitID, bank)
		}
		held += len(p.Holders)
	}
	if want := 1 + len(f.Office.Staff["BANK"]); held != want {
		t.Errorf("%d holders in section BANK, want %d", held, want)
	}

	var emps struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
		Total int `json:"total"`
	}
	call(t, f, tok, "/employees?q="+url.QueryEscape("budi santoso"), nil, &emps)
	if emps.Total != 1 || !strings.Contains(emps.Items[0].Name, "Santoso") {
		t.Errorf("search santoso: %+v", emps)
	}
	all := len(c.Employees)
	call(t, f, tok, "/employees?limit=5&offset=5", nil, &emps)
	if len(emps.Items) != 5 || emps.Total != all {
		t.Errorf("a page of 5: %d items, total %d, want 5 of %d", len(emps.Items), emps.Total, all)
	}
	call(t, f, tok, "/employees?limit=5&offset="+strconv.Itoa(all-2), nil, &emps)
	if len(emps.Items) != 2 || emps.Total != all {
		t.Errorf("the last page: %d items, total %d, want 2 of %d", len(emps.Items), emps.Total, all)
	}
	withA := 0
	for _, e := range c.Employees {
		if strings.Contains(strings.ToLower(e.Name), "a") {
			withA++
		}
	}
	call(t, f, tok, "/employees?q=A&limit=1", nil, &emps)
	if len(emps.Items) != 1 || emps.Total != withA || withA < 2 {
		t.Errorf("search a, one per page: %d items, total %d, want 1 of %d", len(emps.Items), emps.Total, withA)
	}
	wantProblem(t, "limit too large", call(t, f, tok, "/employees?limit=5000", nil, nil), http.StatusUnprocessableEntity)

	var one struct {
		ID  int64  `json:"id"`
		NIP string `json:"nip"`
	}
	head := f.Office.Head
	if r := call(t, f, tok, "/employees/"+strconv.FormatInt(head, 10), nil, &one); r.Status != http.StatusOK || one.ID != head || one.NIP != c.Employees[head].NIP {
		t.Errorf("/employees/%d: %d %+v", head, r.Status, one)
	}
	p := wantProblem(t, "unknown employee", call(t, f, tok, "/employees/999999", nil, nil), http.StatusNotFound)
	if p.Detail != i18n.Translate("id", "error.not_found_text", nil) {
		t.Errorf("404 detail %q is not the Indonesian text", p.Detail)
	}
	p = wantProblem(t, "unknown employee in English", call(t, f, tok, "/employees/999999", map[string]string{"Accept-Language": "en-US"}, nil), http.StatusNotFound)
	if p.Detail != i18n.Translate("en", "error.not_found_text", nil) {
		t.Errorf("404 detail %q is not the English text", p.Detail)
	}
	wantProblem(t, "malformed id", call(t, f, tok, "/employees/abc", nil, nil), http.StatusUnprocessableEntity)
}

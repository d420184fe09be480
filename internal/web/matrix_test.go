package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// The roles of the matrix: anonymous, then one demo account each.
const (
	anon      = "anonymous"
	head      = "head"
	secHead   = "section head"
	staff     = "staff"
	pengelola = "pengelola"
	admin     = "admin"
	pemeriksa = "pemeriksa"
)

var roles = []string{anon, head, secHead, staff, pengelola, admin, pemeriksa}

// username maps a role to its demo account (the order of demo.Office.Accounts).
func username(off *demo.Office, role string) string {
	i := map[string]int{head: 0, secHead: 1, staff: 2, pengelola: 3, admin: 4, pemeriksa: 5}[role]
	return off.Accounts[i].Username
}

// expect gives the status each role gets. Signed-in roles missing from the
// map get the "*" entry; the anonymous visitor gets the anon entry, or else
// a redirect to the login page.
type expect map[string]int

func everyone(status int) expect { return expect{anon: status, "*": status} }
func signedIn(status int) expect { return expect{"*": status} }
func managers(status int) expect {
	return expect{"*": http.StatusForbidden, pengelola: status, admin: status}
}
func adminOnly(status int) expect { return expect{"*": http.StatusForbidden, admin: status} }
func auditors(status int) expect {
	return expect{"*": http.StatusForbidden, admin: status, pengelola: status, pemeriksa: status}
}

func (e expect) status(role string) int {
	if role == anon {
		if s, ok := e[anon]; ok {
			return s
		}
		return http.StatusSeeOther
	}
	if s, ok := e[role]; ok {
		return s
	}
	return e["*"]
}

// route is one row of the matrix.
type route struct {
	pattern string // the pattern in routes.go this row covers
	method  string
	path    string
	form    func(role string) url.Values
	want    expect
}

// ids are the demo records the matrix acts on. Rows that change data pick
// records none of the signed-in roles depend on, and save them unchanged
// where they edit.
type ids struct {
	office, region, top, section int64
	staff, staffPos              int64
	acting, actingEmp            int64 // an acting assignment the managers end
	actingTarget                 int64 // a position for acting appointments
	user                         domain.User
	foreignToken                 int64
	bankStaffPlan                int64 // the plan of the staff role's account
	pk, otherSKP                 int64 // the head's PK, an SKP of another section
}

func matrixIDs(t *testing.T, f *webtest.Fixture) ids {
	t.Helper()
	ctx := context.Background()
	off := f.Office
	c := f.Chart(t)
	var x ids
	x.office, x.region, x.top = off.OfficeID, f.RegionID, f.TopID
	x.section = off.Sections["VERA"]
	x.staff = off.Staff["VERA"][0]
	p, _ := c.Primary(x.staff)
	x.staffPos = p.ID
	mski, _ := c.Primary(off.SectionLed["MSKI"])
	x.actingTarget = mski.ID
	x.actingEmp = off.Staff["VERA"][1]
	today := f.Service.Today()
	asg, err := f.Service.Assign(ctx, service.SystemActor(), service.AssignInput{EmployeeID: x.actingEmp, PositionID: mski.ID,
		StartDate: today, EndDate: today.AddDate(0, 0, 30), Acting: domain.ActingPlh})
	if err != nil {
		t.Fatal(err)
	}
	x.acting = asg.ID
	u, err := f.Store.GetUserByEmployee(ctx, off.Staff["VERA"][2])
	if err != nil {
		t.Fatal(err)
	}
	x.user = u
	_, tok, err := f.Service.IssueToken(ctx, service.SystemActor(), u.Username, "foreign")
	if err != nil {
		t.Fatal(err)
	}
	x.foreignToken = tok.ID
	ea, err := f.Service.Actor(ctx, mustUser(t, f, off.Staff["BANK"][0]).ID, "")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := f.Service.MyPlan(ctx, ea, off.Year)
	if err != nil || plan.ID == 0 {
		t.Fatalf("plan of the staff account: %v", err)
	}
	x.bankStaffPlan = plan.ID
	for emp, id := range map[int64]*int64{off.Head: &x.pk, off.Staff["VERA"][3]: &x.otherSKP} {
		plans, err := f.Service.PlansOf(ctx, service.SystemActor(), off.Year, emp)
		if err != nil || len(plans) == 0 {
			t.Fatalf("plans of %d: %v", emp, err)
		}
		*id = plans[len(plans)-1].ID
	}
	return x
}

func mustUser(t *testing.T, f *webtest.Fixture, employeeID int64) domain.User {
	t.Helper()
	u, err := f.Store.GetUserByEmployee(context.Background(), employeeID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var nipCounter atomic.Int64

// freshNIP returns a valid NIP not used before in this test binary.
func freshNIP() string {
	n := nipCounter.Add(1)
	return fmt.Sprintf("199001%02d201501%d%03d", 1+(n/1998)%28, 1+(n/999)%2, n%999+1)
}

func matrixRoutes(t *testing.T, f *webtest.Fixture, x ids, lang string) []route {
	c := f.Chart(t)
	sec := c.Units[x.section]
	region := c.Units[x.region]
	staffPos := c.Positions[x.staffPos]
	emp := c.Employees[x.staff]
	none := func(string) url.Values { return url.Values{} }
	fixed := func(v url.Values) func(string) url.Values { return func(string) url.Values { return v } }
	var plh atomic.Int32
	unitForm := func(u *domain.Unit) url.Values {
		return url.Values{"parent_id": {strconv.FormatInt(u.ParentID, 10)}, "code": {u.Code}, "name": {u.Name}, "kind": {string(u.Kind)},
			"letterhead": {u.Letterhead}, "address": {u.Address}, "city": {u.City}}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	today := f.Service.Today()
	return []route{
		{"GET /healthz", "GET", "/healthz", none, everyone(200)},
		{"GET /readyz", "GET", "/readyz", none, everyone(200)},
		{"GET /static/", "GET", "/static/app.css", none, everyone(200)},
		{"GET /static/", "GET", "/static/nothing.css", none, everyone(404)},
		{"GET /metrics", "GET", "/metrics", none, everyone(200)},
		{"/api/", "GET", "/api/v1/openapi.json", none, everyone(200)},
		{"/api/", "GET", "/api/v1/me", none, everyone(401)}, // a session does not open the API: it wants a token

		{"GET /login", "GET", "/login", none, expect{anon: 200, "*": 303}},
		{"POST /login", "POST", "/login", func(role string) url.Values {
			return url.Values{"username": {"nobody-" + strings.ReplaceAll(role, " ", "-")}, "password": {"wrong password"}}
		}, everyone(401)},
		{"POST /lang", "POST", "/lang", fixed(url.Values{"lang": {lang}, "back": {"/org"}}), everyone(303)},
		{"POST /lang", "POST", "/lang", fixed(url.Values{"lang": {"fr"}}), everyone(400)},
		{"GET /setup", "GET", "/setup?token=guess", none, everyone(404)},
		{"POST /setup", "POST", "/setup", fixed(url.Values{"token": {"guess"}, "username": {"root"}, "password": {"long enough pw"}, "password2": {"long enough pw"}}), everyone(404)},

		{"GET /{$}", "GET", "/", none, signedIn(200)},
		{"GET /account", "GET", "/account", none, signedIn(200)},
		{"POST /account/password", "POST", "/account/password", fixed(url.Values{"old_password": {"not it"}, "new_password": {"a new long password"}, "new_password2": {"a new long password"}}), signedIn(422)},
		{"POST /account/tokens", "POST", "/account/tokens", fixed(url.Values{"name": {"matrix"}}), signedIn(200)},
		{"POST /account/tokens/{id}/revoke", "POST", "/account/tokens/" + id(x.foreignToken) + "/revoke", none, signedIn(404)},

		{"GET /org", "GET", "/org", none, signedIn(200)},
		{"GET /org/units/new", "GET", "/org/units/new", none, managers(200)},
		{"POST /org/units/new", "POST", "/org/units/new", func(role string) url.Values {
			return url.Values{"parent_id": {id(x.office)}, "code": {"NEW-" + lang + "-" + strings.ReplaceAll(role, " ", "-")}, "name": {"Seksi Baru"}, "kind": {"section"}}
		}, managers(303)},
		{"POST /org/units/new", "POST", "/org/units/new", fixed(url.Values{"code": {"TOP-" + lang}, "name": {"Top"}, "kind": {"organisation"}}), expect{"*": 403, admin: 303}},
		{"GET /org/units/{id}", "GET", "/org/units/" + id(x.section), none, signedIn(200)},
		{"GET /org/units/{id}", "GET", "/org/units/" + id(x.top), none, signedIn(200)},
		{"GET /org/units/{id}", "GET", "/org/units/999999", none, signedIn(404)},
		{"GET /org/units/{id}", "GET", "/org/units/abc", none, signedIn(404)},
		{"GET /org/units/{id}/edit", "GET", "/org/units/" + id(x.section) + "/edit", none, managers(200)},
		{"GET /org/units/{id}/edit", "GET", "/org/units/" + id(x.top) + "/edit", none, adminOnly(200)},
		{"GET /org/units/{id}/edit", "GET", "/org/units/999999/edit", none, expect{"*": 403, pengelola: 404, admin: 404}},
		{"POST /org/units/{id}/edit", "POST", "/org/units/" + id(x.section) + "/edit", fixed(unitForm(sec)), managers(303)},
		{"POST /org/units/{id}/edit", "POST", "/org/units/" + id(x.region) + "/edit", fixed(unitForm(region)), adminOnly(303)},

		{"GET /org/positions/new", "GET", "/org/positions/new?unit=" + id(x.section), none, managers(200)},
		{"POST /org/positions/new", "POST", "/org/positions/new", fixed(url.Values{"unit_id": {id(x.section)}, "title": {"Pelaksana Baru"},
			"kind": {"pelaksana"}, "reports_to_id": {id(staffPos.ReportsToID)}}), managers(303)},
		{"GET /org/positions/{id}/edit", "GET", "/org/positions/" + id(x.staffPos) + "/edit", none, managers(200)},
		{"POST /org/positions/{id}/edit", "POST", "/org/positions/" + id(x.staffPos) + "/edit", fixed(url.Values{"unit_id": {id(staffPos.UnitID)},
			"title": {staffPos.Title}, "kind": {string(staffPos.Kind)}, "reports_to_id": {id(staffPos.ReportsToID)}}), managers(303)},

		{"GET /org/import", "GET", "/org/import", none, managers(200)},
		{"GET /org/import/template.xlsx", "GET", "/org/import/template.xlsx", none, managers(200)},
		{"GET /org/export.xlsx", "GET", "/org/export.xlsx", none, managers(200)},
		{"POST /org/import", "POST", "/org/import", none, managers(422)}, // no file chosen

		{"GET /employees", "GET", "/employees", none, signedIn(200)},
		{"GET /employees", "GET", "/employees?q=santoso&page=1", none, signedIn(200)},
		{"GET /employees/new", "GET", "/employees/new", none, managers(200)},
		{"POST /employees/new", "POST", "/employees/new", func(string) url.Values {
			return url.Values{"nip": {freshNIP()}, "name": {"Pegawai Baru"}, "position_id": {"0"}}
		}, managers(303)},
		{"POST /employees/new", "POST", "/employees/new", func(string) url.Values {
			return url.Values{"nip": {freshNIP()}, "name": {"Pegawai Ditempatkan"}, "position_id": {id(x.staffPos)}, "start_date": {today.Format("2006-01-02")}}
		}, managers(303)},
		{"GET /employees/{id}", "GET", "/employees/" + id(x.staff), none, signedIn(200)},
		{"GET /employees/{id}", "GET", "/employees/" + id(f.Office.Head), none, signedIn(200)},
		{"GET /employees/{id}", "GET", "/employees/999999", none, signedIn(404)},
		{"GET /employees/{id}/edit", "GET", "/employees/" + id(x.staff) + "/edit", none, managers(200)},
		{"POST /employees/{id}/edit", "POST", "/employees/" + id(x.staff) + "/edit", fixed(url.Values{"nip": {emp.NIP}, "name": {emp.Name},
			"email": {emp.Email}, "grade": {emp.Grade}, "active": {"1"}}), managers(303)},
		{"GET /employees/{id}/assign", "GET", "/employees/" + id(x.actingEmp) + "/assign", none, managers(200)},
		// Each appointment takes dates of its own: a second Plh of the same post in the same dates is refused.
		{"POST /employees/{id}/assign", "POST", "/employees/" + id(x.actingEmp) + "/assign", func(string) url.Values {
			from := today.AddDate(0, 0, 31+10*int(plh.Add(1)))
			return url.Values{"position_id": {id(x.actingTarget)}, "acting": {"plh"}, "start_date": {from.Format("2006-01-02")},
				"end_date": {from.AddDate(0, 0, 7).Format("2006-01-02")}}
		}, managers(303)},
		{"POST /employees/{id}/assign", "POST", "/employees/999999/assign", fixed(url.Values{"position_id": {id(x.actingTarget)}}), managers(404)},
		{"POST /employees/{id}/assignments/{aid}/end", "POST", "/employees/" + id(x.actingEmp) + "/assignments/" + id(x.acting) + "/end",
			fixed(url.Values{"end_date": {today.AddDate(0, 0, 20).Format("2006-01-02")}}), managers(303)},

		{"GET /users", "GET", "/users", none, adminOnly(200)},
		{"GET /users/new", "GET", "/users/new", none, adminOnly(200)},
		{"POST /users/new", "POST", "/users/new", func(role string) url.Values {
			return url.Values{"username": {"new-" + lang + "-" + strings.ReplaceAll(role, " ", "-")}, "password": {"a long new password"}, "role": {"employee"}, "lang": {"id"}, "active": {"1"}}
		}, adminOnly(303)},
		{"GET /users/{id}/edit", "GET", "/users/" + id(x.user.ID) + "/edit", none, adminOnly(200)},
		{"POST /users/{id}/edit", "POST", "/users/" + id(x.user.ID) + "/edit", fixed(url.Values{"username": {x.user.Username}, "role": {string(x.user.Role)},
			"employee_id": {id(x.user.EmployeeID)}, "lang": {x.user.Lang}, "active": {"1"}}), adminOnly(303)},

		{"GET /service-accounts", "GET", "/service-accounts", none, adminOnly(200)},
		{"POST /service-accounts", "POST", "/service-accounts", fixed(url.Values{"name": {"Sinkronisasi " + lang}, "office": {id(x.office)}, "scopes": {"read"}}), adminOnly(200)},
		{"POST /service-accounts", "POST", "/service-accounts", fixed(url.Values{"name": {"x"}, "office": {id(x.section)}, "scopes": {"read"}}), adminOnly(422)},
		{"POST /service-accounts/{id}/delete", "POST", "/service-accounts/999999/delete", none, expect{"*": 403, admin: 404}},

		{"GET /years", "GET", "/years", none, signedIn(200)},
		{"POST /years", "POST", "/years", func(role string) url.Values {
			return url.Values{"year": {strconv.Itoa(2040 + len(role))}, "rule_set": {"KMK-127-2026"}}
		}, managers(303)},
		{"POST /years", "POST", "/years", fixed(url.Values{"year": {"1999"}}), managers(422)},
		{"GET /years/{year}", "GET", "/years/" + strconv.Itoa(f.Office.Year), none, signedIn(200)},
		{"GET /years/{year}", "GET", "/years/1990", none, signedIn(404)},
		{"POST /years/{year}", "POST", "/years/" + strconv.Itoa(f.Office.Year), func(string) url.Values {
			y, _ := f.Service.GetYear(context.Background(), service.SystemActor(), f.Office.Year)
			v := url.Values{"rule_set": {y.RuleSet}, "plan_due_date": {y.PlanDueDate.Format("2006-01-02")}}
			for q := 0; q < 4; q++ {
				v.Set("deadline_"+strconv.Itoa(q+1), y.Quarters[q].Deadline.Format("2006-01-02"))
			}
			return v
		}, managers(303)},
		{"POST /years/{year}/signatory/{office}", "POST", "/years/" + strconv.Itoa(f.Office.Year) + "/signatory/" + id(x.region),
			fixed(url.Values{"name": {"Astera Primanto Bhakti"}, "nip": {"196807171994031002"}, "position": {"Direktur Jenderal Perbendaharaan"}}), adminOnly(303)},
		{"POST /years/{year}/signatory/{office}", "POST", "/years/" + strconv.Itoa(f.Office.Year) + "/signatory/" + id(x.office),
			fixed(url.Values{"name": {"x"}, "position": {"y"}}), managers(422)},

		{"GET /rule-sets", "GET", "/rule-sets", none, managers(200)},
		{"POST /rule-sets", "POST", "/rule-sets", none, adminOnly(422)}, // no file chosen
		{"GET /rule-sets/{id}", "GET", "/rule-sets/KMK-127-2026", none, managers(200)},
		{"GET /rule-sets/{id}", "GET", "/rule-sets/NONE", none, managers(404)},
		{"GET /rule-sets/{id}/file", "GET", "/rule-sets/KMK-127-2026/file", none, managers(200)},
		{"GET /years/{year}/rollover", "GET", "/years/" + strconv.Itoa(f.Office.Year+1) + "/rollover", none, managers(200)},
		{"POST /years/{year}/rollover", "POST", "/years/" + strconv.Itoa(f.Office.Year+1) + "/rollover",
			fixed(url.Values{"from": {strconv.Itoa(f.Office.Year)}, "office": {id(f.Office.OfficeID)}, "action": {"preview"}}), managers(200)},
		{"POST /years/{year}/rollover", "POST", "/years/" + strconv.Itoa(f.Office.Year+1) + "/rollover",
			fixed(url.Values{"from": {strconv.Itoa(f.Office.Year - 3)}, "office": {id(f.Office.OfficeID)}, "action": {"run"}}), managers(422)},

		{"GET /scores", "GET", "/scores", none, signedIn(200)},
		{"GET /scores", "GET", "/scores?year=" + strconv.Itoa(f.Office.Year) + "&period=0", none, signedIn(200)},
		{"GET /scores/{plan}/{period}", "GET", "/scores/" + id(x.bankStaffPlan) + "/2", none, expect{"*": 200, pemeriksa: 403}},
		{"GET /scores/{plan}/{period}", "GET", "/scores/" + id(x.bankStaffPlan) + "/9", none, expect{"*": 404}},
		{"POST /scores/{plan}/{period}/adjust", "POST", "/scores/" + id(x.bankStaffPlan) + "/3/adjust", fixed(url.Values{"correction": {"1"},
			"reason": {"Dampak pekerjaan pada layanan satker"}, "evidence": {"Nota dinas"}}), expect{"*": 403, pengelola: 303}},

		{"GET /audit", "GET", "/audit", none, auditors(200)},
		{"GET /audit", "GET", "/audit?entity=employee&action=employee.&from=2020-01-01&to=2099-12-31", none, auditors(200)},

		{"GET /{$}", "GET", "/?q=2", none, signedIn(200)},
		{"GET /{$}", "GET", "/?year=1990", none, signedIn(404)},
		{"GET /dashboard", "GET", "/dashboard", none, expect{"*": 403, head: 200, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"GET /dashboard", "GET", "/dashboard?office=" + id(x.office) + "&year=" + strconv.Itoa(f.Office.Year), none,
			expect{"*": 403, head: 200, pengelola: 200, admin: 200, pemeriksa: 200}},
		// The Kanwil above is an office of its own, read by who reads the region;
		// the organisation above it, installed only as a name, is no office.
		{"GET /dashboard", "GET", "/dashboard?office=" + id(x.region), none, expect{"*": 403, admin: 200, pemeriksa: 200}},
		{"GET /dashboard", "GET", "/dashboard?office=" + id(x.top), none, signedIn(404)},
		{"GET /dashboard", "GET", "/dashboard?year=1990", none, signedIn(404)},
		{"GET /team", "GET", "/team", none, signedIn(200)},
		{"GET /team", "GET", "/team?q=2", none, signedIn(200)},
		{"GET /team", "GET", "/team?q=9", none, signedIn(404)},
		{"GET /console", "GET", "/console", none, expect{"*": 403, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"GET /console", "GET", "/console?q=2&office=" + id(x.office), none, expect{"*": 403, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"POST /console/remind", "POST", "/console/remind", fixed(url.Values{"year": {strconv.Itoa(f.Office.Year)}, "q": {"3"}, "office": {id(x.office)}}),
			expect{"*": 403, pengelola: 303}},
		{"POST /console/remind", "POST", "/console/remind", fixed(url.Values{"year": {"x"}}), signedIn(400)},
		{"GET /inbox", "GET", "/inbox", none, signedIn(200)},
		{"GET /overview", "GET", "/overview", none, signedIn(200)},
		{"GET /overview", "GET", "/overview?q=2&year=" + strconv.Itoa(f.Office.Year), none, signedIn(200)},
		{"GET /overview", "GET", "/overview?q=5", none, signedIn(404)},
		{"GET /overview", "GET", "/overview?year=1990", none, signedIn(404)},
		{"GET /inbox", "GET", "/inbox?sort=deadline", none, signedIn(200)},
		{"POST /account/digest", "POST", "/account/digest", fixed(url.Values{"email_digest": {"1"}}), signedIn(303)},
		// Plan documents: readers of the plan download them; its editors import.
		{"GET /plans/{id}/pdf", "GET", "/plans/" + id(x.pk) + "/pdf", none, expect{"*": 403, head: 200, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"GET /plans/{id}/pdf", "GET", "/plans/999999/pdf", none, signedIn(404)},
		{"GET /plans/{id}/manual.pdf", "GET", "/plans/" + id(x.bankStaffPlan) + "/manual.pdf", none, signedIn(200)},
		{"GET /plans/{id}/xlsx", "GET", "/plans/" + id(x.otherSKP) + "/xlsx", none, expect{"*": 403, head: 200, pengelola: 200, admin: 200, pemeriksa: 200}},
		{"GET /plans/{id}/import", "GET", "/plans/" + id(x.pk) + "/import", none, expect{"*": 403, head: 200, pengelola: 200, admin: 200}},
		{"GET /plans/{id}/import", "GET", "/plans/" + id(x.bankStaffPlan) + "/import", none, expect{"*": 403, staff: 200}},
		{"GET /plans/{id}/import/template.xlsx", "GET", "/plans/" + id(x.bankStaffPlan) + "/import/template.xlsx", none, signedIn(200)},
		{"POST /plans/{id}/import", "POST", "/plans/" + id(x.pk) + "/import", none, expect{"*": 403, head: 422, pengelola: 422, admin: 422}}, // no file chosen

		// Last: it ends the session.
		{"POST /logout", "POST", "/logout", none, everyone(303)},
	}
}

// registeredRoutes reads the patterns registered in routes*.go.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("routes*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
	}
	if len(out) < 30 {
		t.Fatalf("found only %d routes in routes.go", len(out))
	}
	return out
}

// TestPermissionMatrix requests every route as every role and checks the
// status; each HTML answer must be fully translated. It runs once per
// language and engine, each on its own database.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		for _, lang := range []string{"id", "en"} {
			// Which page a role may open does not depend on the language, nor
			// a page's translation on the engine: English runs on SQLite only.
			if lang == "en" && engine != store.SQLite {
				continue
			}
			t.Run(string(engine)+"/"+lang, func(t *testing.T) {
				t.Parallel()
				testMatrix(t, engine, lang)
			})
		}
	}
}

func testMatrix(t *testing.T, engine store.Engine, lang string) {
	f := webtest.New(t, engine)
	x := matrixIDs(t, f)
	rows := withPlanRoutes(append(append(realMatrixRoutes(t, f), reportRows(t, f)...), matrixRoutes(t, f, x, lang)...), planMatrixRoutes(t, f, lang))
	rows = append(evalMatrixRoutes(t, f), rows...)

	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.pattern] = true
	}
	for _, p := range registeredRoutes(t) {
		if !covered[p] {
			t.Errorf("route %q is missing from the permission matrix", p)
		}
	}

	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			var c *webtest.Client
			if role == anon {
				c = f.Client(t)
			} else {
				c = f.Login(t, username(f.Office, role))
			}
			// Switch language first; for accounts it is stored on the account.
			if r := c.PostForm("/lang", url.Values{"lang": {lang}, "back": {"/"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("switch language: %d", r.Status)
			}
			for _, r := range rows {
				var resp *webtest.Response
				if r.method == http.MethodGet {
					resp = c.Get(r.path)
				} else {
					resp = c.PostForm(r.path, r.form(role))
				}
				want := r.want.status(role)
				what := r.method + " " + r.path
				if resp.Status != want {
					t.Errorf("%s: status %d, want %d%s", what, resp.Status, want, excerpt(resp))
					continue
				}
				if role == anon && want == http.StatusSeeOther && r.want[anon] == 0 {
					// A post without a session and without a page it came from returns home after signing in.
					wantLoc := "/login?next=%2F&ended=1"
					if r.method == http.MethodGet {
						wantLoc = "/login?next=" + url.QueryEscape(r.path)
					}
					if loc := resp.Location(); loc != wantLoc {
						t.Errorf("%s: redirected to %q, want %q", what, loc, wantLoc)
					}
				}
				if (resp.Status < 300 || resp.Status >= 400) && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					checkPage(t, what, lang, resp.Body)
				}
			}
			// After logging out the session no longer opens anything.
			if role != anon {
				if r := c.Get("/account"); r.Status != http.StatusSeeOther {
					t.Errorf("after logout GET /account: %d", r.Status)
				}
			}
		})
	}
}

// excerpt shows the start of a response body for a failure message.
func excerpt(r *webtest.Response) string {
	b := r.Body
	if i := strings.Index(b, `<main`); i >= 0 {
		b = b[i:]
	}
	b = tags.ReplaceAllString(b, " ")
	b = strings.Join(strings.Fields(b), " ")
	if len(b) > 300 {
		b = b[:300]
	}
	if loc := r.Location(); loc != "" {
		b = "→ " + loc + " " + b
	}
	if b == "" {
		return ""
	}
	return "\n\t" + b
}

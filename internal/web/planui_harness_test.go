package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web"
)

// planSite is a running web server over a real database, with a small
// office whose people each have an account.
type planSite struct {
	t    *testing.T
	srv  *httptest.Server
	svc  *service.Service
	st   *store.Store
	year int
	off  miniOffice
}

// planClock is the tests' "now": early in the year, before the plan deadline.
var planClock = time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC)

const testPassword = "rahasia-kantor-1"

// miniOffice is the people of the test office by role, as employee IDs,
// with their user names.
type miniOffice struct {
	ID        int64
	Head      int64
	Pengelola int64
	SecA      int64 // head of section A
	SecB      int64 // head of section B
	StaffA    []int64
	StaffB    []int64
	UnitA     int64
	Users     map[int64]string // employee → user name
}

func newPlanSite(t *testing.T, st *store.Store) *planSite {
	t.Helper()
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return planClock }})
	cfg := config.Defaults()
	srv, err := web.New(svc, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s := &planSite{t: t, srv: ts, svc: svc, st: st, year: planClock.Year()}
	s.off = buildMiniOffice(t, svc)
	if _, err := svc.CreateYear(context.Background(), service.SystemActor(), s.year, ""); err != nil {
		t.Fatal(err)
	}
	return s
}

func buildMiniOffice(t *testing.T, svc *service.Service) miniOffice {
	t.Helper()
	ctx := context.Background()
	sys := service.SystemActor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	o := miniOffice{Users: map[int64]string{}}
	office, err := svc.CreateUnit(ctx, sys, service.UnitInput{Code: "KPPN-T", Name: "KPPN Teladan", Kind: domain.UnitOffice})
	must(err)
	o.ID = office.ID
	start := planClock.AddDate(-1, 0, 0)
	seq := 0
	hire := func(unit, reportsTo int64, title string, kind domain.PositionKind, name, user string, role domain.Role) (int64, int64) {
		t.Helper()
		seq++
		pos, err := svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: unit, Title: title, Kind: kind, ReportsToID: reportsTo})
		must(err)
		nip := fmt.Sprintf("198001012005011%03d", seq)
		e, err := svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nip, Name: name}, pos.ID, start)
		must(err)
		_, err = svc.CreateUser(ctx, sys, service.UserInput{Username: user, Password: testPassword, Role: role, EmployeeID: e.ID, Lang: "id", Active: true})
		must(err)
		o.Users[e.ID] = user
		return e.ID, pos.ID
	}
	var headPos int64
	o.Head, headPos = hire(office.ID, 0, "Kepala Kantor", domain.PosHead, "Hadi Kepala", "kepala", domain.RoleEmployee)
	ua, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: office.ID, Code: "KPPN-T-A", Name: "Seksi Anggaran", Kind: domain.UnitSection})
	must(err)
	ub, err := svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: office.ID, Code: "KPPN-T-B", Name: "Seksi Bank", Kind: domain.UnitSection})
	must(err)
	o.UnitA = ua.ID
	var posA, posB int64
	o.SecA, posA = hire(ua.ID, headPos, "Kepala Seksi Anggaran", domain.PosPengawas, "Ani Kasi", "kasi.a", domain.RoleEmployee)
	o.SecB, posB = hire(ub.ID, headPos, "Kepala Seksi Bank", domain.PosPengawas, "Beni Kasi", "kasi.b", domain.RoleEmployee)
	for i, n := range []string{"Ayu Staf", "Adi Staf"} {
		id, _ := hire(ua.ID, posA, "Pelaksana Seksi Anggaran", domain.PosPelaksana, n, "staf.a"+strconv.Itoa(i+1), domain.RoleEmployee)
		o.StaffA = append(o.StaffA, id)
	}
	id, _ := hire(ub.ID, posB, "Pelaksana Seksi Bank", domain.PosPelaksana, "Bayu Staf", "staf.b1", domain.RoleEmployee)
	o.StaffB = append(o.StaffB, id)
	o.Pengelola, _ = hire(ub.ID, posB, "Pengelola Kinerja", domain.PosPelaksana, "Putri Pengelola", "pengelola", domain.RolePengelola)
	return o
}

// actor returns the service actor of an employee's account.
func (s *planSite) actor(emp int64) authz.Actor {
	s.t.Helper()
	ctx := context.Background()
	u, err := s.st.GetUserByEmployee(ctx, emp)
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := s.svc.Actor(ctx, u.ID, "127.0.0.1")
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// manual is a complete Manual IKU/IKI for tests.
func testManual() domain.Manual {
	return domain.Manual{Description: "Persentase penyaluran dana tepat waktu", Formula: "jumlah SP2D tepat waktu / jumlah SP2D × 100",
		Unit: "%", TargetAspect: "kuantitas", Validity: "proxy", Control: "moderate", PeriodConsolidation: "average",
		Polarity: "maximize", ReportingPeriod: "quarterly", HistoryKind: "existing",
		PrevTarget: calc.Some(95), PrevRealisation: calc.Some(97),
		Evidence: []domain.EvidenceItem{{Kind: "raw_data", Name: "Daftar SP2D"}}}
}

func quarters(a, b, c, d float64) [4]calc.Opt {
	return [4]calc.Opt{calc.Some(a), calc.Some(b), calc.Some(c), calc.Some(d)}
}

// planData is what seedPlans made.
type planData struct {
	Objective int64
	PK        int64
	PKLine    int64
	SKPA      int64 // SKP of the head of section A, with a line cascaded from the PK
	SKPALine  int64
	SKPB      int64 // SKP of the head of section B, no lines
}

// seedPlans draws a strategy map with two objectives, gives the head an
// approved PK with one IKU, and cascades it fully to the head of section A.
func (s *planSite) seedPlans() planData {
	s.t.Helper()
	ctx := context.Background()
	must := func(err error) {
		s.t.Helper()
		if err != nil {
			s.t.Fatal(err)
		}
	}
	head, peng := s.actor(s.off.Head), s.actor(s.off.Pengelola)
	var d planData
	ss1, err := s.svc.SaveObjective(ctx, head, s.year, s.off.ID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspStakeholder, Code: "SS-1", Name: "Pelaksanaan anggaran yang berkualitas"})
	must(err)
	_, err = s.svc.SaveObjective(ctx, head, s.year, s.off.ID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-2", Name: "Layanan yang prima", Supports: []int64{ss1.ID}})
	must(err)
	d.Objective = ss1.ID
	pk, err := s.svc.OpenPlan(ctx, head, s.year, s.off.Head)
	must(err)
	d.PK = pk.ID
	ln, err := s.svc.SaveLine(ctx, head, pk.ID, 0, -1, service.LineInput{Code: "1a-CP", Name: "Persentase penyaluran dana tepat waktu", ObjectiveID: ss1.ID,
		Targets: quarters(96, 96, 97, 98), Manual: testManual()})
	must(err)
	d.PKLine = ln.LineID
	_, err = s.svc.SubmitPlan(ctx, head, pk.ID, -1)
	must(err)
	_, err = s.svc.ApprovePlan(ctx, peng, pk.ID, -1)
	must(err)
	kids, err := s.svc.Cascade(ctx, head, pk.ID, ln.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: s.off.SecA}})
	must(err)
	d.SKPALine = kids[0].LineID
	skpA, err := s.svc.OpenPlan(ctx, s.actor(s.off.SecA), s.year, s.off.SecA)
	must(err)
	d.SKPA = skpA.ID
	skpB, err := s.svc.OpenPlan(ctx, s.actor(s.off.SecB), s.year, s.off.SecB)
	must(err)
	d.SKPB = skpB.ID
	return d
}

// browserClient is a signed-in HTTP client that does not follow redirects,
// so tests see the 303 of a successful form.
type browserClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (s *planSite) login(user string) *browserClient {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	bc := &browserClient{t: s.t, base: s.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	st, _, _ := bc.post("/login", url.Values{"username": {user}, "password": {testPassword}})
	if st != http.StatusSeeOther {
		s.t.Fatalf("login %s: status %d", user, st)
	}
	return bc
}

func (b *browserClient) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browserClient) post(path string, v url.Values) (int, string, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.base+path, v)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header.Get("Location")
}

// mustGet fetches a page and fails unless it answers want.
func (b *browserClient) mustGet(path string, want int) string {
	b.t.Helper()
	st, body := b.get(path)
	if st != want {
		b.t.Fatalf("GET %s: status %d, want %d\n%s", path, st, want, excerpt(body))
	}
	return body
}

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)

// revision reads the revision a page's forms carry.
func revision(t *testing.T, body string) string {
	t.Helper()
	m := revisionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no revision field on the page")
	}
	return m[1]
}

// excerpt shortens a page to its main part for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}

func objective(code string, k domain.PerspectiveKind) service.ObjectiveInput {
	return service.ObjectiveInput{PerspectiveKind: k, Code: code, Name: "Sasaran " + code}
}

// lineInput is a complete PK line for service calls.
func lineInput() service.LineInput {
	return service.LineInput{Code: "1a-CP", Name: "Persentase penyaluran dana tepat waktu", Targets: quarters(96, 97, 98, 98),
		Manual: testManual()}
}

// lineForm is the line editor filled in as a user would.
func lineForm(rev string) url.Values {
	return url.Values{
		"revision": {rev}, "code": {"1a-CP"}, "name": {"Persentase penyaluran dana tepat waktu"},
		"cascade_type": {"peta"}, "cascade_method": {"full"},
		"t1": {"96"}, "t2": {"97"}, "t3": {"98"}, "t4": {"98"},
		"formula": {"SP2D tepat waktu / SP2D × 100"}, "unit": {"%"}, "target_aspect": {"kuantitas"},
		"polarity": {"maximize"}, "period_consolidation": {"average"}, "reporting_period": {"quarterly"},
		"validity": {"proxy"}, "control": {"moderate"}, "history_kind": {"existing"},
		"evidence_kind": {"raw_data", "supporting"}, "evidence_name": {"Daftar SP2D", ""},
	}
}

func serviceSystem() authz.Actor { return service.SystemActor() }

// userInput is an account without an employee.
func userInput(name string, role domain.Role) service.UserInput {
	return service.UserInput{Username: name, Password: testPassword, Role: role, Lang: "id", Active: true}
}

func unitInput(code, name string) service.UnitInput {
	return service.UnitInput{Code: code, Name: name, Kind: domain.UnitOffice}
}

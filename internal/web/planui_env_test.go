package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// planEnv is a performance year of its own in the demo office, empty until a
// test plans it, so that cases sharing one seeded database do not meet. The
// people are the demo's: section A is Pencairan Dana, section B the Bank.
type planEnv struct {
	t      *testing.T
	f      *webtest.Fixture
	year   int
	office int64
	head   int64
	peng   int64
	kanwil int64 // the Kepala Kanwil, who approves the PK
	secA   int64
	secB   int64
	staffA []int64
	staffB []int64
}

func newPlanEnv(t *testing.T, f *webtest.Fixture, year int) *planEnv {
	t.Helper()
	if _, err := f.Service.CreateYear(context.Background(), service.SystemActor(), year, ""); err != nil {
		t.Fatal(err)
	}
	o := f.Office
	return &planEnv{t: t, f: f, year: year, office: o.OfficeID, head: o.Head, peng: o.Pengelola, kanwil: o.KanwilHead,
		secA: o.SectionLed["PD"], secB: o.SectionLed["BANK"], staffA: o.Staff["PD"][:2], staffB: o.Staff["BANK"][:1]}
}

// login signs an employee in through the login page, in Indonesian (an
// earlier case may have left the account in English).
func (e *planEnv) login(emp int64) *webtest.Client {
	e.t.Helper()
	return e.indonesian(e.f.Login(e.t, e.f.Username(e.t, emp)))
}

func (e *planEnv) indonesian(c *webtest.Client) *webtest.Client {
	e.t.Helper()
	if r := c.PostForm("/lang", url.Values{"lang": {"id"}}); r.Status != http.StatusSeeOther {
		e.t.Fatalf("switch to Indonesian: %d", r.Status)
	}
	return c
}

// actor returns the service actor of an employee's account.
func (e *planEnv) actor(emp int64) authz.Actor {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.f.Store.GetUserByEmployee(ctx, emp)
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.f.Service.Actor(ctx, u.ID, "127.0.0.1")
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *planEnv) name(emp int64) string { return e.f.Chart(e.t).Employees[emp].Name }

// y is the query string that shows this year.
func (e *planEnv) y() string { return "?year=" + strconv.Itoa(e.year) }

// plannedYear is what seed made.
type plannedYear struct {
	Objective int64
	PK        int64
	PKLine    int64
	SKPA      int64 // SKP of the head of section A, with the PK's line cascaded fully
	SKPALine  int64
	SKPB      int64 // SKP of the head of section B, no lines
}

// seed draws a map with two objectives, gives the head an approved PK with
// one IKU, cascades it fully to the head of section A, and opens an empty
// SKP for the head of section B.
func (e *planEnv) seed() plannedYear {
	e.t.Helper()
	ctx := context.Background()
	svc := e.f.Service
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	head := e.actor(e.head)
	var d plannedYear
	ss1, err := svc.SaveObjective(ctx, head, e.year, e.office, 0, objective("SS-1", domain.PerspStakeholder))
	must(err)
	_, err = svc.SaveObjective(ctx, head, e.year, e.office, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-2",
		Name: "Layanan yang prima", Supports: []int64{ss1.ID}})
	must(err)
	d.Objective = ss1.ID
	pk, err := svc.OpenPlan(ctx, head, e.year, e.head)
	must(err)
	d.PK = pk.ID
	in := lineInput()
	in.ObjectiveID = ss1.ID
	ln, err := svc.SaveLine(ctx, head, pk.ID, 0, -1, in)
	must(err)
	d.PKLine = ln.LineID
	_, err = svc.SubmitPlan(ctx, head, pk.ID, -1)
	must(err)
	_, err = svc.ApprovePlan(ctx, e.actor(e.kanwil), pk.ID, -1)
	must(err)
	kids, err := svc.Cascade(ctx, head, pk.ID, ln.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: e.secA}})
	must(err)
	d.SKPALine = kids[0].LineID
	skpA, err := svc.OpenPlan(ctx, e.actor(e.secA), e.year, e.secA)
	must(err)
	d.SKPA = skpA.ID
	skpB, err := svc.OpenPlan(ctx, e.actor(e.secB), e.year, e.secB)
	must(err)
	d.SKPB = skpB.ID
	return d
}

func objective(code string, k domain.PerspectiveKind) service.ObjectiveInput {
	return service.ObjectiveInput{PerspectiveKind: k, Code: code, Name: "Sasaran " + code}
}

func quarters(a, b, c, d float64) [4]calc.Opt {
	return [4]calc.Opt{calc.Some(a), calc.Some(b), calc.Some(c), calc.Some(d)}
}

// testManual is a complete Manual IKU/IKI.
func testManual() domain.Manual {
	return domain.Manual{Description: "Persentase penyaluran dana tepat waktu", Formula: "jumlah SP2D tepat waktu / jumlah SP2D × 100",
		Unit: "%", TargetAspect: "kuantitas", Validity: "proxy", Control: "moderate", PeriodConsolidation: "average",
		Polarity: "maximize", ReportingPeriod: "quarterly", HistoryKind: "existing",
		PrevTarget: calc.Some(95), PrevRealisation: calc.Some(97),
		Evidence: []domain.EvidenceItem{{Kind: "raw_data", Name: "Daftar SP2D"}}}
}

// lineInput is a complete line for service calls.
func lineInput() service.LineInput {
	return service.LineInput{Code: "1a-CP", Name: "Persentase penyaluran dana tepat waktu", Targets: quarters(96, 97, 98, 98),
		Manual: testManual()}
}

// lineForm is the line editor filled in as a person would.
func lineForm(rev string) url.Values {
	return url.Values{
		"revision": {rev}, "code": {"1a-CP"}, "name": {"Persentase penyaluran dana tepat waktu"},
		"cascade_type": {"peta"}, "cascade_method": {"full"},
		"t1": {"96"}, "t2": {"97"}, "t3": {"98"}, "t4": {"98"},
		"formula": {"SP2D tepat waktu / SP2D × 100"}, "unit": {"%"}, "target_aspect": {"kuantitas"},
		"polarity": {"maximize"}, "period_consolidation": {"average"}, "reporting_period": {"quarterly"},
		"validity": {"proxy"}, "control": {"moderate"}, "history_kind": {"existing"}, "prev_target": {"95"}, "prev_realisation": {"96,5"},
		"evidence_kind": {"raw_data", "supporting"}, "evidence_name": {"Daftar SP2D", ""},
	}
}

// get fetches a page and fails unless it answers want.
func get(t *testing.T, c *webtest.Client, path string, want int) string {
	t.Helper()
	r := c.Get(path)
	if r.Status != want {
		t.Fatalf("GET %s: status %d, want %d%s", path, r.Status, want, excerpt(r))
	}
	return r.Body
}

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)

// revision reads the revision the forms of a page carry.
func revision(t *testing.T, body string) string {
	t.Helper()
	m := revisionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no revision field on the page")
	}
	return m[1]
}

func seeOther(t *testing.T, what string, r *webtest.Response) {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want 303%s", what, r.Status, excerpt(r))
	}
}

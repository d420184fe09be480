package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/loadtest"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// benchPeople is the size of the office the page benchmarks render.
const benchPeople = 500

// benchFixture is the organisation the benchmarks run on: a generated
// office of benchPeople on SQLite, or, when KINERJA_BENCH_DB names a
// database filled by `kinerja demo --generate` (the ministry of 80,000 on
// PostgreSQL, see scripts/bench.sh), that database; pages are then those of
// its first office.
func benchFixture(b *testing.B) *webtest.Fixture {
	if u := os.Getenv("KINERJA_BENCH_DB"); u != "" {
		return webtest.OpenGenerated(b, u)
	}
	return webtest.NewLarge(b, benchPeople)
}

// benchClient signs a generated person in and answers requests through the
// handler, without the network.
type benchClient struct {
	f      *webtest.Fixture
	h      http.Handler
	cookie *http.Cookie
	token  string // for the API, when asked for
}

func newBenchClient(b *testing.B, f *webtest.Fixture, who func(demo.GeneratedOffice) int64, api bool) *benchClient {
	id := who(f.Generated.Offices[0])
	c := f.Login(b, "gen"+strconv.FormatInt(id, 10))
	bc := &benchClient{f: f, h: f.Server.Config.Handler, cookie: &http.Cookie{Name: "kinerja_session", Value: c.Cookie("kinerja_session")}}
	if api {
		tok, _, err := f.Service.IssueToken(b.Context(), service.SystemActor(), "gen"+strconv.FormatInt(id, 10), "bench")
		if err != nil {
			b.Fatal(err)
		}
		bc.token = tok
	}
	return bc
}

func (c *benchClient) do(method, path string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.AddCookie(c.cookie)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec
}

// benchPage measures the server time of one page for one person of the
// organisation: the whole handler (session, menu with the inbox count,
// services, templates), without the network.
func benchPage(b *testing.B, who func(demo.GeneratedOffice) int64, path string) {
	benchGet(b, benchFixture(b), who, path, false)
}

func benchGet(b *testing.B, f *webtest.Fixture, who func(demo.GeneratedOffice) int64, path string, api bool) {
	c := newBenchClient(b, f, who, api)
	if rec := c.do(http.MethodGet, path, nil, ""); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	size := 0
	var took []time.Duration
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		size = c.do(http.MethodGet, path, nil, "").Body.Len()
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(size)/1024, "KiB/page")
	// CPU time is what the page costs when the machine is shared: wall
	// time also counts the waits for other processes.
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func headOf(o demo.GeneratedOffice) int64      { return o.Head }
func pengelolaOf(o demo.GeneratedOffice) int64 { return o.Pengelola }
func sectionLed(o demo.GeneratedOffice) int64  { return o.SectionLed }
func staffOf(o demo.GeneratedOffice) int64     { return o.Staff }

// The head's home page: the office dashboard (target < 100 ms).
func BenchmarkHeadDashboard(b *testing.B) { benchPage(b, headOf, "/") }

// The pengelola kinerja's console of the quarter.
func BenchmarkConsole(b *testing.B) { benchPage(b, pengelolaOf, "/console") }

// The head's team: the summary of the office by unit (the default), the
// heat maps of the largest division, and everyone on one page for printing.
func BenchmarkTeam(b *testing.B)     { benchPage(b, headOf, "/team") }
func BenchmarkTeamUnit(b *testing.B) { benchUnitPage(b, "/team?unit=") }
func BenchmarkTeamAll(b *testing.B)  { benchPage(b, headOf, "/team?unit=all") }

// benchUnitPage measures a per-unit page of the head for the largest unit
// directly below the office.
func benchUnitPage(b *testing.B, path string) {
	f := benchFixture(b)
	c := f.Chart(b)
	office := f.Generated.Offices[0].ID
	units, _ := officeUnits(c, office)
	best, most := int64(0), -1
	for _, u := range units {
		if c.Units[u].ParentID != office {
			continue
		}
		n := 0
		for _, v := range units {
			if c.InUnitTree(u, v) {
				n += len(c.UnitPositions(v))
			}
		}
		if n > most {
			best, most = u, n
		}
	}
	benchGet(b, f, headOf, path+strconv.FormatInt(best, 10), false)
}

// The pengelola kinerja's inbox.
func BenchmarkInbox(b *testing.B) { benchPage(b, pengelolaOf, "/inbox") }

// The cascade tree of the office: the PK with the summary by unit (the
// default), the branches of the largest division, and the whole tree from the
// PK down to every person, for printing.
func BenchmarkCascadeTree(b *testing.B)     { benchPage(b, headOf, "/cascade") }
func BenchmarkCascadeTreeUnit(b *testing.B) { benchUnitPage(b, "/cascade?unit=") }
func BenchmarkCascadeTreeAll(b *testing.B)  { benchPage(b, headOf, "/cascade?unit=all") }

// The K3 review: the office's own lines with the summary by unit (the
// default), the first page of the largest division, and every line on one
// page for printing.
func BenchmarkK3Review(b *testing.B)     { benchPage(b, pengelolaOf, "/k3") }
func BenchmarkK3ReviewUnit(b *testing.B) { benchUnitPage(b, "/k3?unit=") }
func BenchmarkK3ReviewAll(b *testing.B)  { benchPage(b, pengelolaOf, "/k3?unit=all") }

// The TPK session of the quarter: the proposals of everyone in the office.
func BenchmarkTPK(b *testing.B) { benchPage(b, pengelolaOf, "/tpk") }

// The NKO of every office (200 in the ministry), as cached (target < 300 ms).
func BenchmarkOverview(b *testing.B) { benchPage(b, pengelolaOf, "/overview?q=3") }

// The head's list of the office's plans (first page).
func BenchmarkHeadPlans(b *testing.B) { benchPage(b, headOf, "/plans") }

// A section head's home page, plan list and sheets to validate.
func BenchmarkSectionHeadHome(b *testing.B)  { benchPage(b, sectionLed, "/") }
func BenchmarkSectionHeadPlans(b *testing.B) { benchPage(b, sectionLed, "/plans") }
func BenchmarkSectionHeadRealisation(b *testing.B) {
	benchPage(b, sectionLed, "/realisation")
}

// A staff member's home page, plan list and inbox.
func BenchmarkStaffHome(b *testing.B)  { benchPage(b, staffOf, "/") }
func BenchmarkStaffPlans(b *testing.B) { benchPage(b, staffOf, "/plans") }
func BenchmarkStaffInbox(b *testing.B) { benchPage(b, staffOf, "/inbox") }

// staffSheet is the path of the staff member's Q4 sheet, in draft.
func staffSheet(b *testing.B, f *webtest.Fixture) string {
	plans, err := f.Service.PlansOf(b.Context(), service.SystemActor(), f.Generated.Year, f.Generated.Offices[0].Staff)
	if err != nil || len(plans) == 0 {
		b.Fatalf("plans of the staff member: %v", err)
	}
	return "/plans/" + strconv.FormatInt(plans[len(plans)-1].ID, 10) + "/quarters/4"
}

// A staff member's quarter sheet, as they open it to report.
func BenchmarkQuarterSheet(b *testing.B) {
	f := benchFixture(b)
	benchGet(b, f, staffOf, staffSheet(b, f), false)
}

// A staff member types a note and saves the sheet's form: validation, the
// write with its audit event; the sheet page shown again after the
// redirect is not counted. Reading the form back (to get the revision) is
// not timed.
func BenchmarkSaveRealisation(b *testing.B) {
	f := benchFixture(b)
	c := newBenchClient(b, f, staffOf, false)
	path := staffSheet(b, f)
	n := 0
	form := func() string {
		v, ok := loadtest.SheetForm(c.do(http.MethodGet, path, nil, "").Body.Bytes())
		if !ok {
			b.Fatalf("%s has no form to save", path)
		}
		n++
		if !loadtest.TypeNote(v, "catatan "+strconv.Itoa(n)) {
			b.Fatalf("%s has no note to type", path)
		}
		v.Set("action", "save")
		return v.Encode()
	}
	for b.Loop() {
		b.StopTimer()
		body := form()
		b.StartTimer()
		if rec := c.do(http.MethodPost, path, strings.NewReader(body), "application/x-www-form-urlencoded"); rec.Code != http.StatusSeeOther {
			b.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
	}
}

// The same through the API: the head's dashboard, the overview, one value saved.
func BenchmarkAPIHeadDashboard(b *testing.B) {
	benchGet(b, benchFixture(b), headOf, "/api/v1/dashboard/head", true)
}

func BenchmarkAPIOverview(b *testing.B) {
	benchGet(b, benchFixture(b), pengelolaOf, "/api/v1/overview?q=3", true)
}

func BenchmarkAPIQuarterSheet(b *testing.B) {
	f := benchFixture(b)
	benchGet(b, f, staffOf, "/api/v1"+staffSheet(b, f), true)
}

func BenchmarkAPISaveRealisation(b *testing.B) {
	f := benchFixture(b)
	c := newBenchClient(b, f, staffOf, true)
	sheet := "/api/v1" + staffSheet(b, f)
	var s struct {
		Revision int `json:"revision"`
		Lines    []struct {
			LineID    int64    `json:"line_id"`
			HasTarget bool     `json:"has_target"`
			Value     *float64 `json:"value"`
		} `json:"lines"`
	}
	read := func() {
		rec := c.do(http.MethodGet, sheet, nil, "")
		if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil || rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %v", sheet, rec.Code, err)
		}
	}
	read()
	line := -1
	for i, l := range s.Lines {
		if l.HasTarget {
			line = i
		}
	}
	if line < 0 {
		b.Fatal("no line takes a value in Q4")
	}
	put := strings.Replace(sheet, "/quarters/", "/lines/"+strconv.FormatInt(s.Lines[line].LineID, 10)+"/quarters/", 1)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		read()
		body, _ := json.Marshal(map[string]any{"revision": s.Revision, "value": 50 + i%50})
		b.StartTimer()
		if rec := c.do(http.MethodPut, put, bytes.NewReader(body), "application/json"); rec.Code != http.StatusOK {
			b.Fatalf("PUT %s: %d %s", put, rec.Code, rec.Body.String())
		}
	}
}

// Recompute every indicator's achievement, every office's NKO and every
// employee's NHK of a quarter for the whole organisation (target at 80,000
// people on PostgreSQL: < 5 s).
func BenchmarkRecomputeQuarter(b *testing.B) {
	f := benchFixture(b)
	people := 0
	for b.Loop() {
		_, st, err := f.Service.RecomputeQuarter(b.Context(), service.SystemActor(), f.Generated.Year, 3)
		if err != nil {
			b.Fatal(err)
		}
		people = st.People
	}
	b.ReportMetric(float64(people), "people")
}

// The overview when an office's figures changed since the last view (a
// realisation saved): that office is recomputed, the others come from the
// cache.
func BenchmarkOverviewAfterChange(b *testing.B) {
	f := benchFixture(b)
	c := newBenchClient(b, f, pengelolaOf, false)
	const path = "/overview?q=3"
	if rec := c.do(http.MethodGet, path, nil, ""); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, rec.Code)
	}
	office := f.Generated.Offices[0].ID
	for b.Loop() {
		b.StopTimer()
		if err := f.Store.FiguresChanged(b.Context(), office); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if rec := c.do(http.MethodGet, path, nil, ""); rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
}

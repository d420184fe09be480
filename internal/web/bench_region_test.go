package web_test

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// regionOffices is how many offices the Kanwil head's region holds in
// BenchmarkKanwilHome (KINERJA_BENCH_REGION_PEOPLE sets their size).
const regionOffices = 200

// BenchmarkKanwilHome measures the Kanwil head's home over a region of 200
// offices (target p95 < 100 ms): the demo's Kanwil with generated offices
// added below it, or, with KINERJA_BENCH_DB, the Kanwil of the generated
// ministry (`kinerja demo --generate --kanwil`, see scripts/bench.sh); the
// scores cached as after the server's warm-up.
func BenchmarkKanwilHome(b *testing.B) {
	if u := os.Getenv("KINERJA_BENCH_DB"); u != "" {
		f := webtest.OpenGenerated(b, u)
		c := f.Chart(b)
		var kanwil int64
		most := 0
		for id, u := range c.Units {
			if n := len(c.LowerOffices(id)); u.Kind != domain.UnitOffice && c.Working(id) && n > most {
				kanwil, most = id, n
			}
		}
		if kanwil == 0 {
			b.Fatal("no Kanwil above the offices: generate with --kanwil")
		}
		benchKanwilHome(b, f, c.Head(kanwil), len(c.LowerOffices(kanwil)))
		return
	}
	f := webtest.New(b, store.SQLite)
	ctx := b.Context()
	c := f.Chart(b)
	have := len(c.LowerOffices(f.Office.KanwilID))
	upper, err := demo.UpperOf(ctx, f.Service, f.Office)
	if err != nil {
		b.Fatal(err)
	}
	people := 5
	if n, err := strconv.Atoi(os.Getenv("KINERJA_BENCH_REGION_PEOPLE")); err == nil {
		people = n
	}
	if _, err := demo.Generate(ctx, f.Store, f.Service, demo.GenerateOptions{Offices: regionOffices - have, EmployeesPerOffice: people,
		Seed: 11, Region: f.Office.KanwilID, Year: f.Office.Year, Upper: upper}); err != nil {
		b.Fatal(err)
	}
	if n := len(f.Chart(b).LowerOffices(f.Office.KanwilID)); n != regionOffices {
		b.Fatalf("%d offices in the region", n)
	}
	benchKanwilHome(b, f, f.Office.KanwilHead, regionOffices)
}

// benchKanwilHome measures the home of a Kanwil's head over its offices.
func benchKanwilHome(b *testing.B, f *webtest.Fixture, head int64, offices int) {
	if _, err := f.Service.WarmOverview(b.Context()); err != nil {
		b.Fatal(err)
	}
	cl := newBenchClientFor(b, f, f.Username(b, head))
	if rec := cl.do(http.MethodGet, "/", nil, ""); rec.Code != http.StatusOK {
		b.Fatalf("GET /: %d", rec.Code)
	}
	var took []time.Duration
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		cl.do(http.MethodGet, "/", nil, "")
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(offices), "offices")
}

// newBenchClientFor signs in a named account.
func newBenchClientFor(b *testing.B, f *webtest.Fixture, username string) *benchClient {
	c := f.Login(b, username)
	return &benchClient{f: f, h: f.Server.Config.Handler, cookie: &http.Cookie{Name: "kinerja_session", Value: c.Cookie("kinerja_session")}}
}

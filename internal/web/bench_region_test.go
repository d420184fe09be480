package web_test

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// regionOffices is how many offices the Kanwil head's region holds in
// BenchmarkKanwilHome (KINERJA_BENCH_REGION_PEOPLE sets their size).
const regionOffices = 200

// BenchmarkKanwilHome measures the Kanwil head's home over a region of 200
// offices (target p95 < 100 ms): the demo's Kanwil with generated offices
// added below it, their scores cached as after the server's warm-up.
func BenchmarkKanwilHome(b *testing.B) {
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
	if _, err := f.Service.WarmOverview(ctx); err != nil {
		b.Fatal(err)
	}
	cl := newBenchClientFor(b, f, f.Username(b, f.Office.KanwilHead))
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
}

// newBenchClientFor signs in a named account.
func newBenchClientFor(b *testing.B, f *webtest.Fixture, username string) *benchClient {
	c := f.Login(b, username)
	return &benchClient{f: f, h: f.Server.Config.Handler, cookie: &http.Cookie{Name: "kinerja_session", Value: c.Cookie("kinerja_session")}}
}

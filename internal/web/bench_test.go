package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// benchPeople is the size of the office the page benchmarks render.
const benchPeople = 500

// benchPage measures the server time of one page for one person of a
// generated office: the whole handler (session, menu with the inbox count,
// services, templates), without the network.
func benchPage(b *testing.B, who func(demo.GeneratedOffice) int64, path string) {
	f := webtest.NewLarge(b, benchPeople)
	c := f.Login(b, "gen"+strconv.FormatInt(who(f.Generated.Offices[0]), 10))
	cookie := &http.Cookie{Name: "kinerja_session", Value: c.Cookie("kinerja_session")}
	h := f.Server.Config.Handler
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := get(); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, rec.Code)
	}
	size := 0
	cpu := cpuTime()
	for b.Loop() {
		size = get().Body.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/page")
	// CPU time is what the page costs when the machine is shared: wall
	// time also counts the waits for other processes.
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// The head's home page: the office dashboard of a 500-person office.
func BenchmarkHeadDashboard(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Head }, "/")
}

// The pengelola kinerja's console of the same office.
func BenchmarkConsole(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Pengelola }, "/console")
}

// The head's team heat map: everyone in the office, unit by unit.
func BenchmarkTeam(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Head }, "/team")
}

// The pengelola kinerja's inbox.
func BenchmarkInbox(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Pengelola }, "/inbox")
}

// A staff member's home page: own plan, deadlines, actions.
func BenchmarkStaffHome(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Staff }, "/")
}

// A staff member's plan list.
func BenchmarkStaffPlans(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Staff }, "/plans")
}

// A staff member's inbox.
func BenchmarkStaffInbox(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.Staff }, "/inbox")
}

// A section head's home page: own plan and the team's reporting.
func BenchmarkSectionHeadHome(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.SectionLed }, "/")
}

// A section head's plan list: own plan and the team's.
func BenchmarkSectionHeadPlans(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.SectionLed }, "/plans")
}

// A section head's list of the quarter's sheets to report and validate.
func BenchmarkSectionHeadRealisation(b *testing.B) {
	benchPage(b, func(o demo.GeneratedOffice) int64 { return o.SectionLed }, "/realisation")
}

// Package webtest starts the whole HTTP application (HTML pages and JSON API)
// over a real database filled with the demo office, for the tests of the web,
// API and browser layers.
//
// A package that uses it runs its tests through Main, which removes the
// seeded SQLite template when the tests end:
//
//	func TestMain(m *testing.M) { webtest.Main(m) }
package webtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web"
)

// Fixture is a running application over a freshly seeded database.
type Fixture struct {
	Engine  store.Engine
	Store   *store.Store
	Service *service.Service
	Office  *demo.Office
	Config  config.Config
	Server  *httptest.Server
	URL     string // the server's base URL, without a trailing slash

	// Units above the office: the kanwil (region) and the top organisation.
	RegionID, TopID int64

	// Generated is the organisation of NewLarge (nil for the demo office).
	Generated *demo.Generated
}

// Main runs the tests of m and then removes the seeded SQLite templates.
func Main(m *testing.M) {
	code := m.Run()
	tmplMu.Lock()
	for _, tp := range tmpls {
		if tp.dir != "" {
			os.RemoveAll(tp.dir)
		}
	}
	tmplMu.Unlock()
	large.mu.Lock()
	if large.dir != "" {
		os.RemoveAll(large.dir)
	}
	large.mu.Unlock()
	os.Exit(code)
}

// seeded is a SQLite database seeded once per test binary and clock; each
// SQLite fixture starts from a copy of it, so that seeding is paid once.
type seeded struct {
	once   sync.Once
	dir    string
	office *demo.Office
	err    error
}

var (
	tmplMu sync.Mutex
	tmpls  = map[int64]*seeded{} // by the instant the office was seeded at in Unix nanoseconds (0: the real clock)
)

// template returns the seeded database of a clock, seeding it on first use.
func template(now time.Time) *seeded {
	var key int64
	if !now.IsZero() {
		key = now.UnixNano()
	}
	tmplMu.Lock()
	tp := tmpls[key]
	if tp == nil {
		tp = &seeded{}
		tmpls[key] = tp
	}
	tmplMu.Unlock()
	tp.once.Do(func() { tp.seed(now) })
	return tp
}

func (tp *seeded) seed(now time.Time) {
	tp.dir, tp.err = os.MkdirTemp("", "kinerja-webtest-")
	if tp.err != nil {
		return
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "", filepath.Join(tp.dir, "kinerja.db"))
	if err != nil {
		tp.err = err
		return
	}
	defer st.Close() // closing the last connection folds the WAL into the file
	if tp.err = st.Migrate(ctx); tp.err != nil {
		return
	}
	blobs, err := blob.NewLocal(filepath.Join(tp.dir, "evidence"))
	if err != nil {
		tp.err = err
		return
	}
	tp.office, tp.err = demo.Seed(ctx, st, newService(st, testConfig(), slog.New(slog.DiscardHandler), now, blobs))
}

// large holds SQLite databases of generated offices by size, made once per
// test binary and copied for each fixture.
var large struct {
	mu   sync.Mutex
	dir  string
	made map[int]*demo.Generated
}

// NewLarge starts the application over a SQLite database holding one
// generated office of the given number of people (demo.Generate, seed 1),
// for benchmarks. Its accounts sign in as "gen<employee ID>" with the demo
// password; Generated names the people worth signing in as.
func NewLarge(t testing.TB, people int) *Fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(largeDir(t), fmt.Sprintf("office-%d.db", people))
	evidence := filepath.Join(largeDir(t), fmt.Sprintf("evidence-%d", people))
	large.mu.Lock()
	g, ok := large.made[people]
	if !ok {
		st, err := store.Open(ctx, "", path)
		if err == nil {
			if err = st.Migrate(ctx); err == nil {
				var blobs *blob.Local
				if blobs, err = blob.NewLocal(evidence); err == nil {
					g, err = demo.Generate(ctx, st, newService(st, testConfig(), slog.New(slog.DiscardHandler), time.Time{}, blobs),
						demo.GenerateOptions{Offices: 1, EmployeesPerOffice: people, Seed: 1})
				}
			}
			st.Close()
		}
		if err != nil {
			large.mu.Unlock()
			t.Fatalf("generate an office of %d: %v", people, err)
		}
		large.made[people] = g
	}
	large.mu.Unlock()
	_, copyPath := storetest.URL(t, store.SQLite)
	if err := copyFile(path, copyPath); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, "", copyPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &Fixture{Engine: store.SQLite, Store: st, Config: testConfig(), Generated: g}
	blobs, err := blob.NewLocal(filepath.Join(t.TempDir(), "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	f.Service = newService(st, f.Config, slog.New(slog.DiscardHandler), time.Time{}, blobs)
	f.serve(t, slog.New(slog.DiscardHandler))
	return f
}

func largeDir(t testing.TB) string {
	large.mu.Lock()
	defer large.mu.Unlock()
	if large.dir == "" {
		dir, err := os.MkdirTemp("", "kinerja-large-")
		if err != nil {
			t.Fatal(err)
		}
		large.dir, large.made = dir, map[int]*demo.Generated{}
	}
	return large.dir
}

// testConfig is the default configuration, validated.
func testConfig() config.Config {
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	return cfg
}

// newService returns the service of a fixture, keeping evidence files in
// blobs; its clock stands still at now unless now is zero.
func newService(st *store.Store, cfg config.Config, log *slog.Logger, now time.Time, blobs *blob.Local) *service.Service {
	opt := service.Options{Location: cfg.Location, Log: log, PasswordParams: &auth.TestParams, Blobs: blobs, StagingDir: blobs.TempDir(),
		MaxUpload: cfg.MaxUpload}
	if !now.IsZero() {
		opt.Now = func() time.Time { return now }
	}
	return service.New(st, opt)
}

// Today is the day the fixtures' clock stands at: the demo office then has
// Q1 and Q2 closed, Q3 in its reporting window with people at every step,
// and the first values of Q4 typed.
var Today = time.Date(2026, 10, 7, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// New starts the application over a database of the given engine holding the
// demo office, its clock standing still at Today. The server and database
// close when the test ends.
func New(t testing.TB, engine store.Engine) *Fixture {
	t.Helper()
	return NewAt(t, engine, Today)
}

// NewAt is New with the application's clock standing still at now, so that
// the demo office (which is laid out up to the day it is seeded) and the
// pages look the same whatever the day the tests run. The zero time keeps
// the real clock.
func NewAt(t testing.TB, engine store.Engine, now time.Time) *Fixture {
	t.Helper()
	return NewConfigured(t, engine, now, func(*config.Config) {})
}

// NewConfigured is NewAt with the configuration changed by edit before the
// application starts (e.g. a small upload limit).
func NewConfigured(t testing.TB, engine store.Engine, now time.Time, edit func(*config.Config)) *Fixture {
	t.Helper()
	ctx := context.Background()
	cfg := testConfig()
	edit(&cfg)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f := &Fixture{Engine: engine, Config: cfg}
	evidence := t.TempDir()
	switch engine {
	case store.SQLite:
		tmpl := template(now)
		if tmpl.err != nil {
			t.Fatalf("seed the demo office: %v", tmpl.err)
		}
		_, path := storetest.URL(t, store.SQLite)
		if err := copyFile(filepath.Join(tmpl.dir, "kinerja.db"), path); err != nil {
			t.Fatal(err)
		}
		// The evidence files of the seeded office come along.
		if err := os.CopyFS(evidence, os.DirFS(filepath.Join(tmpl.dir, "evidence"))); err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(ctx, "", path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f.Store, f.Office = st, tmpl.office
		f.Service = newService(st, cfg, log, now, blobs(t, evidence))
	default:
		f.Store = storetest.Open(t, engine)
		f.Service = newService(f.Store, cfg, log, now, blobs(t, evidence))
		off, err := demo.Seed(ctx, f.Store, f.Service)
		if err != nil {
			t.Fatalf("seed the demo office: %v", err)
		}
		f.Office = off
	}
	c, err := f.Service.Chart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.RegionID = c.Units[f.Office.OfficeID].ParentID
	f.TopID = c.Units[f.RegionID].ParentID
	f.serve(t, log)
	return f
}

// serve starts the HTTP application over the fixture's service.
func (f *Fixture) serve(t testing.TB, log *slog.Logger) {
	t.Helper()
	srv, err := web.New(f.Service, f.Config, log, web.Options{
		API:      api.New(f.Service, log, "test"),
		Metrics:  promhttp.HandlerFor(prometheus.NewRegistry(), promhttp.HandlerOpts{}),
		Sessions: f.Store.Sessions(),
		Ready:    f.Store.Ping,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.Server = httptest.NewServer(srv.Handler())
	t.Cleanup(f.Server.Close)
	f.URL = f.Server.URL
}

// blobs opens a fixture's evidence store in dir.
func blobs(t testing.TB, dir string) *blob.Local {
	t.Helper()
	l, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// testWriter sends the server's warnings and errors to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Username returns the login name of the demo account of an employee.
func (f *Fixture) Username(t testing.TB, employeeID int64) string {
	t.Helper()
	u, err := f.Store.GetUserByEmployee(context.Background(), employeeID)
	if err != nil {
		t.Fatalf("account of employee %d: %v", employeeID, err)
	}
	return u.Username
}

// Chart returns today's org chart.
func (f *Fixture) Chart(t testing.TB) *domain.Chart {
	t.Helper()
	c, err := f.Service.Chart(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Client is a browser-like HTTP client with its own cookie jar. It does not
// follow redirects, so that tests see them.
type Client struct {
	t    testing.TB
	base string
	HTTP *http.Client
	// Header is added to every request (e.g. Accept-Language, Sec-Fetch-Site).
	Header http.Header
}

// Client returns a new anonymous client.
func (f *Fixture) Client(t testing.TB) *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Client{t: t, base: f.URL, HTTP: hc, Header: http.Header{}}
}

// Login signs in with the demo password and fails the test unless it works.
func (f *Fixture) Login(t testing.TB, username string) *Client {
	t.Helper()
	c := f.Client(t)
	r := c.PostForm("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login as %s: status %d\n%s", username, r.Status, r.Body)
	}
	return c
}

// Response is what a request returned.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Location returns the redirect target.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Do sends a request and reads the whole answer.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read: %v", req.Method, req.URL, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// Get requests a path of the server.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.Do(req)
}

// PostForm posts a urlencoded form to a path of the server.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Cookie returns the value of a cookie the client holds for the server ("" if none).
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie puts a cookie in the client's jar.
func (c *Client) SetCookie(name, value string) {
	u, _ := url.Parse(c.base)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// OpenGenerated starts the application over an existing database filled by
// `kinerja demo --generate` (for benchmarks of a large organisation on
// PostgreSQL, which takes minutes to generate): nothing is seeded or
// removed. Generated describes its first office.
func OpenGenerated(t testing.TB, dbURL string) *Fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(filepath.Join(t.TempDir(), "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Engine: st.Engine(), Store: st, Config: testConfig()}
	f.Service = newService(st, f.Config, slog.New(slog.DiscardHandler), time.Time{}, blobs)
	c, err := f.Service.Chart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o := demo.GeneratedOffice{}
	for id, u := range c.Units {
		if u.Kind == domain.UnitOffice && (o.ID == 0 || id < o.ID) {
			o.ID = id
		}
	}
	if o.ID == 0 {
		t.Fatalf("%s holds no office", dbURL)
	}
	people := c.OfficeEmployees(o.ID)
	o.Head, o.People = c.Head(o.ID), len(people)
	for _, id := range people {
		if pos, ok := c.Primary(id); ok && pos.Kind == domain.PosPengawas && o.SectionLed == 0 {
			o.SectionLed = id
		}
		if u, err := st.GetUserByEmployee(ctx, id); err == nil && u.Role == domain.RolePengelola && o.Pengelola == 0 {
			o.Pengelola = id
		}
	}
	if subs := c.Subordinates(o.SectionLed); len(subs) > 0 {
		o.Staff = subs[len(subs)-1]
	}
	y, err := st.ListYears(ctx)
	if err != nil || len(y) == 0 {
		t.Fatalf("%s holds no year: %v", dbURL, err)
	}
	f.Generated = &demo.Generated{Year: y[0].Year, Offices: []demo.GeneratedOffice{o}}
	f.serve(t, slog.New(slog.DiscardHandler))
	return f
}

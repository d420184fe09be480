package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// env is the application over the demo office (webtest), with a bearer
// token per person of the story. Each test case plans a year of its own
// after the demo's, so that cases share one seeded database.
type env struct {
	t     *testing.T
	url   string // the API's base URL
	svc   *service.Service
	off   *demo.Office
	year  int
	years *int // the last year handed out

	head, pengelola, admin, pemeriksa    string // tokens
	kanwilHead                           string // the Kepala Kanwil, second party of the office's PK
	kanwilPengelola                      string // the Kanwil's pengelola kinerja
	kasiBank, kasiPD, staffBank, staffPD string
	moved, kasubbagUmum                  string // the clerk moved from Bank to PD on 1 July; the Kepala Subbagian Umum
}

func newEnv(t *testing.T, engine store.Engine) *env {
	t.Helper()
	f := webtest.New(t, engine)
	last := f.Office.Year
	e := &env{t: t, url: f.URL + api.Prefix, svc: f.Service, off: f.Office, year: f.Office.Year, years: &last}
	token := func(username string) string {
		tok, _, err := f.Service.IssueToken(context.Background(), service.SystemActor(), username, "test")
		if err != nil {
			t.Fatalf("token for %s: %v", username, err)
		}
		return tok
	}
	of := func(emp int64) string { return token(f.Username(t, emp)) }
	off := f.Office
	e.head, e.pengelola, e.kanwilHead = of(off.Head), of(off.Pengelola), of(off.KanwilHead)
	e.kanwilPengelola = of(off.KanwilPengelola)
	e.admin, e.pemeriksa = token("admin"), token("pemeriksa")
	e.kasiBank, e.kasiPD = of(off.SectionLed["BANK"]), of(off.SectionLed["PD"])
	e.staffBank, e.staffPD = of(off.Staff["BANK"][0]), of(off.Staff["PD"][0])
	e.moved, e.kasubbagUmum = of(off.Moved), of(off.SectionLed["UMUM"])
	return e
}

// serve starts the API alone over a service.
func serve(t *testing.T, svc *service.Service) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(api.New(svc, slog.New(slog.DiscardHandler), "test"))
	t.Cleanup(srv.Close)
	return srv
}

// sub is the env for one test case, with a fresh performance year.
func (e *env) sub(t *testing.T) *env {
	t.Helper()
	*e.years++
	c := *e
	c.t, c.year = t, *e.years
	if _, err := e.svc.CreateYear(context.Background(), service.SystemActor(), c.year, ""); err != nil {
		t.Fatal(err)
	}
	return &c
}

// call sends a request and checks the status; the answer is decoded into out
// when out is not nil.
func (e *env) call(token, method, path string, body any, want int, out any) []byte {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.StatusCode != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode: %v: %s", method, path, err, b)
		}
	}
	return b
}

// where lists where a 422 points.
func where(p problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location)
	}
	return out
}

// pointsAt reports whether a 422 points at loc.
func pointsAt(p problem, loc string) bool {
	for _, e := range p.Errors {
		if e.Location == loc {
			return true
		}
	}
	return false
}

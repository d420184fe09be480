package loadtest_test

import (
	"context"
	"net/url"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/loadtest"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m) }

// A short run against the demo office: every client signs in, finds a sheet
// it may save, browses and saves without an error, and the figures add up.
func TestRun(t *testing.T) {
	f := webtest.New(t, store.SQLite)
	var accounts []string
	for _, a := range f.Office.Accounts[:3] { // head, section head, staff
		accounts = append(accounts, a.Username)
	}
	// Long enough for every user to reach a save even under the race
	// detector, where the first render of each page (its templates are
	// parsed on first use) takes about a second.
	res, err := loadtest.Run(context.Background(), loadtest.Options{BaseURL: f.URL, Users: 3, Duration: 8 * time.Second,
		Accounts: accounts, Password: demo.Password, SaveEvery: 2, ServerPID: os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Trivial.Count == 0 || res.Trivial.Errors != 0 || res.Total.Count == 0 || res.Total.Errors != 0 {
		t.Fatalf("trivial %+v, total %+v", res.Trivial, res.Total)
	}
	kinds := map[string]loadtest.Stat{}
	sum := 0
	for _, p := range res.Pages {
		kinds[p.Name] = p
		sum += p.Count
		if p.P50 > p.P99 || p.P99 > p.Max {
			t.Errorf("%s: percentiles out of order: %+v", p.Name, p)
		}
	}
	if sum != res.Total.Count || kinds["save realisation"].Count == 0 || kinds["home"].Count == 0 {
		t.Errorf("pages %+v, total %d", res.Pages, res.Total.Count)
	}
	if res.Ratio <= 0 || res.Ratio > 1 {
		t.Errorf("ratio to the trivial handler %v", res.Ratio)
	}
	// The server runs in this process: both times are this process's, and
	// every save's untimed read of its sheet counts as a request.
	if runtime.GOOS == "linux" {
		u := res.UserCPU
		// (read one after the other: a tick or two apart at most)
		if u.Server <= 0 || (u.Client-u.Server).Abs() > 100*time.Millisecond || u.Requests != res.Total.Count+kinds["save realisation"].Count {
			t.Errorf("user phase usage %+v (total %d, saves %d)", u, res.Total.Count, kinds["save realisation"].Count)
		}
		if res.TrivialCPU.Server <= 0 || res.TrivialCPU.Requests != res.Trivial.Count {
			t.Errorf("trivial phase usage %+v", res.TrivialCPU)
		}
	}
	// A wrong password stops the run before it starts.
	if _, err := loadtest.Run(context.Background(), loadtest.Options{BaseURL: f.URL, Users: 1, Duration: time.Second,
		Accounts: accounts[:1], Password: "wrong"}); err == nil {
		t.Error("a run with a wrong password started")
	}
}

// SheetForm reads what a browser would send from a sheet page.
func TestSheetForm(t *testing.T) {
	page := `<form id="sheet-form" method="post" action="/plans/3/quarters/4">
      <input type="hidden" name="revision" value="7">
	<input id="f-value_11" name="value_11" form="sheet-form" type="text" value="12,5" data-role="value">
	<textarea id="f-note_11" name="note_11" form="sheet-form" rows="2">a &amp; b</textarea>
	<input name="raw_11_name" form="sheet-form" value="pembilang"><input name="raw_11_value" form="sheet-form" value="5">
	<input name="raw_11_name" form="sheet-form" value="penyebut"><input name="raw_11_value" form="sheet-form" value="40">
	<input type="checkbox" name="check_11" value="1" form="verify-form">`
	v, ok := loadtest.SheetForm([]byte(page))
	if !ok {
		t.Fatal("no form found")
	}
	if v.Get("revision") != "7" || v.Get("value_11") != "12,5" || v.Get("note_11") != "a & b" || v.Has("check_11") ||
		len(v["raw_11_name"]) != 2 || v["raw_11_value"][1] != "40" {
		t.Errorf("form = %v", v)
	}
	if !loadtest.TypeNote(v, "baru") || v.Get("note_11") != "baru" || len(v["note_11"]) != 1 {
		t.Errorf("the note typed: %v", v["note_11"])
	}
	if loadtest.TypeNote(url.Values{"value_11": {"1"}}, "baru") {
		t.Error("a note typed into a form without one")
	}
	if _, ok := loadtest.SheetForm([]byte(`<p>frozen</p>`)); ok {
		t.Error("a page without the form gave one")
	}
}

// The processor times come from a /proc/PID/stat line whose command name
// may hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	line := "4242 (kin (erja) x) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 9 0 100 0 0\n"
	if d, err := loadtest.ParseStat([]byte(line)); d != 3250*time.Millisecond || err != nil {
		t.Errorf("parsed %v (%v), want 3.25s", d, err)
	}
	for _, bad := range []string{"", "4242 (kinerja) S 1 2", "4242 (kinerja) S 1 4242 4242 0 -1 4194560 500 0 0 0 x 75 0"} {
		if _, err := loadtest.ParseStat([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

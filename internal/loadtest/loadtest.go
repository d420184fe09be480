// Package loadtest drives a running Kinerja server the way its users do —
// signed-in people opening their home page and inbox, reading a quarter
// sheet and saving realisations — from many concurrent clients, and reports
// throughput and latency percentiles beside those of a trivial handler of
// the same server measured in the same run, so the figures can be compared
// across machines and noisy neighbours.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Options configure a run.
type Options struct {
	BaseURL   string
	Users     int           // concurrent clients
	Duration  time.Duration // of each phase
	Accounts  []string      // user names to sign in as (clients share them round-robin)
	Password  string
	SaveEvery int // every n-th step of a client is a save (0: never)
	// ServerPID, when set on Linux, is the server's process: its processor
	// time is read around each phase.
	ServerPID int
}

// Stat summarises the requests of one kind.
type Stat struct {
	Name     string
	Count    int
	Errors   int
	PerSec   float64
	P50, P95 time.Duration
	P99, Max time.Duration
}

// Result is the outcome of a run.
type Result struct {
	Users    int
	Duration time.Duration
	Trivial  Stat   // GET /healthz at the same concurrency
	Pages    []Stat // per kind of request of the user scenario
	Total    Stat   // all requests of the user scenario
	Ratio    float64
	// Processor time of each phase, zero when it could not be read: the
	// server's (with Options.ServerPID) and the load generator's own. A
	// run's ratio is bounded by the generator's share of the machine.
	TrivialCPU, UserCPU Usage
}

// Usage is the processor time a phase took.
type Usage struct {
	Server, Client time.Duration
	Requests       int // requests the server answered, untimed reads before saves included
}

// ServerPerRequest is the server's processor time per request.
func (u Usage) ServerPerRequest() time.Duration {
	if u.Requests == 0 {
		return 0
	}
	return u.Server / time.Duration(u.Requests)
}

// client is one signed-in browser-like client.
type client struct {
	http  *http.Client
	base  string
	sheet string // path of a quarter sheet the account may edit
	saves int
}

type sample struct {
	kind  string
	d     time.Duration
	err   bool
	reads int // untimed requests made before this one
}

// Run signs the clients in, measures the trivial handler, then the user
// scenario, each for opt.Duration.
func Run(ctx context.Context, opt Options) (Result, error) {
	if opt.Users <= 0 || len(opt.Accounts) == 0 {
		return Result{}, errors.New("loadtest: need users and accounts")
	}
	base := strings.TrimRight(opt.BaseURL, "/")
	tr := &http.Transport{MaxIdleConns: opt.Users * 2, MaxIdleConnsPerHost: opt.Users * 2, IdleConnTimeout: time.Minute}
	// Each client has its own session, even when several share an account.
	clients := make([]*client, opt.Users)
	for i := range clients {
		// With more accounts than users, an evenly spaced sample: an
		// office's mix of heads, section heads and staff.
		acc := opt.Accounts[i%len(opt.Accounts)]
		if len(opt.Accounts) > opt.Users {
			acc = opt.Accounts[i*len(opt.Accounts)/opt.Users]
		}
		c, err := signIn(tr, base, acc, opt.Password)
		if err != nil {
			return Result{}, fmt.Errorf("loadtest: sign in %s: %w", acc, err)
		}
		clients[i] = c
	}
	res := Result{Users: opt.Users, Duration: opt.Duration}
	before := readUsage(opt.ServerPID)
	trivial := phase(ctx, clients, opt.Duration, func(c *client, step int) sample {
		return c.get("healthz", "/healthz")
	})
	res.Trivial = summarise("GET /healthz", trivial, opt.Duration)
	mid := readUsage(opt.ServerPID)
	res.TrivialCPU = mid.since(before, trivial)
	samples := phase(ctx, clients, opt.Duration, func(c *client, step int) sample {
		switch {
		case opt.SaveEvery > 0 && c.sheet != "" && step%opt.SaveEvery == opt.SaveEvery-1:
			return c.save()
		case step%4 == 0:
			return c.get("home", "/")
		case step%4 == 1:
			return c.get("inbox", "/inbox")
		case step%4 == 2 && c.sheet != "":
			return c.get("quarter sheet", c.sheet)
		default:
			return c.get("plans", "/plans")
		}
	})
	res.UserCPU = readUsage(opt.ServerPID).since(mid, samples)
	byKind := map[string][]sample{}
	for _, s := range samples {
		byKind[s.kind] = append(byKind[s.kind], s)
	}
	for kind, list := range byKind {
		res.Pages = append(res.Pages, summarise(kind, list, opt.Duration))
	}
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].Name < res.Pages[j].Name })
	res.Total = summarise("all user requests", samples, opt.Duration)
	if res.Trivial.PerSec > 0 {
		res.Ratio = res.Total.PerSec / res.Trivial.PerSec
	}
	return res, nil
}

// phase runs fn on every client concurrently until d has passed.
func phase(ctx context.Context, clients []*client, d time.Duration, fn func(c *client, step int) sample) []sample {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var all []sample
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			for step := 0; ctx.Err() == nil; step++ {
				mine = append(mine, fn(c, step))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

func summarise(name string, list []sample, d time.Duration) Stat {
	st := Stat{Name: name, Count: len(list)}
	if len(list) == 0 {
		return st
	}
	ds := make([]time.Duration, len(list))
	for i, s := range list {
		ds[i] = s.d
		if s.err {
			st.Errors++
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	st.P50, st.P95, st.P99, st.Max = pct(0.50), pct(0.95), pct(0.99), ds[len(ds)-1]
	st.PerSec = float64(len(list)) / d.Seconds()
	return st
}

func (c *client) get(kind, path string) sample {
	start := time.Now()
	resp, err := c.http.Get(c.base + path)
	s := sample{kind: kind, d: time.Since(start), err: err != nil}
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		s.d = time.Since(start)
		s.err = resp.StatusCode >= 400
	}
	return s
}

func (c *client) post(kind, path string, form url.Values) sample {
	start := time.Now()
	resp, err := c.http.PostForm(c.base+path, form)
	s := sample{kind: kind, d: time.Since(start), err: err != nil}
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		s.d = time.Since(start)
		// A conflict is a correct answer when several clients save one sheet.
		s.err = resp.StatusCode >= 400 && resp.StatusCode != http.StatusConflict
	}
	return s
}

var sheetLink = regexp.MustCompile(`href="(/plans/\d+/quarters/\d)"`)

// signIn logs an account in and finds a sheet it can edit.
func signIn(tr http.RoundTripper, base, user, password string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(base+"/login", url.Values{"username": {user}, "password": {password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login answered %d", resp.StatusCode)
	}
	c := &client{http: hc, base: base}
	page, err := c.read("/realisation")
	if err != nil {
		return nil, err
	}
	for _, m := range sheetLink.FindAllSubmatch(page, 8) {
		// A sheet that does not open (its plan is not approved) is skipped.
		if b, err := c.read(string(m[1])); err == nil {
			if _, ok := SheetForm(b); !ok {
				continue
			}
			c.sheet = string(m[1])
			break
		}
	}
	return c, nil
}

func (c *client) read(path string) ([]byte, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}

// save opens the client's sheet, as a person does before saving, types a
// note and sends the form back; only the save is timed. A form sent back
// unchanged writes nothing, so the note makes every save a write.
func (c *client) save() sample {
	page, err := c.read(c.sheet)
	form, ok := SheetForm(page)
	if err != nil || !ok {
		return sample{kind: "save realisation", err: true}
	}
	c.saves++
	TypeNote(form, fmt.Sprintf("Diperbarui pada pengisian ke-%d", c.saves))
	form.Set("action", "save")
	s := c.post("save realisation", c.sheet, form)
	s.reads = 1
	return s
}

var (
	sheetFormTag = regexp.MustCompile(`<form id="sheet-form"[^>]*>(?:\s*<input type="hidden" name="revision" value="(\d+)">)?`)
	formInput    = regexp.MustCompile(`<input [^>]*form="sheet-form"[^>]*>`)
	formTextarea = regexp.MustCompile(`<textarea [^>]*name="([^"]+)"[^>]*form="sheet-form"[^>]*>([^<]*)</textarea>`)
	attrName     = regexp.MustCompile(` name="([^"]*)"`)
	attrValue    = regexp.MustCompile(` value="([^"]*)"`)
)

// TypeNote writes text into the form's first note (by field name), as a
// person does before saving; false when the form has no note.
func TypeNote(form url.Values, text string) bool {
	first := ""
	for k := range form {
		if strings.HasPrefix(k, "note_") && (first == "" || k < first) {
			first = k
		}
	}
	if first == "" {
		return false
	}
	form.Set(first, text)
	return true
}

// SheetForm reads the values of a quarter sheet's form from its page, as a
// browser would send them; false when the page has no form to save (the
// sheet is not the viewer's, or is frozen).
func SheetForm(page []byte) (url.Values, bool) {
	m := sheetFormTag.FindSubmatch(page)
	if m == nil {
		return nil, false
	}
	// The revision is the form's first field, or a field bound to it.
	form := url.Values{}
	if len(m[1]) > 0 {
		form.Set("revision", string(m[1]))
	}
	for _, tag := range formInput.FindAll(page, -1) {
		name := attrName.FindSubmatch(tag)
		if name == nil {
			continue
		}
		value := ""
		if v := attrValue.FindSubmatch(tag); v != nil {
			value = html.UnescapeString(string(v[1]))
		}
		form.Add(html.UnescapeString(string(name[1])), value)
	}
	for _, t := range formTextarea.FindAllSubmatch(page, -1) {
		form.Add(html.UnescapeString(string(t[1])), html.UnescapeString(string(t[2])))
	}
	return form, form.Get("revision") != ""
}

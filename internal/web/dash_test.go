package web_test

import (
	"context"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

var svgElement = regexp.MustCompile(`(?s)<svg\b.*?</svg>`)

// checkSVGs parses every inline SVG of a page as XML and wants a non-empty
// <title> in each; it returns how many there are.
func checkSVGs(t *testing.T, what, page string) int {
	t.Helper()
	svgs := svgElement.FindAllString(page, -1)
	for i, s := range svgs {
		dec := xml.NewDecoder(strings.NewReader(s))
		title, inTitle := "", false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: SVG %d is not well-formed XML: %v", what, i, err)
				break
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				inTitle = tok.Name.Local == "title"
			case xml.CharData:
				if inTitle && title == "" {
					title = strings.TrimSpace(string(tok))
				}
			case xml.EndElement:
				inTitle = false
			}
		}
		if title == "" {
			t.Errorf("%s: SVG %d has no title", what, i)
		}
	}
	return len(svgs)
}

// The dashboards draw their charts as well-formed SVG with a title, and
// every chart that is not a sparkline comes with its data table, in both
// languages.
func TestDashboardCharts(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	type page struct {
		path string
		min  int
	}
	for _, tc := range []struct {
		role  string
		pages []page
	}{
		// gauge, trend, perspectives, map and a sparkline per IKU; a heat map per section (all units at once)
		{head, []page{{"/", 18}, {"/team?unit=all", 5}}},
		{secHead, []page{{"/", 2}}}, // the team's heat map and a sparkline per line
		{staff, []page{{"/", 3}}},   // a sparkline per line
		{pengelola, []page{{"/dashboard", 18}}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			t.Parallel()
			c := f.Login(t, username(f.Office, tc.role))
			// The language is stored on the account, so one account's
			// languages are checked one after the other, never in parallel.
			for _, lang := range []string{"id", "en"} {
				c.PostForm("/lang", url.Values{"lang": {lang}})
				for _, p := range tc.pages {
					r := c.Get(p.path)
					if r.Status != http.StatusOK {
						t.Fatalf("%s %s: status %d%s", lang, p.path, r.Status, excerpt(r))
					}
					checkPage(t, p.path, lang, r.Body)
					if n := checkSVGs(t, p.path, r.Body); n < p.min {
						t.Errorf("%s %s: %d charts, want at least %d", lang, p.path, n, p.min)
					}
					tables := strings.Count(r.Body, `<details class="dh-data">`)
					figures := strings.Count(r.Body, `<figure class="dh-figure`)
					heat := strings.Count(r.Body, `table class="dh-table dh-team"`)
					if tables+heat < figures {
						t.Errorf("%s %s: %d figures, %d data tables, %d team tables", lang, p.path, figures, tables, heat)
					}
				}
			}
		})
	}
}

// A year without data explains what to do next instead of showing zeros.
func TestDashboardEmptyYear(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	next := f.Office.Year + 1
	if _, err := f.Service.CreateYear(context.Background(), service.SystemActor(), next, ""); err != nil {
		t.Fatal(err)
	}
	q := "?year=" + strconv.Itoa(next)
	body := f.Login(t, username(f.Office, pengelola)).Get("/dashboard" + q).Body
	if !strings.Contains(body, html.EscapeString(i18n.Translate("id", "dashui.no_map", nil))) || !strings.Contains(body, `href="/strategy`) {
		t.Error("the dashboard of an empty year does not point to the strategy map")
	}
	if strings.Contains(body, "dh-lines") {
		t.Error("the dashboard of an empty year shows an IKU table")
	}
	body = f.Login(t, username(f.Office, staff)).Get("/" + q).Body
	if !strings.Contains(body, html.EscapeString(i18n.Translate("id", "dashui.no_plan_text", nil))) {
		t.Error("the home of an empty year does not tell the employee to draw up an SKP")
	}
	body = f.Login(t, username(f.Office, head)).Get("/" + q).Body
	if !strings.Contains(body, html.EscapeString(i18n.Translate("id", "dashui.no_map", nil))) {
		t.Error("the head's home of an empty year does not point to the strategy map")
	}
}

// Reminders go out from the console and say how many people were reminded;
// the digest setting is kept on the account.
func TestConsoleRemindAndDigestSetting(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, pengelola))
	r := c.PostForm("/console/remind", url.Values{"year": {strconv.Itoa(f.Office.Year)}, "q": {"3"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/console?") {
		t.Fatalf("remind: %d → %q", r.Status, r.Location())
	}
	page := c.Get(r.Location())
	if !strings.Contains(page.Body, `class="flash flash-ok"`) {
		t.Error("no confirmation after sending reminders")
	}
	if r := c.PostForm("/account/digest", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("digest off: %d", r.Status)
	}
	u, err := f.Store.GetUserByUsername(context.Background(), username(f.Office, pengelola))
	if err != nil || u.EmailDigest {
		t.Errorf("the digest is still on (%v)", err)
	}
	if !strings.Contains(c.Get("/account").Body, `name="email_digest" value="1">`) {
		t.Error("the account page shows the digest checked after opting out")
	}
	c.PostForm("/account/digest", url.Values{"email_digest": {"1"}})
	if !strings.Contains(c.Get("/account").Body, `name="email_digest" value="1" checked>`) {
		t.Error("the account page does not show the digest on")
	}
}

var hrefAttr = regexp.MustCompile(`href="(/[^"#]*)"`)

// Every link on the dashboards opens for the person who sees it.
func TestDashboardLinksOpen(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	for _, tc := range []struct {
		role  string
		pages []string
	}{
		{head, []string{"/", "/team", "/inbox"}},
		{secHead, []string{"/", "/team", "/inbox"}},
		{staff, []string{"/", "/inbox"}},
		{pengelola, []string{"/", "/console", "/dashboard", "/inbox"}},
		{pemeriksa, []string{"/", "/dashboard", "/console"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			t.Parallel()
			c := f.Login(t, username(f.Office, tc.role))
			seen := map[string]bool{}
			for _, page := range tc.pages {
				r := c.Get(page)
				main := r.Body[strings.Index(r.Body, `<main`):]
				for _, m := range hrefAttr.FindAllStringSubmatch(main, -1) {
					href := html.UnescapeString(m[1])
					if seen[href] {
						continue
					}
					seen[href] = true
					if status := c.Get(href).Status; status != http.StatusOK {
						t.Errorf("%s (on %s): %d", href, page, status)
					}
				}
			}
			if len(seen) < 3 {
				t.Errorf("only %d links on the dashboards", len(seen))
			}
		})
	}
}

package browsertest_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m) }

// The head of office logs in and sees their home page: greeted by name,
// with the menu of a signed-in employee.
func TestHeadLogsIn(t *testing.T) {
	b := browsertest.Start(t)
	acc := b.Office.Accounts[0]
	ctx := b.Tab(t)
	console := browsertest.Console(t, ctx)
	b.Login(t, ctx, acc.Username, "/")

	if loc := b.Location(t, ctx); loc != b.URL+"/" {
		t.Errorf("after login the browser shows %s, want the home page", loc)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(title, "Beranda") {
		t.Errorf("title %q, want the Indonesian home page", title)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h1, acc.Name) {
		t.Errorf("heading %q does not greet %s", h1, acc.Name)
	}
	me, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".usermenu .me")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(me, acc.Name) {
		t.Errorf("the user menu shows %q", me)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('#mainnav a')).map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/", "/plans", "/realisation", "/reports", "/scores"} {
		if !slices.Contains(links, want) {
			t.Errorf("menu links %v lack %s", links, want)
		}
	}
	current, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.querySelector('#mainnav a[aria-current="page"]').getAttribute('href')`))
	if err != nil || current != "/" {
		t.Errorf("the current page in the menu is %q (%v)", current, err)
	}
	// The head sees the office dashboard with the five section heads' work in it.
	units, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.dh-units tbody tr').length`))
	if err != nil || units != len(b.Office.Sections)+1 {
		t.Errorf("the reporting table has %d units (%v), want the office and its %d sections", units, err, len(b.Office.Sections))
	}
	b.Screenshot(t, ctx, "home-head")

	// The stylesheet and script load under the CSP: nothing was refused.
	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`getComputedStyle(document.querySelector('.topbar')).display !== '' && document.styleSheets.length > 0`))
	if err != nil || !styled {
		t.Errorf("the stylesheet did not load (%v)", err)
	}
}

// A crafted login link cannot send the browser to another site after login.
func TestLoginLinkStaysOnSite(t *testing.T) {
	b := browsertest.Start(t)
	for _, next := range []string{"//evil.example/", "/\t/evil.example/", "/\\evil.example/", "https://evil.example/"} {
		ctx := b.Tab(t)
		b.Login(t, ctx, b.Office.Accounts[2].Username, next)
		loc := b.Location(t, ctx)
		u, err := url.Parse(loc)
		if err != nil || "http://"+u.Host != b.URL {
			t.Errorf("next=%q led the browser to %s", next, loc)
		}
	}
}

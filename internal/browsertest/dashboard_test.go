package browsertest_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
)

// screenshotDir is where the screenshots go: KINERJA_SCREENSHOT_DIR when
// set, else docs/screenshots of the checkout (ignored by git; CI keeps it as
// an artifact).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("KINERJA_SCREENSHOT_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "docs", "screenshots")
}

// The head of office signs in and finds the office dashboard on the home
// page: the NKO gauge, the trend, the perspectives, the strategy map and the
// IKU table with a sparkline per IKU, each chart titled and with its data
// table, drawn within the content security policy; a projection explains
// itself when opened, and the page reads the same in English.
func TestHeadDashboard(t *testing.T) {
	b := browsertest.Start(t)
	ctx := b.Tab(t)
	console := browsertest.Console(t, ctx)
	b.Login(t, ctx, b.Office.Accounts[0].Username, "/")

	for _, sel := range []string{"#dh-gauge-t", "#dh-trend-t", "#dh-persp-t", "#dh-map-t"} {
		title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+sel+`') || {}).textContent || ''`))
		if err != nil || strings.TrimSpace(title) == "" {
			t.Errorf("chart %s has no title (%v)", sel, err)
		}
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.dh-lines > tbody > tr').length`))
	if err != nil || rows < 12 {
		t.Errorf("the IKU table has %d rows (%v)", rows, err)
	}
	sparks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.dh-lines td.dh-sparkcell svg title').length`))
	if err != nil || sparks != rows {
		t.Errorf("%d sparklines with a title for %d IKUs (%v)", sparks, rows, err)
	}
	tables, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('figure.dh-figure details.dh-data table').length`))
	if err != nil || tables < 4 {
		t.Errorf("%d charts have a data table (%v)", tables, err)
	}
	// A projection opens to show how it was made.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("table.dh-lines details.dh-proj summary"))); err != nil {
		t.Fatalf("open a projection: %v", err)
	}
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('table.dh-lines details.dh-proj[open] .dh-steps').innerText`))
	if err != nil || strings.TrimSpace(steps) == "" {
		t.Errorf("the opened projection explains nothing (%v)", err)
	}
	// The page is wide enough for nothing to overflow the window sideways.
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || wide {
		t.Errorf("the dashboard scrolls sideways (%v)", err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(png) < 20_000 {
		t.Errorf("the dashboard's screenshot has only %d bytes", len(png))
	}
	dir := screenshotDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "head-dashboard.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}

	// In English the headings and the quarter names change with the language.
	if err := chromedp.Do(ctx, chromedp.Navigate(b.URL+"/login?next="+url.QueryEscape("/"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.langswitch button[value="en"]`))); err != nil {
		t.Fatalf("switch to English: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(b.URL+"/")); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".dh-nko h2")))
	if err != nil || !strings.HasPrefix(heading, "Organisation score, Q") {
		t.Errorf("English NKO heading %q (%v)", heading, err)
	}
	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}
}

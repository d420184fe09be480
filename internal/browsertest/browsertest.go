// Package browsertest drives the application in headless Chromium through
// chromedp, for tests of what a person sees and does. The tests run only when
// KINERJA_TEST_BROWSER=1; they need Debian's chromium at /usr/bin/chromium
// (or the program named by KINERJA_TEST_CHROMIUM).
//
// A test starts a seeded server and a browser, then opens a tab signed in as
// a demo account:
//
//	b := browsertest.Start(t)
//	ctx := b.LoggedIn(t, b.Office.Accounts[0].Username)
//	title, err := chromedp.Run(ctx, chromedp.Title())
//
// A package with browser tests runs them through webtest.Main (see webtest).
package browsertest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// DefaultChromium is where Debian installs Chromium.
const DefaultChromium = "/usr/bin/chromium"

// Timeout bounds what one tab may take in a test.
const Timeout = 60 * time.Second

// Enabled reports whether browser tests are switched on.
func Enabled() bool { return os.Getenv("KINERJA_TEST_BROWSER") == "1" }

// Browser is a headless Chromium and the seeded server it tests.
type Browser struct {
	*webtest.Fixture
	ctx context.Context // the browser; tabs are made from it
}

// Start skips the test unless browser tests are enabled; otherwise it starts
// a server over a fresh copy of the demo office and a headless Chromium with
// a fresh profile. Both stop when the test ends.
func Start(t *testing.T) *Browser {
	t.Helper()
	return StartAt(t, webtest.Today)
}

// StartAt is Start with the server's clock standing still at now (see
// webtest.NewAt); the zero time keeps the real clock.
func StartAt(t *testing.T, now time.Time) *Browser {
	t.Helper()
	if !Enabled() {
		t.Skip("browser tests run with KINERJA_TEST_BROWSER=1 (they need chromium: apt-get install -y chromium)")
	}
	exe := os.Getenv("KINERJA_TEST_CHROMIUM")
	if exe == "" {
		exe = DefaultChromium
	}
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("KINERJA_TEST_BROWSER=1 but there is no browser at %s (apt-get install -y chromium): %v", exe, err)
	}
	f := webtest.NewAt(t, store.SQLite, now)

	profile, err := os.MkdirTemp("", "kinerja-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		removeProfile(profile)
	})
	// The first action starts the browser; it gets no timeout, which would end the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return &Browser{Fixture: f, ctx: ctx}
}

// removeProfile deletes the profile directory; Chromium's helper processes
// may still write in it for a moment after the browser stops.
func removeProfile(dir string) {
	for range 50 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Tab opens a new tab with its own cookies (a separate browser context), so
// that tabs signed in as different people do not share a session. The tab
// closes when the test ends, and its actions fail after Timeout.
func (b *Browser) Tab(t *testing.T) context.Context {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, Timeout)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	return ctx
}

// LoggedIn opens a tab and signs in through the login page as username, with
// the demo password. It fails the test unless the home page follows.
func (b *Browser) LoggedIn(t *testing.T, username string) context.Context {
	t.Helper()
	ctx := b.Tab(t)
	b.Login(t, ctx, username, "/")
	return ctx
}

// Login fills in and sends the login form of the tab (opened at
// /login?next=<next>) and waits for the page it leads to.
func (b *Browser) Login(t *testing.T, ctx context.Context, username, next string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/login?next="+url.QueryEscape(next)),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), username),
		chromedp.SendKeys(chromedp.CSS("#f-password"), demo.Password),
	); err != nil {
		t.Fatalf("login page: %v", err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS("#f-password")))
	if err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
	if resp.Status != 200 {
		t.Fatalf("log in as %s: the next page answered %d", username, resp.Status)
	}
	if loc := b.Location(t, ctx); strings.HasSuffix(strings.TrimPrefix(loc, b.URL), "/login") {
		t.Fatalf("log in as %s: still on the login page", username)
	}
}

// Location returns the URL the tab shows.
func (b *Browser) Location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// Screenshot saves a full-page PNG of the tab under the directory named by
// KINERJA_TEST_SCREENSHOTS (or the test's temporary directory) and returns
// its path.
func (b *Browser) Screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return saveScreenshot(t, name, png)
}

// ScreenshotViewport is Screenshot of what the window shows. Unlike a
// full-page capture, which lays the page out again at its whole height, it
// leaves the page as it is (an open dropdown stays open).
func (b *Browser) ScreenshotViewport(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return saveScreenshot(t, name, png)
}

func saveScreenshot(t *testing.T, name string, png []byte) string {
	t.Helper()
	dir := os.Getenv("KINERJA_TEST_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Console collects what pages of the tab write to the console (script
// errors, refused resources, CSP violations) until the test ends.
func Console(t *testing.T, ctx context.Context) func() []chromedp.ConsoleMessage {
	t.Helper()
	var (
		mu   sync.Mutex
		msgs []chromedp.ConsoleMessage
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, m)
			mu.Unlock()
		}
	}()
	return func() []chromedp.ConsoleMessage {
		mu.Lock()
		defer mu.Unlock()
		return append([]chromedp.ConsoleMessage(nil), msgs...)
	}
}

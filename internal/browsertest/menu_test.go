package browsertest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kinerja/kinerja/internal/browsertest"
)

// menuState lists the menu's groups with + for open and - for closed.
const menuState = `Array.from(document.querySelectorAll('#mainnav details.navgroup')).map(g => g.dataset.group + (g.open ? '+' : '-')).join(' ')`

// shown reports whether the element the selector finds is rendered (not
// hidden, nor inside a closed <details>).
func shown(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+jsString(selector)+`); return !!e && e.checkVisibility({visibilityProperty: true}) })()`))
	if err != nil {
		t.Fatalf("is %s shown: %v", selector, err)
	}
	return v
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// followLink clicks a link and waits for the page it opens.
func followLink(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("follow %s: %v", selector, err)
	}
	if resp.Status != 200 {
		t.Fatalf("follow %s: %d", selector, resp.Status)
	}
}

// TestMenu: the menu's groups drop down one at a time and close with Escape
// or a click elsewhere; the bar holds on one line at 1280 px for every demo
// account; on a phone the menu button shows every group open in one
// column; without scripts the groups still open and the links lead on.
func TestMenu(t *testing.T) {
	b := browsertest.Start(t)
	pengelola := b.Office.Accounts[3].Username

	t.Run("one line at 1280 px", func(t *testing.T) {
		for _, acc := range b.Office.Accounts {
			ctx := b.Tab(t)
			run(t, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
			b.Login(t, ctx, acc.Username, "/")
			// Every part of the bar, and every entry of the menu, shares one line.
			oneLine, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const parts = Array.from(document.querySelectorAll('.topbar-inner > *, #mainnav > ul > li'))
					.filter(e => e.getClientRects().length > 0).map(e => e.getBoundingClientRect());
				return Math.max(...parts.map(r => r.top)) < Math.min(...parts.map(r => r.bottom));
			})()`))
			if err != nil || !oneLine {
				b.ScreenshotViewport(t, ctx, "menu-"+acc.Username)
				t.Errorf("%s: the top bar takes more than one line (%v)", acc.Username, err)
			}
		}
	})

	t.Run("dropdowns", func(t *testing.T) {
		ctx := b.Tab(t)
		console := browsertest.Console(t, ctx)
		run(t, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
		b.Login(t, ctx, pengelola, "/")
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring- admin-" {
			t.Fatalf("groups at first: %s", got)
		}
		if shown(t, ctx, `#mainnav a[href="/plans"]`) {
			t.Error("a closed group shows its links")
		}
		run(t, ctx, "open Perencanaan", chromedp.Click(chromedp.CSS(`#mainnav details[data-group="planning"] > summary`)))
		if got := evalString(t, ctx, menuState); got != "planning+ reporting- monitoring- admin-" {
			t.Errorf("after opening Perencanaan: %s", got)
		}
		if !shown(t, ctx, `#mainnav a[href="/plans"]`) || !shown(t, ctx, `#mainnav a[href="/k3"]`) {
			t.Error("the open group does not show its links")
		}
		// Opening another group closes the first.
		run(t, ctx, "open Pemantauan", chromedp.Click(chromedp.CSS(`#mainnav details[data-group="monitoring"] > summary`)))
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring+ admin-" {
			t.Errorf("after opening Pemantauan: %s", got)
		}
		b.ScreenshotViewport(t, ctx, "menu-open-1280")
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring+ admin-" {
			t.Errorf("after the screenshot: %s", got)
		}
		// Escape closes it and leaves the focus on its heading; Enter opens it again.
		run(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring- admin-" {
			t.Errorf("after Escape: %s", got)
		}
		if got := evalString(t, ctx, `(document.activeElement.closest('details') || {dataset: {}}).dataset.group || document.activeElement.tagName`); got != "monitoring" {
			t.Errorf("after Escape the focus is on %s, want the Pemantauan heading", got)
		}
		run(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring+ admin-" {
			t.Errorf("after Enter on the heading: %s", got)
		}
		// Tab goes through the group's links.
		run(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		if got := evalString(t, ctx, `document.activeElement.getAttribute('href') || ''`); got != "/dashboard" {
			t.Errorf("Tab from the open heading reaches %q, want /dashboard", got)
		}
		// A click elsewhere closes it.
		run(t, ctx, "click the heading of the page", chromedp.Click(chromedp.CSS("main h1")))
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring- admin-" {
			t.Errorf("after a click outside: %s", got)
		}
		// Open a group and follow a link: the page and its group are marked.
		run(t, ctx, "open Pelaporan", chromedp.Click(chromedp.CSS(`#mainnav details[data-group="reporting"] > summary`)))
		followLink(t, ctx, `#mainnav a[href="/nko"]`)
		if loc := b.Location(t, ctx); loc != b.URL+"/nko" {
			t.Errorf("the link led to %s", loc)
		}
		if got := evalString(t, ctx, `document.querySelector('#mainnav [aria-current="page"]').getAttribute('href') + ' in ' + document.querySelector('#mainnav summary.navcurrent').parentElement.dataset.group`); got != "/nko in reporting" {
			t.Errorf("current page in the menu: %s", got)
		}
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring- admin-" {
			t.Errorf("groups on the new page: %s", got)
		}
		// The notifications link beside the user menu carries its count.
		badge := evalString(t, ctx, `(document.querySelector('.usermenu a.notiflink .badge') || {textContent: ''}).textContent`)
		if badge == "" || badge == "0" {
			t.Errorf("the notifications link shows no unread count (%q)", badge)
		}
		for _, m := range console() {
			if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				t.Errorf("console: %s %s", m.Type, m.Text)
			}
		}
	})

	t.Run("phone", func(t *testing.T) {
		ctx := b.Tab(t)
		run(t, ctx, "viewport", chromedp.EmulateViewport(390, 844))
		b.Login(t, ctx, pengelola, "/")
		if shown(t, ctx, "#mainnav") || !shown(t, ctx, ".menu-toggle") {
			t.Fatal("on a phone the menu is not folded behind its button")
		}
		run(t, ctx, "open the menu", chromedp.Click(chromedp.CSS(".menu-toggle")))
		if got := evalString(t, ctx, `document.querySelector('.menu-toggle').getAttribute('aria-expanded')`); got != "true" {
			t.Errorf("the menu button says aria-expanded=%s", got)
		}
		if got := evalString(t, ctx, menuState); got != "planning+ reporting+ monitoring+ admin+" {
			t.Errorf("on a phone the groups are %s, want all open", got)
		}
		// One column: each group's links lie below its heading, not beside it.
		column, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const items = Array.from(document.querySelectorAll('#mainnav summary, #mainnav a')).map(e => e.getBoundingClientRect());
			return items.every((r, i) => i === 0 || r.top >= items[i-1].bottom - 1) && items.every(r => r.right <= window.innerWidth);
		})()`))
		if err != nil || !column {
			t.Errorf("the phone menu is not one column within the screen (%v)", err)
		}
		b.ScreenshotViewport(t, ctx, "menu-open-390")
		followLink(t, ctx, `#mainnav a[href="/console"]`)
		if loc := b.Location(t, ctx); loc != b.URL+"/console" {
			t.Errorf("the link led to %s", loc)
		}
	})

	t.Run("without scripts", func(t *testing.T) {
		ctx := b.Tab(t)
		run(t, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
		b.Login(t, ctx, pengelola, "/")
		run(t, ctx, "switch scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}), chromedp.Reload())
		run(t, ctx, "open Administrasi", chromedp.Click(chromedp.CSS(`#mainnav details[data-group="admin"] > summary`)))
		if got := evalString(t, ctx, menuState); got != "planning- reporting- monitoring- admin+" {
			t.Errorf("without scripts, after opening Administrasi: %s", got)
		}
		followLink(t, ctx, `#mainnav a[href="/years"]`)
		if loc := b.Location(t, ctx); loc != b.URL+"/years" {
			t.Errorf("the link led to %s", loc)
		}
		// On a phone the menu button needs a script: the menu is shown instead.
		run(t, ctx, "phone", chromedp.EmulateViewport(390, 844), chromedp.Reload())
		if !shown(t, ctx, "#mainnav") || shown(t, ctx, ".menu-toggle") {
			t.Error("without scripts a phone does not show the menu")
		}
	})
}

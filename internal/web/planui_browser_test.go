package web_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// browser is one signed-in Chromium tab that accepts the pages' confirm dialogs.
type browser struct {
	t   *testing.T
	ctx context.Context
	url string
}

func (s *planSite) browser(alloc context.Context, user string) *browser {
	s.t.Helper()
	ctx, cancel := chromedp.NewContext(alloc)
	s.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		s.t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	s.t.Cleanup(cancel)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	b := &browser{t: s.t, ctx: ctx, url: s.srv.URL}
	b.open("/login")
	b.submit(chromedp.SendKeys(chromedp.CSS("#f-username"), user), chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#f-password")))
	return b
}

func (b *browser) open(path string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.url+path)); err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
}

// submit runs actions that end in a page load and fails on an error status.
func (b *browser) submit(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, steps...)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp.Status >= 400 {
		b.t.Fatalf("%s answered %d:\n%s", resp.URL, resp.Status, excerpt(b.html()))
	}
}

func (b *browser) html() string {
	b.t.Helper()
	h, err := chromedp.Run(b.ctx, chromedp.OuterHTML(chromedp.CSS("main")))
	if err != nil {
		b.t.Fatal(err)
	}
	return h
}

func (b *browser) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.url)
}

// fill types into text fields and picks options, by field name.
func fill(values map[string]string) []chromedp.Action[chromedp.Void] {
	var out []chromedp.Action[chromedp.Void]
	for name, v := range values {
		out = append(out, chromedp.SetValue(chromedp.CSS("[name='"+name+"']"), v))
	}
	return out
}

func TestBrowserDraftSubmitApprove(t *testing.T) {
	if os.Getenv("KINERJA_TEST_BROWSER") != "1" {
		t.Skip("set KINERJA_TEST_BROWSER=1 to run browser tests")
	}
	st := storetest.Open(t, store.SQLite)
	s := newPlanSite(t, st)
	ctx := context.Background()
	ss1, err := s.svc.SaveObjective(ctx, s.actor(s.off.Head), s.year, s.off.ID, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.NoSandbox, chromedp.DisableGPU)...)
	t.Cleanup(cancel)

	// The head drafts the PK: one IKU, typed in the line editor, then submits.
	head := s.browser(alloc, "kepala")
	head.open("/plans")
	head.submit(chromedp.Click(chromedp.CSS("form[action='/plans/open'] button")))
	pkPath := head.path()
	head.open(pkPath + "/lines/new")
	steps := fill(map[string]string{"code": "1a-CP", "name": "Persentase SP2D tepat waktu", "objective_id": strconv.FormatInt(ss1.ID, 10),
		"t1": "96", "t2": "97", "t3": "98", "t4": "98,5", "formula": "SP2D tepat waktu / SP2D × 100", "unit": "%",
		"polarity": "maximize", "period_consolidation": "average", "validity": "proxy", "control": "moderate",
		"prev_target": "95", "prev_realisation": "96,2"})
	head.submit(append(steps, chromedp.Click(chromedp.CSS("form[data-line-form] button[type=submit]")))...)
	if !strings.Contains(head.html(), "1a-CP") {
		t.Fatalf("the PK does not show the new line:\n%s", excerpt(head.html()))
	}
	head.submit(chromedp.Click(chromedp.CSS("form[action$='/submit'] button")))
	if !strings.Contains(head.html(), "pill-submitted") {
		t.Fatalf("PK not submitted:\n%s", excerpt(head.html()))
	}

	// The pengelola kinerja approves it.
	peng := s.browser(alloc, "pengelola")
	peng.open(pkPath)
	peng.submit(chromedp.Click(chromedp.CSS("form[action$='/approve'] button")))
	if !strings.Contains(peng.html(), "pill-approved") {
		t.Fatalf("PK not approved:\n%s", excerpt(peng.html()))
	}

	// The head cascades the IKU to the head of section A; a staff member of
	// section A, with two indicators of their own, drafts a third from the
	// supervisor's one and submits, and the supervisor approves.
	pkID, _ := strconv.ParseInt(strings.TrimPrefix(pkPath, "/plans/"), 10, 64)
	pk, err := s.svc.GetPlan(ctx, s.actor(s.off.Head), pkID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.Cascade(ctx, s.actor(s.off.Head), pkID, pk.Lines[0].LineID, domain.MethodFull,
		[]service.CascadeTarget{{EmployeeID: s.off.SecA}}); err != nil {
		t.Fatal(err)
	}
	staffID := s.off.StaffA[0]
	skp, err := s.svc.OpenPlan(ctx, s.actor(staffID), s.year, staffID)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []string{"A-1", "A-2"} {
		li := lineInput()
		li.Code, li.CascadeType, li.Name = code, domain.CascadeNone, "Indikator staf "+strconv.Itoa(i+1)
		if _, err := s.svc.SaveLine(ctx, s.actor(staffID), skp.ID, 0, -1, li); err != nil {
			t.Fatal(err)
		}
	}
	skpPath := "/plans/" + strconv.FormatInt(skp.ID, 10)
	staff := s.browser(alloc, "staf.a1")
	staff.open(skpPath)
	staff.submit(chromedp.Click(chromedp.CSS("a[href*='/lines/new?parent=']")))
	staff.submit(chromedp.Click(chromedp.CSS("form[data-line-form] button[type=submit]")))
	page := staff.html()
	if !strings.Contains(page, "1a-CP.1") || !strings.Contains(page, "Ani Kasi") {
		t.Fatalf("the SKP does not show the IKI cascaded from the supervisor:\n%s", excerpt(page))
	}
	staff.submit(chromedp.Click(chromedp.CSS("form[action$='/submit'] button")))

	kasi := s.browser(alloc, "kasi.a")
	kasi.open(skpPath)
	kasi.submit(chromedp.Click(chromedp.CSS("form[action$='/approve'] button")))
	if !strings.Contains(kasi.html(), "pill-approved") {
		t.Fatalf("SKP not approved:\n%s", excerpt(kasi.html()))
	}
	v, err := s.svc.GetPlan(ctx, s.actor(staffID), skp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version.Status != domain.PlanApproved || len(v.Lines) != 3 || v.Lines[2].Parent == nil {
		t.Errorf("SKP = %s with %d lines", v.Version.Status, len(v.Lines))
	}
}

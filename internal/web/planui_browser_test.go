package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// tab is a signed-in browser tab that accepts the pages' confirm dialogs.
type tab struct {
	t   *testing.T
	b   *browsertest.Browser
	ctx context.Context
}

func openTab(t *testing.T, b *browsertest.Browser, _ *planEnv, emp int64) *tab {
	t.Helper()
	return tabOf(t, b, emp)
}

// tabOf opens a tab signed in as an employee's account.
func tabOf(t *testing.T, b *browsertest.Browser, emp int64) *tab {
	t.Helper()
	ctx := b.LoggedIn(t, b.Username(t, emp))
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return &tab{t: t, b: b, ctx: ctx}
}

func (x *tab) open(path string) {
	x.t.Helper()
	if err := chromedp.Do(x.ctx, chromedp.Navigate(x.b.URL+path)); err != nil {
		x.t.Fatalf("open %s: %v", path, err)
	}
}

// submit runs actions that end in a page load and fails on an error status.
func (x *tab) submit(steps ...chromedp.Action[chromedp.Void]) {
	x.t.Helper()
	resp, err := chromedp.RunResponse(x.ctx, steps...)
	if err != nil {
		x.t.Fatal(err)
	}
	if resp.Status >= 400 {
		x.t.Fatalf("%s answered %d:\n%s", resp.URL, resp.Status, x.text())
	}
}

// text is what the main part of the page shows.
func (x *tab) text() string {
	x.t.Helper()
	s, err := chromedp.Run(x.ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		x.t.Fatal(err)
	}
	return s
}

func (x *tab) has(selector string) bool {
	x.t.Helper()
	n, err := chromedp.Run(x.ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+selector+`").length`))
	if err != nil {
		x.t.Fatal(err)
	}
	return n > 0
}

func (x *tab) path() string {
	x.t.Helper()
	return strings.TrimPrefix(x.b.Location(x.t, x.ctx), x.b.URL)
}

// fill sets fields by name: text inputs and selects alike.
func fill(values map[string]string) []chromedp.Action[chromedp.Void] {
	var out []chromedp.Action[chromedp.Void]
	for name, v := range values {
		out = append(out, chromedp.SetValue(chromedp.CSS("[name='"+name+"']"), v))
	}
	return out
}

// TestBrowserPlanApproval: the head drafts a PK line in the editor and
// submits, the pengelola kinerja approves; a staff member drafts an IKI from
// the supervisor's indicator and submits, the supervisor approves.
func TestBrowserPlanApproval(t *testing.T) {
	b := browsertest.Start(t)
	e := newPlanEnv(t, b.Fixture, b.Office.Year+1)
	ctx := context.Background()
	svc := b.Service
	ss1, err := svc.SaveObjective(ctx, e.actor(e.head), e.year, e.office, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}

	head := openTab(t, b, e, e.head)
	head.open("/plans" + e.y())
	head.submit(chromedp.Click(chromedp.CSS("form[action='/plans/open'] button")))
	pkPath := head.path()
	head.open(pkPath + "/lines/new")
	steps := fill(map[string]string{"code": "1a-CP", "name": "Persentase SP2D tepat waktu", "objective_id": strconv.FormatInt(ss1.ID, 10),
		"t1": "96", "t2": "97", "t3": "98", "t4": "98,5", "formula": "SP2D tepat waktu / SP2D × 100", "unit": "%",
		"polarity": "maximize", "period_consolidation": "average", "validity": "proxy", "control": "moderate",
		"prev_target": "95", "prev_realisation": "96,2"})
	head.submit(append(steps, chromedp.Click(chromedp.CSS("form[data-line-form] button[type=submit]")))...)
	if !strings.Contains(head.text(), "1a-CP") || !strings.Contains(head.text(), "97,38") {
		t.Fatalf("the PK does not show the new line with its annual target:\n%s", head.text())
	}
	head.submit(chromedp.Click(chromedp.CSS("form[action$='/submit'] button")))
	if !head.has(".planhead .pill-submitted") {
		t.Fatalf("the PK was not submitted:\n%s", head.text())
	}

	// The head of the office above (the Kepala Kanwil) approves the PK.
	upper := openTab(t, b, e, e.kanwil)
	upper.open(pkPath)
	upper.submit(chromedp.Click(chromedp.CSS("form[action$='/approve'] button")))
	if !upper.has(".planhead .pill-approved") {
		t.Fatalf("the PK was not approved:\n%s", upper.text())
	}

	// The head cascades the IKU to the head of section A; a staff member of
	// the section, with two indicators of their own, takes the third from
	// the supervisor's plan.
	pkID, _ := strconv.ParseInt(strings.TrimPrefix(pkPath, "/plans/"), 10, 64)
	pk, err := svc.GetPlan(ctx, e.actor(e.head), pkID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cascade(ctx, e.actor(e.head), pkID, pk.Lines[0].LineID, domain.MethodFull,
		[]service.CascadeTarget{{EmployeeID: e.secA}}); err != nil {
		t.Fatal(err)
	}
	staffID := e.staffA[0]
	skp, err := svc.OpenPlan(ctx, e.actor(staffID), e.year, staffID)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []string{"A-1", "A-2"} {
		li := lineInput()
		li.Code, li.CascadeType, li.Name = code, domain.CascadeNone, "Indikator staf "+strconv.Itoa(i+1)
		if _, err := svc.SaveLine(ctx, e.actor(staffID), skp.ID, 0, -1, li); err != nil {
			t.Fatal(err)
		}
	}
	skpPath := "/plans/" + strconv.FormatInt(skp.ID, 10)
	staff := openTab(t, b, e, staffID)
	staff.open(skpPath)
	staff.submit(chromedp.Click(chromedp.CSS("a[href*='/lines/new?parent=']")))
	if !staff.has(".follow-note:not([hidden])") || !staff.has("[data-hide-if][hidden]") {
		t.Error("a full cascade does not show that the indicator follows its parent")
	}
	staff.submit(chromedp.Click(chromedp.CSS("form[data-line-form] button[type=submit]")))
	if text := staff.text(); !strings.Contains(text, "1a-CP.1.1") || !strings.Contains(text, e.name(e.secA)) {
		t.Fatalf("the SKP does not show the IKI cascaded from the supervisor:\n%s", text)
	}
	staff.submit(chromedp.Click(chromedp.CSS("form[action$='/submit'] button")))

	kasi := openTab(t, b, e, e.secA)
	kasi.open(skpPath)
	kasi.submit(chromedp.Click(chromedp.CSS("form[action$='/approve'] button")))
	if !kasi.has(".planhead .pill-approved") {
		t.Fatalf("the SKP was not approved:\n%s", kasi.text())
	}
	v, err := svc.GetPlan(ctx, e.actor(staffID), skp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version.Status != domain.PlanApproved || len(v.Lines) != 3 || v.Lines[2].Parent == nil {
		t.Errorf("SKP = %s with %d lines", v.Version.Status, len(v.Lines))
	}
}

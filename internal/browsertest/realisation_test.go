package browsertest_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// realNow is the day of the realisation story: Q3 ended on 30 September,
// its sheets are in every state, and Q4 runs.
var realNow = time.Date(2026, 10, 7, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// run runs browser actions in a tab and fails the test on an error.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// submitAndWait clicks a button that sends a form and waits for the next page.
func submitAndWait(t *testing.T, ctx context.Context, what, selector string) {
	t.Helper()
	// Confirmation dialogs are answered yes, as the person would.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != 200 {
		msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("%s: the next page answered %d:\n%s", what, resp.Status, msg)
	}
}

// typeInto replaces what an input holds by typing text into it.
func typeInto(t *testing.T, ctx context.Context, selector, text string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(`+strconv.Quote(selector)+`).value = ""; return true })()`)); err != nil {
		t.Fatalf("clear %s: %v", selector, err)
	}
	run(t, ctx, "type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("text of %s: %v", selector, err)
	}
	return s
}

// TestQuarterReportedValidatedVerifiedClosed: a staff member reports the
// quarter with a file, the section head validates it, the pengelola
// kinerja verifies it and closes the quarter.
func TestQuarterReportedValidatedVerifiedClosed(t *testing.T) {
	b := browsertest.StartAt(t, realNow)
	ctx := context.Background()
	sys := service.SystemActor()
	plans, err := b.Service.ListPlans(ctx, sys, b.Office.Year, b.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var plan, owner int64
	for _, p := range plans {
		if p.Plan.Kind == domain.PlanSKP && p.Approved && p.Plan.EmployeeID != b.Office.SectionLed["VERA"] {
			if v, err := b.Service.GetSheet(ctx, sys, p.Plan.ID, 3); err == nil && v.Sheet.Status == domain.SheetDraft {
				plan, owner = p.Plan.ID, p.Plan.EmployeeID
				break
			}
		}
	}
	if plan == 0 {
		t.Fatal("no staff sheet in draft in Q3")
	}
	sheet := b.URL + "/plans/" + strconv.FormatInt(plan, 10) + "/quarters/3"

	// The staff member reports.
	tab := b.LoggedIn(t, b.Username(t, owner))
	console := browsertest.Console(t, tab)
	run(t, tab, "open the realisation page", chromedp.Navigate(b.URL+"/realisation"))
	resp, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`a[href$="/quarters/3"]`)))
	if err != nil || resp.Status != 200 || b.Location(t, tab) != sheet {
		t.Fatalf("follow the link to Q3: %v, at %s", err, b.Location(t, tab))
	}
	v, err := b.Service.GetSheet(ctx, sys, plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	var first string
	for _, l := range v.Lines {
		if l.HasTarget {
			first = "#line-" + strconv.FormatInt(l.Indicator.LineID, 10)
			break
		}
	}
	typeInto(t, tab, first+` .rl-value`, "1,5")
	// The live preview follows the typed value before anything is saved
	// (it may show "1" for a moment, while the value is being typed).
	deadline := time.Now().Add(10 * time.Second)
	for text(t, tab, first+` [data-fig="todate-realisation"]`) != "1,5" && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if got := text(t, tab, first+` [data-fig="todate-realisation"]`); got != "1,5" {
		t.Errorf("the preview shows a realisation of %q", got)
	}
	// An implausible value offers its confirmation while typing; a sound
	// one takes it away again.
	doubtShown := func() bool {
		shown, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!document.querySelector(`+strconv.Quote(first+` [data-role="doubt"]`)+`).hidden`))
		if err != nil {
			t.Fatal(err)
		}
		return shown
	}
	typeInto(t, tab, first+` .rl-value`, "1.000.000")
	for deadline := time.Now().Add(10 * time.Second); !doubtShown() && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
	}
	if got := text(t, tab, first+` [data-role="doubt-text"]`); !strings.HasPrefix(got, "⚠ ") {
		t.Errorf("an implausible value is not flagged while typing: %q", got)
	}
	typeInto(t, tab, first+` .rl-value`, "96,75")
	for deadline := time.Now().Add(10 * time.Second); doubtShown() && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
	}
	if doubtShown() {
		t.Error("the confirmation stays offered for a sound value")
	}
	submitAndWait(t, tab, "save", `#sheet-form button[value="save"]`)
	if flash := text(t, tab, ".flash-ok"); !strings.Contains(flash, "tersimpan") {
		t.Errorf("after saving: %q", flash)
	}

	// A file for the first line, chosen in its upload form.
	file := filepath.Join(t.TempDir(), "rekap TW3.csv")
	if err := os.WriteFile(file, []byte("tanggal,uraian,nilai\n2026-09-30,rekonsiliasi,97\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, tab, "choose a file",
		chromedp.Click(chromedp.CSS(first+` details.rl-upload summary`)),
		chromedp.SetUploadFiles(chromedp.CSS(first+` input[type=file]`), []string{file}))
	submitAndWait(t, tab, "upload", first+` .rl-uploadform button[type=submit]`)
	if got := text(t, tab, first+` .rl-evidence`); !strings.Contains(got, "rekap TW3.csv") {
		b.Screenshot(t, tab, "upload-missing")
		t.Errorf("the file is not listed: %q (flash %q)", got, text(t, tab, "main"))
	}
	submitAndWait(t, tab, "submit", `#sheet-form button[value="submit"]`)
	if got := text(t, tab, ".rl-header"); !strings.Contains(got, "disampaikan") {
		t.Errorf("after submitting the header says %q", got)
	}
	b.Screenshot(t, tab, "sheet-submitted")

	// The section head validates.
	sup := b.LoggedIn(t, b.Username(t, b.Chart(t).Supervisors(owner)[0]))
	run(t, sup, "open the sheet", chromedp.Navigate(sheet))
	submitAndWait(t, sup, "validate", `form[action$="/validate"] button`)
	if got := text(t, sup, ".rl-header"); !strings.Contains(got, "divalidasi") {
		t.Errorf("after validating the header says %q", got)
	}

	// The pengelola kinerja verifies and closes the quarter.
	peng := b.LoggedIn(t, b.Username(t, b.Office.Pengelola))
	run(t, peng, "open the sheet", chromedp.Navigate(sheet), chromedp.Click(chromedp.CSS(".rl-checkall")))
	submitAndWait(t, peng, "verify", `#verify-form button[type=submit]`)
	if got := text(t, peng, ".rl-header"); !strings.Contains(got, "diverifikasi") {
		t.Errorf("after verifying the header says %q", got)
	}
	run(t, peng, "open the console", chromedp.Navigate(b.URL+"/quarters/"+strconv.Itoa(b.Office.Year)+"/3"))
	submitAndWait(t, peng, "close", `form[action*="/close"] button`)
	if got := text(t, peng, ".rl-closure"); !strings.Contains(got, "ditutup") {
		t.Errorf("after closing: %q", got)
	}
	b.Screenshot(t, peng, "quarter-closed")
	run(t, tab, "reload the sheet", chromedp.Navigate(sheet))
	if got := text(t, tab, ".rl-header"); !strings.Contains(got, "dikunci") {
		t.Errorf("the owner's sheet after closing: %q", got)
	}
	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}
}

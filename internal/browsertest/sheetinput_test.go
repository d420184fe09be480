package browsertest_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// value returns what an input holds.
func value(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("value of %s: %v", selector, err)
	}
	return v
}

// TestTypedValueSurvivesUpload: a value typed before uploading a document
// is still there after the upload, and saved; a file over the limit is
// refused before anything is sent; Enter saves; and a save after the
// session ended leads through the login page back to the sheet with what
// was typed.
func TestTypedValueSurvivesUpload(t *testing.T) {
	b := browsertest.StartAt(t, realNow)
	ctx := context.Background()
	sys := service.SystemActor()
	plans, err := b.Service.ListPlans(ctx, sys, b.Office.Year, b.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var plan, owner int64
	for _, p := range plans {
		if p.Plan.Kind == domain.PlanSKP && p.Approved {
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
	v, err := b.Service.GetSheet(ctx, sys, plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	var lineID int64
	for _, l := range v.Lines {
		if l.HasTarget {
			lineID = l.Indicator.LineID
			break
		}
	}
	line := "#line-" + strconv.FormatInt(lineID, 10)
	stored := func() (calc.Opt, []string) {
		t.Helper()
		v, err := b.Service.GetSheet(ctx, sys, plan, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range v.Lines {
			if l.Indicator.LineID == lineID {
				var names []string
				for _, e := range l.Evidence {
					names = append(names, e.Filename)
				}
				return l.Realisation.Value, names
			}
		}
		return calc.Opt{}, nil
	}

	tab := b.LoggedIn(t, b.Username(t, owner))
	console := browsertest.Console(t, tab)
	run(t, tab, "open the sheet", chromedp.Navigate(sheet))

	// Type a value, then choose a file and upload it.
	typeInto(t, tab, line+" .rl-value", "88,25")
	file := filepath.Join(t.TempDir(), "rekap TW3.csv")
	if err := os.WriteFile(file, []byte("tanggal,uraian,nilai\n2026-09-30,rekonsiliasi,88.25\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, tab, "choose a file",
		chromedp.Click(chromedp.CSS(line+" details.rl-upload summary")),
		chromedp.SetUploadFiles(chromedp.CSS(line+" input[type=file]"), []string{file}))
	b.ScreenshotViewport(t, tab, "sheet-upload-chosen")
	submitAndWait(t, tab, "upload", line+" .rl-uploadbtn")
	if loc := b.Location(t, tab); loc != sheet+line {
		t.Errorf("after the upload the tab shows %s", loc)
	}
	if got := value(t, tab, line+" .rl-value"); got != "88,25" {
		t.Errorf("after the upload the value reads %q", got)
	}
	if got := text(t, tab, line+" .rl-evidence"); !strings.Contains(got, "rekap TW3.csv") {
		t.Errorf("the file is not listed: %q", got)
	}
	if val, docs := stored(); val != calc.Some(88.25) || !containsName(docs, "rekap TW3.csv") {
		t.Errorf("stored after the upload: %v %v", val, docs)
	}
	if flash := text(t, tab, ".flash-ok"); !strings.Contains(flash, "1 dokumen ditambahkan") {
		t.Errorf("after the upload: %q", flash)
	}
	b.Screenshot(t, tab, "sheet-after-upload")

	// A file over the limit is refused as soon as it is chosen, and the form is not sent.
	big := filepath.Join(t.TempDir(), "pindaian besar.pdf")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, b.Config.MaxUpload+1); err != nil {
		t.Fatal(err)
	}
	typeInto(t, tab, line+" .rl-value", "90")
	run(t, tab, "choose a large file",
		chromedp.Click(chromedp.CSS(line+" details.rl-upload summary")),
		chromedp.SetUploadFiles(chromedp.CSS(line+" input[type=file]"), []string{big}))
	if got := text(t, tab, line+` [data-role="file-error"]`); !strings.Contains(got, "pindaian besar.pdf") || !strings.Contains(got, "20 MiB") {
		t.Errorf("choosing a large file says %q", got)
	}
	run(t, tab, "try to upload it", chromedp.Click(chromedp.CSS(line+" .rl-uploadbtn")))
	if got := value(t, tab, line+" .rl-value"); got != "90" {
		t.Errorf("after refusing the large file the value reads %q", got)
	}
	if val, _ := stored(); val != calc.Some(88.25) {
		t.Errorf("the large file's form was sent: %v", val)
	}
	b.ScreenshotViewport(t, tab, "sheet-file-too-large")

	// Enter in a value saves the sheet (not a line's upload).
	run(t, tab, "reload", chromedp.Navigate(sheet))
	typeInto(t, tab, line+" .rl-value", "89")
	if _, err := chromedp.RunResponse(tab, chromedp.SendKeys(chromedp.CSS(line+" .rl-value"), kb.Enter)); err != nil {
		t.Fatalf("press Enter: %v", err)
	}
	if loc := b.Location(t, tab); loc != sheet {
		t.Errorf("Enter led to %s", loc)
	}
	if val, _ := stored(); val != calc.Some(89) {
		t.Errorf("Enter saved %v", val)
	}

	// The session ends; the next save leads to the login page and back, with the typed value.
	sessions, err := b.Store.Sessions().AllCtx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for token := range sessions {
		if err := b.Store.Sessions().DeleteCtx(ctx, token); err != nil {
			t.Fatal(err)
		}
	}
	typeInto(t, tab, line+" .rl-value", "91,5")
	submitAndWait(t, tab, "save after the session ended", `#sheet-form button[value="save"]`)
	if got := text(t, tab, "main"); !strings.Contains(got, "Sesi Anda telah berakhir") {
		t.Fatalf("after the session ended: %q", got)
	}
	b.Screenshot(t, tab, "login-session-ended")
	run(t, tab, "sign in again",
		chromedp.SendKeys(chromedp.CSS("#f-username"), b.Username(t, owner)),
		chromedp.SendKeys(chromedp.CSS("#f-password"), demo.Password))
	submitAndWait(t, tab, "sign in", `form[action="/login"] button[type=submit]`)
	if loc := b.Location(t, tab); loc != sheet {
		t.Fatalf("signing in again led to %s", loc)
	}
	if got := value(t, tab, line+" .rl-value"); got != "91,5" {
		t.Errorf("the typed value is not back: %q", got)
	}
	if got := text(t, tab, `[data-role="restored"]`); got == "" {
		t.Error("the page does not say the typed input was put back")
	}
	b.ScreenshotViewport(t, tab, "sheet-restored")
	submitAndWait(t, tab, "save the restored value", `#sheet-form button[value="save"]`)
	if val, _ := stored(); val != calc.Some(91.5) {
		t.Errorf("the restored value saved as %v", val)
	}
	// A later visit does not bring the old input back.
	run(t, tab, "reload", chromedp.Navigate(sheet))
	if hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector('[data-role="restored"]').hidden`)); err != nil || !hidden {
		t.Errorf("the restored note shows on a later visit (%v)", err)
	}

	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}

	// Without scripts the server refuses the large file and brings the sheet back as typed.
	run(t, tab, "switch scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(sheet))
	run(t, tab, "type and choose the large file",
		chromedp.SetValue(chromedp.CSS(line+" .rl-value"), "93"),
		chromedp.Click(chromedp.CSS(line+" details.rl-upload summary")),
		chromedp.SetUploadFiles(chromedp.CSS(line+" input[type=file]"), []string{big}))
	resp, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(line+" .rl-uploadbtn")))
	if err != nil || resp.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("upload the large file without scripts: %v %v", resp, err)
	}
	if got := value(t, tab, line+" .rl-value"); got != "93" {
		t.Errorf("after the refused large file the value reads %q", got)
	}
	if got := text(t, tab, line+` [data-role="file-error"]`); !strings.Contains(got, "pindaian besar.pdf") || !strings.Contains(got, "20 MiB") {
		t.Errorf("the refused large file says %q", got)
	}
	if val, _ := stored(); val != calc.Some(91.5) {
		t.Errorf("the refused form saved %v", val)
	}
	b.Screenshot(t, tab, "sheet-file-too-large-noscript")

	// A file so large that the server stops reading the form still gets the page back.
	huge := filepath.Join(t.TempDir(), "video rapat.mp4")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 9*b.Config.MaxUpload); err != nil {
		t.Fatal(err)
	}
	run(t, tab, "type and choose the huge file",
		chromedp.SetValue(chromedp.CSS(line+" .rl-value"), "94"),
		chromedp.SetUploadFiles(chromedp.CSS(line+" input[type=file]"), []string{huge}))
	resp, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(line+" .rl-uploadbtn")))
	if err != nil || resp.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("upload the huge file without scripts: %v %v", resp, err)
	}
	if got := value(t, tab, line+" .rl-value"); got != "94" {
		t.Errorf("after the refused huge file the value reads %q", got)
	}
	b.Screenshot(t, tab, "sheet-body-too-large-noscript")
}

func containsName(list []string, name string) bool {
	for _, n := range list {
		if n == name {
			return true
		}
	}
	return false
}

package browsertest_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
)

// The head finds the office's strategic initiatives on the home page with
// their latest progress and overdue milestones; the owner of one reports the
// quarter's progress from the initiatives page; the strategy map shows the
// initiative beside the objective it serves.
func TestStrategicInitiatives(t *testing.T) {
	b := browsertest.Start(t)
	head := b.LoggedIn(t, b.Username(t, b.Office.Head))
	rows, err := chromedp.Run(head, chromedp.Evaluate[int](`document.querySelectorAll('#initiatives tbody tr').length`))
	if err != nil || rows != 2 {
		t.Fatalf("the head's home lists %d initiatives (%v)", rows, err)
	}
	text, err := chromedp.Run(head, chromedp.Text(chromedp.CSS("#initiatives")))
	if err != nil || !strings.Contains(text, "55%") || !strings.Contains(text, "Aplikasi pencarian arsip berbasis nomor SP2D") {
		t.Errorf("the head's home lacks IS-1's progress or its overdue milestone: %q (%v)", text, err)
	}
	if _, err := chromedp.Run(head, chromedp.Evaluate[bool](`document.querySelector('#initiatives').scrollIntoView(), true`)); err != nil {
		t.Fatal(err)
	}
	b.ScreenshotViewport(t, head, "initiatives-home")

	owner := b.LoggedIn(t, b.Username(t, b.Office.SectionLed["BANK"]))
	if err := chromedp.Do(owner, chromedp.Navigate(b.URL+"/strategy/initiatives")); err != nil {
		t.Fatal(err)
	}
	b.Screenshot(t, owner, "initiatives-list")
	if _, err := chromedp.RunResponse(owner, chromedp.Click(chromedp.CSS(`a[href*="progress"][href$="q=3"]`))); err != nil {
		t.Fatalf("open the Q3 progress form: %v", err)
	}
	// The form starts from the latest progress reported, 55% in Q2.
	if v, err := chromedp.Run(owner, chromedp.Evaluate[string](`document.querySelector('#f-percent').value = '72,5'`)); err != nil || v != "72,5" {
		t.Fatalf("type the percent: %q %v", v, err)
	}
	if err := chromedp.Do(owner, chromedp.SendKeys(chromedp.CSS("#f-note"), "Aplikasi pencarian arsip diuji di Seksi Bank.")); err != nil {
		t.Fatal(err)
	}
	b.Screenshot(t, owner, "initiatives-progress")
	if _, err := chromedp.RunResponse(owner, chromedp.Submit(chromedp.CSS("#f-percent"))); err != nil {
		t.Fatalf("send the progress: %v", err)
	}
	text, err = chromedp.Run(owner, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "72,5%") || !strings.Contains(text, "Aplikasi pencarian arsip diuji") {
		t.Errorf("the initiatives page after reporting lacks the new progress (%v)", err)
	}

	if err := chromedp.Do(head, chromedp.Navigate(b.URL+"/strategy")); err != nil {
		t.Fatal(err)
	}
	text, err = chromedp.Run(head, chromedp.Text(chromedp.CSS("table.smap-table")))
	if err != nil || !strings.Contains(text, "IS-1 Digitalisasi arsip SP2D") || !strings.Contains(text, "IS-2") {
		t.Errorf("the strategy map lacks the initiatives beside their objectives (%v)", err)
	}
	b.Screenshot(t, head, "initiatives-strategy")
}

package browsertest_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/service"
)

// A refused form comes back with what was typed and what is wrong, and the
// browser shows the page's own address, not the form's target: reloading
// asks for the page again instead of sending the form a second time.
func TestRefusedFormReloadsAsItsPage(t *testing.T) {
	b := browsertest.Start(t)
	off := b.Office
	lead := off.SectionLed["PD"]
	plan, err := b.Service.ReportPlan(context.Background(), service.SystemActor(), off.Year, lead)
	if err != nil {
		t.Fatal(err)
	}
	v, err := b.Service.GetReport(context.Background(), service.SystemActor(), plan.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	var lid string
	for _, r := range v.Rows {
		if r.Figures.ToDate.Status == calc.StatusRed {
			lid = strconv.FormatInt(r.Line.LineID, 10)
		}
	}
	if lid == "" {
		t.Fatal("the demo's Q3 report of Seksi Pencairan Dana has no red indicator")
	}
	reportPath := fmt.Sprintf("/reports/%d/3", plan.ID)

	ctx := b.LoggedIn(t, b.Username(t, lead))
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(b.URL+reportPath)); err != nil {
		t.Fatal(err)
	}
	// A dropped action needs a reason: the server refuses it without one.
	desc := "Rekonsiliasi harian dengan bank mitra"
	p := "#n" + lid
	run(t, ctx, "fill in a new action",
		chromedp.SetAttributeValue(chromedp.CSS("#iiaa-"+lid+" details.newaction"), "open", ""),
		chromedp.SendKeys(chromedp.CSS(p+"-desc"), desc),
		chromedp.SetValue(chromedp.CSS(p+"-owner"), strconv.FormatInt(off.Staff["PD"][0], 10)),
		chromedp.SetValue(chromedp.CSS(p+"-due"), fmt.Sprintf("%d-12-15", off.Year)),
		chromedp.SetValue(chromedp.CSS(p+"-status"), "dropped"),
	)
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#iiaa-"+lid+" details.newaction button[type=submit]")))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 422 {
		t.Fatalf("the refused action answered %d", resp.Status)
	}
	if loc := b.Location(t, ctx); loc != b.URL+reportPath {
		t.Errorf("after the refusal the browser shows %s, want %s", loc, b.URL+reportPath)
	}
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(p+"-desc"))); err != nil || got != desc {
		t.Errorf("the description came back as %q (%v)", got, err)
	}
	if msg := text(t, ctx, p+"-note-e"); msg == "" {
		t.Error("no message beside the reason")
	}

	// Reloading asks for the page: a GET, answered 200, without the refusal.
	resp, err = chromedp.RunResponse(ctx, chromedp.Reload())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 {
		t.Errorf("the reload answered %d: the form was sent again", resp.Status)
	}
	if loc := b.Location(t, ctx); loc != b.URL+reportPath {
		t.Errorf("after the reload the browser shows %s", loc)
	}
	errs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#iiaa-`+lid+` details.newaction .error').length`))
	if err != nil || errs != 0 {
		t.Errorf("the reloaded page still shows %d errors (%v)", errs, err)
	}
	if body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.textContent`)); err != nil || strings.Contains(body, desc) {
		t.Errorf("the reloaded page holds the refused action (%v)", err)
	}
}

package browsertest_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// acceptDialogs confirms every dialog the tab opens (the confirmations
// before submitting and reviewing) until the test ends.
func acceptDialogs(ctx context.Context) {
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
}

// A section head writes the IIAA of a red indicator in the browser and
// submits the report; the head of office reviews it.
func TestSectionHeadWritesIIAAAndHeadReviews(t *testing.T) {
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
	var red *service.ReportRow
	for i, r := range v.Rows {
		if r.Figures.ToDate.Status == calc.StatusRed {
			red = &v.Rows[i]
		}
	}
	if red == nil {
		t.Fatal("the demo's Q3 report of Seksi Pencairan Dana has no red indicator")
	}
	lid := strconv.FormatInt(red.Line.LineID, 10)
	reportPath := fmt.Sprintf("/reports/%d/3", plan.ID)

	ctx := b.LoggedIn(t, b.Username(t, lead))
	acceptDialogs(ctx)
	console := browsertest.Console(t, ctx)
	// From the menu's reporting group to the list, and from the list to the report.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#mainnav details[data-group="reporting"] > summary`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#mainnav a[href="/reports"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`a[href="`+reportPath+`"]`))); err != nil {
		t.Fatal(err)
	}
	section := "#iiaa-" + lid
	if pill := text(t, ctx, section+" .iiaa-head"); !strings.Contains(pill, "Merah") || !strings.Contains(pill, "IIAA wajib") {
		t.Errorf("the red indicator's heading reads %q", pill)
	}
	issue := "Keluhan belum tuntas karena antrean konfirmasi rekening ke bank menumpuk pada akhir triwulan."
	impl := "Kepuasan satker (SS-2) turun dan NKO berkurang; target tahunan terancam bila berulang."
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#i"+lid+"-issue")),
		chromedp.SendKeys(chromedp.CSS("#i"+lid+"-issue"), issue),
		chromedp.Clear(chromedp.CSS("#i"+lid+"-implication")),
		chromedp.SendKeys(chromedp.CSS("#i"+lid+"-implication"), impl),
		chromedp.SetValue(chromedp.CSS("#i"+lid+"-acc"), strconv.FormatInt(off.Staff["PD"][0], 10)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(section+" form.iiaa-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, ".flash-ok"); !strings.Contains(msg, "Analisis IIAA disimpan") {
		t.Errorf("after saving: %q", msg)
	}
	saved, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#i"+lid+"-issue")))
	if err != nil || saved != issue {
		t.Errorf("the issue field shows %q (%v)", saved, err)
	}
	// Submit, confirming the dialog.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#send form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, ".flash-ok"); !strings.Contains(msg, "Laporan dikirim") {
		t.Errorf("after submitting: %q", msg)
	}
	b.Screenshot(t, ctx, "report-submitted")

	// The head finds it in the list and reviews it.
	hctx := b.LoggedIn(t, b.Username(t, off.Head))
	acceptDialogs(hctx)
	if _, err := chromedp.RunResponse(hctx, chromedp.Navigate(b.URL+"/reports?q=3")); err != nil {
		t.Fatal(err)
	}
	row := text(t, hctx, `tr:has(a[href="`+reportPath+`"])`)
	if !strings.Contains(row, "Menunggu reviu") {
		t.Errorf("the head's list shows %q", row)
	}
	if _, err := chromedp.RunResponse(hctx, chromedp.Click(chromedp.CSS(`a[href="`+reportPath+`"]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, hctx, section+" .iiaa-read dd"); !strings.Contains(got, issue) {
		t.Errorf("the head reads %q", got)
	}
	if _, err := chromedp.RunResponse(hctx, chromedp.Click(chromedp.CSS(`#send form[action$="/review"] button`))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, hctx, ".flash-ok"); !strings.Contains(msg, "direviu") {
		t.Errorf("after reviewing: %q", msg)
	}
	b.Screenshot(t, hctx, "report-reviewed")

	r, err := b.Service.GetReport(context.Background(), service.SystemActor(), plan.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if r.Report.Status != domain.ReportReviewed || r.Report.ReviewerName != b.Office.Accounts[0].Name {
		t.Errorf("report %s reviewed by %q", r.Report.Status, r.Report.ReviewerName)
	}
	for _, row := range r.Rows {
		if row.Line.LineID == red.Line.LineID && (row.Item.Issue != issue || row.Item.Implication != impl || row.Item.AccountableID != off.Staff["PD"][0]) {
			t.Errorf("saved IIAA: %+v", row.Item)
		}
	}
	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}
}

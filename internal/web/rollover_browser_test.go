package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// TestBrowserRollover: the pengelola kinerja opens the rollover of the next
// year, runs a dry run and reads its summary (the year stays unopened), then
// runs it and finds the office's plans of the new year as drafts (SPEC §15).
func TestBrowserRollover(t *testing.T) {
	b := browsertest.StartAt(t, realNow)
	ctx := context.Background()
	off := b.Office
	next := off.Year + 1
	page := "/years/" + strconv.Itoa(next) + "/rollover"

	peng := tabOf(t, b, off.Pengelola)
	peng.open(page)
	from, err := chromedp.Run(peng.ctx, chromedp.Evaluate[string](`document.querySelector("[name='from']").value`))
	if err != nil || from != strconv.Itoa(off.Year) {
		t.Fatalf("the form proposes rolling over from %q (%v), want %d:\n%s", from, err, off.Year, peng.text())
	}
	peng.submit(chromedp.Click(chromedp.CSS("button[name=action][value=preview]")))
	if !peng.has("#rollover-summary") || !strings.Contains(peng.text(), i18n.Translate("id", "rollover.dry_run", nil)) {
		t.Fatalf("no dry-run summary:\n%s", peng.text())
	}
	plans := summaryCount(t, peng, i18n.Translate("id", "rollover.count.plans", nil))
	if plans == 0 {
		t.Fatalf("the dry run copies no plan:\n%s", peng.text())
	}
	if _, err := b.Service.GetYear(ctx, service.SystemActor(), next); err == nil {
		t.Fatal("the dry run opened the year")
	}

	peng.submit(chromedp.Click(chromedp.CSS("button[name=action][value=run]")))
	office := b.Chart(t).Units[off.OfficeID].Name
	done := i18n.Translate("id", "rollover.done", map[string]any{"year": next, "from": off.Year, "office": office})
	if !strings.Contains(peng.text(), done) {
		t.Fatalf("the run does not say what it did (%q):\n%s", done, peng.text())
	}
	if got := summaryCount(t, peng, i18n.Translate("id", "rollover.count.plans", nil)); got != plans {
		t.Errorf("the run copied %d plans, the dry run announced %d", got, plans)
	}

	peng.open("/plans?year=" + strconv.Itoa(next))
	n, err := chromedp.Run(peng.ctx, chromedp.Evaluate[int](`document.querySelectorAll("main table .pill-draft").length`))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || peng.has("main table .pill-approved") || peng.has("main table .pill-submitted") {
		t.Errorf("the plans of %d are not all drafts (%d drafts shown):\n%s", next, n, peng.text())
	}
}

// summaryCount reads a count of the rollover summary by its label.
func summaryCount(t *testing.T, x *tab, label string) int {
	t.Helper()
	s, err := chromedp.Run(x.ctx, chromedp.Evaluate[string](`(() => {
		for (const tr of document.querySelectorAll("#rollover-summary tr")) {
			if (tr.cells[0].textContent.trim() === `+strconv.Quote(label)+`) return tr.cells[1].textContent.trim();
		}
		return "";
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		t.Fatalf("the summary has no count %q:\n%s", label, x.text())
	}
	return n
}

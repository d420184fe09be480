package browsertest_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
)

// The Kepala Kanwil signs in and finds the region on the home page: a row
// per office below with its NKO, and from there the office's dashboard,
// read-only; the Kanwil's own IKUs follow on the home page.
func TestKanwilHeadHome(t *testing.T) {
	b := browsertest.Start(t)
	ctx := b.Tab(t)
	console := browsertest.Console(t, ctx)
	b.Login(t, ctx, b.Username(t, b.Office.KanwilHead), "/")

	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#region tbody tr').length`))
	if err != nil || rows < 2 {
		t.Fatalf("the region lists %d offices (%v)", rows, err)
	}
	ikus, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.dh-lines > tbody > tr').length`))
	if err != nil || ikus != 8 {
		t.Errorf("the Kanwil's own IKUs: %d rows (%v)", ikus, err)
	}
	sel := `#region tr[data-office="` + strconv.FormatInt(b.Office.OfficeID, 10) + `"] th a`
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("open the office's dashboard: %v", err)
	}
	if loc := b.Location(t, ctx); !strings.Contains(loc, "/dashboard?") || !strings.Contains(loc, "office="+strconv.FormatInt(b.Office.OfficeID, 10)) {
		t.Errorf("the link led to %s", loc)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "1a-N") {
		t.Errorf("the office's dashboard lacks its IKUs (%v)", err)
	}
	forms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main form[method="post"]').length`))
	if err != nil || forms != 0 {
		t.Errorf("the office's dashboard offers %d forms to the Kanwil head (%v)", forms, err)
	}
	b.Screenshot(t, ctx, "kanwil-home")
	for _, m := range console() {
		if m.Type == "error" || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s %s", m.Type, m.Text)
		}
	}
}

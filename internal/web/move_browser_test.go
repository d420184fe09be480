package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinerja/kinerja/internal/browsertest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// TestBrowserTransfer: on the demo's fixed day (7 October) the pengelola
// kinerja records on the assignment page that a Seksi Verifikasi clerk
// moves to Seksi Bank on 8 October; the clerk finds the new draft SKP in
// the inbox; the Kepala Seksi Verifikasi still validates the Q3 sheet the
// clerk submitted on the old SKP, and the Kepala Seksi Bank is not offered
// it (SPEC §13).
func TestBrowserTransfer(t *testing.T) {
	b := browsertest.Start(t)
	ctx := context.Background()
	svc, off, sys := b.Service, b.Office, service.SystemActor()

	// A clerk of Seksi Verifikasi whose Q3 sheet they have submitted moves
	// to Seksi Bank.
	var clerk int64
	var old domain.Plan
	for _, emp := range off.Staff["VERA"] {
		plans, err := svc.PlansOf(ctx, sys, off.Year, emp)
		if err != nil || len(plans) != 1 {
			continue
		}
		if v, err := svc.GetSheet(ctx, sys, plans[0].ID, 3); err == nil && v.Sheet.Status == domain.SheetSubmitted {
			clerk, old = emp, plans[0]
			break
		}
	}
	if clerk == 0 {
		t.Fatal("no Seksi Verifikasi clerk with a submitted Q3 sheet in the demo office")
	}
	c := b.Chart(t)
	var target int64
	for _, id := range c.UnitPositions(off.Sections["BANK"]) {
		if p := c.Positions[id]; p.Kind == domain.PosPelaksana && target == 0 {
			target = id
		}
	}

	peng := tabOf(t, b, off.Pengelola)
	peng.open("/employees/" + strconv.FormatInt(clerk, 10) + "/assign")
	peng.submit(append(fill(map[string]string{"position_id": strconv.FormatInt(target, 10), "start_date": "2026-10-08",
		"note": "Mutasi antarseksi"}), chromedp.Click(chromedp.CSS("form.card button[type=submit]")))...)
	plans, err := svc.PlansOf(ctx, sys, off.Year, clerk)
	if err != nil || len(plans) != 2 || plans[0].ID != old.ID {
		t.Fatalf("after the transfer the clerk's plans are %+v (%v):\n%s", plans, err, peng.text())
	}
	if plans[0].PeriodEnd.Format("2006-01-02") != "2026-10-07" || plans[1].PeriodStart.Format("2006-01-02") != "2026-10-08" || plans[1].PositionID != target {
		t.Fatalf("periods after the transfer: %+v", plans)
	}
	cur := "/plans/" + strconv.FormatInt(plans[1].ID, 10)

	emp := tabOf(t, b, clerk)
	emp.open("/inbox")
	if !emp.has("main a[href^='" + cur + "']") {
		t.Errorf("the clerk's inbox has no link to the new SKP %s:\n%s", cur, emp.text())
	}
	emp.open(cur)
	if !emp.has(".planhead .pill-draft") {
		t.Errorf("the new SKP is not a draft:\n%s", emp.text())
	}

	sheet := "/plans/" + strconv.FormatInt(old.ID, 10) + "/quarters/3"
	bank := tabOf(t, b, off.SectionLed["BANK"])
	bank.open(sheet)
	if bank.has("form[action$='/validate']") {
		t.Error("the new supervisor is offered the old SKP's Q3 sheet to validate")
	}
	kasi := tabOf(t, b, off.SectionLed["VERA"])
	kasi.open(sheet)
	kasi.submit(chromedp.Click(chromedp.CSS("form[action$='/validate'] button")))
	if v, err := svc.GetSheet(ctx, sys, old.ID, 3); err != nil || v.Sheet.Status != domain.SheetValidated {
		t.Fatalf("the old SKP's Q3 sheet after the former supervisor validated it: %v %v\n%s", v.Sheet.Status, err, kasi.text())
	}
	if !strings.Contains(kasi.text(), c.Employees[clerk].Name) {
		t.Errorf("the validated sheet does not name the clerk:\n%s", kasi.text())
	}
}

package service_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// A closed quarter keeps the office score it closed with: a new objective
// without IKU or new perspective weights change only the open quarters
// (SPEC §12), everywhere the score is shown; an approved correction of a
// PK line recomputes the closed quarter from its frozen map and says so.
func testClosedQuarterFrozen(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	head, peng := d.actor(t, d.off.Head), d.actor(t, d.off.Pengelola)
	nko := func(q int) service.NKOView {
		t.Helper()
		v, err := d.svc.NKO(ctx, peng, d.off.Year, q, d.off.OfficeID, true)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	trend := func() [4]service.NKOView {
		t.Helper()
		hd, err := d.svc.HeadDashboard(ctx, head, d.off.Year, d.off.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		return hd.Trend
	}
	var before [2]service.NKOView
	for q := 1; q <= 2; q++ {
		before[q-1] = nko(q)
		if !before[q-1].Official || before[q-1].Frozen == nil || before[q-1].Result.Predicate == "" {
			t.Fatalf("Q%d of the demo is closed: official %v, frozen %v", q, before[q-1].Official, before[q-1].Frozen != nil)
		}
	}
	q3 := nko(3)

	// The head adds an objective that has no IKU yet, and moves the weights.
	if _, err := d.svc.SaveObjective(ctx, head, d.off.Year, d.off.OfficeID, 0, service.ObjectiveInput{
		PerspectiveKind: domain.PerspCustomer, Code: "SS-99", Name: "Sasaran baru tanpa IKU"}); err != nil {
		t.Fatal(err)
	}
	var in []service.PerspectiveInput
	for _, p := range before[0].Map.Perspectives {
		w := p.Weight
		switch p.Kind {
		case domain.PerspStakeholder:
			w -= 5
		case domain.PerspLearning:
			w += 5
		}
		in = append(in, service.PerspectiveInput{Kind: p.Kind, Name: p.Name, Weight: w, Present: true})
	}
	if _, err := d.svc.SetPerspectives(ctx, head, d.off.Year, d.off.OfficeID, in); err != nil {
		t.Fatal(err)
	}

	tr := trend()
	ov, err := d.svc.Overview(ctx, peng, d.off.Year, 1)
	if err != nil {
		t.Fatal(err)
	}
	for q := 1; q <= 2; q++ {
		v, b := nko(q), before[q-1]
		if v.Result.NKO != b.Result.NKO || v.Result.Predicate != b.Result.Predicate || !v.Official {
			t.Errorf("closed Q%d moved: %v (%s) → %v (%s)", q, b.Result.NKO, b.Result.Predicate, v.Result.NKO, v.Result.Predicate)
		}
		if len(v.Map.Objectives) != len(b.Map.Objectives) || v.Map.Perspectives[0].Weight != b.Map.Perspectives[0].Weight {
			t.Errorf("closed Q%d shows the new map", q)
		}
		if tr[q-1].Result.NKO != b.Result.NKO || !tr[q-1].Official {
			t.Errorf("dashboard trend Q%d = %v, want %v", q, tr[q-1].Result.NKO, b.Result.NKO)
		}
	}
	if o := ov.Offices[0]; !o.Official || o.NKO.V != before[0].Result.NKO {
		t.Errorf("overview Q1 = %v, want %v", o.NKO, before[0].Result.NKO)
	}
	// The open quarter follows the new map: the empty objective is left
	// out, never counted as 0.
	v3 := nko(3)
	if !v3.Available() || v3.Result.Predicate == "" || v3.Result.NKO == q3.Result.NKO || v3.Frozen != nil {
		t.Errorf("open Q3 after the new weights: %v (%s), before %v", v3.Result.NKO, v3.Result.Predicate, q3.Result.NKO)
	}

	// A correction of a closed Q1 PK line changes Q1, with the map it closed with.
	b := before[0]
	var line service.IKUFigure
	for _, f := range b.IKUs {
		if f.Realisation.OK && f.Achievement.OK && f.Achievement.V < 110 {
			line = f
			break
		}
	}
	if line.LineID == 0 {
		t.Fatal("no PK line to correct in Q1")
	}
	sheet, err := d.svc.GetSheet(ctx, head, b.PlanID, 1)
	if err != nil {
		t.Fatal(err)
	}
	var own calc.Opt
	for _, l := range sheet.Lines {
		if l.Indicator.LineID == line.LineID {
			own = l.Realisation.Value
		}
	}
	c, err := d.svc.RequestCorrection(ctx, head, b.PlanID, 1, line.LineID, calc.Some(own.V*1.05+1), "", "Data SP2D terlambat masuk", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.DecideCorrection(ctx, peng, c.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	v := nko(1)
	if v.Result.NKO == b.Result.NKO || v.Frozen == nil || len(v.Frozen.Corrections) != 1 {
		t.Fatalf("Q1 after the correction: %v (was %v), frozen %+v", v.Result.NKO, b.Result.NKO, v.Frozen)
	}
	if cr := v.Frozen.Corrections[0]; cr.Reason != "Data SP2D terlambat masuk" || cr.CorrectionID != c.ID || cr.By == "" || cr.LineID != line.LineID {
		t.Errorf("correction record %+v", cr)
	}
	if len(v.Map.Objectives) != len(b.Map.Objectives) || v.Map.Perspectives[0].Weight != b.Map.Perspectives[0].Weight {
		t.Error("the corrected Q1 uses the new map")
	}
	if tr := trend(); tr[0].Result.NKO != v.Result.NKO {
		t.Errorf("dashboard Q1 after the correction = %v, want %v", tr[0].Result.NKO, v.Result.NKO)
	}
	if v2 := nko(2); v2.Result.NKO != before[1].Result.NKO {
		t.Errorf("Q2 moved with a Q1 correction: %v → %v", before[1].Result.NKO, v2.Result.NKO)
	}
}

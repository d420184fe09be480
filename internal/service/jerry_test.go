package service_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// jerryOrg is the realisation organisation with Jerry, a pelaksana in
// office A's section (two levels below the head), whose Q1 is reported and
// assessed to reach the figures of the KMK example. His first four IKIs
// state his own work result; the fifth does not.
type jerryOrg struct {
	*realOrg
	jerry authz.Actor
	id    int64
	plan  domain.Plan
}

func newJerryOrg(t *testing.T, st *store.Store) *jerryOrg {
	t.Helper()
	ctx := context.Background()
	o := newRealOrg(t, st, nil, 0)
	svc, A := o.svc, o.A
	o.clock.now = time.Date(2026, 1, 12, 9, 0, 0, 0, wib)
	pos := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: A.Section.ID, Title: "Pelaksana Pencairan Dana", Kind: domain.PosPelaksana, ReportsToID: A.SecHeadPos.ID}))
	e := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Jerry Hutapea"}, pos.ID, day(2025, 1, 2)))
	jerry := o.account(t, "jerry", domain.RoleEmployee, e.ID)
	plan := must[domain.Plan](t)(svc.OpenPlan(ctx, jerry, o.year, e.ID))
	for i := 1; i <= 5; i++ {
		in := realLine(fmt.Sprintf("J-%d", i), [4]float64{100, 100, 100, 100})
		in.Manual.Validity, in.Manual.Control = "proxy", "moderate"
		in.Manual.Unit, in.Manual.Formula = "dokumen", "jumlah dokumen yang diselesaikan"
		if i < 5 {
			in.Manual.Result = fmt.Sprintf("Dokumen pencairan %d selesai", i)
		}
		if _, err := svc.SaveLine(ctx, jerry, plan.ID, 0, -1, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.SubmitPlan(ctx, jerry, plan.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, A.SecHeadActor, plan.ID, -1); err != nil {
		t.Fatal(err)
	}

	// Q1: Jerry's realisations and the PK's.
	o.clock.now = time.Date(2026, 4, 2, 9, 0, 0, 0, wib)
	realise := func(planID int64, values ...float64) []service.RealisationInput {
		var in []service.RealisationInput
		for i, l := range o.sheet(t, planID, 1).Lines {
			in = append(in, service.RealisationInput{LineID: l.Indicator.LineID, Value: calc.Some(values[i]),
				Raw: []domain.RawRow{{Name: service.RawNumerator, Value: values[i]}, {Name: service.RawDenominator, Value: 100}}})
		}
		return in
	}
	if _, err := svc.SaveRealisations(ctx, jerry, plan.ID, 1, -1, realise(plan.ID, 110, 105, 108.12, 112, 105.48)); err != nil {
		t.Fatal(err)
	}
	// IKU-1: 76 of 80 = 95 %; IKU-2: 47.3 of 50 = 94.6 %.
	if _, err := svc.SaveRealisations(ctx, A.HeadActor, o.pk.ID, 1, -1, realise(o.pk.ID, 76, 47.3)); err != nil {
		t.Fatal(err)
	}

	// The 360° assessment: the section head and a peer.
	o.clock.now = time.Date(2026, 4, 5, 9, 0, 0, 0, wib)
	if err := svc.SetRaters(ctx, A.SecHeadActor, plan.ID, 1, []int64{A.Staff.ID}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveBehaviour(ctx, A.SecHeadActor, plan.ID, 1, []float64{90, 92, 93, 91, 92, 93, 91.6}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveBehaviour(ctx, A.StaffActor, plan.ID, 1, []float64{92, 91, 92, 93, 90, 92, 92.6}); err != nil {
		t.Fatal(err)
	}

	return &jerryOrg{realOrg: o, jerry: jerry, id: e.ID, plan: plan}
}

// TestKMKJerryThroughTheService is the KMK 127/2026 worked example of
// "Jerry" (Tabel 47): calibrated NHK 106.09 and NPK 91.8, two levels below
// the head of an office whose NKO is 94.8, give NKP 100.2 with the work
// result read at 102.7 (above) and behaviour at 92.1 (meets): Baik. The
// regulation gives the figures, not what lies behind them, so the fixture
// is built to reach them: Jerry's five IKIs are proxy × moderate and new
// without history (K3 1.0) and realised at a mean of 108.12 % of their targets (calibrated
// 100 + 8.12 × 0.75 = 106.09); both raters' seven scores add up to 642.6;
// the PK's two IKUs are realised at 95 % and 94.6 % of their Q1 targets.
func TestKMKJerryThroughTheService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newJerryOrg(t, st)
		// What GET /api/v1/employees/{id}/scores/2026/1 answers.
		v, err := o.svc.EmployeeScoreIn(ctx, o.jerry, o.id, o.year, 1)
		if err != nil {
			t.Fatal(err)
		}
		if v.Result == nil {
			t.Fatalf("no score: %v", v.Missing)
		}
		r := v.Result
		got := []float64{calc.Round2(r.NHKCalibrated), calc.Round2(r.NPKCalibrated), calc.Round2(v.NKO.V)}
		if want := []float64{106.09, 91.8, 94.8}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("calibrated NHK, NPK, NKO = %v, want %v", got, want)
		}
		round1 := func(x float64) float64 { return math.Round(x*10) / 10 }
		if round1(r.NKP) != 100.2 || round1(r.WorkValue) != 102.7 || round1(r.BehaviourValue) != 92.1 {
			t.Errorf("NKP %.4f, work %.4f, behaviour %.4f; want 100.2, 102.7, 92.1", r.NKP, r.WorkValue, r.BehaviourValue)
		}
		if r.Reading != calc.ReadingTabel47 || r.WorkRating != calc.RatingAbove || r.BehaviourRating != calc.RatingMeets || r.Predicate != "Baik" {
			t.Errorf("reading %s, ratings %s × %s → %s; want tabel_47, above × meets → Baik", r.Reading, r.WorkRating, r.BehaviourRating, r.Predicate)
		}
	})
}

// TestEvaluationPrintsOwnResults: the annual evaluation document and the
// e-Kinerja export name each work result as the SKP does, the employee's
// own result where the line states one, else the indicator.
func TestEvaluationPrintsOwnResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newJerryOrg(t, st)
		pdf, err := o.svc.EvaluationPDF(ctx, o.jerry, o.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfText(t, pdf)
		mustContain(t, "evaluation", pages, "J-1 Dokumen pencairan 1 selesai", "J-4 Dokumen pencairan 4 selesai", "J-5 Indikator J-5", "Hasil Kerja")
		if all := strings.Join(pages, "\n"); strings.Contains(all, "Indikator J-1") {
			t.Errorf("the evaluation prints the indicator where the own result exists:\n%s", all)
		}
		x, err := o.svc.EKinerja(ctx, o.A.PengActor, o.A.Unit.ID, o.year)
		if err != nil {
			t.Fatal(err)
		}
		var row *service.ExportRow
		for i := range x.Rows {
			if x.Rows[i].Name == "Jerry Hutapea" {
				row = &x.Rows[i]
			}
		}
		if row == nil {
			t.Fatalf("no row for Jerry: %+v", x.Rows)
		}
		for _, want := range []string{"J-1 Dokumen pencairan 1 selesai: target", "J-5 Indikator J-5: target"} {
			if !strings.Contains(row.WorkResults, want) {
				t.Errorf("work results %q lack %q", row.WorkResults, want)
			}
		}
		if strings.Contains(row.WorkResults, "Indikator J-1") {
			t.Errorf("the export names the indicator where the own result exists: %q", row.WorkResults)
		}
	})
}

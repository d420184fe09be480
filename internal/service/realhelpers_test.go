package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
)

// realOrg is the test organisation with a year of approved plans to report
// against: office A's PK and the SKPs of its section head, staff member and
// pengelola kinerja, plus a second section whose head supervises nobody in
// the first, and a second pengelola kinerja to decide corrections.
type realOrg struct {
	*org
	year      int
	pk        domain.Plan
	secSKP    domain.Plan
	staffSKP  domain.Plan
	otherHead authz.Actor // head of office A's second section
	peng2     authz.Actor // another pengelola kinerja of office A
	blobs     blob.Store
	staging   string // where uploads wait while they are checked
}

// realLine is a plan line as the tests need it: targets in Q1, Q2 and Q4
// only for the one named without Q3, and a manual asking for raw data and a
// supporting document.
func realLine(code string, targets [4]float64) service.LineInput {
	in := service.LineInput{Code: code, Name: "Indikator " + code, CascadeType: domain.CascadeNone}
	for q, t := range targets {
		if t != 0 {
			in.Targets[q] = calc.Some(t)
		}
	}
	in.Manual = domain.Manual{Description: "Uraian " + code, Formula: "selesai ÷ seluruh × 100%", Unit: "%", Validity: "exact", Control: "moderate",
		PeriodConsolidation: "last", Polarity: "maximize", HistoryKind: "new_without_history",
		Evidence: []domain.EvidenceItem{{Kind: domain.EvidenceRaw, Name: "Rekap " + code}, {Kind: domain.EvidenceSupporting, Name: "Laporan " + code}}}
	return in
}

// newRealOrg builds the organisation on s with evidence files kept in blobs
// (memory when nil) and the given upload limit (the default when 0).
func newRealOrg(t testing.TB, s *store.Store, blobs blob.Store, maxUpload int64) *realOrg {
	t.Helper()
	ctx := context.Background()
	base := newOrg(t, s)
	if blobs == nil {
		blobs = blob.NewMemory()
	}
	// The tests' service keeps evidence where the test can look, by the org's clock.
	staging := t.TempDir()
	base.svc = service.New(s, service.Options{Now: base.clock.Now, Location: wib, PasswordParams: &auth.TestParams, Blobs: blobs,
		StagingDir: staging, MaxUpload: maxUpload})
	o := &realOrg{org: base, year: 2026, blobs: blobs, staging: staging}
	svc, A := o.svc, o.A
	if _, err := svc.CreateYear(ctx, sys, o.year, ""); err != nil {
		t.Fatal(err)
	}
	// A second section in office A, and a second pengelola kinerja.
	sec2 := must[domain.Unit](t)(svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: A.Unit.ID, Code: "OFF-A-BANK", Name: "Seksi Bank A", Kind: domain.UnitSection}))
	pos2 := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: sec2.ID, Title: "Kepala Seksi Bank A", Kind: domain.PosPengawas, ReportsToID: A.HeadPos.ID}))
	e2 := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Kasi Bank A"}, pos2.ID, day(2025, 1, 2)))
	o.otherHead = o.account(t, "kasi.bank.a", domain.RoleEmployee, e2.ID)
	pos3 := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: A.Section.ID, Title: "Pengelola Kinerja 2 A", Kind: domain.PosPelaksana, ReportsToID: A.SecHeadPos.ID}))
	e3 := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Pengelola Dua A"}, pos3.ID, day(2025, 1, 2)))
	o.peng2 = o.account(t, "pengelola2.a", domain.RolePengelola, e3.ID)

	o.clock.now = time.Date(2026, 1, 10, 9, 0, 0, 0, wib)
	obj := must[domain.Objective](t)(svc.SaveObjective(ctx, A.HeadActor, o.year, A.Unit.ID, 0,
		service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-1", Name: "Layanan prima"}))
	o.pk = must[domain.Plan](t)(svc.OpenPlan(ctx, A.HeadActor, o.year, A.Head.ID))
	for i, in := range []service.LineInput{realLine("IKU-1", [4]float64{80, 85, 90, 95}), realLine("IKU-2", [4]float64{50, 60, 0, 80})} {
		in.CascadeType, in.ObjectiveID = domain.CascadePeta, obj.ID
		if _, err := svc.SaveLine(ctx, A.HeadActor, o.pk.ID, 0, -1, in); err != nil {
			t.Fatalf("PK line %d: %v", i, err)
		}
	}
	if _, err := svc.SubmitPlan(ctx, A.HeadActor, o.pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, A.PengActor, o.pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	o.secSKP = o.skp(t, A.SecHeadActor, A.HeadActor, "S")
	o.staffSKP = o.skp(t, A.StaffActor, A.SecHeadActor, "T")
	o.skp(t, A.PengActor, A.SecHeadActor, "P")
	o.clock.now = time.Date(2026, 10, 3, 9, 0, 0, 0, wib) // Q3 ended; its deadline is 10 October
	return o
}

// skp draws up, submits and approves an SKP of three lines, the last
// without a target in Q3.
func (o *realOrg) skp(t testing.TB, owner, approver authz.Actor, prefix string) domain.Plan {
	t.Helper()
	ctx := context.Background()
	p := must[domain.Plan](t)(o.svc.OpenPlan(ctx, owner, o.year, owner.EmployeeID()))
	for i, targets := range [][4]float64{{80, 85, 90, 95}, {90, 90, 90, 90}, {50, 60, 0, 80}} {
		if _, err := o.svc.SaveLine(ctx, owner, p.ID, 0, -1, realLine(fmt.Sprintf("%s-%d", prefix, i+1), targets)); err != nil {
			t.Fatalf("SKP line %s-%d: %v", prefix, i+1, err)
		}
	}
	if _, err := o.svc.SubmitPlan(ctx, owner, p.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := o.svc.ApprovePlan(ctx, approver, p.ID, -1); err != nil {
		t.Fatal(err)
	}
	return p
}

// sheet returns a quarter sheet as the system sees it.
func (o *realOrg) sheet(t testing.TB, planID int64, q int) service.SheetView {
	t.Helper()
	v, err := o.svc.GetSheet(context.Background(), sys, planID, q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// report fills every targeted line of a sheet (value = target + 1, with a
// raw-data table) and attaches a supporting link, as its owner.
func (o *realOrg) report(t testing.TB, owner authz.Actor, planID int64, q int) service.SheetView {
	t.Helper()
	ctx := context.Background()
	v := o.sheet(t, planID, q)
	var in []service.RealisationInput
	var ev []service.EvidenceInput
	for _, l := range v.Lines {
		if !l.HasTarget {
			continue
		}
		val := l.Indicator.Targets[q-1].V + 1
		in = append(in, service.RealisationInput{LineID: l.Indicator.LineID, Value: calc.Some(val),
			Raw: []domain.RawRow{{Name: service.RawNumerator, Value: val * 2}, {Name: service.RawDenominator, Value: 200}}})
		ev = append(ev, service.EvidenceInput{LineID: l.Indicator.LineID, Kind: domain.EvidenceSupporting, URL: "https://intranet.example.go.id/laporan/" + l.Indicator.Code})
	}
	if _, err := o.svc.SaveRealisations(ctx, owner, planID, q, -1, in); err != nil {
		t.Fatalf("save: %v", err)
	}
	if _, err := o.svc.AddEvidence(ctx, owner, planID, q, ev...); err != nil {
		t.Fatalf("evidence: %v", err)
	}
	return o.sheet(t, planID, q)
}

// checksOf marks every targeted line of a sheet as matching its evidence.
func checksOf(v service.SheetView) []service.Check {
	var out []service.Check
	for _, l := range v.Lines {
		if l.HasTarget {
			out = append(out, service.Check{LineID: l.Indicator.LineID, OK: true, Comment: "sesuai"})
		}
	}
	return out
}

// lineOf returns the sheet line with a code.
func lineOf(t testing.TB, v service.SheetView, code string) service.SheetLine {
	t.Helper()
	for _, l := range v.Lines {
		if l.Indicator.Code == code {
			return l
		}
	}
	t.Fatalf("no line %s", code)
	return service.SheetLine{}
}

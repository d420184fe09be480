package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// hierOrg is the test organisation with the region worked as an office (a
// Kanwil): a head and a pengelola kinerja, its map and a PK whose IKUs
// offices A and B cascade from.
type hierOrg struct {
	*org
	head, peng         authz.Actor
	headEmp            domain.Employee
	pk, pkA, pkB       int64
	lines, linesA, lnB map[string]int64
}

// The region's IKUs: L1–L3 take their figures from A and B (sum, average,
// last), L4 is consolidated too but nobody cascades from it and has a
// target only in Q2, R1 is the region's own.
var hierIKUs = []struct {
	code, loc string
	targets   [4]float64
}{
	{"L1", "sum", [4]float64{40, 40, 40, 40}},
	{"L2", "average", [4]float64{90, 90, 90, 90}},
	{"L3", "last", [4]float64{4, 4, 4, 4}},
	{"L4", "sum", [4]float64{nan, 10, nan, nan}},
	{"R1", "", [4]float64{100, 100, 100, 100}},
}

var nan = func() float64 { var z float64; return z / z }()

func hierLine(code, objective int64, name string, targets [4]float64) service.LineInput {
	in := lineInput(lckLine{code: name, polarity: "maximize", cons: "last"}, objective)
	for q, t := range targets {
		in.Targets[q] = calc.Opt{}
		if t == t {
			in.Targets[q] = calc.Some(t)
		}
	}
	return in
}

func newHierOrg(t *testing.T, s *store.Store) *hierOrg {
	t.Helper()
	ctx := context.Background()
	o := &hierOrg{org: newOrg(t, s), lines: map[string]int64{}, linesA: map[string]int64{}, lnB: map[string]int64{}}
	svc := o.svc
	start := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	hp := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: o.region.ID, Title: "Kepala Kantor", Kind: domain.PosHead}))
	sec := must[domain.Unit](t)(svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: o.region.ID, Code: "KANWIL-UMUM", Name: "Bagian Umum", Kind: domain.UnitSection}))
	pp := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: sec.ID, Title: "Pengelola Kinerja", Kind: domain.PosPelaksana, ReportsToID: hp.ID}))
	o.headEmp = must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Kepala Kanwil"}, hp.ID, start))
	pe := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Pengelola Kanwil"}, pp.ID, start))
	o.head = o.account(t, "head.kanwil", domain.RoleEmployee, o.headEmp.ID)
	o.peng = o.account(t, "pengelola.kanwil", domain.RolePengelola, pe.ID)
	if _, err := svc.CreateYear(ctx, sys, lckYear, ""); err != nil {
		t.Fatal(err)
	}
	objective := func(a authz.Actor, office int64) int64 {
		ob, err := svc.SaveObjective(ctx, a, lckYear, office, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-1", Name: "Sasaran"})
		if err != nil {
			t.Fatal(err)
		}
		return ob.ID
	}
	// The region's PK, at the top of the installed tree.
	obj := objective(o.head, o.region.ID)
	pk := must[domain.Plan](t)(svc.OpenPlan(ctx, o.head, lckYear, o.headEmp.ID))
	o.pk = pk.ID
	for _, l := range hierIKUs {
		in := hierLine(0, obj, l.code, l.targets)
		in.Manual.ByLocation, in.Manual.LocationConsolidation = l.loc != "", l.loc
		ind, err := svc.SaveLine(ctx, o.head, pk.ID, 0, -1, in)
		if err != nil {
			t.Fatalf("IKU %s: %v", l.code, err)
		}
		o.lines[l.code] = ind.LineID
	}
	if _, err := svc.SubmitPlan(ctx, o.head, pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetSignatory(ctx, o.peng, lckYear, o.region.ID, service.SignatoryInput{Name: "Direktur Jenderal", Position: "Direktur Jenderal Perbendaharaan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, o.peng, pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	// The offices' PKs cascade L1–L3, partially, and are approved by the region's head.
	for _, f := range []struct {
		off   office
		plan  *int64
		lines map[string]int64
	}{{o.A, &o.pkA, o.linesA}, {o.B, &o.pkB, o.lnB}} {
		obj := objective(f.off.HeadActor, f.off.Unit.ID)
		p := must[domain.Plan](t)(svc.OpenPlan(ctx, f.off.HeadActor, lckYear, f.off.Head.ID))
		*f.plan = p.ID
		for _, code := range []string{"L1", "L2", "L3"} {
			in := hierLine(0, obj, code+"-"+f.off.Unit.Code, [4]float64{20, 20, 20, 20})
			in.ParentLineID, in.CascadeMethod = o.lines[code], domain.MethodPartial
			ind, err := svc.SaveLine(ctx, f.off.HeadActor, p.ID, 0, -1, in)
			if err != nil {
				t.Fatalf("%s of %s: %v", code, f.off.Unit.Code, err)
			}
			f.lines[code] = ind.LineID
		}
		if _, err := svc.SubmitPlan(ctx, f.off.HeadActor, p.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ApprovePlan(ctx, f.off.PengActor, p.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the office's own pengelola approving its PK: %v", err)
		}
		if _, err := svc.ApprovePlan(ctx, o.head, p.ID, -1); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// sendOn takes an office's PK sheet of a quarter through submission,
// validation and verification by its own pengelola kinerja.
func sendOn(t *testing.T, svc *service.Service, f office, planID int64, q int, values map[int64]float64) {
	t.Helper()
	ctx := context.Background()
	var in []service.RealisationInput
	var checks []service.Check
	for id, v := range values {
		in = append(in, service.RealisationInput{LineID: id, Value: calc.Some(v), Confirm: true})
		checks = append(checks, service.Check{LineID: id, OK: true})
	}
	if _, err := svc.SaveRealisations(ctx, f.HeadActor, planID, q, -1, in); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitSheet(ctx, f.HeadActor, planID, q, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ValidateSheet(ctx, f.PengActor, planID, q, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.VerifySheet(ctx, f.PengActor, planID, q, -1, checks); err != nil {
		t.Fatal(err)
	}
}

func hierLineOf(t *testing.T, v service.SheetView, id int64) service.SheetLine {
	t.Helper()
	for _, l := range v.Lines {
		if l.Indicator.LineID == id {
			return l
		}
	}
	t.Fatalf("line %d not in the sheet", id)
	return service.SheetLine{}
}

// TestPKBetweenTwoHeads: the head of the office above approves a PK and is
// its second party, by name, NIP and post; at the top of the tree the year's
// recorded head is.
func TestPKBetweenTwoHeads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newHierOrg(t, s)
		view, err := o.svc.GetPlan(ctx, o.A.HeadActor, o.pkA, 0)
		if err != nil {
			t.Fatal(err)
		}
		sg := view.Signatories
		if sg == nil || sg.First.EmployeeID != o.A.Head.ID || sg.First.Position != "Kepala Kantor A" ||
			sg.Second.EmployeeID != o.headEmp.ID || sg.Second.NIP != o.headEmp.NIP || sg.Second.Position != "Kepala Kantor Wilayah" {
			t.Errorf("signatories of A's PK: %+v", sg)
		}
		view, err = o.svc.GetPlan(ctx, o.head, o.pk, 0)
		if err != nil {
			t.Fatal(err)
		}
		if sg := view.Signatories; sg.Second.EmployeeID != 0 || sg.Second.Name != "Direktur Jenderal" || sg.Second.Position != "Direktur Jenderal Perbendaharaan" {
			t.Errorf("signatories of the region's PK: %+v", sg)
		}
		// With the head of the unit above in the system, nothing is recorded.
		if _, err := o.svc.SetSignatory(ctx, o.A.PengActor, lckYear, o.A.Unit.ID, service.SignatoryInput{Name: "x", Position: "y"}); err == nil {
			t.Error("a second party recorded for an office whose upper head is in the system")
		}
		f, err := o.svc.PlanPDF(ctx, o.A.HeadActor, o.pkA, 0)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "PK of A", pdfText(t, f.Data), "Kepala A", "NIP "+domain.FormatNIP(o.A.Head.NIP), "Kepala Kantor A",
			"Kepala Kanwil", "NIP "+domain.FormatNIP(o.headEmp.NIP), "Kepala Kantor Wilayah", "Pihak Kedua", "Pihak Pertama")
	})
}

// TestCascadeAcrossOffices: a lower IKU's parent must be in the PK of the
// office directly above; the region's tree reaches the offices' plans.
func TestCascadeAcrossOffices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newHierOrg(t, s)
		// B cannot take A's IKU as parent, nor A the region's IKU in a plan being built wrongly.
		v, err := o.svc.AmendPlan(ctx, o.B.HeadActor, o.pkB, "Penyesuaian")
		if err != nil {
			t.Fatal(err)
		}
		_ = v
		m, err := o.svc.StrategyMap(ctx, o.B.HeadActor, lckYear, o.B.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := hierLine(0, m.Map.Objectives[0].ID, "X1", [4]float64{1, 1, 1, 1})
		in.ParentLineID, in.CascadeMethod = o.linesA["L1"], domain.MethodPartial
		_, err = o.svc.SaveLine(ctx, o.B.HeadActor, o.pkB, 0, -1, in)
		if fieldOf(err, "parent_line_id") != "hier.parent_not_above" {
			t.Errorf("a parent in a sibling office: %v", err)
		}
		in.ParentLineID, in.CascadeMethod, in.Manual.ByLocation = 0, "", true
		if _, err = o.svc.SaveLine(ctx, o.B.HeadActor, o.pkB, 0, -1, in); fieldOf(err, "by_location") != "hier.by_location_no_lower" {
			t.Errorf("consolidation by location in an office with nothing below: %v", err)
		}

		tree, err := o.svc.CascadeTree(ctx, o.head, lckYear, o.region.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var l1 *service.CascadeNode
		for _, n := range tree.Objectives[0].IKUs {
			if n.LineID == o.lines["L1"] {
				l1 = n
			}
		}
		if l1 == nil || l1.OfficeID != o.region.ID || len(l1.Children) != 2 {
			t.Fatalf("L1 in the region's tree: %+v", l1)
		}
		offices := map[int64]bool{}
		for _, ch := range l1.Children {
			offices[ch.OfficeID] = true
		}
		if !offices[o.A.Unit.ID] || !offices[o.B.Unit.ID] {
			t.Errorf("L1's children are in offices %v", offices)
		}
		if len(tree.NoSources) != 1 || tree.NoSources[0].LineID != o.lines["L4"] {
			t.Errorf("IKUs consolidated without sources: %+v", tree.NoSources)
		}
		for _, n := range tree.NoChild {
			if n.LineID == o.lines["L1"] {
				t.Error("L1 listed as cascaded to nobody")
			}
		}
		// The head of an office below does not read the region's tree; the
		// region's head reads the offices' trees but changes nothing there.
		if _, err := o.svc.CascadeTree(ctx, o.A.HeadActor, lckYear, o.region.ID, 0); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("A's head reading the region's tree: %v", err)
		}
		if _, err := o.svc.CascadeTree(ctx, o.head, lckYear, o.A.Unit.ID, 0); err != nil {
			t.Errorf("the region's head reading A's tree: %v", err)
		}
		if _, err := o.svc.HeadDashboard(ctx, o.head, lckYear, o.A.Unit.ID); err != nil {
			t.Errorf("the region's head reading A's dashboard: %v", err)
		}
		if _, err := o.svc.HeadDashboard(ctx, o.A.HeadActor, lckYear, o.B.Unit.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("A's head reading B's dashboard: %v", err)
		}
		if _, err := o.svc.SaveLine(ctx, o.head, o.pkB, 0, -1, in); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the region's head editing B's PK: %v", err)
		}
	})
}

// TestLocationConsolidation: the region's lines take the verified figures
// of A and B — sum, average and last — against values worked out by hand;
// an unverified figure does not count; typed values are ignored; the
// figures freeze at the region's verification.
func TestLocationConsolidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newHierOrg(t, s)
		svc := o.svc
		sendOn(t, svc, o.A, o.pkA, 1, map[int64]float64{o.linesA["L1"]: 12, o.linesA["L2"]: 90, o.linesA["L3"]: 4.5})
		// B's figures are typed but not verified yet: only A's count.
		if _, err := svc.SaveRealisations(ctx, o.B.HeadActor, o.pkB, 1, -1, []service.RealisationInput{
			{LineID: o.lnB["L1"], Value: calc.Some(30.5)}, {LineID: o.lnB["L2"], Value: calc.Some(97)}, {LineID: o.lnB["L3"], Value: calc.Some(4.8)}}); err != nil {
			t.Fatal(err)
		}
		v, err := svc.GetSheet(ctx, o.head, o.pk, 1)
		if err != nil {
			t.Fatal(err)
		}
		l1 := hierLineOf(t, v, o.lines["L1"])
		if l1.Located == nil || len(l1.Located.Sources) != 2 || l1.Realisation.Value != calc.Some(12) {
			t.Fatalf("L1 with B unverified: %+v %+v", l1.Located, l1.Realisation.Value)
		}
		for _, src := range l1.Located.Sources {
			if want := src.OfficeID == o.A.Unit.ID; src.Counted != want {
				t.Errorf("source %s counted = %v (state %s)", src.Office, src.Counted, src.State)
			}
		}
		// B verified: sum 12 + 30.5, average (90 + 97) / 2, last B's 4.8.
		o.clock.Add(time.Hour)
		sendOn(t, svc, o.B, o.pkB, 1, map[int64]float64{o.lnB["L1"]: 30.5, o.lnB["L2"]: 97, o.lnB["L3"]: 4.8})
		// A typed value for a consolidated line is ignored; R1 is the region's own.
		if _, err := svc.SaveRealisations(ctx, o.head, o.pk, 1, -1, []service.RealisationInput{
			{LineID: o.lines["L1"], Value: calc.Some(999)}, {LineID: o.lines["R1"], Value: calc.Some(95)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SubmitSheet(ctx, o.head, o.pk, 1, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ValidateSheet(ctx, o.peng, o.pk, 1, -1); err != nil {
			t.Fatal(err)
		}
		// The region's pengelola kinerja verifies the region, not the offices below.
		if _, err := svc.VerifySheet(ctx, o.peng, o.pkA, 2, -1, nil); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the region's pengelola verifying A: %v", err)
		}
		var checks []service.Check
		for _, id := range o.lines {
			checks = append(checks, service.Check{LineID: id, OK: true})
		}
		if _, err := svc.VerifySheet(ctx, o.peng, o.pk, 1, -1, checks); err != nil {
			t.Fatal(err)
		}
		v, err = svc.GetSheet(ctx, o.head, o.pk, 1)
		if err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]float64{"L1": 42.5, "L2": 93.5, "L3": 4.8, "R1": 95} {
			l := hierLineOf(t, v, o.lines[code])
			if !l.Frozen || !near(l.Realisation.Value.V, want) || !near(l.Realisation.Frozen.QuarterRealisation.V, want) {
				t.Errorf("%s: %v (frozen %v), want %v", code, l.Realisation.Value, l.Frozen, want)
			}
		}
		// The region's NKO follows its verified figures.
		nko, err := svc.NKO(ctx, o.head, lckYear, 1, o.region.ID, false)
		if err != nil || !nko.Available() {
			t.Errorf("the region's Q1 NKO: %+v %v", nko, err)
		}
		// A corrected figure below does not move the region's frozen one.
		if _, err := svc.RequestCorrection(ctx, o.A.HeadActor, o.pkA, 1, o.linesA["L1"], calc.Some(14), "", "Salah ketik", true); err != nil {
			t.Fatal(err)
		}
		v, _ = svc.GetSheet(ctx, o.head, o.pk, 1)
		if l := hierLineOf(t, v, o.lines["L1"]); !near(l.Realisation.Value.V, 42.5) {
			t.Errorf("the verified L1 moved to %v", l.Realisation.Value)
		}
		// Q2: L4 is consolidated from nobody, so the sheet cannot go.
		_, err = svc.SubmitSheet(ctx, o.head, o.pk, 2, -1)
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "hier.by_location_no_children" {
			t.Errorf("submitting with L4 unfed: %v", err)
		}
	})
}

package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestSKPDocumentParts: an administrator's SKP cascaded from the PK gets
// its own work result, a Lampiran written while it is a draft, an
// additional task and the head's expectation of a work result; the PDF
// prints them all with the leader's result beside the own one.
func TestSKPDocumentParts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, st, nil, 0)
		svc, A := o.svc, o.A
		unit := must[domain.Unit](t)(svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: A.Unit.ID, Code: "OFF-A-BID", Name: "Bidang A", Kind: domain.UnitSection}))
		pos := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: unit.ID, Title: "Kepala Bidang A", Kind: domain.PosAdministrator, ReportsToID: A.HeadPos.ID}))
		emp := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Kabid A"}, pos.ID, day(2025, 1, 2)))
		kabid := o.account(t, "kabid.a", domain.RoleEmployee, emp.ID)
		pk := must[service.PlanView](t)(svc.GetPlan(ctx, A.HeadActor, o.pk.ID, 0))

		p := must[domain.Plan](t)(svc.OpenPlan(ctx, kabid, o.year, emp.ID))
		in := realLine("B-1", [4]float64{80, 85, 90, 95})
		in.ParentLineID, in.CascadeType, in.CascadeMethod = pk.Lines[0].LineID, domain.CascadePeta, domain.MethodPartial
		in.Manual.Result = "Hasil kerja Bidang"
		line := must[domain.Indicator](t)(svc.SaveLine(ctx, kabid, p.ID, 0, -1, in))
		if line.Result != "Hasil kerja Bidang" {
			t.Fatalf("work result %q not kept", line.Result)
		}
		for _, code := range []string{"B-2", "B-3"} {
			must[domain.Indicator](t)(svc.SaveLine(ctx, kabid, p.ID, 0, -1, realLine(code, [4]float64{90, 90, 90, 90})))
		}

		// The Lampiran: the owner writes it while the plan is a draft.
		if _, err := svc.SaveAttachment(ctx, A.StaffActor, p.ID, -1, domain.PlanAttachment{Resources: "x"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another employee writes the Lampiran: %v", err)
		}
		_, err := svc.SaveAttachment(ctx, kabid, p.ID, -1, domain.PlanAttachment{Resources: strings.Repeat("x", 4001)})
		fieldError(t, err, "resources", "err.too_long")
		rev := must[service.PlanView](t)(svc.GetPlan(ctx, kabid, p.ID, 0)).Version.Revision
		if _, err := svc.SaveAttachment(ctx, kabid, p.ID, rev, domain.PlanAttachment{Resources: " Sumber daya Bidang ", Consequences: "Konsekuensi Bidang"}); err != nil {
			t.Fatal(err)
		}
		// The Lampiran is a change of the draft: it bumps the revision; a
		// change from the old revision is refused, the same texts sent again
		// are not.
		if now := must[service.PlanView](t)(svc.GetPlan(ctx, kabid, p.ID, 0)).Version.Revision; now != rev+1 {
			t.Errorf("revision %d after the Lampiran, want %d", now, rev+1)
		}
		if _, err := svc.SaveAttachment(ctx, kabid, p.ID, rev, domain.PlanAttachment{Resources: "Sumber daya lain"}); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("a stale revision: %v", err)
		}
		if _, err := svc.SaveAttachment(ctx, kabid, p.ID, rev, domain.PlanAttachment{Resources: "Sumber daya Bidang", Consequences: "Konsekuensi Bidang"}); err != nil {
			t.Errorf("the same texts sent again: %v", err)
		}
		if _, err := svc.SaveAttachment(ctx, kabid, o.pk.ID, -1, domain.PlanAttachment{Resources: "x"}); err == nil {
			t.Error("a PK got a Lampiran")
		}

		// Additional tasks: the employee and the supervisor, not others.
		_, err = svc.AddTask(ctx, kabid, p.ID, "  ")
		fieldError(t, err, "description", "err.required")
		if _, err := svc.AddTask(ctx, A.StaffActor, p.ID, "Tugas"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another employee adds a task: %v", err)
		}
		gone := must[domain.AdditionalTask](t)(svc.AddTask(ctx, A.HeadActor, p.ID, "Tugas yang batal"))
		must[domain.AdditionalTask](t)(svc.AddTask(ctx, kabid, p.ID, "Tim penyusun SOP"))
		if err := svc.RemoveTask(ctx, kabid, p.ID, gone.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveTask(ctx, kabid, p.ID, gone.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("removing a removed task: %v", err)
		}

		if _, err := svc.SubmitPlan(ctx, kabid, p.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ApprovePlan(ctx, A.HeadActor, p.ID, -1); err != nil {
			t.Fatal(err)
		}
		// Approved: the Lampiran is frozen, tasks may still be added.
		var se *domain.StateError
		if _, err := svc.SaveAttachment(ctx, kabid, p.ID, -1, domain.PlanAttachment{Resources: "baru"}); !errors.As(err, &se) {
			t.Errorf("the Lampiran of an approved SKP changed: %v", err)
		}
		x := must[service.SKPExtras](t)(svc.GetSKPExtras(ctx, A.HeadActor, p.ID))
		if x.Attachment.Resources != "Sumber daya Bidang" || x.Attachment.Accountability != "" || len(x.Tasks) != 1 || x.CanEditAttachment || !x.CanEditTasks {
			t.Errorf("extras %+v", x)
		}
		if _, err := svc.GetSKPExtras(ctx, o.B.StaffActor, p.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another office reads the extras: %v", err)
		}

		// The head records the expectation of the work result.
		behaviour := make([]string, len(domain.BehaviourAspects))
		behaviour[0] = "Layanan cepat"
		if err := svc.SaveExpectations(ctx, A.HeadActor, p.ID, behaviour, map[int64]string{line.LineID: "Ekspektasi hasil Bidang"}); err != nil {
			t.Fatal(err)
		}

		f := must[service.File](t)(svc.PlanPDF(ctx, kabid, p.ID, 0))
		text := pdfPlainText(t, f.Data)
		for _, want := range []string{
			"Hasil kerja Bidang",                                  // own work result
			"IKU-1 Indikator IKU-1",                               // the leader's result beside it
			"PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026",  // the plan's period
			"Ekspektasi Khusus Pimpinan: Ekspektasi hasil Bidang", // per work result
			"Layanan cepat",                                       // per behaviour
			"B. TAMBAHAN", "Tim penyusun SOP",                     // additional task
			"LAMPIRAN SASARAN KINERJA PEGAWAI", "DUKUNGAN SUMBER DAYA", // Lampiran
			"Sumber daya Bidang", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI", "Konsekuensi Bidang",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("SKP PDF lacks %q", want)
			}
		}
		if strings.Contains(text, "Tugas yang batal") {
			t.Error("a removed task is printed")
		}
		if strings.Contains(text, "Layanan prima") {
			t.Error("the objective's name is printed as the work result")
		}
	})
}

// pdfPlainText joins the text of every page.
func pdfPlainText(t *testing.T, data []byte) string {
	t.Helper()
	pages, err := pdftext.Pages(data)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, lines := range pages {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestNonSubstantiveFunctionalBlend: a functional post blends with the NKO
// like staff one level below the head unless it is marked non-substantive;
// then its level decides (SPEC §10.6.6).
func TestNonSubstantiveFunctionalBlend(t *testing.T) {
	rs, err := calc.GetRuleSet(calc.DefaultRuleSetID)
	if err != nil {
		t.Fatal(err)
	}
	// NHK 110 and NPK 100 give 107.5 adjusted; NKO 100.
	const near, far = 0.5*100 + 0.5*107.5, 0.3*100 + 0.7*107.5
	for _, c := range []struct {
		name   string
		pos    domain.Position
		levels int
		want   float64
	}{
		{"substantive functional, two levels down", domain.Position{Kind: domain.PosFungsional}, 2, near},
		{"non-substantive functional, two levels down", domain.Position{Kind: domain.PosFungsional, NonSubstantive: true}, 2, far},
		{"non-substantive functional, one level down", domain.Position{Kind: domain.PosFungsional, NonSubstantive: true}, 1, near},
		{"pelaksana two levels down", domain.Position{Kind: domain.PosPelaksana}, 2, far},
		{"flag ignored off functional posts", domain.Position{Kind: domain.PosPelaksana, NonSubstantive: true}, 2, far},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := rs.NKP(calc.NKPInput{NHK: calc.Some(110), NPK: calc.Some(100), NKO: 100, LevelsBelowHead: c.levels,
				SubstantiveFunctional: c.pos.SubstantiveFunctional()}, false)
			if err != nil {
				t.Fatal(err)
			}
			if r.NKP != calc.Round2(c.want) {
				t.Errorf("NKP %v, want %v", r.NKP, calc.Round2(c.want))
			}
		})
	}
}

// TestNonSubstantiveFlagOnPositions: the flag is stored, read back on the
// chart, and refused on a post that is not functional.
func TestNonSubstantiveFlagOnPositions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newOrg(t, st)
		A := o.A
		p := must[domain.Position](t)(o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: A.Section.ID, Title: "Pranata Komputer A",
			Kind: domain.PosFungsional, ReportsToID: A.SecHeadPos.ID, NonSubstantive: true}))
		c := must[*domain.Chart](t)(o.svc.Chart(ctx))
		if got := c.Positions[p.ID]; !got.NonSubstantive || got.SubstantiveFunctional() {
			t.Errorf("stored %+v", got)
		}
		in := service.PositionInput{UnitID: A.Section.ID, Title: "Pranata Komputer A", Kind: domain.PosFungsional, ReportsToID: A.SecHeadPos.ID}
		must[domain.Position](t)(o.svc.UpdatePosition(ctx, sys, p.ID, in))
		c = must[*domain.Chart](t)(o.svc.Chart(ctx))
		if !c.Positions[p.ID].SubstantiveFunctional() {
			t.Error("clearing the flag did not make the post substantive")
		}
		in.Kind, in.NonSubstantive = domain.PosPelaksana, true
		_, err := o.svc.UpdatePosition(ctx, sys, p.ID, in)
		fieldError(t, err, "non_substantive", "org.non_substantive_kind")
	})
}

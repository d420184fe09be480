package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// initiativeFixture is the KPPN with a map, a PK, and a second office
// beside it with its own head, clerk and objective.
type initiativeFixture struct {
	*kppn
	ss1, ikuLine            int64
	other                   int64 // the other office
	otherHead, otherClerk   int64
	otherObjective          int64
	svc                     *service.Service // with an evidence store
	otherHeadA, otherClerkA authz.Actor
}

func newInitiativeFixture(t *testing.T, o *kppn) *initiativeFixture {
	t.Helper()
	f := &initiativeFixture{kppn: o}
	f.ss1, _, _ = o.objectives()
	_, lines := o.pk(f.ss1)
	f.ikuLine = lines[0].LineID
	sys := service.SystemActor()
	u, err := o.svc.CreateUnit(o.ctx, sys, service.UnitInput{ParentID: mustUnitParent(t, o), Code: "KPPN2", Name: "KPPN Dua", Kind: domain.UnitOffice})
	o.must(err)
	f.other = u.ID
	pos, err := o.svc.CreatePosition(o.ctx, sys, service.PositionInput{UnitID: f.other, Title: "Kepala KPPN Dua", Kind: domain.PosHead})
	o.must(err)
	clerkPos, err := o.svc.CreatePosition(o.ctx, sys, service.PositionInput{UnitID: f.other, Title: "Pelaksana KPPN Dua", Kind: domain.PosPelaksana, ReportsToID: pos.ID})
	o.must(err)
	hire := func(posID int64, name, user, nip string) (int64, authz.Actor) {
		e, err := o.svc.CreateEmployeeIn(o.ctx, sys, service.EmployeeInput{NIP: nip, Name: name}, posID, time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC))
		o.must(err)
		return e.ID, accountOf(t, o.svc, user, domain.RoleEmployee, e.ID)
	}
	f.otherHead, f.otherHeadA = hire(pos.ID, "Kepala Dua", "otherhead", "199002022010011001")
	f.otherClerk, f.otherClerkA = hire(clerkPos.ID, "Pelaksana Dua", "otherclerk", "199002022010012002")
	x, err := o.svc.SaveObjective(o.ctx, f.otherHeadA, o.year, f.other, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-9", Name: "Sasaran lain"})
	o.must(err)
	f.otherObjective = x.ID
	f.svc = service.New(o.st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return o.now },
		Blobs: blob.NewMemory(), StagingDir: t.TempDir(), MaxUpload: 1 << 20})
	o.at(time.May, 5)
	return f
}

// mustUnitParent returns the region above the KPPN.
func mustUnitParent(t *testing.T, o *kppn) int64 {
	t.Helper()
	c, err := o.svc.Chart(o.ctx)
	o.must(err)
	return c.Units[o.officeID].ParentID
}

func (f *initiativeFixture) input(code string) service.InitiativeInput {
	return service.InitiativeInput{Code: code, Name: "Digitalisasi arsip SP2D", ObjectiveID: f.ss1, OwnerID: f.bank1,
		Milestones: []service.MilestoneInput{
			{Name: "Pemindaian arsip 2025", Due: day(f.year, time.March, 31)},
			{Name: "Aplikasi pencarian arsip", Due: day(f.year, time.September, 30)},
		}}
}

func TestInitiativePermissions(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		f := newInitiativeFixture(t, o)
		svc := f.svc
		// Who manages: the head and the pengelola kinerja; not a clerk, the
		// pemeriksa, or the head of another office.
		for name, a := range map[string]authz.Actor{"clerk": o.as(o.bank1), "pemeriksa": o.pemeriksa, "other head": f.otherHeadA} {
			if _, err := svc.SaveInitiative(o.ctx, a, o.year, o.officeID, 0, -1, f.input("IS-X")); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s creates an initiative: %v, want forbidden", name, err)
			}
		}
		byHead, err := svc.SaveInitiative(o.ctx, o.as(o.head), o.year, o.officeID, 0, -1, f.input("IS-1"))
		o.must(err)
		byPeng, err := svc.SaveInitiative(o.ctx, o.as(o.pengelola), o.year, o.officeID, 0, -1, f.input("IS-2"))
		o.must(err)

		// Who reads: anyone of the office and the pemeriksa; not another office.
		for name, a := range map[string]authz.Actor{"clerk": o.as(o.bank2), "pemeriksa": o.pemeriksa, "head": o.as(o.head)} {
			v, err := svc.Initiatives(o.ctx, a, o.year, o.officeID)
			if err != nil || len(v.Items) != 2 {
				t.Errorf("%s reads: %d items, %v", name, len(v.Items), err)
			}
			if v.CanManage != (name == "head") {
				t.Errorf("%s: may manage %v", name, v.CanManage)
			}
		}
		if _, err := svc.Initiatives(o.ctx, f.otherClerkA, o.year, o.officeID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another office reads: %v, want forbidden", err)
		}

		// Who reports progress: the owner only.
		in := service.ProgressInput{Quarter: 1, Percent: 30, Note: "Arsip 2025 dipindai"}
		for name, a := range map[string]authz.Actor{"head": o.as(o.head), "pengelola": o.as(o.pengelola), "another clerk": o.as(o.bank2),
			"pemeriksa": o.pemeriksa} {
			if _, err := svc.ReportProgress(o.ctx, a, o.year, o.officeID, byHead.ID, -1, in); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s reports progress: %v, want forbidden", name, err)
			}
		}
		got, err := svc.ReportProgress(o.ctx, o.as(o.bank1), o.year, o.officeID, byHead.ID, byHead.Revision, in)
		o.must(err)
		if p, ok := got.ProgressOf(1); !ok || p.Percent != 30 || p.Note != "Arsip 2025 dipindai" {
			t.Errorf("progress of Q1 = %+v", got.Progress)
		}
		// Deleting is the managers'.
		if err := svc.DeleteInitiative(o.ctx, o.as(o.bank1), o.year, o.officeID, byPeng.ID, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the owner deletes: %v, want forbidden", err)
		}
		o.must(svc.DeleteInitiative(o.ctx, o.as(o.pengelola), o.year, o.officeID, byPeng.ID, -1))
		if ev := lastEvent(t, o.st); ev.Action != "initiative.delete" || ev.Entity != "initiative" {
			t.Errorf("last event %s %s, want initiative.delete", ev.Action, ev.Entity)
		}
	})
}

func TestInitiativeValidation(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		f := newInitiativeFixture(t, o)
		head := o.as(o.head)
		save := func(change func(*service.InitiativeInput)) error {
			in := f.input("IS-1")
			change(&in)
			_, err := f.svc.SaveInitiative(o.ctx, head, o.year, o.officeID, 0, -1, in)
			return err
		}
		for name, c := range map[string]struct {
			change     func(*service.InitiativeInput)
			field, key string
		}{
			"owner of another office":     {func(in *service.InitiativeInput) { in.OwnerID = f.otherClerk }, "owner", "initiative.owner_office"},
			"objective of another office": {func(in *service.InitiativeInput) { in.ObjectiveID = f.otherObjective }, "objective", "initiative.objective_office"},
			"IKU and objective":           {func(in *service.InitiativeInput) { in.LineID = f.ikuLine }, "link", "initiative.link_one"},
			"no link":                     {func(in *service.InitiativeInput) { in.ObjectiveID = 0 }, "link", "initiative.link_one"},
			"due next year": {func(in *service.InitiativeInput) { in.Milestones[1].Due = day(o.year+1, time.January, 15) },
				"milestones.1.due", "initiative.due_in_year"},
			"due last year": {func(in *service.InitiativeInput) { in.Milestones[0].Due = day(o.year-1, time.December, 31) },
				"milestones.0.due", "initiative.due_in_year"},
			"done tomorrow": {func(in *service.InitiativeInput) { in.Milestones[0].Done = o.now.AddDate(0, 0, 1) }, "milestones.0.done", "initiative.done_date"},
			"no name":       {func(in *service.InitiativeInput) { in.Name = "  " }, "name", "err.required"},
		} {
			t.Run(name, func(t *testing.T) { fieldError(t, save(c.change), c.field, c.key) })
		}
		// An IKU of the office's PK is a valid link.
		ok, err := f.svc.SaveInitiative(o.ctx, head, o.year, o.officeID, 0, -1, service.InitiativeInput{Code: "IS-2", Name: "Klinik satker",
			LineID: f.ikuLine, OwnerID: o.kasiBank})
		o.must(err)
		if err := save(func(in *service.InitiativeInput) { in.Code = "is-2" }); err == nil {
			t.Error("a taken code was accepted")
		} else {
			fieldError(t, err, "code", "initiative.code_taken")
		}
		// Progress: a percent outside 0–100, a quarter not begun.
		owner := o.as(o.kasiBank)
		for _, pct := range []float64{-1, 100.5, 250} {
			_, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, ok.ID, -1, service.ProgressInput{Quarter: 1, Percent: pct})
			fieldError(t, err, "percent", "initiative.percent_range")
		}
		if _, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, ok.ID, -1, service.ProgressInput{Quarter: 4, Percent: 10}); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("Q4 in May: %v, want refused", err)
		}
		for _, pct := range []float64{0, 100} {
			if _, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, ok.ID, -1, service.ProgressInput{Quarter: 2, Percent: pct}); err != nil {
				t.Errorf("percent %v: %v", pct, err)
			}
		}
		// A document is checked as a sheet's is.
		_, err = f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, ok.ID, -1, service.ProgressInput{Quarter: 2, Percent: 40,
			Evidence: []service.EvidenceInput{{Filename: "x.pdf", Reader: strings.NewReader("MZ\x90\x00 not a pdf")}}})
		fieldError(t, err, "file", "evidence.bad_type")
		got, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, ok.ID, -1, service.ProgressInput{Quarter: 2, Percent: 40,
			Evidence: []service.EvidenceInput{{Filename: "notulen.pdf", Reader: strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")},
				{URL: "https://kppn.example.go.id/klinik"}}})
		o.must(err)
		p, _ := got.ProgressOf(2)
		if len(p.Evidence) != 2 || p.Evidence[0].Form != domain.FormFile || p.Evidence[1].Form != domain.FormLink {
			t.Fatalf("documents of Q2 = %+v", p.Evidence)
		}
		e, rc, err := f.svc.OpenInitiativeEvidence(o.ctx, o.as(o.bank2), p.Evidence[0].ID)
		o.must(err)
		rc.Close()
		if e.Filename != "notulen.pdf" {
			t.Errorf("opened %q", e.Filename)
		}
		if _, _, err := f.svc.OpenInitiativeEvidence(o.ctx, f.otherClerkA, p.Evidence[0].ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another office opens a document: %v", err)
		}
	})
}

func TestInitiativeRevisions(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		f := newInitiativeFixture(t, o)
		head := o.as(o.head)
		x, err := f.svc.SaveInitiative(o.ctx, head, o.year, o.officeID, 0, -1, f.input("IS-1"))
		o.must(err)
		if x.Revision != 0 {
			t.Fatalf("new initiative at revision %d", x.Revision)
		}
		// The same initiative sent again changes nothing, whatever revision it carries.
		before := auditCount(t, o.st)
		same, err := f.svc.SaveInitiative(o.ctx, head, o.year, o.officeID, x.ID, 7, f.input("IS-1"))
		o.must(err)
		if same.Revision != 0 || auditCount(t, o.st) != before {
			t.Errorf("identical save: revision %d, %d new events", same.Revision, auditCount(t, o.st)-before)
		}
		in := f.input("IS-1")
		in.Name = "Digitalisasi arsip SP2D dan SPM"
		y, err := f.svc.SaveInitiative(o.ctx, head, o.year, o.officeID, x.ID, 0, in)
		o.must(err)
		if y.Revision != 1 || auditCount(t, o.st) != before+1 {
			t.Errorf("change: revision %d, %d new events", y.Revision, auditCount(t, o.st)-before)
		}
		in.Description = "Arsip SP2D 2020–2025"
		if _, err := f.svc.SaveInitiative(o.ctx, o.as(o.pengelola), o.year, o.officeID, x.ID, 0, in); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("change on a stale revision: %v, want conflict", err)
		}
		owner := o.as(o.bank1)
		if _, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, x.ID, 0, service.ProgressInput{Quarter: 1, Percent: 25}); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("progress on a stale revision: %v, want conflict", err)
		}
		z, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, x.ID, 1, service.ProgressInput{Quarter: 1, Percent: 25, Note: "Tahap 1"})
		o.must(err)
		if z.Revision != 2 {
			t.Errorf("after progress: revision %d, want 2", z.Revision)
		}
		n := auditCount(t, o.st)
		if _, err := f.svc.ReportProgress(o.ctx, owner, o.year, o.officeID, x.ID, 0, service.ProgressInput{Quarter: 1, Percent: 25, Note: "Tahap 1"}); err != nil {
			t.Errorf("identical progress: %v", err)
		}
		if auditCount(t, o.st) != n {
			t.Error("identical progress wrote an event")
		}
		if err := f.svc.DeleteInitiative(o.ctx, head, o.year, o.officeID, x.ID, 1); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("delete on a stale revision: %v, want conflict", err)
		}
		o.must(f.svc.DeleteInitiative(o.ctx, head, o.year, o.officeID, x.ID, 2))
		v, err := f.svc.Initiatives(o.ctx, head, o.year, o.officeID)
		o.must(err)
		if len(v.Items) != 0 {
			t.Errorf("%d initiatives after delete", len(v.Items))
		}
	})
}

// TestInitiativeKeepsItsObjective: an objective an initiative serves is not
// removed under it.
func TestInitiativeKeepsItsObjective(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		f := newInitiativeFixture(t, o)
		var ss3 int64
		v, err := o.svc.StrategyMap(o.ctx, o.as(o.head), o.year, o.officeID)
		o.must(err)
		for _, x := range v.Map.Objectives {
			if x.Code == "SS-3" {
				ss3 = x.ID
			}
		}
		in := f.input("IS-1")
		in.ObjectiveID = ss3
		_, err = f.svc.SaveInitiative(o.ctx, o.as(o.head), o.year, o.officeID, 0, -1, in)
		o.must(err)
		if err := o.svc.DeleteObjective(o.ctx, o.as(o.head), o.year, o.officeID, ss3); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("deleting an objective with an initiative: %v, want refused", err)
		}
		list, err := f.svc.Initiatives(o.ctx, o.as(o.bank2), o.year, o.officeID)
		o.must(err)
		if got := fmt.Sprint(len(list.ForObjective(ss3))); got != "1" {
			t.Errorf("initiatives of SS-3: %s", got)
		}
	})
}

// TestInitiativesInQuarterPackage: the quarterly package carries the
// initiatives' progress of its quarter.
func TestInitiativesInQuarterPackage(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		f := newInitiativeFixture(t, o)
		in := f.input("IS-1")
		in.Milestones[0].Done = day(o.year, time.March, 20)
		x, err := f.svc.SaveInitiative(o.ctx, o.as(o.head), o.year, o.officeID, 0, -1, in)
		o.must(err)
		_, err = f.svc.ReportProgress(o.ctx, o.as(o.bank1), o.year, o.officeID, x.ID, -1, service.ProgressInput{Quarter: 1, Percent: 30,
			Note: "Arsip 2025 dipindai", Evidence: []service.EvidenceInput{{URL: "https://arsip.example.go.id/2025"}}})
		o.must(err)
		p, err := f.svc.QuarterPackagePDF(o.ctx, o.as(o.pengelola), o.year, 1, o.officeID)
		o.must(err)
		text := strings.Join(pdfText(t, p.Data), "\n")
		for _, w := range []string{"LAPORAN PROGRES INISIATIF STRATEGIS TRIWULAN I TAHUN 2027", "IS-1", "Digitalisasi arsip SP2D",
			"Bank Satu", "30%", "Arsip 2025 dipindai", "https://arsip.example.go.id/2025", "Selesai", "Belum jatuh tempo", "1 dari 1 dilaporkan"} {
			if !strings.Contains(text, w) {
				t.Errorf("the package lacks %q", w)
			}
		}
	})
}

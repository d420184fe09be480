package service_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// docWorld is the demo office with its plans: the head's PK (approved in
// January, amended and approved again in July) and the SKPs cascaded from it.
type docWorld struct {
	svc                          *service.Service
	st                           *store.Store
	off                          *demo.Office
	head, pengelola, kasi, staff authz.Actor
	other, pemeriksa             authz.Actor // a staff member of another section; a read-only auditor
	vera                         authz.Actor // the Verification section head
	pk, skp, veraSKP, returned   int64       // plans: the PK, the SKPs of the Bank and the Verification heads, a returned staff SKP
	yearID                       int64
}

var docNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func actorOf(t *testing.T, w *docWorld, emp int64) authz.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := w.st.GetUserByEmployee(ctx, emp)
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.svc.Actor(ctx, u.ID, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func quarters(xs ...float64) [4]calc.Opt {
	var out [4]calc.Opt
	for i, x := range xs {
		out[i] = calc.Some(x)
	}
	return out
}

func newDocWorld(t *testing.T, st *store.Store) *docWorld {
	t.Helper()
	ctx := context.Background()
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return docNow }})
	off, err := demo.Seed(ctx, st, svc)
	if err != nil {
		t.Fatal(err)
	}
	w := &docWorld{svc: svc, st: st, off: off}
	w.head, w.pengelola = actorOf(t, w, off.Head), actorOf(t, w, off.Pengelola)
	w.kasi, w.staff = actorOf(t, w, off.SectionLed["BANK"]), actorOf(t, w, off.Staff["BANK"][0])
	w.other = actorOf(t, w, off.Staff["PD"][0])
	u, err := st.GetUserByUsername(ctx, "pemeriksa")
	if err != nil {
		t.Fatal(err)
	}
	if w.pemeriksa, err = svc.Actor(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	y, err := svc.GetYear(ctx, service.SystemActor(), off.Year)
	if err != nil {
		t.Fatal(err)
	}
	w.yearID = y.ID
	w.vera = actorOf(t, w, off.SectionLed["VERA"])
	w.pk, w.skp, w.returned = w.planOf(t, off.Head), w.planOf(t, off.SectionLed["BANK"]), w.planOf(t, off.Staff["PD"][3])
	w.veraSKP = w.planOf(t, off.SectionLed["VERA"])
	return w
}

func (w *docWorld) planOf(t *testing.T, emp int64) int64 {
	t.Helper()
	plans, err := w.svc.PlansOf(context.Background(), sys, w.off.Year, emp)
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans of %d: %v", emp, err)
	}
	p := plans[len(plans)-1]
	return p.ID
}

// day is how the documents print a version's approval day.
func (w *docWorld) day(t time.Time) string { return i18n.FormatDate("id", t.In(w.svc.Location())) }

// pdfText returns the text drawn on each page, a line per text object.
func pdfText(t *testing.T, data []byte) []string {
	t.Helper()
	pages, err := pdftext.Pages(data)
	if err != nil {
		t.Fatal(err)
	}
	text := make([]string, len(pages))
	for i, lines := range pages {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
		text[i] = b.String()
	}
	return text
}

func mustContain(t *testing.T, what string, pages []string, want ...string) {
	t.Helper()
	all := strings.Join(pages, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s: text %q not found", what, w)
		}
	}
}

// TestPlanDocs seeds the demo office once per engine and runs the document
// tests on it: first those that only read, then those that change plans
// (each on plans of its own).
func TestPlanDocs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newDocWorld(t, st)
		t.Run("documents", func(t *testing.T) { testPlanDocuments(t, w) })
		t.Run("permissions", func(t *testing.T) { testPlanDocumentPermissions(t, w) })
		t.Run("round trip", func(t *testing.T) { testPlanWorkbookRoundTrip(t, w) })
		t.Run("import errors", func(t *testing.T) { testPlanImportErrors(t, w) })
	})
}

func testPlanDocuments(t *testing.T, w *docWorld) {
	ctx := context.Background()
	svc := w.svc
	view, err := svc.GetPlan(ctx, w.head, w.pk, 0)
	if err != nil {
		t.Fatal(err)
	}
	if view.Version.Number != 2 || view.Version.Status != domain.PlanApproved {
		t.Fatalf("the demo PK is version %d %s", view.Version.Number, view.Version.Status)
	}

	f, err := svc.PlanPDF(ctx, w.head, w.pk, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "PK-2026-KPPN-SKM-v2.pdf" || f.ContentType != service.ContentPDF {
		t.Errorf("PK file %q %q", f.Name, f.ContentType)
	}
	pages := pdfText(t, f.Data)
	if len(pages) < 2 || len(pages) > 4 {
		t.Errorf("PK has %d pages", len(pages))
	}
	signed := w.day(view.Version.ApprovedAt)
	mustContain(t, "PK", pages, "PERJANJIAN KINERJA TAHUN 2026", "ADENDUM KE-1", "KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU",
		w.head.Employee.Name, "NIP "+domain.FormatNIP(w.head.Employee.NIP), "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju",
		"Dr. Syaiful Anwar, S.E., M.Si.", "NIP "+domain.FormatNIP(view.Signatories.Second.NIP), "Kepala Kantor Wilayah DJPb Provinsi Jawa Barat",
		"Sukamaju, "+signed, "Revisi DIPA satker mitra", "2a-N", "7a-N", "Perspektif Stakeholder", "Versi 2 · disetujui "+signed)
	if strings.Contains(strings.Join(pages, ""), "DRAF") {
		t.Error("the approved PK is marked as a draft")
	}
	// The PK is an agreement between two heads: the pengelola kinerja who
	// prepared it signs nothing (SPEC §7).
	if all := strings.Join(pages, "\n"); strings.Contains(all, w.pengelola.Employee.Name) || strings.Contains(all, "a.n.") {
		t.Error("the PK names the pengelola kinerja as a party")
	}
	if sg := view.Signatories; sg == nil || sg.First.EmployeeID != w.head.EmployeeID() || sg.Second.Name != "Dr. Syaiful Anwar, S.E., M.Si." ||
		sg.Second.EmployeeID == 0 || sg.Second.Position != "Kepala Kantor Wilayah DJPb Provinsi Jawa Barat" {
		t.Errorf("signatories %+v", view.Signatories)
	}
	again, _ := svc.PlanPDF(ctx, w.head, w.pk, 0)
	if !bytes.Equal(f.Data, again.Data) {
		t.Error("the PK PDF is not reproducible with a fixed clock")
	}
	// An earlier version stays printable as it was signed.
	f, err = svc.PlanPDF(ctx, w.head, w.pk, view.Versions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	pages = pdfText(t, f.Data)
	mustContain(t, "PK v1", pages, "Versi 1 · disetujui "+w.day(view.Versions[0].ApprovedAt))
	if f.Name != "PK-2026-KPPN-SKM-v1.pdf" || strings.Contains(strings.Join(pages, ""), "ADENDUM") {
		t.Errorf("version 1 printed as %q with an amendment heading", f.Name)
	}

	// The Bank head's SKP: approved by the head in January.
	sv, _ := svc.GetPlan(ctx, w.kasi, w.skp, 0)
	f, err = svc.PlanPDF(ctx, w.kasi, w.skp, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "SKP-2026-"+w.kasi.Employee.NIP+"-v1.pdf" {
		t.Errorf("SKP file %q", f.Name)
	}
	pages = pdfText(t, f.Data)
	mustContain(t, "SKP", pages, "SASARAN KINERJA PEGAWAI", w.kasi.Employee.Name, domain.FormatNIP(w.kasi.Employee.NIP),
		"Penata Tk. I (III/d)", "Kepala Seksi Bank", "Seksi Bank, Kantor Pelayanan", "NIP "+domain.FormatNIP(w.head.Employee.NIP), "Pembina Tk. I (IV/b)",
		"3c-N", "B-01", "Waktu", "Berorientasi Pelayanan", "Kolaboratif", "Pejabat Penilai Kinerja,", "Sukamaju, "+w.day(sv.Version.ApprovedAt))
	if strings.Contains(strings.Join(pages, ""), "DRAF") {
		t.Error("the approved SKP is marked as a draft")
	}

	// A returned SKP is a draft: watermarked on every page and named so.
	rv, _ := svc.GetPlan(ctx, w.head, w.returned, 0)
	f, err = svc.PlanPDF(ctx, w.head, w.returned, 0)
	if err != nil {
		t.Fatal(err)
	}
	pages = pdfText(t, f.Data)
	if !strings.HasSuffix(f.Name, "-v1-draf.pdf") {
		t.Errorf("returned SKP file %q", f.Name)
	}
	mustContain(t, "returned SKP", pages, "DRAF — BELUM DISETUJUI", "DRAF — dikembalikan "+w.day(rv.Version.ReturnedAt)+", belum disetujui")
	for i, pg := range pages {
		if !strings.HasPrefix(strings.TrimSpace(pg), "DRAF") {
			t.Errorf("returned SKP page %d lacks the draft watermark", i+1)
		}
	}

	for _, c := range []struct {
		plan  int64
		name  string
		lines int
	}{{w.pk, "Manual-IKU-2026-KPPN-SKM-v2.pdf", 14}, {w.skp, "Manual-IKI-2026-" + w.kasi.Employee.NIP + "-v1.pdf", len(sv.Lines)}} {
		f, err := svc.PlanManualPDF(ctx, w.head, c.plan, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != c.name {
			t.Errorf("manual file %q, want %q", f.Name, c.name)
		}
		pages := pdfText(t, f.Data)
		if len(pages) < 2+c.lines || len(pages) > 2+2*c.lines {
			t.Errorf("%s: %d pages for %d indicators", c.name, len(pages), c.lines)
		}
		mustContain(t, c.name, pages, "DAFTAR ISI", "Formula", "Data Mentah", "Dokumen Verifikasi", "3c-N")
	}
}

func testPlanDocumentPermissions(t *testing.T, w *docWorld) {
	ctx := context.Background()
	svc := w.svc
	calls := map[string]func(a authz.Actor, plan int64) error{
		"pdf":      func(a authz.Actor, p int64) error { _, err := svc.PlanPDF(ctx, a, p, 0); return err },
		"manual":   func(a authz.Actor, p int64) error { _, err := svc.PlanManualPDF(ctx, a, p, 0); return err },
		"xlsx":     func(a authz.Actor, p int64) error { _, err := svc.PlanXLSX(ctx, a, p, 0, "id"); return err },
		"template": func(a authz.Actor, p int64) error { _, err := svc.PlanImportTemplate(ctx, a, p, "id"); return err },
	}
	for name, call := range calls {
		for _, c := range []struct {
			who  string
			a    authz.Actor
			plan int64
			ok   bool
		}{
			{"head reads the PK", w.head, w.pk, true},
			{"head reads a subordinate's SKP", w.head, w.skp, true},
			{"pengelola reads the SKP", w.pengelola, w.skp, true},
			{"auditor reads the SKP", w.pemeriksa, w.skp, true},
			{"owner reads her SKP", w.kasi, w.skp, true},
			{"staff cannot read the PK", w.staff, w.pk, false},
			{"staff cannot read the supervisor's SKP", w.staff, w.skp, false},
			{"another section cannot read the SKP", w.other, w.skp, false},
		} {
			err := call(c.a, c.plan)
			if c.ok && err != nil || !c.ok && !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s: %s: %v", name, c.who, err)
			}
		}
	}
	if _, err := svc.PlanPDF(ctx, w.head, w.pk, 999999); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
	// Importing takes the right to edit the plan.
	for _, a := range []authz.Actor{w.pemeriksa, w.staff, w.head} {
		if _, _, err := svc.ImportPlan(ctx, a, w.skp, "x.xlsx", strings.NewReader("")); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("import into the SKP by %s: %v", a.User.Username, err)
		}
		if _, err := svc.PlanImportView(ctx, a, w.skp); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("import page of the SKP for %s: %v", a.User.Username, err)
		}
	}
	// An approved version is frozen: the import asks for an amendment.
	var se *domain.StateError
	if _, _, err := svc.ImportPlan(ctx, w.head, w.pk, "x.xlsx", strings.NewReader("")); !errors.As(err, &se) || se.Msg.Key != "plan.frozen" {
		t.Errorf("import into an approved PK: %v", err)
	}
}

// export returns the workbook of a plan's newest version.
func export(t *testing.T, w *docWorld, a authz.Actor, plan int64) []byte {
	t.Helper()
	f, err := w.svc.PlanXLSX(context.Background(), a, plan, 0, "id")
	if err != nil {
		t.Fatal(err)
	}
	return f.Data
}

// lineState describes lines by code without their identities, to compare plans.
func lineState(t *testing.T, w *docWorld, a authz.Actor, plan int64) map[string]string {
	t.Helper()
	view, err := w.svc.GetPlan(context.Background(), a, plan, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range view.Lines {
		ind := l.Indicator
		ind.ID, ind.LineID, ind.VersionID, ind.Seq = 0, 0, 0, 0
		// A workbook lists evidence kind by kind; a line it creates keeps
		// that order.
		ind.Evidence = append([]domain.EvidenceItem(nil), ind.Evidence...)
		sort.SliceStable(ind.Evidence, func(i, j int) bool { return ind.Evidence[i].Kind < ind.Evidence[j].Kind })
		out[ind.Code] = fmt.Sprintf("%+v", ind)
	}
	return out
}

func testPlanWorkbookRoundTrip(t *testing.T, w *docWorld) {
	ctx := context.Background()
	svc := w.svc
	if _, err := svc.AmendPlan(ctx, w.head, w.pk, "Penyesuaian target"); err != nil {
		t.Fatal(err)
	}
	// A fifteenth IKU without children, to be removed and restored.
	view, _ := svc.GetPlan(ctx, w.head, w.pk, 0)
	extra := view.Lines[0]
	in := service.LineInput{Code: "8a-N", Name: "Indeks budaya kerja", ObjectiveID: extra.ObjectiveID, Targets: quarters(3, 3, 3.5, 3.5), Manual: extra.Manual}
	added, err := svc.SaveLine(ctx, w.head, w.pk, 0, -1, in)
	if err != nil {
		t.Fatal(err)
	}
	before := lineState(t, w, w.head, w.pk)
	data := export(t, w, w.head, w.pk)

	// Importing the export unchanged changes nothing.
	sum, problems, err := svc.ImportPlan(ctx, w.head, w.pk, "pk.xlsx", bytes.NewReader(data))
	if err != nil || len(problems) > 0 {
		t.Fatalf("import: %v %v", err, messages(problems, "en"))
	}
	if sum != (service.PlanImportSummary{Version: 3, Unchanged: 15}) {
		t.Errorf("summary %+v", sum)
	}

	// Change two lines and remove one; importing the export restores them.
	for _, l := range view.Lines[1:3] {
		in := service.LineInput{Code: l.Code, Name: l.Name + " (ubah)", ObjectiveID: l.ObjectiveID, CascadeType: l.CascadeType,
			Weight: l.Weight, Targets: quarters(1, 2, 3, 4), Manual: l.Manual}
		in.Manual.Formula = "rumus lain"
		in.Manual.Evidence = nil
		if _, err := svc.SaveLine(ctx, w.head, w.pk, l.LineID, -1, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.DeleteLine(ctx, w.head, w.pk, added.LineID, -1); err != nil {
		t.Fatal(err)
	}
	sum, problems, err = svc.ImportPlan(ctx, w.head, w.pk, "pk.xlsx", bytes.NewReader(data))
	if err != nil || len(problems) > 0 {
		t.Fatalf("import: %v %v", err, messages(problems, "en"))
	}
	if sum != (service.PlanImportSummary{Version: 3, Created: 1, Updated: 2, Unchanged: 12}) {
		t.Errorf("summary %+v", sum)
	}
	after := lineState(t, w, w.head, w.pk)
	for code, b := range before {
		if after[code] != b {
			t.Errorf("%s after the round trip:\n got %s\nwant %s", code, after[code], b)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d lines after, %d before", len(after), len(before))
	}

	// An SKP names its parents by code: its export imports into itself.
	if _, err := svc.AmendPlan(ctx, w.kasi, w.skp, "Penyesuaian"); err != nil {
		t.Fatal(err)
	}
	sbefore := lineState(t, w, w.kasi, w.skp)
	sum, problems, err = svc.ImportPlan(ctx, w.kasi, w.skp, "skp.xlsx", bytes.NewReader(export(t, w, w.kasi, w.skp)))
	if err != nil || len(problems) > 0 || sum.Unchanged != len(sbefore) {
		t.Fatalf("SKP import: %+v %v %v", sum, err, messages(problems, "en"))
	}
	if got := lineState(t, w, w.kasi, w.skp); fmt.Sprint(got) != fmt.Sprint(sbefore) {
		t.Errorf("SKP changed by its own export")
	}
}

// editRows rewrites cells of the Indikator sheet: row → header → value; a
// "from" entry first copies a whole row, "clear" empties it.
func editRows(t *testing.T, data []byte, edits map[int]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	grid, err := f.GetRows("Indikator")
	if err != nil {
		t.Fatal(err)
	}
	for row := 2; row <= 20; row++ {
		cells, ok := edits[row]
		if !ok {
			continue
		}
		if cells["clear"] == true {
			for j := range grid[0] {
				name, _ := excelize.CoordinatesToCellName(j+1, row)
				if err := f.SetCellValue("Indikator", name, ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		if from, ok := cells["from"].(int); ok {
			for j, v := range grid[from-1] {
				name, _ := excelize.CoordinatesToCellName(j+1, row)
				if err := f.SetCellValue("Indikator", name, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for h, v := range cells {
			if h == "from" || h == "clear" {
				continue
			}
			col := -1
			for j, x := range grid[0] {
				if strings.TrimSuffix(x, " *") == h {
					col = j
				}
			}
			if col < 0 {
				t.Fatalf("no column %q", h)
			}
			name, _ := excelize.CoordinatesToCellName(col+1, row)
			if err := f.SetCellValue("Indikator", name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testPlanImportErrors(t *testing.T, w *docWorld) {
	ctx := context.Background()
	svc := w.svc
	if _, err := svc.AmendPlan(ctx, w.vera, w.veraSKP, "Penyesuaian"); err != nil {
		t.Fatal(err)
	}
	tpl, err := svc.PlanImportTemplate(ctx, w.vera, w.veraSKP, "id")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Name != "Templat-SKP-2026-"+w.vera.Employee.NIP+".xlsx" {
		t.Errorf("template name %q", tpl.Name)
	}
	before := lineState(t, w, w.vera, w.veraSKP)
	view, _ := svc.GetPlan(ctx, w.vera, w.veraSKP, 0)
	// The template lists the lines in plan order from row 2; V-01 is
	// the Verification head's own indicator, the others are cascaded.
	own := 0
	for i, l := range view.Lines {
		if l.Code == "V-01" {
			own = i + 2
		}
	}
	n := len(view.Lines) + 2 // the first free row
	row := func(k int) int { return n + k }
	data := editRows(t, tpl.Data, map[int]map[string]any{
		own:    {"Target Tahunan": 50.0, "Tingkat Validitas": "Exact", "Tingkat Kendali": "High"},
		row(0): {"from": own, "Kode": "NEW-1", "Jenis Cascading": "Cascading peta", "Metode Cascading": "Full", "Kode Indikator Induk": "TIDAK-ADA"},
		row(1): {"from": own, "Kode": "NEW-2", "Jenis Cascading": "Cascading peta", "Metode Cascading": "Partial", "Kode Indikator Induk": "3a-CP"},
		row(2): {"from": own, "Kode": "NEW-2", "Target TW I": "abc"},
		row(3): {"from": own, "Kode": "NEW-3", "Formula": ""},
		row(4): {"from": own, "Kode": "NEW-5"},
		row(5): {"from": own, "Kode": "NEW-6"},
	})
	sum, problems, err := svc.ImportPlan(ctx, w.vera, w.veraSKP, "skp.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created+sum.Updated != 0 {
		t.Errorf("summary %+v with problems", sum)
	}
	// A row the reader cannot read is left out of the other checks;
	// every problem is listed in row order.
	want := []string{
		fmt.Sprintf("Sheet Indikator, row %d, column S (Tingkat Kendali): Validity “Exact” with control “High” is not allowed.", own),
		fmt.Sprintf("Sheet Indikator, row %d, column L (Target Tahunan): The annual target disagrees with the quarterly targets; by its consolidation it is 96.", own),
		fmt.Sprintf("Sheet Indikator, row %d, column D (Kode Indikator Induk): Parent indicator code TIDAK-ADA is not in the office's PK or the direct supervisor's SKP.", row(0)),
		fmt.Sprintf(`Sheet Indikator, row %d, column H (Target TW I): "abc" is not a number: use only digits, an optional minus sign, dots and commas`, row(2)),
		fmt.Sprintf("Sheet Indikator, row %d, column P (Formula): Required.", row(3)),
		fmt.Sprintf("Sheet Indikator, row %d: This row goes beyond the maximum of 7 indicators.", row(5)),
	}
	if got := messages(problems, "en"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	data = editRows(t, data, map[int]map[string]any{row(2): {"Target TW I": 95.0}})
	_, problems, err = svc.ImportPlan(ctx, w.vera, w.veraSKP, "skp.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		fmt.Sprintf("Lembar Indikator, baris %d, kolom S (Tingkat Kendali): Validitas “Exact” dengan tingkat kendali “High (tinggi)” tidak diperbolehkan.", own),
		fmt.Sprintf("Lembar Indikator, baris %d, kolom L (Target Tahunan): Target tahunan tidak sesuai dengan target triwulanan; menurut jenis konsolidasinya seharusnya 96.", own),
		fmt.Sprintf("Lembar Indikator, baris %d, kolom D (Kode Indikator Induk): Kode indikator induk TIDAK-ADA tidak ditemukan pada PK kantor atau SKP atasan langsung.", row(0)),
		fmt.Sprintf("Lembar Indikator, baris %d, kolom A (Kode): Kode NEW-2 sudah dipakai pada baris %d berkas ini.", row(2), row(1)),
		fmt.Sprintf("Lembar Indikator, baris %d, kolom P (Formula): Wajib diisi.", row(3)),
		fmt.Sprintf("Lembar Indikator, baris %d: Baris ini melampaui jumlah maksimum 7 indikator.", row(5)),
	}
	if got := messages(problems, "id"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if after := lineState(t, w, w.vera, w.veraSKP); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a file with problems changed the plan")
	}
	if v, _ := svc.GetPlan(ctx, w.vera, w.veraSKP, 0); v.Version.Revision != view.Version.Revision {
		t.Error("a file with problems bumped the revision")
	}

	// Fixed, the file adds three lines and changes the head's own one.
	data = editRows(t, data, map[int]map[string]any{
		own:    {"Target Tahunan": "", "Tingkat Validitas": "Proxy", "Tingkat Kendali": "Moderate", "Formula": "BAR tepat waktu ÷ seluruh BAR × 100%"},
		row(0): {"Kode Indikator Induk": "1a-N"},
		row(2): {"Kode": "NEW-4"},
		row(3): {"clear": true},
		row(4): {"clear": true},
		row(5): {"clear": true},
	})
	sum, problems, err = svc.ImportPlan(ctx, w.vera, w.veraSKP, "skp.xlsx", bytes.NewReader(data))
	if err != nil || len(problems) > 0 {
		t.Fatalf("import: %v %v", err, messages(problems, "en"))
	}
	if sum != (service.PlanImportSummary{Version: view.Version.Number, Created: 3, Updated: 1, Unchanged: len(before) - 1}) {
		t.Errorf("summary %+v", sum)
	}
	got := lineState(t, w, w.vera, w.veraSKP)
	if len(got) != len(before)+3 || !strings.Contains(got["V-01"], "Formula:BAR tepat waktu") || !strings.Contains(got["NEW-2"], "CascadeMethod:partial") {
		t.Errorf("after the import: %v", got)
	}

	// Not a workbook at all.
	_, problems, _ = svc.ImportPlan(ctx, w.vera, w.veraSKP, "x.xlsx", strings.NewReader("hello"))
	if len(problems) != 1 || problems[0].Code != "xlsx.unreadable" {
		t.Errorf("garbage: %v", problems)
	}
}

func messages(problems []xlsx.CellError, lang string) []string {
	var out []string
	for _, p := range problems {
		out = append(out, p.Message(lang))
	}
	return out
}

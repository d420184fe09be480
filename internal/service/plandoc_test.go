package service_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// docWorld is the demo office with a strategy map, a PK (approved) and
// SKPs of two section heads cascaded from it.
type docWorld struct {
	svc                          *service.Service
	st                           *store.Store
	off                          *demo.Office
	head, pengelola, kasi, staff authz.Actor
	other, pemeriksa             authz.Actor // a staff member of another section; a read-only auditor
	pk, skp                      int64       // plan IDs: the head's PK, the Seksi Bank head's SKP
	objectives                   map[string]int64
	ikuLines                     map[string]int64 // code → line ID in the PK
	kasiName, headNIP, kasiNIP   string
}

var docNow = time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)

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

func fullManual(unit, polarity, cons string) domain.Manual {
	return domain.Manual{
		Description: "Mengukur kualitas pelaksanaan anggaran satuan kerja mitra.", Purpose: "Mendorong pelaksanaan anggaran yang berkualitas.",
		Formula: "Jumlah satker dengan nilai IKPA ≥ 90 ÷ jumlah satker × 100%", Unit: unit, TargetAspect: "kuantitas",
		Validity: "proxy", Control: "moderate", Responsible: "Seksi MSKI", DataProvider: "Seksi Vera", DataSource: "OM-SPAN",
		PeriodConsolidation: cons, Polarity: polarity, ReportingPeriod: "quarterly", LocationConsolidation: cons, HistoryKind: "existing",
		PrevTarget: calc.Some(90), PrevRealisation: calc.Some(92.5),
		Evidence: []domain.EvidenceItem{{Kind: "raw_data", Name: "Rekap IKPA"}, {Kind: "verification", Name: "Berita acara verifikasi"}, {Kind: "supporting", Name: "Laporan monitoring"}},
	}
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
	off, err := demo.Seed(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	w := &docWorld{svc: svc, st: st, off: off, objectives: map[string]int64{}, ikuLines: map[string]int64{}}
	w.head, w.pengelola = actorOf(t, w, off.Head), actorOf(t, w, off.Pengelola)
	w.kasi, w.staff = actorOf(t, w, off.SectionLed["BANK"]), actorOf(t, w, off.Staff["BANK"][0])
	w.other, w.kasiName = actorOf(t, w, off.Staff["PD"][0]), w.kasi.Employee.Name
	w.headNIP, w.kasiNIP = w.head.Employee.NIP, w.kasi.Employee.NIP
	u, err := st.GetUserByUsername(ctx, "pemeriksa")
	if err != nil {
		t.Fatal(err)
	}
	if w.pemeriksa, err = svc.Actor(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}

	for _, o := range []struct {
		kind       domain.PerspectiveKind
		code, name string
	}{
		{domain.PerspStakeholder, "SS-1", "Pelaksanaan anggaran satker mitra yang berkualitas"},
		{domain.PerspCustomer, "SS-2", "Layanan perbendaharaan yang prima"},
		{domain.PerspInternal, "SS-3", "Pengelolaan kas negara yang akurat"},
		{domain.PerspLearning, "SS-4", "SDM yang kompeten"},
	} {
		obj, err := svc.SaveObjective(ctx, w.head, off.Year, off.OfficeID, 0, service.ObjectiveInput{PerspectiveKind: o.kind, Code: o.code, Name: o.name})
		if err != nil {
			t.Fatalf("objective %s: %v", o.code, err)
		}
		w.objectives[o.code] = obj.ID
	}
	pk, err := svc.OpenPlan(ctx, w.head, off.Year, off.Head)
	if err != nil {
		t.Fatal(err)
	}
	w.pk = pk.ID
	stab := fullManual("%", "stabilize", "average")
	stab.Scale = []domain.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 90, Achievement: 100}, {Ca: 100, Achievement: 120}}
	minz := fullManual("jumlah", "minimize", "sum")
	minz.Worst = calc.Some(50)
	for _, l := range []struct {
		code, name, obj string
		m               domain.Manual
		t               [4]calc.Opt
	}{
		{"1a-N", "Persentase satker mitra dengan nilai IKPA kategori baik", "SS-1", fullManual("%", "maximize", "last"), quarters(85, 88, 90, 92)},
		{"2a-N", "Indeks kepuasan pengguna layanan KPPN", "SS-2", fullManual("indeks", "maximize", "average"), quarters(4.5, 4.5, 4.6, 4.6)},
		{"3a-N", "Tingkat akurasi proyeksi penarikan dana satker", "SS-3", stab, quarters(95, 95, 95, 95)},
		{"3b-N", "Jumlah retur SP2D karena kesalahan KPPN", "SS-3", minz, quarters(0, 0, 0, 0)},
		{"4a-N", "Persentase pegawai yang memenuhi standar jam pelatihan", "SS-4", fullManual("%", "maximize", "last"), quarters(25, 50, 75, 100)},
	} {
		ind, err := svc.SaveLine(ctx, w.head, w.pk, 0, -1, service.LineInput{Code: l.code, Name: l.name, ObjectiveID: w.objectives[l.obj], Targets: l.t, Manual: l.m})
		if err != nil {
			t.Fatalf("IKU %s: %v", l.code, err)
		}
		w.ikuLines[l.code] = ind.LineID
	}
	// Cascade three IKUs to the section heads; the Bank head adds one of her own.
	for _, code := range []string{"1a-N", "2a-N", "3b-N"} {
		if _, err := svc.Cascade(ctx, w.head, w.pk, w.ikuLines[code], domain.MethodFull,
			[]service.CascadeTarget{{EmployeeID: off.SectionLed["BANK"]}, {EmployeeID: off.SectionLed["PD"]}}); err != nil {
			t.Fatalf("cascade %s: %v", code, err)
		}
	}
	skp, err := svc.OpenPlan(ctx, w.kasi, off.Year, off.SectionLed["BANK"])
	if err != nil {
		t.Fatal(err)
	}
	w.skp = skp.ID
	own := fullManual("%", "maximize", "average")
	own.TargetAspect = "waktu"
	if _, err := svc.SaveLine(ctx, w.kasi, w.skp, 0, -1, service.LineInput{Code: "BANK-1", Name: "Persentase rekonsiliasi rekening bank tepat waktu",
		CascadeType: domain.CascadeNone, Targets: quarters(100, 100, 100, 100), Manual: own}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitPlan(ctx, w.head, w.pk, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, w.pengelola, w.pk, -1); err != nil {
		t.Fatal(err)
	}
	return w
}

// pdfText inflates the page contents of a PDF and returns the text drawn
// on each page.
func pdfText(t *testing.T, data []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	var pages []string
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`).FindAllSubmatch(data, -1) {
		content := m[1]
		if zr, err := zlib.NewReader(bytes.NewReader(content)); err == nil {
			if inflated, err := io.ReadAll(zr); err == nil {
				content = inflated
			}
		}
		if !regexp.MustCompile(`^[0-2] J\n`).Match(content) {
			continue
		}
		var b strings.Builder
		for _, bt := range regexp.MustCompile(`(?s)BT(.*?)ET`).FindAllSubmatch(content, -1) {
			b.WriteString(pdfString(bt[1]))
			b.WriteByte('\n')
		}
		pages = append(pages, b.String())
	}
	if n := len(regexp.MustCompile(`/Type /Page[^s]`).FindAll(data, -1)); n != len(pages) || n == 0 {
		t.Fatalf("%d pages but %d page contents", n, len(pages))
	}
	return pages
}

// pdfString decodes the UTF-16BE literal strings of a text object.
func pdfString(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != '(' {
			continue
		}
		var raw []byte
		for i++; i < len(b) && b[i] != ')'; i++ {
			c := b[i]
			if c == '\\' && i+1 < len(b) {
				i++
				switch e := b[i]; {
				case e == 'n':
					c = '\n'
				case e == 'r':
					c = '\r'
				case e >= '0' && e <= '7':
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					c = byte(v)
				default:
					c = e
				}
			}
			raw = append(raw, c)
		}
		u := make([]uint16, len(raw)/2)
		for k := range u {
			u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
		}
		out.WriteString(string(utf16.Decode(u)))
	}
	return out.String()
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

func TestPlanDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newDocWorld(t, st)
		svc := w.svc

		f, err := svc.PlanPDF(ctx, w.head, w.pk, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "PK-2026-KPPN-SKM-v1.pdf" || f.ContentType != service.ContentPDF {
			t.Errorf("PK file %q %q", f.Name, f.ContentType)
		}
		pages := pdfText(t, f.Data)
		if len(pages) < 2 || len(pages) > 4 {
			t.Errorf("PK has %d pages", len(pages))
		}
		mustContain(t, "PK", pages, "PERJANJIAN KINERJA TAHUN 2026", "KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU",
			"Dr. Hendra Wijaya", "NIP "+w.headNIP, "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju",
			w.pengelola.Employee.Name, "NIP "+w.pengelola.Employee.NIP, "a.n. Kepala Kantor Wilayah DJPb Provinsi Jawa", "Pengelola Kinerja",
			"Sukamaju, 20 Januari 2026", "Indeks kepuasan pengguna", "Perspektif Stakeholder", "Versi 1 · disetujui 20 Januari 2026")
		if strings.Contains(strings.Join(pages, ""), "DRAF") {
			t.Error("the approved PK is marked as a draft")
		}
		again, _ := svc.PlanPDF(ctx, w.head, w.pk, 0)
		if !bytes.Equal(f.Data, again.Data) {
			t.Error("the PK PDF is not reproducible with a fixed clock")
		}

		f, err = svc.PlanPDF(ctx, w.kasi, w.skp, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "SKP-2026-"+w.kasiNIP+"-v1-draf.pdf" {
			t.Errorf("SKP file %q", f.Name)
		}
		pages = pdfText(t, f.Data)
		mustContain(t, "SKP", pages, "SASARAN KINERJA PEGAWAI", "DRAF — BELUM DISETUJUI", w.kasiName, w.kasiNIP,
			"Penata Tk. I (III/d)", "Kepala Seksi Bank", "Seksi Bank, Kantor Pelayanan", "NIP "+w.headNIP, "1a-N",
			"BANK-1", "Waktu", "Berorientasi Pelayanan", "Kolaboratif", "Pejabat Penilai Kinerja,")
		for i, pg := range pages {
			if !strings.HasPrefix(strings.TrimSpace(pg), "DRAF") {
				t.Errorf("SKP page %d lacks the draft watermark", i+1)
			}
		}

		// Approved, the SKP names its appraiser as signed, in the post held.
		if _, err := svc.SubmitPlan(ctx, w.kasi, w.skp, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ApprovePlan(ctx, w.head, w.skp, -1); err != nil {
			t.Fatal(err)
		}
		f, err = svc.PlanPDF(ctx, w.kasi, w.skp, 0)
		if err != nil {
			t.Fatal(err)
		}
		pages = pdfText(t, f.Data)
		mustContain(t, "approved SKP", pages, "Pembina Tk. I (IV/b)", "Kepala Kantor", "Sukamaju, 20 Januari 2026", "Versi 1 · disetujui 20 Januari 2026")
		if f.Name != "SKP-2026-"+w.kasiNIP+"-v1.pdf" || strings.Contains(strings.Join(pages, ""), "DRAF") {
			t.Errorf("approved SKP %q still marked as a draft", f.Name)
		}

		for _, c := range []struct {
			plan  int64
			name  string
			lines int
		}{{w.pk, "Manual-IKU-2026-KPPN-SKM-v1.pdf", 5}, {w.skp, "Manual-IKI-2026-" + w.kasiNIP + "-v1.pdf", 4}} {
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
			mustContain(t, c.name, pages, "DAFTAR ISI", "Formula", "OM-SPAN", "Berita acara verifikasi", "1a-N")
		}
	})
}

func TestPlanDocumentPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newDocWorld(t, st)
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
	})
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

func TestPlanWorkbookRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newDocWorld(t, st)
		svc := w.svc
		if _, err := svc.AmendPlan(ctx, w.head, w.pk, "Penyesuaian target"); err != nil {
			t.Fatal(err)
		}
		before := lineState(t, w, w.head, w.pk)
		data := export(t, w, w.head, w.pk)

		// Importing the export unchanged changes nothing.
		sum, problems, err := svc.ImportPlan(ctx, w.head, w.pk, "pk.xlsx", bytes.NewReader(data))
		if err != nil || len(problems) > 0 {
			t.Fatalf("import: %v %v", err, problems)
		}
		if sum != (service.PlanImportSummary{Version: 2, Unchanged: 5}) {
			t.Errorf("summary %+v", sum)
		}

		// Change a line and remove one; importing the export restores both.
		view, _ := svc.GetPlan(ctx, w.head, w.pk, 0)
		changed := view.Lines[0]
		in := service.LineInput{Code: changed.Code, Name: changed.Name + " (ubah)", ObjectiveID: changed.ObjectiveID, CascadeType: changed.CascadeType,
			Targets: quarters(1, 2, 3, 4), Manual: changed.Manual}
		in.Manual.Formula = "rumus lain"
		if _, err := svc.SaveLine(ctx, w.head, w.pk, changed.LineID, -1, in); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteLine(ctx, w.head, w.pk, w.ikuLines["4a-N"], -1); err != nil {
			t.Fatal(err)
		}
		sum, problems, err = svc.ImportPlan(ctx, w.head, w.pk, "pk.xlsx", bytes.NewReader(data))
		if err != nil || len(problems) > 0 {
			t.Fatalf("import: %v %v", err, problems)
		}
		if sum != (service.PlanImportSummary{Version: 2, Created: 1, Updated: 1, Unchanged: 3}) {
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
		// The full-cascade children follow their parent's restored name.
		skp := lineState(t, w, w.kasi, w.skp)
		if !strings.Contains(skp["1a-N.1"], "Name:"+changed.Name+" ") {
			t.Errorf("child not synced back: %s", skp["1a-N.1"])
		}

		// The SKP names its parents by code: its export imports into itself.
		sbefore := lineState(t, w, w.kasi, w.skp)
		sum, problems, err = svc.ImportPlan(ctx, w.kasi, w.skp, "skp.xlsx", bytes.NewReader(export(t, w, w.kasi, w.skp)))
		if err != nil || len(problems) > 0 || sum.Unchanged != 4 {
			t.Fatalf("SKP import: %+v %v %v", sum, err, problems)
		}
		if got := lineState(t, w, w.kasi, w.skp); fmt.Sprint(got) != fmt.Sprint(sbefore) {
			t.Errorf("SKP changed by its own export")
		}
	})
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

func TestPlanImportErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newDocWorld(t, st)
		svc := w.svc
		tpl, err := svc.PlanImportTemplate(ctx, w.kasi, w.skp, "id")
		if err != nil {
			t.Fatal(err)
		}
		if tpl.Name != "Templat-SKP-2026-"+w.kasiNIP+".xlsx" {
			t.Errorf("template name %q", tpl.Name)
		}
		before := lineState(t, w, w.kasi, w.skp)
		view, _ := svc.GetPlan(ctx, w.kasi, w.skp, 0)
		// Rows 2–4 are the cascaded IKIs, row 5 the Bank head's own one.
		data := editRows(t, tpl.Data, map[int]map[string]any{
			5: {"Target Tahunan": 50.0, "Tingkat Validitas": "Exact", "Tingkat Kendali": "High"},
			6: {"from": 5, "Kode": "NEW-1", "Jenis Cascading": "Cascading peta", "Metode Cascading": "Full", "Kode Indikator Induk": "TIDAK-ADA"},
			7: {"from": 5, "Kode": "NEW-2", "Jenis Cascading": "Cascading peta", "Metode Cascading": "Partial", "Kode Indikator Induk": "3a-N"},
			8: {"from": 5, "Kode": "NEW-2", "Target TW I": "abc"},
			9: {"from": 5, "Kode": "NEW-3", "Formula": ""},
		})
		sum, problems, err := svc.ImportPlan(ctx, w.kasi, w.skp, "skp.xlsx", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Created+sum.Updated != 0 {
			t.Errorf("summary %+v with problems", sum)
		}
		// A row the reader cannot read is left out of the other checks;
		// every problem is listed in row order.
		want := []string{
			"Sheet Indikator, row 5, column S (Tingkat Kendali): Validity exact with control high is not allowed.",
			"Sheet Indikator, row 5, column L (Target Tahunan): The annual target disagrees with the quarterly targets; by its consolidation it is 100.",
			"Sheet Indikator, row 6, column D (Kode Indikator Induk): Parent indicator code TIDAK-ADA is not in the office's PK or the direct supervisor's SKP.",
			`Sheet Indikator, row 8, column H (Target TW I): "abc" is not a number: use only digits, an optional minus sign, dots and commas`,
			"Sheet Indikator, row 9, column P (Formula): Required.",
		}
		if got := messages(problems, "en"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		data = editRows(t, data, map[int]map[string]any{8: {"Target TW I": 100.0}, 10: {"from": 5, "Kode": "NEW-5"}})
		_, problems, err = svc.ImportPlan(ctx, w.kasi, w.skp, "skp.xlsx", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want = []string{
			"Lembar Indikator, baris 5, kolom S (Tingkat Kendali): Kombinasi validitas exact dan tingkat kendali high tidak diperbolehkan.",
			"Lembar Indikator, baris 5, kolom L (Target Tahunan): Target tahunan tidak sesuai dengan target triwulanan; menurut jenis konsolidasinya seharusnya 100.",
			"Lembar Indikator, baris 6, kolom D (Kode Indikator Induk): Kode indikator induk TIDAK-ADA tidak ditemukan pada PK kantor atau SKP atasan langsung.",
			"Lembar Indikator, baris 8, kolom A (Kode): Kode NEW-2 sudah dipakai pada baris 7 berkas ini.",
			"Lembar Indikator, baris 9, kolom P (Formula): Wajib diisi.",
			"Lembar Indikator, baris 10: Baris ini melampaui jumlah maksimum 7 indikator.",
		}
		if got := messages(problems, "id"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if after := lineState(t, w, w.kasi, w.skp); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Error("a file with problems changed the plan")
		}
		if v, _ := svc.GetPlan(ctx, w.kasi, w.skp, 0); v.Version.Revision != view.Version.Revision {
			t.Error("a file with problems bumped the revision")
		}

		// Fixed, the file adds three lines and changes the Bank head's own one.
		data = editRows(t, data, map[int]map[string]any{
			5:  {"Target Tahunan": "", "Tingkat Validitas": "Proxy", "Tingkat Kendali": "Moderate", "Formula": "rekening direkonsiliasi ÷ seluruh rekening × 100%"},
			6:  {"Kode Indikator Induk": "1a-N"},
			8:  {"Kode": "NEW-4"},
			9:  {"clear": true},
			10: {"clear": true},
		})
		sum, problems, err = svc.ImportPlan(ctx, w.kasi, w.skp, "skp.xlsx", bytes.NewReader(data))
		if err != nil || len(problems) > 0 {
			t.Fatalf("import: %v %v", err, messages(problems, "en"))
		}
		if sum != (service.PlanImportSummary{Version: 1, Created: 3, Updated: 1, Unchanged: 3}) {
			t.Errorf("summary %+v", sum)
		}
		got := lineState(t, w, w.kasi, w.skp)
		if len(got) != 7 || !strings.Contains(got["BANK-1"], "Formula:rekening direkonsiliasi") || !strings.Contains(got["NEW-2"], "CascadeMethod:partial") {
			t.Errorf("after the import: %v", got)
		}

		// Not a workbook at all.
		_, problems, _ = svc.ImportPlan(ctx, w.kasi, w.skp, "x.xlsx", strings.NewReader("hello"))
		if len(problems) != 1 || problems[0].Code != "xlsx.unreadable" {
			t.Errorf("garbage: %v", problems)
		}
	})
}

func messages(problems []xlsx.CellError, lang string) []string {
	var out []string
	for _, p := range problems {
		out = append(out, p.Message(lang))
	}
	return out
}

package plandoc

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
)

var created = time.Date(2026, 1, 20, 10, 0, 0, 0, time.UTC)

func some(xs ...float64) [4]calc.Opt {
	var out [4]calc.Opt
	for i, x := range xs {
		if x >= 0 {
			out[i] = calc.Some(x)
		}
	}
	return out
}

func manual(unit, polarity, cons string) domain.Manual {
	return domain.Manual{
		Description:           "Indikator ini mengukur kualitas pelaksanaan anggaran satuan kerja mitra KPPN dari sisi kesesuaian perencanaan, efektivitas dan efisiensi pelaksanaan kegiatan, serta kepatuhan terhadap regulasi.",
		Purpose:               "Mendorong satuan kerja melaksanakan anggaran secara tepat waktu dan berkualitas.",
		Formula:               "Jumlah satker dengan nilai IKPA ≥ 90 ÷ jumlah seluruh satker mitra × 100%",
		Unit:                  unit,
		TargetAspect:          "kuantitas",
		Validity:              "proxy",
		Control:               "moderate",
		Responsible:           "Seksi Manajemen Satker dan Kepatuhan Internal",
		DataProvider:          "Seksi Verifikasi dan Akuntansi",
		DataSource:            "Aplikasi OM-SPAN",
		PeriodConsolidation:   cons,
		Polarity:              polarity,
		ReportingPeriod:       "quarterly",
		LocationConsolidation: cons,
		HistoryKind:           "existing",
		PrevTarget:            calc.Some(90),
		PrevRealisation:       calc.Some(92.5),
		Evidence: []domain.EvidenceItem{
			{Kind: "raw_data", Name: "Rekapitulasi nilai IKPA per satker dari OM-SPAN"},
			{Kind: "supporting", Name: "Laporan monitoring IKPA triwulanan"},
			{Kind: "supporting", Name: "Notulen rapat evaluasi pelaksanaan anggaran"},
			{Kind: "verification", Name: "Berita acara verifikasi data oleh Subbagian Umum"},
		},
	}
}

func line(id int64, code, name string, obj *Objective, m domain.Manual, targets [4]calc.Opt) Line {
	l := Line{Indicator: domain.Indicator{ID: id, LineID: id, Seq: int(id), Kind: domain.IKU, Code: code, Name: name, CascadeType: domain.CascadePeta, Targets: targets, Manual: m}, Objective: obj}
	if obj != nil {
		l.ObjectiveID = obj.ID
	}
	l.Annual = calc.AnnualTarget(calc.Consolidation(m.PeriodConsolidation), targets)
	return l
}

var objectives = []Objective{
	{ID: 1, Code: "SS-1", Name: "Terwujudnya pelaksanaan anggaran satuan kerja mitra yang berkualitas", Perspective: "Stakeholder"},
	{ID: 2, Code: "SS-2", Name: "Layanan perbendaharaan yang prima", Perspective: "Customer"},
	{ID: 3, Code: "SS-3", Name: "Pengelolaan kas negara dan akuntansi yang akurat dan andal", Perspective: "Internal Process"},
	{ID: 4, Code: "SS-4", Name: "SDM yang kompeten dan organisasi yang adaptif", Perspective: "Learning and Growth"},
}

func office() Office {
	return Office{Code: "KPPN-SKM", Name: "Kantor Pelayanan Perbendaharaan Negara Sukamaju", City: "Sukamaju",
		Letterhead: []string{"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERBENDAHARAAN", "KANTOR WILAYAH DIREKTORAT JENDERAL PERBENDAHARAAN PROVINSI JAWA BARAT"},
		Address:    []string{"Jalan Merdeka Nomor 45, Sukamaju 43111; Telepon (0263) 512345; laman djpb.kemenkeu.go.id/kppn/sukamaju"}}
}

// pkFixture is a realistic approved PK (an amendment) of a KPPN.
func pkFixture() Plan {
	o := objectives
	stab := manual("%", "stabilize", "average")
	stab.Scale = []domain.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 90, Achievement: 100}, {Ca: 100, Achievement: 120}}
	stab.Validity, stab.Control = "exact", "moderate"
	minz := manual("jumlah", "minimize", "sum")
	minz.Worst = calc.Some(50)
	maxT := manual("%", "maximize", "last")
	maxT.MaxTarget = true
	lines := []Line{
		line(1, "1a-N", "Persentase satuan kerja mitra dengan nilai Indikator Kinerja Pelaksanaan Anggaran (IKPA) kategori baik", &o[0], manual("%", "maximize", "last"), some(85, 88, 90, 92)),
		line(2, "1b-N", "Indeks kualitas laporan keuangan satuan kerja mitra", &o[0], manual("indeks", "maximize", "average"), some(3.5, 3.6, 3.7, 3.8)),
		line(3, "2a-N", "Indeks kepuasan pengguna layanan KPPN", &o[1], manual("indeks", "maximize", "last"), some(-1, 4.5, -1, 4.6)),
		line(4, "2b-N", "Persentase SP2D yang diterbitkan tepat waktu sesuai standar layanan", &o[1], maxT, some(100, 100, 100, 100)),
		line(5, "3a-N", "Tingkat akurasi proyeksi penarikan dana satuan kerja mitra", &o[2], stab, some(95, 95, 95, 95)),
		line(6, "3b-N", "Jumlah retur SP2D karena kesalahan KPPN", &o[2], minz, some(0, 0, 0, 0)),
		line(7, "3c-N", "Persentase rekonsiliasi laporan keuangan tingkat satker yang diselesaikan tepat waktu", &o[2], manual("%", "maximize", "average"), some(100, 100, 100, 100)),
		line(8, "4a-N", "Persentase pegawai yang memenuhi standar jam pelatihan minimal 20 jam pelajaran", &o[3], manual("%", "maximize", "last"), some(25, 50, 75, 100)),
		line(9, "4b-N", "Persentase realisasi anggaran belanja KPPN", &o[3], manual("%", "maximize", "last"), some(20, 45, 70, 95)),
	}
	return Plan{Kind: domain.PlanPK, Year: 2026, Office: office(),
		Owner:    Person{Name: "Dr. Hendra Wijaya, S.E., M.Ak.", NIP: "197503122000031001", Grade: "Pembina Tk. I (IV/b)", Position: "Kepala Kantor", Unit: "Kantor Pelayanan Perbendaharaan Negara Sukamaju"},
		Approver: Person{Name: "Agus Setiawan, S.Kom.", NIP: "198807152010121002", Position: "a.n. Kepala Kantor Wilayah DJPb Provinsi Jawa Barat\nPengelola Kinerja"},
		Version: Version{Number: 2, Status: domain.PlanApproved, Reason: "Penyesuaian target IKPA dengan kebijakan nasional tahun berjalan", ApprovedAt: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC),
			ApproverName: "Agus Setiawan, S.Kom.", ApproverNIP: "198807152010121002"},
		Versions: []Version{
			{Number: 1, Status: domain.PlanApproved, CreatedAt: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), ApprovedAt: time.Date(2026, 1, 28, 0, 0, 0, 0, time.UTC), ApproverName: "Agus Setiawan, S.Kom.", ApproverNIP: "198807152010121002"},
			{Number: 2, Status: domain.PlanApproved, Reason: "Penyesuaian target IKPA", CreatedAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), ApprovedAt: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), ApproverName: "Agus Setiawan, S.Kom.", ApproverNIP: "198807152010121002"},
		},
		Lines: lines, Objectives: objectives, Created: created}
}

// skpFixture is a draft SKP of a section head cascaded from the PK.
func skpFixture() Plan {
	pk := pkFixture()
	o := objectives
	var lines []Line
	for i, pl := range []int{0, 3, 4, 5} {
		p := pk.Lines[pl]
		l := line(int64(20+i), p.Code+".1", p.Name, p.Objective, p.Manual, p.Targets)
		l.Kind, l.CascadeMethod = domain.IKI, domain.MethodFull
		l.Parent = &Parent{Code: p.Code, Name: p.Name, Kind: domain.IKU, Owner: pk.Owner.Name, Position: "Kepala Kantor"}
		lines = append(lines, l)
	}
	own := line(30, "BANK-1", "Persentase penyelesaian rekonsiliasi rekening bank persepsi dan bank operasional tepat waktu", nil, manual("%", "maximize", "average"), some(100, 100, 100, 100))
	own.Kind, own.CascadeType = domain.IKI, domain.CascadeNone
	own.TargetAspect = "waktu"
	lines = append(lines, own)
	lines[1].Objective = &o[1]
	lines[0].Result = "Satker mitra melaksanakan anggaran dengan nilai IKPA yang baik"
	lines[0].Expectation = "Pendampingan satker dengan IKPA di bawah 90 setiap bulan"
	return Plan{Kind: domain.PlanSKP, Year: 2026, Office: office(),
		Owner:    Person{Name: "Indah Purnamasari, S.E., M.Ak.", NIP: "198204142006042001", Grade: "Penata Tk. I (III/d)", Position: "Kepala Seksi Bank", Unit: "Seksi Bank, Kantor Pelayanan Perbendaharaan Negara Sukamaju"},
		Approver: Person{Name: "Dr. Hendra Wijaya, S.E., M.Ak.", NIP: "197503122000031001", Grade: "Pembina Tk. I (IV/b)", Position: "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju", Unit: "Kantor Pelayanan Perbendaharaan Negara Sukamaju"},
		Version:  Version{Number: 1, Status: domain.PlanDraft},
		Versions: []Version{{Number: 1, Status: domain.PlanDraft, CreatedAt: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)}},
		Lines:    lines, Objectives: objectives, Created: created,
		Parents: []Parent{{Code: "1a-N", Name: pk.Lines[0].Name, Kind: domain.IKU, Owner: pk.Owner.Name, Position: "Kepala Kantor"}},
	}
}

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

func wantText(t *testing.T, pages []string, want ...string) {
	t.Helper()
	all := strings.Join(pages, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("text %q not found", w)
		}
	}
}

func TestPKDocument(t *testing.T) {
	p := pkFixture()
	data, err := PlanPDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, data)
	if len(pages) < 2 || len(pages) > 4 {
		t.Errorf("%d pages, want 2–4", len(pages))
	}
	wantText(t, pages,
		"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU",
		"PERJANJIAN KINERJA TAHUN 2026", "ADENDUM KE-1", "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju",
		"selanjutnya disebut pihak pertama", "Pihak Kedua,", "Pihak Pertama,", "Sukamaju, 16 Maret 2026",
		"NIP 19750312 200003 1 001", "NIP 19880715 201012 1 002", "a.n. Kepala Kantor Wilayah DJPb Provinsi Jawa Barat",
		"LAMPIRAN PERJANJIAN KINERJA TAHUN 2026", "Perspektif Stakeholder", "Perspektif Learning and Growth",
		"SS-1 Terwujudnya", "Indeks kepuasan pengguna", "Target",
		"PK 2026 · KPPN-SKM · Versi 2 · disetujui 16 Maret 2026", "Halaman 1 dari")
	if strings.Contains(strings.Join(pages, ""), "DRAF") {
		t.Error("an approved PK is marked as a draft")
	}
	noNIPUngrouped(t, pages, p.Owner.NIP, p.Approver.NIP)
	// Each objective is named once per page however many IKUs it has.
	if n := strings.Count(pages[len(pages)-1]+pages[max(len(pages)-2, 0)], "SS-3 Pengelolaan kas"); n != 1 {
		t.Errorf("objective SS-3 printed %d times", n)
	}

	// Same input, same bytes.
	again, _ := PlanPDF(p, Options{Uncompressed: true})
	if !bytes.Equal(data, again) {
		t.Error("output is not deterministic")
	}

	// A draft is watermarked and says so; the second party is blank.
	p.Version = Version{Number: 1, Status: domain.PlanSubmitted, SubmittedAt: time.Date(2026, 1, 25, 0, 0, 0, 0, time.UTC)}
	p.Approver.Name, p.Approver.NIP = "", ""
	data, err = PlanPDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	pages = pdfText(t, data)
	wantText(t, pages, "DRAF — BELUM DISETUJUI", "DRAF — diajukan 25 Januari 2026, belum disetujui", blankName, "Sukamaju, ……………………… 2026")
	for i, pg := range pages {
		if !strings.HasPrefix(strings.TrimSpace(pg), "DRAF\n") {
			t.Errorf("page %d has no watermark", i+1)
		}
	}
}

func TestSKPDocument(t *testing.T) {
	p := skpFixture()
	p.Expectations = []string{"Menjawab pertanyaan satker dalam satu hari", "", "", "", "", "", "Berkoordinasi dengan Seksi PD"}
	data, err := PlanPDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, data)
	if len(pages) < 2 || len(pages) > 4 {
		t.Errorf("%d pages, want 2–4", len(pages))
	}
	wantText(t, pages, "SASARAN KINERJA PEGAWAI", "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026",
		"PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "19820414 200604 2 001", "Penata Tk. I (III/d)", "Kepala Seksi Bank",
		"HASIL KERJA", "Rencana Hasil Kerja Pimpinan", "1a-N Persentase", "(Dr. Hendra Wijaya, S.E.,",
		"BANK-1 Persentase", "Waktu", "PERILAKU KERJA", "Berorientasi Pelayanan", "Akuntabel",
		"Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif", "Ekspektasi Khusus Pimpinan",
		"Menjawab pertanyaan satker dalam satu hari", "Berkoordinasi dengan Seksi PD",
		"Pegawai yang Dinilai,", "Pejabat Penilai Kinerja,", "NIP 19750312 200003 1 001", "DRAF — BELUM DISETUJUI",
		"SKP 2026 · Indah Purnamasari, S.E., M.Ak. · Versi 1 · DRAF — belum disetujui",
		// The own work result, with the leader's result it intervenes in beside it.
		"Satker mitra melaksanakan",
		"Ekspektasi Khusus Pimpinan: Pendampingan satker dengan IKPA di bawah 90 setiap bulan",
		"B. TAMBAHAN", "LAMPIRAN SASARAN KINERJA PEGAWAI", "DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI")
	noNIPUngrouped(t, pages, p.Owner.NIP, p.Approver.NIP)
	// The work-result column prints the line's own result, not the
	// objective it serves (the objective is no longer in the table).
	if strings.Contains(strings.Join(pages, "\n"), objectives[0].Name) {
		t.Error("the SKP prints the objective's name as the work result")
	}
	// Nothing written in the Lampiran: each part reads "—".
	last := pages[len(pages)-1]
	if !strings.Contains(last, "LAMPIRAN SASARAN KINERJA PEGAWAI") || strings.Count(last, "—\n") < 3 {
		t.Errorf("the Lampiran page does not mark its three empty parts:\n%s", last)
	}
}

// An SKP of part of the year (the employee moved) prints its period, its
// additional tasks and its Lampiran.
func TestSKPDocumentPeriodTasksAttachment(t *testing.T) {
	p := skpFixture()
	p.PeriodStart, p.PeriodEnd = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)
	p.Tasks = []string{"Anggota tim penyusun SOP penyelesaian retur SP2D"}
	p.Attachment = Attachment{Resources: "Akses aplikasi SPAN dan dua pelaksana", Consequences: "Usulan penghargaan bila di atas ekspektasi"}
	data, err := PlanPDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, data)
	wantText(t, pages, "PERIODE PENILAIAN: 1 JANUARI S.D. 14 JULI 2026", "Anggota tim penyusun SOP penyelesaian retur SP2D",
		"Akses aplikasi SPAN dan dua pelaksana", "Usulan penghargaan bila di atas ekspektasi", "PERIODE 1 JANUARI S.D. 14 JULI 2026")
	if strings.Contains(strings.Join(pages, "\n"), "31 DESEMBER") {
		t.Error("a part-year SKP prints the whole year")
	}
	// The accountability scheme was left empty: "—" under its heading.
	last := pages[len(pages)-1]
	if i := strings.Index(last, "SKEMA PERTANGGUNGJAWABAN"); i < 0 || !strings.HasPrefix(strings.TrimSpace(last[i+len("SKEMA PERTANGGUNGJAWABAN"):]), "—") {
		t.Errorf("empty accountability scheme not marked:\n%s", last)
	}

	pk := pkFixture()
	pk.PeriodStart, pk.PeriodEnd = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	data, err = PlanPDF(pk, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	pages = pdfText(t, data)
	wantText(t, pages, "PERIODE 2 MARET S.D. 31 DESEMBER 2026")
}

// noNIPUngrouped fails when a document prints one of the NIPs as a run of
// 18 digits instead of in its groups.
func noNIPUngrouped(t *testing.T, pages []string, nips ...string) {
	t.Helper()
	all := strings.Join(pages, "\n")
	for _, n := range nips {
		if strings.Contains(all, n) {
			t.Errorf("NIP %s printed without its groups", n)
		}
	}
}

func TestManualBook(t *testing.T) {
	for _, p := range []Plan{pkFixture(), skpFixture()} {
		data, err := ManualPDF(p, Options{Uncompressed: true})
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfText(t, data)
		if len(pages) < 2+len(p.Lines) {
			t.Fatalf("%s: %d pages for %d indicators", p.Kind, len(pages), len(p.Lines))
		}
		wantText(t, pages, "DAFTAR ISI", "Formula", "Jumlah satker dengan nilai IKPA ≥ 90", "Tingkat Kendali", "Moderate",
			"Lokasi", "Riwayat Indikator", "Sebelumnya", "92,5", "Data Mentah",
			"1. Rekapitulasi nilai IKPA per satker dari OM-SPAN", "2. Notulen rapat evaluasi")
		// The table of contents points at the page each manual starts on.
		for _, l := range p.orderedLines() {
			page := -1
			for i, pg := range pages {
				if strings.Contains(pg, l.Code+" — ") {
					page = i + 1
					break
				}
			}
			if page < 3 || !regexp.MustCompile(`(?s)`+regexp.QuoteMeta(l.Code)+`\n.*?\n`+fmt.Sprint(page)+`\n`).MatchString(pages[1]) {
				t.Errorf("%s: contents do not give page %d for %s", p.Kind, page, l.Code)
			}
		}
	}
	pk := pkFixture()
	// Figures derived from targets are rounded for display as calc rounds.
	pk.Lines[6].Targets = some(45, 45, 40, 40)
	pk.Lines[6].Annual = calc.AnnualTarget(calc.ConsolidationAverage, pk.Lines[6].Targets)
	data, _ := ManualPDF(pk, Options{Uncompressed: true})
	pages := pdfText(t, data)
	wantText(t, pages, "MANUAL INDIKATOR KINERJA UTAMA", "0 → 0; 90 → 100; 100 → 120", "Realisasi Terburuk", "50", "\n43,33\n", "\n42,5\n")
	if strings.Contains(strings.Join(pages, ""), "43,333") {
		t.Error("a to-date target is printed unrounded")
	}
}

func TestWorkbookRoundTrip(t *testing.T) {
	for _, p := range []Plan{pkFixture(), skpFixture()} {
		wb, err := ExportXLSX(p, "id")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := wb.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		wb.Close()
		rows, problems, err := ReadImport(bytes.NewReader(buf.Bytes()))
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: read back: %v %v", p.Kind, err, problems)
		}
		if len(rows) != len(p.Lines) {
			t.Fatalf("%s: %d rows for %d lines", p.Kind, len(rows), len(p.Lines))
		}
		for i, r := range rows {
			l := p.Lines[i]
			// Spreadsheets keep 15 significant digits: a derived annual
			// target may come back a few units in the last place off.
			if r.Code != l.Code || r.Name != l.Name || r.Targets != l.Targets || r.CascadeType != l.CascadeType || r.CascadeMethod != l.CascadeMethod ||
				r.Annual.OK != l.Annual.OK || math.Abs(r.Annual.V-l.Annual.V) > 1e-12 {
				t.Errorf("%s row %d: %+v", p.Kind, i, r)
			}
			if !reflect.DeepEqual(r.Manual, l.Manual) {
				t.Errorf("%s row %d manual:\n got %+v\nwant %+v", p.Kind, i, r.Manual, l.Manual)
			}
			if l.Objective != nil && r.ObjectiveCode != l.Objective.Code || l.Parent != nil && r.ParentCode != l.Parent.Code {
				t.Errorf("%s row %d references: %q %q", p.Kind, i, r.ObjectiveCode, r.ParentCode)
			}
		}
	}
}

func TestReadImportProblems(t *testing.T) {
	p := pkFixture()
	p.Lines[4].Scale = nil
	wb, err := TemplateXLSX(p, "en")
	if err != nil {
		t.Fatal(err)
	}
	sh := wb.Sheet(Sheet)
	row := values(p.Lines[4])
	row[colCode], row[colScale], row[colT2] = "NEW-1", "0 → 0; 90 → seratus", "abc"
	if err := sh.WriteRow(row...); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	wb.Close()
	rows, problems, err := ReadImport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(p.Lines)+1 {
		t.Errorf("%d rows", len(rows))
	}
	var got []string
	for _, e := range problems {
		got = append(got, e.Message("id"))
	}
	want := []string{
		`Lembar Indikator, baris 11, kolom I (Target TW II): "abc" bukan angka: gunakan hanya angka, tanda minus (opsional), titik dan koma`,
		`Lembar Indikator, baris 11, kolom AB (Skala Stabilize): "90 → seratus" bukan pasangan "Ca → capaian"; tulis misalnya 0 → 0; 90 → 100; 100 → 120`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScaleText(t *testing.T) {
	s := []domain.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 90.5, Achievement: 100}, {Ca: 1234, Achievement: 120.25}}
	text := ScaleText(s)
	if text != "0 → 0; 90,5 → 100; 1.234 → 120,25" {
		t.Errorf("ScaleText = %q", text)
	}
	back, err := ParseScale(text)
	if err != nil || !reflect.DeepEqual(back, s) {
		t.Errorf("ParseScale(%q) = %v, %v", text, back, err)
	}
	if got, err := ParseScale("0->0\n100 = 120"); err != nil || len(got) != 2 || got[1].Achievement != 120 {
		t.Errorf("other arrows: %v %v", got, err)
	}
	if _, err := ParseScale("90 100"); err == nil {
		t.Error("a pair without an arrow is accepted")
	}
}

func TestFullTitle(t *testing.T) {
	for _, tt := range []struct{ title, unit, want string }{
		{"Kepala Kantor", "Kantor Pelayanan Perbendaharaan Negara Sukamaju", "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju"},
		{"Kepala Seksi Bank", "Seksi Bank", "Kepala Seksi Bank"},
		{"Pranata Keuangan APBN Penyelia", "Seksi Pencairan Dana", "Pranata Keuangan APBN Penyelia pada Seksi Pencairan Dana"},
		{"Kepala Seksi Bank", "Seksi Bank, Kantor Pelayanan Perbendaharaan Negara Sukamaju", "Kepala Seksi Bank, Kantor Pelayanan Perbendaharaan Negara Sukamaju"},
		{"Kepala Kantor", "Kantor Pelayanan Perbendaharaan Negara Sukamaju, Kantor Wilayah", "Kepala Kantor Pelayanan Perbendaharaan Negara Sukamaju, Kantor Wilayah"},
		{"Kepala Kantor", "", "Kepala Kantor"},
		{"", "Seksi Bank", "Seksi Bank"},
	} {
		if got := FullTitle(tt.title, tt.unit); got != tt.want {
			t.Errorf("FullTitle(%q, %q) = %q, want %q", tt.title, tt.unit, got, tt.want)
		}
	}
}

package lckdoc

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
)

var created = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

const hashA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func sample() Report {
	return Report{
		Year: 2026, Quarter: 3, Unit: "Seksi Bank", Kind: domain.PlanSKP, Status: domain.ReportDraft, SheetStatus: domain.SheetVerified,
		Office: Office{Name: "Kantor Pelayanan Perbendaharaan Negara Sukamaju", City: "Sukamaju",
			Letterhead: []string{"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA"}, Address: []string{"Jalan Merdeka 45"}},
		Official:  Person{Name: "Indah Purnamasari", NIP: "196809091991012593", Position: "Kepala Seksi Bank"},
		Threshold: 100, Created: created,
		Lines: []Line{
			{Code: "B-01", Name: "Persentase penerimaan dibukukan hari yang sama", Unit: "%", Required: true,
				ToDate: Figures{Target: calc.Some(98), Realisation: calc.Some(70.5), Achievement: calc.Some(71.938775), Status: calc.StatusRed},
				Own:    Figures{Target: calc.Some(98), Realisation: calc.Some(70.5), Achievement: calc.Some(71.938775), Status: calc.StatusRed},
				Issue:  "Gangguan <script>alert(1)</script> jaringan & sistem.", Implication: "Sasaran tertahan.", Accountable: "Eko Prasetyo",
				Actions: []Action{{Description: "Jalur cadangan", Owner: "Eko Prasetyo", Due: created.AddDate(0, 1, 0), Status: domain.ActionOpen, FromQuarter: 2, NeedsUpdate: true}},
				Evidence: []Evidence{
					{Kind: domain.EvidenceRaw, Form: domain.FormFile, Filename: "data.xlsx", SHA256: hashA, Size: 7228, UploadedAt: created},
					{Kind: domain.EvidenceSupporting, Form: domain.FormLink, URL: "https://example.go.id/laporan", UploadedAt: created},
				},
				Value: calc.Some(70.5), Note: "Catatan realisasi", Raw: []domain.RawRow{{Name: "pembilang", Value: 705}, {Name: "penyebut", Value: 1000}}},
			{Code: "B-02", Name: "Indikator lain", Unit: "%", ToDate: Figures{Target: calc.Some(90), Realisation: calc.Some(95), Achievement: calc.Some(105.5555), Status: calc.StatusGreen}},
			{Code: "B-03", Name: "Indikator belum dilaporkan", Unit: "dokumen", Required: true, ToDate: Figures{Target: calc.Some(3)}},
			// An average to date: 130/3 and 134/3.
			{Code: "B-04", Name: "Rata-rata waktu layanan", Unit: "menit", ToDate: Figures{Target: calc.Some(130.0 / 3), Realisation: calc.Some(134.0 / 3),
				Achievement: calc.Some(96.923077), Status: calc.StatusYellow}},
		},
	}
}

// pdfText returns the text of an uncompressed PDF of package pdf: its
// strings are UTF-16 in parentheses, one BT…ET block per line drawn.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
		t.Fatalf("not a PDF")
	}
	var out strings.Builder
	for _, bt := range regexp.MustCompile(`(?s)BT(.*?)ET`).FindAllSubmatch(data, -1) {
		for _, s := range regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)`).FindAllSubmatch(bt[1], -1) {
			raw := regexp.MustCompile(`\\(.)`).ReplaceAll(s[1], []byte("$1"))
			u := make([]uint16, len(raw)/2)
			for k := range u {
				u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
			}
			out.WriteString(string(utf16.Decode(u)))
		}
		out.WriteByte('\n')
	}
	return out.String()
}

func TestReportPDF(t *testing.T) {
	r := sample()
	data, err := ReportPDF(r, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, data)
	for _, w := range []string{
		"LAPORAN CAPAIAN KINERJA TRIWULAN III TAHUN 2026", "KANTOR PELAYANAN PERBENDAHARAAN NEGARA SUKAMAJU",
		"Triwulan III (1 Juli 2026 – 30 September 2026)", "19680909 199101 2 593",
		"Persentase penerimaan dibukukan hari yang sama", "71,94", "Merah", "105,56", "Hijau", "Belum dilaporkan",
		"Gangguan <script>alert(1)</script> jaringan & sistem.", "dari TW II", "perlu diperbarui",
		"SHA-256: " + hashA, "Tautan: https://example.go.id/laporan", "Pejabat yang melaporkan,", "DRAF",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	if strings.Contains(text, "Direviu oleh") {
		t.Error("a draft shows the reviewer's signature")
	}
	// Figures computed to date have at most two decimals (SPEC §10.1).
	for _, w := range []string{"43,33", "44,67", "96,92"} {
		if !strings.Contains(text, w) {
			t.Errorf("the report lacks the figure %q", w)
		}
	}
	if m := regexp.MustCompile(`\d,\d{3}`).FindString(text); m != "" {
		t.Errorf("a figure with more than two decimals: %q", m)
	}

	// Once reviewed: no watermark, and the reviewer signs.
	r.Status, r.ReviewedAt, r.Frozen = domain.ReportReviewed, created, true
	r.Reviewer = &Person{Name: "Hendra Wijaya", NIP: "197506121998041038", Position: "Kepala Kantor"}
	data, err = ReportPDF(r, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, data)
	for _, w := range []string{"Direviu oleh,", "Hendra Wijaya", "NIP 19750612 199804 1 038", "dibekukan saat reviu"} {
		if !strings.Contains(text, w) {
			t.Errorf("the reviewed report lacks %q", w)
		}
	}
	if strings.Contains(text, "\nDRAF\n") {
		t.Error("a reviewed report is marked DRAF")
	}
}

func TestPackagePDF(t *testing.T) {
	head := sample()
	head.Kind, head.Unit = domain.PlanPK, "Kantor Pelayanan Perbendaharaan Negara Sukamaju"
	head.Official = Person{Name: "Hendra Wijaya", NIP: "197506121998041038", Position: "Kepala Kantor"}
	n := NKO{Value: calc.Some(93.7712), Predicate: "Cukup", Status: calc.StatusYellow, Official: true, RuleSet: "KMK-127-2026",
		Perspectives: []Perspective{{Name: "Stakeholder", Weight: 30, Value: calc.Some(94.91), Status: calc.StatusYellow}},
		Objectives: []Objective{{Code: "SS-1", Name: "Pelaksanaan anggaran", Perspective: "Stakeholder", Value: calc.Some(94.91), Status: calc.StatusYellow,
			IKUs: []IKU{{Code: "1a-N", Name: "Nilai IKPA", Weight: calc.Some(2), Figures: Figures{Target: calc.Some(92), Realisation: calc.Some(91.87), Achievement: calc.Some(99.86), Status: calc.StatusYellow}},
				{Code: "1b-N", Name: "Rata-rata waktu", Weight: calc.Some(1), Figures: Figures{Target: calc.Some(130.0 / 3), Realisation: calc.Some(134.0 / 3), Achievement: calc.Some(96.923077), Status: calc.StatusYellow}}}}},
		Steps: []string{"NKO = Σ nilai perspektif × bobot / 100"}}
	head.NKO = &n
	p := Package{Year: 2026, Quarter: 3, Office: head.Office, NKO: &n, Reports: []Report{head, sample()}, Created: created, Due: created}
	data, err := PackagePDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, data)
	for _, w := range []string{"PAKET LAPORAN CAPAIAN KINERJA", "TRIWULAN III TAHUN 2026", "Daftar isi", "93,77 — Kuning", "Cukup",
		"Nilai IKPA", "43,33", "44,67", "NKO = Σ nilai perspektif × bobot / 100", "DRAF — laporan ini belum direviu (draf).", "DRAF"} {
		if !strings.Contains(text, w) {
			t.Errorf("the package lacks %q", w)
		}
	}
	if strings.Index(text, "Hendra Wijaya") > strings.Index(text, "Indah Purnamasari") {
		t.Error("the head's report is not first")
	}
}

func TestRawDataXLSX(t *testing.T) {
	wb, err := RawDataXLSX(sample())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	wb.Close()
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Realisasi,Data mentah,Bukti dukung,Keterangan" {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("Realisasi")
	if len(rows) != 5 || rows[1][0] != "B-01" || rows[1][8] != "Merah" || rows[1][10] != "Catatan realisasi" || rows[3][8] != "Belum dilaporkan" {
		t.Errorf("Realisasi rows: %q", rows)
	}
	if v, _ := f.GetCellValue("Realisasi", "H2", excelize.Options{RawCellValue: true}); v != "71.94" {
		t.Errorf("achievement cell %q, want the rounded 71.94", v)
	}
	raw, _ := f.GetRows("Data mentah")
	if len(raw) != 3 || raw[1][2] != "pembilang" {
		t.Errorf("raw rows: %q", raw)
	}
	ev, _ := f.GetRows("Bukti dukung")
	if len(ev) != 3 || ev[1][6] != hashA || ev[2][3] != "https://example.go.id/laporan" {
		t.Errorf("evidence rows: %q", ev)
	}
}

package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
)

var fixed = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func logoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 70))
	for y := 0; y < 70; y++ {
		for x := 0; x < 60; x++ {
			c := color.RGBA{0x1a, 0x57, 0x9e, 0xff}
			if (x-30)*(x-30)+(y-35)*(y-35) < 400 {
				c = color.RGBA{0xf9, 0xab, 0x00, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sample builds a realistic multi-page document.
func sample(t *testing.T, opt Options) *Document {
	d := New(opt)
	d.Letterhead(Letterhead{
		Lines: []string{
			"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
			"DIREKTORAT JENDERAL PERBENDAHARAAN",
			"KANTOR PELAYANAN PERBENDAHARAAN NEGARA JAKARTA I",
		},
		Address: []string{
			"GEDUNG KEUANGAN NEGARA JAKARTA I, JALAN Dr. SAHARDJO NOMOR 35, JAKARTA 12810",
			"TELEPON (021) 8282011; FAKSIMILE (021) 8282012; LAMAN www.djpb.kemenkeu.go.id",
		},
		Logo: logoPNG(t),
	})
	d.Title("PERJANJIAN KINERJA TAHUN 2027")
	d.Subtitle("Kantor Pelayanan Perbendaharaan Negara Jakarta I")
	d.Paragraph("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini: “René Siregar” — Kepala Kantor — berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan.\n\nKeberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.")
	d.Heading("A. Manual IKU 1a-CP")
	d.KeyValues([]KeyValue{
		{"Kode", "1a-CP"},
		{"Nama IKU", "Persentase satker dengan nilai IKPA kategori baik"},
		{"Deskripsi", "Indikator Kinerja Pelaksanaan Anggaran (IKPA) mengukur kualitas kinerja pelaksanaan anggaran belanja kementerian negara/lembaga dari sisi kesesuaian terhadap perencanaan, efektivitas pelaksanaan kegiatan, efisiensi pelaksanaan kegiatan, dan kepatuhan terhadap regulasi."},
		{"Formula", "Jumlah satker dengan nilai IKPA ≥ 90 ÷ jumlah seluruh satker × 100%"},
		{"Satuan", "%"},
		{"Polaritas", "Maximize"},
	})
	d.Heading("B. Realisasi per triwulan")
	rows := [][]Cell{{{Text: "Perspektif Stakeholder", Span: 6, Bold: true, Fill: &palette.Band}}}
	statuses := []palette.Status{palette.StatusGreen, palette.StatusYellow, palette.StatusRed, palette.StatusNone}
	for i := 1; i <= 90; i++ {
		name := fmt.Sprintf("Indikator kinerja nomor %d", i)
		if i%7 == 0 {
			name = fmt.Sprintf("[AWAL-%d] Persentase penyelesaian tindak lanjut hasil pemeriksaan BPK dan aparat pengawasan intern pemerintah yang diselesaikan tepat waktu sesuai ketentuan [AKHIR-%d]", i, i)
		}
		st := statuses[i%4]
		rows = append(rows, []Cell{
			{Text: fmt.Sprint(i)},
			{Text: name},
			{Text: "100"},
			{Text: fmt.Sprintf("%d,5", 70+i%40)},
			{Text: fmt.Sprintf("%d,50", 70+i%40), Status: st},
			{Text: st.Name("id")},
		})
	}
	rows = append(rows, []Cell{{Text: "JUMLAH", Span: 4, Bold: true, Align: AlignRight}, {Text: "98,76", Bold: true}})
	d.Table(Table{
		Columns: []Column{
			{Title: "No", Width: 10, Align: AlignCenter},
			{Title: "Indikator Kinerja Utama", Flex: 1},
			{Title: "Target", Width: 18, Align: AlignRight},
			{Title: "Realisasi", Width: 20, Align: AlignRight},
			{Title: "Capaian (%)", Width: 20, Align: AlignRight},
			{Title: "Status", Width: 20, Align: AlignCenter},
		},
		Rows:  rows,
		Zebra: true,
	})
	d.Signatures(
		Signature{Heading: []string{"Pihak Kedua,"}, Role: "Kepala Kantor Wilayah Direktorat Jenderal Perbendaharaan Provinsi DKI Jakarta", Name: "Dr. Budi Santoso, S.E., M.Si.", NIP: "197001011995031001"},
		Signature{Place: "Jakarta", Date: "27 November 2026", Heading: []string{"Pihak Pertama,"}, Role: "Kepala Kantor", Name: "René Siregar", NIP: "198002022005011002"},
	)
	d.NewPage(Landscape)
	d.Heading("Lampiran: tabel lebar")
	d.Table(Table{
		Columns: []Column{{Title: "Kode", Width: 20}, {Title: "Uraian", Flex: 3}, {Title: "Q1", Flex: 1, Align: AlignRight}, {Title: "Q2", Flex: 1, Align: AlignRight}},
		Rows:    [][]Cell{TextRow("SS-1", "Pengelolaan perbendaharaan yang akuntabel", "101,5", "99"), TextRow("SS-2", "Layanan prima", "–")},
	})
	return d
}

// pdfPages returns, per page, the text lines drawn on it.
func pdfPages(t *testing.T, data []byte) [][]string {
	t.Helper()
	pages, err := pdftext.Pages(data)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func pageCount(data []byte) int {
	return len(regexp.MustCompile(`/Type /Page[^s]`).FindAll(data, -1))
}

func checkPDF(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("does not start with %%PDF-: %q", data[:min(20, len(data))])
	}
	if !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("does not end with %s", "%%EOF")
	}
}

func TestDocument(t *testing.T) {
	opt := Options{Title: "Perjanjian Kinerja 2027", Author: "KPPN Jakarta I", FooterText: "Versi 2 · disetujui 15 Januari 2027", Created: fixed, Uncompressed: true}
	data, err := sample(t, opt).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, data)
	n := pageCount(data)
	if n < 4 {
		t.Fatalf("page count %d, want at least 4", n)
	}
	pages := pdfPages(t, data)
	if len(pages) != n {
		t.Fatalf("found %d page contents for %d pages", len(pages), n)
	}
	all := strings.Join(flatten(pages), "\n")
	for _, want := range []string{
		"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
		"PERJANJIAN KINERJA TAHUN 2027",
		"“René Siregar” — Kepala Kantor —",
		"Versi 2 · disetujui 15 Januari 2027",
		"Jakarta, 27 November 2026",
		"NIP 19800202 200501 1 002",
		"Dr. Budi Santoso, S.E., M.Si.",
		"Jumlah satker dengan nilai IKPA ≥ 90 ÷ jumlah seluruh satker × 100%",
		"Lampiran: tabel lebar",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("text %q not found", want)
		}
	}
	for i, p := range pages {
		label := fmt.Sprintf("Halaman %d dari %d", i+1, n)
		if !contains(p, label) {
			t.Errorf("page %d lacks %q", i+1, label)
		}
	}
	// The header repeats on every page that carries rows of the long table,
	// and no wrapped row is cut between pages.
	for i, p := range pages {
		text := strings.Join(p, "\n")
		if strings.Contains(text, "Indikator kinerja nomor") && !contains(p, "Indikator Kinerja Utama") {
			t.Errorf("page %d has table rows but no header", i+1)
		}
		for k := 7; k <= 90; k += 7 {
			a, b := strings.Contains(text, fmt.Sprintf("[AWAL-%d]", k)), strings.Contains(text, fmt.Sprintf("[AKHIR-%d]", k))
			if a != b {
				t.Errorf("row %d split across pages (page %d has start %v, end %v)", k, i+1, a, b)
			}
		}
	}
	for k := 7; k <= 90; k += 7 {
		on := 0
		for _, p := range pages {
			if strings.Contains(strings.Join(p, "\n"), fmt.Sprintf("[AWAL-%d]", k)) {
				on++
			}
		}
		if on != 1 {
			t.Errorf("row %d found on %d pages", k, on)
		}
	}
	if !bytes.Contains(data, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("no landscape page")
	}
	for _, meta := range []string{"/Title", "/Author", "/Creator", "/CreationDate (D:20261127"} {
		if !bytes.Contains(data, []byte(meta)) {
			t.Errorf("metadata %s missing", meta)
		}
	}
}

func flatten(pages [][]string) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p...)
	}
	return out
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func TestCompressedAndDeterministic(t *testing.T) {
	opt := Options{Title: "PK", Created: fixed}
	a, err := sample(t, opt).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := sample(t, opt).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("same input and date give different bytes")
	}
	checkPDF(t, a)
	if bytes.Contains(a, []byte("KEMENTERIAN")) {
		t.Error("content not compressed")
	}
	if !contains(flatten(pdfPages(t, a)), "KEMENTERIAN KEUANGAN") {
		t.Error("text not found in compressed output")
	}
	plain, _ := sample(t, Options{Title: "PK", Created: fixed, Uncompressed: true}).Bytes()
	if len(a) >= len(plain) {
		t.Errorf("compressed %d bytes, uncompressed %d", len(a), len(plain))
	}
}

func TestEdgeCases(t *testing.T) {
	// An empty document is one blank page with its footer.
	data, err := New(Options{Created: fixed}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, data)
	if n := pageCount(data); n != 1 {
		t.Errorf("empty document has %d pages", n)
	}

	// Odd text: controls, characters the font lacks, huge rows and words,
	// degenerate tables; page breaks at the start make no blank pages.
	d := New(Options{Created: fixed, Uncompressed: true, FooterText: strings.Repeat("sangat panjang ", 40), PageLabel: func(p, n int) string { return fmt.Sprintf("Page %d of %d", p, n) }})
	d.PageBreak()
	d.NewPage(Landscape)
	d.Paragraph("bell\a tab\t emoji 😀 CJK 漢字 zero-width\u200b soft\u00adhyphen")
	d.Paragraph(strings.Repeat("x", 500))
	d.Table(Table{})
	d.Table(Table{Columns: []Column{{Title: "A", Width: 500}, {Title: "B", Width: 300}}, Rows: [][]Cell{TextRow("a", "b", "extra cell ignored")}})
	d.Table(Table{Columns: []Column{{Title: "Only"}}, Rows: [][]Cell{{{Text: strings.Repeat("baris sangat panjang ", 800)}}}})
	d.KeyValues(nil)
	d.KeyValues([]KeyValue{{"", ""}, {strings.Repeat("label ", 30), strings.Repeat("nilai ", 2000)}})
	d.Signatures()
	d.Signatures(Signature{Name: "Seorang", Role: ""})
	d.Space(math.NaN())
	data, err = d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, data)
	pages := pdfPages(t, data)
	if !contains(pages[0], "bell tab  emoji ? CJK ?? zero-width softhyphen") {
		t.Errorf("odd text not cleaned as expected: %q", pages[0])
	}
	if !contains(pages[0], "Page 1 of") {
		t.Error("custom page label missing")
	}
	if len(pages) < 3 {
		t.Errorf("a row taller than a page should continue on the next ones, got %d pages", len(pages))
	}
	if strings.Contains(strings.Join(pages[0], ""), "sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang sangat panjang") {
		t.Error("footer text not shortened")
	}
	if !bytes.Contains(data, []byte("/MediaBox [0 0 841.89 595.28]")) || pageCount(data) != len(pages) {
		t.Error("first page should be landscape with no blank page before it")
	}

	en, err := New(Options{Created: fixed, Lang: "en", Uncompressed: true}).Bytes()
	if err != nil || !contains(flatten(pdfPages(t, en)), "Page 1 of 1") {
		t.Errorf("English page label missing (%v)", err)
	}

	bad := New(Options{Created: fixed})
	bad.Letterhead(Letterhead{Lines: []string{"X"}, Logo: []byte("GIF89a")})
	if _, err := bad.Bytes(); err == nil {
		t.Error("a logo that is not PNG or JPEG should fail")
	}
}

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		cols []Column
		want []float64
	}{
		{[]Column{{Width: 10}, {}, {Width: 20}}, []float64{10, 140, 20}},
		{[]Column{{Flex: 0.25}, {Flex: 0.75}}, []float64{42.5, 127.5}},
		{[]Column{{Width: 10}, {Flex: 2}, {Flex: 1}}, []float64{10, 106.67, 53.33}},
		{[]Column{{Width: 100}, {Width: 100}}, []float64{85, 85}},
		{[]Column{{Width: 200}, {}}, []float64{136, 34}},
	}
	for _, tt := range tests {
		got := columnWidths(tt.cols, 170)
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 0.01 {
				t.Errorf("columnWidths(%v) = %v, want %v", tt.cols, got, tt.want)
				break
			}
		}
	}
}

func TestConcurrentDocuments(t *testing.T) {
	done := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			_, err := sample(t, Options{Created: fixed}).Bytes()
			done <- err
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestWatermarkMarksAndContinuedCells(t *testing.T) {
	d := New(Options{Created: fixed, Uncompressed: true, Watermark: "DRAF"})
	d.Title("DAFTAR ISI")
	d.Table(Table{
		Columns: []Column{{Title: "Bagian", Flex: 1}, {Title: "Halaman", Width: 20, Align: AlignRight}},
		Rows:    [][]Cell{{{Text: "Bagian A"}, {PageRef: "a"}}, {{Text: "Bagian B"}, {PageRef: "b"}}, {{Text: "Tanpa tanda"}, {PageRef: "none"}}},
	})
	d.PageBreak()
	d.Mark("a")
	d.Heading("Bagian A")
	var rows [][]Cell
	for i := 1; i <= 80; i++ {
		rows = append(rows, []Cell{{Text: "Kelompok panjang", Continued: i > 1}, {Text: fmt.Sprintf("baris %d", i)}})
	}
	d.Table(Table{Columns: []Column{{Title: "Kelompok", Width: 50}, {Title: "Isi", Flex: 1}}, Rows: rows})
	d.PageBreak()
	d.Mark("b")
	d.Heading("Bagian B")
	data, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, data)
	pages := pdfPages(t, data)
	if len(pages) < 4 {
		t.Fatalf("%d pages, want at least 4", len(pages))
	}
	for i, p := range pages {
		if !contains(p, "DRAF") {
			t.Errorf("page %d has no watermark", i+1)
		}
	}
	// Page references: A starts on page 2, B on the last page; an unknown
	// key shows the placeholder rather than failing.
	toc := strings.Join(pages[0], "\n")
	if !strings.Contains(toc, "\n2\n") || !strings.Contains(toc, fmt.Sprintf("\n%d\n", len(pages))) || !strings.Contains(toc, "000") {
		t.Errorf("table of contents pages wrong: %q", pages[0])
	}
	if n := bytes.Count(data, []byte("/Subtype /Link")); n != 2 {
		t.Errorf("%d links, want 2", n)
	}
	// The group label is printed once per page it runs on.
	for i := 1; i < len(pages)-1; i++ {
		n := 0
		for _, l := range pages[i] {
			if l == "Kelompok panjang" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("page %d prints the group label %d times, want 1", i+1, n)
		}
	}
}

func TestKeepTogether(t *testing.T) {
	d := New(Options{Created: fixed, Uncompressed: true})
	// The filler leaves room for the header and one row, not two.
	for i := 0; i < 52; i++ {
		d.Text(fmt.Sprintf("baris pengisi %d", i), TextStyle{SpaceAfter: 0.1})
	}
	d.Table(Table{Columns: []Column{{Title: "Target"}, {Title: "TW I"}}, KeepTogether: true,
		Rows: [][]Cell{TextRow("per triwulan", "1"), TextRow("s.d. triwulan", "1")}})
	data, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, data)
	if len(pages) != 2 || contains(pages[0], "Target") || !contains(pages[1], "per triwulan") || !contains(pages[1], "s.d. triwulan") {
		t.Errorf("a small table kept together should move whole to the next page: %q", pages)
	}
}

func TestKeepWithNext(t *testing.T) {
	for _, keep := range []bool{false, true} {
		d := New(Options{Created: fixed, Uncompressed: true})
		// The filler leaves room for the header, the group heading and
		// one row, not two.
		for i := 0; i < 51; i++ {
			d.Text(fmt.Sprintf("baris pengisi %d", i), TextStyle{SpaceAfter: 0.1})
		}
		d.Table(Table{Columns: []Column{{Title: "Uraian"}, {Title: "Nilai"}}, Rows: [][]Cell{
			TextRow("satu", "1"),
			{{Text: "Kelompok B", Span: 2, KeepWithNext: keep}},
			TextRow("dua", "2"),
		}})
		data, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfPages(t, data)
		if len(pages) != 2 || !contains(pages[0], "satu") || !contains(pages[1], "dua") {
			t.Fatalf("keep %v: rows not where expected: %q", keep, pages)
		}
		if on := contains(pages[1], "Kelompok B"); on != keep {
			t.Errorf("keep %v: the group heading is on the second page: %v", keep, on)
		}
	}
}

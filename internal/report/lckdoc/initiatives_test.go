package lckdoc

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestPackageInitiatives: the package carries the Laporan Progres Inisiatif
// Strategis after the NKO, with each initiative's progress of the quarter and
// the one before, and its milestones as they stood at the quarter's end.
func TestPackageInitiatives(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	p := Package{Year: 2026, Quarter: 2, Office: sample().Office, Created: created, Reports: []Report{sample()}, Initiatives: []Initiative{
		{Code: "IS-1", Name: "Digitalisasi arsip SP2D", Link: "SS-3 Penyaluran dana APBN yang tepat waktu", Owner: "Rudi Hartono",
			Percent: 55, Reported: true, Previous: 25, HasPrevious: true, Note: "Semester I terpindai.",
			Documents: []string{"Laporan kemajuan.pdf", "https://arsip.example.go.id"},
			Milestones: []Milestone{{Name: "Inventarisasi arsip", Due: d(2, 28), Done: d(2, 26)},
				{Name: "Pemindaian semester I", Due: d(6, 15)},
				{Name: "Aplikasi pencarian arsip", Due: d(8, 15)},
				{Name: "Serah terima berkas", Due: d(6, 1), Done: d(7, 3)},
				{Name: "Laporan semester", Due: d(6, 30), Done: d(6, 30)}}},
		{Code: "IS-2", Name: "Klinik satker", Link: "1a-N Nilai IKPA", Owner: "Siti Rahma"},
	}}
	data, err := PackagePDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("KINERJA_PDF_OUT"); out != "" {
		_ = os.WriteFile(out, data, 0o600)
	}
	text := pdfText(t, data)
	for _, w := range []string{"Laporan Progres Inisiatif Strategis", "1 dari 2 dilaporkan", "LAPORAN PROGRES INISIATIF STRATEGIS TRIWULAN II TAHUN 2026",
		"Digitalisasi arsip SP2D", "Rudi Hartono", "25%", "55%", "Progres triwulan ini belum dilaporkan.", "Semester I terpindai.", "Laporan kemajuan.pdf",
		"Tonggak capaian per 30 Juni 2026", "Selesai 26", "Terlambat", "Belum jatuh tempo"} {
		if !strings.Contains(text, w) {
			t.Errorf("the package lacks %q", w)
		}
	}
	// Done after the quarter's end: late at its end, whenever it is printed;
	// done on its due day, the quarter's last: not late.
	if n := strings.Count(text, "Terlambat"); n != 2 {
		t.Errorf("%d milestones late at the end of the quarter, want 2", n)
	}
	if !strings.Contains(text, "Selesai 30") {
		t.Error("a milestone done on the quarter's last day is not shown done")
	}
	if strings.Index(text, "NILAI KINERJA ORGANISASI") > strings.Index(text, "LAPORAN PROGRES INISIATIF") ||
		strings.Index(text, "LAPORAN PROGRES INISIATIF STRATEGIS TRIWULAN") > strings.LastIndex(text, "Indah Purnamasari") {
		t.Error("the initiatives are not between the NKO and the reports")
	}

	p.Initiatives = nil
	data, err = PackagePDF(p, Options{Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, data); !strings.Contains(text, "belum menetapkan inisiatif strategis") {
		t.Error("a package without initiatives does not say so")
	}
}

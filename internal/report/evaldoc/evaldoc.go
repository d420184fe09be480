// Package evaldoc lays out the documents of the employee evaluation cycle
// (SPEC §14.9): the TPK minutes (berita acara) of a quarter and the annual
// Dokumen Evaluasi Kinerja Pegawai. Figures arrive computed and rounded
// text; nothing is computed here.
package evaldoc

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/internal/report/pdf"
)

// Office heads a document with its letterhead.
type Office struct {
	Name       string
	City       string
	Letterhead []string
	Address    []string
}

// Person is a signatory or an employee.
type Person struct {
	Name     string
	NIP      string
	Position string
}

// MinutesRow is one employee in the TPK minutes.
type MinutesRow struct {
	Employee   Person
	NKPInitial string // the proposed NKP (before the session's adjustments), as shown
	Correction string
	Discipline string
	Impact     string
	NKP        string
	Predicate  string
	Note       string // reasons of the correction and penalties
}

// Minutes is the berita acara of a TPK session for a quarter.
type Minutes struct {
	Office       Office
	Year         int
	Quarter      string // "TW II"
	Date         time.Time
	Members      []Person // the chair first
	Rows         []MinutesRow
	Distribution []string // the guide's reading, in words
	Created      time.Time
	Uncompressed bool
}

func letterhead(o Office) pdf.Letterhead {
	return pdf.Letterhead{Lines: append(append([]string(nil), o.Letterhead...), o.Name), Address: o.Address}
}

// MinutesPDF lays out the TPK minutes: who sat, each employee's proposed
// and final NKP with the session's adjustments, the distribution guide,
// and the members' signatures.
func MinutesPDF(m Minutes) ([]byte, error) {
	d := pdf.New(pdf.Options{Orientation: pdf.Landscape, Title: fmt.Sprintf("Berita Acara Sidang TPK %s %d — %s", m.Quarter, m.Year, m.Office.Name),
		Author: m.Office.Name, Lang: "id", FooterText: fmt.Sprintf("Berita Acara Sidang TPK · %s %d", m.Quarter, m.Year),
		Created: m.Created, Uncompressed: m.Uncompressed})
	d.Letterhead(letterhead(m.Office))
	d.Title("BERITA ACARA SIDANG TIM PENILAI KINERJA")
	d.Subtitle(fmt.Sprintf("PENETAPAN NILAI KINERJA PEGAWAI %s TAHUN %d", m.Quarter, m.Year))
	d.Paragraph(fmt.Sprintf("Pada tanggal %s Tim Penilai Kinerja %s telah bersidang untuk meninjau usulan Nilai Kinerja Pegawai %s tahun %d, "+
		"menetapkan koreksi dan hukuman disiplin, dengan hasil sebagai berikut.", date(m.Date), m.Office.Name, m.Quarter, m.Year))
	rows := [][]pdf.Cell{}
	for i, r := range m.Rows {
		rows = append(rows, []pdf.Cell{{Text: fmt.Sprint(i + 1), Align: pdf.AlignCenter}, {Text: r.Employee.Name + "\n" + r.Employee.Position},
			{Text: r.NKPInitial, Align: pdf.AlignRight}, {Text: r.Correction, Align: pdf.AlignRight}, {Text: r.Discipline, Align: pdf.AlignRight},
			{Text: r.Impact, Align: pdf.AlignRight}, {Text: r.NKP, Align: pdf.AlignRight, Bold: true}, {Text: r.Predicate}, {Text: r.Note}})
	}
	d.Table(pdf.Table{Columns: []pdf.Column{{Title: "No", Width: 9}, {Title: "Pegawai", Flex: 2}, {Title: "NKP Awal", Width: 18},
		{Title: "Koreksi", Width: 16}, {Title: "Hukuman Disiplin", Width: 20}, {Title: "Dampak Atasan", Width: 18}, {Title: "NKP", Width: 16},
		{Title: "Predikat", Width: 26}, {Title: "Keterangan", Flex: 2}}, Rows: rows, FontSize: 8})
	if len(m.Distribution) > 0 {
		d.Heading("PANDUAN DISTRIBUSI PREDIKAT")
		for _, l := range m.Distribution {
			d.Paragraph(l)
		}
	}
	var sigs []pdf.Signature
	for i, p := range m.Members {
		h := "Anggota,"
		if i == 0 {
			h = "Ketua,"
		}
		s := pdf.Signature{Heading: []string{h}, Role: p.Position, Name: p.Name, NIP: p.NIP}
		if i == 0 {
			s.Place, s.Date = m.Office.City, date(m.Date)
		}
		sigs = append(sigs, s)
	}
	if len(sigs) > 0 {
		d.Signatures(sigs...)
	}
	return d.Bytes()
}

// WorkResult is one work result in the annual evaluation.
type WorkResult struct {
	Code, Name, Unit    string // Name: the own work result, else the indicator
	Target, Realisation string
	Achievement         string
}

// Evaluation is the Dokumen Evaluasi Kinerja Pegawai of a year.
type Evaluation struct {
	Office          Office
	Year            int
	Employee        Person
	Appraiser       Person
	Results         []WorkResult
	NHK             string
	WorkRating      string
	NPK             string
	BehaviourRating string
	Quarters        []string // "TW I: NPK 100,33"
	NKP             string
	Predicate       string
	Feedback        []string // dated notes
	Created         time.Time
	Uncompressed    bool
}

// EvaluationPDF lays out the annual evaluation of an employee: the work
// results with realisation and rating, the behaviour with its rating, the
// predicate, and the appraiser's signature.
func EvaluationPDF(e Evaluation) ([]byte, error) {
	d := pdf.New(pdf.Options{Orientation: pdf.Portrait, Title: fmt.Sprintf("Dokumen Evaluasi Kinerja Pegawai %d — %s", e.Year, e.Employee.Name),
		Author: e.Office.Name, Lang: "id", FooterText: fmt.Sprintf("Evaluasi Kinerja Pegawai %d · %s", e.Year, e.Employee.Name),
		Created: e.Created, Uncompressed: e.Uncompressed})
	d.Letterhead(letterhead(e.Office))
	d.Title("DOKUMEN EVALUASI KINERJA PEGAWAI")
	d.Subtitle(fmt.Sprintf("PERIODE: 1 JANUARI S.D. 31 DESEMBER %d", e.Year))
	d.KeyValues([]pdf.KeyValue{{Label: "Pegawai yang dinilai", Value: e.Employee.Name}, {Label: "NIP", Value: e.Employee.NIP},
		{Label: "Jabatan", Value: e.Employee.Position}, {Label: "Pejabat Penilai Kinerja", Value: e.Appraiser.Name}})
	d.Heading("HASIL KERJA")
	var rows [][]pdf.Cell
	for i, r := range e.Results {
		rows = append(rows, []pdf.Cell{{Text: fmt.Sprint(i + 1), Align: pdf.AlignCenter}, {Text: r.Code + " " + r.Name}, {Text: r.Target + " " + r.Unit},
			{Text: r.Realisation + " " + r.Unit}, {Text: r.Achievement, Align: pdf.AlignRight}})
	}
	d.Table(pdf.Table{Columns: []pdf.Column{{Title: "No", Width: 9}, {Title: "Hasil Kerja", Flex: 1}, {Title: "Target", Width: 28},
		{Title: "Realisasi", Width: 28}, {Title: "Capaian", Width: 20}}, Rows: rows, FontSize: 8.5})
	d.KeyValues([]pdf.KeyValue{{Label: "Nilai Hasil Kerja (NHK)", Value: e.NHK}, {Label: "Rating Hasil Kerja", Value: e.WorkRating}})
	d.Heading("PERILAKU KERJA")
	kv := []pdf.KeyValue{{Label: "Nilai Perilaku Kerja (NPK)", Value: e.NPK}, {Label: "Rating Perilaku Kerja", Value: e.BehaviourRating}}
	for _, q := range e.Quarters {
		kv = append(kv, pdf.KeyValue{Label: "NPK triwulan", Value: q})
	}
	d.KeyValues(kv)
	d.Heading("PREDIKAT KINERJA PEGAWAI")
	d.KeyValues([]pdf.KeyValue{{Label: "Nilai Kinerja Pegawai (NKP)", Value: e.NKP}, {Label: "Predikat", Value: e.Predicate}})
	if len(e.Feedback) > 0 {
		d.Heading("CATATAN UMPAN BALIK")
		for _, f := range e.Feedback {
			d.Paragraph(f)
		}
	}
	d.Signatures(pdf.Signature{Heading: []string{"Pegawai yang Dinilai,"}, Role: e.Employee.Position, Name: e.Employee.Name, NIP: e.Employee.NIP},
		pdf.Signature{Place: e.Office.City, Date: date(e.Created), Heading: []string{"Pejabat Penilai Kinerja,"}, Role: e.Appraiser.Position, Name: e.Appraiser.Name, NIP: e.Appraiser.NIP})
	return d.Bytes()
}

var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

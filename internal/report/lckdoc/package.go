package lckdoc

import (
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// groupFill shades the rows that head a group in a table.
var groupFill = palette.Band

// PackagePDF writes the office's quarterly package: a cover with the
// contents, the NKO summary (perspectives, objectives, IKUs and how the
// score was computed), the progress of the strategic initiatives, then
// every official's report, the head's first.
// Until every report is reviewed and the NKO is official, every page
// carries a "DRAF" watermark.
func PackagePDF(p Package, opt Options) ([]byte, error) {
	final := p.NKO != nil && p.NKO.Official && len(p.Reports) > 0
	for _, r := range p.Reports {
		final = final && r.Reviewed()
	}
	wm := ""
	if !final {
		wm = "DRAF"
	}
	title := fmt.Sprintf("PAKET LAPORAN CAPAIAN KINERJA TRIWULAN %s TAHUN %d", Roman(p.Quarter), p.Year)
	d := pdf.New(pdf.Options{
		Title: title, Subject: "Laporan Capaian Kinerja (IIAA) dan Nilai Kinerja Organisasi", Author: p.Office.Name, Lang: "id",
		FooterText:   fmt.Sprintf("Paket LCK TW %s %d · %s · dicetak %s", Roman(p.Quarter), p.Year, p.Office.Name, date(p.Created)),
		Created:      p.Created,
		Uncompressed: opt.Uncompressed,
		Watermark:    wm,
	})
	cover(d, p)
	d.PageBreak()
	d.Mark("nko")
	d.Letterhead(letterhead(p.Office))
	d.Title(fmt.Sprintf("NILAI KINERJA ORGANISASI TRIWULAN %s TAHUN %d", Roman(p.Quarter), p.Year))
	d.Subtitle(strings.ToUpper(p.Office.Name))
	if p.NKO == nil {
		d.Paragraph("Nilai Kinerja Organisasi belum dapat dihitung: belum ada capaian IKU pada triwulan ini.")
	} else {
		nkoSummary(d, *p.NKO, p.Quarter, p.Year)
		nkoDetails(d, *p.NKO)
	}
	d.PageBreak()
	d.Mark("initiatives")
	writeInitiatives(d, p)
	for i, r := range p.Reports {
		d.PageBreak()
		d.Mark(fmt.Sprintf("lck-%d", i))
		writeReport(d, r, true)
	}
	return d.Bytes()
}

func cover(d *pdf.Document, p Package) {
	d.Letterhead(letterhead(p.Office))
	d.Space(30)
	d.Text("PAKET LAPORAN CAPAIAN KINERJA", pdf.TextStyle{Size: 16, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 1})
	d.Text(fmt.Sprintf("TRIWULAN %s TAHUN %d", Roman(p.Quarter), p.Year), pdf.TextStyle{Size: 16, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 5})
	d.Text(strings.ToUpper(p.Office.Name), pdf.TextStyle{Size: 12, Align: pdf.AlignCenter, SpaceAfter: 3})
	d.Text("Laporan Capaian Kinerja dalam format IIAA (Issue, Implication, Accountability, Action plan) dan Nilai Kinerja Organisasi",
		pdf.TextStyle{Size: 10, Italic: true, Align: pdf.AlignCenter, SpaceAfter: 4})
	if !p.Due.IsZero() {
		d.Text("Batas penyampaian paket: "+date(p.Due), pdf.TextStyle{Size: 10, Align: pdf.AlignCenter, SpaceAfter: 14})
	}
	d.Heading("Daftar isi")
	rows := [][]pdf.Cell{{{Text: "1"}, {Text: "Nilai Kinerja Organisasi"}, {Text: "–"}, {Text: nkoState(p.NKO)}, {PageRef: "nko"}},
		{{Text: "2"}, {Text: "Laporan Progres Inisiatif Strategis"}, {Text: "–"}, {Text: initiativesState(p.Initiatives)}, {PageRef: "initiatives"}}}
	for i, r := range p.Reports {
		rows = append(rows, []pdf.Cell{{Text: fmt.Sprint(i + 3)}, {Text: "LCK " + r.Unit}, {Text: r.Official.Name}, {Text: reportStatusWord(r.Status)},
			{PageRef: fmt.Sprintf("lck-%d", i)}})
	}
	d.Table(pdf.Table{FontSize: 9, Columns: []pdf.Column{
		{Title: "No", Width: 9, Align: pdf.AlignCenter}, {Title: "Bagian", Flex: 1.2}, {Title: "Pejabat", Flex: 1}, {Title: "Status", Width: 30},
		{Title: "Hal.", Width: 12, Align: pdf.AlignRight},
	}, Rows: rows})
}

func initiativesState(list []Initiative) string {
	done := 0
	for _, in := range list {
		if in.Reported {
			done++
		}
	}
	if len(list) == 0 {
		return "Tidak ada"
	}
	return fmt.Sprintf("%d dari %d dilaporkan", done, len(list))
}

func nkoState(n *NKO) string {
	switch {
	case n == nil:
		return "Belum dapat dihitung"
	case n.Official:
		return "Resmi"
	}
	return "Sementara"
}

// nkoSummary prints the score, its grade and the perspectives.
func nkoSummary(d *pdf.Document, n NKO, q, year int) {
	state := "resmi, dihitung dari realisasi Perjanjian Kinerja yang sudah diverifikasi"
	if !n.Official {
		state = "sementara, karena realisasi Perjanjian Kinerja triwulan ini belum diverifikasi"
	}
	if !n.Value.OK {
		d.Paragraph(fmt.Sprintf("NKO TW %s %d belum dapat dihitung.", Roman(q), year))
		return
	}
	d.Table(pdf.Table{HideHeader: true, FontSize: 10, Columns: []pdf.Column{{Title: "", Width: 55}, {Title: "", Flex: 1}}, Rows: [][]pdf.Cell{
		{{Text: fmt.Sprintf("NKO TW %s %d", Roman(q), year), Bold: true}, {Text: score(n.Value) + " — " + statusWord(n.Status), Bold: true, Status: palette.Of(n.Status)}},
		{{Text: "Predikat", Bold: true}, {Text: n.Predicate}},
		{{Text: "Sifat angka", Bold: true}, {Text: state}},
		{{Text: "Aturan perhitungan", Bold: true}, {Text: n.RuleSet}},
	}})
	t := pdf.Table{FontSize: 9, Columns: []pdf.Column{
		{Title: "Perspektif", Flex: 1}, {Title: "Bobot", Width: 20, Align: pdf.AlignRight},
		{Title: "Nilai", Width: 30},
	}}
	for _, p := range n.Perspectives {
		t.Rows = append(t.Rows, []pdf.Cell{{Text: p.Name}, {Text: i18n.FormatNumberTrim("id", p.Weight, 2) + "%"},
			statusCell(Figures{Achievement: p.Value, Status: p.Status})})
	}
	d.Table(t)
}

// nkoDetails prints the objectives with their IKUs and the explanation.
func nkoDetails(d *pdf.Document, n NKO) {
	d.Heading("Nilai sasaran strategis dan capaian IKU")
	t := pdf.Table{FontSize: 8, Columns: []pdf.Column{
		{Title: "Kode", Width: 15}, {Title: "Sasaran strategis / IKU", Flex: 1}, {Title: "Bobot", Width: 12, Align: pdf.AlignRight},
		{Title: "Target", Width: 17, Align: pdf.AlignRight}, {Title: "Realisasi", Width: 17, Align: pdf.AlignRight}, {Title: "Capaian / nilai", Width: 22},
	}}
	for _, o := range n.Objectives {
		t.Rows = append(t.Rows, []pdf.Cell{{Text: o.Code, Bold: true, Fill: &groupFill}, {Text: o.Name + " (" + o.Perspective + ")", Span: 4, Bold: true, Fill: &groupFill},
			statusCell(Figures{Achievement: o.Value, Status: o.Status})})
		for _, k := range o.IKUs {
			t.Rows = append(t.Rows, []pdf.Cell{{Text: k.Code}, {Text: k.Name}, {Text: num(k.Weight)}, {Text: figure(k.Target)}, {Text: figure(k.Realisation)}, statusCell(k.Figures)})
		}
	}
	d.Table(t)
	if len(n.Steps) > 0 {
		d.Heading("Cara perhitungan NKO")
		var b strings.Builder
		for i, s := range n.Steps {
			fmt.Fprintf(&b, "%d. %s\n", i+1, s)
		}
		d.Text(b.String(), pdf.TextStyle{Size: 8.5})
	}
}

package plandoc

import (
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// coreValue is one of the seven BerAKHLAK core values of the civil service
// with its standard behaviour descriptions.
type coreValue struct {
	name      string
	behaviour []string
}

// coreValues are printed in the SKP's work-behaviour section
// (PermenPANRB 6/2022; SE MenPANRB 20/2021).
var coreValues = []coreValue{
	{"Berorientasi Pelayanan", []string{
		"Memahami dan memenuhi kebutuhan masyarakat",
		"Ramah, cekatan, solutif, dan dapat diandalkan",
		"Melakukan perbaikan tiada henti"}},
	{"Akuntabel", []string{
		"Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
		"Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
		"Tidak menyalahgunakan kewenangan jabatan"}},
	{"Kompeten", []string{
		"Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
		"Membantu orang lain belajar",
		"Melaksanakan tugas dengan kualitas terbaik"}},
	{"Harmonis", []string{
		"Menghargai setiap orang apa pun latar belakangnya",
		"Suka menolong orang lain",
		"Membangun lingkungan kerja yang kondusif"}},
	{"Loyal", []string{
		"Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
		"Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
		"Menjaga rahasia jabatan dan negara"}},
	{"Adaptif", []string{
		"Cepat menyesuaikan diri menghadapi perubahan",
		"Terus berinovasi dan mengembangkan kreativitas",
		"Bertindak proaktif"}},
	{"Kolaboratif", []string{
		"Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
		"Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
		"Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"}},
}

// skpPDF follows the SKP form of PermenPANRB 6/2022 (quantitative work
// results), in landscape: identity of the employee and the appraiser side
// by side, the work results with the leader's results they serve, the seven
// core values with room for the leader's specific expectations, and both
// signatures.
func skpPDF(p Plan, opt Options) ([]byte, error) {
	d := p.newDocument("Sasaran Kinerja Pegawai", pdf.Landscape, opt)
	d.Title("SASARAN KINERJA PEGAWAI")
	sub := "PENDEKATAN HASIL KERJA KUANTITATIF"
	if a := p.amendmentText(); a != "" {
		sub += " — " + strings.ToUpper(a)
	}
	d.Subtitle(sub)
	p.draftNotice(d)
	d.Table(p.identityTable())

	d.Heading("HASIL KERJA")
	d.Table(p.resultTable())

	d.Heading("PERILAKU KERJA")
	var rows [][]pdf.Cell
	for i, v := range coreValues {
		text := ""
		for _, b := range v.behaviour {
			text += "• " + b + "\n"
		}
		expect := ""
		if i < len(p.Expectations) {
			expect = p.Expectations[i]
		}
		rows = append(rows, []pdf.Cell{{Text: fmt.Sprint(i + 1)}, {Text: v.name, Bold: true}, {Text: text}, {Text: expect}})
	}
	d.Table(pdf.Table{Columns: []pdf.Column{
		{Title: "No", Width: 9, Align: pdf.AlignCenter},
		{Title: "Perilaku Kerja", Width: 42},
		{Title: "Uraian Perilaku", Flex: 3},
		{Title: "Ekspektasi Khusus Pimpinan", Flex: 2},
	}, Rows: rows, FontSize: 8.5})

	p.skpSignatures(d)

	d.NewPage(pdf.Landscape)
	d.Title("LAMPIRAN SASARAN KINERJA PEGAWAI")
	d.Subtitle(strings.ToUpper(p.Owner.Name) + " — PERIODE " + strings.ToUpper(p.periodText()))
	p.draftNotice(d)
	d.Table(p.attachmentTable())
	p.skpSignatures(d)
	return d.Bytes()
}

// skpSignatures: the employee on the left, the appraiser with place and
// date on the right.
func (p Plan) skpSignatures(d *pdf.Document) {
	appraiser := p.Approver
	name := appraiser.Name
	if name == "" {
		name = blankName
	}
	d.Signatures(
		pdf.Signature{Heading: []string{"Pegawai yang Dinilai,"}, Role: p.Owner.Position, Name: p.Owner.Name, NIP: p.Owner.NIP},
		pdf.Signature{Place: p.Office.City, Date: p.signDate(), Heading: []string{"Pejabat Penilai Kinerja,"}, Role: appraiser.Position, Name: name, NIP: appraiser.NIP},
	)
}

// attachmentTable is the Lampiran of the SKP form: resource support,
// accountability scheme and consequences, each "—" when not written.
func (p Plan) attachmentTable() pdf.Table {
	a := p.Attachment
	var rows [][]pdf.Cell
	for i, part := range []struct{ title, text string }{
		{"DUKUNGAN SUMBER DAYA", a.Resources},
		{"SKEMA PERTANGGUNGJAWABAN", a.Accountability},
		{"KONSEKUENSI", a.Consequences},
	} {
		text := strings.TrimSpace(part.text)
		if text == "" {
			text = "—"
		}
		rows = append(rows,
			[]pdf.Cell{{Text: fmt.Sprint(i + 1), Bold: true, Fill: &palette.Band}, {Text: part.title, Bold: true, Fill: &palette.Band, KeepWithNext: true}},
			[]pdf.Cell{{Text: ""}, {Text: text}})
	}
	return pdf.Table{Columns: []pdf.Column{{Title: "No", Width: 10, Align: pdf.AlignCenter}, {Title: "Lampiran", Flex: 1}}, Rows: rows, HideHeader: true, FontSize: 9.5}
}

// identityTable shows the employee and the appraiser side by side, under
// the agency and the appraisal period.
func (p Plan) identityTable() pdf.Table {
	agency := strings.ToUpper(p.Office.Name)
	if len(p.Office.Letterhead) > 0 {
		agency = strings.ToUpper(p.Office.Letterhead[0])
	}
	head := &palette.HeaderBg
	rows := [][]pdf.Cell{
		{{Text: agency, Span: 3, Bold: true}, {Text: "PERIODE PENILAIAN: " + strings.ToUpper(p.periodText()), Span: 3, Bold: true, Align: pdf.AlignRight}},
		{{Text: "NO", Bold: true, Fill: head, Align: pdf.AlignCenter}, {Text: "PEGAWAI YANG DINILAI", Span: 2, Bold: true, Fill: head},
			{Text: "NO", Bold: true, Fill: head, Align: pdf.AlignCenter}, {Text: "PEJABAT PENILAI KINERJA", Span: 2, Bold: true, Fill: head}},
	}
	a, e := p.Approver, p.Owner
	fields := []struct{ label, mine, theirs string }{
		{"NAMA", e.Name, a.Name},
		{"NIP", nip(e.NIP), nip(a.NIP)},
		{"PANGKAT/GOL. RUANG", e.Grade, a.Grade},
		{"JABATAN", e.Position, a.Position},
		{"UNIT KERJA", e.Unit, a.Unit},
	}
	for i, f := range fields {
		n := fmt.Sprint(i + 1)
		rows = append(rows, []pdf.Cell{{Text: n, Align: pdf.AlignCenter}, {Text: f.label}, {Text: or(f.mine)}, {Text: n, Align: pdf.AlignCenter}, {Text: f.label}, {Text: or(f.theirs)}})
	}
	return pdf.Table{Columns: []pdf.Column{
		{Title: "No", Width: 10}, {Title: "Data", Width: 42}, {Title: "Pegawai", Flex: 1},
		{Title: "No", Width: 10}, {Title: "Data", Width: 42}, {Title: "Pejabat", Flex: 1},
	}, Rows: rows, HideHeader: true, FontSize: 9}
}

// resultTable lists the work results: each IKI with the leader's result it
// intervenes in (its parent line in the supervisor's plan and that plan's
// owner), the employee's own work result, its aspect and its targets, and
// under it the appraiser's specific expectation of it; then the additional
// tasks. Equal neighbouring cells are merged.
func (p Plan) resultTable() pdf.Table {
	cols := []pdf.Column{
		{Title: "No", Width: 8, Align: pdf.AlignCenter},
		{Title: "Rencana Hasil Kerja Pimpinan yang Diintervensi", Width: 50},
		{Title: "Rencana Hasil Kerja", Width: 42},
		{Title: "Aspek", Width: 19, Align: pdf.AlignCenter},
		{Title: "Indikator Kinerja Individu", Flex: 1},
		{Title: "Satuan", Width: 15, Align: pdf.AlignCenter},
	}
	cols = append(cols, targetColumns(14)...)
	rows := [][]pdf.Cell{{{Text: "A. UTAMA", Span: len(cols), Bold: true, Fill: &palette.Band, KeepWithNext: true}}}
	prevLead, prevResult := "\x00", "\x00"
	for i, l := range p.orderedLines() {
		lead := "–"
		if l.Parent != nil {
			lead = strings.TrimSpace(l.Parent.Code + " " + l.Parent.Name)
			if owner := strings.TrimSpace(l.Parent.Owner); owner != "" {
				if l.Parent.Position != "" {
					owner += ", " + l.Parent.Position
				}
				lead += "\n(" + owner + ")"
			}
		}
		result := ownResult(l)
		sameLead := lead == prevLead
		row := []pdf.Cell{
			{Text: fmt.Sprint(i + 1)},
			{Text: lead, Continued: sameLead},
			{Text: result, Continued: sameLead && result == prevResult},
			{Text: label(AspectChoices, l.TargetAspect)},
			{Text: strings.TrimSpace(l.Code + " " + l.Name)},
			{Text: or(l.Unit)},
		}
		prevLead, prevResult = lead, result
		rows = append(rows, append(row, targetCells(l)...))
		if x := strings.TrimSpace(l.Expectation); x != "" {
			rows = append(rows, []pdf.Cell{{Text: ""}, {Text: "Ekspektasi Khusus Pimpinan: " + x, Span: len(cols) - 1}})
			prevLead, prevResult = "\x00", "\x00" // a merged cell may not span the expectation
		}
	}
	if len(p.Lines) == 0 {
		rows = append(rows, []pdf.Cell{{Text: "Belum ada indikator kinerja individu.", Span: len(cols), Align: pdf.AlignCenter}})
	}
	rows = append(rows, []pdf.Cell{{Text: "B. TAMBAHAN", Span: len(cols), Bold: true, Fill: &palette.Band, KeepWithNext: true}})
	for i, t := range p.Tasks {
		rows = append(rows, []pdf.Cell{{Text: fmt.Sprint(i + 1)}, {Text: t, Span: len(cols) - 1}})
	}
	if len(p.Tasks) == 0 {
		rows = append(rows, []pdf.Cell{{Text: "—", Span: len(cols), Align: pdf.AlignCenter}})
	}
	return pdf.Table{Columns: cols, Rows: rows, FontSize: 8.5}
}

// ownResult is the employee's own "rencana hasil kerja" an IKI measures:
// the work result written on the line, else the indicator's own statement.
// (The leader's result it serves is printed beside it.)
func ownResult(l Line) string {
	if r := strings.TrimSpace(l.Result); r != "" {
		return r
	}
	return l.Name
}

package plandoc

import (
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// PlanPDF writes the plan's document: the Perjanjian Kinerja of a PK or the
// Sasaran Kinerja Pegawai of an SKP.
func PlanPDF(p Plan, opt Options) ([]byte, error) {
	if p.Kind == domain.PlanPK {
		return pkPDF(p, opt)
	}
	return skpPDF(p, opt)
}

// pkPDF follows the customary PK layout: on a portrait page the letterhead,
// the agreement between the head (first party) and the office above (second
// party) and both signatures; then, landscape, the attachment with the IKUs
// and their targets grouped by perspective and objective, signed again.
func pkPDF(p Plan, opt Options) ([]byte, error) {
	d := p.newDocument("Perjanjian Kinerja", pdf.Portrait, opt)
	d.Letterhead(p.letterhead())
	d.Title(fmt.Sprintf("PERJANJIAN KINERJA TAHUN %d", p.Year))
	sub := "PERIODE " + strings.ToUpper(p.periodText())
	if a := p.amendmentText(); a != "" {
		sub += " — " + strings.ToUpper(a)
	}
	d.Subtitle(sub)
	p.draftNotice(d)

	headTitle := FullTitle(p.Owner.Position, p.Owner.Unit)
	second := p.Approver
	secondName := second.Name
	if secondName == "" {
		secondName = blankName
	}
	d.Paragraph("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
	d.KeyValues([]pdf.KeyValue{{Label: "Nama", Value: p.Owner.Name}, {Label: "NIP", Value: nip(p.Owner.NIP)}, {Label: "Jabatan", Value: headTitle}})
	d.Paragraph("selanjutnya disebut pihak pertama.")
	d.KeyValues([]pdf.KeyValue{{Label: "Nama", Value: secondName}, {Label: "NIP", Value: nip(second.NIP)}, {Label: "Jabatan", Value: or(second.Position)}})
	d.Paragraph("selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")
	d.Paragraph("Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.")
	d.Paragraph("Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.")
	if r := strings.TrimSpace(p.Version.Reason); r != "" && p.Version.Number > 1 {
		d.Paragraph(fmt.Sprintf("Perjanjian ini merupakan %s atas perjanjian kinerja versi sebelumnya, dengan alasan perubahan: %s", strings.ToLower(p.amendmentText()), r))
	}
	p.pkSignatures(d)

	d.NewPage(pdf.Landscape)
	d.Title(fmt.Sprintf("LAMPIRAN PERJANJIAN KINERJA TAHUN %d", p.Year))
	sub = strings.ToUpper(p.Office.Name) + " — PERIODE " + strings.ToUpper(p.periodText())
	if a := p.amendmentText(); a != "" {
		sub += " — " + strings.ToUpper(a)
	}
	d.Subtitle(sub)
	p.draftNotice(d)
	d.Table(p.ikuTable())
	p.pkSignatures(d)
	return d.Bytes()
}

// pkSignatures: the second party on the left, the head with place and date
// on the right.
func (p Plan) pkSignatures(d *pdf.Document) {
	second := p.Approver
	name := second.Name
	if name == "" {
		name = blankName
	}
	d.Signatures(
		pdf.Signature{Heading: []string{"Pihak Kedua,"}, Role: second.Position, Name: name, NIP: second.NIP},
		pdf.Signature{Place: p.Office.City, Date: p.signDate(), Heading: []string{"Pihak Pertama,"},
			Role: FullTitle(p.Owner.Position, p.Owner.Unit), Name: p.Owner.Name, NIP: p.Owner.NIP},
	)
}

// ikuTable lists the IKUs under their perspective and objective; the
// objective's cell spans its IKUs.
func (p Plan) ikuTable() pdf.Table {
	cols := []pdf.Column{
		{Title: "No", Width: 9, Align: pdf.AlignCenter},
		{Title: "Sasaran Strategis", Width: 58},
		{Title: "Kode", Width: 18},
		{Title: "Indikator Kinerja Utama", Flex: 1},
		{Title: "Satuan", Width: 17, Align: pdf.AlignCenter},
	}
	cols = append(cols, targetColumns(17)...)
	var rows [][]pdf.Cell
	persp, obj := "\x00", int64(-1)
	for i, l := range p.orderedLines() {
		pName, oID, oText := "Tanpa sasaran strategis", int64(0), "–"
		if l.Objective != nil {
			pName, oID = "Perspektif "+l.Objective.Perspective, l.Objective.ID
			oText = strings.TrimSpace(l.Objective.Code + " " + l.Objective.Name)
		}
		if pName != persp {
			rows = append(rows, []pdf.Cell{{Text: pName, Span: len(cols), Bold: true, Fill: &palette.Band, KeepWithNext: true}})
			persp, obj = pName, -1
		}
		row := []pdf.Cell{{Text: fmt.Sprint(i + 1)}, {Text: oText, Continued: oID == obj}, {Text: l.Code}, {Text: l.Name}, {Text: or(l.Unit)}}
		obj = oID
		rows = append(rows, append(row, targetCells(l)...))
	}
	if len(rows) == 0 {
		rows = append(rows, []pdf.Cell{{Text: "Belum ada indikator kinerja utama.", Span: len(cols), Align: pdf.AlignCenter}})
	}
	return pdf.Table{Columns: cols, Rows: rows, FontSize: 8.5}
}

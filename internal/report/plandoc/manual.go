package plandoc

import (
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// manualName is "Manual IKU" for a PK and "Manual IKI" for an SKP.
func (p Plan) manualName() string {
	if p.Kind == domain.PlanPK {
		return "Manual IKU"
	}
	return "Manual IKI"
}

// ManualPDF writes the indicator manual book of the plan version: a cover,
// a table of contents with page numbers, and each indicator's manual on
// pages of its own in the KMK's field-by-field layout.
func ManualPDF(p Plan, opt Options) ([]byte, error) {
	full := "MANUAL INDIKATOR KINERJA UTAMA"
	if p.Kind == domain.PlanSKP {
		full = "MANUAL INDIKATOR KINERJA INDIVIDU"
	}
	d := p.newDocument(p.manualName(), pdf.Portrait, opt)
	d.Letterhead(p.letterhead())
	d.Space(45)
	d.Text(full, pdf.TextStyle{Size: 18, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 4})
	d.Text(fmt.Sprintf("TAHUN %d", p.Year), pdf.TextStyle{Size: 14, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 16})
	if p.Kind == domain.PlanPK {
		d.Text(strings.ToUpper(p.Office.Name), pdf.TextStyle{Size: 12, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 3})
		d.Text("Lampiran Perjanjian Kinerja "+p.Owner.Name, pdf.TextStyle{Size: 10, Align: pdf.AlignCenter, SpaceAfter: 16})
	} else {
		d.Text(p.Owner.Name, pdf.TextStyle{Size: 12, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 2})
		d.Text("NIP "+nip(p.Owner.NIP), pdf.TextStyle{Size: 10, Align: pdf.AlignCenter, SpaceAfter: 2})
		// The unit names the office too.
		d.Text(FullTitle(p.Owner.Position, p.Owner.Unit), pdf.TextStyle{Size: 10, Align: pdf.AlignCenter, SpaceAfter: 16})
	}
	status := p.statusText()
	if a := p.amendmentText(); a != "" {
		status += " (" + strings.ToLower(a) + ")"
	}
	d.Text(status, pdf.TextStyle{Size: 10, Italic: true, Align: pdf.AlignCenter})

	d.PageBreak()
	d.Title("DAFTAR ISI")
	d.Space(3)
	lines := p.orderedLines()
	var toc [][]pdf.Cell
	for i, l := range lines {
		toc = append(toc, []pdf.Cell{{Text: fmt.Sprint(i + 1)}, {Text: l.Code}, {Text: l.Name}, {PageRef: markKey(l)}})
	}
	if len(toc) == 0 {
		toc = append(toc, []pdf.Cell{{Text: "Belum ada indikator.", Span: 4, Align: pdf.AlignCenter}})
	}
	d.Table(pdf.Table{Columns: []pdf.Column{
		{Title: "No", Width: 10, Align: pdf.AlignCenter},
		{Title: "Kode", Width: 24},
		{Title: strings.TrimPrefix(p.manualName(), "Manual "), Flex: 1},
		{Title: "Halaman", Width: 18, Align: pdf.AlignCenter},
	}, Rows: toc})

	for _, l := range lines {
		d.PageBreak()
		d.Mark(markKey(l))
		d.Title(strings.ToUpper(p.manualName()))
		d.Subtitle(l.Code + " — " + l.Name)
		d.Table(p.manualTable(l))
		d.Table(targetTable(l))
	}
	return d.Bytes()
}

func markKey(l Line) string { return fmt.Sprintf("line-%d", l.LineID) }

// manualTable is the manual of one indicator: every field of SPEC §6 as a
// labelled cell, two short fields to a row and long texts across the
// table, grouped under shaded section rows, so a manual fits on a page.
func (p Plan) manualTable(l Line) pdf.Table {
	m := l.Manual
	var rows [][]pdf.Cell
	section := func(title string) {
		rows = append(rows, []pdf.Cell{{Text: title, Span: 4, Bold: true, Fill: &palette.Band, KeepWithNext: true}})
	}
	wide := func(label, value string) {
		rows = append(rows, []pdf.Cell{{Text: label, Bold: true}, {Text: or(value), Span: 3}})
	}
	pair := func(l1, v1, l2, v2 string) {
		rows = append(rows, []pdf.Cell{{Text: l1, Bold: true}, {Text: or(v1)}, {Text: l2, Bold: true}, {Text: or(v2)}})
	}
	kind := "IKU"
	if l.Kind == domain.IKI {
		kind = "IKI"
	}
	section("Identitas indikator")
	if l.Objective != nil {
		wide("Sasaran Strategis", strings.TrimSpace(l.Objective.Code+" "+l.Objective.Name)+" (Perspektif "+l.Objective.Perspective+")")
	} else {
		wide("Sasaran Strategis", "")
	}
	if l.Kind == domain.IKI {
		parent := ""
		if l.Parent != nil {
			parent = strings.TrimSpace(l.Parent.Code + " " + l.Parent.Name)
			if l.Parent.Owner != "" {
				parent += " (" + string(l.Parent.Kind) + " " + l.Parent.Owner + ")"
			}
		}
		wide("Indikator Induk", parent)
	}
	pair("Kode "+kind, l.Code, "Bobot", optText(l.Weight))
	wide(kind, l.Name)
	wide("Deskripsi", m.Description)
	wide("Tujuan", m.Purpose)
	wide("Formula", m.Formula)
	pair("Satuan Pengukuran", m.Unit, "Jenis Aspek Target", label(AspectChoices, m.TargetAspect))
	pair("Tingkat Validitas", label(ValidityChoices, m.Validity), "Tingkat Kendali", label(ControlChoices, m.Control))
	wide("Pihak yang Bertanggung Jawab", m.Responsible)
	pair("Pihak Penyedia Data", m.DataProvider, "Sumber Data", m.DataSource)

	section("Cascading, konsolidasi dan polarisasi")
	pair("Jenis Cascading", label(CascadeTypeChoices, l.CascadeType), "Metode Cascading", label(CascadeMethodChoices, l.CascadeMethod))
	pair("Jenis Konsolidasi Periode", label(ConsolidationChoices, m.PeriodConsolidation), "Jenis Konsolidasi Lokasi", label(ConsolidationChoices, m.LocationConsolidation))
	pair("Polarisasi Indikator", label(PolarityChoices, m.Polarity), "Periode Pelaporan", label(PeriodChoices, m.ReportingPeriod))
	worst := ""
	if m.Polarity == string(calc.PolarityMinimize) && m.Worst.OK {
		worst = num(m.Worst)
	}
	pair("Konversi 120 (target maksimal)", yesNo(m.MaxTarget), "Realisasi Terburuk", worst)
	scale := ""
	if m.Polarity == string(calc.PolarityStabilize) {
		scale = ScaleText(m.Scale)
	}
	wide("Skala Stabilize (Ca → Capaian)", scale)

	section("Kualitas indikator (K3)")
	pair("Riwayat Indikator", label(HistoryChoices, m.HistoryKind), "Indikator Stabil", yesNo(m.Stable))
	wide("Target Ditetapkan Peraturan / Penilaian Eksternal", yesNo(m.TargetByLaw))
	pair("Target Tahun Sebelumnya", optText(m.PrevTarget), "Realisasi Tahun Sebelumnya", optText(m.PrevRealisation))

	section("Dokumen yang wajib disampaikan setiap periode")
	for _, k := range evidenceKinds {
		items := evidenceOf(m, k.Code)
		text := ""
		for i, it := range items {
			if i > 0 {
				text += "\n"
			}
			text += fmt.Sprintf("%d. %s", i+1, it)
		}
		wide(k.Label, text)
	}
	return pdf.Table{Columns: []pdf.Column{{Title: "Unsur", Width: 40}, {Title: "Uraian", Flex: 1}, {Title: "Unsur", Width: 40}, {Title: "Uraian", Flex: 1}},
		Rows: rows, HideHeader: true, FontSize: 8.5}
}

// targetTable shows the quarterly targets, their consolidation to date and
// the annual target.
func targetTable(l Line) pdf.Table {
	cols := []pdf.Column{{Title: "Target", Flex: 1}, {Title: "TW I", Width: 22, Align: pdf.AlignRight}, {Title: "TW II", Width: 22, Align: pdf.AlignRight},
		{Title: "TW III", Width: 22, Align: pdf.AlignRight}, {Title: "TW IV", Width: 22, Align: pdf.AlignRight}, {Title: "Tahunan", Width: 24, Align: pdf.AlignRight}}
	per := []pdf.Cell{{Text: "Per triwulan" + unitSuffix(l.Unit)}}
	cum := []pdf.Cell{{Text: "s.d. triwulan (" + strings.ToLower(label(ConsolidationChoices, l.PeriodConsolidation)) + ")"}}
	cons := calc.Consolidation(l.PeriodConsolidation)
	for q := 0; q < 4; q++ {
		per = append(per, pdf.Cell{Text: num(l.Targets[q])})
		td := calc.Opt{}
		if cons.Valid() && l.Targets[q].OK {
			td = calc.ToDate(cons, l.Targets, q+1)
		}
		cum = append(cum, pdf.Cell{Text: derived(td)})
	}
	per = append(per, pdf.Cell{Text: derived(l.Annual), Bold: true})
	cum = append(cum, pdf.Cell{Text: derived(l.Annual), Bold: true})
	return pdf.Table{Columns: cols, Rows: [][]pdf.Cell{per, cum}, FontSize: 9, KeepTogether: true}
}

func unitSuffix(u string) string {
	if strings.TrimSpace(u) == "" {
		return ""
	}
	return " (" + u + ")"
}

func optText(o calc.Opt) string {
	if !o.OK {
		return ""
	}
	return num(o)
}

// ScaleText writes a stabilize scale as "0 → 0; 90 → 100; 100 → 120",
// numbers the Indonesian way; ParseScale reads it back.
func ScaleText(s []domain.ScalePoint) string {
	parts := make([]string, len(s))
	for i, p := range s {
		parts[i] = i18n.FormatNumberTrim("id", p.Ca, 9) + " → " + i18n.FormatNumberTrim("id", p.Achievement, 9)
	}
	return strings.Join(parts, "; ")
}

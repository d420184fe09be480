package lckdoc

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/palette"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// Initiative is a strategic initiative as the package reports it: its
// progress in the quarter (and the quarter before, to show the step) and
// its milestones.
type Initiative struct {
	Code, Name  string
	Link        string // the objective or IKU it serves: code and name
	Owner       string
	Percent     float64
	Reported    bool // whether the quarter's progress was reported
	Previous    float64
	HasPrevious bool
	Note        string
	Documents   []string // file names, links and notes of the quarter
	Milestones  []Milestone
}

// Milestone is a step of an initiative with its due date and the day it was reached.
type Milestone struct {
	Name      string
	Due, Done time.Time
}

// writeInitiatives prints the Laporan Progres Inisiatif Strategis: one row
// per initiative with the quarter's progress, then the milestones with
// where each stood at the end of the quarter, so that the page reads the
// same whenever it is printed.
func writeInitiatives(d *pdf.Document, p Package) {
	d.Letterhead(letterhead(p.Office))
	d.Title(fmt.Sprintf("LAPORAN PROGRES INISIATIF STRATEGIS TRIWULAN %s TAHUN %d", Roman(p.Quarter), p.Year))
	d.Subtitle(strings.ToUpper(p.Office.Name))
	if len(p.Initiatives) == 0 {
		d.Paragraph("Kantor ini belum menetapkan inisiatif strategis untuk tahun ini.")
		return
	}
	prev := "–"
	if p.Quarter > 1 {
		prev = "TW " + Roman(p.Quarter-1)
	}
	t := pdf.Table{FontSize: 8, Columns: []pdf.Column{
		{Title: "Kode", Width: 13}, {Title: "Inisiatif strategis / sasaran atau IKU", Flex: 1.4}, {Title: "Penanggung jawab", Flex: 0.7},
		{Title: prev, Width: 14, Align: pdf.AlignRight}, {Title: "TW " + Roman(p.Quarter), Width: 14, Align: pdf.AlignRight},
		{Title: "Keterangan dan bukti", Flex: 1.5},
	}}
	for _, in := range p.Initiatives {
		before, now, note := "–", "–", in.Note
		if in.HasPrevious {
			before = percent(in.Previous)
		}
		if in.Reported {
			now = percent(in.Percent)
		} else {
			note = "Progres triwulan ini belum dilaporkan."
		}
		if len(in.Documents) > 0 {
			note = strings.TrimSpace(note + "\nBukti: " + strings.Join(in.Documents, "; "))
		}
		t.Rows = append(t.Rows, []pdf.Cell{{Text: in.Code, Bold: true}, {Text: in.Name + "\n" + in.Link}, {Text: in.Owner},
			{Text: before}, {Text: now, Bold: in.Reported}, {Text: note}})
	}
	d.Table(t)
	end := time.Date(p.Year, time.Month(3*p.Quarter)+1, 0, 0, 0, 0, 0, time.UTC)
	d.Heading("Tonggak capaian per " + date(end))
	m := pdf.Table{FontSize: 8, Columns: []pdf.Column{
		{Title: "Kode", Width: 13}, {Title: "Tonggak capaian", Flex: 1}, {Title: "Tenggat", Width: 26}, {Title: "Keadaan", Width: 40},
	}}
	for _, in := range p.Initiatives {
		for i, ms := range in.Milestones {
			m.Rows = append(m.Rows, []pdf.Cell{{Text: in.Code, Continued: i > 0}, {Text: ms.Name}, {Text: dateShort(ms.Due)}, milestoneState(ms, end)})
		}
	}
	if len(m.Rows) == 0 {
		d.Paragraph("Belum ada tonggak capaian.")
		return
	}
	d.Table(m)
}

// milestoneState is where a milestone stood at the end of the quarter.
func milestoneState(ms Milestone, end time.Time) pdf.Cell {
	switch {
	case !ms.Done.IsZero() && !ms.Done.After(end):
		return pdf.Cell{Text: "Selesai " + dateShort(ms.Done), Status: palette.StatusGreen}
	case !ms.Due.After(end): // due by the end of the quarter and not done by then
		return pdf.Cell{Text: "Terlambat", Status: palette.StatusRed}
	}
	return pdf.Cell{Text: "Belum jatuh tempo"}
}

func percent(x float64) string { return i18n.FormatNumberTrim("id", x, 1) + "%" }

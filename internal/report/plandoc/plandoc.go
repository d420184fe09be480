// Package plandoc composes the documents of a plan: the Perjanjian Kinerja
// (PK) and the Sasaran Kinerja Pegawai (SKP) as PDF, the Manual IKU/IKI book
// as PDF, and the plan workbook (XLSX) that is both an export and an import
// template for manuals and targets.
//
// It is pure: it takes a Plan, already loaded and checked by the service
// layer, and writes bytes. The documents are official Indonesian papers, so
// their text is Indonesian whatever the reader's interface language; only
// the workbook's instructions follow the reader's language.
package plandoc

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/pdf"
)

// Plan is everything the documents of one plan version show.
type Plan struct {
	Kind domain.PlanKind
	Year int
	// PeriodStart and PeriodEnd are the plan's first and last days (a move
	// splits the year into several plans, SPEC §13); zero: the whole year.
	PeriodStart, PeriodEnd time.Time
	Office                 Office
	// Owner is the head (PK) or the employee (SKP).
	Owner Person
	// Approver is the second party of a PK (who approves on behalf of the
	// office above) or the appraiser of an SKP (pejabat penilai kinerja): as
	// signed for an approved version, else who is expected to sign. Its
	// Position is the role printed in the signature block.
	Approver Person
	Version  Version   // the version printed
	Versions []Version // every version of the plan, oldest first
	Lines    []Line    // in plan order
	// Objectives are the office's strategic objectives in map order
	// (perspectives top down), for grouping and the template's references.
	Objectives []Objective
	// Parents are the indicators an IKI of this plan may be cascaded from
	// (listed in the import template).
	Parents []Parent
	// Expectations are the appraiser's expectations of an SKP, one per
	// BerAKHLAK value in the order of the SKP's work-behaviour table.
	Expectations []string
	// Attachment is the SKP's Lampiran.
	Attachment Attachment
	// Tasks are the SKP's additional tasks (tugas tambahan), in order.
	Tasks []string
	// Created is the document date (in the office's zone), stored in the
	// PDF; fix it for reproducible output.
	Created time.Time
}

// Office is the office whose letterhead heads the documents.
type Office struct {
	Code string
	Name string
	City string
	// Letterhead lines printed above the office name, top down.
	Letterhead []string
	Address    []string
}

// Person identifies a signatory.
type Person struct {
	Name     string
	NIP      string
	Grade    string // pangkat/golongan
	Position string // jabatan as printed, e.g. "Plt. Kepala Seksi Bank"
	Unit     string // unit kerja
}

// Version is one version of the plan.
type Version struct {
	Number        int
	Status        domain.PlanStatus
	Reason        string // of an amendment
	CreatedAt     time.Time
	SubmittedAt   time.Time
	ApprovedAt    time.Time
	ApproverName  string
	ApproverNIP   string
	ReturnedAt    time.Time
	ReturnComment string
	Late          bool
}

// Approved reports whether the version is signed.
func (v Version) Approved() bool { return v.Status == domain.PlanApproved }

// Objective is a strategic objective (sasaran strategis).
type Objective struct {
	ID          int64
	Code        string
	Name        string
	Perspective string // the perspective's name
}

// Parent is an indicator an IKI is (or may be) cascaded from.
type Parent struct {
	Code     string
	Name     string
	Kind     domain.IndicatorKind
	Owner    string
	Position string
}

// Line is one indicator of the version with its derived annual target.
type Line struct {
	domain.Indicator
	Annual    calc.Opt
	Objective *Objective // the objective it serves, if known
	Parent    *Parent    // IKI: where it is cascaded from
	// Expectation is the appraiser's specific expectation of this work
	// result (JPT and administrators, SPEC §14.1).
	Expectation string
}

// Attachment is the Lampiran of an SKP.
type Attachment struct {
	Resources      string // dukungan sumber daya
	Accountability string // skema pertanggungjawaban
	Consequences   string // konsekuensi
}

// Options tune the PDF output.
type Options struct {
	// Uncompressed leaves page content readable, for tests.
	Uncompressed bool
}

// Choice is an allowed value of a manual field: its code in the data and
// its label on documents and in the workbook.
type Choice struct{ Code, Label string }

// Choices of the manual's enumerated fields, labelled as the KMK's Manual
// IKU form writes them.
var (
	CascadeTypeChoices   = []Choice{{domain.CascadePeta, "Cascading peta"}, {domain.CascadeNonPeta, "Cascading non-peta"}, {domain.CascadeNone, "Non-cascading"}}
	CascadeMethodChoices = []Choice{{domain.MethodFull, "Full"}, {domain.MethodPartial, "Partial"}}
	AspectChoices        = []Choice{{"kuantitas", "Kuantitas"}, {"kualitas", "Kualitas"}, {"waktu", "Waktu"}, {"biaya", "Biaya"}}
	ValidityChoices      = []Choice{{"exact", "Exact"}, {"proxy", "Proxy"}, {"activity", "Activity"}}
	ControlChoices       = []Choice{{"high", "High"}, {"moderate", "Moderate"}, {"low", "Low"}}
	ConsolidationChoices = []Choice{{"sum", "Sum"}, {"average", "Average"}, {"last", "Take Last Known Value"}}
	PolarityChoices      = []Choice{{"maximize", "Maximize"}, {"minimize", "Minimize"}, {"stabilize", "Stabilize"}}
	PeriodChoices        = []Choice{{"monthly", "Bulanan"}, {"quarterly", "Triwulanan"}, {"semester", "Semesteran"}, {"yearly", "Tahunan"}}
	HistoryChoices       = []Choice{{"existing", "Existing"}, {"new_with_history", "Baru dengan data historis"},
		{"new_without_history", "Baru tanpa data historis"}, {"mandatory", "Mandatory"}}
	YesNoChoices = []Choice{{"yes", "Ya"}, {"no", "Tidak"}}
)

// label returns the label of a code, or the code itself when unknown.
func label(cs []Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// codeOf returns the code of a label (as the xlsx reader spells it).
func codeOf(cs []Choice, lbl string) string {
	for _, c := range cs {
		if c.Label == lbl {
			return c.Code
		}
	}
	return ""
}

func labels(cs []Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "Ya"
	}
	return "Tidak"
}

// evidenceKinds are the evidence lists of a manual with their headings.
var evidenceKinds = []Choice{{"raw_data", "Data Mentah"}, {"supporting", "Dokumen Pendukung"}, {"verification", "Dokumen Verifikasi"}}

// evidenceOf lists the names of a manual's evidence items of one kind.
func evidenceOf(m domain.Manual, kind string) []string {
	var out []string
	for _, e := range m.Evidence {
		if e.Kind == kind {
			out = append(out, e.Name)
		}
	}
	return out
}

// num prints an optional number the Indonesian way ("–" when absent), with
// up to four decimals and no trailing zeros.
func num(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumberTrim("id", o.V, 4)
}

// derived prints a figure computed from targets (an annual or to-date
// target) rounded for display by the rule engine's one rounding rule.
func derived(o calc.Opt) string {
	if !o.OK {
		return num(o)
	}
	return num(calc.Some(calc.Round2(o.V)))
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.FormatDate("id", t)
}

// periodText prints the plan's period, "1 Januari s.d. 31 Desember 2026";
// without dates the whole year.
func (p Plan) periodText() string {
	from, to := p.PeriodStart, p.PeriodEnd
	if from.IsZero() || to.IsZero() {
		from, to = domain.YearBounds(p.Year)
	}
	start := date(from)
	if from.Year() == to.Year() {
		start = fmt.Sprintf("%d %s", from.Day(), i18n.MonthName("id", from.Month()))
	}
	return start + " s.d. " + date(to)
}

// or returns s, or "–" when it is blank.
func or(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

// nip prints an NIP in its groups (19750612 199804 1 038), "–" when unknown.
func nip(s string) string { return or(domain.FormatNIP(s)) }

// FullTitle joins a position title and its unit the way documents name a
// post: "Kepala Kantor" in "Kantor Pelayanan … Sukamaju" is "Kepala Kantor
// Pelayanan … Sukamaju", "Kepala Seksi Bank" in "Seksi Bank, KPPN …" is
// "Kepala Seksi Bank, KPPN …", and "Pelaksana" in "Seksi Bank" is
// "Pelaksana pada Seksi Bank". Only the unit's first part (before a comma)
// is compared with the title.
func FullTitle(title, unit string) string {
	title, unit = strings.TrimSpace(title), strings.TrimSpace(unit)
	if unit == "" {
		return title
	}
	if title == "" {
		return unit
	}
	first, rest, _ := strings.Cut(unit, ",")
	first = strings.TrimSpace(first)
	if rest != "" {
		rest = "," + rest
	}
	if strings.Contains(strings.ToLower(title), strings.ToLower(first)) {
		return title + rest
	}
	tw, uw := strings.Fields(title), strings.Fields(first)
	if strings.EqualFold(tw[len(tw)-1], uw[0]) {
		return strings.Join(tw[:len(tw)-1], " ") + " " + unit
	}
	return title + " pada " + unit
}

// kindName names the plan's document.
func (p Plan) kindName() string {
	if p.Kind == domain.PlanPK {
		return "Perjanjian Kinerja"
	}
	return "Sasaran Kinerja Pegawai"
}

// statusText describes the printed version for footers and covers:
// "Versi 2 · disetujui 15 Januari 2027" or "Versi 1 · DRAF — belum disetujui".
func (p Plan) statusText() string {
	v := p.Version
	s := fmt.Sprintf("Versi %d", v.Number)
	switch v.Status {
	case domain.PlanApproved:
		return s + " · disetujui " + date(v.ApprovedAt)
	case domain.PlanSubmitted:
		return s + " · DRAF — diajukan " + date(v.SubmittedAt) + ", belum disetujui"
	case domain.PlanReturned:
		return s + " · DRAF — dikembalikan " + date(v.ReturnedAt) + ", belum disetujui"
	}
	return s + " · DRAF — belum disetujui"
}

// ownerTag names the plan in footers: the office code for a PK, the
// owner's name for an SKP.
func (p Plan) ownerTag() string {
	if p.Kind == domain.PlanPK {
		return or(p.Office.Code)
	}
	return p.Owner.Name
}

// newDocument starts a PDF with the plan's metadata, footer and, for a
// version that is not approved, the draft watermark.
func (p Plan) newDocument(title string, o pdf.Orientation, opt Options) *pdf.Document {
	wm := ""
	if !p.Version.Approved() {
		wm = "DRAF"
	}
	return pdf.New(pdf.Options{
		Orientation:  o,
		Title:        fmt.Sprintf("%s %d — %s", title, p.Year, p.Owner.Name),
		Subject:      p.statusText(),
		Author:       p.Office.Name,
		Keywords:     fmt.Sprintf("%s %d %s", p.Kind, p.Year, p.Owner.NIP),
		Lang:         "id",
		FooterText:   fmt.Sprintf("%s %d · %s · %s", p.Kind, p.Year, p.ownerTag(), p.statusText()),
		Created:      p.Created,
		Uncompressed: opt.Uncompressed,
		Watermark:    wm,
	})
}

// letterhead is the office's kop surat: its letterhead lines and its name.
func (p Plan) letterhead() pdf.Letterhead {
	lines := append([]string(nil), p.Office.Letterhead...)
	if p.Office.Name != "" {
		lines = append(lines, strings.ToUpper(p.Office.Name))
	}
	return pdf.Letterhead{Lines: lines, Address: p.Office.Address}
}

// draftNotice prints, under a title, that the version is not signed.
func (p Plan) draftNotice(d *pdf.Document) {
	if p.Version.Approved() {
		return
	}
	d.Text("DRAF — BELUM DISETUJUI", pdf.TextStyle{Size: 10, Bold: true, Align: pdf.AlignCenter, SpaceAfter: 3})
}

// amendmentText names an amendment: "Adendum ke-1" for version 2.
func (p Plan) amendmentText() string {
	if p.Version.Number <= 1 {
		return ""
	}
	return fmt.Sprintf("Adendum ke-%d", p.Version.Number-1)
}

// signDate is the place and date of the signatures: the approval date, or
// a blank to fill in by hand.
func (p Plan) signDate() string {
	if p.Version.Approved() {
		return date(p.Version.ApprovedAt)
	}
	return fmt.Sprintf("……………………… %d", p.Year)
}

// blankName stands for a signatory not known yet.
const blankName = "(………………………………………)"

// orderedLines returns the lines grouped by objective in map order (lines
// without a known objective last), keeping plan order within a group.
func (p Plan) orderedLines() []Line {
	rank := map[int64]int{}
	for i, o := range p.Objectives {
		rank[o.ID] = i
	}
	of := func(l Line) int {
		if l.Objective != nil {
			if r, ok := rank[l.Objective.ID]; ok {
				return r
			}
		}
		return len(p.Objectives)
	}
	out := append([]Line(nil), p.Lines...)
	sort.SliceStable(out, func(i, j int) bool { return of(out[i]) < of(out[j]) })
	return out
}

// targetColumns are the quarter and annual target columns of a table.
func targetColumns(w float64) []pdf.Column {
	return []pdf.Column{
		{Title: "Target TW I", Width: w, Align: pdf.AlignRight},
		{Title: "Target TW II", Width: w, Align: pdf.AlignRight},
		{Title: "Target TW III", Width: w, Align: pdf.AlignRight},
		{Title: "Target TW IV", Width: w, Align: pdf.AlignRight},
		{Title: "Target Tahunan", Width: w + 2, Align: pdf.AlignRight},
	}
}

func targetCells(l Line) []pdf.Cell {
	return []pdf.Cell{{Text: num(l.Targets[0])}, {Text: num(l.Targets[1])}, {Text: num(l.Targets[2])}, {Text: num(l.Targets[3])}, {Text: derived(l.Annual), Bold: true}}
}

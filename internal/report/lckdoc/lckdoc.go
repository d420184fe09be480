// Package lckdoc composes the documents of the quarterly achievement report
// (Laporan Capaian Kinerja, LCK) in the IIAA format: the report of one
// structural official as PDF, the quarter's raw data behind it as XLSX, and
// the office's quarterly package (cover, NKO summary, then every official's
// report) as PDF.
//
// It is pure: it takes values already loaded, checked and computed by the
// service layer (every figure comes from the rule engine) and writes bytes.
// The documents are official Indonesian papers, so their text is Indonesian
// whatever the reader's interface language.
package lckdoc

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// Office is the office whose letterhead heads the documents.
type Office struct {
	Name string
	City string
	// Letterhead lines printed above the office name, top down.
	Letterhead []string
	Address    []string
}

// Person identifies an official or a signatory.
type Person struct {
	Name     string
	NIP      string
	Position string // as printed, e.g. "Kepala Seksi Bank"
}

// Figures are a target, realisation and achievement with its status.
type Figures struct {
	Target, Realisation, Achievement calc.Opt
	Status                           calc.Status
}

// Evidence is a document behind a realisation: a file, a link or a text.
type Evidence struct {
	Kind       string // raw_data, supporting, verification
	Form       string // file, link, text
	Filename   string
	URL        string
	Body       string
	SHA256     string
	Size       int64
	UploadedAt time.Time
}

// Action is one step of an action plan.
type Action struct {
	Description string
	Owner       string
	Due         time.Time
	Status      domain.ActionStatus
	Note        string
	FromQuarter int  // carried from this quarter (0: added in this report)
	CarriedOn   bool // carried into the next quarter's report
	NeedsUpdate bool // carried in and not yet updated
	Overdue     bool
}

// Line is one indicator of the report.
type Line struct {
	Code, Name, Unit string
	ToDate, Own      Figures
	Required         bool // IIAA is required (below the threshold or not reported)
	Issue            string
	Implication      string
	Accountable      string // the person in charge
	Supporting       string // who supports
	Actions          []Action
	Evidence         []Evidence // current documents only
	// The quarter's own realisation as reported, its note and the raw data
	// table behind it.
	Value calc.Opt
	Note  string
	Raw   []domain.RawRow
}

// Written reports whether any IIAA part is filled in.
func (l Line) Written() bool {
	return strings.TrimSpace(l.Issue+l.Implication+l.Accountable+l.Supporting) != "" || len(l.Actions) > 0
}

// Perspective is one perspective of the NKO.
type Perspective struct {
	Name   string
	Weight float64
	Value  calc.Opt
	Status calc.Status
}

// IKU is one key indicator of the office with its to-date figures.
type IKU struct {
	Code, Name string
	Weight     calc.Opt
	Figures
}

// Objective is a strategic objective with its value and IKUs.
type Objective struct {
	Code, Name, Perspective string
	Value                   calc.Opt
	Status                  calc.Status
	IKUs                    []IKU
}

// NKO is the office score of a quarter with how it was made.
type NKO struct {
	Value        calc.Opt
	Predicate    string
	Status       calc.Status
	Official     bool // from verified figures; otherwise provisional
	RuleSet      string
	Perspectives []Perspective
	Objectives   []Objective
	Steps        []string // the explanation, in Indonesian
}

// Report is one official's quarterly report.
type Report struct {
	Year, Quarter int
	Office        Office
	Unit          string
	Official      Person
	Kind          domain.PlanKind
	Status        domain.ReportStatus // "" when not started
	SheetStatus   domain.SheetStatus
	SubmittedAt   time.Time
	ReviewedAt    time.Time
	// Reviewer signs once the report is reviewed: the head of the office,
	// for the report of an official under them.
	Reviewer *Person
	// ReviewedBy names who reviewed a report without signing it: the
	// pengelola kinerja reviews the head's own report but signs no office
	// document, so the review is stated, not signed.
	ReviewedBy string
	Threshold  float64
	Frozen     bool // figures as they were at review
	Lines      []Line
	NKO        *NKO // the head's report carries the office score
	// Created is the print date (in the office's zone), stored in the PDF;
	// fix it for reproducible output.
	Created time.Time
}

// Reviewed reports whether the report is final.
func (r Report) Reviewed() bool { return r.Status == domain.ReportReviewed }

// Package is the office's quarterly package.
type Package struct {
	Year, Quarter int
	Office        Office
	NKO           *NKO
	Reports       []Report // the head's first
	Initiatives   []Initiative
	Due           time.Time
	Created       time.Time
}

// Options tune the PDF output.
type Options struct {
	// Uncompressed leaves page content readable, for tests.
	Uncompressed bool
}

// Roman writes a quarter as the documents do: I … IV.
func Roman(q int) string {
	if q >= 1 && q <= 4 {
		return [...]string{"I", "II", "III", "IV"}[q-1]
	}
	return fmt.Sprint(q)
}

// num prints a number as typed (up to 4 decimals), such as a weight.
func num(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumberTrim("id", o.V, 4)
}

// figure prints a target or realisation consolidated to date with up to
// two decimals, rounded by the rule engine's one rounding rule.
func figure(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumberTrim("id", calc.Round2(o.V), 2)
}

// score prints an achievement or score rounded as shown everywhere.
func score(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumber("id", calc.Round2(o.V), 2)
}

func date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.FormatDate("id", t)
}

func dateShort(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.FormatDateShort("id", t)
}

// statusWord names a status so that it reads without colour.
func statusWord(s calc.Status) string {
	switch s {
	case calc.StatusGreen:
		return "Hijau"
	case calc.StatusYellow:
		return "Kuning"
	case calc.StatusRed:
		return "Merah"
	}
	return "Belum dilaporkan"
}

func reportStatusWord(s domain.ReportStatus) string {
	switch s {
	case domain.ReportDraft:
		return "Draf"
	case domain.ReportSubmitted:
		return "Menunggu reviu"
	case domain.ReportReviewed:
		return "Sudah direviu"
	case domain.ReportReturned:
		return "Dikembalikan"
	}
	return "Belum dibuat"
}

func sheetStatusWord(s domain.SheetStatus) string {
	switch s {
	case domain.SheetDraft:
		return "draf"
	case domain.SheetSubmitted:
		return "disampaikan"
	case domain.SheetValidated:
		return "divalidasi atasan"
	case domain.SheetVerified:
		return "diverifikasi"
	case domain.SheetLocked:
		return "dikunci"
	case domain.SheetReturned:
		return "dikembalikan"
	}
	return string(s)
}

func actionStatusWord(s domain.ActionStatus) string {
	switch s {
	case domain.ActionOpen:
		return "Belum dimulai"
	case domain.ActionInProgress:
		return "Sedang berjalan"
	case domain.ActionDone:
		return "Selesai"
	case domain.ActionDropped:
		return "Dibatalkan"
	}
	return string(s)
}

func evidenceKindWord(k string) string {
	switch k {
	case domain.EvidenceRaw:
		return "Data mentah"
	case domain.EvidenceSupporting:
		return "Dokumen pendukung"
	case domain.EvidenceVerification:
		return "Dokumen verifikasi"
	}
	return k
}

// sizeText prints a file size in KB or MB.
func sizeText(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1<<20:
		return i18n.FormatNumber("id", max(float64(n)/1024, 0.1), 1) + " KB"
	default:
		return i18n.FormatNumber("id", float64(n)/(1<<20), 1) + " MB"
	}
}

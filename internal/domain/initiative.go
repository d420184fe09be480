package domain

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Initiative is a strategic initiative (inisiatif strategis, SPEC §15): a
// breakthrough activity of an office's year, linked to an objective of its
// strategy map or to an IKU (a line of its PK), with an owner, milestones and
// the progress reported each quarter.
type Initiative struct {
	ID          int64
	YearID      int64
	OfficeID    int64
	ObjectiveID int64 // 0 when linked to an IKU
	LineID      int64 // the PK line (plan_lines.id) of the IKU; 0 when linked to an objective
	Code        string
	Name        string
	Description string
	OwnerID     int64 // an employee of the office
	Revision    int   // bumped by every change of the initiative or its progress
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Milestones  []Milestone
	Progress    []InitiativeProgress // by quarter, only those reported
}

// Milestone is a step of an initiative with its due date; Done is the day it
// was reached (zero: not yet).
type Milestone struct {
	ID           int64
	InitiativeID int64
	Seq          int
	Name         string
	Due          time.Time
	Done         time.Time
}

// Overdue reports whether the milestone is past its due date on day and not done.
func (m Milestone) Overdue(day time.Time) bool {
	return m.Done.IsZero() && Day(day).After(Day(m.Due))
}

// InitiativeProgress is a quarter's progress of an initiative: how far it
// is (percent of the whole, 0–100), a note and its documents.
type InitiativeProgress struct {
	ID           int64
	InitiativeID int64
	Quarter      int
	Percent      float64
	Note         string
	UpdatedAt    time.Time
	UpdatedBy    int64
	Evidence     []InitiativeEvidence
}

// InitiativeEvidence is a document of a quarter's progress: a file (its
// bytes in the evidence store by SHA-256), a link or a short note.
type InitiativeEvidence struct {
	ID         string // UUIDv7
	ProgressID int64
	Form       string
	SHA256     string
	Size       int64
	MIME       string
	Filename   string
	URL        string
	Body       string
	UploadedAt time.Time
	UploadedBy int64
}

// ProgressOf returns the progress reported for quarter q.
func (in Initiative) ProgressOf(q int) (InitiativeProgress, bool) {
	for _, p := range in.Progress {
		if p.Quarter == q {
			return p, true
		}
	}
	return InitiativeProgress{}, false
}

// Latest returns the progress of the latest quarter reported.
func (in Initiative) Latest() (InitiativeProgress, bool) {
	var out InitiativeProgress
	ok := false
	for _, p := range in.Progress {
		if !ok || p.Quarter > out.Quarter {
			out, ok = p, true
		}
	}
	return out, ok
}

// Overdue lists the milestones past their due date on day and not done.
func (in Initiative) Overdue(day time.Time) []Milestone {
	var out []Milestone
	for _, m := range in.Milestones {
		if m.Overdue(day) {
			out = append(out, m)
		}
	}
	return out
}

// Limits of an initiative's texts.
const (
	InitiativeCodeMax = 20
	InitiativeNameMax = 300
	InitiativeTextMax = 4000
	MilestonesMax     = 30
)

// ValidateInitiative checks an initiative's own fields for year: texts
// (trimmed in place), exactly one link, an owner, and milestones named and
// due within the year, done no later than today. Whether the objective,
// the IKU and the owner belong to the office is the service's to check.
func ValidateInitiative(in *Initiative, year int, today time.Time) error {
	v := &ValidationError{}
	in.Code = initiativeText(v, "code", in.Code, true, InitiativeCodeMax)
	in.Name = initiativeText(v, "name", in.Name, true, InitiativeNameMax)
	in.Description = initiativeText(v, "description", in.Description, false, InitiativeTextMax)
	if (in.ObjectiveID == 0) == (in.LineID == 0) {
		v.Addf("link", "initiative.link_one")
	}
	if in.OwnerID == 0 {
		v.Addf("owner", "err.choose")
	}
	if len(in.Milestones) > MilestonesMax {
		v.Addf("milestones", "initiative.too_many_milestones", "max", MilestonesMax)
	}
	from, to := QuarterStart(year, 1), QuarterEnd(year, 4)
	earliest, _ := DateWindow(year)
	for i := range in.Milestones {
		m := &in.Milestones[i]
		field := "milestones." + strconv.Itoa(i)
		m.Name = initiativeText(v, field+".name", m.Name, true, InitiativeNameMax)
		if m.Due.IsZero() {
			v.Addf(field+".due", "err.required")
		} else if m.Due = Day(m.Due); m.Due.Before(from) || m.Due.After(to) {
			v.Addf(field+".due", "initiative.due_in_year", "year", year)
		}
		if !m.Done.IsZero() {
			if m.Done = Day(m.Done); m.Done.After(Day(today)) || m.Done.Before(earliest) {
				v.Addf(field+".done", "initiative.done_date")
			}
		}
	}
	return v.Err()
}

// ValidateProgress checks a quarter's progress: quarter 1–4, percent 0–100,
// a note of sane length (trimmed in place).
func ValidateProgress(p *InitiativeProgress) error {
	v := &ValidationError{}
	if p.Quarter < 1 || p.Quarter > 4 {
		v.Addf("quarter", "err.choose")
	}
	if math.IsNaN(p.Percent) || p.Percent < 0 || p.Percent > 100 {
		v.Addf("percent", "initiative.percent_range")
	}
	p.Note = initiativeText(v, "note", p.Note, false, InitiativeTextMax)
	return v.Err()
}

func initiativeText(v *ValidationError, field, s string, required bool, max int) string {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		v.Addf(field, "err.required")
	case utf8.RuneCountInString(s) > max:
		v.Addf(field, "err.too_long", "max", max)
	}
	return s
}

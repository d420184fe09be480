package domain

import (
	"time"

	"github.com/kinerja/kinerja/internal/calc"
)

// Year is a performance year with the rule set its figures are computed by.
type Year struct {
	ID          int64
	Year        int
	RuleSet     string
	PlanDueDate time.Time // PK and SKP signed by (default 31 January)
	CreatedAt   time.Time
	Quarters    [4]Quarter
}

// Quarter is one triwulan of a year with its reporting deadline.
type Quarter struct {
	ID       int64
	YearID   int64
	Quarter  int // 1..4
	Deadline time.Time
}

// QuarterClosure records that an office closed a quarter: its verified
// figures are locked and later changes need a correction.
type QuarterClosure struct {
	ID       int64
	YearID   int64
	Quarter  int
	OfficeID int64
	ClosedAt time.Time
	ClosedBy int64
	// NKO is the office score as it stood when it became official in the
	// closed quarter; nil while the head's PK sheet is not verified.
	NKO *FrozenNKO
}

// FrozenNKO is the office score of a closed quarter with everything it was
// computed from: later changes to the strategy map, its weights or the
// manuals apply to later quarters only (SPEC §12). Only an approved
// correction of one of its IKUs changes it, and it records each.
type FrozenNKO struct {
	RuleSet     string
	PlanID      int64 // the head's PK
	Map         StrategyMap
	IKUs        []FrozenIKU
	FrozenAt    time.Time
	Corrections []NKOCorrection `json:",omitempty"`
}

// FrozenIKU is the to-date figure of one PK line in a frozen NKO.
type FrozenIKU struct {
	LineID      int64
	Code        string
	Name        string
	ObjectiveID int64
	Weight      calc.Opt
	Target      calc.Opt
	Realisation calc.Opt
	Achievement calc.Opt
	Status      string
}

// NKOCorrection records an approved correction that changed a frozen NKO.
type NKOCorrection struct {
	CorrectionID int64
	LineID       int64
	Code         string
	At           time.Time
	By           string
	Reason       string
}

// QuarterStart returns the first day of quarter q of year y.
func QuarterStart(y, q int) time.Time {
	return time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
}

// QuarterEnd returns the last day of quarter q of year y.
func QuarterEnd(y, q int) time.Time {
	return time.Date(y, time.Month(3*q)+1, 0, 0, 0, 0, 0, time.UTC)
}

// DateWindow is the span of sane dates for what belongs to a performance
// year (its deadlines, the due dates of its action plans): from the start of
// the year before to the end of the second year after. A date outside it is
// a typing error, such as an action due in 9999 or a deadline in 1900.
func DateWindow(year int) (from, to time.Time) {
	return time.Date(year-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+2, 12, 31, 23, 59, 59, 0, time.UTC)
}

// Signatory is the head of the unit above an office at the top of the
// installed tree, recorded for a year as the second party of the office's
// PK (SPEC §7) because they have no account here.
type Signatory struct {
	YearID    int64
	OfficeID  int64
	Name      string
	NIP       string
	Position  string
	UpdatedAt time.Time
}

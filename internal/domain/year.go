package domain

import "time"

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
}

// QuarterEnd returns the last day of quarter q of year y.
func QuarterEnd(y, q int) time.Time {
	return time.Date(y, time.Month(3*q)+1, 0, 0, 0, 0, 0, time.UTC)
}

package domain

import "time"

// ReportStatus is the workflow state of a quarterly achievement report (LCK).
type ReportStatus string

// Report states: draft → submitted → reviewed, or returned to the official.
const (
	ReportDraft     ReportStatus = "draft"
	ReportSubmitted ReportStatus = "submitted"
	ReportReviewed  ReportStatus = "reviewed"
	ReportReturned  ReportStatus = "returned"
)

// Editable reports whether the official may still change the report.
func (s ReportStatus) Editable() bool { return s == ReportDraft || s == ReportReturned }

// Report is a structural official's quarterly achievement report in the
// IIAA format, over the indicators of their plan.
type Report struct {
	ID            int64
	PlanID        int64
	Quarter       int
	Status        ReportStatus
	CreatedAt     time.Time
	SubmittedAt   time.Time
	SubmittedBy   int64
	ReviewedAt    time.Time
	ReviewedBy    int64
	ReviewerName  string
	ReviewerNIP   string
	ReturnedAt    time.Time
	ReturnedBy    int64
	ReturnComment string
	Snapshot      string // JSON of the figures the report showed when reviewed
	Revision      int
}

// ReportItem is the IIAA analysis of one indicator: Issue, Implication,
// Accountability (the person in charge and who supports), and the Action
// plan (its actions are separate rows).
type ReportItem struct {
	ID            int64
	ReportID      int64
	LineID        int64
	Issue         string
	Implication   string
	AccountableID int64
	Supporting    string
	UpdatedAt     time.Time
}

// ActionStatus is the state of an action-plan item.
type ActionStatus string

// Action states.
const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists the states in order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionInProgress, ActionDone, ActionDropped}

// Valid reports whether s is a known state.
func (s ActionStatus) Valid() bool {
	for _, x := range ActionStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Pending reports whether the action is still to be done (and carries into the next quarter).
func (s ActionStatus) Pending() bool { return s == ActionOpen || s == ActionInProgress }

// Action is one step of an action plan, with an owner and a due date. An
// action not finished in its quarter is carried into the next report
// (CarriedFrom), where its status must be updated.
type Action struct {
	ID          int64
	ReportID    int64
	LineID      int64
	CarriedFrom int64
	Description string
	OwnerID     int64
	DueDate     time.Time
	Status      ActionStatus
	StatusNote  string // why it was dropped, or how it progressed
	NeedsUpdate bool   // carried in and not yet updated this quarter
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Overdue reports whether a pending action is past its due date.
func (a Action) Overdue(today time.Time) bool {
	return a.Status.Pending() && Day(today).After(Day(a.DueDate))
}

package domain

import (
	"time"

	"github.com/kinerja/kinerja/internal/calc"
)

// SheetStatus is the workflow state of a plan's quarterly realisation.
type SheetStatus string

// Sheet states: draft → submitted → validated → verified → locked; returned
// at validation or verification goes back to the owner.
const (
	SheetDraft     SheetStatus = "draft"
	SheetSubmitted SheetStatus = "submitted"
	SheetValidated SheetStatus = "validated"
	SheetVerified  SheetStatus = "verified"
	SheetLocked    SheetStatus = "locked"
	SheetReturned  SheetStatus = "returned"
)

// SheetStatuses lists the sheet states in workflow order.
var SheetStatuses = []SheetStatus{SheetDraft, SheetReturned, SheetSubmitted, SheetValidated, SheetVerified, SheetLocked}

// Editable reports whether the owner may change values and evidence.
func (s SheetStatus) Editable() bool { return s == SheetDraft || s == SheetReturned }

// Frozen reports whether the figures are fixed by verification.
func (s SheetStatus) Frozen() bool { return s == SheetVerified || s == SheetLocked }

// Sheet is the realisation of one plan for one quarter.
type Sheet struct {
	ID            int64
	PlanID        int64
	Quarter       int
	Status        SheetStatus
	CreatedAt     time.Time
	SubmittedAt   time.Time
	SubmittedBy   int64
	Late          bool
	ValidatedAt   time.Time
	ValidatedBy   int64
	VerifiedAt    time.Time
	VerifiedBy    int64
	LockedAt      time.Time
	ReturnedAt    time.Time
	ReturnedBy    int64
	ReturnStage   string // "validation" or "verification"
	ReturnComment string
	Revision      int
	// VersionID is the plan version the sheet was validated on; it keeps
	// that version when a later amendment is approved (0: not validated,
	// the sheet follows the newest approved version).
	VersionID int64
}

// RawRow is one component of the formula behind a realisation (raw data as
// a small table): a name, a value and the unit.
type RawRow struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
}

// Realisation is the reported value of one plan line for one quarter.
type Realisation struct {
	ID           int64
	SheetID      int64
	LineID       int64
	Value        calc.Opt
	Note         string
	Raw          []RawRow
	CheckOK      *bool  // the verifier's checklist mark (nil: not checked)
	CheckComment string // the verifier's remark
	Frozen       *Frozen
	UpdatedAt    time.Time
	UpdatedBy    int64
}

// Frozen is the figure of a line as verified: it never changes afterwards,
// whatever happens to the rule set, the targets or the evidence.
type Frozen struct {
	RuleSet            string    `json:"rule_set"`
	VersionID          int64     `json:"version_id"`
	Polarity           string    `json:"polarity"`
	Consolidation      string    `json:"consolidation"`
	Target             calc.Opt  `json:"target"`
	Realisation        calc.Opt  `json:"realisation"`
	Achievement        calc.Opt  `json:"achievement"`
	Status             string    `json:"status"`
	QuarterTarget      calc.Opt  `json:"quarter_target"`
	QuarterRealisation calc.Opt  `json:"quarter_realisation"`
	QuarterAchievement calc.Opt  `json:"quarter_achievement"`
	Explain            []string  `json:"explain_id"`
	ExplainEN          []string  `json:"explain_en"`
	Evidence           []string  `json:"evidence_sha256"`
	At                 time.Time `json:"at"`
}

// Evidence kinds and forms.
const (
	EvidenceRaw          = "raw_data"
	EvidenceSupporting   = "supporting"
	EvidenceVerification = "verification"
	FormFile             = "file"
	FormLink             = "link"
	FormText             = "text"
)

// Evidence is a document behind a realisation: a file, a link or a short text.
type Evidence struct {
	ID            string // UUIDv7
	RealisationID int64
	Kind          string
	Form          string
	SHA256        string
	Size          int64
	MIME          string
	Filename      string // as uploaded, for display only
	URL           string
	Body          string
	UploadedAt    time.Time
	UploadedBy    int64
	SupersededBy  string // the evidence that replaced this one
	ReplaceReason string // why this one replaced an earlier one
}

// Current reports whether the evidence has not been replaced.
func (e Evidence) Current() bool { return e.SupersededBy == "" }

// CorrectionStatus is the state of a correction request.
type CorrectionStatus string

// Correction states.
const (
	CorrectionPending  CorrectionStatus = "pending"
	CorrectionApproved CorrectionStatus = "approved"
	CorrectionRejected CorrectionStatus = "rejected"
)

// Correction asks to change a verified or locked realisation.
type Correction struct {
	ID              int64
	RealisationID   int64
	Status          CorrectionStatus
	Reason          string
	OldValue        calc.Opt
	NewValue        calc.Opt
	OldNote         string
	NewNote         string
	RequestedAt     time.Time
	RequestedBy     int64
	DecidedAt       time.Time
	DecidedBy       int64
	DecisionComment string
}

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string // returned, approved, due_soon, overdue, reminder, …
	Msg       Msg
	Link      string
	CreatedAt time.Time
	ReadAt    time.Time
	EmailedAt time.Time
}

package domain

import (
	"time"

	"github.com/kinerja/kinerja/internal/calc"
)

// PerspectiveKind is one of the balanced-scorecard perspectives of a strategy map.
type PerspectiveKind string

// Perspectives, top to bottom.
const (
	PerspStakeholder PerspectiveKind = "stakeholder"
	PerspCustomer    PerspectiveKind = "customer"
	PerspInternal    PerspectiveKind = "internal_process"
	PerspLearning    PerspectiveKind = "learning_growth"
)

// PerspectiveKinds lists the perspectives in map order, top to bottom.
var PerspectiveKinds = []PerspectiveKind{PerspStakeholder, PerspCustomer, PerspInternal, PerspLearning}

// Valid reports whether k is a known perspective.
func (k PerspectiveKind) Valid() bool {
	for _, x := range PerspectiveKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Rank is the band of the perspective, 0 at the top.
func (k PerspectiveKind) Rank() int {
	for i, x := range PerspectiveKinds {
		if k == x {
			return i
		}
	}
	return len(PerspectiveKinds)
}

// StrategyMap is an office's map for one year.
type StrategyMap struct {
	ID           int64
	YearID       int64
	UnitID       int64
	Perspectives []Perspective
	Objectives   []Objective
	Links        []ObjectiveLink
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Revision     int // bumped by every change of the map
}

// Perspective is a band of the map with its weight in the NKO.
type Perspective struct {
	ID     int64
	MapID  int64
	Kind   PerspectiveKind
	Name   string
	Weight float64
	Seq    int
}

// Objective is a strategic objective (sasaran strategis, SS).
type Objective struct {
	ID            int64
	MapID         int64
	PerspectiveID int64
	Code          string
	Name          string
	Description   string
	Seq           int
}

// ObjectiveLink is a cause-effect arrow from an objective to one it supports.
type ObjectiveLink struct {
	FromID int64
	ToID   int64
}

// Perspective returns the perspective with the given ID.
func (m *StrategyMap) Perspective(id int64) (Perspective, bool) {
	for _, p := range m.Perspectives {
		if p.ID == id {
			return p, true
		}
	}
	return Perspective{}, false
}

// Objective returns the objective with the given ID.
func (m *StrategyMap) Objective(id int64) (Objective, bool) {
	for _, o := range m.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return Objective{}, false
}

// PlanKind tells a head's performance agreement from an employee's plan.
type PlanKind string

// Plan kinds.
const (
	PlanPK  PlanKind = "PK"
	PlanSKP PlanKind = "SKP"
)

// PlanStatus is the workflow state of a plan version.
type PlanStatus string

// Plan version states: draft → submitted → approved, or returned (editable again).
const (
	PlanDraft     PlanStatus = "draft"
	PlanSubmitted PlanStatus = "submitted"
	PlanApproved  PlanStatus = "approved"
	PlanReturned  PlanStatus = "returned"
)

// Editable reports whether lines of a version in this state may change.
func (s PlanStatus) Editable() bool { return s == PlanDraft || s == PlanReturned }

// Plan is the PK of a head or the SKP of an employee for one post and a
// period of one year: the whole year, or the part of it the post was held
// (SPEC §13).
type Plan struct {
	ID          int64
	YearID      int64
	Year        int
	EmployeeID  int64
	PositionID  int64
	OfficeID    int64
	Kind        PlanKind
	CreatedAt   time.Time
	PeriodStart time.Time // first day
	PeriodEnd   time.Time // last day
	// RolledFrom is the plan of the year before this one was copied from
	// when the year was rolled over (SPEC §15); 0 for a plan made here.
	RolledFrom int64
}

// Covers reports whether day lies in the plan's period.
func (p Plan) Covers(day time.Time) bool {
	d := Day(day)
	return !d.Before(Day(p.PeriodStart)) && !d.After(Day(p.PeriodEnd))
}

// CheckPeriod refuses a plan period outside its year or ending before it begins.
func (p Plan) CheckPeriod() error {
	from, to := YearBounds(p.Year)
	if p.PeriodStart.Before(from) || p.PeriodEnd.After(to) || p.PeriodEnd.Before(p.PeriodStart) {
		return Refuse("plan.period_outside_year", "year", p.Year)
	}
	return nil
}

// InQuarter reports whether the plan's period touches quarter q of its
// year: each plan reports on those quarters (SPEC §13).
func (p Plan) InQuarter(q int) bool {
	return p.Days(QuarterStart(p.Year, q), QuarterEnd(p.Year, q)) > 0
}

// WholeYear reports whether the plan covers its whole year (nobody moved).
func (p Plan) WholeYear() bool {
	from, to := YearBounds(p.Year)
	return Day(p.PeriodStart).Equal(from) && Day(p.PeriodEnd).Equal(to)
}

// Days is the number of days of the plan's period that fall in from..to (inclusive).
func (p Plan) Days(from, to time.Time) int {
	a, b := Day(p.PeriodStart), Day(p.PeriodEnd)
	if f := Day(from); f.After(a) {
		a = f
	}
	if t := Day(to); t.Before(b) {
		b = t
	}
	if b.Before(a) {
		return 0
	}
	return int(b.Sub(a).Hours()/24) + 1
}

// YearBounds returns the first and last day of a year.
func YearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
}

// PlanOn picks, from one person's plans of a year, the one in force on day:
// the plan whose period covers it, else the last one begun before it, else
// the first. ok is false when there are none.
func PlanOn(plans []Plan, day time.Time) (Plan, bool) {
	var best Plan
	found := false
	for _, p := range plans {
		if p.Covers(day) {
			return p, true
		}
		if !found || (!Day(p.PeriodStart).After(Day(day)) && p.PeriodStart.After(best.PeriodStart)) ||
			(Day(best.PeriodStart).After(Day(day)) && p.PeriodStart.Before(best.PeriodStart)) {
			best, found = p, true
		}
	}
	return best, found
}

// PlanVersion is one version of a plan: the first, or an amendment (adendum).
type PlanVersion struct {
	ID           int64
	PlanID       int64
	Number       int
	Status       PlanStatus
	Reason       string // why the amendment was made
	CreatedAt    time.Time
	CreatedBy    int64
	SubmittedAt  time.Time
	SubmittedBy  int64
	ApprovedAt   time.Time
	ApprovedBy   int64
	ApproverName string // who signed as approver, kept as signed
	ApproverNIP  string
	// ApproverPosition is the post the approver signed in (for a PK, the
	// second party's, with Plt/Plh), kept as signed.
	ApproverPosition string
	ReturnedAt       time.Time
	ReturnedBy       int64
	ReturnComment    string
	Late             bool
	Revision         int // bumped on every edit, for optimistic concurrency
}

// IndicatorKind tells an organisation's key indicator from an individual one.
type IndicatorKind string

// Indicator kinds.
const (
	IKU IndicatorKind = "IKU"
	IKI IndicatorKind = "IKI"
)

// Cascading types and methods (Manual IKU/IKI).
const (
	CascadePeta    = "peta"
	CascadeNonPeta = "non_peta"
	CascadeNone    = "non_cascading"
	MethodFull     = "full"
	MethodPartial  = "partial"
)

// CascadeTypes lists valid cascading types.
var CascadeTypes = []string{CascadePeta, CascadeNonPeta, CascadeNone}

// CascadeMethods lists valid cascading methods.
var CascadeMethods = []string{MethodFull, MethodPartial}

// Manual enumerations.
var (
	TargetAspects    = []string{"kuantitas", "kualitas", "waktu", "biaya"}
	ReportingPeriods = []string{"monthly", "quarterly", "semester", "yearly"}
	Units            = []string{"%", "indeks", "jumlah", "hari", "Rp", "dokumen", "laporan", "satker", "kali", "nilai"}
	EvidenceKinds    = []string{"raw_data", "supporting", "verification"}
)

// OptFloat is an optional number (the rule engine's type, so figures pass
// between the two without conversion).
type OptFloat = calc.Opt

// Some returns a present number.
func Some(v float64) OptFloat { return calc.Some(v) }

// ScalePoint maps a Ca value to an achievement for stabilize indicators.
type ScalePoint = calc.ScalePoint

// EvidenceItem is a document the manual requires each quarter.
type EvidenceItem struct {
	Kind string `json:"kind"` // raw_data, supporting, verification
	Name string `json:"name"`
}

// Manual is the definition sheet of an indicator (Manual IKU / Manual IKI).
type Manual struct {
	// Result is the work result (rencana hasil kerja) the indicator
	// measures, printed in the SKP; empty: the indicator's own name.
	Result                string
	Description           string
	Purpose               string
	Formula               string
	Unit                  string
	TargetAspect          string
	Validity              string // exact, proxy, activity
	Control               string // high, moderate, low
	Responsible           string
	DataProvider          string
	DataSource            string
	PeriodConsolidation   string // sum, average, last
	Polarity              string // maximize, minimize, stabilize
	ReportingPeriod       string
	LocationConsolidation string
	MaxTarget             bool
	Scale                 []ScalePoint
	Worst                 OptFloat
	HistoryKind           string // existing, new_with_history, new_without_history, mandatory
	TargetByLaw           bool
	Stable                bool
	PrevTarget            OptFloat
	PrevRealisation       OptFloat
	// PrevProvisional marks previous-year figures copied while that year
	// was still open: its latest official to-date figures, to be replaced
	// by the annual ones (SPEC §15).
	PrevProvisional bool
	Evidence        []EvidenceItem
	// ByLocation: an upper office's IKU whose realisation is consolidated
	// (by LocationConsolidation) from the verified figures of the IKUs of
	// the offices below cascaded from it (SPEC §15).
	ByLocation bool
}

// Indicator is one line of a plan version: an IKU of a PK or an IKI of an
// SKP, with its manual and quarterly targets.
type Indicator struct {
	ID            int64
	VersionID     int64
	LineID        int64 // stable across versions of the plan
	Seq           int
	Kind          IndicatorKind
	Code          string
	Name          string
	ObjectiveID   int64 // the objective it serves (inherited down a cascade)
	ParentLineID  int64 // IKI: the line it is cascaded from
	CascadeType   string
	CascadeMethod string
	Weight        OptFloat
	Targets       [4]OptFloat
	Manual
}

// Comment is a remark in a thread about an object (e.g. a K3 review of an indicator line).
type Comment struct {
	ID        int64
	Entity    string
	EntityID  int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time
}

// K3 decisions of the pengelola kinerja (SPEC §14.4).
const (
	K3Accepted = "accepted" // the K3 stands as computed and is frozen at that figure
	K3Revise   = "revise"   // the manual or target must be reworked (note says why)
)

// K3Decision is the pengelola kinerja's dated decision on the K3 of one
// version of a line. An accepted decision keeps the K3 it was taken on:
// scores use that figure even when the manual's inputs or the rules later
// give another, until a new decision (recorded, with its reason) changes it.
type K3Decision struct {
	ID            int64
	IndicatorID   int64 // the version of the line decided on
	LineID        int64
	PlanID        int64
	Decision      string
	QualityWeight OptFloat
	TargetWeight  OptFloat
	K3            OptFloat
	Note          string
	DecidedBy     int64
	DecidedAt     time.Time
	Revision      int
}

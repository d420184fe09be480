package domain

import "time"

// BehaviourAspects are the seven BerAKHLAK core values scored in the
// behaviour (perilaku kerja) assessment, in their customary order.
var BehaviourAspects = []string{"berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}

// Assessor relations in the 360° assessment.
const (
	RelationSupervisor  = "supervisor"
	RelationPeer        = "peer"
	RelationSubordinate = "subordinate"
)

// BehaviourScore is one assessor's scores of an employee for a period
// (a quarter 1–4, or 0 for the year).
type BehaviourScore struct {
	ID         int64
	PlanID     int64
	Period     int
	AssessorID int64
	Relation   string
	Scores     []float64
	UpdatedAt  time.Time
}

// ScoreAdjustment holds the deductions and correction applied to an
// employee's score for a period, with the reason.
type ScoreAdjustment struct {
	ID         int64
	PlanID     int64
	Period     int
	Discipline float64 // penalty for a disciplinary sanction
	Impact     float64 // the superior's impact value
	Correction float64 // a correction within the rule set's bound
	Reason     string
	Evidence   string // what the TPK's correction rests on
	UpdatedAt  time.Time
	UpdatedBy  int64
}

// Rater states in a quarter's 360° assessment.
const (
	RaterProposed = "proposed" // proposed by the employee or the system
	RaterSet      = "set"      // set by the Pejabat Penilai; may score
)

// Rater is a person who assesses an employee's behaviour in a quarter.
type Rater struct {
	ID        int64
	PlanID    int64
	Quarter   int
	RaterID   int64
	Relation  string // RelationSupervisor, RelationPeer, RelationSubordinate
	State     string
	UpdatedBy int64
	UpdatedAt time.Time
}

// Objection decisions.
const (
	ObjectionPending  = ""
	ObjectionRejected = "rejected"
	ObjectionReassess = "reassess" // upheld: the raters score again
)

// Objection is an employee's objection (keberatan) to a quarter's
// assessment, with the Pejabat Penilai's decision.
type Objection struct {
	ID            int64
	PlanID        int64
	Quarter       int
	Reason        string
	FiledBy       int64
	FiledAt       time.Time
	Decision      string
	DecisionNote  string
	DecidedBy     int64
	DecidedAt     *time.Time
	ReassessUntil *time.Time // last day of re-assessment when upheld
}

// Expectation is the supervisor's expectation (ekspektasi pimpinan) of a
// behaviour (Aspect set, LineID 0) or of a work result (LineID set).
type Expectation struct {
	ID        int64
	PlanID    int64
	Aspect    string
	LineID    int64
	Body      string
	UpdatedBy int64
	UpdatedAt time.Time
}

// FeedbackNote is a dated note of continuous feedback on a line or a behaviour.
type FeedbackNote struct {
	ID        int64
	PlanID    int64
	Quarter   int
	LineID    int64
	Aspect    string
	AuthorID  int64
	Body      string
	CreatedAt time.Time
}

// TPKMember is a member of an office's Tim Penilai Kinerja for a year.
type TPKMember struct {
	ID         int64
	OfficeID   int64
	Year       int
	EmployeeID int64
	Chair      bool
}

// DisciplinePenalty is a discipline sanction entered by the TPK: its
// category and MPJHD score, and the value and duration the rule set gave.
type DisciplinePenalty struct {
	ID           int64
	EmployeeID   int64
	Year         int
	StartQuarter int
	Category     string
	MPJHD        float64
	Value        float64
	Quarters     int
	Reason       string
	CreatedBy    int64
	CreatedAt    time.Time
}

// DecreeItem is one employee's row of an NKP decree, frozen when it is set.
type DecreeItem struct {
	EmployeeID      int64   `json:"employee_id"`
	PlanID          int64   `json:"plan_id"`
	NIP             string  `json:"nip"`
	Name            string  `json:"name"`
	Position        string  `json:"position"`
	NHK             float64 `json:"nhk"`
	NHKCalibrated   float64 `json:"nhk_calibrated"`
	NPK             float64 `json:"npk"`
	NPKCalibrated   float64 `json:"npk_calibrated"`
	NKPInitial      float64 `json:"nkp_initial"`
	NKPAdjusted     float64 `json:"nkp_adjusted"`
	NKP             float64 `json:"nkp"`
	NKO             float64 `json:"nko"`
	Discipline      float64 `json:"discipline"`
	Impact          float64 `json:"impact"`
	Correction      float64 `json:"correction"`
	WorkValue       float64 `json:"work_value"`
	BehaviourValue  float64 `json:"behaviour_value"`
	WorkRating      string  `json:"work_rating"`
	BehaviourRating string  `json:"behaviour_rating"`
	Predicate       string  `json:"predicate"`
	RuleSet         string  `json:"rule_set"`
	Reading         string  `json:"reading"`
	Steps           []Step  `json:"steps"`
	// The behaviour as the employee may see it: group means and counts.
	Groups      map[string][]float64 `json:"groups,omitempty"`
	RaterCounts map[string]int       `json:"rater_counts,omitempty"`
	Aspects     []float64            `json:"aspects,omitempty"`
}

// Step is an explanation step kept with a frozen figure, in both languages.
type Step struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// Decree is the SKEP NKP of an office's quarter. A later version replaces
// an earlier one; the scores it lists are frozen.
type Decree struct {
	ID       int64
	OfficeID int64
	Year     int
	Quarter  int
	Version  int
	Number   string
	Items    []DecreeItem
	SetBy    int64
	SetAt    time.Time
}

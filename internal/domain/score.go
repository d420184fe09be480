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
	UpdatedAt  time.Time
	UpdatedBy  int64
}

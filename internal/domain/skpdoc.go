package domain

import "time"

// PlanAttachment is the Lampiran of a plan (PermenPANRB 6/2022 SKP form):
// the resources the work needs, how it is accounted for, and what follows
// from the result. Kept per plan; the owner edits it while the newest
// version is a draft.
type PlanAttachment struct {
	PlanID         int64
	Resources      string // dukungan sumber daya
	Accountability string // skema pertanggungjawaban
	Consequences   string // konsekuensi
	UpdatedBy      int64
	UpdatedAt      time.Time
}

// Empty reports whether nothing has been written.
func (a PlanAttachment) Empty() bool {
	return a.Resources == "" && a.Accountability == "" && a.Consequences == ""
}

// AdditionalTask is a task given beside the plan's work results (tugas
// tambahan), recorded during the plan's period.
type AdditionalTask struct {
	ID          int64
	PlanID      int64
	Description string
	CreatedBy   int64
	CreatedAt   time.Time
}

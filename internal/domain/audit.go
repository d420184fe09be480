package domain

import "time"

// AuditEvent is one entry of the append-only, hash-chained audit log.
type AuditEvent struct {
	Seq       int64
	UUID      string
	At        time.Time
	ActorID   int64 // user ID; 0 for the system
	ActorName string
	IP        string
	Action    string // e.g. "employee.create", "plan.approve"
	Entity    string // e.g. "employee", "plan"
	EntityID  string
	Before    string // canonical JSON of the state before ("" for a creation)
	After     string // canonical JSON of the state after ("" for a deletion)
	PrevHash  string
	Hash      string
}

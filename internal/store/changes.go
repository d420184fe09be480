package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kinerja/kinerja/internal/domain"
)

// AuditEventsAfter returns up to limit events after seq, oldest first.
func (s *Store) AuditEventsAfter(ctx context.Context, seq int64, limit int) ([]domain.AuditEvent, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT `+itoa(limit), seq)
	if err != nil {
		return nil, wrap(err, "list audit events after %d", seq)
	}
	defer rows.Close()
	var out []domain.AuditEvent
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, wrap(err, "list audit events after %d", seq)
		}
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "list audit events after %d", seq)
}

// ObjectOwner is the office and the employee an object of the audit log
// belongs to (employee 0: the office's, like its strategy map).
type ObjectOwner struct {
	OfficeID, EmployeeID int64
}

// ownerQueries find the plan, or the office, behind each kind of object.
var ownerQueries = map[string]string{
	"plan":            `SELECT p.id, p.office_id, p.employee_id FROM plans p WHERE p.id IN (%s)`,
	"plan_version":    `SELECT x.id, p.office_id, p.employee_id FROM plan_versions x JOIN plans p ON p.id = x.plan_id WHERE x.id IN (%s)`,
	"plan_line":       `SELECT x.id, p.office_id, p.employee_id FROM plan_lines x JOIN plans p ON p.id = x.plan_id WHERE x.id IN (%s)`,
	"sheet":           `SELECT x.id, p.office_id, p.employee_id FROM sheets x JOIN plans p ON p.id = x.plan_id WHERE x.id IN (%s)`,
	"realisation":     `SELECT x.id, p.office_id, p.employee_id FROM realisations x JOIN sheets s ON s.id = x.sheet_id JOIN plans p ON p.id = s.plan_id WHERE x.id IN (%s)`,
	"correction":      `SELECT x.id, p.office_id, p.employee_id FROM corrections x JOIN realisations r ON r.id = x.realisation_id JOIN sheets s ON s.id = r.sheet_id JOIN plans p ON p.id = s.plan_id WHERE x.id IN (%s)`,
	"report":          `SELECT x.id, p.office_id, p.employee_id FROM reports x JOIN plans p ON p.id = x.plan_id WHERE x.id IN (%s)`,
	"report_item":     `SELECT x.id, p.office_id, p.employee_id FROM report_items x JOIN reports r ON r.id = x.report_id JOIN plans p ON p.id = r.plan_id WHERE x.id IN (%s)`,
	"action":          `SELECT x.id, p.office_id, p.employee_id FROM actions x JOIN reports r ON r.id = x.report_id JOIN plans p ON p.id = r.plan_id WHERE x.id IN (%s)`,
	"strategy_map":    `SELECT x.id, x.unit_id, 0 FROM strategy_maps x WHERE x.id IN (%s)`,
	"objective":       `SELECT x.id, m.unit_id, 0 FROM objectives x JOIN strategy_maps m ON m.id = x.map_id WHERE x.id IN (%s)`,
	"initiative":      `SELECT x.id, x.office_id, 0 FROM initiatives x WHERE x.id IN (%s)`,
	"quarter_closure": `SELECT x.id, x.office_id, 0 FROM quarter_closures x WHERE x.id IN (%s)`,
}

// evidenceOwners finds the plan behind evidence, whose IDs are texts.
const evidenceOwners = `SELECT x.id, p.office_id, p.employee_id FROM evidence x JOIN realisations r ON r.id = x.realisation_id
	JOIN sheets s ON s.id = r.sheet_id JOIN plans p ON p.id = s.plan_id WHERE x.id IN (%s)`

// ObjectOwners finds, for objects of one kind named by their audit IDs,
// the office and employee they belong to; kinds without an owner (the org
// chart, years, accounts) and objects gone are left out.
func (s *Store) ObjectOwners(ctx context.Context, kind string, ids []string) (map[string]ObjectOwner, error) {
	q, ok := ownerQueries[kind]
	if kind == "evidence" {
		q, ok = evidenceOwners, true
	}
	out := map[string]ObjectOwner{}
	if !ok || len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids))
	for _, id := range ids {
		if kind == "evidence" {
			args = append(args, id)
			continue
		}
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		args = append(args, n)
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := s.q.QueryContext(ctx, fmt.Sprintf(q, placeholders(1, len(args))), args...)
	if err != nil {
		return nil, wrap(err, "owners of %s", kind)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var o ObjectOwner
		if err := rows.Scan(&id, &o.OfficeID, &o.EmployeeID); err != nil {
			return nil, wrap(err, "owners of %s", kind)
		}
		out[id] = o
	}
	return out, wrap(rows.Err(), "owners of %s", kind)
}

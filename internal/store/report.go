package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

const reportCols = `id, plan_id, quarter, status, created_at, submitted_at, submitted_by, reviewed_at, reviewed_by, reviewer_name, reviewer_nip,
	returned_at, returned_by, return_comment, snapshot_json, revision`

func scanReport(sc scanner) (domain.Report, error) {
	var r domain.Report
	var subAt, revAt, retAt sql.NullTime
	var subBy, revBy, retBy sql.NullInt64
	err := sc.Scan(&r.ID, &r.PlanID, &r.Quarter, &r.Status, &r.CreatedAt, &subAt, &subBy, &revAt, &revBy, &r.ReviewerName, &r.ReviewerNIP,
		&retAt, &retBy, &r.ReturnComment, &r.Snapshot, &r.Revision)
	r.SubmittedAt, r.ReviewedAt, r.ReturnedAt = subAt.Time, revAt.Time, retAt.Time
	r.SubmittedBy, r.ReviewedBy, r.ReturnedBy = subBy.Int64, revBy.Int64, retBy.Int64
	return r, err
}

// GetReport returns the report of a plan for a quarter.
func (s *Store) GetReport(ctx context.Context, planID int64, quarter int) (domain.Report, error) {
	r, err := scanReport(s.q.QueryRowContext(ctx, `SELECT `+reportCols+` FROM reports WHERE plan_id = $1 AND quarter = $2`, planID, quarter))
	return r, wrap(err, "get report of plan %d Q%d", planID, quarter)
}

// ListReportsOfOffice returns the reports of an office for a year and
// quarter (0: all); with employees, only their reports.
func (s *Store) ListReportsOfOffice(ctx context.Context, yearID, officeID int64, quarter int, employees ...int64) ([]domain.Report, error) {
	of, args := officePlans(yearID, officeID, employees)
	q := `SELECT ` + prefixCols("r.", reportCols) + ` FROM reports r JOIN plans p ON p.id = r.plan_id WHERE ` + of
	if quarter != 0 {
		args = append(args, quarter)
		q += fmt.Sprintf(` AND r.quarter = $%d`, len(args))
	}
	rows, err := s.q.QueryContext(ctx, q+` ORDER BY r.plan_id, r.quarter`, args...)
	if err != nil {
		return nil, wrap(err, "list reports")
	}
	defer rows.Close()
	var out []domain.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, wrap(err, "list reports")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list reports")
}

// CreateReport inserts a report.
func (s *Store) CreateReport(ctx context.Context, r *domain.Report) error {
	err := s.q.QueryRowContext(ctx, `INSERT INTO reports (plan_id, quarter, status, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		r.PlanID, r.Quarter, r.Status, r.CreatedAt.UTC()).Scan(&r.ID)
	if err != nil {
		return wrap(err, "create report")
	}
	return s.bumpOfficeData(ctx, officeOfPlan, r.PlanID)
}

// UpdateReport saves a report's workflow fields if its revision still matches, and bumps it.
func (s *Store) UpdateReport(ctx context.Context, r *domain.Report) error {
	res, err := s.q.ExecContext(ctx, `UPDATE reports SET status = $1, submitted_at = $2, submitted_by = $3, reviewed_at = $4, reviewed_by = $5,
		reviewer_name = $6, reviewer_nip = $7, returned_at = $8, returned_by = $9, return_comment = $10, snapshot_json = $11, revision = revision + 1
		WHERE id = $12 AND revision = $13`,
		r.Status, nullTime(r.SubmittedAt), nullID(r.SubmittedBy), nullTime(r.ReviewedAt), nullID(r.ReviewedBy), r.ReviewerName, r.ReviewerNIP,
		nullTime(r.ReturnedAt), nullID(r.ReturnedBy), r.ReturnComment, r.Snapshot, r.ID, r.Revision)
	if err != nil {
		return wrap(err, "update report %d", r.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("report.changed_meanwhile")
	}
	r.Revision++
	return s.bumpOfficeData(ctx, officeOfReport, r.ID)
}

// BumpReport marks a report edited, failing when it changed since revision was read.
func (s *Store) BumpReport(ctx context.Context, id int64, revision int) error {
	res, err := s.q.ExecContext(ctx, `UPDATE reports SET revision = revision + 1 WHERE id = $1 AND revision = $2`, id, revision)
	if err != nil {
		return wrap(err, "bump report %d", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("report.changed_meanwhile")
	}
	return s.bumpOfficeData(ctx, officeOfReport, id)
}

// ListReportItems returns the IIAA items of a report.
func (s *Store) ListReportItems(ctx context.Context, reportID int64) ([]domain.ReportItem, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, report_id, line_id, issue, implication, accountable_id, supporting, updated_at FROM report_items
		WHERE report_id = $1 ORDER BY id`, reportID)
	if err != nil {
		return nil, wrap(err, "list report items")
	}
	defer rows.Close()
	var out []domain.ReportItem
	for rows.Next() {
		var it domain.ReportItem
		var acc sql.NullInt64
		if err := rows.Scan(&it.ID, &it.ReportID, &it.LineID, &it.Issue, &it.Implication, &acc, &it.Supporting, &it.UpdatedAt); err != nil {
			return nil, wrap(err, "list report items")
		}
		it.AccountableID = acc.Int64
		out = append(out, it)
	}
	return out, wrap(rows.Err(), "list report items")
}

// SaveReportItem inserts or updates an IIAA item.
func (s *Store) SaveReportItem(ctx context.Context, it *domain.ReportItem) error {
	if it.UpdatedAt.IsZero() {
		it.UpdatedAt = s.timeNow()
	}
	if it.ID == 0 {
		err := s.q.QueryRowContext(ctx, `INSERT INTO report_items (report_id, line_id, issue, implication, accountable_id, supporting, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			it.ReportID, it.LineID, it.Issue, it.Implication, nullID(it.AccountableID), it.Supporting, it.UpdatedAt.UTC()).Scan(&it.ID)
		return wrap(err, "create report item")
	}
	_, err := s.q.ExecContext(ctx, `UPDATE report_items SET issue = $1, implication = $2, accountable_id = $3, supporting = $4, updated_at = $5 WHERE id = $6`,
		it.Issue, it.Implication, nullID(it.AccountableID), it.Supporting, it.UpdatedAt.UTC(), it.ID)
	return wrap(err, "update report item %d", it.ID)
}

const actionCols = `id, report_id, line_id, carried_from, description, owner_id, due_date, status, status_note, needs_update, created_at, updated_at`

func scanAction(sc scanner) (domain.Action, error) {
	var a domain.Action
	var from sql.NullInt64
	err := sc.Scan(&a.ID, &a.ReportID, &a.LineID, &from, &a.Description, &a.OwnerID, &a.DueDate, &a.Status, &a.StatusNote, &a.NeedsUpdate, &a.CreatedAt, &a.UpdatedAt)
	a.CarriedFrom = from.Int64
	return a, err
}

// ActionFilter narrows ListActions.
type ActionFilter struct {
	ReportID    int64
	OwnerID     int64
	Owners      []int64 // when set, only actions owned by these employees
	PendingOnly bool
	YearID      int64
	OfficeID    int64
}

// ListActions returns action-plan items.
func (s *Store) ListActions(ctx context.Context, f ActionFilter) ([]domain.Action, error) {
	q := `SELECT ` + prefixCols("a.", actionCols) + ` FROM actions a JOIN reports r ON r.id = a.report_id JOIN plans p ON p.id = r.plan_id`
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ReportID != 0 {
		add("a.report_id = $%d", f.ReportID)
	}
	if f.OwnerID != 0 {
		add("a.owner_id = $%d", f.OwnerID)
	}
	if f.YearID != 0 {
		add("p.year_id = $%d", f.YearID)
	}
	if f.OfficeID != 0 {
		add("p.office_id = $%d", f.OfficeID)
	}
	if f.PendingOnly {
		where = append(where, "a.status IN ('open', 'in_progress')")
	}
	if len(f.Owners) > 0 {
		var in string
		in, args = idsIn("a.owner_id", f.Owners, args)
		where = append(where, strings.TrimPrefix(in, " AND "))
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.q.QueryContext(ctx, q+` ORDER BY a.due_date, a.id`, args...)
	if err != nil {
		return nil, wrap(err, "list actions")
	}
	defer rows.Close()
	var out []domain.Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, wrap(err, "list actions")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "list actions")
}

// SaveAction inserts or updates an action.
func (s *Store) SaveAction(ctx context.Context, a *domain.Action) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.timeNow()
	}
	if a.ID == 0 {
		if a.CreatedAt.IsZero() {
			a.CreatedAt = a.UpdatedAt
		}
		err := s.q.QueryRowContext(ctx, `INSERT INTO actions (report_id, line_id, carried_from, description, owner_id, due_date, status, status_note, needs_update, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			a.ReportID, a.LineID, nullID(a.CarriedFrom), a.Description, a.OwnerID, domain.Day(a.DueDate), a.Status, a.StatusNote, a.NeedsUpdate,
			a.CreatedAt.UTC(), a.UpdatedAt.UTC()).Scan(&a.ID)
		if err != nil {
			return wrap(err, "create action")
		}
		return s.bumpOfficeData(ctx, officeOfReport, a.ReportID)
	}
	_, err := s.q.ExecContext(ctx, `UPDATE actions SET description = $1, owner_id = $2, due_date = $3, status = $4, status_note = $5, needs_update = $6, updated_at = $7 WHERE id = $8`,
		a.Description, a.OwnerID, domain.Day(a.DueDate), a.Status, a.StatusNote, a.NeedsUpdate, a.UpdatedAt.UTC(), a.ID)
	if err != nil {
		return wrap(err, "update action %d", a.ID)
	}
	return s.bumpOfficeData(ctx, officeOfAction, a.ID)
}

// DeleteAction removes an action that was added in its own report (never a carried one).
func (s *Store) DeleteAction(ctx context.Context, id int64) error {
	if err := s.bumpOfficeData(ctx, officeOfAction, id); err != nil {
		return err
	}
	_, err := s.q.ExecContext(ctx, `DELETE FROM actions WHERE id = $1 AND carried_from IS NULL`, id)
	return wrap(err, "delete action %d", id)
}

// GetReportByID returns a report by its ID.
func (s *Store) GetReportByID(ctx context.Context, id int64) (domain.Report, error) {
	r, err := scanReport(s.q.QueryRowContext(ctx, `SELECT `+reportCols+` FROM reports WHERE id = $1`, id))
	return r, wrap(err, "get report %d", id)
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// ListRaters returns the raters of plans in a quarter, ordered by plan and
// id; none without plans.
func (s *Store) ListRaters(ctx context.Context, quarter int, planIDs ...int64) ([]domain.Rater, error) {
	if len(planIDs) == 0 {
		return nil, nil
	}
	args := []any{quarter}
	for _, id := range planIDs {
		args = append(args, id)
	}
	return s.listRaters(ctx, "list raters", `quarter = $1 AND plan_id IN (`+placeholders(2, len(planIDs))+`) ORDER BY plan_id, id`, args...)
}

// ListRaterDuties returns the rater rows where an employee rates someone,
// by quarter and plan.
func (s *Store) ListRaterDuties(ctx context.Context, raterID int64) ([]domain.Rater, error) {
	return s.listRaters(ctx, "list rater duties", `rater_id = $1 ORDER BY quarter, plan_id`, raterID)
}

// listRaters reads the assessment_raters rows matching where.
func (s *Store) listRaters(ctx context.Context, what, where string, args ...any) ([]domain.Rater, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id, quarter, rater_id, relation, state, updated_by, updated_at FROM assessment_raters
		WHERE `+where, args...)
	if err != nil {
		return nil, wrap(err, what)
	}
	defer rows.Close()
	var out []domain.Rater
	for rows.Next() {
		var r domain.Rater
		var by sql.NullInt64
		if err := rows.Scan(&r.ID, &r.PlanID, &r.Quarter, &r.RaterID, &r.Relation, &r.State, &by, &r.UpdatedAt); err != nil {
			return nil, wrap(err, what)
		}
		r.UpdatedBy = by.Int64
		out = append(out, r)
	}
	return out, wrap(rows.Err(), what)
}

// ReplaceRaters sets the raters of a plan's quarter to rs.
func (s *Store) ReplaceRaters(ctx context.Context, planID int64, quarter int, rs []domain.Rater) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM assessment_raters WHERE plan_id = $1 AND quarter = $2`, planID, quarter); err != nil {
		return wrap(err, "replace raters")
	}
	for i := range rs {
		r := &rs[i]
		if r.UpdatedAt.IsZero() {
			r.UpdatedAt = s.timeNow()
		}
		err := s.q.QueryRowContext(ctx, `INSERT INTO assessment_raters (plan_id, quarter, rater_id, relation, state, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, planID, quarter, r.RaterID, r.Relation, r.State, nullID(r.UpdatedBy), r.UpdatedAt.UTC()).Scan(&r.ID)
		if err != nil {
			return wrap(err, "replace raters")
		}
	}
	return nil
}

// DeleteBehaviourScore removes one assessor's scores of a plan's period.
func (s *Store) DeleteBehaviourScore(ctx context.Context, planID int64, period int, assessorID int64) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM behaviour_scores WHERE plan_id = $1 AND period = $2 AND assessor_id = $3`, planID, period, assessorID)
	return wrap(err, "delete behaviour score")
}

const objectionCols = `id, plan_id, quarter, reason, filed_by, filed_at, decision, decision_note, decided_by, decided_at, reassess_until`

func scanObjection(sc interface{ Scan(...any) error }) (domain.Objection, error) {
	var o domain.Objection
	var filed, decided sql.NullInt64
	var dAt, until sql.NullTime
	err := sc.Scan(&o.ID, &o.PlanID, &o.Quarter, &o.Reason, &filed, &o.FiledAt, &o.Decision, &o.DecisionNote, &decided, &dAt, &until)
	o.FiledBy, o.DecidedBy = filed.Int64, decided.Int64
	if dAt.Valid {
		t := dAt.Time
		o.DecidedAt = &t
	}
	if until.Valid {
		t := until.Time
		o.ReassessUntil = &t
	}
	return o, err
}

// ListObjections returns the objections of a plan's quarter, oldest first.
func (s *Store) ListObjections(ctx context.Context, planID int64, quarter int) ([]domain.Objection, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+objectionCols+` FROM assessment_objections WHERE plan_id = $1 AND quarter = $2 ORDER BY id`, planID, quarter)
	if err != nil {
		return nil, wrap(err, "list objections")
	}
	defer rows.Close()
	var out []domain.Objection
	for rows.Next() {
		o, err := scanObjection(rows)
		if err != nil {
			return nil, wrap(err, "list objections")
		}
		out = append(out, o)
	}
	return out, wrap(rows.Err(), "list objections")
}

// GetObjection returns one objection.
func (s *Store) GetObjection(ctx context.Context, id int64) (domain.Objection, error) {
	o, err := scanObjection(s.q.QueryRowContext(ctx, `SELECT `+objectionCols+` FROM assessment_objections WHERE id = $1`, id))
	return o, wrap(err, "get objection %d", id)
}

// CreateObjection records an objection.
func (s *Store) CreateObjection(ctx context.Context, o *domain.Objection) error {
	err := s.q.QueryRowContext(ctx, `INSERT INTO assessment_objections (plan_id, quarter, reason, filed_by, filed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		o.PlanID, o.Quarter, o.Reason, nullID(o.FiledBy), o.FiledAt.UTC()).Scan(&o.ID)
	return wrap(err, "create objection")
}

// DecideObjection records the decision of an objection.
func (s *Store) DecideObjection(ctx context.Context, o *domain.Objection) error {
	var at, until any
	if o.DecidedAt != nil {
		at = o.DecidedAt.UTC()
	}
	if o.ReassessUntil != nil {
		until = o.ReassessUntil.UTC()
	}
	_, err := s.q.ExecContext(ctx, `UPDATE assessment_objections SET decision = $2, decision_note = $3, decided_by = $4, decided_at = $5, reassess_until = $6 WHERE id = $1`,
		o.ID, o.Decision, o.DecisionNote, nullID(o.DecidedBy), at, until)
	return wrap(err, "decide objection")
}

// ListExpectations returns the expectations of a plan.
func (s *Store) ListExpectations(ctx context.Context, planID int64) ([]domain.Expectation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id, aspect, line_id, body, updated_by, updated_at FROM expectations WHERE plan_id = $1 ORDER BY id`, planID)
	if err != nil {
		return nil, wrap(err, "list expectations")
	}
	defer rows.Close()
	var out []domain.Expectation
	for rows.Next() {
		var e domain.Expectation
		var by sql.NullInt64
		if err := rows.Scan(&e.ID, &e.PlanID, &e.Aspect, &e.LineID, &e.Body, &by, &e.UpdatedAt); err != nil {
			return nil, wrap(err, "list expectations")
		}
		e.UpdatedBy = by.Int64
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "list expectations")
}

// SaveExpectation inserts or replaces an expectation; an empty body removes it.
func (s *Store) SaveExpectation(ctx context.Context, e *domain.Expectation) error {
	if e.Body == "" {
		_, err := s.q.ExecContext(ctx, `DELETE FROM expectations WHERE plan_id = $1 AND aspect = $2 AND line_id = $3`, e.PlanID, e.Aspect, e.LineID)
		return wrap(err, "delete expectation")
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO expectations (plan_id, aspect, line_id, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (plan_id, aspect, line_id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
		RETURNING id`, e.PlanID, e.Aspect, e.LineID, e.Body, nullID(e.UpdatedBy), e.UpdatedAt.UTC()).Scan(&e.ID)
	return wrap(err, "save expectation")
}

// ListFeedback returns the feedback notes of a plan, oldest first.
func (s *Store) ListFeedback(ctx context.Context, planID int64) ([]domain.FeedbackNote, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id, quarter, line_id, aspect, author_id, body, created_at FROM feedback_notes
		WHERE plan_id = $1 ORDER BY created_at, id`, planID)
	if err != nil {
		return nil, wrap(err, "list feedback")
	}
	defer rows.Close()
	var out []domain.FeedbackNote
	for rows.Next() {
		var n domain.FeedbackNote
		if err := rows.Scan(&n.ID, &n.PlanID, &n.Quarter, &n.LineID, &n.Aspect, &n.AuthorID, &n.Body, &n.CreatedAt); err != nil {
			return nil, wrap(err, "list feedback")
		}
		out = append(out, n)
	}
	return out, wrap(rows.Err(), "list feedback")
}

// CreateFeedback records a feedback note.
func (s *Store) CreateFeedback(ctx context.Context, n *domain.FeedbackNote) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO feedback_notes (plan_id, quarter, line_id, aspect, author_id, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, n.PlanID, n.Quarter, n.LineID, n.Aspect, n.AuthorID, n.Body, n.CreatedAt.UTC()).Scan(&n.ID)
	return wrap(err, "create feedback")
}

// ListTPKMembers returns the TPK members of an office's year.
func (s *Store) ListTPKMembers(ctx context.Context, officeID int64, year int) ([]domain.TPKMember, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, office_id, year, employee_id, chair FROM tpk_members WHERE office_id = $1 AND year = $2 ORDER BY chair DESC, id`, officeID, year)
	if err != nil {
		return nil, wrap(err, "list tpk members")
	}
	defer rows.Close()
	var out []domain.TPKMember
	for rows.Next() {
		var m domain.TPKMember
		if err := rows.Scan(&m.ID, &m.OfficeID, &m.Year, &m.EmployeeID, &m.Chair); err != nil {
			return nil, wrap(err, "list tpk members")
		}
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "list tpk members")
}

// ReplaceTPKMembers sets the TPK members of an office's year.
func (s *Store) ReplaceTPKMembers(ctx context.Context, officeID int64, year int, ms []domain.TPKMember) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM tpk_members WHERE office_id = $1 AND year = $2`, officeID, year); err != nil {
		return wrap(err, "replace tpk members")
	}
	for i := range ms {
		m := &ms[i]
		m.OfficeID, m.Year = officeID, year
		if err := s.q.QueryRowContext(ctx, `INSERT INTO tpk_members (office_id, year, employee_id, chair) VALUES ($1, $2, $3, $4) RETURNING id`,
			officeID, year, m.EmployeeID, m.Chair).Scan(&m.ID); err != nil {
			return wrap(err, "replace tpk members")
		}
	}
	return nil
}

// ListPenalties returns the discipline penalties of employees starting in
// the given years or before (a penalty may run into the next year).
func (s *Store) ListPenalties(ctx context.Context, upToYear int, employeeIDs ...int64) ([]domain.DisciplinePenalty, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	args := []any{upToYear}
	ph := make([]string, len(employeeIDs))
	for i, id := range employeeIDs {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, employee_id, year, start_quarter, category, mpjhd, value, quarters, reason, created_by, created_at
		FROM discipline_penalties WHERE year <= $1 AND employee_id IN (`+strings.Join(ph, ", ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, wrap(err, "list penalties")
	}
	defer rows.Close()
	var out []domain.DisciplinePenalty
	for rows.Next() {
		var p domain.DisciplinePenalty
		var by sql.NullInt64
		if err := rows.Scan(&p.ID, &p.EmployeeID, &p.Year, &p.StartQuarter, &p.Category, &p.MPJHD, &p.Value, &p.Quarters, &p.Reason, &by, &p.CreatedAt); err != nil {
			return nil, wrap(err, "list penalties")
		}
		p.CreatedBy = by.Int64
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list penalties")
}

// CreatePenalty records a discipline penalty.
func (s *Store) CreatePenalty(ctx context.Context, p *domain.DisciplinePenalty) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO discipline_penalties (employee_id, year, start_quarter, category, mpjhd, value, quarters, reason, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, p.EmployeeID, p.Year, p.StartQuarter, p.Category, p.MPJHD, p.Value, p.Quarters,
		p.Reason, nullID(p.CreatedBy), p.CreatedAt.UTC()).Scan(&p.ID)
	return wrap(err, "create penalty")
}

// LatestDecree returns the newest NKP decree of an office's quarter, or ErrNotFound.
func (s *Store) LatestDecree(ctx context.Context, officeID int64, year, quarter int) (domain.Decree, error) {
	var d domain.Decree
	var js string
	var by sql.NullInt64
	err := s.q.QueryRowContext(ctx, `SELECT id, office_id, year, quarter, version, number, items_json, set_by, set_at FROM score_decrees
		WHERE office_id = $1 AND year = $2 AND quarter = $3 ORDER BY version DESC LIMIT 1`, officeID, year, quarter).
		Scan(&d.ID, &d.OfficeID, &d.Year, &d.Quarter, &d.Version, &d.Number, &js, &by, &d.SetAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, domain.ErrNotFound
	}
	if err != nil {
		return d, wrap(err, "get decree")
	}
	d.SetBy = by.Int64
	if err := json.Unmarshal([]byte(js), &d.Items); err != nil {
		return d, fmt.Errorf("store: decree %d: %w", d.ID, err)
	}
	return d, nil
}

// CreateDecree records a new version of an office's quarter decree.
func (s *Store) CreateDecree(ctx context.Context, d *domain.Decree) error {
	js, err := json.Marshal(d.Items)
	if err != nil {
		return wrap(err, "decree")
	}
	if d.SetAt.IsZero() {
		d.SetAt = s.timeNow()
	}
	err = s.q.QueryRowContext(ctx, `INSERT INTO score_decrees (office_id, year, quarter, version, number, items_json, set_by, set_at)
		VALUES ($1, $2, $3, (SELECT COALESCE(MAX(version), 0) + 1 FROM score_decrees WHERE office_id = $1 AND year = $2 AND quarter = $3), $4, $5, $6, $7)
		RETURNING id, version`, d.OfficeID, d.Year, d.Quarter, d.Number, string(js), nullID(d.SetBy), d.SetAt.UTC()).Scan(&d.ID, &d.Version)
	return wrap(err, "create decree")
}

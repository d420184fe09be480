package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kinerja/kinerja/internal/domain"
)

// GetPlanAttachment returns a plan's Lampiran; a plan without one gets an
// empty one.
func (s *Store) GetPlanAttachment(ctx context.Context, planID int64) (domain.PlanAttachment, error) {
	a := domain.PlanAttachment{PlanID: planID}
	var by sql.NullInt64
	err := s.q.QueryRowContext(ctx, `SELECT resources, accountability, consequences, updated_by, updated_at FROM plan_attachments WHERE plan_id = $1`,
		planID).Scan(&a.Resources, &a.Accountability, &a.Consequences, &by, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	a.UpdatedBy = by.Int64
	return a, wrap(err, "get plan attachment %d", planID)
}

// SavePlanAttachment inserts or replaces a plan's Lampiran.
func (s *Store) SavePlanAttachment(ctx context.Context, a *domain.PlanAttachment) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.timeNow()
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO plan_attachments (plan_id, resources, accountability, consequences, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id) DO UPDATE SET resources = excluded.resources,
		accountability = excluded.accountability, consequences = excluded.consequences, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`, a.PlanID, a.Resources, a.Accountability, a.Consequences, nullID(a.UpdatedBy), a.UpdatedAt.UTC())
	return wrap(err, "save plan attachment %d", a.PlanID)
}

// ListAdditionalTasks returns a plan's additional tasks, oldest first.
func (s *Store) ListAdditionalTasks(ctx context.Context, planID int64) ([]domain.AdditionalTask, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id, description, created_by, created_at FROM additional_tasks
		WHERE plan_id = $1 ORDER BY id`, planID)
	if err != nil {
		return nil, wrap(err, "list additional tasks")
	}
	defer rows.Close()
	var out []domain.AdditionalTask
	for rows.Next() {
		var t domain.AdditionalTask
		var by sql.NullInt64
		if err := rows.Scan(&t.ID, &t.PlanID, &t.Description, &by, &t.CreatedAt); err != nil {
			return nil, wrap(err, "list additional tasks")
		}
		t.CreatedBy = by.Int64
		out = append(out, t)
	}
	return out, wrap(rows.Err(), "list additional tasks")
}

// CreateAdditionalTask records an additional task.
func (s *Store) CreateAdditionalTask(ctx context.Context, t *domain.AdditionalTask) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO additional_tasks (plan_id, description, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.PlanID, t.Description, nullID(t.CreatedBy), t.CreatedAt.UTC()).Scan(&t.ID)
	return wrap(err, "create additional task")
}

// DeleteAdditionalTask removes an additional task of a plan.
func (s *Store) DeleteAdditionalTask(ctx context.Context, planID, id int64) error {
	res, err := s.q.ExecContext(ctx, `DELETE FROM additional_tasks WHERE id = $1 AND plan_id = $2`, id, planID)
	if err != nil {
		return wrap(err, "delete additional task %d", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

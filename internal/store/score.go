package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/internal/domain"
)

// ListBehaviourScores returns the behaviour assessments of a plan (period -1: all periods).
func (s *Store) ListBehaviourScores(ctx context.Context, planID int64, period int) ([]domain.BehaviourScore, error) {
	q := `plan_id = $1`
	args := []any{planID}
	if period >= 0 {
		q += ` AND period = $2`
		args = append(args, period)
	}
	return s.listBehaviourScores(ctx, q, args...)
}

// ListBehaviourScoresOf returns the behaviour scores of many plans in a
// period, in one query (ordered by plan, then id).
func (s *Store) ListBehaviourScoresOf(ctx context.Context, period int, planIDs ...int64) ([]domain.BehaviourScore, error) {
	if len(planIDs) == 0 {
		return nil, nil
	}
	args := []any{period}
	for _, id := range planIDs {
		args = append(args, id)
	}
	return s.listBehaviourScores(ctx, `period = $1 AND plan_id IN (`+placeholders(2, len(planIDs))+`)`, args...)
}

func (s *Store) listBehaviourScores(ctx context.Context, where string, args ...any) ([]domain.BehaviourScore, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id, period, assessor_id, relation, scores_json, updated_at FROM behaviour_scores
		WHERE `+where+` ORDER BY plan_id, period, id`, args...)
	if err != nil {
		return nil, wrap(err, "list behaviour scores")
	}
	defer rows.Close()
	var out []domain.BehaviourScore
	for rows.Next() {
		var b domain.BehaviourScore
		var js string
		if err := rows.Scan(&b.ID, &b.PlanID, &b.Period, &b.AssessorID, &b.Relation, &js, &b.UpdatedAt); err != nil {
			return nil, wrap(err, "list behaviour scores")
		}
		if err := json.Unmarshal([]byte(js), &b.Scores); err != nil {
			return nil, fmt.Errorf("store: behaviour score %d: %w", b.ID, err)
		}
		out = append(out, b)
	}
	return out, wrap(rows.Err(), "list behaviour scores")
}

// SaveBehaviourScore inserts or replaces an assessor's scores.
func (s *Store) SaveBehaviourScore(ctx context.Context, b *domain.BehaviourScore) error {
	js, err := json.Marshal(b.Scores)
	if err != nil {
		return wrap(err, "behaviour score")
	}
	if b.UpdatedAt.IsZero() {
		b.UpdatedAt = s.timeNow()
	}
	err = s.q.QueryRowContext(ctx, `INSERT INTO behaviour_scores (plan_id, period, assessor_id, relation, scores_json, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (plan_id, period, assessor_id) DO UPDATE SET relation = excluded.relation, scores_json = excluded.scores_json, updated_at = excluded.updated_at
		RETURNING id`, b.PlanID, b.Period, b.AssessorID, b.Relation, string(js), b.UpdatedAt.UTC()).Scan(&b.ID)
	return wrap(err, "save behaviour score")
}

// GetScoreAdjustment returns the adjustment of a plan for a period (zero value when none).
func (s *Store) GetScoreAdjustment(ctx context.Context, planID int64, period int) (domain.ScoreAdjustment, error) {
	var a domain.ScoreAdjustment
	var by sql.NullInt64
	err := s.q.QueryRowContext(ctx, `SELECT id, plan_id, period, discipline, impact, correction, reason, evidence, updated_at, updated_by FROM score_adjustments
		WHERE plan_id = $1 AND period = $2`, planID, period).Scan(&a.ID, &a.PlanID, &a.Period, &a.Discipline, &a.Impact, &a.Correction, &a.Reason, &a.Evidence, &a.UpdatedAt, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ScoreAdjustment{PlanID: planID, Period: period}, nil
	}
	a.UpdatedBy = by.Int64
	return a, wrap(err, "get score adjustment")
}

// SaveScoreAdjustment inserts or updates an adjustment.
func (s *Store) SaveScoreAdjustment(ctx context.Context, a *domain.ScoreAdjustment) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO score_adjustments (plan_id, period, discipline, impact, correction, reason, evidence, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (plan_id, period) DO UPDATE SET discipline = excluded.discipline, impact = excluded.impact, correction = excluded.correction,
		reason = excluded.reason, evidence = excluded.evidence, updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id`,
		a.PlanID, a.Period, a.Discipline, a.Impact, a.Correction, a.Reason, a.Evidence, a.UpdatedAt.UTC(), nullID(a.UpdatedBy)).Scan(&a.ID)
	return wrap(err, "save score adjustment")
}

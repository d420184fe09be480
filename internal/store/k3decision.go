package store

import (
	"context"
	"database/sql"

	"github.com/kinerja/kinerja/internal/domain"
)

const k3DecisionCols = `id, indicator_id, line_id, plan_id, decision, quality_weight, target_weight, k3, note, decided_by, decided_at, revision`

// K3DecisionsOfPlans returns the K3 decisions on the lines of plans, keyed
// by the indicator (version of a line) decided on.
func (s *Store) K3DecisionsOfPlans(ctx context.Context, planIDs ...int64) (map[int64]domain.K3Decision, error) {
	out := map[int64]domain.K3Decision{}
	if len(planIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(planIDs))
	for i, id := range planIDs {
		args[i] = id
	}
	err := s.queryK3Decisions(ctx, `plan_id IN (`+placeholders(1, len(args))+`)`, args, func(d domain.K3Decision) { out[d.IndicatorID] = d })
	return out, err
}

// K3DecisionsOfOffice returns the K3 decisions on the lines of an office's
// plans of a year, keyed by the indicator decided on.
func (s *Store) K3DecisionsOfOffice(ctx context.Context, yearID, officeID int64) (map[int64]domain.K3Decision, error) {
	out := map[int64]domain.K3Decision{}
	err := s.queryK3Decisions(ctx, `plan_id IN (SELECT id FROM plans WHERE year_id = $1 AND office_id = $2)`, []any{yearID, officeID},
		func(d domain.K3Decision) { out[d.IndicatorID] = d })
	return out, err
}

func (s *Store) queryK3Decisions(ctx context.Context, where string, args []any, each func(domain.K3Decision)) error {
	rows, err := s.q.QueryContext(ctx, `SELECT `+k3DecisionCols+` FROM k3_decisions WHERE `+where, args...)
	if err != nil {
		return wrap(err, "list K3 decisions")
	}
	defer rows.Close()
	for rows.Next() {
		var d domain.K3Decision
		var q, t, k sql.NullFloat64
		var by sql.NullInt64
		if err := rows.Scan(&d.ID, &d.IndicatorID, &d.LineID, &d.PlanID, &d.Decision, &q, &t, &k, &d.Note, &by, &d.DecidedAt, &d.Revision); err != nil {
			return wrap(err, "list K3 decisions")
		}
		d.QualityWeight, d.TargetWeight, d.K3, d.DecidedBy = optOut(q), optOut(t), optOut(k), by.Int64
		each(d)
	}
	return wrap(rows.Err(), "list K3 decisions")
}

// SaveK3Decision records the decision on a version of a line, replacing an
// earlier one on the same version (its revision goes up by one).
func (s *Store) SaveK3Decision(ctx context.Context, d *domain.K3Decision) error {
	d.DecidedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `INSERT INTO k3_decisions (indicator_id, line_id, plan_id, decision, quality_weight, target_weight, k3, note, decided_by, decided_at, revision)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
		ON CONFLICT (indicator_id) DO UPDATE SET decision = excluded.decision, quality_weight = excluded.quality_weight,
			target_weight = excluded.target_weight, k3 = excluded.k3, note = excluded.note, decided_by = excluded.decided_by,
			decided_at = excluded.decided_at, revision = k3_decisions.revision + 1
		RETURNING id, revision`,
		d.IndicatorID, d.LineID, d.PlanID, d.Decision, optIn(d.QualityWeight), optIn(d.TargetWeight), optIn(d.K3), d.Note,
		nullID(d.DecidedBy), d.DecidedAt).Scan(&d.ID, &d.Revision)
	if err != nil {
		return wrap(err, "save K3 decision of indicator %d", d.IndicatorID)
	}
	// A decided K3 weighs in every NHK of the office's cached scores.
	return s.bumpFigures(ctx, officeOfPlan, d.PlanID)
}

package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kinerja/kinerja/internal/domain"
)

// GetStrategyMap returns the map of an office for a year, with its
// perspectives, objectives and links.
func (s *Store) GetStrategyMap(ctx context.Context, yearID, unitID int64) (domain.StrategyMap, error) {
	var m domain.StrategyMap
	err := s.q.QueryRowContext(ctx, `SELECT id, year_id, unit_id, created_at, updated_at, revision FROM strategy_maps WHERE year_id = $1 AND unit_id = $2`,
		yearID, unitID).Scan(&m.ID, &m.YearID, &m.UnitID, &m.CreatedAt, &m.UpdatedAt, &m.Revision)
	if err != nil {
		return m, wrap(err, "get strategy map")
	}
	return m, s.loadMap(ctx, &m)
}

// GetStrategyMapByID returns a map by its ID.
func (s *Store) GetStrategyMapByID(ctx context.Context, id int64) (domain.StrategyMap, error) {
	var m domain.StrategyMap
	err := s.q.QueryRowContext(ctx, `SELECT id, year_id, unit_id, created_at, updated_at, revision FROM strategy_maps WHERE id = $1`, id).
		Scan(&m.ID, &m.YearID, &m.UnitID, &m.CreatedAt, &m.UpdatedAt, &m.Revision)
	if err != nil {
		return m, wrap(err, "get strategy map %d", id)
	}
	return m, s.loadMap(ctx, &m)
}

func (s *Store) loadMap(ctx context.Context, m *domain.StrategyMap) error {
	rows, err := s.q.QueryContext(ctx, `SELECT id, map_id, kind, name, weight, seq FROM perspectives WHERE map_id = $1 ORDER BY seq, id`, m.ID)
	if err != nil {
		return wrap(err, "perspectives of map %d", m.ID)
	}
	for rows.Next() {
		var p domain.Perspective
		if err := rows.Scan(&p.ID, &p.MapID, &p.Kind, &p.Name, &p.Weight, &p.Seq); err != nil {
			rows.Close()
			return wrap(err, "perspectives of map %d", m.ID)
		}
		m.Perspectives = append(m.Perspectives, p)
	}
	rows.Close()
	rows, err = s.q.QueryContext(ctx, `SELECT id, map_id, perspective_id, code, name, description, seq FROM objectives WHERE map_id = $1 ORDER BY seq, id`, m.ID)
	if err != nil {
		return wrap(err, "objectives of map %d", m.ID)
	}
	for rows.Next() {
		var o domain.Objective
		if err := rows.Scan(&o.ID, &o.MapID, &o.PerspectiveID, &o.Code, &o.Name, &o.Description, &o.Seq); err != nil {
			rows.Close()
			return wrap(err, "objectives of map %d", m.ID)
		}
		m.Objectives = append(m.Objectives, o)
	}
	rows.Close()
	rows, err = s.q.QueryContext(ctx, `SELECT l.from_id, l.to_id FROM objective_links l JOIN objectives o ON o.id = l.from_id WHERE o.map_id = $1 ORDER BY l.from_id, l.to_id`, m.ID)
	if err != nil {
		return wrap(err, "links of map %d", m.ID)
	}
	defer rows.Close()
	for rows.Next() {
		var l domain.ObjectiveLink
		if err := rows.Scan(&l.FromID, &l.ToID); err != nil {
			return wrap(err, "links of map %d", m.ID)
		}
		m.Links = append(m.Links, l)
	}
	return wrap(rows.Err(), "links of map %d", m.ID)
}

// CreateStrategyMap inserts an empty map with its perspectives.
func (s *Store) CreateStrategyMap(ctx context.Context, m *domain.StrategyMap) error {
	now := s.timeNow().UTC()
	m.CreatedAt, m.UpdatedAt = now, now
	err := s.q.QueryRowContext(ctx, `INSERT INTO strategy_maps (year_id, unit_id, created_at, updated_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.YearID, m.UnitID, now, now).Scan(&m.ID)
	if err != nil {
		return wrap(err, "create strategy map")
	}
	for i := range m.Perspectives {
		p := &m.Perspectives[i]
		p.MapID = m.ID
		if err := s.q.QueryRowContext(ctx, `INSERT INTO perspectives (map_id, kind, name, weight, seq) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.MapID, p.Kind, p.Name, p.Weight, p.Seq).Scan(&p.ID); err != nil {
			return wrap(err, "create perspective %s", p.Kind)
		}
	}
	return nil
}

// TouchStrategyMap records a change to a map, whose weights and objectives
// shape the office score.
// It bumps the map's revision from revision (-1: whatever it is); a map
// changed meanwhile is a conflict.
func (s *Store) TouchStrategyMap(ctx context.Context, id int64, revision int) error {
	res, err := s.q.ExecContext(ctx, `UPDATE strategy_maps SET updated_at = $1, revision = revision + 1 WHERE id = $2 AND ($3 < 0 OR revision = $3)`,
		s.timeNow().UTC(), id, revision)
	if err != nil {
		return wrap(err, "touch strategy map %d", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("strategy.changed_meanwhile")
	}
	return s.bumpFigures(ctx, `SELECT unit_id AS office_id FROM strategy_maps WHERE id = $1`, id)
}

// SavePerspective inserts or updates a perspective.
func (s *Store) SavePerspective(ctx context.Context, p *domain.Perspective) error {
	if p.ID == 0 {
		err := s.q.QueryRowContext(ctx, `INSERT INTO perspectives (map_id, kind, name, weight, seq) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.MapID, p.Kind, p.Name, p.Weight, p.Seq).Scan(&p.ID)
		return wrap(err, "create perspective %s", p.Kind)
	}
	_, err := s.q.ExecContext(ctx, `UPDATE perspectives SET name = $1, weight = $2, seq = $3 WHERE id = $4`, p.Name, p.Weight, p.Seq, p.ID)
	return wrap(err, "update perspective %d", p.ID)
}

// DeletePerspective removes a perspective without objectives.
func (s *Store) DeletePerspective(ctx context.Context, id int64) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM perspectives WHERE id = $1`, id)
	return wrap(err, "delete perspective %d", id)
}

// SaveObjective inserts or updates an objective.
func (s *Store) SaveObjective(ctx context.Context, o *domain.Objective) error {
	if o.ID == 0 {
		err := s.q.QueryRowContext(ctx, `INSERT INTO objectives (map_id, perspective_id, code, name, description, seq) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			o.MapID, o.PerspectiveID, o.Code, o.Name, o.Description, o.Seq).Scan(&o.ID)
		return wrap(err, "create objective %q", o.Code)
	}
	_, err := s.q.ExecContext(ctx, `UPDATE objectives SET perspective_id = $1, code = $2, name = $3, description = $4, seq = $5 WHERE id = $6`,
		o.PerspectiveID, o.Code, o.Name, o.Description, o.Seq, o.ID)
	return wrap(err, "update objective %d", o.ID)
}

// DeleteObjective removes an objective and its links.
func (s *Store) DeleteObjective(ctx context.Context, id int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM objective_links WHERE from_id = $1 OR to_id = $1`, id); err != nil {
		return wrap(err, "delete links of objective %d", id)
	}
	_, err := s.q.ExecContext(ctx, `DELETE FROM objectives WHERE id = $1`, id)
	return wrap(err, "delete objective %d", id)
}

// SetObjectiveLinks replaces the objectives an objective supports.
func (s *Store) SetObjectiveLinks(ctx context.Context, fromID int64, toIDs []int64) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM objective_links WHERE from_id = $1`, fromID); err != nil {
		return wrap(err, "clear links of objective %d", fromID)
	}
	for _, to := range toIDs {
		if _, err := s.q.ExecContext(ctx, `INSERT INTO objective_links (from_id, to_id) VALUES ($1, $2)`, fromID, to); err != nil {
			return wrap(err, "link objective %d to %d", fromID, to)
		}
	}
	return nil
}

// ObjectiveInUse reports whether any indicator or initiative refers to the objective.
func (s *Store) ObjectiveInUse(ctx context.Context, id int64) (bool, error) {
	var one int
	err := s.q.QueryRowContext(ctx, `SELECT 1 FROM indicators WHERE objective_id = $1 UNION ALL SELECT 1 FROM initiatives WHERE objective_id = $1 LIMIT 1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, wrap(err, "objective %d in use", id)
}

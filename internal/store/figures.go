package store

import (
	"context"
	"strconv"
	"strings"
)

// Figures counters: every write that can change an office's figures (a
// realisation, a sheet's state, a plan version's state, an indicator, the
// strategy map) bumps the counter of that office in the same transaction,
// and a change to a year's rules bumps the counter of every office. Scores
// computed from the data are cached with the counters they were computed
// at and recomputed when a counter has moved, so a cache can never show a
// figure older than the data, on any number of servers.
const (
	figuresKey    = "figures:"    // + office ID
	figuresAllKey = "figures:all" // every office
)

// bumpFigures bumps the counter of the office a row belongs to; officeSQL
// selects that office's ID from one parameter.
func (s *Store) bumpFigures(ctx context.Context, officeSQL string, arg int64) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO settings (key, value)
		SELECT '`+figuresKey+`' || CAST(office_id AS TEXT), '1' FROM (`+officeSQL+`) AS o WHERE office_id IS NOT NULL
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)`, arg)
	return wrap(err, "figures changed")
}

const (
	officeOfPlan    = `SELECT office_id FROM plans WHERE id = $1`
	officeOfSheet   = `SELECT p.office_id FROM sheets s JOIN plans p ON p.id = s.plan_id WHERE s.id = $1`
	officeOfVersion = `SELECT p.office_id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE v.id = $1`
)

// FiguresChanged marks the figures of an office changed (0: every office).
func (s *Store) FiguresChanged(ctx context.Context, officeID int64) error {
	if officeID == 0 {
		_, err := s.BumpCounter(ctx, figuresAllKey)
		return err
	}
	_, err := s.BumpCounter(ctx, figuresKey+strconv.FormatInt(officeID, 10))
	return err
}

// FiguresCounters returns the figures counter of every office that has one
// and the counter of every office together (key 0).
func (s *Store) FiguresCounters(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT key, CAST(value AS BIGINT) FROM settings WHERE key LIKE $1`, figuresKey+"%")
	if err != nil {
		return nil, wrap(err, "figures counters")
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var key string
		var n int64
		if err := rows.Scan(&key, &n); err != nil {
			return nil, wrap(err, "figures counters")
		}
		if key == figuresAllKey {
			out[0] = n
		} else if id, err := strconv.ParseInt(strings.TrimPrefix(key, figuresKey), 10, 64); err == nil {
			out[id] = n
		}
	}
	return out, wrap(rows.Err(), "figures counters")
}

// Analyze refreshes the planner's statistics, after a bulk load: without
// them PostgreSQL plans a person's few rows as a scan of whole tables.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.q.ExecContext(ctx, `ANALYZE`)
	return wrap(err, "analyze")
}

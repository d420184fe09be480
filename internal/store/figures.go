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
//
// Office data counters work the same way for what the overviews read of an
// office as a whole: its plans and their versions, the sheets' states, the
// reports and their actions. Every write to those rows bumps the office's
// counter in its transaction (bulk loads bump the one of every office), and
// the service keeps that data across requests while the counter stays put.
// Lines and values are not part of it: saving a realisation or editing a
// line moves the figures counter only.
const (
	figuresKey       = "figures:"       // + office ID
	figuresAllKey    = "figures:all"    // every office
	officeDataKey    = "officedata:"    // + office ID
	officeDataAllKey = "officedata:all" // every office
)

// bumpFigures bumps the figures counter of the office a row belongs to;
// officeSQL selects that office's ID from one parameter.
func (s *Store) bumpFigures(ctx context.Context, officeSQL string, arg int64) error {
	return s.bumpCounters(ctx, `SELECT '`+figuresKey+`' AS k`, officeSQL, arg)
}

// bumpOfficeData bumps the office data counter of the office a row belongs to.
func (s *Store) bumpOfficeData(ctx context.Context, officeSQL string, arg int64) error {
	return s.bumpCounters(ctx, `SELECT '`+officeDataKey+`' AS k`, officeSQL, arg)
}

// bumpBoth bumps both counters of the office a row belongs to, in one statement.
func (s *Store) bumpBoth(ctx context.Context, officeSQL string, arg int64) error {
	return s.bumpCounters(ctx, `SELECT '`+figuresKey+`' AS k UNION ALL SELECT '`+officeDataKey+`'`, officeSQL, arg)
}

// bumpCounters bumps, for the office officeSQL selects, the counters whose
// key prefixes prefixSQL selects (as k).
func (s *Store) bumpCounters(ctx context.Context, prefixSQL, officeSQL string, arg int64) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO settings (key, value)
		SELECT k.k || CAST(o.office_id AS TEXT), '1' FROM (`+officeSQL+`) AS o, (`+prefixSQL+`) AS k WHERE o.office_id IS NOT NULL
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)`, arg)
	return wrap(err, "office changed")
}

const (
	officeOfPlan    = `SELECT office_id FROM plans WHERE id = $1`
	officeOfSheet   = `SELECT p.office_id FROM sheets s JOIN plans p ON p.id = s.plan_id WHERE s.id = $1`
	officeOfVersion = `SELECT p.office_id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE v.id = $1`
	officeOfReport  = `SELECT p.office_id FROM reports r JOIN plans p ON p.id = r.plan_id WHERE r.id = $1`
	officeOfAction  = `SELECT p.office_id FROM actions a JOIN reports r ON r.id = a.report_id JOIN plans p ON p.id = r.plan_id WHERE a.id = $1`
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

// OfficeDataChanged marks the data of an office changed (0: every office).
func (s *Store) OfficeDataChanged(ctx context.Context, officeID int64) error {
	key := officeDataAllKey
	if officeID != 0 {
		key = officeDataKey + strconv.FormatInt(officeID, 10)
	}
	_, err := s.BumpCounter(ctx, key)
	return err
}

// OfficeDataCounters returns the office data counter of an office and the
// one of every office (zero when unset).
func (s *Store) OfficeDataCounters(ctx context.Context, officeID int64) (office, all int64, err error) {
	key := officeDataKey + strconv.FormatInt(officeID, 10)
	rows, err := s.q.QueryContext(ctx, `SELECT key, CAST(value AS BIGINT) FROM settings WHERE key IN ($1, $2)`, key, officeDataAllKey)
	if err != nil {
		return 0, 0, wrap(err, "office data counters")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return 0, 0, wrap(err, "office data counters")
		}
		if k == key {
			office = n
		} else {
			all = n
		}
	}
	return office, all, wrap(rows.Err(), "office data counters")
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
// SQLite is left without: its ANALYZE (built with STAT4) stores samples of
// every index, and a prepared statement whose plan could depend on them is
// planned again each time a bound value changes, which made every query
// about two and a half times as slow. Installations never had statistics;
// only generated organisations did, so their benchmarks measured a slower
// database than offices use.
func (s *Store) Analyze(ctx context.Context) error {
	if s.engine == SQLite {
		return nil
	}
	_, err := s.q.ExecContext(ctx, `ANALYZE`)
	return wrap(err, "analyze")
}

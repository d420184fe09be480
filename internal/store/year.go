package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kinerja/kinerja/internal/domain"
)

// GetYear returns a performance year with its quarters.
func (s *Store) GetYear(ctx context.Context, year int) (domain.Year, error) {
	ys, err := s.queryYears(ctx, `WHERE y.year = $1`, year)
	if err == nil && len(ys) == 0 {
		err = domain.ErrNotFound
	}
	if err != nil {
		return domain.Year{}, wrap(err, "get year %d", year)
	}
	return ys[0], nil
}

// ListYears returns every year, newest first.
func (s *Store) ListYears(ctx context.Context) ([]domain.Year, error) {
	ys, err := s.queryYears(ctx, ``)
	return ys, wrap(err, "list years")
}

// queryYears reads years with their quarters in one query (a year's four
// rows of quarters carry the year's columns).
func (s *Store) queryYears(ctx context.Context, where string, args ...any) ([]domain.Year, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT y.id, y.year, y.rule_set, y.plan_due_date, y.created_at, q.id, q.quarter, q.deadline
		FROM years y LEFT JOIN quarters q ON q.year_id = y.id `+where+` ORDER BY y.year DESC, q.quarter`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Year
	for rows.Next() {
		var y domain.Year
		var qid, qn sql.NullInt64
		var deadline sql.NullTime
		if err := rows.Scan(&y.ID, &y.Year, &y.RuleSet, &y.PlanDueDate, &y.CreatedAt, &qid, &qn, &deadline); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != y.ID {
			out = append(out, y)
		}
		if q := int(qn.Int64); qid.Valid && q >= 1 && q <= 4 {
			out[len(out)-1].Quarters[q-1] = domain.Quarter{ID: qid.Int64, YearID: y.ID, Quarter: q, Deadline: deadline.Time}
		}
	}
	return out, rows.Err()
}

// YearsCounter is the counter every write to a year or its quarters bumps,
// so that every process reloads the years it keeps.
const YearsCounter = "years"

// CreateYear inserts a year and its four quarters.
func (s *Store) CreateYear(ctx context.Context, y *domain.Year) error {
	y.CreatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `INSERT INTO years (year, rule_set, plan_due_date, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		y.Year, y.RuleSet, domain.Day(y.PlanDueDate), y.CreatedAt).Scan(&y.ID)
	if err != nil {
		return wrap(err, "create year %d", y.Year)
	}
	for i := range y.Quarters {
		q := &y.Quarters[i]
		q.YearID, q.Quarter = y.ID, i+1
		err := s.q.QueryRowContext(ctx, `INSERT INTO quarters (year_id, quarter, deadline) VALUES ($1, $2, $3) RETURNING id`,
			y.ID, q.Quarter, domain.Day(q.Deadline)).Scan(&q.ID)
		if err != nil {
			return wrap(err, "create quarter %d of %d", q.Quarter, y.Year)
		}
	}
	_, err = s.BumpCounter(ctx, YearsCounter)
	return err
}

// UpdateYear saves the rule set and plan deadline of a year.
func (s *Store) UpdateYear(ctx context.Context, y *domain.Year) error {
	_, err := s.q.ExecContext(ctx, `UPDATE years SET rule_set = $1, plan_due_date = $2 WHERE id = $3`, y.RuleSet, domain.Day(y.PlanDueDate), y.ID)
	if err != nil {
		return wrap(err, "update year %d", y.Year)
	}
	_, err = s.BumpCounter(ctx, YearsCounter)
	return err
}

// UpdateQuarter saves a quarter's deadline.
func (s *Store) UpdateQuarter(ctx context.Context, q *domain.Quarter) error {
	_, err := s.q.ExecContext(ctx, `UPDATE quarters SET deadline = $1 WHERE id = $2`, domain.Day(q.Deadline), q.ID)
	if err != nil {
		return wrap(err, "update quarter %d", q.ID)
	}
	_, err = s.BumpCounter(ctx, YearsCounter)
	return err
}

const closureCols = `id, year_id, quarter, office_id, closed_at, closed_by, nko_json`

func scanClosure(sc interface{ Scan(...any) error }) (domain.QuarterClosure, error) {
	var c domain.QuarterClosure
	var nko sql.NullString
	if err := sc.Scan(&c.ID, &c.YearID, &c.Quarter, &c.OfficeID, &c.ClosedAt, &c.ClosedBy, &nko); err != nil {
		return c, err
	}
	if nko.Valid && nko.String != "" {
		c.NKO = &domain.FrozenNKO{}
		if err := json.Unmarshal([]byte(nko.String), c.NKO); err != nil {
			return c, fmt.Errorf("frozen NKO of closure %d: %w", c.ID, err)
		}
	}
	return c, nil
}

// closureNKO encodes a frozen NKO (NULL when there is none).
func closureNKO(f *domain.FrozenNKO) (any, error) {
	if f == nil {
		return nil, nil
	}
	b, err := json.Marshal(f)
	return string(b), err
}

// GetClosure returns an office's closure of a quarter.
func (s *Store) GetClosure(ctx context.Context, yearID int64, quarter int, officeID int64) (domain.QuarterClosure, error) {
	c, err := scanClosure(s.q.QueryRowContext(ctx, `SELECT `+closureCols+` FROM quarter_closures
		WHERE year_id = $1 AND quarter = $2 AND office_id = $3`, yearID, quarter, officeID))
	return c, wrap(err, "closure of Q%d", quarter)
}

// ListClosures returns the closures of an office for a year.
func (s *Store) ListClosures(ctx context.Context, yearID, officeID int64) ([]domain.QuarterClosure, error) {
	return s.listClosures(ctx, `WHERE year_id = $1 AND office_id = $2 ORDER BY quarter`, yearID, officeID)
}

// ClosedQuarters returns the quarters an office closed in a year, without
// reading and decoding the NKO frozen with each (what a sheet's page needs).
func (s *Store) ClosedQuarters(ctx context.Context, yearID, officeID int64) ([]int, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT quarter FROM quarter_closures WHERE year_id = $1 AND office_id = $2 ORDER BY quarter`, yearID, officeID)
	if err != nil {
		return nil, wrap(err, "closed quarters")
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var q int
		if err := rows.Scan(&q); err != nil {
			return nil, wrap(err, "closed quarters")
		}
		out = append(out, q)
	}
	return out, wrap(rows.Err(), "closed quarters")
}

// ListClosuresToFreeze returns the closures whose NKO is not frozen yet
// (closed before the head's PK sheet was verified, or before scores were
// frozen at closing).
func (s *Store) ListClosuresToFreeze(ctx context.Context) ([]domain.QuarterClosure, error) {
	return s.listClosures(ctx, `WHERE nko_json IS NULL ORDER BY year_id, office_id, quarter`)
}

func (s *Store) listClosures(ctx context.Context, where string, args ...any) ([]domain.QuarterClosure, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+closureCols+` FROM quarter_closures `+where, args...)
	if err != nil {
		return nil, wrap(err, "list closures")
	}
	defer rows.Close()
	var out []domain.QuarterClosure
	for rows.Next() {
		c, err := scanClosure(rows)
		if err != nil {
			return nil, wrap(err, "list closures")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list closures")
}

// CreateClosure records that an office closed a quarter.
func (s *Store) CreateClosure(ctx context.Context, c *domain.QuarterClosure) error {
	nko, err := closureNKO(c.NKO)
	if err != nil {
		return wrap(err, "close Q%d", c.Quarter)
	}
	err = s.q.QueryRowContext(ctx, `INSERT INTO quarter_closures (year_id, quarter, office_id, closed_at, closed_by, nko_json) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.YearID, c.Quarter, c.OfficeID, c.ClosedAt.UTC(), c.ClosedBy, nko).Scan(&c.ID)
	return wrap(err, "close Q%d", c.Quarter)
}

// SetClosureNKO stores the frozen NKO of a closed quarter and marks the
// office's figures changed.
func (s *Store) SetClosureNKO(ctx context.Context, c *domain.QuarterClosure) error {
	nko, err := closureNKO(c.NKO)
	if err != nil {
		return wrap(err, "freeze NKO of Q%d", c.Quarter)
	}
	if _, err := s.q.ExecContext(ctx, `UPDATE quarter_closures SET nko_json = $1 WHERE id = $2`, nko, c.ID); err != nil {
		return wrap(err, "freeze NKO of Q%d", c.Quarter)
	}
	return s.FiguresChanged(ctx, c.OfficeID)
}

// GetSetting returns a setting ("" when unset).
func (s *Store) GetSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, wrap(err, "get setting %q", key)
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return wrap(err, "set setting %q", key)
}

// ClaimSetting sets a setting to value unless it already holds it, and
// reports whether it changed it. Of several processes claiming the same
// value at once, exactly one gets true.
func (s *Store) ClaimSetting(ctx context.Context, key, value string) (bool, error) {
	res, err := s.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value`, key, value)
	if err != nil {
		return false, wrap(err, "claim setting %q", key)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap(err, "claim setting %q", key)
}

// BumpCounter increments an integer setting and returns the new value; it is
// how processes learn that cached data (the org chart) changed.
func (s *Store) BumpCounter(ctx context.Context, key string) (int64, error) {
	var n int64
	err := s.q.QueryRowContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT) RETURNING CAST(value AS BIGINT)`, key).Scan(&n)
	return n, wrap(err, "bump %q", key)
}

// Counters reads integer settings in one query (0 when unset), in the
// order of the keys.
func (s *Store) Counters(ctx context.Context, keys ...string) ([]int64, error) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := s.q.QueryContext(ctx, `SELECT key, CAST(value AS BIGINT) FROM settings WHERE key IN (`+placeholders(1, len(keys))+`)`, args...)
	if err != nil {
		return nil, wrap(err, "counters")
	}
	defer rows.Close()
	out := make([]int64, len(keys))
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, wrap(err, "counters")
		}
		if i := slices.Index(keys, k); i >= 0 {
			out[i] = n
		}
	}
	return out, wrap(rows.Err(), "counters")
}

// Counter reads an integer setting (0 when unset).
func (s *Store) Counter(ctx context.Context, key string) (int64, error) {
	var n int64
	err := s.q.QueryRowContext(ctx, `SELECT CAST(value AS BIGINT) FROM settings WHERE key = $1`, key).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, wrap(err, "counter %q", key)
}

package store

import (
	"context"

	"github.com/kinerja/kinerja/internal/domain"
)

// CreateRuleSet stores an installed rule set; an id or digest stored
// already is a domain.ErrConflict.
func (s *Store) CreateRuleSet(ctx context.Context, r *domain.InstalledRuleSet) error {
	if r.InstalledAt.IsZero() {
		r.InstalledAt = s.timeNow()
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO rule_sets (id, title, digest, source, installed_at, installed_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, r.Title, r.Digest, string(r.Source), r.InstalledAt.UTC(), nullID(r.InstalledBy))
	return wrap(err, "create rule set %s", r.ID)
}

const ruleSetCols = `id, title, digest, source, installed_at, COALESCE(installed_by, 0)`

func scanRuleSet(sc interface{ Scan(...any) error }) (domain.InstalledRuleSet, error) {
	var r domain.InstalledRuleSet
	var src string
	err := sc.Scan(&r.ID, &r.Title, &r.Digest, &src, &r.InstalledAt, &r.InstalledBy)
	r.Source = []byte(src)
	return r, err
}

// GetRuleSet returns an installed rule set; domain.ErrNotFound when none
// has the id.
func (s *Store) GetRuleSet(ctx context.Context, id string) (domain.InstalledRuleSet, error) {
	r, err := scanRuleSet(s.q.QueryRowContext(ctx, `SELECT `+ruleSetCols+` FROM rule_sets WHERE id = $1`, id))
	return r, wrap(err, "get rule set %s", id)
}

// ListRuleSets returns every installed rule set by id.
func (s *Store) ListRuleSets(ctx context.Context) ([]domain.InstalledRuleSet, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+ruleSetCols+` FROM rule_sets ORDER BY id`)
	if err != nil {
		return nil, wrap(err, "list rule sets")
	}
	defer rows.Close()
	var out []domain.InstalledRuleSet
	for rows.Next() {
		r, err := scanRuleSet(rows)
		if err != nil {
			return nil, wrap(err, "list rule sets")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list rule sets")
}

// YearOfficialFigures counts the official figures of a year: verified
// (frozen) lines of its plans, closed office quarters and NKP decrees.
func (s *Store) YearOfficialFigures(ctx context.Context, y domain.Year) (domain.OfficialFigures, error) {
	var o domain.OfficialFigures
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM realisations r JOIN sheets sh ON sh.id = r.sheet_id JOIN plans p ON p.id = sh.plan_id
			WHERE p.year_id = $1 AND r.frozen_json <> ''),
		(SELECT COUNT(*) FROM quarter_closures WHERE year_id = $1),
		(SELECT COUNT(*) FROM score_decrees WHERE year = $2)`, y.ID, y.Year).
		Scan(&o.VerifiedLines, &o.ClosedQuarters, &o.Decrees)
	return o, wrap(err, "official figures of year %d", y.Year)
}

package store

import (
	"context"

	"github.com/kinerja/kinerja/internal/domain"
)

// GetSignatory returns the recorded second party of an office's PK in a year.
func (s *Store) GetSignatory(ctx context.Context, yearID, officeID int64) (domain.Signatory, error) {
	g := domain.Signatory{YearID: yearID, OfficeID: officeID}
	err := s.q.QueryRowContext(ctx, `SELECT name, nip, position, updated_at FROM year_signatories WHERE year_id = $1 AND office_id = $2`,
		yearID, officeID).Scan(&g.Name, &g.NIP, &g.Position, &g.UpdatedAt)
	return g, wrap(err, "get signatory of office %d in year %d", officeID, yearID)
}

// SaveSignatory records (or replaces) the second party of an office's PK in a year.
func (s *Store) SaveSignatory(ctx context.Context, g *domain.Signatory) error {
	g.UpdatedAt = s.timeNow().UTC()
	_, err := s.q.ExecContext(ctx, `INSERT INTO year_signatories (year_id, office_id, name, nip, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (year_id, office_id) DO UPDATE SET name = excluded.name, nip = excluded.nip, position = excluded.position, updated_at = excluded.updated_at`,
		g.YearID, g.OfficeID, g.Name, g.NIP, g.Position, g.UpdatedAt)
	return wrap(err, "save signatory of office %d", g.OfficeID)
}

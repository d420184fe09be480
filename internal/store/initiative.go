package store

import (
	"context"
	"database/sql"

	"github.com/kinerja/kinerja/internal/domain"
)

const initiativeCols = `id, year_id, office_id, objective_id, line_id, code, name, description, owner_id, revision, created_at, updated_at`

func scanInitiative(sc scanner) (domain.Initiative, error) {
	var in domain.Initiative
	var obj, line sql.NullInt64
	err := sc.Scan(&in.ID, &in.YearID, &in.OfficeID, &obj, &line, &in.Code, &in.Name, &in.Description, &in.OwnerID,
		&in.Revision, &in.CreatedAt, &in.UpdatedAt)
	in.ObjectiveID, in.LineID = obj.Int64, line.Int64
	return in, err
}

// ListInitiatives returns an office's initiatives of a year by code, each
// with its milestones, progress and the progress's documents.
func (s *Store) ListInitiatives(ctx context.Context, yearID, officeID int64) ([]domain.Initiative, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+initiativeCols+` FROM initiatives WHERE year_id = $1 AND office_id = $2 ORDER BY code, id`,
		yearID, officeID)
	if err != nil {
		return nil, wrap(err, "list initiatives")
	}
	var out []domain.Initiative
	for rows.Next() {
		in, err := scanInitiative(rows)
		if err != nil {
			rows.Close()
			return nil, wrap(err, "list initiatives")
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list initiatives")
	}
	return out, s.loadInitiatives(ctx, out, `i.year_id = $1 AND i.office_id = $2`, yearID, officeID)
}

// GetInitiative returns one initiative with its milestones and progress.
func (s *Store) GetInitiative(ctx context.Context, id int64) (domain.Initiative, error) {
	in, err := scanInitiative(s.q.QueryRowContext(ctx, `SELECT `+initiativeCols+` FROM initiatives WHERE id = $1`, id))
	if err != nil {
		return in, wrap(err, "get initiative %d", id)
	}
	list := []domain.Initiative{in}
	err = s.loadInitiatives(ctx, list, `i.id = $1`, id)
	return list[0], err
}

// loadInitiatives fills the milestones, progress and documents of list,
// the initiatives that where (on initiatives i) selects, in three queries.
func (s *Store) loadInitiatives(ctx context.Context, list []domain.Initiative, where string, args ...any) error {
	if len(list) == 0 {
		return nil
	}
	at := map[int64]int{}
	for i, in := range list {
		at[in.ID] = i
	}
	rows, err := s.q.QueryContext(ctx, `SELECT m.id, m.initiative_id, m.seq, m.name, m.due_date, m.done_date FROM initiative_milestones m
		JOIN initiatives i ON i.id = m.initiative_id WHERE `+where+` ORDER BY m.initiative_id, m.seq, m.id`, args...)
	if err != nil {
		return wrap(err, "initiative milestones")
	}
	for rows.Next() {
		var m domain.Milestone
		var done sql.NullTime
		if err := rows.Scan(&m.ID, &m.InitiativeID, &m.Seq, &m.Name, &m.Due, &done); err != nil {
			rows.Close()
			return wrap(err, "initiative milestones")
		}
		m.Due, m.Done = domain.Day(m.Due), done.Time
		if done.Valid {
			m.Done = domain.Day(done.Time)
		}
		list[at[m.InitiativeID]].Milestones = append(list[at[m.InitiativeID]].Milestones, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap(err, "initiative milestones")
	}
	progress, err := s.initiativeProgress(ctx, where, args...)
	if err != nil {
		return err
	}
	for _, p := range progress {
		list[at[p.InitiativeID]].Progress = append(list[at[p.InitiativeID]].Progress, p)
	}
	return nil
}

// initiativeProgress returns the progress, by quarter, of the initiatives
// that where selects, with their documents.
func (s *Store) initiativeProgress(ctx context.Context, where string, args ...any) ([]domain.InitiativeProgress, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT p.id, p.initiative_id, p.quarter, p.percent, p.note, p.updated_at, p.updated_by FROM initiative_progress p
		JOIN initiatives i ON i.id = p.initiative_id WHERE `+where+` ORDER BY p.initiative_id, p.quarter`, args...)
	if err != nil {
		return nil, wrap(err, "initiative progress")
	}
	var out []domain.InitiativeProgress
	at := map[int64]int{}
	for rows.Next() {
		var p domain.InitiativeProgress
		var by sql.NullInt64
		if err := rows.Scan(&p.ID, &p.InitiativeID, &p.Quarter, &p.Percent, &p.Note, &p.UpdatedAt, &by); err != nil {
			rows.Close()
			return nil, wrap(err, "initiative progress")
		}
		p.UpdatedBy = by.Int64
		at[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, wrap(err, "initiative progress")
	}
	rows, err = s.q.QueryContext(ctx, `SELECT `+initiativeEvidenceCols+` FROM initiative_evidence e
		JOIN initiative_progress p ON p.id = e.progress_id JOIN initiatives i ON i.id = p.initiative_id WHERE `+where+` ORDER BY e.uploaded_at, e.id`, args...)
	if err != nil {
		return nil, wrap(err, "initiative evidence")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanInitiativeEvidence(rows)
		if err != nil {
			return nil, wrap(err, "initiative evidence")
		}
		out[at[e.ProgressID]].Evidence = append(out[at[e.ProgressID]].Evidence, e)
	}
	return out, wrap(rows.Err(), "initiative evidence")
}

// CreateInitiative inserts an initiative with its milestones.
func (s *Store) CreateInitiative(ctx context.Context, in *domain.Initiative) error {
	now := s.timeNow().UTC()
	in.CreatedAt, in.UpdatedAt, in.Revision = now, now, 0
	err := s.q.QueryRowContext(ctx, `INSERT INTO initiatives (year_id, office_id, objective_id, line_id, code, name, description, owner_id, revision, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10) RETURNING id`,
		in.YearID, in.OfficeID, nullID(in.ObjectiveID), nullID(in.LineID), in.Code, in.Name, in.Description, in.OwnerID, now, now).Scan(&in.ID)
	if err != nil {
		return wrap(err, "create initiative %q", in.Code)
	}
	return s.saveMilestones(ctx, in)
}

// UpdateInitiative stores an initiative's fields and milestones, bumping
// its revision from revision (-1: whatever it is); an initiative changed
// meanwhile is a conflict.
func (s *Store) UpdateInitiative(ctx context.Context, in *domain.Initiative, revision int) error {
	in.UpdatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `UPDATE initiatives SET objective_id = $1, line_id = $2, code = $3, name = $4, description = $5, owner_id = $6,
		updated_at = $7, revision = revision + 1 WHERE id = $8 AND ($9 < 0 OR revision = $9) RETURNING revision`,
		nullID(in.ObjectiveID), nullID(in.LineID), in.Code, in.Name, in.Description, in.OwnerID, in.UpdatedAt, in.ID, revision).Scan(&in.Revision)
	if err != nil {
		if err == sql.ErrNoRows {
			return domain.Conflict("initiative.changed_meanwhile")
		}
		return wrap(err, "update initiative %d", in.ID)
	}
	if _, err := s.q.ExecContext(ctx, `DELETE FROM initiative_milestones WHERE initiative_id = $1`, in.ID); err != nil {
		return wrap(err, "clear milestones of initiative %d", in.ID)
	}
	return s.saveMilestones(ctx, in)
}

func (s *Store) saveMilestones(ctx context.Context, in *domain.Initiative) error {
	for i := range in.Milestones {
		m := &in.Milestones[i]
		m.InitiativeID, m.Seq = in.ID, i+1
		err := s.q.QueryRowContext(ctx, `INSERT INTO initiative_milestones (initiative_id, seq, name, due_date, done_date) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			m.InitiativeID, m.Seq, m.Name, domain.Day(m.Due), nullDate(m.Done)).Scan(&m.ID)
		if err != nil {
			return wrap(err, "create milestone of initiative %d", in.ID)
		}
	}
	return nil
}

// TouchInitiative bumps an initiative's revision from revision (-1:
// whatever it is); an initiative changed meanwhile is a conflict.
func (s *Store) TouchInitiative(ctx context.Context, id int64, revision int) (int, error) {
	var rev int
	err := s.q.QueryRowContext(ctx, `UPDATE initiatives SET updated_at = $1, revision = revision + 1 WHERE id = $2 AND ($3 < 0 OR revision = $3) RETURNING revision`,
		s.timeNow().UTC(), id, revision).Scan(&rev)
	if err == sql.ErrNoRows {
		return 0, domain.Conflict("initiative.changed_meanwhile")
	}
	return rev, wrap(err, "touch initiative %d", id)
}

// DeleteInitiative removes an initiative with its milestones, progress and
// the records of its documents (their files go with the next sweep when no
// other record uses them), checked against revision (-1: not checked).
func (s *Store) DeleteInitiative(ctx context.Context, id int64, revision int) error {
	if _, err := s.TouchInitiative(ctx, id, revision); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM initiative_evidence WHERE progress_id IN (SELECT id FROM initiative_progress WHERE initiative_id = $1)`,
		`DELETE FROM initiative_progress WHERE initiative_id = $1`,
		`DELETE FROM initiative_milestones WHERE initiative_id = $1`,
		`DELETE FROM initiatives WHERE id = $1`,
	} {
		if _, err := s.q.ExecContext(ctx, q, id); err != nil {
			return wrap(err, "delete initiative %d", id)
		}
	}
	return nil
}

// SaveInitiativeProgress inserts or replaces the progress of a quarter and
// sets its ID.
func (s *Store) SaveInitiativeProgress(ctx context.Context, p *domain.InitiativeProgress) error {
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO initiative_progress (initiative_id, quarter, percent, note, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (initiative_id, quarter) DO UPDATE SET percent = excluded.percent, note = excluded.note, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by RETURNING id`,
		p.InitiativeID, p.Quarter, p.Percent, p.Note, p.UpdatedAt.UTC(), nullID(p.UpdatedBy)).Scan(&p.ID)
	return wrap(err, "save progress of initiative %d", p.InitiativeID)
}

const initiativeEvidenceCols = `e.id, e.progress_id, e.form, e.sha256, e.size, e.mime, e.filename, e.url, e.body, e.uploaded_at, e.uploaded_by`

func scanInitiativeEvidence(sc scanner) (domain.InitiativeEvidence, error) {
	var e domain.InitiativeEvidence
	var by sql.NullInt64
	err := sc.Scan(&e.ID, &e.ProgressID, &e.Form, &e.SHA256, &e.Size, &e.MIME, &e.Filename, &e.URL, &e.Body, &e.UploadedAt, &by)
	e.UploadedBy = by.Int64
	return e, err
}

// CreateInitiativeEvidence inserts a document of a quarter's progress.
func (s *Store) CreateInitiativeEvidence(ctx context.Context, e *domain.InitiativeEvidence) error {
	if e.UploadedAt.IsZero() {
		e.UploadedAt = s.timeNow()
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO initiative_evidence (id, progress_id, form, sha256, size, mime, filename, url, body, uploaded_at, uploaded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.ProgressID, e.Form, e.SHA256, e.Size, e.MIME, e.Filename, e.URL, e.Body, e.UploadedAt.UTC(), nullID(e.UploadedBy))
	return wrap(err, "create initiative evidence")
}

// GetInitiativeEvidence returns a document of an initiative's progress and
// the initiative it belongs to.
func (s *Store) GetInitiativeEvidence(ctx context.Context, id string) (domain.InitiativeEvidence, int64, error) {
	var initiativeID int64
	row := s.q.QueryRowContext(ctx, `SELECT `+initiativeEvidenceCols+`, p.initiative_id FROM initiative_evidence e
		JOIN initiative_progress p ON p.id = e.progress_id WHERE e.id = $1`, id)
	var e domain.InitiativeEvidence
	var by sql.NullInt64
	err := row.Scan(&e.ID, &e.ProgressID, &e.Form, &e.SHA256, &e.Size, &e.MIME, &e.Filename, &e.URL, &e.Body, &e.UploadedAt, &by, &initiativeID)
	e.UploadedBy = by.Int64
	return e, initiativeID, wrap(err, "get initiative evidence %s", id)
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const sheetCols = `id, plan_id, quarter, status, created_at, submitted_at, submitted_by, late, validated_at, validated_by,
	verified_at, verified_by, locked_at, returned_at, returned_by, return_stage, return_comment, revision, version_id`

func scanSheet(sc scanner) (domain.Sheet, error) {
	var s domain.Sheet
	var subAt, valAt, verAt, lockAt, retAt sql.NullTime
	var subBy, valBy, verBy, retBy, version sql.NullInt64
	err := sc.Scan(&s.ID, &s.PlanID, &s.Quarter, &s.Status, &s.CreatedAt, &subAt, &subBy, &s.Late, &valAt, &valBy,
		&verAt, &verBy, &lockAt, &retAt, &retBy, &s.ReturnStage, &s.ReturnComment, &s.Revision, &version)
	s.SubmittedAt, s.ValidatedAt, s.VerifiedAt, s.LockedAt, s.ReturnedAt = subAt.Time, valAt.Time, verAt.Time, lockAt.Time, retAt.Time
	s.SubmittedBy, s.ValidatedBy, s.VerifiedBy, s.ReturnedBy, s.VersionID = subBy.Int64, valBy.Int64, verBy.Int64, retBy.Int64, version.Int64
	return s, err
}

// GetSheet returns the realisation sheet of a plan for a quarter.
func (s *Store) GetSheet(ctx context.Context, planID int64, quarter int) (domain.Sheet, error) {
	sh, err := scanSheet(s.q.QueryRowContext(ctx, `SELECT `+sheetCols+` FROM sheets WHERE plan_id = $1 AND quarter = $2`, planID, quarter))
	return sh, wrap(err, "get sheet of plan %d Q%d", planID, quarter)
}

// GetSheetByID returns a sheet by its ID.
func (s *Store) GetSheetByID(ctx context.Context, id int64) (domain.Sheet, error) {
	sh, err := scanSheet(s.q.QueryRowContext(ctx, `SELECT `+sheetCols+` FROM sheets WHERE id = $1`, id))
	return sh, wrap(err, "get sheet %d", id)
}

// ListSheetsOfPlan returns the sheets of a plan by quarter.
func (s *Store) ListSheetsOfPlan(ctx context.Context, planID int64) ([]domain.Sheet, error) {
	return s.listSheets(ctx, `SELECT `+sheetCols+` FROM sheets WHERE plan_id = $1 ORDER BY quarter`, planID)
}

// ListWaitingSheetsOfOffice returns an office's sheets of a year that wait
// for validation or verification; with employees, only theirs.
func (s *Store) ListWaitingSheetsOfOffice(ctx context.Context, yearID, officeID int64, employees ...int64) ([]domain.Sheet, error) {
	of, args := officePlans(yearID, officeID, employees)
	return s.listSheets(ctx, `SELECT `+prefixCols("s.", sheetCols)+` FROM sheets s JOIN plans p ON p.id = s.plan_id
		WHERE `+of+` AND s.status IN ('submitted', 'validated') ORDER BY s.plan_id, s.quarter`, args...)
}

// ListSheetsOfOffice returns the sheets of every plan of an office for a year and quarter (0: all quarters).
func (s *Store) ListSheetsOfOffice(ctx context.Context, yearID, officeID int64, quarter int) ([]domain.Sheet, error) {
	q := `SELECT ` + prefixCols("s.", sheetCols) + ` FROM sheets s JOIN plans p ON p.id = s.plan_id WHERE p.year_id = $1 AND p.office_id = $2`
	args := []any{yearID, officeID}
	if quarter != 0 {
		q += ` AND s.quarter = $3`
		args = append(args, quarter)
	}
	return s.listSheets(ctx, q+` ORDER BY s.plan_id, s.quarter`, args...)
}

// ListSheetStatesOfOffice returns every sheet of an office for a year with
// only what overviews show: the state, when it was submitted, validated or
// returned and why, not who did each step (decoding the timestamps of a
// whole office costs more than reading them). With employees, only their sheets.
func (s *Store) ListSheetStatesOfOffice(ctx context.Context, yearID, officeID int64, employees ...int64) ([]domain.Sheet, error) {
	of, args := officePlans(yearID, officeID, employees)
	rows, err := s.q.QueryContext(ctx, `SELECT s.id, s.plan_id, s.quarter, s.status, s.late, s.submitted_at, s.validated_at, s.returned_at, s.return_comment
		FROM sheets s JOIN plans p ON p.id = s.plan_id WHERE `+of+` ORDER BY s.plan_id, s.quarter`, args...)
	if err != nil {
		return nil, wrap(err, "sheet states of office %d", officeID)
	}
	defer rows.Close()
	var out []domain.Sheet
	for rows.Next() {
		var sh domain.Sheet
		var sub, val, ret sql.NullTime
		if err := rows.Scan(&sh.ID, &sh.PlanID, &sh.Quarter, &sh.Status, &sh.Late, &sub, &val, &ret, &sh.ReturnComment); err != nil {
			return nil, wrap(err, "sheet states of office %d", officeID)
		}
		sh.SubmittedAt, sh.ValidatedAt, sh.ReturnedAt = sub.Time, val.Time, ret.Time
		out = append(out, sh)
	}
	return out, wrap(rows.Err(), "sheet states of office %d", officeID)
}

func (s *Store) listSheets(ctx context.Context, q string, args ...any) ([]domain.Sheet, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list sheets")
	}
	defer rows.Close()
	var out []domain.Sheet
	for rows.Next() {
		sh, err := scanSheet(rows)
		if err != nil {
			return nil, wrap(err, "list sheets")
		}
		out = append(out, sh)
	}
	return out, wrap(rows.Err(), "list sheets")
}

// CreateSheet inserts a sheet.
func (s *Store) CreateSheet(ctx context.Context, sh *domain.Sheet) error {
	if sh.CreatedAt.IsZero() {
		sh.CreatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO sheets (plan_id, quarter, status, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		sh.PlanID, sh.Quarter, sh.Status, sh.CreatedAt.UTC()).Scan(&sh.ID)
	if err != nil {
		return wrap(err, "create sheet")
	}
	return s.bumpBoth(ctx, officeOfPlan, sh.PlanID)
}

// UpdateSheet saves a sheet's workflow fields when its revision still
// matches, and bumps the revision.
func (s *Store) UpdateSheet(ctx context.Context, sh *domain.Sheet) error {
	res, err := s.q.ExecContext(ctx, `UPDATE sheets SET status = $1, submitted_at = $2, submitted_by = $3, late = $4, validated_at = $5,
		validated_by = $6, verified_at = $7, verified_by = $8, locked_at = $9, returned_at = $10, returned_by = $11, return_stage = $12,
		return_comment = $13, version_id = $16, revision = revision + 1 WHERE id = $14 AND revision = $15`,
		sh.Status, nullTime(sh.SubmittedAt), nullID(sh.SubmittedBy), sh.Late, nullTime(sh.ValidatedAt), nullID(sh.ValidatedBy),
		nullTime(sh.VerifiedAt), nullID(sh.VerifiedBy), nullTime(sh.LockedAt), nullTime(sh.ReturnedAt), nullID(sh.ReturnedBy),
		sh.ReturnStage, sh.ReturnComment, sh.ID, sh.Revision, nullID(sh.VersionID))
	if err != nil {
		return wrap(err, "update sheet %d", sh.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("sheet.changed_meanwhile")
	}
	sh.Revision++
	return s.bumpBoth(ctx, officeOfPlan, sh.PlanID)
}

// BumpSheet marks a sheet changed (a value or document was saved), failing
// when someone changed it since revision was read.
func (s *Store) BumpSheet(ctx context.Context, id int64, revision int) error {
	res, err := s.q.ExecContext(ctx, `UPDATE sheets SET revision = revision + 1 WHERE id = $1 AND revision = $2`, id, revision)
	if err != nil {
		return wrap(err, "bump sheet %d", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("sheet.changed_meanwhile")
	}
	return nil
}

const realisationCols = `id, sheet_id, line_id, value, note, raw_json, check_ok, check_comment, frozen_json, updated_at, updated_by`

func scanRealisation(sc scanner) (domain.Realisation, error) {
	return scanRealisationAfter(sc)
}

// scanRealisationAfter scans a realisation's columns after some others
// (read into before).
func scanRealisationAfter(sc scanner, before ...any) (domain.Realisation, error) {
	var r domain.Realisation
	var v sql.NullFloat64
	var ok sql.NullBool
	var raw, frozen string
	var by sql.NullInt64
	dest := append(before, &r.ID, &r.SheetID, &r.LineID, &v, &r.Note, &raw, &ok, &r.CheckComment, &frozen, &r.UpdatedAt, &by)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Value, r.UpdatedBy = optOut(v), by.Int64
	if ok.Valid {
		b := ok.Bool
		r.CheckOK = &b
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &r.Raw); err != nil {
			return r, fmt.Errorf("realisation %d raw data: %w", r.ID, err)
		}
	}
	if frozen != "" {
		r.Frozen = &domain.Frozen{}
		if err := json.Unmarshal([]byte(frozen), r.Frozen); err != nil {
			return r, fmt.Errorf("realisation %d snapshot: %w", r.ID, err)
		}
	}
	return r, nil
}

// ListRealisations returns the realisations of a sheet.
func (s *Store) ListRealisations(ctx context.Context, sheetID int64) ([]domain.Realisation, error) {
	return s.listRealisations(ctx, `SELECT `+realisationCols+` FROM realisations WHERE sheet_id = $1 ORDER BY id`, sheetID)
}

// ListSheetsOfPlans returns the sheets of some plans for a quarter.
func (s *Store) ListSheetsOfPlans(ctx context.Context, planIDs []int64, quarter int) ([]domain.Sheet, error) {
	if len(planIDs) == 0 {
		return nil, nil
	}
	in, args := idsIn("plan_id", planIDs, []any{quarter})
	return s.listSheets(ctx, `SELECT `+sheetCols+` FROM sheets WHERE quarter = $1`+in+` ORDER BY plan_id`, args...)
}

// ListRealisationsOfSheets returns the realisations of some sheets.
func (s *Store) ListRealisationsOfSheets(ctx context.Context, sheetIDs []int64) ([]domain.Realisation, error) {
	if len(sheetIDs) == 0 {
		return nil, nil
	}
	in, args := idsIn("sheet_id", sheetIDs, nil)
	return s.listRealisations(ctx, `SELECT `+realisationCols+` FROM realisations WHERE `+strings.TrimPrefix(in, " AND ")+` ORDER BY id`, args...)
}

// RealisationValue is the value of one line in one quarter with its frozen
// figure (when verified), as dashboards need it.
type RealisationValue struct {
	PlanID            int64
	Quarter           int
	LineID            int64
	Value             domain.OptFloat
	FrozenAchievement domain.OptFloat
	FrozenStatus      string
}

// ListRealisationValuesOfOffice returns every reported value of an office
// for a year in one query.
func (s *Store) ListRealisationValuesOfOffice(ctx context.Context, yearID, officeID int64) ([]RealisationValue, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT s.plan_id, s.quarter, r.line_id, r.value, r.frozen_achievement, r.frozen_status
		FROM realisations r JOIN sheets s ON s.id = r.sheet_id JOIN plans p ON p.id = s.plan_id
		WHERE p.year_id = $1 AND p.office_id = $2`, yearID, officeID)
	if err != nil {
		return nil, wrap(err, "realisations of office %d", officeID)
	}
	defer rows.Close()
	var out []RealisationValue
	for rows.Next() {
		var v RealisationValue
		var val, ach sql.NullFloat64
		if err := rows.Scan(&v.PlanID, &v.Quarter, &v.LineID, &val, &ach, &v.FrozenStatus); err != nil {
			return nil, wrap(err, "realisations of office %d", officeID)
		}
		v.Value, v.FrozenAchievement = optOut(val), optOut(ach)
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "realisations of office %d", officeID)
}

// ListRealisationValuesOfPlans returns every reported value of some plans
// in one query.
func (s *Store) ListRealisationValuesOfPlans(ctx context.Context, planIDs []int64) ([]RealisationValue, error) {
	if len(planIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(planIDs))
	for i, id := range planIDs {
		args[i] = id
	}
	rows, err := s.q.QueryContext(ctx, `SELECT s.plan_id, s.quarter, r.line_id, r.value, r.frozen_achievement, r.frozen_status
		FROM realisations r JOIN sheets s ON s.id = r.sheet_id WHERE s.plan_id IN (`+placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return nil, wrap(err, "realisations of plans")
	}
	defer rows.Close()
	var out []RealisationValue
	for rows.Next() {
		var v RealisationValue
		var val, ach sql.NullFloat64
		if err := rows.Scan(&v.PlanID, &v.Quarter, &v.LineID, &val, &ach, &v.FrozenStatus); err != nil {
			return nil, wrap(err, "realisations of plans")
		}
		v.Value, v.FrozenAchievement = optOut(val), optOut(ach)
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "realisations of plans")
}

// ListRealisationsOfPlan returns every realisation of a plan by quarter:
// those of the given quarter whole, the others without their raw data and
// snapshot (consolidation reads every quarter's value on each computation;
// decoding the rest would be work for nothing).
func (s *Store) ListRealisationsOfPlan(ctx context.Context, planID int64, quarter int) (map[int][]domain.Realisation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT s.quarter, r.id, r.sheet_id, r.line_id, r.value, r.note,
			CASE WHEN s.quarter = $2 THEN r.raw_json ELSE '' END, r.check_ok, r.check_comment,
			CASE WHEN s.quarter = $2 THEN r.frozen_json ELSE '' END, r.updated_at, r.updated_by
		FROM realisations r JOIN sheets s ON s.id = r.sheet_id WHERE s.plan_id = $1 ORDER BY s.quarter, r.id`, planID, quarter)
	if err != nil {
		return nil, wrap(err, "realisations of plan %d", planID)
	}
	defer rows.Close()
	out := map[int][]domain.Realisation{}
	for rows.Next() {
		var q int
		r, err := scanRealisationAfter(rows, &q)
		if err != nil {
			return nil, wrap(err, "realisations of plan %d", planID)
		}
		out[q] = append(out[q], r)
	}
	return out, wrap(rows.Err(), "realisations of plan %d", planID)
}

func (s *Store) listRealisations(ctx context.Context, q string, args ...any) ([]domain.Realisation, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list realisations")
	}
	defer rows.Close()
	var out []domain.Realisation
	for rows.Next() {
		r, err := scanRealisation(rows)
		if err != nil {
			return nil, wrap(err, "list realisations")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list realisations")
}

// GetRealisation returns one realisation.
func (s *Store) GetRealisation(ctx context.Context, id int64) (domain.Realisation, error) {
	r, err := scanRealisation(s.q.QueryRowContext(ctx, `SELECT `+realisationCols+` FROM realisations WHERE id = $1`, id))
	return r, wrap(err, "get realisation %d", id)
}

func realisationArgs(r *domain.Realisation) (raw, frozen string, check any, err error) {
	if len(r.Raw) > 0 {
		b, err := json.Marshal(r.Raw)
		if err != nil {
			return "", "", nil, err
		}
		raw = string(b)
	}
	if r.Frozen != nil {
		b, err := json.Marshal(r.Frozen)
		if err != nil {
			return "", "", nil, err
		}
		frozen = string(b)
	}
	if r.CheckOK != nil {
		check = *r.CheckOK
	}
	return raw, frozen, check, nil
}

// SaveRealisation inserts or updates the realisation of a line in a sheet.
func (s *Store) SaveRealisation(ctx context.Context, r *domain.Realisation) error {
	raw, frozen, check, err := realisationArgs(r)
	if err != nil {
		return wrap(err, "save realisation")
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = s.timeNow()
	}
	// The frozen achievement and status are also kept in plain columns, so
	// dashboards read verified figures without decoding snapshots.
	var fAch any
	fStatus := ""
	if r.Frozen != nil {
		fAch, fStatus = optIn(r.Frozen.Achievement), r.Frozen.Status
	}
	if r.ID == 0 {
		err := s.q.QueryRowContext(ctx, `INSERT INTO realisations (sheet_id, line_id, value, note, raw_json, check_ok, check_comment, frozen_json,
			frozen_achievement, frozen_status, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			r.SheetID, r.LineID, optIn(r.Value), r.Note, raw, check, r.CheckComment, frozen, fAch, fStatus, r.UpdatedAt.UTC(), nullID(r.UpdatedBy)).Scan(&r.ID)
		if err != nil {
			return wrap(err, "create realisation")
		}
		return s.bumpFigures(ctx, officeOfSheet, r.SheetID)
	}
	_, err = s.q.ExecContext(ctx, `UPDATE realisations SET value = $1, note = $2, raw_json = $3, check_ok = $4, check_comment = $5,
		frozen_json = $6, frozen_achievement = $7, frozen_status = $8, updated_at = $9, updated_by = $10 WHERE id = $11`,
		optIn(r.Value), r.Note, raw, check, r.CheckComment, frozen, fAch, fStatus, r.UpdatedAt.UTC(), nullID(r.UpdatedBy), r.ID)
	if err != nil {
		return wrap(err, "update realisation %d", r.ID)
	}
	return s.bumpFigures(ctx, officeOfSheet, r.SheetID)
}

const evidenceCols = `id, realisation_id, kind, form, sha256, size, mime, filename, url, body, uploaded_at, uploaded_by, superseded_by, replace_reason`

func scanEvidence(sc scanner) (domain.Evidence, error) {
	var e domain.Evidence
	var by sql.NullInt64
	err := sc.Scan(&e.ID, &e.RealisationID, &e.Kind, &e.Form, &e.SHA256, &e.Size, &e.MIME, &e.Filename, &e.URL, &e.Body, &e.UploadedAt, &by, &e.SupersededBy, &e.ReplaceReason)
	e.UploadedBy = by.Int64
	return e, err
}

// CreateEvidence inserts an evidence record.
func (s *Store) CreateEvidence(ctx context.Context, e *domain.Evidence) error {
	if e.UploadedAt.IsZero() {
		e.UploadedAt = s.timeNow()
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO evidence (`+evidenceCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.RealisationID, e.Kind, e.Form, e.SHA256, e.Size, e.MIME, e.Filename, e.URL, e.Body, e.UploadedAt.UTC(), nullID(e.UploadedBy), e.SupersededBy, e.ReplaceReason)
	return wrap(err, "create evidence")
}

// SupersedeEvidence marks an evidence replaced by another.
func (s *Store) SupersedeEvidence(ctx context.Context, id, by string) error {
	res, err := s.q.ExecContext(ctx, `UPDATE evidence SET superseded_by = $1 WHERE id = $2 AND superseded_by = ''`, by, id)
	if err != nil {
		return wrap(err, "supersede evidence %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("evidence.already_replaced")
	}
	return nil
}

// GetEvidence returns one evidence record.
func (s *Store) GetEvidence(ctx context.Context, id string) (domain.Evidence, error) {
	e, err := scanEvidence(s.q.QueryRowContext(ctx, `SELECT `+evidenceCols+` FROM evidence WHERE id = $1`, id))
	return e, wrap(err, "get evidence %s", id)
}

// ListEvidence returns the evidence of realisations, oldest first.
func (s *Store) ListEvidence(ctx context.Context, realisationIDs []int64) ([]domain.Evidence, error) {
	if len(realisationIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(realisationIDs))
	for i, id := range realisationIDs {
		args[i] = id
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+evidenceCols+` FROM evidence WHERE realisation_id IN (`+placeholders(1, len(args))+`) ORDER BY uploaded_at, id`, args...)
	if err != nil {
		return nil, wrap(err, "list evidence")
	}
	defer rows.Close()
	var out []domain.Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, wrap(err, "list evidence")
		}
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "list evidence")
}

// EvidenceShaInUse reports whether any record, of a sheet's or an
// initiative's evidence, refers to a file content.
func (s *Store) EvidenceShaInUse(ctx context.Context, sha string) (bool, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM evidence WHERE sha256 = $1) + (SELECT COUNT(*) FROM initiative_evidence WHERE sha256 = $1)`, sha).Scan(&n)
	return n > 0, wrap(err, "evidence in use")
}

// EvidenceShasUsed returns which of the given file contents some record
// refers to.
func (s *Store) EvidenceShasUsed(ctx context.Context, shas []string) (map[string]bool, error) {
	used := make(map[string]bool, len(shas))
	if len(shas) == 0 {
		return used, nil
	}
	args := make([]any, len(shas))
	for i, sha := range shas {
		args[i] = sha
	}
	rows, err := s.q.QueryContext(ctx, `SELECT sha256 FROM evidence WHERE sha256 IN (`+placeholders(1, len(args))+`)
		UNION SELECT sha256 FROM initiative_evidence WHERE sha256 IN (`+placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return nil, wrap(err, "evidence in use")
	}
	defer rows.Close()
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, wrap(err, "evidence in use")
		}
		used[sha] = true
	}
	return used, wrap(rows.Err(), "evidence in use")
}

// EvidenceShasAfter returns, in order, up to limit distinct contents of
// evidence files that sort after the given one ("" for the first).
func (s *Store) EvidenceShasAfter(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT sha256 FROM evidence WHERE sha256 > $1
		UNION SELECT sha256 FROM initiative_evidence WHERE sha256 > $1 ORDER BY sha256 LIMIT $2`, after, limit)
	if err != nil {
		return nil, wrap(err, "evidence files")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, wrap(err, "evidence files")
		}
		out = append(out, sha)
	}
	return out, wrap(rows.Err(), "evidence files")
}

const correctionCols = `id, realisation_id, status, reason, old_value, new_value, old_note, new_note, requested_at, requested_by, decided_at, decided_by, decision_comment`

func scanCorrection(sc scanner) (domain.Correction, error) {
	var c domain.Correction
	var ov, nv sql.NullFloat64
	var dAt sql.NullTime
	var dBy sql.NullInt64
	err := sc.Scan(&c.ID, &c.RealisationID, &c.Status, &c.Reason, &ov, &nv, &c.OldNote, &c.NewNote, &c.RequestedAt, &c.RequestedBy, &dAt, &dBy, &c.DecisionComment)
	c.OldValue, c.NewValue, c.DecidedAt, c.DecidedBy = optOut(ov), optOut(nv), dAt.Time, dBy.Int64
	return c, err
}

// CreateCorrection inserts a correction request.
func (s *Store) CreateCorrection(ctx context.Context, c *domain.Correction) error {
	err := s.q.QueryRowContext(ctx, `INSERT INTO corrections (realisation_id, status, reason, old_value, new_value, old_note, new_note, requested_at, requested_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		c.RealisationID, c.Status, c.Reason, optIn(c.OldValue), optIn(c.NewValue), c.OldNote, c.NewNote, c.RequestedAt.UTC(), c.RequestedBy).Scan(&c.ID)
	return wrap(err, "create correction")
}

// DecideCorrection records the decision on a pending correction.
func (s *Store) DecideCorrection(ctx context.Context, c *domain.Correction) error {
	res, err := s.q.ExecContext(ctx, `UPDATE corrections SET status = $1, decided_at = $2, decided_by = $3, decision_comment = $4 WHERE id = $5 AND status = 'pending'`,
		c.Status, c.DecidedAt.UTC(), c.DecidedBy, c.DecisionComment, c.ID)
	if err != nil {
		return wrap(err, "decide correction %d", c.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("correction.already_decided")
	}
	return nil
}

// GetCorrection returns one correction.
func (s *Store) GetCorrection(ctx context.Context, id int64) (domain.Correction, error) {
	c, err := scanCorrection(s.q.QueryRowContext(ctx, `SELECT `+correctionCols+` FROM corrections WHERE id = $1`, id))
	return c, wrap(err, "get correction %d", id)
}

// CorrectionFilter narrows ListCorrections.
type CorrectionFilter struct {
	Status         domain.CorrectionStatus
	RealisationIDs []int64
	YearID         int64
	OfficeID       int64
}

// ListCorrections returns corrections, newest first.
func (s *Store) ListCorrections(ctx context.Context, f CorrectionFilter) ([]domain.Correction, error) {
	q := `SELECT ` + prefixCols("c.", correctionCols) + ` FROM corrections c JOIN realisations r ON r.id = c.realisation_id
		JOIN sheets s ON s.id = r.sheet_id JOIN plans p ON p.id = s.plan_id`
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Status != "" {
		add("c.status = $%d", f.Status)
	}
	if f.YearID != 0 {
		add("p.year_id = $%d", f.YearID)
	}
	if f.OfficeID != 0 {
		add("p.office_id = $%d", f.OfficeID)
	}
	if len(f.RealisationIDs) > 0 {
		ph := make([]string, len(f.RealisationIDs))
		for i, id := range f.RealisationIDs {
			args = append(args, id)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, "c.realisation_id IN ("+strings.Join(ph, ", ")+")")
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.q.QueryContext(ctx, q+` ORDER BY c.id DESC`, args...)
	if err != nil {
		return nil, wrap(err, "list corrections")
	}
	defer rows.Close()
	var out []domain.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, wrap(err, "list corrections")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list corrections")
}

// CreateNotification inserts an in-app notification.
func (s *Store) CreateNotification(ctx context.Context, n *domain.Notification) error {
	args := ""
	if len(n.Msg.Args) > 0 {
		b, err := json.Marshal(n.Msg.Args)
		if err != nil {
			return wrap(err, "notification arguments")
		}
		args = string(b)
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = s.timeNow()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, msg_key, args_json, link, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		n.UserID, n.Kind, n.Msg.Key, args, n.Link, n.CreatedAt.UTC()).Scan(&n.ID)
	return wrap(err, "create notification")
}

// ListNotifications returns a user's notifications, newest first (unread only when asked).
func (s *Store) ListNotifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]domain.Notification, error) {
	q := `SELECT id, user_id, kind, msg_key, args_json, link, created_at, read_at, emailed_at FROM notifications WHERE user_id = $1`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.q.QueryContext(ctx, q+` ORDER BY id DESC LIMIT `+itoa(limit), userID)
	if err != nil {
		return nil, wrap(err, "list notifications")
	}
	defer rows.Close()
	var out []domain.Notification
	for rows.Next() {
		var n domain.Notification
		var args string
		var readAt, mailAt sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Msg.Key, &args, &n.Link, &n.CreatedAt, &readAt, &mailAt); err != nil {
			return nil, wrap(err, "list notifications")
		}
		n.ReadAt, n.EmailedAt = readAt.Time, mailAt.Time
		if args != "" {
			if err := json.Unmarshal([]byte(args), &n.Msg.Args); err != nil {
				return nil, wrap(err, "notification %d arguments", n.ID)
			}
			wholeNumbers(n.Msg.Args)
		}
		out = append(out, n)
	}
	return out, wrap(rows.Err(), "list notifications")
}

// wholeNumbers turns the whole numbers JSON gave back as float64 into
// integers again, so that a year or a count reads "2026", not "2.026".
func wholeNumbers(args map[string]any) {
	for k, v := range args {
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			args[k] = int64(f)
		}
	}
}

// CountUnreadNotifications counts a user's unread notifications.
func (s *Store) CountUnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, wrap(err, "count notifications")
}

// MarkNotificationsRead marks a user's notifications read (all when id is 0).
func (s *Store) MarkNotificationsRead(ctx context.Context, userID, id int64, at time.Time) error {
	q := `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`
	args := []any{at.UTC(), userID}
	if id != 0 {
		q += ` AND id = $3`
		args = append(args, id)
	}
	_, err := s.q.ExecContext(ctx, q, args...)
	return wrap(err, "mark notifications read")
}

// EnsureSheet creates the sheet of sh.PlanID and sh.Quarter unless it exists,
// and loads it into sh either way. Concurrent callers all get the one sheet.
func (s *Store) EnsureSheet(ctx context.Context, sh *domain.Sheet) error {
	if sh.CreatedAt.IsZero() {
		sh.CreatedAt = s.timeNow()
	}
	res, err := s.q.ExecContext(ctx, `INSERT INTO sheets (plan_id, quarter, status, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (plan_id, quarter) DO NOTHING`, sh.PlanID, sh.Quarter, sh.Status, sh.CreatedAt.UTC())
	if err != nil {
		return wrap(err, "ensure sheet")
	}
	if n, _ := res.RowsAffected(); n > 0 {
		if err := s.bumpBoth(ctx, officeOfPlan, sh.PlanID); err != nil {
			return err
		}
	}
	got, err := s.GetSheet(ctx, sh.PlanID, sh.Quarter)
	if err != nil {
		return err
	}
	*sh = got
	return nil
}

// TouchSheet marks a sheet changed by an addition that cannot clash with
// other changes (a new document) and returns it as it is now. The update
// holds the row until the transaction ends, so concurrent additions to one
// sheet queue instead of failing.
func (s *Store) TouchSheet(ctx context.Context, id int64) (domain.Sheet, error) {
	if _, err := s.q.ExecContext(ctx, `UPDATE sheets SET revision = revision + 1 WHERE id = $1`, id); err != nil {
		return domain.Sheet{}, wrap(err, "touch sheet %d", id)
	}
	return s.GetSheetByID(ctx, id)
}

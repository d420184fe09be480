package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/kinerja/kinerja/internal/domain"
)

// RolledLines returns, for a year, which line of the year before each of its
// lines was copied from when the year was rolled over: the source line's ID
// → the copy's. It spans every office, so a lower office's IKU finds the copy
// of the upper office's IKU it cascades from.
func (s *Store) RolledLines(ctx context.Context, yearID int64) (map[int64]int64, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT l.rolled_from, l.id FROM plan_lines l JOIN plans p ON p.id = l.plan_id
		WHERE p.year_id = $1 AND l.rolled_from IS NOT NULL`, yearID)
	if err != nil {
		return nil, wrap(err, "rolled lines of year %d", yearID)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var from, id int64
		if err := rows.Scan(&from, &id); err != nil {
			return nil, wrap(err, "rolled lines of year %d", yearID)
		}
		out[from] = id
	}
	return out, wrap(rows.Err(), "rolled lines of year %d", yearID)
}

// OfficialFigure is a line's official to-date figure of a closed quarter:
// the target and realisation consolidated from Q1, frozen at verification.
type OfficialFigure struct {
	LineID      int64
	Quarter     int
	Target      domain.OptFloat
	Realisation domain.OptFloat
}

// ListOfficialFigures returns the frozen figures of every line of an office's
// plans of a year in the quarters the office has closed.
func (s *Store) ListOfficialFigures(ctx context.Context, yearID, officeID int64) ([]OfficialFigure, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT r.line_id, sh.quarter, r.frozen_json FROM realisations r
		JOIN sheets sh ON sh.id = r.sheet_id JOIN plans p ON p.id = sh.plan_id
		JOIN quarter_closures c ON c.year_id = p.year_id AND c.office_id = p.office_id AND c.quarter = sh.quarter
		WHERE p.year_id = $1 AND p.office_id = $2 AND r.frozen_json <> ''`, yearID, officeID)
	if err != nil {
		return nil, wrap(err, "official figures of office %d", officeID)
	}
	defer rows.Close()
	var out []OfficialFigure
	for rows.Next() {
		var f OfficialFigure
		var frozen string
		if err := rows.Scan(&f.LineID, &f.Quarter, &frozen); err != nil {
			return nil, wrap(err, "official figures of office %d", officeID)
		}
		var fz domain.Frozen
		if err := json.Unmarshal([]byte(frozen), &fz); err != nil {
			return nil, wrap(err, "official figure of line %d", f.LineID)
		}
		f.Target, f.Realisation = fz.Target, fz.Realisation
		out = append(out, f)
	}
	return out, wrap(rows.Err(), "official figures of office %d", officeID)
}

// ProvisionalCopy is a line of a later year whose previous-year figures were
// copied, provisionally, from a line of an office's year still open.
type ProvisionalCopy struct {
	IndicatorID     int64
	SourceLineID    int64
	PrevTarget      domain.OptFloat
	PrevRealisation domain.OptFloat
}

// ListProvisionalCopies returns the lines (of every version) copied from the
// plans of an office's year whose previous-year figures are still provisional.
func (s *Store) ListProvisionalCopies(ctx context.Context, fromYearID, officeID int64) ([]ProvisionalCopy, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT i.id, nl.rolled_from, i.prev_target, i.prev_realisation FROM indicators i
		JOIN plan_lines nl ON nl.id = i.line_id JOIN plan_lines ol ON ol.id = nl.rolled_from JOIN plans op ON op.id = ol.plan_id
		WHERE i.prev_provisional AND op.year_id = $1 AND op.office_id = $2 ORDER BY i.id`, fromYearID, officeID)
	if err != nil {
		return nil, wrap(err, "provisional copies of office %d", officeID)
	}
	defer rows.Close()
	var out []ProvisionalCopy
	for rows.Next() {
		var c ProvisionalCopy
		var pt, pr sql.NullFloat64
		if err := rows.Scan(&c.IndicatorID, &c.SourceLineID, &pt, &pr); err != nil {
			return nil, wrap(err, "provisional copies of office %d", officeID)
		}
		c.PrevTarget, c.PrevRealisation = optOut(pt), optOut(pr)
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "provisional copies of office %d", officeID)
}

// SetPrevFigures sets a line's previous-year figures and whether they are
// still provisional. K3 reads them: the caller marks the office's figures
// changed (FiguresChanged) once for all the lines it sets.
func (s *Store) SetPrevFigures(ctx context.Context, indicatorID int64, target, realisation domain.OptFloat, provisional bool) error {
	_, err := s.q.ExecContext(ctx, `UPDATE indicators SET prev_target = $1, prev_realisation = $2, prev_provisional = $3 WHERE id = $4`,
		optIn(target), optIn(realisation), provisional, indicatorID)
	return wrap(err, "set previous-year figures of indicator %d", indicatorID)
}

// UnlinkedCopy is a copied line without a parent whose source line had one.
type UnlinkedCopy struct {
	IndicatorID  int64
	OfficeID     int64
	Code         string
	SourceParent int64 // the source line's parent line
}

// ListUnlinkedCopies returns the lines of an office's editable plan versions
// of a year that were copied without a parent although their source line
// had one (its parent had no copy yet, e.g. an upper office's IKU).
func (s *Store) ListUnlinkedCopies(ctx context.Context, yearID, officeID int64) ([]UnlinkedCopy, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT i.id, p.office_id, i.code, (SELECT MAX(oi.parent_line_id) FROM indicators oi WHERE oi.line_id = nl.rolled_from)
		FROM indicators i JOIN plan_lines nl ON nl.id = i.line_id JOIN plan_versions v ON v.id = i.version_id JOIN plans p ON p.id = v.plan_id
		WHERE p.year_id = $1 AND p.office_id = $2 AND i.parent_line_id IS NULL AND nl.rolled_from IS NOT NULL AND v.status IN ('draft', 'returned')
		ORDER BY i.id`, yearID, officeID)
	if err != nil {
		return nil, wrap(err, "unlinked copies of office %d", officeID)
	}
	defer rows.Close()
	var out []UnlinkedCopy
	for rows.Next() {
		var c UnlinkedCopy
		var parent sql.NullInt64
		if err := rows.Scan(&c.IndicatorID, &c.OfficeID, &c.Code, &parent); err != nil {
			return nil, wrap(err, "unlinked copies of office %d", officeID)
		}
		if parent.Valid {
			c.SourceParent = parent.Int64
			out = append(out, c)
		}
	}
	return out, wrap(rows.Err(), "unlinked copies of office %d", officeID)
}

// SetLineParent links a line of a version to its parent line.
func (s *Store) SetLineParent(ctx context.Context, indicatorID, parentLineID int64) error {
	_, err := s.q.ExecContext(ctx, `UPDATE indicators SET parent_line_id = $1 WHERE id = $2`, parentLineID, indicatorID)
	return wrap(err, "set parent of indicator %d", indicatorID)
}

package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// Bulk writes insert many rows with IDs chosen by the caller, a few
// statements per table instead of one per row. They serve the generator of
// large synthetic organisations; everything else goes through the single-row
// methods. Run them in a transaction (InTx) after ReserveIDs.

// bulkParams bounds the parameters of one statement: under PostgreSQL's
// limit (65,535), and lower for SQLite, which looks parameters up by a
// linear scan, so that longer statements stop paying off.
func (s *Store) bulkParams() int {
	if s.engine == SQLite {
		return 4000
	}
	return 30000
}

var identifier = regexp.MustCompile(`^[a-z_]+$`)

// ReserveIDs returns the first of n consecutive unused IDs of a table. It
// must run in a transaction: on SQLite the transaction already holds the
// write lock (immediate transactions); on PostgreSQL the table is locked
// against other writers until the transaction ends and its identity
// sequence moves past the block, so later single-row inserts continue after it.
func (s *Store) ReserveIDs(ctx context.Context, table string, n int) (int64, error) {
	if !s.inTx {
		return 0, fmt.Errorf("store: reserve IDs of %s outside a transaction", table)
	}
	if !identifier.MatchString(table) {
		return 0, fmt.Errorf("store: bad table name %q", table)
	}
	if s.engine == Postgres {
		if _, err := s.q.ExecContext(ctx, `LOCK TABLE `+table+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return 0, wrap(err, "lock %s", table)
		}
	}
	var last int64
	if err := s.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
		return 0, wrap(err, "reserve IDs of %s", table)
	}
	if s.engine == Postgres && n > 0 {
		if _, err := s.q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, table, last+int64(n)); err != nil {
			return 0, wrap(err, "move the sequence of %s", table)
		}
	}
	return last + 1, nil
}

// bulk inserts n rows into table, row(i) giving the values of cols.
func (s *Store) bulk(ctx context.Context, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	if n == 0 {
		return nil
	}
	per := max(1, s.bulkParams()/len(cols))
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	var b strings.Builder
	args := make([]any, 0, min(n, per)*len(cols))
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		b.Reset()
		b.WriteString(head)
		args = args[:0]
		for i := start; i < end; i++ {
			vals, err := row(i)
			if err != nil {
				return wrap(err, "insert into %s", table)
			}
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(")
			if s.engine == SQLite {
				// Anonymous parameters: SQLite matches numbered ones by name.
				b.WriteString(strings.Repeat("?, ", len(vals)-1) + "?")
			} else {
				b.WriteString(placeholders(len(args)+1, len(vals)))
			}
			b.WriteString(")")
			args = append(args, vals...)
		}
		if _, err := s.q.ExecContext(ctx, b.String(), args...); err != nil {
			return wrap(err, "insert %d rows into %s", end-start, table)
		}
	}
	switch table {
	case "plans", "plan_versions", "sheets", "reports", "actions":
		return s.OfficeDataChanged(ctx, 0)
	}
	return nil
}

func cols(list string) []string {
	out := strings.Split(list, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// InsertUnits inserts units with their IDs.
func (s *Store) InsertUnits(ctx context.Context, list []domain.Unit) error {
	return s.bulk(ctx, "units", cols("id, parent_id, code, name, kind, letterhead, address, city, created_at, updated_at"), len(list), func(i int) ([]any, error) {
		u := &list[i]
		return []any{u.ID, nullID(u.ParentID), u.Code, u.Name, u.Kind, u.Letterhead, u.Address, u.City, u.CreatedAt.UTC(), u.UpdatedAt.UTC()}, nil
	})
}

// InsertPositions inserts positions with their IDs.
func (s *Store) InsertPositions(ctx context.Context, list []domain.Position) error {
	return s.bulk(ctx, "positions", cols("id, unit_id, title, kind, reports_to_id, non_substantive, created_at, updated_at"), len(list), func(i int) ([]any, error) {
		p := &list[i]
		return []any{p.ID, p.UnitID, p.Title, p.Kind, nullID(p.ReportsToID), p.NonSubstantive, p.CreatedAt.UTC(), p.UpdatedAt.UTC()}, nil
	})
}

// InsertEmployees inserts employees with their IDs.
func (s *Store) InsertEmployees(ctx context.Context, list []domain.Employee) error {
	return s.bulk(ctx, "employees", cols("id, nip, name, email, grade, active, created_at, updated_at"), len(list), func(i int) ([]any, error) {
		e := &list[i]
		return []any{e.ID, e.NIP, e.Name, e.Email, e.Grade, e.Active, e.CreatedAt.UTC(), e.UpdatedAt.UTC()}, nil
	})
}

// InsertAssignments inserts assignments with their IDs.
func (s *Store) InsertAssignments(ctx context.Context, list []domain.Assignment) error {
	return s.bulk(ctx, "assignments", cols("id, employee_id, position_id, start_date, end_date, acting, note, created_at"), len(list), func(i int) ([]any, error) {
		a := &list[i]
		return []any{a.ID, a.EmployeeID, a.PositionID, domain.Day(a.StartDate), nullDate(a.EndDate), a.Acting, a.Note, a.CreatedAt.UTC()}, nil
	})
}

// InsertUsers inserts accounts with their IDs and password hashes.
func (s *Store) InsertUsers(ctx context.Context, list []domain.User) error {
	return s.bulk(ctx, "users", cols("id, username, password_hash, role, employee_id, lang, active, email_digest, created_at, updated_at"), len(list), func(i int) ([]any, error) {
		u := &list[i]
		return []any{u.ID, u.Username, u.PasswordHash, u.Role, nullID(u.EmployeeID), u.Lang, u.Active, u.EmailDigest, u.CreatedAt.UTC(), u.UpdatedAt.UTC()}, nil
	})
}

// InsertStrategyMaps inserts maps with their perspectives, objectives and
// links, all with their IDs.
func (s *Store) InsertStrategyMaps(ctx context.Context, list []domain.StrategyMap) error {
	var ps []domain.Perspective
	var os []domain.Objective
	var ls []domain.ObjectiveLink
	for _, m := range list {
		ps, os, ls = append(ps, m.Perspectives...), append(os, m.Objectives...), append(ls, m.Links...)
	}
	err := s.bulk(ctx, "strategy_maps", cols("id, year_id, unit_id, created_at, updated_at"), len(list), func(i int) ([]any, error) {
		m := &list[i]
		return []any{m.ID, m.YearID, m.UnitID, m.CreatedAt.UTC(), m.UpdatedAt.UTC()}, nil
	})
	if err != nil {
		return err
	}
	if err := s.bulk(ctx, "perspectives", cols("id, map_id, kind, name, weight, seq"), len(ps), func(i int) ([]any, error) {
		p := &ps[i]
		return []any{p.ID, p.MapID, p.Kind, p.Name, p.Weight, p.Seq}, nil
	}); err != nil {
		return err
	}
	if err := s.bulk(ctx, "objectives", cols("id, map_id, perspective_id, code, name, description, seq"), len(os), func(i int) ([]any, error) {
		o := &os[i]
		return []any{o.ID, o.MapID, o.PerspectiveID, o.Code, o.Name, o.Description, o.Seq}, nil
	}); err != nil {
		return err
	}
	return s.bulk(ctx, "objective_links", cols("from_id, to_id"), len(ls), func(i int) ([]any, error) {
		return []any{ls[i].FromID, ls[i].ToID}, nil
	})
}

// InsertPlans inserts plans with their IDs.
func (s *Store) InsertPlans(ctx context.Context, list []domain.Plan) error {
	return s.bulk(ctx, "plans", cols("id, year_id, employee_id, position_id, office_id, kind, created_at, period_start, period_end, rolled_from"), len(list), func(i int) ([]any, error) {
		p := &list[i]
		if p.PeriodStart.IsZero() || p.PeriodEnd.IsZero() {
			return nil, fmt.Errorf("store: plan %d has no period", p.ID)
		}
		return []any{p.ID, p.YearID, p.EmployeeID, p.PositionID, p.OfficeID, p.Kind, p.CreatedAt.UTC(), domain.Day(p.PeriodStart), domain.Day(p.PeriodEnd),
			nullID(p.RolledFrom)}, nil
	})
}

// InsertVersions inserts plan versions with their IDs and workflow fields.
func (s *Store) InsertVersions(ctx context.Context, list []domain.PlanVersion) error {
	return s.bulk(ctx, "plan_versions", cols(versionCols), len(list), func(i int) ([]any, error) {
		v := &list[i]
		return []any{v.ID, v.PlanID, v.Number, v.Status, v.Reason, v.CreatedAt.UTC(), nullID(v.CreatedBy), nullTime(v.SubmittedAt), nullID(v.SubmittedBy),
			nullTime(v.ApprovedAt), nullID(v.ApprovedBy), v.ApproverName, v.ApproverNIP, nullTime(v.ReturnedAt), nullID(v.ReturnedBy), v.ReturnComment,
			v.Late, v.Revision, v.ApproverPosition}, nil
	})
}

// PlanLine is a line's identity across the versions of a plan.
type PlanLine struct {
	ID         int64
	PlanID     int64
	CreatedAt  time.Time
	RolledFrom int64 // the line of the year before it was copied from (0: none)
}

// InsertPlanLines inserts line identities with their IDs.
func (s *Store) InsertPlanLines(ctx context.Context, list []PlanLine) error {
	return s.bulk(ctx, "plan_lines", cols("id, plan_id, created_at, rolled_from"), len(list), func(i int) ([]any, error) {
		return []any{list[i].ID, list[i].PlanID, list[i].CreatedAt.UTC(), nullID(list[i].RolledFrom)}, nil
	})
}

// InsertIndicators inserts plan lines of versions with their IDs.
func (s *Store) InsertIndicators(ctx context.Context, list []domain.Indicator) error {
	return s.bulk(ctx, "indicators", cols(indicatorCols), len(list), func(i int) ([]any, error) {
		args, err := indicatorArgs(&list[i])
		return append([]any{list[i].ID}, args...), err
	})
}

// InsertSheets inserts quarterly sheets with their IDs and workflow fields.
func (s *Store) InsertSheets(ctx context.Context, list []domain.Sheet) error {
	return s.bulk(ctx, "sheets", cols(`id, plan_id, quarter, status, created_at, submitted_at, submitted_by, late, validated_at, validated_by,
		verified_at, verified_by, locked_at, returned_at, returned_by, return_stage, return_comment, revision, version_id`), len(list), func(i int) ([]any, error) {
		sh := &list[i]
		return []any{sh.ID, sh.PlanID, sh.Quarter, sh.Status, sh.CreatedAt.UTC(), nullTime(sh.SubmittedAt), nullID(sh.SubmittedBy), sh.Late,
			nullTime(sh.ValidatedAt), nullID(sh.ValidatedBy), nullTime(sh.VerifiedAt), nullID(sh.VerifiedBy), nullTime(sh.LockedAt),
			nullTime(sh.ReturnedAt), nullID(sh.ReturnedBy), sh.ReturnStage, sh.ReturnComment, sh.Revision, nullID(sh.VersionID)}, nil
	})
}

// InsertRealisations inserts realisations with their IDs, frozen figures included.
func (s *Store) InsertRealisations(ctx context.Context, list []domain.Realisation) error {
	return s.bulk(ctx, "realisations", cols(`id, sheet_id, line_id, value, note, raw_json, check_ok, check_comment, frozen_json,
		frozen_achievement, frozen_status, updated_at, updated_by`), len(list), func(i int) ([]any, error) {
		r := &list[i]
		raw, frozen, check, err := realisationArgs(r)
		var fAch any
		fStatus := ""
		if r.Frozen != nil {
			fAch, fStatus = optIn(r.Frozen.Achievement), r.Frozen.Status
		}
		return []any{r.ID, r.SheetID, r.LineID, optIn(r.Value), r.Note, raw, check, r.CheckComment, frozen, fAch, fStatus,
			r.UpdatedAt.UTC(), nullID(r.UpdatedBy)}, err
	})
}

// InsertReports inserts IIAA reports with their IDs and workflow fields.
func (s *Store) InsertReports(ctx context.Context, list []domain.Report) error {
	return s.bulk(ctx, "reports", cols(`id, plan_id, quarter, status, created_at, submitted_at, submitted_by, reviewed_at, reviewed_by,
		reviewer_name, reviewer_nip, returned_at, returned_by, return_comment, snapshot_json, revision`), len(list), func(i int) ([]any, error) {
		r := &list[i]
		return []any{r.ID, r.PlanID, r.Quarter, r.Status, r.CreatedAt.UTC(), nullTime(r.SubmittedAt), nullID(r.SubmittedBy), nullTime(r.ReviewedAt),
			nullID(r.ReviewedBy), r.ReviewerName, r.ReviewerNIP, nullTime(r.ReturnedAt), nullID(r.ReturnedBy), r.ReturnComment, r.Snapshot, r.Revision}, nil
	})
}

// InsertReportItems inserts IIAA items with their IDs.
func (s *Store) InsertReportItems(ctx context.Context, list []domain.ReportItem) error {
	return s.bulk(ctx, "report_items", cols("id, report_id, line_id, issue, implication, accountable_id, supporting, updated_at"), len(list), func(i int) ([]any, error) {
		it := &list[i]
		return []any{it.ID, it.ReportID, it.LineID, it.Issue, it.Implication, nullID(it.AccountableID), it.Supporting, it.UpdatedAt.UTC()}, nil
	})
}

// InsertActions inserts action-plan items with their IDs.
func (s *Store) InsertActions(ctx context.Context, list []domain.Action) error {
	return s.bulk(ctx, "actions", cols(actionCols), len(list), func(i int) ([]any, error) {
		a := &list[i]
		return []any{a.ID, a.ReportID, a.LineID, nullID(a.CarriedFrom), a.Description, a.OwnerID, domain.Day(a.DueDate), a.Status, a.StatusNote,
			a.NeedsUpdate, a.CreatedAt.UTC(), a.UpdatedAt.UTC()}, nil
	})
}

// InsertClosures inserts quarter closures with their IDs.
func (s *Store) InsertClosures(ctx context.Context, list []domain.QuarterClosure) error {
	return s.bulk(ctx, "quarter_closures", cols("id, year_id, quarter, office_id, closed_at, closed_by"), len(list), func(i int) ([]any, error) {
		c := &list[i]
		return []any{c.ID, c.YearID, c.Quarter, c.OfficeID, c.ClosedAt.UTC(), c.ClosedBy}, nil
	})
}

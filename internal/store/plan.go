package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const planCols = `p.id, p.year_id, y.year, p.employee_id, p.position_id, p.office_id, p.kind, p.created_at, p.period_start, p.period_end, p.rolled_from`

func scanPlan(sc scanner) (domain.Plan, error) {
	var p domain.Plan
	var rolled sql.NullInt64
	err := sc.Scan(&p.ID, &p.YearID, &p.Year, &p.EmployeeID, &p.PositionID, &p.OfficeID, &p.Kind, &p.CreatedAt, &p.PeriodStart, &p.PeriodEnd, &rolled)
	p.PeriodStart, p.PeriodEnd, p.RolledFrom = domain.Day(p.PeriodStart), domain.Day(p.PeriodEnd), rolled.Int64
	return p, err
}

// GetPlan returns one plan.
func (s *Store) GetPlan(ctx context.Context, id int64) (domain.Plan, error) {
	p, err := scanPlan(s.q.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans p JOIN years y ON y.id = p.year_id WHERE p.id = $1`, id))
	return p, wrap(err, "get plan %d", id)
}

// SetPlanPeriod changes the period of a plan (a move ends it early).
func (s *Store) SetPlanPeriod(ctx context.Context, id int64, start, end time.Time) error {
	if _, err := s.q.ExecContext(ctx, `UPDATE plans SET period_start = $1, period_end = $2 WHERE id = $3`, domain.Day(start), domain.Day(end), id); err != nil {
		return wrap(err, "set period of plan %d", id)
	}
	return s.bumpOfficeData(ctx, officeOfPlan, id)
}

// PlanFilter narrows ListPlans.
type PlanFilter struct {
	YearID      int64
	OfficeID    int64
	Kind        domain.PlanKind
	EmployeeID  int64
	Employees   []int64   // when set, only these employees' plans
	EndedBefore time.Time // when set, only plans whose period ended before this day
	Offices     []int64   // when set, only plans of these offices
	IDs         []int64   // when set, only these plans
}

// ListPlans returns plans matching the filter.
func (s *Store) ListPlans(ctx context.Context, f PlanFilter) ([]domain.Plan, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.YearID != 0 {
		add("p.year_id = $%d", f.YearID)
	}
	if f.OfficeID != 0 && len(f.Employees) > 0 {
		add("+p.office_id = $%d", f.OfficeID) // checked, not searched: see officePlans
	} else if f.OfficeID != 0 {
		add("p.office_id = $%d", f.OfficeID)
	}
	if f.Kind != "" {
		add("p.kind = $%d", f.Kind)
	}
	if f.EmployeeID != 0 {
		add("p.employee_id = $%d", f.EmployeeID)
	}
	if !f.EndedBefore.IsZero() {
		add("p.period_end < $%d", domain.Day(f.EndedBefore))
	}
	for _, set := range []struct {
		col string
		ids []int64
	}{{"p.employee_id", f.Employees}, {"p.office_id", f.Offices}, {"p.id", f.IDs}} {
		if len(set.ids) > 0 {
			var in string
			in, args = idsIn(set.col, set.ids, args)
			where = append(where, strings.TrimPrefix(in, " AND "))
		}
	}
	q := `SELECT ` + planCols + ` FROM plans p JOIN years y ON y.id = p.year_id`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	// A person's plans of a year in the order of their periods: readers
	// keeping one plan per person keep the latest.
	rows, err := s.q.QueryContext(ctx, q+` ORDER BY p.period_start, p.id`, args...)
	if err != nil {
		return nil, wrap(err, "list plans")
	}
	defer rows.Close()
	var out []domain.Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, wrap(err, "list plans")
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list plans")
}

// CreatePlan inserts a plan.
func (s *Store) CreatePlan(ctx context.Context, p *domain.Plan) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.timeNow().UTC()
	}
	if p.PeriodStart.IsZero() || p.PeriodEnd.IsZero() {
		p.PeriodStart, p.PeriodEnd = domain.YearBounds(p.Year)
	}
	p.PeriodStart, p.PeriodEnd = domain.Day(p.PeriodStart), domain.Day(p.PeriodEnd)
	err := s.q.QueryRowContext(ctx, `INSERT INTO plans (year_id, employee_id, position_id, office_id, kind, created_at, period_start, period_end)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.YearID, p.EmployeeID, p.PositionID, p.OfficeID, p.Kind, p.CreatedAt, p.PeriodStart, p.PeriodEnd).Scan(&p.ID)
	if err != nil {
		return wrap(err, "create plan")
	}
	return s.OfficeDataChanged(ctx, p.OfficeID)
}

const versionCols = `id, plan_id, number, status, reason, created_at, created_by, submitted_at, submitted_by, approved_at, approved_by,
	approver_name, approver_nip, returned_at, returned_by, return_comment, late, revision, approver_position`

func scanVersion(sc scanner) (domain.PlanVersion, error) {
	var v domain.PlanVersion
	var createdBy, subBy, appBy, retBy sql.NullInt64
	var subAt, appAt, retAt sql.NullTime
	err := sc.Scan(&v.ID, &v.PlanID, &v.Number, &v.Status, &v.Reason, &v.CreatedAt, &createdBy, &subAt, &subBy, &appAt, &appBy,
		&v.ApproverName, &v.ApproverNIP, &retAt, &retBy, &v.ReturnComment, &v.Late, &v.Revision, &v.ApproverPosition)
	v.CreatedBy, v.SubmittedBy, v.ApprovedBy, v.ReturnedBy = createdBy.Int64, subBy.Int64, appBy.Int64, retBy.Int64
	v.SubmittedAt, v.ApprovedAt, v.ReturnedAt = subAt.Time, appAt.Time, retAt.Time
	return v, err
}

// GetVersion returns one plan version.
func (s *Store) GetVersion(ctx context.Context, id int64) (domain.PlanVersion, error) {
	v, err := scanVersion(s.q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM plan_versions WHERE id = $1`, id))
	return v, wrap(err, "get plan version %d", id)
}

// ListVersions returns the versions of a plan, oldest first.
func (s *Store) ListVersions(ctx context.Context, planID int64) ([]domain.PlanVersion, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+versionCols+` FROM plan_versions WHERE plan_id = $1 ORDER BY number`, planID)
	if err != nil {
		return nil, wrap(err, "list versions of plan %d", planID)
	}
	defer rows.Close()
	var out []domain.PlanVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, wrap(err, "list versions of plan %d", planID)
		}
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "list versions of plan %d", planID)
}

// CreateVersion inserts a version.
func (s *Store) CreateVersion(ctx context.Context, v *domain.PlanVersion) error {
	if v.CreatedAt.IsZero() {
		v.CreatedAt = s.timeNow().UTC()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO plan_versions (plan_id, number, status, reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		v.PlanID, v.Number, v.Status, v.Reason, v.CreatedAt.UTC(), nullID(v.CreatedBy)).Scan(&v.ID)
	if err != nil {
		return wrap(err, "create plan version")
	}
	return s.bumpOfficeData(ctx, officeOfPlan, v.PlanID)
}

// UpdateVersion saves a version's workflow fields if nobody changed it since
// it was read (its revision still matches), and bumps the revision.
func (s *Store) UpdateVersion(ctx context.Context, v *domain.PlanVersion) error {
	res, err := s.q.ExecContext(ctx, `UPDATE plan_versions SET status = $1, reason = $2, submitted_at = $3, submitted_by = $4,
		approved_at = $5, approved_by = $6, approver_name = $7, approver_nip = $8, returned_at = $9, returned_by = $10,
		return_comment = $11, late = $12, approver_position = $15, revision = revision + 1 WHERE id = $13 AND revision = $14`,
		v.Status, v.Reason, nullTime(v.SubmittedAt), nullID(v.SubmittedBy), nullTime(v.ApprovedAt), nullID(v.ApprovedBy),
		v.ApproverName, v.ApproverNIP, nullTime(v.ReturnedAt), nullID(v.ReturnedBy), v.ReturnComment, v.Late, v.ID, v.Revision, v.ApproverPosition)
	if err != nil {
		return wrap(err, "update plan version %d", v.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("plan.changed_meanwhile")
	}
	v.Revision++
	return s.bumpBoth(ctx, officeOfPlan, v.PlanID)
}

// BumpVersion marks a version changed (its lines were edited), failing when
// it changed since revision was read.
func (s *Store) BumpVersion(ctx context.Context, id int64, revision int) error {
	res, err := s.q.ExecContext(ctx, `UPDATE plan_versions SET revision = revision + 1 WHERE id = $1 AND revision = $2`, id, revision)
	if err != nil {
		return wrap(err, "bump plan version %d", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("plan.changed_meanwhile")
	}
	return s.bumpOfficeData(ctx, officeOfVersion, id)
}

// CreateLine makes a new stable line identity in a plan.
func (s *Store) CreateLine(ctx context.Context, planID int64) (int64, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, `INSERT INTO plan_lines (plan_id, created_at) VALUES ($1, $2) RETURNING id`, planID, s.timeNow().UTC()).Scan(&id)
	return id, wrap(err, "create plan line")
}

// LinePlan returns the plan a line belongs to.
func (s *Store) LinePlan(ctx context.Context, lineID int64) (int64, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, `SELECT plan_id FROM plan_lines WHERE id = $1`, lineID).Scan(&id)
	return id, wrap(err, "plan of line %d", lineID)
}

// LinePlans returns the plan of each of some lines, by line.
func (s *Store) LinePlans(ctx context.Context, lineIDs []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(lineIDs))
	if len(lineIDs) == 0 {
		return out, nil
	}
	in, args := idsIn("id", lineIDs, nil)
	rows, err := s.q.QueryContext(ctx, `SELECT id, plan_id FROM plan_lines WHERE `+strings.TrimPrefix(in, " AND "), args...)
	if err != nil {
		return nil, wrap(err, "plans of lines")
	}
	defer rows.Close()
	for rows.Next() {
		var line, plan int64
		if err := rows.Scan(&line, &plan); err != nil {
			return nil, wrap(err, "plans of lines")
		}
		out[line] = plan
	}
	return out, wrap(rows.Err(), "plans of lines")
}

func optOut(n sql.NullFloat64) domain.OptFloat { return domain.OptFloat{V: n.Float64, OK: n.Valid} }

func optIn(o domain.OptFloat) any {
	if !o.OK {
		return nil
	}
	return o.V
}

// indicatorRow is where one row of indicators is read into.
type indicatorRow struct {
	in               domain.Indicator
	obj, parent      sql.NullInt64
	w, worst, pt, pr sql.NullFloat64
	t                [4]sql.NullFloat64
	scale, evidence  string
}

// indicatorColumns are the columns of indicators in the order they are read
// and written (indicatorArgs), each with where a row's value goes. figure
// marks those that figures and K3 are computed from; the others are the
// manual's texts, which overviews of a whole office leave out.
var indicatorColumns = []struct {
	name   string
	figure bool
	dest   func(r *indicatorRow) any
}{
	{"id", true, func(r *indicatorRow) any { return &r.in.ID }},
	{"version_id", true, func(r *indicatorRow) any { return &r.in.VersionID }},
	{"line_id", true, func(r *indicatorRow) any { return &r.in.LineID }},
	{"seq", true, func(r *indicatorRow) any { return &r.in.Seq }},
	{"kind", true, func(r *indicatorRow) any { return &r.in.Kind }},
	{"code", true, func(r *indicatorRow) any { return &r.in.Code }},
	{"name", true, func(r *indicatorRow) any { return &r.in.Name }},
	{"objective_id", true, func(r *indicatorRow) any { return &r.obj }},
	{"parent_line_id", true, func(r *indicatorRow) any { return &r.parent }},
	{"cascade_type", true, func(r *indicatorRow) any { return &r.in.CascadeType }},
	{"cascade_method", true, func(r *indicatorRow) any { return &r.in.CascadeMethod }},
	{"weight", true, func(r *indicatorRow) any { return &r.w }},
	{"t1", true, func(r *indicatorRow) any { return &r.t[0] }},
	{"t2", true, func(r *indicatorRow) any { return &r.t[1] }},
	{"t3", true, func(r *indicatorRow) any { return &r.t[2] }},
	{"t4", true, func(r *indicatorRow) any { return &r.t[3] }},
	{"description", false, func(r *indicatorRow) any { return &r.in.Description }},
	{"result", false, func(r *indicatorRow) any { return &r.in.Result }},
	{"purpose", false, func(r *indicatorRow) any { return &r.in.Purpose }},
	{"formula", false, func(r *indicatorRow) any { return &r.in.Formula }},
	{"unit", true, func(r *indicatorRow) any { return &r.in.Unit }},
	{"target_aspect", false, func(r *indicatorRow) any { return &r.in.TargetAspect }},
	{"validity", true, func(r *indicatorRow) any { return &r.in.Validity }},
	{"control", true, func(r *indicatorRow) any { return &r.in.Control }},
	{"responsible", false, func(r *indicatorRow) any { return &r.in.Responsible }},
	{"data_provider", false, func(r *indicatorRow) any { return &r.in.DataProvider }},
	{"data_source", false, func(r *indicatorRow) any { return &r.in.DataSource }},
	{"period_consolidation", true, func(r *indicatorRow) any { return &r.in.PeriodConsolidation }},
	{"polarity", true, func(r *indicatorRow) any { return &r.in.Polarity }},
	{"reporting_period", false, func(r *indicatorRow) any { return &r.in.ReportingPeriod }},
	{"location_consolidation", false, func(r *indicatorRow) any { return &r.in.LocationConsolidation }},
	{"max_target", true, func(r *indicatorRow) any { return &r.in.MaxTarget }},
	{"scale_json", true, func(r *indicatorRow) any { return &r.scale }},
	{"worst", true, func(r *indicatorRow) any { return &r.worst }},
	{"history_kind", true, func(r *indicatorRow) any { return &r.in.HistoryKind }},
	{"target_by_law", true, func(r *indicatorRow) any { return &r.in.TargetByLaw }},
	{"stable", true, func(r *indicatorRow) any { return &r.in.Stable }},
	{"prev_target", true, func(r *indicatorRow) any { return &r.pt }},
	{"prev_realisation", true, func(r *indicatorRow) any { return &r.pr }},
	{"evidence_json", false, func(r *indicatorRow) any { return &r.evidence }},
	{"by_location", true, func(r *indicatorRow) any { return &r.in.Manual.ByLocation }},
	{"prev_provisional", true, func(r *indicatorRow) any { return &r.in.Manual.PrevProvisional }},
}

// indicatorCols lists every column of indicators; lineFigureCols those a
// line's figures and K3 are computed from, and where it hangs in a cascade.
var indicatorCols, lineFigureCols = indicatorColumnList(false), indicatorColumnList(true)

func indicatorColumnList(figuresOnly bool) string {
	var names []string
	for _, c := range indicatorColumns {
		if c.figure || !figuresOnly {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// dests returns where Scan puts the columns of indicatorCols, or of
// lineFigureCols with figuresOnly.
func (r *indicatorRow) dests(figuresOnly bool) []any {
	out := make([]any, 0, len(indicatorColumns))
	for _, c := range indicatorColumns {
		if c.figure || !figuresOnly {
			out = append(out, c.dest(r))
		}
	}
	return out
}

// indicator turns what was read into the line.
func (r *indicatorRow) indicator() (domain.Indicator, error) {
	in := r.in
	m := &in.Manual
	in.ObjectiveID, in.ParentLineID = r.obj.Int64, r.parent.Int64
	in.Weight, m.Worst, m.PrevTarget, m.PrevRealisation = optOut(r.w), optOut(r.worst), optOut(r.pt), optOut(r.pr)
	for i := range r.t {
		in.Targets[i] = optOut(r.t[i])
	}
	if r.scale != "" {
		if err := json.Unmarshal([]byte(r.scale), &m.Scale); err != nil {
			return in, fmt.Errorf("indicator %d scale: %w", in.ID, err)
		}
	}
	if r.evidence != "" {
		if err := json.Unmarshal([]byte(r.evidence), &m.Evidence); err != nil {
			return in, fmt.Errorf("indicator %d evidence: %w", in.ID, err)
		}
	}
	return in, nil
}

func scanIndicator(sc scanner) (domain.Indicator, error) {
	var r indicatorRow
	if err := sc.Scan(r.dests(false)...); err != nil {
		return r.in, err
	}
	return r.indicator()
}

func indicatorArgs(in *domain.Indicator) ([]any, error) {
	m := &in.Manual
	scale, evidence := "", ""
	if len(m.Scale) > 0 {
		b, err := json.Marshal(m.Scale)
		if err != nil {
			return nil, err
		}
		scale = string(b)
	}
	if len(m.Evidence) > 0 {
		b, err := json.Marshal(m.Evidence)
		if err != nil {
			return nil, err
		}
		evidence = string(b)
	}
	return []any{in.VersionID, in.LineID, in.Seq, in.Kind, in.Code, in.Name, nullID(in.ObjectiveID), nullID(in.ParentLineID), in.CascadeType, in.CascadeMethod,
		optIn(in.Weight), optIn(in.Targets[0]), optIn(in.Targets[1]), optIn(in.Targets[2]), optIn(in.Targets[3]),
		m.Description, m.Result, m.Purpose, m.Formula, m.Unit, m.TargetAspect, m.Validity, m.Control, m.Responsible, m.DataProvider,
		m.DataSource, m.PeriodConsolidation, m.Polarity, m.ReportingPeriod, m.LocationConsolidation, m.MaxTarget, scale, optIn(m.Worst),
		m.HistoryKind, m.TargetByLaw, m.Stable, optIn(m.PrevTarget), optIn(m.PrevRealisation), evidence, m.ByLocation, m.PrevProvisional}, nil
}

// ListIndicators returns the lines of a version in order.
func (s *Store) ListIndicators(ctx context.Context, versionID int64) ([]domain.Indicator, error) {
	return s.listIndicators(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE version_id = $1 ORDER BY seq, id`, versionID)
}

// ListLineFiguresOfOffice returns the lines of every version of every plan
// of an office for a year, like ListLineFiguresOfVersions.
func (s *Store) ListLineFiguresOfOffice(ctx context.Context, yearID, officeID int64) ([]domain.Indicator, error) {
	return s.lineFigures(ctx, `SELECT `+prefixCols("i.", lineFigureCols)+` FROM indicators i JOIN plan_versions v ON v.id = i.version_id
		JOIN plans p ON p.id = v.plan_id WHERE p.year_id = $1 AND p.office_id = $2 ORDER BY i.version_id, i.seq, i.id`, yearID, officeID)
}

// ListLineFiguresOfVersions returns the lines of several versions with what
// their figures and K3 need and none of the manual's texts: overviews of a
// whole office read thousands of lines and show none of those texts.
func (s *Store) ListLineFiguresOfVersions(ctx context.Context, versionIDs []int64) ([]domain.Indicator, error) {
	var out []domain.Indicator
	for chunk := range idChunks(versionIDs) {
		in, args := idsIn("version_id", chunk, nil)
		lines, err := s.lineFigures(ctx, `SELECT `+lineFigureCols+` FROM indicators WHERE `+strings.TrimPrefix(in, " AND ")+` ORDER BY version_id, seq, id`, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

func (s *Store) lineFigures(ctx context.Context, q string, args ...any) ([]domain.Indicator, error) {
	return s.queryIndicators(ctx, "line figures", true, q, args...)
}

// ListIndicatorsOfVersions returns the lines of several versions at once
// (a query per maxIDs versions: a region's offices have more versions than
// a statement takes parameters).
func (s *Store) ListIndicatorsOfVersions(ctx context.Context, versionIDs []int64) ([]domain.Indicator, error) {
	var out []domain.Indicator
	for chunk := range idChunks(versionIDs) {
		in, args := idsIn("version_id", chunk, nil)
		lines, err := s.listIndicators(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE `+strings.TrimPrefix(in, " AND ")+` ORDER BY version_id, seq, id`, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

func (s *Store) listIndicators(ctx context.Context, q string, args ...any) ([]domain.Indicator, error) {
	return s.queryIndicators(ctx, "list indicators", false, q, args...)
}

// queryIndicators reads the lines q selects: every column (indicatorCols),
// or with figuresOnly those of lineFigureCols.
func (s *Store) queryIndicators(ctx context.Context, what string, figuresOnly bool, q string, args ...any) ([]domain.Indicator, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, what)
	}
	defer rows.Close()
	var out []domain.Indicator
	var r indicatorRow
	dests := r.dests(figuresOnly) // reused: Scan sets every one of them on each row
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return nil, wrap(err, what)
		}
		in, err := r.indicator()
		if err != nil {
			return nil, wrap(err, what)
		}
		out = append(out, in)
	}
	return out, wrap(rows.Err(), what)
}

// GetIndicator returns one line of one version.
func (s *Store) GetIndicator(ctx context.Context, id int64) (domain.Indicator, error) {
	in, err := scanIndicator(s.q.QueryRowContext(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = $1`, id))
	return in, wrap(err, "get indicator %d", id)
}

// CreateIndicator inserts a line into a version.
func (s *Store) CreateIndicator(ctx context.Context, in *domain.Indicator) error {
	args, err := indicatorArgs(in)
	if err != nil {
		return wrap(err, "create indicator")
	}
	cols := strings.TrimPrefix(indicatorCols, "id, ")
	err = s.q.QueryRowContext(ctx, `INSERT INTO indicators (`+cols+`) VALUES (`+placeholders(1, len(args))+`) RETURNING id`, args...).Scan(&in.ID)
	return wrap(err, "create indicator %q", in.Code)
}

// UpdateIndicator saves a line.
func (s *Store) UpdateIndicator(ctx context.Context, in *domain.Indicator) error {
	args, err := indicatorArgs(in)
	if err != nil {
		return wrap(err, "update indicator")
	}
	cols := strings.Split(strings.TrimPrefix(indicatorCols, "id, "), ",")
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = fmt.Sprintf("%s = $%d", strings.TrimSpace(c), i+1)
	}
	args = append(args, in.ID)
	if _, err = s.q.ExecContext(ctx, `UPDATE indicators SET `+strings.Join(sets, ", ")+fmt.Sprintf(` WHERE id = $%d`, len(args)), args...); err != nil {
		return wrap(err, "update indicator %d", in.ID)
	}
	return s.bumpFigures(ctx, officeOfVersion, in.VersionID)
}

// DeleteIndicator removes a line from a version.
func (s *Store) DeleteIndicator(ctx context.Context, id int64) error {
	if err := s.bumpFigures(ctx, `SELECT p.office_id FROM indicators i JOIN plan_versions v ON v.id = i.version_id
		JOIN plans p ON p.id = v.plan_id WHERE i.id = $1`, id); err != nil {
		return err
	}
	// A draft line's K3 decision goes with it; the audit chain keeps it.
	if _, err := s.q.ExecContext(ctx, `DELETE FROM k3_decisions WHERE indicator_id = $1`, id); err != nil {
		return wrap(err, "delete K3 decision of indicator %d", id)
	}
	_, err := s.q.ExecContext(ctx, `DELETE FROM indicators WHERE id = $1`, id)
	return wrap(err, "delete indicator %d", id)
}

// ChildrenOfLines returns the indicator rows (of any version) whose parent is one of the lines.
func (s *Store) ChildrenOfLines(ctx context.Context, lineIDs []int64) ([]domain.Indicator, error) {
	if len(lineIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(lineIDs))
	for i, id := range lineIDs {
		args[i] = id
	}
	return s.listIndicators(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE parent_line_id IN (`+placeholders(1, len(args))+`) ORDER BY id`, args...)
}

// AddComment stores a comment.
func (s *Store) AddComment(ctx context.Context, c *domain.Comment) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.timeNow().UTC()
	}
	err := s.q.QueryRowContext(ctx, `INSERT INTO comments (entity, entity_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		c.Entity, c.EntityID, c.AuthorID, c.Body, c.CreatedAt).Scan(&c.ID)
	return wrap(err, "add comment")
}

// ListComments returns the thread of an object, oldest first.
func (s *Store) ListComments(ctx context.Context, entity string, entityID int64) ([]domain.Comment, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, entity, entity_id, author_id, body, created_at FROM comments WHERE entity = $1 AND entity_id = $2 ORDER BY id`, entity, entityID)
	if err != nil {
		return nil, wrap(err, "list comments")
	}
	defer rows.Close()
	var out []domain.Comment
	for rows.Next() {
		var c domain.Comment
		if err := rows.Scan(&c.ID, &c.Entity, &c.EntityID, &c.AuthorID, &c.Body, &c.CreatedAt); err != nil {
			return nil, wrap(err, "list comments")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list comments")
}

// CountLinesOfOffice returns the number of lines of every version of an
// office's plans for a year (only some employees' plans, when given).
func (s *Store) CountLinesOfOffice(ctx context.Context, yearID, officeID int64, employees ...int64) (map[int64]int, error) {
	of, args := officePlans(yearID, officeID, employees)
	rows, err := s.q.QueryContext(ctx, `SELECT i.version_id, COUNT(*) FROM indicators i JOIN plan_versions v ON v.id = i.version_id
		JOIN plans p ON p.id = v.plan_id WHERE `+of+` GROUP BY i.version_id`, args...)
	if err != nil {
		return nil, wrap(err, "count lines of office %d", officeID)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap(err, "count lines of office %d", officeID)
		}
		out[id] = n
	}
	return out, wrap(rows.Err(), "count lines of office %d", officeID)
}

// ListVersionsOfOffice returns every version of every plan of an office for a
// year, ordered by plan and number; with employees, only their plans'.
func (s *Store) ListVersionsOfOffice(ctx context.Context, yearID, officeID int64, employees ...int64) ([]domain.PlanVersion, error) {
	of, args := officePlans(yearID, officeID, employees)
	rows, err := s.q.QueryContext(ctx, `SELECT `+prefixCols("v.", versionCols)+` FROM plan_versions v JOIN plans p ON p.id = v.plan_id
		WHERE `+of+` ORDER BY v.plan_id, v.number`, args...)
	if err != nil {
		return nil, wrap(err, "versions of office %d", officeID)
	}
	defer rows.Close()
	var out []domain.PlanVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, wrap(err, "versions of office %d", officeID)
		}
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "versions of office %d", officeID)
}

// ListVersionsOfOffices returns the versions of every plan of some offices
// for a year, oldest first per plan, in one query.
func (s *Store) ListVersionsOfOffices(ctx context.Context, yearID int64, officeIDs []int64) ([]domain.PlanVersion, error) {
	if len(officeIDs) == 0 {
		return nil, nil
	}
	in, args := idsIn("p.office_id", officeIDs, []any{yearID})
	rows, err := s.q.QueryContext(ctx, `SELECT `+prefixCols("v.", versionCols)+` FROM plan_versions v JOIN plans p ON p.id = v.plan_id
		WHERE p.year_id = $1`+in+` ORDER BY v.plan_id, v.number`, args...)
	if err != nil {
		return nil, wrap(err, "versions of offices")
	}
	defer rows.Close()
	var out []domain.PlanVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, wrap(err, "versions of offices")
		}
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "versions of offices")
}

// prefixCols qualifies a column list with a table alias.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// CountComments counts comments per object of an entity kind.
func (s *Store) CountComments(ctx context.Context, entity string) (map[int64]int, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT entity_id, COUNT(*) FROM comments WHERE entity = $1 GROUP BY entity_id`, entity)
	if err != nil {
		return nil, wrap(err, "count comments")
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap(err, "count comments")
		}
		out[id] = n
	}
	return out, wrap(rows.Err(), "count comments")
}

package service

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// PlanView is a plan version as its viewer sees it: lines with derived
// figures, history, and what the viewer may do.
type PlanView struct {
	Plan      domain.Plan
	Year      domain.Year
	Employee  domain.Employee
	Position  domain.Position
	Unit      domain.Unit
	Office    domain.Unit
	Versions  []domain.PlanVersion
	Version   domain.PlanVersion // the version shown
	Latest    bool               // the version shown is the newest
	Lines     []LineView
	Approvers []domain.Employee // who may approve an SKP (a PK: its second party, in Signatories)
	// Signatories are the two parties of a PK (nil for an SKP).
	Signatories *Signatories
	Due         time.Time // when the first version is due (see planDue)
	Limits      [2]int    // allowed number of lines (min, max)
	Warnings    []domain.Msg
	Perm        PlanPerm
}

// planOwner is who a plan belongs to, as the head of its pages (plan, sheet,
// report) shows them: the employee, the position the plan was made for with
// its unit, and the office. The views keep them as fields of their own, which
// templates read faster than promoted ones.
func planOwner(c *domain.Chart, p domain.Plan) (e domain.Employee, pos domain.Position, unit, office domain.Unit) {
	if x := c.Employees[p.EmployeeID]; x != nil {
		e = *x
	}
	if x := c.Positions[p.PositionID]; x != nil {
		pos = *x
		if u := c.Units[x.UnitID]; u != nil {
			unit = *u
		}
	}
	if x := c.Units[p.OfficeID]; x != nil {
		office = *x
	}
	return e, pos, unit, office
}

// PlanPerm lists what the viewer may do with the version shown.
type PlanPerm struct {
	Edit, Submit, Approve, Return, Amend, Cascade bool
}

// LineView is one line of a plan version with what is derived from it.
type LineView struct {
	domain.Indicator
	Annual    calc.Opt
	ToDate    [4]calc.Opt
	Objective domain.Objective
	Parent    *ParentRef
	Children  int
	K3        *calc.K3Result
	K3Problem string // why K3 cannot be computed yet (message key)
}

// ParentRef names the line an IKI is cascaded from.
type ParentRef struct {
	LineID   int64
	PlanID   int64
	Code     string
	Name     string
	Owner    string
	Kind     domain.IndicatorKind
	Targets  [4]calc.Opt
	Method   string
	Manual   domain.Manual
	Objectve int64
}

// planContext gathers what every plan operation needs.
type planContext struct {
	chart    *domain.Chart
	plan     domain.Plan
	year     domain.Year
	rules    *calc.RuleSet
	versions []domain.PlanVersion
}

func (pc *planContext) latest() domain.PlanVersion { return pc.versions[len(pc.versions)-1] }

func (pc *planContext) version(id int64) (domain.PlanVersion, bool) {
	for _, v := range pc.versions {
		if v.ID == id {
			return v, true
		}
	}
	return domain.PlanVersion{}, false
}

// lastApproved returns the newest approved version.
func (pc *planContext) lastApproved() (domain.PlanVersion, bool) {
	for i := len(pc.versions) - 1; i >= 0; i-- {
		if pc.versions[i].Status == domain.PlanApproved {
			return pc.versions[i], true
		}
	}
	return domain.PlanVersion{}, false
}

// loadPlan gathers a plan with the org chart of its period's day (see
// planDay), by which its owner's supervisor and every right is judged.
func (s *Service) loadPlan(ctx context.Context, st *store.Store, planID int64) (*planContext, error) {
	p, err := st.GetPlan(ctx, planID)
	if err != nil {
		return nil, err
	}
	c, err := s.chartFor(ctx, p)
	if err != nil {
		return nil, err
	}
	getYear := st.GetYear
	if st == s.store {
		getYear = s.yearNumbered // read once per read-only request
	}
	y, err := getYear(ctx, p.Year)
	if err != nil {
		return nil, err
	}
	rs, err := s.RuleSet(y)
	if err != nil {
		return nil, err
	}
	vs, err := st.ListVersions(ctx, planID)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, domain.ErrNotFound
	}
	return &planContext{chart: c, plan: p, year: y, rules: rs, versions: vs}, nil
}

// positionKindOf is the rule-set name of a position kind for IKI limits.
func positionKindOf(k domain.PositionKind) string {
	switch k {
	case domain.PosAdministrator:
		return calc.PositionAdministrator
	case domain.PosPengawas:
		return calc.PositionPengawas
	case domain.PosFungsional:
		return calc.PositionFungsional
	}
	return calc.PositionPelaksana
}

func (pc *planContext) limits() (int, int) {
	if pc.plan.Kind == domain.PlanPK {
		return 1, pc.rules.MaxIKU()
	}
	pos := pc.chart.Positions[pc.plan.PositionID]
	if p, ok := pc.chart.Primary(pc.plan.EmployeeID); ok {
		pos = p
	}
	if pos == nil {
		return pc.rules.IKILimits(calc.PositionPelaksana)
	}
	return pc.rules.IKILimits(positionKindOf(pos.Kind))
}

// OpenPlan returns the plan of an employee for a year in force today (or
// at the year's nearest end), creating it with a first draft version for
// the post held when there is none. The head of an office gets a PK,
// everybody else an SKP. Plans of earlier posts stay as they are.
func (s *Service) OpenPlan(ctx context.Context, a authz.Actor, year int, employeeID int64) (domain.Plan, error) {
	p, _, err := s.OpenPlanNew(ctx, a, year, employeeID)
	return p, err
}

// OpenPlanNew is OpenPlan telling whether the plan was created now.
func (s *Service) OpenPlanNew(ctx context.Context, a authz.Actor, year int, employeeID int64) (domain.Plan, bool, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Plan{}, false, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return domain.Plan{}, false, err
	}
	from, to := domain.YearBounds(year)
	ref := s.Today()
	if ref.Before(from) {
		ref = from
	} else if ref.After(to) {
		ref = to
	}
	rc := c
	if !ref.Equal(c.Day) {
		if rc, err = s.ChartOn(ctx, ref); err != nil {
			return domain.Plan{}, false, err
		}
	}
	cur, placed := currentPost(rc, employeeID)
	p, err := planOn(ctx, s.store, y.ID, employeeID, ref)
	switch {
	case err == nil && (p.Covers(ref) || !placed):
		if !s.canSeePlan(ctx, a, p) {
			return domain.Plan{}, false, domain.ErrForbidden
		}
		return p, false, nil
	case err != nil && !errors.Is(err, domain.ErrNotFound):
		return domain.Plan{}, false, err
	case !placed:
		return domain.Plan{}, false, domain.Refuse("plan.not_placed")
	}
	start := cur.StartDate
	if err == nil && !p.PeriodEnd.Before(start) {
		// A plan of the year reaches into this post: the new one starts after it.
		start = p.PeriodEnd.AddDate(0, 0, 1)
	}
	p, ok := newPlanFor(rc, y, employeeID, cur.PositionID, start, cur.EndDate)
	if !ok {
		return domain.Plan{}, false, domain.Refuse("plan.no_office")
	}
	// Opening a draft is allowed to whoever may edit it, and to the
	// supervisor who cascades indicators down.
	if !authz.CanEditPlan(a, rc, p) && !authz.IsSupervisorOf(a, rc, employeeID) {
		return domain.Plan{}, false, domain.ErrForbidden
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		return s.createPlan(ctx, tx, a, &p)
	})
	return p, err == nil, err
}

// currentPost returns the definitive assignment an employee holds on the chart's day.
func currentPost(c *domain.Chart, emp int64) (domain.Assignment, bool) {
	for _, h := range c.HeldBy(emp) {
		if h.Acting == domain.ActingNone {
			return h.Assignment, true
		}
	}
	return domain.Assignment{}, false
}

func (s *Service) createPlan(ctx context.Context, tx *store.Store, a authz.Actor, p *domain.Plan) error {
	if err := p.CheckPeriod(); err != nil {
		return err
	}
	p.CreatedAt = s.now()
	if err := tx.CreatePlan(ctx, p); err != nil {
		return err
	}
	v := domain.PlanVersion{PlanID: p.ID, Number: 1, Status: domain.PlanDraft, CreatedBy: a.User.ID, CreatedAt: s.now()}
	if err := tx.CreateVersion(ctx, &v); err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.act(a), "plan.create", "plan", p.ID, nil, p)
}

// GetPlan returns a plan version for viewing (versionID 0: the newest).
func (s *Service) GetPlan(ctx context.Context, a authz.Actor, planID, versionID int64) (PlanView, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return PlanView{}, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return PlanView{}, domain.ErrForbidden
	}
	v := pc.latest()
	if versionID != 0 {
		var ok bool
		if v, ok = pc.version(versionID); !ok {
			return PlanView{}, domain.ErrNotFound
		}
	}
	return s.planView(ctx, a, pc, v)
}

func (s *Service) planView(ctx context.Context, a authz.Actor, pc *planContext, v domain.PlanVersion) (PlanView, error) {
	c := pc.chart
	view := PlanView{Plan: pc.plan, Year: pc.year, Versions: pc.versions, Version: v, Latest: v.ID == pc.latest().ID}
	view.Employee, view.Position, view.Unit, view.Office = planOwner(c, pc.plan)
	view.Approvers = approversOf(c, pc.plan)
	view.Due = planDue(pc.year, pc.plan)
	if pc.plan.Kind == domain.PlanPK {
		sg, err := s.pkSignatories(ctx, c, view)
		if err != nil {
			return view, err
		}
		view.Signatories = &sg
	}
	lo, hi := pc.limits()
	view.Limits = [2]int{lo, hi}
	lines, err := s.store.ListIndicators(ctx, v.ID)
	if err != nil {
		return view, err
	}
	lvs, err := s.lineViews(ctx, pc, lines)
	if err != nil {
		return view, err
	}
	view.Lines = lvs
	editable := view.Latest && v.Status.Editable()
	canEdit := authz.CanEditPlan(a, c, pc.plan)
	canApprove := authz.CanApprovePlan(a, c, pc.plan)
	_, hasApproved := pc.lastApproved()
	view.Perm = PlanPerm{
		Edit:    editable && canEdit,
		Submit:  editable && canEdit && len(lines) > 0,
		Approve: view.Latest && v.Status == domain.PlanSubmitted && canApprove,
		Return:  view.Latest && v.Status == domain.PlanSubmitted && canApprove,
		Amend:   view.Latest && v.Status == domain.PlanApproved && canEdit && hasApproved,
		Cascade: len(c.Subordinates(pc.plan.EmployeeID)) > 0 && (a.EmployeeID() == pc.plan.EmployeeID || canEdit) && !authz.ReadOnly(a),
	}
	view.Warnings = planWarnings(pc, lvs)
	return view, nil
}

// planWarnings are things to fix before submitting: too few or too many
// lines, missing parents.
func planWarnings(pc *planContext, lines []LineView) []domain.Msg {
	var out []domain.Msg
	lo, hi := pc.limits()
	if len(lines) < lo {
		out = append(out, domain.M("plan.too_few", "min", lo, "n", len(lines)))
	}
	if len(lines) > hi {
		out = append(out, domain.M("plan.too_many", "max", hi, "n", len(lines)))
	}
	for _, l := range lines {
		if l.Kind == domain.IKI && l.ParentLineID == 0 && l.CascadeType != domain.CascadeNone {
			out = append(out, domain.M("plan.line_without_parent", "code", l.Code))
		}
		if l.K3Problem != "" {
			out = append(out, domain.M("plan.line_incomplete", "code", l.Code))
		}
	}
	return out
}

// lineViews derives annual and to-date targets, parents and K3 of lines.
func (s *Service) lineViews(ctx context.Context, pc *planContext, lines []domain.Indicator) ([]LineView, error) {
	out := make([]LineView, len(lines))
	var parentIDs, lineIDs []int64
	for i, l := range lines {
		out[i] = LineView{Indicator: l}
		cons := calc.Consolidation(l.PeriodConsolidation)
		if cons.Valid() {
			out[i].Annual = calc.AnnualTarget(cons, l.Targets)
			for q := 1; q <= 4; q++ {
				out[i].ToDate[q-1] = calc.ToDate(cons, l.Targets, q)
			}
		}
		k3, problem := s.k3Of(pc.rules, l, out[i].Annual)
		out[i].K3, out[i].K3Problem = k3, problem
		if l.ParentLineID != 0 {
			parentIDs = append(parentIDs, l.ParentLineID)
		}
		lineIDs = append(lineIDs, l.LineID)
	}
	if m, err := s.store.GetStrategyMap(ctx, pc.year.ID, pc.plan.OfficeID); err == nil {
		for i := range out {
			if o, ok := m.Objective(out[i].ObjectiveID); ok {
				out[i].Objective = o
			}
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	parents, err := s.parentRefs(ctx, pc.chart, parentIDs)
	if err != nil {
		return nil, err
	}
	children, err := s.store.ChildrenOfLines(ctx, lineIDs)
	if err != nil {
		return nil, err
	}
	// Count each child line once, whatever number of versions it has.
	seen := map[int64]bool{}
	count := map[int64]int{}
	for _, ch := range children {
		if !seen[ch.LineID] {
			seen[ch.LineID] = true
			count[ch.ParentLineID]++
		}
	}
	for i := range out {
		out[i].Parent = parents[out[i].ParentLineID]
		out[i].Children = count[out[i].LineID]
	}
	return out, nil
}

// k3Input is the K3 input of a line; false when its manual lacks what K3 needs.
func k3Input(l domain.Indicator, annual calc.Opt) (calc.K3Input, bool) {
	in := calc.K3Input{Validity: calc.Validity(l.Validity), Control: calc.Control(l.Control), Polarity: calc.Polarity(l.Polarity),
		History: calc.History(l.HistoryKind), Target: annual, PrevTarget: l.PrevTarget, PrevRealisation: l.PrevRealisation,
		TargetByLaw: l.TargetByLaw, Stable: l.Stable}
	return in, in.Validity.Valid() && in.Control.Valid() && in.Polarity.Valid() && in.History.Valid()
}

// k3Of computes the K3 of a line, or says what the manual still lacks.
func (s *Service) k3Of(rs *calc.RuleSet, l domain.Indicator, annual calc.Opt) (*calc.K3Result, string) {
	in, ok := k3Input(l, annual)
	if !ok {
		return nil, "k3.manual_incomplete"
	}
	r, err := rs.K3(in, true)
	if err != nil {
		return nil, "k3.not_computable"
	}
	return &r, ""
}

// parentRefs loads the lines that IKIs are cascaded from (their newest version).
func (s *Service) parentRefs(ctx context.Context, c *domain.Chart, lineIDs []int64) (map[int64]*ParentRef, error) {
	out := map[int64]*ParentRef{}
	for _, id := range lineIDs {
		if _, done := out[id]; done || id == 0 {
			continue
		}
		ref, err := s.lineRef(ctx, s.store, c, id)
		if err != nil {
			if errors.Is(err, domain.ErrNotFound) {
				continue
			}
			return nil, err
		}
		out[id] = ref
	}
	return out, nil
}

// lineRef returns a line's content in the newest version of its plan that has it.
func (s *Service) lineRef(ctx context.Context, st *store.Store, c *domain.Chart, lineID int64) (*ParentRef, error) {
	planID, err := st.LinePlan(ctx, lineID)
	if err != nil {
		return nil, err
	}
	vs, err := st.ListVersions(ctx, planID)
	if err != nil {
		return nil, err
	}
	p, err := st.GetPlan(ctx, planID)
	if err != nil {
		return nil, err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		lines, err := st.ListIndicators(ctx, vs[i].ID)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			if l.LineID == lineID {
				owner := ""
				if e := c.Employees[p.EmployeeID]; e != nil {
					owner = e.Name
				}
				return &ParentRef{LineID: lineID, PlanID: planID, Code: l.Code, Name: l.Name, Owner: owner, Kind: l.Kind,
					Targets: l.Targets, Method: l.CascadeMethod, Manual: l.Manual, Objectve: l.ObjectiveID}, nil
			}
		}
	}
	return nil, domain.ErrNotFound
}

// ListPlans returns the plans of an office for a year that the viewer may see.
func (s *Service) ListPlans(ctx context.Context, a authz.Actor, year int, officeID int64) ([]PlanSummary, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	// Those who do not read the whole office see their own plan and those
	// of the people below them: only those rows are read.
	var only []int64
	reader := authz.CanInScope(a, c, authz.OfficeRead, officeID) || (officeID == 0 && authz.Can(a, authz.OfficeRead))
	if me := a.EmployeeID(); !reader && !c.Heads(c.EmployeeOffice(me), me) {
		if only = append(c.AllBelow(me), me); me == 0 {
			return nil, nil
		}
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: officeID, Employees: only})
	if err != nil {
		return nil, err
	}
	if only != nil {
		// Plans that ended (people who moved or left) are judged by the
		// chart of their period: a former supervisor keeps them.
		ended, err := s.plansEnded(ctx, y.ID, officeID)
		if err != nil {
			return nil, err
		}
		for _, p := range ended {
			if !slices.ContainsFunc(plans, func(x domain.Plan) bool { return x.ID == p.ID }) && s.canSeePlan(ctx, a, p) {
				plans = append(plans, p)
				only = append(only, p.EmployeeID)
			}
		}
	}
	// Versions and line counts come office by office (officeID 0 lists
	// every office the viewer may see), a query each rather than one per plan.
	byPlan := map[int64][]domain.PlanVersion{}
	counts := map[int64]int{}
	offices := map[int64]bool{}
	for _, p := range plans {
		offices[p.OfficeID] = true
	}
	for off := range offices {
		versions, err := s.store.ListVersionsOfOffice(ctx, y.ID, off, only...)
		if err != nil {
			return nil, err
		}
		for _, v := range versions {
			byPlan[v.PlanID] = append(byPlan[v.PlanID], v)
		}
		n, err := s.store.CountLinesOfOffice(ctx, y.ID, off, only...)
		if err != nil {
			return nil, err
		}
		maps.Copy(counts, n)
	}
	var out []PlanSummary
	for _, p := range plans {
		if !s.canSeePlan(ctx, a, p) {
			continue
		}
		vs := byPlan[p.ID]
		if len(vs) == 0 {
			continue
		}
		ps := PlanSummary{Plan: p, Latest: vs[len(vs)-1]}
		if e := c.Employees[p.EmployeeID]; e != nil {
			ps.Employee = *e
		}
		if pos := c.Positions[p.PositionID]; pos != nil {
			ps.Position = *pos
		}
		for _, v := range vs {
			if v.Status == domain.PlanApproved {
				ps.Approved = true
			}
		}
		ps.Lines = counts[ps.Latest.ID]
		if pc, err := s.chartFor(ctx, p); err == nil {
			ps.Approvers = approversOf(pc, p)
		}
		out = append(out, ps)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Plan.Kind != out[j].Plan.Kind {
			return out[i].Plan.Kind == domain.PlanPK
		}
		if out[i].Position.ID != out[j].Position.ID {
			return out[i].Position.ID < out[j].Position.ID
		}
		return out[i].Plan.PeriodStart.Before(out[j].Plan.PeriodStart)
	})
	return out, nil
}

// PlanSummary is one row of a list of plans.
type PlanSummary struct {
	Plan     domain.Plan
	Employee domain.Employee
	Position domain.Position
	Latest   domain.PlanVersion
	Approved bool // some version is approved
	Lines    int
	// Approvers approve the SKP and validate its sheets: the owner's
	// supervisors in the plan's period (none listed for a PK).
	Approvers []domain.Employee
}

// approversOf lists who approves a plan by the chart of its period.
func approversOf(c *domain.Chart, p domain.Plan) []domain.Employee {
	var out []domain.Employee
	if p.Kind == domain.PlanSKP {
		for _, id := range c.Supervisors(p.EmployeeID) {
			if e := c.Employees[id]; e != nil {
				out = append(out, *e)
			}
		}
	}
	return out
}

// LineInput is a plan line as typed: indicator, manual and targets.
type LineInput struct {
	Code          string
	Name          string
	ObjectiveID   int64
	ParentLineID  int64
	CascadeType   string
	CascadeMethod string
	Weight        calc.Opt
	Targets       [4]calc.Opt
	AnnualTarget  calc.Opt // optional; must agree with the targets
	Manual        domain.Manual
}

// editableVersion checks that the newest version is a draft the actor may edit.
func (s *Service) editableVersion(a authz.Actor, pc *planContext, versionID int64, revision int) (domain.PlanVersion, error) {
	if !authz.CanEditPlan(a, pc.chart, pc.plan) {
		return domain.PlanVersion{}, domain.ErrForbidden
	}
	v := pc.latest()
	if versionID != 0 && v.ID != versionID {
		return v, domain.Refuse("plan.not_latest")
	}
	if !v.Status.Editable() {
		return v, domain.Refuse("plan.frozen", "status", string(v.Status))
	}
	if revision >= 0 && v.Revision != revision {
		return v, domain.Conflict("plan.changed_meanwhile")
	}
	return v, nil
}

// SaveLine adds (lineID 0) or changes a line of the newest draft version.
// revision is the version's revision the form was built from (-1: don't check).
// A change that leaves the line as it is stored writes nothing and keeps the
// revision, whatever revision it carries: it is a client's retry of a change
// already made, or a form sent again.
func (s *Service) SaveLine(ctx context.Context, a authz.Actor, planID, lineID int64, revision int, in LineInput) (domain.Indicator, error) {
	v, lines, old, ind, err := s.prepareLine(ctx, a, planID, lineID, -1, in)
	if err != nil {
		if ve := (*domain.ValidationError)(nil); revision >= 0 && v.Revision != revision && errors.As(err, &ve) {
			return ind, domain.Conflict("plan.changed_meanwhile")
		}
		return ind, err
	}
	if old != nil {
		ind.ID, ind.VersionID, ind.LineID, ind.Seq = old.ID, old.VersionID, old.LineID, old.Seq
		// Provisional previous-year figures stay so, to be refreshed when
		// that year closes, until someone types others (SPEC §15).
		ind.PrevProvisional = old.PrevProvisional && ind.PrevTarget == old.PrevTarget && ind.PrevRealisation == old.PrevRealisation
		if sameLine(*old, ind) {
			return *old, nil
		}
	}
	if revision >= 0 && v.Revision != revision {
		return ind, domain.Conflict("plan.changed_meanwhile")
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.BumpVersion(ctx, v.ID, v.Revision); err != nil {
			return err
		}
		ind.VersionID = v.ID
		if old == nil {
			id, err := tx.CreateLine(ctx, planID)
			if err != nil {
				return err
			}
			ind.LineID, ind.Seq = id, len(lines)+1
			if err := tx.CreateIndicator(ctx, &ind); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.act(a), "plan.line_create", "plan_line", ind.LineID, nil, ind); err != nil {
				return err
			}
		} else {
			ind.ID, ind.LineID, ind.Seq = old.ID, old.LineID, old.Seq
			if err := tx.UpdateIndicator(ctx, &ind); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.act(a), "plan.line_update", "plan_line", ind.LineID, *old, ind); err != nil {
				return err
			}
		}
		return s.syncFullChildren(ctx, tx, a, ind)
	})
	return ind, err
}

// CheckLine validates a line as SaveLine does and saves nothing. A form
// that could not read some of its numbers asks it, so that it reports
// everything else that is wrong with the line at the same time instead of
// on the next submission.
func (s *Service) CheckLine(ctx context.Context, a authz.Actor, planID, lineID int64, revision int, in LineInput) error {
	_, _, _, _, err := s.prepareLine(ctx, a, planID, lineID, revision, in)
	return err
}

// prepareLine loads the newest draft version and its lines, and builds the
// line from the input with every problem of the input in one
// ValidationError.
func (s *Service) prepareLine(ctx context.Context, a authz.Actor, planID, lineID int64, revision int, in LineInput) (
	v domain.PlanVersion, lines []domain.Indicator, old *domain.Indicator, ind domain.Indicator, err error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return v, nil, nil, ind, err
	}
	if v, err = s.editableVersion(a, pc, 0, revision); err != nil {
		return v, nil, nil, ind, err
	}
	if lines, err = s.store.ListIndicators(ctx, v.ID); err != nil {
		return v, nil, nil, ind, err
	}
	for i := range lines {
		if lines[i].LineID == lineID && lineID != 0 {
			old = &lines[i]
		}
	}
	if lineID != 0 && old == nil {
		return v, nil, nil, ind, domain.ErrNotFound
	}
	if old == nil {
		if _, hi := pc.limits(); len(lines) >= hi {
			return v, nil, nil, ind, domain.Refuse("plan.limit_reached", "max", hi)
		}
	}
	ind, err = s.buildLine(ctx, pc, in, old)
	ve := &domain.ValidationError{}
	if err != nil && !errors.As(err, &ve) {
		return v, nil, nil, ind, err
	}
	for _, l := range lines {
		if l.LineID != lineID && strings.EqualFold(l.Code, ind.Code) {
			ve.Addf("code", "plan.code_taken")
		}
	}
	return v, lines, old, ind, ve.Err()
}

// buildLine validates a line against the manual rules, the rule set, the
// strategy map and the cascade, and returns it ready to store. The checks run
// in the order their messages are listed.
func (s *Service) buildLine(ctx context.Context, pc *planContext, in LineInput, old *domain.Indicator) (domain.Indicator, error) {
	v := &domain.ValidationError{}
	ind := domain.Indicator{Kind: domain.IKU, CascadeType: strings.TrimSpace(in.CascadeType), CascadeMethod: strings.TrimSpace(in.CascadeMethod),
		Weight: in.Weight, Targets: in.Targets, Manual: in.Manual, ObjectiveID: in.ObjectiveID, ParentLineID: in.ParentLineID}
	if pc.plan.Kind == domain.PlanSKP {
		ind.Kind, ind.ByLocation = domain.IKI, false
	}
	ind.Code = textField(v, "code", in.Code, true, 32)
	ind.Name = textField(v, "name", in.Name, true, 400)
	parent, err := s.lineCascade(ctx, v, pc, &ind)
	if err != nil {
		return ind, err
	}
	if !contains(domain.CascadeTypes, ind.CascadeType) {
		v.Addf("cascade_type", "err.choose")
	}
	if parent != nil && ind.CascadeMethod == domain.MethodFull {
		// Name, manual and targets come from the parent; what was typed for them is ignored.
		byLocation, result := ind.ByLocation, ind.Result
		ind.Name, ind.Targets, ind.Manual = parent.Name, parent.Targets, parent.Manual
		ind.ByLocation = byLocation && ind.Kind == domain.IKU
		ind.Result = result // the work result is the child's own
		in.AnnualTarget = calc.Opt{}
		if old != nil && old.CascadeMethod == domain.MethodFull && old.Targets != in.Targets && in.Targets != ([4]calc.Opt{}) && in.Targets != parent.Targets {
			v.Addf("targets", "plan.full_cascade_targets")
		}
	}
	s.validateManual(v, pc.rules, &ind)
	anyTarget := validateLineNumbers(v, &ind, in.AnnualTarget)
	if err := checkLineWithEngine(v, pc.rules, &ind, anyTarget); err != nil {
		return ind, err
	}
	return ind, v.Err()
}

// lineCascade checks where a line hangs. An IKI points to an IKU of the
// office's PK or an IKI of the supervisor's SKP (and a full cascade copies
// name, manual and targets from that parent, which it returns), or, not
// cascaded, at most to an objective of the map; an IKU to an objective.
func (s *Service) lineCascade(ctx context.Context, v *domain.ValidationError, pc *planContext, ind *domain.Indicator) (*ParentRef, error) {
	switch {
	case ind.Kind == domain.IKI && ind.CascadeType != domain.CascadeNone:
		return s.lineParent(ctx, v, pc, ind)
	case ind.Kind == domain.IKI:
		ind.ParentLineID, ind.CascadeMethod = 0, ""
		if ind.ObjectiveID == 0 {
			return nil, nil
		}
		return nil, s.checkLineObjective(ctx, v, pc, ind.ObjectiveID)
	default: // an IKU: its parent, if any, is an IKU of the office above
		if ind.CascadeType == "" {
			ind.CascadeType = domain.CascadePeta
		}
		var parent *ParentRef
		if ind.ParentLineID == 0 {
			ind.CascadeMethod = ""
		} else if err := s.ikuParent(ctx, pc, v, ind, &parent); err != nil {
			return nil, err
		}
		if ind.ByLocation && len(pc.chart.LowerOffices(pc.plan.OfficeID)) == 0 {
			v.Addf("by_location", "hier.by_location_no_lower")
		}
		return parent, s.checkLineObjective(ctx, v, pc, ind.ObjectiveID)
	}
}

// lineParent checks the parent line of a cascaded IKI.
func (s *Service) lineParent(ctx context.Context, v *domain.ValidationError, pc *planContext, ind *domain.Indicator) (*ParentRef, error) {
	if ind.CascadeType == "" {
		ind.CascadeType = domain.CascadePeta
	}
	if ind.ParentLineID == 0 {
		v.Addf("parent_line_id", "plan.parent_required")
		return nil, nil
	}
	var parent *ParentRef
	p, err := s.checkParent(ctx, pc, ind.ParentLineID)
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve):
		// Reported with the rest of the input's problems.
		for _, f := range ve.Order() {
			v.Add(f, ve.Fields[f])
		}
	case err != nil:
		return nil, err
	default:
		parent = p
		ind.ObjectiveID = p.Objectve
	}
	if ind.CascadeMethod != domain.MethodFull && ind.CascadeMethod != domain.MethodPartial {
		v.Addf("cascade_method", "err.choose")
	}
	return parent, nil
}

// checkLineObjective requires the objective to be one of the office's map.
func (s *Service) checkLineObjective(ctx context.Context, v *domain.ValidationError, pc *planContext, objectiveID int64) error {
	m, err := s.store.GetStrategyMap(ctx, pc.year.ID, pc.plan.OfficeID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if _, ok := m.Objective(objectiveID); !ok {
		v.Addf("objective_id", "plan.objective_required")
	}
	return nil
}

// validateLineNumbers checks the weight, the quarter targets and a typed
// annual target against the one the targets give; it tells whether any
// quarter has a target.
func validateLineNumbers(v *domain.ValidationError, ind *domain.Indicator, annual calc.Opt) bool {
	if ind.Weight.OK && v.Number("weight", ind.Weight.V) && ind.Weight.V < 0 {
		v.Addf("weight", "plan.weight_range")
	}
	cons := calc.Consolidation(ind.PeriodConsolidation)
	anyTarget := false
	for q, t := range ind.Targets {
		if t.OK {
			anyTarget = true
			v.Number(targetField(q), t.V)
		}
	}
	if !anyTarget {
		v.Addf("targets", "plan.no_target")
	}
	if annual.OK && v.Number("annual_target", annual.V) && cons.Valid() && anyTarget && !v.Has("t1") && !v.Has("t2") && !v.Has("t3") && !v.Has("t4") {
		derived := calc.AnnualTarget(cons, ind.Targets)
		if !derived.OK || math.Abs(derived.V-annual.V) > 1e-9*math.Max(1, math.Abs(derived.V)) {
			v.Addf("annual_target", "plan.annual_disagrees", "derived", derived.V)
		}
	}
	return anyTarget
}

// checkLineWithEngine: finally the rule engine must accept the line (zero
// targets, scales…), asked as soon as what it reads is valid, so that its
// objections come with the other problems of the input and not on the next
// submission.
func checkLineWithEngine(v *domain.ValidationError, rules *calc.RuleSet, ind *domain.Indicator, anyTarget bool) error {
	cons := calc.Consolidation(ind.PeriodConsolidation)
	engineReady := anyTarget && calc.Polarity(ind.Polarity).Valid() && cons.Valid()
	for _, f := range []string{"t1", "t2", "t3", "t4", "targets", "worst", "scale"} {
		engineReady = engineReady && !v.Has(f)
	}
	if !engineReady {
		return nil
	}
	ci := calc.Indicator{Polarity: calc.Polarity(ind.Polarity), Consolidation: cons, Targets: ind.Targets,
		MaxTarget: ind.MaxTarget, Worst: ind.Worst, Scale: ind.Scale}
	if _, err := rules.Evaluate(ci, false); err != nil {
		var ie *calc.InputError
		if !errors.As(err, &ie) {
			return err
		}
		v.Add(calcField(ie.Field), domain.Msg{Texts: map[string]string{"id": ie.Message("id"), "en": ie.Message("en")}})
	}
	return nil
}

func targetField(q int) string { return []string{"t1", "t2", "t3", "t4"}[q] }

// calcField maps a rule-engine input path to a form field.
func calcField(f string) string {
	switch {
	case strings.HasPrefix(f, "targets["):
		if len(f) > 8 {
			switch f[8] {
			case '0':
				return "t1"
			case '1':
				return "t2"
			case '2':
				return "t3"
			case '3':
				return "t4"
			}
		}
		return "targets"
	case f == "worst":
		return "worst"
	case strings.HasPrefix(f, "stabilize_scale"):
		return "scale"
	case f == "polarity":
		return "polarity"
	case f == "consolidation":
		return "period_consolidation"
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// validateManual checks every manual field of SPEC §6 against its allowed values.
func (s *Service) validateManual(v *domain.ValidationError, rs *calc.RuleSet, ind *domain.Indicator) {
	m := &ind.Manual
	m.Description = textField(v, "description", m.Description, false, 4000)
	m.Purpose = textField(v, "purpose", m.Purpose, false, 4000)
	m.Result = textField(v, "result", m.Result, false, 1000)
	m.Formula = textField(v, "formula", m.Formula, true, 2000)
	m.Unit = textField(v, "unit", m.Unit, true, 40)
	m.Responsible = textField(v, "responsible", m.Responsible, false, 300)
	m.DataProvider = textField(v, "data_provider", m.DataProvider, false, 300)
	m.DataSource = textField(v, "data_source", m.DataSource, false, 300)
	if m.TargetAspect == "" {
		m.TargetAspect = "kuantitas"
	}
	if !contains(domain.TargetAspects, m.TargetAspect) {
		v.Addf("target_aspect", "err.choose")
	}
	if m.ReportingPeriod == "" {
		m.ReportingPeriod = "quarterly"
	}
	if !contains(domain.ReportingPeriods, m.ReportingPeriod) {
		v.Addf("reporting_period", "err.choose")
	}
	if !calc.Polarity(m.Polarity).Valid() {
		v.Addf("polarity", "err.choose")
	}
	if !calc.Consolidation(m.PeriodConsolidation).Valid() {
		v.Addf("period_consolidation", "err.choose")
	}
	if m.LocationConsolidation == "" {
		m.LocationConsolidation = m.PeriodConsolidation
	}
	if !calc.Consolidation(m.LocationConsolidation).Valid() {
		v.Addf("location_consolidation", "err.choose")
	}
	vd, ct := calc.Validity(m.Validity), calc.Control(m.Control)
	switch {
	case !vd.Valid():
		v.Addf("validity", "err.choose")
	case !ct.Valid():
		v.Addf("control", "err.choose")
	default:
		if err := rs.ValidateQuality(vd, ct); err != nil {
			v.Addf("control", "plan.quality_forbidden", "validity", m.Validity, "control", m.Control)
		}
	}
	if m.HistoryKind == "" {
		m.HistoryKind = string(calc.History("existing"))
	}
	if !calc.History(m.HistoryKind).Valid() {
		v.Addf("history_kind", "err.choose")
	}
	if m.Polarity != string(calc.PolarityStabilize) {
		m.Scale = nil
	} else if len(m.Scale) < 2 {
		v.Addf("scale", "plan.scale_required")
	}
	if m.Polarity != string(calc.PolarityMinimize) {
		m.Worst = calc.Opt{}
	}
	if m.Worst.OK {
		v.Number("worst", m.Worst.V)
	}
	for _, p := range m.Scale {
		if !v.Number("scale", p.Ca) || !v.Number("scale", p.Achievement) {
			break
		}
	}
	if m.PrevTarget.OK {
		v.Number("prev_target", m.PrevTarget.V)
	}
	if m.PrevRealisation.OK {
		v.Number("prev_realisation", m.PrevRealisation.V)
	}
	// The caller's list is not written to: it may be shared (the demo's manuals).
	m.Evidence = slices.Clone(m.Evidence)
	for i, e := range m.Evidence {
		e.Name = strings.TrimSpace(e.Name)
		m.Evidence[i] = e
		if e.Name == "" || !contains(domain.EvidenceKinds, e.Kind) {
			v.Addf("evidence", "plan.evidence_item")
			break
		}
	}
}

// DeleteLine removes a line from the newest draft version.
func (s *Service) DeleteLine(ctx context.Context, a authz.Actor, planID, lineID int64, revision int) error {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	v, err := s.editableVersion(a, pc, 0, revision)
	if err != nil {
		return err
	}
	lines, err := s.store.ListIndicators(ctx, v.ID)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.LineID != lineID {
			continue
		}
		children, err := s.store.ChildrenOfLines(ctx, []int64{lineID})
		if err != nil {
			return err
		}
		if len(children) > 0 {
			// A child kept in several versions of its plan is one line.
			lines := map[int64]bool{}
			for _, ch := range children {
				lines[ch.LineID] = true
			}
			return domain.Refuse("plan.line_has_children", "n", len(lines))
		}
		return s.store.InTx(ctx, func(tx *store.Store) error {
			if err := tx.BumpVersion(ctx, v.ID, v.Revision); err != nil {
				return err
			}
			if err := tx.DeleteIndicator(ctx, l.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, s.act(a), "plan.line_delete", "plan_line", lineID, l, nil)
		})
	}
	return domain.ErrNotFound
}

// MyPlan returns the signed-in employee's plan for a year (zero when none).
func (s *Service) MyPlan(ctx context.Context, a authz.Actor, year int) (domain.Plan, error) {
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return domain.Plan{}, err
	}
	p, err := planOn(ctx, s.store, y.ID, a.EmployeeID(), s.Today())
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Plan{}, nil
	}
	return p, err
}

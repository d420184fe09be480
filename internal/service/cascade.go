package service

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// checkParent verifies that a line may be the parent of an IKI in pc's plan:
// an IKU of the PK of the same office and year, or an IKI of the SKP of the
// plan owner's supervisor — never a line of the plan itself or below it.
func (s *Service) checkParent(ctx context.Context, pc *planContext, parentLineID int64) (*ParentRef, error) {
	ref, err := s.newestLineRef(ctx, pc.chart, parentLineID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, domain.Invalid("parent_line_id", "plan.parent_not_allowed")
	}
	if err != nil {
		return nil, err
	}
	pp, err := s.store.GetPlan(ctx, ref.PlanID)
	if err != nil {
		return nil, err
	}
	ok := pp.YearID == pc.plan.YearID && pp.ID != pc.plan.ID
	if ok {
		switch {
		case pc.plan.Kind == domain.PlanPK:
			// An IKU cascades from an IKU of the office directly above (SPEC §15).
			up := pc.chart.UpperOffice(pc.plan.OfficeID)
			if pp.Kind != domain.PlanPK || up == 0 || pp.OfficeID != up {
				return nil, domain.Invalid("parent_line_id", "hier.parent_not_above")
			}
		case pp.Kind == domain.PlanPK:
			ok = pp.OfficeID == pc.plan.OfficeID
		default:
			ok = pc.chart.IsSupervisor(pp.EmployeeID, pc.plan.EmployeeID)
		}
	}
	if !ok {
		return nil, domain.Invalid("parent_line_id", "plan.parent_not_allowed")
	}
	// Walk up the parent chain: reaching this plan again would be a cycle.
	seen := map[int64]bool{}
	for cur := ref; cur != nil && cur.Kind == domain.IKI; {
		if cur.PlanID == pc.plan.ID || seen[cur.LineID] {
			return nil, domain.Invalid("parent_line_id", "plan.parent_cycle")
		}
		seen[cur.LineID] = true
		up, err := s.parentOfLine(ctx, cur.LineID)
		if err != nil || up == 0 {
			break
		}
		if cur, err = s.lineRef(ctx, s.store, pc.chart, up); err != nil {
			break
		}
	}
	return ref, nil
}

// newestLineRef is lineRef for a line that is to take new children: the
// line must be in the newest version of its plan, not only in an older one
// (an amendment may be removing it).
func (s *Service) newestLineRef(ctx context.Context, c *domain.Chart, lineID int64) (*ParentRef, error) {
	ref, err := s.lineRef(ctx, s.store, c, lineID)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.ListVersions(ctx, ref.PlanID)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.ListIndicators(ctx, vs[len(vs)-1].ID)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if l.LineID == lineID {
			return ref, nil
		}
	}
	return nil, domain.ErrNotFound
}

// parentOfLine returns the parent line of a line in its newest version.
func (s *Service) parentOfLine(ctx context.Context, lineID int64) (int64, error) {
	planID, err := s.store.LinePlan(ctx, lineID)
	if err != nil {
		return 0, err
	}
	vs, err := s.store.ListVersions(ctx, planID)
	if err != nil {
		return 0, err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		lines, err := s.store.ListIndicators(ctx, vs[i].ID)
		if err != nil {
			return 0, err
		}
		for _, l := range lines {
			if l.LineID == lineID {
				return l.ParentLineID, nil
			}
		}
	}
	return 0, nil
}

// syncFullChildren copies a line's name, manual and targets into the lines
// fully cascaded from it that are still drafts, and on down the cascade.
func (s *Service) syncFullChildren(ctx context.Context, tx *store.Store, a authz.Actor, parent domain.Indicator) error {
	children, err := tx.ChildrenOfLines(ctx, []int64{parent.LineID})
	if err != nil {
		return err
	}
	for _, ch := range children {
		if ch.CascadeMethod != domain.MethodFull {
			continue
		}
		v, err := tx.GetVersion(ctx, ch.VersionID)
		if err != nil {
			return err
		}
		if !v.Status.Editable() {
			continue
		}
		vs, err := tx.ListVersions(ctx, v.PlanID)
		if err != nil {
			return err
		}
		if vs[len(vs)-1].ID != v.ID {
			continue
		}
		// The work result is the child's own; the rest of the manual is the parent's.
		pm := parent.Manual
		pm.Result = ch.Result
		if ch.Name == parent.Name && ch.Targets == parent.Targets && manualEqual(ch.Manual, pm) {
			continue
		}
		before := ch
		ch.Name, ch.Targets, ch.Manual = parent.Name, parent.Targets, pm
		if err := tx.UpdateIndicator(ctx, &ch); err != nil {
			return err
		}
		if err := tx.BumpVersion(ctx, v.ID, v.Revision); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "plan.line_sync", "plan_line", ch.LineID, before, ch); err != nil {
			return err
		}
		if err := s.syncFullChildren(ctx, tx, a, ch); err != nil {
			return err
		}
	}
	return nil
}

func manualEqual(a, b domain.Manual) bool {
	return fmt.Sprintf("%v", a) == fmt.Sprintf("%v", b)
}

// CascadeTarget is one subordinate receiving a cascaded indicator.
type CascadeTarget struct {
	EmployeeID int64
	Targets    [4]calc.Opt // partial cascade: this person's share
}

// Cascade creates, in one transaction, a child IKI of one of the actor's
// lines in the SKP drafts of several subordinates. A full cascade copies the
// line; a partial one gives each person their own quarterly targets.
func (s *Service) Cascade(ctx context.Context, a authz.Actor, planID, lineID int64, method string, targets []CascadeTarget) ([]domain.Indicator, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return nil, err
	}
	if !authz.CanEditPlan(a, pc.chart, pc.plan) {
		return nil, domain.ErrForbidden
	}
	if method != domain.MethodFull && method != domain.MethodPartial {
		return nil, domain.Invalid("method", "err.choose")
	}
	parent, err := s.newestLineRef(ctx, pc.chart, lineID)
	if err != nil {
		return nil, err
	}
	if parent.PlanID != planID {
		return nil, domain.ErrNotFound
	}
	if len(targets) == 0 {
		return nil, domain.Invalid("employees", "cascade.choose_people")
	}
	subs := map[int64]bool{}
	for _, id := range pc.chart.Subordinates(pc.plan.EmployeeID) {
		subs[id] = true
	}
	v := &domain.ValidationError{}
	for _, t := range targets {
		field := fmt.Sprintf("employee_%d", t.EmployeeID)
		if !subs[t.EmployeeID] {
			v.Addf(field, "cascade.not_subordinate")
			continue
		}
		if method == domain.MethodPartial {
			any := false
			for q, x := range t.Targets {
				if x.OK {
					any = true
					if !parent.Targets[q].OK {
						v.Addf(field, "cascade.quarter_without_parent_target", "q", q+1)
					}
					v.Number(field, x.V)
				}
			}
			if !any {
				v.Addf(field, "plan.no_target")
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var created []domain.Indicator
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		for _, t := range targets {
			ind, err := s.cascadeOne(ctx, tx, a, pc, parent, method, t)
			if err != nil {
				return err
			}
			created = append(created, ind)
		}
		return nil
	})
	return created, err
}

func (s *Service) cascadeOne(ctx context.Context, tx *store.Store, a authz.Actor, pc *planContext, parent *ParentRef, method string, t CascadeTarget) (domain.Indicator, error) {
	c := pc.chart
	name := c.Employees[t.EmployeeID].Name
	field := fmt.Sprintf("employee_%d", t.EmployeeID)
	// The child's plan in force on the parent plan's day: a person who
	// moved takes the lines in the plan of the post held then.
	child, err := planOn(ctx, tx, pc.year.ID, t.EmployeeID, c.Day)
	earlier := err == nil && !child.Covers(c.Day) && child.PeriodEnd.Before(c.Day)
	if err == nil && !child.Covers(c.Day) {
		err = domain.ErrNotFound
	}
	if errors.Is(err, domain.ErrNotFound) {
		asg, ok := currentPost(c, t.EmployeeID)
		pos := c.Positions[asg.PositionID]
		if !ok || pos == nil {
			return domain.Indicator{}, domain.Invalid(field, "plan.not_placed")
		}
		start := asg.StartDate
		if earlier && !child.PeriodEnd.Before(start) {
			start = child.PeriodEnd.AddDate(0, 0, 1)
		}
		child, _ = newPlanFor(c, pc.year, t.EmployeeID, pos.ID, start, asg.EndDate)
		child.OfficeID = pc.plan.OfficeID
		if pos.Kind == domain.PosHead {
			return domain.Indicator{}, domain.Invalid(field, "cascade.head_has_pk")
		}
		if err := s.createPlan(ctx, tx, a, &child); err != nil {
			return domain.Indicator{}, err
		}
	} else if err != nil {
		return domain.Indicator{}, err
	}
	if child.Kind != domain.PlanSKP {
		return domain.Indicator{}, domain.Invalid(field, "cascade.head_has_pk")
	}
	vs, err := tx.ListVersions(ctx, child.ID)
	if err != nil {
		return domain.Indicator{}, err
	}
	v := vs[len(vs)-1]
	if !v.Status.Editable() {
		return domain.Indicator{}, domain.Invalid(field, "cascade.child_not_draft", "name", name, "status", string(v.Status))
	}
	lines, err := tx.ListIndicators(ctx, v.ID)
	if err != nil {
		return domain.Indicator{}, err
	}
	for _, l := range lines {
		if l.ParentLineID == parent.LineID {
			return domain.Indicator{}, domain.Invalid(field, "cascade.already", "name", name)
		}
	}
	cpc := &planContext{chart: c, plan: child, year: pc.year, rules: pc.rules, versions: vs}
	if _, hi := cpc.limits(); len(lines) >= hi {
		return domain.Indicator{}, domain.Invalid(field, "cascade.limit", "name", name, "max", hi)
	}
	ind := domain.Indicator{VersionID: v.ID, Seq: len(lines) + 1, Kind: domain.IKI, Code: childCode(parent.Code, lines),
		Name: parent.Name, ObjectiveID: parent.Objectve, ParentLineID: parent.LineID, CascadeType: domain.CascadePeta,
		CascadeMethod: method, Targets: parent.Targets, Manual: parent.Manual}
	ind.Result = "" // the child's work result is its own, written later
	if method == domain.MethodPartial {
		ind.Targets = t.Targets
	}
	id, err := tx.CreateLine(ctx, child.ID)
	if err != nil {
		return ind, err
	}
	ind.LineID = id
	if err := tx.CreateIndicator(ctx, &ind); err != nil {
		return ind, err
	}
	if err := tx.BumpVersion(ctx, v.ID, v.Revision); err != nil {
		return ind, err
	}
	return ind, audit.Record(ctx, tx, s.act(a), "plan.cascade", "plan_line", ind.LineID, nil, ind)
}

// childCode derives a child's code from its parent's ("1a-CP" → "1a-CP.1"),
// unique within the child plan.
func childCode(parent string, lines []domain.Indicator) string {
	taken := map[string]bool{}
	for _, l := range lines {
		taken[strings.ToLower(l.Code)] = true
	}
	for i := 1; ; i++ {
		c := fmt.Sprintf("%s.%d", parent, i)
		if len(c) > 32 {
			c = fmt.Sprintf("IKI-%d", i)
		}
		if !taken[strings.ToLower(c)] {
			return c
		}
	}
}

// CascadeNode is one indicator in the cascade tree.
type CascadeNode struct {
	LineID     int64
	PlanID     int64
	EmployeeID int64
	Owner      string
	Position   string
	UnitID     int64
	Kind       domain.IndicatorKind
	Code       string
	Name       string
	Method     string
	Type       string
	Unit       string
	Targets    [4]calc.Opt
	Annual     calc.Opt
	Status     domain.PlanStatus
	Version    int
	Children   []*CascadeNode
	Mismatch   []int     // quarters whose partial split does not add up
	OfficeID   int64     // the office of the plan (the tree spans the offices below)
	ByLocation bool      // consolidated from the offices below
	Until      time.Time // the plan's last day, when it ended before today (its owner left the post)
	Below      int       // the lines cascaded from it, however deep, before a unit was picked
	parentLine int64
}

// CascadeObjective is an objective with its IKUs.
type CascadeObjective struct {
	Objective   domain.Objective
	Perspective domain.Perspective
	IKUs        []*CascadeNode
}

// SplitGap is a quarter where partial children do not add up to their parent.
type SplitGap struct {
	Node    *CascadeNode
	Quarter int
	Parent  float64
	Sum     float64
}

// PlanGap is an employee without an approved plan.
type PlanGap struct {
	EmployeeID int64
	Name       string
	Position   string
	UnitID     int64
	Status     string // "none" or the newest version's status
	Late       bool   // the plan deadline has passed
}

// CascadeTree is an office's cascade from objectives to each person, with its gaps.
type CascadeTree struct {
	Year       domain.Year
	Office     domain.Unit
	Objectives []CascadeObjective
	Loose      []*CascadeNode // IKUs without an objective on the map
	Orphans    []*CascadeNode // IKIs whose parent is missing
	LeftParent []*CascadeNode // IKIs of running plans whose parent line is of a plan that ended (its owner left the post)
	NoChild    []*CascadeNode // IKUs cascaded to nobody
	Splits     []SplitGap
	NoPlan     []PlanGap
	NoSources  []*CascadeNode // IKUs consolidated by location with no IKU below
	People     int            // of the office, whatever part is drawn
	Lines      int            // of the office
	Gaps       int            // of the office
	Statuses   map[string]int // the office's people by the status of their plan in force today ("none": no plan)
	Units      map[int64]*CascadeUnitCount
}

// CascadeUnitCount is a unit's part of the office's cascade, the units
// below it included.
type CascadeUnitCount struct {
	People int
	Lines  int
	Gaps   int // orphans, lines under a parent whose owner left, partial splits that do not add up, people without an approved plan
}

// CascadeScope is the part of an office's cascade drawn: Unit 0 for the
// whole office, else the branches reaching people of the unit and the
// units below it, or with Only the unit's own people (the office's: its PK).
type CascadeScope struct {
	Unit int64
	Only bool
}

// CascadeTree builds the cascade of an office for a year from the newest
// version of every plan. unitID (0: all) keeps the branches that reach people
// of that unit.
func (s *Service) CascadeTree(ctx context.Context, a authz.Actor, year int, officeID, unitID int64) (CascadeTree, error) {
	return s.CascadeTreeIn(ctx, a, year, officeID, CascadeScope{Unit: unitID})
}

// CascadeTreeIn is CascadeTree for a part of the office. The counts (People,
// Lines, Gaps, Statuses, Units) are the whole office's.
func (s *Service) CascadeTreeIn(ctx context.Context, a authz.Actor, year int, officeID int64, sc CascadeScope) (CascadeTree, error) {
	var t CascadeTree
	c, err := s.Chart(ctx)
	if err != nil {
		return t, err
	}
	off := c.Units[officeID]
	if off == nil || !c.Working(officeID) {
		return t, domain.ErrNotFound
	}
	if !authz.CanReadOffice(a, c, officeID) {
		return t, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return t, err
	}
	t.Year, t.Office = y, *off
	pv, err := s.readPlanVersions(ctx, y.ID, officeID)
	if err != nil {
		return t, err
	}
	lines, planOfVersion, err := s.newestLines(ctx, pv)
	if err != nil {
		return t, err
	}
	m, err := s.store.GetStrategyMap(ctx, y.ID, officeID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return t, err
	}
	byLine := map[int64]domain.Indicator{}
	for _, l := range lines {
		byLine[l.LineID] = l
	}
	order := t.build(c, pv.latest, lines, planOfVersion, s.Today())
	t.placeIKUs(order, byLine, m)
	t.findSplitGaps(order, byLine)
	t.findPlanGaps(c, pv, officeID, s.Today().After(y.PlanDueDate), s.Today())
	nodes := make(map[int64]*CascadeNode, len(order))
	for _, n := range order {
		nodes[n.LineID] = n
	}
	if err := s.reachLower(ctx, a, c, y.ID, officeID, &t, nodes, byLine); err != nil {
		return t, err
	}
	for _, n := range order {
		n.countBelow()
	}
	t.count(c, officeID, order)
	switch {
	case sc.Unit == 0:
	case sc.Only:
		t.prune(func(u int64) bool { return u == sc.Unit })
	default:
		t.prune(func(u int64) bool { return c.InUnitTree(sc.Unit, u) })
	}
	return t, nil
}

// countBelow sets Below: the lines under a node, however deep.
func (n *CascadeNode) countBelow() int {
	if n.Below == 0 {
		for _, ch := range n.Children {
			n.Below += 1 + ch.countBelow()
		}
	}
	return n.Below
}

// count adds up the office's gaps, and each unit's people, lines and gaps
// with those of the units below it.
func (t *CascadeTree) count(c *domain.Chart, officeID int64, order []*CascadeNode) {
	t.Units = map[int64]*CascadeUnitCount{}
	add := func(unit int64, f func(*CascadeUnitCount)) {
		for u, depth := unit, 0; u != 0 && depth < 20 && c.Units[u] != nil; u, depth = c.Units[u].ParentID, depth+1 {
			uc := t.Units[u]
			if uc == nil {
				uc = &CascadeUnitCount{}
				t.Units[u] = uc
			}
			f(uc)
			if u == officeID {
				return
			}
		}
	}
	for _, id := range c.OfficeEmployees(officeID) {
		if pos, ok := c.Primary(id); ok {
			add(pos.UnitID, func(uc *CascadeUnitCount) { uc.People++ })
		}
	}
	for _, n := range order {
		add(n.UnitID, func(uc *CascadeUnitCount) { uc.Lines++ })
	}
	gap := func(uc *CascadeUnitCount) { uc.Gaps++ }
	for _, list := range [][]*CascadeNode{t.Orphans, t.LeftParent} {
		for _, n := range list {
			add(n.UnitID, gap)
		}
	}
	for _, g := range t.Splits {
		add(g.Node.UnitID, gap)
	}
	for _, g := range t.NoPlan {
		add(g.UnitID, gap)
	}
	t.Gaps = len(t.NoChild) + len(t.Orphans) + len(t.LeftParent) + len(t.Splits) + len(t.NoPlan) + len(t.NoSources)
}

// build makes a node of every line, owned as the chart says today, hangs
// each IKI under its parent line (an IKI whose parent is missing is an
// orphan) and returns the nodes in the lines' order.
func (t *CascadeTree) build(c *domain.Chart, latest map[int64]domain.PlanVersion, lines []domain.Indicator, planOfVersion map[int64]domain.Plan, today time.Time) []*CascadeNode {
	nodes := map[int64]*CascadeNode{}
	order := make([]*CascadeNode, 0, len(lines))
	for _, l := range lines {
		p := planOfVersion[l.VersionID]
		n := &CascadeNode{LineID: l.LineID, PlanID: p.ID, EmployeeID: p.EmployeeID, Kind: l.Kind, Code: l.Code, Name: l.Name,
			Method: l.CascadeMethod, Type: l.CascadeType, Unit: l.Unit, Targets: l.Targets, Status: latest[p.ID].Status, Version: latest[p.ID].Number,
			parentLine: l.ParentLineID}
		if cons := calc.Consolidation(l.PeriodConsolidation); cons.Valid() {
			n.Annual = calc.AnnualTarget(cons, l.Targets)
		}
		if !p.PeriodEnd.IsZero() && p.PeriodEnd.Before(domain.Day(today)) {
			n.Until = p.PeriodEnd
		}
		if e := c.Employees[p.EmployeeID]; e != nil {
			n.Owner = e.Name
		}
		// The post of the plan, not the person's today: a person who moved
		// has a plan of each post, each under its own parent lines.
		if pos := c.Positions[p.PositionID]; pos != nil {
			n.Position, n.UnitID = pos.Title, pos.UnitID
		} else if pos, ok := c.Primary(p.EmployeeID); ok {
			n.Position, n.UnitID = pos.Title, pos.UnitID
		}
		nodes[l.LineID] = n
		order = append(order, n)
	}
	t.Lines = len(order)
	for _, n := range order {
		if n.Kind == domain.IKU {
			continue
		}
		if par := nodes[n.parentLine]; par != nil {
			par.Children = append(par.Children, n)
			if !par.Until.IsZero() && n.Until.IsZero() {
				// The parent's owner has left the post: the line should be
				// cascaded again from the successor's plan.
				t.LeftParent = append(t.LeftParent, n)
			}
		} else if n.Type != domain.CascadeNone {
			t.Orphans = append(t.Orphans, n)
		}
	}
	return order
}

// placeIKUs puts each IKU under its objective on the map, or among the loose
// ones, and notes those cascaded to nobody; objectives go in the order of
// their perspectives.
func (t *CascadeTree) placeIKUs(order []*CascadeNode, byLine map[int64]domain.Indicator, m domain.StrategyMap) {
	objIKUs := map[int64][]*CascadeNode{}
	for _, n := range order {
		if n.Kind != domain.IKU {
			continue
		}
		if len(n.Children) == 0 {
			t.NoChild = append(t.NoChild, n)
		}
		obj := byLine[n.LineID].ObjectiveID
		if _, ok := m.Objective(obj); ok {
			objIKUs[obj] = append(objIKUs[obj], n)
		} else {
			t.Loose = append(t.Loose, n)
		}
	}
	for _, o := range m.Objectives {
		p, _ := m.Perspective(o.PerspectiveID)
		t.Objectives = append(t.Objectives, CascadeObjective{Objective: o, Perspective: p, IKUs: objIKUs[o.ID]})
	}
	sort.SliceStable(t.Objectives, func(i, j int) bool {
		return t.Objectives[i].Perspective.Kind.Rank() < t.Objectives[j].Perspective.Kind.Rank()
	})
}

// findSplitGaps: partial splits of sum indicators must add up to the parent
// per quarter.
func (t *CascadeTree) findSplitGaps(order []*CascadeNode, byLine map[int64]domain.Indicator) {
	for _, n := range order {
		var partial []*CascadeNode
		for _, ch := range n.Children {
			if ch.Method == domain.MethodPartial {
				partial = append(partial, ch)
			}
		}
		if len(partial) == 0 || byLine[n.LineID].PeriodConsolidation != string(calc.ConsolidationSum) {
			continue
		}
		for q := 0; q < 4; q++ {
			if !n.Targets[q].OK {
				continue
			}
			sum := 0.0
			for _, ch := range partial {
				sum += ch.Targets[q].Or(0)
			}
			if math.Abs(sum-n.Targets[q].V) > 1e-9*math.Max(1, math.Abs(n.Targets[q].V)) {
				n.Mismatch = append(n.Mismatch, q+1)
				t.Splits = append(t.Splits, SplitGap{Node: n, Quarter: q + 1, Parent: n.Targets[q].V, Sum: sum})
			}
		}
	}
}

// findPlanGaps: everyone should have an approved plan in force today;
// after the deadline the gap is late.
func (t *CascadeTree) findPlanGaps(c *domain.Chart, pv planVersions, officeID int64, late bool, today time.Time) {
	plansOf := map[int64][]domain.Plan{}
	for _, p := range pv.plans {
		plansOf[p.EmployeeID] = append(plansOf[p.EmployeeID], p)
	}
	people := c.OfficeEmployees(officeID)
	t.People = len(people)
	t.Statuses = map[string]int{}
	for _, id := range people {
		p, has := domain.PlanOn(plansOf[id], today)
		if has {
			t.Statuses[string(pv.latest[p.ID].Status)]++
		} else {
			t.Statuses["none"]++
		}
		if _, approved := pv.approved[p.ID]; has && approved {
			continue
		}
		g := PlanGap{EmployeeID: id, Name: c.Employees[id].Name, Status: "none", Late: late}
		if pos, ok := c.Primary(id); ok {
			g.Position, g.UnitID = pos.Title, pos.UnitID
		}
		if has {
			g.Status = string(pv.latest[p.ID].Status)
		}
		t.NoPlan = append(t.NoPlan, g)
	}
}

// prune keeps the branches that reach people of the units in picks, and
// the gaps of those units.
func (t *CascadeTree) prune(in func(unitID int64) bool) {
	kept := map[*CascadeNode]bool{}
	var keep func(n *CascadeNode) bool
	keep = func(n *CascadeNode) bool {
		var kids []*CascadeNode
		for _, ch := range n.Children {
			if keep(ch) {
				kids = append(kids, ch)
			}
		}
		n.Children = kids
		kept[n] = len(kids) > 0 || in(n.UnitID)
		return kept[n]
	}
	for i := range t.Objectives {
		var iku []*CascadeNode
		for _, n := range t.Objectives[i].IKUs {
			if keep(n) {
				iku = append(iku, n)
			}
		}
		t.Objectives[i].IKUs = iku
	}
	var loose []*CascadeNode
	for _, n := range t.Loose {
		if keep(n) {
			loose = append(loose, n)
		}
	}
	t.Loose = loose
	filter := func(list []*CascadeNode) []*CascadeNode {
		var out []*CascadeNode
		for _, n := range list {
			if in(n.UnitID) {
				out = append(out, n)
			}
		}
		return out
	}
	t.Orphans = filter(t.Orphans)
	t.LeftParent = filter(t.LeftParent)
	var splits []SplitGap
	for _, g := range t.Splits {
		if kept[g.Node] {
			splits = append(splits, g)
		}
	}
	t.Splits = splits
	var gaps []PlanGap
	for _, g := range t.NoPlan {
		if in(g.UnitID) {
			gaps = append(gaps, g)
		}
	}
	t.NoPlan = gaps
}

package service

import (
	"context"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// roller copies the plans of one office into the next year, inside the
// rollover's transaction.
type roller struct {
	s          *Service
	tx         *store.Store
	a          authz.Actor
	c          *domain.Chart // today's: the posts people hold now
	src        *rolloverSource
	y          domain.Year
	office     int64
	objectives map[int64]int64 // source objective → the new year's
	sum        *RolloverSummary
	newLine    map[int64]int64 // source line → its copy, of this run, earlier runs and other offices
}

// rollPlan is one plan to make: the new draft and the plan it copies.
type rollPlan struct {
	plan domain.Plan
	from domain.Plan
}

func (r *roller) run(ctx context.Context, existing []domain.Plan) error {
	var err error
	if r.newLine, err = r.tx.RolledLines(ctx, r.y.ID); err != nil {
		return err
	}
	has := map[int64]domain.Plan{}
	for _, p := range existing {
		has[p.EmployeeID] = p
	}
	todo, here := r.choose(has)
	r.notePast(here)
	defer sortNotes(r.sum.Attention)
	if len(todo) > 0 {
		if err := r.write(ctx, todo); err != nil {
			return err
		}
	}
	return r.relink(ctx)
}

// relink gives the office's copies made without a parent — their source's
// parent had no copy then, typically an IKU of the office above not rolled
// over yet — the copy made since, so that running again after the office
// above completes the cascade.
func (r *roller) relink(ctx context.Context) error {
	list, err := r.tx.ListUnlinkedCopies(ctx, r.y.ID, r.office)
	if err != nil {
		return err
	}
	var linked []int64
	for _, c := range list {
		parent := r.newLine[c.SourceParent]
		if parent == 0 {
			continue
		}
		if err := r.tx.SetLineParent(ctx, c.IndicatorID, parent); err != nil {
			return err
		}
		linked = append(linked, c.IndicatorID)
	}
	if len(linked) == 0 {
		return nil
	}
	r.sum.Copied.CascadeLinks += len(linked)
	return audit.Record(ctx, r.tx, r.s.act(r.a), "rollover.relink", "unit", r.office, nil, map[string]any{"year": r.y.Year, "indicators": linked})
}

// note adds a note about a person (0: none) and a post.
func (r *roller) note(kind string, emp, pos int64, code string) {
	n := RolloverNote{Kind: kind, EmployeeID: emp, Code: code}
	if e := r.c.Employees[emp]; e != nil {
		n.Employee, n.NIP = e.Name, e.NIP
	}
	if p := r.c.Positions[pos]; p != nil {
		n.Position = p.Title
	}
	r.sum.Attention = append(r.sum.Attention, n)
}

// choose picks, for each person of the office in the post they hold today,
// the plan of that post in the source year. It returns the plans to make and
// the people placed in the office today.
func (r *roller) choose(has map[int64]domain.Plan) ([]rollPlan, map[int64]bool) {
	posts := map[int64][]int64{} // the posts each person had a plan for in the source year
	for _, p := range r.src.plans {
		posts[p.EmployeeID] = append(posts[p.EmployeeID], p.PositionID)
	}
	here := map[int64]bool{}
	var todo []rollPlan
	for _, emp := range r.c.OfficeEmployees(r.office) {
		asg, ok := currentPost(r.c, emp)
		if !ok {
			r.note(RollNoPost, emp, 0, "")
			continue
		}
		if pos := r.c.Positions[asg.PositionID]; pos == nil || r.c.Office(pos.UnitID) != r.office {
			continue // acting here, placed in another office: that office's rollover plans for them
		}
		here[emp] = true
		from, ok := r.src.byPost[asg.PositionID]
		if !ok {
			r.note(RollNoSource, emp, asg.PositionID, "")
			continue
		}
		if p, ok := has[emp]; ok {
			if p.RolledFrom == 0 {
				r.note(RollHasPlan, emp, asg.PositionID, "")
			}
			continue
		}
		p, ok := newPlanFor(r.c, r.y, emp, asg.PositionID, asg.StartDate, asg.EndDate)
		if !ok || p.CheckPeriod() != nil {
			r.note(RollLeft, emp, asg.PositionID, "") // the post ends before the year begins
			continue
		}
		p.RolledFrom, p.CreatedAt = from.ID, r.s.now()
		if len(posts[emp]) == 0 {
			r.note(RollNewInPost, emp, asg.PositionID, "")
		} else if len(posts[emp]) > 1 || posts[emp][0] != asg.PositionID {
			r.note(RollMoved, emp, asg.PositionID, "")
		}
		todo = append(todo, rollPlan{plan: p, from: from})
	}
	return todo, here
}

// notePast lists who had a plan in the source year and is gone, and the
// posts planned for then that nobody holds now.
func (r *roller) notePast(here map[int64]bool) {
	gone := map[int64]bool{}
	for _, p := range r.src.plans {
		if here[p.EmployeeID] || gone[p.EmployeeID] {
			continue
		}
		gone[p.EmployeeID] = true
		if _, placed := currentPost(r.c, p.EmployeeID); placed {
			r.note(RollMovedOut, p.EmployeeID, 0, "")
		} else {
			r.note(RollLeft, p.EmployeeID, 0, "")
		}
	}
	for pos, p := range r.src.byPost {
		held := false
		for _, h := range r.c.Holders(pos) {
			held = held || h.Acting == domain.ActingNone
		}
		if !held {
			r.note(RollVacant, p.EmployeeID, pos, "")
		}
	}
}

// write inserts the plans with their draft version and lines, IDs reserved
// up front so that every copy's parent is known before any is written.
func (r *roller) write(ctx context.Context, todo []rollPlan) error {
	n, nl := len(todo), 0
	for _, t := range todo {
		nl += len(r.src.lines[t.from.ID])
	}
	firstPlan, err := r.tx.ReserveIDs(ctx, "plans", n)
	if err != nil {
		return err
	}
	firstVersion, err := r.tx.ReserveIDs(ctx, "plan_versions", n)
	if err != nil {
		return err
	}
	firstLine, err := r.tx.ReserveIDs(ctx, "plan_lines", nl)
	if err != nil {
		return err
	}
	firstInd, err := r.tx.ReserveIDs(ctx, "indicators", nl)
	if err != nil {
		return err
	}
	plans, versions := make([]domain.Plan, n), make([]domain.PlanVersion, n)
	lines := make([]store.PlanLine, 0, nl)
	now := r.s.now()
	for i, t := range todo {
		plans[i] = t.plan
		plans[i].ID = firstPlan + int64(i)
		versions[i] = domain.PlanVersion{ID: firstVersion + int64(i), PlanID: plans[i].ID, Number: 1, Status: domain.PlanDraft,
			CreatedAt: now, CreatedBy: r.a.User.ID}
		for _, l := range r.src.lines[t.from.ID] {
			id := firstLine + int64(len(lines))
			lines = append(lines, store.PlanLine{ID: id, PlanID: plans[i].ID, CreatedAt: now, RolledFrom: l.LineID})
			r.newLine[l.LineID] = id
		}
	}
	inds := make([]domain.Indicator, 0, nl)
	for i, t := range todo {
		for _, l := range r.src.lines[t.from.ID] {
			in := r.copyLine(l, plans[i])
			in.ID, in.VersionID = firstInd+int64(len(inds)), versions[i].ID
			inds = append(inds, in)
		}
	}
	if err := r.insert(ctx, plans, versions, lines, inds); err != nil {
		return err
	}
	r.sum.Copied.Plans = n
	for i := range plans {
		if err := audit.Record(ctx, r.tx, r.s.act(r.a), "plan.rollover", "plan", plans[i].ID, nil,
			map[string]any{"plan": plans[i], "from_plan_id": todo[i].from.ID, "lines": len(r.src.lines[todo[i].from.ID])}); err != nil {
			return err
		}
	}
	return nil
}

func (r *roller) insert(ctx context.Context, plans []domain.Plan, versions []domain.PlanVersion, lines []store.PlanLine, inds []domain.Indicator) error {
	if err := r.tx.InsertPlans(ctx, plans); err != nil {
		return err
	}
	if err := r.tx.InsertVersions(ctx, versions); err != nil {
		return err
	}
	if err := r.tx.InsertPlanLines(ctx, lines); err != nil {
		return err
	}
	return r.tx.InsertIndicators(ctx, inds)
}

// copyLine makes the new year's line of a source line: its manual and
// targets as they were, its objective and parent the new year's copies, its
// previous-year figures the source line's official ones.
func (r *roller) copyLine(l domain.Indicator, p domain.Plan) domain.Indicator {
	in := l
	in.LineID = r.newLine[l.LineID]
	in.Kind = domain.IKU
	if p.Kind == domain.PlanSKP {
		in.Kind, in.ByLocation = domain.IKI, false
	}
	in.ObjectiveID = r.objectives[l.ObjectiveID]
	if l.ObjectiveID != 0 && in.ObjectiveID == 0 && in.Kind == domain.IKU {
		r.note(RollNoObjective, p.EmployeeID, p.PositionID, l.Code)
	}
	in.ParentLineID = r.newLine[l.ParentLineID]
	switch {
	case l.ParentLineID != 0 && in.ParentLineID != 0:
		r.sum.Copied.CascadeLinks++
	case l.ParentLineID != 0 || in.Kind == domain.IKI && in.CascadeType != domain.CascadeNone:
		r.note(RollNoParent, p.EmployeeID, p.PositionID, l.Code)
	}
	if in.Kind == domain.IKU {
		r.sum.Copied.IKU++
	} else {
		r.sum.Copied.IKI++
	}
	f, ok := r.src.figures[l.LineID]
	in.PrevTarget, in.PrevRealisation, in.PrevProvisional = f.Target, f.Realisation, ok && !r.src.final
	switch {
	case !ok:
		r.sum.Copied.PrevMissing++
	case r.src.final:
		r.sum.Copied.PrevOfficial++
	default:
		r.sum.Copied.PrevProvisional++
	}
	// A line reported last year has a history now (K3, SPEC §10.5).
	if ok && (in.HistoryKind == "new_with_history" || in.HistoryKind == "new_without_history") {
		in.HistoryKind = "existing"
	}
	return in
}

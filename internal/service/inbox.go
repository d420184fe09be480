package service

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// InboxKind is a kind of thing waiting in the inbox.
type InboxKind string

// The kinds of the inbox.
const (
	InboxPlanApprove   InboxKind = "plan_approve"   // a plan to approve
	InboxPlanNew       InboxKind = "plan_new"       // a draft plan opened by a move or a new appointment
	InboxSheetValidate InboxKind = "sheet_validate" // a quarter sheet to validate
	InboxSheetVerify   InboxKind = "sheet_verify"   // a quarter sheet to verify
	InboxReportReview  InboxKind = "report_review"  // an IIAA report to review
	InboxCorrection    InboxKind = "correction"     // a correction to decide
	InboxReturned      InboxKind = "returned"       // one's own plan, sheet or report sent back
	InboxActionDue     InboxKind = "action_due"     // one's own action due soon
	InboxAssess        InboxKind = "assess"         // a colleague to assess in the 360° assessment
)

// InboxKinds lists every kind in the order the inbox groups them: what
// others wait for first, then one's own new plans, returned work and actions.
var InboxKinds = []InboxKind{InboxPlanApprove, InboxSheetValidate, InboxSheetVerify, InboxReportReview, InboxCorrection,
	InboxAssess, InboxPlanNew, InboxReturned, InboxActionDue}

// InboxItem is one thing waiting for the signed-in person.
type InboxItem struct {
	Kind     InboxKind
	What     domain.Msg
	Link     string
	Since    time.Time // when it started waiting
	Deadline time.Time // zero when none
	Overdue  bool
}

// actionDueWindow is how far ahead an action's due date puts it in the inbox.
const actionDueWindow = 14 * 24 * time.Hour

// Inbox lists everything waiting for the signed-in person in the working
// year and any newer one (next year's plans are drawn up while this year's
// last quarter is still reported), across all kinds of object, oldest first.
func (s *Service) Inbox(ctx context.Context, a authz.Actor) ([]InboxItem, error) {
	me := a.EmployeeID()
	if me == 0 || authz.ReadOnly(a) || !a.User.Active {
		return nil, nil
	}
	years, err := s.listYears(ctx)
	if err != nil || len(years) == 0 {
		return nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	office := c.EmployeeOffice(me)
	if office == 0 {
		return nil, nil
	}
	// Most people only need their own work and their direct team's; those
	// who approve, verify or review for the whole office need all of it.
	var only []int64
	if !authz.ReviewsWholeOffice(a, c, office) {
		only = append(c.Subordinates(me), me)
	}
	working, _ := s.WorkingYear(years)
	var items []InboxItem
	for _, y := range years {
		if y.Year < working.Year {
			continue
		}
		if items, err = s.inboxOfYear(ctx, a, c, y, office, only, items); err != nil {
			return nil, err
		}
	}
	// The people the person still has to rate in the 360° assessment.
	duties, err := s.raterDuties(ctx, a, working.Year)
	if err != nil {
		return nil, err
	}
	for i, list := range duties {
		q := i + 1
		for _, d := range list {
			items = append(items, InboxItem{Kind: InboxAssess, What: domain.M("inbox.assess", "name", d.Employee.Name, "quarter", q),
				Link: "/assess/" + itoa64(d.PlanID) + "/" + itoa64(int64(q)), Since: domain.QuarterEnd(working.Year, q).AddDate(0, 0, 1),
				Deadline: d.ScoreBy, Overdue: s.Today().After(d.ScoreBy)})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Since.Before(items[j].Since) })
	return items, nil
}

// inboxOfYear appends to items what waits for the person in one year.
func (s *Service) inboxOfYear(ctx context.Context, a authz.Actor, c *domain.Chart, y domain.Year, office int64, only []int64, items []InboxItem) ([]InboxItem, error) {
	if only != nil {
		// A former supervisor still approves and validates the plans of
		// those who moved away (SPEC §13).
		me := a.EmployeeID()
		former, err := s.endedPlans(ctx, y, office, func(pc *domain.Chart, p domain.Plan) bool {
			return slices.Contains(pc.Subordinates(me), p.EmployeeID)
		})
		if err != nil {
			return nil, err
		}
		only = append(slices.Clone(only), employeesOf(former)...)
	}
	od, err := s.loadOfficeOf(ctx, c, y, office, only)
	if err != nil {
		return nil, err
	}
	b := &inboxYear{a: a, y: y, od: od, me: a.EmployeeID(), today: s.Today(), items: items}
	for _, p := range od.plans {
		owner := c.Employees[p.EmployeeID]
		if owner == nil {
			continue
		}
		pc := c // who acts on a plan is judged by the chart of its period
		if !p.Covers(b.today) {
			if pc, err = s.chartFor(ctx, p); err != nil {
				return nil, err
			}
		}
		b.plan(p, owner, pc)
		for q := 1; q <= 4; q++ {
			b.sheet(p, owner, q, pc)
			b.report(p, owner, q, pc)
		}
	}
	if authz.CanInScope(a, c, authz.CorrectionDecide, office) {
		list, err := s.ListCorrections(ctx, a, y.Year, office, domain.CorrectionPending)
		if err != nil {
			return nil, err
		}
		b.corrections(list)
	}
	b.actions()
	return b.items, nil
}

// inboxYear collects what waits for a person in one year of their office,
// one collector per kind of object.
type inboxYear struct {
	a     authz.Actor
	y     domain.Year
	od    *officeData
	me    int64
	today time.Time
	items []InboxItem
}

func (b *inboxYear) add(kind InboxKind, m domain.Msg, link string, since, deadline time.Time) {
	it := InboxItem{Kind: kind, What: m, Link: link, Since: since, Deadline: deadline}
	it.Overdue = !deadline.IsZero() && b.today.After(deadline)
	b.items = append(b.items, it)
}

// plan: the person's own plan sent back, or one they may approve. pc is
// the org chart of the plan's period.
func (b *inboxYear) plan(p domain.Plan, owner *domain.Employee, pc *domain.Chart) {
	v := b.od.latest[p.ID]
	switch {
	case p.EmployeeID == b.me && v.Status == domain.PlanReturned:
		b.add(InboxReturned, domain.M("inbox.plan_returned", "kind", string(p.Kind), "version", v.Number), planLink(p.ID), v.ReturnedAt, planDue(b.y, p))
	case v.Status == domain.PlanDraft && v.Number == 1 && !p.WholeYear() && p.EmployeeID == b.me:
		// A plan opened by a move or a new appointment is drawn up by its
		// owner, with the supervisor of the new post.
		b.add(InboxPlanNew, domain.M("inbox.plan_new_own", "kind", string(p.Kind), "date", p.PeriodStart), planLink(p.ID), p.CreatedAt, planDue(b.y, p))
	case v.Status == domain.PlanDraft && v.Number == 1 && !p.WholeYear() && authz.CanApprovePlan(b.a, pc, p):
		b.add(InboxPlanNew, domain.M("inbox.plan_new", "kind", string(p.Kind), "name", owner.Name, "date", p.PeriodStart), planLink(p.ID), p.CreatedAt, planDue(b.y, p))
	case v.Status == domain.PlanSubmitted && authz.CanApprovePlan(b.a, pc, p):
		b.add(InboxPlanApprove, domain.M("inbox.plan_approve", "kind", string(p.Kind), "name", owner.Name, "version", v.Number), planLink(p.ID), v.SubmittedAt, planDue(b.y, p))
	}
}

// sheet: the person's own sheet of quarter q sent back, or one they may
// validate or verify.
func (b *inboxYear) sheet(p domain.Plan, owner *domain.Employee, q int, pc *domain.Chart) {
	sh := b.od.sheet(p.ID, q)
	deadline := b.y.Quarters[q-1].Deadline
	switch {
	case sh.ID == 0:
	case p.EmployeeID == b.me && sh.Status == domain.SheetReturned:
		b.add(InboxReturned, domain.M("inbox.sheet_returned", "q", q), sheetLink(p.ID, q), sh.ReturnedAt, deadline)
	case sh.Status == domain.SheetSubmitted && authz.CanValidateSheet(b.a, pc, p):
		b.add(InboxSheetValidate, domain.M("inbox.sheet_validate", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.SubmittedAt, deadline)
	case sh.Status == domain.SheetValidated && authz.CanVerifySheet(b.a, pc, p):
		b.add(InboxSheetVerify, domain.M("inbox.sheet_verify", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.ValidatedAt, deadline)
	}
}

// report: the person's own IIAA report of quarter q sent back, or one they
// may review.
func (b *inboxYear) report(p domain.Plan, owner *domain.Employee, q int, pc *domain.Chart) {
	reps := b.od.reports[p.ID]
	if reps == nil {
		return
	}
	r, deadline := reps[q-1], b.y.Quarters[q-1].Deadline
	switch {
	case r.ID == 0:
	case p.EmployeeID == b.me && r.Status == domain.ReportReturned:
		b.add(InboxReturned, domain.M("inbox.report_returned", "q", q), reportLink(p.ID, q), r.ReturnedAt, deadline)
	case r.Status == domain.ReportSubmitted && authz.CanReviewReport(b.a, pc, p):
		b.add(InboxReportReview, domain.M("inbox.report_review", "name", owner.Name, "q", q), reportLink(p.ID, q), r.SubmittedAt, deadline)
	}
}

// corrections: the pending corrections the person decides, but not their own.
func (b *inboxYear) corrections(list []CorrectionRow) {
	for _, cr := range list {
		if cr.Correction.RequestedBy != b.a.User.ID {
			b.add(InboxCorrection, domain.M("inbox.correction", "name", cr.Owner, "code", cr.Code, "q", cr.Quarter), sheetLink(cr.PlanID, cr.Quarter), cr.Correction.RequestedAt, time.Time{})
		}
	}
}

// actions: the person's own actions due within the window.
func (b *inboxYear) actions() {
	for _, x := range b.od.pending {
		if x.OwnerID != b.me || x.DueDate.Sub(b.today) > actionDueWindow {
			continue
		}
		link := ""
		if pid, q := b.od.actionPlace(b.a, x); pid != 0 {
			link = reportLink(pid, q)
		}
		b.add(InboxActionDue, domain.M("inbox.action_due", "action", x.Description), link, x.CreatedAt, x.DueDate)
	}
}

// inboxCounts caches the size of each person's inbox briefly: the number
// in the navigation is shown on every page and may lag half a minute.
type inboxCounts struct {
	mu sync.Mutex
	m  map[int64]inboxCount
}

type inboxCount struct {
	n  int
	at time.Time
}

const inboxCountTTL = 30 * time.Second

// InboxCount returns the number of items in the inbox, cached for a short while.
func (s *Service) InboxCount(ctx context.Context, a authz.Actor) (int, error) {
	s.inbox.mu.Lock()
	if s.inbox.m == nil {
		s.inbox.m = map[int64]inboxCount{}
	}
	c, ok := s.inbox.m[a.User.ID]
	s.inbox.mu.Unlock()
	if ok && s.Now().Sub(c.at) < inboxCountTTL {
		return c.n, nil
	}
	items, err := s.Inbox(ctx, a)
	if err != nil {
		return 0, err
	}
	s.inbox.mu.Lock()
	s.inbox.m[a.User.ID] = inboxCount{n: len(items), at: s.Now()}
	s.inbox.mu.Unlock()
	return len(items), nil
}

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

// InboxKind is the kind of an inbox item.
type InboxKind string

// Inbox kinds.
const (
	InboxPlanApprove   InboxKind = "plan_approve"
	InboxPlanNew       InboxKind = "plan_new" // a draft plan opened by a move or a new appointment
	InboxSheetValidate InboxKind = "sheet_validate"
	InboxSheetVerify   InboxKind = "sheet_verify"
	InboxReportReview  InboxKind = "report_review"
	InboxCorrection    InboxKind = "correction"
	InboxReturned      InboxKind = "returned"
	InboxActionDue     InboxKind = "action_due"
)

// InboxKinds lists every kind in the order the inbox groups them: what
// others wait for first, then one's own new, returned work and actions.
var InboxKinds = []InboxKind{InboxPlanApprove, InboxSheetValidate, InboxSheetVerify, InboxReportReview, InboxCorrection,
	InboxPlanNew, InboxReturned, InboxActionDue}

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
	years, err := s.store.ListYears(ctx)
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
	sort.SliceStable(items, func(i, j int) bool { return items[i].Since.Before(items[j].Since) })
	return items, nil
}

// inboxOfYear appends to items what waits for the person in one year.
func (s *Service) inboxOfYear(ctx context.Context, a authz.Actor, c *domain.Chart, y domain.Year, office int64, only []int64, items []InboxItem) ([]InboxItem, error) {
	me := a.EmployeeID()
	if only != nil {
		// A former supervisor still approves and validates the plans of
		// those who moved away (SPEC §13).
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
	today := s.Today()
	add := func(kind InboxKind, m domain.Msg, link string, since, deadline time.Time) {
		it := InboxItem{Kind: kind, What: m, Link: link, Since: since, Deadline: deadline}
		it.Overdue = !deadline.IsZero() && today.After(deadline)
		items = append(items, it)
	}
	for _, p := range od.plans {
		owner := c.Employees[p.EmployeeID]
		if owner == nil {
			continue
		}
		v := od.latest[p.ID]
		pc := c // who acts on a plan is judged by the chart of its period
		if !p.Covers(today) {
			if pc, err = s.chartFor(ctx, p); err != nil {
				return nil, err
			}
		}
		switch {
		case p.EmployeeID == me && v.Status == domain.PlanReturned:
			add(InboxReturned, domain.M("inbox.plan_returned", "kind", string(p.Kind), "version", v.Number), planLink(p.ID), v.ReturnedAt, planDue(y, p))
		case v.Status == domain.PlanDraft && v.Number == 1 && !p.WholeYear() && p.EmployeeID == me:
			// A plan opened by a move or a new appointment is drawn up by
			// its owner, with the supervisor of the new post.
			add(InboxPlanNew, domain.M("inbox.plan_new_own", "kind", string(p.Kind), "date", p.PeriodStart), planLink(p.ID), p.CreatedAt, planDue(y, p))
		case v.Status == domain.PlanDraft && v.Number == 1 && !p.WholeYear() && authz.CanApprovePlan(a, pc, p):
			add(InboxPlanNew, domain.M("inbox.plan_new", "kind", string(p.Kind), "name", owner.Name, "date", p.PeriodStart), planLink(p.ID), p.CreatedAt, planDue(y, p))
		case v.Status == domain.PlanSubmitted && authz.CanApprovePlan(a, pc, p):
			add(InboxPlanApprove, domain.M("inbox.plan_approve", "kind", string(p.Kind), "name", owner.Name, "version", v.Number), planLink(p.ID), v.SubmittedAt, planDue(y, p))
		}
		for q := 1; q <= 4; q++ {
			sh := od.sheet(p.ID, q)
			deadline := y.Quarters[q-1].Deadline
			switch {
			case sh.ID == 0:
			case p.EmployeeID == me && sh.Status == domain.SheetReturned:
				add(InboxReturned, domain.M("inbox.sheet_returned", "q", q), sheetLink(p.ID, q), sh.ReturnedAt, deadline)
			case sh.Status == domain.SheetSubmitted && authz.CanValidateSheet(a, pc, p):
				add(InboxSheetValidate, domain.M("inbox.sheet_validate", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.SubmittedAt, deadline)
			case sh.Status == domain.SheetValidated && authz.CanVerifySheet(a, pc, p):
				add(InboxSheetVerify, domain.M("inbox.sheet_verify", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.ValidatedAt, deadline)
			}
			if reps := od.reports[p.ID]; reps != nil {
				r := reps[q-1]
				switch {
				case r.ID == 0:
				case p.EmployeeID == me && r.Status == domain.ReportReturned:
					add(InboxReturned, domain.M("inbox.report_returned", "q", q), reportLink(p.ID, q), r.ReturnedAt, deadline)
				case r.Status == domain.ReportSubmitted && authz.CanReviewReport(a, pc, p):
					add(InboxReportReview, domain.M("inbox.report_review", "name", owner.Name, "q", q), reportLink(p.ID, q), r.SubmittedAt, deadline)
				}
			}
		}
	}
	if authz.CanInScope(a, c, authz.CorrectionDecide, office) {
		list, err := s.ListCorrections(ctx, a, y.Year, office, domain.CorrectionPending)
		if err != nil {
			return nil, err
		}
		for _, cr := range list {
			if cr.Correction.RequestedBy != a.User.ID {
				add(InboxCorrection, domain.M("inbox.correction", "name", cr.Owner, "code", cr.Code, "q", cr.Quarter), sheetLink(cr.PlanID, cr.Quarter), cr.Correction.RequestedAt, time.Time{})
			}
		}
	}
	for _, x := range od.pending {
		if x.OwnerID != me || x.DueDate.Sub(today) > actionDueWindow {
			continue
		}
		link := ""
		if pid, q := od.actionPlace(a, x); pid != 0 {
			link = reportLink(pid, q)
		}
		add(InboxActionDue, domain.M("inbox.action_due", "action", x.Description), link, x.CreatedAt, x.DueDate)
	}
	return items, nil
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

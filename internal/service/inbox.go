package service

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// InboxItem is one thing waiting for the signed-in person.
type InboxItem struct {
	Kind     string // plan_approve, sheet_validate, sheet_verify, report_review, correction, action_due, returned, assess
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
	// The people the person still has to rate in the 360° assessment.
	for q := 1; q <= 4; q++ {
		duties, err := s.RaterDuties(ctx, a, working.Year, q)
		if err != nil {
			return nil, err
		}
		for _, d := range duties {
			items = append(items, InboxItem{Kind: "assess", What: domain.M("inbox.assess", "name", d.Employee.Name, "quarter", q),
				Link: "/assess/" + itoa64(d.PlanID) + "/" + itoa64(int64(q)), Since: domain.QuarterEnd(working.Year, q).AddDate(0, 0, 1),
				Deadline: d.ScoreBy, Overdue: s.Today().After(d.ScoreBy)})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Since.Before(items[j].Since) })
	return items, nil
}

// inboxOfYear appends to items what waits for the person in one year.
func (s *Service) inboxOfYear(ctx context.Context, a authz.Actor, c *domain.Chart, y domain.Year, office int64, only []int64, items []InboxItem) ([]InboxItem, error) {
	me := a.EmployeeID()
	od, err := s.loadOfficeOf(ctx, c, y, office, only)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	add := func(kind string, m domain.Msg, link string, since, deadline time.Time) {
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
		switch {
		case p.EmployeeID == me && v.Status == domain.PlanReturned:
			add("returned", domain.M("inbox.plan_returned", "kind", string(p.Kind), "version", v.Number), planLink(p.ID), v.ReturnedAt, y.PlanDueDate)
		case v.Status == domain.PlanSubmitted && authz.CanApprovePlan(a, c, p):
			add("plan_approve", domain.M("inbox.plan_approve", "kind", string(p.Kind), "name", owner.Name, "version", v.Number), planLink(p.ID), v.SubmittedAt, y.PlanDueDate)
		}
		for q := 1; q <= 4; q++ {
			sh := od.sheet(p.ID, q)
			deadline := y.Quarters[q-1].Deadline
			switch {
			case sh.ID == 0:
			case p.EmployeeID == me && sh.Status == domain.SheetReturned:
				add("returned", domain.M("inbox.sheet_returned", "q", q), sheetLink(p.ID, q), sh.ReturnedAt, deadline)
			case sh.Status == domain.SheetSubmitted && authz.CanValidateSheet(a, c, p):
				add("sheet_validate", domain.M("inbox.sheet_validate", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.SubmittedAt, deadline)
			case sh.Status == domain.SheetValidated && authz.CanVerifySheet(a, c, p):
				add("sheet_verify", domain.M("inbox.sheet_verify", "name", owner.Name, "q", q), sheetLink(p.ID, q), sh.ValidatedAt, deadline)
			}
			if reps := od.reports[p.ID]; reps != nil {
				r := reps[q-1]
				switch {
				case r.ID == 0:
				case p.EmployeeID == me && r.Status == domain.ReportReturned:
					add("returned", domain.M("inbox.report_returned", "q", q), reportLink(p.ID, q), r.ReturnedAt, deadline)
				case r.Status == domain.ReportSubmitted && authz.CanReviewReport(a, c, p):
					add("report_review", domain.M("inbox.report_review", "name", owner.Name, "q", q), reportLink(p.ID, q), r.SubmittedAt, deadline)
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
				add("correction", domain.M("inbox.correction", "name", cr.Owner, "code", cr.Code, "q", cr.Quarter), sheetLink(cr.PlanID, cr.Quarter), cr.Correction.RequestedAt, time.Time{})
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
		add("action_due", domain.M("inbox.action_due", "action", x.Description), link, x.CreatedAt, x.DueDate)
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

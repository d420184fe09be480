package web

import (
	"context"
	"net/http"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// homePage is the home page, made of the parts that fit the viewer: the
// office dashboard for the head of an office, the team for a supervisor,
// the console summary for the pengelola kinerja, and for every employee
// their own plan, deadlines, returned work and actions.
type homePage struct {
	Scope        dashScope
	Me           employeeRow
	Placed       bool
	Supervisors  []employeeRow
	Office       string
	IsHead       bool
	Dashboard    *dashOffice
	Region       *service.RegionView      // the offices below the head's office
	Initiatives  *service.InitiativesView // the head's office's strategic initiatives
	Team         *dashTeam
	Mine         *dashMine
	Console      *dashConsole
	Inbox        []dashInboxItem
	InboxMore    int
	Offices      []*domain.Unit // for readers without an office of their own
	CanConsole   bool
	CanDashboard bool
}

// homeInboxItems is how many waiting items the home page lists.
const homeInboxItems = 5

func (s *Server) home(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	ctx := r.Context()
	l := langOf(r)
	sc, err := s.dashScope(r, a)
	if err != nil {
		return err
	}
	c := sc.Chart
	d := homePage{Scope: sc}
	if e := c.Employees[a.EmployeeID()]; e != nil {
		d.Me = employeeRowOf(c, e)
		d.Placed = d.Me.Position != nil
		for _, id := range c.Supervisors(e.ID) {
			d.Supervisors = append(d.Supervisors, employeeRowOf(c, c.Employees[id]))
		}
		if off := c.Units[c.EmployeeOffice(e.ID)]; off != nil {
			d.Office = off.Name
			d.IsHead = c.Heads(off.ID, e.ID)
		}
	}
	if sc.Office != nil {
		d.CanConsole = authz.CanInScope(a, c, authz.QuarterClose, sc.Office.ID)
		d.CanDashboard = !d.IsHead && authz.CanInScope(a, c, authz.OfficeRead, sc.Office.ID)
	}
	if a.EmployeeID() == 0 {
		d.Offices = sc.Offices
	}
	if sc.Year != nil {
		if err := s.fillHome(ctx, l, a, sc, &d); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "home", l.T("home.title"), d)
	return nil
}

// fillHome loads the parts of the home page for an open year.
func (s *Server) fillHome(ctx context.Context, l i18n.Lang, a authz.Actor, sc dashScope, d *homePage) error {
	var err error
	if d.IsHead {
		if d.Dashboard, err = s.buildOffice(ctx, l, a, sc); err != nil {
			return err
		}
		rv, err := s.svc.Region(ctx, a, sc.Year.Year, d.Dashboard.D.Quarter, sc.Office.ID)
		if err != nil {
			return err
		}
		if len(rv.Offices) > 0 {
			d.Region = &rv
		}
		iv, err := s.svc.InitiativeList(ctx, a, sc.Year.Year, sc.Office.ID)
		if err != nil {
			return err
		}
		d.Initiatives = &iv
	}
	if a.EmployeeID() != 0 {
		// The head sees the team's counts; other supervisors their heat map.
		if d.Team, err = s.buildTeam(ctx, l, a, sc, sc.Quarter, !d.IsHead); err != nil {
			return err
		}
		if !d.Team.TV.HasTeam {
			d.Team = nil
		}
		if d.Mine, err = s.buildMine(ctx, l, a, sc); err != nil {
			return err
		}
		items, err := s.svc.Inbox(ctx, a)
		if err != nil {
			return err
		}
		all := dashInboxItems(s.svc.Today(), s.svc.Location(), items)
		if len(all) > homeInboxItems {
			d.InboxMore = len(all) - homeInboxItems
			all = all[:homeInboxItems]
		}
		d.Inbox = all
	}
	if d.CanConsole {
		if d.Console, err = s.buildConsole(ctx, l, a, sc); err != nil {
			return err
		}
	}
	return nil
}

// dashMine is the signed-in employee's own part of the home page.
type dashMine struct {
	H         service.MyHome
	Quarter   int
	PlanLink  string
	SheetLink string
	Lines     []dashIKU
	Live      bool // some figures are not verified yet
	Deadlines []service.Deadline
	Returned  []service.Returned
	Actions   []dashAction
}

func (s *Server) buildMine(ctx context.Context, l i18n.Lang, a authz.Actor, sc dashScope) (*dashMine, error) {
	h, err := s.svc.MyHome(ctx, a, sc.Year.Year)
	if err != nil {
		return nil, err
	}
	m := &dashMine{H: h, Quarter: h.Quarter, Deadlines: h.Deadlines, Returned: h.Returned}
	if h.Plan != nil {
		m.PlanLink = dashPlanLink(h.Plan.ID)
		if h.Approved {
			m.SheetLink = dashSheetLink(h.Plan.ID, h.Quarter)
		}
	}
	for _, t := range h.Lines {
		x := dashTrack(l, t, h.Quarter, "dh-mine-")
		m.Live = m.Live || x.Live
		m.Lines = append(m.Lines, x)
	}
	for _, x := range h.Actions {
		da := dashAction{Description: x.Action.Description, Due: x.Action.DueDate, Status: x.Action.Status, Overdue: x.Overdue}
		if x.PlanID != 0 {
			da.Link = dashReportLink(x.PlanID, x.Quarter)
		}
		m.Actions = append(m.Actions, da)
	}
	return m, nil
}

// dashInboxItem is an inbox entry ready to show.
type dashInboxItem struct {
	service.InboxItem
	Age  int // days waiting
	Days int // days to the deadline; negative when overdue
}

func dashInboxItems(today time.Time, loc *time.Location, items []service.InboxItem) []dashInboxItem {
	out := make([]dashInboxItem, 0, len(items))
	for _, it := range items {
		x := dashInboxItem{InboxItem: it}
		if !it.Since.IsZero() {
			x.Age = max(0, dashDays(it.Since.In(loc), today))
		}
		if !it.Deadline.IsZero() {
			x.Days = dashDays(today, it.Deadline)
		}
		out = append(out, x)
	}
	return out
}

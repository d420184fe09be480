package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// waitingRow is a sheet waiting for the viewer, with how long it has waited.
type waitingRow struct {
	service.WaitingSheet
	Days int
}

type realisationPage struct {
	service.RealisationOverview
	Years      []domain.Year
	Q          int
	ToValidate []waitingRow
	ToVerify   []waitingRow
	Offices    []*domain.Unit // for readers of several offices without one of their own: whose consoles to open
}

func (s *Server) realisationPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	ctx, l := r.Context(), langOf(r)
	years, err := s.svc.ListYears(ctx, a)
	if err != nil {
		return err
	}
	y, err := s.pickYear(r, years)
	if err != nil {
		return err
	}
	year := y.Year
	d := realisationPage{Years: years}
	if year != 0 {
		if d.RealisationOverview, err = s.svc.RealisationOverview(ctx, a, year); err != nil {
			return err
		}
		today := s.svc.Today()
		d.Q = d.RealisationOverview.Quarter
		if q, err := strconv.Atoi(r.URL.Query().Get("q")); err == nil && q >= 1 && q <= 4 {
			d.Q = q
		}
		rows := func(list []service.WaitingSheet) []waitingRow {
			out := make([]waitingRow, 0, len(list))
			for _, w := range list {
				out = append(out, waitingRow{WaitingSheet: w, Days: int(today.Sub(domain.Day(w.Since.In(s.svc.Location()))).Hours() / 24)})
			}
			return out
		}
		d.ToValidate, d.ToVerify = rows(d.RealisationOverview.ToValidate), rows(d.RealisationOverview.ToVerify)
		if d.Office.ID == 0 && authz.Can(a, authz.OfficeRead) {
			c, err := s.svc.OrgChart(ctx, a)
			if err != nil {
				return err
			}
			for _, u := range c.Units {
				if c.Working(u.ID) && authz.InScope(a, c, u.ID) {
					d.Offices = append(d.Offices, u)
				}
			}
			sort.Slice(d.Offices, func(i, j int) bool { return d.Offices[i].Code < d.Offices[j].Code })
		}
	}
	s.render(w, r, http.StatusOK, "realisation", l.T("realui.overview.title"), d)
	return nil
}

// consolePage is the data of the quarter closing console.
type consolePage struct {
	service.QuarterConsole
	Q       int
	States  []string // the columns of the summary, in workflow order
	Late    int
	Back    string // this page's URL, for forms that return here
	Offices string // the office query parameter to keep in links ("" for the viewer's own)
}

// consoleStates orders the reporting states from least to most advanced.
var consoleStates = []string{"no_plan", service.QuarterPlanNotApproved, string(domain.SheetDraft),
	string(domain.SheetReturned), string(domain.SheetSubmitted), string(domain.SheetValidated), string(domain.SheetVerified), string(domain.SheetLocked)}

// consolePath reads the year, quarter and office of a console URL.
func (s *Server) consolePath(r *http.Request, a authz.Actor) (year, q int, officeID int64, err error) {
	if year, err = strconv.Atoi(r.PathValue("year")); err != nil {
		return 0, 0, 0, domain.ErrNotFound
	}
	if q, err = strconv.Atoi(r.PathValue("q")); err != nil || q < 1 || q > 4 {
		return 0, 0, 0, domain.ErrNotFound
	}
	if v := r.URL.Query().Get("office"); v != "" {
		if officeID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, 0, 0, domain.ErrNotFound
		}
		return year, q, officeID, nil
	}
	if officeID, err = s.ownOffice(r, a); err != nil {
		return 0, 0, 0, err
	}
	return year, q, officeID, nil
}

// ownOffice is the office of the viewer's post, for a page of an office
// when none is asked for; not found when they have none.
func (s *Server) ownOffice(r *http.Request, a authz.Actor) (int64, error) {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return 0, err
	}
	if id := c.EmployeeOffice(a.EmployeeID()); id != 0 {
		return id, nil
	}
	return 0, domain.ErrNotFound
}

func consoleURL(year, q int, office string) string {
	u := "/quarters/" + strconv.Itoa(year) + "/" + strconv.Itoa(q)
	if office != "" {
		u += "?office=" + url.QueryEscape(office)
	}
	return u
}

func (s *Server) quarterConsole(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, q, officeID, err := s.consolePath(r, a)
	if err != nil {
		return err
	}
	qc, err := s.svc.QuarterConsole(r.Context(), a, year, q, officeID)
	if err != nil {
		return err
	}
	office := r.URL.Query().Get("office")
	d := consolePage{QuarterConsole: qc, Q: q, Offices: office, Back: consoleURL(year, q, office)}
	for _, st := range consoleStates {
		if qc.Totals[st] > 0 {
			d.States = append(d.States, st)
		}
	}
	for _, u := range qc.Units {
		for _, row := range u.Rows {
			if row.Late {
				d.Late++
			}
		}
	}
	l := langOf(r)
	s.render(w, r, http.StatusOK, "quarter", l.T("realui.console.title", "q", q, "year", year), d)
	return nil
}

func (s *Server) quarterRemind(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, q, officeID, err := s.consolePath(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	n, err := s.svc.SendReminders(r.Context(), a, year, q, officeID)
	if err != nil {
		return err
	}
	s.addFlash(r, "ok", l.T("realui.flash.reminded", "n", n))
	redirect(w, r, consoleURL(year, q, r.URL.Query().Get("office")))
	return nil
}

func (s *Server) quarterClose(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, q, officeID, err := s.consolePath(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	back := consoleURL(year, q, r.URL.Query().Get("office"))
	open, err := s.svc.CloseQuarter(r.Context(), a, year, q, officeID)
	if err != nil {
		g := newForm(nil)
		if !g.absorb(l, err) {
			return err
		}
		for _, m := range g.General {
			s.addFlash(r, "error", m)
		}
		redirect(w, r, back)
		return nil
	}
	s.addFlash(r, "ok", l.T("realui.flash.closed", "q", q, "n", len(open)))
	redirect(w, r, back)
	return nil
}

// notificationsLimit is how many notifications the page lists.
const notificationsLimit = 100

func (s *Server) notifications(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	list, err := s.svc.Notifications(r.Context(), a, false, notificationsLimit)
	if err != nil {
		return err
	}
	unread := 0
	for _, n := range list {
		if n.ReadAt.IsZero() {
			unread++
		}
	}
	s.render(w, r, http.StatusOK, "notifications", langOf(r).T("realui.notif.title"),
		struct {
			List   []domain.Notification
			Unread int
		}{list, unread})
	return nil
}

// notificationsRead marks one notification (id) or all of them read, then
// follows the notification's link (next) or returns to the list.
func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := formID(r, "id")
	if err := s.svc.MarkNotificationsRead(r.Context(), a, id); err != nil {
		return err
	}
	next := "/notifications"
	if v := r.PostFormValue("next"); v != "" {
		next = safeNext(v)
	}
	redirect(w, r, next)
	return nil
}

// fillNavCounts puts the unread notification count on its menu entry: one
// indexed count per page, skipped when the menu has no such entry.
func (s *Server) fillNavCounts(r *http.Request, a *authz.Actor, m *navMenu) {
	if m.link("/notifications") == nil {
		return
	}
	if n, err := s.svc.UnreadNotifications(r.Context(), *a); err == nil {
		m.setCount("/notifications", n)
	} else {
		s.log.WarnContext(r.Context(), "unread notifications", "err", err)
	}
}

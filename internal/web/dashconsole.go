package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// dashConsole is the pengelola kinerja's view of the cycle of a quarter.
type dashConsole struct {
	C           service.Console
	Quarter     int
	Units       []dashUnit
	Totals      dashUnit
	PlansLate   []dashGap
	LateSheets  []dashPerson
	Corrections []dashCorrection
	Reports     []dashReport
	CanRemind   bool
	ClosedAt    time.Time
	CloseLink   string
	K3Link      string
	Query       string // year, quarter and office, for links and forms
}

type dashGap struct {
	Name, Position, Unit string
	Status               string // "none" or a plan status
	Late                 bool
}

type dashCorrection struct {
	Owner, Code, Name, Reason string
	Quarter                   int
	RequestedAt               time.Time
	Link                      string
}

type dashReport struct {
	Name, Position string
	Kind           domain.PlanKind
	Status         string // "none" when not started
	Overdue        int
	Link           string
}

func (s *Server) buildConsole(ctx context.Context, l i18n.Lang, a authz.Actor, sc dashScope) (*dashConsole, error) {
	cs, err := s.svc.Console(ctx, a, sc.Year.Year, sc.Quarter, sc.Office.ID)
	if err != nil {
		return nil, err
	}
	c := sc.Chart
	q := cs.Quarter
	d := &dashConsole{C: cs, Quarter: q, CanRemind: cs.Progress.CanClose,
		CloseLink: fmt.Sprintf("/quarters/%d/%d", cs.Year.Year, q)}
	v := url.Values{"year": {strconv.Itoa(cs.Year.Year)}, "q": {strconv.Itoa(q)}}
	if !sc.Own {
		v.Set("office", strconv.FormatInt(sc.Office.ID, 10))
		d.CloseLink += "?office=" + strconv.FormatInt(sc.Office.ID, 10)
	}
	d.Query = v.Encode()
	k3 := url.Values{"year": {strconv.Itoa(cs.Year.Year)}}
	if !sc.Own {
		k3.Set("office", strconv.FormatInt(sc.Office.ID, 10))
	}
	d.K3Link = "/k3?" + k3.Encode()
	if cs.Progress.Closure != nil {
		d.ClosedAt = cs.Progress.Closure.ClosedAt
	}
	d.Units, d.Totals = dashUnits(cs.Progress)
	unitName := func(id int64) string {
		if u := c.Units[id]; u != nil {
			return u.Name
		}
		return ""
	}
	for _, g := range cs.PlansLate {
		d.PlansLate = append(d.PlansLate, dashGap{Name: g.Name, Position: g.Position, Unit: unitName(g.UnitID), Status: g.Status, Late: g.Late})
	}
	for _, r := range cs.LateSheets {
		p := dashPerson{Name: r.Name, Position: r.Position, Status: r.Status, Late: r.Late}
		if r.PlanID != 0 && r.Status != "plan_not_approved" {
			p.Link = dashSheetLink(r.PlanID, q)
		}
		d.LateSheets = append(d.LateSheets, p)
	}
	for _, cr := range cs.Corrections {
		d.Corrections = append(d.Corrections, dashCorrection{Owner: cr.Owner, Code: cr.Code, Name: cr.Name, Reason: cr.Correction.Reason,
			Quarter: cr.Quarter, RequestedAt: cr.Correction.RequestedAt, Link: dashSheetLink(cr.PlanID, cr.Quarter)})
	}
	for _, rp := range cs.Reports {
		x := dashReport{Name: rp.Employee.Name, Position: rp.Position.Title, Kind: rp.Kind, Status: "none", Overdue: rp.Overdue,
			Link: dashReportLink(rp.PlanID, q)}
		if rp.Report.ID != 0 {
			x.Status = string(rp.Report.Status)
		}
		d.Reports = append(d.Reports, x)
	}
	return d, nil
}

// consolePageData is /console.
type consolePageData struct {
	Scope   dashScope
	Console *dashConsole
	Quarter int // for the quarter choice
}

func (s *Server) console(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.dashScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := consolePageData{Scope: sc, Quarter: max(sc.Quarter, 1)}
	if sc.Year != nil && sc.Office != nil {
		if d.Console, err = s.buildConsole(r.Context(), l, a, sc); err != nil {
			return err
		}
		d.Quarter = d.Console.Quarter
	}
	s.render(w, r, http.StatusOK, "console", l.T("dashui.console_title"), d)
	return nil
}

// consoleRemind sends the quarter's reminders and returns to the console.
func (s *Server) consoleRemind(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	year, err1 := strconv.Atoi(r.PostFormValue("year"))
	q, err2 := strconv.Atoi(r.PostFormValue("q"))
	office := formID(r, "office")
	if err1 != nil || err2 != nil {
		return errBadRequest
	}
	if office == 0 {
		var err error
		if office, err = s.ownOffice(r, a); err != nil {
			return err
		}
	}
	n, err := s.svc.SendReminders(r.Context(), a, year, q, office)
	if err != nil {
		return err
	}
	l := langOf(r)
	if n == 0 {
		s.addFlash(r, "ok", l.T("dashui.remind_none"))
	} else {
		s.addFlash(r, "ok", l.T("dashui.remind_sent", "n", n))
	}
	back := url.Values{"year": {strconv.Itoa(year)}, "q": {strconv.Itoa(q)}}
	if r.PostFormValue("office") != "" {
		back.Set("office", strconv.FormatInt(office, 10))
	}
	redirect(w, r, "/console?"+back.Encode())
	return nil
}

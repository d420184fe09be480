package web

import (
	"net/http"

	"github.com/kinerja/kinerja/internal/authz"
)

type homePage struct {
	Me           employeeRow
	Placed       bool
	Supervisors  []employeeRow
	Subordinates []employeeRow
	Office       string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	d := homePage{}
	if e := c.Employees[a.EmployeeID()]; e != nil {
		d.Me = employeeRowOf(c, e)
		d.Placed = d.Me.Position != nil
		for _, id := range c.Supervisors(e.ID) {
			d.Supervisors = append(d.Supervisors, employeeRowOf(c, c.Employees[id]))
		}
		for _, id := range c.Subordinates(e.ID) {
			d.Subordinates = append(d.Subordinates, employeeRowOf(c, c.Employees[id]))
		}
		if off := c.Units[c.EmployeeOffice(e.ID)]; off != nil {
			d.Office = off.Name
		}
	}
	s.render(w, r, http.StatusOK, "home", langOf(r).T("home.title"), d)
	return nil
}

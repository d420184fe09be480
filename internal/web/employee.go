package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

const employeesPerPage = 50

type employeeRow struct {
	Employee *domain.Employee
	Position *domain.Position
	Unit     *domain.Unit
	Acting   domain.ActingKind
}

type employeesPage struct {
	Query     string
	Rows      []employeeRow
	Page      int
	HasMore   bool
	CanManage bool
}

func employeeRowOf(c *domain.Chart, e *domain.Employee) employeeRow {
	row := employeeRow{Employee: e}
	if hs := c.HeldBy(e.ID); len(hs) > 0 {
		row.Position = c.Positions[hs[0].PositionID]
		row.Acting = hs[0].Acting
		if row.Position != nil {
			row.Unit = c.Units[row.Position.UnitID]
		}
	}
	return row
}

func (s *Server) employees(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	q := r.URL.Query().Get("q")
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if pg < 1 {
		pg = 1
	}
	list, err := s.svc.SearchEmployees(r.Context(), a, q, employeesPerPage+1, (pg-1)*employeesPerPage)
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	d := employeesPage{Query: q, Page: pg, CanManage: authz.Can(a, authz.OrgManage)}
	if len(list) > employeesPerPage {
		d.HasMore = true
		list = list[:employeesPerPage]
	}
	for i := range list {
		d.Rows = append(d.Rows, employeeRowOf(c, &list[i]))
	}
	s.render(w, r, http.StatusOK, "employees", langOf(r).T("employees.title"), d)
	return nil
}

type employeePage struct {
	Row          employeeRow
	Supervisors  []employeeRow
	Subordinates []employeeRow
	History      []historyRow
	CanManage    bool
}

type historyRow struct {
	Assignment domain.Assignment
	Position   *domain.Position
	Unit       *domain.Unit
	Current    bool
}

func (s *Server) employeeDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	e := c.Employees[id]
	if e == nil {
		return domain.ErrNotFound
	}
	hist, err := s.svc.EmployeeHistory(r.Context(), a, id)
	if err != nil {
		return err
	}
	d := employeePage{Row: employeeRowOf(c, e)}
	if d.Row.Position != nil {
		d.CanManage = authz.CanInScope(a, c, authz.OrgManage, d.Row.Position.UnitID)
	} else {
		d.CanManage = authz.Can(a, authz.OrgManage)
	}
	for _, sid := range c.Supervisors(id) {
		d.Supervisors = append(d.Supervisors, employeeRowOf(c, c.Employees[sid]))
	}
	for _, sid := range c.Subordinates(id) {
		d.Subordinates = append(d.Subordinates, employeeRowOf(c, c.Employees[sid]))
	}
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		hr := historyRow{Assignment: h, Position: c.Positions[h.PositionID], Current: h.ActiveOn(c.Day)}
		if hr.Position != nil {
			hr.Unit = c.Units[hr.Position.UnitID]
		}
		d.History = append(d.History, hr)
	}
	s.render(w, r, http.StatusOK, "employee", e.Name, d)
	return nil
}

type employeeFormPage struct {
	Employee  *domain.Employee
	Positions []positionOption
}

func (s *Server) employeeForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	if err := mayManage(a, c, 0); err != nil {
		return err
	}
	d := employeeFormPage{Positions: positionOptions(c)}
	f := newForm(nil)
	title := langOf(r).T("employee.new")
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		e := c.Employees[id]
		if e == nil {
			return domain.ErrNotFound
		}
		if p, placed := c.Primary(id); placed {
			if err := mayManage(a, c, p.UnitID); err != nil {
				return err
			}
		}
		d.Employee = e
		active := ""
		if e.Active {
			active = "1"
		}
		f.Values = map[string][]string{"nip": {e.NIP}, "name": {e.Name}, "email": {e.Email}, "grade": {e.Grade}, "active": {active}}
		title = langOf(r).T("employee.edit")
	} else {
		f.Values = map[string][]string{"start_date": {s.svc.Today().Format("2006-01-02")}, "position_id": {r.URL.Query().Get("position")}}
	}
	s.renderForm(w, r, http.StatusOK, "employee_form", title, d, f)
	return nil
}

func (s *Server) employeeSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	in := service.EmployeeInput{NIP: r.PostFormValue("nip"), Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Grade: r.PostFormValue("grade"), Active: r.PostFormValue("active") == "1"}
	var (
		e   domain.Employee
		err error
		id  int64
	)
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		e, err = s.svc.UpdateEmployee(r.Context(), a, id, in)
	} else {
		in.Active = true
		posID := formID(r, "position_id")
		start := formDate(f, l, "start_date")
		if posID != 0 && start.IsZero() && !f.HasErrors() {
			start = s.svc.Today()
		}
		if f.HasErrors() {
			return s.employeeFormAgain(w, r, a, f, 0)
		}
		e, err = s.svc.CreateEmployeeIn(r.Context(), a, in, posID, start)
	}
	if err != nil {
		if !f.absorb(l, err) {
			return err
		}
		return s.employeeFormAgain(w, r, a, f, id)
	}
	s.addFlash(r, "ok", l.T("saved"))
	redirect(w, r, "/employees/"+strconv.FormatInt(e.ID, 10))
	return nil
}

func (s *Server) employeeFormAgain(w http.ResponseWriter, r *http.Request, a authz.Actor, f *form, id int64) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	d := employeeFormPage{Positions: positionOptions(c), Employee: c.Employees[id]}
	title := langOf(r).T("employee.new")
	if id != 0 {
		title = langOf(r).T("employee.edit")
	}
	s.renderForm(w, r, http.StatusUnprocessableEntity, "employee_form", title, d, f)
	return nil
}

type assignFormPage struct {
	Employee  *domain.Employee
	Positions []positionOption
}

func (s *Server) assignForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	if err := mayManage(a, c, 0); err != nil {
		return err
	}
	e := c.Employees[id]
	if e == nil {
		return domain.ErrNotFound
	}
	if !authz.CanMoveEmployee(a, c, id) {
		return domain.Refuse("org.move_other_office")
	}
	f := newForm(map[string][]string{"start_date": {s.svc.Today().Format("2006-01-02")}})
	s.renderForm(w, r, http.StatusOK, "assign_form", langOf(r).T("assign.title"), assignFormPage{Employee: e, Positions: positionOptions(c)}, f)
	return nil
}

func (s *Server) assignSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	in := service.AssignInput{EmployeeID: id, PositionID: formID(r, "position_id"), Acting: domain.ActingKind(r.PostFormValue("acting")),
		Note: r.PostFormValue("note")}
	in.StartDate = formDate(f, l, "start_date")
	in.EndDate = formDate(f, l, "end_date")
	if !f.HasErrors() {
		if _, err = s.svc.Assign(r.Context(), a, in); err == nil {
			s.addFlash(r, "ok", l.T("saved"))
			redirect(w, r, "/employees/"+strconv.FormatInt(id, 10))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	if c.Employees[id] == nil {
		return domain.ErrNotFound
	}
	s.renderForm(w, r, http.StatusUnprocessableEntity, "assign_form", l.T("assign.title"), assignFormPage{Employee: c.Employees[id], Positions: positionOptions(c)}, f)
	return nil
}

func (s *Server) assignEnd(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	end := s.svc.Today()
	if v := r.PostFormValue("end_date"); v != "" {
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return domain.Invalid("end_date", "err.date")
		}
		end = t
	}
	if err := s.svc.EndAssignment(r.Context(), a, id, aid, end); err != nil {
		return err
	}
	s.addFlash(r, "ok", langOf(r).T("saved"))
	redirect(w, r, "/employees/"+strconv.FormatInt(id, 10))
	return nil
}

package web

import (
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

type usersPage struct {
	Users     []domain.User
	Employees map[int64]*domain.Employee
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	list, err := s.svc.ListUsers(r.Context(), a)
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", langOf(r).T("users.title"), usersPage{Users: list, Employees: c.Employees})
	return nil
}

type userFormPage struct {
	User      *domain.User
	Roles     []domain.Role
	Employees []employeeRow
}

func (s *Server) userFormData(r *http.Request, a authz.Actor, u *domain.User) (userFormPage, error) {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return userFormPage{}, err
	}
	emps, err := s.svc.SearchEmployees(r.Context(), a, "", 0, 0)
	if err != nil {
		return userFormPage{}, err
	}
	d := userFormPage{User: u, Roles: domain.Roles}
	for i := range emps {
		d.Employees = append(d.Employees, employeeRowOf(c, &emps[i]))
	}
	return d, nil
}

func (s *Server) userForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if !authz.Can(a, authz.UserManage) {
		return domain.ErrForbidden
	}
	f := newForm(map[string][]string{"role": {string(domain.RoleEmployee)}, "lang": {"id"}, "active": {"1"}})
	var u *domain.User
	title := langOf(r).T("user.new")
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		got, err := s.svc.GetUser(r.Context(), a, id)
		if err != nil {
			return err
		}
		u = &got
		active := ""
		if u.Active {
			active = "1"
		}
		f.Values = map[string][]string{"username": {u.Username}, "role": {string(u.Role)}, "lang": {u.Lang},
			"employee_id": {strconv.FormatInt(u.EmployeeID, 10)}, "active": {active}}
		title = langOf(r).T("user.edit")
	}
	d, err := s.userFormData(r, a, u)
	if err != nil {
		return err
	}
	s.renderForm(w, r, http.StatusOK, "user_form", title, d, f)
	return nil
}

func (s *Server) userSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	in := service.UserInput{Username: r.PostFormValue("username"), Password: r.PostFormValue("password"),
		Role: domain.Role(r.PostFormValue("role")), EmployeeID: formID(r, "employee_id"), Lang: r.PostFormValue("lang"),
		Active: r.PostFormValue("active") == "1"}
	var (
		err error
		id  int64
	)
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		_, err = s.svc.UpdateUser(r.Context(), a, id, in)
	} else {
		_, err = s.svc.CreateUser(r.Context(), a, in)
	}
	if err != nil {
		f := newForm(r.PostForm)
		f.Values.Del("password")
		if !f.absorb(l, err) {
			return err
		}
		var cur *domain.User
		if id != 0 {
			cur = &domain.User{ID: id}
		}
		d, derr := s.userFormData(r, a, cur)
		if derr != nil {
			return derr
		}
		s.renderForm(w, r, http.StatusUnprocessableEntity, "user_form", formTitle(r, id, "user.new", "user.edit"), d, f)
		return nil
	}
	s.addFlash(r, "ok", l.T("saved"))
	redirect(w, r, "/users")
	return nil
}

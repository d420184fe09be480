package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
)

// Unit is an organisation unit.
type Unit struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id,omitempty" doc:"0 or absent for a top unit"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind" enum:"organisation,region,office,section"`
	OfficeID int64  `json:"office_id,omitempty" doc:"the office (strategy-map owner) the unit belongs to"`
	Address  string `json:"address,omitempty"`
	City     string `json:"city,omitempty"`
	Revision int    `json:"revision" doc:"send it with a change; a stale one is refused with 409"`
}

// Holder is someone holding a position.
type Holder struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Acting     string `json:"acting,omitempty" enum:"plt,plh," doc:"plt or plh for an acting appointment"`
}

// Position is a post in a unit.
type Position struct {
	ID          int64  `json:"id"`
	UnitID      int64  `json:"unit_id"`
	Title       string `json:"title"`
	Kind        string `json:"kind" enum:"head,administrator,pengawas,pelaksana,fungsional"`
	ReportsToID int64  `json:"reports_to_id,omitempty"`
	// NonSubstantive: a functional post left out of the substantive NKO blend.
	NonSubstantive bool     `json:"non_substantive" doc:"fungsional only: not substantive for the NKO blend (SPEC §10.6.6)"`
	Holders        []Holder `json:"holders"`
	Revision       int      `json:"revision" doc:"send it with a change; a stale one is refused with 409"`
}

// Employee is a civil servant.
type Employee struct {
	ID            int64   `json:"id"`
	NIP           string  `json:"nip"`
	Name          string  `json:"name"`
	Email         string  `json:"email,omitempty"`
	Grade         string  `json:"grade,omitempty"`
	Active        bool    `json:"active"`
	PositionID    int64   `json:"position_id,omitempty"`
	UnitID        int64   `json:"unit_id,omitempty"`
	SupervisorIDs []int64 `json:"supervisor_ids"`
	Revision      int     `json:"revision" doc:"send it with a change; a stale one is refused with 409"`
}

// Me is the signed-in account.
type Me struct {
	UserID   int64     `json:"user_id"`
	Username string    `json:"username"`
	Role     string    `json:"role" enum:"admin,pengelola,pemeriksa,employee"`
	Lang     string    `json:"lang"`
	Employee *Employee `json:"employee,omitempty"`
}

func employeeOut(c *domain.Chart, e *domain.Employee) Employee {
	out := Employee{ID: e.ID, NIP: e.NIP, Name: e.Name, Email: e.Email, Grade: e.Grade, Active: e.Active, SupervisorIDs: c.Supervisors(e.ID),
		Revision: e.Revision}
	if out.SupervisorIDs == nil {
		out.SupervisorIDs = []int64{}
	}
	if p, ok := c.Primary(e.ID); ok {
		out.PositionID, out.UnitID = p.ID, p.UnitID
	}
	return out
}

func unitOut(c *domain.Chart, u *domain.Unit) Unit {
	return Unit{ID: u.ID, ParentID: u.ParentID, Code: u.Code, Name: u.Name, Kind: string(u.Kind),
		OfficeID: c.Office(u.ID), Address: u.Address, City: u.City, Revision: u.Revision}
}

func positionOut(c *domain.Chart, p *domain.Position) Position {
	pos := Position{ID: p.ID, UnitID: p.UnitID, Title: p.Title, Kind: string(p.Kind), ReportsToID: p.ReportsToID, NonSubstantive: p.NonSubstantive, Holders: []Holder{},
		Revision: p.Revision}
	for _, h := range c.Holders(p.ID) {
		pos.Holders = append(pos.Holders, Holder{EmployeeID: h.EmployeeID, Name: c.Employees[h.EmployeeID].Name, Acting: string(h.Acting)})
	}
	return pos
}

type bodyOut[T any] struct {
	Body T
}

func (a *API) routes() {
	tags := []string{"Organisation"}
	register(a, huma.Operation{OperationID: "me", Method: http.MethodGet, Path: "/me", Summary: "The signed-in account", Tags: []string{"Accounts"},
		Description: "The account the token belongs to, with its role and, when it is linked to one, the employee with their position today.",
		Errors:      []int{http.StatusForbidden}}, a.me)
	register(a, huma.Operation{OperationID: "list-units", Method: http.MethodGet, Path: "/units", Summary: "Organisation units", Tags: tags,
		Description: "Every unit of the org chart, ordered by code, each with the office it belongs to.",
		Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.units)
	register(a, huma.Operation{OperationID: "list-positions", Method: http.MethodGet, Path: "/positions", Summary: "Positions and who holds them today", Tags: tags,
		Description: "Every position (or those of one unit), ordered by ID, with the people holding it today, acting ones marked.",
		Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.positions)
	register(a, huma.Operation{OperationID: "list-employees", Method: http.MethodGet, Path: "/employees", Summary: "Employees", Tags: tags,
		Description: "Employees whose name or NIP contains `q`, ordered by name, with their position today and their supervisors.",
		Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.employees)
	a.serviceAccountRoutes()
	a.adminRoutes()
	a.changeRoutes()
	a.yearRoutes()
	a.k3Routes()
	a.ruleSetRoutes()
	a.planRoutes()
	a.dashRoutes()
	a.overviewRoutes()
	a.reportRoutes()
	a.realRoutes()
	a.assignmentRoutes()
	a.scoreRoutes()
	a.assessRoutes()
	a.documentRoutes()
	register(a, huma.Operation{OperationID: "get-employee", Method: http.MethodGet, Path: "/employees/{id}", Summary: "One employee", Tags: tags,
		Description: "An employee with their position today and their supervisors.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound}}, a.employee)
}

func (a *API) me(ctx context.Context, _ *struct{}) (*bodyOut[Me], error) {
	act := actorOf(ctx)
	out := &bodyOut[Me]{Body: Me{UserID: act.User.ID, Username: act.User.Username, Role: string(act.User.Role), Lang: act.User.Lang}}
	if act.EmployeeID() != 0 {
		c, err := a.svc.OrgChart(ctx, act)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if e := c.Employees[act.EmployeeID()]; e != nil {
			emp := employeeOut(c, e)
			out.Body.Employee = &emp
		}
	}
	return out, nil
}

type unitsIn struct {
	Paging
}

func (a *API) units(ctx context.Context, in *unitsIn) (*listOut[Unit], error) {
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []Unit{}
	for _, u := range c.Units {
		all = append(all, unitOut(c, u))
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	return page(all, in.Paging), nil
}

type positionsIn struct {
	UnitID int64 `query:"unit_id" doc:"only the positions of this unit"`
	Paging
}

func (a *API) positions(ctx context.Context, in *positionsIn) (*listOut[Position], error) {
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []Position{}
	for _, p := range c.Positions {
		if in.UnitID != 0 && p.UnitID != in.UnitID {
			continue
		}
		all = append(all, positionOut(c, p))
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return page(all, in.Paging), nil
}

type employeesIn struct {
	Q string `query:"q" doc:"part of a name or NIP"`
	Paging
}

func (a *API) employees(ctx context.Context, in *employeesIn) (*listOut[Employee], error) {
	act := actorOf(ctx)
	list, err := a.svc.SearchEmployees(ctx, act, in.Q, in.Limit, in.Offset)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	total, err := a.svc.CountEmployees(ctx, act, in.Q)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &listOut[Employee]{}
	out.Body.Items = make([]Employee, 0, len(list))
	for i := range list {
		out.Body.Items = append(out.Body.Items, employeeOut(c, &list[i]))
	}
	out.Body.Total, out.Body.Limit, out.Body.Offset = total, in.Limit, in.Offset
	return out, nil
}

type idIn struct {
	ID int64 `path:"id"`
}

func (a *API) employee(ctx context.Context, in *idIn) (*bodyOut[Employee], error) {
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	e := c.Employees[in.ID]
	if e == nil {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	return &bodyOut[Employee]{Body: employeeOut(c, e)}, nil
}

// date formats a calendar date as yyyy-mm-dd ("" when zero).
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// adminRoutes registers the administration of years and the org chart:
// the same service methods as the pages, so the same permissions and audit.
func (a *API) adminRoutes() {
	change := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "create-year", Method: http.MethodPost, Path: "/years",
		Summary: "Open a performance year", Tags: []string{"Years"}, DefaultStatus: http.StatusCreated,
		Description: "For the pengelola kinerja and admins. The rule set defaults to the newest; each deadline left out takes the " +
			"rule set's default (the PK by 31 January, each quarter's package 10 days after it ends). 409 when the year is open already.",
		Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}}, a.createYear)
	org := []string{"Organisation"}
	register(a, huma.Operation{OperationID: "create-unit", Method: http.MethodPost, Path: "/units",
		Summary: "Add a unit", Tags: org, DefaultStatus: http.StatusCreated,
		Description: "Under a unit the caller manages (an organisation's root only for an admin of the whole organisation).",
		Errors:      change}, a.createUnit)
	register(a, huma.Operation{OperationID: "update-unit", Method: http.MethodPut, Path: "/units/{id}",
		Summary: "Change a unit", Tags: org,
		Description: "The whole unit as it should be. `revision` (from the unit as read) is refused with 409 when the unit " +
			"changed since; a unit sent as it is stored changes nothing. A new parent or kind that would give a plan's owner " +
			"another office or supervisor is refused with 409: create the new post and move its holder from a date instead.",
		Errors: change}, a.updateUnit)
	register(a, huma.Operation{OperationID: "create-position", Method: http.MethodPost, Path: "/positions",
		Summary: "Add a position", Tags: org, DefaultStatus: http.StatusCreated,
		Description: "In a unit the caller manages, reporting to a position of the same tree.", Errors: change}, a.createPosition)
	register(a, huma.Operation{OperationID: "update-position", Method: http.MethodPut, Path: "/positions/{id}",
		Summary: "Change a position", Tags: org,
		Description: "The whole position as it should be; `revision` as for units. Another unit, reporting line or kind " +
			"that would give a plan's owner another office or supervisor is refused with 409, as for units.", Errors: change}, a.updatePosition)
	register(a, huma.Operation{OperationID: "create-employee", Method: http.MethodPost, Path: "/employees",
		Summary: "Add an employee", Tags: org, DefaultStatus: http.StatusCreated,
		Description: "A civil servant with a valid, unused 18-digit NIP, optionally in a first post (`position_id`, from `start_date`); " +
			"later posts are given with assignments. A service account must place the employee in a post of its office.", Errors: change}, a.createEmployee)
	register(a, huma.Operation{OperationID: "update-employee", Method: http.MethodPut, Path: "/employees/{id}",
		Summary: "Change an employee", Tags: org,
		Description: "NIP, name, e-mail, grade and whether the employee is active; `revision` as for units.", Errors: change}, a.updateEmployee)
}

// orgRevision is the revision a change of the org chart was made on; -1
// (not checked) when the client sent none.
func orgRevision(r *int) int {
	if r == nil {
		return -1
	}
	return *r
}

// YearIn opens a performance year.
type YearIn struct {
	Year        int      `json:"year" minimum:"2000" maximum:"2100"`
	RuleSet     string   `json:"rule_set,omitempty" doc:"the rule set's ID; the default one when absent"`
	PlanDueDate string   `json:"plan_due_date,omitempty" format:"date" doc:"the PK and SKP deadline"`
	Deadlines   []string `json:"deadlines,omitempty" maxItems:"4" doc:"the quarterly package deadlines, TW I–IV; a missing or empty one takes the default"`
}

type createYearIn struct {
	Body YearIn
}

func (a *API) createYear(ctx context.Context, in *createYearIn) (*createdOut[Year], error) {
	yi := service.YearInput{RuleSet: in.Body.RuleSet}
	v := &domain.ValidationError{}
	yi.PlanDueDate = parseDate(v, "plan_due_date", in.Body.PlanDueDate)
	for q, d := range in.Body.Deadlines {
		yi.Deadlines[q] = parseDate(v, "deadline_"+strconv.Itoa(q+1), d)
	}
	if err := v.Err(); err != nil {
		return nil, a.failAt(ctx, err, yearPath)
	}
	y, err := a.svc.CreateYearWith(ctx, actorOf(ctx), in.Body.Year, yi)
	var ve *domain.ValidationError
	if errors.As(err, &ve) && ve.Fields["year"].Key == "year.exists" {
		return nil, huma.Error409Conflict(i18n.Text(langOf(ctx), ve.Fields["year"].Key, ve.Fields["year"].Args, nil))
	}
	if err != nil {
		return nil, a.failAt(ctx, err, yearPath)
	}
	return created(yearOut(y), "/years/%d", y.Year), nil
}

// yearPath places the service's deadline fields in a YearIn body.
func yearPath(f string) string {
	if q, ok := strings.CutPrefix(f, "deadline_"); ok {
		n, _ := strconv.Atoi(q)
		return "deadlines[" + strconv.Itoa(n-1) + "]"
	}
	return f
}

// UnitIn is a unit as sent.
type UnitIn struct {
	Revision   *int   `json:"revision,omitempty" required:"false" doc:"update: the unit's revision as read; a stale one is refused with 409 (absent: not checked)"`
	ParentID   int64  `json:"parent_id" doc:"0 for a top unit"`
	Code       string `json:"code" maxLength:"32"`
	Name       string `json:"name" maxLength:"200"`
	Kind       string `json:"kind" enum:"organisation,region,office,section"`
	Letterhead string `json:"letterhead,omitempty" doc:"lines printed above the office's name on documents"`
	Address    string `json:"address,omitempty"`
	City       string `json:"city,omitempty"`
}

func (u UnitIn) input() service.UnitInput {
	return service.UnitInput{ParentID: u.ParentID, Code: u.Code, Name: u.Name, Kind: domain.UnitKind(u.Kind), Letterhead: u.Letterhead, Address: u.Address, City: u.City}
}

type createUnitIn struct {
	Body UnitIn
}

type updateUnitIn struct {
	ID   int64 `path:"id"`
	Body UnitIn
}

// chartAfter is the chart after an org change: it answers with the object as the chart now holds it.
func (a *API) chartAfter(ctx context.Context) (*domain.Chart, error) {
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return c, nil
}

func (a *API) createUnit(ctx context.Context, in *createUnitIn) (*createdOut[Unit], error) {
	u, err := a.svc.CreateUnit(ctx, actorOf(ctx), in.Body.input())
	if err != nil {
		return nil, a.failAt(ctx, err, nil)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return created(unitOut(c, c.Units[u.ID]), "/units/%d", u.ID), nil
}

func (a *API) updateUnit(ctx context.Context, in *updateUnitIn) (*bodyOut[Unit], error) {
	if _, err := a.svc.UpdateUnitAt(ctx, actorOf(ctx), in.ID, orgRevision(in.Body.Revision), in.Body.input()); err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return &bodyOut[Unit]{Body: unitOut(c, c.Units[in.ID])}, nil
}

// PositionIn is a position as sent.
type PositionIn struct {
	Revision    *int   `json:"revision,omitempty" required:"false" doc:"update: the position's revision as read; a stale one is refused with 409 (absent: not checked)"`
	UnitID      int64  `json:"unit_id"`
	Title       string `json:"title" maxLength:"200"`
	Kind        string `json:"kind" enum:"head,administrator,pengawas,pelaksana,fungsional"`
	ReportsToID int64  `json:"reports_to_id,omitempty" doc:"the position it reports to; 0 for the top of a tree"`
	// NonSubstantive is optional so that clients that do not know it send a
	// valid body; absent means false.
	NonSubstantive bool `json:"non_substantive,omitempty" required:"false" doc:"fungsional only: not substantive, so the NKO blend treats the post like staff two levels below the head (SPEC §10.6.6)"`
}

func (p PositionIn) input() service.PositionInput {
	return service.PositionInput{UnitID: p.UnitID, Title: p.Title, Kind: domain.PositionKind(p.Kind), ReportsToID: p.ReportsToID, NonSubstantive: p.NonSubstantive}
}

type createPositionIn struct {
	Body PositionIn
}

type updatePositionIn struct {
	ID   int64 `path:"id"`
	Body PositionIn
}

func (a *API) createPosition(ctx context.Context, in *createPositionIn) (*createdOut[Position], error) {
	p, err := a.svc.CreatePosition(ctx, actorOf(ctx), in.Body.input())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return created(positionOut(c, c.Positions[p.ID]), "/positions/%d", p.ID), nil
}

func (a *API) updatePosition(ctx context.Context, in *updatePositionIn) (*bodyOut[Position], error) {
	if _, err := a.svc.UpdatePositionAt(ctx, actorOf(ctx), in.ID, orgRevision(in.Body.Revision), in.Body.input()); err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return &bodyOut[Position]{Body: positionOut(c, c.Positions[in.ID])}, nil
}

// EmployeeIn is an employee as sent.
type EmployeeIn struct {
	Revision *int   `json:"revision,omitempty" required:"false" doc:"update: the employee's revision as read; a stale one is refused with 409 (absent: not checked)"`
	NIP      string `json:"nip" example:"198904062014101112" doc:"18 digits"`
	Name     string `json:"name" maxLength:"200"`
	Email    string `json:"email,omitempty"`
	Grade    string `json:"grade,omitempty" doc:"pangkat/golongan, e.g. Penata (III/c)"`
	Active   *bool  `json:"active,omitempty" required:"false" doc:"true when absent"`
}

func (e EmployeeIn) input() service.EmployeeInput {
	return service.EmployeeInput{NIP: e.NIP, Name: e.Name, Email: e.Email, Grade: e.Grade, Active: e.Active == nil || *e.Active}
}

type createEmployeeIn struct {
	Body struct {
		EmployeeIn
		PositionID int64  `json:"position_id,omitempty" required:"false" doc:"the first post, held from start_date (a service account must give one in its office)"`
		StartDate  string `json:"start_date,omitempty" required:"false" format:"date" doc:"first day in the post; today when absent"`
	}
}

type updateEmployeeIn struct {
	ID   int64 `path:"id"`
	Body EmployeeIn
}

func (a *API) createEmployee(ctx context.Context, in *createEmployeeIn) (*createdOut[Employee], error) {
	v := &domain.ValidationError{}
	start := parseDate(v, "start_date", in.Body.StartDate)
	if err := v.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	e, err := a.svc.CreateEmployeeIn(ctx, actorOf(ctx), in.Body.input(), in.Body.PositionID, start)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return created(employeeOut(c, c.Employees[e.ID]), "/employees/%d", e.ID), nil
}

func (a *API) updateEmployee(ctx context.Context, in *updateEmployeeIn) (*bodyOut[Employee], error) {
	if _, err := a.svc.UpdateEmployeeAt(ctx, actorOf(ctx), in.ID, orgRevision(in.Body.Revision), in.Body.input()); err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.chartAfter(ctx)
	if err != nil {
		return nil, err
	}
	return &bodyOut[Employee]{Body: employeeOut(c, c.Employees[in.ID])}, nil
}

package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// Assignment is an employee's post for a period: definitive, or acting (Plt/Plh) beside it.
type Assignment struct {
	ID            int64  `json:"id"`
	EmployeeID    int64  `json:"employee_id"`
	PositionID    int64  `json:"position_id"`
	PositionTitle string `json:"position_title"`
	UnitID        int64  `json:"unit_id"`
	Kind          string `json:"kind" enum:"definitive,plt,plh"`
	StartDate     string `json:"start_date" format:"date"`
	EndDate       string `json:"end_date,omitempty" format:"date" doc:"the last day; absent while the post is held"`
	Note          string `json:"note,omitempty"`
}

// Period is the part of the year a plan covers: the whole year, or the time
// its owner held the post.
type Period struct {
	Start string `json:"start" format:"date" doc:"first day"`
	End   string `json:"end" format:"date" doc:"last day"`
}

func periodOut(p domain.Plan) Period {
	return Period{Start: date(p.PeriodStart), End: date(p.PeriodEnd)}
}

func assignmentOut(c *domain.Chart, h domain.Assignment) Assignment {
	out := Assignment{ID: h.ID, EmployeeID: h.EmployeeID, PositionID: h.PositionID, Kind: h.Acting.Kind(),
		StartDate: date(h.StartDate), EndDate: date(h.EndDate), Note: h.Note}
	if p := c.Positions[h.PositionID]; p != nil {
		out.PositionTitle, out.UnitID = p.Title, p.UnitID
	}
	return out
}

func (a *API) assignmentRoutes() {
	tags := []string{"Organisation"}
	register(a, huma.Operation{OperationID: "list-assignments", Method: http.MethodGet, Path: "/employees/{id}/assignments",
		Summary: "An employee's posts, newest first", Tags: tags,
		Description: "Definitive posts and Plt/Plh appointments with their dates; the history is kept forever.",
		Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity}}, a.listAssignments)
	register(a, huma.Operation{OperationID: "create-assignment", Method: http.MethodPost, Path: "/employees/{id}/assignments",
		Summary: "Move an employee or appoint a Plt/Plh", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "A definitive post from `start_date` ends the current one the day before (a transfer), ends the SKP " +
			"of the old post that day and opens a draft SKP for the new post. A `plt` or `plh` appointment needs an " +
			"`end_date` and gives the rights of the acted post for its dates. The pengelola kinerja or admin of the " +
			"office moves people within it; across offices only an account whose scope covers both (409 otherwise).",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.createAssignment)
}

type listAssignmentsIn struct {
	ID int64 `path:"id"`
	Paging
}

func (a *API) listAssignments(ctx context.Context, in *listAssignmentsIn) (*listOut[Assignment], error) {
	act := actorOf(ctx)
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if c.Employees[in.ID] == nil {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	hs, err := a.svc.EmployeeHistory(ctx, act, in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := make([]Assignment, 0, len(hs))
	for _, h := range slices.Backward(hs) {
		all = append(all, assignmentOut(c, h))
	}
	return page(all, in.Paging), nil
}

type createAssignmentIn struct {
	ID   int64 `path:"id"`
	Body struct {
		PositionID int64  `json:"position_id"`
		StartDate  string `json:"start_date" format:"date"`
		EndDate    string `json:"end_date,omitempty" format:"date" required:"false"`
		Kind       string `json:"kind,omitempty" enum:"definitive,plt,plh" default:"definitive" required:"false"`
		Note       string `json:"note,omitempty" maxLength:"500" required:"false"`
	}
}

func (a *API) createAssignment(ctx context.Context, in *createAssignmentIn) (*createdOut[Assignment], error) {
	act := actorOf(ctx)
	sin := service.AssignInput{EmployeeID: in.ID, PositionID: in.Body.PositionID, Note: in.Body.Note}
	v := &domain.ValidationError{}
	var ok bool
	if sin.Acting, ok = domain.ActingFromKind(in.Body.Kind); !ok {
		v.Addf("kind", "err.choose")
	}
	sin.StartDate = parseDate(v, "start_date", in.Body.StartDate)
	sin.EndDate = parseDate(v, "end_date", in.Body.EndDate)
	if err := v.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	asg, err := a.svc.Assign(ctx, act, sin)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return created(assignmentOut(c, asg), "/employees/%d/assignments", in.ID), nil
}

// parseDate reads an optional yyyy-mm-dd field.
func parseDate(v *domain.ValidationError, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Addf(field, "err.date")
	}
	return t
}

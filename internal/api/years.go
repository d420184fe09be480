package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// Quarter is one quarter of a performance year.
type Quarter struct {
	Quarter  int    `json:"quarter" minimum:"1" maximum:"4"`
	Deadline string `json:"deadline" format:"date" doc:"last day of the quarterly reporting package"`
}

// Year is a performance year.
type Year struct {
	Year        int       `json:"year"`
	RuleSet     string    `json:"rule_set" doc:"rule set every figure of the year is computed by"`
	PlanDueDate string    `json:"plan_due_date" format:"date"`
	Quarters    []Quarter `json:"quarters"`
}

func yearOut(y domain.Year) Year {
	out := Year{Year: y.Year, RuleSet: y.RuleSet, PlanDueDate: date(y.PlanDueDate)}
	for _, q := range y.Quarters {
		out.Quarters = append(out.Quarters, Quarter{Quarter: q.Quarter, Deadline: date(q.Deadline)})
	}
	return out
}

func (a *API) yearRoutes() {
	tags := []string{"Years"}
	register(a, huma.Operation{OperationID: "list-years", Method: http.MethodGet, Path: "/years", Summary: "Performance years", Tags: tags,
		Description: "Every performance year opened, newest first, with its rule set, plan deadline and quarterly deadlines.",
		Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.listYears)
	register(a, huma.Operation{OperationID: "get-year", Method: http.MethodGet, Path: "/years/{year}", Summary: "One performance year", Tags: tags,
		Description: "A performance year with its rule set, plan deadline and quarterly deadlines.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getYear)
	register(a, huma.Operation{OperationID: "set-signatory", Method: http.MethodPut, Path: "/years/{year}/signatories/{office}",
		Summary: "Record the second party of an office's PK", Tags: tags,
		Description: "For an office at the top of the installed tree (its upper head is not in the system, e.g. a Kanwil under the " +
			"Direktur Jenderal), records for the year the name, NIP and position of the head of the unit above: the PK names them " +
			"as its second party. An office whose upper head is in the system has none: that head approves in person (409). " +
			"The pengelola kinerja or admin of the office.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.setSignatory)
}

type listYearsIn struct {
	Paging
}

func (a *API) listYears(ctx context.Context, in *listYearsIn) (*listOut[Year], error) {
	ys, err := a.svc.ListYears(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []Year{}
	for _, y := range ys {
		all = append(all, yearOut(y))
	}
	return page(all, in.Paging), nil
}

type yearIn struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
}

func (a *API) getYear(ctx context.Context, in *yearIn) (*bodyOut[Year], error) {
	y, err := a.svc.GetYear(ctx, actorOf(ctx), in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Year]{Body: yearOut(y)}, nil
}

// Signatory is the second party of an office's PK recorded for a year.
type Signatory struct {
	Year     int    `json:"year"`
	OfficeID int64  `json:"office_id"`
	Name     string `json:"name"`
	NIP      string `json:"nip,omitempty"`
	Position string `json:"position"`
}

type signatoryIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"the office (unit) id"`
	Body   struct {
		Name     string `json:"name" maxLength:"200"`
		NIP      string `json:"nip,omitempty" required:"false" maxLength:"30" doc:"18 digits, spaces allowed"`
		Position string `json:"position" maxLength:"400"`
	}
}

func (a *API) setSignatory(ctx context.Context, in *signatoryIn) (*bodyOut[Signatory], error) {
	g, err := a.svc.SetSignatory(ctx, actorOf(ctx), in.Year, in.Office,
		service.SignatoryInput{Name: in.Body.Name, NIP: in.Body.NIP, Position: in.Body.Position})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Signatory]{Body: Signatory{Year: in.Year, OfficeID: g.OfficeID, Name: g.Name, NIP: g.NIP, Position: g.Position}}, nil
}

package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
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

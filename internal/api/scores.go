package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
)

// Score is an employee's NKP for a quarter or the year.
type Score struct {
	PlanID      int64    `json:"plan_id"`
	Period      int      `json:"period" doc:"1–4 for a quarter, 0 for the year"`
	Employee    Person   `json:"employee"`
	Provisional bool     `json:"provisional" doc:"some figure is not verified yet"`
	NHK         *float64 `json:"nhk" doc:"rounded to 2 decimals; null while it cannot be computed"`
	NPK         *float64 `json:"npk"`
	NKP         *float64 `json:"nkp"`
	Predicate   string   `json:"predicate,omitempty"`
	Missing     []string `json:"missing" doc:"why no score can be computed yet"`
	Explanation []string `json:"explanation" doc:"the derivation, step by step"`
}

func (a *API) scoreRoutes() {
	register(a, huma.Operation{OperationID: "get-score", Method: http.MethodGet, Path: "/plans/{id}/scores/{period}",
		Summary: "An employee's NKP", Tags: []string{"Reports"},
		Description: "The NHK, NPK and NKP of a plan's owner for a quarter (1–4) or the year (0), with their derivation. Confidential: " +
			"only the employee, the supervisor chain, the pengelola kinerja and admins read it; service accounts never do.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getScore)
}

type scoreIn struct {
	ID     int64 `path:"id"`
	Period int   `path:"period" minimum:"0" maximum:"4"`
}

func (a *API) getScore(ctx context.Context, in *scoreIn) (*bodyOut[Score], error) {
	v, err := a.svc.EmployeeScore(ctx, actorOf(ctx), in.ID, in.Period)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	lang := langOf(ctx)
	out := Score{PlanID: v.Plan.ID, Period: v.Period, Employee: personOut(v.Employee), Provisional: v.Provisional, Missing: []string{}, Explanation: []string{}}
	for _, m := range v.Missing {
		out.Missing = append(out.Missing, msgOut(lang, m).Message)
	}
	if r := v.Result; r != nil {
		out.NHK, out.NPK, out.NKP = opt(calc.Some(r.NHK), true), opt(calc.Some(r.NPK), true), opt(calc.Some(r.NKP), true)
		out.Predicate = r.Predicate
		for _, st := range r.Steps {
			out.Explanation = append(out.Explanation, st.Text(lang))
		}
	}
	return &bodyOut[Score]{Body: out}, nil
}

package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/service"
)

func (a *API) k3Routes() {
	register(a, huma.Operation{OperationID: "decide-k3", Method: http.MethodPut, Path: "/years/{year}/k3/{line}",
		Summary: "The pengelola kinerja's K3 decision on a line", Tags: []string{"K3"},
		Description: "Decides the K3 of the newest version of a plan line: `accepted` sets the K3 the manual gives now and " +
			"freezes it for the scores (the plan must be approved; 409 otherwise), `revise` sends the line back with a `note`, " +
			"which also goes to the line's review thread. Changing an accepted K3 needs a `note` with the reason. A body equal " +
			"to the stored decision changes nothing (200, same revision). The pengelola kinerja of the plan's office.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.decideK3)
}

// K3Decision is the pengelola kinerja's decision on a line's K3.
type K3Decision struct {
	LineID        int64     `json:"line_id"`
	Decision      string    `json:"decision" enum:"accepted,revise"`
	K3            calc.Opt  `json:"k3" doc:"the K3 set (accepted), frozen for the scores; null when sent back"`
	QualityWeight calc.Opt  `json:"quality_weight"`
	TargetWeight  calc.Opt  `json:"target_weight"`
	Computed      calc.Opt  `json:"computed" doc:"the K3 the line's manual gives now; differs from k3 when the inputs changed after the decision"`
	Current       bool      `json:"current" doc:"taken on the line's newest version; false: an amendment since needs a new decision"`
	Note          string    `json:"note"`
	DecidedBy     int64     `json:"decided_by" doc:"user ID of who decided"`
	DecidedAt     time.Time `json:"decided_at"`
	Revision      int       `json:"revision" doc:"send it with the next change (0 when current is false: the newest version has no decision yet); a stale one is refused with 409"`
}

func k3DecisionOut(v *service.K3DecisionView) *K3Decision {
	if v == nil {
		return nil
	}
	return &K3Decision{LineID: v.LineID, Decision: v.Decision, K3: v.K3, QualityWeight: v.QualityWeight, TargetWeight: v.TargetWeight,
		Computed: v.Computed, Current: v.Current, Note: v.Note, DecidedBy: v.DecidedBy, DecidedAt: v.DecidedAt.UTC(), Revision: v.Revision}
}

type decideK3In struct {
	Year int   `path:"year" minimum:"2000" maximum:"2100"`
	Line int64 `path:"line"`
	Body struct {
		Decision string `json:"decision" enum:"accepted,revise"`
		Note     string `json:"note,omitempty" required:"false" maxLength:"2000" doc:"required with revise, and when changing an accepted K3"`
		Revision *int   `json:"revision,omitempty" required:"false" minimum:"0" doc:"the decision's revision read (0: none yet); a stale one is refused with 409 (absent: not checked)"`
	}
}

func (a *API) decideK3(ctx context.Context, in *decideK3In) (*bodyOut[K3Decision], error) {
	v, err := a.svc.DecideK3(ctx, actorOf(ctx), in.Year, in.Line, service.K3DecisionInput{Decision: in.Body.Decision, Note: in.Body.Note,
		Revision: revisionOf(in.Body.Revision)})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[K3Decision]{Body: *k3DecisionOut(&v)}, nil
}

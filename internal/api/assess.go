package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/service"
)

func (a *API) assessRoutes() {
	tags := []string{"Scores"}
	errs := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	base := "/plans/{id}/assessments/{quarter}"
	huma.Register(a.h, huma.Operation{OperationID: "get-assessment", Method: http.MethodGet, Path: base,
		Summary: "The 360° behaviour assessment of a plan's quarter", Tags: tags, Errors: scoreErrors,
		Description: "Its timeline and phase, the raters who scored per group, the objections, and what the caller may do. Raters' " +
			"names are given only to whoever sets them (the Pejabat Penilai); the employee never sees who rated them (SPEC §14.3)."}, a.getAssessment)
	huma.Register(a.h, huma.Operation{OperationID: "put-raters", Method: http.MethodPut, Path: base + "/raters",
		Summary: "Propose or set the raters", Tags: tags, Errors: errs,
		Description: "The employee proposes peers and subordinates until the raters are set; the Pejabat Penilai sets them " +
			"(the supervisor is always one). A rater must be a peer with the same supervisor or a direct subordinate."}, a.putRaters)
	huma.Register(a.h, huma.Operation{OperationID: "put-behaviour-scores", Method: http.MethodPut, Path: base + "/scores",
		Summary: "Give one's seven behaviour scores", Tags: tags, Errors: errs,
		Description: "By the supervisor or a rater set for the quarter, in the scoring window or a re-assessment; each score 0–120."}, a.putScores)
	huma.Register(a.h, huma.Operation{OperationID: "post-objection", Method: http.MethodPost, Path: base + "/objections",
		Summary: "Object to the quarter's assessment", Tags: tags, Errors: errs, DefaultStatus: http.StatusCreated,
		Description: "The employee, in the objection window, with a reason. The Pejabat Penilai decides it."}, a.postObjection)
	huma.Register(a.h, huma.Operation{OperationID: "decide-objection", Method: http.MethodPost, Path: base + "/objections/decision",
		Summary: "Decide the pending objection", Tags: tags, Errors: errs,
		Description: "The Pejabat Penilai rejects it, or upholds it and asks the raters to score again for the rule set's days."}, a.decideObjection)
}

// AssessmentRater is a rater as the Pejabat Penilai sees them.
type AssessmentRater struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Group      string `json:"group" enum:"supervisor,peer,subordinate"`
	State      string `json:"state" enum:"proposed,set"`
	Scored     bool   `json:"scored"`
}

// Objection is an objection to an assessment and its decision.
type Objection struct {
	ID            int64      `json:"id"`
	Reason        string     `json:"reason"`
	FiledAt       time.Time  `json:"filed_at"`
	Decision      string     `json:"decision" enum:",rejected,reassess" doc:"empty while pending"`
	Note          string     `json:"note"`
	ReassessUntil *time.Time `json:"reassess_until,omitempty"`
}

// Assessment is a quarter's 360° assessment of one employee.
type Assessment struct {
	PlanID      int64             `json:"plan_id"`
	Quarter     int               `json:"quarter"`
	Phase       string            `json:"phase" enum:"quarter,raters,scoring,objection,closed"`
	ScoreBy     string            `json:"score_by" doc:"the last day of scoring"`
	ObjectionBy string            `json:"objection_by"`
	Raters      RaterCounts       `json:"raters" doc:"raters who scored, per group"`
	RaterList   []AssessmentRater `json:"rater_list" doc:"only for whoever sets the raters, or the employee's own proposal"`
	Objections  []Objection       `json:"objections"`
	MyScores    []float64         `json:"my_scores" doc:"the caller's own scores"`
	CanPropose  bool              `json:"can_propose"`
	CanSet      bool              `json:"can_set"`
	CanScore    bool              `json:"can_score"`
	CanObject   bool              `json:"can_object"`
	CanDecide   bool              `json:"can_decide"`
}

func assessmentOf(as service.Assessment) Assessment {
	out := Assessment{PlanID: as.Plan.ID, Quarter: as.Quarter, Phase: as.Phase, ScoreBy: as.Timeline.ScoreBy.Format("2006-01-02"),
		ObjectionBy: as.Timeline.ObjectionBy.Format("2006-01-02"), RaterList: []AssessmentRater{}, Objections: []Objection{}, MyScores: as.MyScores,
		Raters:     RaterCounts{Supervisor: as.Counts["supervisor"], Peers: as.Counts["peer"], Subordinates: as.Counts["subordinate"]},
		CanPropose: as.CanPropose, CanSet: as.CanSet, CanScore: as.CanScore, CanObject: as.CanObject, CanDecide: as.CanDecide}
	if out.MyScores == nil {
		out.MyScores = []float64{}
	}
	for _, r := range as.Raters {
		out.RaterList = append(out.RaterList, AssessmentRater{EmployeeID: r.EmployeeID, Name: r.Name, Group: r.Relation, State: r.State, Scored: r.Scored})
	}
	for _, o := range as.Objections {
		out.Objections = append(out.Objections, Objection{ID: o.ID, Reason: o.Reason, FiledAt: o.FiledAt, Decision: o.Decision, Note: o.DecisionNote, ReassessUntil: o.ReassessUntil})
	}
	return out
}

type assessIn struct {
	ID      int64 `path:"id" doc:"the plan"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
}

func (a *API) assessmentBody(ctx context.Context, in assessIn) (*bodyOut[Assessment], error) {
	as, err := a.svc.GetAssessment(ctx, actorOf(ctx), in.ID, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Assessment]{Body: assessmentOf(as)}, nil
}

func (a *API) getAssessment(ctx context.Context, in *assessIn) (*bodyOut[Assessment], error) {
	return a.assessmentBody(ctx, *in)
}

type ratersIn struct {
	ID      int64 `path:"id" doc:"the plan"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Body    struct {
		RaterIDs []int64 `json:"rater_ids" doc:"employees proposed or set (the supervisor is added when setting)"`
		Set      bool    `json:"set" required:"false" doc:"set the raters (the Pejabat Penilai) rather than propose them"`
	}
}

func (a *API) putRaters(ctx context.Context, in *ratersIn) (*bodyOut[Assessment], error) {
	var err error
	if in.Body.Set {
		err = a.svc.SetRaters(ctx, actorOf(ctx), in.ID, in.Quarter, in.Body.RaterIDs)
	} else {
		err = a.svc.ProposeRaters(ctx, actorOf(ctx), in.ID, in.Quarter, in.Body.RaterIDs)
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.assessmentBody(ctx, assessIn{in.ID, in.Quarter})
}

type scoresIn struct {
	ID      int64 `path:"id" doc:"the plan"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Body    struct {
		Scores []float64 `json:"scores" minItems:"7" maxItems:"7" doc:"the seven BerAKHLAK scores, 0–120, in the order berorientasi_pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif, kolaboratif"`
	}
}

func (a *API) putScores(ctx context.Context, in *scoresIn) (*bodyOut[Assessment], error) {
	if err := a.svc.SaveBehaviour(ctx, actorOf(ctx), in.ID, in.Quarter, in.Body.Scores); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.assessmentBody(ctx, assessIn{in.ID, in.Quarter})
}

type objectionIn struct {
	ID      int64 `path:"id" doc:"the plan"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Body    struct {
		Reason string `json:"reason" maxLength:"4000"`
	}
}

type objectionCreated struct {
	Location string `header:"Location"`
	Body     Assessment
}

func (a *API) postObjection(ctx context.Context, in *objectionIn) (*objectionCreated, error) {
	if _, err := a.svc.FileObjection(ctx, actorOf(ctx), in.ID, in.Quarter, in.Body.Reason); err != nil {
		return nil, a.fail(ctx, err)
	}
	out, err := a.assessmentBody(ctx, assessIn{in.ID, in.Quarter})
	if err != nil {
		return nil, err
	}
	return &objectionCreated{Location: fmt.Sprintf("%s/plans/%d/assessments/%d", Prefix, in.ID, in.Quarter), Body: out.Body}, nil
}

type decisionIn struct {
	ID      int64 `path:"id" doc:"the plan"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Body    struct {
		Reassess bool   `json:"reassess" doc:"uphold the objection and ask the raters to score again"`
		Note     string `json:"note" maxLength:"4000" doc:"the grounds of the decision"`
	}
}

func (a *API) decideObjection(ctx context.Context, in *decisionIn) (*bodyOut[Assessment], error) {
	if err := a.svc.DecideObjection(ctx, actorOf(ctx), in.ID, in.Quarter, in.Body.Reassess, in.Body.Note); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.assessmentBody(ctx, assessIn{in.ID, in.Quarter})
}

package api

import (
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// planRoutes registers the planning operations: strategy maps, plans and
// their lines, the workflow, cascading and the K3 review.
func (a *API) planRoutes() {
	// An optional number travels as a JSON number or null.
	a.h.OpenAPI().Components.Schemas.RegisterTypeAlias(reflect.TypeFor[calc.Opt](), reflect.TypeFor[*float64]())
	a.strategyRoutes()
	a.initiativeRoutes()

	tags := []string{"Plans"}
	register(a, huma.Operation{OperationID: "list-plans", Method: http.MethodGet, Path: "/plans",
		Summary: "Plans of a year", Tags: tags,
		Description: "The PKs and SKPs the caller may see, the PK first, each with its newest version, its period and its approvers. " +
			"A person who moved during the year has one plan per post and period; `employee` lists them.",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}}, a.listPlans)
	register(a, huma.Operation{OperationID: "open-plan", Method: http.MethodPost, Path: "/plans",
		Summary: "Open the plan of an employee", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "Creates the employee's plan for the year with a first draft version (201, with its address in `Location`): " +
			"a PK for the head of an office, an SKP for everyone else. When the plan exists already it is answered as it is (200). " +
			"The owner, the owner's supervisor and (for a PK) the pengelola kinerja may open one.",
		Responses: map[string]*huma.Response{"200": {Description: "The plan existed already",
			Content: map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Ref: "#/components/schemas/Plan"}}}}},
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.openPlan)
	register(a, huma.Operation{OperationID: "get-plan", Method: http.MethodGet, Path: "/plans/{id}",
		Summary: "A plan with one version's lines", Tags: tags,
		Description: "The newest version unless `version` names another. Each line carries its derived annual and " +
			"to-date targets, its K3, its parent and the number of lines cascaded from it; `permissions` says what the caller may do. " +
			"An SKP also carries its period, the appraiser's expectations, its Lampiran (`attachment`) and its `additional_tasks`.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.getPlan)
	register(a, huma.Operation{OperationID: "list-plan-versions", Method: http.MethodGet, Path: "/plans/{id}/versions",
		Summary: "Versions of a plan", Tags: tags, Description: "The first version and every amendment, oldest first; approved ones never change.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.listVersions)
	register(a, huma.Operation{OperationID: "diff-plan-versions", Method: http.MethodGet, Path: "/plans/{id}/diff",
		Summary: "What changed between two versions", Tags: tags,
		Description: "Lines added, removed and changed, with each changed field before and after. " +
			"By default the newest version is compared with the one before it.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.diffPlan)

	lineErrs := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "create-plan-line", Method: http.MethodPost, Path: "/plans/{id}/lines",
		Summary: "Add an indicator to the newest draft", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "An IKU (PK) needs an objective of the office's map; an IKI (SKP) needs a parent line unless it is " +
			"non-cascading. A full cascade copies the parent's name, manual and targets. A stale `revision` is refused with 409.",
		Errors: lineErrs}, a.createLine)
	register(a, huma.Operation{OperationID: "update-plan-line", Method: http.MethodPut, Path: "/plans/{id}/lines/{line}",
		Summary: "Change an indicator of the newest draft", Tags: tags,
		Description: "Lines fully cascaded from this one follow it while they are drafts.", Errors: lineErrs}, a.updateLine)
	register(a, huma.Operation{OperationID: "delete-plan-line", Method: http.MethodDelete, Path: "/plans/{id}/lines/{line}",
		Summary: "Remove an indicator from the newest draft", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Refused (409) while lines are cascaded from it.", Errors: lineErrs}, a.deleteLine)

	flow := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "submit-plan", Method: http.MethodPost, Path: "/plans/{id}/submit",
		Summary: "Submit the newest draft for approval", Tags: tags,
		Description: "The owner submits (for a PK also the pengelola kinerja). The lines must be complete and within the " +
			"rule set's count limits (422 lists what to fix). After the plan deadline the first version is marked late.",
		Errors: flow}, a.submitPlan)
	register(a, huma.Operation{OperationID: "approve-plan", Method: http.MethodPost, Path: "/plans/{id}/approve",
		Summary: "Approve the submitted version", Tags: tags,
		Description: "An SKP by the owner's supervisor (acting ones included), a PK by the pengelola kinerja. The approved version is frozen.",
		Errors:      flow}, a.approvePlan)
	register(a, huma.Operation{OperationID: "return-plan", Method: http.MethodPost, Path: "/plans/{id}/return",
		Summary: "Return the submitted version to its owner", Tags: tags,
		Description: "With a comment saying what to change; the version becomes editable again.", Errors: flow}, a.returnPlan)
	register(a, huma.Operation{OperationID: "amend-plan", Method: http.MethodPost, Path: "/plans/{id}/amend",
		Summary: "Start an amendment (adendum)", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "A new draft version copied from the approved one, with the reason for the change; `revision` is the " +
			"approved version's. `Location` is the plan at the new version.", Errors: flow}, a.amendPlan)

	a.skpExtraRoutes()
	a.cascadeRoutes()
}

// register adds an operation that needs a bearer token, documenting the 401.
func register[I, O any](a *API, op huma.Operation, handler func(context.Context, *I) (*O, error)) {
	op.Errors = append([]int{http.StatusUnauthorized}, op.Errors...)
	huma.Register(a.h, op, handler)
}

// Person names an employee.
type Person struct {
	ID   int64  `json:"id"`
	NIP  string `json:"nip"`
	Name string `json:"name"`
}

func personOut(e domain.Employee) Person { return Person{ID: e.ID, NIP: e.NIP, Name: e.Name} }

// PlanPosition is the position a plan was made for.
type PlanPosition struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind" enum:"head,administrator,pengawas,pelaksana,fungsional"`
}

// UnitRef names a unit.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Version is one version of a plan: the first, or an amendment.
type Version struct {
	ID            int64      `json:"id"`
	Number        int        `json:"number" doc:"1 for the first version, then one more per amendment"`
	Status        string     `json:"status" enum:"draft,submitted,approved,returned"`
	Revision      int        `json:"revision" doc:"send it with every change; a stale one is refused with 409"`
	Reason        string     `json:"reason,omitempty" doc:"why the amendment was made"`
	CreatedAt     time.Time  `json:"created_at"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	ApproverName  string     `json:"approver_name,omitempty" doc:"as signed"`
	ApproverNIP   string     `json:"approver_nip,omitempty"`
	ReturnedAt    *time.Time `json:"returned_at,omitempty"`
	ReturnComment string     `json:"return_comment,omitempty"`
	Late          bool       `json:"late" doc:"submitted after the plan deadline"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func versionOut(v domain.PlanVersion) Version {
	return Version{ID: v.ID, Number: v.Number, Status: string(v.Status), Revision: v.Revision, Reason: v.Reason,
		CreatedAt: v.CreatedAt.UTC(), SubmittedAt: timePtr(v.SubmittedAt), ApprovedAt: timePtr(v.ApprovedAt),
		ApproverName: v.ApproverName, ApproverNIP: v.ApproverNIP, ReturnedAt: timePtr(v.ReturnedAt),
		ReturnComment: v.ReturnComment, Late: v.Late}
}

// PlanSummary is one plan in a list.
type PlanSummary struct {
	ID        int64        `json:"id"`
	Year      int          `json:"year"`
	Kind      string       `json:"kind" enum:"PK,SKP"`
	OfficeID  int64        `json:"office_id"`
	Employee  Person       `json:"employee"`
	Position  PlanPosition `json:"position"`
	Period    Period       `json:"period"`
	Latest    Version      `json:"latest" doc:"the newest version"`
	Approved  bool         `json:"approved" doc:"some version is approved"`
	Lines     int          `json:"lines" doc:"indicators in the newest version"`
	Approvers []Person     `json:"approvers" doc:"who approves an SKP and validates its sheets: the owner's supervisor in the plan's period"`
}

// Message is a translated message with its catalogue key.
type Message struct {
	Key     string `json:"key,omitempty" doc:"stable message key"`
	Message string `json:"message" doc:"in the language asked for (Accept-Language), Indonesian by default"`
}

func msgOut(lang string, m domain.Msg) Message {
	return Message{Key: m.Key, Message: i18n.Text(lang, m.Key, m.Args, m.Texts)}
}

// ScalePoint maps a closeness value Ca to an achievement (stabilize indicators).
type ScalePoint struct {
	Ca          float64 `json:"ca"`
	Achievement float64 `json:"achievement"`
}

// Evidence is a document the manual requires each quarter.
type Evidence struct {
	Kind string `json:"kind" enum:"raw_data,supporting,verification"`
	Name string `json:"name"`
}

// Manual is the definition sheet of an indicator (Manual IKU / Manual IKI).
// Enumerations left empty take their usual default.
type Manual struct {
	Description           string       `json:"description" required:"false"`
	Purpose               string       `json:"purpose" required:"false"`
	Result                string       `json:"result" required:"false" doc:"the work result (rencana hasil kerja) the IKI measures, printed in the SKP; empty: the indicator's name"`
	Formula               string       `json:"formula" doc:"how the realisation is computed from the raw data"`
	Unit                  string       `json:"unit" example:"%" doc:"unit of measure: %, indeks, jumlah, hari, Rp, dokumen…"`
	TargetAspect          string       `json:"target_aspect" required:"false" enum:"kuantitas,kualitas,waktu,biaya,"`
	Validity              string       `json:"validity" enum:"exact,proxy,activity"`
	Control               string       `json:"control" enum:"high,moderate,low" doc:"exact+high and activity+low are not allowed"`
	Responsible           string       `json:"responsible" required:"false"`
	DataProvider          string       `json:"data_provider" required:"false"`
	DataSource            string       `json:"data_source" required:"false"`
	PeriodConsolidation   string       `json:"period_consolidation" enum:"sum,average,last" doc:"how quarters add up to the year"`
	Polarity              string       `json:"polarity" enum:"maximize,minimize,stabilize"`
	ReportingPeriod       string       `json:"reporting_period" required:"false" enum:"monthly,quarterly,semester,yearly,"`
	LocationConsolidation string       `json:"location_consolidation" required:"false" enum:"sum,average,last,"`
	MaxTarget             bool         `json:"max_target" required:"false" doc:"meeting the target scores 120"`
	Scale                 []ScalePoint `json:"scale" required:"false" doc:"required for stabilize"`
	Worst                 calc.Opt     `json:"worst" required:"false" doc:"worst realisation; required for minimize with a target of 0"`
	HistoryKind           string       `json:"history_kind" required:"false" enum:"existing,new_with_history,new_without_history,mandatory,"`
	TargetByLaw           bool         `json:"target_by_law" required:"false" doc:"target set by law or an external assessment"`
	Stable                bool         `json:"stable" required:"false"`
	PrevTarget            calc.Opt     `json:"prev_target" required:"false" doc:"last year's target (for K3)"`
	PrevRealisation       calc.Opt     `json:"prev_realisation" required:"false" doc:"last year's realisation (for K3)"`
	Evidence              []Evidence   `json:"evidence" required:"false" doc:"documents required each quarter"`
	ByLocation            bool         `json:"by_location" required:"false" doc:"an upper office's IKU whose realisation is consolidated (by location_consolidation) from the verified figures of the offices below"`
	PrevProvisional       bool         `json:"prev_provisional" required:"false" readOnly:"true" doc:"the previous-year figures were copied while that year was open: its latest official to-date figures"`
}

func manualOut(m domain.Manual) Manual {
	out := Manual{Description: m.Description, Result: m.Result, Purpose: m.Purpose, Formula: m.Formula, Unit: m.Unit, TargetAspect: m.TargetAspect,
		Validity: m.Validity, Control: m.Control, Responsible: m.Responsible, DataProvider: m.DataProvider, DataSource: m.DataSource,
		PeriodConsolidation: m.PeriodConsolidation, Polarity: m.Polarity, ReportingPeriod: m.ReportingPeriod,
		LocationConsolidation: m.LocationConsolidation, MaxTarget: m.MaxTarget, Scale: []ScalePoint{}, Worst: m.Worst,
		HistoryKind: m.HistoryKind, TargetByLaw: m.TargetByLaw, Stable: m.Stable, PrevTarget: m.PrevTarget,
		PrevRealisation: m.PrevRealisation, Evidence: []Evidence{}, ByLocation: m.ByLocation, PrevProvisional: m.PrevProvisional}
	for _, p := range m.Scale {
		out.Scale = append(out.Scale, ScalePoint{Ca: p.Ca, Achievement: p.Achievement})
	}
	for _, e := range m.Evidence {
		out.Evidence = append(out.Evidence, Evidence{Kind: e.Kind, Name: e.Name})
	}
	return out
}

func (m Manual) domain() domain.Manual {
	out := domain.Manual{Description: m.Description, Result: m.Result, Purpose: m.Purpose, Formula: m.Formula, Unit: m.Unit, TargetAspect: m.TargetAspect,
		Validity: m.Validity, Control: m.Control, Responsible: m.Responsible, DataProvider: m.DataProvider, DataSource: m.DataSource,
		PeriodConsolidation: m.PeriodConsolidation, Polarity: m.Polarity, ReportingPeriod: m.ReportingPeriod,
		LocationConsolidation: m.LocationConsolidation, MaxTarget: m.MaxTarget, Worst: m.Worst, HistoryKind: m.HistoryKind,
		TargetByLaw: m.TargetByLaw, Stable: m.Stable, PrevTarget: m.PrevTarget, PrevRealisation: m.PrevRealisation, ByLocation: m.ByLocation}
	for _, p := range m.Scale {
		out.Scale = append(out.Scale, domain.ScalePoint{Ca: p.Ca, Achievement: p.Achievement})
	}
	for _, e := range m.Evidence {
		out.Evidence = append(out.Evidence, domain.EvidenceItem{Kind: e.Kind, Name: e.Name})
	}
	return out
}

// ObjectiveRef names the objective an indicator serves.
type ObjectiveRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// ParentLine names the line an IKI is cascaded from.
type ParentLine struct {
	LineID  int64       `json:"line_id"`
	PlanID  int64       `json:"plan_id"`
	Kind    string      `json:"kind" enum:"IKU,IKI"`
	Code    string      `json:"code"`
	Name    string      `json:"name"`
	Owner   string      `json:"owner"`
	Targets [4]calc.Opt `json:"targets"`
}

// K3 is the quality factor of an indicator with its derivation.
type K3 struct {
	Value         float64  `json:"value" doc:"(quality weight + target weight) / 2, unrounded"`
	Rounded       float64  `json:"rounded" doc:"the value as shown: 2 decimals, half away from zero"`
	QualityWeight float64  `json:"quality_weight"`
	TargetWeight  float64  `json:"target_weight"`
	Rule          string   `json:"rule" doc:"which target-weight rule applied"`
	RuleSet       string   `json:"rule_set"`
	Warnings      []string `json:"warnings"`
	Explanation   []string `json:"explanation" doc:"the derivation, step by step"`
}

func k3Out(lang string, r *calc.K3Result) *K3 {
	if r == nil {
		return nil
	}
	out := &K3{Value: r.K3, Rounded: calc.Round2(r.K3), QualityWeight: r.QualityWeight, TargetWeight: r.TargetWeight, Rule: r.Label, RuleSet: r.RuleSet,
		Warnings: []string{}, Explanation: []string{}}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, w.Text(lang))
	}
	for _, s := range r.Steps {
		out.Explanation = append(out.Explanation, s.Text(lang))
	}
	return out
}

func k3ProblemOut(lang, key string) *Message {
	if key == "" {
		return nil
	}
	m := msgOut(lang, domain.M(key))
	return &m
}

// Line is an indicator of a plan version with what is derived from it.
type Line struct {
	LineID        int64         `json:"line_id" doc:"the line's identity across versions"`
	Seq           int           `json:"seq"`
	Kind          string        `json:"kind" enum:"IKU,IKI"`
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	ObjectiveID   int64         `json:"objective_id" doc:"0 when none"`
	Objective     *ObjectiveRef `json:"objective,omitempty"`
	ParentLineID  int64         `json:"parent_line_id" doc:"0 when none"`
	Parent        *ParentLine   `json:"parent,omitempty"`
	CascadeType   string        `json:"cascade_type" enum:"peta,non_peta,non_cascading"`
	CascadeMethod string        `json:"cascade_method" enum:"full,partial," doc:"empty for an IKU and a non-cascading IKI"`
	Weight        calc.Opt      `json:"weight"`
	Targets       [4]calc.Opt   `json:"targets" doc:"quarterly targets TW I–IV; null for a quarter without a target"`
	AnnualTarget  calc.Opt      `json:"annual_target" doc:"the quarters consolidated by the manual's period consolidation"`
	ToDateTargets [4]calc.Opt   `json:"to_date_targets" doc:"targets s.d. TW I–IV"`
	Children      int           `json:"children" doc:"lines cascaded from this one"`
	K3            *K3           `json:"k3,omitempty"`
	K3Problem     *Message      `json:"k3_problem,omitempty" doc:"why K3 cannot be computed yet"`
	Manual        Manual        `json:"manual"`
}

func lineOut(lang string, l service.LineView) Line {
	out := Line{LineID: l.LineID, Seq: l.Seq, Kind: string(l.Kind), Code: l.Code, Name: l.Name, ObjectiveID: l.ObjectiveID,
		ParentLineID: l.ParentLineID, CascadeType: l.CascadeType, CascadeMethod: l.CascadeMethod, Weight: l.Weight,
		Targets: l.Targets, AnnualTarget: l.Annual, ToDateTargets: l.ToDate, Children: l.Children,
		K3: k3Out(lang, l.K3), K3Problem: k3ProblemOut(lang, l.K3Problem), Manual: manualOut(l.Manual)}
	if l.Objective.ID != 0 {
		out.Objective = &ObjectiveRef{ID: l.Objective.ID, Code: l.Objective.Code, Name: l.Objective.Name}
	}
	if p := l.Parent; p != nil {
		out.Parent = &ParentLine{LineID: p.LineID, PlanID: p.PlanID, Kind: string(p.Kind), Code: p.Code, Name: p.Name, Owner: p.Owner, Targets: p.Targets}
	}
	return out
}

// Permissions say what the caller may do with the version shown.
type Permissions struct {
	Edit    bool `json:"edit"`
	Submit  bool `json:"submit"`
	Approve bool `json:"approve"`
	Return  bool `json:"return"`
	Amend   bool `json:"amend"`
	Cascade bool `json:"cascade"`
	// An SKP's Lampiran and additional tasks (PUT /plans/{id}/attachment, POST /plans/{id}/tasks).
	EditAttachment bool `json:"edit_attachment" doc:"write the SKP's Lampiran: the owner, while the newest version is a draft"`
	EditTasks      bool `json:"edit_tasks" doc:"add or remove the SKP's additional tasks: the employee and their direct supervisor"`
}

// LineLimits is the number of indicators the rule set allows in the plan.
type LineLimits struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Plan is a plan with one of its versions.
type Plan struct {
	ID           int64         `json:"id"`
	Year         int           `json:"year"`
	Kind         string        `json:"kind" enum:"PK,SKP"`
	Period       Period        `json:"period"`
	Employee     Person        `json:"employee"`
	Position     PlanPosition  `json:"position"`
	Unit         UnitRef       `json:"unit"`
	Office       UnitRef       `json:"office"`
	Version      Version       `json:"version" doc:"the version shown"`
	Latest       bool          `json:"latest" doc:"the version shown is the newest"`
	Versions     []Version     `json:"versions"`
	Lines        []Line        `json:"lines"`
	Approvers    []Person      `json:"approvers" doc:"who may approve an SKP; a PK is approved by its second party (signatories)"`
	Signatories  *Signatories  `json:"signatories,omitempty" doc:"a PK's two parties: the office head and the head of the unit above"`
	Limits       LineLimits    `json:"limits"`
	Warnings     []Message     `json:"warnings" doc:"what to fix before submitting"`
	Permissions  Permissions   `json:"permissions"`
	Expectations []Expectation `json:"expectations" doc:"the appraiser's expectations (ekspektasi khusus pimpinan): one per BerAKHLAK behaviour, then per work result"`
	Attachment   *Attachment   `json:"attachment,omitempty" doc:"an SKP's Lampiran (absent for a PK); one for the plan, not per version"`
	// The tasks given during the period (tugas tambahan).
	AdditionalTasks []AdditionalTask `json:"additional_tasks" doc:"an SKP's additional tasks, oldest first; empty for a PK"`
}

// Expectation is the appraiser's expectation of a behaviour or a work result.
type Expectation struct {
	Aspect string `json:"aspect,omitempty" doc:"the BerAKHLAK behaviour"`
	LineID int64  `json:"line_id,omitempty" doc:"the work result (plan line), for JPT and administrators"`
	Text   string `json:"text" doc:"empty while none is recorded"`
}

func planOut(lang string, v service.PlanView) Plan {
	out := Plan{ID: v.Plan.ID, Year: v.Plan.Year, Kind: string(v.Plan.Kind), Period: periodOut(v.Plan), Employee: personOut(v.Employee),
		Position: PlanPosition{ID: v.Position.ID, Title: v.Position.Title, Kind: string(v.Position.Kind)},
		Unit:     UnitRef{ID: v.Unit.ID, Name: v.Unit.Name}, Office: UnitRef{ID: v.Office.ID, Name: v.Office.Name},
		Version: versionOut(v.Version), Latest: v.Latest, Versions: []Version{}, Lines: []Line{}, Approvers: []Person{},
		Limits: LineLimits{Min: v.Limits[0], Max: v.Limits[1]}, Warnings: []Message{},
		Permissions: Permissions{Edit: v.Perm.Edit, Submit: v.Perm.Submit, Approve: v.Perm.Approve, Return: v.Perm.Return,
			Amend: v.Perm.Amend, Cascade: v.Perm.Cascade}}
	for _, x := range v.Versions {
		out.Versions = append(out.Versions, versionOut(x))
	}
	for _, l := range v.Lines {
		out.Lines = append(out.Lines, lineOut(lang, l))
	}
	for _, e := range v.Approvers {
		out.Approvers = append(out.Approvers, personOut(e))
	}
	for _, w := range v.Warnings {
		out.Warnings = append(out.Warnings, msgOut(lang, w))
	}
	if sg := v.Signatories; sg != nil {
		out.Signatories = &Signatories{First: partyOut(sg.First), Second: partyOut(sg.Second)}
	}
	return out
}

// Signatories are the two parties of a PK (SPEC §7).
type Signatories struct {
	First  Party `json:"first" doc:"pihak pertama: the head of the office"`
	Second Party `json:"second" doc:"pihak kedua: the head of the unit above, as signed once approved"`
}

// Party is one side of a PK.
type Party struct {
	EmployeeID int64  `json:"employee_id,omitempty" doc:"when the person is in the system"`
	Name       string `json:"name" doc:"empty while unknown: the document leaves a blank"`
	NIP        string `json:"nip"`
	Position   string `json:"position"`
}

func partyOut(p service.Party) Party {
	return Party{EmployeeID: p.EmployeeID, Name: p.Name, NIP: p.NIP, Position: p.Position}
}

type listPlansIn struct {
	Year     int    `query:"year" required:"true" minimum:"2000" maximum:"2100"`
	Kind     string `query:"kind" enum:"PK,SKP" doc:"only plans of this kind"`
	Office   int64  `query:"office" doc:"only plans of this office (unit ID)"`
	Employee int64  `query:"employee" doc:"only this employee's plans: one per post and period, when the person moved during the year"`
	Paging
}

func (a *API) listPlans(ctx context.Context, in *listPlansIn) (*listOut[PlanSummary], error) {
	list, err := a.svc.ListPlans(ctx, actorOf(ctx), in.Year, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []PlanSummary{}
	for _, s := range list {
		if in.Kind != "" && string(s.Plan.Kind) != in.Kind || in.Employee != 0 && s.Plan.EmployeeID != in.Employee {
			continue
		}
		approvers := []Person{}
		for _, e := range s.Approvers {
			approvers = append(approvers, personOut(e))
		}
		all = append(all, PlanSummary{ID: s.Plan.ID, Year: s.Plan.Year, Kind: string(s.Plan.Kind), OfficeID: s.Plan.OfficeID,
			Employee: personOut(s.Employee), Position: PlanPosition{ID: s.Position.ID, Title: s.Position.Title, Kind: string(s.Position.Kind)},
			Period: periodOut(s.Plan), Latest: versionOut(s.Latest), Approved: s.Approved, Lines: s.Lines, Approvers: approvers})
	}
	return page(all, in.Paging), nil
}

type openPlanIn struct {
	Body struct {
		Year       int   `json:"year" minimum:"2000" maximum:"2100"`
		EmployeeID int64 `json:"employee_id"`
	}
}

func (a *API) openPlan(ctx context.Context, in *openPlanIn) (*createdOut[Plan], error) {
	act := actorOf(ctx)
	p, isNew, err := a.svc.OpenPlanNew(ctx, act, in.Body.Year, in.Body.EmployeeID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	b, err := a.planBody(ctx, p.ID, 0)
	if err != nil {
		return nil, err
	}
	out := created(b.Body, "/plans/%d", p.ID)
	if !isNew {
		out.Status = http.StatusOK
	}
	return out, nil
}

// planBody answers with a plan as the caller sees it (versionID 0: the newest).
func (a *API) planBody(ctx context.Context, planID, versionID int64) (*bodyOut[Plan], error) {
	v, err := a.svc.GetPlan(ctx, actorOf(ctx), planID, versionID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := planOut(langOf(ctx), v)
	if err := a.withExtras(ctx, &out); err != nil {
		return nil, a.fail(ctx, err)
	}
	x, err := a.svc.GetExpectations(ctx, actorOf(ctx), planID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out.Expectations = []Expectation{}
	if v.Plan.Kind == domain.PlanSKP {
		for i, k := range domain.BehaviourAspects {
			out.Expectations = append(out.Expectations, Expectation{Aspect: k, Text: x.Behaviour[i]})
		}
		for _, id := range x.LineOrder {
			if t := x.Lines[id]; t != "" {
				out.Expectations = append(out.Expectations, Expectation{LineID: id, Text: t})
			}
		}
	}
	return &bodyOut[Plan]{Body: out}, nil
}

type planIDIn struct {
	ID int64 `path:"id"`
	Paging
}

type getPlanIn struct {
	ID      int64 `path:"id"`
	Version int   `query:"version" minimum:"0" doc:"version number (1, 2, …); the newest when absent"`
}

// versionID finds the ID of a plan's version by its number (0: the newest).
func (a *API) versionID(ctx context.Context, planID int64, number int) (int64, error) {
	if number == 0 {
		return 0, nil
	}
	v, err := a.svc.GetPlan(ctx, actorOf(ctx), planID, 0)
	if err != nil {
		return 0, err
	}
	for _, x := range v.Versions {
		if x.Number == number {
			return x.ID, nil
		}
	}
	return 0, domain.ErrNotFound
}

func (a *API) getPlan(ctx context.Context, in *getPlanIn) (*bodyOut[Plan], error) {
	vid, err := a.versionID(ctx, in.ID, in.Version)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.planBody(ctx, in.ID, vid)
}

func (a *API) listVersions(ctx context.Context, in *planIDIn) (*listOut[Version], error) {
	v, err := a.svc.GetPlan(ctx, actorOf(ctx), in.ID, 0)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []Version{}
	for _, x := range v.Versions {
		all = append(all, versionOut(x))
	}
	return page(all, in.Paging), nil
}

type diffIn struct {
	ID   int64 `path:"id"`
	From int   `query:"from" minimum:"0" doc:"version number; the one before 'to' when absent"`
	To   int   `query:"to" minimum:"0" doc:"version number; the newest when absent"`
}

// FieldChange is one changed field of a line.
type FieldChange struct {
	Field      string `json:"field" doc:"where the field sits in a line, e.g. targets[1] or manual.formula"`
	Label      string `json:"label" doc:"the field's name for people"`
	Before     any    `json:"before" doc:"the value before, typed as in a line: a number (null when empty), a boolean, an ID, a text or a list"`
	After      any    `json:"after" doc:"the value after, typed as before"`
	BeforeText string `json:"before_text" doc:"the value before as printed for people; – when empty"`
	AfterText  string `json:"after_text" doc:"the value after as printed"`
}

// diffValue turns a service diff value into its API form.
func diffValue(v any) any {
	switch x := v.(type) {
	case []domain.ScalePoint:
		out := []ScalePoint{}
		for _, p := range x {
			out = append(out, ScalePoint{Ca: p.Ca, Achievement: p.Achievement})
		}
		return out
	case []domain.EvidenceItem:
		out := []Evidence{}
		for _, e := range x {
			out = append(out, Evidence{Kind: e.Kind, Name: e.Name})
		}
		return out
	}
	return v
}

// LineChange is what changed in one line between two versions.
type LineChange struct {
	LineID int64         `json:"line_id"`
	Code   string        `json:"code"`
	Name   string        `json:"name"`
	Change string        `json:"change" enum:"added,removed,changed"`
	Fields []FieldChange `json:"fields"`
}

// Diff compares two versions of a plan.
type Diff struct {
	From  int          `json:"from" doc:"version number"`
	To    int          `json:"to" doc:"version number"`
	Lines []LineChange `json:"lines"`
}

// diffField turns a field's label key ("line.t2", "manual.formula") into its
// place in a line ("targets[1]", "manual.formula").
func diffField(key string) string {
	if rest, ok := strings.CutPrefix(key, "line.t"); ok {
		if q, err := strconv.Atoi(rest); err == nil && q >= 1 && q <= 4 {
			return "targets[" + strconv.Itoa(q-1) + "]"
		}
	}
	switch key {
	case "line.objective":
		return "objective_id"
	case "line.parent":
		return "parent_line_id"
	case "manual.cascade_type", "manual.cascade_method":
		return strings.TrimPrefix(key, "manual.")
	}
	if rest, ok := strings.CutPrefix(key, "line."); ok {
		return rest
	}
	return key
}

func (a *API) diffPlan(ctx context.Context, in *diffIn) (*bodyOut[Diff], error) {
	act, lang := actorOf(ctx), langOf(ctx)
	v, err := a.svc.GetPlan(ctx, act, in.ID, 0)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	byNumber := map[int]int64{}
	for _, x := range v.Versions {
		byNumber[x.Number] = x.ID
	}
	to := in.To
	if to == 0 {
		to = v.Version.Number
	}
	from := in.From
	if from == 0 {
		from = max(to-1, 1)
	}
	fromID, okFrom := byNumber[from]
	toID, okTo := byNumber[to]
	if !okFrom || !okTo {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	diffs, err := a.svc.DiffVersions(ctx, act, in.ID, fromID, toID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := Diff{From: from, To: to, Lines: []LineChange{}}
	for _, d := range diffs {
		lc := LineChange{LineID: d.LineID, Code: d.Code, Name: d.Name, Change: d.Change, Fields: []FieldChange{}}
		for _, f := range d.Fields {
			lc.Fields = append(lc.Fields, FieldChange{Field: diffField(f.Field), Label: i18n.Translate(lang, f.Field, nil),
				Before: diffValue(f.Old), After: diffValue(f.New), BeforeText: f.Before, AfterText: f.After})
		}
		out.Lines = append(out.Lines, lc)
	}
	return &bodyOut[Diff]{Body: out}, nil
}

// LineIn is an indicator as sent: what it is, its targets and its manual.
type LineIn struct {
	Revision      int         `json:"revision" minimum:"0" doc:"the version's revision this change is based on"`
	Code          string      `json:"code" example:"1a-CP"`
	Name          string      `json:"name" required:"false" doc:"ignored for a full cascade, which copies the parent's"`
	ObjectiveID   int64       `json:"objective_id" required:"false" doc:"IKU: the objective of the office's map it serves"`
	ParentLineID  int64       `json:"parent_line_id" required:"false" doc:"IKI: an IKU of the office's PK or an IKI of the supervisor's SKP; IKU (optional): an IKU of the PK of the office directly above"`
	CascadeType   string      `json:"cascade_type" required:"false" enum:"peta,non_peta,non_cascading," doc:"peta when empty"`
	CascadeMethod string      `json:"cascade_method" required:"false" enum:"full,partial,"`
	Weight        calc.Opt    `json:"weight" required:"false"`
	Targets       [4]calc.Opt `json:"targets" required:"false" doc:"quarterly targets TW I–IV; null for a quarter without a target"`
	AnnualTarget  calc.Opt    `json:"annual_target" required:"false" doc:"optional check: refused when it disagrees with the quarterly targets"`
	Manual        Manual      `json:"manual"`
}

func (l LineIn) input() service.LineInput {
	return service.LineInput{Code: l.Code, Name: l.Name, ObjectiveID: l.ObjectiveID, ParentLineID: l.ParentLineID,
		CascadeType: l.CascadeType, CascadeMethod: l.CascadeMethod, Weight: l.Weight, Targets: l.Targets,
		AnnualTarget: l.AnnualTarget, Manual: l.Manual.domain()}
}

// lineFields are the service's field names that sit outside the manual.
var lineFields = map[string]string{
	"code": "code", "name": "name", "objective_id": "objective_id", "parent_line_id": "parent_line_id",
	"cascade_type": "cascade_type", "cascade_method": "cascade_method", "weight": "weight", "targets": "targets",
	"annual_target": "annual_target", "t1": "targets[0]", "t2": "targets[1]", "t3": "targets[2]", "t4": "targets[3]", "": "",
}

// linePath places a service field in a LineIn body.
func linePath(f string) string {
	if p, ok := lineFields[f]; ok {
		return p
	}
	return "manual." + f
}

type createLineIn struct {
	ID   int64 `path:"id"`
	Body LineIn
}

type updateLineIn struct {
	ID   int64 `path:"id"`
	Line int64 `path:"line"`
	Body LineIn
}

type deleteLineIn struct {
	ID       int64 `path:"id"`
	Line     int64 `path:"line"`
	Revision int   `query:"revision" required:"true" minimum:"0" doc:"the version's revision this change is based on"`
}

// SavedLine is a line as saved, with the version's new revision.
type SavedLine struct {
	Revision int  `json:"revision" doc:"the version's revision after the change"`
	Line     Line `json:"line"`
}

func (a *API) createLine(ctx context.Context, in *createLineIn) (*createdOut[SavedLine], error) {
	b, err := a.saveLine(ctx, in.ID, 0, in.Body)
	if err != nil {
		return nil, err
	}
	return created(b.Body, "/plans/%d/lines/%d", in.ID, b.Body.Line.LineID), nil
}

func (a *API) updateLine(ctx context.Context, in *updateLineIn) (*bodyOut[SavedLine], error) {
	return a.saveLine(ctx, in.ID, in.Line, in.Body)
}

func (a *API) saveLine(ctx context.Context, planID, lineID int64, body LineIn) (*bodyOut[SavedLine], error) {
	act := actorOf(ctx)
	ind, err := a.svc.SaveLine(ctx, act, planID, lineID, body.Revision, body.input())
	if err != nil {
		return nil, a.failAt(ctx, err, linePath)
	}
	v, err := a.svc.GetPlan(ctx, act, planID, 0)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	for _, l := range v.Lines {
		if l.LineID == ind.LineID {
			return &bodyOut[SavedLine]{Body: SavedLine{Revision: v.Version.Revision, Line: lineOut(langOf(ctx), l)}}, nil
		}
	}
	return nil, a.fail(ctx, domain.ErrNotFound)
}

func (a *API) deleteLine(ctx context.Context, in *deleteLineIn) (*struct{}, error) {
	if err := a.svc.DeleteLine(ctx, actorOf(ctx), in.ID, in.Line, in.Revision); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type revisionIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Revision int `json:"revision" minimum:"0" doc:"the newest version's revision"`
	}
}

type returnIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Revision int    `json:"revision" minimum:"0" doc:"the newest version's revision"`
		Comment  string `json:"comment" doc:"what the owner should change"`
	}
}

type amendIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Revision int    `json:"revision" minimum:"0" doc:"the approved version's revision"`
		Reason   string `json:"reason" doc:"why the plan changes"`
	}
}

// submitPath places the reasons a submission is refused: they concern the
// plan as a whole, not a field of the request.
func submitPath(string) string { return "" }

func (a *API) submitPlan(ctx context.Context, in *revisionIn) (*bodyOut[Version], error) {
	v, err := a.svc.SubmitPlan(ctx, actorOf(ctx), in.ID, in.Body.Revision)
	if err != nil {
		return nil, a.failAt(ctx, err, submitPath)
	}
	return &bodyOut[Version]{Body: versionOut(v)}, nil
}

func (a *API) approvePlan(ctx context.Context, in *revisionIn) (*bodyOut[Version], error) {
	v, err := a.svc.ApprovePlan(ctx, actorOf(ctx), in.ID, in.Body.Revision)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Version]{Body: versionOut(v)}, nil
}

func (a *API) returnPlan(ctx context.Context, in *returnIn) (*bodyOut[Version], error) {
	v, err := a.svc.ReturnPlan(ctx, actorOf(ctx), in.ID, in.Body.Revision, in.Body.Comment)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Version]{Body: versionOut(v)}, nil
}

func (a *API) amendPlan(ctx context.Context, in *amendIn) (*createdOut[Version], error) {
	v, err := a.svc.AmendPlanAt(ctx, actorOf(ctx), in.ID, in.Body.Revision, in.Body.Reason)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return created(versionOut(v), "/plans/%d?version=%d", in.ID, v.Number), nil
}

package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// Perspective is a band of a strategy map with its weight in the NKO.
type Perspective struct {
	Kind   string  `json:"kind" enum:"stakeholder,customer,internal_process,learning_growth"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight" doc:"percent; the weights of a map add up to 100"`
}

// Objective is a strategic objective (sasaran strategis) of a map.
type Objective struct {
	ID          int64   `json:"id"`
	Perspective string  `json:"perspective" enum:"stakeholder,customer,internal_process,learning_growth"`
	Code        string  `json:"code" example:"SS-1"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Supports    []int64 `json:"supports" doc:"objectives in a perspective above that this one supports (the map's arrows)"`
}

// ObjectiveLink is a cause-effect arrow of the map.
type ObjectiveLink struct {
	From int64 `json:"from" doc:"the supporting objective"`
	To   int64 `json:"to" doc:"the objective it supports, one perspective or more above"`
}

// StrategyMap is an office's strategy map for a year.
type StrategyMap struct {
	Year         int             `json:"year"`
	OfficeID     int64           `json:"office_id"`
	OfficeName   string          `json:"office_name"`
	Exists       bool            `json:"exists" doc:"false until something is saved; the perspectives are then the rule set's defaults"`
	CanManage    bool            `json:"can_manage" doc:"whether the caller may change the map"`
	Revision     int             `json:"revision" doc:"send it with every change; a stale one is refused with 409"`
	UpdatedAt    *time.Time      `json:"updated_at,omitempty"`
	Perspectives []Perspective   `json:"perspectives" doc:"top to bottom"`
	Objectives   []Objective     `json:"objectives"`
	Links        []ObjectiveLink `json:"links"`
}

func strategyMapOut(v service.StrategyMapView) StrategyMap {
	m := v.Map
	out := StrategyMap{Year: v.Year.Year, OfficeID: v.Office.ID, OfficeName: v.Office.Name, Exists: v.Exists, CanManage: v.CanManage, Revision: m.Revision,
		Perspectives: []Perspective{}, Objectives: []Objective{}, Links: []ObjectiveLink{}}
	if v.Exists && !m.UpdatedAt.IsZero() {
		t := m.UpdatedAt.UTC()
		out.UpdatedAt = &t
	}
	for _, p := range m.Perspectives {
		out.Perspectives = append(out.Perspectives, Perspective{Kind: string(p.Kind), Name: p.Name, Weight: p.Weight})
	}
	for _, o := range m.Objectives {
		out.Objectives = append(out.Objectives, objectiveOut(m, o))
	}
	for _, l := range m.Links {
		out.Links = append(out.Links, ObjectiveLink{From: l.FromID, To: l.ToID})
	}
	return out
}

func objectiveOut(m domain.StrategyMap, o domain.Objective) Objective {
	p, _ := m.Perspective(o.PerspectiveID)
	out := Objective{ID: o.ID, Perspective: string(p.Kind), Code: o.Code, Name: o.Name, Description: o.Description, Supports: []int64{}}
	for _, l := range m.Links {
		if l.FromID == o.ID {
			out.Supports = append(out.Supports, l.ToID)
		}
	}
	return out
}

func (a *API) strategyRoutes() {
	tags := []string{"Strategy map"}
	register(a, huma.Operation{OperationID: "get-strategy-map", Method: http.MethodGet, Path: "/strategy-maps/{year}/{office}",
		Summary: "An office's strategy map", Tags: tags,
		Description: "Perspectives with weights, objectives and the links between them. Anyone working in the office may read it.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound}}, a.getStrategyMap)
	change := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "set-perspectives", Method: http.MethodPut, Path: "/strategy-maps/{year}/{office}/perspectives",
		Summary: "Replace the perspectives and their weights", Tags: tags,
		Description: "The list replaces the map's perspectives: a kind left out is removed (refused while it holds objectives). " +
			"Weights must add up to 100. Only the head of the office and the pengelola kinerja may change the map. " +
			"A stale `revision` is refused with 409; perspectives sent as they are change nothing.",
		Errors: change}, a.setPerspectives)
	register(a, huma.Operation{OperationID: "create-objective", Method: http.MethodPost, Path: "/strategy-maps/{year}/{office}/objectives",
		Summary: "Add an objective", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "`supports` may only point to objectives of a perspective above. A stale `revision` of the map is refused with 409.",
		Errors:      change}, a.createObjective)
	register(a, huma.Operation{OperationID: "update-objective", Method: http.MethodPut, Path: "/strategy-maps/{year}/{office}/objectives/{id}",
		Summary: "Change an objective", Tags: tags,
		Description: "Its perspective, code, name, description and the objectives above it supports. A stale `revision` of the map " +
			"is refused with 409; an objective sent as it is changes nothing.",
		Errors: change}, a.updateObjective)
	register(a, huma.Operation{OperationID: "delete-objective", Method: http.MethodDelete, Path: "/strategy-maps/{year}/{office}/objectives/{id}",
		Summary: "Remove an objective", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Refused (409) while an indicator serves the objective, and on a stale `revision` of the map.",
		Errors:      change}, a.deleteObjective)
}

type mapIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
}

func (a *API) getStrategyMap(ctx context.Context, in *mapIn) (*bodyOut[StrategyMap], error) {
	v, err := a.svc.StrategyMap(ctx, actorOf(ctx), in.Year, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[StrategyMap]{Body: strategyMapOut(v)}, nil
}

// PerspectiveIn sets one perspective of a map.
type PerspectiveIn struct {
	Kind   string  `json:"kind" enum:"stakeholder,customer,internal_process,learning_growth"`
	Name   string  `json:"name,omitempty" doc:"defaults to the perspective's usual name"`
	Weight float64 `json:"weight" doc:"percent"`
}

type perspectivesIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
	Body   struct {
		Revision     *int            `json:"revision,omitempty" required:"false" minimum:"0" doc:"the map's revision read; a stale one is refused with 409 (absent: not checked)"`
		Perspectives []PerspectiveIn `json:"perspectives" minItems:"1" maxItems:"4"`
	}
}

func (a *API) setPerspectives(ctx context.Context, in *perspectivesIn) (*bodyOut[StrategyMap], error) {
	var list []service.PerspectiveInput
	given := map[domain.PerspectiveKind]bool{}
	for _, p := range in.Body.Perspectives {
		k := domain.PerspectiveKind(p.Kind)
		given[k] = true
		list = append(list, service.PerspectiveInput{Kind: k, Name: p.Name, Weight: p.Weight, Present: true})
	}
	for _, k := range domain.PerspectiveKinds {
		if !given[k] {
			list = append(list, service.PerspectiveInput{Kind: k})
		}
	}
	act := actorOf(ctx)
	if _, err := a.svc.SetPerspectivesAt(ctx, act, in.Year, in.Office, revisionOf(in.Body.Revision), list); err != nil {
		return nil, a.failAt(ctx, err, func(f string) string {
			if k, ok := strings.CutPrefix(f, "weight_"); ok {
				for i, p := range in.Body.Perspectives {
					if p.Kind == k {
						return "perspectives[" + strconv.Itoa(i) + "].weight"
					}
				}
			}
			if f == "" {
				return "perspectives"
			}
			return f
		})
	}
	v, err := a.svc.StrategyMap(ctx, act, in.Year, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[StrategyMap]{Body: strategyMapOut(v)}, nil
}

// ObjectiveIn is an objective as sent.
type ObjectiveIn struct {
	Revision    *int    `json:"revision,omitempty" required:"false" minimum:"0" doc:"the map's revision read; a stale one is refused with 409 (absent: not checked)"`
	Perspective string  `json:"perspective" enum:"stakeholder,customer,internal_process,learning_growth"`
	Code        string  `json:"code" example:"SS-1"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Supports    []int64 `json:"supports,omitempty" doc:"IDs of objectives above that this one supports"`
}

func (o ObjectiveIn) input() service.ObjectiveInput {
	return service.ObjectiveInput{PerspectiveKind: domain.PerspectiveKind(o.Perspective), Code: o.Code, Name: o.Name,
		Description: o.Description, Supports: o.Supports}
}

type objectiveCreateIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
	Body   ObjectiveIn
}

type objectiveUpdateIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
	ID     int64 `path:"id"`
	Body   ObjectiveIn
}

type objectiveDeleteIn struct {
	Year     int   `path:"year" minimum:"2000" maximum:"2100"`
	Office   int64 `path:"office" doc:"ID of the office unit"`
	ID       int64 `path:"id"`
	Revision int   `query:"revision" minimum:"-1" default:"-1" doc:"the map's revision read; a stale one is refused with 409 (absent: not checked)"`
}

func (a *API) createObjective(ctx context.Context, in *objectiveCreateIn) (*createdOut[Objective], error) {
	b, err := a.saveObjective(ctx, in.Year, in.Office, 0, in.Body)
	if err != nil {
		return nil, err
	}
	return created(b.Body, "/strategy-maps/%d/%d/objectives/%d", in.Year, in.Office, b.Body.ID), nil
}

func (a *API) updateObjective(ctx context.Context, in *objectiveUpdateIn) (*bodyOut[Objective], error) {
	return a.saveObjective(ctx, in.Year, in.Office, in.ID, in.Body)
}

func (a *API) saveObjective(ctx context.Context, year int, office, id int64, body ObjectiveIn) (*bodyOut[Objective], error) {
	act := actorOf(ctx)
	o, err := a.svc.SaveObjectiveAt(ctx, act, year, office, id, revisionOf(body.Revision), body.input())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	v, err := a.svc.StrategyMap(ctx, act, year, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	saved, ok := v.Map.Objective(o.ID)
	if !ok {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	return &bodyOut[Objective]{Body: objectiveOut(v.Map, saved)}, nil
}

func (a *API) deleteObjective(ctx context.Context, in *objectiveDeleteIn) (*struct{}, error) {
	if err := a.svc.DeleteObjectiveAt(ctx, actorOf(ctx), in.Year, in.Office, in.ID, in.Revision); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

// revisionOf is the revision a change was made on; -1 (not checked) when
// the client sent none.
func revisionOf(r *int) int {
	if r == nil {
		return -1
	}
	return *r
}

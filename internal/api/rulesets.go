package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/service"
)

// RuleSet describes an embedded or installed rule set.
type RuleSet struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Digest      string     `json:"digest" doc:"SHA-256 of the canonical content: the same rules give the same digest"`
	Installed   bool       `json:"installed" doc:"false: built into the program"`
	InstalledAt *time.Time `json:"installed_at,omitempty"`
	Years       []int      `json:"years" doc:"the years computed by it"`
}

// RuleSetField is one field that differs from the embedded rule set.
type RuleSetField struct {
	Path      string  `json:"path" doc:"JSON path of the field, e.g. nkp.predicates.meets.above"`
	Embedded  *string `json:"embedded" doc:"the value in the embedded set, as JSON; null when it has no such field"`
	Installed *string `json:"installed" doc:"the value in this set, as JSON; null when it has no such field"`
}

// RuleSetDetail is a rule set with its file and differences.
type RuleSetDetail struct {
	RuleSet
	Source string         `json:"source" doc:"the rule-set file"`
	Base   string         `json:"base,omitempty" doc:"the embedded set compared with (installed sets only)"`
	Diff   []RuleSetField `json:"diff" doc:"fields that differ from base, in the file's order"`
}

func ruleSetOut(r service.RuleSetInfo) RuleSet {
	out := RuleSet{ID: r.ID, Title: r.Title, Digest: r.Digest, Installed: r.Installed, Years: r.Years}
	if r.Installed {
		t := r.InstalledAt.UTC()
		out.InstalledAt = &t
	}
	if out.Years == nil {
		out.Years = []int{}
	}
	return out
}

func (a *API) ruleSetRoutes() {
	tags := []string{"Rule sets"}
	register(a, huma.Operation{OperationID: "list-rule-sets", Method: http.MethodGet, Path: "/rule-sets", Summary: "Rule sets", Tags: tags,
		Description: "The rule sets built into the program, then those installed, each with the years computed by it. " +
			"Admins and the pengelola kinerja.",
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.listRuleSets)
	register(a, huma.Operation{OperationID: "get-rule-set", Method: http.MethodGet, Path: "/rule-sets/{id}", Summary: "One rule set", Tags: tags,
		Description: "A rule set with its file; an installed one with the fields that differ from an embedded set (`base`, " +
			"the default rule set when absent). Admins and the pengelola kinerja.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getRuleSet)
	// The body is checked by the rule engine's strict loader, not by a schema
	// here, so that a wrong file gets the engine's message naming the field.
	install := huma.Operation{OperationID: "install-rule-set", Method: http.MethodPost, Path: "/rule-sets", Summary: "Install a rule set",
		Tags: tags, DefaultStatus: http.StatusCreated, SkipValidateBody: true,
		Description: "The body is a rule-set file, checked with the checks of the embedded sets: every field is required, unknown " +
			"fields and values outside their rule are refused, and a file with any error is refused whole (422, naming the field; " +
			"nothing is stored). 201 when installed; 200 when a set with the same content exists already (nothing changes); 409 " +
			"when its id is that of an embedded or installed set with other content: an installed set never changes, a correction " +
			"takes a new id. Admins.",
		Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}}
	register(a, install, a.installRuleSet)
	if item := a.h.OpenAPI().Paths["/rule-sets"]; item != nil && item.Post != nil && item.Post.RequestBody != nil {
		item.Post.RequestBody.Required = true
		item.Post.RequestBody.Content["application/json"].Schema = &huma.Schema{Type: huma.TypeObject,
			Description: "A rule-set file: the shape of GET /rule-sets/{id} `source` of the embedded set, with a new `id` and `title`."}
	}
	register(a, huma.Operation{OperationID: "assign-rule-set", Method: http.MethodPut, Path: "/years/{year}/rule-set",
		Summary: "Compute a year by another rule set", Tags: []string{"Years"},
		Description: "Only while the year has no official figure: no verified line, no closed quarter, no NKP decree (409 " +
			"otherwise, saying which). Every figure of the year is then computed by the new rules. The pengelola kinerja and admins.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.assignRuleSet)
}

type listRuleSetsIn struct{}

func (a *API) listRuleSets(ctx context.Context, _ *listRuleSetsIn) (*listOut[RuleSet], error) {
	list, err := a.svc.ListRuleSets(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []RuleSet{}
	for _, r := range list {
		all = append(all, ruleSetOut(r))
	}
	return whole(all), nil
}

type getRuleSetIn struct {
	ID   string `path:"id" maxLength:"100"`
	Base string `query:"base" maxLength:"100" doc:"the embedded set to compare with; the default rule set when absent"`
}

func (a *API) getRuleSet(ctx context.Context, in *getRuleSetIn) (*bodyOut[RuleSetDetail], error) {
	d, err := a.svc.GetRuleSetDetail(ctx, actorOf(ctx), in.ID, in.Base)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := RuleSetDetail{RuleSet: ruleSetOut(d.RuleSetInfo), Source: string(d.Source), Base: d.Base, Diff: []RuleSetField{}}
	for _, f := range d.Diff {
		out.Diff = append(out.Diff, ruleSetField(f))
	}
	return &bodyOut[RuleSetDetail]{Body: out}, nil
}

func ruleSetField(f calc.FieldDiff) RuleSetField {
	r := RuleSetField{Path: f.Path}
	if !f.FromMissing {
		v := f.From
		r.Embedded = &v
	}
	if !f.ToMissing {
		v := f.To
		r.Installed = &v
	}
	return r
}

type installRuleSetIn struct {
	RawBody []byte `contentType:"application/json"`
}

func (a *API) installRuleSet(ctx context.Context, in *installRuleSetIn) (*createdOut[RuleSet], error) {
	info, created, err := a.svc.InstallRuleSet(ctx, actorOf(ctx), in.RawBody)
	if err != nil {
		// The service names the field by its path in the file, which is the body.
		return nil, a.fail(ctx, err)
	}
	out := createdOut[RuleSet]{Status: http.StatusOK, Location: Prefix + "/rule-sets/" + url.PathEscape(info.ID), Body: ruleSetOut(info)}
	if created {
		out.Status = http.StatusCreated
	}
	return &out, nil
}

type assignRuleSetIn struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
	Body struct {
		RuleSet string `json:"rule_set" maxLength:"100" doc:"the id of an embedded or installed rule set"`
	}
}

func (a *API) assignRuleSet(ctx context.Context, in *assignRuleSetIn) (*bodyOut[Year], error) {
	y, err := a.svc.AssignRuleSet(ctx, actorOf(ctx), in.Year, in.Body.RuleSet)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Year]{Body: yearOut(y)}, nil
}

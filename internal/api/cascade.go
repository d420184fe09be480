package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

func (a *API) cascadeRoutes() {
	register(a, huma.Operation{OperationID: "cascade-line", Method: http.MethodPost, Path: "/plans/{id}/lines/{line}/cascade",
		Summary: "Cascade an indicator to subordinates", Tags: []string{"Cascade"}, DefaultStatus: http.StatusCreated,
		Description: "Creates a child IKI in the SKP draft of each direct report named, all in one go: when one of them " +
			"cannot take it (an approved SKP, a full plan, already cascaded) nothing is created and the 422 says who. " +
			"A full cascade copies the line and keeps the copies in step while they are drafts; a partial one gives each " +
			"person their own share of the quarterly targets.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}}, a.cascadeLine)
	register(a, huma.Operation{OperationID: "get-cascade", Method: http.MethodGet, Path: "/years/{year}/cascade",
		Summary: "The cascade of an office, with its gaps", Tags: []string{"Cascade"},
		Description: "From each objective of the strategy map through the IKUs of the PK down to every IKI, from the " +
			"newest version of each plan; then the gaps: IKIs whose parent is gone, IKUs cascaded to nobody, partial " +
			"splits that do not add up, and people without an approved plan (late after the plan deadline).",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getCascade)
	register(a, huma.Operation{OperationID: "get-k3-review", Method: http.MethodGet, Path: "/years/{year}/k3",
		Summary: "Indicator quality (K3) of an office", Tags: []string{"K3"},
		Description: "Every IKU and IKI of the newest plan versions with its K3, lowest first; lines whose manual is " +
			"incomplete come first with the reason.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.getK3Review)
	register(a, huma.Operation{OperationID: "list-line-comments", Method: http.MethodGet, Path: "/lines/{line}/comments",
		Summary: "Review thread of a plan line", Tags: []string{"K3"},
		Description: "The remarks on a plan line's quality, oldest first, for those who may read the plan; `can_write` says whether the caller may add one.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.listComments)
	register(a, huma.Operation{OperationID: "add-line-comment", Method: http.MethodPost, Path: "/lines/{line}/comments",
		Summary: "Add a remark to a plan line's review thread", Tags: []string{"K3"}, DefaultStatus: http.StatusCreated,
		Description: "The line's owner, their supervisors, the head of office and the pengelola kinerja may write. Remarks are only " +
			"added, never changed, so they take no revision. `Location` is the thread.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.addComment)
}

// CascadeShare is one subordinate receiving a cascaded indicator.
type CascadeShare struct {
	EmployeeID int64       `json:"employee_id"`
	Targets    [4]calc.Opt `json:"targets" required:"false" doc:"partial cascade: this person's quarterly targets (null for none); ignored for full"`
}

type cascadeIn struct {
	ID   int64 `path:"id"`
	Line int64 `path:"line"`
	Body struct {
		Method  string         `json:"method" enum:"full,partial"`
		Targets []CascadeShare `json:"targets" minItems:"1" doc:"who receives the indicator"`
	}
}

// CascadedLine is a child IKI created by a cascade.
type CascadedLine struct {
	EmployeeID int64       `json:"employee_id"`
	LineID     int64       `json:"line_id"`
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	Method     string      `json:"method" enum:"full,partial"`
	Targets    [4]calc.Opt `json:"targets"`
}

func (a *API) cascadeLine(ctx context.Context, in *cascadeIn) (*listOut[CascadedLine], error) {
	shares := make([]service.CascadeTarget, len(in.Body.Targets))
	for i, t := range in.Body.Targets {
		shares[i] = service.CascadeTarget{EmployeeID: t.EmployeeID, Targets: t.Targets}
	}
	created, err := a.svc.Cascade(ctx, actorOf(ctx), in.ID, in.Line, in.Body.Method, shares)
	if err != nil {
		return nil, a.failAt(ctx, err, func(f string) string {
			if id, ok := strings.CutPrefix(f, "employee_"); ok {
				for i, t := range in.Body.Targets {
					if strconv.FormatInt(t.EmployeeID, 10) == id {
						return "targets[" + strconv.Itoa(i) + "]"
					}
				}
			}
			if f == "employees" {
				return "targets"
			}
			return f
		})
	}
	all := []CascadedLine{}
	for i, c := range created {
		all = append(all, CascadedLine{EmployeeID: in.Body.Targets[i].EmployeeID, LineID: c.LineID,
			Code: c.Code, Name: c.Name, Method: c.CascadeMethod, Targets: c.Targets})
	}
	return whole(all), nil
}

// CascadeNode is an indicator in the cascade tree with the lines cascaded from it.
type CascadeNode struct {
	LineID        int64         `json:"line_id"`
	PlanID        int64         `json:"plan_id"`
	EmployeeID    int64         `json:"employee_id"`
	Owner         string        `json:"owner"`
	Position      string        `json:"position"`
	UnitID        int64         `json:"unit_id"`
	Kind          string        `json:"kind" enum:"IKU,IKI"`
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	CascadeType   string        `json:"cascade_type" enum:"peta,non_peta,non_cascading"`
	CascadeMethod string        `json:"cascade_method" enum:"full,partial,"`
	MeasureUnit   string        `json:"measure_unit" doc:"the manual's unit of measure"`
	Targets       [4]calc.Opt   `json:"targets"`
	AnnualTarget  calc.Opt      `json:"annual_target"`
	Status        string        `json:"status" enum:"draft,submitted,approved,returned" doc:"of the plan version the line is in"`
	Version       int           `json:"version" doc:"number of that version"`
	Mismatch      []int         `json:"mismatch" doc:"quarters where the partial children do not add up to this line"`
	OfficeID      int64         `json:"office_id" doc:"the office of the line's plan: the tree reaches the offices below"`
	ByLocation    bool          `json:"by_location" doc:"an IKU whose realisation is consolidated from the offices below"`
	Children      []CascadeNode `json:"children"`
}

func nodeOut(n *service.CascadeNode) CascadeNode {
	out := CascadeNode{LineID: n.LineID, PlanID: n.PlanID, EmployeeID: n.EmployeeID, Owner: n.Owner, Position: n.Position, UnitID: n.UnitID,
		Kind: string(n.Kind), Code: n.Code, Name: n.Name, CascadeType: n.Type, CascadeMethod: n.Method, MeasureUnit: n.Unit,
		Targets: n.Targets, AnnualTarget: n.Annual, Status: string(n.Status), Version: n.Version, Mismatch: []int{}, Children: []CascadeNode{},
		OfficeID: n.OfficeID, ByLocation: n.ByLocation}
	out.Mismatch = append(out.Mismatch, n.Mismatch...)
	for _, c := range n.Children {
		out.Children = append(out.Children, nodeOut(c))
	}
	return out
}

func nodesOut(list []*service.CascadeNode) []CascadeNode {
	out := make([]CascadeNode, 0, len(list))
	for _, n := range list {
		out = append(out, nodeOut(n))
	}
	return out
}

// LineRef names a plan line and its owner.
type LineRef struct {
	LineID int64  `json:"line_id"`
	PlanID int64  `json:"plan_id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Owner  string `json:"owner"`
}

func lineRefOut(n *service.CascadeNode) LineRef {
	return LineRef{LineID: n.LineID, PlanID: n.PlanID, Code: n.Code, Name: n.Name, Owner: n.Owner}
}

// CascadeObjective is an objective with the IKUs serving it.
type CascadeObjective struct {
	Objective   ObjectiveRef  `json:"objective"`
	Perspective string        `json:"perspective" enum:"stakeholder,customer,internal_process,learning_growth"`
	IKUs        []CascadeNode `json:"ikus"`
}

// SplitGap is a quarter where a partial split does not add up.
type SplitGap struct {
	Line        LineRef `json:"line" doc:"the parent line"`
	Quarter     int     `json:"quarter" minimum:"1" maximum:"4"`
	Target      float64 `json:"target" doc:"the parent's target in that quarter"`
	ChildrenSum float64 `json:"children_sum"`
}

// PlanGap is someone without an approved plan.
type PlanGap struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Position   string `json:"position"`
	UnitID     int64  `json:"unit_id"`
	Status     string `json:"status" enum:"none,draft,submitted,returned" doc:"none: no plan yet; else the newest version's status"`
	Late       bool   `json:"late" doc:"the plan deadline has passed"`
}

// CascadeGaps are what the cascade still lacks.
type CascadeGaps struct {
	Orphans    []CascadeNode `json:"orphans" doc:"IKIs whose parent line is gone"`
	LeftParent []CascadeNode `json:"left_parent" doc:"IKIs of running plans whose parent line is of a plan that ended: its owner left the post"`
	NoChild    []LineRef     `json:"no_child" doc:"IKUs cascaded to nobody"`
	Splits     []SplitGap    `json:"splits"`
	NoPlan     []PlanGap     `json:"no_plan" doc:"people without an approved plan"`
	// NoSources are IKUs consolidated by location that no IKU below feeds.
	NoSources []LineRef `json:"no_sources" doc:"IKUs consolidated from the offices below with no IKU below cascaded from them"`
}

// CascadeTree is the cascade of an office for a year.
type CascadeTree struct {
	Year       int                `json:"year"`
	Office     UnitRef            `json:"office"`
	PlanDue    string             `json:"plan_due" format:"date"`
	People     int                `json:"people"`
	Lines      int                `json:"lines"`
	Objectives []CascadeObjective `json:"objectives" doc:"in map order, top perspective first"`
	Loose      []CascadeNode      `json:"loose" doc:"IKUs serving no objective of the map"`
	Gaps       CascadeGaps        `json:"gaps"`
}

type cascadeTreeIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `query:"office" required:"true" doc:"ID of the office unit"`
	Unit   int64 `query:"unit" doc:"keep only the branches reaching people of this unit"`
}

func (a *API) getCascade(ctx context.Context, in *cascadeTreeIn) (*bodyOut[CascadeTree], error) {
	t, err := a.svc.CascadeTree(ctx, actorOf(ctx), in.Year, in.Office, in.Unit)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := CascadeTree{Year: t.Year.Year, Office: UnitRef{ID: t.Office.ID, Name: t.Office.Name}, PlanDue: date(t.Year.PlanDueDate),
		People: t.People, Lines: t.Lines, Objectives: []CascadeObjective{}, Loose: nodesOut(t.Loose),
		Gaps: CascadeGaps{Orphans: nodesOut(t.Orphans), LeftParent: nodesOut(t.LeftParent), NoChild: []LineRef{}, Splits: []SplitGap{}, NoPlan: []PlanGap{}, NoSources: []LineRef{}}}
	for _, o := range t.Objectives {
		out.Objectives = append(out.Objectives, CascadeObjective{Objective: ObjectiveRef{ID: o.Objective.ID, Code: o.Objective.Code, Name: o.Objective.Name},
			Perspective: string(o.Perspective.Kind), IKUs: nodesOut(o.IKUs)})
	}
	for _, n := range t.NoSources {
		out.Gaps.NoSources = append(out.Gaps.NoSources, lineRefOut(n))
	}
	for _, n := range t.NoChild {
		out.Gaps.NoChild = append(out.Gaps.NoChild, lineRefOut(n))
	}
	for _, g := range t.Splits {
		out.Gaps.Splits = append(out.Gaps.Splits, SplitGap{Line: lineRefOut(g.Node), Quarter: g.Quarter, Target: g.Parent, ChildrenSum: g.Sum})
	}
	for _, g := range t.NoPlan {
		out.Gaps.NoPlan = append(out.Gaps.NoPlan, PlanGap{EmployeeID: g.EmployeeID, Name: g.Name, Position: g.Position, UnitID: g.UnitID,
			Status: g.Status, Late: g.Late})
	}
	return &bodyOut[CascadeTree]{Body: out}, nil
}

// K3Row is one indicator in the quality review.
type K3Row struct {
	LineID       int64       `json:"line_id"`
	PlanID       int64       `json:"plan_id"`
	Kind         string      `json:"kind" enum:"IKU,IKI"`
	Code         string      `json:"code"`
	Name         string      `json:"name"`
	Owner        string      `json:"owner"`
	Position     string      `json:"position"`
	Status       string      `json:"status" enum:"draft,submitted,approved,returned"`
	Validity     string      `json:"validity"`
	Control      string      `json:"control"`
	AnnualTarget calc.Opt    `json:"annual_target"`
	K3           *K3         `json:"k3,omitempty"`
	Problem      *Message    `json:"problem,omitempty" doc:"why K3 cannot be computed yet"`
	Low          bool        `json:"low" doc:"K3 below 1 (as rounded for display)"`
	Comments     int         `json:"comments" doc:"remarks in the line's review thread"`
	Decision     *K3Decision `json:"decision,omitempty" doc:"the pengelola kinerja's decision on the line; absent when none"`
}

type k3In struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `query:"office" required:"true" doc:"ID of the office unit"`
	Paging
}

func (a *API) getK3Review(ctx context.Context, in *k3In) (*listOut[K3Row], error) {
	rows, err := a.svc.K3Review(ctx, actorOf(ctx), in.Year, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	lang := langOf(ctx)
	all := []K3Row{}
	for _, r := range rows {
		all = append(all, K3Row{LineID: r.LineID, PlanID: r.PlanID, Kind: string(r.Kind), Code: r.Code, Name: r.Name,
			Owner: r.Owner, Position: r.Position, Status: string(r.Status), Validity: r.Validity, Control: r.Control,
			AnnualTarget: r.Annual, K3: k3Out(lang, r.K3), Problem: k3ProblemOut(lang, r.Problem), Low: r.Low, Comments: r.Comments,
			Decision: k3DecisionOut(r.Decision)})
	}
	return page(all, in.Paging), nil
}

// Comment is a remark in a review thread.
type Comment struct {
	ID        int64     `json:"id"`
	AuthorID  int64     `json:"author_id" doc:"user ID of the author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

func commentOut(c domain.Comment) Comment {
	return Comment{ID: c.ID, AuthorID: c.AuthorID, Body: c.Body, CreatedAt: c.CreatedAt.UTC()}
}

type lineIDIn struct {
	Line int64 `path:"line"`
	Paging
}

type commentsOut struct {
	Body struct {
		Items    []Comment `json:"items"`
		Total    int       `json:"total" doc:"items on all pages, not only this one"`
		Limit    int       `json:"limit" doc:"the page size asked for"`
		Offset   int       `json:"offset" doc:"the position of the first item of this page"`
		CanWrite bool      `json:"can_write" doc:"whether the caller may add a remark"`
	}
}

func (a *API) listComments(ctx context.Context, in *lineIDIn) (*commentsOut, error) {
	list, write, err := a.svc.LineComments(ctx, actorOf(ctx), in.Line)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []Comment{}
	for _, c := range list {
		all = append(all, commentOut(c))
	}
	p := page(all, in.Paging)
	out := &commentsOut{}
	out.Body.Items, out.Body.Total, out.Body.Limit, out.Body.Offset, out.Body.CanWrite = p.Body.Items, p.Body.Total, p.Body.Limit, p.Body.Offset, write
	return out, nil
}

type addCommentIn struct {
	Line int64 `path:"line"`
	Body struct {
		Body string `json:"body" doc:"the remark"`
	}
}

func (a *API) addComment(ctx context.Context, in *addCommentIn) (*createdOut[Comment], error) {
	c, err := a.svc.AddLineComment(ctx, actorOf(ctx), in.Line, in.Body.Body)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return created(commentOut(c), "/lines/%d/comments", in.Line), nil
}

package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
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
	a.rolloverRoutes()
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

// RolloverCounts is what a rollover copied.
type RolloverCounts struct {
	Perspectives    int `json:"perspectives"`
	Objectives      int `json:"objectives"`
	ObjectiveLinks  int `json:"objective_links" doc:"cause-effect links between objectives"`
	Plans           int `json:"plans" doc:"draft PKs and SKPs made"`
	IKU             int `json:"iku" doc:"PK lines, each with its Manual IKU"`
	IKI             int `json:"iki" doc:"SKP lines, each with its Manual IKI"`
	CascadeLinks    int `json:"cascade_links" doc:"lines whose parent is the copy of their old parent"`
	PrevOfficial    int `json:"prev_official" doc:"manuals given the source year's official annual figures"`
	PrevProvisional int `json:"prev_provisional" doc:"manuals given the source year's latest official to-date figures, provisional"`
	PrevMissing     int `json:"prev_missing" doc:"manuals whose source line has no official figure"`
}

// RolloverNote is one thing that needs attention after a rollover.
type RolloverNote struct {
	Kind       string `json:"kind" enum:"moved,new_in_post,no_source,left,moved_out,no_post,vacant_post,has_plan,no_parent,no_objective,map_kept"`
	Message    string `json:"message" doc:"what the kind means, in the caller's language"`
	EmployeeID int64  `json:"employee_id,omitempty"`
	Employee   string `json:"employee,omitempty"`
	NIP        string `json:"nip,omitempty"`
	Position   string `json:"position,omitempty" doc:"the post the note is about"`
	Code       string `json:"code,omitempty" doc:"the indicator's code, for notes on a line"`
}

// RolloverSummary reports a rollover.
type RolloverSummary struct {
	Year        int            `json:"year"`
	From        int            `json:"from"`
	OfficeID    int64          `json:"office_id"`
	Office      string         `json:"office"`
	YearOpened  bool           `json:"year_opened" doc:"the year was opened by this request"`
	DryRun      bool           `json:"dry_run" doc:"a preview: nothing was saved"`
	Provisional bool           `json:"provisional" doc:"the source year is not closed: previous-year figures are provisional, replaced when it closes"`
	NothingNew  bool           `json:"nothing_new" doc:"everything had been copied by an earlier run"`
	Copied      RolloverCounts `json:"copied"`
	Attention   []RolloverNote `json:"attention"`
}

func (a *API) rolloverRoutes() {
	register(a, huma.Operation{OperationID: "rollover-year", Method: http.MethodPost, Path: "/years/{year}/rollover",
		Summary: "Roll a year over from the year before, for one office", Tags: []string{"Years"}, DefaultStatus: http.StatusCreated,
		Description: "Opens the year when it is not open (the rule set of `from`, deadlines a year later) and copies, for the office: " +
			"the strategy map, and for each person in the post they hold today the plan of that post in `from` as an unsigned draft, " +
			"with every line's manual and targets and the cascading links between the copies. Each manual's previous-year target and " +
			"realisation (for K3) are `from`'s official annual figures, or while `from` is open its latest official to-date figures, " +
			"marked provisional and replaced when its quarters close. Running it again copies only what is missing (`nothing_new`). " +
			"`dry_run` previews the run and saves nothing. The pengelola kinerja of the office or an admin. 422 when `from` is not " +
			"the year before or is not open, or `office` is not an office; 409 when `from` has nothing to copy for the office or the " +
			"year already has plans of the office made by hand.",
		Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}}, a.rollover)
}

type rolloverIn struct {
	Year int `path:"year" minimum:"2000" maximum:"2100" doc:"the year to open and fill"`
	Body struct {
		From   int   `json:"from" minimum:"2000" maximum:"2100" doc:"the year copied: the one before"`
		Office int64 `json:"office" doc:"the office (unit) id"`
		DryRun bool  `json:"dry_run,omitempty" required:"false" doc:"preview only"`
	}
}

func (a *API) rollover(ctx context.Context, in *rolloverIn) (*createdOut[RolloverSummary], error) {
	sum, err := a.svc.Rollover(ctx, actorOf(ctx), service.RolloverInput{Year: in.Year, From: in.Body.From, OfficeID: in.Body.Office, DryRun: in.Body.DryRun})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c := sum.Copied
	out := RolloverSummary{Year: sum.Year, From: sum.From, OfficeID: sum.OfficeID, Office: sum.Office, YearOpened: sum.YearOpened,
		DryRun: sum.DryRun, Provisional: sum.Provisional, NothingNew: sum.Nothing(), Attention: []RolloverNote{},
		Copied: RolloverCounts{Perspectives: c.Perspectives, Objectives: c.Objectives, ObjectiveLinks: c.ObjectiveLinks, Plans: c.Plans,
			IKU: c.IKU, IKI: c.IKI, CascadeLinks: c.CascadeLinks, PrevOfficial: c.PrevOfficial, PrevProvisional: c.PrevProvisional, PrevMissing: c.PrevMissing}}
	lang := langOf(ctx)
	for _, n := range sum.Attention {
		out.Attention = append(out.Attention, RolloverNote{Kind: n.Kind, Message: i18n.Translate(lang, "rollover.note."+n.Kind, nil),
			EmployeeID: n.EmployeeID, Employee: n.Employee, NIP: n.NIP, Position: n.Position, Code: n.Code})
	}
	return created(out, "/years/%d", sum.Year), nil
}

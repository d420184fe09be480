package api

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// dashRoutes registers the dashboards and the inbox: the same data as the
// web pages, filtered by the services to what the caller may see.
func (a *API) dashRoutes() {
	// An optional number travels as a JSON number or null.
	a.h.OpenAPI().Components.Schemas.RegisterTypeAlias(reflect.TypeFor[calc.Opt](), reflect.TypeFor[*float64]())
	tags := []string{"Dashboards"}
	errs := []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "dashboard-head", Method: http.MethodGet, Path: "/dashboard/head",
		Summary: "An office's dashboard", Tags: tags,
		Description: "What the head of an office sees: the NKO of the latest ended quarter (official when the PK's figures are " +
			"verified, else provisional) and of every quarter, the objectives' status for the strategy map, each IKU with its " +
			"to-date figures Q1–Q4, year-end projection and pending IIAA actions, the yellow and red IKUs worst first, and the " +
			"reporting state of every unit. For the head of the office and those who read it (pengelola kinerja, pemeriksa, admin). " +
			"Achievements and scores are rounded to two decimals, as shown everywhere.",
		Errors: errs}, a.dashHead)
	register(a, huma.Operation{OperationID: "dashboard-team", Method: http.MethodGet, Path: "/dashboard/team",
		Summary: "The caller's team in a quarter", Tags: tags,
		Description: "The heat map of the people below the caller: columns are the caller's own indicators, each row a person, " +
			"each cell the to-date achievement of the person's indicator cascaded from that column (line_id 0 when none). " +
			"Also who has not sent the quarter's realisation, who waits for the caller's validation and the team's overdue actions. " +
			"Only people below the caller appear; `has_team` is false for everyone else.",
		Errors: errs}, a.dashTeam)
	register(a, huma.Operation{OperationID: "dashboard-me", Method: http.MethodGet, Path: "/dashboard/me",
		Summary: "The caller's own plan, deadlines and actions", Tags: tags,
		Description: "The caller's plan lines with their to-date figures and projection, the deadlines still to meet, what was " +
			"returned and why, and the caller's open actions.",
		Errors: errs}, a.dashMe)
	register(a, huma.Operation{OperationID: "dashboard-console", Method: http.MethodGet, Path: "/dashboard/console",
		Summary: "The pengelola kinerja's console of a quarter", Tags: tags,
		Description: "Completeness of the cycle: approved plans, people without one, the quarter's state per unit, late sheets, " +
			"K3 issues, pending corrections and the structural officials' IIAA reports. For those who read the office.",
		Errors: errs}, a.dashConsole)
	register(a, huma.Operation{OperationID: "inbox", Method: http.MethodGet, Path: "/inbox",
		Summary: "What waits for the caller", Tags: []string{"Inbox"},
		Description: "Everything waiting for the caller in the year whose reporting is still open and any newer one, oldest first: plans to approve, realisation to validate " +
			"or verify, reports to review, corrections to decide, returned work and actions falling due within two weeks; " +
			"with the number of unread notifications. `total` and `overdue` count every page.",
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.inbox)
}

// DashFigures are an indicator's official to-date figures ("s.d. TW q") of one quarter.
type DashFigures struct {
	Quarter     int      `json:"quarter" minimum:"1" maximum:"4"`
	Target      calc.Opt `json:"target"`
	Realisation calc.Opt `json:"realisation"`
	Achievement calc.Opt `json:"achievement" doc:"null when not reported or without target"`
	Status      string   `json:"status" enum:"green,yellow,red," doc:"empty when there is no achievement"`
	Frozen      bool     `json:"frozen" doc:"verified: fixed when the pengelola kinerja verified the sheet"`
}

// DashProjection is the year-end outlook of an indicator.
type DashProjection struct {
	Trend       string   `json:"trend" enum:"on_track,at_risk,off_track," doc:"empty until something is reported"`
	Quarter     int      `json:"quarter" doc:"the latest quarter the projection starts from"`
	Realisation calc.Opt `json:"realisation"`
	Achievement calc.Opt `json:"achievement"`
	Explanation []string `json:"explanation" doc:"how the projection was made, step by step"`
}

// DashLine is one line of a plan with its figures through the year.
type DashLine struct {
	LineID     int64          `json:"line_id"`
	Code       string         `json:"code"`
	Name       string         `json:"name"`
	Unit       string         `json:"unit" doc:"unit of measure"`
	Polarity   string         `json:"polarity" enum:"maximize,minimize,stabilize"`
	Quarters   []DashFigures  `json:"quarters" doc:"Q1–Q4"`
	Latest     int            `json:"latest" doc:"the latest quarter with an achievement (0: none)"`
	Projection DashProjection `json:"projection"`
}

// DashAction is a pending action of an IIAA report.
type DashAction struct {
	ID          int64   `json:"id"`
	LineID      int64   `json:"line_id"`
	Description string  `json:"description"`
	Owner       *Person `json:"owner"`
	DueDate     string  `json:"due_date" format:"date"`
	Status      string  `json:"status" enum:"open,in_progress"`
	Overdue     bool    `json:"overdue"`
	PlanID      int64   `json:"plan_id,omitempty" doc:"the plan whose report holds the action"`
	Quarter     int     `json:"quarter,omitempty" doc:"the quarter of that report"`
}

// DashObjectiveRef names a strategic objective.
type DashObjectiveRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// DashIKU is an IKU of the office's PK on the dashboard.
type DashIKU struct {
	Line           DashLine         `json:"line"`
	Objective      DashObjectiveRef `json:"objective"`
	Actions        []DashAction     `json:"actions" doc:"pending actions of the head's IIAA reports on this IKU"`
	OverdueActions int              `json:"overdue_actions"`
}

// DashPerspectiveValue is a perspective's value in an NKO.
type DashPerspectiveValue struct {
	Name   string   `json:"name"`
	Weight float64  `json:"weight"`
	Value  calc.Opt `json:"value"`
	Status string   `json:"status" enum:"green,yellow,red,"`
}

// DashObjectiveValue is an objective's value in an NKO, for the strategy map.
type DashObjectiveValue struct {
	ID          int64    `json:"id"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Perspective string   `json:"perspective"`
	Value       calc.Opt `json:"value"`
	Status      string   `json:"status" enum:"green,yellow,red,"`
}

// DashNKO is the office score of a quarter.
type DashNKO struct {
	Quarter      int                    `json:"quarter"`
	Official     bool                   `json:"official" doc:"from the PK's verified figures"`
	Provisional  bool                   `json:"provisional" doc:"from figures not yet verified; may change"`
	Value        calc.Opt               `json:"value" doc:"null while nothing can be scored"`
	Predicate    string                 `json:"predicate" doc:"the rule set's grade, e.g. Baik"`
	Status       string                 `json:"status" enum:"green,yellow,red,"`
	Perspectives []DashPerspectiveValue `json:"perspectives"`
	Objectives   []DashObjectiveValue   `json:"objectives"`
}

// DashUnitProgress counts the reporting states of one unit's people.
type DashUnitProgress struct {
	Unit   UnitRef        `json:"unit"`
	People int            `json:"people"`
	Counts map[string]int `json:"counts" doc:"people by state: no_plan, plan_not_approved, draft, returned, submitted, validated, verified, locked; overdue counts those not sent after the deadline"`
}

// DashProgress is the reporting state of an office's quarter.
type DashProgress struct {
	Quarter  int                `json:"quarter"`
	Deadline string             `json:"deadline" format:"date"`
	Ended    bool               `json:"ended"`
	ClosedAt *time.Time         `json:"closed_at" doc:"null while the quarter is open"`
	Totals   map[string]int     `json:"totals"`
	Units    []DashUnitProgress `json:"units"`
}

// DashHead is an office's dashboard.
type DashHead struct {
	Year      int          `json:"year"`
	Office    UnitRef      `json:"office"`
	Quarter   int          `json:"quarter" doc:"the latest ended quarter (Q1 early in the year)"`
	HasMap    bool         `json:"has_map" doc:"the office has a strategy map for the year"`
	HasPK     bool         `json:"has_pk" doc:"the office's PK is approved"`
	NKO       DashNKO      `json:"nko" doc:"of the quarter"`
	Trend     []DashNKO    `json:"trend" doc:"Q1–Q4"`
	IKUs      []DashIKU    `json:"ikus"`
	Attention []int64      `json:"attention" doc:"line IDs of the yellow and red IKUs in the quarter, worst first"`
	Progress  DashProgress `json:"progress"`
}

type dashHeadIn struct {
	Year   int   `query:"year" minimum:"0" maximum:"2100" doc:"the performance year; by default the one whose reporting is still open"`
	Office int64 `query:"office" minimum:"0" doc:"unit ID of the office; the caller's own when absent"`
}

// dashYear picks the year: the one asked for, else the working year.
func (a *API) dashYear(ctx context.Context, year int) (int, error) {
	if year != 0 {
		return year, nil
	}
	years, err := a.svc.ListYears(ctx, actorOf(ctx))
	if err != nil {
		return 0, err
	}
	y, ok := a.svc.WorkingYear(years)
	if !ok {
		return 0, domain.ErrNotFound
	}
	return y.Year, nil
}

// dashOffice picks the office: the one asked for, else the caller's own.
func (a *API) dashOffice(ctx context.Context, office int64) (int64, error) {
	if office != 0 {
		return office, nil
	}
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return 0, err
	}
	if own := c.EmployeeOffice(actorOf(ctx).EmployeeID()); own != 0 {
		return own, nil
	}
	return 0, huma.Error422UnprocessableEntity(i18n.Translate(langOf(ctx), "dashui.api_office", nil),
		&huma.ErrorDetail{Location: "query.office", Message: i18n.Translate(langOf(ctx), "dashui.api_office", nil)})
}

func dashFigures(t service.LineTrack) []DashFigures {
	out := make([]DashFigures, 4)
	for q, f := range t.ToDate {
		out[q] = DashFigures{Quarter: q + 1, Target: f.Target, Realisation: f.Realisation, Achievement: dashRound(f.Achievement),
			Status: string(f.Status), Frozen: t.Frozen[q]}
	}
	return out
}

// dashRound rounds a score as every door shows it.
func dashRound(o calc.Opt) calc.Opt {
	if !o.OK {
		return o
	}
	return calc.Some(calc.Round2(o.V))
}

func dashLine(lang string, t service.LineTrack) DashLine {
	p := t.Projection
	out := DashLine{LineID: t.Line.LineID, Code: t.Line.Code, Name: t.Line.Name, Unit: t.Line.Unit, Polarity: t.Line.Polarity,
		Quarters: dashFigures(t), Latest: t.Latest,
		Projection: DashProjection{Trend: string(p.Trend), Quarter: p.Quarter, Realisation: p.Realisation, Achievement: dashRound(p.Achievement),
			Explanation: []string{}}}
	for _, st := range p.Steps {
		out.Projection.Explanation = append(out.Projection.Explanation, st.Text(lang))
	}
	return out
}

func dashActionOut(c *domain.Chart, x domain.Action, today time.Time, planID int64, q int) DashAction {
	out := DashAction{ID: x.ID, LineID: x.LineID, Description: x.Description, DueDate: date(x.DueDate), Status: string(x.Status),
		Overdue: x.Overdue(today), PlanID: planID, Quarter: q}
	if e := c.Employees[x.OwnerID]; e != nil {
		p := personOut(*e)
		out.Owner = &p
	}
	return out
}

func dashNKO(v service.NKOView, rs *calc.RuleSet) DashNKO {
	out := DashNKO{Quarter: v.Quarter, Official: v.Official, Provisional: v.Provisional, Perspectives: []DashPerspectiveValue{}, Objectives: []DashObjectiveValue{}}
	if !v.Available() {
		return out
	}
	out.Value, out.Predicate, out.Status = dashRound(calc.Some(v.Result.NKO)), v.Result.Predicate, string(v.Status)
	for _, p := range v.Result.Perspectives {
		out.Perspectives = append(out.Perspectives, DashPerspectiveValue{Name: p.Name, Weight: p.Weight, Value: dashRound(p.Value), Status: string(rs.StatusOf(p.Value))})
	}
	for _, o := range v.Objectives {
		out.Objectives = append(out.Objectives, DashObjectiveValue{ID: o.Objective.ID, Code: o.Objective.Code, Name: o.Objective.Name,
			Perspective: o.Perspective.Name, Value: dashRound(o.Value), Status: string(o.Status)})
	}
	return out
}

func dashProgress(qp service.QuarterProgress) DashProgress {
	out := DashProgress{Quarter: qp.Quarter.Quarter, Deadline: date(qp.Quarter.Deadline), Ended: qp.Ended, Totals: qp.Totals, Units: []DashUnitProgress{}}
	if out.Totals == nil {
		out.Totals = map[string]int{}
	}
	if qp.Closure != nil {
		out.ClosedAt = timePtr(qp.Closure.ClosedAt)
	}
	for _, u := range qp.Units {
		out.Units = append(out.Units, DashUnitProgress{Unit: UnitRef{ID: u.Unit.ID, Name: u.Unit.Name}, People: len(u.Rows), Counts: u.Counts})
	}
	return out
}

func (a *API) dashHead(ctx context.Context, in *dashHeadIn) (*bodyOut[DashHead], error) {
	act := actorOf(ctx)
	year, err := a.dashYear(ctx, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	office, err := a.dashOffice(ctx, in.Office)
	if err != nil {
		return nil, err
	}
	d, err := a.svc.HeadDashboard(ctx, act, year, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	lang, rs, today := langOf(ctx), a.svc.DisplayRules(d.Year), a.svc.Today()
	out := DashHead{Year: d.Year.Year, Office: UnitRef{ID: d.Office.ID, Name: d.Office.Name}, Quarter: d.Quarter, HasMap: d.NKO.Map.ID != 0,
		HasPK: d.HasPK, NKO: dashNKO(d.NKO, rs), IKUs: []DashIKU{}, Attention: []int64{}, Progress: dashProgress(d.Progress)}
	for _, v := range d.Trend {
		out.Trend = append(out.Trend, dashNKO(v, rs))
	}
	for _, r := range d.IKUs {
		x := DashIKU{Line: dashLine(lang, r.Track), Objective: DashObjectiveRef{ID: r.Objective.ID, Code: r.Objective.Code, Name: r.Objective.Name},
			Actions: []DashAction{}, OverdueActions: r.Overdue}
		for _, y := range r.Actions {
			x.Actions = append(x.Actions, dashActionOut(c, y, today, d.NKO.PlanID, 0))
		}
		out.IKUs = append(out.IKUs, x)
	}
	for _, r := range d.Attention {
		out.Attention = append(out.Attention, r.Track.Line.LineID)
	}
	return &bodyOut[DashHead]{Body: out}, nil
}

// DashColumn is one of the supervisor's indicators: a column of the heat map.
type DashColumn struct {
	LineID int64  `json:"line_id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
}

// DashCell is one person's achievement on one column.
type DashCell struct {
	LineID      int64    `json:"line_id" doc:"the person's line cascaded from the column; 0 when none"`
	Code        string   `json:"code"`
	Achievement calc.Opt `json:"achievement"`
	Status      string   `json:"status" enum:"green,yellow,red,"`
}

// DashMember is one person of the team.
type DashMember struct {
	Employee    Person     `json:"employee"`
	Position    string     `json:"position"`
	PlanID      int64      `json:"plan_id" doc:"0 when the person has no plan"`
	SheetStatus string     `json:"sheet_status" doc:"the quarter's sheet: draft, returned, submitted, validated, verified, locked; or no_plan, plan_not_approved"`
	Late        bool       `json:"late"`
	Until       string     `json:"until,omitempty" format:"date" doc:"the plan's last day, for a person shown with the plan of a post they have left"`
	Cells       []DashCell `json:"cells" doc:"one per column, in column order"`
}

// DashTeam is the caller's team in a quarter.
type DashTeam struct {
	Year         int          `json:"year"`
	Quarter      int          `json:"quarter"`
	HasTeam      bool         `json:"has_team"`
	Columns      []DashColumn `json:"columns"`
	Rows         []DashMember `json:"rows"`
	NotSent      []int64      `json:"not_sent" doc:"employee IDs whose sheet is a draft or returned"`
	ToValidate   []int64      `json:"to_validate" doc:"employee IDs whose sheet waits for the caller's validation"`
	Overdue      []DashAction `json:"overdue_actions"`
	OtherColumns bool         `json:"other_columns" doc:"some team indicators descend from none of the caller's and are left out"`
}

type dashTeamIn struct {
	Year    int `query:"year" minimum:"0" maximum:"2100" doc:"the performance year; by default the one whose reporting is still open"`
	Quarter int `query:"q" minimum:"0" maximum:"4" doc:"the quarter; the latest ended one when absent"`
}

func (a *API) dashTeam(ctx context.Context, in *dashTeamIn) (*bodyOut[DashTeam], error) {
	act := actorOf(ctx)
	year, err := a.dashYear(ctx, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	tv, err := a.svc.TeamView(ctx, act, year, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := DashTeam{Year: tv.Year.Year, Quarter: tv.Quarter, HasTeam: tv.HasTeam, Columns: []DashColumn{}, Rows: []DashMember{},
		NotSent: []int64{}, ToValidate: []int64{}, Overdue: []DashAction{}, OtherColumns: tv.OtherColumn}
	for _, col := range tv.Columns {
		out.Columns = append(out.Columns, DashColumn{LineID: col.LineID, Code: col.Code, Name: col.Name})
	}
	for _, r := range tv.Rows {
		m := DashMember{Employee: personOut(r.Employee), Position: r.Position, PlanID: r.PlanID, SheetStatus: r.SheetStatus, Late: r.Late, Until: date(r.Until), Cells: []DashCell{}}
		for _, cell := range r.Cells {
			m.Cells = append(m.Cells, DashCell{LineID: cell.LineID, Code: cell.Code, Achievement: dashRound(cell.Achievement), Status: string(cell.Status)})
		}
		out.Rows = append(out.Rows, m)
	}
	for _, r := range tv.NotSent {
		out.NotSent = append(out.NotSent, r.Employee.ID)
	}
	for _, r := range tv.ToValidate {
		out.ToValidate = append(out.ToValidate, r.Employee.ID)
	}
	for _, x := range tv.Overdue {
		out.Overdue = append(out.Overdue, dashActionOut(c, x.Action, a.svc.Today(), x.PlanID, x.Quarter))
	}
	return &bodyOut[DashTeam]{Body: out}, nil
}

// DashPlanRef is the caller's plan of the year.
type DashPlanRef struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind" enum:"PK,SKP"`
	Version  int    `json:"version" doc:"the newest version's number"`
	Status   string `json:"status" enum:"draft,submitted,approved,returned" doc:"of the newest version"`
	Approved bool   `json:"approved" doc:"a version is approved; the lines are those of the newest approved one"`
}

// DashDeadline is a date the caller has to meet.
type DashDeadline struct {
	What     Message `json:"what"`
	Date     string  `json:"date" format:"date"`
	Link     string  `json:"link" doc:"the page where it is done"`
	Overdue  bool    `json:"overdue"`
	DaysLeft int     `json:"days_left" doc:"negative when overdue"`
}

// DashReturned is something sent back to the caller.
type DashReturned struct {
	What    Message    `json:"what"`
	Comment string     `json:"comment"`
	At      *time.Time `json:"at"`
	Link    string     `json:"link"`
}

// DashMe is the caller's own part of the dashboards.
type DashMe struct {
	Year      int            `json:"year"`
	Quarter   int            `json:"quarter"`
	Plan      *DashPlanRef   `json:"plan" doc:"null when the caller has no plan this year"`
	Lines     []DashLine     `json:"lines"`
	Deadlines []DashDeadline `json:"deadlines" doc:"still to meet, and overdue, soonest first"`
	Returned  []DashReturned `json:"returned"`
	Actions   []DashAction   `json:"actions"`
}

type dashMeIn struct {
	Year int `query:"year" minimum:"0" maximum:"2100" doc:"the performance year; by default the one whose reporting is still open"`
}

func (a *API) dashMe(ctx context.Context, in *dashMeIn) (*bodyOut[DashMe], error) {
	act := actorOf(ctx)
	year, err := a.dashYear(ctx, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	h, err := a.svc.MyHome(ctx, act, year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	lang := langOf(ctx)
	out := DashMe{Year: h.Year.Year, Quarter: h.Quarter, Lines: []DashLine{}, Deadlines: []DashDeadline{}, Returned: []DashReturned{}, Actions: []DashAction{}}
	if h.Plan != nil {
		out.Plan = &DashPlanRef{ID: h.Plan.ID, Kind: string(h.Plan.Kind), Version: h.Version.Number, Status: string(h.Version.Status), Approved: h.Approved}
	}
	for _, t := range h.Lines {
		out.Lines = append(out.Lines, dashLine(lang, t))
	}
	for _, d := range h.Deadlines {
		out.Deadlines = append(out.Deadlines, DashDeadline{What: msgOut(lang, d.What), Date: date(d.Date), Link: d.Link, Overdue: d.Overdue, DaysLeft: d.DaysLeft})
	}
	for _, r := range h.Returned {
		out.Returned = append(out.Returned, DashReturned{What: msgOut(lang, r.What), Comment: r.Comment, At: timePtr(r.At), Link: r.Link})
	}
	for _, x := range h.Actions {
		out.Actions = append(out.Actions, dashActionOut(c, x.Action, a.svc.Today(), x.PlanID, x.Quarter))
	}
	return &bodyOut[DashMe]{Body: out}, nil
}

// DashPlanGap is a person without an approved plan.
type DashPlanGap struct {
	Employee Person `json:"employee"`
	Position string `json:"position"`
	UnitID   int64  `json:"unit_id"`
	Status   string `json:"status" enum:"none,draft,submitted,returned" doc:"of the newest version; none when there is no plan"`
	Late     bool   `json:"late" doc:"the plan deadline has passed"`
}

// DashSheetRow is one person's sheet in the quarter.
type DashSheetRow struct {
	Employee Person `json:"employee"`
	Position string `json:"position"`
	UnitID   int64  `json:"unit_id"`
	PlanID   int64  `json:"plan_id"`
	Status   string `json:"status"`
	Late     bool   `json:"late" doc:"submitted after the deadline"`
	Overdue  bool   `json:"overdue" doc:"not submitted and the deadline has passed"`
}

// DashCorrection is a pending request to correct a locked figure.
type DashCorrection struct {
	ID          int64     `json:"id"`
	PlanID      int64     `json:"plan_id"`
	Quarter     int       `json:"quarter"`
	Owner       string    `json:"owner"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Reason      string    `json:"reason"`
	OldValue    calc.Opt  `json:"old_value"`
	NewValue    calc.Opt  `json:"new_value"`
	RequestedAt time.Time `json:"requested_at"`
}

// DashReport is a structural official's IIAA report of the quarter.
type DashReport struct {
	PlanID         int64  `json:"plan_id"`
	Employee       Person `json:"employee"`
	Position       string `json:"position"`
	Kind           string `json:"kind" enum:"PK,SKP"`
	Status         string `json:"status" enum:"none,draft,submitted,reviewed,returned" doc:"none: not started"`
	OverdueActions int    `json:"overdue_actions"`
}

// DashConsole is the pengelola kinerja's view of a quarter.
type DashConsole struct {
	Year          int              `json:"year"`
	Office        UnitRef          `json:"office"`
	Quarter       int              `json:"quarter"`
	People        int              `json:"people"`
	PlansApproved int              `json:"plans_approved"`
	PlansMissing  []DashPlanGap    `json:"plans_missing" doc:"people without an approved plan"`
	Progress      DashProgress     `json:"progress"`
	K3Low         int              `json:"k3_low" doc:"plan lines whose K3 is below 1"`
	K3Incomplete  int              `json:"k3_incomplete" doc:"plan lines whose manual lacks what K3 needs"`
	Corrections   []DashCorrection `json:"corrections"`
	LateSheets    []DashSheetRow   `json:"late_sheets" doc:"submitted late, or overdue"`
	Reports       []DashReport     `json:"reports"`
}

type dashConsoleIn struct {
	Year    int   `query:"year" minimum:"0" maximum:"2100" doc:"the performance year; by default the one whose reporting is still open"`
	Quarter int   `query:"q" minimum:"0" maximum:"4" doc:"the quarter; the latest ended one when absent"`
	Office  int64 `query:"office" minimum:"0" doc:"unit ID of the office; the caller's own when absent"`
}

func (a *API) dashConsole(ctx context.Context, in *dashConsoleIn) (*bodyOut[DashConsole], error) {
	act := actorOf(ctx)
	year, err := a.dashYear(ctx, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	office, err := a.dashOffice(ctx, in.Office)
	if err != nil {
		return nil, err
	}
	cs, err := a.svc.Console(ctx, act, year, in.Quarter, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	c, err := a.svc.OrgChart(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	person := func(id int64, name string) Person {
		if e := c.Employees[id]; e != nil {
			return personOut(*e)
		}
		return Person{ID: id, Name: name}
	}
	out := DashConsole{Year: cs.Year.Year, Office: UnitRef{ID: cs.Office.ID, Name: cs.Office.Name}, Quarter: cs.Quarter, People: cs.People,
		PlansApproved: cs.PlansApproved, PlansMissing: []DashPlanGap{}, Progress: dashProgress(cs.Progress), K3Low: cs.K3Low,
		K3Incomplete: cs.K3Incomplete, Corrections: []DashCorrection{}, LateSheets: []DashSheetRow{}, Reports: []DashReport{}}
	for _, g := range cs.PlansLate {
		out.PlansMissing = append(out.PlansMissing, DashPlanGap{Employee: person(g.EmployeeID, g.Name), Position: g.Position, UnitID: g.UnitID, Status: g.Status, Late: g.Late})
	}
	for _, r := range cs.LateSheets {
		out.LateSheets = append(out.LateSheets, DashSheetRow{Employee: person(r.EmployeeID, r.Name), Position: r.Position, UnitID: r.UnitID,
			PlanID: r.PlanID, Status: r.Status, Late: r.Late, Overdue: r.Overdue})
	}
	for _, cr := range cs.Corrections {
		out.Corrections = append(out.Corrections, DashCorrection{ID: cr.Correction.ID, PlanID: cr.PlanID, Quarter: cr.Quarter, Owner: cr.Owner,
			Code: cr.Code, Name: cr.Name, Reason: cr.Correction.Reason, OldValue: cr.Correction.OldValue, NewValue: cr.Correction.NewValue,
			RequestedAt: cr.Correction.RequestedAt.UTC()})
	}
	for _, r := range cs.Reports {
		x := DashReport{PlanID: r.PlanID, Employee: personOut(r.Employee), Position: r.Position.Title, Kind: string(r.Kind), Status: "none", OverdueActions: r.Overdue}
		if r.Report.ID != 0 {
			x.Status = string(r.Report.Status)
		}
		out.Reports = append(out.Reports, x)
	}
	return &bodyOut[DashConsole]{Body: out}, nil
}

// DashInboxItem is one thing waiting for the caller.
type DashInboxItem struct {
	Kind     string     `json:"kind" enum:"plan_approve,plan_new,sheet_validate,sheet_verify,report_review,correction,assess,action_due,returned"`
	What     Message    `json:"what"`
	Link     string     `json:"link" doc:"the page where it is done"`
	Since    *time.Time `json:"since" doc:"when it started waiting"`
	Deadline string     `json:"deadline,omitempty" format:"date"`
	Overdue  bool       `json:"overdue"`
}

// DashInbox is everything waiting for the caller.
type DashInbox struct {
	Items               []DashInboxItem `json:"items"`
	Total               int             `json:"total" doc:"items on all pages, not only this one"`
	Limit               int             `json:"limit" doc:"the page size asked for"`
	Offset              int             `json:"offset" doc:"the position of the first item of this page"`
	Overdue             int             `json:"overdue"`
	UnreadNotifications int             `json:"unread_notifications"`
}

type inboxIn struct {
	Paging
}

func (a *API) inbox(ctx context.Context, in *inboxIn) (*bodyOut[DashInbox], error) {
	act := actorOf(ctx)
	items, err := a.svc.Inbox(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	unread, err := a.svc.UnreadNotifications(ctx, act)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	lang := langOf(ctx)
	all := []DashInboxItem{}
	out := DashInbox{UnreadNotifications: unread}
	for _, it := range items {
		all = append(all, DashInboxItem{Kind: string(it.Kind), What: msgOut(lang, it.What), Link: it.Link, Since: timePtr(it.Since),
			Deadline: date(it.Deadline), Overdue: it.Overdue})
		if it.Overdue {
			out.Overdue++
		}
	}
	p := page(all, in.Paging)
	out.Items, out.Total, out.Limit, out.Offset = p.Body.Items, p.Body.Total, p.Body.Limit, p.Body.Offset
	return &bodyOut[DashInbox]{Body: out}, nil
}

package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// ReportFigures are a target, realisation and achievement with the status colour.
type ReportFigures struct {
	Target      *float64 `json:"target" doc:"null when the period has no target"`
	Realisation *float64 `json:"realisation" doc:"null when not reported"`
	Achievement *float64 `json:"achievement" doc:"index of achievement, rounded to 2 decimals as shown everywhere; null when undefined"`
	Status      string   `json:"status" enum:"green,yellow,red," doc:"empty when there is no achievement"`
}

// ReportAction is one step of an action plan.
type ReportAction struct {
	ID          int64  `json:"id"`
	LineID      int64  `json:"line_id"`
	Description string `json:"description"`
	OwnerID     int64  `json:"owner_id"`
	DueDate     string `json:"due_date" format:"date"`
	Status      string `json:"status" enum:"open,in_progress,done,dropped"`
	StatusNote  string `json:"status_note"`
	CarriedFrom int64  `json:"carried_from,omitempty" doc:"the action of last quarter's report this one continues"`
	NeedsUpdate bool   `json:"needs_update" doc:"carried in and not yet updated: blocks submission"`
	CarriedOn   bool   `json:"carried_on" doc:"continued in the next quarter's report"`
	Overdue     bool   `json:"overdue"`
}

// ReportLine is one indicator of a report with its IIAA analysis.
type ReportLine struct {
	LineID        int64          `json:"line_id"`
	Code          string         `json:"code"`
	Name          string         `json:"name"`
	Unit          string         `json:"unit"`
	ToDate        ReportFigures  `json:"to_date" doc:"official figures consolidated from Q1 to the quarter"`
	Quarter       ReportFigures  `json:"quarter" doc:"the quarter's own figures"`
	Required      bool           `json:"required" doc:"IIAA required: achievement below the threshold, or not reported"`
	Issue         string         `json:"issue"`
	Implication   string         `json:"implication"`
	AccountableID int64          `json:"accountable_id,omitempty"`
	Supporting    string         `json:"supporting"`
	Actions       []ReportAction `json:"actions"`
	Evidence      []Document     `json:"evidence" doc:"documents behind the realisation, replaced ones included"`
}

// ReportPerms says what the caller may do with a report.
type ReportPerms struct {
	Open   bool `json:"open" doc:"the caller may start it: their own report, not started yet, of a quarter that has begun"`
	Edit   bool `json:"edit"`
	Submit bool `json:"submit"`
	Review bool `json:"review"`
	Return bool `json:"return"`
}

// Report is a structural official's quarterly achievement report (LCK).
type Report struct {
	PlanID        int64        `json:"plan_id"`
	Year          int          `json:"year"`
	Quarter       int          `json:"quarter"`
	EmployeeID    int64        `json:"employee_id"`
	Name          string       `json:"name"`
	NIP           string       `json:"nip"`
	Position      string       `json:"position"`
	Unit          string       `json:"unit"`
	Kind          string       `json:"kind" enum:"PK,SKP"`
	Status        string       `json:"status" enum:"not_started,draft,submitted,reviewed,returned"`
	Revision      int          `json:"revision" doc:"send it back with changes; a stale one is refused with 409"`
	SubmittedAt   string       `json:"submitted_at,omitempty" format:"date-time"`
	ReviewedAt    string       `json:"reviewed_at,omitempty" format:"date-time"`
	ReviewerName  string       `json:"reviewer_name,omitempty"`
	ReviewerNIP   string       `json:"reviewer_nip,omitempty"`
	ReturnComment string       `json:"return_comment,omitempty"`
	SheetStatus   string       `json:"sheet_status" doc:"state of the quarter's realisation behind the figures"`
	Frozen        bool         `json:"frozen" doc:"figures as they were when the report was reviewed"`
	Threshold     float64      `json:"threshold" doc:"IIAA is required below this achievement"`
	Lines         []ReportLine `json:"lines"`
	Missing       []string     `json:"missing" doc:"what blocks submission, in the requested language"`
	Permissions   ReportPerms  `json:"permissions"`
	NKO           *NKO         `json:"nko,omitempty" doc:"the office score, on the head's report"`
}

// NKOPerspective is one perspective of the office score.
type NKOPerspective struct {
	Name   string   `json:"name"`
	Weight float64  `json:"weight"`
	Value  *float64 `json:"value"`
	Status string   `json:"status" enum:"green,yellow,red,"`
}

// NKOIKU is one IKU with its to-date figures.
type NKOIKU struct {
	LineID int64    `json:"line_id"`
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Weight *float64 `json:"weight"`
	ReportFigures
}

// NKOObjective is a strategic objective with its value and IKUs.
type NKOObjective struct {
	ID          int64    `json:"id"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Perspective string   `json:"perspective"`
	Value       *float64 `json:"value"`
	Status      string   `json:"status" enum:"green,yellow,red,"`
	IKUs        []NKOIKU `json:"ikus"`
}

// NKO is the office score of a quarter with how it was made.
type NKO struct {
	Year         int              `json:"year"`
	Quarter      int              `json:"quarter"`
	OfficeID     int64            `json:"office_id"`
	Office       string           `json:"office"`
	Official     bool             `json:"official" doc:"computed from the verified figures of the PK"`
	Provisional  bool             `json:"provisional" doc:"computed from figures not yet verified"`
	NKO          *float64         `json:"nko" doc:"rounded to 2 decimals; null when it cannot be computed yet"`
	Predicate    string           `json:"predicate"`
	Status       string           `json:"status" enum:"green,yellow,red,"`
	RuleSet      string           `json:"rule_set"`
	Perspectives []NKOPerspective `json:"perspectives"`
	Objectives   []NKOObjective   `json:"objectives"`
	Explanation  []string         `json:"explanation" doc:"the derivation, step by step, in the requested language"`
	FrozenAt     *time.Time       `json:"frozen_at" doc:"when the score of a closed quarter was frozen; later changes to the map, weights or manuals do not move it"`
	Corrections  []NKOCorrection  `json:"corrections" doc:"approved corrections that changed the frozen score, oldest first"`
}

// NKOCorrection is an approved correction that changed a closed quarter's score.
type NKOCorrection struct {
	CorrectionID int64     `json:"correction_id"`
	LineID       int64     `json:"line_id"`
	Code         string    `json:"code"`
	At           time.Time `json:"at"`
	By           string    `json:"by"`
	Reason       string    `json:"reason"`
}

func (a *API) reportRoutes() {
	tags := []string{"Reports"}
	read := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	change := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "get-report", Method: http.MethodGet, Path: "/reports/{year}/{quarter}/{employee}",
		Summary: "The quarterly IIAA report of a structural official", Tags: tags,
		Description: "Every indicator with a target in the quarter with its to-date and quarter figures, whether IIAA is required, the " +
			"analysis and action plan written, the documents behind the figures, what blocks submission and what the caller may do. " +
			"`status` is not_started until the official opens it.",
		Errors: read}, a.getReport)
	register(a, huma.Operation{OperationID: "put-report", Method: http.MethodPut, Path: "/reports/{year}/{quarter}/{employee}",
		Summary: "Write the IIAA analysis and the action plan", Tags: tags,
		Description: "Items and actions are applied in order, items first; the first refused one stops the request with 422 naming its field, " +
			"and the ones before it stay saved. The report is started if it was not. A stale `revision` is refused with 409; items and " +
			"actions sent as they are stored change nothing (a retry answers 200 with the same revision).",
		Errors: change}, a.putReport)
	for _, step := range []string{"submit", "review", "return"} {
		register(a, huma.Operation{OperationID: step + "-report", Method: http.MethodPost, Path: "/reports/{year}/{quarter}/{employee}/" + step,
			Summary: map[string]string{"submit": "Submit the report for review", "review": "Mark a submitted report reviewed",
				"return": "Return a submitted report with a comment"}[step], Tags: tags,
			Description: map[string]string{
				"submit": "The official submits once every required IIAA is written and every carried action updated (409 says what is missing).",
				"review": "The head of the office reviews a submitted report (the pengelola kinerja the head's own); its figures are frozen.",
				"return": "Whoever may review it returns it to the official with a comment saying what to change.",
			}[step] + " A stale `revision` is refused with 409.",
			Errors: change}, a.reportStep(step))
	}
	register(a, huma.Operation{OperationID: "get-report-pdf", Method: http.MethodGet, Path: "/reports/{year}/{quarter}/{employee}/pdf",
		Summary: "The report as a printable PDF", Tags: []string{"Reports", "Documents"},
		Description: "The LCK with its IIAA sections, the evidence index with SHA-256 and the signature block, as the web page prints it.",
		Responses:   binaryResponse("application/pdf", "The PDF"), Errors: read}, a.reportPDF)
	register(a, huma.Operation{OperationID: "get-nko", Method: http.MethodGet, Path: "/years/{year}/quarters/{quarter}/nko",
		Summary: "The office score (NKO) of a quarter", Tags: tags,
		Description: "The NKO with its perspectives, objectives and IKUs and its derivation step by step; official when the PK's " +
			"figures are verified, frozen once the quarter is closed (with the corrections that changed it since).",
		Errors: read}, a.getNKO)
}

// binaryResponse documents a file answer of the given type.
func binaryResponse(contentType, what string) map[string]*huma.Response {
	return map[string]*huma.Response{"200": {Description: what,
		Headers: map[string]*huma.Param{"Content-Disposition": {Schema: &huma.Schema{Type: "string"}, Description: "attachment with the file's name"}},
		Content: map[string]*huma.MediaType{contentType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
}

type reportIn struct {
	Year     int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter  int   `path:"quarter" minimum:"1" maximum:"4"`
	Employee int64 `path:"employee" doc:"the official's employee ID"`
}

func (a *API) reportPlan(ctx context.Context, in reportIn) (int64, error) {
	p, err := a.svc.ReportPlan(ctx, actorOf(ctx), in.Year, in.Employee)
	return p.ID, err
}

func (a *API) getReport(ctx context.Context, in *reportIn) (*bodyOut[Report], error) {
	planID, err := a.reportPlan(ctx, *in)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.reportOut(ctx, planID, in.Quarter)
}

func (a *API) reportOut(ctx context.Context, planID int64, q int) (*bodyOut[Report], error) {
	v, err := a.svc.GetReport(ctx, actorOf(ctx), planID, q)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Report]{Body: a.reportOf(v, langOf(ctx), a.svc.Today())}, nil
}

// ItemIn is the IIAA analysis of one indicator.
type ItemIn struct {
	LineID        int64  `json:"line_id"`
	Issue         string `json:"issue" required:"false" maxLength:"8000"`
	Implication   string `json:"implication" required:"false" maxLength:"8000"`
	AccountableID int64  `json:"accountable_id,omitempty" doc:"the person in charge, an employee of the office"`
	Supporting    string `json:"supporting" required:"false" maxLength:"1000"`
}

// ActionIn is an action-plan item: a new one without id.
type ActionIn struct {
	ID          int64  `json:"id,omitempty"`
	LineID      int64  `json:"line_id,omitempty" doc:"the indicator of a new action"`
	Description string `json:"description" required:"false" maxLength:"2000"`
	OwnerID     int64  `json:"owner_id,omitempty" doc:"an employee of the office"`
	DueDate     string `json:"due_date" required:"false" format:"date" doc:"yyyy-mm-dd"`
	Status      string `json:"status" required:"false" enum:"open,in_progress,done,dropped," doc:"default open"`
	StatusNote  string `json:"status_note" required:"false" maxLength:"2000" doc:"required when dropped"`
}

type reportPutIn struct {
	Year     int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter  int   `path:"quarter" minimum:"1" maximum:"4"`
	Employee int64 `path:"employee" doc:"the official's employee ID"`
	Body     struct {
		Revision int        `json:"revision" doc:"the revision the changes were made on"`
		Items    []ItemIn   `json:"items,omitempty"`
		Actions  []ActionIn `json:"actions,omitempty"`
	}
}

func (a *API) putReport(ctx context.Context, in *reportPutIn) (*bodyOut[Report], error) {
	act := actorOf(ctx)
	planID, err := a.reportPlan(ctx, reportIn{in.Year, in.Quarter, in.Employee})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if _, err := a.svc.OpenReport(ctx, act, planID, in.Quarter); err != nil {
		return nil, a.fail(ctx, err)
	}
	if err := a.svc.CheckReportEdit(ctx, act, planID, in.Quarter); err != nil {
		return nil, a.fail(ctx, err)
	}
	// Each saved change bumps the revision by one.
	rev := in.Body.Revision
	for i, it := range in.Body.Items {
		_, changed, err := a.svc.SaveItemChanged(ctx, act, planID, in.Quarter, rev, service.ItemInput{LineID: it.LineID, Issue: it.Issue,
			Implication: it.Implication, AccountableID: it.AccountableID, Supporting: it.Supporting})
		if err != nil {
			return nil, a.fail(ctx, atField(err, fmt.Sprintf("items[%d]", i), "line_id"))
		}
		if changed {
			rev++
		}
	}
	for i, x := range in.Body.Actions {
		path := fmt.Sprintf("actions[%d]", i)
		var due time.Time
		if x.DueDate != "" {
			if due, err = time.Parse("2006-01-02", x.DueDate); err != nil {
				return nil, a.fail(ctx, domain.Invalid(path+".due_date", "err.date"))
			}
		}
		_, changed, err := a.svc.SaveActionChanged(ctx, act, planID, in.Quarter, rev, service.ActionInput{ID: x.ID, LineID: x.LineID, Description: x.Description,
			OwnerID: x.OwnerID, DueDate: due, Status: domain.ActionStatus(x.Status), StatusNote: x.StatusNote})
		if err != nil {
			missing := "line_id"
			if x.ID != 0 {
				missing = "id"
			}
			return nil, a.fail(ctx, atField(err, path, missing))
		}
		if changed {
			rev++
		}
	}
	return a.reportOut(ctx, planID, in.Quarter)
}

// atField places the errors of one element of a request body at their path
// (items[2].issue); an unknown indicator or action becomes an error of the
// field that named it.
func atField(err error, path, idField string) error {
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve):
		out := &domain.ValidationError{}
		for _, f := range ve.Order() {
			out.Add(path+"."+f, ve.Fields[f])
		}
		return out
	case errors.Is(err, domain.ErrNotFound):
		return domain.Invalid(path+"."+idField, "err.not_found")
	}
	return err
}

type reportStepIn struct {
	Year     int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter  int   `path:"quarter" minimum:"1" maximum:"4"`
	Employee int64 `path:"employee" doc:"the official's employee ID"`
	Body     struct {
		Revision int    `json:"revision"`
		Comment  string `json:"comment,omitempty" doc:"why the report is returned (return only; required there)"`
	}
}

func (a *API) reportStep(step string) func(context.Context, *reportStepIn) (*bodyOut[Report], error) {
	return func(ctx context.Context, in *reportStepIn) (*bodyOut[Report], error) {
		act := actorOf(ctx)
		planID, err := a.reportPlan(ctx, reportIn{in.Year, in.Quarter, in.Employee})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		switch step {
		case "submit":
			_, err = a.svc.SubmitReport(ctx, act, planID, in.Quarter, in.Body.Revision)
		case "review":
			_, err = a.svc.ReviewReport(ctx, act, planID, in.Quarter, in.Body.Revision)
		default:
			_, err = a.svc.ReturnReport(ctx, act, planID, in.Quarter, in.Body.Revision, in.Body.Comment)
		}
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.reportOut(ctx, planID, in.Quarter)
	}
}

type fileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (a *API) reportPDF(ctx context.Context, in *reportIn) (*fileOut, error) {
	planID, err := a.reportPlan(ctx, *in)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	f, err := a.svc.ReportPDF(ctx, actorOf(ctx), planID, in.Quarter)
	return a.fileAnswer(ctx, f, err)
}

type nkoIn struct {
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Office  int64 `query:"office" doc:"the office (default: the caller's own)"`
}

func (a *API) getNKO(ctx context.Context, in *nkoIn) (*bodyOut[NKO], error) {
	act := actorOf(ctx)
	office := in.Office
	if office == 0 {
		c, err := a.svc.OrgChart(ctx, act)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if office = c.EmployeeOffice(act.EmployeeID()); office == 0 {
			return nil, a.fail(ctx, domain.Invalid("office", "err.required"))
		}
	}
	v, err := a.svc.NKO(ctx, act, in.Year, in.Quarter, office, true)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[NKO]{Body: a.nkoOf(v, langOf(ctx))}, nil
}

// opt turns an optional figure into JSON null or a number; achievements
// and scores are rounded as everywhere they are shown.
func opt(o calc.Opt, round bool) *float64 {
	if !o.OK {
		return nil
	}
	v := o.V
	if round {
		v = calc.Round2(v)
	}
	return &v
}

func figuresOf(f calc.Figures) ReportFigures {
	return ReportFigures{Target: opt(f.Target, false), Realisation: opt(f.Realisation, false), Achievement: opt(f.Achievement, true), Status: string(f.Status)}
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (a *API) reportOf(v service.ReportView, lang string, today time.Time) Report {
	r := Report{PlanID: v.Plan.ID, Year: v.Year.Year, Quarter: v.Quarter, EmployeeID: v.Employee.ID, Name: v.Employee.Name, NIP: v.Employee.NIP,
		Position: v.Position.Title, Unit: v.Unit.Name, Kind: string(v.Plan.Kind), Status: "not_started", Revision: v.Report.Revision,
		SubmittedAt: timestamp(v.Report.SubmittedAt), ReviewedAt: timestamp(v.Report.ReviewedAt), ReviewerName: v.Report.ReviewerName,
		ReviewerNIP: v.Report.ReviewerNIP, ReturnComment: v.Report.ReturnComment, SheetStatus: string(v.SheetStatus), Frozen: v.Frozen,
		Threshold: v.Threshold, Lines: []ReportLine{}, Missing: []string{},
		Permissions: ReportPerms{Open: v.Perm.Open, Edit: v.Perm.Edit, Submit: v.Perm.Submit, Review: v.Perm.Review, Return: v.Perm.Return}}
	if v.Report.ID != 0 {
		r.Status = string(v.Report.Status)
	}
	for _, row := range v.Rows {
		l := ReportLine{LineID: row.Line.LineID, Code: row.Line.Code, Name: row.Line.Name, Unit: row.Line.Unit,
			ToDate: figuresOf(row.Figures.ToDate), Quarter: figuresOf(row.Figures.Own), Required: row.Required,
			Issue: row.Item.Issue, Implication: row.Item.Implication, AccountableID: row.Item.AccountableID, Supporting: row.Item.Supporting,
			Actions: []ReportAction{}, Evidence: []Document{}}
		for _, x := range row.Actions {
			l.Actions = append(l.Actions, ReportAction{ID: x.ID, LineID: x.LineID, Description: x.Description, OwnerID: x.OwnerID,
				DueDate: date(x.DueDate), Status: string(x.Status), StatusNote: x.StatusNote, CarriedFrom: x.CarriedFrom,
				NeedsUpdate: x.NeedsUpdate, CarriedOn: v.CarriedOn[x.ID], Overdue: x.Overdue(today) && !v.CarriedOn[x.ID]})
		}
		for _, e := range row.Evidence {
			l.Evidence = append(l.Evidence, documentOut(e))
		}
		r.Lines = append(r.Lines, l)
	}
	for _, m := range v.Missing {
		r.Missing = append(r.Missing, i18n.Text(lang, m.Key, m.Args, m.Texts))
	}
	if v.NKO != nil {
		n := a.nkoOf(*v.NKO, lang)
		r.NKO = &n
	}
	return r
}

func (a *API) nkoOf(v service.NKOView, lang string) NKO {
	n := NKO{Year: v.Year.Year, Quarter: v.Quarter, OfficeID: v.Office.ID, Office: v.Office.Name, Official: v.Official, Provisional: v.Provisional,
		Status: string(v.Status), RuleSet: v.Year.RuleSet, Perspectives: []NKOPerspective{}, Objectives: []NKOObjective{}, Explanation: []string{},
		Corrections: []NKOCorrection{}}
	if f := v.Frozen; f != nil {
		at := f.FrozenAt
		n.FrozenAt = &at
		for _, c := range f.Corrections {
			n.Corrections = append(n.Corrections, NKOCorrection{CorrectionID: c.CorrectionID, LineID: c.LineID, Code: c.Code, At: c.At, By: c.By, Reason: c.Reason})
		}
	}
	if v.Available() {
		n.NKO, n.Predicate, n.RuleSet = opt(calc.Some(v.Result.NKO), true), v.Result.Predicate, v.Result.RuleSet
	}
	rs := a.svc.DisplayRules(v.Year)
	for _, p := range v.Result.Perspectives {
		np := NKOPerspective{Name: p.Name, Weight: p.Weight, Value: opt(p.Value, true)}
		if rs != nil {
			np.Status = string(rs.StatusOf(p.Value))
		}
		n.Perspectives = append(n.Perspectives, np)
	}
	for _, o := range v.Objectives {
		no := NKOObjective{ID: o.Objective.ID, Code: o.Objective.Code, Name: o.Objective.Name, Perspective: o.Perspective.Name,
			Value: opt(o.Value, true), Status: string(o.Status), IKUs: []NKOIKU{}}
		for _, k := range o.IKUs {
			no.IKUs = append(no.IKUs, NKOIKU{LineID: k.LineID, Code: k.Code, Name: k.Name, Weight: opt(k.Weight, false),
				ReportFigures: ReportFigures{Target: opt(k.Target, false), Realisation: opt(k.Realisation, false), Achievement: opt(k.Achievement, true), Status: string(k.Status)}})
		}
		n.Objectives = append(n.Objectives, no)
	}
	for _, st := range v.Result.Steps {
		n.Explanation = append(n.Explanation, st.Text(lang))
	}
	return n
}

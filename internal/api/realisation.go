package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// realRoutes registers the quarterly realisation: sheets, values and raw
// data, evidence, the workflow, corrections, and the quarter's progress and
// closing.
func (a *API) realRoutes() {
	tags := []string{"Realisation"}
	read := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict}
	change := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "get-sheet", Method: http.MethodGet, Path: "/plans/{id}/quarters/{q}",
		Summary: "A plan's realisation for one quarter", Tags: tags,
		Description: "Every line of the approved version whose targets apply, with the value, note and raw data reported, " +
			"the quarter's own and to-date figures with their explanation (in the language of Accept-Language), the documents, " +
			"what is still missing before submitting, the corrections, and what the caller may do. Verified and locked sheets " +
			"show the figures frozen at verification. 409 while the plan has no approved version.",
		Errors: read}, a.getSheet)
	register(a, huma.Operation{OperationID: "save-realisation", Method: http.MethodPut, Path: "/plans/{id}/lines/{line}/quarters/{q}",
		Summary: "Report the value of one line for a quarter", Tags: tags,
		Description: "The owner reports while the sheet is a draft or returned. `value` null clears it; a line without a target " +
			"in the quarter takes no value. Raw-data rows named pembilang and penyebut make a ratio the sheet recomputes and " +
			"compares with the value. Numbers beyond ±10^15, and raw data whose ratio or sum is, are refused. A value that looks " +
			"implausible (above 100 for a % indicator, more than 10 times the quarter's target) is refused with 422 at " +
			"`confirm_implausible` until it is sent again with `confirm_implausible: true`. A stale `revision` is refused with " +
			"409 and nothing is saved.",
		Errors: change}, a.saveRealisation)
	register(a, huma.Operation{OperationID: "add-evidence", Method: http.MethodPost, Path: "/plans/{id}/quarters/{q}/evidence",
		Summary: "Add a document to a line", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "A file (PDF, PNG, JPEG, XLSX, CSV, DOCX or ZIP, checked by its content, within the size limit), a link " +
			"or a short text. Replacing an earlier document needs a reason; the old one is kept. The owner adds documents " +
			"while the sheet is editable, the pengelola kinerja adds verification documents while verifying. `Location` is the file's " +
			"download address.",
		Errors: change}, a.addEvidence)
	register(a, huma.Operation{OperationID: "download-evidence", Method: http.MethodGet, Path: "/evidence/{id}",
		Summary: "Download an evidence file", Tags: tags,
		Description: "Always as an attachment under its safe name, with the type detected at upload, its SHA-256 as ETag and " +
			"Digest, and never cached by shared caches. Links and texts have no file (404).",
		Responses: map[string]*huma.Response{"200": {Description: "The file",
			Headers: map[string]*huma.Param{
				"Content-Disposition": {Schema: &huma.Schema{Type: "string"}, Description: "attachment with filename*=UTF-8''…"},
				"ETag":                {Schema: &huma.Schema{Type: "string"}, Description: "the SHA-256 in hex, quoted"},
				"Digest":              {Schema: &huma.Schema{Type: "string"}, Description: "sha-256=<base64>"},
			},
			Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}},
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.downloadEvidence)

	flow := func(id, path, summary, doc string, h func(context.Context, *flowIn) (*bodyOut[SheetState], error)) {
		register(a, huma.Operation{OperationID: id, Method: http.MethodPost, Path: "/plans/{id}/quarters/{q}/" + path,
			Summary: summary, Description: doc, Tags: tags, Errors: change}, h)
	}
	flow("submit-sheet", "submit", "Submit a quarter for validation",
		"The owner submits once every line with a target has a value and the documents its manual requires (422 lists what is "+
			"missing). After the deadline the sheet is accepted and marked late.", a.submitSheet)
	flow("validate-sheet", "validate", "Validate a submitted quarter",
		"The owner's supervisor (acting ones included); for the head's PK the pengelola kinerja.", a.validateSheet)
	flow("verify-sheet", "verify", "Verify a validated quarter",
		"The pengelola kinerja checks every line with a target (`checks`, each `ok`); the figures, the rule set, the targets and "+
			"the documents' SHA-256 are frozen. After the quarter is closed the sheet is locked at once.", a.verifySheet)
	flow("return-sheet", "return", "Return a submitted or validated quarter",
		"To its owner with a comment, by whoever may validate (submitted) or verify (validated) it.", a.returnSheet)

	register(a, huma.Operation{OperationID: "request-correction", Method: http.MethodPost, Path: "/plans/{id}/lines/{line}/quarters/{q}/corrections",
		Summary: "Ask to change a verified or locked value", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "By the owner or the pengelola kinerja, with a reason; decided by a pengelola kinerja other than the one who asked. " +
			"A value that looks implausible needs `confirm_implausible: true`, as when reporting. `Location` is the sheet, which lists " +
			"the corrections.",
		Errors: change}, a.requestCorrection)
	register(a, huma.Operation{OperationID: "decide-correction", Method: http.MethodPost, Path: "/corrections/{id}/decide",
		Summary: "Approve or reject a correction", Tags: tags,
		Description: "An approval changes the value and recomputes the frozen figure; both values stay in the correction and the " +
			"audit log. A rejection needs a comment. Nobody decides their own request.",
		Errors: change}, a.decideCorrection)
	register(a, huma.Operation{OperationID: "quarter-progress", Method: http.MethodGet, Path: "/years/{year}/quarters/{q}/progress",
		Summary: "Who has reported a quarter, per unit", Tags: tags,
		Description: "For the pengelola kinerja, the head and readers of the office (default: the caller's office): every person's " +
			"state with late and overdue flags, counts per unit and in total, and the closure once the quarter is closed.",
		Errors: read}, a.quarterProgress)
	register(a, huma.Operation{OperationID: "close-quarter", Method: http.MethodPost, Path: "/years/{year}/quarters/{q}/close",
		Summary: "Close a quarter for an office", Tags: tags,
		Description: "Once the quarter has ended, the pengelola kinerja locks every verified sheet and records the closure; the " +
			"answer lists the people whose sheet was not verified, for follow-up.",
		Errors: change}, a.closeQuarter)
}

// Figures are one period's numbers of a line.
type Figures struct {
	Target             *float64 `json:"target"`
	Realisation        *float64 `json:"realisation"`
	Achievement        *float64 `json:"achievement" doc:"unrounded; null when it cannot be computed yet"`
	AchievementRounded *float64 `json:"achievement_rounded" doc:"as shown: 2 decimals, half away from zero"`
	Status             string   `json:"status" enum:"green,yellow,red," doc:"empty when there is no achievement"`
}

func optPtr(o calc.Opt) *float64 {
	if !o.OK {
		return nil
	}
	v := o.V
	return &v
}

func figuresOut(f calc.Figures) Figures {
	out := Figures{Target: optPtr(f.Target), Realisation: optPtr(f.Realisation), Achievement: optPtr(f.Achievement), Status: string(f.Status)}
	if f.Achievement.OK {
		r := calc.Round2(f.Achievement.V)
		out.AchievementRounded = &r
	}
	return out
}

// Step is one line of the explanation of a figure.
type Step struct {
	Label string `json:"label,omitempty" doc:"the figure it explains (e.g. \"s.d. TW III\"); absent for general steps and frozen texts"`
	Text  string `json:"text"`
}

// RawRow is one component of the formula behind a value.
type RawRow struct {
	Name  string  `json:"name" example:"pembilang"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty" required:"false"`
}

// Document is a document attached to a line: a file, a link or a text.
type Document struct {
	ID            string    `json:"id"`
	Kind          string    `json:"kind" enum:"raw_data,supporting,verification"`
	Form          string    `json:"form" enum:"file,link,text"`
	Filename      string    `json:"filename,omitempty"`
	Size          int64     `json:"size,omitempty"`
	MIME          string    `json:"mime,omitempty" doc:"detected from the content"`
	SHA256        string    `json:"sha256,omitempty"`
	Download      string    `json:"download,omitempty" doc:"API path of the file"`
	URL           string    `json:"url,omitempty"`
	Body          string    `json:"body,omitempty"`
	UploadedAt    time.Time `json:"uploaded_at"`
	UploadedBy    int64     `json:"uploaded_by" doc:"user ID"`
	SupersededBy  string    `json:"superseded_by,omitempty" doc:"the document that replaced this one"`
	ReplaceReason string    `json:"replace_reason,omitempty" doc:"why this one replaced an earlier one"`
	Current       bool      `json:"current" doc:"false when replaced by a newer document"`
}

func documentOut(e domain.Evidence) Document {
	d := Document{ID: e.ID, Kind: e.Kind, Form: e.Form, Filename: e.Filename, Size: e.Size, MIME: e.MIME, SHA256: e.SHA256,
		URL: e.URL, Body: e.Body, UploadedAt: e.UploadedAt.UTC(), UploadedBy: e.UploadedBy, SupersededBy: e.SupersededBy, ReplaceReason: e.ReplaceReason,
		Current: e.Current()}
	if e.Form == domain.FormFile {
		d.Download = Prefix + "/evidence/" + e.ID
	}
	return d
}

// RequiredDocument is a document the manual asks for, with whether the line has one.
type RequiredDocument struct {
	Kind      string `json:"kind" enum:"raw_data,supporting,verification"`
	Name      string `json:"name"`
	Satisfied bool   `json:"satisfied"`
}

// SheetLine is one line of a quarter sheet.
type SheetLine struct {
	LineID       int64              `json:"line_id"`
	Kind         string             `json:"kind" enum:"IKU,IKI"`
	Code         string             `json:"code"`
	Name         string             `json:"name"`
	Unit         string             `json:"unit"`
	HasTarget    bool               `json:"has_target" doc:"false: the line takes no value this quarter"`
	Value        *float64           `json:"value"`
	Note         string             `json:"note"`
	Raw          []RawRow           `json:"raw"`
	RawComputed  *float64           `json:"raw_computed" doc:"the value recomputed from the raw data, when it makes a ratio or a sum"`
	RawMismatch  bool               `json:"raw_mismatch" doc:"the value differs from raw_computed"`
	Implausible  *Message           `json:"implausible,omitempty" doc:"why the value looks implausible against the quarter's target (SPEC §12): saved only with confirm_implausible, shown to the reviewers"`
	Quarter      Figures            `json:"quarter" doc:"the quarter alone"`
	ToDate       Figures            `json:"to_date" doc:"the official figure s.d. TW q"`
	Frozen       bool               `json:"frozen" doc:"the figures were frozen at verification"`
	Explanation  []Step             `json:"explanation"`
	Documents    []Document         `json:"documents"`
	Required     []RequiredDocument `json:"required"`
	CheckOK      *bool              `json:"check_ok" doc:"the verifier's mark"`
	CheckComment string             `json:"check_comment,omitempty"`
	ByLocation   bool               `json:"by_location" doc:"the value is consolidated from the offices below (sources); it takes no typed value"`
	Sources      []LocationSource   `json:"sources,omitempty" doc:"the offices below behind a line consolidated by location"`
}

// LocationSource is one lower office's figure behind a consolidated line.
type LocationSource struct {
	OfficeID int64    `json:"office_id"`
	Office   string   `json:"office"`
	LineID   int64    `json:"line_id" doc:"the lower office's IKU cascaded from this line"`
	Code     string   `json:"code"`
	Value    *float64 `json:"value" doc:"its quarter realisation"`
	State    string   `json:"state" enum:"none,draft,submitted,validated,verified,locked,returned" doc:"the lower sheet's status; none without a sheet"`
	Counted  bool     `json:"counted" doc:"verified, so part of the consolidated value"`
}

// SheetPermissions say what the caller may do with a sheet.
type SheetPermissions struct {
	Edit               bool `json:"edit"`
	Submit             bool `json:"submit"`
	Validate           bool `json:"validate"`
	Verify             bool `json:"verify"`
	Return             bool `json:"return"`
	AddVerificationDoc bool `json:"add_verification_document"`
	RequestCorrection  bool `json:"request_correction"`
	DecideCorrection   bool `json:"decide_correction"`
}

// Correction is a request to change a verified or locked value.
type Correction struct {
	ID              int64      `json:"id"`
	RealisationID   int64      `json:"realisation_id"`
	Status          string     `json:"status" enum:"pending,approved,rejected"`
	Reason          string     `json:"reason"`
	OldValue        *float64   `json:"old_value"`
	NewValue        *float64   `json:"new_value"`
	OldNote         string     `json:"old_note"`
	NewNote         string     `json:"new_note"`
	RequestedAt     time.Time  `json:"requested_at"`
	RequestedBy     int64      `json:"requested_by" doc:"user ID"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	DecidedBy       int64      `json:"decided_by,omitempty"`
	DecisionComment string     `json:"decision_comment,omitempty"`
}

func correctionOut(c domain.Correction) Correction {
	return Correction{ID: c.ID, RealisationID: c.RealisationID, Status: string(c.Status), Reason: c.Reason, OldValue: optPtr(c.OldValue),
		NewValue: optPtr(c.NewValue), OldNote: c.OldNote, NewNote: c.NewNote, RequestedAt: c.RequestedAt.UTC(), RequestedBy: c.RequestedBy,
		DecidedAt: timePtr(c.DecidedAt), DecidedBy: c.DecidedBy, DecisionComment: c.DecisionComment}
}

// SheetState is the workflow state of a quarter sheet.
type SheetState struct {
	PlanID        int64      `json:"plan_id"`
	Quarter       int        `json:"quarter"`
	Status        string     `json:"status" enum:"draft,returned,submitted,validated,verified,locked"`
	Revision      int        `json:"revision" doc:"send it with every change; a stale one is refused with 409"`
	Late          bool       `json:"late" doc:"submitted after the deadline"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	ValidatedAt   *time.Time `json:"validated_at,omitempty"`
	VerifiedAt    *time.Time `json:"verified_at,omitempty"`
	LockedAt      *time.Time `json:"locked_at,omitempty"`
	ReturnedAt    *time.Time `json:"returned_at,omitempty"`
	ReturnStage   string     `json:"return_stage,omitempty" enum:"validation,verification,"`
	ReturnComment string     `json:"return_comment,omitempty"`
}

func sheetStateOut(sh domain.Sheet) SheetState {
	return SheetState{PlanID: sh.PlanID, Quarter: sh.Quarter, Status: string(sh.Status), Revision: sh.Revision, Late: sh.Late,
		SubmittedAt: timePtr(sh.SubmittedAt), ValidatedAt: timePtr(sh.ValidatedAt), VerifiedAt: timePtr(sh.VerifiedAt),
		LockedAt: timePtr(sh.LockedAt), ReturnedAt: timePtr(sh.ReturnedAt), ReturnStage: sh.ReturnStage, ReturnComment: sh.ReturnComment}
}

// Sheet is a plan's realisation for one quarter.
type Sheet struct {
	SheetState
	Year          int              `json:"year"`
	Kind          string           `json:"kind" enum:"PK,SKP"`
	Owner         Person           `json:"owner"`
	Position      string           `json:"position"`
	Unit          UnitRef          `json:"unit"`
	VersionID     int64            `json:"version_id" doc:"the approved plan version whose targets apply"`
	VersionNumber int              `json:"version_number"`
	Deadline      string           `json:"deadline" format:"date"`
	Overdue       bool             `json:"overdue" doc:"the deadline passed and the sheet is not submitted"`
	ClosedAt      *time.Time       `json:"closed_at,omitempty" doc:"when the office closed the quarter"`
	Lines         []SheetLine      `json:"lines"`
	Missing       []Message        `json:"missing" doc:"what submitting still needs"`
	Corrections   []Correction     `json:"corrections"`
	Permissions   SheetPermissions `json:"permissions"`
}

func sheetOut(lang string, v service.SheetView) Sheet {
	out := Sheet{SheetState: sheetStateOut(v.Sheet), Year: v.Year.Year, Kind: string(v.Plan.Kind), Owner: personOut(v.Employee),
		Position: v.Position.Title, Unit: UnitRef{ID: v.Unit.ID, Name: v.Unit.Name}, VersionID: v.Version.ID, VersionNumber: v.Version.Number,
		Deadline: date(v.Quarter.Deadline), Overdue: v.Overdue, Lines: []SheetLine{}, Missing: []Message{}, Corrections: []Correction{},
		Permissions: SheetPermissions(v.Perm)}
	out.PlanID, out.Quarter = v.Plan.ID, v.Quarter.Quarter
	if v.Closed != nil {
		out.ClosedAt = timePtr(v.Closed.ClosedAt)
	}
	for _, l := range v.Lines {
		out.Lines = append(out.Lines, sheetLineOut(lang, l))
	}
	for _, m := range v.Missing {
		out.Missing = append(out.Missing, msgOut(lang, m.What))
	}
	for _, c := range v.Corrections {
		out.Corrections = append(out.Corrections, correctionOut(c))
	}
	return out
}

func sheetLineOut(lang string, l service.SheetLine) SheetLine {
	r := l.Realisation
	out := SheetLine{LineID: l.Indicator.LineID, Kind: string(l.Indicator.Kind), Code: l.Indicator.Code, Name: l.Indicator.Name,
		Unit: l.Indicator.Unit, HasTarget: l.HasTarget, Value: optPtr(r.Value), Note: r.Note, Raw: []RawRow{},
		RawComputed: optPtr(l.Raw.Computed), RawMismatch: l.Raw.Mismatch, Quarter: figuresOut(l.Figures.Own), ToDate: figuresOut(l.Figures.ToDate),
		Frozen: l.Frozen, Explanation: []Step{}, Documents: []Document{}, Required: []RequiredDocument{}, CheckOK: r.CheckOK, CheckComment: r.CheckComment}
	for _, x := range r.Raw {
		out.Raw = append(out.Raw, RawRow(x))
	}
	if lc := l.Located; lc != nil {
		out.ByLocation, out.Sources = true, []LocationSource{}
		for _, src := range lc.Sources {
			out.Sources = append(out.Sources, LocationSource{OfficeID: src.OfficeID, Office: src.Office, LineID: src.LineID, Code: src.Code,
				Value: optPtr(src.Value), State: src.State, Counted: src.Counted})
		}
	}
	if l.Doubt != calc.DoubtNone {
		m := msgOut(lang, l.DoubtMsg)
		out.Implausible = &m
	}
	if l.Frozen && r.Frozen != nil {
		texts := r.Frozen.Explain
		if lang == "en" {
			texts = r.Frozen.ExplainEN
		}
		for _, t := range texts {
			out.Explanation = append(out.Explanation, Step{Text: t})
		}
	} else {
		for _, st := range l.Explain {
			out.Explanation = append(out.Explanation, Step{Label: st.Label(lang), Text: st.Text(lang)})
		}
	}
	for _, e := range l.Evidence {
		out.Documents = append(out.Documents, documentOut(e))
	}
	for _, q := range l.Required {
		out.Required = append(out.Required, RequiredDocument{Kind: q.Item.Kind, Name: q.Item.Name, Satisfied: q.Satisfied})
	}
	return out
}

type sheetIn struct {
	ID int64 `path:"id"`
	Q  int   `path:"q" minimum:"1" maximum:"4" doc:"quarter, 1–4"`
}

func (a *API) getSheet(ctx context.Context, in *sheetIn) (*bodyOut[Sheet], error) {
	v, err := a.svc.GetSheet(ctx, actorOf(ctx), in.ID, in.Q)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Sheet]{Body: sheetOut(langOf(ctx), v)}, nil
}

type saveRealisationIn struct {
	ID   int64 `path:"id"`
	Line int64 `path:"line"`
	Q    int   `path:"q" minimum:"1" maximum:"4"`
	Body struct {
		Revision int      `json:"revision" minimum:"0" doc:"the sheet revision read; a stale one is refused with 409"`
		Value    *float64 `json:"value" doc:"null to clear"`
		Note     string   `json:"note" required:"false" maxLength:"4000"`
		Raw      []RawRow `json:"raw" required:"false" maxItems:"20"`
		Confirm  bool     `json:"confirm_implausible" required:"false" doc:"the value looks implausible and the caller has checked that it is right"`
	}
}

func (a *API) saveRealisation(ctx context.Context, in *saveRealisationIn) (*bodyOut[SheetLine], error) {
	ri := service.RealisationInput{LineID: in.Line, Note: in.Body.Note, Confirm: in.Body.Confirm}
	if in.Body.Value != nil {
		ri.Value = calc.Some(*in.Body.Value)
	}
	for _, r := range in.Body.Raw {
		ri.Raw = append(ri.Raw, domain.RawRow(r))
	}
	v, err := a.svc.SaveRealisations(ctx, actorOf(ctx), in.ID, in.Q, in.Body.Revision, []service.RealisationInput{ri})
	if err != nil {
		// The sheet's fields are per line ("value_12"); this body holds one line.
		return nil, a.failAt(ctx, err, func(f string) string {
			name, _, _ := strings.Cut(f, "_")
			switch name {
			case "value", "note", "raw":
				return name
			case "confirm":
				return "confirm_implausible"
			}
			return f
		})
	}
	for _, l := range v.Lines {
		if l.Indicator.LineID == in.Line {
			return &bodyOut[SheetLine]{Body: sheetLineOut(langOf(ctx), l)}, nil
		}
	}
	return nil, a.fail(ctx, domain.ErrNotFound)
}

type addEvidenceIn struct {
	ID int64 `path:"id"`
	Q  int   `path:"q" minimum:"1" maximum:"4"`
	// The text's field is Text, not Body: huma skips fields named Body when
	// it reads form values, so the text never arrived.
	RawBody huma.MultipartFormFiles[struct {
		LineID   int64         `form:"line_id" doc:"the plan line"`
		Kind     string        `form:"kind" enum:"raw_data,supporting,verification"`
		File     huma.FormFile `form:"file" contentType:"application/octet-stream" required:"false" doc:"a file; or url, or body"`
		URL      string        `form:"url" required:"false" doc:"a link (http or https)"`
		Text     string        `form:"body" required:"false" doc:"a short text"`
		Replaces string        `form:"replaces" required:"false" doc:"the document this one replaces"`
		Reason   string        `form:"reason" required:"false" doc:"why it is replaced; required with replaces"`
	}]
}

func (a *API) addEvidence(ctx context.Context, in *addEvidenceIn) (*createdOut[Document], error) {
	if in.RawBody.Form != nil {
		defer in.RawBody.Form.RemoveAll()
	}
	d := in.RawBody.Data()
	ev := service.EvidenceInput{LineID: d.LineID, Kind: d.Kind, URL: d.URL, Body: d.Text, Replaces: d.Replaces, Reason: d.Reason}
	if d.File.IsSet {
		defer d.File.Close()
		ev.Reader, ev.Filename = d.File, d.File.Filename
	}
	out, err := a.svc.AddEvidence(ctx, actorOf(ctx), in.ID, in.Q, ev)
	if err != nil {
		return nil, a.failAt(ctx, err, func(f string) string {
			if f == "line" {
				return "line_id"
			}
			return f
		})
	}
	return created(documentOut(out[0]), "/evidence/%s", out[0].ID), nil
}

// storedFile streams an uploaded file with its download headers; a document
// without a file (a link or a text) has nothing to download.
func (a *API) storedFile(ctx context.Context, rc io.ReadCloser, name, mime, sha string, size int64) (*huma.StreamResponse, error) {
	if rc == nil {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer rc.Close()
		h := http.Header{}
		blob.SetDownloadHeaders(h, name, mime, sha, size)
		for k := range h {
			hc.SetHeader(k, h.Get(k))
		}
		hc.SetStatus(http.StatusOK)
		_, _ = io.Copy(hc.BodyWriter(), rc)
	}}, nil
}

type evidenceIn struct {
	ID string `path:"id" doc:"the document's ID"`
}

func (a *API) downloadEvidence(ctx context.Context, in *evidenceIn) (*huma.StreamResponse, error) {
	e, rc, err := a.svc.OpenEvidence(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.storedFile(ctx, rc, e.Filename, e.MIME, e.SHA256, e.Size)
}

// Check is the verifier's mark on one line.
type Check struct {
	LineID  int64  `json:"line_id"`
	OK      bool   `json:"ok" doc:"the value matches its evidence"`
	Comment string `json:"comment,omitempty" required:"false"`
}

type flowIn struct {
	ID   int64 `path:"id"`
	Q    int   `path:"q" minimum:"1" maximum:"4"`
	Body struct {
		Revision int     `json:"revision" minimum:"0" doc:"the sheet revision read; a stale one is refused with 409"`
		Comment  string  `json:"comment,omitempty" required:"false" maxLength:"4000" doc:"return: why (required)"`
		Checks   []Check `json:"checks,omitempty" required:"false" doc:"verify: one per line with a target"`
	}
}

func (a *API) sheetStep(ctx context.Context, sh domain.Sheet, err error) (*bodyOut[SheetState], error) {
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[SheetState]{Body: sheetStateOut(sh)}, nil
}

func (a *API) submitSheet(ctx context.Context, in *flowIn) (*bodyOut[SheetState], error) {
	sh, err := a.svc.SubmitSheet(ctx, actorOf(ctx), in.ID, in.Q, in.Body.Revision)
	return a.sheetStep(ctx, sh, err)
}

func (a *API) validateSheet(ctx context.Context, in *flowIn) (*bodyOut[SheetState], error) {
	sh, err := a.svc.ValidateSheet(ctx, actorOf(ctx), in.ID, in.Q, in.Body.Revision)
	return a.sheetStep(ctx, sh, err)
}

func (a *API) verifySheet(ctx context.Context, in *flowIn) (*bodyOut[SheetState], error) {
	checks := make([]service.Check, 0, len(in.Body.Checks))
	for _, c := range in.Body.Checks {
		checks = append(checks, service.Check(c))
	}
	sh, err := a.svc.VerifySheet(ctx, actorOf(ctx), in.ID, in.Q, in.Body.Revision, checks)
	if err != nil {
		// The service names a line's mark check_<line>, as the form does.
		return nil, a.failAt(ctx, err, func(f string) string {
			id, ok := strings.CutPrefix(f, "check_")
			if !ok {
				return ""
			}
			for i, c := range in.Body.Checks {
				if strconv.FormatInt(c.LineID, 10) == id {
					return "checks[" + strconv.Itoa(i) + "].ok"
				}
			}
			return "checks"
		})
	}
	return a.sheetStep(ctx, sh, nil)
}

func (a *API) returnSheet(ctx context.Context, in *flowIn) (*bodyOut[SheetState], error) {
	sh, err := a.svc.ReturnSheet(ctx, actorOf(ctx), in.ID, in.Q, in.Body.Revision, in.Body.Comment)
	return a.sheetStep(ctx, sh, err)
}

type correctionIn struct {
	ID   int64 `path:"id"`
	Line int64 `path:"line"`
	Q    int   `path:"q" minimum:"1" maximum:"4"`
	Body struct {
		Value   float64 `json:"value" doc:"the corrected value"`
		Note    string  `json:"note" required:"false" maxLength:"4000"`
		Reason  string  `json:"reason" maxLength:"4000"`
		Confirm bool    `json:"confirm_implausible" required:"false" doc:"the value looks implausible and the caller has checked that it is right"`
	}
}

func (a *API) requestCorrection(ctx context.Context, in *correctionIn) (*createdOut[Correction], error) {
	c, err := a.svc.RequestCorrection(ctx, actorOf(ctx), in.ID, in.Q, in.Line, calc.Some(in.Body.Value), in.Body.Note, in.Body.Reason, in.Body.Confirm)
	if err != nil {
		return nil, a.failAt(ctx, err, func(f string) string {
			if f == "confirm" {
				return "confirm_implausible"
			}
			return f
		})
	}
	return created(correctionOut(c), "/plans/%d/quarters/%d", in.ID, in.Q), nil
}

type decideIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Approve bool   `json:"approve"`
		Comment string `json:"comment" required:"false" maxLength:"4000" doc:"required to reject"`
	}
}

func (a *API) decideCorrection(ctx context.Context, in *decideIn) (*bodyOut[Correction], error) {
	c, err := a.svc.DecideCorrection(ctx, actorOf(ctx), in.ID, in.Body.Approve, in.Body.Comment)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[Correction]{Body: correctionOut(c)}, nil
}

// PersonProgress is one person's state in a quarter.
type PersonProgress struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Position   string `json:"position"`
	PlanID     int64  `json:"plan_id,omitempty"`
	Kind       string `json:"kind,omitempty" enum:"PK,SKP,"`
	Status     string `json:"status" enum:"no_plan,plan_not_approved,draft,returned,submitted,validated,verified,locked"`
	Late       bool   `json:"late"`
	Overdue    bool   `json:"overdue"`
}

func personProgressOut(r service.ProgressRow) PersonProgress {
	return PersonProgress{EmployeeID: r.EmployeeID, Name: r.Name, Position: r.Position, PlanID: r.PlanID, Kind: string(r.Kind),
		Status: r.Status, Late: r.Late, Overdue: r.Overdue}
}

// UnitProgress is a unit's people in a quarter.
type UnitProgress struct {
	Unit   UnitRef          `json:"unit"`
	Counts map[string]int   `json:"counts" doc:"people per state, and overdue"`
	People []PersonProgress `json:"people"`
}

// QuarterProgress is the completeness of an office's quarter.
type QuarterProgress struct {
	Year     int            `json:"year"`
	Quarter  int            `json:"quarter"`
	Office   UnitRef        `json:"office"`
	Deadline string         `json:"deadline" format:"date"`
	Ended    bool           `json:"ended" doc:"the quarter is over, so it can be closed"`
	CanClose bool           `json:"can_close"`
	ClosedAt *time.Time     `json:"closed_at,omitempty"`
	Totals   map[string]int `json:"totals"`
	Units    []UnitProgress `json:"units"`
}

type progressIn struct {
	Year   int   `path:"year"`
	Q      int   `path:"q" minimum:"1" maximum:"4"`
	Office int64 `query:"office" required:"false" doc:"the office; the caller's own when absent"`
}

// office resolves the office of a request: the one asked for, else the caller's.
func (a *API) office(ctx context.Context, id int64) (int64, error) {
	if id != 0 {
		return id, nil
	}
	c, err := a.svc.OrgChart(ctx, actorOf(ctx))
	if err != nil {
		return 0, err
	}
	if id = c.EmployeeOffice(actorOf(ctx).EmployeeID()); id == 0 {
		return 0, domain.Invalid("office", "err.required")
	}
	return id, nil
}

func (a *API) quarterProgress(ctx context.Context, in *progressIn) (*bodyOut[QuarterProgress], error) {
	office, err := a.office(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	qp, err := a.svc.QuarterProgress(ctx, actorOf(ctx), in.Year, in.Q, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := QuarterProgress{Year: qp.Year.Year, Quarter: qp.Quarter.Quarter, Office: UnitRef{ID: qp.Office.ID, Name: qp.Office.Name},
		Deadline: date(qp.Quarter.Deadline), Ended: qp.Ended, CanClose: qp.CanClose, Totals: qp.Totals, Units: []UnitProgress{}}
	if qp.Closure != nil {
		out.ClosedAt = timePtr(qp.Closure.ClosedAt)
	}
	for _, u := range qp.Units {
		up := UnitProgress{Unit: UnitRef{ID: u.Unit.ID, Name: u.Unit.Name}, Counts: u.Counts, People: []PersonProgress{}}
		for _, r := range u.Rows {
			up.People = append(up.People, personProgressOut(r))
		}
		out.Units = append(out.Units, up)
	}
	return &bodyOut[QuarterProgress]{Body: out}, nil
}

// Closure is the result of closing a quarter.
type Closure struct {
	Year        int              `json:"year"`
	Quarter     int              `json:"quarter"`
	OfficeID    int64            `json:"office_id"`
	NotVerified []PersonProgress `json:"not_verified" doc:"people whose sheet was not verified when the quarter closed"`
}

func (a *API) closeQuarter(ctx context.Context, in *progressIn) (*bodyOut[Closure], error) {
	office, err := a.office(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	open, err := a.svc.CloseQuarter(ctx, actorOf(ctx), in.Year, in.Q, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := Closure{Year: in.Year, Quarter: in.Q, OfficeID: office, NotVerified: []PersonProgress{}}
	for _, r := range open {
		out.NotVerified = append(out.NotVerified, personProgressOut(r))
	}
	return &bodyOut[Closure]{Body: out}, nil
}

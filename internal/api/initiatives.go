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

// Milestone is a step of a strategic initiative.
type Milestone struct {
	Name    string `json:"name"`
	Due     string `json:"due" format:"date" doc:"within the initiative's year"`
	Done    string `json:"done,omitempty" format:"date" doc:"the day it was reached; absent while not"`
	Overdue bool   `json:"overdue" doc:"past its due date and not done"`
}

// InitiativeDocument is a document of a quarter's progress.
type InitiativeDocument struct {
	ID         string    `json:"id"`
	Form       string    `json:"form" enum:"file,link,text"`
	Filename   string    `json:"filename,omitempty"`
	Size       int64     `json:"size,omitempty"`
	MIME       string    `json:"mime,omitempty" doc:"detected from the content"`
	SHA256     string    `json:"sha256,omitempty"`
	Download   string    `json:"download,omitempty" doc:"API path of the file"`
	URL        string    `json:"url,omitempty"`
	Body       string    `json:"body,omitempty"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// Progress is a quarter's progress of an initiative.
type Progress struct {
	Quarter   int                  `json:"quarter" minimum:"1" maximum:"4"`
	Percent   float64              `json:"percent" doc:"how far the whole initiative is, 0–100"`
	Note      string               `json:"note"`
	UpdatedAt time.Time            `json:"updated_at"`
	Documents []InitiativeDocument `json:"documents"`
}

// Initiative is a strategic initiative (inisiatif strategis) of an office's year.
type Initiative struct {
	ID          int64       `json:"id"`
	Code        string      `json:"code" example:"IS-1"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	ObjectiveID int64       `json:"objective_id,omitempty" doc:"the objective it serves; absent when linked to an IKU"`
	LineID      int64       `json:"line_id,omitempty" doc:"the PK line of the IKU it serves; absent when linked to an objective"`
	Link        string      `json:"link" doc:"the code of the objective or IKU"`
	OwnerID     int64       `json:"owner_id" doc:"the employee who reports its progress"`
	OwnerName   string      `json:"owner_name"`
	Revision    int         `json:"revision" doc:"send it with every change; a stale one is refused with 409"`
	CanReport   bool        `json:"can_report" doc:"whether the caller reports its progress"`
	Milestones  []Milestone `json:"milestones"`
	Progress    []Progress  `json:"progress" doc:"by quarter, those reported"`
}

func initiativeOut(it service.InitiativeItem, today time.Time) Initiative {
	out := Initiative{ID: it.ID, Code: it.Code, Name: it.Name, Description: it.Description, ObjectiveID: it.ObjectiveID, LineID: it.LineID,
		Link: it.LinkCode, OwnerID: it.OwnerID, OwnerName: it.OwnerName, Revision: it.Revision, CanReport: it.CanReport,
		Milestones: []Milestone{}, Progress: []Progress{}}
	for _, m := range it.Milestones {
		x := Milestone{Name: m.Name, Due: m.Due.Format(time.DateOnly), Overdue: m.Overdue(today)}
		if !m.Done.IsZero() {
			x.Done = m.Done.Format(time.DateOnly)
		}
		out.Milestones = append(out.Milestones, x)
	}
	for _, p := range it.Progress {
		x := Progress{Quarter: p.Quarter, Percent: p.Percent, Note: p.Note, UpdatedAt: p.UpdatedAt.UTC(), Documents: []InitiativeDocument{}}
		for _, e := range p.Evidence {
			d := InitiativeDocument{ID: e.ID, Form: e.Form, Filename: e.Filename, Size: e.Size, MIME: e.MIME, SHA256: e.SHA256, URL: e.URL,
				Body: e.Body, UploadedAt: e.UploadedAt.UTC()}
			if e.Form == domain.FormFile {
				d.Download = Prefix + "/initiative-documents/" + e.ID
			}
			x.Documents = append(x.Documents, d)
		}
		out.Progress = append(out.Progress, x)
	}
	return out
}

func (a *API) initiativeRoutes() {
	tags := []string{"Strategic initiatives"}
	base := "/strategy-maps/{year}/{office}/initiatives"
	register(a, huma.Operation{OperationID: "list-initiatives", Method: http.MethodGet, Path: base,
		Summary: "An office's strategic initiatives", Tags: tags,
		Description: "Each initiative with its link (an objective of the map or an IKU of the PK), owner, milestones and its " +
			"progress by quarter with the documents, by code; the whole year in one page. Anyone who may read the office " +
			"may read them; who may manage them is the map's `can_manage`.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.listInitiatives)
	change := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "create-initiative", Method: http.MethodPost, Path: base,
		Summary: "Add a strategic initiative", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "Linked to one objective of the office's map or one IKU of its PK, owned by an employee of the office, " +
			"with milestones due within the year. The head of the office and the pengelola kinerja manage initiatives.",
		Errors: change}, a.createInitiative)
	register(a, huma.Operation{OperationID: "update-initiative", Method: http.MethodPut, Path: base + "/{id}",
		Summary: "Change a strategic initiative", Tags: tags,
		Description: "The milestones sent replace the initiative's. A stale `revision` is refused with 409; an initiative sent " +
			"as it is stored changes nothing.",
		Errors: change}, a.updateInitiative)
	register(a, huma.Operation{OperationID: "delete-initiative", Method: http.MethodDelete, Path: base + "/{id}",
		Summary: "Remove a strategic initiative", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "With its milestones and progress. Refused (409) on a stale `revision`.",
		Errors:      change}, a.deleteInitiative)
	register(a, huma.Operation{OperationID: "put-initiative-progress", Method: http.MethodPut, Path: base + "/{id}/progress/{quarter}",
		Summary: "Report a quarter's progress of an initiative", Tags: tags,
		Description: "The initiative's owner reports, once the quarter has begun, how far the whole initiative is (percent " +
			"0–100) with a note; `documents` (links or short texts) are added to the quarter's, files are uploaded on the " +
			"web page. A stale `revision` of the initiative is refused with 409; progress sent as stored, without " +
			"documents, changes nothing.",
		Errors: change}, a.putInitiativeProgress)
	register(a, huma.Operation{OperationID: "download-initiative-document", Method: http.MethodGet, Path: "/initiative-documents/{id}",
		Summary: "Download a file of an initiative's progress", Tags: tags,
		Description: "Always as an attachment under its safe name, with the type detected at upload and its SHA-256 as ETag. " +
			"Anyone who may read the office. Links and texts have no file (404).",
		Responses: map[string]*huma.Response{"200": {Description: "The file",
			Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}},
		Errors: []int{http.StatusForbidden, http.StatusNotFound}}, a.downloadInitiativeDocument)
}

func (a *API) listInitiatives(ctx context.Context, in *mapIn) (*listOut[Initiative], error) {
	v, err := a.svc.Initiatives(ctx, actorOf(ctx), in.Year, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := []Initiative{}
	for _, it := range v.Items {
		out = append(out, initiativeOut(it, v.Today))
	}
	return whole(out), nil
}

// MilestoneIn is a milestone as sent.
type MilestoneIn struct {
	Name string `json:"name"`
	Due  string `json:"due" format:"date"`
	Done string `json:"done,omitempty" format:"date" doc:"the day it was reached; absent while not"`
}

// InitiativeIn is an initiative as sent.
type InitiativeIn struct {
	Revision    *int          `json:"revision,omitempty" required:"false" minimum:"0" doc:"the initiative's revision read; a stale one is refused with 409 (absent: not checked)"`
	Code        string        `json:"code" example:"IS-1"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	ObjectiveID int64         `json:"objective_id,omitempty" doc:"an objective of the office's map; or line_id"`
	LineID      int64         `json:"line_id,omitempty" doc:"the PK line of an IKU of the office; or objective_id"`
	OwnerID     int64         `json:"owner_id" doc:"an employee of the office"`
	Milestones  []MilestoneIn `json:"milestones,omitempty" maxItems:"30"`
}

func (b InitiativeIn) input() (service.InitiativeInput, error) {
	in := service.InitiativeInput{Code: b.Code, Name: b.Name, Description: b.Description, ObjectiveID: b.ObjectiveID, LineID: b.LineID, OwnerID: b.OwnerID}
	v := &domain.ValidationError{}
	for i, m := range b.Milestones {
		x := service.MilestoneInput{Name: m.Name}
		var err error
		if x.Due, err = time.Parse(time.DateOnly, m.Due); err != nil {
			v.Addf("milestones."+strconv.Itoa(i)+".due", "err.date")
		}
		if m.Done != "" {
			if x.Done, err = time.Parse(time.DateOnly, m.Done); err != nil {
				v.Addf("milestones."+strconv.Itoa(i)+".done", "err.date")
			}
		}
		in.Milestones = append(in.Milestones, x)
	}
	return in, v.Err()
}

type initiativeCreateIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
	Body   InitiativeIn
}

type initiativeUpdateIn struct {
	Year   int   `path:"year" minimum:"2000" maximum:"2100"`
	Office int64 `path:"office" doc:"ID of the office unit"`
	ID     int64 `path:"id"`
	Body   InitiativeIn
}

type initiativeDeleteIn struct {
	Year     int   `path:"year" minimum:"2000" maximum:"2100"`
	Office   int64 `path:"office" doc:"ID of the office unit"`
	ID       int64 `path:"id"`
	Revision int   `query:"revision" minimum:"-1" default:"-1" doc:"the initiative's revision read; a stale one is refused with 409 (absent: not checked)"`
}

func (a *API) createInitiative(ctx context.Context, in *initiativeCreateIn) (*createdOut[Initiative], error) {
	b, err := a.saveInitiative(ctx, in.Year, in.Office, 0, in.Body)
	if err != nil {
		return nil, err
	}
	return created(b.Body, "/strategy-maps/%d/%d/initiatives/%d", in.Year, in.Office, b.Body.ID), nil
}

func (a *API) updateInitiative(ctx context.Context, in *initiativeUpdateIn) (*bodyOut[Initiative], error) {
	return a.saveInitiative(ctx, in.Year, in.Office, in.ID, in.Body)
}

func (a *API) saveInitiative(ctx context.Context, year int, office, id int64, body InitiativeIn) (*bodyOut[Initiative], error) {
	input, err := body.input()
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	act := actorOf(ctx)
	x, err := a.svc.SaveInitiative(ctx, act, year, office, id, revisionOf(body.Revision), input)
	if err != nil {
		return nil, a.failAt(ctx, err, initiativeField)
	}
	return a.initiativeBody(ctx, year, office, x.ID)
}

// initiativeField names a field of the service as the API's body does.
func initiativeField(f string) string {
	switch {
	case f == "objective":
		return "objective_id"
	case f == "line":
		return "line_id"
	case f == "owner":
		return "owner_id"
	case f == "link":
		return "objective_id"
	case strings.HasPrefix(f, "milestones."):
		parts := strings.SplitN(f, ".", 3)
		if len(parts) == 3 {
			return "milestones[" + parts[1] + "]." + parts[2]
		}
	}
	return f
}

func (a *API) initiativeBody(ctx context.Context, year int, office, id int64) (*bodyOut[Initiative], error) {
	v, err := a.svc.Initiatives(ctx, actorOf(ctx), year, office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	it, ok := v.Item(id)
	if !ok {
		return nil, a.fail(ctx, domain.ErrNotFound)
	}
	return &bodyOut[Initiative]{Body: initiativeOut(it, v.Today)}, nil
}

func (a *API) deleteInitiative(ctx context.Context, in *initiativeDeleteIn) (*struct{}, error) {
	if err := a.svc.DeleteInitiative(ctx, actorOf(ctx), in.Year, in.Office, in.ID, in.Revision); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

// ProgressDocumentIn is a link or a short text added to a quarter's progress.
type ProgressDocumentIn struct {
	URL  string `json:"url,omitempty" doc:"a link (http or https)"`
	Body string `json:"body,omitempty" doc:"a short text"`
}

type initiativeProgressIn struct {
	Year    int   `path:"year" minimum:"2000" maximum:"2100"`
	Office  int64 `path:"office" doc:"ID of the office unit"`
	ID      int64 `path:"id"`
	Quarter int   `path:"quarter" minimum:"1" maximum:"4"`
	Body    struct {
		Revision  *int                 `json:"revision,omitempty" required:"false" minimum:"0" doc:"the initiative's revision read; a stale one is refused with 409 (absent: not checked)"`
		Percent   float64              `json:"percent" doc:"0–100"`
		Note      string               `json:"note,omitempty"`
		Documents []ProgressDocumentIn `json:"documents,omitempty" maxItems:"10" doc:"added to the quarter's documents"`
	}
}

func (a *API) putInitiativeProgress(ctx context.Context, in *initiativeProgressIn) (*bodyOut[Initiative], error) {
	p := service.ProgressInput{Quarter: in.Quarter, Percent: in.Body.Percent, Note: in.Body.Note}
	for _, d := range in.Body.Documents {
		p.Evidence = append(p.Evidence, service.EvidenceInput{URL: d.URL, Body: d.Body})
	}
	if _, err := a.svc.ReportProgress(ctx, actorOf(ctx), in.Year, in.Office, in.ID, revisionOf(in.Body.Revision), p); err != nil {
		return nil, a.failAt(ctx, err, func(f string) string {
			if f == "url" || f == "body" || f == "file" {
				return "documents"
			}
			return f
		})
	}
	return a.initiativeBody(ctx, in.Year, in.Office, in.ID)
}

type initiativeDocIn struct {
	ID string `path:"id" doc:"the document's ID"`
}

func (a *API) downloadInitiativeDocument(ctx context.Context, in *initiativeDocIn) (*huma.StreamResponse, error) {
	e, rc, err := a.svc.OpenInitiativeEvidence(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.storedFile(ctx, rc, e.Filename, e.MIME, e.SHA256, e.Size)
}

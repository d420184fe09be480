package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
)

// skpExtraRoutes registers the writes of what an SKP carries beside its
// lines: the Lampiran and the additional tasks (read with the plan).
func (a *API) skpExtraRoutes() {
	tags := []string{"Plans"}
	errs := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	register(a, huma.Operation{OperationID: "update-plan-attachment", Method: http.MethodPut, Path: "/plans/{id}/attachment",
		Summary: "Write the Lampiran of an SKP", Tags: tags,
		Description: "Resource support, accountability scheme and consequences (each at most 4000 characters; empty clears it), " +
			"printed in the SKP. The owner writes them while the newest version is a draft (409 once it is submitted or approved, " +
			"or for a PK). Like a line, a change bumps the version's `revision`; a stale `revision` is refused with 409, " +
			"the same texts sent again change nothing.",
		Errors: errs}, a.updateAttachment)
	register(a, huma.Operation{OperationID: "create-plan-task", Method: http.MethodPost, Path: "/plans/{id}/tasks",
		Summary: "Add an additional task to an SKP", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "A task given during the period (tugas tambahan), printed in the SKP. The employee and their direct supervisor " +
			"may add one at any time of the plan, approved or not.",
		Errors: errs}, a.createTask)
	register(a, huma.Operation{OperationID: "delete-plan-task", Method: http.MethodDelete, Path: "/plans/{id}/tasks/{task}",
		Summary: "Remove an additional task of an SKP", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "By the employee or their direct supervisor.", Errors: errs}, a.deleteTask)
}

// Attachment is the Lampiran of an SKP.
type Attachment struct {
	Resources      string `json:"resources" required:"false" maxLength:"4000" doc:"dukungan sumber daya"`
	Accountability string `json:"accountability" required:"false" maxLength:"4000" doc:"skema pertanggungjawaban"`
	Consequences   string `json:"consequences" required:"false" maxLength:"4000" doc:"konsekuensi"`
}

// AdditionalTask is a task given to the employee during the SKP's period.
type AdditionalTask struct {
	ID          int64     `json:"id"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

func taskOut(t domain.AdditionalTask) AdditionalTask {
	return AdditionalTask{ID: t.ID, Description: t.Description, CreatedAt: t.CreatedAt.UTC()}
}

// withExtras adds an SKP's Lampiran, additional tasks and what the caller
// may change of them to its plan.
func (a *API) withExtras(ctx context.Context, out *Plan) error {
	out.AdditionalTasks = []AdditionalTask{}
	if out.Kind != string(domain.PlanSKP) {
		return nil
	}
	x, err := a.svc.GetSKPExtras(ctx, actorOf(ctx), out.ID)
	if err != nil {
		return err
	}
	out.Attachment = &Attachment{Resources: x.Attachment.Resources, Accountability: x.Attachment.Accountability, Consequences: x.Attachment.Consequences}
	for _, t := range x.Tasks {
		out.AdditionalTasks = append(out.AdditionalTasks, taskOut(t))
	}
	out.Permissions.EditAttachment, out.Permissions.EditTasks = x.CanEditAttachment, x.CanEditTasks
	return nil
}

type attachmentIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Revision int `json:"revision" minimum:"0" doc:"the newest version's revision this change is based on"`
		Attachment
	}
}

// SavedAttachment is the Lampiran as saved, with the version's revision.
type SavedAttachment struct {
	Revision   int        `json:"revision" doc:"the version's revision after the change"`
	Attachment Attachment `json:"attachment"`
}

func (a *API) updateAttachment(ctx context.Context, in *attachmentIn) (*bodyOut[SavedAttachment], error) {
	act := actorOf(ctx)
	b := in.Body.Attachment
	saved, err := a.svc.SaveAttachment(ctx, act, in.ID, in.Body.Revision,
		domain.PlanAttachment{Resources: b.Resources, Accountability: b.Accountability, Consequences: b.Consequences})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	v, err := a.svc.GetPlan(ctx, act, in.ID, 0)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &bodyOut[SavedAttachment]{Body: SavedAttachment{Revision: v.Version.Revision,
		Attachment: Attachment{Resources: saved.Resources, Accountability: saved.Accountability, Consequences: saved.Consequences}}}, nil
}

type taskIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Description string `json:"description" minLength:"1" maxLength:"2000" doc:"the task, as the SKP prints it"`
	}
}

func (a *API) createTask(ctx context.Context, in *taskIn) (*createdOut[AdditionalTask], error) {
	t, err := a.svc.AddTask(ctx, actorOf(ctx), in.ID, in.Body.Description)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return created(taskOut(t), "/plans/%d/tasks/%d", in.ID, t.ID), nil
}

type taskIDIn struct {
	ID   int64 `path:"id"`
	Task int64 `path:"task"`
}

func (a *API) deleteTask(ctx context.Context, in *taskIDIn) (*struct{}, error) {
	if err := a.svc.RemoveTask(ctx, actorOf(ctx), in.ID, in.Task); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

package service

import (
	"context"
	"maps"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// maxAttachment bounds each text of an SKP's Lampiran.
const maxAttachment = 4000

// SKPExtras is what an SKP carries beside its lines: the Lampiran and the
// additional tasks, with what the viewer may change.
type SKPExtras struct {
	Attachment domain.PlanAttachment
	Tasks      []domain.AdditionalTask
	// CanEditAttachment: the owner, while the newest version is a draft.
	CanEditAttachment bool
	// CanEditTasks: the employee and their supervisor, at any time of the
	// plan (tasks are given during the period, after the SKP is agreed).
	CanEditTasks bool
}

// GetSKPExtras returns an SKP's Lampiran and additional tasks, for whoever
// may see the plan.
func (s *Service) GetSKPExtras(ctx context.Context, a authz.Actor, planID int64) (SKPExtras, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return SKPExtras{}, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return SKPExtras{}, domain.ErrForbidden
	}
	return s.skpExtras(ctx, a, pc)
}

func (s *Service) skpExtras(ctx context.Context, a authz.Actor, pc *planContext) (SKPExtras, error) {
	var x SKPExtras
	if pc.plan.Kind != domain.PlanSKP {
		return x, nil
	}
	var err error
	if x.Attachment, err = s.store.GetPlanAttachment(ctx, pc.plan.ID); err != nil {
		return x, err
	}
	if x.Tasks, err = s.store.ListAdditionalTasks(ctx, pc.plan.ID); err != nil {
		return x, err
	}
	x.CanEditAttachment = authz.CanEditPlan(a, pc.chart, pc.plan) && pc.latest().Status.Editable()
	x.CanEditTasks = authz.CanWriteFeedback(a, pc.chart, pc.plan.EmployeeID)
	return x, nil
}

// SaveAttachment records the Lampiran of an SKP: resource support,
// accountability scheme and consequences. Like the plan's lines it is
// written by the owner while the newest version is a draft, and it is a
// change of that version: revision is the version's revision the change was
// made from (-1: don't check), and a change bumps it. Texts the same as
// stored write nothing and keep the revision, whatever revision they carry.
func (s *Service) SaveAttachment(ctx context.Context, a authz.Actor, planID int64, revision int, in domain.PlanAttachment) (domain.PlanAttachment, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return in, err
	}
	if pc.plan.Kind != domain.PlanSKP {
		return in, domain.Refuse("skpdoc.skp_only")
	}
	ver, err := s.editableVersion(a, pc, 0, -1)
	if err != nil {
		return in, err
	}
	v := &domain.ValidationError{}
	in.PlanID = planID
	in.Resources = textField(v, "resources", in.Resources, false, maxAttachment)
	in.Accountability = textField(v, "accountability", in.Accountability, false, maxAttachment)
	in.Consequences = textField(v, "consequences", in.Consequences, false, maxAttachment)
	if err := v.Err(); err != nil {
		if revision >= 0 && ver.Revision != revision {
			return in, domain.Conflict("plan.changed_meanwhile")
		}
		return in, err
	}
	in.UpdatedBy, in.UpdatedAt = a.User.ID, s.now()
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		before, err := tx.GetPlanAttachment(ctx, planID)
		if err != nil {
			return err
		}
		if maps.Equal(attachmentTexts(before), attachmentTexts(in)) {
			in = before
			return nil
		}
		if revision >= 0 && ver.Revision != revision {
			return domain.Conflict("plan.changed_meanwhile")
		}
		if err := tx.BumpVersion(ctx, ver.ID, ver.Revision); err != nil {
			return err
		}
		if err := tx.SavePlanAttachment(ctx, &in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.attachment", "plan", planID, attachmentTexts(before), attachmentTexts(in))
	})
	return in, err
}

func attachmentTexts(a domain.PlanAttachment) map[string]string {
	return map[string]string{"resources": a.Resources, "accountability": a.Accountability, "consequences": a.Consequences}
}

// AddTask records an additional task of an SKP, by the employee or their
// supervisor.
func (s *Service) AddTask(ctx context.Context, a authz.Actor, planID int64, description string) (domain.AdditionalTask, error) {
	pc, err := s.taskPlan(ctx, a, planID)
	if err != nil {
		return domain.AdditionalTask{}, err
	}
	v := &domain.ValidationError{}
	t := domain.AdditionalTask{PlanID: pc.plan.ID, Description: textField(v, "description", description, true, maxNote),
		CreatedBy: a.User.ID, CreatedAt: s.now()}
	if err := v.Err(); err != nil {
		return t, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateAdditionalTask(ctx, &t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.task_add", "plan", planID, nil, t)
	})
	return t, err
}

// RemoveTask deletes an additional task of an SKP.
func (s *Service) RemoveTask(ctx context.Context, a authz.Actor, planID, taskID int64) error {
	if _, err := s.taskPlan(ctx, a, planID); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		tasks, err := tx.ListAdditionalTasks(ctx, planID)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			if t.ID == taskID {
				if err := tx.DeleteAdditionalTask(ctx, planID, taskID); err != nil {
					return err
				}
				return audit.Record(ctx, tx, s.act(a), "plan.task_remove", "plan", planID, t, nil)
			}
		}
		return domain.ErrNotFound
	})
}

// taskPlan loads an SKP whose additional tasks the actor may change.
func (s *Service) taskPlan(ctx context.Context, a authz.Actor, planID int64) (*planContext, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return nil, err
	}
	if !authz.CanWriteFeedback(a, pc.chart, pc.plan.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	if pc.plan.Kind != domain.PlanSKP {
		return nil, domain.Refuse("skpdoc.skp_only")
	}
	return pc, nil
}

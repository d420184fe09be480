package web

import (
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// skpExtras is the Lampiran and the additional tasks on an SKP's page,
// each with its own form.
type skpExtras struct {
	service.SKPExtras
	AttForm  *form
	TaskForm *form
}

// loadSKPExtras fills the SKP's extras of the plan page; f, a refused
// Lampiran or task form, keeps what was typed.
func (s *Server) loadSKPExtras(r *http.Request, a authz.Actor, planID int64, f *form) (*skpExtras, error) {
	x, err := s.svc.GetSKPExtras(r.Context(), a, planID)
	if err != nil {
		return nil, err
	}
	att := x.Attachment
	e := &skpExtras{SKPExtras: x, TaskForm: newForm(nil),
		AttForm: newForm(map[string][]string{"resources": {att.Resources}, "accountability": {att.Accountability}, "consequences": {att.Consequences}})}
	switch f.Get("part") {
	case "attachment":
		e.AttForm = f
	case "task":
		e.TaskForm = f
	}
	return e, nil
}

func (s *Server) attachmentSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	in := domain.PlanAttachment{Resources: f.Get("resources"), Accountability: f.Get("accountability"), Consequences: f.Get("consequences")}
	return s.extrasDone(w, r, a, f, id, func() error {
		_, err := s.svc.SaveAttachment(r.Context(), a, id, -1, in)
		return err
	})
}

func (s *Server) taskAdd(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	return s.extrasDone(w, r, a, f, id, func() error {
		_, err := s.svc.AddTask(r.Context(), a, id, f.Get("description"))
		return err
	})
}

func (s *Server) taskRemove(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	task, err := strconv.ParseInt(r.PathValue("task"), 10, 64)
	if err != nil {
		return domain.ErrNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	return s.extrasDone(w, r, a, newForm(r.PostForm), id, func() error { return s.svc.RemoveTask(r.Context(), a, id, task) })
}

// extrasDone runs a change of the Lampiran or the tasks and goes back to
// the plan page, or shows it with the refusal.
func (s *Server) extrasDone(w http.ResponseWriter, r *http.Request, a authz.Actor, f *form, planID int64, run func() error) error {
	l := langOf(r)
	if err := run(); err != nil {
		if !f.absorb(l, err) {
			return err
		}
		return s.renderPlan(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("saved"))
	redirect(w, r, "/plans/"+strconv.FormatInt(planID, 10)+"#skp-extras")
	return nil
}

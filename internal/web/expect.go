package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

type expectPage struct {
	X       any
	Aspects []string
}

func (s *Server) expectationsPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderExpectations(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderExpectations(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.svc.GetExpectations(r.Context(), a, id)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		for i, b := range x.Behaviour {
			f.Values.Set("expect_"+strconv.Itoa(i), b)
		}
		for lid, b := range x.Lines {
			f.Values.Set("line_"+strconv.FormatInt(lid, 10), b)
		}
	}
	l := langOf(r)
	s.renderForm(w, r, status, "expectations", l.T("expect.title_of", "name", x.Employee.Name), expectPage{X: x, Aspects: domain.BehaviourAspects}, f)
	return nil
}

func (s *Server) expectationsSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	behaviour := make([]string, len(domain.BehaviourAspects))
	for i := range behaviour {
		behaviour[i] = f.Get("expect_" + strconv.Itoa(i))
	}
	lines := map[int64]string{}
	for k := range r.PostForm {
		if rest, ok := strings.CutPrefix(k, "line_"); ok {
			lid, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				return domain.ErrNotFound
			}
			lines[lid] = f.Get(k)
		}
	}
	l := langOf(r)
	if err := s.svc.SaveExpectations(r.Context(), a, id, behaviour, lines); err != nil {
		if !f.absorb(l, err) {
			return err
		}
		return s.renderExpectations(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("saved"))
	redirect(w, r, r.URL.Path)
	return nil
}

func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderFeedback(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderFeedback(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fv, err := s.svc.GetFeedback(r.Context(), a, id)
	if err != nil {
		return err
	}
	l := langOf(r)
	s.renderForm(w, r, status, "feedback", l.T("feedback.title_of", "name", fv.Employee.Name), expectPage{X: fv, Aspects: domain.BehaviourAspects}, f)
	return nil
}

func (s *Server) feedbackSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	q, _ := strconv.Atoi(f.Get("quarter"))
	var line int64
	aspect := ""
	if t := f.Get("about"); strings.HasPrefix(t, "line_") {
		line, _ = strconv.ParseInt(strings.TrimPrefix(t, "line_"), 10, 64)
	} else if a, ok := strings.CutPrefix(t, "aspect_"); ok {
		aspect = a
	}
	l := langOf(r)
	if _, err := s.svc.AddFeedback(r.Context(), a, id, q, line, aspect, f.Get("body")); err != nil {
		if !f.absorb(l, err) {
			return err
		}
		return s.renderFeedback(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("saved"))
	redirect(w, r, r.URL.Path)
	return nil
}

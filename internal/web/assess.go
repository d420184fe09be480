package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

type assessPage struct {
	A       service.Assessment
	Aspects []string
	Chosen  map[int64]bool
}

func assessIDs(r *http.Request) (int64, int, error) {
	planID, err := pathID(r, "plan")
	if err != nil {
		return 0, 0, err
	}
	q, err := strconv.Atoi(r.PathValue("q"))
	if err != nil || q < 1 || q > 4 {
		return 0, 0, domain.ErrNotFound
	}
	return planID, q, nil
}

func (s *Server) assessPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderAssess(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderAssess(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	planID, q, err := assessIDs(r)
	if err != nil {
		return err
	}
	as, err := s.svc.GetAssessment(r.Context(), a, planID, q)
	if err != nil {
		return err
	}
	l := langOf(r)
	if status == http.StatusOK {
		for i, x := range as.MyScores {
			f.Values.Set("score_"+strconv.Itoa(i), i18n.FormatNumberTrim(string(l), x, 2))
		}
	}
	d := assessPage{A: as, Aspects: domain.BehaviourAspects, Chosen: map[int64]bool{}}
	for _, rv := range as.Raters {
		d.Chosen[rv.EmployeeID] = true
	}
	if f.Values.Has("rater") {
		d.Chosen = map[int64]bool{}
		for _, v := range f.Values["rater"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				d.Chosen[id] = true
			}
		}
	}
	s.renderForm(w, r, status, "assess", l.T("assess.title_of", "name", as.Employee.Name, "quarter", i18n.Quarter(string(l), q)), d, f)
	return nil
}

// afterAssess answers a successful post with the assessment page, or the
// form again with what was wrong.
func (s *Server) afterAssess(w http.ResponseWriter, r *http.Request, a authz.Actor, f *form, err error) error {
	l := langOf(r)
	if err == nil {
		s.addFlash(r, "ok", l.T("saved"))
		redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
		return nil
	}
	if !f.absorb(l, err) {
		return err
	}
	return s.renderAssess(w, r, a, http.StatusUnprocessableEntity, f)
}

func (s *Server) assessRaters(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := assessIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	var ids []int64
	for _, v := range r.PostForm["rater"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return domain.ErrNotFound
		}
		ids = append(ids, id)
	}
	if r.PostForm.Get("set") != "" {
		err = s.svc.SetRaters(r.Context(), a, planID, q, ids)
	} else {
		err = s.svc.ProposeRaters(r.Context(), a, planID, q, ids)
	}
	return s.afterAssess(w, r, a, f, err)
}

func (s *Server) assessScores(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := assessIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	scores := make([]float64, len(domain.BehaviourAspects))
	for i := range scores {
		name := "score_" + strconv.Itoa(i)
		if strings.TrimSpace(f.Get(name)) == "" {
			f.Errors[name] = l.T("err.required")
			continue
		}
		scores[i] = parseNumberField(f, l, name)
	}
	if f.HasErrors() {
		return s.renderAssess(w, r, a, http.StatusUnprocessableEntity, f)
	}
	return s.afterAssess(w, r, a, f, s.svc.SaveBehaviour(r.Context(), a, planID, q, scores))
}

func (s *Server) assessObjection(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := assessIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	_, err = s.svc.FileObjection(r.Context(), a, planID, q, f.Get("reason"))
	return s.afterAssess(w, r, a, f, err)
}

func (s *Server) assessDecision(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := assessIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	err = s.svc.DecideObjection(r.Context(), a, planID, q, f.Get("decision") == "reassess", f.Get("note"))
	return s.afterAssess(w, r, a, f, err)
}

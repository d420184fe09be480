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

type scoresPage struct {
	Year    int
	Years   []domain.Year
	Period  int
	Mine    *service.ScoreView
	Team    []service.ScoreRow
	Periods []int
	Office  int64 // the viewer reads this office's scores as a whole
	Export  bool
}

// scores lists the viewer's own NKP and those of the people whose scores they may see.
func (s *Server) scores(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	years, err := s.svc.ListYears(r.Context(), a)
	if err != nil {
		return err
	}
	d := scoresPage{Years: years, Periods: []int{1, 2, 3, 4, service.Year}}
	if len(years) == 0 {
		s.render(w, r, http.StatusOK, "scores", langOf(r).T("score.title"), d)
		return nil
	}
	w0, _ := s.svc.WorkingYear(years)
	d.Year = w0.Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		d.Year = y
	}
	d.Period = 1
	if p, err := strconv.Atoi(r.URL.Query().Get("period")); err == nil && p >= 0 && p <= 4 {
		d.Period = p
	}
	if a.EmployeeID() != 0 {
		y, err := s.svc.GetYear(r.Context(), a, d.Year)
		if err != nil {
			return err
		}
		if plan, err := s.svc.MyPlan(r.Context(), a, y.Year); err == nil && plan.ID != 0 {
			sv, err := s.svc.EmployeeScore(r.Context(), a, plan.ID, d.Period)
			if err != nil {
				return err
			}
			d.Mine = &sv
		}
	}
	d.Office, d.Export = s.svc.OfficeScoresReader(r.Context(), a, d.Year)
	if d.Team, err = s.svc.TeamScores(r.Context(), a, d.Year, d.Period); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "scores", langOf(r).T("score.title"), d)
	return nil
}

type scorePage struct {
	View    service.ScoreView
	Aspects []string
}

func (s *Server) scoreDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderScore(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderScore(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	planID, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	period, err := strconv.Atoi(r.PathValue("period"))
	if err != nil {
		return domain.ErrNotFound
	}
	v, err := s.svc.EmployeeScore(r.Context(), a, planID, period)
	if err != nil {
		return err
	}
	if f.Get("correction") == "" && status == http.StatusOK {
		l := langOf(r)
		f.Values.Set("correction", i18n.FormatNumberTrim(string(l), v.Adjustment.Correction, 2))
		f.Values.Set("reason", v.Adjustment.Reason)
		f.Values.Set("evidence", v.Adjustment.Evidence)
	}
	s.renderForm(w, r, status, "score", langOf(r).T("score.title_of", "name", v.Employee.Name), scorePage{View: v, Aspects: domain.BehaviourAspects}, f)
	return nil
}

// parseNumberField reads a number typed in either notation; a bad one becomes a field error.
func parseNumberField(f *form, l i18n.Lang, name string) float64 {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return 0
	}
	x, err := i18n.ParseNumber(v)
	if err != nil {
		var ne *i18n.NumberError
		if e, ok := err.(*i18n.NumberError); ok {
			ne = e
			f.Errors[name] = ne.Message(string(l))
		} else {
			f.Errors[name] = l.T("err.number")
		}
		return 0
	}
	return x
}

func (s *Server) scoreAdjust(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, err := pathID(r, "plan")
	if err != nil {
		return err
	}
	period, err := strconv.Atoi(r.PathValue("period"))
	if err != nil {
		return domain.ErrNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	c := parseNumberField(f, l, "correction")
	if !f.HasErrors() {
		if err := s.svc.SaveCorrection(r.Context(), a, planID, period, c, f.Get("reason"), f.Get("evidence")); err == nil {
			s.addFlash(r, "ok", l.T("saved"))
			redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
			return nil
		} else if !f.absorb(l, err) {
			return err
		}
	}
	return s.renderScore(w, r, a, http.StatusUnprocessableEntity, f)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

type yearsPage struct {
	Years     []domain.Year
	RuleSets  []string
	CanManage bool
	Next      int
}

func (s *Server) years(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderYears(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderYears(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	list, err := s.svc.ListYears(r.Context(), a)
	if err != nil {
		return err
	}
	ids, err := s.svc.RuleSetIDs(r.Context())
	if err != nil {
		return err
	}
	d := yearsPage{Years: list, RuleSets: ids, CanManage: authz.Can(a, authz.YearManage), Next: s.svc.Today().Year()}
	if len(list) > 0 && list[0].Year >= d.Next {
		d.Next = list[0].Year + 1
	}
	if f.Get("year") == "" {
		f.Values.Set("year", strconv.Itoa(d.Next))
		f.Values.Set("rule_set", calc.DefaultRuleSetID)
	}
	s.renderForm(w, r, status, "years", langOf(r).T("years.title"), d, f)
	return nil
}

func (s *Server) yearCreate(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil {
		f.Errors["year"] = l.T("year.range")
		return s.renderYears(w, r, a, http.StatusUnprocessableEntity, f)
	}
	y, err := s.svc.CreateYear(r.Context(), a, year, r.PostFormValue("rule_set"))
	if err != nil {
		if f.absorb(l, err) {
			return s.renderYears(w, r, a, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	s.addFlash(r, "ok", l.T("year.created", "year", y.Year))
	redirect(w, r, "/years/"+strconv.Itoa(y.Year))
	return nil
}

type yearPage struct {
	Year        domain.Year
	RuleSets    []string
	RuleTitle   string
	CanManage   bool
	Signatories []service.SignatoryOffice // offices at the top of the tree the actor manages
	SigForm     map[int64]*form           // a refused signatory form, by office
	NextYear    int                       // the year a rollover from this one opens
}

func (s *Server) yearDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return domain.ErrNotFound
	}
	y, err := s.svc.GetYear(r.Context(), a, year)
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.Values.Set("rule_set", y.RuleSet)
	f.Values.Set("plan_due_date", y.PlanDueDate.Format("2006-01-02"))
	for q := 0; q < 4; q++ {
		f.Values.Set("deadline_"+strconv.Itoa(q+1), y.Quarters[q].Deadline.Format("2006-01-02"))
	}
	return s.renderYear(w, r, a, y, http.StatusOK, f)
}

func (s *Server) renderYear(w http.ResponseWriter, r *http.Request, a authz.Actor, y domain.Year, status int, f *form) error {
	return s.renderYearWith(w, r, a, y, status, f, nil)
}

func (s *Server) renderYearWith(w http.ResponseWriter, r *http.Request, a authz.Actor, y domain.Year, status int, f *form, sig map[int64]*form) error {
	d := yearPage{Year: y, CanManage: authz.Can(a, authz.YearManage), SigForm: sig, NextYear: y.Year + 1}
	var err error
	if d.RuleSets, err = s.svc.RuleSetIDs(r.Context()); err != nil {
		return err
	}
	if d.Signatories, err = s.svc.SignatoryOffices(r.Context(), a, y.Year); err != nil {
		return err
	}
	if d.SigForm == nil {
		d.SigForm = map[int64]*form{}
	}
	for _, o := range d.Signatories {
		if d.SigForm[o.OfficeID] == nil {
			d.SigForm[o.OfficeID] = newForm(url.Values{"name": {o.Signatory.Name}, "nip": {o.Signatory.NIP}, "position": {o.Signatory.Position}})
		}
	}
	if rs, err := s.svc.RuleSetByID(r.Context(), y.RuleSet); err == nil {
		d.RuleTitle = rs.Title()
	}
	s.renderForm(w, r, status, "year", langOf(r).T("year.title", "year", y.Year), d, f)
	return nil
}

func (s *Server) yearUpdate(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return domain.ErrNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	in := service.YearInput{RuleSet: r.PostFormValue("rule_set"), PlanDueDate: formDate(f, l, "plan_due_date")}
	for q := 0; q < 4; q++ {
		in.Deadlines[q] = formDate(f, l, "deadline_"+strconv.Itoa(q+1))
	}
	if !f.HasErrors() {
		if _, err = s.svc.UpdateYear(r.Context(), a, year, in); err == nil {
			s.addFlash(r, "ok", l.T("saved"))
			redirect(w, r, "/years/"+strconv.Itoa(year))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	y, err := s.svc.GetYear(r.Context(), a, year)
	if err != nil {
		return err
	}
	return s.renderYear(w, r, a, y, http.StatusUnprocessableEntity, f)
}

// yearSignatory records the second party of the PK of an office at the top
// of the installed tree.
func (s *Server) yearSignatory(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	year, err1 := strconv.Atoi(r.PathValue("year"))
	office, err2 := strconv.ParseInt(r.PathValue("office"), 10, 64)
	if err1 != nil || err2 != nil {
		return domain.ErrNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	_, err := s.svc.SetSignatory(r.Context(), a, year, office, service.SignatoryInput{Name: f.Get("name"), NIP: f.Get("nip"), Position: f.Get("position")})
	if err == nil {
		s.addFlash(r, "ok", l.T("saved"))
		redirect(w, r, "/years/"+strconv.Itoa(year))
		return nil
	}
	if !f.absorb(l, err) {
		return err
	}
	y, err := s.svc.GetYear(r.Context(), a, year)
	if err != nil {
		return err
	}
	g := newForm(nil)
	g.General = f.General // a refusal is shown at the top of the page
	g.Values.Set("rule_set", y.RuleSet)
	g.Values.Set("plan_due_date", y.PlanDueDate.Format("2006-01-02"))
	for q := 0; q < 4; q++ {
		g.Values.Set("deadline_"+strconv.Itoa(q+1), y.Quarters[q].Deadline.Format("2006-01-02"))
	}
	return s.renderYearWith(w, r, a, y, http.StatusUnprocessableEntity, g, map[int64]*form{office: f})
}

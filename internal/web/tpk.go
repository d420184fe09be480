package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// officeYearQuarter reads office, year and quarter from the query (or a
// posted form): the viewer's own office and working year by default.
func (s *Server) officeYearQuarter(r *http.Request, a authz.Actor, get func(string) string) (int64, int, int, error) {
	office, _ := strconv.ParseInt(get("office"), 10, 64)
	if office == 0 {
		c, err := s.svc.OrgChart(r.Context(), a)
		if err != nil {
			return 0, 0, 0, err
		}
		if office = c.EmployeeOffice(a.EmployeeID()); office == 0 {
			return 0, 0, 0, domain.ErrNotFound
		}
	}
	year, err := strconv.Atoi(get("year"))
	if err != nil {
		years, err := s.svc.ListYears(r.Context(), a)
		if err != nil || len(years) == 0 {
			return 0, 0, 0, domain.ErrNotFound
		}
		w, _ := s.svc.WorkingYear(years)
		year = w.Year
	}
	q, err := strconv.Atoi(get("q"))
	if err != nil {
		q = -1
	}
	return office, year, q, nil
}

type tpkPage struct {
	S         service.Session
	Employees []domain.Employee
	Chair     int64
	Member    map[int64]bool
	CanManage bool
	CanRemind bool // may remind the raters who have not scored
	// EditMembers draws the members form (everyone of the office, twice)
	// instead of the proposals: only when asked for.
	EditMembers bool
}

func (s *Server) tpkPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderTPK(w, r, a, http.StatusOK, newForm(nil), r.URL.Query().Get)
}

func (s *Server) renderTPK(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form, get func(string) string) error {
	office, year, q, err := s.officeYearQuarter(r, a, get)
	if err != nil {
		return err
	}
	if q < 1 {
		q = s.svc.LastEndedQuarter(year)
	}
	ss, err := s.svc.TPKSession(r.Context(), a, office, year, q)
	if err != nil {
		return err
	}
	d := tpkPage{S: ss, Member: map[int64]bool{}, CanManage: s.svc.CanManageTPK(r.Context(), a, office),
		CanRemind: s.svc.CanRemindRaters(r.Context(), a, office)}
	d.EditMembers = d.CanManage && get("members") == "edit"
	for _, m := range ss.Members {
		d.Member[m.EmployeeID] = true
		if m.Chair {
			d.Chair = m.EmployeeID
		}
	}
	if chair := f.Values["chair"]; len(chair) > 0 {
		// A refused members form shows the choices sent.
		d.Chair, _ = strconv.ParseInt(chair[0], 10, 64)
		d.Member = map[int64]bool{}
		for _, v := range f.Values["member"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				d.Member[id] = true
			}
		}
	}
	for _, row := range ss.Rows {
		d.Employees = append(d.Employees, row.Employee)
	}
	l := langOf(r)
	s.renderForm(w, r, status, "tpk", l.T("tpk.title")+" "+i18n.Quarter(string(l), q)+" "+strconv.Itoa(year), d, f)
	return nil
}

func (s *Server) afterTPK(w http.ResponseWriter, r *http.Request, a authz.Actor, f *form, err error) error {
	l := langOf(r)
	if err == nil {
		s.addFlash(r, "ok", l.T("saved"))
		redirect(w, r, fmt.Sprintf("/tpk?office=%s&year=%s&q=%s", f.Get("office"), f.Get("year"), f.Get("q")))
		return nil
	}
	if !f.absorb(l, err) {
		return err
	}
	return s.renderTPK(w, r, a, http.StatusUnprocessableEntity, f, f.Get)
}

func (s *Server) tpkMembers(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	office, year, _, err := s.officeYearQuarter(r, a, f.Get)
	if err != nil {
		return err
	}
	chair, _ := strconv.ParseInt(f.Get("chair"), 10, 64)
	var members []int64
	for _, v := range r.PostForm["member"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			members = append(members, id)
		}
	}
	return s.afterTPK(w, r, a, f, s.svc.SetTPK(r.Context(), a, office, year, chair, members))
}

func (s *Server) tpkPenalty(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	_, year, _, err := s.officeYearQuarter(r, a, f.Get)
	if err != nil {
		return err
	}
	l := langOf(r)
	emp, _ := strconv.ParseInt(f.Get("employee"), 10, 64)
	start, _ := strconv.Atoi(f.Get("start_quarter"))
	mpjhd := parseNumberField(f, l, "mpjhd")
	if f.HasErrors() {
		return s.renderTPK(w, r, a, http.StatusUnprocessableEntity, f, f.Get)
	}
	_, err = s.svc.AddPenalty(r.Context(), a, year, service.PenaltyInput{EmployeeID: emp, StartQuarter: start, Category: f.Get("category"), MPJHD: mpjhd, Reason: f.Get("reason")})
	return s.afterTPK(w, r, a, f, err)
}

func (s *Server) tpkDecree(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	office, year, q, err := s.officeYearQuarter(r, a, f.Get)
	if err != nil {
		return err
	}
	_, err = s.svc.SetDecree(r.Context(), a, office, year, q, f.Get("number"))
	return s.afterTPK(w, r, a, f, err)
}

func (s *Server) tpkMinutes(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	office, year, q, err := s.officeYearQuarter(r, a, r.URL.Query().Get)
	if err != nil {
		return err
	}
	if q < 1 {
		return domain.ErrNotFound
	}
	data, err := s.svc.TPKMinutesPDF(r.Context(), a, office, year, q)
	if err != nil {
		return err
	}
	return sendFile(w, service.File{Name: fmt.Sprintf("BA-TPK-%d-TW%d.pdf", year, q), ContentType: service.ContentPDF, Data: data})
}

func (s *Server) evaluationPDF(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.svc.EvaluationPDF(r.Context(), a, id)
	if err != nil {
		return err
	}
	return sendFile(w, service.File{Name: fmt.Sprintf("Evaluasi-Kinerja-%d.pdf", id), ContentType: service.ContentPDF, Data: data})
}

func (s *Server) distributionPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	office, year, q, err := s.officeYearQuarter(r, a, r.URL.Query().Get)
	if err != nil {
		return err
	}
	d, err := s.svc.Distribution(r.Context(), a, office, year, q)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "distribution", langOf(r).T("dist.title"), d)
	return nil
}

func (s *Server) ekinerjaPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	office, year, _, err := s.officeYearQuarter(r, a, r.URL.Query().Get)
	if err != nil {
		return err
	}
	x, err := s.svc.EKinerja(r.Context(), a, office, year)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ekinerja", langOf(r).T("ekinerja.title"), x)
	return nil
}

func (s *Server) ekinerjaExport(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	office, year, _, err := s.officeYearQuarter(r, a, r.URL.Query().Get)
	if err != nil {
		return err
	}
	x, err := s.svc.EKinerja(r.Context(), a, office, year)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("e-kinerja-%s-%d", x.Office.Code, year)
	if r.URL.Query().Get("format") == "xlsx" {
		data, err := x.XLSX()
		if err != nil {
			return err
		}
		return sendFile(w, service.File{Name: name + ".xlsx", ContentType: service.ContentXLSX, Data: data})
	}
	data, err := x.CSV()
	if err != nil {
		return err
	}
	return sendFile(w, service.File{Name: name + ".csv", ContentType: "text/csv; charset=utf-8", Data: data})
}

// tpkRemind reminds the raters who have not scored yet.
func (s *Server) tpkRemind(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	office, year, q, err := s.officeYearQuarter(r, a, f.Get)
	if err != nil {
		return err
	}
	n, err := s.svc.RemindRaters(r.Context(), a, year, q, office)
	if err != nil {
		if !f.absorb(langOf(r), err) {
			return err
		}
		return s.renderTPK(w, r, a, http.StatusUnprocessableEntity, f, f.Get)
	}
	s.addFlash(r, "ok", langOf(r).T("tpk.reminded", "n", n))
	redirect(w, r, fmt.Sprintf("/tpk?office=%d&year=%d&q=%d", office, year, q))
	return nil
}

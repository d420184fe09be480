package web

import (
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// k3Row is a K3 review row with its warnings in the reader's language.
type k3Row struct {
	service.K3Row
	K3Shown  float64 // K3 rounded by the rule engine's rounding rule
	Warnings []string
}

type k3Page struct {
	Scope      planScope
	Rows       []k3Row
	Total      int
	Low        int
	Incomplete int
	Undecided  int    // lines whose newest version has no decision
	Show       string // "", "low", "incomplete" or "undecided"
}

func (s *Server) k3Review(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := k3Page{Scope: sc, Show: r.URL.Query().Get("show")}
	if sc.Ready() {
		rows, err := s.svc.K3Review(r.Context(), a, sc.Year, sc.Office.ID)
		if err != nil {
			return err
		}
		for _, row := range rows {
			kr := k3Row{K3Row: row}
			if row.K3 != nil {
				kr.K3Shown = calc.Round2(row.K3.K3)
			}
			for _, st := range row.Warnings {
				kr.Warnings = append(kr.Warnings, st.Text(l.Code()))
			}
			d.Total++
			if row.Low {
				d.Low++
			}
			if row.Problem != "" {
				d.Incomplete++
			}
			undecided := row.Decision == nil || !row.Decision.Current
			if undecided {
				d.Undecided++
			}
			if d.Show == "" || d.Show == "low" && row.Low || d.Show == "incomplete" && row.Problem != "" || d.Show == "undecided" && undecided {
				d.Rows = append(d.Rows, kr)
			}
		}
	}
	s.render(w, r, http.StatusOK, "k3", l.T("k3r.title"), d)
	return nil
}

// k3Comment is a remark with its author's name.
type k3Comment struct {
	Comment domain.Comment
	Author  string
}

type k3ThreadPage struct {
	Line      *service.ParentRef
	Annual    calc.Opt
	Comments  []k3Comment
	CanWrite  bool
	Decision  service.K3LineDecision
	DecidedBy string
}

func (s *Server) k3Thread(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderK3Thread(w, r, a, http.StatusOK, newForm(nil))
}

func (s *Server) renderK3Thread(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	ref, err := s.svc.LineRef(r.Context(), a, lineID)
	if err != nil {
		return err
	}
	list, canWrite, err := s.svc.LineComments(r.Context(), a, lineID)
	if err != nil {
		return err
	}
	dec, err := s.svc.K3DecisionOf(r.Context(), a, lineID)
	if err != nil {
		return err
	}
	ids := []int64{}
	if dec.Decision != nil {
		ids = append(ids, dec.Decision.DecidedBy)
	}
	for _, c := range list {
		ids = append(ids, c.AuthorID)
	}
	names, err := s.svc.UserNames(r.Context(), a, ids)
	if err != nil {
		return err
	}
	d := k3ThreadPage{Line: ref, CanWrite: canWrite, Decision: dec}
	if dec.Decision != nil {
		d.DecidedBy = names[dec.Decision.DecidedBy]
	}
	if f.Values.Get("decision") == "" && dec.Decision != nil && dec.Decision.Current {
		f.Values.Set("decision", dec.Decision.Decision)
	}
	if cons := calc.Consolidation(ref.Manual.PeriodConsolidation); cons.Valid() {
		d.Annual = calc.AnnualTarget(cons, ref.Targets)
	}
	for _, c := range list {
		d.Comments = append(d.Comments, k3Comment{Comment: c, Author: names[c.AuthorID]})
	}
	s.renderForm(w, r, status, "k3_line", langOf(r).T("k3r.thread_title", "code", ref.Code), d, f)
	return nil
}

func (s *Server) k3Comment(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	if _, err := s.svc.AddLineComment(r.Context(), a, lineID, r.PostFormValue("body")); err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(l, err) {
			return err
		}
		return s.renderK3Thread(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("k3r.comment_added"))
	redirect(w, r, "/k3/lines/"+strconv.FormatInt(lineID, 10)+"#comments")
	return nil
}

// k3Decide records the pengelola kinerja's K3 decision on a line.
func (s *Server) k3Decide(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	rev, err := strconv.Atoi(r.PostFormValue("revision"))
	if err != nil {
		rev = -1
	}
	in := service.K3DecisionInput{Decision: r.PostFormValue("decision"), Note: r.PostFormValue("note"), Revision: rev}
	if _, err := s.svc.DecideK3(r.Context(), a, year, lineID, in); err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(l, err) {
			return err
		}
		return s.renderK3Thread(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("k3d.saved"))
	redirect(w, r, "/k3/lines/"+strconv.FormatInt(lineID, 10)+"#decision")
	return nil
}

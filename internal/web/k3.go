package web

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// k3Row is a K3 review row with its warnings in the reader's language.
type k3Row struct {
	service.K3Row
	K3Shown  float64 // K3 rounded by the rule engine's rounding rule
	Warnings []string
}

// k3RowsPerPage bounds a page of the review: a division of a large office
// holds hundreds of lines.
const k3RowsPerPage = 100

type k3Page struct {
	Scope      planScope
	Rows       []k3Row
	Total      int // of the part drawn
	Low        int
	Incomplete int
	Undecided  int    // lines whose newest version has no decision
	Show       string // "", "low", "incomplete" or "undecided"
	Chips      [4]string
	Office     k3Count  // the whole office
	Units      []k3Unit // the office's units with their counts, for the choice
	Unit       *k3Unit  // the unit drawn; nil: the office's own lines, or everything with All
	All        bool     // everything, for printing
	Summary    string   // the link of the office's own lines
	PrintAll   string   // the link of everything
	Page       int
	Pages      int
	Prev, Next string
}

// k3Count is the review of a unit and the units below it.
type k3Count struct {
	People    int
	Lines     int
	Undecided int
	Problems  int // K3 below 1 or an incomplete manual
}

// k3Unit is a unit of the office in the choice.
type k3Unit struct {
	ID    int64
	Name  string
	Depth int
	Link  string
	k3Count
}

// The review opens on the office's own lines with its units' counts, one
// unit at a time (paged), or everything for printing.
func (s *Server) k3Review(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	choice, err := parseUnitChoice(r)
	if err != nil {
		return err
	}
	l := langOf(r)
	q := r.URL.Query()
	d := k3Page{Scope: sc, Show: q.Get("show"), All: choice.All}
	d.Page, _ = strconv.Atoi(q.Get("page"))
	if sc.Ready() {
		office := sc.Office.ID
		if choice.ID, err = pickUnit(sc.Chart, office, a.EmployeeID(), choice); err != nil {
			return err
		}
		rows, err := s.svc.K3Review(r.Context(), a, sc.Year, office)
		if err != nil {
			return err
		}
		d.count(sc, rows, choice, l)
	}
	s.render(w, r, http.StatusOK, "k3", l.T("k3r.title"), d)
	return nil
}

// count adds the office's rows up by unit and keeps the page of the part
// drawn that the filter shows.
func (d *k3Page) count(sc planScope, rows []service.K3Row, choice unitChoice, l i18n.Lang) {
	c, office := sc.Chart, sc.Office.ID
	counts, shown := d.tally(c, office, rows, choice)
	base, _ := url.ParseQuery(sc.Query())
	if p := choiceParam(choice); p != "" {
		base.Set("unit", p)
	}
	link := func(show string, page int) string {
		v := maps.Clone(base)
		if show != "" {
			v.Set("show", show)
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/k3?" + v.Encode()
	}
	for i, show := range []string{"", "low", "incomplete", "undecided"} {
		d.Chips[i] = link(show, 0)
	}
	kept := maps.Clone(base)
	if d.Show != "" {
		kept.Set("show", d.Show)
	}
	links := newUnitLinker("/k3", kept.Encode())
	d.Summary, d.PrintAll = links.to(""), links.to("all")
	walkOfficeUnits(c, office, func(u *domain.Unit, depth int) {
		ku := k3Unit{ID: u.ID, Name: u.Name, Depth: depth, Link: links.unit(u.ID)}
		if n := counts[u.ID]; n != nil {
			ku.k3Count = *n
		}
		d.Units = append(d.Units, ku)
	})
	for i := range d.Units {
		if d.Units[i].ID == choice.ID {
			d.Unit = &d.Units[i]
		}
	}
	if !choice.All {
		d.Pages = (len(shown) + k3RowsPerPage - 1) / k3RowsPerPage
		d.Page = max(1, min(d.Page, d.Pages))
		if d.Page > 1 {
			d.Prev = link(d.Show, d.Page-1)
		}
		if d.Page < d.Pages {
			d.Next = link(d.Show, d.Page+1)
		}
		if d.Pages > 0 {
			shown = shown[(d.Page-1)*k3RowsPerPage : min(len(shown), d.Page*k3RowsPerPage)]
		}
	}
	for _, row := range shown {
		kr := k3Row{K3Row: row}
		if row.K3 != nil {
			kr.K3Shown = calc.Round2(row.K3.K3)
		}
		for _, st := range row.Warnings {
			kr.Warnings = append(kr.Warnings, st.Text(l.Code()))
		}
		d.Rows = append(d.Rows, kr)
	}
}

// tally counts the office's people and lines by unit (each unit with the
// units below it), counts the part drawn and returns its rows the filter
// shows.
func (d *k3Page) tally(c *domain.Chart, office int64, rows []service.K3Row, choice unitChoice) (map[int64]*k3Count, []service.K3Row) {
	counts := map[int64]*k3Count{}
	add := func(unit int64, f func(*k3Count)) {
		for u, depth := unit, 0; u != office && c.Units[u] != nil && depth < 20; u, depth = c.Units[u].ParentID, depth+1 {
			if counts[u] == nil {
				counts[u] = &k3Count{}
			}
			f(counts[u])
		}
	}
	people := c.OfficeEmployees(office)
	d.Office.People = len(people)
	for _, id := range people {
		if pos, ok := c.Primary(id); ok {
			add(pos.UnitID, func(k *k3Count) { k.People++ })
		}
	}
	var shown []service.K3Row
	for _, row := range rows {
		undecided := row.Decision == nil || !row.Decision.Current
		tally := func(k *k3Count) {
			k.Lines++
			if undecided {
				k.Undecided++
			}
			if row.Low || row.Problem != "" {
				k.Problems++
			}
		}
		tally(&d.Office)
		add(row.UnitID, tally)
		// The office's own part holds the lines of no unit below it.
		own := row.UnitID == office || c.Units[row.UnitID] == nil || c.Office(row.UnitID) != office
		if !choice.All && (choice.ID == 0 && !own || choice.ID != 0 && !c.InUnitTree(choice.ID, row.UnitID)) {
			continue
		}
		d.Total++
		if row.Low {
			d.Low++
		}
		if row.Problem != "" {
			d.Incomplete++
		}
		if undecided {
			d.Undecided++
		}
		if d.Show == "" || d.Show == "low" && row.Low || d.Show == "incomplete" && row.Problem != "" || d.Show == "undecided" && undecided {
			shown = append(shown, row)
		}
	}
	return counts, shown
}

// choiceParam is the unit parameter naming a choice ("" for the default).
func choiceParam(c unitChoice) string {
	switch {
	case c.All:
		return "all"
	case c.ID != 0:
		return strconv.FormatInt(c.ID, 10)
	}
	return ""
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

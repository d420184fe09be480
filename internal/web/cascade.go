package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// cascadePerson is a subordinate who may receive the indicator.
type cascadePerson struct {
	Employee *domain.Employee
	Position *domain.Position
	Has      *service.CascadeChild // already holds an indicator cascaded from this line
	Plan     *service.PlanSummary  // their plan this year, if any
}

type cascadeFormPage struct {
	View      service.PlanView
	Line      service.LineView
	People    []cascadePerson
	Others    []service.CascadeChild // children held by people who are not direct reports now
	Existing  [4]calc.Opt            // sum of the existing partial children per quarter
	Sum       bool                   // the line consolidates by sum, so partial targets should add up
	Available int                    // people who may still receive it
}

// cascadeContext loads the plan, the line to cascade and who may receive it.
func (s *Server) cascadeContext(r *http.Request, a authz.Actor) (cascadeFormPage, error) {
	var d cascadeFormPage
	id, err := pathID(r, "id")
	if err != nil {
		return d, err
	}
	lineID, err := pathID(r, "line")
	if err != nil {
		return d, err
	}
	view, err := s.svc.GetPlan(r.Context(), a, id, 0)
	if err != nil {
		return d, err
	}
	if !view.Perm.Cascade {
		return d, domain.ErrForbidden
	}
	d.View = view
	found := false
	for _, ln := range view.Lines {
		if ln.LineID == lineID {
			d.Line, found = ln, true
		}
	}
	if !found {
		return d, domain.ErrNotFound
	}
	d.Sum = d.Line.PeriodConsolidation == string(calc.ConsolidationSum)
	children, err := s.svc.CascadeChildren(r.Context(), a, lineID)
	if err != nil {
		return d, err
	}
	has := map[int64]*service.CascadeChild{}
	for i := range children {
		ch := &children[i]
		has[ch.EmployeeID] = ch
		if ch.Method == domain.MethodPartial {
			for q := range 4 {
				if ch.Targets[q].OK {
					d.Existing[q] = calc.Some(d.Existing[q].Or(0) + ch.Targets[q].V)
				}
			}
		}
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return d, err
	}
	plans, err := s.svc.ListPlans(r.Context(), a, view.Plan.Year, view.Plan.OfficeID)
	if err != nil {
		return d, err
	}
	planOf := childPlans(plans, authz.PlanDay(view.Plan, s.svc.Today()))
	subs := c.Subordinates(view.Plan.EmployeeID)
	direct := map[int64]bool{}
	for _, e := range subs {
		direct[e] = true
		p := cascadePerson{Employee: c.Employees[e], Has: has[e], Plan: planOf[e]}
		p.Position, _ = c.Primary(e)
		if p.Has == nil {
			d.Available++
		}
		d.People = append(d.People, p)
	}
	sort.SliceStable(d.People, func(i, j int) bool {
		pi, pj := d.People[i].Position, d.People[j].Position
		return pi != nil && pj != nil && pi.ID < pj.ID
	})
	for _, ch := range children {
		if !direct[ch.EmployeeID] {
			d.Others = append(d.Others, ch)
		}
	}
	return d, nil
}

// childPlans returns, per person, the plan a cascade on day writes to: the
// one in force that day, as service.Cascade takes it (none: the cascade
// opens one). A person who moved has a plan of each post.
func childPlans(plans []service.PlanSummary, day time.Time) map[int64]*service.PlanSummary {
	out := map[int64]*service.PlanSummary{}
	for i := range plans {
		p := &plans[i]
		if p.Plan.Covers(day) {
			out[p.Plan.EmployeeID] = p
		}
	}
	return out
}

func (s *Server) cascadeForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	d, err := s.cascadeContext(r, a)
	if err != nil {
		return err
	}
	f := newForm(nil)
	f.Values.Set("method", domain.MethodFull)
	if d.Line.CascadeMethod == domain.MethodPartial || d.Sum && len(d.People) > 1 {
		f.Values.Set("method", domain.MethodPartial)
	}
	return s.renderCascadeForm(w, r, d, http.StatusOK, f)
}

func (s *Server) renderCascadeForm(w http.ResponseWriter, r *http.Request, d cascadeFormPage, status int, f *form) error {
	s.renderForm(w, r, status, "cascade_form", langOf(r).T("casc.form_title", "code", d.Line.Code), d, f)
	return nil
}

func (s *Server) cascadeSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	d, err := s.cascadeContext(r, a)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	method := f.Get("method")
	var targets []service.CascadeTarget
	for _, v := range r.PostForm["employee"] {
		emp, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return errBadRequest
		}
		t := service.CascadeTarget{EmployeeID: emp}
		if method == domain.MethodPartial {
			for q := range 4 {
				name := "t" + strconv.Itoa(q+1) + "_" + v
				t.Targets[q] = formFloat(f, l, name, false)
				if msg, bad := f.Errors[name]; bad {
					f.Errors["employee_"+v] = msg
				}
			}
		}
		targets = append(targets, t)
	}
	if !f.HasErrors() {
		created, err := s.svc.Cascade(r.Context(), a, d.View.Plan.ID, d.Line.LineID, method, targets)
		if err == nil {
			s.addFlash(r, "ok", l.T("casc.done", "code", d.Line.Code, "n", len(created)))
			redirect(w, r, "/plans/"+strconv.FormatInt(d.View.Plan.ID, 10)+"#line-"+strconv.FormatInt(d.Line.LineID, 10))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	return s.renderCascadeForm(w, r, d, http.StatusUnprocessableEntity, f)
}

type cascadeTreePage struct {
	Scope    planScope
	Tree     service.CascadeTree
	Units    []cascadeUnit // the office's units with their counts, for the choice
	Unit     *cascadeUnit  // the unit drawn; nil: the office's PK, or everything with All
	All      bool          // everything, for printing
	Gaps     int           // of the part drawn
	Summary  string        // the link of the office's PK
	PrintAll string        // the link of everything
}

// cascadeUnit is a unit of the office in the choice.
type cascadeUnit struct {
	ID    int64
	Name  string
	Depth int
	Link  string
	service.CascadeUnitCount
}

func (s *Server) cascadeTree(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	choice, err := parseUnitChoice(r)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := cascadeTreePage{Scope: sc, All: choice.All}
	if sc.Ready() {
		office := sc.Office.ID
		if choice.ID, err = pickUnit(sc.Chart, office, a.EmployeeID(), choice); err != nil {
			return err
		}
		scope := service.CascadeScope{Unit: office, Only: true}
		switch {
		case choice.All:
			scope = service.CascadeScope{}
		case choice.ID != 0:
			scope = service.CascadeScope{Unit: choice.ID}
		}
		if d.Tree, err = s.svc.CascadeTreeIn(r.Context(), a, sc.Year, office, scope); err != nil {
			return err
		}
		links := newUnitLinker("/cascade", sc.Query())
		d.Summary, d.PrintAll = links.to(""), links.to("all")
		d.Units = cascadeUnits(sc.Chart, office, d.Tree.Units, links)
		for i := range d.Units {
			if d.Units[i].ID == choice.ID {
				d.Unit = &d.Units[i]
			}
		}
		t := d.Tree
		d.Gaps = len(t.NoChild) + len(t.Orphans) + len(t.LeftParent) + len(t.Splits) + len(t.NoPlan)
		if d.Unit != nil {
			// The PK's own gaps belong to the office's page.
			d.Gaps -= len(t.NoChild)
		}
	}
	s.render(w, r, http.StatusOK, "cascade", l.T("casc.title"), d)
	return nil
}

// cascadeUnits lists the units below an office, depth first, with their
// part of the cascade.
func cascadeUnits(c *domain.Chart, office int64, counts map[int64]*service.CascadeUnitCount, links unitLinker) []cascadeUnit {
	var out []cascadeUnit
	walkOfficeUnits(c, office, func(u *domain.Unit, depth int) {
		cu := cascadeUnit{ID: u.ID, Name: u.Name, Depth: depth, Link: links.unit(u.ID)}
		if n := counts[u.ID]; n != nil {
			cu.CascadeUnitCount = *n
		}
		out = append(out, cu)
	})
	return out
}

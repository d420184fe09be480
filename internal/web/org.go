package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// orgNode is a unit of the tree view with its positions and child units.
type orgNode struct {
	Unit      *domain.Unit
	Positions []orgPosition
	Children  []*orgNode
	Staff     int
}

type orgPosition struct {
	Position *domain.Position
	Holders  []orgHolder
	Kind     string
}

type orgHolder struct {
	Employee *domain.Employee
	Acting   domain.ActingKind
}

func kindRank(k domain.PositionKind) int {
	for i, x := range domain.PositionKinds {
		if x == k {
			return i
		}
	}
	return len(domain.PositionKinds)
}

func buildOrgNode(c *domain.Chart, id int64) *orgNode {
	n := &orgNode{Unit: c.Units[id]}
	for _, pid := range c.UnitPositions(id) {
		p := c.Positions[pid]
		op := orgPosition{Position: p}
		for _, h := range c.Holders(pid) {
			op.Holders = append(op.Holders, orgHolder{Employee: c.Employees[h.EmployeeID], Acting: h.Acting})
		}
		n.Staff += len(op.Holders)
		n.Positions = append(n.Positions, op)
	}
	sort.SliceStable(n.Positions, func(i, j int) bool {
		a, b := n.Positions[i].Position, n.Positions[j].Position
		if kindRank(a.Kind) != kindRank(b.Kind) {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		return a.ID < b.ID
	})
	children := append([]int64(nil), c.Children(id)...)
	sort.Slice(children, func(i, j int) bool { return children[i] < children[j] }) // creation order: the office's own order of sections
	for _, ch := range children {
		cn := buildOrgNode(c, ch)
		n.Staff += cn.Staff
		n.Children = append(n.Children, cn)
	}
	return n
}

type orgPage struct {
	Roots     []*orgNode
	CanManage bool
	Employees int
}

func (s *Server) orgTree(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	roots := append([]int64(nil), c.Roots()...)
	sort.Slice(roots, func(i, j int) bool { return c.Units[roots[i]].Code < c.Units[roots[j]].Code })
	d := orgPage{CanManage: authz.Can(a, authz.OrgManage), Employees: len(c.Employees)}
	for _, id := range roots {
		d.Roots = append(d.Roots, buildOrgNode(c, id))
	}
	s.render(w, r, http.StatusOK, "org", langOf(r).T("org.title"), d)
	return nil
}

type unitPage struct {
	Node      *orgNode
	Parent    *domain.Unit
	Office    *domain.Unit
	CanManage bool
}

func (s *Server) unitDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	u := c.Units[id]
	if u == nil {
		return domain.ErrNotFound
	}
	d := unitPage{Node: buildOrgNode(c, id), Parent: c.Units[u.ParentID], Office: c.Units[c.Office(id)],
		CanManage: authz.CanInScope(a, c, authz.OrgManage, id)}
	s.render(w, r, http.StatusOK, "unit", u.Name, d)
	return nil
}

type unitFormPage struct {
	Unit  *domain.Unit
	Units []*domain.Unit
	Kinds []domain.UnitKind
}

func sortedUnits(c *domain.Chart) []*domain.Unit {
	out := make([]*domain.Unit, 0, len(c.Units))
	for _, u := range c.Units {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// formTitle is the title of a form shown again with errors: a new record
// (id 0) or an edit.
func formTitle(r *http.Request, id int64, newKey, editKey string) string {
	if id == 0 {
		return langOf(r).T(newKey)
	}
	return langOf(r).T(editKey)
}

// mayManage refuses a form to whoever could not save it, as the services
// would: the org manager role, within its scope when a unit is given (0: none).
func mayManage(a authz.Actor, c *domain.Chart, unitID int64) error {
	if !authz.Can(a, authz.OrgManage) || (unitID != 0 && !authz.InScope(a, c, unitID)) {
		return domain.ErrForbidden
	}
	return nil
}

func (s *Server) unitForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	if err := mayManage(a, c, 0); err != nil {
		return err
	}
	d := unitFormPage{Units: sortedUnits(c), Kinds: domain.UnitKinds}
	f := newForm(nil)
	title := langOf(r).T("unit.new")
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		u := c.Units[id]
		if u == nil {
			return domain.ErrNotFound
		}
		if err := mayManage(a, c, id); err != nil {
			return err
		}
		d.Unit = u
		f.Values = map[string][]string{"parent_id": {strconv.FormatInt(u.ParentID, 10)}, "code": {u.Code}, "name": {u.Name},
			"kind": {string(u.Kind)}, "letterhead": {u.Letterhead}, "address": {u.Address}, "city": {u.City}}
		title = langOf(r).T("unit.edit")
	} else {
		f.Values = map[string][]string{"parent_id": {r.URL.Query().Get("parent")}, "kind": {string(domain.UnitSection)}}
	}
	s.renderForm(w, r, http.StatusOK, "unit_form", title, d, f)
	return nil
}

func (s *Server) unitSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := service.UnitInput{ParentID: formID(r, "parent_id"), Code: r.PostFormValue("code"), Name: r.PostFormValue("name"),
		Kind: domain.UnitKind(r.PostFormValue("kind")), Letterhead: r.PostFormValue("letterhead"),
		Address: r.PostFormValue("address"), City: r.PostFormValue("city")}
	var (
		u   domain.Unit
		err error
		id  int64
	)
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		u, err = s.svc.UpdateUnit(r.Context(), a, id, in)
	} else {
		u, err = s.svc.CreateUnit(r.Context(), a, in)
	}
	if err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(langOf(r), err) {
			return err
		}
		c, cerr := s.svc.OrgChart(r.Context(), a)
		if cerr != nil {
			return cerr
		}
		d := unitFormPage{Units: sortedUnits(c), Kinds: domain.UnitKinds, Unit: c.Units[id]}
		s.renderForm(w, r, http.StatusUnprocessableEntity, "unit_form", formTitle(r, id, "unit.new", "unit.edit"), d, f)
		return nil
	}
	s.addFlash(r, "ok", langOf(r).T("saved"))
	redirect(w, r, "/org/units/"+strconv.FormatInt(u.ID, 10))
	return nil
}

type positionFormPage struct {
	Position  *domain.Position
	Units     []*domain.Unit
	Positions []positionOption
	Kinds     []domain.PositionKind
}

type positionOption struct {
	ID    int64
	Label string
}

func positionOptions(c *domain.Chart) []positionOption {
	out := make([]positionOption, 0, len(c.Positions))
	for _, p := range c.Positions {
		label := p.Title
		if u := c.Units[p.UnitID]; u != nil {
			label += " — " + u.Name
		}
		if hs := c.Holders(p.ID); len(hs) > 0 {
			if e := c.Employees[hs[0].EmployeeID]; e != nil {
				label += " (" + e.Name + ")"
			}
		}
		out = append(out, positionOption{ID: p.ID, Label: label})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Label) < strings.ToLower(out[j].Label) })
	return out
}

func (s *Server) positionForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	c, err := s.svc.OrgChart(r.Context(), a)
	if err != nil {
		return err
	}
	if err := mayManage(a, c, 0); err != nil {
		return err
	}
	d := positionFormPage{Units: sortedUnits(c), Positions: positionOptions(c), Kinds: domain.PositionKinds}
	f := newForm(nil)
	title := langOf(r).T("position.new")
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		p := c.Positions[id]
		if p == nil {
			return domain.ErrNotFound
		}
		if err := mayManage(a, c, p.UnitID); err != nil {
			return err
		}
		d.Position = p
		f.Values = map[string][]string{"unit_id": {strconv.FormatInt(p.UnitID, 10)}, "title": {p.Title}, "kind": {string(p.Kind)},
			"reports_to_id": {strconv.FormatInt(p.ReportsToID, 10)}}
		if p.NonSubstantive {
			f.Values["non_substantive"] = []string{"on"}
		}
		title = langOf(r).T("position.edit")
	} else {
		f.Values = map[string][]string{"unit_id": {r.URL.Query().Get("unit")}, "kind": {string(domain.PosPelaksana)}}
	}
	s.renderForm(w, r, http.StatusOK, "position_form", title, d, f)
	return nil
}

func (s *Server) positionSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := service.PositionInput{UnitID: formID(r, "unit_id"), Title: r.PostFormValue("title"),
		Kind: domain.PositionKind(r.PostFormValue("kind")), ReportsToID: formID(r, "reports_to_id"), NonSubstantive: r.PostFormValue("non_substantive") != ""}
	var (
		p   domain.Position
		err error
		id  int64
	)
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		p, err = s.svc.UpdatePosition(r.Context(), a, id, in)
	} else {
		p, err = s.svc.CreatePosition(r.Context(), a, in)
	}
	if err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(langOf(r), err) {
			return err
		}
		c, cerr := s.svc.OrgChart(r.Context(), a)
		if cerr != nil {
			return cerr
		}
		d := positionFormPage{Units: sortedUnits(c), Positions: positionOptions(c), Kinds: domain.PositionKinds, Position: c.Positions[id]}
		s.renderForm(w, r, http.StatusUnprocessableEntity, "position_form", formTitle(r, id, "position.new", "position.edit"), d, f)
		return nil
	}
	s.addFlash(r, "ok", langOf(r).T("saved"))
	redirect(w, r, "/org/units/"+strconv.FormatInt(p.UnitID, 10))
	return nil
}

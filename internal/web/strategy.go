package web

import (
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/chart"
	"github.com/kinerja/kinerja/internal/service"
)

// strategyBand is a perspective of the map with its objectives, top to bottom.
type strategyBand struct {
	Perspective domain.Perspective
	Objectives  []strategyObjective
}

type strategyObjective struct {
	Objective domain.Objective
	Supports  []domain.Objective // objectives it contributes to (arrows up)
}

type strategyPage struct {
	Scope  planScope
	View   service.StrategyMapView
	SVG    template.HTML
	Bands  []strategyBand
	Count  int
	Kinds  []domain.PerspectiveKind
	Weight string // current sum of the present weights, as shown
	// The office's strategic initiatives, shown beside the objectives they serve.
	Initiatives service.InitiativesView
}

func (s *Server) strategy(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	return s.renderStrategy(w, r, a, sc, http.StatusOK, nil)
}

// renderStrategy shows the map; f carries a refused perspective form.
func (s *Server) renderStrategy(w http.ResponseWriter, r *http.Request, a authz.Actor, sc planScope, status int, f *form) error {
	l := langOf(r)
	d := strategyPage{Scope: sc, Kinds: domain.PerspectiveKinds}
	if !sc.Ready() {
		s.renderForm(w, r, status, "strategy", l.T("smap.title"), d, f)
		return nil
	}
	view, err := s.svc.StrategyMap(r.Context(), a, sc.Year, sc.Office.ID)
	if err != nil {
		return err
	}
	d.View = view
	if d.Initiatives, err = s.svc.InitiativeList(r.Context(), a, sc.Year, sc.Office.ID); err != nil {
		return err
	}
	d.Bands = strategyBands(view.Map)
	for _, b := range d.Bands {
		d.Count += len(b.Objectives)
	}
	if d.Count > 0 {
		d.SVG = template.HTML(strategySVG(l, view, d.Bands).SVG())
	}
	if f == nil {
		f = newForm(nil)
		total := 0.0
		have := map[domain.PerspectiveKind]domain.Perspective{}
		for _, p := range view.Map.Perspectives {
			have[p.Kind] = p
			total += p.Weight
		}
		for _, k := range domain.PerspectiveKinds {
			p, ok := have[k]
			if ok {
				f.Values.Set("present_"+string(k), "on")
				f.Values.Set("name_"+string(k), p.Name)
				f.Values.Set("weight_"+string(k), formNumber(l, p.Weight))
			} else {
				f.Values.Set("name_"+string(k), l.T("persp."+string(k)))
			}
		}
		d.Weight = i18n.FormatNumberTrim(string(l), total, 2)
	}
	s.renderForm(w, r, status, "strategy", l.T("smap.title_year", "year", sc.Year), d, f)
	return nil
}

// strategyBands orders the perspectives top to bottom with their objectives
// and the objectives each one supports.
func strategyBands(m domain.StrategyMap) []strategyBand {
	ps := append([]domain.Perspective(nil), m.Perspectives...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Kind.Rank() < ps[j].Kind.Rank() })
	var out []strategyBand
	for _, p := range ps {
		b := strategyBand{Perspective: p}
		for _, o := range m.Objectives {
			if o.PerspectiveID != p.ID {
				continue
			}
			so := strategyObjective{Objective: o}
			for _, lk := range m.Links {
				if lk.FromID == o.ID {
					if to, ok := m.Objective(lk.ToID); ok {
						so.Supports = append(so.Supports, to)
					}
				}
			}
			b.Objectives = append(b.Objectives, so)
		}
		sort.SliceStable(b.Objectives, func(i, j int) bool { return b.Objectives[i].Objective.Seq < b.Objectives[j].Objective.Seq })
		out = append(out, b)
	}
	return out
}

// strategySVG draws the map; each box links to its row in the objectives table.
func strategySVG(l i18n.Lang, view service.StrategyMapView, bands []strategyBand) chart.StrategyMap {
	sm := chart.StrategyMap{Meta: chart.Meta{Title: l.T("smap.chart_title", "office", view.Office.Name, "year", view.Year.Year),
		ID: "smap", Lang: string(l)}}
	for _, b := range bands {
		cp := chart.Perspective{Name: b.Perspective.Name, Weight: b.Perspective.Weight}
		for _, o := range b.Objectives {
			cp.Objectives = append(cp.Objectives, chart.Objective{Code: o.Objective.Code, Name: o.Objective.Name,
				URL: "#ss-" + strconv.FormatInt(o.Objective.ID, 10)})
			for _, to := range o.Supports {
				sm.Links = append(sm.Links, chart.Link{From: o.Objective.Code, To: to.Code})
			}
		}
		sm.Perspectives = append(sm.Perspectives, cp)
	}
	return sm
}

func (s *Server) strategyPerspectives(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	if !sc.Ready() {
		return errBadRequest
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	var in []service.PerspectiveInput
	for _, k := range domain.PerspectiveKinds {
		p := service.PerspectiveInput{Kind: k, Name: f.Get("name_" + string(k)), Present: f.Get("present_"+string(k)) != ""}
		if p.Present {
			p.Weight = formFloat(f, l, "weight_"+string(k), true).V
		}
		in = append(in, p)
	}
	if !f.HasErrors() {
		_, err = s.svc.SetPerspectives(r.Context(), a, sc.Year, sc.Office.ID, in)
		if err == nil {
			s.addFlash(r, "ok", l.T("smap.perspectives_saved"))
			redirect(w, r, "/strategy?"+sc.Query())
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	return s.renderStrategy(w, r, a, sc, http.StatusUnprocessableEntity, f)
}

type objectiveFormPage struct {
	Scope     planScope
	View      service.StrategyMapView
	Objective *domain.Objective
	Bands     []strategyBand
}

func (s *Server) objectiveForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, view, obj, err := s.objectiveContext(r, a)
	if err != nil {
		return err
	}
	f := newForm(nil)
	if obj != nil {
		p, _ := view.Map.Perspective(obj.PerspectiveID)
		f.Values.Set("perspective", string(p.Kind))
		f.Values.Set("code", obj.Code)
		f.Values.Set("name", obj.Name)
		f.Values.Set("description", obj.Description)
		for _, lk := range view.Map.Links {
			if lk.FromID == obj.ID {
				f.Values.Add("supports", strconv.FormatInt(lk.ToID, 10))
			}
		}
	} else {
		f.Values.Set("code", "SS-"+strconv.Itoa(len(view.Map.Objectives)+1))
		if k := r.URL.Query().Get("perspective"); k != "" {
			f.Values.Set("perspective", k)
		}
	}
	return s.renderObjectiveForm(w, r, sc, view, obj, http.StatusOK, f)
}

func (s *Server) renderObjectiveForm(w http.ResponseWriter, r *http.Request, sc planScope, view service.StrategyMapView, obj *domain.Objective, status int, f *form) error {
	l := langOf(r)
	title := l.T("smap.objective_new")
	if obj != nil {
		title = l.T("smap.objective_edit", "code", obj.Code)
	}
	d := objectiveFormPage{Scope: sc, View: view, Objective: obj, Bands: strategyBands(view.Map)}
	s.renderForm(w, r, status, "objective_form", title, d, f)
	return nil
}

// objectiveContext loads the scope, the map (which the viewer must be allowed
// to manage) and, on edit routes, the objective.
func (s *Server) objectiveContext(r *http.Request, a authz.Actor) (planScope, service.StrategyMapView, *domain.Objective, error) {
	var view service.StrategyMapView
	sc, err := s.planScope(r, a)
	if err != nil {
		return sc, view, nil, err
	}
	if !sc.Ready() {
		return sc, view, nil, errBadRequest
	}
	view, err = s.svc.StrategyMap(r.Context(), a, sc.Year, sc.Office.ID)
	if err != nil {
		return sc, view, nil, err
	}
	if !view.CanManage {
		return sc, view, nil, domain.ErrForbidden
	}
	if r.PathValue("id") == "" {
		return sc, view, nil, nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return sc, view, nil, err
	}
	o, ok := view.Map.Objective(id)
	if !ok {
		return sc, view, nil, domain.ErrNotFound
	}
	return sc, view, &o, nil
}

func (s *Server) objectiveSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, view, obj, err := s.objectiveContext(r, a)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	in := service.ObjectiveInput{PerspectiveKind: domain.PerspectiveKind(r.PostFormValue("perspective")),
		Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	for _, v := range r.PostForm["supports"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Supports = append(in.Supports, id)
		}
	}
	var id int64
	if obj != nil {
		id = obj.ID
	}
	o, err := s.svc.SaveObjective(r.Context(), a, sc.Year, sc.Office.ID, id, in)
	if err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(l, err) {
			return err
		}
		return s.renderObjectiveForm(w, r, sc, view, obj, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T("smap.objective_saved", "code", o.Code))
	redirect(w, r, "/strategy?"+sc.Query()+"#ss-"+strconv.FormatInt(o.ID, 10))
	return nil
}

func (s *Server) objectiveDelete(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, _, obj, err := s.objectiveContext(r, a)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteObjective(r.Context(), a, sc.Year, sc.Office.ID, obj.ID); err != nil {
		return err
	}
	s.addFlash(r, "ok", langOf(r).T("smap.objective_deleted", "code", obj.Code))
	redirect(w, r, "/strategy?"+sc.Query())
	return nil
}

// formNumber writes a number into a form field so that i18n.ParseNumber reads
// it back unchanged: no thousands separators, the language's decimal
// separator, and a trailing zero where three decimals would be ambiguous.
func formNumber(l i18n.Lang, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if l.Code() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	ip, frac, ok := strings.Cut(strings.NewReplacer(",", ".").Replace(s), ".")
	ip = strings.TrimPrefix(ip, "-")
	if ok && len(frac) == 3 && len(ip) >= 1 && len(ip) <= 3 && ip[0] != '0' {
		s += "0"
	}
	return s
}

// formOpt writes an optional number into a form field ("" when undefined).
func formOpt(l i18n.Lang, o domain.OptFloat) string {
	if !o.OK {
		return ""
	}
	return formNumber(l, o.V)
}

// formFloat reads a typed number. Empty is undefined, or a field error when
// required; a malformed number is a field error in the user's language.
func formFloat(f *form, l i18n.Lang, name string, required bool) domain.OptFloat {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		if required {
			f.Errors[name] = l.T("err.required")
		}
		return domain.OptFloat{}
	}
	x, err := i18n.ParseNumber(v)
	if err != nil {
		var ne *i18n.NumberError
		if errors.As(err, &ne) {
			f.Errors[name] = ne.Message(l.Code())
		} else {
			f.Errors[name] = l.T("err.number")
		}
		return domain.OptFloat{}
	}
	return domain.Some(x)
}

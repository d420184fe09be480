package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// lineEnums are the allowed values of the manual's choice fields (SPEC §6),
// in the order the line editor offers them.
type lineEnums struct {
	CascadeTypes   []string
	CascadeMethods []string
	TargetAspects  []string
	Polarities     []calc.Polarity
	Consolidations []calc.Consolidation
	Periods        []string
	Validities     []calc.Validity
	Controls       []calc.Control
	Histories      []calc.History
	EvidenceKinds  []string
	Units          []string
}

var enums = lineEnums{
	CascadeTypes:   domain.CascadeTypes,
	CascadeMethods: domain.CascadeMethods,
	TargetAspects:  domain.TargetAspects,
	Polarities:     []calc.Polarity{calc.PolarityMaximize, calc.PolarityMinimize, calc.PolarityStabilize},
	Consolidations: []calc.Consolidation{calc.ConsolidationSum, calc.ConsolidationAverage, calc.ConsolidationLast},
	Periods:        domain.ReportingPeriods,
	Validities:     []calc.Validity{calc.ValidityExact, calc.ValidityProxy, calc.ValidityActivity},
	Controls:       []calc.Control{calc.ControlHigh, calc.ControlModerate, calc.ControlLow},
	Histories:      []calc.History{calc.HistoryExisting, calc.HistoryNewWithHistory, calc.HistoryNewWithoutHistory, calc.HistoryMandatory},
	EvidenceKinds:  domain.EvidenceKinds,
	Units:          domain.Units,
}

// Rows shown for the stabilize scale and the evidence list; without
// JavaScript these are all the rows there are, so leave room.
const (
	scaleRows    = 5
	evidenceRows = 6
)

type evidenceRow struct{ Kind, Name string }

type scaleRow struct{ Ca, Ach string }

// targetPreview is the annual and to-date targets derived from what is typed.
type targetPreview struct {
	ToDate [4]calc.Opt
	Annual calc.Opt
}

type lineFormPage struct {
	View     service.PlanView
	Line     *service.LineView // nil for a new line
	IKU      bool
	Bands    []strategyBand        // IKU: objectives by perspective
	Parents  []service.ParentGroup // lines it may be cascaded from (an IKU: of the office above)
	Lower    bool                  // an IKU of an office with offices below: may be consolidated from them
	Parent   *service.ParentRef    // the chosen parent
	Evidence []evidenceRow
	Scale    []scaleRow
	Preview  targetPreview
	E        lineEnums
	Conflict bool
}

// lineContext loads the newest version of a plan for editing and, on routes
// with {line}, the line. A frozen or foreign plan is refused before the form
// is shown, with the same reasons the service gives on saving.
func (s *Server) lineContext(r *http.Request, a authz.Actor) (service.PlanView, *service.LineView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return service.PlanView{}, nil, err
	}
	view, err := s.svc.GetPlan(r.Context(), a, id, 0)
	if err != nil {
		return view, nil, err
	}
	if !view.Perm.Edit {
		if !view.Version.Status.Editable() {
			return view, nil, domain.Refuse("plan.frozen", "status", string(view.Version.Status))
		}
		return view, nil, domain.ErrForbidden
	}
	if r.PathValue("line") == "" {
		return view, nil, nil
	}
	lineID, err := pathID(r, "line")
	if err != nil {
		return view, nil, err
	}
	for i := range view.Lines {
		if view.Lines[i].LineID == lineID {
			return view, &view.Lines[i], nil
		}
	}
	return view, nil, domain.ErrNotFound
}

func (s *Server) lineForm(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	view, line, err := s.lineContext(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(nil)
	if line != nil {
		f.Values = lineValues(l, line.Indicator)
	} else {
		f.Values = url.Values{"cascade_type": {domain.CascadePeta}, "cascade_method": {domain.MethodFull},
			"target_aspect": {"kuantitas"}, "reporting_period": {"quarterly"}, "history_kind": {string(calc.HistoryExisting)}}
		if p := r.URL.Query().Get("parent"); p != "" {
			f.Values.Set("parent_line_id", p)
		}
		if o := r.URL.Query().Get("objective"); o != "" {
			f.Values.Set("objective_id", o)
		}
	}
	f.Values.Set("revision", strconv.Itoa(view.Version.Revision))
	return s.renderLineForm(w, r, a, view, line, http.StatusOK, f, false)
}

func (s *Server) renderLineForm(w http.ResponseWriter, r *http.Request, a authz.Actor, view service.PlanView, line *service.LineView, status int, f *form, conflict bool) error {
	l := langOf(r)
	d := lineFormPage{View: view, Line: line, IKU: view.Plan.Kind == domain.PlanPK, E: enums, Conflict: conflict}
	if d.IKU {
		m, err := s.svc.StrategyMap(r.Context(), a, view.Plan.Year, view.Plan.OfficeID)
		if err != nil {
			return err
		}
		d.Bands = strategyBands(m.Map)
		if d.Lower, err = s.svc.HasLowerOffices(r.Context(), view.Plan.OfficeID); err != nil {
			return err
		}
	}
	parents, err := s.svc.ParentChoices(r.Context(), a, view.Plan.ID)
	if err != nil {
		return err
	}
	d.Parents = parents
	if !d.IKU {
		pid, _ := strconv.ParseInt(f.Get("parent_line_id"), 10, 64)
		for gi := range parents {
			for li := range parents[gi].Lines {
				if parents[gi].Lines[li].LineID == pid {
					d.Parent = &parents[gi].Lines[li]
				}
			}
		}
		if d.Parent == nil && line != nil && line.Parent != nil && line.Parent.LineID == pid {
			d.Parent = line.Parent
		}
		// A new line cascaded from a chosen parent starts as a copy of it.
		if line == nil && d.Parent != nil && r.Method == http.MethodGet {
			fillFromParent(l, f, d.Parent, view.Lines)
		}
	}
	for i, k := range f.Values["evidence_kind"] {
		row := evidenceRow{Kind: k}
		if names := f.Values["evidence_name"]; i < len(names) {
			row.Name = names[i]
		}
		if strings.TrimSpace(row.Name) != "" {
			d.Evidence = append(d.Evidence, row)
		}
	}
	for len(d.Evidence) < evidenceRows || len(d.Evidence) < len(f.Values["evidence_kind"])+2 {
		d.Evidence = append(d.Evidence, evidenceRow{})
	}
	for i, ca := range f.Values["scale_ca"] {
		row := scaleRow{Ca: ca}
		if ach := f.Values["scale_ach"]; i < len(ach) {
			row.Ach = ach[i]
		}
		if strings.TrimSpace(row.Ca+row.Ach) != "" {
			d.Scale = append(d.Scale, row)
		}
	}
	for len(d.Scale) < scaleRows {
		d.Scale = append(d.Scale, scaleRow{})
	}
	d.Preview = previewTargets(f)
	title := l.T("line.new_title")
	if line != nil {
		title = l.T("line.edit_title", "code", line.Code)
	}
	s.renderForm(w, r, status, "line_form", title, d, f)
	return nil
}

// fillFromParent starts a new IKI as a copy of its parent: name, manual and
// targets, and a code derived from the parent's that the plan does not use yet.
func fillFromParent(l i18n.Lang, f *form, p *service.ParentRef, lines []service.LineView) {
	v := lineValues(l, domain.Indicator{Name: p.Name, Targets: p.Targets, Manual: p.Manual})
	for _, k := range []string{"code", "cascade_type", "cascade_method", "weight"} {
		v.Del(k)
	}
	for k, vs := range v {
		f.Values[k] = vs
	}
	if f.Get("code") == "" {
		taken := map[string]bool{}
		for _, ln := range lines {
			taken[strings.ToLower(ln.Code)] = true
		}
		for i := 1; ; i++ {
			c := p.Code + "." + strconv.Itoa(i)
			if !taken[strings.ToLower(c)] {
				f.Values.Set("code", c)
				break
			}
		}
	}
}

// previewTargets derives the annual and to-date targets from the typed
// quarterly targets, as the plan will show them once saved.
func previewTargets(f *form) targetPreview {
	var p targetPreview
	cons := calc.Consolidation(f.Get("period_consolidation"))
	if !cons.Valid() {
		return p
	}
	var ts [4]calc.Opt
	for q := range 4 {
		v := strings.TrimSpace(f.Get("t" + strconv.Itoa(q+1)))
		if v == "" {
			continue
		}
		x, err := i18n.ParseNumber(v)
		if err != nil {
			return p
		}
		ts[q] = calc.Some(x)
	}
	for q := 1; q <= 4; q++ {
		p.ToDate[q-1] = calc.ToDate(cons, ts, q)
	}
	p.Annual = calc.AnnualTarget(cons, ts)
	return p
}

// lineValues fills the editor with a saved line.
func lineValues(l i18n.Lang, ind domain.Indicator) url.Values {
	m := ind.Manual
	v := url.Values{
		"code": {ind.Code}, "name": {ind.Name}, "cascade_type": {ind.CascadeType}, "cascade_method": {ind.CascadeMethod},
		"weight": {formOpt(l, ind.Weight)}, "description": {m.Description}, "result": {m.Result}, "purpose": {m.Purpose}, "formula": {m.Formula},
		"unit": {m.Unit}, "target_aspect": {m.TargetAspect}, "validity": {m.Validity}, "control": {m.Control},
		"responsible": {m.Responsible}, "data_provider": {m.DataProvider}, "data_source": {m.DataSource},
		"period_consolidation": {m.PeriodConsolidation}, "polarity": {m.Polarity}, "reporting_period": {m.ReportingPeriod},
		"location_consolidation": {m.LocationConsolidation}, "worst": {formOpt(l, m.Worst)}, "history_kind": {m.HistoryKind},
		"prev_target": {formOpt(l, m.PrevTarget)}, "prev_realisation": {formOpt(l, m.PrevRealisation)},
	}
	if ind.ObjectiveID != 0 {
		v.Set("objective_id", strconv.FormatInt(ind.ObjectiveID, 10))
	}
	if ind.ParentLineID != 0 {
		v.Set("parent_line_id", strconv.FormatInt(ind.ParentLineID, 10))
	}
	for q, t := range ind.Targets {
		v.Set("t"+strconv.Itoa(q+1), formOpt(l, t))
	}
	for name, on := range map[string]bool{"max_target": m.MaxTarget, "target_by_law": m.TargetByLaw, "stable": m.Stable, "by_location": m.ByLocation} {
		if on {
			v.Set(name, "on")
		}
	}
	for _, p := range m.Scale {
		v.Add("scale_ca", formNumber(l, p.Ca))
		v.Add("scale_ach", formNumber(l, p.Achievement))
	}
	for _, e := range m.Evidence {
		v.Add("evidence_kind", e.Kind)
		v.Add("evidence_name", e.Name)
	}
	return v
}

// lineInput reads the editor. Malformed numbers become field errors in f.
func lineInput(f *form, l i18n.Lang) service.LineInput {
	in := service.LineInput{Code: f.Get("code"), Name: f.Get("name"), CascadeType: f.Get("cascade_type"), CascadeMethod: f.Get("cascade_method"),
		Weight: formFloat(f, l, "weight", false), AnnualTarget: formFloat(f, l, "annual_target", false)}
	in.ObjectiveID, _ = strconv.ParseInt(f.Get("objective_id"), 10, 64)
	in.ParentLineID, _ = strconv.ParseInt(f.Get("parent_line_id"), 10, 64)
	for q := range 4 {
		in.Targets[q] = formFloat(f, l, "t"+strconv.Itoa(q+1), false)
	}
	m := &in.Manual
	m.Result = f.Get("result")
	m.Description, m.Purpose, m.Formula, m.Unit = f.Get("description"), f.Get("purpose"), f.Get("formula"), strings.TrimSpace(f.Get("unit"))
	m.TargetAspect, m.Validity, m.Control = f.Get("target_aspect"), f.Get("validity"), f.Get("control")
	m.Responsible, m.DataProvider, m.DataSource = f.Get("responsible"), f.Get("data_provider"), f.Get("data_source")
	m.PeriodConsolidation, m.Polarity, m.ReportingPeriod = f.Get("period_consolidation"), f.Get("polarity"), f.Get("reporting_period")
	m.LocationConsolidation, m.HistoryKind = f.Get("location_consolidation"), f.Get("history_kind")
	m.MaxTarget, m.TargetByLaw, m.Stable = f.Get("max_target") != "", f.Get("target_by_law") != "", f.Get("stable") != ""
	m.ByLocation = f.Get("by_location") != ""
	m.Worst = formFloat(f, l, "worst", false)
	m.PrevTarget = formFloat(f, l, "prev_target", false)
	m.PrevRealisation = formFloat(f, l, "prev_realisation", false)
	cas, achs := f.Values["scale_ca"], f.Values["scale_ach"]
	for i, ca := range cas {
		ach := ""
		if i < len(achs) {
			ach = achs[i]
		}
		ca, ach = strings.TrimSpace(ca), strings.TrimSpace(ach)
		if ca == "" && ach == "" {
			continue
		}
		x, err1 := i18n.ParseNumber(ca)
		y, err2 := i18n.ParseNumber(ach)
		if err := errors.Join(err1, err2); err != nil {
			if _, bad := f.Errors["scale"]; !bad {
				f.Errors["scale"] = l.T("line.scale_row", "n", i+1)
			}
			continue
		}
		m.Scale = append(m.Scale, domain.ScalePoint{Ca: x, Achievement: y})
	}
	names := f.Values["evidence_name"]
	for i, k := range f.Values["evidence_kind"] {
		if i < len(names) && strings.TrimSpace(names[i]) != "" {
			m.Evidence = append(m.Evidence, domain.EvidenceItem{Kind: k, Name: names[i]})
		}
	}
	return in
}

func (s *Server) lineSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	view, line, err := s.lineContext(r, a)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	revision, err := strconv.Atoi(f.Get("revision"))
	if err != nil {
		return errBadRequest
	}
	in := lineInput(f, l)
	var lineID int64
	if line != nil {
		lineID = line.LineID
	}
	if f.HasErrors() {
		// Some numbers could not be read: check the rest of the line too, so
		// that every problem is reported now, not one batch per submission.
		unread := f.Error("t1") + f.Error("t2") + f.Error("t3") + f.Error("t4")
		err = s.svc.CheckLine(r.Context(), a, view.Plan.ID, lineID, revision, in)
		if err != nil && !f.absorb(l, err) {
			return err
		}
		if unread != "" {
			delete(f.Errors, "targets") // a target the form could not read is not a missing one
		}
	} else {
		var saved domain.Indicator
		if saved, err = s.svc.SaveLine(r.Context(), a, view.Plan.ID, lineID, revision, in); err == nil {
			s.addFlash(r, "ok", l.T("line.saved", "code", saved.Code))
			redirect(w, r, "/plans/"+strconv.FormatInt(view.Plan.ID, 10)+"#line-"+strconv.FormatInt(saved.LineID, 10))
			return nil
		}
		if !f.absorb(l, err) {
			return err
		}
	}
	var ce *domain.ConflictError
	if errors.As(err, &ce) {
		// Keep what was typed; saving again now replaces the other change.
		f.Values.Set("revision", strconv.Itoa(view.Version.Revision))
		return s.renderLineForm(w, r, a, view, line, http.StatusConflict, f, true)
	}
	return s.renderLineForm(w, r, a, view, line, http.StatusUnprocessableEntity, f, false)
}

func (s *Server) lineDelete(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	return s.planAction(w, r, a, func(id int64, rev int) error {
		return s.svc.DeleteLine(r.Context(), a, id, lineID, rev)
	}, "line.deleted")
}

type manualPage struct {
	View service.PlanView
	Line service.LineView
	K3   float64 // as shown, rounded by the rule engine's rounding rule
}

func (s *Server) lineManual(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	view, err := s.planVersion(r, a, id, r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	for _, ln := range view.Lines {
		if ln.LineID == lineID {
			l := langOf(r)
			key := "manual.title_iku"
			if ln.Kind == domain.IKI {
				key = "manual.title_iki"
			}
			d := manualPage{View: view, Line: ln}
			if ln.K3 != nil {
				d.K3 = calc.Round2(ln.K3.K3)
			}
			s.render(w, r, http.StatusOK, "line_manual", l.T(key, "code", ln.Code), d)
			return nil
		}
	}
	return domain.ErrNotFound
}

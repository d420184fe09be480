package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// planStatuses are the filter choices of the plans list, in workflow order.
var planStatuses = []domain.PlanStatus{domain.PlanDraft, domain.PlanSubmitted, domain.PlanReturned, domain.PlanApproved}

type plansPage struct {
	Scope    planScope
	Mine     *service.PlanSummary
	MyKind   domain.PlanKind // what "Susun" would create for the viewer
	CanOpen  bool            // the viewer works in the office shown and has no plan yet
	Rows     []service.PlanSummary
	Total    int // rows before the status filter
	Status   string
	Statuses []domain.PlanStatus
	Counts   map[domain.PlanStatus]int
	Due      time.Time // the year's plan deadline
	Overdue  bool      // the deadline has passed: plans not yet approved are marked
	// Page of the rows shown (plansPerPage each); All shows every row, to print.
	Page, Pages int
	All         bool
}

// plansPerPage bounds the list of a large office's plans.
const plansPerPage = 100

func (s *Server) plans(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.planScope(r, a)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := plansPage{Scope: sc, Statuses: planStatuses, Counts: map[domain.PlanStatus]int{}, Status: r.URL.Query().Get("status"),
		All: r.URL.Query().Get("all") == "1"}
	d.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	for _, y := range sc.Years {
		if y.Year == sc.Year {
			d.Due, d.Overdue = y.PlanDueDate, s.svc.Today().After(y.PlanDueDate)
		}
	}
	if sc.Ready() {
		list, err := s.svc.ListPlans(r.Context(), a, sc.Year, sc.Office.ID)
		if err != nil {
			return err
		}
		me := a.EmployeeID()
		// Of one's own plans (one per post when one moved) the one in force
		// today is the card; earlier ones are listed with the rest.
		var mine []domain.Plan
		for _, p := range list {
			if p.Plan.EmployeeID == me {
				mine = append(mine, p.Plan)
			}
		}
		current, _ := domain.PlanOn(mine, s.svc.Today())
		for i := range list {
			p := list[i]
			if p.Plan.EmployeeID == me && p.Plan.ID == current.ID {
				d.Mine = &p
				continue
			}
			d.Total++
			d.Counts[p.Latest.Status]++
			if d.Status == "" || string(p.Latest.Status) == d.Status {
				d.Rows = append(d.Rows, p)
			}
		}
		d.Pages = max(1, (len(d.Rows)+plansPerPage-1)/plansPerPage)
		d.Page = min(max(d.Page, 1), d.Pages)
		if !d.All {
			d.Rows = d.Rows[(d.Page-1)*plansPerPage : min(len(d.Rows), d.Page*plansPerPage)]
		}
		if pos, ok := sc.Chart.Primary(me); ok && sc.Own {
			d.CanOpen = d.Mine == nil
			d.MyKind = domain.PlanSKP
			if pos.Kind == domain.PosHead {
				d.MyKind = domain.PlanPK
			}
		}
	}
	s.render(w, r, http.StatusOK, "plans", l.T("plans.title"), d)
	return nil
}

func (s *Server) planOpen(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil {
		return errBadRequest
	}
	emp := formID(r, "employee")
	if emp == 0 {
		emp = a.EmployeeID()
	}
	if emp == 0 {
		return errBadRequest // an account without an employee has no plan of its own
	}
	p, err := s.svc.OpenPlan(r.Context(), a, year, emp)
	if err != nil {
		return err
	}
	redirect(w, r, "/plans/"+strconv.FormatInt(p.ID, 10))
	return nil
}

// versionRow is a version in the history list with the names of who acted.
type versionRow struct {
	Version   domain.PlanVersion
	Creator   string
	Submitter string
	Decider   string // who approved or returned it
}

// planLine is a line of the plan page with its K3 as shown (rounded by the
// rule engine's one rounding rule) and whether that is below 1.
type planLine struct {
	service.LineView
	K3Shown float64
	K3Low   bool
}

type planPage struct {
	View     service.PlanView
	Lines    []planLine
	History  []versionRow
	Returned *versionRow // the version shown, when it was returned with a comment
	Parents  []service.ParentGroup
	Used     map[int64]bool // parent lines this version already cascades from
	Extras   *skpExtras     // an SKP's Lampiran and additional tasks
}

func (s *Server) planDetail(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderPlan(w, r, a, http.StatusOK, nil)
}

// renderPlan shows a plan version; f carries a refused workflow form
// (submit, approve, return, amend) with its errors.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	view, err := s.planVersion(r, a, id, r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	var ids []int64
	for _, v := range view.Versions {
		ids = append(ids, v.CreatedBy, v.SubmittedBy, v.ApprovedBy, v.ReturnedBy)
	}
	names, err := s.svc.UserNames(r.Context(), a, ids)
	if err != nil {
		return err
	}
	d := planPage{View: view}
	for i := len(view.Versions) - 1; i >= 0; i-- {
		v := view.Versions[i]
		row := versionRow{Version: v, Creator: names[v.CreatedBy], Submitter: names[v.SubmittedBy]}
		switch {
		case !v.ApprovedAt.IsZero():
			row.Decider = v.ApproverName // as signed
		case !v.ReturnedAt.IsZero():
			row.Decider = names[v.ReturnedBy]
		}
		d.History = append(d.History, row)
	}
	if view.Version.Status == domain.PlanReturned && view.Version.ReturnComment != "" {
		for i := range d.History {
			if d.History[i].Version.ID == view.Version.ID {
				d.Returned = &d.History[i]
			}
		}
	}
	for _, ln := range view.Lines {
		pl := planLine{LineView: ln}
		if ln.K3 != nil {
			pl.K3Shown = calc.Round2(ln.K3.K3)
			pl.K3Low = pl.K3Shown < 1
		}
		d.Lines = append(d.Lines, pl)
	}
	if view.Perm.Edit && view.Plan.Kind == domain.PlanSKP {
		if d.Parents, err = s.svc.ParentChoices(r.Context(), a, view.Plan.ID); err != nil {
			return err
		}
		d.Used = map[int64]bool{}
		for _, ln := range view.Lines {
			d.Used[ln.ParentLineID] = true
		}
	}
	if view.Plan.Kind == domain.PlanSKP {
		if d.Extras, err = s.loadSKPExtras(r, a, view.Plan.ID, f); err != nil {
			return err
		}
	}
	l := langOf(r)
	title := l.T("planv.title_"+strings.ToLower(string(view.Plan.Kind)), "name", view.Employee.Name, "year", view.Plan.Year)
	s.renderForm(w, r, status, "plan", title, d, f)
	return nil
}

// planAction runs a workflow step and answers with a flash and a redirect, or
// with the plan page carrying the refusal.
func (s *Server) planAction(w http.ResponseWriter, r *http.Request, a authz.Actor, run func(planID int64, revision int) error, done string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	revision := -1
	if v := r.PostFormValue("revision"); v != "" {
		if revision, err = strconv.Atoi(v); err != nil {
			return errBadRequest
		}
	}
	l := langOf(r)
	if err := run(id, revision); err != nil {
		f := newForm(r.PostForm)
		if !f.absorb(l, err) {
			return err
		}
		// Submission refusals list what to fix in the plan, not in a field.
		for k, msg := range f.Errors {
			if strings.HasPrefix(k, "warning_") {
				f.General = append(f.General, msg)
				delete(f.Errors, k)
			}
		}
		r.URL.RawQuery = ""
		return s.renderPlan(w, r, a, http.StatusUnprocessableEntity, f)
	}
	s.addFlash(r, "ok", l.T(done))
	redirect(w, r, "/plans/"+strconv.FormatInt(id, 10))
	return nil
}

func (s *Server) planSubmit(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.planAction(w, r, a, func(id int64, rev int) error {
		_, err := s.svc.SubmitPlan(r.Context(), a, id, rev)
		return err
	}, "planv.submitted")
}

func (s *Server) planApprove(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.planAction(w, r, a, func(id int64, rev int) error {
		_, err := s.svc.ApprovePlan(r.Context(), a, id, rev)
		return err
	}, "planv.approved")
}

func (s *Server) planReturn(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.planAction(w, r, a, func(id int64, rev int) error {
		_, err := s.svc.ReturnPlan(r.Context(), a, id, rev, r.PostFormValue("comment"))
		return err
	}, "planv.returned")
}

func (s *Server) planAmend(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.planAction(w, r, a, func(id int64, _ int) error {
		_, err := s.svc.AmendPlan(r.Context(), a, id, r.PostFormValue("reason"))
		return err
	}, "planv.amended")
}

type diffPage struct {
	View  service.PlanView
	From  domain.PlanVersion
	To    domain.PlanVersion
	Lines []service.LineDiff
}

func (s *Server) planDiff(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	view, err := s.planVersion(r, a, id, q.Get("to"))
	if err != nil {
		return err
	}
	d := diffPage{View: view, To: view.Version}
	from := max(view.Version.Number-1, 1)
	if v := q.Get("from"); v != "" {
		if from, err = strconv.Atoi(v); err != nil {
			return domain.ErrNotFound
		}
	}
	for _, v := range view.Versions {
		if v.Number == from {
			d.From = v
		}
	}
	if d.From.ID == 0 {
		return domain.ErrNotFound
	}
	if d.Lines, err = s.svc.DiffVersions(r.Context(), a, id, d.From.ID, view.Version.ID); err != nil {
		return err
	}
	l := langOf(r)
	for i := range d.Lines {
		for j := range d.Lines[i].Fields {
			fc := &d.Lines[i].Fields[j]
			fc.Before, fc.After = diffValue(l, fc.Field, fc.Before), diffValue(l, fc.Field, fc.After)
		}
	}
	s.render(w, r, http.StatusOK, "plan_diff", l.T("planv.diff_title", "from", d.From.Number, "to", d.To.Number), d)
	return nil
}

// diffEnums names the enumeration behind a changed manual field, so that the
// diff shows "Maksimal" rather than "maximize".
var diffEnums = map[string]string{
	"manual.polarity":             "enum.polarity.",
	"manual.period_consolidation": "enum.cons.",
	"manual.validity":             "enum.validity.",
	"manual.control":              "enum.control.",
	"manual.max_target":           "enum.bool.",
}

func diffValue(l i18n.Lang, field, v string) string {
	prefix, ok := diffEnums[field]
	if !ok || v == "" || !i18n.Has(l.Code(), prefix+v) {
		return v
	}
	return l.T(prefix + v)
}

// planVersion loads a plan with the version a page names by its number
// (?version=2), as people and documents name versions; "" is the newest.
func (s *Server) planVersion(r *http.Request, a authz.Actor, planID int64, number string) (service.PlanView, error) {
	view, err := s.svc.GetPlan(r.Context(), a, planID, 0)
	if err != nil || number == "" {
		return view, err
	}
	n, err := strconv.Atoi(number)
	if err != nil {
		return view, domain.ErrNotFound
	}
	if n == view.Version.Number {
		return view, nil
	}
	for _, v := range view.Versions {
		if v.Number == n {
			return s.svc.GetPlan(r.Context(), a, planID, v.ID)
		}
	}
	return view, domain.ErrNotFound
}

package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// reportsPage lists the reports of a quarter the viewer may see, and the
// viewer's own reports of the year.
type reportsPage struct {
	Scope  quarterScope
	Mine   []myReport
	Others []service.ReportSummary
	// Office: the viewer reads every official's report (head, pengelola
	// kinerja, auditors), so an empty list means none exist.
	Office bool
}

// myReport is one quarter of the viewer's own reports.
type myReport struct {
	PlanID  int64
	Quarter int
	Report  domain.Report
	Overdue int
	Started bool // the quarter has begun, so the report can be written
}

func (s *Server) reportsList(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.quarterScope(r, a)
	if err != nil {
		return err
	}
	d := reportsPage{Scope: sc}
	if sc.Year == 0 || sc.Office == nil {
		s.render(w, r, http.StatusOK, "reports", langOf(r).T("reportui.list_title"), d)
		return nil
	}
	ctx := r.Context()
	d.Office = authz.CanInScope(a, sc.Chart, authz.OfficeRead, sc.Office.ID) || sc.Chart.Heads(sc.Office.ID, a.EmployeeID())
	list, err := s.svc.ListReports(ctx, a, sc.Year, sc.Quarter, sc.Office.ID)
	if err != nil {
		return err
	}
	me := a.EmployeeID()
	for _, rs := range list {
		if me == 0 || rs.Employee.ID != me {
			d.Others = append(d.Others, rs)
		}
	}
	// The head's report first, then the officials by position.
	sort.SliceStable(d.Others, func(i, j int) bool {
		x, y := d.Others[i], d.Others[j]
		if (x.Kind == domain.PlanPK) != (y.Kind == domain.PlanPK) {
			return x.Kind == domain.PlanPK
		}
		return x.Position.Title < y.Position.Title
	})
	if me != 0 && sc.Own {
		for q := 1; q <= 4; q++ {
			qlist := list
			if q != sc.Quarter {
				if qlist, err = s.svc.ListReports(ctx, a, sc.Year, q, sc.Office.ID); err != nil {
					return err
				}
			}
			for _, rs := range qlist {
				if rs.Employee.ID == me {
					d.Mine = append(d.Mine, myReport{PlanID: rs.PlanID, Quarter: q, Report: rs.Report, Overdue: rs.Overdue,
						Started: s.svc.QuarterBegun(sc.Year, q)})
				}
			}
		}
	}
	s.render(w, r, http.StatusOK, "reports", langOf(r).T("reportui.list_title"), d)
	return nil
}

// reportPath reads the plan and quarter of a report route.
func reportPath(r *http.Request) (int64, int, error) {
	planID, err := pathID(r, "plan")
	if err != nil {
		return 0, 0, err
	}
	q, err := strconv.Atoi(r.PathValue("q"))
	if err != nil || q < 1 || q > 4 {
		return 0, 0, domain.ErrNotFound
	}
	return planID, q, nil
}

func reportURL(planID int64, q int) string {
	return "/reports/" + strconv.FormatInt(planID, 10) + "/" + strconv.Itoa(q)
}

func (s *Server) reportOpen(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := reportPath(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.OpenReport(r.Context(), a, planID, q); err != nil {
		return err
	}
	redirect(w, r, reportURL(planID, q))
	return nil
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	planID, q, err := reportPath(r)
	if err != nil {
		return err
	}
	return s.renderReport(w, r, a, planID, q, http.StatusOK, "", newForm(nil))
}

// reportPage is the data of the report page.
type reportPage struct {
	V      service.ReportView
	Q      int  // the quarter
	Owner  bool // the viewer owns the report and may start it
	Rows   []reportRowView
	NKO    *nkoSummary
	Failed string // the form that was refused, re-rendered with its input
	// Required counts the indicators that need an IIAA.
	Required int
	Statuses []domain.ActionStatus
	Missing  []missingView
	// Names are the office's people by ID; Offered marks the candidates,
	// whom every person choice lists (a choice made outside them is added).
	Names   map[string]string
	Offered map[string]bool
}

// missingView is what blocks submission, with the section to fix it in.
type missingView struct {
	Text   string
	Anchor string
}

// reportRowView is one indicator of the report with its forms.
type reportRowView struct {
	service.ReportRow
	ToDate, Own figView
	Open        bool // the IIAA section starts expanded
	Written     bool // some IIAA text or action exists
	Accountable string
	ItemForm    *form
	NewAction   *form
	Actions     []actionView
	Evidence    []evidenceView
}

type actionView struct {
	A       domain.Action
	Form    *form
	Owner   string
	FromQ   int // the quarter it was carried from (0: added here)
	OnQ     int // the quarter it was carried into (0: not carried on)
	Overdue bool
	Open    bool // the edit form starts expanded
}

type evidenceView struct {
	E    domain.Evidence
	Size string
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, a authz.Actor, planID int64, q, status int, failed string, f *form) error {
	v, err := s.svc.GetReport(r.Context(), a, planID, q)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := reportPage{V: v, Q: q, Failed: failed, Statuses: domain.ActionStatuses,
		Owner: v.Perm.Open}
	names := map[int64]string{}
	d.Names, d.Offered = map[string]string{}, map[string]bool{}
	for _, p := range v.People {
		names[p.ID] = p.Name
		d.Names[strconv.FormatInt(p.ID, 10)] = p.Name
	}
	for _, p := range v.Candidates {
		d.Offered[strconv.FormatInt(p.ID, 10)] = true
	}
	today := s.svc.Today()
	rev := strconv.Itoa(v.Report.Revision)
	for _, row := range v.Rows {
		rv := reportRowView{ReportRow: row, ToDate: figOf(l, row.Figures.ToDate), Own: figOf(l, row.Figures.Own),
			Accountable: names[row.Item.AccountableID]}
		lid := strconv.FormatInt(row.Line.LineID, 10)
		rv.Written = strings.TrimSpace(row.Item.Issue+row.Item.Implication+row.Item.Supporting) != "" || row.Item.AccountableID != 0 || len(row.Actions) > 0
		rv.ItemForm = newForm(nil)
		rv.ItemForm.Values.Set("issue", row.Item.Issue)
		rv.ItemForm.Values.Set("implication", row.Item.Implication)
		rv.ItemForm.Values.Set("supporting", row.Item.Supporting)
		if row.Item.AccountableID != 0 {
			rv.ItemForm.Values.Set("accountable_id", strconv.FormatInt(row.Item.AccountableID, 10))
		}
		if failed == "item-"+lid {
			rv.ItemForm = f
		}
		rv.NewAction = newForm(nil)
		rv.NewAction.Values.Set("status", string(domain.ActionOpen))
		if failed == "action-new-"+lid {
			rv.NewAction = f
		}
		for _, x := range row.Actions {
			av := actionView{A: x, Owner: names[x.OwnerID], Overdue: x.Overdue(today) && !v.CarriedOn[x.ID], Open: x.NeedsUpdate}
			if x.CarriedFrom != 0 {
				av.FromQ = q - 1
			}
			if v.CarriedOn[x.ID] {
				av.OnQ = q + 1
			}
			av.Form = newForm(nil)
			av.Form.Values.Set("description", x.Description)
			av.Form.Values.Set("owner_id", strconv.FormatInt(x.OwnerID, 10))
			av.Form.Values.Set("due_date", x.DueDate.Format("2006-01-02"))
			av.Form.Values.Set("status", string(x.Status))
			av.Form.Values.Set("status_note", x.StatusNote)
			switch failed {
			case "action-" + strconv.FormatInt(x.ID, 10):
				av.Form, av.Open = f, true
			case "delete-" + strconv.FormatInt(x.ID, 10):
				av.Form.General, av.Open = f.General, true
			}
			rv.Actions = append(rv.Actions, av)
		}
		for _, e := range row.Evidence {
			rv.Evidence = append(rv.Evidence, evidenceView{E: e, Size: sizeText(l, e.Size)})
		}
		rv.Open = row.Required || strings.HasSuffix(failed, "-"+lid) || failedAction(failed, row.Actions)
		if row.Required {
			d.Required++
		}
		d.Rows = append(d.Rows, rv)
	}
	// Every form carries the revision the page was built from; a refused
	// form is re-sent with the current one, so the user's input, still shown,
	// can be saved deliberately after reading why it was refused.
	for _, rv := range d.Rows {
		rv.ItemForm.Values.Set("revision", rev)
		rv.NewAction.Values.Set("revision", rev)
		for _, av := range rv.Actions {
			av.Form.Values.Set("revision", rev)
		}
	}
	f.Values.Set("revision", rev)
	for _, m := range v.Missing {
		mv := missingView{Text: translate(l, m)}
		for _, row := range v.Rows {
			if code, _ := m.Args["code"].(string); code != "" && code == row.Line.Code {
				mv.Anchor = "#iiaa-" + strconv.FormatInt(row.Line.LineID, 10)
			}
		}
		d.Missing = append(d.Missing, mv)
	}
	if v.NKO != nil {
		sum := nkoSummaryOf(l, s.svc.DisplayRules(v.NKO.Year), *v.NKO, "nko-gauge")
		d.NKO = &sum
	}
	title := l.T("reportui.page_title", "q", q, "year", v.Year.Year, "name", v.Employee.Name)
	s.renderForm(w, r, status, "report", title, d, f)
	return nil
}

func failedAction(failed string, list []domain.Action) bool {
	for _, x := range list {
		id := strconv.FormatInt(x.ID, 10)
		if failed == "action-"+id || failed == "delete-"+id {
			return true
		}
	}
	return false
}

// reportAct runs one change posted from the report page. On success it
// flashes done and goes back to the page at anchor; refused input re-renders
// the page with the failed form (key) filled in as typed.
func (s *Server) reportAct(w http.ResponseWriter, r *http.Request, a authz.Actor, key, anchor, done string,
	do func(planID int64, q, revision int, f *form) error) error {
	planID, q, err := reportPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	rev, err := strconv.Atoi(r.PostFormValue("revision"))
	if err != nil {
		return errBadRequest
	}
	f := newForm(r.PostForm)
	err = do(planID, q, rev, f)
	if err == nil && !f.HasErrors() {
		s.addFlash(r, "ok", done)
		redirect(w, r, reportURL(planID, q)+anchor)
		return nil
	}
	status := http.StatusUnprocessableEntity
	if err != nil {
		if !f.absorb(l, err) {
			return err
		}
		var ce *domain.ConflictError
		var se *domain.StateError
		if errors.As(err, &ce) || errors.As(err, &se) {
			status = http.StatusConflict
		}
	}
	return s.renderReport(w, r, a, planID, q, status, key, f)
}

func (s *Server) reportItemSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	lineID, err := pathID(r, "line")
	if err != nil {
		return err
	}
	lid := strconv.FormatInt(lineID, 10)
	l := langOf(r)
	return s.reportAct(w, r, a, "item-"+lid, "#iiaa-"+lid, l.T("reportui.item_saved"), func(planID int64, q, rev int, f *form) error {
		_, err := s.svc.SaveItem(r.Context(), a, planID, q, rev, service.ItemInput{LineID: lineID,
			Issue: r.PostFormValue("issue"), Implication: r.PostFormValue("implication"),
			AccountableID: formID(r, "accountable_id"), Supporting: r.PostFormValue("supporting")})
		return err
	})
}

func (s *Server) reportActionSave(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	if err := parseForm(r); err != nil {
		return err
	}
	lineID := formID(r, "line_id")
	key, anchor := "action-new-"+strconv.FormatInt(lineID, 10), "#iiaa-"+strconv.FormatInt(lineID, 10)
	if id != 0 {
		key, anchor = "action-"+strconv.FormatInt(id, 10), "#action-"+strconv.FormatInt(id, 10)
	}
	l := langOf(r)
	return s.reportAct(w, r, a, key, anchor, l.T("reportui.action_saved"), func(planID int64, q, rev int, f *form) error {
		due := reportDate(f, l, "due_date")
		if f.HasErrors() {
			return nil
		}
		_, err := s.svc.SaveAction(r.Context(), a, planID, q, rev, service.ActionInput{ID: id, LineID: lineID,
			Description: r.PostFormValue("description"), OwnerID: formID(r, "owner_id"), DueDate: due,
			Status: domain.ActionStatus(r.PostFormValue("status")), StatusNote: r.PostFormValue("status_note")})
		return err
	})
}

// reportDate reads a date typed as 2026-11-27 or 27/11/2026; bad input
// becomes a field error.
func reportDate(f *form, l i18n.Lang, name string) time.Time {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return time.Time{}
	}
	t, err := i18n.ParseDate(v)
	if err != nil {
		f.Errors[name] = l.T("err.date")
		return time.Time{}
	}
	return t
}

func (s *Server) reportActionDelete(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	key := "delete-" + strconv.FormatInt(id, 10)
	l := langOf(r)
	return s.reportAct(w, r, a, key, "#iiaa-"+r.FormValue("line_id"), l.T("reportui.action_deleted"), func(planID int64, q, rev int, f *form) error {
		return s.svc.DeleteAction(r.Context(), a, planID, q, rev, id)
	})
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	l := langOf(r)
	return s.reportAct(w, r, a, "submit", "", l.T("reportui.submitted"), func(planID int64, q, rev int, f *form) error {
		_, err := s.svc.SubmitReport(r.Context(), a, planID, q, rev)
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			// What is missing is listed above the button already.
			f.General = append(f.General, l.T("reportui.submit_blocked"))
			return nil
		}
		return err
	})
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	l := langOf(r)
	return s.reportAct(w, r, a, "review", "", l.T("reportui.reviewed"), func(planID int64, q, rev int, f *form) error {
		_, err := s.svc.ReviewReport(r.Context(), a, planID, q, rev)
		return err
	})
}

func (s *Server) reportReturn(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	l := langOf(r)
	return s.reportAct(w, r, a, "return", "", l.T("reportui.returned"), func(planID int64, q, rev int, f *form) error {
		_, err := s.svc.ReturnReport(r.Context(), a, planID, q, rev, r.PostFormValue("comment"))
		return err
	})
}

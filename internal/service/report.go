package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ReportView is a quarterly achievement report (LCK) in the IIAA format.
type ReportView struct {
	Report      domain.Report
	Plan        domain.Plan
	Year        domain.Year
	Quarter     int
	Employee    domain.Employee
	Position    domain.Position
	Unit        domain.Unit
	Office      domain.Unit
	SheetStatus domain.SheetStatus
	Rows        []ReportRow
	NKO         *NKOView // the head's report carries the office score
	Threshold   float64  // IIAA is required below this achievement
	Missing     []domain.Msg
	Frozen      bool // reviewed: figures as they were at review
	Perm        ReportPerm
	People      []domain.Employee // who may be accountable or own actions: anyone of the office
	// Candidates are the people offered first for those choices: the owner,
	// the people of the owner's unit and the structural officials of the
	// units below it (a head of office is offered a few dozen people, not
	// the whole office).
	Candidates []domain.Employee
	// CarriedOn marks the pending actions that were carried into the next
	// quarter's report, where they are followed up (and no longer overdue here).
	CarriedOn map[int64]bool
}

// ReportPerm lists what the viewer may do with the report. Open: start it
// (the owner, once the quarter has begun).
type ReportPerm struct {
	Open, Edit, Submit, Review, Return bool
}

// ReportRow is one indicator of the report with its IIAA analysis.
type ReportRow struct {
	Line     domain.Indicator
	Figures  calc.QuarterResult
	Required bool // achievement below the threshold (or not reported)
	Item     domain.ReportItem
	Actions  []domain.Action
	Evidence []domain.Evidence
}

// reportSnapshot is what a reviewed report keeps of its figures.
type reportSnapshot struct {
	Figures map[int64]calc.QuarterResult `json:"figures"`
	NKO     calc.Opt                     `json:"nko"`
	Pred    string                       `json:"predicate"`
}

type reportContext struct {
	*sheetContext
	report  domain.Report
	items   []domain.ReportItem
	actions []domain.Action
}

func (s *Service) loadReport(ctx context.Context, st *store.Store, planID int64, quarter int) (*reportContext, error) {
	sc, err := s.loadSheet(ctx, st, planID, quarter)
	if err != nil {
		return nil, err
	}
	rc := &reportContext{sheetContext: sc}
	rc.report, err = st.GetReport(ctx, planID, quarter)
	if errors.Is(err, domain.ErrNotFound) {
		rc.report = domain.Report{PlanID: planID, Quarter: quarter, Status: domain.ReportDraft}
		return rc, nil
	}
	if err != nil {
		return nil, err
	}
	if rc.items, err = st.ListReportItems(ctx, rc.report.ID); err != nil {
		return nil, err
	}
	if rc.actions, err = st.ListActions(ctx, store.ActionFilter{ReportID: rc.report.ID}); err != nil {
		return nil, err
	}
	return rc, nil
}

// isStructural reports whether the plan belongs to a structural official, who reports in IIAA.
func isStructural(c *domain.Chart, p domain.Plan) bool {
	pos := c.Positions[p.PositionID]
	if cur, ok := c.Primary(p.EmployeeID); ok {
		pos = cur
	}
	return pos != nil && pos.Kind.Structural()
}

// OpenReport returns the report of a structural official for a quarter,
// creating it (and carrying in the actions left open last quarter) when the
// official opens it.
func (s *Service) OpenReport(ctx context.Context, a authz.Actor, planID int64, quarter int) (ReportView, error) {
	rc, err := s.loadReport(ctx, s.store, planID, quarter)
	if err != nil {
		return ReportView{}, err
	}
	if !authz.CanSeeEmployeeWork(a, rc.chart, rc.plan.EmployeeID) {
		return ReportView{}, domain.ErrForbidden
	}
	if !isStructural(rc.chart, rc.plan) {
		return ReportView{}, domain.Refuse("report.not_structural")
	}
	if authz.CanWriteOwn(a, rc.plan) && rc.report.Status.Editable() {
		if err := s.requireBegun(rc.year.Year, quarter); err != nil {
			return ReportView{}, err
		}
		err := s.store.InTx(ctx, func(tx *store.Store) error {
			if rc.report.ID == 0 {
				rc.report.CreatedAt = s.now()
				if err := tx.CreateReport(ctx, &rc.report); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, s.act(a), "report.create", "report", rc.report.ID, nil, reportAudit(rc.report)); err != nil {
					return err
				}
			}
			return s.carryActions(ctx, tx, a, rc)
		})
		if err != nil {
			return ReportView{}, err
		}
		if rc, err = s.loadReport(ctx, s.store, planID, quarter); err != nil {
			return ReportView{}, err
		}
	}
	return s.reportView(ctx, a, rc)
}

// carryActions copies last quarter's pending actions into this report,
// once each; their status must be updated here before submitting.
func (s *Service) carryActions(ctx context.Context, tx *store.Store, a authz.Actor, rc *reportContext) error {
	if rc.quarter == 1 {
		return nil
	}
	prev, err := tx.GetReport(ctx, rc.plan.ID, rc.quarter-1)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	pending, err := tx.ListActions(ctx, store.ActionFilter{ReportID: prev.ID, PendingOnly: true})
	if err != nil {
		return err
	}
	have := map[int64]bool{}
	for _, x := range rc.actions {
		if x.CarriedFrom != 0 {
			have[x.CarriedFrom] = true
		}
	}
	for _, p := range pending {
		if have[p.ID] {
			continue
		}
		n := domain.Action{ReportID: rc.report.ID, LineID: p.LineID, CarriedFrom: p.ID, Description: p.Description, OwnerID: p.OwnerID,
			DueDate: p.DueDate, Status: p.Status, StatusNote: p.StatusNote, NeedsUpdate: true, CreatedAt: s.now(), UpdatedAt: s.now()}
		if err := tx.SaveAction(ctx, &n); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "action.carry", "action", n.ID, nil, n); err != nil {
			return err
		}
	}
	return nil
}

// GetReport returns a report for reading (nil Report ID when not started).
func (s *Service) GetReport(ctx context.Context, a authz.Actor, planID int64, quarter int) (ReportView, error) {
	rc, err := s.loadReport(ctx, s.store, planID, quarter)
	if err != nil {
		return ReportView{}, err
	}
	if !authz.CanSeeEmployeeWork(a, rc.chart, rc.plan.EmployeeID) {
		return ReportView{}, domain.ErrForbidden
	}
	return s.reportView(ctx, a, rc)
}

// reportPeople are the people of a report's office, and the candidates
// among them (see ReportView): the owner, the people of the owner's unit and
// the structural officials of the units below it.
func reportPeople(c *domain.Chart, p domain.Plan, unit int64) (people, candidates []domain.Employee) {
	for _, id := range c.OfficeEmployees(p.OfficeID) {
		e := *c.Employees[id]
		people = append(people, e)
		pos, ok := c.Primary(id)
		if id == p.EmployeeID || ok && (pos.UnitID == unit || pos.Kind.Structural() && c.InUnitTree(unit, pos.UnitID)) {
			candidates = append(candidates, e)
		}
	}
	return people, candidates
}

func (s *Service) reportView(ctx context.Context, a authz.Actor, rc *reportContext) (ReportView, error) {
	c := rc.chart
	v := ReportView{Report: rc.report, Plan: rc.plan, Year: rc.year, Quarter: rc.quarter, SheetStatus: rc.sheet.Status,
		Threshold: rc.rules.IIAAThreshold(), Frozen: rc.report.Status == domain.ReportReviewed}
	v.Employee, v.Position, v.Unit, v.Office = planOwner(c, rc.plan)
	v.People, v.Candidates = reportPeople(c, rc.plan, v.Position.UnitID)
	var snap reportSnapshot
	if v.Frozen && rc.report.Snapshot != "" {
		if err := json.Unmarshal([]byte(rc.report.Snapshot), &snap); err != nil {
			return v, fmt.Errorf("report %d snapshot: %w", rc.report.ID, err)
		}
	}
	sheet, err := s.sheetView(ctx, a, rc.sheetContext, false)
	if err != nil {
		return v, err
	}
	for _, sl := range sheet.Lines {
		if !sl.HasTarget {
			continue
		}
		row := ReportRow{Line: sl.Indicator, Figures: sl.Figures, Evidence: sl.Evidence}
		if f, ok := snap.Figures[sl.Indicator.LineID]; ok {
			row.Figures = f
		}
		a := row.Figures.ToDate.Achievement
		row.Required = !a.OK || rc.rules.IIAARequired(a.V)
		row.Item = domain.ReportItem{LineID: sl.Indicator.LineID}
		for _, it := range rc.items {
			if it.LineID == sl.Indicator.LineID {
				row.Item = it
			}
		}
		for _, x := range rc.actions {
			if x.LineID == sl.Indicator.LineID {
				row.Actions = append(row.Actions, x)
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if rc.plan.Kind == domain.PlanPK {
		nko, err := s.NKO(ctx, a, rc.year.Year, rc.quarter, rc.plan.OfficeID, true)
		if err != nil {
			return v, err
		}
		if v.Frozen && snap.NKO.OK {
			nko.Result.NKO, nko.Result.Predicate = snap.NKO.V, snap.Pred
		}
		v.NKO = &nko
	}
	if v.CarriedOn, err = s.carriedOn(ctx, rc); err != nil {
		return v, err
	}
	v.Missing = reportMissing(v.Rows)
	owner := rc.report.Status.Editable() && authz.CanWriteOwn(a, rc.plan) && s.QuarterBegun(rc.year.Year, rc.quarter)
	editable := owner && rc.report.ID != 0
	v.Perm = ReportPerm{Open: owner && rc.report.ID == 0 && isStructural(c, rc.plan), Edit: editable, Submit: editable,
		Review: rc.report.Status == domain.ReportSubmitted && authz.CanReviewReport(a, c, rc.plan),
		Return: rc.report.Status == domain.ReportSubmitted && authz.CanReviewReport(a, c, rc.plan)}
	return v, nil
}

// carriedOn returns the actions of a report that the next quarter's report
// carried in.
func (s *Service) carriedOn(ctx context.Context, rc *reportContext) (map[int64]bool, error) {
	out := map[int64]bool{}
	if rc.report.ID == 0 || rc.quarter == 4 {
		return out, nil
	}
	next, err := s.store.GetReport(ctx, rc.plan.ID, rc.quarter+1)
	if errors.Is(err, domain.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListActions(ctx, store.ActionFilter{ReportID: next.ID})
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		if x.CarriedFrom != 0 {
			out[x.CarriedFrom] = true
		}
	}
	return out, nil
}

// reportMissing lists what blocks submission: empty required IIAA parts
// and carried actions whose status was not updated.
func reportMissing(rows []ReportRow) []domain.Msg {
	var out []domain.Msg
	for _, r := range rows {
		if r.Required {
			it := r.Item
			switch {
			case strings.TrimSpace(it.Issue) == "":
				out = append(out, domain.M("report.missing_issue", "code", r.Line.Code))
			case strings.TrimSpace(it.Implication) == "":
				out = append(out, domain.M("report.missing_implication", "code", r.Line.Code))
			case it.AccountableID == 0:
				out = append(out, domain.M("report.missing_accountable", "code", r.Line.Code))
			}
			if len(r.Actions) == 0 {
				out = append(out, domain.M("report.missing_action", "code", r.Line.Code))
			}
		}
		for _, x := range r.Actions {
			if x.NeedsUpdate {
				out = append(out, domain.M("report.action_needs_update", "code", r.Line.Code, "action", x.Description))
			}
		}
	}
	return out
}

func reportAudit(r domain.Report) map[string]any {
	return map[string]any{"plan_id": r.PlanID, "quarter": r.Quarter, "status": r.Status, "return_comment": r.ReturnComment}
}

// editableReport loads a report the actor may edit, checking its revision.
func (s *Service) editableReport(ctx context.Context, a authz.Actor, planID int64, quarter, revision int) (*reportContext, error) {
	rc, err := s.loadReport(ctx, s.store, planID, quarter)
	if err != nil {
		return nil, err
	}
	if !authz.CanWriteOwn(a, rc.plan) {
		return nil, domain.ErrForbidden
	}
	if rc.report.ID == 0 {
		return nil, domain.ErrNotFound
	}
	if !rc.report.Status.Editable() {
		return nil, domain.Refuse("report.frozen", "status", string(rc.report.Status))
	}
	if err := s.requireBegun(rc.year.Year, quarter); err != nil {
		return nil, err
	}
	if revision >= 0 && revision != rc.report.Revision {
		return nil, domain.Conflict("report.changed_meanwhile")
	}
	return rc, nil
}

// CheckReportEdit reports why the actor may not write the report now (nil:
// they may): for a request that turns out to change nothing, which must
// still be refused to those who could not have changed it.
func (s *Service) CheckReportEdit(ctx context.Context, a authz.Actor, planID int64, quarter int) error {
	_, err := s.editableReport(ctx, a, planID, quarter, -1)
	return err
}

// ItemInput is the IIAA analysis of one indicator as typed.
type ItemInput struct {
	LineID        int64
	Issue         string
	Implication   string
	AccountableID int64
	Supporting    string
}

// SaveItem stores the Issue, Implication and Accountability of one indicator.
func (s *Service) SaveItem(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in ItemInput) (domain.ReportItem, error) {
	it, _, err := s.SaveItemChanged(ctx, a, planID, quarter, revision, in)
	return it, err
}

// SaveItemChanged is SaveItem telling whether anything changed. An item
// sent as it is stored writes nothing and keeps the report's revision,
// whatever revision it carries (a client's retry).
func (s *Service) SaveItemChanged(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in ItemInput) (domain.ReportItem, bool, error) {
	rc, err := s.editableReport(ctx, a, planID, quarter, -1)
	if err != nil {
		return domain.ReportItem{}, false, err
	}
	if !rc.hasLine(in.LineID) {
		return domain.ReportItem{}, false, domain.ErrNotFound
	}
	v := &domain.ValidationError{}
	in.Issue = textField(v, "issue", in.Issue, false, 8000)
	in.Implication = textField(v, "implication", in.Implication, false, 8000)
	in.Supporting = textField(v, "supporting", in.Supporting, false, 1000)
	if in.AccountableID != 0 && rc.chart.EmployeeOffice(in.AccountableID) != rc.plan.OfficeID {
		v.Addf("accountable_id", "report.person_outside_office")
	}
	if err := v.Err(); err != nil {
		return domain.ReportItem{}, false, err
	}
	it := domain.ReportItem{ReportID: rc.report.ID, LineID: in.LineID}
	for _, x := range rc.items {
		if x.LineID == in.LineID {
			it = x
		}
	}
	if it.ID != 0 && it.Issue == in.Issue && it.Implication == in.Implication && it.AccountableID == in.AccountableID && it.Supporting == in.Supporting {
		return it, false, nil
	}
	if revision >= 0 && revision != rc.report.Revision {
		return domain.ReportItem{}, false, domain.Conflict("report.changed_meanwhile")
	}
	before := it
	it.Issue, it.Implication, it.AccountableID, it.Supporting, it.UpdatedAt = in.Issue, in.Implication, in.AccountableID, in.Supporting, s.now()
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.BumpReport(ctx, rc.report.ID, rc.report.Revision); err != nil {
			return err
		}
		if err := tx.SaveReportItem(ctx, &it); err != nil {
			return err
		}
		var b any
		if before.ID != 0 {
			b = before
		}
		return audit.Record(ctx, tx, s.act(a), "report.item", "report_item", it.ID, b, it)
	})
	return it, err == nil, err
}

func (rc *reportContext) hasLine(lineID int64) bool {
	for _, l := range rc.lines {
		if l.LineID == lineID && l.Targets[rc.quarter-1].OK {
			return true
		}
	}
	return false
}

// ActionInput is one action-plan item as typed (ID 0: a new one).
type ActionInput struct {
	ID          int64
	LineID      int64
	Description string
	OwnerID     int64
	DueDate     time.Time
	Status      domain.ActionStatus
	StatusNote  string
}

// SaveAction adds or updates an action-plan item. Every action needs an
// owner from the office and a due date; dropping one needs a reason.
func (s *Service) SaveAction(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in ActionInput) (domain.Action, error) {
	act, _, err := s.SaveActionChanged(ctx, a, planID, quarter, revision, in)
	return act, err
}

// SaveActionChanged is SaveAction telling whether anything changed. An
// action sent as it is stored (a new one: as one the report holds already)
// writes nothing and keeps the report's revision, whatever revision it
// carries, so that a client's retry neither conflicts nor adds it twice.
func (s *Service) SaveActionChanged(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in ActionInput) (domain.Action, bool, error) {
	rc, err := s.editableReport(ctx, a, planID, quarter, -1)
	if err != nil {
		return domain.Action{}, false, err
	}
	v := &domain.ValidationError{}
	in.Description = textField(v, "description", in.Description, true, 2000)
	in.StatusNote = textField(v, "status_note", in.StatusNote, false, 2000)
	if in.OwnerID == 0 {
		v.Addf("owner_id", "err.required")
	} else if rc.chart.EmployeeOffice(in.OwnerID) != rc.plan.OfficeID {
		v.Addf("owner_id", "report.person_outside_office")
	}
	if in.DueDate.IsZero() {
		v.Addf("due_date", "err.required")
	} else {
		v.Date("due_date", in.DueDate, rc.year.Year)
	}
	if in.Status == "" {
		in.Status = domain.ActionOpen
	}
	if !in.Status.Valid() {
		v.Addf("status", "err.choose")
	}
	if in.Status == domain.ActionDropped && in.StatusNote == "" {
		v.Addf("status_note", "report.drop_needs_reason")
	}
	var act domain.Action
	if in.ID != 0 {
		found := false
		for _, x := range rc.actions {
			if x.ID == in.ID {
				act, found = x, true
			}
		}
		if !found {
			return domain.Action{}, false, domain.ErrNotFound
		}
		in.LineID = act.LineID
	} else if !rc.hasLine(in.LineID) {
		return domain.Action{}, false, domain.ErrNotFound
	}
	if err := v.Err(); err != nil {
		return domain.Action{}, false, err
	}
	for _, x := range rc.actions {
		if (x.ID == in.ID || in.ID == 0) && !x.NeedsUpdate && x.LineID == in.LineID && x.Description == in.Description &&
			x.OwnerID == in.OwnerID && x.DueDate.Equal(in.DueDate) && x.Status == in.Status && x.StatusNote == in.StatusNote {
			return x, false, nil
		}
	}
	if revision >= 0 && revision != rc.report.Revision {
		return domain.Action{}, false, domain.Conflict("report.changed_meanwhile")
	}
	before := act
	act.ReportID, act.LineID, act.Description, act.OwnerID, act.DueDate = rc.report.ID, in.LineID, in.Description, in.OwnerID, in.DueDate
	act.Status, act.StatusNote, act.NeedsUpdate, act.UpdatedAt = in.Status, in.StatusNote, false, s.now()
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.BumpReport(ctx, rc.report.ID, rc.report.Revision); err != nil {
			return err
		}
		if err := tx.SaveAction(ctx, &act); err != nil {
			return err
		}
		var b any
		if before.ID != 0 {
			b = before
		}
		return audit.Record(ctx, tx, s.act(a), "action.save", "action", act.ID, b, act)
	})
	return act, err == nil, err
}

// DeleteAction removes an action added in this report; carried actions
// stay and must be given a status instead.
func (s *Service) DeleteAction(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, actionID int64) error {
	rc, err := s.editableReport(ctx, a, planID, quarter, revision)
	if err != nil {
		return err
	}
	for _, x := range rc.actions {
		if x.ID != actionID {
			continue
		}
		if x.CarriedFrom != 0 {
			return domain.Refuse("report.carried_action_stays")
		}
		// Once the next quarter's report has carried it in, it is followed
		// up there and stays here as the record of what was planned.
		on, err := s.carriedOn(ctx, rc)
		if err != nil {
			return err
		}
		if on[x.ID] {
			return domain.Refuse("reportui.action_carried_on")
		}
		return s.store.InTx(ctx, func(tx *store.Store) error {
			if err := tx.BumpReport(ctx, rc.report.ID, rc.report.Revision); err != nil {
				return err
			}
			if err := tx.DeleteAction(ctx, x.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, s.act(a), "action.delete", "action", x.ID, x, nil)
		})
	}
	return domain.ErrNotFound
}

// SubmitReport sends the report for review; every required IIAA must be
// complete and every carried action updated.
func (s *Service) SubmitReport(ctx context.Context, a authz.Actor, planID int64, quarter, revision int) (domain.Report, error) {
	rc, err := s.editableReport(ctx, a, planID, quarter, revision)
	if err != nil {
		return domain.Report{}, err
	}
	view, err := s.reportView(ctx, a, rc)
	if err != nil {
		return domain.Report{}, err
	}
	if len(view.Missing) > 0 {
		v := &domain.ValidationError{}
		for i, m := range view.Missing {
			v.Add(fmt.Sprintf("missing_%d", i), m)
		}
		return domain.Report{}, v
	}
	r := rc.report
	before := reportAudit(r)
	r.Status, r.SubmittedAt, r.SubmittedBy, r.ReturnComment = domain.ReportSubmitted, s.now(), a.User.ID, ""
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateReport(ctx, &r); err != nil {
			return err
		}
		if err := s.notifyReviewers(ctx, tx, rc); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "report.submit", "report", r.ID, before, reportAudit(r))
	})
	return r, err
}

func reportLink(planID int64, q int) string { return fmt.Sprintf("/reports/%d/%d", planID, q) }

func (s *Service) notifyReviewers(ctx context.Context, tx *store.Store, rc *reportContext) error {
	owner := rc.chart.Employees[rc.plan.EmployeeID]
	m := domain.M("notify.report_to_review", "name", owner.Name, "q", rc.quarter)
	if rc.plan.Kind == domain.PlanPK {
		return s.notifyRole(ctx, tx, rc.chart, rc.plan.OfficeID, authz.ReportReviewHead, "to_review", m, reportLink(rc.plan.ID, rc.quarter))
	}
	return s.notifyEmployees(ctx, tx, []int64{rc.chart.Head(rc.plan.OfficeID)}, "to_review", m, reportLink(rc.plan.ID, rc.quarter))
}

// ReviewReport marks a submitted report reviewed and freezes the figures it showed.
func (s *Service) ReviewReport(ctx context.Context, a authz.Actor, planID int64, quarter, revision int) (domain.Report, error) {
	rc, err := s.loadReport(ctx, s.store, planID, quarter)
	if err != nil {
		return domain.Report{}, err
	}
	if !authz.CanReviewReport(a, rc.chart, rc.plan) {
		return domain.Report{}, domain.ErrForbidden
	}
	if rc.report.Status != domain.ReportSubmitted {
		return domain.Report{}, domain.Refuse("report.not_submitted")
	}
	if revision >= 0 && revision != rc.report.Revision {
		return domain.Report{}, domain.Conflict("report.changed_meanwhile")
	}
	view, err := s.reportView(ctx, a, rc)
	if err != nil {
		return domain.Report{}, err
	}
	snap := reportSnapshot{Figures: map[int64]calc.QuarterResult{}}
	for _, row := range view.Rows {
		snap.Figures[row.Line.LineID] = row.Figures
	}
	if view.NKO != nil && view.NKO.Available() {
		snap.NKO, snap.Pred = calc.Some(view.NKO.Result.NKO), view.NKO.Result.Predicate
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return domain.Report{}, err
	}
	r := rc.report
	before := reportAudit(r)
	r.Status, r.ReviewedAt, r.ReviewedBy, r.Snapshot = domain.ReportReviewed, s.now(), a.User.ID, string(b)
	r.ReviewerName, r.ReviewerNIP = a.Employee.Name, a.Employee.NIP
	if r.ReviewerName == "" {
		r.ReviewerName = a.User.Username
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateReport(ctx, &r); err != nil {
			return err
		}
		if err := s.notifyEmployees(ctx, tx, []int64{rc.plan.EmployeeID}, "reviewed", domain.M("notify.report_reviewed", "q", quarter), reportLink(planID, quarter)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "report.review", "report", r.ID, before, reportAudit(r))
	})
	return r, err
}

// ReturnReport sends a submitted report back to the official with a comment.
func (s *Service) ReturnReport(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, comment string) (domain.Report, error) {
	rc, err := s.loadReport(ctx, s.store, planID, quarter)
	if err != nil {
		return domain.Report{}, err
	}
	if !authz.CanReviewReport(a, rc.chart, rc.plan) {
		return domain.Report{}, domain.ErrForbidden
	}
	if rc.report.Status != domain.ReportSubmitted {
		return domain.Report{}, domain.Refuse("report.not_submitted")
	}
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return domain.Report{}, domain.Invalid("comment", "plan.return_needs_comment")
	}
	if revision >= 0 && revision != rc.report.Revision {
		return domain.Report{}, domain.Conflict("report.changed_meanwhile")
	}
	r := rc.report
	before := reportAudit(r)
	r.Status, r.ReturnedAt, r.ReturnedBy, r.ReturnComment = domain.ReportReturned, s.now(), a.User.ID, comment
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateReport(ctx, &r); err != nil {
			return err
		}
		if err := s.notifyEmployees(ctx, tx, []int64{rc.plan.EmployeeID}, "returned", domain.M("notify.report_returned", "q", quarter, "comment", comment), reportLink(planID, quarter)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "report.return", "report", r.ID, before, reportAudit(r))
	})
	return r, err
}

// ReportSummary is one official's report in the office list.
type ReportSummary struct {
	PlanID   int64
	Employee domain.Employee
	Position domain.Position
	Kind     domain.PlanKind
	Report   domain.Report // ID 0: not started
	Overdue  int           // pending actions past their due date
}

// ListReports returns the reports of the structural officials of an office
// for a quarter that the viewer may see.
func (s *Service) ListReports(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) ([]ReportSummary, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: officeID})
	if err != nil {
		return nil, err
	}
	reports, err := s.store.ListReportsOfOffice(ctx, y.ID, officeID, quarter)
	if err != nil {
		return nil, err
	}
	byPlan := map[int64]domain.Report{}
	for _, r := range reports {
		byPlan[r.PlanID] = r
	}
	actions, err := s.store.ListActions(ctx, store.ActionFilter{YearID: y.ID, OfficeID: officeID})
	if err != nil {
		return nil, err
	}
	// An action carried into the next quarter is followed up there: only
	// the newest copy can be overdue.
	carried := map[int64]bool{}
	for _, x := range actions {
		if x.CarriedFrom != 0 {
			carried[x.CarriedFrom] = true
		}
	}
	overdue := map[int64]int{}
	for _, x := range actions {
		if x.Overdue(s.Today()) && !carried[x.ID] {
			overdue[x.ReportID]++
		}
	}
	var out []ReportSummary
	for _, p := range plans {
		if !isStructural(c, p) || !authz.CanSeeEmployeeWork(a, c, p.EmployeeID) {
			continue
		}
		rs := ReportSummary{PlanID: p.ID, Kind: p.Kind, Report: byPlan[p.ID]}
		if e := c.Employees[p.EmployeeID]; e != nil {
			rs.Employee = *e
		}
		if pos, ok := c.Primary(p.EmployeeID); ok {
			rs.Position = *pos
		}
		rs.Overdue = overdue[rs.Report.ID]
		out = append(out, rs)
	}
	return out, nil
}

// ActionRow is a pending action with where it comes from.
type ActionRow struct {
	Action  domain.Action
	PlanID  int64
	Quarter int
	Code    string
	Overdue bool
}

// MyActions returns the pending actions an employee owns in the newest
// report of each chain (carried copies replace their originals).
func (s *Service) MyActions(ctx context.Context, a authz.Actor, year int) ([]ActionRow, error) {
	if a.EmployeeID() == 0 {
		return nil, nil
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	// All statuses: a carried copy that is done still hides its original.
	list, err := s.store.ListActions(ctx, store.ActionFilter{OwnerID: a.EmployeeID(), YearID: y.ID})
	if err != nil {
		return nil, err
	}
	var out []ActionRow
	for _, x := range openActions(list) {
		row := ActionRow{Action: x, Overdue: x.Overdue(s.Today())}
		if r, err := s.store.GetReportByID(ctx, x.ReportID); err == nil {
			row.PlanID, row.Quarter = r.PlanID, r.Quarter
		}
		out = append(out, row)
	}
	return out, nil
}

package service

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// RequestCorrection asks to change a verified or locked realisation, with a
// reason. The owner or the pengelola kinerja may ask; someone else with the
// right decides. A new value that looks implausible needs confirm, as on
// the sheet.
func (s *Service) RequestCorrection(ctx context.Context, a authz.Actor, planID int64, quarter int, lineID int64, value calc.Opt, note, reason string, confirm bool) (domain.Correction, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return domain.Correction{}, err
	}
	if !authz.CanWriteOwn(a, sc.plan) && !authz.CanVerifySheet(a, sc.chart, sc.plan) {
		return domain.Correction{}, domain.ErrForbidden
	}
	if !sc.sheet.Status.Frozen() {
		return domain.Correction{}, domain.Refuse("correction.only_frozen")
	}
	r := sc.realisation(quarter, lineID)
	if r.ID == 0 {
		return domain.Correction{}, domain.ErrNotFound
	}
	v := &domain.ValidationError{}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		v.Addf("reason", "correction.reason_required")
	} else if len(reason) > 4000 {
		v.Addf("reason", "err.too_long", "max", 4000)
	}
	note = strings.TrimSpace(note)
	if value == r.Value && note == r.Note {
		v.Addf("value", "correction.no_change")
	}
	if !value.OK {
		v.Addf("value", "err.required")
	} else if !v.Number("value", value.V) {
		return domain.Correction{}, v
	}
	for _, l := range sc.lines {
		if l.LineID == lineID && value.OK {
			checkPlausible(v, "confirm", l, quarter, r.Value, value, confirm)
			ci := sc.indicator(l)
			ci.Realisations[quarter-1] = value
			if _, err := sc.rules.Evaluate(ci, false); err != nil {
				return domain.Correction{}, calcInvalid("value", err)
			}
		}
	}
	if err := v.Err(); err != nil {
		return domain.Correction{}, err
	}
	pending, err := s.store.ListCorrections(ctx, store.CorrectionFilter{Status: domain.CorrectionPending, RealisationIDs: []int64{r.ID}})
	if err != nil {
		return domain.Correction{}, err
	}
	if len(pending) > 0 {
		return domain.Correction{}, domain.Refuse("correction.pending_exists")
	}
	c := domain.Correction{RealisationID: r.ID, Status: domain.CorrectionPending, Reason: reason, OldValue: r.Value, NewValue: value,
		OldNote: r.Note, NewNote: note, RequestedAt: s.now(), RequestedBy: a.User.ID}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateCorrection(ctx, &c); err != nil {
			return err
		}
		owner := sc.chart.Employees[sc.plan.EmployeeID]
		if err := s.notifyRole(ctx, tx, sc.chart, sc.plan.OfficeID, authz.CorrectionDecide, "correction",
			domain.M("notify.correction_requested", "name", owner.Name, "q", quarter), sheetLink(planID, quarter)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "correction.request", "correction", c.ID, nil, c)
	})
	return c, err
}

// DecideCorrection approves or rejects a pending correction. An approved
// one changes the realisation and its frozen figure, keeping both values in
// the correction and the audit log. Nobody decides their own request.
func (s *Service) DecideCorrection(ctx context.Context, a authz.Actor, id int64, approve bool, comment string) (domain.Correction, error) {
	c, err := s.store.GetCorrection(ctx, id)
	if err != nil {
		return c, err
	}
	r, err := s.store.GetRealisation(ctx, c.RealisationID)
	if err != nil {
		return c, err
	}
	shr, err := s.store.GetSheetByID(ctx, r.SheetID)
	if err != nil {
		return c, err
	}
	sc, err := s.loadSheet(ctx, s.store, shr.PlanID, shr.Quarter)
	if err != nil {
		return c, err
	}
	if !authz.CanInScope(a, sc.chart, authz.CorrectionDecide, sc.plan.OfficeID) || authz.ReadOnly(a) {
		return c, domain.ErrForbidden
	}
	if c.RequestedBy == a.User.ID {
		return c, domain.Refuse("correction.not_own")
	}
	if c.Status != domain.CorrectionPending {
		return c, domain.Refuse("correction.already_decided")
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return c, domain.Invalid("comment", "correction.reject_needs_comment")
	}
	before := c
	c.DecidedAt, c.DecidedBy, c.DecisionComment = s.now(), a.User.ID, comment
	c.Status = domain.CorrectionRejected
	if approve {
		c.Status = domain.CorrectionApproved
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DecideCorrection(ctx, &c); err != nil {
			return err
		}
		if approve {
			old := realisationAudit(r)
			r.Value, r.Note, r.UpdatedAt, r.UpdatedBy = c.NewValue, c.NewNote, s.now(), a.User.ID
			// Recompute the frozen figure of this quarter with the corrected value.
			for q, list := range sc.byQ {
				for i := range list {
					if list[i].ID == r.ID {
						sc.byQ[q][i].Value = r.Value
					}
				}
			}
			for _, l := range sc.lines {
				if l.LineID != r.LineID {
					continue
				}
				res, err := sc.rules.Evaluate(sc.indicator(l), true)
				if err != nil {
					return calcInvalid("value", err)
				}
				evidence, err := tx.ListEvidence(ctx, []int64{r.ID})
				if err != nil {
					return err
				}
				r.Frozen = s.snapshot(sc, l, res, evidence, r.ID)
			}
			if err := tx.SaveRealisation(ctx, &r); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.act(a), "realisation.correct", "realisation", r.ID, old, realisationAudit(r)); err != nil {
				return err
			}
			if err := s.correctFrozenNKO(ctx, tx, a, sc, r, c); err != nil {
				return err
			}
			if err := s.refreshProvisional(ctx, tx, a, sc.plan.YearID, sc.plan.OfficeID); err != nil {
				return err
			}
		}
		u, err := tx.GetUser(ctx, c.RequestedBy)
		if err == nil {
			key := "notify.correction_rejected"
			if approve {
				key = "notify.correction_approved"
			}
			n := domain.Notification{UserID: u.ID, Kind: "correction", Msg: domain.M(key, "q", sc.quarter), Link: sheetLink(sc.plan.ID, sc.quarter), CreatedAt: s.now()}
			if err := tx.CreateNotification(ctx, &n); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.act(a), "correction.decide", "correction", c.ID, before, c)
	})
	return c, err
}

// correctFrozenNKO carries an approved correction of a PK line into the
// frozen score of its closed quarter: the line's figure is replaced by its
// corrected frozen figure, everything else stays as frozen, and the score
// records when, by whom and why.
func (s *Service) correctFrozenNKO(ctx context.Context, tx *store.Store, a authz.Actor, sc *sheetContext, r domain.Realisation, c domain.Correction) error {
	cl := sc.closure
	if cl == nil || cl.NKO == nil || sc.plan.ID != cl.NKO.PlanID || r.Frozen == nil {
		return nil
	}
	f := cl.NKO
	for i := range f.IKUs {
		k := &f.IKUs[i]
		if k.LineID != r.LineID {
			continue
		}
		k.Target, k.Realisation, k.Achievement, k.Status = r.Frozen.Target, r.Frozen.Realisation, r.Frozen.Achievement, r.Frozen.Status
		f.Corrections = append(f.Corrections, domain.NKOCorrection{CorrectionID: c.ID, LineID: k.LineID, Code: k.Code,
			At: s.now().UTC(), By: a.Name(), Reason: c.Reason})
		if err := tx.SetClosureNKO(ctx, cl); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "nko.correct", "quarter_closure", cl.ID, nil,
			map[string]any{"correction_id": c.ID, "line_id": k.LineID, "achievement": k.Achievement})
	}
	return nil
}

// CorrectionRow is a correction with where it belongs.
type CorrectionRow struct {
	Correction domain.Correction
	PlanID     int64
	Quarter    int
	Owner      string
	Code       string
	Name       string
}

// ListCorrections returns the corrections of an office for a year, newest first.
func (s *Service) ListCorrections(ctx context.Context, a authz.Actor, year int, officeID int64, status domain.CorrectionStatus) ([]CorrectionRow, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	if !authz.CanInScope(a, c, authz.CorrectionDecide, officeID) && !authz.CanInScope(a, c, authz.OfficeRead, officeID) {
		return nil, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListCorrections(ctx, store.CorrectionFilter{YearID: y.ID, OfficeID: officeID, Status: status})
	if err != nil {
		return nil, err
	}
	var out []CorrectionRow
	for _, cr := range list {
		r, err := s.store.GetRealisation(ctx, cr.RealisationID)
		if err != nil {
			return nil, err
		}
		sh, err := s.store.GetSheetByID(ctx, r.SheetID)
		if err != nil {
			return nil, err
		}
		p, err := s.store.GetPlan(ctx, sh.PlanID)
		if err != nil {
			return nil, err
		}
		row := CorrectionRow{Correction: cr, PlanID: p.ID, Quarter: sh.Quarter}
		if e := c.Employees[p.EmployeeID]; e != nil {
			row.Owner = e.Name
		}
		if ref, err := s.lineRef(ctx, s.store, c, r.LineID); err == nil {
			row.Code, row.Name = ref.Code, ref.Name
		}
		out = append(out, row)
	}
	return out, nil
}

// ProgressRow is the reporting state of one person for a quarter.
type ProgressRow struct {
	EmployeeID int64
	Name       string
	Position   string
	UnitID     int64
	PlanID     int64
	Kind       domain.PlanKind
	Status     string // "no_plan", "plan_not_approved", or a sheet status
	Late       bool
	Overdue    bool
}

// UnitProgress sums the states of the people of one unit.
type UnitProgress struct {
	Unit   domain.Unit
	Rows   []ProgressRow
	Counts map[string]int
}

// QuarterProgress is the completeness of an office's quarter for the pengelola kinerja.
type QuarterProgress struct {
	Year     domain.Year
	Quarter  domain.Quarter
	Office   domain.Unit
	Closure  *domain.QuarterClosure
	Units    []UnitProgress
	Totals   map[string]int
	Ended    bool // the quarter is over, so it can be closed
	CanClose bool
}

// QuarterProgress shows who has submitted, validated and verified a quarter, per unit.
func (s *Service) QuarterProgress(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (QuarterProgress, error) {
	qp, c, err := s.progressHead(ctx, a, year, quarter, officeID)
	if err != nil {
		return qp, err
	}
	y := qp.Year
	pv, err := s.readPlanVersions(ctx, y.ID, officeID)
	if err != nil {
		return qp, err
	}
	sheets, err := s.store.ListSheetsOfOffice(ctx, y.ID, officeID, quarter)
	if err != nil {
		return qp, err
	}
	sheetOf := map[int64]domain.Sheet{}
	for _, sh := range sheets {
		sheetOf[sh.PlanID] = sh
	}
	s.fillProgress(&qp, c, pv.plans, pv.approved, sheetOf)
	return qp, nil
}

// officeProgress is QuarterProgress from an office's data already loaded.
func (s *Service) officeProgress(ctx context.Context, a authz.Actor, od *officeData, quarter int) (QuarterProgress, error) {
	qp, c, err := s.progressHead(ctx, a, od.year.Year, quarter, od.officeID)
	if err != nil {
		return qp, err
	}
	sheetOf := map[int64]domain.Sheet{}
	for _, p := range od.plans {
		if sh := od.sheet(p.ID, quarter); sh.ID != 0 {
			sheetOf[p.ID] = sh
		}
	}
	s.fillProgress(&qp, c, od.plans, od.approved, sheetOf)
	return qp, nil
}

// progressHead checks who may see a quarter's progress and fills in the
// quarter, its closure and whether it may be closed.
func (s *Service) progressHead(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (QuarterProgress, *domain.Chart, error) {
	var qp QuarterProgress
	if quarter < 1 || quarter > 4 {
		return qp, nil, domain.ErrNotFound
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return qp, nil, err
	}
	off := c.Units[officeID]
	if off == nil {
		return qp, nil, domain.ErrNotFound
	}
	if !authz.CanReadOffice(a, c, officeID) || (!authz.CanInScope(a, c, authz.OfficeRead, officeID) && !c.Heads(officeID, a.EmployeeID()) && !authz.HeadsAbove(a, c, officeID)) {
		return qp, nil, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return qp, nil, err
	}
	qp.Year, qp.Quarter, qp.Office = y, y.Quarters[quarter-1], *off
	qp.Ended = s.Today().After(domain.QuarterEnd(year, quarter))
	qp.CanClose = authz.CanInScope(a, c, authz.QuarterClose, officeID) && !authz.ReadOnly(a)
	if cl, err := s.store.GetClosure(ctx, y.ID, quarter, officeID); err == nil {
		qp.Closure = &cl
	} else if !errors.Is(err, domain.ErrNotFound) {
		return qp, nil, err
	}
	return qp, c, nil
}

// fillProgress sorts the office's people by unit and counts their states.
func (s *Service) fillProgress(qp *QuarterProgress, c *domain.Chart, plans []domain.Plan, approved map[int64]domain.PlanVersion, sheetOf map[int64]domain.Sheet) {
	officeID := qp.Office.ID
	overdue := s.Today().After(qp.Quarter.Deadline)
	byUnit := map[int64]*UnitProgress{}
	qp.Totals = map[string]int{}
	// One row per plan that reports on the quarter: a quarter split by a
	// move has a row for each plan (SPEC §13), and a person who moved away
	// or left keeps the row of the old plan. Who has no such plan has a row
	// of their own.
	var rows []ProgressRow
	planned := map[int64]bool{}
	for _, p := range plans {
		if !p.InQuarter(qp.Quarter.Quarter) || p.OfficeID != officeID {
			continue
		}
		e := c.Employees[p.EmployeeID]
		if e == nil {
			continue
		}
		planned[p.EmployeeID] = true
		row := ProgressRow{EmployeeID: p.EmployeeID, Name: e.Name, PlanID: p.ID, Kind: p.Kind}
		if pos := c.Positions[p.PositionID]; pos != nil {
			row.Position, row.UnitID = pos.Title, pos.UnitID
		}
		_, isApproved := approved[p.ID]
		switch sh, has := sheetOf[p.ID]; {
		case !isApproved:
			row.Status = "plan_not_approved"
		case has:
			row.Status, row.Late = string(sh.Status), sh.Late
		default:
			row.Status = string(domain.SheetDraft)
		}
		rows = append(rows, row)
	}
	for _, id := range c.OfficeEmployees(officeID) {
		if planned[id] {
			continue
		}
		row := ProgressRow{EmployeeID: id, Name: c.Employees[id].Name, Status: "no_plan"}
		if pos, ok := c.Primary(id); ok {
			row.Position, row.UnitID = pos.Title, pos.UnitID
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		row.Overdue = overdue && (row.Status == string(domain.SheetDraft) || row.Status == string(domain.SheetReturned))
		up := byUnit[row.UnitID]
		if up == nil {
			up = &UnitProgress{Counts: map[string]int{}}
			if u := c.Units[row.UnitID]; u != nil {
				up.Unit = *u
			}
			byUnit[row.UnitID] = up
		}
		up.Rows = append(up.Rows, row)
		up.Counts[row.Status]++
		qp.Totals[row.Status]++
		if row.Overdue {
			up.Counts["overdue"]++
			qp.Totals["overdue"]++
		}
	}
	for _, up := range byUnit {
		qp.Units = append(qp.Units, *up)
	}
	sort.Slice(qp.Units, func(i, j int) bool { return qp.Units[i].Unit.ID < qp.Units[j].Unit.ID })
}

// CloseQuarter closes a quarter for an office: every verified sheet is
// locked, the closure is recorded, and the sheets not yet verified are
// returned so the pengelola kinerja can follow them up.
func (s *Service) CloseQuarter(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) ([]ProgressRow, error) {
	qp, err := s.QuarterProgress(ctx, a, year, quarter, officeID)
	if err != nil {
		return nil, err
	}
	if !qp.CanClose {
		return nil, domain.ErrForbidden
	}
	if qp.Closure != nil {
		return nil, domain.Refuse("quarter.already_closed")
	}
	if !qp.Ended {
		return nil, domain.Refuse("quarter.not_ended")
	}
	sheets, err := s.store.ListSheetsOfOffice(ctx, qp.Year.ID, officeID, quarter)
	if err != nil {
		return nil, err
	}
	var open []ProgressRow
	for _, u := range qp.Units {
		for _, r := range u.Rows {
			if r.Status != string(domain.SheetVerified) && r.Status != string(domain.SheetLocked) {
				open = append(open, r)
			}
		}
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		for _, sh := range sheets {
			if sh.Status != domain.SheetVerified {
				continue
			}
			before := sheetAudit(sh)
			sh.Status, sh.LockedAt = domain.SheetLocked, now
			if err := tx.UpdateSheet(ctx, &sh); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.act(a), "sheet.lock", "sheet", sh.ID, before, sheetAudit(sh)); err != nil {
				return err
			}
		}
		cl := domain.QuarterClosure{YearID: qp.Year.ID, Quarter: quarter, OfficeID: officeID, ClosedAt: now, ClosedBy: a.User.ID}
		if err := tx.CreateClosure(ctx, &cl); err != nil {
			return err
		}
		if err := s.freezeNKO(ctx, tx, qp.Year, qp.Office, &cl); err != nil {
			return err
		}
		// The quarter's figures are official now: copies of them made
		// provisionally for the next year follow (SPEC §15).
		if err := s.refreshProvisional(ctx, tx, a, qp.Year.ID, officeID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "quarter.close", "quarter_closure", cl.ID, nil, map[string]any{"closure": cl, "not_verified": len(open)})
	})
	return open, err
}

// SendReminders notifies everyone whose step of the quarter is pending:
// owners who have not submitted, supervisors with sheets to validate.
// It returns the number of people reminded.
func (s *Service) SendReminders(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (int, error) {
	qp, err := s.QuarterProgress(ctx, a, year, quarter, officeID)
	if err != nil {
		return 0, err
	}
	if !qp.CanClose {
		return 0, domain.ErrForbidden
	}
	owners := map[int64]int64{} // owner → a plan with the sheet to send
	validators := map[int64]int{}
	for _, u := range qp.Units {
		for _, r := range u.Rows {
			switch r.Status {
			case string(domain.SheetDraft), string(domain.SheetReturned):
				if r.PlanID != 0 {
					owners[r.EmployeeID] = r.PlanID
				}
			case string(domain.SheetSubmitted):
				if r.Kind != domain.PlanSKP {
					continue
				}
				// The supervisors of the plan's period validate it.
				p, err := s.store.GetPlan(ctx, r.PlanID)
				if err != nil {
					return 0, err
				}
				pc, err := s.chartFor(ctx, p)
				if err != nil {
					return 0, err
				}
				for _, sup := range pc.Supervisors(r.EmployeeID) {
					validators[sup]++
				}
			}
		}
	}
	n := 0
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		for id, pid := range owners {
			if err := s.notifyEmployees(ctx, tx, []int64{id}, "reminder",
				domain.M("notify.remind_submit", "q", quarter, "year", year, "deadline", qp.Quarter.Deadline.Format("2006-01-02")), sheetLink(pid, quarter)); err != nil {
				return err
			}
			n++
		}
		for id, count := range validators {
			if err := s.notifyEmployees(ctx, tx, []int64{id}, "reminder", domain.M("notify.remind_validate", "q", quarter, "n", count), "/"); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, s.act(a), "quarter.remind", "quarter", quarter, nil, map[string]any{"office_id": officeID, "year": year, "reminded": n})
	})
	return n, err
}

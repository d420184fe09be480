package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

func sheetAudit(sh domain.Sheet) map[string]any {
	return map[string]any{"plan_id": sh.PlanID, "quarter": sh.Quarter, "status": sh.Status, "late": sh.Late, "return_stage": sh.ReturnStage, "return_comment": sh.ReturnComment}
}

// transition loads a sheet, checks its revision, applies change and writes
// it with an audit event and notifications, in one transaction.
func (s *Service) transition(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, action string,
	check func(sc *sheetContext) error, change func(sc *sheetContext, tx *store.Store, sh *domain.Sheet) error) (domain.Sheet, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return domain.Sheet{}, err
	}
	if !authz.CanSeeEmployeeWork(a, sc.chart, sc.plan.EmployeeID) && !authz.CanVerifySheet(a, sc.chart, sc.plan) {
		return domain.Sheet{}, domain.ErrForbidden
	}
	if err := check(sc); err != nil {
		return domain.Sheet{}, err
	}
	if revision >= 0 && sc.sheet.ID != 0 && revision != sc.sheet.Revision {
		return domain.Sheet{}, domain.Conflict("sheet.changed_meanwhile")
	}
	var out domain.Sheet
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		sh, err := s.ensureSheet(ctx, tx, sc)
		if err != nil {
			return err
		}
		before := sheetAudit(sh)
		if err := s.applyLocated(ctx, tx, a, sc, sh.ID); err != nil {
			return err
		}
		if err := change(sc, tx, &sh); err != nil {
			return err
		}
		if err := tx.UpdateSheet(ctx, &sh); err != nil {
			return err
		}
		// The head's PK verified after its quarter was closed: the office
		// score becomes official now, and is frozen as it stands.
		if sc.closure != nil && sc.plan.Kind == domain.PlanPK && sh.Status.Frozen() {
			if err := s.freezeNKO(ctx, tx, sc.year, *sc.chart.Units[sc.plan.OfficeID], sc.closure); err != nil {
				return err
			}
		}
		out = sh
		return audit.Record(ctx, tx, s.act(a), action, "sheet", sh.ID, before, sheetAudit(sh))
	})
	return out, err
}

// SubmitSheet sends the owner's quarter sheet for validation. Every line
// with a target needs a value and the documents its manual requires;
// after the deadline the sheet is accepted but marked late.
func (s *Service) SubmitSheet(ctx context.Context, a authz.Actor, planID int64, quarter, revision int) (domain.Sheet, error) {
	return s.transition(ctx, a, planID, quarter, revision, "sheet.submit", func(sc *sheetContext) error {
		if !authz.CanWriteOwn(a, sc.plan) {
			return domain.ErrForbidden
		}
		if !sc.sheet.Status.Editable() {
			return domain.Refuse("sheet.frozen", "status", string(sc.sheet.Status))
		}
		if err := s.requireBegun(sc.year.Year, sc.quarter); err != nil {
			return err
		}
		if err := checkLocated(sc); err != nil {
			return err
		}
		view, err := s.sheetView(ctx, a, sc, false)
		if err != nil {
			return err
		}
		if len(view.Missing) > 0 {
			v := &domain.ValidationError{}
			for i, m := range view.Missing {
				v.Add(fmt.Sprintf("missing_%d", i), m.What)
			}
			return v
		}
		return nil
	}, func(sc *sheetContext, tx *store.Store, sh *domain.Sheet) error {
		sh.Status, sh.SubmittedAt, sh.SubmittedBy = domain.SheetSubmitted, s.now(), a.User.ID
		sh.Late = s.Today().After(sc.deadline.Deadline)
		sh.ReturnComment, sh.ReturnStage = "", ""
		return s.notifyValidators(ctx, tx, sc)
	})
}

// ValidateSheet records the supervisor's validation (the pengelola kinerja's for the head).
func (s *Service) ValidateSheet(ctx context.Context, a authz.Actor, planID int64, quarter, revision int) (domain.Sheet, error) {
	return s.transition(ctx, a, planID, quarter, revision, "sheet.validate", func(sc *sheetContext) error {
		if !authz.CanValidateSheet(a, sc.chart, sc.plan) {
			return domain.ErrForbidden
		}
		if sc.sheet.Status != domain.SheetSubmitted {
			return domain.Refuse("sheet.not_submitted")
		}
		return nil
	}, func(sc *sheetContext, tx *store.Store, sh *domain.Sheet) error {
		sh.Status, sh.ValidatedAt, sh.ValidatedBy, sh.VersionID = domain.SheetValidated, s.now(), a.User.ID, sc.version.ID
		return s.notifyVerifiers(ctx, tx, sc)
	})
}

// Check is the verifier's mark on one line.
type Check struct {
	LineID  int64
	OK      bool
	Comment string
}

// VerifySheet records the pengelola kinerja's verification: every line with
// a target must be checked as matching its evidence. The achievement, the
// rule set, the targets and the evidence hashes of each line are frozen.
// After the quarter is closed a verified sheet is locked at once.
func (s *Service) VerifySheet(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, checks []Check) (domain.Sheet, error) {
	return s.transition(ctx, a, planID, quarter, revision, "sheet.verify", func(sc *sheetContext) error {
		if !authz.CanVerifySheet(a, sc.chart, sc.plan) {
			return domain.ErrForbidden
		}
		if sc.sheet.Status != domain.SheetValidated {
			return domain.Refuse("sheet.not_validated")
		}
		marked := map[int64]Check{}
		for _, c := range checks {
			marked[c.LineID] = c
		}
		v := &domain.ValidationError{}
		for _, l := range sc.lines {
			if !l.Targets[quarter-1].OK {
				continue
			}
			c, ok := marked[l.LineID]
			if !ok || !c.OK {
				v.Addf("check_"+itoa64(l.LineID), "sheet.check_every_line", "code", l.Code)
			}
		}
		return v.Err()
	}, func(sc *sheetContext, tx *store.Store, sh *domain.Sheet) error {
		now := s.now()
		sh.Status, sh.VerifiedAt, sh.VerifiedBy = domain.SheetVerified, now, a.User.ID
		if sc.closure != nil {
			sh.Status, sh.LockedAt = domain.SheetLocked, now
		}
		comments := map[int64]string{}
		for _, c := range checks {
			comments[c.LineID] = strings.TrimSpace(c.Comment)
		}
		if err := s.freeze(ctx, tx, sc, sh.ID, comments); err != nil {
			return err
		}
		return s.notifyOwner(ctx, tx, sc, "verified", domain.M("notify.sheet_verified", "q", quarter, "year", sc.year.Year))
	})
}

// freeze stores the verified figures of every line of the sheet.
func (s *Service) freeze(ctx context.Context, tx *store.Store, sc *sheetContext, sheetID int64, comments map[int64]string) error {
	var rids []int64
	for _, r := range sc.byQ[sc.quarter] {
		rids = append(rids, r.ID)
	}
	evidence, err := tx.ListEvidence(ctx, rids)
	if err != nil {
		return err
	}
	for _, l := range sc.lines {
		if !l.Targets[sc.quarter-1].OK {
			continue
		}
		r := sc.realisation(sc.quarter, l.LineID)
		res, err := sc.rules.Evaluate(sc.indicator(l), true)
		if err != nil {
			return calcInvalid("value_"+itoa64(l.LineID), err)
		}
		r.Frozen = s.snapshot(sc, l, res, evidence, r.ID)
		ok := true
		r.CheckOK, r.CheckComment = &ok, comments[l.LineID]
		r.SheetID = sheetID
		if err := tx.SaveRealisation(ctx, &r); err != nil {
			return err
		}
	}
	return nil
}

// snapshot is the frozen figure of a line: numbers, rule set, explanation
// in both languages and the hashes of the current evidence files.
func (s *Service) snapshot(sc *sheetContext, l domain.Indicator, res calc.Result, evidence []domain.Evidence, realisationID int64) *domain.Frozen {
	q := res.Quarters[sc.quarter-1]
	f := &domain.Frozen{RuleSet: res.RuleSet, VersionID: sc.version.ID, Polarity: l.Polarity, Consolidation: l.PeriodConsolidation,
		Target: q.ToDate.Target, Realisation: q.ToDate.Realisation, Achievement: q.ToDate.Achievement, Status: string(q.ToDate.Status),
		QuarterTarget: q.Own.Target, QuarterRealisation: q.Own.Realisation, QuarterAchievement: q.Own.Achievement, At: s.now().UTC()}
	for _, st := range res.Steps {
		if st.Quarter == sc.quarter || st.Quarter == 0 {
			f.Explain = append(f.Explain, st.Text("id"))
			f.ExplainEN = append(f.ExplainEN, st.Text("en"))
		}
	}
	for _, e := range evidence {
		if e.RealisationID == realisationID && realisationID != 0 && e.Current() && e.SHA256 != "" {
			f.Evidence = append(f.Evidence, e.SHA256)
		}
	}
	return f
}

// ReturnSheet sends a submitted or validated sheet back to its owner with a comment.
func (s *Service) ReturnSheet(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, comment string) (domain.Sheet, error) {
	comment = strings.TrimSpace(comment)
	var stage string
	return s.transition(ctx, a, planID, quarter, revision, "sheet.return", func(sc *sheetContext) error {
		switch {
		case sc.sheet.Status == domain.SheetSubmitted && authz.CanValidateSheet(a, sc.chart, sc.plan):
			stage = "validation"
		case sc.sheet.Status == domain.SheetValidated && authz.CanVerifySheet(a, sc.chart, sc.plan):
			stage = "verification"
		case sc.sheet.Status == domain.SheetSubmitted || sc.sheet.Status == domain.SheetValidated:
			return domain.ErrForbidden
		default:
			return domain.Refuse("sheet.cannot_return", "status", string(sc.sheet.Status))
		}
		if comment == "" {
			return domain.Invalid("comment", "plan.return_needs_comment")
		}
		if len(comment) > 4000 {
			return domain.Invalid("comment", "err.too_long", "max", 4000)
		}
		return nil
	}, func(sc *sheetContext, tx *store.Store, sh *domain.Sheet) error {
		sh.Status, sh.ReturnedAt, sh.ReturnedBy, sh.ReturnStage, sh.ReturnComment = domain.SheetReturned, s.now(), a.User.ID, stage, comment
		sh.VersionID = 0 // reported again, on the newest approved version
		return s.notifyOwner(ctx, tx, sc, "returned", domain.M("notify.sheet_returned", "q", quarter, "year", sc.year.Year, "comment", comment))
	})
}

// notifyOwner tells the plan owner something happened to their sheet.
func (s *Service) notifyOwner(ctx context.Context, tx *store.Store, sc *sheetContext, kind string, m domain.Msg) error {
	return s.notifyEmployees(ctx, tx, []int64{sc.plan.EmployeeID}, kind, m, sheetLink(sc.plan.ID, sc.quarter))
}

func sheetLink(planID int64, q int) string { return fmt.Sprintf("/plans/%d/quarters/%d", planID, q) }

func (s *Service) notifyValidators(ctx context.Context, tx *store.Store, sc *sheetContext) error {
	owner := sc.chart.Employees[sc.plan.EmployeeID]
	m := domain.M("notify.sheet_to_validate", "name", owner.Name, "q", sc.quarter)
	if sc.plan.Kind == domain.PlanPK {
		return s.notifyRole(ctx, tx, sc.chart, sc.plan.OfficeID, authz.RealisationCheck, "to_validate", m, sheetLink(sc.plan.ID, sc.quarter))
	}
	return s.notifyEmployees(ctx, tx, sc.chart.Supervisors(sc.plan.EmployeeID), "to_validate", m, sheetLink(sc.plan.ID, sc.quarter))
}

func (s *Service) notifyVerifiers(ctx context.Context, tx *store.Store, sc *sheetContext) error {
	owner := sc.chart.Employees[sc.plan.EmployeeID]
	return s.notifyRole(ctx, tx, sc.chart, sc.plan.OfficeID, authz.RealisationCheck, "to_verify",
		domain.M("notify.sheet_to_verify", "name", owner.Name, "q", sc.quarter), sheetLink(sc.plan.ID, sc.quarter))
}

// notifyEmployees writes an in-app notification to the accounts of employees.
func (s *Service) notifyEmployees(ctx context.Context, tx *store.Store, employees []int64, kind string, m domain.Msg, link string) error {
	for _, id := range employees {
		u, err := tx.GetUserByEmployee(ctx, id)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		n := domain.Notification{UserID: u.ID, Kind: kind, Msg: m, Link: link, CreatedAt: s.now()}
		if err := tx.CreateNotification(ctx, &n); err != nil {
			return err
		}
	}
	return nil
}

// notifyRole notifies every active account holding a permission whose scope covers the office.
func (s *Service) notifyRole(ctx context.Context, tx *store.Store, c *domain.Chart, officeID int64, p authz.Permission, kind string, m domain.Msg, link string) error {
	users, err := tx.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		a := authz.Actor{User: u}
		if !u.Active || !authz.Can(a, p) || u.Role == domain.RoleAdmin {
			continue
		}
		if !authz.InScope(a, c, officeID) {
			continue
		}
		n := domain.Notification{UserID: u.ID, Kind: kind, Msg: m, Link: link, CreatedAt: s.now()}
		if err := tx.CreateNotification(ctx, &n); err != nil {
			return err
		}
	}
	return nil
}

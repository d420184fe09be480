package service

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// Quarter states beside the sheet statuses, for quarters without a sheet.
const (
	QuarterNotStarted      = "not_started"       // nothing saved yet
	QuarterPlanNotApproved = "plan_not_approved" // no approved version to report against
)

// QuarterState is the reporting state of one quarter of a plan, for lists
// and the links from a plan to its sheets.
type QuarterState struct {
	Quarter   int
	Deadline  time.Time
	Status    string // a sheet status, QuarterNotStarted or QuarterPlanNotApproved
	HasTarget bool   // some line of the approved version has a target this quarter
	Late      bool   // submitted after the deadline
	Overdue   bool   // the deadline passed and nothing is submitted
	Closed    bool   // the office closed the quarter
}

// PlanQuarters returns the state of each quarter of a plan.
func (s *Service) PlanQuarters(ctx context.Context, a authz.Actor, planID int64) ([]QuarterState, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return nil, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	v, _ := pc.lastApproved()
	return s.planQuarters(ctx, pc.plan, pc.year, v.ID, nil, nil)
}

// planQuarters reads the quarters of a plan whose targets come from the
// approved version (0: none approved yet). A caller that has read the plan's
// sheets (sc.sheets, not nil) or the version's lines passes them.
func (s *Service) planQuarters(ctx context.Context, plan domain.Plan, year domain.Year, approvedVersion int64, sheets []domain.Sheet, known []domain.Indicator) ([]QuarterState, error) {
	var err error
	if sheets == nil {
		if sheets, err = s.store.ListSheetsOfPlan(ctx, plan.ID); err != nil {
			return nil, err
		}
	}
	closed, err := s.store.ClosedQuarters(ctx, year.ID, plan.OfficeID)
	if err != nil {
		return nil, err
	}
	lines := known // the version's lines, when the caller has them
	approved := approvedVersion != 0
	if approved && lines == nil {
		if lines, err = s.store.ListIndicators(ctx, approvedVersion); err != nil {
			return nil, err
		}
	}
	today := s.Today()
	out := make([]QuarterState, 4)
	for i := range out {
		q := i + 1
		qs := QuarterState{Quarter: q, Deadline: year.Quarters[i].Deadline, Status: QuarterNotStarted}
		for _, l := range lines {
			qs.HasTarget = qs.HasTarget || l.Targets[i].OK
		}
		for _, sh := range sheets {
			if sh.Quarter == q {
				qs.Status, qs.Late = string(sh.Status), sh.Late
			}
		}
		if !approved {
			qs.Status = QuarterPlanNotApproved
		}
		qs.Closed = slices.Contains(closed, q)
		editable := qs.Status == QuarterNotStarted || domain.SheetStatus(qs.Status).Editable()
		qs.Overdue = approved && qs.HasTarget && editable && today.After(qs.Deadline)
		out[i] = qs
	}
	return out, nil
}

// SheetPage is a quarter sheet with what its page shows around it: the
// plan's four quarters and the names of the people in its history.
type SheetPage struct {
	SheetView
	Quarters []QuarterState
	Names    map[int64]string // user ID → employee name (or user name)
	// Services are the accounts among them that are service accounts,
	// which act on the owner's behalf: user ID → the service account's name.
	Services map[int64]string
}

// GetSheetPage returns a quarter sheet for its page.
func (s *Service) GetSheetPage(ctx context.Context, a authz.Actor, planID int64, quarter int) (SheetPage, error) {
	v, sc, err := s.getSheet(ctx, a, planID, quarter)
	if err != nil {
		return SheetPage{}, err
	}
	p := SheetPage{SheetView: v}
	lines := make([]domain.Indicator, len(v.Lines))
	for i, l := range v.Lines {
		lines[i] = l.Indicator
	}
	if p.Quarters, err = s.planQuarters(ctx, v.Plan, v.Year, v.Version.ID, sc.sheets, lines); err != nil {
		return p, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return p, err
	}
	sh := v.Sheet
	ids := []int64{sh.SubmittedBy, sh.ValidatedBy, sh.VerifiedBy, sh.ReturnedBy}
	if v.Closed != nil {
		ids = append(ids, v.Closed.ClosedBy)
	}
	for _, l := range v.Lines {
		ids = append(ids, l.Realisation.UpdatedBy)
		for _, e := range l.Evidence {
			ids = append(ids, e.UploadedBy)
		}
	}
	for _, c := range v.Corrections {
		ids = append(ids, c.RequestedBy, c.DecidedBy)
	}
	if p.Names, err = s.accountNames(ctx, c, ids); err != nil {
		return p, err
	}
	p.Services = map[int64]string{}
	for _, id := range ids {
		if n, ok := p.Names[id]; ok && strings.HasPrefix(n, serviceLoginPrefix) {
			sa, err := s.store.GetServiceAccountOfUser(ctx, id)
			if err == nil {
				p.Services[id] = sa.Name
			} else if !errors.Is(err, domain.ErrNotFound) {
				return p, err
			}
		}
	}
	return p, nil
}

// accountNames names accounts by their employee (or user name when none),
// reading them in one query; unknown IDs and 0 are left out.
func (s *Service) accountNames(ctx context.Context, c *domain.Chart, ids []int64) (map[int64]string, error) {
	seen := map[int64]bool{0: true}
	var want []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	users, err := s.store.ListUsersByID(ctx, want)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Username
		if e := c.Employees[u.EmployeeID]; e != nil {
			out[u.ID] = e.Name
		}
	}
	return out, nil
}

// WaitingSheet is a sheet waiting for the viewer's validation or verification.
type WaitingSheet struct {
	PlanID   int64
	Kind     domain.PlanKind
	Quarter  int
	Owner    domain.Employee
	Position string
	Unit     string
	Since    time.Time // when it reached the viewer (submitted or validated)
	Deadline time.Time
	Late     bool
}

// RealisationOverview is what the realisation page shows a viewer for a
// year: their own plan's quarters and the sheets waiting for them.
type RealisationOverview struct {
	Year        domain.Year
	Quarter     int         // the quarter being reported now (the latest that has ended)
	Office      domain.Unit // the viewer's office (zero when not placed)
	OwnPlan     *domain.Plan
	OwnQuarters []QuarterState
	ToValidate  []WaitingSheet
	ToVerify    []WaitingSheet
	// Reviewer: the viewer validates or verifies others' sheets (so an
	// empty queue is worth saying).
	Reviewer bool
	// CanOpenConsole: the viewer may open the quarter closing console of the office.
	CanOpenConsole bool
}

// RealisationOverview gathers the viewer's own quarters and work queue of a year.
func (s *Service) RealisationOverview(ctx context.Context, a authz.Actor, year int) (RealisationOverview, error) {
	var ov RealisationOverview
	if !a.User.Active {
		return ov, domain.ErrForbidden
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return ov, err
	}
	if ov.Year, err = s.yearNumbered(ctx, year); err != nil {
		return ov, err
	}
	ov.Quarter = s.CurrentQuarter(ov.Year.Year)
	if me := a.EmployeeID(); me != 0 {
		p, err := planOn(ctx, s.store, ov.Year.ID, me, s.Today())
		switch {
		case err == nil:
			pc, err := s.loadPlan(ctx, s.store, p.ID)
			if err != nil {
				return ov, err
			}
			v, _ := pc.lastApproved()
			ov.OwnPlan = &pc.plan
			if ov.OwnQuarters, err = s.planQuarters(ctx, pc.plan, pc.year, v.ID, nil, nil); err != nil {
				return ov, err
			}
		case !errors.Is(err, domain.ErrNotFound):
			return ov, err
		}
	}
	officeID := c.EmployeeOffice(a.EmployeeID())
	off := c.Units[officeID]
	if off == nil {
		return ov, nil
	}
	ov.Office = *off
	ov.CanOpenConsole = authz.CanInScope(a, c, authz.OfficeRead, officeID) || c.Heads(officeID, a.EmployeeID())
	ov.Reviewer = !authz.ReadOnly(a) && (len(c.Subordinates(a.EmployeeID())) > 0 || authz.CanInScope(a, c, authz.RealisationCheck, officeID))
	// A supervisor validates the sheets of direct subordinates; only the
	// verifiers of the office need all of its waiting sheets.
	var only []int64
	if !authz.CanInScope(a, c, authz.RealisationCheck, officeID) {
		if only = c.Subordinates(a.EmployeeID()); len(only) == 0 {
			return ov, nil
		}
	}
	sheets, err := s.store.ListWaitingSheetsOfOffice(ctx, ov.Year.ID, officeID, only...)
	if err != nil {
		return ov, err
	}
	var plans map[int64]domain.Plan
	for _, sh := range sheets {
		if sh.Status != domain.SheetSubmitted && sh.Status != domain.SheetValidated {
			continue
		}
		if plans == nil {
			list, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: ov.Year.ID, OfficeID: officeID, Employees: only})
			if err != nil {
				return ov, err
			}
			plans = make(map[int64]domain.Plan, len(list))
			for _, p := range list {
				plans[p.ID] = p
			}
		}
		p, ok := plans[sh.PlanID]
		if !ok {
			continue
		}
		w := WaitingSheet{PlanID: p.ID, Kind: p.Kind, Quarter: sh.Quarter, Deadline: ov.Year.Quarters[sh.Quarter-1].Deadline, Late: sh.Late}
		if e := c.Employees[p.EmployeeID]; e != nil {
			w.Owner = *e
		}
		if pos := c.Positions[p.PositionID]; pos != nil {
			w.Position = pos.Title
			if u := c.Units[pos.UnitID]; u != nil {
				w.Unit = u.Name
			}
		}
		switch {
		case sh.Status == domain.SheetSubmitted && authz.CanValidateSheet(a, c, p):
			w.Since = sh.SubmittedAt
			ov.ToValidate = append(ov.ToValidate, w)
		case sh.Status == domain.SheetValidated && authz.CanVerifySheet(a, c, p):
			w.Since = sh.ValidatedAt
			ov.ToVerify = append(ov.ToVerify, w)
		}
	}
	oldestFirst := func(list []WaitingSheet) {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Since.Before(list[j].Since) })
	}
	oldestFirst(ov.ToValidate)
	oldestFirst(ov.ToVerify)
	return ov, nil
}

// QuarterConsole is the quarter closing console of an office: progress per
// unit, the corrections waiting for a decision, and after closing, who was
// not verified.
type QuarterConsole struct {
	QuarterProgress
	Pending     []CorrectionRow // pending corrections of the year, any quarter
	ClosedBy    string
	NotVerified []ProgressRow // once closed: the people whose sheet was not verified
	CanDecide   bool          // the viewer may decide corrections
}

// QuarterConsole gathers the closing console of an office's quarter.
func (s *Service) QuarterConsole(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (QuarterConsole, error) {
	qp, err := s.QuarterProgress(ctx, a, year, quarter, officeID)
	if err != nil {
		return QuarterConsole{}, err
	}
	qc := QuarterConsole{QuarterProgress: qp}
	c, err := s.Chart(ctx)
	if err != nil {
		return qc, err
	}
	qc.CanDecide = authz.CanInScope(a, c, authz.CorrectionDecide, officeID) && !authz.ReadOnly(a)
	if qc.CanDecide || authz.CanInScope(a, c, authz.OfficeRead, officeID) {
		if qc.Pending, err = s.ListCorrections(ctx, a, year, officeID, domain.CorrectionPending); err != nil {
			return qc, err
		}
	}
	if qp.Closure != nil {
		names, err := s.accountNames(ctx, c, []int64{qp.Closure.ClosedBy})
		if err != nil {
			return qc, err
		}
		qc.ClosedBy = names[qp.Closure.ClosedBy]
		for _, u := range qp.Units {
			for _, r := range u.Rows {
				if r.Status != string(domain.SheetLocked) && r.Status != string(domain.SheetVerified) {
					qc.NotVerified = append(qc.NotVerified, r)
				}
			}
		}
	}
	return qc, nil
}

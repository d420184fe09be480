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
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/store"
)

// officeYear loads what the office-wide evaluation steps share.
type officeYear struct {
	chart  *domain.Chart
	office domain.Unit
	year   domain.Year
	rules  *calc.RuleSet
	tpk    []int64
	plans  []domain.Plan
}

func (s *Service) loadOfficeYear(ctx context.Context, officeID int64, year int) (*officeYear, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	u := c.Units[officeID]
	if u == nil || u.Kind != domain.UnitOffice {
		return nil, domain.ErrNotFound
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	rs, err := s.RuleSet(y)
	if err != nil {
		return nil, err
	}
	tpk, err := s.tpkIDs(ctx, officeID, year)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: officeID})
	if err != nil {
		return nil, err
	}
	sort.Slice(plans, func(i, j int) bool {
		return c.LevelsBelowHead(plans[i].EmployeeID) < c.LevelsBelowHead(plans[j].EmployeeID) ||
			c.LevelsBelowHead(plans[i].EmployeeID) == c.LevelsBelowHead(plans[j].EmployeeID) && plans[i].ID < plans[j].ID
	})
	return &officeYear{chart: c, office: *u, year: y, rules: rs, tpk: tpk, plans: plans}, nil
}

// TPKMemberView is a TPK member with their name and position.
type TPKMemberView struct {
	domain.TPKMember
	Name     string
	Position string
}

// TPKMembers lists the TPK of an office's year, for whoever reads its scores.
func (s *Service) TPKMembers(ctx context.Context, a authz.Actor, officeID int64, year int) ([]TPKMemberView, error) {
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return nil, err
	}
	if !authz.CanReadScores(a, oy.chart, officeID, oy.tpk) && !authz.CanReadOffice(a, oy.chart, officeID) {
		return nil, domain.ErrForbidden
	}
	ms, err := s.store.ListTPKMembers(ctx, officeID, year)
	if err != nil {
		return nil, err
	}
	out := make([]TPKMemberView, 0, len(ms))
	for _, m := range ms {
		v := TPKMemberView{TPKMember: m}
		if e := oy.chart.Employees[m.EmployeeID]; e != nil {
			v.Name = e.Name
		}
		if p, ok := oy.chart.Primary(m.EmployeeID); ok {
			v.Position = p.Title
		}
		out = append(out, v)
	}
	return out, nil
}

// SetTPK sets the TPK members of an office's year: employees of the office,
// the chair first.
func (s *Service) SetTPK(ctx context.Context, a authz.Actor, officeID int64, year int, chair int64, members []int64) error {
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return err
	}
	if !authz.CanManageTPK(a, oy.chart, officeID) {
		return domain.ErrForbidden
	}
	v := &domain.ValidationError{}
	ids := append([]int64{chair}, members...)
	seen := map[int64]bool{}
	var rows []domain.TPKMember
	for i, id := range ids {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		if oy.chart.EmployeeOffice(id) != officeID {
			v.Addf("member_"+itoa64(int64(i)), "tpk.member_outside")
			continue
		}
		rows = append(rows, domain.TPKMember{EmployeeID: id, Chair: id == chair})
	}
	if chair == 0 {
		v.Addf("chair", "err.required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	before, err := s.store.ListTPKMembers(ctx, officeID, year)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ReplaceTPKMembers(ctx, officeID, year, rows); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "tpk.members", "unit", officeID, before, rows)
	})
}

// PenaltyInput is a discipline penalty as the TPK enters it.
type PenaltyInput struct {
	EmployeeID   int64
	StartQuarter int
	Category     string
	MPJHD        float64
	Reason       string
}

// AddPenalty records a discipline penalty of an employee (SPEC §14.5): the
// rule set computes its value and duration from the category and MPJHD
// score. A quarter already decreed cannot take a penalty.
func (s *Service) AddPenalty(ctx context.Context, a authz.Actor, year int, in PenaltyInput) (domain.DisciplinePenalty, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.DisciplinePenalty{}, err
	}
	if c.Employees[in.EmployeeID] == nil {
		return domain.DisciplinePenalty{}, domain.ErrNotFound
	}
	officeID := c.EmployeeOffice(in.EmployeeID)
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return domain.DisciplinePenalty{}, err
	}
	if !authz.CanActAsTPK(a, oy.chart, officeID, oy.tpk) {
		return domain.DisciplinePenalty{}, domain.ErrForbidden
	}
	v := &domain.ValidationError{}
	if in.StartQuarter < 1 || in.StartQuarter > 4 {
		v.Addf("start_quarter", "tpk.quarter_range")
	}
	pen, perr := oy.rules.DisciplinePenalty(in.Category, in.MPJHD)
	if perr != nil {
		var ie *calc.InputError
		if errors.As(perr, &ie) && ie.Field == "category" {
			v.Addf("category", "tpk.category_unknown", "categories", strings.Join(oy.rules.DisciplineCategories(), ", "))
		} else {
			v.Addf("mpjhd", "tpk.mpjhd_range")
		}
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		v.Addf("reason", "correction.reason_required")
	}
	if err := v.Err(); err != nil {
		return domain.DisciplinePenalty{}, err
	}
	if d, err := s.store.LatestDecree(ctx, officeID, year, in.StartQuarter); err == nil && d.ID != 0 {
		return domain.DisciplinePenalty{}, domain.Refuse("tpk.decreed")
	} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return domain.DisciplinePenalty{}, err
	}
	p := domain.DisciplinePenalty{EmployeeID: in.EmployeeID, Year: year, StartQuarter: in.StartQuarter, Category: in.Category, MPJHD: in.MPJHD,
		Value: pen.Value, Quarters: pen.Quarters, Reason: in.Reason, CreatedBy: a.User.ID, CreatedAt: s.now()}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreatePenalty(ctx, &p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "tpk.penalty", "employee", in.EmployeeID, nil, p)
	})
	return p, err
}

// SessionRow is one employee in a TPK session or a decree.
type SessionRow struct {
	Employee  domain.Employee
	Position  string
	Score     ScoreView
	Assessed  bool // the score can be computed
	Penalties []domain.DisciplinePenalty
}

// Session is the TPK session of an office's quarter: every employee's
// proposed NKP, with the distribution guide beside it.
type Session struct {
	Office       domain.Unit
	Year         domain.Year
	Quarter      int
	Members      []TPKMemberView
	Rows         []SessionRow
	Distribution DistributionView
	Decree       *domain.Decree
	CanAct       bool // enter corrections and penalties
	CanDecree    bool
	Categories   []string
}

// TPKSession gathers an office's quarter for the TPK (SPEC §14.5).
func (s *Service) TPKSession(ctx context.Context, a authz.Actor, officeID int64, year, q int) (Session, error) {
	if q < 1 || q > 4 {
		return Session{}, domain.ErrNotFound
	}
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return Session{}, err
	}
	if !authz.CanReadScores(a, oy.chart, officeID, oy.tpk) {
		return Session{}, domain.ErrForbidden
	}
	ss := Session{Office: oy.office, Year: oy.year, Quarter: q, Categories: oy.rules.DisciplineCategories()}
	if ss.Members, err = s.TPKMembers(ctx, a, officeID, year); err != nil {
		return ss, err
	}
	if ss.Rows, err = s.sessionScores(ctx, oy, q); err != nil {
		return ss, err
	}
	switch d, err := s.store.LatestDecree(ctx, officeID, year, q); {
	case err == nil:
		ss.Decree = &d
	case !errors.Is(err, domain.ErrNotFound):
		return ss, err
	}
	ss.CanAct = authz.CanActAsTPK(a, oy.chart, officeID, oy.tpk) && ss.Decree == nil
	ss.CanDecree = authz.CanSetDecree(a, oy.chart, officeID)
	if ss.Distribution, err = s.distribution(ctx, oy, q, ss.Rows); err != nil {
		return ss, err
	}
	return ss, nil
}

// noApprovedPlan reports whether a score is missing only for want of an
// approved plan.
func noApprovedPlan(v ScoreView) bool {
	return len(v.Missing) == 1 && v.Missing[0].Key == "score.no_plan"
}

// sessionScores computes the score of every employee with a plan in an
// office's period, in chart order.
func (s *Service) sessionScores(ctx context.Context, oy *officeYear, period int) ([]SessionRow, error) {
	var out []SessionRow
	for _, p := range oy.plans {
		if period != Year && !p.InQuarter(period) {
			continue // a plan that ended before the quarter (or begins after it) is scored in its own
		}
		pc, err := s.loadPlan(ctx, s.store, p.ID)
		if err != nil {
			return nil, err
		}
		var v ScoreView
		if err := s.scoreOf(ctx, pc, period, &v); err != nil {
			return nil, err
		}
		row := SessionRow{Employee: v.Employee, Position: v.Position.Title, Score: v, Assessed: v.Result != nil, Penalties: v.Penalties}
		out = append(out, row)
	}
	return out, nil
}

// DistributionView is the distribution guide of an office's period.
type DistributionView struct {
	Office     domain.Unit
	Year       int
	Quarter    int // 0: the year
	NKO        calc.Opt
	Guide      calc.Distribution
	Unassessed int // employees without a score yet, not counted
}

// Distribution reads the office's employee predicates of a quarter (or the
// year, 0) against the guide of its organisation predicate (SPEC §14.8).
// With quarter -1 it takes the latest quarter that has an NKO.
func (s *Service) Distribution(ctx context.Context, a authz.Actor, officeID int64, year, quarter int) (DistributionView, error) {
	if quarter < -1 || quarter > 4 {
		return DistributionView{}, domain.ErrNotFound
	}
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return DistributionView{}, err
	}
	if !authz.CanReadScores(a, oy.chart, officeID, oy.tpk) {
		return DistributionView{}, domain.ErrForbidden
	}
	if quarter == -1 {
		quarter = 1
		for q := 4; q >= 1; q-- {
			nko, err := s.NKO(ctx, SystemActor(), year, q, officeID, true)
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				return DistributionView{}, err
			}
			if nko.Available() && s.Today().After(oy.rules.Timeline(year, q).QuarterEnd) {
				quarter = q
				break
			}
		}
	}
	rows, err := s.sessionScores(ctx, oy, quarter)
	if err != nil {
		return DistributionView{}, err
	}
	return s.distribution(ctx, oy, quarter, rows)
}

func (s *Service) distribution(ctx context.Context, oy *officeYear, quarter int, rows []SessionRow) (DistributionView, error) {
	d := DistributionView{Office: oy.office, Year: oy.year.Year, Quarter: quarter}
	q := quarter
	if q == Year {
		q = 4
	}
	nko, err := s.NKO(ctx, SystemActor(), oy.year.Year, q, oy.office.ID, true)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return d, err
	}
	var preds []string
	for _, r := range rows {
		if r.Score.Result == nil {
			d.Unassessed++
			continue
		}
		preds = append(preds, r.Score.Result.Predicate)
	}
	nkoPred := ""
	if nko.Available() {
		d.NKO = calc.Some(nko.Result.NKO)
		nkoPred = nko.Result.Predicate
	}
	d.Guide = oy.rules.Distribute(nkoPred, preds)
	return d, nil
}

// Decree is an office's NKP decree of a quarter, for whoever reads the
// office's scores.
func (s *Service) Decree(ctx context.Context, a authz.Actor, officeID int64, year, q int) (domain.Decree, error) {
	if q < 1 || q > 4 {
		return domain.Decree{}, domain.ErrNotFound
	}
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return domain.Decree{}, err
	}
	if !authz.CanReadScores(a, oy.chart, officeID, oy.tpk) {
		return domain.Decree{}, domain.ErrForbidden
	}
	return s.store.LatestDecree(ctx, officeID, year, q)
}

// SetDecree sets the quarter's SKEP NKP (SPEC §14.6): the head freezes the
// scores of every employee with a plan in the office. It is refused while
// anyone cannot be scored, naming them. A later decree is a new version;
// the scores it freezes are computed afresh from the inputs.
func (s *Service) SetDecree(ctx context.Context, a authz.Actor, officeID int64, year, q int, number string) (domain.Decree, error) {
	if q < 1 || q > 4 {
		return domain.Decree{}, domain.ErrNotFound
	}
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return domain.Decree{}, err
	}
	if !authz.CanSetDecree(a, oy.chart, officeID) {
		return domain.Decree{}, domain.ErrForbidden
	}
	if !s.Today().After(oy.rules.Timeline(year, q).QuarterEnd) {
		return domain.Decree{}, domain.Refuse("tpk.quarter_running")
	}
	number = strings.TrimSpace(number)
	if number == "" {
		v := &domain.ValidationError{}
		v.Addf("number", "err.required")
		return domain.Decree{}, v
	}
	// A new version recomputes: the decree in force must not freeze itself.
	var rows []SessionRow
	for _, p := range oy.plans {
		if !p.InQuarter(q) {
			continue // the plan of another part of the year
		}
		pc, err := s.loadPlan(ctx, s.store, p.ID)
		if err != nil {
			return domain.Decree{}, err
		}
		var v ScoreView
		if err := s.liveScore(ctx, pc, q, &v); err != nil {
			return domain.Decree{}, err
		}
		rows = append(rows, SessionRow{Employee: v.Employee, Position: v.Position.Title, Score: v, Assessed: v.Result != nil})
	}
	var missing []string
	d := domain.Decree{OfficeID: officeID, Year: year, Quarter: q, Number: number, SetBy: a.User.ID, SetAt: s.now()}
	for _, r := range rows {
		if !r.Assessed {
			// Without an approved SKP there is nothing to score, as for
			// someone without a plan: listed on the session page, not decreed.
			if !noApprovedPlan(r.Score) {
				missing = append(missing, r.Employee.Name)
			}
			continue
		}
		res := r.Score.Result
		it := domain.DecreeItem{EmployeeID: r.Employee.ID, PlanID: r.Score.Plan.ID, NIP: r.Employee.NIP, Name: r.Employee.Name, Position: r.Position,
			NHK: res.NHK, NHKCalibrated: res.NHKCalibrated, NPK: res.NPK, NPKCalibrated: res.NPKCalibrated, NKPInitial: res.NKPInitial,
			NKPAdjusted: res.NKPAdjusted, NKP: res.NKP, NKO: r.Score.NKO.V, Discipline: r.Score.Discipline, Impact: r.Score.Impact,
			Correction: r.Score.Adjustment.Correction, WorkValue: res.WorkValue, BehaviourValue: res.BehaviourValue,
			WorkRating: string(res.WorkRating), BehaviourRating: string(res.BehaviourRating), Predicate: res.Predicate,
			RuleSet: res.RuleSet, Reading: res.Reading, Groups: r.Score.Groups, RaterCounts: r.Score.RaterCounts, Aspects: r.Score.Aspects}
		for _, st := range res.Steps {
			it.Steps = append(it.Steps, domain.Step{ID: st.Text("id"), EN: st.Text("en")})
		}
		d.Items = append(d.Items, it)
	}
	if len(missing) > 0 {
		return domain.Decree{}, domain.Refuse("tpk.unassessed", "names", strings.Join(missing, ", "))
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateDecree(ctx, &d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "tpk.decree", "unit", officeID, nil, map[string]any{"year": year, "quarter": q, "number": number, "items": len(d.Items)})
	})
	return d, err
}

// PredicateOrder lists the employee predicates of a distribution: the rule
// set's, then any other that occurs.
func PredicateOrder(d calc.Distribution) []string {
	out := append([]string(nil), d.Order...)
	seen := map[string]bool{}
	for _, p := range out {
		seen[p] = true
	}
	var rest []string
	for p := range d.Counts {
		if !seen[p] {
			rest = append(rest, p)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// BoundText says a guide bound in words, with where the office stands.
func BoundText(b calc.BoundCheck, lang string) string {
	names := strings.Join(b.Predicates, " / ")
	num := func(x float64) string { return i18n.FormatNumberTrim(lang, x, 2) }
	var parts []string
	if b.MaxShare.OK {
		parts = append(parts, i18n.Translate(lang, "dist.max_share", map[string]any{"names": names, "max": num(b.MaxShare.V)}))
	}
	if b.MinShare.OK {
		parts = append(parts, i18n.Translate(lang, "dist.min_share", map[string]any{"names": names, "min": num(b.MinShare.V)}))
	}
	if b.MinCount > 0 {
		parts = append(parts, i18n.Translate(lang, "dist.min_count", map[string]any{"names": names, "n": b.MinCount}))
	}
	return strings.Join(parts, "; ") + " " + i18n.Translate(lang, "dist.actual", map[string]any{"count": b.Count, "share": num(b.Share)})
}

// CanManageTPK reports whether the actor may set an office's TPK members.
func (s *Service) CanManageTPK(ctx context.Context, a authz.Actor, officeID int64) bool {
	c, err := s.Chart(ctx)
	return err == nil && authz.CanManageTPK(a, c, officeID)
}

// LastEndedQuarter is the latest quarter of a year that has ended (1 before
// the first has).
func (s *Service) LastEndedQuarter(year int) int {
	q := 1
	for k := 1; k <= 4; k++ {
		if s.Today().After(domain.QuarterEnd(year, k)) {
			q = k
		}
	}
	return q
}

// OfficeScoresReader returns the viewer's office when they may read its
// scores as a whole (the TPK session, the distribution guide), else 0, and
// whether they may export them for e-Kinerja.
func (s *Service) OfficeScoresReader(ctx context.Context, a authz.Actor, year int) (office int64, export bool) {
	c, err := s.Chart(ctx)
	if err != nil {
		return 0, false
	}
	office = c.EmployeeOffice(a.EmployeeID())
	if office == 0 {
		return 0, false
	}
	tpk, err := s.tpkIDs(ctx, office, year)
	if err != nil || !authz.CanReadScores(a, c, office, tpk) {
		return 0, false
	}
	return office, authz.CanExportScores(a, c, office)
}

package service

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// Phases of a quarter's 360° assessment (SPEC §14.3), by the rule set's timeline.
const (
	PhaseQuarter   = "quarter"   // the quarter is running
	PhaseRaters    = "raters"    // raters are proposed and set
	PhaseScoring   = "scoring"   // raters score
	PhaseObjection = "objection" // the employee may object
	PhaseClosed    = "closed"
)

// RaterView is one rater as the Pejabat Penilai sees them.
type RaterView struct {
	EmployeeID int64
	Name       string
	Relation   string
	State      string
	Scored     bool
}

// Assessment is a quarter's 360° assessment of one employee as the viewer
// may see it. Raters' names are filled only for whoever sets the raters;
// the employee sees the counts and the groups' means (on the score).
type Assessment struct {
	Plan          domain.Plan
	Employee      domain.Employee
	Year, Quarter int
	Timeline      calc.AssessmentTimeline
	Phase         string
	ReassessUntil *time.Time // an upheld objection reopened scoring until this day
	Raters        []RaterView
	Candidates    []RaterView // who may be proposed, by the chart of the quarter's last day
	Counts        map[string]int
	Objections    []domain.Objection
	Relation      string    // the viewer's relation as rater
	IsRater       bool      // the viewer is a rater set for the quarter
	MyScores      []float64 // the viewer's own scores
	CanPropose    bool
	CanSet        bool
	CanScore      bool
	CanObject     bool
	CanDecide     bool
	Guide         []string // the KMK guide to each behaviour score, message keys
}

// phase of a quarter's assessment on a day.
func phaseOn(tl calc.AssessmentTimeline, day time.Time) string {
	switch {
	case !day.After(tl.QuarterEnd):
		return PhaseQuarter
	case !day.After(tl.SetBy):
		return PhaseRaters
	case !day.After(tl.ScoreBy):
		return PhaseScoring
	case !day.After(tl.ObjectionBy):
		return PhaseObjection
	}
	return PhaseClosed
}

// GetAssessment returns a plan's 360° assessment of a quarter, for the
// employee, the raters, the supervisor chain and the score roles.
func (s *Service) GetAssessment(ctx context.Context, a authz.Actor, planID int64, q int) (Assessment, error) {
	if q < 1 || q > 4 {
		return Assessment{}, domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return Assessment{}, err
	}
	return s.assessment(ctx, a, pc, q)
}

func (s *Service) assessment(ctx context.Context, a authz.Actor, pc *planContext, q int) (Assessment, error) {
	emp := pc.plan.EmployeeID
	as := Assessment{Plan: pc.plan, Year: pc.year.Year, Quarter: q, Timeline: pc.rules.Timeline(pc.year.Year, q), Counts: map[string]int{}}
	if e := pc.chart.Employees[emp]; e != nil {
		as.Employee = *e
	}
	qc, err := s.ChartOn(ctx, as.Timeline.QuarterEnd)
	if err != nil {
		return as, err
	}
	me := a.EmployeeID()
	raters, err := s.store.ListRaters(ctx, q, pc.plan.ID)
	if err != nil {
		return as, err
	}
	isRater := false
	for _, r := range raters {
		if me != 0 && r.RaterID == me && r.State == domain.RaterSet {
			isRater = true
		}
	}
	as.IsRater = isRater
	as.Relation = authz.RaterRelation(qc, me, emp)
	if as.Relation == "" {
		as.Relation = authz.RaterRelation(pc.chart, me, emp)
	}
	canSee := authz.CanSeeScore(a, pc.chart, emp) || isRater || as.Relation == domain.RelationSupervisor
	if !canSee {
		return as, domain.ErrForbidden
	}
	day := s.Today()
	as.Phase = phaseOn(as.Timeline, day)
	if as.Objections, err = s.store.ListObjections(ctx, pc.plan.ID, q); err != nil {
		return as, err
	}
	for _, o := range as.Objections {
		if o.Decision == domain.ObjectionReassess && o.ReassessUntil != nil && !day.After(*o.ReassessUntil) {
			as.ReassessUntil = o.ReassessUntil
		}
	}
	scores, err := s.store.ListBehaviourScores(ctx, pc.plan.ID, q)
	if err != nil {
		return as, err
	}
	scored := map[int64]bool{}
	for _, b := range scores {
		scored[b.AssessorID] = true
		as.Counts[b.Relation]++
		if me != 0 && b.AssessorID == me {
			as.MyScores = b.Scores
		}
	}
	_, decree, err := s.decreed(ctx, pc, q)
	if err != nil {
		return as, err
	}
	as.rights(a, pc, decree == nil, isRater, raters)
	as.listRaters(a, qc, raters, scored)
	for _, k := range domain.BehaviourAspects {
		as.Guide = append(as.Guide, "guide."+k)
	}
	return as, nil
}

// rights sets what the viewer may do in the assessment; open is false once
// the quarter's decree is set.
func (as *Assessment) rights(a authz.Actor, pc *planContext, open, isRater bool, raters []domain.Rater) {
	emp := pc.plan.EmployeeID
	as.CanSet = open && authz.CanSetRaters(a, pc.chart, emp, pc.plan.OfficeID) && as.Phase != PhaseClosed
	anySet := false
	for _, r := range raters {
		anySet = anySet || r.State == domain.RaterSet
	}
	// The employee proposes until the raters are set; from then on no
	// rater's name reaches them.
	as.CanPropose = open && authz.CanProposeRaters(a, pc.chart, emp, pc.plan.OfficeID) &&
		(as.CanSet || !anySet && (as.Phase == PhaseQuarter || as.Phase == PhaseRaters))
	// Raters score from the day after the quarter, as soon as they are set.
	scoring := as.Phase == PhaseRaters || as.Phase == PhaseScoring || as.ReassessUntil != nil
	as.CanScore = open && scoring && !authz.ReadOnly(a) && a.User.Active &&
		(as.Relation == domain.RelationSupervisor || isRater)
	as.CanObject = open && authz.CanObject(a, emp) && as.Phase == PhaseObjection && as.ReassessUntil == nil && pendingObjection(as.Objections) == nil
	as.CanDecide = open && authz.CanSetRaters(a, pc.chart, emp, pc.plan.OfficeID) && pendingObjection(as.Objections) != nil
}

// listRaters shows the raters and the candidates to whoever sets them, and
// to the employee only those they proposed themselves.
func (as *Assessment) listRaters(a authz.Actor, qc *domain.Chart, raters []domain.Rater, scored map[int64]bool) {
	emp := as.Plan.EmployeeID
	switch {
	case as.CanSet:
		for _, r := range raters {
			name := ""
			if e := qc.Employees[r.RaterID]; e != nil {
				name = e.Name
			}
			as.Raters = append(as.Raters, RaterView{EmployeeID: r.RaterID, Name: name, Relation: r.Relation, State: r.State, Scored: scored[r.RaterID]})
		}
		as.Candidates = candidates(qc, emp)
	case as.CanPropose:
		// The employee sees whom they proposed, but not who was set or scored.
		for _, r := range raters {
			if r.State == domain.RaterProposed && r.UpdatedBy == a.User.ID {
				as.Raters = append(as.Raters, RaterView{EmployeeID: r.RaterID, Name: qc.Employees[r.RaterID].Name, Relation: r.Relation, State: r.State})
			}
		}
		as.Candidates = candidates(qc, emp)
	}
}

func pendingObjection(os []domain.Objection) *domain.Objection {
	for i := range os {
		if os[i].Decision == domain.ObjectionPending {
			return &os[i]
		}
	}
	return nil
}

// candidates are the people who may rate an employee on the chart's day:
// the supervisor, peers with the same supervisor, direct subordinates.
func candidates(c *domain.Chart, emp int64) []RaterView {
	seen := map[int64]bool{emp: true}
	var out []RaterView
	add := func(id int64, rel string) {
		if seen[id] || c.Employees[id] == nil {
			return
		}
		seen[id] = true
		out = append(out, RaterView{EmployeeID: id, Name: c.Employees[id].Name, Relation: rel})
	}
	for _, sup := range c.Supervisors(emp) {
		add(sup, domain.RelationSupervisor)
	}
	for _, sup := range c.Supervisors(emp) {
		for _, peer := range c.Subordinates(sup) {
			add(peer, domain.RelationPeer)
		}
	}
	for _, sub := range c.Subordinates(emp) {
		add(sub, domain.RelationSubordinate)
	}
	order := map[string]int{domain.RelationSupervisor: 0, domain.RelationPeer: 1, domain.RelationSubordinate: 2}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Relation] < order[out[j].Relation] })
	return out
}

// ProposeRaters records the raters the employee (or the Pejabat Penilai)
// proposes for a quarter. Whoever sets the raters sets them at once.
func (s *Service) ProposeRaters(ctx context.Context, a authz.Actor, planID int64, q int, raterIDs []int64) error {
	return s.saveRaters(ctx, a, planID, q, raterIDs, false)
}

// SetRaters sets the raters of a quarter (SPEC §14.3): the Pejabat Penilai
// decides; the supervisor is always one of them.
func (s *Service) SetRaters(ctx context.Context, a authz.Actor, planID int64, q int, raterIDs []int64) error {
	return s.saveRaters(ctx, a, planID, q, raterIDs, true)
}

func (s *Service) saveRaters(ctx context.Context, a authz.Actor, planID int64, q int, raterIDs []int64, set bool) error {
	if q < 1 || q > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	as, err := s.assessment(ctx, a, pc, q)
	if err != nil {
		return err
	}
	if set && !as.CanSet || !set && !as.CanPropose {
		if set && authz.CanSetRaters(a, pc.chart, pc.plan.EmployeeID, pc.plan.OfficeID) || !set && authz.CanProposeRaters(a, pc.chart, pc.plan.EmployeeID, pc.plan.OfficeID) {
			return domain.Refuse("assess.raters_closed")
		}
		return domain.ErrForbidden
	}
	qc, err := s.ChartOn(ctx, as.Timeline.QuarterEnd)
	if err != nil {
		return err
	}
	emp := pc.plan.EmployeeID
	state := domain.RaterProposed
	if set || authz.CanSetRaters(a, pc.chart, emp, pc.plan.OfficeID) {
		state = domain.RaterSet
	}
	before, err := s.store.ListRaters(ctx, q, planID)
	if err != nil {
		return err
	}
	// Once the Pejabat Penilai has set the raters, a proposal comes too late.
	for _, r := range before {
		if state == domain.RaterProposed && r.State == domain.RaterSet {
			return domain.Refuse("assess.raters_already_set")
		}
	}
	rows, err := s.raterRows(a, qc, emp, state, raterIDs)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ReplaceRaters(ctx, planID, q, rows); err != nil {
			return err
		}
		// Scores of raters taken off the list no longer count.
		keep := map[int64]bool{}
		for _, r := range rows {
			keep[r.RaterID] = true
		}
		for _, r := range before {
			if !keep[r.RaterID] {
				if err := tx.DeleteBehaviourScore(ctx, planID, q, r.RaterID); err != nil {
					return err
				}
			}
		}
		action := "assess.raters_propose"
		if state == domain.RaterSet {
			action = "assess.raters_set"
		}
		return audit.Record(ctx, tx, s.act(a), action, "plan", planID, before, rows)
	})
}

// raterRows checks the chosen raters against the chart of the quarter's
// end (nobody rates themself; only the supervisor, peers and subordinates
// rate) and, when setting them, adds the supervisor.
func (s *Service) raterRows(a authz.Actor, qc *domain.Chart, emp int64, state string, raterIDs []int64) ([]domain.Rater, error) {
	v := &domain.ValidationError{}
	seen := map[int64]bool{}
	var rows []domain.Rater
	for i, id := range raterIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		rel := authz.RaterRelation(qc, id, emp)
		if id == emp {
			v.Addf("rater_"+itoa64(int64(i)), "assess.rater_self")
			continue
		}
		if rel == "" {
			v.Addf("rater_"+itoa64(int64(i)), "assess.rater_outside")
			continue
		}
		rows = append(rows, domain.Rater{RaterID: id, Relation: rel, State: state, UpdatedBy: a.User.ID, UpdatedAt: s.now()})
	}
	if state == domain.RaterSet {
		for _, sup := range qc.Supervisors(emp) {
			if !seen[sup] {
				rows = append(rows, domain.Rater{RaterID: sup, Relation: domain.RelationSupervisor, State: state, UpdatedBy: a.User.ID, UpdatedAt: s.now()})
			}
		}
	}
	return rows, v.Err()
}

// SaveBehaviour records the viewer's behaviour scores of an employee for a
// quarter: one score per BerAKHLAK value, each between 0 and the rule set's
// cap, by the supervisor or a rater set for the quarter, within the scoring
// window (or a re-assessment after an upheld objection).
func (s *Service) SaveBehaviour(ctx context.Context, a authz.Actor, planID int64, q int, scores []float64) error {
	if q < 1 || q > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	as, err := s.assessment(ctx, a, pc, q)
	if err != nil {
		return err
	}
	if !as.CanScore {
		if as.Relation == domain.RelationSupervisor || as.IsRater {
			return domain.Refuse("assess.scoring_closed")
		}
		return domain.ErrForbidden
	}
	_, hi := pc.rules.Bounds()
	v := &domain.ValidationError{}
	if len(scores) != pc.rules.BehaviourScores() {
		v.Addf("", "score.behaviour_count", "n", pc.rules.BehaviourScores())
	}
	for i, x := range scores {
		if math.IsNaN(x) || x < 0 || x > hi {
			v.Addf("score_"+itoa64(int64(i)), "score.behaviour_range", "max", hi)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	rel := as.Relation
	if rel == "" {
		rel = domain.RelationPeer
	}
	raters, err := s.store.ListRaters(ctx, q, planID)
	if err != nil {
		return err
	}
	for _, r := range raters {
		if r.RaterID == a.EmployeeID() {
			rel = r.Relation
		}
	}
	b := domain.BehaviourScore{PlanID: planID, Period: q, AssessorID: a.EmployeeID(), Relation: rel, Scores: scores, UpdatedAt: s.now()}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveBehaviourScore(ctx, &b); err != nil {
			return err
		}
		// The audit record names the rater but not the scores: a peer's
		// scores are never shown to anyone, the audit log included.
		return audit.Record(ctx, tx, s.act(a), "score.behaviour", "plan", planID, nil, map[string]any{"quarter": q, "relation": rel})
	})
}

// FileObjection records the employee's objection to a quarter's assessment,
// in the objection window, with a reason.
func (s *Service) FileObjection(ctx context.Context, a authz.Actor, planID int64, q int, reason string) (domain.Objection, error) {
	if q < 1 || q > 4 {
		return domain.Objection{}, domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.Objection{}, err
	}
	as, err := s.assessment(ctx, a, pc, q)
	if err != nil {
		return domain.Objection{}, err
	}
	if !authz.CanObject(a, pc.plan.EmployeeID) {
		return domain.Objection{}, domain.ErrForbidden
	}
	if !as.CanObject {
		return domain.Objection{}, domain.Refuse("assess.objection_closed", "until", as.Timeline.ObjectionBy.Format("2006-01-02"))
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		v := &domain.ValidationError{}
		v.Addf("reason", "assess.objection_reason")
		return domain.Objection{}, v
	}
	o := domain.Objection{PlanID: planID, Quarter: q, Reason: reason, FiledBy: a.User.ID, FiledAt: s.now()}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateObjection(ctx, &o); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "assess.object", "plan", planID, nil, o)
	})
	return o, err
}

// DecideObjection records the Pejabat Penilai's decision on a pending
// objection: rejected, or upheld with a re-assessment by the raters for the
// rule set's number of days.
func (s *Service) DecideObjection(ctx context.Context, a authz.Actor, planID int64, q int, reassess bool, note string) error {
	if q < 1 || q > 4 {
		return domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	as, err := s.assessment(ctx, a, pc, q)
	if err != nil {
		return err
	}
	if !authz.CanSetRaters(a, pc.chart, pc.plan.EmployeeID, pc.plan.OfficeID) {
		return domain.ErrForbidden
	}
	o := pendingObjection(as.Objections)
	if o == nil || !as.CanDecide {
		return domain.Refuse("assess.no_objection")
	}
	note = strings.TrimSpace(note)
	if note == "" {
		v := &domain.ValidationError{}
		v.Addf("note", "assess.decision_note")
		return v
	}
	before := *o
	now := s.now()
	o.Decision, o.DecisionNote, o.DecidedBy, o.DecidedAt = domain.ObjectionRejected, note, a.User.ID, &now
	if reassess {
		until := s.Today().AddDate(0, 0, as.Timeline.ReassessDays)
		o.Decision, o.ReassessUntil = domain.ObjectionReassess, &until
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DecideObjection(ctx, o); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "assess.decide", "plan", planID, before, *o)
	})
}

// RaterDuty is someone the viewer still has to assess.
type RaterDuty struct {
	PlanID   int64
	Quarter  int
	Employee domain.Employee
	Relation string
	ScoreBy  time.Time
}

// RaterDuties lists the people the actor is to assess in a quarter and has
// not scored yet, while scoring is open.
func (s *Service) RaterDuties(ctx context.Context, a authz.Actor, year, q int) ([]RaterDuty, error) {
	if q < 1 || q > 4 {
		return nil, nil
	}
	byQ, err := s.raterDuties(ctx, a, year)
	return byQ[q-1], err
}

// raterDuties are an actor's rater duties of a year by quarter, read in one query.
func (s *Service) raterDuties(ctx context.Context, a authz.Actor, year int) ([4][]RaterDuty, error) {
	var out [4][]RaterDuty
	me := a.EmployeeID()
	if me == 0 || authz.ReadOnly(a) {
		return out, nil
	}
	rows, err := s.store.ListRaterDuties(ctx, me)
	if err != nil {
		return out, err
	}
	for _, r := range rows {
		q := r.Quarter
		if r.State != domain.RaterSet || q < 1 || q > 4 {
			continue
		}
		pc, err := s.loadPlan(ctx, s.store, r.PlanID)
		if err != nil {
			return out, err
		}
		if pc.year.Year != year {
			continue
		}
		as, err := s.assessment(ctx, a, pc, q)
		if err != nil {
			return out, err
		}
		if !as.CanScore || as.MyScores != nil {
			continue
		}
		until := as.Timeline.ScoreBy
		if as.ReassessUntil != nil {
			until = *as.ReassessUntil
		}
		out[q-1] = append(out[q-1], RaterDuty{PlanID: r.PlanID, Quarter: q, Employee: as.Employee, Relation: r.Relation, ScoreBy: until})
	}
	return out, nil
}

// RemindRaters notifies every rater of the office's plans who still has
// colleagues to score in a quarter's 360° assessment, while its scoring
// window is open — the assessment's counterpart of SendReminders, for the
// same people (the pengelola kinerja, admins in scope). The e-mail digest
// carries the reminder to those who want it. It returns the number of raters
// reminded.
func (s *Service) RemindRaters(ctx context.Context, a authz.Actor, year, q int, officeID int64) (int, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return 0, err
	}
	if !canRemind(a, c, officeID) {
		return 0, domain.ErrForbidden
	}
	if q < 1 || q > 4 {
		return 0, domain.ErrNotFound
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return 0, err
	}
	rs, err := s.RuleSet(y)
	if err != nil {
		return 0, err
	}
	tl := rs.Timeline(year, q)
	if phaseOn(tl, s.Today()) != PhaseScoring {
		return 0, domain.Refuse("assess.remind_closed", "from", tl.SetBy.AddDate(0, 0, 1).Format(time.DateOnly), "to", tl.ScoreBy.Format(time.DateOnly))
	}
	pending, err := s.unscored(ctx, y.ID, officeID, q)
	if err != nil {
		return 0, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		for id, n := range pending {
			msg := domain.M("notify.remind_assess", "q", q, "year", year, "n", n, "until", tl.ScoreBy.Format(time.DateOnly))
			if err := s.notifyEmployees(ctx, tx, []int64{id}, "reminder", msg, "/"); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.act(a), "assessment.remind", "quarter", int64(q), nil,
			map[string]any{"office_id": officeID, "year": year, "reminded": len(pending)})
	})
	return len(pending), err
}

// unscored counts, by rater, the office's plans a set rater has not scored
// yet in a quarter.
func (s *Service) unscored(ctx context.Context, yearID, officeID int64, q int) (map[int64]int, error) {
	plans, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: yearID, OfficeID: officeID})
	if err != nil || len(plans) == 0 {
		return nil, err
	}
	ids := make([]int64, len(plans))
	for i, p := range plans {
		ids[i] = p.ID
	}
	raters, err := s.store.ListRaters(ctx, q, ids...)
	if err != nil {
		return nil, err
	}
	// Every plan's scores in one query: an office has hundreds of plans.
	scores, err := s.store.ListBehaviourScoresOf(ctx, q, ids...)
	if err != nil {
		return nil, err
	}
	type given struct{ plan, assessor int64 }
	scored := map[given]bool{}
	for _, b := range scores {
		scored[given{b.PlanID, b.AssessorID}] = true
	}
	pending := map[int64]int{}
	for _, r := range raters {
		if r.State == domain.RaterSet && !scored[given{r.PlanID, r.RaterID}] {
			pending[r.RaterID]++
		}
	}
	return pending, nil
}

// CanRemindRaters reports whether the actor may remind an office's raters.
func (s *Service) CanRemindRaters(ctx context.Context, a authz.Actor, officeID int64) bool {
	c, err := s.Chart(ctx)
	return err == nil && canRemind(a, c, officeID)
}

// canRemind: who reminds people of the quarter's steps (SendReminders) also
// reminds the raters.
func canRemind(a authz.Actor, c *domain.Chart, officeID int64) bool {
	return authz.CanInScope(a, c, authz.QuarterClose, officeID) && !authz.ReadOnly(a)
}

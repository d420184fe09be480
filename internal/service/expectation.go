package service

import (
	"context"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// maxNote bounds an expectation or a feedback note.
const maxNote = 2000

// Expectations are the supervisor's expectations of an SKP (SPEC §14.1).
type Expectations struct {
	Plan      domain.Plan
	Employee  domain.Employee
	Behaviour []string         // one per BerAKHLAK value, in domain.BehaviourAspects order ("" when none)
	Lines     map[int64]string // per work result (plan line), for JPT and administrators
	PerLine   bool             // the owner's post takes expectations per work result
	LineNames map[int64]string // the plan's lines, for the form
	LineOrder []int64
	CanEdit   bool
}

// perLinePost reports whether a plan's post records expectations per work
// result: JPT (the head) and administrators. The plan's own post counts,
// so that the SKP of a former post keeps its kind after a move.
func perLinePost(c *domain.Chart, plan domain.Plan) bool {
	p := c.Positions[plan.PositionID]
	if p == nil {
		var ok bool
		if p, ok = c.Primary(plan.EmployeeID); !ok {
			return false
		}
	}
	return p.Kind == domain.PosHead || p.Kind == domain.PosAdministrator
}

// GetExpectations returns a plan's expectations, for whoever may see the plan.
func (s *Service) GetExpectations(ctx context.Context, a authz.Actor, planID int64) (Expectations, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return Expectations{}, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return Expectations{}, domain.ErrForbidden
	}
	return s.expectationsOf(ctx, a, pc)
}

func (s *Service) expectationsOf(ctx context.Context, a authz.Actor, pc *planContext) (Expectations, error) {
	x := Expectations{Plan: pc.plan, Behaviour: make([]string, len(domain.BehaviourAspects)), Lines: map[int64]string{},
		PerLine: perLinePost(pc.chart, pc.plan), LineNames: map[int64]string{}, CanEdit: authz.CanSetExpectations(a, pc.chart, pc.plan)}
	if e := pc.chart.Employees[pc.plan.EmployeeID]; e != nil {
		x.Employee = *e
	}
	rows, err := s.store.ListExpectations(ctx, pc.plan.ID)
	if err != nil {
		return x, err
	}
	for _, r := range rows {
		if r.LineID != 0 {
			x.Lines[r.LineID] = r.Body
			continue
		}
		for i, k := range domain.BehaviourAspects {
			if k == r.Aspect {
				x.Behaviour[i] = r.Body
			}
		}
	}
	lines, err := s.store.ListIndicators(ctx, pc.latest().ID)
	if err != nil {
		return x, err
	}
	for _, l := range lines {
		x.LineNames[l.LineID] = l.Code + " " + l.Name
		x.LineOrder = append(x.LineOrder, l.LineID)
	}
	return x, nil
}

// SaveExpectations records the supervisor's expectations of an SKP: one
// text per BerAKHLAK value (in domain.BehaviourAspects order) and, for JPT
// and administrators, per work result. An empty text removes one.
func (s *Service) SaveExpectations(ctx context.Context, a authz.Actor, planID int64, behaviour []string, lines map[int64]string) error {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return err
	}
	if !authz.CanSetExpectations(a, pc.chart, pc.plan) {
		return domain.ErrForbidden
	}
	before, err := s.expectationsOf(ctx, a, pc)
	if err != nil {
		return err
	}
	v := &domain.ValidationError{}
	if len(behaviour) != len(domain.BehaviourAspects) {
		v.Addf("", "score.behaviour_count", "n", len(domain.BehaviourAspects))
	}
	var rows []domain.Expectation
	for i, b := range behaviour {
		b = strings.TrimSpace(b)
		if len(b) > maxNote {
			v.Addf("expect_"+itoa64(int64(i)), "expect.too_long", "max", maxNote)
		}
		if i < len(domain.BehaviourAspects) {
			rows = append(rows, domain.Expectation{PlanID: planID, Aspect: domain.BehaviourAspects[i], Body: b})
		}
	}
	for id, b := range lines {
		b = strings.TrimSpace(b)
		if _, ok := before.LineNames[id]; !ok {
			return domain.ErrNotFound
		}
		if b != "" && !before.PerLine {
			v.Addf("line_"+itoa64(id), "expect.per_line_post")
		}
		if len(b) > maxNote {
			v.Addf("line_"+itoa64(id), "expect.too_long", "max", maxNote)
		}
		rows = append(rows, domain.Expectation{PlanID: planID, LineID: id, Body: b})
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		for i := range rows {
			rows[i].UpdatedBy, rows[i].UpdatedAt = a.User.ID, s.now()
			if err := tx.SaveExpectation(ctx, &rows[i]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.act(a), "plan.expectations", "plan", planID, before.Behaviour, behaviour)
	})
}

// FeedbackView is a plan's continuous feedback (SPEC §14.2).
type FeedbackView struct {
	Plan     domain.Plan
	Employee domain.Employee
	Notes    []FeedbackItem
	CanWrite bool
	Lines    map[int64]string
	Order    []int64
}

// FeedbackItem is one note with its author's name.
type FeedbackItem struct {
	domain.FeedbackNote
	Author string
	Line   string
}

// GetFeedback lists a plan's feedback notes, for the employee and the
// supervisor chain (and roles that read the office's work).
func (s *Service) GetFeedback(ctx context.Context, a authz.Actor, planID int64) (FeedbackView, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return FeedbackView{}, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return FeedbackView{}, domain.ErrForbidden
	}
	fv := FeedbackView{Plan: pc.plan, CanWrite: authz.CanWriteFeedback(a, pc.chart, pc.plan.EmployeeID), Lines: map[int64]string{}}
	if e := pc.chart.Employees[pc.plan.EmployeeID]; e != nil {
		fv.Employee = *e
	}
	lines, err := s.store.ListIndicators(ctx, pc.latest().ID)
	if err != nil {
		return fv, err
	}
	for _, l := range lines {
		fv.Lines[l.LineID] = l.Code + " " + l.Name
		fv.Order = append(fv.Order, l.LineID)
	}
	notes, err := s.store.ListFeedback(ctx, planID)
	if err != nil {
		return fv, err
	}
	for _, n := range notes {
		it := FeedbackItem{FeedbackNote: n, Line: fv.Lines[n.LineID]}
		if e := pc.chart.Employees[n.AuthorID]; e != nil {
			it.Author = e.Name
		}
		fv.Notes = append(fv.Notes, it)
	}
	return fv, nil
}

// AddFeedback records a dated feedback note on a line or a behaviour, by
// the employee or their supervisor, in a quarter that has begun.
func (s *Service) AddFeedback(ctx context.Context, a authz.Actor, planID int64, q int, lineID int64, aspect, body string) (domain.FeedbackNote, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.FeedbackNote{}, err
	}
	if !authz.CanWriteFeedback(a, pc.chart, pc.plan.EmployeeID) {
		return domain.FeedbackNote{}, domain.ErrForbidden
	}
	fv, err := s.GetFeedback(ctx, a, planID)
	if err != nil {
		return domain.FeedbackNote{}, err
	}
	v := &domain.ValidationError{}
	body = strings.TrimSpace(body)
	if body == "" {
		v.Addf("body", "err.required")
	} else if len(body) > maxNote {
		v.Addf("body", "expect.too_long", "max", maxNote)
	}
	if q < 1 || q > 4 {
		v.Addf("quarter", "tpk.quarter_range")
	} else if !s.QuarterBegun(pc.year.Year, q) {
		v.Addf("quarter", "expect.quarter_not_begun")
	}
	if lineID != 0 {
		if _, ok := fv.Lines[lineID]; !ok {
			v.Addf("line", "expect.line_unknown")
		}
	}
	if aspect != "" {
		known := false
		for _, k := range domain.BehaviourAspects {
			known = known || k == aspect
		}
		if !known {
			v.Addf("aspect", "expect.aspect_unknown")
		}
	}
	if err := v.Err(); err != nil {
		return domain.FeedbackNote{}, err
	}
	n := domain.FeedbackNote{PlanID: planID, Quarter: q, LineID: lineID, Aspect: aspect, AuthorID: a.EmployeeID(), Body: body, CreatedAt: s.now()}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateFeedback(ctx, &n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.feedback", "plan", planID, nil, n)
	})
	return n, err
}

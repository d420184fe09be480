package service

import (
	"context"
	"errors"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ListYears returns every performance year, newest first (any signed-in user).
func (s *Service) ListYears(ctx context.Context, a authz.Actor) ([]domain.Year, error) {
	if !a.User.Active {
		return nil, domain.ErrForbidden
	}
	return s.listYears(ctx)
}

// WorkingYear picks the year shown when none is asked for: the one whose
// reporting is still open. That is the earliest year that has begun and whose
// TW IV package is not yet due (its deadline, 10 January of the next year by
// default, has not passed), so opening next year in December moves nobody
// off this year's TW IV; failing that, the latest year that has begun; and
// when no year has begun yet, the earliest one. years is newest first, as
// ListYears returns them; ok is false when there is none.
func (s *Service) WorkingYear(years []domain.Year) (y domain.Year, ok bool) {
	today := s.Today()
	var open, begun *domain.Year
	for i := range years {
		x := &years[i]
		if today.Before(domain.QuarterStart(x.Year, 1)) {
			continue
		}
		if begun == nil || x.Year > begun.Year {
			begun = x
		}
		if !today.After(x.Quarters[3].Deadline) && (open == nil || x.Year < open.Year) {
			open = x
		}
	}
	switch {
	case open != nil:
		return *open, true
	case begun != nil:
		return *begun, true
	}
	for _, x := range years {
		if !ok || x.Year < y.Year {
			y, ok = x, true
		}
	}
	return y, ok
}

// QuarterBegun reports whether quarter q of year has begun by the service's
// clock, in the office zone. Time runs forward (SPEC §12): nothing is
// reported for a quarter that has not begun — no realisation, no evidence,
// no IIAA report — though its empty sheet may be looked at.
func (s *Service) QuarterBegun(year, q int) bool {
	return !s.Today().Before(domain.QuarterStart(year, q))
}

// CurrentQuarter is the quarter of year shown when none is asked for: the
// latest that has ended by the service's clock (its reporting is under way
// or done), Q1 while none has, Q4 for a past year.
func (s *Service) CurrentQuarter(year int) int {
	today := s.Today()
	q := 1
	for i := 1; i <= 4; i++ {
		if today.After(domain.QuarterEnd(year, i)) {
			q = i
		}
	}
	return q
}

// requireBegun refuses a change to a quarter that has not begun.
func (s *Service) requireBegun(year, q int) error {
	if !s.QuarterBegun(year, q) {
		return domain.Refuse("quarter.not_begun", "q", q, "year", year)
	}
	return nil
}

// GetYear returns one performance year (any signed-in user).
func (s *Service) GetYear(ctx context.Context, a authz.Actor, year int) (domain.Year, error) {
	if !a.User.Active {
		return domain.Year{}, domain.ErrForbidden
	}
	return s.yearNumbered(ctx, year)
}

// RuleSet returns the rule set of a year, embedded or installed. Installed
// sets are parsed once and cached (they never change), so this stays cheap
// on the paths that compute every figure.
func (s *Service) RuleSet(y domain.Year) (*calc.RuleSet, error) {
	return s.ruleSetByID(context.Background(), y.RuleSet)
}

// DisplayRules returns the rule set of a year, or the default one when this
// build lacks the year's, so that a page or answer still draws its statuses.
func (s *Service) DisplayRules(y domain.Year) *calc.RuleSet {
	if rs, err := s.RuleSet(y); err == nil {
		return rs
	}
	rs, _ := calc.GetRuleSet(calc.DefaultRuleSetID)
	return rs
}

// CreateYear opens a performance year with its rule set; deadlines come from
// the rule set (PK and SKP signed by 31 January, each quarter's package 10
// days after it ends) and can be changed afterwards.
func (s *Service) CreateYear(ctx context.Context, a authz.Actor, year int, ruleSet string) (domain.Year, error) {
	return s.CreateYearWith(ctx, a, year, YearInput{RuleSet: ruleSet})
}

// CreateYearWith opens a year with the deadlines given; a zero date takes
// the rule set's default. The dates are checked as UpdateYear checks them.
func (s *Service) CreateYearWith(ctx context.Context, a authz.Actor, year int, in YearInput) (domain.Year, error) {
	ruleSet := in.RuleSet
	if err := require(a, authz.YearManage); err != nil {
		return domain.Year{}, err
	}
	v := &domain.ValidationError{}
	if year < 2000 || year > 2100 {
		v.Addf("year", "year.range")
	}
	if ruleSet == "" {
		ruleSet = calc.DefaultRuleSetID
	}
	rs, err := s.ruleSetByID(ctx, ruleSet)
	if err != nil {
		v.Addf("rule_set", "err.choose")
	}
	if _, err := s.yearNumbered(ctx, year); err == nil {
		v.Addf("year", "year.exists")
	} else if !errors.Is(err, domain.ErrNotFound) {
		return domain.Year{}, err
	}
	if err := v.Err(); err != nil {
		return domain.Year{}, err
	}
	y := domain.Year{Year: year, RuleSet: rs.ID(), PlanDueDate: rs.PKDue(year)}
	for q := 1; q <= 4; q++ {
		y.Quarters[q-1] = domain.Quarter{Quarter: q, Deadline: rs.QuarterPackageDue(year, q)}
	}
	if !in.PlanDueDate.IsZero() {
		y.PlanDueDate = domain.Day(in.PlanDueDate)
	}
	for q := range in.Deadlines {
		if !in.Deadlines[q].IsZero() {
			y.Quarters[q].Deadline = domain.Day(in.Deadlines[q])
		}
	}
	if err := checkYearDates(year, y.PlanDueDate, [4]time.Time{y.Quarters[0].Deadline, y.Quarters[1].Deadline, y.Quarters[2].Deadline, y.Quarters[3].Deadline}); err != nil {
		return domain.Year{}, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateYear(ctx, &y); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "year.create", "year", y.Year, nil, y)
	})
	return y, err
}

// YearInput is the editable part of a year: its rule set and deadlines.
type YearInput struct {
	RuleSet     string
	PlanDueDate time.Time
	Deadlines   [4]time.Time
}

// UpdateYear changes a year's deadlines and, while the year has no
// official figure (see AssignRuleSet), its rule set.
func (s *Service) UpdateYear(ctx context.Context, a authz.Actor, year int, in YearInput) (domain.Year, error) {
	if err := require(a, authz.YearManage); err != nil {
		return domain.Year{}, err
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return y, err
	}
	v := &domain.ValidationError{}
	if _, err := s.ruleSetByID(ctx, in.RuleSet); err != nil {
		v.Addf("rule_set", "err.choose")
	} else if in.RuleSet != y.RuleSet {
		m, err := s.ruleSetLock(ctx, y)
		if err != nil {
			return y, err
		}
		if m != nil {
			v.Add("rule_set", *m)
		}
	}
	addYearDates(v, year, in.PlanDueDate, in.Deadlines)
	if err := v.Err(); err != nil {
		return y, err
	}
	before := y
	y.RuleSet, y.PlanDueDate = in.RuleSet, domain.Day(in.PlanDueDate)
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateYear(ctx, &y); err != nil {
			return err
		}
		// The rules of the year shape every office's figures.
		if err := tx.FiguresChanged(ctx, 0); err != nil {
			return err
		}
		for q := range y.Quarters {
			y.Quarters[q].Deadline = domain.Day(in.Deadlines[q])
			if err := tx.UpdateQuarter(ctx, &y.Quarters[q]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.act(a), "year.update", "year", y.Year, before, y)
	})
	return y, err
}

// addYearDates checks a year's plan deadline and quarterly deadlines into v.
func addYearDates(v *domain.ValidationError, year int, due time.Time, deadlines [4]time.Time) {
	if due.IsZero() {
		v.Addf("plan_due_date", "err.required")
	} else {
		v.Date("plan_due_date", due, year)
	}
	for q := 0; q < 4; q++ {
		field := []string{"deadline_1", "deadline_2", "deadline_3", "deadline_4"}[q]
		switch {
		case deadlines[q].IsZero():
			v.Addf(field, "err.required")
		case deadlines[q].Before(domain.QuarterEnd(year, q+1)):
			v.Addf(field, "year.deadline_before_end")
		default:
			v.Date(field, deadlines[q], year)
		}
	}
}

// checkYearDates is addYearDates on its own.
func checkYearDates(year int, due time.Time, deadlines [4]time.Time) error {
	v := &domain.ValidationError{}
	addYearDates(v, year, due, deadlines)
	return v.Err()
}

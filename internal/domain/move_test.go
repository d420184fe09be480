package domain_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// CheckMove: one definitive post at a time, history extended forward only,
// no Plt/Plh for a post already held (SPEC §13).
func TestCheckMove(t *testing.T) {
	// Post 1 from 2025-01-02 (open); post 5 was held in 2024; Plt of post 7 in May 2026.
	history := []domain.Assignment{
		{ID: 1, PositionID: 5, StartDate: date(2024, 1, 1), EndDate: date(2025, 1, 1)},
		{ID: 2, PositionID: 1, StartDate: date(2025, 1, 2)},
		{ID: 3, PositionID: 7, StartDate: date(2026, 5, 1), EndDate: date(2026, 5, 31), Acting: domain.ActingPlt},
	}
	for _, c := range []struct {
		name  string
		in    domain.Assignment
		ends  []int64
		field string
		key   string
	}{
		{"a transfer ends the open post", domain.Assignment{PositionID: 2, StartDate: date(2026, 8, 1)}, []int64{2}, "", ""},
		{"a transfer to the same day as the current start", domain.Assignment{PositionID: 2, StartDate: date(2025, 1, 2)}, nil, "start_date", "org.assign_overlap"},
		{"a transfer before the current post's start", domain.Assignment{PositionID: 2, StartDate: date(2024, 6, 1)}, nil, "start_date", "org.start_before_current"},
		{"a transfer before every post", domain.Assignment{PositionID: 2, StartDate: date(2023, 6, 1)}, nil, "start_date", "org.start_before_current"},
		{"a Plt of another post", domain.Assignment{PositionID: 3, StartDate: date(2026, 5, 1), EndDate: date(2026, 5, 31), Acting: domain.ActingPlt}, nil, "", ""},
		{"a Plh of the post held", domain.Assignment{PositionID: 1, StartDate: date(2026, 8, 20), EndDate: date(2026, 9, 30), Acting: domain.ActingPlh}, nil, "position_id", "org.acting_own_post"},
		{"a Plh overlapping the Plt of the same post", domain.Assignment{PositionID: 7, StartDate: date(2026, 5, 31), EndDate: date(2026, 6, 30), Acting: domain.ActingPlh}, nil, "position_id", "org.acting_own_post"},
		{"a Plh of that post after the Plt", domain.Assignment{PositionID: 7, StartDate: date(2026, 6, 1), EndDate: date(2026, 6, 30), Acting: domain.ActingPlh}, nil, "", ""},
		{"a Plh of a post held in the past", domain.Assignment{PositionID: 5, StartDate: date(2026, 6, 1), EndDate: date(2026, 6, 30), Acting: domain.ActingPlh}, nil, "", ""},
	} {
		ends, err := domain.CheckMove(history, c.in)
		if c.key == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		} else {
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || !ve.Has(c.field) || ve.Fields[c.field].Key != c.key {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.key, c.field)
			}
		}
		var ids []int64
		for _, e := range ends {
			ids = append(ids, e.ID)
		}
		if len(ids) != len(c.ends) || len(ids) > 0 && ids[0] != c.ends[0] {
			t.Errorf("%s: ends %v, want %v", c.name, ids, c.ends)
		}
	}
}

func TestPlanPeriod(t *testing.T) {
	p := domain.Plan{Year: 2026, PeriodStart: date(2026, 1, 1), PeriodEnd: date(2026, 7, 31)}
	if err := p.CheckPeriod(); err != nil || p.WholeYear() || !p.Covers(date(2026, 7, 31)) || p.Covers(date(2026, 8, 1)) {
		t.Errorf("January–July: %v", err)
	}
	if d := p.Days(date(2026, 7, 1), date(2026, 9, 30)); d != 31 {
		t.Errorf("days of Q3 in January–July = %d, want 31", d)
	}
	for _, bad := range []domain.Plan{
		{Year: 2026, PeriodStart: date(2025, 12, 31), PeriodEnd: date(2026, 7, 31)},
		{Year: 2026, PeriodStart: date(2026, 8, 1), PeriodEnd: date(2027, 1, 1)},
		{Year: 2026, PeriodStart: date(2026, 8, 1), PeriodEnd: date(2026, 7, 31)},
	} {
		if err := bad.CheckPeriod(); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("%v–%v: %v, want a refusal", bad.PeriodStart, bad.PeriodEnd, err)
		}
	}
	// PlanOn: the plan covering the day, else the last begun before it, else the first.
	old := domain.Plan{ID: 1, PeriodStart: date(2026, 1, 1), PeriodEnd: date(2026, 7, 31)}
	cur := domain.Plan{ID: 2, PeriodStart: date(2026, 9, 1), PeriodEnd: date(2026, 12, 31)}
	for _, c := range []struct {
		day  time.Time
		want int64
	}{{date(2026, 3, 1), 1}, {date(2026, 8, 15), 1}, {date(2026, 10, 1), 2}, {date(2027, 2, 1), 2}, {date(2025, 6, 1), 1}} {
		if got, _ := domain.PlanOn([]domain.Plan{cur, old}, c.day); got.ID != c.want {
			t.Errorf("plan on %v = %d, want %d", c.day, got.ID, c.want)
		}
	}
}

package domain_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

func TestValidateInitiative(t *testing.T) {
	today := date(2026, time.May, 5)
	good := func() domain.Initiative {
		return domain.Initiative{Code: " IS-1 ", Name: "Klinik satker", ObjectiveID: 3, OwnerID: 7, Milestones: []domain.Milestone{
			{Name: "Klinik TW I", Due: date(2026, time.March, 31), Done: date(2026, time.March, 28)},
			{Name: "Klinik TW IV", Due: date(2026, time.December, 31)},
		}}
	}
	for name, c := range map[string]struct {
		change     func(*domain.Initiative)
		field, key string
	}{
		"good":               {func(*domain.Initiative) {}, "", ""},
		"no code":            {func(x *domain.Initiative) { x.Code = "" }, "code", "err.required"},
		"long name":          {func(x *domain.Initiative) { x.Name = strings.Repeat("a", 301) }, "name", "err.too_long"},
		"both links":         {func(x *domain.Initiative) { x.LineID = 9 }, "link", "initiative.link_one"},
		"no link":            {func(x *domain.Initiative) { x.ObjectiveID = 0 }, "link", "initiative.link_one"},
		"IKU only":           {func(x *domain.Initiative) { x.ObjectiveID, x.LineID = 0, 9 }, "", ""},
		"no owner":           {func(x *domain.Initiative) { x.OwnerID = 0 }, "owner", "err.choose"},
		"due before year":    {func(x *domain.Initiative) { x.Milestones[0].Due = date(2025, time.December, 31) }, "milestones.0.due", "initiative.due_in_year"},
		"due after year":     {func(x *domain.Initiative) { x.Milestones[1].Due = date(2027, time.January, 1) }, "milestones.1.due", "initiative.due_in_year"},
		"due first day":      {func(x *domain.Initiative) { x.Milestones[0].Due = date(2026, time.January, 1) }, "", ""},
		"no due":             {func(x *domain.Initiative) { x.Milestones[1].Due = time.Time{} }, "milestones.1.due", "err.required"},
		"unnamed milestone":  {func(x *domain.Initiative) { x.Milestones[1].Name = " " }, "milestones.1.name", "err.required"},
		"done in the future": {func(x *domain.Initiative) { x.Milestones[1].Done = date(2026, time.May, 6) }, "milestones.1.done", "initiative.done_date"},
		"too many milestones": {func(x *domain.Initiative) {
			x.Milestones = make([]domain.Milestone, domain.MilestonesMax+1)
			for i := range x.Milestones {
				x.Milestones[i] = domain.Milestone{Name: "m", Due: date(2026, time.June, 1)}
			}
		}, "milestones", "initiative.too_many_milestones"},
	} {
		x := good()
		c.change(&x)
		err := domain.ValidateInitiative(&x, 2026, today)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Fields[c.field].Key != c.key {
			t.Errorf("%s: %v, want %s on %s", name, err, c.key, c.field)
		}
	}
	x := good()
	if err := domain.ValidateInitiative(&x, 2026, today); err != nil || x.Code != "IS-1" {
		t.Errorf("code not trimmed: %q, %v", x.Code, err)
	}
}

func TestValidateProgress(t *testing.T) {
	for _, c := range []struct {
		q     int
		pct   float64
		field string
	}{
		{1, 0, ""}, {2, 100, ""}, {4, 55.5, ""},
		{1, -0.1, "percent"}, {1, 100.01, "percent"}, {1, math.NaN(), "percent"}, {1, math.Inf(1), "percent"},
		{0, 50, "quarter"}, {5, 50, "quarter"},
	} {
		err := domain.ValidateProgress(&domain.InitiativeProgress{Quarter: c.q, Percent: c.pct})
		var ve *domain.ValidationError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("Q%d %v%%: %v", c.q, c.pct, err)
		case c.field != "" && (!errors.As(err, &ve) || !ve.Has(c.field)):
			t.Errorf("Q%d %v%%: %v, want an error on %s", c.q, c.pct, err, c.field)
		}
	}
}

func TestMilestoneOverdue(t *testing.T) {
	m := domain.Milestone{Due: date(2026, time.March, 31)}
	if m.Overdue(date(2026, time.March, 31)) || !m.Overdue(date(2026, time.April, 1)) {
		t.Error("overdue from the day after the due date")
	}
	m.Done = date(2026, time.April, 3)
	if m.Overdue(date(2026, time.May, 1)) {
		t.Error("a milestone done is not overdue")
	}
}

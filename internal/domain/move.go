package domain

import "time"

// Overlaps reports whether the assignment covers any day from start to end
// (end zero: open).
func (a Assignment) Overlaps(start, end time.Time) bool {
	if !end.IsZero() && Day(end).Before(Day(a.StartDate)) {
		return false
	}
	return a.EndDate.IsZero() || !Day(a.EndDate).Before(Day(start))
}

// Kind names the assignment as the API does: definitive, plt or plh.
func (a ActingKind) Kind() string {
	if a == ActingNone {
		return "definitive"
	}
	return string(a)
}

// ActingFromKind reads definitive, plt or plh; ok is false for anything else.
func ActingFromKind(kind string) (ActingKind, bool) {
	switch kind {
	case "definitive", "":
		return ActingNone, true
	case "plt":
		return ActingPlt, true
	case "plh":
		return ActingPlh, true
	}
	return ActingNone, false
}

// CheckMove checks a new assignment against the employee's history (SPEC §13)
// and returns the definitive posts it ends on the day before it starts: an
// employee holds one definitive post at a time, and a transfer closes the
// old one. History is only extended forward: a definitive post starting on
// or before the start of one already recorded is refused (it would overlap
// it), as is an acting appointment to a post the employee already holds in
// those dates.
func CheckMove(history []Assignment, in Assignment) ([]Assignment, error) {
	var ends []Assignment
	for _, h := range history {
		if in.Acting != ActingNone {
			if h.PositionID == in.PositionID && h.Overlaps(in.StartDate, in.EndDate) {
				return nil, Invalid("position_id", "org.acting_own_post")
			}
			continue
		}
		if h.Acting != ActingNone {
			continue
		}
		hs, start := Day(h.StartDate), Day(in.StartDate)
		switch {
		case hs.Equal(start):
			return nil, Invalid("start_date", "org.assign_overlap")
		case hs.After(start):
			return nil, Invalid("start_date", "org.start_before_current", "date", hs)
		case h.Overlaps(start, time.Time{}):
			ends = append(ends, h)
		}
	}
	return ends, nil
}

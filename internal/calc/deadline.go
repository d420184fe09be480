package calc

import "time"

// Deadlines are civil dates: the last day on which something is on time,
// as midnight in the location of the input (UTC for a year).

// PKDue is the last day to sign the PK of a performance year.
func (rs *RuleSet) PKDue(year int) time.Time {
	return time.Date(year, time.Month(rs.pkDue.month), rs.pkDue.day, 0, 0, 0, 0, time.UTC)
}

// SKPDue is the last day to approve the SKPs of a performance year.
func (rs *RuleSet) SKPDue(year int) time.Time {
	return time.Date(year, time.Month(rs.skpDue.month), rs.skpDue.day, 0, 0, 0, 0, time.UTC)
}

// ManualIKIDue is the last day for the Manual IKI of an SKP set on skpSet:
// the same day the rule set's number of months later, or the last day of
// that month when it is shorter (31 January → 28/29 February).
func (rs *RuleSet) ManualIKIDue(skpSet time.Time) time.Time {
	y, m, d := skpSet.Date()
	first := time.Date(y, m+time.Month(rs.manualIKIMonths), 1, 0, 0, 0, 0, skpSet.Location())
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

// QuarterPackageDue is the last day for the office's quarterly package:
// the rule set's number of days after the quarter's last day. Zero for a
// quarter outside 1–4.
func (rs *RuleSet) QuarterPackageDue(year, quarter int) time.Time {
	if quarter < 1 || quarter > 4 {
		return time.Time{}
	}
	end := time.Date(year, time.Month(3*quarter+1), 0, 0, 0, 0, 0, time.UTC)
	return end.AddDate(0, 0, rs.packageDaysAfterQ)
}

package domain

import "time"

// InstalledRuleSet is a rule-set file an admin installed, as stored. It
// never changes once installed: a correction is a new set under a new id.
type InstalledRuleSet struct {
	ID          string
	Title       string
	Digest      string // SHA-256 of the canonical content (calc.RuleSet.Digest)
	Source      []byte
	InstalledAt time.Time
	InstalledBy int64
}

// OfficialFigures says which official figures a year holds already; any
// of them fixes the year's rule set.
type OfficialFigures struct {
	VerifiedLines  int // lines whose realisation was verified (frozen)
	ClosedQuarters int // office quarters closed
	Decrees        int // NKP decrees set
}

// Any reports whether the year holds an official figure.
func (o OfficialFigures) Any() bool { return o.VerifiedLines+o.ClosedQuarters+o.Decrees > 0 }

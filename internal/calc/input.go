package calc

import (
	"math"
	"strings"
)

// MaxInput is the largest magnitude of a number a person enters (SPEC §12):
// a realisation, a raw-data component, a target, a weight, a score. Larger
// values are typing errors, and the sums and ratios built from them could
// overflow to ±Inf, which no page, document or JSON answer can show.
const MaxInput = 1e15

// CheckInput refuses x, naming field, when it is not a finite number within
// ±MaxInput. Every door checks what people type with it, and the services
// check with it what they compute from that input before storing it.
func CheckInput(field string, x float64) error {
	switch {
	case !finite(x):
		return inputErr(field, "err.not_finite")
	case math.Abs(x) > MaxInput:
		return inputErr(field, "err.magnitude")
	}
	return nil
}

// InputOK reports whether CheckInput accepts x.
func InputOK(x float64) bool { return finite(x) && math.Abs(x) <= MaxInput }

// Doubt is why a realisation looks implausible (SPEC §12): it is accepted
// only once the person reporting it confirms it, and reviewers see it.
type Doubt string

// Doubts, the most specific first.
const (
	DoubtNone Doubt = ""
	// DoubtPercent: above 100 although the manual's unit is %.
	DoubtPercent Doubt = "percent_over_100"
	// DoubtFarFromTarget: more than ImplausibleFactor times the target.
	DoubtFarFromTarget Doubt = "far_from_target"
)

// ImplausibleFactor is how many times its target a realisation may be
// before it needs confirming (SPEC §12).
const ImplausibleFactor = 10

// IsPercent reports whether a manual's unit of measure is a percentage.
func IsPercent(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "%", "persen", "persentase", "percent", "percentage":
		return true
	}
	return false
}

// Implausible says why realisation looks implausible against the target of
// its quarter and the unit of the indicator's manual; DoubtNone when it
// does not, or when either number is missing. A target of 0 has no
// multiple to compare with.
func Implausible(realisation, target Opt, unit string) Doubt {
	if !realisation.OK {
		return DoubtNone
	}
	r := realisation.V
	if IsPercent(unit) && r > 100 {
		return DoubtPercent
	}
	if target.OK && target.V != 0 && math.Abs(r) > ImplausibleFactor*math.Abs(target.V) {
		return DoubtFarFromTarget
	}
	return DoubtNone
}

package calc

import (
	"fmt"
	"math"
)

// ScalePoint maps a closeness value Ca to an achievement on a stabilize
// scale (Manual IKU/IKI). Between points the achievement is interpolated.
type ScalePoint struct {
	Ca          float64 `json:"ca"`
	Achievement float64 `json:"achievement"`
}

// Indicator is what the rules need of a plan line and its manual.
type Indicator struct {
	Polarity      Polarity
	Consolidation Consolidation
	Targets       [4]Opt // Q1–Q4; undefined: the quarter has no target
	Realisations  [4]Opt // undefined: not reported; only quarters with a target may have one
	MaxTarget     bool   // konversi 120: the target is the best attainable value
	Worst         Opt    // worst realisation; minimize only, required when a target is 0
	Scale         []ScalePoint
}

// Achievement scores one target and realisation with the indicator's
// polarity, max-target flag, worst value and scale; its quarterly values
// are not used. The result is clamped to the rule set's floor and cap.
func (rs *RuleSet) Achievement(ind Indicator, target, realisation float64) (float64, error) {
	if err := checkSettings(&ind); err != nil {
		return 0, err
	}
	if !finite(target) {
		return 0, inputErr("target", "err.not_finite")
	}
	if !finite(realisation) {
		return 0, inputErr("realisation", "err.not_finite")
	}
	if key, field := zeroTarget(&ind, target); key != "" {
		if field == "" {
			field = "target"
		}
		return 0, inputErr(field, key, "")
	}
	return rs.score(&ind, target, realisation, nil), nil
}

// checkSettings validates the manual fields of an indicator.
func checkSettings(ind *Indicator) error {
	if !ind.Polarity.Valid() {
		return inputErr("polarity", "err.enum", string(ind.Polarity), "maximize, minimize, stabilize")
	}
	if !ind.Consolidation.Valid() {
		return inputErr("consolidation", "err.enum", string(ind.Consolidation), "sum, average, last")
	}
	if ind.Worst.OK {
		switch {
		case !finite(ind.Worst.V):
			return inputErr("worst", "err.not_finite")
		case ind.Polarity != PolarityMinimize:
			return inputErr("worst", "err.worst_only_minimize")
		case ind.Worst.V <= 0:
			return inputErr("worst", "err.worst_positive")
		}
	}
	if ind.Polarity != PolarityStabilize {
		if len(ind.Scale) > 0 {
			return inputErr("stabilize_scale", "err.scale_only_stabilize")
		}
		return nil
	}
	if len(ind.Scale) < 2 {
		return inputErr("stabilize_scale", "err.scale_required")
	}
	for i, p := range ind.Scale {
		if !finite(p.Ca) || !finite(p.Achievement) {
			return inputErr(fmt.Sprintf("stabilize_scale[%d]", i), "err.not_finite")
		}
		if i > 0 && p.Ca <= ind.Scale[i-1].Ca {
			return inputErr(fmt.Sprintf("stabilize_scale[%d]", i), "err.scale_order")
		}
	}
	return nil
}

// zeroTarget returns the message key (and a field other than the target's,
// if any) when target t cannot be scored, or "".
func zeroTarget(ind *Indicator, t float64) (key, field string) {
	if t != 0 {
		return "", ""
	}
	switch ind.Polarity {
	case PolarityMaximize:
		return "err.zero_target_maximize", ""
	case PolarityStabilize:
		return "err.zero_target_stabilize", ""
	}
	if !ind.Worst.OK {
		return "err.zero_target_minimize", "worst"
	}
	return "", ""
}

// meets reports whether realisation r reaches target t in the indicator's
// direction.
func meets(p Polarity, t, r float64) bool {
	switch p {
	case PolarityMaximize:
		return r >= t
	case PolarityMinimize:
		return r <= t
	}
	return r == t
}

// score computes the achievement of target t and realisation r (SPEC §10.1),
// clamped to [floor, cap]. The caller has ruled out zeroTarget. Written so
// that no finite input yields NaN: ratios may overflow to ±Inf, which the
// clamp absorbs.
func (rs *RuleSet) score(ind *Indicator, t, r float64, ex *explainer) float64 {
	var a float64
	switch {
	case ind.MaxTarget && meets(ind.Polarity, t, r):
		a = rs.maxTargetScore
		if ex != nil {
			ex.add("step.max_target", r, t, a)
		}
	case ind.Polarity == PolarityStabilize:
		var ca float64
		switch {
		case t > 0 && r <= t:
			ca = r / t * 100
			if ex != nil {
				ex.add("step.formula.stabilize_below", r, t, ca)
			}
		case t > 0:
			ca = 200 - r/t*100
			if ex != nil {
				ex.add("step.formula.stabilize_above", r, t, ca)
			}
		default:
			// A negative target: distance from the target relative to its size,
			// which equals the two cases above when the target is positive.
			ca = 100 - math.Abs(r-t)/math.Abs(t)*100
			if ex != nil {
				ex.add("step.formula.stabilize_negative", r, t, ca)
			}
		}
		a = interpolate(ind.Scale, ca, ex)
	case ind.Polarity == PolarityMaximize && t > 0:
		a = r / t * 100
		if ex != nil {
			ex.add("step.formula.ratio", r, t, a)
		}
	case ind.Polarity == PolarityMinimize && t < 0:
		// Mirror of maximize with a negative target: a realisation below a
		// negative target is better, and R/T then exceeds 1.
		a = r / t * 100
		if ex != nil {
			ex.add("step.formula.minimize_negative", r, t, a)
		}
	case ind.Polarity == PolarityMinimize && t == 0:
		w := ind.Worst.V
		a = (w - r) / w * 100
		if ex != nil {
			ex.add("step.formula.minimize_zero", w, r, a)
		}
	default: // minimize with a positive target, maximize with a negative one
		a = (1 + (1 - r/t)) * 100
		if ex != nil {
			key := "step.formula.inverse"
			if ind.Polarity == PolarityMaximize {
				key = "step.formula.maximize_negative"
			}
			ex.add(key, r, t, a)
		}
	}
	return rs.clamp(a, ex)
}

func (rs *RuleSet) clamp(a float64, ex *explainer) float64 {
	switch {
	case a > rs.cap:
		if ex != nil {
			ex.add("step.clamp.cap", a, rs.cap)
		}
		return rs.cap
	case a < rs.floor:
		if ex != nil {
			ex.add("step.clamp.floor", a, rs.floor)
		}
		return rs.floor
	}
	return a
}

// interpolate maps ca through the scale; outside the scale the nearest end
// point's achievement applies.
func interpolate(s []ScalePoint, ca float64, ex *explainer) float64 {
	first, last := s[0], s[len(s)-1]
	if ca <= first.Ca {
		if ex != nil {
			ex.add("step.scale.below", ca, first.Ca, first.Achievement)
		}
		return first.Achievement
	}
	if ca >= last.Ca {
		if ex != nil {
			ex.add("step.scale.above", ca, last.Ca, last.Achievement)
		}
		return last.Achievement
	}
	i := 1
	for ca > s[i].Ca {
		i++
	}
	p, q := s[i-1], s[i]
	var a float64
	if ca == q.Ca {
		a = q.Achievement
	} else {
		// Halved differences cannot overflow for finite points.
		f := (ca/2 - p.Ca/2) / (q.Ca/2 - p.Ca/2)
		if d := q.Achievement - p.Achievement; finite(d) {
			a = p.Achievement + f*d
		} else {
			a = p.Achievement*(1-f) + q.Achievement*f
		}
	}
	if ex != nil {
		ex.add("step.scale.interpolate", ca, p.Ca, p.Achievement, q.Ca, q.Achievement, a)
	}
	return a
}

// Status colours an achievement. It compares the value as shown (rounded to
// 2 decimals), so 99.996, shown as 100.00, is green.
func (rs *RuleSet) Status(achievement float64) Status {
	a := achievement
	// Rounding moves a value by at most 0.005, so it can only change the
	// colour within 0.01 of a threshold; elsewhere skip it.
	if math.Abs(a-rs.greenMin) < 0.01 || math.Abs(a-rs.yellowMin) < 0.01 {
		a = Round2(a)
	}
	switch {
	case a >= rs.greenMin:
		return StatusGreen
	case a >= rs.yellowMin:
		return StatusYellow
	}
	return StatusRed
}

// StatusOf colours an optional achievement; StatusNone when undefined.
func (rs *RuleSet) StatusOf(achievement Opt) Status {
	if !achievement.OK {
		return StatusNone
	}
	return rs.Status(achievement.V)
}

func (rs *RuleSet) explainStatus(ex *explainer, a float64, s Status) {
	r := Round2(a)
	ex.add("step.round", r)
	switch s {
	case StatusGreen:
		ex.add("step.status.green", r, rs.greenMin)
	case StatusYellow:
		ex.add("step.status.yellow", rs.yellowMin, r, rs.greenMin)
	default:
		ex.add("step.status.red", r, rs.yellowMin)
	}
}

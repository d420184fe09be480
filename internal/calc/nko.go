package calc

import (
	"fmt"
	"math"
)

// NKOIndicator is one IKU of an objective in a quarter.
type NKOIndicator struct {
	Achievement Opt // undefined: no achievement this quarter, left out
	Weight      Opt // PK line weight; when no IKU of the objective has one, all count equally
}

// NKOObjective is a strategic objective (SS) with its IKUs.
type NKOObjective struct {
	Code       string
	Indicators []NKOIndicator
}

// NKOPerspective is a perspective of the strategy map with its weight (%).
type NKOPerspective struct {
	Name       string
	Weight     float64
	Objectives []NKOObjective
}

// PerspectiveValue is the value of one perspective; undefined when none of
// its IKUs has an achievement.
type PerspectiveValue struct {
	Name   string
	Weight float64
	Value  Opt
}

// ObjectiveValue is the value of one objective; undefined when none of its
// IKUs has an achievement.
type ObjectiveValue struct {
	Code        string
	Perspective string
	Value       Opt
}

// NKOResult is the organisation score of a quarter.
type NKOResult struct {
	RuleSet      string
	NKO          float64
	Predicate    string
	Perspectives []PerspectiveValue
	Objectives   []ObjectiveValue // in input order, for colouring the strategy map
	Steps        []Step
}

// NKO computes the organisation score (SPEC §10.4): objective value =
// weighted mean of its IKUs' achievements; perspective value = mean of its
// objectives' values; NKO = Σ perspective value × weight / 100.
//
// IKUs without an achievement are left out, as are objectives with none
// (also those that have no IKU yet).
// When a whole perspective has none, the NKO is the weighted mean of the
// perspectives that have a value (their weights scaled up to 100), and the
// explanation says so.
func (rs *RuleSet) NKO(ps []NKOPerspective, explain bool) (NKOResult, error) {
	if err := rs.checkNKO(ps); err != nil {
		return NKOResult{}, err
	}
	ex := newExplainer(explain)
	if ex != nil {
		ex.add("step.ruleset", rs.id, rs.title)
	}
	res := NKOResult{RuleSet: rs.id, Perspectives: make([]PerspectiveValue, len(ps))}
	var sum, wsum float64
	complete := true
	for i := range ps {
		p := &ps[i]
		pv := PerspectiveValue{Name: p.Name, Weight: p.Weight}
		var osum float64
		var on int
		for j := range p.Objectives {
			o := &p.Objectives[j]
			v, ok := objectiveValue(o)
			if ex != nil {
				explainObjective(ex, o, v, ok)
			}
			ov := ObjectiveValue{Code: o.Code, Perspective: p.Name}
			if ok {
				ov.Value = Some(v)
			}
			res.Objectives = append(res.Objectives, ov)
			if ok {
				osum += v
				on++
			}
		}
		if on > 0 {
			pv.Value = Some(osum / float64(on))
			sum += pv.Value.V * p.Weight
			wsum += p.Weight
			if ex != nil {
				ex.add("step.nko.perspective", p.Name, on, pv.Value.V)
			}
		} else {
			complete = false
			if ex != nil {
				ex.add("step.nko.perspective_none", p.Name)
			}
		}
		res.Perspectives[i] = pv
	}
	if wsum == 0 {
		return NKOResult{}, inputErr("perspectives", "err.nko_empty")
	}
	if complete {
		res.NKO = sum / 100
		if ex != nil {
			ex.add("step.nko.sum", rs.nkoTerms(res.Perspectives), res.NKO)
		}
	} else {
		res.NKO = sum / wsum
		if ex != nil {
			ex.add("step.nko.partial", rs.nkoTerms(res.Perspectives), wsum, res.NKO)
		}
	}
	res.Predicate = rs.NKOPredicate(res.NKO)
	if ex != nil {
		ex.add("step.round", Round2(res.NKO))
		ex.add("step.nko.predicate", res.Predicate)
	}
	res.Steps = ex.result()
	return res, nil
}

// objectiveValue is the weighted mean of the defined achievements.
func objectiveValue(o *NKOObjective) (float64, bool) {
	var s, w float64
	for _, ind := range o.Indicators {
		if !ind.Achievement.OK {
			continue
		}
		wt := ind.Weight.Or(1)
		s += ind.Achievement.V * wt
		w += wt
	}
	if w == 0 {
		return 0, false
	}
	return s / w, true
}

func explainObjective(ex *explainer, o *NKOObjective, v float64, ok bool) {
	if !ok {
		ex.add("step.nko.objective_none", o.Code)
		return
	}
	var parts weightedArg
	w := 0.0
	for _, ind := range o.Indicators {
		if ind.Achievement.OK {
			parts = append(parts, [2]float64{ind.Achievement.V, ind.Weight.Or(1)})
			w += ind.Weight.Or(1)
		}
	}
	ex.add("step.nko.objective", o.Code, parts, w, v)
}

// nkoTerms lists value × weight of the perspectives that have a value.
func (rs *RuleSet) nkoTerms(pvs []PerspectiveValue) weightedArg {
	var t weightedArg
	for _, p := range pvs {
		if p.Value.OK {
			t = append(t, [2]float64{p.Value.V, p.Weight})
		}
	}
	return t
}

func (rs *RuleSet) checkNKO(ps []NKOPerspective) error {
	if len(ps) == 0 {
		return inputErr("perspectives", "err.empty_list")
	}
	// Field paths are built only for an error: this runs on every NKO.
	pf := func(i int, rest string) string { return fmt.Sprintf("perspectives[%d]%s", i, rest) }
	of := func(i, j int, rest string) string { return pf(i, fmt.Sprintf(".objectives[%d]%s", j, rest)) }
	total := 0.0
	for i := range ps {
		p := &ps[i]
		if p.Name == "" {
			return inputErr(pf(i, ".name"), "err.required")
		}
		for _, q := range ps[:i] {
			if q.Name == p.Name {
				return inputErr(pf(i, ".name"), "err.duplicate", p.Name)
			}
		}
		if !finite(p.Weight) {
			return inputErr(pf(i, ".weight"), "err.not_finite")
		}
		if p.Weight < 0 {
			return inputErr(pf(i, ".weight"), "err.negative")
		}
		total += p.Weight
		// A perspective without objectives, or an objective without IKUs (a
		// map still being drawn), has no achievement: it is left out like one
		// whose IKUs are not reported, never counted as 0.
		for j := range p.Objectives {
			o := &p.Objectives[j]
			if len(o.Indicators) == 0 {
				continue
			}
			weighted := o.Indicators[0].Weight.OK
			for k, ind := range o.Indicators {
				if a := ind.Achievement; a.OK && (!finite(a.V) || a.V < rs.floor || a.V > rs.cap) {
					return inputErr(of(i, j, fmt.Sprintf(".indicators[%d].achievement", k)), "err.range", rs.floor, rs.cap)
				}
				if ind.Weight.OK != weighted {
					return inputErr(of(i, j, fmt.Sprintf(".indicators[%d].weight", k)), "err.weights_all_or_none")
				}
				if w := ind.Weight; w.OK && (!finite(w.V) || w.V <= 0) {
					return inputErr(of(i, j, fmt.Sprintf(".indicators[%d].weight", k)), "err.positive")
				}
			}
		}
	}
	if math.Abs(total-100) > 1e-6 {
		return inputErr("perspectives", "err.weights_sum", total)
	}
	return nil
}

// NKOPredicate names an NKO by the rule set's bands, comparing the value as
// shown (rounded to 2 decimals).
func (rs *RuleSet) NKOPredicate(nko float64) string {
	v := Round2(nko)
	for _, b := range rs.nkoBands {
		if v >= b.min {
			return b.label
		}
	}
	return rs.nkoBelow
}

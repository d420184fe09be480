package calc

// K3Input is what the K3 of an indicator needs from its manual (SPEC §10.5).
type K3Input struct {
	Validity        Validity
	Control         Control
	Polarity        Polarity
	History         History
	Target          Opt  // this year's annual target T
	PrevTarget      Opt  // last year's target T1
	PrevRealisation Opt  // last year's realisation R1
	TargetByLaw     bool // target set by law or by an external assessment
	Stable          bool // a stable indicator
}

// K3Result is the K3 of an indicator with its two weights. Label names the
// target-weight rule that applied: a key of k3.target_weights in the rule
// set, or "mandatory_min" when a mandatory indicator was raised to it.
type K3Result struct {
	RuleSet       string
	QualityWeight float64
	TargetWeight  float64
	K3            float64
	Label         string
	Warnings      []Step // e.g. a target equal to last year's target and realisation
	Steps         []Step
}

// LabelMandatoryMin is the K3 label of a mandatory indicator whose target
// weight was raised to the rule set's minimum.
const LabelMandatoryMin = "mandatory_min"

// targetWeightLabels are the rule labels, as in the rule set's JSON.
var targetWeightLabels = []string{
	"beyond_both", "equals_prev_realisation", "between",
	"same_target_prev_missed", "same_target_prev_exceeded", "easier_than_prev_target",
	"all_equal", "set_by_law", "stable", "new_without_history", "stabilize",
}

func (rs *RuleSet) targetWeight(label string) float64 {
	w := &rs.tw
	switch label {
	case "beyond_both":
		return w.beyondBoth
	case "equals_prev_realisation":
		return w.equalsPrevRealisation
	case "between":
		return w.between
	case "same_target_prev_missed":
		return w.sameTargetPrevMissed
	case "same_target_prev_exceeded":
		return w.sameTargetPrevExceeded
	case "easier_than_prev_target":
		return w.easierThanPrevTarget
	case "all_equal":
		return w.allEqual
	case "set_by_law":
		return w.setByLaw
	case "stable":
		return w.stable
	case "new_without_history":
		return w.newWithoutHistory
	case "stabilize":
		return w.stabilize
	case LabelMandatoryMin:
		return rs.mandatoryMin
	}
	return 0
}

// QualityWeight returns the quality weight of a validity × control pair, or
// an error for an unknown value or a forbidden pair.
func (rs *RuleSet) QualityWeight(v Validity, c Control) (float64, error) {
	if !v.Valid() {
		return 0, inputErr("validity", "err.enum", string(v), "exact, proxy, activity")
	}
	if !c.Valid() {
		return 0, inputErr("control", "err.enum", string(c), "high, moderate, low")
	}
	q := rs.quality[v.index()][c.index()]
	if q == 0 {
		return 0, inputErr("control", "err.quality_forbidden", v, c)
	}
	return q, nil
}

// ValidateQuality refuses unknown values and the pairs the rule set forbids
// (exact+high and activity+low in KMK-127-2026).
func (rs *RuleSet) ValidateQuality(v Validity, c Control) error {
	_, err := rs.QualityWeight(v, c)
	return err
}

func (rs *RuleSet) combineK3(q, t float64) float64 {
	return (q*rs.k3QualityShare + t*rs.k3TargetShare) / 100
}

// K3 computes the quality factor of an indicator: (quality weight + target
// weight) / 2 with the shares of the rule set.
func (rs *RuleSet) K3(in K3Input, explain bool) (K3Result, error) {
	q, err := rs.QualityWeight(in.Validity, in.Control)
	if err != nil {
		return K3Result{}, err
	}
	if !in.Polarity.Valid() {
		return K3Result{}, inputErr("polarity", "err.enum", string(in.Polarity), "maximize, minimize, stabilize")
	}
	if !in.History.Valid() {
		return K3Result{}, inputErr("history", "err.enum", string(in.History), "existing, new_with_history, new_without_history, mandatory")
	}
	for _, o := range []struct {
		field string
		v     Opt
	}{{"target", in.Target}, {"prev_target", in.PrevTarget}, {"prev_realisation", in.PrevRealisation}} {
		if o.v.OK && !finite(o.v.V) {
			return K3Result{}, inputErr(o.field, "err.not_finite")
		}
	}
	ex := newExplainer(explain)
	if ex != nil {
		ex.add("step.ruleset", rs.id, rs.title)
		ex.add("step.k3.quality", in.Validity, in.Control, q)
	}
	label, err := rs.targetRule(&in, ex)
	if err != nil {
		return K3Result{}, err
	}
	t := rs.targetWeight(label)
	res := K3Result{RuleSet: rs.id, QualityWeight: q, TargetWeight: t, Label: label}
	if label == "all_equal" {
		res.Warnings = []Step{{Key: "warn.k3_all_equal"}}
	}
	res.K3 = rs.combineK3(q, t)
	if ex != nil {
		ex.add("step.k3.formula", q, rs.k3QualityShare, t, rs.k3TargetShare, res.K3)
		ex.add("step.round", Round2(res.K3))
	}
	res.Steps = ex.result()
	return res, nil
}

// targetRule picks the target-weight rule: overrides first, in the order
// SPEC §10.5 lists them, then the comparison of T with T1 and R1.
func (rs *RuleSet) targetRule(in *K3Input, ex *explainer) (string, error) {
	var label string
	switch {
	case in.TargetByLaw:
		label = "set_by_law"
	case in.Stable:
		label = "stable"
	case in.History == HistoryNewWithoutHistory:
		label = "new_without_history"
	case in.Polarity == PolarityStabilize:
		label = "stabilize"
	}
	if label != "" {
		if ex != nil {
			ex.add("step.k3.override."+label, rs.targetWeight(label))
		}
		return label, nil
	}
	if !in.Target.OK {
		return "", inputErr("target", "err.k3_required", in.History)
	}
	if !in.PrevRealisation.OK {
		return "", inputErr("prev_realisation", "err.k3_required", in.History)
	}
	t, r1 := in.Target.V, in.PrevRealisation.V
	var t1 float64
	if in.History == HistoryNewWithHistory {
		t1 = r1
		if ex != nil {
			ex.add("step.k3.prev_target_from_realisation", r1)
		}
	} else {
		if !in.PrevTarget.OK {
			return "", inputErr("prev_target", "err.k3_required", in.History)
		}
		t1 = in.PrevTarget.V
	}
	if in.Polarity == PolarityMinimize {
		// Lower is better: compare the negated values with the maximize rules.
		label = compareTargets(-t, -t1, -r1)
		if ex != nil {
			ex.add("step.k3.mirrored")
		}
	} else {
		label = compareTargets(t, t1, r1)
	}
	w := rs.targetWeight(label)
	if ex != nil {
		ex.add("step.k3.compare."+label, t, t1, r1, w)
	}
	if in.History == HistoryMandatory && w < rs.mandatoryMin {
		if ex != nil {
			ex.add("step.k3.mandatory_min", w, rs.mandatoryMin)
		}
		label = LabelMandatoryMin
	}
	return label, nil
}

// compareTargets applies the target-weight table for maximize.
func compareTargets(t, t1, r1 float64) string {
	switch {
	case t > t1:
		switch {
		case t > r1:
			return "beyond_both"
		case t == r1:
			return "equals_prev_realisation"
		}
		return "between"
	case t == t1:
		switch {
		case r1 < t1:
			return "same_target_prev_missed"
		case r1 > t1:
			return "same_target_prev_exceeded"
		}
		return "all_equal"
	}
	return "easier_than_prev_target"
}

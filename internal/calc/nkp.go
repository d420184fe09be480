package calc

import (
	"fmt"
	"math"
)

// maxDays bounds the days an indicator is active in a period (a leap year).
const maxDays = 366

// NKPIndicator is one IKI of an employee in a period.
type NKPIndicator struct {
	Achievement Opt // undefined: no achievement in the period, left out
	K3          float64
	Days        Opt // days active in the period; leave all undefined to weigh them equally
}

// NKPInput is what the employee score of a quarter or year needs
// (SPEC §10.6). Give Indicators or an NHK, Behaviour or an NPK; a given NHK
// or NPK is taken as already calibrated.
type NKPInput struct {
	Indicators            []NKPIndicator
	NHK                   Opt
	Behaviour             []float64 // the BerAKHLAK scores
	NPK                   Opt
	QuarterNPK            []Opt // the year: NPK is the mean of the quarters' NPKs (undefined ones left out)
	TopOfficial           bool  // calibration of top officials (pimpinan tinggi)
	LevelsBelowHead       int   // 0 the head, 1 directly below, 2 or more further down
	SubstantiveFunctional bool  // blends like staff one level below the head
	HeadOfOffice          bool  // takes the office's NKO as the work result in the Tabel 47 reading
	NKO                   float64
	Discipline            float64 // discipline penalty, ≥ 0
	Impact                float64 // superior's impact value, 0 to the rule set's maximum
	Correction            float64 // within ± the rule set's maximum
}

// NKPResult is the employee score with every intermediate figure, in full
// precision.
type NKPResult struct {
	RuleSet         string
	NHK             float64
	NHKCalibrated   float64
	NPK             float64
	NPKCalibrated   float64
	NKPInitial      float64 // NKP awal
	NKPAdjusted     float64
	NKP             float64
	Reading         string  // how the ratings read the figures (ReadingTabel47, ...)
	WorkValue       float64 // the value the work result is rated by
	BehaviourValue  float64 // the value behaviour is rated by
	WorkRating      Rating
	BehaviourRating Rating
	Predicate       string
	Steps           []Step
}

func (rs *RuleSet) calibrationGroup(top bool) calibration {
	if top {
		return rs.nkp.calTop
	}
	return rs.nkp.calOthers
}

// Calibrate applies the calibration of NHK and NPK: values up to the
// threshold stay; above it, min(x, input cap) is compressed by the group's
// slope and held to its cap.
func (rs *RuleSet) Calibrate(x float64, topOfficial bool) float64 {
	v, _ := rs.calibrate(x, topOfficial)
	return v
}

func (rs *RuleSet) calibrate(x float64, top bool) (float64, calibration) {
	g := rs.calibrationGroup(top)
	if x <= rs.nkp.calThreshold {
		return x, g
	}
	v := rs.nkp.calThreshold + (math.Min(x, rs.nkp.calInputCap)-rs.nkp.calThreshold)*g.slope
	return math.Min(v, g.cap), g
}

// Rate rates a score against expectations, comparing the value as shown
// (rounded to 2 decimals).
func (rs *RuleSet) Rate(x float64) Rating {
	v := Round2(x)
	switch {
	case v > rs.nkp.ratingAboveOver:
		return RatingAbove
	case v >= rs.nkp.ratingMeetsMin:
		return RatingMeets
	}
	return RatingBelow
}

// EmployeePredicate names the work-result × behaviour pair by the
// PermenPANRB 6/2022 matrix of the rule set; "" for an unknown rating.
func (rs *RuleSet) EmployeePredicate(work, behaviour Rating) string {
	w, b := work.index(), behaviour.index()
	if w < 0 || b < 0 {
		return ""
	}
	return rs.nkp.predicates[w][b]
}

// NPK is the mean of the behaviour scores; the rule set fixes how many.
func (rs *RuleSet) NPK(scores []float64) (float64, error) {
	if err := rs.checkBehaviour(scores); err != nil {
		return 0, err
	}
	return mean(scores), nil
}

// YearNPK is the NPK of the year: the mean of the quarterly NPKs that are
// defined (a quarter without a 360° assessment is left out).
func (rs *RuleSet) YearNPK(quarterly []Opt) (float64, error) {
	var vals []float64
	for i, q := range quarterly {
		if !q.OK {
			continue
		}
		if !finite(q.V) || q.V < 0 {
			return 0, inputErr(fmt.Sprintf("npk[%d]", i), "err.not_finite_or_negative")
		}
		vals = append(vals, q.V)
	}
	if len(vals) == 0 {
		return 0, inputErr("npk", "err.npk_none")
	}
	return mean(vals), nil
}

// mean avoids overflow of the running sum for finite inputs.
func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	if finite(s) {
		return s / float64(len(xs))
	}
	s = 0
	for _, x := range xs {
		s += x / float64(len(xs))
	}
	return s
}

func (rs *RuleSet) checkBehaviour(scores []float64) error {
	if len(scores) != rs.nkp.behaviourScores {
		return inputErr("behaviour", "err.count", rs.nkp.behaviourScores, len(scores))
	}
	for i, s := range scores {
		if !finite(s) {
			return inputErr(fmt.Sprintf("behaviour[%d]", i), "err.not_finite")
		}
		if s < 0 {
			return inputErr(fmt.Sprintf("behaviour[%d]", i), "err.negative")
		}
	}
	return nil
}

// NHK is the work-result score of the IKIs (uncalibrated): NKC = min(cap,
// achievement × K3) weighted by K3 × days.
func (rs *RuleSet) NHK(inds []NKPIndicator) (float64, error) {
	if err := rs.checkIndicators(inds); err != nil {
		return 0, err
	}
	return rs.nhk(inds, nil), nil
}

func (rs *RuleSet) checkIndicators(inds []NKPIndicator) error {
	if len(inds) == 0 {
		return inputErr("indicators", "err.empty_list")
	}
	withDays := inds[0].Days.OK
	total, defined := 0.0, false
	f := func(i int, name string) string { return fmt.Sprintf("indicators[%d].%s", i, name) }
	for i, ind := range inds {
		if a := ind.Achievement; a.OK && (!finite(a.V) || a.V < rs.floor || a.V > rs.cap) {
			return inputErr(f(i, "achievement"), "err.range", rs.floor, rs.cap)
		}
		// K3 values are often entered as shown (rounded), hence the margin.
		if !finite(ind.K3) || ind.K3 < rs.k3Min-0.005 || ind.K3 > rs.k3Max+0.005 {
			return inputErr(f(i, "k3"), "err.range", rs.k3Min, rs.k3Max)
		}
		if ind.Days.OK != withDays {
			return inputErr(f(i, "days"), "err.days_all_or_none")
		}
		if d := ind.Days; d.OK && (!finite(d.V) || d.V < 0 || d.V > maxDays) {
			return inputErr(f(i, "days"), "err.range", 0, maxDays)
		}
		if ind.Achievement.OK {
			defined = true
			total += ind.K3 * ind.Days.Or(1)
		}
	}
	if !defined {
		return inputErr("indicators", "err.nhk_none")
	}
	if total == 0 {
		return inputErr("indicators", "err.nhk_no_days")
	}
	return nil
}

func (rs *RuleSet) nhk(inds []NKPIndicator, ex *explainer) float64 {
	total := 0.0
	for _, ind := range inds {
		if ind.Achievement.OK {
			total += ind.K3 * ind.Days.Or(1)
		}
	}
	sum := 0.0
	for i, ind := range inds {
		if !ind.Achievement.OK {
			if ex != nil {
				ex.add("step.nkp.left_out", i+1)
			}
			continue
		}
		nkc := math.Min(rs.nkp.nkcCap, ind.Achievement.V*ind.K3)
		w := ind.K3 * ind.Days.Or(1) / total
		sum += nkc * w
		if ex != nil {
			ex.add("step.nkp.nkc", i+1, rs.nkp.nkcCap, ind.Achievement.V, ind.K3, nkc)
			if ind.Days.OK {
				ex.add("step.nkp.weight_days", i+1, ind.K3, ind.Days.V, total, w)
			} else {
				ex.add("step.nkp.weight", i+1, ind.K3, total, w)
			}
		}
	}
	nhk := math.Min(rs.nkp.nhkCap, sum)
	if ex != nil {
		ex.add("step.nkp.nhk", rs.nkp.nhkCap, sum, nhk)
	}
	return nhk
}

func (rs *RuleSet) checkNKP(in *NKPInput) error {
	if in.LevelsBelowHead < 0 {
		return inputErr("levels_below_head", "err.negative")
	}
	if !finite(in.NKO) || in.NKO < rs.floor || in.NKO > rs.cap {
		return inputErr("nko", "err.range", rs.floor, rs.cap)
	}
	if !finite(in.Discipline) || in.Discipline < 0 {
		return inputErr("discipline", "err.negative")
	}
	if !finite(in.Impact) || in.Impact < 0 || in.Impact > rs.nkp.impactMax {
		return inputErr("impact", "err.range", 0, rs.nkp.impactMax)
	}
	if !finite(in.Correction) || math.Abs(in.Correction) > rs.nkp.correctionMax {
		return inputErr("correction", "err.range", -rs.nkp.correctionMax, rs.nkp.correctionMax)
	}
	cap := rs.CalibrationCap(in.TopOfficial)
	switch {
	case in.NHK.OK && len(in.Indicators) > 0:
		return inputErr("nhk", "err.either", "indicators", "nhk")
	case in.NHK.OK:
		if !finite(in.NHK.V) || in.NHK.V < 0 || in.NHK.V > cap {
			return inputErr("nhk", "err.range", 0, cap)
		}
	default:
		if err := rs.checkIndicators(in.Indicators); err != nil {
			return err
		}
	}
	given := 0
	for _, b := range []bool{in.NPK.OK, len(in.Behaviour) > 0, len(in.QuarterNPK) > 0} {
		if b {
			given++
		}
	}
	switch {
	case given > 1:
		return inputErr("npk", "err.either", "behaviour", "npk")
	case len(in.QuarterNPK) > 0:
		if _, err := rs.YearNPK(in.QuarterNPK); err != nil {
			return err
		}
	case in.NPK.OK:
		if !finite(in.NPK.V) || in.NPK.V < 0 || in.NPK.V > cap {
			return inputErr("npk", "err.range", 0, cap)
		}
	default:
		if err := rs.checkBehaviour(in.Behaviour); err != nil {
			return err
		}
	}
	return nil
}

// NKP computes the employee score of a period (SPEC §10.6): NHK and NPK,
// their calibration, NKP awal, the adjustments, the blend with the office
// NKO, the two ratings and the predicate.
func (rs *RuleSet) NKP(in NKPInput, explain bool) (NKPResult, error) {
	if err := rs.checkNKP(&in); err != nil {
		return NKPResult{}, err
	}
	p := &rs.nkp
	ex := newExplainer(explain)
	if ex != nil {
		ex.add("step.ruleset", rs.id, rs.title)
	}
	res := NKPResult{RuleSet: rs.id}

	if in.NHK.OK {
		res.NHK, res.NHKCalibrated = in.NHK.V, in.NHK.V
		if ex != nil {
			ex.add("step.nkp.nhk_given", in.NHK.V)
		}
	} else {
		res.NHK = rs.nhk(in.Indicators, ex)
		res.NHKCalibrated = rs.explainCalibrate(ex, "NHK", res.NHK, in.TopOfficial)
	}
	if in.NPK.OK {
		res.NPK, res.NPKCalibrated = in.NPK.V, in.NPK.V
		if ex != nil {
			ex.add("step.nkp.npk_given", in.NPK.V)
		}
	} else if len(in.QuarterNPK) > 0 {
		res.NPK, _ = rs.YearNPK(in.QuarterNPK)
		if ex != nil {
			var qs []float64
			for _, q := range in.QuarterNPK {
				if q.OK {
					qs = append(qs, q.V)
				}
			}
			ex.add("step.nkp.npk_year", termsArg(qs), len(qs), res.NPK)
		}
		res.NPKCalibrated = rs.explainCalibrate(ex, "NPK", res.NPK, in.TopOfficial)
	} else {
		res.NPK = mean(in.Behaviour)
		if ex != nil {
			ex.add("step.nkp.npk", termsArg(in.Behaviour), len(in.Behaviour), res.NPK)
		}
		res.NPKCalibrated = rs.explainCalibrate(ex, "NPK", res.NPK, in.TopOfficial)
	}

	res.NKPInitial = res.NHKCalibrated*p.nhkShare/100 + res.NPKCalibrated*p.npkShare/100
	if ex != nil {
		ex.add("step.nkp.initial", p.nhkShare, res.NHKCalibrated, p.npkShare, res.NPKCalibrated, res.NKPInitial)
	}

	res.NKPAdjusted = rs.adjust(res.NKPInitial, &in)
	if ex != nil {
		raw := res.NKPInitial - in.Discipline - in.Impact + in.Correction
		ex.add("step.nkp.adjusted", res.NKPInitial, in.Discipline, in.Impact, in.Correction, raw)
		if res.NKPAdjusted != raw {
			ex.add("step.nkp.adjusted_clamp", p.adjFloor, p.adjCap, res.NKPAdjusted)
		}
	}
	var s shares
	var key string
	res.NKP, s, key = rs.blend(res.NKPAdjusted, &in)
	if ex != nil {
		ex.add(key, s.nko, in.NKO, s.own, res.NKPAdjusted, res.NKP)
	}

	res.Reading = p.workFrom
	res.BehaviourValue = res.NPKCalibrated
	switch p.workFrom {
	case ReadingNKP:
		res.WorkValue = res.NKP
	case ReadingNHK:
		res.WorkValue = res.NHKCalibrated
	default:
		res.WorkValue, _, _ = rs.blend(rs.adjust(res.NHKCalibrated, &in), &in)
		if in.HeadOfOffice {
			res.WorkValue = in.NKO
		}
		res.BehaviourValue, _, _ = rs.blend(rs.adjust(res.NPKCalibrated, &in), &in)
	}
	res.WorkRating = rs.Rate(res.WorkValue)
	res.BehaviourRating = rs.Rate(res.BehaviourValue)
	res.Predicate = rs.EmployeePredicate(res.WorkRating, res.BehaviourRating)
	if ex != nil {
		ex.add("step.round", Round2(res.NKP))
		switch {
		case p.workFrom == ReadingNKP:
			ex.add("step.nkp.rating_work_nkp", Round2(res.WorkValue), res.WorkRating, p.ratingMeetsMin, p.ratingAboveOver)
		case p.workFrom == ReadingNHK:
			ex.add("step.nkp.rating_work_nhk", Round2(res.WorkValue), res.WorkRating, p.ratingMeetsMin, p.ratingAboveOver)
		case in.HeadOfOffice:
			ex.add("step.nkp.rating_work_head", Round2(res.WorkValue), res.WorkRating, p.ratingMeetsMin, p.ratingAboveOver)
		default:
			ex.add("step.nkp.rating_work_t47", Round2(res.NHKCalibrated), Round2(res.WorkValue), res.WorkRating, p.ratingMeetsMin, p.ratingAboveOver)
		}
		if p.workFrom == ReadingTabel47 {
			ex.add("step.nkp.rating_behaviour_t47", Round2(res.NPKCalibrated), Round2(res.BehaviourValue), res.BehaviourRating, p.ratingMeetsMin, p.ratingAboveOver)
		} else {
			ex.add("step.nkp.rating_behaviour", Round2(res.BehaviourValue), res.BehaviourRating, p.ratingMeetsMin, p.ratingAboveOver)
		}
		ex.add("step.nkp.predicate", res.WorkRating, res.BehaviourRating, res.Predicate)
	}
	res.Steps = ex.result()
	return res, nil
}

// adjust takes the discipline penalty and the superior's impact off a value,
// adds the correction, and holds the result to the rule set's bounds.
func (rs *RuleSet) adjust(x float64, in *NKPInput) float64 {
	return math.Min(rs.nkp.adjCap, math.Max(rs.nkp.adjFloor, x-in.Discipline-in.Impact+in.Correction))
}

// blend mixes an adjusted value with the office NKO by the employee's level
// and whether the value is below the NKO (SPEC §10.6.6).
func (rs *RuleSet) blend(x float64, in *NKPInput) (float64, shares, string) {
	p := &rs.nkp
	var s shares
	var key string
	switch {
	case x < in.NKO:
		s, key = p.belowNKO, "step.nkp.blend_below"
	case in.SubstantiveFunctional || in.LevelsBelowHead <= p.nearMaxLevels:
		s, key = p.near, "step.nkp.blend_near"
	default:
		s, key = p.far, "step.nkp.blend_far"
	}
	return in.NKO*s.nko/100 + x*s.own/100, s, key
}

func (rs *RuleSet) explainCalibrate(ex *explainer, name string, x float64, top bool) float64 {
	v, g := rs.calibrate(x, top)
	if ex != nil {
		if x <= rs.nkp.calThreshold {
			ex.add("step.nkp.calibrate_none", name, x, rs.nkp.calThreshold)
		} else {
			ex.add("step.nkp.calibrate", name, rs.nkp.calThreshold, x, rs.nkp.calInputCap, g.slope, g.cap, v)
		}
	}
	return v
}

// PlanShareStep explains one plan's part of an NHK that combines the lines
// of several plans (a person who moved): its period, its days in the
// scored period and its share of Σ(K3 × days), 0–1.
func PlanShareStep(kind, from, to string, days int, share float64) Step {
	return Step{Part: PartGeneral, Key: "step.nkp.plan_share", Args: []any{kind, from, to, days, Round2(100 * share)}}
}

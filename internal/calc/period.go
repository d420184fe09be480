package calc

import "fmt"

// Figures are target, realisation and achievement of one period, with the
// status colour of the achievement. Any may be undefined.
type Figures struct {
	Target      Opt
	Realisation Opt
	Achievement Opt // full precision; Round2 for display
	Status      Status
}

// QuarterResult holds the official to-date figures of a quarter and the
// quarter's own figures beside them.
type QuarterResult struct {
	Quarter int
	// ToDate is the official figure "s.d. TW q": target and realisation
	// consolidated over the targeted quarters 1..q. For a quarter without a
	// target it repeats the latest targeted quarter before it, and is
	// undefined when there is none yet.
	ToDate Figures
	// Own is the quarter alone, undefined when it has no target.
	Own Figures
}

// Result is the evaluation of one indicator for a year.
type Result struct {
	RuleSet  string
	Quarters [4]QuarterResult
	// Year is the to-date figure of YearQuarter, the last quarter with a
	// target (normally Q4), never an average of quarterly achievements.
	Year        Figures
	YearQuarter int
	Steps       []Step // the explanation, only when requested
}

// accumulator consolidates quarterly values in quarter order; the same code
// serves Evaluate, ToDate and RealisationToDate so they agree to the bit.
type accumulator struct {
	vals  [4]float64 // defined values, in order
	sum   float64    // their running sum, in the same order
	n     int
	gap   int // first quarter whose value is missing, 0 if none
	last  Opt // value of the latest quarter added
	lastQ int
}

func (a *accumulator) add(o Opt, q int) {
	a.last, a.lastQ = o, q
	if !o.OK {
		if a.gap == 0 {
			a.gap = q
		}
		return
	}
	a.vals[a.n] = o.V
	a.sum += o.V
	a.n++
}

// value returns the consolidated value; overflow reports a sum beyond the
// float range.
func (a *accumulator) value(c Consolidation) (v Opt, overflow bool) {
	if c == ConsolidationLast {
		return a.last, false
	}
	if a.gap != 0 || a.n == 0 {
		return Opt{}, false
	}
	s := a.sum
	if c == ConsolidationSum {
		return Opt{V: s, OK: finite(s)}, !finite(s)
	}
	if !finite(s) {
		// The mean of finite values is finite; only the running sum overflowed.
		s = 0
		for _, x := range a.vals[:a.n] {
			s += x / float64(a.n)
		}
		return Some(s), false
	}
	return Some(s / float64(a.n)), false
}

// ToDate consolidates vals over quarters 1..q, skipping undefined ones; with
// targets as vals it is the official to-date target "s.d. TW q". For last,
// the value of the latest defined quarter. Undefined when no quarter up to q
// has a value, q is outside 1–4, c is unknown, or a sum overflows.
func ToDate(c Consolidation, vals [4]Opt, q int) Opt {
	if q < 1 || q > 4 || !c.Valid() {
		return Opt{}
	}
	var a accumulator
	for i := 0; i < q; i++ {
		if vals[i].OK {
			a.add(vals[i], i+1)
		}
	}
	v, _ := a.value(c)
	return v
}

// AnnualTarget is the annual target implied by the quarterly targets: their
// sum, their mean, or (last) the target of the last quarter that has one.
func AnnualTarget(c Consolidation, targets [4]Opt) Opt { return ToDate(c, targets, 4) }

// RealisationToDate is the official realisation up to quarter q: the
// realisations of the targeted quarters 1..q, consolidated. A targeted
// quarter without a realisation makes it undefined ("not reported", never
// 0) — for sum and average any such quarter, for last the latest targeted
// one, whose value alone counts. Realisations of quarters without a target
// are ignored here; Evaluate refuses them.
func RealisationToDate(c Consolidation, targets, realisations [4]Opt, q int) Opt {
	if q < 1 || q > 4 || !c.Valid() {
		return Opt{}
	}
	var a accumulator
	for i := 0; i < q; i++ {
		if targets[i].OK {
			a.add(realisations[i], i+1)
		}
	}
	v, _ := a.value(c)
	return v
}

// Evaluate computes the four quarters (official to-date and own figures) and
// the year of one indicator (SPEC §10.1–10.3). With explain, Result.Steps
// records how; without, nothing is allocated.
func (rs *RuleSet) Evaluate(ind Indicator, explain bool) (res Result, err error) {
	if err := checkIndicator(&ind); err != nil {
		return Result{}, err
	}
	ex := newExplainer(explain)
	if ex != nil {
		ex.add("step.ruleset", rs.id, rs.title)
		ex.add("step.indicator", ind.Polarity, ind.Consolidation, boolArg(ind.MaxTarget))
	}
	res.RuleSet = rs.id
	var ta, ra accumulator
	for q := 1; q <= 4; q++ {
		i := q - 1
		qr := &res.Quarters[i]
		qr.Quarter = q
		t := ind.Targets[i]
		if ex != nil {
			ex.at(PartQuarter, q)
		}
		if !t.OK {
			if ex != nil {
				ex.add("step.own.no_target")
				ex.at(PartToDate, q)
				if ta.n == 0 {
					ex.add("step.to_date.none")
				} else {
					ex.add("step.to_date.carry", quarterArg(res.YearQuarter))
				}
			}
			if ta.n > 0 {
				qr.ToDate = res.Quarters[res.YearQuarter-1].ToDate
			}
			continue
		}
		res.YearQuarter = q
		r := ind.Realisations[i]
		if key, field := zeroTarget(&ind, t.V); key != "" {
			if field == "" {
				field = fmt.Sprintf("targets[%d]", i)
			}
			return Result{}, inputErr(field, key+"_quarter", quarterArg(q))
		}
		if ex != nil {
			ex.add("step.own.values", t.V, r)
			if !r.OK {
				ex.add("step.not_reported")
			}
		}
		rs.figures(&qr.Own, &ind, t, r, ex)

		ta.add(t, q)
		ra.add(r, q)
		if ex != nil {
			ex.at(PartToDate, q)
		}
		tt, over := ta.value(ind.Consolidation)
		if over {
			return Result{}, inputErr("targets", "err.overflow", quarterArg(q))
		}
		if key, field := zeroTarget(&ind, tt.V); key != "" {
			if field == "" {
				field = "targets"
			}
			return Result{}, inputErr(field, key+"_to_date", quarterArg(q))
		}
		rt, over := ra.value(ind.Consolidation)
		if over {
			return Result{}, inputErr("realisations", "err.overflow", quarterArg(q))
		}
		if ex != nil {
			explainConsolidation(ex, ind.Consolidation, &ta, &ra, tt, rt)
		}
		rs.figures(&qr.ToDate, &ind, tt, rt, ex)
	}
	res.Year = res.Quarters[res.YearQuarter-1].ToDate
	if ex != nil {
		ex.at(PartYear, 0)
		ex.add("step.year", quarterArg(res.YearQuarter))
	}
	res.Steps = ex.result()
	return res, nil
}

// checkIndicator validates an indicator before any figure is computed.
func checkIndicator(ind *Indicator) error {
	if err := checkSettings(ind); err != nil {
		return err
	}
	any := false
	for i := 0; i < 4; i++ {
		t, r := ind.Targets[i], ind.Realisations[i]
		if t.OK {
			any = true
			if !finite(t.V) {
				return inputErr(fmt.Sprintf("targets[%d]", i), "err.not_finite")
			}
		}
		if r.OK {
			if !finite(r.V) {
				return inputErr(fmt.Sprintf("realisations[%d]", i), "err.not_finite")
			}
			if !t.OK {
				return inputErr(fmt.Sprintf("realisations[%d]", i), "err.realisation_without_target", quarterArg(i+1))
			}
		}
	}
	if !any {
		return inputErr("targets", "err.no_target")
	}
	return nil
}

// figures scores one period into f, which is zero; an undefined
// realisation leaves the achievement undefined (the caller explains why).
// Filling f in place rather than returning a Figures keeps the hot path
// free of large copies.
func (rs *RuleSet) figures(f *Figures, ind *Indicator, t, r Opt, ex *explainer) {
	f.Target, f.Realisation = t, r
	if !r.OK {
		return
	}
	a := rs.score(ind, t.V, r.V, ex)
	f.Achievement = Some(a)
	f.Status = rs.Status(a)
	if ex != nil {
		rs.explainStatus(ex, a, f.Status)
	}
}

func explainConsolidation(ex *explainer, c Consolidation, ta, ra *accumulator, tt, rt Opt) {
	switch c {
	case ConsolidationSum:
		ex.add("step.target.sum", terms(ta), tt.V)
	case ConsolidationAverage:
		ex.add("step.target.average", terms(ta), ta.n, tt.V)
	default:
		ex.add("step.target.last", quarterArg(ta.lastQ), tt.V)
	}
	switch {
	case c == ConsolidationLast && !rt.OK:
		ex.add("step.realisation.missing", quarterArg(ra.lastQ))
	case !rt.OK:
		ex.add("step.realisation.missing", quarterArg(ra.gap))
	case c == ConsolidationSum:
		ex.add("step.realisation.sum", terms(ra), rt.V)
	case c == ConsolidationAverage:
		ex.add("step.realisation.average", terms(ra), ra.n, rt.V)
	default:
		ex.add("step.realisation.last", quarterArg(ra.lastQ), rt.V)
	}
}

func terms(a *accumulator) termsArg { return append(termsArg(nil), a.vals[:a.n]...) }

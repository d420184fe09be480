package calc

import (
	"errors"
	"math"
	"testing"
)

// fuzzIndicator builds an indicator from fuzz input: mask bits 0–3 say which
// quarters have a target, bits 4–7 which have a realisation.
func fuzzIndicator(pol, cons, mask, scale uint8, t, r [4]float64, maxTarget bool, worst float64) Indicator {
	ind := Indicator{
		Polarity:      []Polarity{PolarityMaximize, PolarityMinimize, PolarityStabilize, "bogus"}[pol%4],
		Consolidation: []Consolidation{ConsolidationSum, ConsolidationAverage, ConsolidationLast}[cons%3],
		MaxTarget:     maxTarget,
	}
	for i := range 4 {
		if mask&(1<<i) != 0 {
			ind.Targets[i] = Some(t[i])
		}
		if mask&(1<<(i+4)) != 0 {
			ind.Realisations[i] = Some(r[i])
		}
	}
	if ind.Polarity == PolarityMinimize && worst != 0 {
		ind.Worst = Some(worst)
	}
	switch scale % 3 {
	case 1:
		ind.Scale = kmkScale
	case 2:
		if ind.Polarity == PolarityStabilize {
			lo := -math.Abs(worst)
			ind.Scale = []ScalePoint{{lo, t[0]}, {lo + math.Abs(r[0]) + 1, r[1]}}
		}
	}
	return ind
}

// FuzzEvaluate: for any input, Evaluate either refuses it with an
// *InputError naming a field or returns achievements that are finite and
// within [floor, cap].
func FuzzEvaluate(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint8(0xff), uint8(0), 10.0, 10.0, 10.0, 10.0, 11.0, 9.0, 10.0, 12.0, false, 0.0)
	f.Add(uint8(1), uint8(1), uint8(0xff), uint8(0), 10.0, 10.0, 10.0, 10.0, 12.0, 8.0, 25.0, 10.0, true, 0.0)
	f.Add(uint8(1), uint8(0), uint8(0x3f), uint8(0), 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, false, 5.0)
	f.Add(uint8(2), uint8(2), uint8(0xff), uint8(1), 100.0, 100.0, -100.0, 100.0, 102.0, 95.0, -80.0, 300.0, false, 0.0)
	f.Add(uint8(2), uint8(2), uint8(0xff), uint8(2), 1e308, -1e308, 5e-324, 1.0, -1e308, 1e308, 1e-300, 1e300, true, 1e308)
	f.Add(uint8(0), uint8(0), uint8(0x33), uint8(0), math.MaxFloat64, math.MaxFloat64, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, false, 0.0)
	f.Add(uint8(0), uint8(1), uint8(0xaa), uint8(0), -5.0, 1e-310, -1e-310, 3.0, math.SmallestNonzeroFloat64, 7.0, 1e15, -1e15, false, 0.0)
	f.Add(uint8(1), uint8(2), uint8(0xf0), uint8(0), 1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0, false, -1.0)
	f.Add(uint8(0), uint8(0), uint8(0x11), uint8(0), math.NaN(), 1.0, 1.0, 1.0, math.Inf(1), 1.0, 1.0, 1.0, false, 0.0)
	rs := defaultRules(f)
	floor, cap := rs.Bounds()
	f.Fuzz(func(t *testing.T, pol, cons, mask, scale uint8, t1, t2, t3, t4, r1, r2, r3, r4 float64, maxTarget bool, worst float64) {
		ind := fuzzIndicator(pol, cons, mask, scale, [4]float64{t1, t2, t3, t4}, [4]float64{r1, r2, r3, r4}, maxTarget, worst)
		res, err := rs.Evaluate(ind, mask%2 == 0)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field == "" || ie.Message("en") == ie.Key {
				t.Fatalf("error %v is not a field error with a message", err)
			}
			return
		}
		check := func(what string, f Figures) {
			if !f.Achievement.OK {
				if f.Status != StatusNone {
					t.Fatalf("%s: status %q without achievement", what, f.Status)
				}
				return
			}
			a := f.Achievement.V
			if math.IsNaN(a) || math.IsInf(a, 0) || a < floor || a > cap {
				t.Fatalf("%s: achievement %v outside [%v, %v] for %+v", what, a, floor, cap, ind)
			}
			if !f.Status.Valid() || !f.Target.OK || !f.Realisation.OK {
				t.Fatalf("%s: %+v", what, f)
			}
		}
		for _, q := range res.Quarters {
			check("to date", q.ToDate)
			check("own", q.Own)
		}
		check("year", res.Year)
		if res.YearQuarter < 1 || res.Year != res.Quarters[res.YearQuarter-1].ToDate {
			t.Fatalf("year %+v is not the to-date figure of Q%d", res.Year, res.YearQuarter)
		}
	})
}

// FuzzNKP: accepted input gives finite scores within the rule set's bounds.
func FuzzNKP(f *testing.F) {
	f.Add(108.0, 102.0, 104.2, 0.0, 0.0, 0.0, int8(2), false, false, false, 110.0, 1.1, 95.0, 1.0)
	f.Add(90.0, 95.0, 100.0, 2.0, 1.0, -1.0, int8(0), true, true, true, 120.0, 1.2, 0.0, 0.7)
	f.Add(1e308, 1e308, 120.0, 1e308, 5.0, 5.0, int8(1), false, false, true, 1e-300, 0.7, 120.0, 1.2)
	rs := defaultRules(f)
	f.Fuzz(func(t *testing.T, nhk, npk, nko, disc, impact, corr float64, levels int8, top, subst, useInd bool, a1, k1, a2, k2 float64) {
		in := NKPInput{NPK: Some(npk), NKO: nko, Discipline: disc, Impact: impact, Correction: corr,
			LevelsBelowHead: int(levels), TopOfficial: top, SubstantiveFunctional: subst}
		if useInd {
			in.Indicators = []NKPIndicator{{Achievement: Some(a1), K3: k1}, {Achievement: Some(a2), K3: k2}}
			in.Behaviour, in.NPK = []float64{npk, nhk, npk, nhk, npk, nhk, npk}, Opt{}
		} else {
			in.NHK = Some(nhk)
		}
		res, err := rs.NKP(in, useInd)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field == "" {
				t.Fatalf("error %v is not a field error", err)
			}
			return
		}
		for _, v := range []float64{res.NHK, res.NHKCalibrated, res.NPK, res.NPKCalibrated, res.NKPInitial, res.NKPAdjusted, res.NKP} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite score in %+v", res)
			}
		}
		if res.NKP < 0 || res.NKP > 120 || res.NHKCalibrated > 120 || res.NPKCalibrated > 120 {
			t.Fatalf("score out of bounds: %+v", res)
		}
		if !res.WorkRating.Valid() || !res.BehaviourRating.Valid() || res.Predicate == "" {
			t.Fatalf("ratings: %+v", res)
		}
	})
}

// FuzzNKO: accepted input gives a finite NKO within [floor, cap].
func FuzzNKO(f *testing.F) {
	f.Add(110.5, 95.0, 100.0, 85.0, 30.0, 70.0, 1.0, 2.0, uint8(0))
	f.Add(0.0, 120.0, 120.0, 0.0, 100.0, 0.0, 0.5, 1e300, uint8(5))
	rs := defaultRules(f)
	f.Fuzz(func(t *testing.T, a1, a2, a3, a4, w1, w2, iw1, iw2 float64, mask uint8) {
		opt := func(v float64, bit uint8) Opt {
			if mask&bit != 0 {
				return Opt{}
			}
			return Some(v)
		}
		ps := []NKOPerspective{
			{Name: "a", Weight: w1, Objectives: []NKOObjective{{Indicators: []NKOIndicator{{opt(a1, 1), opt(iw1, 16)}, {opt(a2, 2), opt(iw2, 16)}}}}},
			{Name: "b", Weight: w2, Objectives: []NKOObjective{{Indicators: []NKOIndicator{{Achievement: opt(a3, 4)}}}, {Indicators: []NKOIndicator{{Achievement: opt(a4, 8)}}}}},
		}
		res, err := rs.NKO(ps, mask&32 != 0)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field == "" {
				t.Fatalf("error %v is not a field error", err)
			}
			return
		}
		if math.IsNaN(res.NKO) || res.NKO < -1e-9 || res.NKO > 120+1e-9 || res.Predicate == "" {
			t.Fatalf("NKO %v (%s) for %+v", res.NKO, res.Predicate, ps)
		}
	})
}

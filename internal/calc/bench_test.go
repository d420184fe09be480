package calc

import (
	"math/rand/v2"
	"sync"
	"testing"
)

var sink float64

func BenchmarkEvaluate(b *testing.B) {
	rs := defaultRules(b)
	ind := Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum,
		Targets: optsOf(4, 5, 4, 5), Realisations: optsOf(4, 6, 3, 5)}
	b.ReportAllocs()
	for b.Loop() {
		res, err := rs.Evaluate(ind, false)
		if err != nil {
			b.Fatal(err)
		}
		sink += res.Year.Achievement.V
	}
}

func BenchmarkEvaluateExplain(b *testing.B) {
	rs := defaultRules(b)
	ind := Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum,
		Targets: optsOf(4, 5, 4, 5), Realisations: optsOf(4, 6, 3, 5)}
	b.ReportAllocs()
	for b.Loop() {
		res, err := rs.Evaluate(ind, true)
		if err != nil {
			b.Fatal(err)
		}
		sink += float64(len(res.Steps))
	}
}

// fifteenIKUs is a PK at the IKU limit: four perspectives, seven objectives.
func fifteenIKUs() []NKOPerspective {
	return []NKOPerspective{
		{Name: "stakeholder", Weight: 30, Objectives: []NKOObjective{{Code: "SS-1", Indicators: ikus(110.5, 98)}, {Code: "SS-2", Indicators: ikus(100, 120)}}},
		{Name: "customer", Weight: 25, Objectives: []NKOObjective{{Code: "SS-3", Indicators: ikus(95, 101)}, {Code: "SS-4", Indicators: ikus(88, 104)}}},
		{Name: "internal_process", Weight: 25, Objectives: []NKOObjective{{Code: "SS-5", Indicators: ikus(99, 100)}, {Code: "SS-6", Indicators: ikus(112, 79)}}},
		{Name: "learning_growth", Weight: 20, Objectives: []NKOObjective{{Code: "SS-7", Indicators: ikus(100, 93.5, 117)}}},
	}
}

func BenchmarkNKO15(b *testing.B) {
	rs := defaultRules(b)
	m := fifteenIKUs()
	b.ReportAllocs()
	for b.Loop() {
		res, err := rs.NKO(m, false)
		if err != nil {
			b.Fatal(err)
		}
		sink += res.NKO
	}
}

var million struct {
	once sync.Once
	inds []Indicator
}

// millionIndicators is a fixed mix of polarities, consolidations,
// quarters without target and quarters not yet reported.
func millionIndicators() []Indicator {
	million.once.Do(func() {
		r := rand.New(rand.NewPCG(7, 8))
		pols := []Polarity{PolarityMaximize, PolarityMaximize, PolarityMinimize, PolarityStabilize}
		cons := []Consolidation{ConsolidationSum, ConsolidationAverage, ConsolidationLast}
		million.inds = make([]Indicator, 1_000_000)
		for i := range million.inds {
			ind := &million.inds[i]
			ind.Polarity, ind.Consolidation = pols[i%4], cons[i%3]
			ind.MaxTarget = i%10 == 0
			if ind.Polarity == PolarityStabilize {
				ind.Scale = kmkScale
			}
			for q := range 4 {
				if q == 3 || r.IntN(8) > 0 {
					t := 1 + r.Float64()*1000
					ind.Targets[q] = Some(t)
					if r.IntN(10) > 0 {
						ind.Realisations[q] = Some(t * (0.5 + r.Float64()))
					}
				}
			}
		}
	})
	return million.inds
}

// BenchmarkYearMillion evaluates the four quarters and the year of 1,000,000
// different indicators per operation.
func BenchmarkYearMillion(b *testing.B) {
	rs := defaultRules(b)
	inds := millionIndicators()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range inds {
			res, err := rs.Evaluate(inds[i], false)
			if err != nil {
				b.Fatal(err)
			}
			sink += res.Year.Target.V
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(inds)), "ns/indicator")
}

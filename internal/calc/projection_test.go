package calc

import (
	"strings"
	"testing"
)

func TestProject(t *testing.T) {
	rs := defaultRules(t)
	o := func(vs ...any) [4]Opt { return optsOf(vs...) }
	var nan any
	cases := []struct {
		name        string
		ind         Indicator
		q           int
		realisation float64
		trend       Trend
	}{
		// Sum, 4+5+4+5 = 18; after Q2 realised 9 of 9: pace 1 → 18 → 100 on track.
		{"sum on pace", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: o(4, 5, 4, 5), Realisations: o(4, 5, nan, nan)}, 2, 18, TrendOnTrack},
		// Sum, realised 8 of 9: pace 8/9 → 8 + 9 × 8/9 = 16 → 88,9 at risk.
		{"sum behind", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: o(4, 5, 4, 5), Realisations: o(4, 4, nan, nan)}, 2, 16, TrendAtRisk},
		// Last, cumulative 25/50/75/100; Q2 at 35 of 50 → 35 × 100 / 50 = 70 → 70 off track.
		{"last far behind", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationLast, Targets: o(25, 50, 75, 100), Realisations: o(25, 35, nan, nan)}, 2, 70, TrendOffTrack},
		// Average, 90 each; Q1 at 95 → level 95 → 105,6 on track.
		{"average level", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationAverage, Targets: o(90, 90, 90, 90), Realisations: o(95, nan, nan, nan)}, 1, 95, TrendOnTrack},
		// Minimize, average 45; Q1 at 50 → (1 + (1 − 50/45)) × 100 = 88,9 at risk.
		{"minimize level", Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationAverage, Targets: o(45, 45, 45, 45), Realisations: o(50, nan, nan, nan)}, 1, 50, TrendAtRisk},
		// Year over: the projection is the year's figure.
		{"year over", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationLast, Targets: o(25, 50, 75, 100), Realisations: o(25, 50, 75, 100)}, 4, 100, TrendOnTrack},
	}
	for _, c := range cases {
		p, err := rs.Project(c.ind, c.q, true)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.Trend != c.trend || !p.Realisation.OK || Round2(p.Realisation.V) != Round2(c.realisation) {
			t.Errorf("%s: trend %q realisation %v, want %q %v", c.name, p.Trend, p.Realisation, c.trend, c.realisation)
		}
		if len(p.Steps) == 0 || strings.Contains(p.Steps[len(p.Steps)-1].Text("id"), "%!") {
			t.Errorf("%s: explanation %v", c.name, p.Steps)
		}
	}
	// Nothing reported: no trend, and it says why.
	p, err := rs.Project(Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: o(4, 5, 4, 5)}, 1, true)
	if err != nil || p.Trend != TrendUnknown || len(p.Steps) != 1 {
		t.Errorf("unreported: %+v %v", p, err)
	}
}

package calc

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestToDate(t *testing.T) {
	tests := []struct {
		name string
		c    Consolidation
		vals [4]Opt
		want [4]Opt
	}{
		// SPEC §10.2: sum, targets 4, 5, 4, 5 → to date 4, 9, 13, 18.
		{"spec sum", ConsolidationSum, optsOf(4, 5, 4, 5), optsOf(4, 9, 13, 18)},
		{"average", ConsolidationAverage, optsOf(90, 95, 100, 85), optsOf(90, 92.5, 95, 92.5)},
		{"last", ConsolidationLast, optsOf(90, 95, 100, 85), optsOf(90, 95, 100, 85)},
		// Quarters without a target are skipped; before the first one, undefined.
		{"sum with gaps", ConsolidationSum, optsOf(nil, 4, nil, 6), optsOf(nil, 4, 4, 10)},
		{"average with gaps", ConsolidationAverage, optsOf(4, nil, 6, nil), optsOf(4, 4, 5, 5)},
		{"last with gaps", ConsolidationLast, optsOf(4, nil, 6, nil), optsOf(4, 4, 6, 6)},
		{"nothing", ConsolidationSum, optsOf(), optsOf()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for q := 1; q <= 4; q++ {
				got := ToDate(tt.c, tt.vals, q)
				if got.OK != tt.want[q-1].OK || !approx(got.V, tt.want[q-1].V) {
					t.Errorf("ToDate(q=%d) = %v, want %v", q, got, tt.want[q-1])
				}
			}
			if got := AnnualTarget(tt.c, tt.vals); got != ToDate(tt.c, tt.vals, 4) {
				t.Errorf("AnnualTarget = %v, want the to-date value of Q4", got)
			}
		})
	}
	if got := ToDate(ConsolidationSum, optsOf(1, 2, 3, 4), 0); got.OK {
		t.Errorf("ToDate(q=0) = %v, want undefined", got)
	}
	if got := ToDate("bogus", optsOf(1, 2, 3, 4), 2); got.OK {
		t.Errorf("ToDate(unknown consolidation) = %v, want undefined", got)
	}
	if got := AnnualTarget(ConsolidationLast, optsOf(5, 7, 9, nil)); got != Some(9) {
		t.Errorf("AnnualTarget(last, no Q4) = %v, want 9 (the last targeted quarter)", got)
	}
}

func TestRealisationToDate(t *testing.T) {
	targets := optsOf(10, 10, 10, 10)
	tests := []struct {
		name  string
		c     Consolidation
		tgts  [4]Opt
		reals [4]Opt
		want  [4]Opt
	}{
		{"sum", ConsolidationSum, targets, optsOf(8, 12, 10, 11), optsOf(8, 20, 30, 41)},
		// A targeted quarter without realisation: undefined from there on, never 0.
		{"sum not reported", ConsolidationSum, targets, optsOf(8, nil, 10, 11), optsOf(8, nil, nil, nil)},
		{"average not reported", ConsolidationAverage, targets, optsOf(nil, 12, 10, 11), optsOf(nil, nil, nil, nil)},
		// For last only the latest targeted quarter counts.
		{"last not reported earlier", ConsolidationLast, targets, optsOf(nil, 12, nil, 11), optsOf(nil, 12, nil, 11)},
		// Quarters without a target are skipped, and so are their realisations.
		{"untargeted quarter skipped", ConsolidationSum, optsOf(10, nil, 10, nil), optsOf(8, 99, 10, nil), optsOf(8, 8, 18, 18)},
		{"average skips untargeted", ConsolidationAverage, optsOf(nil, 10, nil, 10), optsOf(nil, 8, nil, 12), optsOf(nil, 8, 8, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for q := 1; q <= 4; q++ {
				got := RealisationToDate(tt.c, tt.tgts, tt.reals, q)
				if got.OK != tt.want[q-1].OK || !approx(got.V, tt.want[q-1].V) {
					t.Errorf("RealisationToDate(q=%d) = %v, want %v", q, got, tt.want[q-1])
				}
			}
		})
	}
}

// quarter is the expectation for one quarter of an evaluation; achievements
// are compared after Round2, as shown.
type quarter struct {
	t, r, a       any
	s             Status
	ownT, ownR, o any
}

func opt(v any) Opt { return optsOf(v)[0] }

func checkResult(t *testing.T, res Result, want [4]quarter) {
	t.Helper()
	for i, w := range want {
		q := res.Quarters[i]
		if q.Quarter != i+1 {
			t.Errorf("Q%d: Quarter = %d", i+1, q.Quarter)
		}
		checkOpt(t, i+1, "to-date target", q.ToDate.Target, opt(w.t), false)
		checkOpt(t, i+1, "to-date realisation", q.ToDate.Realisation, opt(w.r), false)
		checkOpt(t, i+1, "to-date achievement", q.ToDate.Achievement, opt(w.a), true)
		if q.ToDate.Status != w.s {
			t.Errorf("Q%d: status = %q, want %q", i+1, q.ToDate.Status, w.s)
		}
		checkOpt(t, i+1, "own target", q.Own.Target, opt(w.ownT), false)
		checkOpt(t, i+1, "own realisation", q.Own.Realisation, opt(w.ownR), false)
		checkOpt(t, i+1, "own achievement", q.Own.Achievement, opt(w.o), true)
	}
}

func checkOpt(t *testing.T, q int, what string, got, want Opt, round bool) {
	t.Helper()
	g := got
	if round && g.OK {
		g.V = Round2(g.V)
	}
	if g.OK != want.OK || !approx(g.V, want.V) {
		t.Errorf("Q%d %s = %v, want %v", q, what, got, want)
	}
}

func TestEvaluate(t *testing.T) {
	rs := defaultRules(t)
	tests := []struct {
		name  string
		ind   Indicator
		want  [4]quarter
		year  quarter // t, r, a, s
		yearQ int
	}{
		{
			name: "sum maximize, by hand",
			ind: Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum,
				Targets: optsOf(4, 5, 4, 5), Realisations: optsOf(4, 6, 3, 5)},
			want: [4]quarter{
				{4, 4, 100, StatusGreen, 4, 4, 100},
				{9, 10, 111.11, StatusGreen, 5, 6, 120},
				{13, 13, 100, StatusGreen, 4, 3, 75},
				{18, 18, 100, StatusGreen, 5, 5, 100},
			},
			year: quarter{t: 18, r: 18, a: 100, s: StatusGreen}, yearQ: 4,
		},
		{
			name: "average minimize with a quarter not reported",
			ind: Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationAverage,
				Targets: optsOf(10, 10, 10, 10), Realisations: optsOf(12, 8, 10, nil)},
			want: [4]quarter{
				{10, 12, 80, StatusYellow, 10, 12, 80},
				{10, 10, 100, StatusGreen, 10, 8, 120},
				{10, 10, 100, StatusGreen, 10, 10, 100},
				{10, nil, nil, StatusNone, 10, nil, nil},
			},
			year: quarter{t: 10, s: StatusNone}, yearQ: 4,
		},
		{
			name: "last with quarters without target",
			ind: Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationLast,
				Targets: optsOf(nil, 50, nil, 100), Realisations: optsOf(nil, 40, nil, 100)},
			want: [4]quarter{
				{nil, nil, nil, StatusNone, nil, nil, nil},
				{50, 40, 80, StatusYellow, 50, 40, 80},
				{50, 40, 80, StatusYellow, nil, nil, nil}, // carries Q2
				{100, 100, 100, StatusGreen, 100, 100, 100},
			},
			year: quarter{t: 100, r: 100, a: 100, s: StatusGreen}, yearQ: 4,
		},
		{
			name: "semester targets: the year is Q2's to-date figure",
			ind: Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum,
				Targets: optsOf(20, 30, nil, nil), Realisations: optsOf(10, 35, nil, nil)},
			want: [4]quarter{
				{20, 10, 50, StatusRed, 20, 10, 50},
				{50, 45, 90, StatusYellow, 30, 35, 116.67},
				{50, 45, 90, StatusYellow, nil, nil, nil},
				{50, 45, 90, StatusYellow, nil, nil, nil},
			},
			year: quarter{t: 50, r: 45, a: 90, s: StatusYellow}, yearQ: 2,
		},
		{
			// The year is never the mean of quarterly achievements (which
			// here would be (50 + 120 + 120 + 120) / 4 = 102.5).
			name: "year is not an average of quarters",
			ind: Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum,
				Targets: optsOf(10, 10, 10, 10), Realisations: optsOf(5, 13, 13, 13)},
			want: [4]quarter{
				{10, 5, 50, StatusRed, 10, 5, 50},
				{20, 18, 90, StatusYellow, 10, 13, 120},
				{30, 31, 103.33, StatusGreen, 10, 13, 120},
				{40, 44, 110, StatusGreen, 10, 13, 120},
			},
			year: quarter{t: 40, r: 44, a: 110, s: StatusGreen}, yearQ: 4,
		},
		{
			name: "stabilize last with the KMK scale",
			ind: Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationLast, Scale: kmkScale,
				Targets: optsOf(100, 100, 100, 100), Realisations: optsOf(102, 95, 80, 100)},
			want: [4]quarter{
				{100, 102, 116, StatusGreen, 100, 102, 116},
				{100, 95, 110, StatusGreen, 100, 95, 110},
				{100, 80, 88.89, StatusYellow, 100, 80, 88.89},
				{100, 100, 120, StatusGreen, 100, 100, 120},
			},
			year: quarter{t: 100, r: 100, a: 120, s: StatusGreen}, yearQ: 4,
		},
		{
			name: "minimize with zero targets and a worst value",
			ind: Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum, Worst: Some(10),
				Targets: optsOf(0, 0, 0, 0), Realisations: optsOf(0, 2, 0, nil)},
			want: [4]quarter{
				{0, 0, 100, StatusGreen, 0, 0, 100},
				{0, 2, 80, StatusYellow, 0, 2, 80},
				{0, 2, 80, StatusYellow, 0, 0, 100},
				{0, nil, nil, StatusNone, 0, nil, nil},
			},
			year: quarter{t: 0, s: StatusNone}, yearQ: 4,
		},
		{
			name: "max-target flag",
			ind: Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationAverage, MaxTarget: true,
				Targets: optsOf(100, 100, 100, 100), Realisations: optsOf(100, 90, 100, 100)},
			want: [4]quarter{
				{100, 100, 120, StatusGreen, 100, 100, 120},
				{100, 95, 95, StatusYellow, 100, 90, 90},
				{100, 96.666666666666671, 96.67, StatusYellow, 100, 100, 120},
				{100, 97.5, 97.5, StatusYellow, 100, 100, 120},
			},
			year: quarter{t: 100, r: 97.5, a: 97.5, s: StatusYellow}, yearQ: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rs.Evaluate(tt.ind, false)
			if err != nil {
				t.Fatal(err)
			}
			if res.RuleSet != DefaultRuleSetID {
				t.Errorf("RuleSet = %q", res.RuleSet)
			}
			checkResult(t, res, tt.want)
			if res.YearQuarter != tt.yearQ {
				t.Errorf("YearQuarter = %d, want %d", res.YearQuarter, tt.yearQ)
			}
			checkOpt(t, 0, "year target", res.Year.Target, opt(tt.year.t), false)
			checkOpt(t, 0, "year realisation", res.Year.Realisation, opt(tt.year.r), false)
			checkOpt(t, 0, "year achievement", res.Year.Achievement, opt(tt.year.a), true)
			if res.Year.Status != tt.year.s {
				t.Errorf("year status = %q, want %q", res.Year.Status, tt.year.s)
			}
			if res.Steps != nil {
				t.Errorf("steps without explain")
			}
			// The explanation changes nothing but the steps.
			ex, err := rs.Evaluate(tt.ind, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.Steps) == 0 {
				t.Fatal("no steps with explain")
			}
			if ex.Quarters != res.Quarters || ex.Year != res.Year || ex.YearQuarter != res.YearQuarter {
				t.Errorf("explain changed the figures:\n%+v\n%+v", ex, res)
			}
		})
	}
}

func TestEvaluateInvalid(t *testing.T) {
	rs := defaultRules(t)
	base := Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}
	tests := []struct {
		name  string
		edit  func(*Indicator)
		field string
	}{
		{"no target at all", func(i *Indicator) {}, "targets"},
		{"realisation without target", func(i *Indicator) {
			i.Targets = optsOf(1, nil, 1, 1)
			i.Realisations = optsOf(1, 1, nil, nil)
		}, "realisations[1]"},
		{"maximize with a quarter target of 0", func(i *Indicator) { i.Targets = optsOf(5, 0, 5, 5) }, "targets[1]"},
		{"maximize with a to-date target of 0", func(i *Indicator) { i.Targets = optsOf(5, -5, 5, 5) }, "targets"},
		{"minimize with target 0 and no worst", func(i *Indicator) {
			i.Polarity = PolarityMinimize
			i.Targets = optsOf(nil, nil, 0, nil)
		}, "worst"},
		{"stabilize with target 0", func(i *Indicator) {
			i.Polarity, i.Scale = PolarityStabilize, kmkScale
			i.Targets = optsOf(0, nil, nil, nil)
		}, "targets[0]"},
		{"stabilize without scale", func(i *Indicator) {
			i.Polarity = PolarityStabilize
			i.Targets = optsOf(1, 1, 1, 1)
		}, "stabilize_scale"},
		{"NaN target", func(i *Indicator) { i.Targets = optsOf(1, math.NaN(), 1, 1) }, "targets[1]"},
		{"infinite realisation", func(i *Indicator) {
			i.Targets = optsOf(1, 1, 1, 1)
			i.Realisations = optsOf(nil, nil, nil, math.Inf(1))
		}, "realisations[3]"},
		{"sum overflow", func(i *Indicator) { i.Targets = optsOf(math.MaxFloat64, math.MaxFloat64, nil, nil) }, "targets"},
		{"realisation overflow", func(i *Indicator) {
			i.Targets = optsOf(1, 1, nil, nil)
			i.Realisations = optsOf(math.MaxFloat64, math.MaxFloat64, nil, nil)
		}, "realisations"},
		{"unknown polarity", func(i *Indicator) { i.Polarity = "up" }, "polarity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := base
			tt.edit(&ind)
			res, err := rs.Evaluate(ind, true)
			wantField(t, err, tt.field)
			if res.RuleSet != "" || res.Steps != nil {
				t.Errorf("a failed evaluation returned figures: %+v", res)
			}
		})
	}
}

// An average of huge values is still defined: only the running sum overflows.
func TestEvaluateAverageOfHugeValues(t *testing.T) {
	rs := defaultRules(t)
	m := math.MaxFloat64
	res, err := rs.Evaluate(Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationAverage,
		Targets: optsOf(m, m, nil, nil), Realisations: optsOf(m, m, nil, nil)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Year; got.Target != Some(m) || got.Achievement != Some(100) {
		t.Fatalf("year = %+v, want target MaxFloat64 and achievement 100", got)
	}
}

// Evaluate's running consolidation agrees to the bit with ToDate and
// RealisationToDate on random indicators.
func TestEvaluateMatchesToDate(t *testing.T) {
	rs := defaultRules(t)
	r := rand.New(rand.NewPCG(1, 2))
	cons := []Consolidation{ConsolidationSum, ConsolidationAverage, ConsolidationLast}
	for n := 0; n < 5000; n++ {
		ind := randomIndicator(r)
		ind.Consolidation = cons[n%3]
		res, err := rs.Evaluate(ind, false)
		if err != nil {
			t.Fatalf("%+v: %v", ind, err)
		}
		for q := 1; q <= 4; q++ {
			got := res.Quarters[q-1].ToDate
			if want := ToDate(ind.Consolidation, ind.Targets, q); got.Target != want {
				t.Fatalf("%+v Q%d: target %v, ToDate %v", ind, q, got.Target, want)
			}
			if want := RealisationToDate(ind.Consolidation, ind.Targets, ind.Realisations, q); got.Realisation != want {
				t.Fatalf("%+v Q%d: realisation %v, RealisationToDate %v", ind, q, got.Realisation, want)
			}
		}
		if want := AnnualTarget(ind.Consolidation, ind.Targets); res.Year.Target != want {
			t.Fatalf("%+v: year target %v, AnnualTarget %v", ind, res.Year.Target, want)
		}
	}
}

// randomIndicator makes a valid maximize indicator with positive targets,
// some quarters without target and some not reported.
func randomIndicator(r *rand.Rand) Indicator {
	ind := Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}
	for i := range 4 {
		if i == 3 || r.IntN(5) > 0 {
			ind.Targets[i] = Some(1 + r.Float64()*1000)
			if r.IntN(6) > 0 {
				ind.Realisations[i] = Some(r.Float64() * 1200)
			}
		}
	}
	return ind
}

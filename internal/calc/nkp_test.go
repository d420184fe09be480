package calc

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func posInf() float64 { return math.Inf(1) }

// olderReading is the default rule set with the work result rated from the
// final NKP (the reading before KMK 127/2026 Tabel 47).
func olderReading(t *testing.T) *RuleSet {
	t.Helper()
	rs, err := ParseRuleSet(bytes.Replace(defaultJSON(t), []byte(`"work_from": "tabel_47"`), []byte(`"work_from": "nkp"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestNKP(t *testing.T) {
	rs := olderReading(t)
	behaviour := []float64{100, 105, 98, 110, 100, 102, 99} // mean 102
	tests := []struct {
		name string
		in   NKPInput
		want NKPResult // compared after Round2
	}{
		{
			// NKC 120 (110×1.1 capped) and 95; weights 1.1/2.1 and 1/2.1:
			// NHK = 227/2.1 = 108.0952; calibrated 100 + 8.0952×0.75 = 106.0714.
			// NPK 102 → 101.5. Awal = 0.75×106.0714 + 0.25×101.5 = 104.9286.
			// Two levels below the head, ≥ NKO: 0.3×104.2 + 0.7×104.9286 = 104.71.
			name: "from indicators, two levels below the head",
			in: NKPInput{Indicators: []NKPIndicator{{Achievement: Some(110), K3: 1.1}, {Achievement: Some(95), K3: 1.0}},
				Behaviour: behaviour, LevelsBelowHead: 2, NKO: 104.2},
			want: NKPResult{NHK: 108.1, NHKCalibrated: 106.07, NPK: 102, NPKCalibrated: 101.5,
				NKPInitial: 104.93, NKPAdjusted: 104.93, NKP: 104.71,
				WorkRating: RatingAbove, BehaviourRating: RatingAbove, Predicate: "Sangat Baik"},
		},
		{
			// Awal = 0.75×110 + 0.25×100 = 107.5 ≥ NKO 100, one level below:
			// 0.5×100 + 0.5×107.5 = 103.75.
			name: "one level below the head",
			in:   NKPInput{NHK: Some(110), NPK: Some(100), LevelsBelowHead: 1, NKO: 100},
			want: NKPResult{NHK: 110, NHKCalibrated: 110, NPK: 100, NPKCalibrated: 100,
				NKPInitial: 107.5, NKPAdjusted: 107.5, NKP: 103.75,
				WorkRating: RatingAbove, BehaviourRating: RatingMeets, Predicate: "Baik"},
		},
		{
			name: "substantive functional blends like one level below",
			in:   NKPInput{NHK: Some(110), NPK: Some(100), LevelsBelowHead: 3, SubstantiveFunctional: true, NKO: 100},
			want: NKPResult{NHK: 110, NHKCalibrated: 110, NPK: 100, NPKCalibrated: 100,
				NKPInitial: 107.5, NKPAdjusted: 107.5, NKP: 103.75,
				WorkRating: RatingAbove, BehaviourRating: RatingMeets, Predicate: "Baik"},
		},
		{
			// Awal = 0.75×92 + 0.25×96 = 93; adjusted 93 − 2 − 1 − 1 = 89 < NKO 100:
			// 0.1×100 + 0.9×89 = 90.1.
			name: "below the NKO, with adjustments",
			in: NKPInput{NHK: Some(92), NPK: Some(96), LevelsBelowHead: 2, NKO: 100,
				Discipline: 2, Impact: 1, Correction: -1},
			want: NKPResult{NHK: 92, NHKCalibrated: 92, NPK: 96, NPKCalibrated: 96,
				NKPInitial: 93, NKPAdjusted: 89, NKP: 90.1,
				WorkRating: RatingMeets, BehaviourRating: RatingMeets, Predicate: "Baik"},
		},
		{
			// Awal 0.75×80 + 0.25×85 = 81.25; 0.1×90 + 0.9×81.25 = 82.125 → 82.13.
			name: "below expectations",
			in:   NKPInput{NHK: Some(80), NPK: Some(85), LevelsBelowHead: 0, NKO: 90},
			want: NKPResult{NHK: 80, NHKCalibrated: 80, NPK: 85, NPKCalibrated: 85,
				NKPInitial: 81.25, NKPAdjusted: 81.25, NKP: 82.13,
				WorkRating: RatingBelow, BehaviourRating: RatingBelow, Predicate: "Sangat Kurang"},
		},
		{
			// Awal 2; 2 − 10 − 0 − 5 = −13 → 0 ≥ NKO 0, the head: 0.
			name: "adjusted clamps to the floor",
			in:   NKPInput{NHK: Some(2), NPK: Some(2), NKO: 0, Discipline: 10, Correction: -5},
			want: NKPResult{NHK: 2, NHKCalibrated: 2, NPK: 2, NPKCalibrated: 2,
				NKPInitial: 2, NKPAdjusted: 0, NKP: 0,
				WorkRating: RatingBelow, BehaviourRating: RatingBelow, Predicate: "Sangat Kurang"},
		},
		{
			// Days weigh the IKIs: (100×90 + 80×45) / 135 = 93.3333; one left out.
			name: "days and an indicator without achievement",
			in: NKPInput{Indicators: []NKPIndicator{
				{Achievement: Some(100), K3: 1, Days: Some(90)},
				{Achievement: Some(80), K3: 1, Days: Some(45)},
				{K3: 1.2, Days: Some(90)},
			}, NPK: Some(100), LevelsBelowHead: 2, NKO: 95},
			want: NKPResult{NHK: 93.33, NHKCalibrated: 93.33, NPK: 100, NPKCalibrated: 100,
				NKPInitial: 95, NKPAdjusted: 95, NKP: 95,
				WorkRating: RatingMeets, BehaviourRating: RatingMeets, Predicate: "Baik"},
		},
		{
			// Top officials: slope 1, cap 120. NHK 118 stays 118; awal
			// 0.75×118 + 0.25×100 = 113.5 < NKO 118: 0.1×118 + 0.9×113.5 = 113.95.
			name: "top official calibration",
			in:   NKPInput{Indicators: []NKPIndicator{{Achievement: Some(118), K3: 1}}, NPK: Some(100), TopOfficial: true, NKO: 118},
			want: NKPResult{NHK: 118, NHKCalibrated: 118, NPK: 100, NPKCalibrated: 100,
				NKPInitial: 113.5, NKPAdjusted: 113.5, NKP: 113.95,
				WorkRating: RatingAbove, BehaviourRating: RatingMeets, Predicate: "Baik"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rs.NKP(tt.in, true)
			if err != nil {
				t.Fatal(err)
			}
			got := NKPResult{
				NHK: Round2(res.NHK), NHKCalibrated: Round2(res.NHKCalibrated), NPK: Round2(res.NPK),
				NPKCalibrated: Round2(res.NPKCalibrated), NKPInitial: Round2(res.NKPInitial),
				NKPAdjusted: Round2(res.NKPAdjusted), NKP: Round2(res.NKP),
				WorkRating: res.WorkRating, BehaviourRating: res.BehaviourRating, Predicate: res.Predicate,
			}
			if got.NHK != tt.want.NHK || got.NHKCalibrated != tt.want.NHKCalibrated || got.NPK != tt.want.NPK ||
				got.NPKCalibrated != tt.want.NPKCalibrated || got.NKPInitial != tt.want.NKPInitial ||
				got.NKPAdjusted != tt.want.NKPAdjusted || got.NKP != tt.want.NKP ||
				got.WorkRating != tt.want.WorkRating || got.BehaviourRating != tt.want.BehaviourRating ||
				got.Predicate != tt.want.Predicate {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if res.RuleSet != DefaultRuleSetID || len(res.Steps) == 0 {
				t.Errorf("rule set %q, %d steps", res.RuleSet, len(res.Steps))
			}
		})
	}
}

func TestCalibrate(t *testing.T) {
	rs := defaultRules(t)
	tests := []struct {
		x    float64
		top  bool
		want float64
	}{
		{90, false, 90},
		{100, false, 100},
		{108, false, 106},
		{120, false, 115},
		{150, false, 115}, // min(x, 120) first
		{118, true, 118},
		{150, true, 120},
	}
	for _, tt := range tests {
		if got := rs.Calibrate(tt.x, tt.top); !approx(got, tt.want) {
			t.Errorf("Calibrate(%v, top=%v) = %v, want %v", tt.x, tt.top, got, tt.want)
		}
	}
	if rs.CalibrationCap(false) != 115 || rs.CalibrationCap(true) != 120 {
		t.Errorf("caps %v / %v", rs.CalibrationCap(false), rs.CalibrationCap(true))
	}
}

func TestRatingAndPredicate(t *testing.T) {
	rs := defaultRules(t)
	for x, want := range map[float64]Rating{
		120: RatingAbove, 100.01: RatingAbove, 100.004: RatingMeets, 100: RatingMeets,
		90: RatingMeets, 89.995: RatingMeets, 89.99: RatingBelow, 0: RatingBelow,
	} {
		if got := rs.Rate(x); got != want {
			t.Errorf("Rate(%v) = %s, want %s", x, got, want)
		}
	}
	// PermenPANRB 6/2022, work result × behaviour.
	matrix := map[[2]Rating]string{
		{RatingAbove, RatingAbove}: "Sangat Baik",
		{RatingAbove, RatingMeets}: "Baik",
		{RatingMeets, RatingMeets}: "Baik",
		{RatingMeets, RatingAbove}: "Baik",
		{RatingAbove, RatingBelow}: "Kurang",
		{RatingMeets, RatingBelow}: "Kurang",
		{RatingBelow, RatingMeets}: "Butuh Perbaikan",
		{RatingBelow, RatingAbove}: "Butuh Perbaikan",
		{RatingBelow, RatingBelow}: "Sangat Kurang",
	}
	for k, want := range matrix {
		if got := rs.EmployeePredicate(k[0], k[1]); got != want {
			t.Errorf("EmployeePredicate(%s, %s) = %q, want %q", k[0], k[1], got, want)
		}
	}
	if got := rs.EmployeePredicate("great", RatingAbove); got != "" {
		t.Errorf("unknown rating gave %q", got)
	}
}

func TestNPKAndNHK(t *testing.T) {
	rs := defaultRules(t)
	if npk, err := rs.NPK([]float64{90, 95, 100, 105, 110, 100, 100}); err != nil || npk != 100 {
		t.Errorf("NPK = %v, %v", npk, err)
	}
	_, err := rs.NPK([]float64{90, 95})
	wantField(t, err, "behaviour")
	// NKC is capped per indicator: min(120, 115 × 1.2) = 120.
	if nhk, err := rs.NHK([]NKPIndicator{{Achievement: Some(115), K3: 1.2}}); err != nil || nhk != 120 {
		t.Errorf("NHK = %v, %v", nhk, err)
	}
}

func TestYearNPK(t *testing.T) {
	rs := defaultRules(t)
	if got, err := rs.YearNPK([]Opt{Some(100), Some(104), {}, Some(99)}); err != nil || !approx(got, 101) {
		t.Errorf("YearNPK = %v, %v; want 101", got, err)
	}
	_, err := rs.YearNPK([]Opt{{}, {}})
	wantField(t, err, "npk")
	_, err = rs.YearNPK([]Opt{Some(100), Some(-1)})
	wantField(t, err, "npk[1]")
}

func TestNKPInvalid(t *testing.T) {
	rs := defaultRules(t)
	ok := NKPInput{NHK: Some(100), NPK: Some(100), NKO: 100}
	tests := []struct {
		name  string
		edit  func(*NKPInput)
		field string
	}{
		{"correction above 5", func(i *NKPInput) { i.Correction = 5.01 }, "correction"},
		{"correction below -5", func(i *NKPInput) { i.Correction = -6 }, "correction"},
		{"impact above 5", func(i *NKPInput) { i.Impact = 6 }, "impact"},
		{"negative impact", func(i *NKPInput) { i.Impact = -1 }, "impact"},
		{"negative discipline", func(i *NKPInput) { i.Discipline = -1 }, "discipline"},
		{"NKO above cap", func(i *NKPInput) { i.NKO = 130 }, "nko"},
		{"negative levels", func(i *NKPInput) { i.LevelsBelowHead = -1 }, "levels_below_head"},
		{"NHK above the calibration cap", func(i *NKPInput) { i.NHK = Some(116) }, "nhk"},
		{"both NHK and indicators", func(i *NKPInput) { i.Indicators = []NKPIndicator{{Achievement: Some(100), K3: 1}} }, "nhk"},
		{"both NPK and behaviour", func(i *NKPInput) { i.Behaviour = []float64{1, 2, 3, 4, 5, 6, 7} }, "npk"},
		{"neither NHK nor indicators", func(i *NKPInput) { i.NHK = Opt{} }, "indicators"},
		{"six behaviour scores", func(i *NKPInput) { i.NPK, i.Behaviour = Opt{}, []float64{1, 2, 3, 4, 5, 6} }, "behaviour"},
		{"negative behaviour score", func(i *NKPInput) { i.NPK, i.Behaviour = Opt{}, []float64{1, 2, 3, -4, 5, 6, 7} }, "behaviour[3]"},
		{"K3 outside the tables", func(i *NKPInput) {
			i.NHK, i.Indicators = Opt{}, []NKPIndicator{{Achievement: Some(100), K3: 2}}
		}, "indicators[0].k3"},
		{"achievement above cap", func(i *NKPInput) {
			i.NHK, i.Indicators = Opt{}, []NKPIndicator{{Achievement: Some(121), K3: 1}}
		}, "indicators[0].achievement"},
		{"days for some only", func(i *NKPInput) {
			i.NHK, i.Indicators = Opt{}, []NKPIndicator{{Achievement: Some(100), K3: 1, Days: Some(10)}, {Achievement: Some(100), K3: 1}}
		}, "indicators[1].days"},
		{"no achievement at all", func(i *NKPInput) {
			i.NHK, i.Indicators = Opt{}, []NKPIndicator{{K3: 1}}
		}, "indicators"},
		{"zero days", func(i *NKPInput) {
			i.NHK, i.Indicators = Opt{}, []NKPIndicator{{Achievement: Some(100), K3: 1, Days: Some(0)}}
		}, "indicators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			_, err := rs.NKP(in, false)
			wantField(t, err, tt.field)
		})
	}
}

func TestNKPExplainNamesTheSource(t *testing.T) {
	rs := olderReading(t)
	res, err := rs.NKP(NKPInput{NHK: Some(100), NPK: Some(100), NKO: 100}, true)
	if err != nil {
		t.Fatal(err)
	}
	text := stepsText(res.Steps, "en")
	for _, want := range []string{"NHK given", "Initial NKP = 75% × NHK + 25% × NPK", "Work-result rating from NKP", "Employee predicate"} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q:\n%s", want, text)
		}
	}
}

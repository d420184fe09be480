package calc

import (
	"math"
	"testing"
)

func TestAchievement(t *testing.T) {
	rs := defaultRules(t)
	max := Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}
	min := Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum}
	minWorst := min
	minWorst.Worst = Some(20)
	stab := Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationLast, Scale: kmkScale}
	maxFlag := max
	maxFlag.MaxTarget = true
	minFlag := min
	minFlag.MaxTarget = true

	tests := []struct {
		name string
		ind  Indicator
		t, r float64
		want float64
	}{
		// The examples of SPEC §10.1.
		{"spec maximize T=10 R=11", max, 10, 11, 110},
		{"spec minimize T=10 R=12", min, 10, 12, 80},
		{"spec minimize T=10 R=8 clamped", min, 10, 8, 120},
		{"spec minimize T=10 R=25 clamped", min, 10, 25, 0},
		{"spec stabilize T=100 R=102 Ca 98", stab, 100, 102, 116},

		// Worked by hand.
		{"maximize half", max, 10, 5, 50},
		{"maximize nothing", max, 10, 0, 0},
		{"maximize negative realisation clamps to floor", max, 10, -5, 0},
		{"maximize above cap", max, 10, 13, 120},
		{"maximize negative target, better", max, -10, -8, 120},   // (2 - 0.8) = 120
		{"maximize negative target, worse", max, -10, -12, 80},    // (2 - 1.2) = 80
		{"maximize negative target, met", max, -10, -10, 100},     //
		{"maximize negative target, far worse", max, -10, -30, 0}, // (2 - 3) = -100
		{"maximize negative target, positive R", max, -10, 5, 120},
		{"minimize met", min, 10, 10, 100},
		{"minimize slightly better", min, 10, 9, 110},
		{"minimize negative target, lower is better", min, -10, -11, 110}, // mirror: R/T
		{"minimize negative target, worse", min, -10, -8, 80},
		{"minimize negative target, positive R", min, -10, 5, 0},
		{"minimize zero target", minWorst, 0, 5, 75}, // (20-5)/20
		{"minimize zero target met", minWorst, 0, 0, 100},
		{"minimize zero target at worst", minWorst, 0, 20, 0},
		{"minimize zero target better", minWorst, 0, -2, 110},
		{"minimize zero target beyond worst", minWorst, 0, 30, 0},
		{"max-target met", maxFlag, 100, 100, 120},
		{"max-target exceeded", maxFlag, 100, 101, 120},
		{"max-target missed: usual formula", maxFlag, 100, 99, 99},
		{"max-target minimize met", minFlag, 2, 1, 120},
		{"max-target minimize missed", minFlag, 2, 3, 50},
		{"stabilize exact", stab, 100, 100, 120},
		{"stabilize Ca 90", stab, 100, 90, 100},
		{"stabilize above by 10", stab, 100, 110, 100},
		{"stabilize Ca 50 interpolated", stab, 100, 50, 50.0 / 90 * 100},
		{"stabilize far above clamps to first point", stab, 100, 250, 0},
		{"stabilize Ca 95", stab, 100, 95, 110},
		{"stabilize negative target, below", stab, -100, -102, 116},
		{"stabilize negative target, above", stab, -100, -98, 116},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rs.Achievement(tt.ind, tt.t, tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if !approx(got, tt.want) {
				t.Fatalf("achievement(T=%g, R=%g) = %v, want %v", tt.t, tt.r, got, tt.want)
			}
		})
	}
}

func TestAchievementInvalid(t *testing.T) {
	rs := defaultRules(t)
	tests := []struct {
		name  string
		ind   Indicator
		t, r  float64
		field string
	}{
		{"maximize with target 0", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}, 0, 5, "target"},
		{"minimize with target 0 and no worst", Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum}, 0, 5, "worst"},
		{"stabilize with target 0", Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationSum, Scale: kmkScale}, 0, 5, "target"},
		{"stabilize without scale", Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationSum}, 100, 100, "stabilize_scale"},
		{"stabilize with one point", Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationSum, Scale: kmkScale[:1]}, 100, 100, "stabilize_scale"},
		{"scale out of order", Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationSum, Scale: []ScalePoint{{0, 0}, {100, 120}, {90, 100}}}, 100, 100, "stabilize_scale[2]"},
		{"scale with NaN", Indicator{Polarity: PolarityStabilize, Consolidation: ConsolidationSum, Scale: []ScalePoint{{0, 0}, {math.NaN(), 120}}}, 100, 100, "stabilize_scale[1]"},
		{"scale on maximize", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Scale: kmkScale}, 10, 10, "stabilize_scale"},
		{"worst on maximize", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Worst: Some(5)}, 10, 10, "worst"},
		{"worst not positive", Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum, Worst: Some(0)}, 0, 0, "worst"},
		{"worst infinite", Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum, Worst: Some(math.Inf(1))}, 0, 0, "worst"},
		{"unknown polarity", Indicator{Polarity: "maximise", Consolidation: ConsolidationSum}, 10, 10, "polarity"},
		{"unknown consolidation", Indicator{Polarity: PolarityMaximize, Consolidation: "total"}, 10, 10, "consolidation"},
		{"NaN target", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}, math.NaN(), 10, "target"},
		{"infinite realisation", Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum}, 10, math.Inf(-1), "realisation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rs.Achievement(tt.ind, tt.t, tt.r)
			wantField(t, err, tt.field)
			if msg := err.(*InputError).Message("id"); msg == "" || msg == err.(*InputError).Key {
				t.Fatalf("no Indonesian message for %s", err.(*InputError).Key)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	rs := defaultRules(t)
	tests := []struct {
		a    float64
		want Status
	}{
		{120, StatusGreen},
		{100, StatusGreen},
		{99.995, StatusGreen}, // shown as 100.00
		{99.994, StatusYellow},
		{80, StatusYellow},
		{79.995, StatusYellow},
		{79.99, StatusRed},
		{0, StatusRed},
	}
	for _, tt := range tests {
		if got := rs.Status(tt.a); got != tt.want {
			t.Errorf("Status(%v) = %q, want %q", tt.a, got, tt.want)
		}
	}
	if got := rs.StatusOf(Opt{}); got != StatusNone {
		t.Errorf("StatusOf(undefined) = %q, want none", got)
	}
}

func TestIIAARequired(t *testing.T) {
	rs := defaultRules(t)
	for a, want := range map[float64]bool{99.99: true, 99.995: false, 100: false, 0: true, 120: false} {
		if got := rs.IIAARequired(a); got != want {
			t.Errorf("IIAARequired(%v) = %v, want %v", a, got, want)
		}
	}
}

func TestEnums(t *testing.T) {
	valid := []interface{ Valid() bool }{
		PolarityMaximize, PolarityMinimize, PolarityStabilize,
		ConsolidationSum, ConsolidationAverage, ConsolidationLast,
		ValidityExact, ValidityProxy, ValidityActivity,
		ControlHigh, ControlModerate, ControlLow,
		HistoryExisting, HistoryNewWithHistory, HistoryNewWithoutHistory, HistoryMandatory,
		StatusGreen, StatusYellow, StatusRed,
		RatingAbove, RatingMeets, RatingBelow,
	}
	for _, v := range valid {
		if !v.Valid() {
			t.Errorf("%v: Valid() = false", v)
		}
	}
	invalid := []interface{ Valid() bool }{
		Polarity(""), Polarity("Maximize"), Consolidation("mean"), Validity("exacto"),
		Control("none"), History("old"), StatusNone, Status("blue"), Rating("great"),
	}
	for _, v := range invalid {
		if v.Valid() {
			t.Errorf("%q: Valid() = true", v)
		}
	}
}

package calc

import "testing"

func TestQualityWeight(t *testing.T) {
	rs := defaultRules(t)
	want := map[Validity]map[Control]float64{
		ValidityExact:    {ControlLow: 1.20, ControlModerate: 1.15, ControlHigh: 0},
		ValidityProxy:    {ControlLow: 1.10, ControlModerate: 1.00, ControlHigh: 0.90},
		ValidityActivity: {ControlLow: 0, ControlModerate: 0.80, ControlHigh: 0.60},
	}
	for v, row := range want {
		for c, w := range row {
			got, err := rs.QualityWeight(v, c)
			if w == 0 {
				wantField(t, err, "control")
				wantField(t, rs.ValidateQuality(v, c), "control")
				continue
			}
			if err != nil || got != w {
				t.Errorf("QualityWeight(%s, %s) = %v, %v; want %v", v, c, got, err, w)
			}
			if err := rs.ValidateQuality(v, c); err != nil {
				t.Errorf("ValidateQuality(%s, %s) = %v", v, c, err)
			}
		}
	}
	wantField(t, rs.ValidateQuality("exactly", ControlLow), "validity")
	wantField(t, rs.ValidateQuality(ValidityExact, "full"), "control")
}

func TestK3(t *testing.T) {
	rs := defaultRules(t)
	f := func(v float64) Opt { return Some(v) }
	existing := func(p Polarity, t, t1, r1 float64) K3Input {
		return K3Input{Validity: ValidityProxy, Control: ControlModerate, Polarity: p, History: HistoryExisting,
			Target: f(t), PrevTarget: f(t1), PrevRealisation: f(r1)}
	}
	with := func(in K3Input, edit func(*K3Input)) K3Input { edit(&in); return in }
	tests := []struct {
		name   string
		in     K3Input
		tw     float64
		label  string
		warned bool
	}{
		// The rows of SPEC §10.5 for maximize, T1 = 100.
		{"T > max(T1, R1)", existing(PolarityMaximize, 110, 100, 105), 1.2, "beyond_both", false},
		{"T = R1 > T1", existing(PolarityMaximize, 105, 100, 105), 1.1, "equals_prev_realisation", false},
		{"T1 < T < R1", existing(PolarityMaximize, 103, 100, 105), 1.0, "between", false},
		{"T = T1, R1 < T1", existing(PolarityMaximize, 100, 100, 95), 1.0, "same_target_prev_missed", false},
		{"T = T1, R1 > T1", existing(PolarityMaximize, 100, 100, 105), 0.9, "same_target_prev_exceeded", false},
		{"T < T1", existing(PolarityMaximize, 95, 100, 105), 0.8, "easier_than_prev_target", false},
		{"T < T1, R1 below both", existing(PolarityMaximize, 95, 100, 90), 0.8, "easier_than_prev_target", false},
		{"T = T1 = R1 warns", existing(PolarityMaximize, 100, 100, 100), 1.0, "all_equal", true},
		// Minimize mirrors the comparisons.
		{"minimize T below both", existing(PolarityMinimize, 90, 100, 95), 1.2, "beyond_both", false},
		{"minimize T = R1 < T1", existing(PolarityMinimize, 95, 100, 95), 1.1, "equals_prev_realisation", false},
		{"minimize between", existing(PolarityMinimize, 97, 100, 95), 1.0, "between", false},
		{"minimize same target, R1 missed", existing(PolarityMinimize, 100, 100, 105), 1.0, "same_target_prev_missed", false},
		{"minimize same target, R1 exceeded", existing(PolarityMinimize, 100, 100, 95), 0.9, "same_target_prev_exceeded", false},
		{"minimize easier", existing(PolarityMinimize, 105, 100, 95), 0.8, "easier_than_prev_target", false},
		// Overrides.
		{"set by law", with(existing(PolarityMaximize, 95, 100, 105), func(i *K3Input) { i.TargetByLaw = true }), 1.2, "set_by_law", false},
		{"stable", with(existing(PolarityMaximize, 95, 100, 105), func(i *K3Input) { i.Stable = true }), 1.2, "stable", false},
		{"new without history needs no numbers", K3Input{Validity: ValidityProxy, Control: ControlModerate,
			Polarity: PolarityMaximize, History: HistoryNewWithoutHistory}, 1.0, "new_without_history", false},
		{"stabilize", K3Input{Validity: ValidityProxy, Control: ControlModerate,
			Polarity: PolarityStabilize, History: HistoryExisting}, 1.0, "stabilize", false},
		{"new with history: T1 := R1, above", with(existing(PolarityMaximize, 110, 0, 100), func(i *K3Input) {
			i.History, i.PrevTarget = HistoryNewWithHistory, Opt{}
		}), 1.2, "beyond_both", false},
		{"new with history: T1 := R1, below", with(existing(PolarityMaximize, 90, 0, 100), func(i *K3Input) {
			i.History, i.PrevTarget = HistoryNewWithHistory, Opt{}
		}), 0.8, "easier_than_prev_target", false},
		{"mandatory raised to 1.0", with(existing(PolarityMaximize, 95, 100, 105), func(i *K3Input) {
			i.History = HistoryMandatory
		}), 1.0, LabelMandatoryMin, false},
		{"mandatory keeps more", with(existing(PolarityMaximize, 110, 100, 105), func(i *K3Input) {
			i.History = HistoryMandatory
		}), 1.2, "beyond_both", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rs.K3(tt.in, true)
			if err != nil {
				t.Fatal(err)
			}
			if res.TargetWeight != tt.tw || res.Label != tt.label {
				t.Errorf("target weight %v (%s), want %v (%s)", res.TargetWeight, res.Label, tt.tw, tt.label)
			}
			if res.QualityWeight != 1.0 || !approx(res.K3, (1.0+tt.tw)/2) {
				t.Errorf("quality %v, K3 %v", res.QualityWeight, res.K3)
			}
			if (len(res.Warnings) > 0) != tt.warned {
				t.Errorf("warnings %v", res.Warnings)
			}
			if len(res.Steps) < 3 {
				t.Errorf("explanation too short: %v", res.Steps)
			}
		})
	}
}

func TestK3Values(t *testing.T) {
	rs := defaultRules(t)
	// (1.15 + 1.2) / 2 = 1.175, shown as 1.18.
	res, err := rs.K3(K3Input{Validity: ValidityExact, Control: ControlModerate, Polarity: PolarityMaximize,
		History: HistoryExisting, Target: Some(110), PrevTarget: Some(100), PrevRealisation: Some(105)}, false)
	if err != nil || !approx(res.K3, 1.175) || Round2(res.K3) != 1.18 || res.Steps != nil {
		t.Errorf("K3 = %+v, %v; want 1.175 shown as 1.18", res, err)
	}
	// The smallest and largest K3 the tables allow: (0.6 + 0.8) / 2, (1.2 + 1.2) / 2.
	if lo, hi := rs.K3Range(); !approx(lo, 0.7) || !approx(hi, 1.2) {
		t.Errorf("K3Range = %v, %v", lo, hi)
	}
}

func TestK3Invalid(t *testing.T) {
	rs := defaultRules(t)
	ok := K3Input{Validity: ValidityProxy, Control: ControlHigh, Polarity: PolarityMaximize, History: HistoryExisting,
		Target: Some(1), PrevTarget: Some(1), PrevRealisation: Some(1)}
	tests := []struct {
		name  string
		edit  func(*K3Input)
		field string
	}{
		{"exact with high control", func(i *K3Input) { i.Validity, i.Control = ValidityExact, ControlHigh }, "control"},
		{"activity with low control", func(i *K3Input) { i.Validity, i.Control = ValidityActivity, ControlLow }, "control"},
		{"unknown validity", func(i *K3Input) { i.Validity = "precise" }, "validity"},
		{"unknown polarity", func(i *K3Input) { i.Polarity = "" }, "polarity"},
		{"unknown history", func(i *K3Input) { i.History = "old" }, "history"},
		{"existing without target", func(i *K3Input) { i.Target = Opt{} }, "target"},
		{"existing without previous target", func(i *K3Input) { i.PrevTarget = Opt{} }, "prev_target"},
		{"new with history without previous realisation", func(i *K3Input) {
			i.History, i.PrevRealisation = HistoryNewWithHistory, Opt{}
		}, "prev_realisation"},
		{"infinite target", func(i *K3Input) { i.Target = Some(posInf()) }, "target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			_, err := rs.K3(in, false)
			wantField(t, err, tt.field)
		})
	}
}

package calc

import (
	"strings"
	"testing"
)

func ikus(as ...float64) []NKOIndicator {
	out := make([]NKOIndicator, len(as))
	for i, a := range as {
		out[i] = NKOIndicator{Achievement: Some(a)}
	}
	return out
}

// handMap is worked by hand in TestNKO.
func handMap() []NKOPerspective {
	return []NKOPerspective{
		{Name: "stakeholder", Weight: 30, Objectives: []NKOObjective{{Code: "SS-1", Indicators: ikus(110.5)}}},
		{Name: "customer", Weight: 25, Objectives: []NKOObjective{
			{Code: "SS-2", Indicators: ikus(100, 90)},
			{Code: "SS-3", Indicators: []NKOIndicator{{Some(120), Some(2)}, {Some(80), Some(1)}}},
		}},
		{Name: "internal_process", Weight: 25, Objectives: []NKOObjective{{Code: "SS-4", Indicators: ikus(85)}}},
		{Name: "learning_growth", Weight: 20, Objectives: []NKOObjective{{Code: "SS-5", Indicators: ikus(100)}}},
	}
}

func TestNKO(t *testing.T) {
	rs := defaultRules(t)
	// SS-2 = 95; SS-3 = (120×2 + 80×1)/3 = 106.666…; customer = 100.8333…
	// NKO = (110.5×30 + 100.8333…×25 + 85×25 + 100×20) / 100 = 99.608333…
	res, err := rs.NKO(handMap(), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{110.5, 100.8333333333333, 85, 100}
	for i, p := range res.Perspectives {
		if !p.Value.OK || !approx(p.Value.V, want[i]) {
			t.Errorf("%s = %v, want %v", p.Name, p.Value, want[i])
		}
	}
	if Round2(res.NKO) != 99.61 || res.Predicate != "Cukup" {
		t.Errorf("NKO = %v (%s), want 99.61 (Cukup)", res.NKO, res.Predicate)
	}
	if len(res.Steps) == 0 {
		t.Error("no explanation")
	}

	// Without any achievement in learning & growth its weight is shared out:
	// (3315 + 2520.8333… + 2125) / 80.
	m := handMap()
	m[3].Objectives[0].Indicators[0].Achievement = Opt{}
	res, err = rs.NKO(m, true)
	if err != nil {
		t.Fatal(err)
	}
	if !approx(res.NKO, 7960.833333333333/80) || res.Perspectives[3].Value.OK {
		t.Errorf("partial NKO = %v, perspectives %+v", res.NKO, res.Perspectives)
	}
	if !strings.Contains(stepsText(res.Steps, "en"), "shared out") {
		t.Errorf("the explanation does not say the weight was shared out:\n%s", stepsText(res.Steps, "en"))
	}

	// IKUs without achievement leave their objective's mean.
	m = handMap()
	m[1].Objectives[0].Indicators[1].Achievement = Opt{} // SS-2 = 100
	res, _ = rs.NKO(m, false)
	if !approx(res.Perspectives[1].Value.V, (100+320.0/3)/2) {
		t.Errorf("customer = %v", res.Perspectives[1].Value)
	}
}

func TestNKOPredicate(t *testing.T) {
	rs := defaultRules(t)
	for nko, want := range map[float64]string{
		120: "Sangat Baik", 110: "Sangat Baik", 109.99: "Baik", 109.995: "Sangat Baik",
		100: "Baik", 99.999: "Baik", 99.99: "Cukup", 90: "Cukup", 89.99: "Kurang", 80: "Kurang", 79.99: "Buruk", 0: "Buruk",
	} {
		if got := rs.NKOPredicate(nko); got != want {
			t.Errorf("NKOPredicate(%v) = %q, want %q", nko, got, want)
		}
	}
}

func TestNKOInvalid(t *testing.T) {
	rs := defaultRules(t)
	tests := []struct {
		name  string
		edit  func([]NKOPerspective) []NKOPerspective
		field string
	}{
		{"no perspectives", func(m []NKOPerspective) []NKOPerspective { return nil }, "perspectives"},
		{"weights not 100", func(m []NKOPerspective) []NKOPerspective { m[3].Weight = 10; return m }, "perspectives"},
		{"negative weight", func(m []NKOPerspective) []NKOPerspective { m[3].Weight = -20; return m }, "perspectives[3].weight"},
		{"duplicate name", func(m []NKOPerspective) []NKOPerspective { m[2].Name = "customer"; return m }, "perspectives[2].name"},
		{"no name", func(m []NKOPerspective) []NKOPerspective { m[0].Name = ""; return m }, "perspectives[0].name"},
		{"achievement above cap", func(m []NKOPerspective) []NKOPerspective {
			m[0].Objectives[0].Indicators[0].Achievement = Some(130)
			return m
		}, "perspectives[0].objectives[0].indicators[0].achievement"},
		{"weights for some IKUs only", func(m []NKOPerspective) []NKOPerspective {
			m[1].Objectives[0].Indicators[1].Weight = Some(2)
			return m
		}, "perspectives[1].objectives[0].indicators[1].weight"},
		{"zero weight", func(m []NKOPerspective) []NKOPerspective {
			m[1].Objectives[1].Indicators[0].Weight = Some(0)
			return m
		}, "perspectives[1].objectives[1].indicators[0].weight"},
		{"nothing achieved", func(m []NKOPerspective) []NKOPerspective {
			for i := range m {
				for j := range m[i].Objectives {
					for k := range m[i].Objectives[j].Indicators {
						m[i].Objectives[j].Indicators[k].Achievement = Opt{}
					}
				}
			}
			return m
		}, "perspectives"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rs.NKO(tt.edit(handMap()), false)
			wantField(t, err, tt.field)
		})
	}
}

func stepsText(steps []Step, lang string) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(s.Text(lang))
		b.WriteByte('\n')
	}
	return b.String()
}

// An objective with no IKU yet, or a perspective with no objective, has no
// achievement: the NKO is the same as without it, never 0.
func TestNKOObjectiveWithoutIKU(t *testing.T) {
	rs := defaultRules(t)
	base, err := rs.NKO(handMap(), false)
	if err != nil {
		t.Fatal(err)
	}
	m := handMap()
	m[1].Objectives = append(m[1].Objectives, NKOObjective{Code: "SS-9"})
	res, err := rs.NKO(m, true)
	if err != nil {
		t.Fatalf("objective without IKU: %v", err)
	}
	if res.NKO != base.NKO || res.Predicate != base.Predicate {
		t.Errorf("NKO with an empty objective = %v (%s), want %v (%s)", res.NKO, res.Predicate, base.NKO, base.Predicate)
	}
	if len(res.Objectives) != 6 || res.Objectives[3].Code != "SS-9" || res.Objectives[3].Value.OK {
		t.Errorf("the empty objective should be listed without a value: %+v", res.Objectives)
	}
	m = handMap()
	m[3].Objectives = nil
	res, err = rs.NKO(m, false)
	if err != nil {
		t.Fatalf("perspective without objectives: %v", err)
	}
	// Learning & growth has no value: the other weights are scaled up to 100.
	want := (110.5*30 + 100.8333333333333*25 + 85*25) / 80
	if !approx(res.NKO, want) || res.Perspectives[3].Value.OK {
		t.Errorf("NKO = %v, want %v", res.NKO, want)
	}
}

package calc

import (
	"math"
	"strings"
	"testing"
	"time"
)

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// TestTabel47Jerry is the KMK worked example of "Jerry": NKP 100.2 with the
// work result read at 102.7 and behaviour at 92.1, rated Baik. The inputs are
// the calibrated NHK 106.09 and NPK 91.8, two levels below the head, with the
// office NKO at 94.8.
func TestTabel47Jerry(t *testing.T) {
	rs := defaultRules(t)
	res, err := rs.NKP(NKPInput{NHK: Some(106.09), NPK: Some(91.8), LevelsBelowHead: 2, NKO: 94.8}, true)
	if err != nil {
		t.Fatal(err)
	}
	if round1(res.NKP) != 100.2 || round1(res.WorkValue) != 102.7 || round1(res.BehaviourValue) != 92.1 {
		t.Errorf("NKP %.4f, work %.4f, behaviour %.4f; want 100.2, 102.7, 92.1", res.NKP, res.WorkValue, res.BehaviourValue)
	}
	if res.Reading != ReadingTabel47 || res.WorkRating != RatingAbove || res.BehaviourRating != RatingMeets || res.Predicate != "Baik" {
		t.Errorf("reading %s, ratings %s × %s → %s; want tabel_47, above × meets → Baik", res.Reading, res.WorkRating, res.BehaviourRating, res.Predicate)
	}
	text := stepsText(res.Steps, "en")
	if !strings.Contains(text, "Work-result rating (KMK Tabel 47)") || !strings.Contains(text, "Behaviour rating (KMK Tabel 47)") {
		t.Errorf("explanation does not name Tabel 47:\n%s", text)
	}
}

func TestTabel47Readings(t *testing.T) {
	rs, old := defaultRules(t), olderReading(t)
	tests := []struct {
		name            string
		in              NKPInput
		work, behaviour float64 // Tabel 47 values, rounded to 2 decimals
		predicate       string
		olderPredicate  string
	}{
		{
			// NHK 92 − 4 = 88 < NKO 100: 10 + 79.2 = 89.2 below; NPK 96 − 4 = 92 < 100:
			// 10 + 82.8 = 92.8 meets. The older reading rates NKP 90.1: meets.
			name: "adjustments lower the work rating",
			in:   NKPInput{NHK: Some(92), NPK: Some(96), LevelsBelowHead: 2, NKO: 100, Discipline: 2, Impact: 1, Correction: -1},
			work: 89.2, behaviour: 92.8, predicate: "Butuh Perbaikan", olderPredicate: "Baik",
		},
		{
			// The head takes the NKO as work result.
			name: "the head takes the office result",
			in:   NKPInput{NHK: Some(110), NPK: Some(100), LevelsBelowHead: 0, HeadOfOffice: true, NKO: 95},
			work: 95, behaviour: 97.5, predicate: "Baik", olderPredicate: "Baik",
		},
		{
			// NPK 104 ≥ NKO 95, one level below: 47.5 + 52 = 99.5 meets, though
			// calibrated NPK 104 is above.
			name: "behaviour blended with the NKO",
			in:   NKPInput{NHK: Some(110), NPK: Some(104), LevelsBelowHead: 1, NKO: 95},
			work: 102.5, behaviour: 99.5, predicate: "Baik", olderPredicate: "Sangat Baik",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rs.NKP(tt.in, false)
			if err != nil {
				t.Fatal(err)
			}
			if Round2(res.WorkValue) != tt.work || Round2(res.BehaviourValue) != tt.behaviour || res.Predicate != tt.predicate {
				t.Errorf("work %v, behaviour %v → %s; want %v, %v → %s", Round2(res.WorkValue), Round2(res.BehaviourValue), res.Predicate, tt.work, tt.behaviour, tt.predicate)
			}
			o, err := old.NKP(tt.in, false)
			if err != nil {
				t.Fatal(err)
			}
			if o.Predicate != tt.olderPredicate || o.WorkValue != o.NKP {
				t.Errorf("older reading: %s from work %v; want %s from the NKP %v", o.Predicate, o.WorkValue, tt.olderPredicate, o.NKP)
			}
			if o.NKP != res.NKP {
				t.Errorf("the reading moved the NKP: %v vs %v", o.NKP, res.NKP)
			}
		})
	}
}

func TestYearNPKFromQuarters(t *testing.T) {
	rs := defaultRules(t)
	res, err := rs.NKP(NKPInput{NHK: Some(100), QuarterNPK: []Opt{Some(98), Some(102), {}, Some(103)}, NKO: 100}, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.NPK != 101 || !strings.Contains(stepsText(res.Steps, "en"), "Annual NPK = mean of the NPKs of 3 quarters = (98 + 102 + 103) / 3 = 101") {
		t.Errorf("NPK %v:\n%s", res.NPK, stepsText(res.Steps, "en"))
	}
	if _, err := rs.NKP(NKPInput{NHK: Some(100), NPK: Some(100), QuarterNPK: []Opt{Some(98)}, NKO: 100}, false); err == nil {
		t.Error("NPK and quarterly NPKs together were accepted")
	}
}

// TestDisciplinePenalties is the KMK example: sedang on MPJHD 38 → 9.5,
// berat on 65 → 26, and the superior's impact of the latter 1.3.
func TestDisciplinePenalties(t *testing.T) {
	rs := defaultRules(t)
	sedang, err := rs.DisciplinePenalty("sedang", 38)
	if err != nil || sedang.Value != 9.5 || sedang.Quarters != 3 {
		t.Errorf("sedang 38 = %+v, %v; want 9.5 for 3 quarters", sedang, err)
	}
	berat, err := rs.DisciplinePenalty("berat", 65)
	if err != nil || berat.Value != 26 || berat.Quarters != 4 {
		t.Errorf("berat 65 = %+v, %v; want 26 for 4 quarters", berat, err)
	}
	if got := rs.SuperiorImpact([]float64{berat.Value}); math.Abs(got-1.3) > 1e-9 {
		t.Errorf("impact of 26 = %v, want 1.3", got)
	}
	if got := rs.SuperiorImpact([]float64{60, 60}); got != 5 {
		t.Errorf("impact is capped: %v, want 5", got)
	}
	ringan, _ := rs.DisciplinePenalty("ringan", 50)
	ps := []PenaltyStart{{Penalty: sedang, Year: 2026, Quarter: 3}, {Penalty: ringan, Year: 2026, Quarter: 4}}
	// The highest in force wins; sedang runs Q3 2026 – Q1 2027, ringan (5) Q4 2026 – Q1 2027.
	for _, c := range []struct {
		y, q int
		want float64
	}{{2026, 2, 0}, {2026, 3, 9.5}, {2026, 4, 9.5}, {2027, 1, 9.5}, {2027, 2, 0}} {
		if got := PenaltyInForce(ps, c.y, c.q); got != c.want {
			t.Errorf("%d Q%d: %v, want %v", c.y, c.q, got, c.want)
		}
	}
	if _, err := rs.DisciplinePenalty("berat sekali", 65); err == nil {
		t.Error("an unknown category was accepted")
	}
	if _, err := rs.DisciplinePenalty("ringan", -1); err == nil {
		t.Error("a negative MPJHD was accepted")
	}
}

func TestAspectsByGroup(t *testing.T) {
	rs := defaultRules(t)
	sup := []float64{100, 100, 100, 100, 100, 100, 100}
	ga, err := rs.Aspects(map[string][][]float64{
		GroupSupervisor:  {sup},
		GroupPeer:        {{90, 90, 90, 90, 90, 90, 90}, {80, 80, 80, 80, 80, 80, 80}},
		GroupSubordinate: {{110, 110, 110, 110, 110, 110, 110}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Equal group weights: (100 + 85 + 110) / 3, not the mean of four raters.
	if Round2(ga.Aspects[0]) != 98.33 || ga.Groups[GroupPeer][0] != 85 || ga.Counts[GroupPeer] != 2 {
		t.Errorf("%+v", ga)
	}
	text := stepsText(rs.AspectSteps(ga), "en")
	if !strings.Contains(text, "Group peers: 2 raters, weight 1; mean per BerAKHLAK aspect: 85; 85") ||
		!strings.Contains(text, "Each aspect = the weighted mean of the groups present: 98.333333;") {
		t.Errorf("aspect steps:\n%s", text)
	}
	only, _ := rs.Aspects(map[string][][]float64{GroupSupervisor: {sup}})
	if only.Aspects[3] != 100 || len(only.Groups) != 1 {
		t.Errorf("supervisor only: %+v", only)
	}
	if _, err := rs.Aspects(map[string][][]float64{GroupPeer: {{1, 2}}}); err == nil {
		t.Error("two scores were accepted for seven aspects")
	}
}

func TestTimeline(t *testing.T) {
	tl := defaultRules(t).Timeline(2026, 2)
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	if !tl.QuarterEnd.Equal(d(6, 30)) || !tl.ProposeBy.Equal(d(7, 7)) || !tl.SetBy.Equal(d(7, 10)) || !tl.ScoreBy.Equal(d(7, 17)) || !tl.ObjectionBy.Equal(d(7, 24)) {
		t.Errorf("%+v", tl)
	}
}

// TestDistributionGuide reads one spread at each organisation predicate.
func TestDistributionGuide(t *testing.T) {
	rs := defaultRules(t)
	rep := func(l string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = l
		}
		return out
	}
	cat := func(xs ...[]string) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x...)
		}
		return out
	}
	tests := []struct {
		nko, org   string
		predicates []string
		within     bool
		departs    string // the predicates of the first bound departed from
	}{
		{"Sangat Baik", "Istimewa", cat(rep("Sangat Baik", 7), rep("Baik", 3)), true, ""},
		{"Sangat Baik", "Istimewa", cat(rep("Sangat Baik", 8), rep("Baik", 2)), false, "Sangat Baik"},
		{"Baik", "Baik", cat(rep("Baik", 7), rep("Sangat Baik", 2), rep("Kurang", 1)), true, ""},
		{"Baik", "Baik", cat(rep("Baik", 7), rep("Sangat Baik", 3)), false, "Butuh Perbaikan,Kurang"},
		{"Cukup", "Butuh Perbaikan", cat(rep("Butuh Perbaikan", 6), rep("Baik", 3), rep("Sangat Baik", 1)), true, ""},
		{"Cukup", "Butuh Perbaikan", cat(rep("Butuh Perbaikan", 5), rep("Baik", 5)), false, "Butuh Perbaikan"},
		{"Kurang", "Kurang", cat(rep("Kurang", 6), rep("Butuh Perbaikan", 1), rep("Baik", 3)), true, ""},
		{"Kurang", "Kurang", cat(rep("Kurang", 6), rep("Baik", 2), rep("Sangat Baik", 2)), false, "Butuh Perbaikan"},
		{"Buruk", "Sangat Kurang", cat(rep("Sangat Kurang", 6), rep("Kurang", 4)), true, ""},
		{"Buruk", "Sangat Kurang", cat(rep("Sangat Kurang", 6), rep("Kurang", 3), rep("Sangat Baik", 1)), false, "Sangat Baik"},
	}
	for _, tt := range tests {
		d := rs.Distribute(tt.nko, tt.predicates)
		first := ""
		for _, b := range d.Bounds {
			if !b.Within && first == "" {
				first = strings.Join(b.Predicates, ",")
			}
		}
		if d.OrganisationPredicate != tt.org || d.WithinGuide != tt.within || first != tt.departs || d.Total != len(tt.predicates) {
			t.Errorf("%s %v: org %q within %v departs %q; want %q %v %q", tt.nko, d.Counts, d.OrganisationPredicate, d.WithinGuide, first, tt.org, tt.within, tt.departs)
		}
	}
	if d := rs.Distribute("Baik", nil); !d.WithinGuide {
		t.Error("an office with nobody scored departs from the guide")
	}
}

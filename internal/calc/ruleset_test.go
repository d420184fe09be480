package calc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func defaultJSON(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("rules/kmk-127-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestEmbeddedRuleSets(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	ids := RuleSetIDs()
	found := false
	for _, id := range ids {
		found = found || id == DefaultRuleSetID
		if _, err := GetRuleSet(id); err != nil {
			t.Errorf("GetRuleSet(%s): %v", id, err)
		}
	}
	if !found {
		t.Fatalf("RuleSetIDs() = %v, lacks %s", ids, DefaultRuleSetID)
	}
	a, _ := GetRuleSet(DefaultRuleSetID)
	b, _ := GetRuleSet(DefaultRuleSetID)
	if a != b {
		t.Error("GetRuleSet does not cache")
	}
	_, err := GetRuleSet("KMK-999-2099")
	wantField(t, err, "ruleset")
}

func TestRuleSetValues(t *testing.T) {
	rs := defaultRules(t)
	if rs.ID() != "KMK-127-2026" || !strings.Contains(rs.Title(), "127/2026") {
		t.Errorf("ID %q, title %q", rs.ID(), rs.Title())
	}
	if f, c := rs.Bounds(); f != 0 || c != 120 {
		t.Errorf("Bounds = %v, %v", f, c)
	}
	if rs.IIAAThreshold() != 100 || rs.MaxIKU() != 15 || rs.BehaviourScores() != 7 {
		t.Errorf("IIAA %v, max IKU %v, behaviour %v", rs.IIAAThreshold(), rs.MaxIKU(), rs.BehaviourScores())
	}
	for kind, want := range map[string][2]int{
		PositionAdministrator: {3, 8}, PositionPengawas: {3, 7}, PositionPelaksana: {3, 6},
		PositionFungsional: {3, 6}, // same as pelaksana, a documented decision
		"kepala":           {0, 0},
	} {
		if lo, hi := rs.IKILimits(kind); lo != want[0] || hi != want[1] {
			t.Errorf("IKILimits(%s) = %d–%d, want %d–%d", kind, lo, hi, want[0], want[1])
		}
	}
	if c, i := rs.AdjustmentLimits(); c != 5 || i != 5 {
		t.Errorf("AdjustmentLimits = %v, %v", c, i)
	}
	with := rs.PerspectiveDefaults(true)
	want := []PerspectiveWeight{{"stakeholder", 30}, {"customer", 25}, {"internal_process", 25}, {"learning_growth", 20}}
	if fmt.Sprint(with) != fmt.Sprint(want) {
		t.Errorf("with stakeholder: %v", with)
	}
	without := rs.PerspectiveDefaults(false)
	if fmt.Sprint(without) != fmt.Sprint([]PerspectiveWeight{{"customer", 35}, {"internal_process", 35}, {"learning_growth", 30}}) {
		t.Errorf("without stakeholder: %v", without)
	}
	with[0].Weight = 99 // a copy: the rule set stays as loaded
	if rs.PerspectiveDefaults(true)[0].Weight != 30 {
		t.Error("PerspectiveDefaults exposes the rule set")
	}
}

func TestDeadlines(t *testing.T) {
	rs := defaultRules(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		got, want time.Time
	}{
		{"PK", rs.PKDue(2027), day(2027, 1, 31)},
		{"SKP", rs.SKPDue(2027), day(2027, 1, 31)},
		{"Manual IKI, mid-month", rs.ManualIKIDue(day(2027, 1, 15)), day(2027, 2, 15)},
		{"Manual IKI, 31 January", rs.ManualIKIDue(day(2027, 1, 31)), day(2027, 2, 28)},
		{"Manual IKI, 31 January of a leap year", rs.ManualIKIDue(day(2028, 1, 31)), day(2028, 2, 29)},
		{"Manual IKI, December", rs.ManualIKIDue(day(2027, 12, 20)), day(2028, 1, 20)},
		{"package Q1", rs.QuarterPackageDue(2027, 1), day(2027, 4, 10)},
		{"package Q2", rs.QuarterPackageDue(2027, 2), day(2027, 7, 10)},
		{"package Q3", rs.QuarterPackageDue(2027, 3), day(2027, 10, 10)},
		{"package Q4", rs.QuarterPackageDue(2027, 4), day(2028, 1, 10)},
		{"package Q5", rs.QuarterPackageDue(2027, 5), time.Time{}},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// editJSON applies edit to the decoded default rule set and encodes it again.
func editJSON(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(defaultJSON(t), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func obj(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func TestInvalidRuleSets(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(m map[string]any)
		field string
	}{
		{"missing number", func(m map[string]any) { delete(obj(m, "achievement"), "cap") }, "achievement.cap"},
		{"missing section", func(m map[string]any) { delete(m, "deadlines") }, "deadlines"},
		{"unknown field", func(m map[string]any) { obj(m, "status")["green"] = 100 }, "green"},
		{"cap below floor", func(m map[string]any) { obj(m, "achievement")["cap"] = -1 }, "achievement.cap"},
		{"max-target score above cap", func(m map[string]any) { obj(m, "achievement")["max_target_score"] = 121 }, "achievement.max_target_score"},
		{"yellow above green", func(m map[string]any) { obj(m, "status")["yellow_min"] = 100 }, "status.yellow_min"},
		{"weights not 100", func(m map[string]any) {
			obj(m, "perspectives")["without_stakeholder"].([]any)[0].(map[string]any)["weight"] = 40
		}, "perspectives.without_stakeholder"},
		{"stakeholder where it must not be", func(m map[string]any) {
			obj(m, "perspectives")["without_stakeholder"].([]any)[0].(map[string]any)["name"] = "stakeholder"
		}, "perspectives.without_stakeholder"},
		{"fractional limit", func(m map[string]any) { obj(m, "limits")["max_iku"] = 15.5 }, "limits.max_iku"},
		{"limit range reversed", func(m map[string]any) { obj(m, "limits", "iki", "pengawas")["max"] = 2 }, "limits.iki.pengawas.max"},
		{"unknown position", func(m map[string]any) { obj(m, "limits", "iki")["eselon"] = map[string]any{"min": 1, "max": 2} }, "eselon"},
		{"bands not descending", func(m map[string]any) {
			obj(m, "nko")["predicates"].([]any)[2].(map[string]any)["min"] = 105
		}, "nko.predicates[2].min"},
		{"empty label", func(m map[string]any) { obj(m, "nko")["predicate_below"] = " " }, "nko.predicate_below"},
		{"forbidden pair omitted instead of null", func(m map[string]any) { delete(obj(m, "k3", "quality_weights", "exact"), "high") }, "k3.quality_weights.exact.high"},
		{"unknown control", func(m map[string]any) { obj(m, "k3", "quality_weights", "exact")["hihg"] = 1 }, "hihg"},
		{"zero quality weight", func(m map[string]any) { obj(m, "k3", "quality_weights", "proxy")["low"] = 0 }, "k3.quality_weights.proxy.low"},
		{"missing target weight", func(m map[string]any) { delete(obj(m, "k3", "target_weights"), "between") }, "k3.target_weights.between"},
		{"K3 shares", func(m map[string]any) { obj(m, "k3")["target_share"] = 60 }, "k3"},
		{"NKP shares", func(m map[string]any) { obj(m, "nkp")["npk_share"] = 20 }, "nkp"},
		{"blend shares", func(m map[string]any) { obj(m, "nkp", "blend", "far")["own"] = 60 }, "nkp.blend.far"},
		{"calibration caps equal", func(m map[string]any) { obj(m, "nkp", "calibration", "top_officials")["cap"] = 115 }, "nkp.calibration.top_officials.cap"},
		{"calibration slope", func(m map[string]any) { obj(m, "nkp", "calibration", "others")["slope"] = 0 }, "nkp.calibration.others.slope"},
		{"work_from", func(m map[string]any) { obj(m, "nkp", "rating")["work_from"] = "npk" }, "nkp.rating.work_from"},
		{"rating bands reversed", func(m map[string]any) { obj(m, "nkp", "rating")["meets_min"] = 101 }, "nkp.rating.meets_min"},
		{"missing predicate", func(m map[string]any) { delete(obj(m, "nkp", "predicates", "below"), "meets") }, "nkp.predicates.below.meets"},
		{"30 February", func(m map[string]any) {
			obj(m, "deadlines", "pk_signed_by")["month"] = 2
			obj(m, "deadlines", "pk_signed_by")["day"] = 30
		}, "deadlines.pk_signed_by.day"},
		{"month 13", func(m map[string]any) { obj(m, "deadlines", "skp_approved_by")["month"] = 13 }, "deadlines.skp_approved_by.month"},
		{"negative days", func(m map[string]any) { obj(m, "deadlines")["quarter_package_days_after_quarter"] = -1 }, "deadlines.quarter_package_days_after_quarter"},
		{"empty id", func(m map[string]any) { m["id"] = "" }, "id"},
		{"string for a number", func(m map[string]any) { m["iiaa_threshold"] = "100" }, "iiaa_threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRuleSet(editJSON(t, tt.edit))
			var rse *RuleSetError
			if !errors.As(err, &rse) {
				t.Fatalf("err = %v, want a *RuleSetError", err)
			}
			if rse.Field != tt.field {
				t.Fatalf("err names %q (%v), want %q", rse.Field, err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("message %q does not name %s", err, tt.field)
			}
		})
	}
	for _, bad := range []string{"", "{", `{"id": "x"} {}`, "[]"} {
		if _, err := ParseRuleSet([]byte(bad)); err == nil {
			t.Errorf("ParseRuleSet(%q) accepted", bad)
		}
	}
}

// A second rule set is one more file; a broken or duplicate one refuses all.
func TestLoadRuleSets(t *testing.T) {
	def := defaultJSON(t)
	second := editJSON(t, func(m map[string]any) {
		m["id"] = "KMK-128-2027"
		obj(m, "status")["yellow_min"] = 85
	})
	sets, ids, err := loadRuleSets(fstest.MapFS{
		"rules/kmk-127-2026.json": {Data: def},
		"rules/kmk-128-2027.json": {Data: second},
		"rules/README.md":         {Data: []byte("not a rule set")},
	}, "rules")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[KMK-127-2026 KMK-128-2027]" {
		t.Fatalf("ids %v", ids)
	}
	if sets["KMK-128-2027"].Status(82) != StatusRed || sets["KMK-127-2026"].Status(82) != StatusYellow {
		t.Error("the second rule set does not apply its own thresholds")
	}

	broken := editJSON(t, func(m map[string]any) { m["id"] = "X"; delete(obj(m, "status"), "green_min") })
	_, _, err = loadRuleSets(fstest.MapFS{"rules/a.json": {Data: def}, "rules/b.json": {Data: broken}}, "rules")
	if err == nil || !strings.Contains(err.Error(), "b.json") || !strings.Contains(err.Error(), "status.green_min") {
		t.Errorf("broken file: %v", err)
	}
	_, _, err = loadRuleSets(fstest.MapFS{"rules/a.json": {Data: def}, "rules/b.json": {Data: def}}, "rules")
	if err == nil || !strings.Contains(err.Error(), "id") {
		t.Errorf("duplicate id: %v", err)
	}
	_, _, err = loadRuleSets(fstest.MapFS{"rules/b.json": {Data: second}}, "rules")
	if err == nil || !strings.Contains(err.Error(), DefaultRuleSetID) {
		t.Errorf("missing default: %v", err)
	}
}

// battery runs every computation the rule set feeds and prints the results
// in full precision. Explanations are left out: they quote the rule set's
// numbers and would make every value look used. Besides the calculations it
// reads only the data the application consumes as such (limits, default
// weights, deadlines).
func battery(rs *RuleSet) string {
	var b strings.Builder
	p := func(v ...any) { fmt.Fprintln(&b, v...) }
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

	for a := -1.0; a <= 125; a += 0.25 {
		p(num(a), rs.Status(a), rs.IIAARequired(a), rs.NKOPredicate(a), rs.Rate(a),
			num(rs.Calibrate(a, false)), num(rs.Calibrate(a, true)))
	}
	inds := []Indicator{
		{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: optsOf(10, 10, 10, 10), Realisations: optsOf(-5, 13, 10, 9)},
		{Polarity: PolarityMaximize, Consolidation: ConsolidationAverage, MaxTarget: true, Targets: optsOf(100, 100, 100, 100), Realisations: optsOf(100, 99, 101, 100)},
		{Polarity: PolarityMinimize, Consolidation: ConsolidationLast, Worst: Some(10), Targets: optsOf(0, 5, -5, 5), Realisations: optsOf(2, 1, -6, 12)},
		{Polarity: PolarityStabilize, Consolidation: ConsolidationLast, Scale: kmkScale, Targets: optsOf(100, 100, -100, 100), Realisations: optsOf(102, 80, -95, 300)},
	}
	for _, ind := range inds {
		res, err := rs.Evaluate(ind, false)
		p(fmt.Sprintf("%+v", res.Quarters), res.Year, res.RuleSet, err)
	}
	nko, err := rs.NKO(handMap(), false)
	p(nko.NKO, nko.Predicate, err)
	for _, v := range []Validity{ValidityExact, ValidityProxy, ValidityActivity} {
		for _, c := range []Control{ControlLow, ControlModerate, ControlHigh} {
			q, err := rs.QualityWeight(v, c)
			p(v, c, num(q), err)
		}
	}
	k3s := []K3Input{
		{Target: Some(110), PrevTarget: Some(100), PrevRealisation: Some(105)},
		{Target: Some(105), PrevTarget: Some(100), PrevRealisation: Some(105)},
		{Target: Some(103), PrevTarget: Some(100), PrevRealisation: Some(105)},
		{Target: Some(100), PrevTarget: Some(100), PrevRealisation: Some(95)},
		{Target: Some(100), PrevTarget: Some(100), PrevRealisation: Some(105)},
		{Target: Some(95), PrevTarget: Some(100), PrevRealisation: Some(105)},
		{Target: Some(100), PrevTarget: Some(100), PrevRealisation: Some(100)},
		{TargetByLaw: true},
		{Stable: true},
		{History: HistoryNewWithoutHistory},
		{Polarity: PolarityStabilize},
		{History: HistoryMandatory, Target: Some(95), PrevTarget: Some(100), PrevRealisation: Some(105)},
	}
	for _, in := range k3s {
		in.Validity, in.Control = ValidityExact, ControlModerate
		if in.Polarity == "" {
			in.Polarity = PolarityMaximize
		}
		if in.History == "" {
			in.History = HistoryExisting
		}
		res, err := rs.K3(in, false)
		p(num(res.QualityWeight), num(res.TargetWeight), num(res.K3), res.Label, len(res.Warnings), err)
	}
	nkps := []NKPInput{
		{Indicators: []NKPIndicator{{Achievement: Some(110), K3: 1.15}, {Achievement: Some(95), K3: 1, Days: Opt{}}},
			Behaviour: []float64{100, 105, 98, 110, 100, 102, 99}, LevelsBelowHead: 2, NKO: 104},
		{Indicators: []NKPIndicator{{Achievement: Some(120), K3: 1.2}}, NPK: Some(115), NKO: 90, Correction: 5, Impact: 5},
		{NHK: Some(20), NPK: Some(20), NKO: 10, Discipline: 30, Correction: -5},
		{NHK: Some(99), NPK: Some(95), LevelsBelowHead: 1, NKO: 90},
		{NHK: Some(110), NPK: Some(104), LevelsBelowHead: 0, NKO: 95},
		{NHK: Some(110), NPK: Some(104), LevelsBelowHead: 2, NKO: 95},
		{NHK: Some(110), NPK: Some(104), LevelsBelowHead: 3, NKO: 95},
		{NHK: Some(88), NPK: Some(89), LevelsBelowHead: 3, NKO: 100},
		{NHK: Some(115), NPK: Some(100), TopOfficial: true, NKO: 100},
		{Indicators: []NKPIndicator{{Achievement: Some(104), K3: 1}}, NPK: Some(80), LevelsBelowHead: 2, NKO: 60},
	}
	for _, in := range nkps {
		res, err := rs.NKP(in, false)
		p(fmt.Sprintf("%+v", res), err)
	}
	for _, w := range []Rating{RatingAbove, RatingMeets, RatingBelow} {
		for _, bh := range []Rating{RatingAbove, RatingMeets, RatingBelow} {
			p(rs.EmployeePredicate(w, bh))
		}
	}
	p(rs.PerspectiveDefaults(true), rs.PerspectiveDefaults(false), rs.MaxIKU())
	for _, k := range []string{PositionAdministrator, PositionPengawas, PositionPelaksana, PositionFungsional} {
		lo, hi := rs.IKILimits(k)
		p(k, lo, hi)
	}
	for q := 1; q <= 4; q++ {
		p(fmt.Sprintf("%+v", rs.Timeline(2027, q)))
	}
	p(rs.DisciplineCategories())
	var pens []PenaltyStart
	for i, c := range []string{"ringan", "sedang", "berat"} {
		pen, err := rs.DisciplinePenalty(c, 38)
		p(fmt.Sprintf("%+v", pen), err)
		pens = append(pens, PenaltyStart{Penalty: pen, Year: 2027, Quarter: 1 + i})
	}
	for q := 1; q <= 12; q++ {
		p(num(PenaltyInForce(pens, 2027+(q-1)/4, 1+(q-1)%4)), num(PenaltyInForce(pens[:1], 2027+(q-1)/4, 1+(q-1)%4)))
	}
	p(num(rs.SuperiorImpact([]float64{26})), num(rs.SuperiorImpact([]float64{26, 60})))
	ga, err := rs.Aspects(map[string][][]float64{
		GroupSupervisor:  {{100, 101, 102, 103, 104, 105, 106}},
		GroupPeer:        {{90, 91, 92, 93, 94, 95, 96}, {80, 80, 80, 80, 80, 80, 80}},
		GroupSubordinate: {{110, 110, 110, 110, 110, 110, 110}},
	})
	p(fmt.Sprintf("%+v", ga), err)
	spreads := [][]string{
		{"Sangat Baik", "Sangat Baik", "Baik", "Baik", "Butuh Perbaikan"},
		{"Baik", "Baik", "Baik", "Kurang", "Sangat Baik", "Butuh Perbaikan", "Sangat Kurang", "Kurang", "Kurang", "Kurang"},
	}
	for _, nko := range []string{"Sangat Baik", "Baik", "Cukup", "Kurang", "Buruk"} {
		for _, sp := range spreads {
			p(fmt.Sprintf("%+v", rs.Distribute(nko, sp)))
		}
	}
	p(rs.EmployeePredicates())
	p(rs.PKDue(2027), rs.SKPDue(2027), rs.ManualIKIDue(time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)))
	for q := 1; q <= 4; q++ {
		p(rs.QuarterPackageDue(2027, q))
	}
	return b.String()
}

// leaf is a value in the rule set's JSON: its container and key.
type leaf struct {
	path   string
	parent any // map[string]any or []any
	key    any // string or int
}

func (l leaf) get() any {
	if m, ok := l.parent.(map[string]any); ok {
		return m[l.key.(string)]
	}
	return l.parent.([]any)[l.key.(int)]
}

func (l leaf) set(v any) {
	if m, ok := l.parent.(map[string]any); ok {
		m[l.key.(string)] = v
	} else {
		l.parent.([]any)[l.key.(int)] = v
	}
}

// leaves lists the numbers and strings of a decoded rule set, leaving out
// the free text (title, notes), which only explanations show.
func leaves(v any, path string) []leaf {
	var out []leaf
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if k == "note" || k == "notes" || k == "title" {
				continue
			}
			p := strings.TrimPrefix(path+"."+k, ".")
			switch c.(type) {
			case float64, string:
				out = append(out, leaf{p, x, k})
			default:
				out = append(out, leaves(c, p)...)
			}
		}
	case []any:
		for i, c := range x {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch c.(type) {
			case float64, string:
				out = append(out, leaf{p, x, i})
			default:
				out = append(out, leaves(c, p)...)
			}
		}
	}
	return out
}

// enumAlternatives are the other valid values of the rule set's enum strings.
var enumAlternatives = map[string][]string{"tabel_47": {"nkp", "nhk"}, "nkp": {"nhk"}, "nhk": {"nkp"}}

// TestEveryRuleSetValueIsUsed changes each number (and label) of the
// embedded rule set alone and requires at least one change to alter the
// battery's output: a value no computation reads fails this test. The rules
// between values (weights adding up to 100, yellow below green) are not
// checked here, so that no value has to move together with another.
func TestEveryRuleSetValueIsUsed(t *testing.T) {
	data := defaultJSON(t)
	base := battery(defaultRules(t))
	var probe map[string]any
	if err := json.Unmarshal(data, &probe); err != nil {
		t.Fatal(err)
	}
	paths := leaves(probe, "")
	if len(paths) < 90 {
		t.Fatalf("only %d values found; the walk is broken", len(paths))
	}
	for _, target := range paths {
		t.Run(target.path, func(t *testing.T) {
			tried := 0
			for _, try := range perturbations(t, data, target.path) {
				rs, err := parseRuleSet(try, false)
				if err != nil {
					continue
				}
				tried++
				if battery(rs) != base {
					return
				}
			}
			t.Errorf("no change of this value (%d tried) alters any computation", tried)
		})
	}
}

// perturbations returns rule-set documents with the value at path changed.
func perturbations(t *testing.T, data []byte, path string) [][]byte {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	var target leaf
	for _, l := range leaves(root, "") {
		if l.path == path {
			target = l
		}
	}
	var values []any
	switch x := target.get().(type) {
	case string:
		values = append(values, x+"x")
		for _, alt := range enumAlternatives[x] {
			values = append(values, alt)
		}
	case float64:
		for _, d := range []float64{1, -1, 0.05, -0.05, 2, -2, x * 0.1, -x * 0.1} {
			values = append(values, x+d)
		}
	default:
		t.Fatalf("%s: unexpected %T", path, target.get())
	}
	var out [][]byte
	orig := target.get()
	for _, v := range values {
		target.set(v)
		b, err := json.Marshal(root)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	target.set(orig)
	return out
}

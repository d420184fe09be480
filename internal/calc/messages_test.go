package calc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var keyLiteral = regexp.MustCompile(`^(step|err|warn|label|name)\.[a-z0-9_.]*$`)

// sourceKeys collects the message keys written in the package's code. A key
// ending in "." is a prefix completed at run time.
func sourceKeys(t *testing.T) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	keys := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && keyLiteral.MatchString(s) {
					keys[s] = true
				}
			}
			return true
		})
	}
	return keys
}

func TestMessageCatalogue(t *testing.T) {
	used := sourceKeys(t)
	for key := range used {
		if strings.HasSuffix(key, ".") {
			continue
		}
		if _, ok := messages[key]; !ok {
			t.Errorf("key %q used in code has no message", key)
		}
	}
	suffixes := []string{"_quarter", "_to_date"} // added to the zero-target keys
	for key, m := range messages {
		if m.id == "" || m.en == "" || m.id == m.en && !strings.HasPrefix(key, "step.formula.stabilize_") && key != "label.quarter" {
			t.Errorf("%s: missing or untranslated text", key)
		}
		found := used[key]
		for prefix := range used {
			if strings.HasSuffix(prefix, ".") && strings.HasPrefix(key, prefix) {
				found = true
			}
		}
		for _, s := range suffixes {
			found = found || used[strings.TrimSuffix(key, s)] && strings.HasSuffix(key, s)
		}
		if !found && !strings.HasPrefix(key, "name.") {
			t.Errorf("message %q is never used", key)
		}
	}
}

// explanationSteps computes a little of everything with explanations on.
func explanationSteps(t *testing.T) []Step {
	rs := defaultRules(t)
	var steps []Step
	for _, ind := range []Indicator{
		{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: optsOf(nil, 10, nil, -4), Realisations: optsOf(nil, 13, nil, nil)},
		{Polarity: PolarityMaximize, Consolidation: ConsolidationAverage, MaxTarget: true, Targets: optsOf(100, 100, 100, 100), Realisations: optsOf(100, -50, nil, 100)},
		{Polarity: PolarityMinimize, Consolidation: ConsolidationLast, Worst: Some(10), Targets: optsOf(0, 5, -5, 5), Realisations: optsOf(2, 1, -6, nil)},
		{Polarity: PolarityStabilize, Consolidation: ConsolidationLast, Scale: kmkScale, Targets: optsOf(100, 100, -100, 100), Realisations: optsOf(102, 80, -95, 300)},
		{Polarity: PolarityStabilize, Consolidation: ConsolidationLast, Scale: []ScalePoint{{50, 0}, {90, 100}}, Targets: optsOf(100, nil, nil, nil), Realisations: optsOf(100, nil, nil, nil)},
	} {
		res, err := rs.Evaluate(ind, true)
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, res.Steps...)
	}
	m := handMap()
	m[3].Objectives[0].Indicators[0].Achievement = Opt{}
	nko, err := rs.NKO(m, true)
	if err != nil {
		t.Fatal(err)
	}
	steps = append(steps, nko.Steps...)
	nko, _ = rs.NKO(handMap(), true)
	steps = append(steps, nko.Steps...)
	for _, in := range []K3Input{
		{Validity: ValidityProxy, Control: ControlLow, Polarity: PolarityMinimize, History: HistoryMandatory, Target: Some(100), PrevTarget: Some(100), PrevRealisation: Some(100)},
		{Validity: ValidityProxy, Control: ControlLow, Polarity: PolarityMaximize, History: HistoryNewWithHistory, Target: Some(90), PrevRealisation: Some(100)},
		{Validity: ValidityProxy, Control: ControlLow, Polarity: PolarityMaximize, History: HistoryMandatory, Target: Some(90), PrevTarget: Some(100), PrevRealisation: Some(100)},
		{Validity: ValidityProxy, Control: ControlLow, Polarity: PolarityStabilize, History: HistoryExisting},
	} {
		res, err := rs.K3(in, true)
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, res.Steps...)
		steps = append(steps, res.Warnings...)
	}
	for _, in := range []NKPInput{
		{Indicators: []NKPIndicator{{Achievement: Some(110), K3: 1.1, Days: Some(30)}, {K3: 1, Days: Some(30)}}, Behaviour: []float64{1, 2, 3, 4, 5, 6, 7}, NKO: 100},
		{Indicators: []NKPIndicator{{Achievement: Some(100), K3: 1}}, NPK: Some(100), NKO: 90, LevelsBelowHead: 3, Discipline: 200},
	} {
		res, err := rs.NKP(in, true)
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, res.Steps...)
	}
	return steps
}

func TestStepsRender(t *testing.T) {
	steps := explanationSteps(t)
	seen := map[string]bool{}
	for _, s := range steps {
		seen[s.Key] = true
		for _, lang := range []string{"id", "en"} {
			text := s.Text(lang)
			if text == "" || text == s.Key || strings.Contains(text, "%!") {
				t.Errorf("%s in %s renders as %q", s.Key, lang, text)
			}
		}
		if s.Part != PartGeneral && s.Label("id") == "" {
			t.Errorf("%s: no label", s.Key)
		}
	}
	if len(seen) < 50 {
		t.Errorf("only %d kinds of step rendered; the scenarios miss explanations", len(seen))
	}
	if s := (Step{Part: PartToDate, Quarter: 2, Key: "step.round", Args: []any{111.111}}); s.String() != "Q2 to date: Rounded to 2 decimals (half away from zero): 111.111" {
		t.Errorf("String() = %q", s.String())
	}
	if got := (Step{Part: PartQuarter, Quarter: 4}).Label("id"); got != "TW IV" {
		t.Errorf("label %q", got)
	}
	if got := (Step{Part: PartToDate, Quarter: 3}).Label("id"); got != "s.d. TW III" {
		t.Errorf("label %q", got)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		x      float64
		id, en string
	}{
		{0, "0", "0"},
		{110, "110", "110"},
		{110.5, "110,5", "110.5"},
		{1234.5, "1.234,5", "1,234.5"},
		{-1234567.25, "-1.234.567,25", "-1,234,567.25"},
		{111.11111111111111, "111,111111", "111.111111"},
		{-0.0000001, "-1e-07", "-1e-07"},
		{0.0000000001, "1e-10", "1e-10"},
		{2.5e20, "2,5e+20", "2.5e+20"},
		{-0.0000004, "-4e-07", "-4e-07"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.x, "id"); got != tt.id {
			t.Errorf("FormatNumber(%v, id) = %q, want %q", tt.x, got, tt.id)
		}
		if got := FormatNumber(tt.x, "en"); got != tt.en {
			t.Errorf("FormatNumber(%v, en) = %q, want %q", tt.x, got, tt.en)
		}
	}
}

func TestInputErrorMessages(t *testing.T) {
	rs := defaultRules(t)
	_, err := rs.Evaluate(Indicator{Polarity: PolarityMaximize, Consolidation: ConsolidationSum, Targets: optsOf(5, 0, 5, 5)}, false)
	ie := err.(*InputError)
	if got := err.Error(); got != "targets[1]: the Q2 target is 0, which cannot be scored when higher is better (maximize); leave that quarter without a target" {
		t.Errorf("Error() = %q", got)
	}
	if got := ie.Message("id"); got != "target TW II bernilai 0, padahal target 0 tidak dapat dinilai untuk indikator yang makin tinggi makin baik (maximize); kosongkan target triwulan itu" {
		t.Errorf("Message(id) = %q", got)
	}
	// A minimize indicator with a zero target needs its worst realisation:
	// the message says what to enter and why, in the words of the form.
	_, err = rs.Evaluate(Indicator{Polarity: PolarityMinimize, Consolidation: ConsolidationSum, Targets: optsOf(0, 5, 5, 5)}, false)
	ie = err.(*InputError)
	if ie.Field != "worst" || ie.Message("id") != "isi realisasi terburuk: target TW I bernilai 0, dan untuk indikator yang makin rendah makin baik (minimize) capaian dihitung terhadap realisasi terburuk" {
		t.Errorf("minimize with a zero target: %s %q", ie.Field, ie.Message("id"))
	}
}

// Messages shown to people speak their language, not the program's: no
// "polarity minimize" style jargon, no "finite", no bare "wajib:" prefix.
func TestInputMessagesArePlain(t *testing.T) {
	jargon := regexp.MustCompile(`(?i)polarit\w* (?:minimize|maximize|stabilize)|terhingga|\bfinite\b|^wajib:|^required:|\bmaximize (?:tidak|cannot)|\[Ca, capaian\]`)
	for key, m := range messages {
		if !strings.HasPrefix(key, "err.") {
			continue
		}
		for _, text := range []string{m.id, m.en} {
			if jargon.MatchString(text) {
				t.Errorf("%s: %q", key, text)
			}
		}
	}
}

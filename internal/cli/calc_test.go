package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the outputs in examples/README.md")

// runCalcTest runs "kinerja calc args..." in-process with stdin.
func runCalcTest(t testing.TB, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), append([]string{"calc"}, args...), func(string) string { return "" },
		strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// exampleBlock matches a documented command and the JSON block after it.
var exampleBlock = regexp.MustCompile("(?s)```sh\ngo run ./cmd/kinerja calc ([^\n]*)< (examples/[a-z0-9_-]+\\.json)\n```\n\n```json\n(.*?)```\n")

// TestExamples runs every command of examples/README.md and requires exactly
// the documented output. With -update it rewrites the outputs instead.
func TestExamples(t *testing.T) {
	root := filepath.Join("..", "..")
	readme := filepath.Join(root, "examples", "README.md")
	doc, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	matches := exampleBlock.FindAllSubmatchIndex(doc, -1)
	if len(matches) < 6 {
		t.Fatalf("found %d examples in %s", len(matches), readme)
	}
	seen := map[string]bool{}
	var rewritten bytes.Buffer
	last := 0
	for _, m := range matches {
		args := strings.Fields(string(doc[m[2]:m[3]]))
		file := string(doc[m[4]:m[5]])
		seen[file] = true
		input, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, _ := runCalcTest(t, string(input), args...)
		wantCode := exitOK
		if strings.Contains(stdout, `"error"`) {
			wantCode = exitBadInput
		}
		if code != wantCode {
			t.Errorf("%s %v: exit %d, want %d", file, args, code, wantCode)
		}
		if got, want := stdout, string(doc[m[6]:m[7]]); got != want && !*update {
			t.Errorf("%s %v: output differs from the README\ngot:\n%s\nwant:\n%s", file, args, got, want)
		}
		rewritten.Write(doc[last:m[6]])
		rewritten.WriteString(stdout)
		last = m[7]
	}
	rewritten.Write(doc[last:])
	for _, f := range []string{"achievement", "nko", "k3", "nkp"} {
		if !seen["examples/"+f+".json"] {
			t.Errorf("examples/README.md does not show examples/%s.json", f)
		}
	}
	if *update {
		if err := os.WriteFile(readme, rewritten.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCalcExplainLanguages(t *testing.T) {
	in := `{"kind":"achievement","polarity":"maximize","consolidation":"sum","targets":[10,null,null,null],"realisations":[11,null,null,null]}`
	_, id, _ := runCalcTest(t, in, "--explain")
	_, en, _ := runCalcTest(t, in, "--explain", "--lang", "en")
	_, plain, _ := runCalcTest(t, in)
	if !strings.Contains(id, "s.d. TW I: Capaian = R / T × 100 = 11 / 10 × 100 = 110") {
		t.Errorf("Indonesian explanation:\n%s", id)
	}
	if !strings.Contains(en, "Q1 to date: Achievement = R / T × 100 = 11 / 10 × 100 = 110") {
		t.Errorf("English explanation:\n%s", en)
	}
	if strings.Contains(plain, "explain") {
		t.Errorf("explanation without --explain:\n%s", plain)
	}
	var out struct {
		Quarters []struct {
			Achievement *float64 `json:"achievement"`
			Status      *string  `json:"status"`
		} `json:"quarters"`
		Year struct {
			Achievement *float64 `json:"achievement"`
		} `json:"year"`
	}
	if err := json.Unmarshal([]byte(plain), &out); err != nil {
		t.Fatal(err)
	}
	// SPEC §10.1: maximize T=10, R=11 → 110; the year is Q1's to-date figure.
	if q := out.Quarters[0]; *q.Achievement != 110 || *q.Status != "green" || *out.Year.Achievement != 110 {
		t.Errorf("output %s", plain)
	}
	if q := out.Quarters[1]; q.Achievement == nil || *q.Achievement != 110 || *q.Status != "green" {
		t.Errorf("Q2 carries Q1's to-date figure: %s", plain)
	}
}

func TestCalcBadInput(t *testing.T) {
	ach := func(extra string) string {
		return `{"kind":"achievement","polarity":"maximize","consolidation":"sum","targets":[1,2,3,4],"realisations":[null,null,null,null]` + extra + `}`
	}
	tests := []struct {
		name, input, field string
		args               []string
	}{
		{"empty stdin", "", "input", nil},
		{"blank stdin", " \n\t", "input", nil},
		{"malformed JSON", `{"kind":`, "input", nil},
		{"NaN", `{"kind":"achievement","targets":[NaN,1,1,1]}`, "input", nil},
		{"two objects", `{"kind":"k3"} {"kind":"k3"}`, "input", nil},
		{"not an object", `[1, 2]`, "input", nil},
		{"null", `null`, "input", nil},
		{"no kind", `{"polarity":"maximize"}`, "kind", nil},
		{"unknown kind", `{"kind":"nkx"}`, "kind", nil},
		{"kind not a string", `{"kind":3}`, "kind", nil},
		{"unknown rule set", ach(`,"ruleset":"KMK-1-1999"`), "ruleset", nil},
		{"unknown field", ach(`,"max_targett":true`), "max_targett", nil},
		{"field in other case", ach(`,"Targets":[1,1,1,1]`), "Targets", nil},
		{"unknown polarity", strings.Replace(ach(""), "maximize", "maximise", 1), "polarity", nil},
		{"unknown consolidation", strings.Replace(ach(""), `"sum"`, `"total"`, 1), "consolidation", nil},
		{"three targets", strings.Replace(ach(""), "[1,2,3,4]", "[1,2,3]", 1), "targets", nil},
		{"target as string", strings.Replace(ach(""), "[1,2,3,4]", `[1,"2",3,4]`, 1), "targets[1]", nil},
		{"huge number", strings.Replace(ach(""), "[1,2,3,4]", `[1,2,3,1e999]`, 1), "targets[3]", nil},
		{"beyond 10^15", strings.Replace(ach(""), "[1,2,3,4]", `[1,2,1e308,4]`, 1), "targets[2]", nil},
		{"realisation beyond -10^15", strings.Replace(ach(""), "[null,null,null,null]", `[-1000000000000001,null,null,null]`, 1), "realisations[0]", nil},
		{"weight beyond 10^15", `{"kind":"nko","perspectives":[{"name":"customer","weight":1e16,"objectives":[{"code":"SS-1","indicators":[{"achievement":100}]}]}]}`, "perspectives[0].weight", nil},
		{"missing realisations", `{"kind":"achievement","polarity":"maximize","consolidation":"sum","targets":[1,2,3,4]}`, "realisations", nil},
		{"maximize with target 0", strings.Replace(ach(""), "[1,2,3,4]", `[0,2,3,4]`, 1), "targets[0]", nil},
		{"minimize with target 0 and no worst", strings.Replace(strings.Replace(ach(""), "maximize", "minimize", 1), "[1,2,3,4]", `[1,0,3,4]`, 1), "worst", nil},
		{"stabilize without scale", strings.Replace(ach(""), "maximize", "stabilize", 1), "stabilize_scale", nil},
		{"scale point not a pair", strings.Replace(ach(`,"stabilize_scale":[[0,0],[90]]`), "maximize", "stabilize", 1), "stabilize_scale[1]", nil},
		{"max_target not a bool", ach(`,"max_target":"yes"`), "max_target", nil},
		{"realisation without target", `{"kind":"achievement","polarity":"maximize","consolidation":"sum","targets":[1,null,3,4],"realisations":[null,5,null,null]}`, "realisations[1]", nil},
		{"forbidden K3 pair", `{"kind":"k3","validity":"activity","control":"low","polarity":"maximize","history":"new_without_history"}`, "control", nil},
		{"K3 missing history", `{"kind":"k3","validity":"proxy","control":"low","polarity":"maximize"}`, "history", nil},
		{"NKO weights not 100", `{"kind":"nko","perspectives":[{"name":"customer","weight":60,"objectives":[{"code":"SS-1","indicators":[{"achievement":100}]}]}]}`, "perspectives", nil},
		{"NKO nested unknown field", `{"kind":"nko","perspectives":[{"name":"customer","weight":100,"objectives":[{"code":"SS-1","indicators":[{"achievment":100}]}]}]}`, "perspectives[0].objectives[0].indicators[0].achievment", nil},
		{"NKO nested wrong type", `{"kind":"nko","perspectives":[{"name":"customer","weight":100,"objectives":[{"code":"SS-1","indicators":[7]}]}]}`, "perspectives[0].objectives[0].indicators[0]", nil},
		{"NKP calibration cap", `{"kind":"nkp","nhk":100,"npk":100,"calibration_cap":110,"levels_below_head":0,"nko":100}`, "calibration_cap", nil},
		{"NKP fractional level", `{"kind":"nkp","nhk":100,"npk":100,"calibration_cap":115,"levels_below_head":1.5,"nko":100}`, "levels_below_head", nil},
		{"NKP correction", `{"kind":"nkp","nhk":100,"npk":100,"calibration_cap":115,"levels_below_head":0,"nko":100,"correction":6}`, "correction", nil},
		{"NKP both npk and behaviour", `{"kind":"nkp","nhk":100,"npk":100,"behaviour":[],"calibration_cap":115,"levels_below_head":0,"nko":100}`, "npk", nil},
		{"NKP six scores", `{"kind":"nkp","nhk":100,"behaviour":[1,2,3,4,5,6],"calibration_cap":115,"levels_below_head":0,"nko":100}`, "behaviour", nil},
		{"NKP missing nko", `{"kind":"nkp","nhk":100,"npk":100,"calibration_cap":115,"levels_below_head":0}`, "nko", nil},
		{"bad language", ach(""), "--lang", []string{"--lang", "fr"}},
		{"unknown flag", ach(""), "flags", []string{"--verbose"}},
		{"argument", ach(""), "flags", []string{"input.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCalcTest(t, tt.input, tt.args...)
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d; stdout %s", code, exitBadInput, stdout)
			}
			var out map[string]string
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("stdout is not a JSON object: %q", stdout)
			}
			if out["field"] != tt.field || !strings.HasPrefix(out["error"], tt.field+": ") {
				t.Errorf("error %q names field %q, want %q", out["error"], out["field"], tt.field)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if tt.args == nil && (len(lines) != 1 || !strings.HasPrefix(lines[0], "kinerja calc: ")) {
				t.Errorf("stderr is not one line: %q", stderr)
			}
		})
	}
}

func TestCalcHelp(t *testing.T) {
	code, stdout, stderr := runCalcTest(t, "", "-h")
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "Usage: kinerja calc") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	var out bytes.Buffer
	Run(context.Background(), nil, func(string) string { return "" }, strings.NewReader(""), &out, &out)
	if !strings.Contains(out.String(), "calc") {
		t.Errorf("calc is not listed:\n%s", out.String())
	}
}

// FuzzCalc: whatever arrives on stdin, kinerja calc answers with one JSON
// object and exit 0, or an error object and exit 2; it never panics.
func FuzzCalc(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	for _, s := range []string{
		"", "{}", "null", "[]", `{"kind":"achievement"}`, `{"kind":"nko","perspectives":[{}]}`,
		`{"kind":"nkp","indicators":[{"achievement":1e308,"k3":1,"days":366}],"behaviour":[1e308,1e308,1e308,1e308,1e308,1e308,1e308],"calibration_cap":120,"levels_below_head":99,"nko":0}`,
		`{"kind":"achievement","polarity":"stabilize","consolidation":"average","targets":[-1e308,1e308,5e-324,1],"realisations":[1e308,-1e308,-5e-324,null],"stabilize_scale":[[-1e308,1e308],[1e308,-1e308]],"max_target":true}`,
		`{"kind":"k3","validity":"proxy","control":"high","polarity":"minimize","history":"mandatory","target":-0,"prev_target":0,"prev_realisation":-0}`,
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, input []byte, explain bool) {
		args := []string{}
		if explain {
			args = append(args, "--explain", "--lang", "en")
		}
		code, stdout, _ := runCalcTest(t, string(input), args...)
		var out map[string]any
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("stdout is not one JSON object (exit %d): %q", code, stdout)
		}
		_, isErr := out["error"]
		switch {
		case code == exitOK && !isErr, code == exitBadInput && isErr:
		default:
			t.Fatalf("exit %d with %s", code, stdout)
		}
	})
}

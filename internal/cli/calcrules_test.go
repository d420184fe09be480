package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/service"
)

// otherRules is the embedded rule set under another id with the NKP awal
// shares moved from 75/25 to 60/40, so that a result shows which set made it.
func otherRules(t *testing.T, id string) []byte {
	t.Helper()
	data, err := os.ReadFile("../calc/rules/kmk-127-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["id"], m["title"] = id, "KMK 127/2026 dengan bobot NKP 60/40"
	nkp := m["nkp"].(map[string]any)
	nkp["nhk_share"], nkp["npk_share"] = 60, 40
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// nkpOf runs an NKP of NHK 110 and NPK 90 by the rule set named (or none)
// and returns the ruleset and NKP awal answered.
func nkpOf(t *testing.T, ruleset string, args ...string) (string, float64) {
	t.Helper()
	in := `{"kind":"nkp","nhk":110,"npk":90,"calibration_cap":115,"levels_below_head":2,"nko":100` + ruleset + `}`
	code, stdout, stderr := runCalcTest(t, in, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	var out struct {
		RuleSet    string  `json:"ruleset"`
		NKPInitial float64 `json:"nkp_initial"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out.RuleSet, out.NKPInitial
}

// TestCalcRuleSetFile: --rules computes by a rule-set file when the input
// names no rule set or names the file's, and refuses a bad file.
func TestCalcRuleSetFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "rules.json")
	if err := os.WriteFile(file, otherRules(t, "KMK-127-2026-UJI"), 0o600); err != nil {
		t.Fatal(err)
	}
	// NHK 110 and NPK 90 as given: 75/25 → 105, 60/40 → 102.
	if id, v := nkpOf(t, ""); id != "KMK-127-2026" || v != 105 {
		t.Errorf("embedded: %s %v", id, v)
	}
	for _, named := range []string{"", `,"ruleset":"KMK-127-2026-UJI"`} {
		if id, v := nkpOf(t, named, "--rules", file); id != "KMK-127-2026-UJI" || v != 102 {
			t.Errorf("file (%q): %s %v", named, id, v)
		}
	}
	if id, _ := nkpOf(t, `,"ruleset":"KMK-127-2026"`, "--rules", file); id != "KMK-127-2026" {
		t.Errorf("an input naming an embedded set got %s", id)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"id":"X"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--rules", bad}, {"--rules", bad + ".missing"}, {"--rules", file, "--data", t.TempDir()}} {
		code, stdout, _ := runCalcTest(t, `{"kind":"nkp"}`, args...)
		if code != exitBadInput || !strings.Contains(stdout, `"field": "--rules"`) {
			t.Errorf("%v: exit %d, %s", args, code, stdout)
		}
	}
}

// TestCalcInstalledRuleSet: with --data, an input may name a rule set
// installed in that installation.
func TestCalcInstalledRuleSet(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg, _, err := config.Load("test", []string{"--data", dir}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, app.NewLogger(cfg, &strings.Builder{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Service.InstallRuleSet(ctx, service.SystemActor(), otherRules(t, "KMK-127-2026-KANTOR")); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if id, v := nkpOf(t, `,"ruleset":"KMK-127-2026-KANTOR"`, "--data", dir); id != "KMK-127-2026-KANTOR" || v != 102 {
		t.Errorf("installed: %s %v", id, v)
	}
	if id, v := nkpOf(t, "", "--data", dir); id != "KMK-127-2026" || v != 105 {
		t.Errorf("no ruleset named: %s %v", id, v)
	}
	// Without the installation the id is unknown.
	code, stdout, _ := runCalcTest(t, `{"kind":"nkp","ruleset":"KMK-127-2026-KANTOR"}`)
	if code != exitBadInput || !strings.Contains(stdout, `"field": "ruleset"`) {
		t.Errorf("unknown id: exit %d, %s", code, stdout)
	}
}

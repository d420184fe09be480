package calc

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every check message of a rule set has its Indonesian; an Indonesian
// refusal reads in Indonesian.
func TestRuleSetMessagesTranslated(t *testing.T) {
	fail := regexp.MustCompile(`(?:fail\([^,]+,|ruleSetErr\([^,]+,)\s*("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `)`)
	for _, f := range []string{"ruleset.go", "evaluation.go", "distribution.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ms := fail.FindAllStringSubmatch(string(src), -1)
		if len(ms) == 0 {
			t.Fatalf("%s: no check messages found", f)
		}
		for _, m := range ms {
			format := m[1][1 : len(m[1])-1]
			if m[1][0] == '"' {
				format = strings.ReplaceAll(format, `\"`, `"`)
			}
			if format == "format" {
				continue // the helper itself
			}
			if _, ok := ruleSetMessagesID[format]; !ok {
				t.Errorf("%s: %q has no Indonesian in ruleSetMessagesID", f, format)
			}
		}
	}
	_, err := ParseRuleSet(editJSON(t, func(m map[string]any) { obj(m, "status")["yellow_min"] = 100 }))
	var rse *RuleSetError
	if !errors.As(err, &rse) {
		t.Fatalf("err = %v", err)
	}
	if got, want := rse.Text("id"), "aturan perhitungan: status.yellow_min: harus di bawah status.green_min"; got != want {
		t.Errorf("Text(id) = %q, want %q", got, want)
	}
	if got, want := rse.Text("en"), "rule set: status.yellow_min: must be below status.green_min"; got != want {
		t.Errorf("Text(en) = %q, want %q", got, want)
	}
	_, err = ParseRuleSet(editJSON(t, func(m map[string]any) { m["iiaa_threshold"] = "100" }))
	if !errors.As(err, &rse) || rse.Detail("id") != "seharusnya angka, bukan string" {
		t.Errorf("type error in Indonesian = %q", rse.Detail("id"))
	}
}

func TestDiffRuleSets(t *testing.T) {
	def := defaultJSON(t)
	changed := editJSON(t, func(m map[string]any) {
		obj(m, "status")["yellow_min"] = 85
		obj(m, "nko")["predicates"].([]any)[0].(map[string]any)["label"] = "Istimewa"
		delete(obj(m, "status"), "note")
		obj(m, "limits")["note"] = "changed"
		m["notes"] = []any{}
	})
	got, err := DiffRuleSets(def, changed)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]FieldDiff{}
	for _, d := range got {
		byPath[d.Path] = d
	}
	if d := byPath["status.yellow_min"]; d.From != "80" || d.To != "85" {
		t.Errorf("status.yellow_min = %+v", d)
	}
	if d := byPath["nko.predicates[0].label"]; d.From != `"Sangat Baik"` || d.To != `"Istimewa"` {
		t.Errorf("nko.predicates[0].label = %+v", d)
	}
	if d := byPath["status.note"]; !d.ToMissing || d.FromMissing {
		t.Errorf("removed note = %+v", d)
	}
	if d := byPath["notes"]; !d.FromMissing || d.To != "[]" {
		t.Errorf("emptied list = %+v", d)
	}
	if d := byPath["notes[0]"]; !d.ToMissing {
		t.Errorf("notes[0] = %+v", d)
	}
	if _, ok := byPath["achievement.cap"]; ok {
		t.Error("an unchanged field is listed")
	}
	if same, _ := DiffRuleSets(def, def); len(same) != 0 {
		t.Errorf("a file against itself: %v", same)
	}
	if _, err := DiffRuleSets(def, []byte("{")); err == nil {
		t.Error("broken JSON compared")
	}
}

// The digest is of the content, not its spacing or key order.
func TestRuleSetDigest(t *testing.T) {
	def := defaultJSON(t)
	a, err := ParseRuleSet(def)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseRuleSet(editJSON(t, func(map[string]any) {})) // re-encoded: other order and spacing
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest() != b.Digest() {
		t.Error("the same rules re-encoded have another digest")
	}
	c, err := ParseRuleSet(editJSON(t, func(m map[string]any) { obj(m, "status")["yellow_min"] = 85 }))
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest() == c.Digest() {
		t.Error("changed rules keep the digest")
	}
	if string(a.Source()) != string(def) {
		t.Error("Source is not the file parsed")
	}
}

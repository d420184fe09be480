package web

import "testing"

// Pages are parsed on first use, so a broken one would only show when
// someone opens it: parse them all here.
func TestEveryTemplateParses(t *testing.T) {
	ps, err := newPageSet()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.pages) < 10 {
		t.Fatalf("only %d page templates", len(ps.pages))
	}
	for name := range ps.pages {
		if _, err := ps.get(name); err != nil {
			t.Error(err)
		}
	}
	if _, err := ps.get("no-such-page"); err == nil {
		t.Error("an unknown page has a template")
	}
}

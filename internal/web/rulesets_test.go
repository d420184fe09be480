package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// ruleFile is the default rule set with edit applied.
func ruleFile(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	rs, err := calc.GetRuleSet(calc.DefaultRuleSetID)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(rs.Source(), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An admin uploads a rule set: a wrong file is refused naming the field in
// the reader's language (the account's: Indonesian); a good one is listed and shows its differences.
func TestRuleSetPages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := webtest.New(t, engine)
			admin := f.Login(t, "admin")
			bad := ruleFile(t, func(m map[string]any) {
				m["id"] = "KMK-X"
				m["nkp"].(map[string]any)["npk_share"] = 20
			})
			r := upload(t, admin, f.URL+"/rule-sets", "salah.json", bad)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "salah.json tidak dipasang") ||
				!strings.Contains(r.Body, "nkp: nhk_share dan npk_share harus berjumlah 100, bukan 95") {
				t.Fatalf("invalid upload: %d\n%s", r.Status, r.Body)
			}
			good := ruleFile(t, func(m map[string]any) {
				m["id"], m["title"] = "KMK-127-2026-K1", "Koreksi satu"
				m["evaluation"].(map[string]any)["rater_group_weights"].(map[string]any)["supervisor"] = 2
			})
			r = upload(t, admin, f.URL+"/rule-sets", "koreksi.json", good)
			if r.Status != http.StatusSeeOther || r.Location() != "/rule-sets/KMK-127-2026-K1" {
				t.Fatalf("upload: %d %s\n%s", r.Status, r.Location(), r.Body)
			}
			peng := f.Login(t, f.Username(t, f.Office.Pengelola))
			page := peng.Get("/rule-sets/KMK-127-2026-K1")
			for _, want := range []string{"evaluation.rater_group_weights.supervisor", "<td class=\"mono\">1</td>", "<td class=\"mono\">2</td>", "Koreksi satu"} {
				if !strings.Contains(page.Body, want) {
					t.Errorf("detail page lacks %q", want)
				}
			}
			list := peng.Get("/rule-sets")
			if !strings.Contains(list.Body, "KMK-127-2026-K1") || strings.Contains(list.Body, `action="/rule-sets"`) {
				t.Errorf("list for the pengelola kinerja: %d", list.Status)
			}
			if r := admin.Get("/rule-sets/KMK-127-2026-K1/file"); r.Body != string(good) {
				t.Error("the file downloaded is not the file installed")
			}
			if r := admin.Get("/years/" + strconv.Itoa(f.Office.Year)); !strings.Contains(r.Body, "KMK-127-2026-K1") {
				t.Error("the year form does not offer the installed set")
			}
		})
	}
}

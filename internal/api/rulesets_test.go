package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// postFile sends a rule-set file as the body of POST /rule-sets.
func postFile(t *testing.T, e *env, token string, file []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+"/rule-sets", bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func editedRules(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	rs, _ := calc.GetRuleSet(calc.DefaultRuleSetID)
	var m map[string]any
	if err := json.Unmarshal(rs.Source(), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ := json.Marshal(m)
	return b
}

// Installing through the API: 201, then 200 for the same content, 422
// naming the field for a wrong file, 409 for a taken id; the detail lists
// the differences; a year with official figures keeps its rule set.
func TestRuleSetAPI(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			e.t = t
			good := editedRules(t, func(m map[string]any) {
				m["id"] = "KMK-127-2026-API"
				m["nkp"].(map[string]any)["rating"].(map[string]any)["meets_min"] = 95
			})
			if st, b := postFile(t, e, e.admin, good); st != http.StatusCreated {
				t.Fatalf("install: %d %s", st, b)
			}
			if st, b := postFile(t, e, e.admin, good); st != http.StatusOK {
				t.Fatalf("second install: %d %s", st, b)
			}
			bad := editedRules(t, func(m map[string]any) {
				m["id"] = "KMK-127-2026-API2"
				m["status"].(map[string]any)["yellow_min"] = 120
			})
			st, b := postFile(t, e, e.admin, bad)
			if st != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"location":"body.status.yellow_min"`) ||
				!strings.Contains(string(b), "must be below status.green_min") {
				t.Fatalf("invalid file: %d %s", st, b)
			}
			taken := editedRules(t, func(m map[string]any) { m["id"] = "KMK-127-2026-API" })
			if st, b := postFile(t, e, e.admin, taken); st != http.StatusConflict {
				t.Fatalf("id taken: %d %s", st, b)
			}
			if st, _ := postFile(t, e, e.pengelola, good); st != http.StatusForbidden {
				t.Fatalf("pengelola installs: %d", st)
			}

			var list struct{ Items []api.RuleSet }
			e.call(e.pengelola, "GET", "/rule-sets", nil, http.StatusOK, &list)
			if len(list.Items) != 2 || list.Items[1].ID != "KMK-127-2026-API" || !list.Items[1].Installed || list.Items[0].Installed {
				t.Fatalf("list = %+v", list.Items)
			}
			var d api.RuleSetDetail
			e.call(e.pengelola, "GET", "/rule-sets/KMK-127-2026-API", nil, http.StatusOK, &d)
			if d.Base != calc.DefaultRuleSetID || len(d.Diff) != 2 || d.Diff[1].Path != "nkp.rating.meets_min" ||
				*d.Diff[1].Embedded != "90" || *d.Diff[1].Installed != "95" || d.Source != string(good) {
				t.Fatalf("detail = %+v", d.Diff)
			}
			e.call(e.pengelola, "GET", "/rule-sets/NONE", nil, http.StatusNotFound, nil)

			var doc struct {
				Paths map[string]map[string]struct {
					RequestBody struct {
						Content map[string]struct{ Schema struct{ Type string } }
					} `json:"requestBody"`
				}
			}
			e.call("", "GET", "/openapi.json", nil, http.StatusOK, &doc)
			if typ := doc.Paths["/rule-sets"]["post"].RequestBody.Content["application/json"].Schema.Type; typ != "object" {
				t.Errorf("documented body type = %q, want object", typ)
			}

			// The demo year has closed quarters, verified lines and a decree.
			var prob struct{ Detail string }
			e.call(e.pengelola, "PUT", fmt.Sprintf("/years/%d/rule-set", e.year), map[string]any{"rule_set": "KMK-127-2026-API"}, http.StatusConflict, &prob)
			if !strings.Contains(prob.Detail, "official figures") {
				t.Errorf("refusal = %q", prob.Detail)
			}
		})
	}
}

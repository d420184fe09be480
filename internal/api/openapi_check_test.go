package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"

	"github.com/kinerja/kinerja/internal/api"
)

// openAPIDocument fetches the API's OpenAPI document as served.
func openAPIDocument(t *testing.T) []byte {
	t.Helper()
	srv := httptest.NewServer(api.New(nil, slog.New(slog.DiscardHandler), "test"))
	defer srv.Close()
	res, err := http.Get(srv.URL + api.Prefix + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d %v", res.StatusCode, err)
	}
	return b
}

// TestOpenAPIDocumentIsValid checks the document against the OpenAPI 3.1
// schema with an independent validator, and holds every operation to the
// conventions an integrator relies on: a description, tags declared at the
// top of the document, and its client errors (4xx) documented.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	b := openAPIDocument(t)
	doc, err := libopenapi.NewDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	if ok, verrs := schema_validation.ValidateOpenAPIDocument(doc); !ok {
		for _, e := range verrs {
			t.Errorf("invalid document: %s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  at %s: %s", se.FieldPath, se.Reason)
			}
		}
	}
	// The validator is awake: a document with a misspelt member is refused.
	bad, err := libopenapi.NewDocument([]byte(strings.Replace(string(b), `"paths":`, `"pathz":`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := schema_validation.ValidateOpenAPIDocument(bad); ok {
		t.Error("the validator accepts a document without paths but with pathz")
	}
	// Every reference resolves. A cascade node holds its children, a tree
	// that an empty list ends, which the model builder reports as a cycle.
	if _, err := doc.BuildV3Model(); err != nil {
		for _, e := range unjoin(err) {
			if !strings.Contains(e.Error(), "circular reference detected: CascadeNode") {
				t.Errorf("model: %v", e)
			}
		}
	}

	var d struct {
		OpenAPI string `json:"openapi"`
		Tags    []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"tags"`
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Description string                     `json:"description"`
			Tags        []string                   `json:"tags"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.1") {
		t.Errorf("openapi %q, want 3.1", d.OpenAPI)
	}
	declared := map[string]bool{}
	for _, tag := range d.Tags {
		if tag.Description == "" {
			t.Errorf("tag %q has no description", tag.Name)
		}
		declared[tag.Name] = true
	}
	ops := 0
	for path, item := range d.Paths {
		for method, op := range item {
			if !slices.Contains([]string{"get", "put", "post", "delete", "patch"}, method) {
				continue
			}
			ops++
			what := strings.ToUpper(method) + " " + path
			if strings.TrimSpace(op.Description) == "" {
				t.Errorf("%s has no description", what)
			}
			if len(op.Tags) == 0 {
				t.Errorf("%s has no tag", what)
			}
			for _, tag := range op.Tags {
				if !declared[tag] {
					t.Errorf("%s uses the undeclared tag %q", what, tag)
				}
			}
			var client []string
			for code := range op.Responses {
				if code[0] == '4' {
					client = append(client, code)
				}
			}
			sort.Strings(client)
			if len(client) == 0 {
				t.Errorf("%s documents no 4xx answer (only %v)", what, sortedKeys(op.Responses))
			} else if path != "/openapi.json" && !strings.HasPrefix(path, "/openapi") && !slices.Contains(client, "401") {
				t.Errorf("%s documents %v but not 401", what, client)
			}
		}
	}
	if ops < 50 {
		t.Errorf("only %d operations in the document", ops)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := keys(m)
	sort.Strings(out)
	return out
}

// unjoin lists the errors joined in err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

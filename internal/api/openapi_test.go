package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// planningOps are the planning operations: method and path.
var planningOps = []struct{ method, path string }{
	{"GET", "/strategy-maps/{year}/{office}"},
	{"PUT", "/strategy-maps/{year}/{office}/perspectives"},
	{"POST", "/strategy-maps/{year}/{office}/objectives"},
	{"PUT", "/strategy-maps/{year}/{office}/objectives/{id}"},
	{"DELETE", "/strategy-maps/{year}/{office}/objectives/{id}"},
	{"GET", "/plans"},
	{"POST", "/plans"},
	{"GET", "/plans/{id}"},
	{"GET", "/plans/{id}/versions"},
	{"GET", "/plans/{id}/diff"},
	{"POST", "/plans/{id}/lines"},
	{"PUT", "/plans/{id}/lines/{line}"},
	{"DELETE", "/plans/{id}/lines/{line}"},
	{"POST", "/plans/{id}/submit"},
	{"POST", "/plans/{id}/approve"},
	{"POST", "/plans/{id}/return"},
	{"POST", "/plans/{id}/amend"},
	{"PUT", "/plans/{id}/attachment"},
	{"POST", "/plans/{id}/tasks"},
	{"DELETE", "/plans/{id}/tasks/{task}"},
	{"POST", "/plans/{id}/lines/{line}/cascade"},
	{"GET", "/years/{year}/cascade"},
	{"GET", "/years/{year}/k3"},
	{"GET", "/lines/{line}/comments"},
	{"POST", "/lines/{line}/comments"},
}

type openAPIDoc struct {
	Paths map[string]map[string]struct {
		OperationID string         `json:"operationId"`
		Summary     string         `json:"summary"`
		Tags        []string       `json:"tags"`
		Responses   map[string]any `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]struct {
				Type  any   `json:"type"`
				Enum  []any `json:"enum"`
				Items *struct {
					Type any `json:"type"`
				} `json:"items"`
			} `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

func TestOpenAPIDescribesPlanning(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	e := &env{t: t, url: serve(t, service.New(st, service.Options{})).URL + api.Prefix}
	var doc openAPIDoc
	e.call("", http.MethodGet, "/openapi.json", nil, http.StatusOK, &doc)
	for _, op := range planningOps {
		o, ok := doc.Paths[op.path][map[string]string{"GET": "get", "PUT": "put", "POST": "post", "DELETE": "delete"}[op.method]]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", op.method, op.path)
			continue
		}
		if o.Summary == "" || len(o.Tags) == 0 || o.OperationID == "" {
			t.Errorf("%s %s lacks a summary, tags or an operation ID", op.method, op.path)
		}
		var errs []string
		for code := range o.Responses {
			if code[0] == '4' {
				errs = append(errs, code)
			}
		}
		if !slices.Contains(errs, "401") || len(errs) < 3 {
			t.Errorf("%s %s documents the errors %v only", op.method, op.path, errs)
		}
	}
	// Optional numbers are numbers or null, not objects.
	line := doc.Components.Schemas["Line"]
	typ, _ := json.Marshal(line.Properties["annual_target"].Type)
	if string(typ) != `["number","null"]` {
		t.Errorf("annual_target type = %s, want number or null", typ)
	}
	if it := line.Properties["targets"].Items; it == nil {
		t.Error("targets has no item schema")
	} else if b, _ := json.Marshal(it.Type); string(b) != `["number","null"]` {
		t.Errorf("targets item type = %s", b)
	}
	if enum := doc.Components.Schemas["Version"].Properties["status"].Enum; !slices.Contains(enum, any("approved")) {
		t.Errorf("version status enum = %v", enum)
	}
}

package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestInitiativesRoundTrip adds an initiative, reports its progress as its
// owner and reads both back, on every engine, with the refusals of the API.
func TestInitiativesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			base := fmt.Sprintf("/strategy-maps/%d/%d/initiatives", e.year, e.off.OfficeID)
			var list struct {
				Items []api.Initiative `json:"items"`
				Total int              `json:"total"`
			}
			e.call(e.staffBank, "GET", base, nil, http.StatusOK, &list)
			if len(list.Items) != 2 || list.Total != 2 {
				t.Fatalf("demo initiatives: %d of %d", len(list.Items), list.Total)
			}
			is1 := list.Items[0]
			if is1.Code != "IS-1" || len(is1.Progress) != 2 || is1.Progress[1].Quarter != 2 || len(is1.Milestones) != 4 {
				t.Fatalf("IS-1 = %+v", is1)
			}
			owner := e.off.Staff["BANK"][0]
			body := map[string]any{"code": "IS-3", "name": "Rekonsiliasi otomatis rekening satker", "objective_id": is1.ObjectiveID,
				"owner_id": owner, "milestones": []map[string]any{{"name": "Uji coba", "due": fmt.Sprintf("%d-12-31", e.year+1)}}}
			var p problem
			e.call(e.pengelola, "POST", base, body, http.StatusUnprocessableEntity, &p)
			if len(p.Errors) != 1 || p.Errors[0].Location != "body.milestones[0].due" {
				t.Errorf("milestone due next year: %+v", p)
			}
			body["milestones"] = []map[string]any{{"name": "Uji coba", "due": fmt.Sprintf("%d-12-31", e.year)}}
			var x api.Initiative
			e.call(e.pengelola, "POST", base, body, http.StatusCreated, &x)
			if x.OwnerID != owner || x.Revision != 0 || len(x.Milestones) != 1 || x.Link == "" {
				t.Errorf("created %+v", x)
			}
			path := fmt.Sprintf("%s/%d", base, x.ID)
			e.call(e.head, "PUT", path+"/progress/2", map[string]any{"percent": 10}, http.StatusForbidden, nil)
			e.call(e.staffBank, "PUT", path+"/progress/2", map[string]any{"percent": 101}, http.StatusUnprocessableEntity, &p)
			if len(p.Errors) != 1 || p.Errors[0].Location != "body.percent" {
				t.Errorf("percent 101: %+v", p)
			}
			e.call(e.staffBank, "PUT", path+"/progress/2", map[string]any{"revision": 0, "percent": 35, "note": "Uji coba di 12 satker",
				"documents": []map[string]any{{"url": "https://kppn.example.go.id/rekon"}}}, http.StatusOK, &x)
			if len(x.Progress) != 1 || x.Progress[0].Percent != 35 || len(x.Progress[0].Documents) != 1 || x.Revision != 1 {
				t.Errorf("after progress: %+v", x)
			}
			body["revision"], body["name"] = 0, "Rekonsiliasi otomatis"
			e.call(e.head, "PUT", path, body, http.StatusConflict, nil)
			body["revision"] = 1
			e.call(e.head, "PUT", path, body, http.StatusOK, &x)
			if x.Revision != 2 || x.Name != "Rekonsiliasi otomatis" {
				t.Errorf("after change: %+v", x)
			}
			e.call(e.head, "PUT", path, body, http.StatusOK, &x)
			if x.Revision != 2 {
				t.Errorf("identical PUT moved the revision to %d", x.Revision)
			}
			doc := is1.Progress[0].Documents[0]
			raw := e.call(e.pemeriksa, "GET", strings.TrimPrefix(doc.Download, api.Prefix), nil, http.StatusOK, nil)
			if !strings.HasPrefix(string(raw), "%PDF") {
				t.Errorf("document of IS-1 starts %.10q", raw)
			}
			e.call(e.head, "DELETE", path+"?revision=2", nil, http.StatusNoContent, nil)
			e.call(e.head, "GET", base, nil, http.StatusOK, &list)
			if len(list.Items) != 2 {
				t.Errorf("after delete: %d items", len(list.Items))
			}
		})
	}
}

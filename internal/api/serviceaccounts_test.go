package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// draftQ3 finds an SKP of the demo office whose Q3 sheet is a draft.
func (e *env) draftQ3() (planID, owner int64) {
	e.t.Helper()
	ctx := context.Background()
	list, err := e.svc.ListPlans(ctx, service.SystemActor(), e.off.Year, e.off.OfficeID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range list {
		if p.Plan.Kind != domain.PlanSKP || !p.Approved {
			continue
		}
		if v, err := e.svc.GetSheet(ctx, service.SystemActor(), p.Plan.ID, 3); err == nil && v.Sheet.Status == domain.SheetDraft {
			return p.Plan.ID, p.Plan.EmployeeID
		}
	}
	e.t.Fatal("no draft Q3 sheet in the demo office")
	return 0, 0
}

// TestServiceAccounts follows a service account through its life: made by
// an admin, it saves a value on a sheet of its office for the owner, is
// refused everything else, shows in the change feed under its name on the
// owner's behalf, and its token dies with it.
func TestServiceAccounts(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			e.t = t
			body := map[string]any{"name": "Sinkronisasi SIMPEG", "office": e.off.OfficeID, "scopes": []string{"write-realisation"}}
			for _, tok := range []string{e.pengelola, e.head, e.pemeriksa} {
				e.call(tok, "POST", "/service-accounts", body, http.StatusForbidden, nil)
			}
			var p problem
			e.call(e.admin, "POST", "/service-accounts", map[string]any{"name": "x", "office": e.off.Sections["BANK"], "scopes": []string{"read"}}, http.StatusUnprocessableEntity, &p)
			if !pointsAt(p, "body.office") {
				t.Errorf("a section as office: %v", where(p))
			}
			e.call(e.admin, "POST", "/service-accounts", map[string]any{"name": "x", "office": e.off.OfficeID, "scopes": []string{"admin"}}, http.StatusUnprocessableEntity, nil)

			var sa api.NewServiceAccount
			e.call(e.admin, "POST", "/service-accounts", body, http.StatusCreated, &sa)
			if sa.Token == "" || sa.OfficeID != e.off.OfficeID || len(sa.Scopes) != 1 {
				t.Fatalf("service account %+v", sa)
			}
			// A retry (the token of the first answer lost) makes no second account.
			e.call(e.admin, "POST", "/service-accounts", body, http.StatusConflict, &p)
			if !strings.Contains(p.Detail, "Sinkronisasi SIMPEG") {
				t.Errorf("a second account of the same name: %+v", p)
			}
			var list struct {
				Items []api.ServiceAccount `json:"items"`
				Total int                  `json:"total"`
			}
			e.call(e.admin, "GET", "/service-accounts", nil, http.StatusOK, &list)
			if list.Total != 1 || list.Items[0].ID != sa.ID {
				t.Errorf("list %+v", list)
			}

			var start struct{ Next string }
			e.call(sa.Token, "GET", "/changes?since=latest", nil, http.StatusOK, &start)

			plan, owner := e.draftQ3()
			var sheet struct {
				Revision int `json:"revision"`
				Lines    []struct {
					LineID    int64 `json:"line_id"`
					HasTarget bool  `json:"has_target"`
				} `json:"lines"`
			}
			e.call(sa.Token, "GET", fmt.Sprintf("/plans/%d/quarters/3", plan), nil, http.StatusOK, &sheet)
			var line int64
			for _, l := range sheet.Lines {
				if l.HasTarget && line == 0 {
					line = l.LineID
				}
			}
			put := fmt.Sprintf("/plans/%d/lines/%d/quarters/3", plan, line)
			save := map[string]any{"revision": sheet.Revision, "value": 3, "note": "dari SIMPEG"}
			e.call(sa.Token, "PUT", put, save, http.StatusOK, nil)
			e.call(sa.Token, "PUT", put, save, http.StatusOK, nil) // the nightly retry
			e.call(sa.Token, "POST", fmt.Sprintf("/plans/%d/quarters/3/submit", plan), map[string]any{"revision": sheet.Revision + 1}, http.StatusForbidden, nil)
			e.call(sa.Token, "GET", fmt.Sprintf("/plans/%d/scores/3", plan), nil, http.StatusForbidden, nil)
			e.call(sa.Token, "POST", "/service-accounts", body, http.StatusForbidden, nil)

			// Not outside its office: the PK of the office above is not its.
			var outside []service.PlanSummary
			outside, err := e.svc.ListPlans(context.Background(), service.SystemActor(), e.off.Year, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outside {
				if o.Plan.OfficeID != e.off.OfficeID {
					e.call(sa.Token, "GET", fmt.Sprintf("/plans/%d/quarters/3", o.Plan.ID), nil, http.StatusForbidden, nil)
					break
				}
			}

			// The feed shows the write once, under the account on the owner's behalf.
			var feed struct {
				Items []api.Change `json:"items"`
				Next  string       `json:"next"`
			}
			e.call(sa.Token, "GET", "/changes?since="+start.Next, nil, http.StatusOK, &feed)
			c := e.svc
			ch, _ := c.OrgChart(context.Background(), service.SystemActor())
			want := "Sinkronisasi SIMPEG (service account) on behalf of " + ch.Employees[owner].Name
			saves := 0
			for _, it := range feed.Items {
				if it.Action == "realisation.save" {
					saves++
					if it.Actor != want || it.OfficeID != e.off.OfficeID || it.Object != "realisation" {
						t.Errorf("change %+v, want actor %q", it, want)
					}
				}
			}
			if saves != 1 {
				t.Errorf("the feed holds %d saves: %+v", saves, feed.Items)
			}
			var none struct {
				Items []api.Change `json:"items"`
				Next  string       `json:"next"`
			}
			e.call(sa.Token, "GET", "/changes?since="+feed.Next, nil, http.StatusOK, &none)
			if len(none.Items) != 0 || none.Next != feed.Next {
				t.Errorf("after the last change: %+v", none)
			}
			e.call(sa.Token, "GET", "/changes?since=yesterday", nil, http.StatusBadRequest, &p)
			if !pointsAt(p, "query.since") {
				t.Errorf("a bad cursor points at %v", where(p))
			}
			// Staff of the office read their own changes, not the owner's.
			var staff struct {
				Items []api.Change `json:"items"`
			}
			e.call(e.staffPD, "GET", "/changes?since="+start.Next, nil, http.StatusOK, &staff)
			for _, it := range staff.Items {
				if it.Action == "realisation.save" {
					t.Errorf("a clerk of another section sees %+v", it)
				}
			}

			e.call(e.admin, "DELETE", "/service-accounts/"+strconv.FormatInt(sa.ID, 10), nil, http.StatusNoContent, nil)
			e.call(e.admin, "DELETE", "/service-accounts/"+strconv.FormatInt(sa.ID, 10), nil, http.StatusNotFound, nil)
			e.call(sa.Token, "GET", "/me", nil, http.StatusUnauthorized, &p)
			if !strings.Contains(p.Detail, "revoked") {
				t.Errorf("deleted account's token: %+v", p)
			}
		})
	}
}

package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestDashboardAPI reads the demo office's dashboards as each person of the
// story, on every engine.
func TestDashboardAPI(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			year := fmt.Sprintf("?year=%d", e.off.Year)

			// The head's dashboard: every IKU of the PK, Q1–Q4, numbers as numbers or null.
			var head api.DashHead
			raw := e.call(e.head, "GET", "/dashboard/head"+year, nil, http.StatusOK, &head)
			if head.Office.ID != e.off.OfficeID || !head.HasMap || !head.HasPK || len(head.IKUs) < 12 || len(head.Trend) != 4 {
				t.Fatalf("head dashboard: office %d, map %v, PK %v, %d IKUs, %d quarters", head.Office.ID, head.HasMap, head.HasPK, len(head.IKUs), len(head.Trend))
			}
			if !head.Trend[0].Official || !head.Trend[0].Value.OK || head.Trend[0].Predicate == "" {
				t.Errorf("Q1 NKO = %+v", head.Trend[0])
			}
			if len(head.Attention) == 0 || len(head.Progress.Units) != len(e.off.Sections)+1 {
				t.Errorf("attention %v, %d units", head.Attention, len(head.Progress.Units))
			}
			for _, x := range head.IKUs {
				if len(x.Line.Quarters) != 4 || x.Objective.Code == "" {
					t.Errorf("IKU %s: %d quarters, objective %q", x.Line.Code, len(x.Line.Quarters), x.Objective.Code)
				}
				if x.Line.Projection.Trend != "" && len(x.Line.Projection.Explanation) == 0 {
					t.Errorf("IKU %s: projection %q without explanation", x.Line.Code, x.Line.Projection.Trend)
				}
			}
			var generic map[string]any
			if err := json.Unmarshal(raw, &generic); err != nil {
				t.Fatal(err)
			}
			q1 := generic["ikus"].([]any)[0].(map[string]any)["line"].(map[string]any)["quarters"].([]any)
			if _, ok := q1[0].(map[string]any)["achievement"].(float64); !ok {
				t.Errorf("Q1 achievement is not a number: %v", q1[0])
			}
			if q1[3].(map[string]any)["achievement"] != nil {
				t.Errorf("Q4 achievement before the quarter = %v, want null", q1[3])
			}
			// Offices are read by their head and by those who read the office; others are refused.
			office := fmt.Sprintf("%s&office=%d", year, e.off.OfficeID)
			for _, tok := range []string{e.pengelola, e.pemeriksa, e.admin} {
				e.call(tok, "GET", "/dashboard/head"+office, nil, http.StatusOK, nil)
			}
			for _, tok := range []string{e.kasiBank, e.staffBank} {
				e.call(tok, "GET", "/dashboard/head"+year, nil, http.StatusForbidden, nil)
			}
			e.call(e.admin, "GET", "/dashboard/head"+year, nil, http.StatusUnprocessableEntity, nil)
			e.call(e.head, "GET", fmt.Sprintf("/dashboard/head%s&office=%d", year, e.off.Sections["BANK"]), nil, http.StatusNotFound, nil)
			e.call(e.head, "GET", "/dashboard/head?year=1999", nil, http.StatusNotFound, nil)
			e.call("", "GET", "/dashboard/head", nil, http.StatusUnauthorized, nil)

			// The team of the head of Seksi Bank is the section's staff, and no one else.
			var team api.DashTeam
			e.call(e.kasiBank, "GET", "/dashboard/team"+year+"&q=3", nil, http.StatusOK, &team)
			if !team.HasTeam || team.Quarter != 3 || len(team.Columns) == 0 || len(team.Rows) != len(e.off.Staff["BANK"]) {
				t.Fatalf("Bank team: has %v, Q%d, %d columns, %d rows", team.HasTeam, team.Quarter, len(team.Columns), len(team.Rows))
			}
			for _, r := range team.Rows {
				if !slices.Contains(e.off.Staff["BANK"], r.Employee.ID) || len(r.Cells) != len(team.Columns) {
					t.Errorf("row %s: %d cells", r.Employee.Name, len(r.Cells))
				}
			}
			e.call(e.staffBank, "GET", "/dashboard/team"+year, nil, http.StatusOK, &team)
			if team.HasTeam || len(team.Rows) != 0 {
				t.Errorf("a staff member has a team of %d", len(team.Rows))
			}
			e.call(e.kasiBank, "GET", "/dashboard/team?q=5", nil, http.StatusUnprocessableEntity, nil)

			// The staff member's own plan and deadlines.
			var me api.DashMe
			e.call(e.staffBank, "GET", "/dashboard/me"+year, nil, http.StatusOK, &me)
			if me.Plan == nil || me.Plan.Kind != "SKP" || !me.Plan.Approved || len(me.Lines) < 3 {
				t.Fatalf("my dashboard: %+v", me.Plan)
			}
			for _, d := range me.Deadlines {
				if d.What.Message == "" || strings.Contains(d.What.Message, "{") || d.Date == "" {
					t.Errorf("deadline %+v", d)
				}
			}

			// The console: for the pengelola kinerja and readers of the office.
			var cs api.DashConsole
			e.call(e.pengelola, "GET", "/dashboard/console"+year+"&q=3", nil, http.StatusOK, &cs)
			if cs.People < 30 || cs.PlansApproved != cs.People-2 || len(cs.PlansMissing) != 2 || len(cs.Corrections) != 1 || len(cs.Reports) != 6 {
				t.Errorf("console: %d people, %d approved, %d missing, %d corrections, %d reports", cs.People, cs.PlansApproved, len(cs.PlansMissing), len(cs.Corrections), len(cs.Reports))
			}
			e.call(e.pemeriksa, "GET", "/dashboard/console"+office, nil, http.StatusOK, nil)
			for _, tok := range []string{e.head, e.kasiBank, e.staffBank} {
				e.call(tok, "GET", "/dashboard/console"+year, nil, http.StatusForbidden, nil)
			}

			// The inbox of the pengelola holds the validated sheets to verify.
			var in api.DashInbox
			e.call(e.pengelola, "GET", "/inbox", nil, http.StatusOK, &in)
			kinds := map[string]int{}
			for _, it := range in.Items {
				kinds[it.Kind]++
				if it.What.Message == "" || it.Link == "" {
					t.Errorf("inbox item %+v", it)
				}
			}
			if kinds["sheet_verify"] == 0 || kinds["correction"] != 1 || in.Total != len(in.Items) || in.UnreadNotifications == 0 {
				t.Errorf("pengelola inbox: %v, total %d, unread %d", kinds, in.Total, in.UnreadNotifications)
			}
			e.call(e.pemeriksa, "GET", "/inbox", nil, http.StatusOK, &in)
			if in.Total != 0 {
				t.Errorf("the pemeriksa has %d things to do", in.Total)
			}

			// The organisation overview: the office's NKO per quarter; NHK only for those who may see scores.
			// The pengelola kinerja of the office sees it; the pemeriksa, the whole region, without NHK.
			var ov api.Overview
			e.call(e.pengelola, "GET", "/overview"+year+"&q=1", nil, http.StatusOK, &ov)
			if len(ov.Offices) != 1 || ov.Final != 1 || !ov.Offices[0].NKO.OK || !ov.Offices[0].Final || !ov.Offices[0].NHK.OK ||
				ov.Offices[0].Office.ID != e.off.OfficeID || ov.Offices[0].Status == "" {
				t.Errorf("overview Q1 for the pengelola: %+v", ov)
			}
			e.call(e.pemeriksa, "GET", "/overview"+year+"&q=1", nil, http.StatusOK, &ov)
			// The five KPPNs and the Kanwil above them, each with an official score.
			if len(ov.Offices) != 6 || ov.Final != 6 {
				t.Errorf("overview Q1 for the pemeriksa: %d offices, %d final", len(ov.Offices), ov.Final)
			}
			for _, o := range ov.Offices {
				if !o.NKO.OK || o.NHK.OK || o.Office.ID != e.off.KanwilID && o.Region.ID != e.off.KanwilID {
					t.Errorf("overview Q1 for the pemeriksa: %+v", o)
				}
			}
			e.call(e.pengelola, "GET", "/overview"+year+"&q=5", nil, http.StatusUnprocessableEntity, nil)
			e.call(e.pengelola, "GET", "/overview?year=1990&q=1", nil, http.StatusNotFound, nil)
		})
	}
}

func TestOpenAPIDescribesDashboards(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	e := &env{t: t, url: serve(t, service.New(st, service.Options{})).URL + api.Prefix}
	var doc openAPIDoc
	e.call("", http.MethodGet, "/openapi.json", nil, http.StatusOK, &doc)
	for _, path := range []string{"/dashboard/head", "/dashboard/team", "/dashboard/me", "/dashboard/console", "/inbox", "/overview"} {
		o, ok := doc.Paths[path]["get"]
		if !ok {
			t.Errorf("GET %s is not in the OpenAPI document", path)
			continue
		}
		if o.Summary == "" || len(o.Tags) == 0 || o.Responses["401"] == nil || o.Responses["200"] == nil {
			t.Errorf("GET %s lacks a summary, tags or responses", path)
		}
	}
	typ, _ := json.Marshal(doc.Components.Schemas["DashFigures"].Properties["achievement"].Type)
	if string(typ) != `["number","null"]` {
		t.Errorf("achievement type = %s, want number or null", typ)
	}
}

// TestInboxKindsDocumented: the kinds the API documents for an inbox item
// are the service's, so a kind added there is not missing from the schema.
func TestInboxKindsDocumented(t *testing.T) {
	f, ok := reflect.TypeFor[api.DashInboxItem]().FieldByName("Kind")
	if !ok {
		t.Fatal("DashInboxItem has no Kind")
	}
	documented := strings.Split(f.Tag.Get("enum"), ",")
	var kinds []string
	for _, k := range service.InboxKinds {
		kinds = append(kinds, string(k))
	}
	slices.Sort(documented)
	slices.Sort(kinds)
	if !slices.Equal(documented, kinds) {
		t.Errorf("the API documents the inbox kinds %v; the service has %v", documented, kinds)
	}
}

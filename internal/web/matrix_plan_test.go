package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// planMatrixRoutes are the rows of the planning pages (routes_plan.go) over
// the demo's signed PK and SKPs. Rows that post are refused by every role or
// change nothing (the same perspectives, an objective saved unchanged), so the
// roles may run them in any order.
func planMatrixRoutes(t *testing.T, f *webtest.Fixture, lang string) []route {
	t.Helper()
	ctx := context.Background()
	sys := service.SystemActor()
	year := f.Office.Year
	plans, err := f.Service.ListPlans(ctx, sys, year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var pk, skp int64
	for _, p := range plans {
		switch {
		case p.Plan.Kind == domain.PlanPK:
			pk = p.Plan.ID
		case p.Plan.EmployeeID == f.Office.Staff["BANK"][0]:
			skp = p.Plan.ID
		}
	}
	view, err := f.Service.GetPlan(ctx, sys, pk, 0)
	if err != nil {
		t.Fatal(err)
	}
	if view.Version.Status != domain.PlanApproved || len(view.Lines) == 0 || skp == 0 {
		t.Fatalf("the demo has no signed PK with lines (%s, %d lines) or no SKP of the bank staff", view.Version.Status, len(view.Lines))
	}
	line := view.Lines[0]
	m, err := f.Service.StrategyMap(ctx, sys, year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	obj := m.Map.Objectives[0]
	var persp domain.Perspective
	perspectives := url.Values{}
	for _, p := range m.Map.Perspectives {
		perspectives.Set("present_"+string(p.Kind), "on")
		perspectives.Set("name_"+string(p.Kind), p.Name)
		perspectives.Set("weight_"+string(p.Kind), strconv.FormatFloat(p.Weight, 'f', -1, 64))
		if p.ID == obj.PerspectiveID {
			persp = p
		}
	}
	unchanged := url.Values{"perspective": {string(persp.Kind)}, "code": {obj.Code}, "name": {obj.Name}, "description": {obj.Description}}
	for _, lk := range m.Map.Links {
		if lk.FromID == obj.ID {
			unchanged.Add("supports", strconv.FormatInt(lk.ToID, 10))
		}
	}

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	none := func(string) url.Values { return url.Values{} }
	fixed := func(v url.Values) func(string) url.Values { return func(string) url.Values { return v } }
	y := "?year=" + strconv.Itoa(year)
	// The strategy map's office, named for those who read several offices.
	yo := y + "&office=" + id(f.Office.OfficeID)
	pkp, skpp := "/plans/"+id(pk), "/plans/"+id(skp)
	lp := pkp + "/lines/" + id(line.LineID)
	// Who sees the PK: the head, and the roles that read the office.
	pkReaders := func(status int) expect {
		return expect{"*": http.StatusForbidden, head: status, pengelola: status, admin: status, pemeriksa: status}
	}
	// Who may change the PK: the head and the strategy managers.
	pkEditors := func(status int) expect {
		return expect{"*": http.StatusForbidden, head: status, pengelola: status, admin: status}
	}
	mapManagers := pkEditors
	inits, err := f.Service.Initiatives(ctx, sys, year, f.Office.OfficeID)
	if err != nil || len(inits.Items) == 0 {
		t.Fatalf("the demo office's initiatives: %d, %v", len(inits.Items), err)
	}
	ini := inits.Items[0] // owned by the section head of the matrix
	iniForm := url.Values{"revision": {strconv.Itoa(ini.Revision)}, "code": {ini.Code}, "name": {ini.Name}, "description": {ini.Description},
		"owner": {id(ini.OwnerID)}, "link": {"o:" + id(ini.ObjectiveID)}}
	for i, ms := range ini.Milestones {
		p := "milestones." + strconv.Itoa(i) + "."
		iniForm.Set(p+"name", ms.Name)
		iniForm.Set(p+"due", ms.Due.Format(time.DateOnly))
		if !ms.Done.IsZero() {
			iniForm.Set(p+"done", ms.Done.Format(time.DateOnly))
		}
	}
	iniQ1, _ := ini.ProgressOf(1)
	iniP := "/strategy/initiatives/" + id(ini.ID)
	iniOwner := func(status int) expect { return expect{"*": http.StatusForbidden, secHead: status} }
	return []route{
		{"GET /strategy/initiatives", "GET", "/strategy/initiatives" + y, none, signedIn(200)},
		{"GET /strategy/initiatives/new", "GET", "/strategy/initiatives/new" + yo, none, mapManagers(200)},
		{"POST /strategy/initiatives/new", "POST", "/strategy/initiatives/new" + yo, fixed(iniForm), mapManagers(422)}, // the code is taken
		{"GET /strategy/initiatives/{id}/edit", "GET", iniP + "/edit" + yo, none, mapManagers(200)},
		{"GET /strategy/initiatives/{id}/edit", "GET", "/strategy/initiatives/999999/edit" + yo, none, mapManagers(404)},
		{"POST /strategy/initiatives/{id}/edit", "POST", iniP + "/edit" + yo, fixed(iniForm), mapManagers(303)},
		{"POST /strategy/initiatives/{id}/delete", "POST", iniP + "/delete" + yo, fixed(url.Values{"revision": {"999"}}), mapManagers(409)},
		{"GET /strategy/initiatives/{id}/progress", "GET", iniP + "/progress" + yo + "&q=1", none, iniOwner(200)},
		{"POST /strategy/initiatives/{id}/progress", "POST", iniP + "/progress" + yo + "&q=1", fixed(url.Values{"revision": {"999"},
			"percent": {strconv.FormatFloat(iniQ1.Percent, 'f', -1, 64)}, "note": {iniQ1.Note}}), iniOwner(303)}, // as stored
		{"GET /initiative-documents/{id}", "GET", "/initiative-documents/" + iniQ1.Evidence[0].ID, none, signedIn(200)},
		{"GET /strategy", "GET", "/strategy" + y, none, signedIn(200)},
		{"GET /strategy", "GET", "/strategy?year=1990", none, signedIn(404)},
		{"POST /strategy/perspectives", "POST", "/strategy/perspectives" + yo, fixed(perspectives), mapManagers(303)},
		{"GET /strategy/objectives/new", "GET", "/strategy/objectives/new" + yo, none, mapManagers(200)},
		{"POST /strategy/objectives/new", "POST", "/strategy/objectives/new" + yo, fixed(unchanged), mapManagers(422)}, // the code is taken
		{"GET /strategy/objectives/{id}/edit", "GET", "/strategy/objectives/" + id(obj.ID) + "/edit" + yo, none, mapManagers(200)},
		{"GET /strategy/objectives/{id}/edit", "GET", "/strategy/objectives/999999/edit" + yo, none, mapManagers(404)},
		{"POST /strategy/objectives/{id}/edit", "POST", "/strategy/objectives/" + id(obj.ID) + "/edit" + yo, fixed(unchanged), mapManagers(303)},
		{"POST /strategy/objectives/{id}/delete", "POST", "/strategy/objectives/" + id(obj.ID) + "/delete" + yo, none, mapManagers(409)}, // IKUs serve it

		{"GET /plans", "GET", "/plans" + y, none, signedIn(200)},
		{"GET /plans", "GET", "/plans" + y + "&status=returned", none, signedIn(200)},
		{"POST /plans/open", "POST", "/plans/open", fixed(url.Values{"year": {strconv.Itoa(year)}}),
			expect{"*": http.StatusSeeOther, admin: http.StatusBadRequest, pemeriksa: http.StatusBadRequest}},
		{"GET /plans/{id}", "GET", pkp, none, pkReaders(200)},
		{"GET /plans/{id}", "GET", pkp + "?version=1", none, pkReaders(200)},
		{"GET /plans/{id}", "GET", skpp, none, expect{"*": 200}},
		{"GET /plans/{id}", "GET", "/plans/999999", none, signedIn(404)},
		{"GET /plans/{id}", "GET", pkp + "?version=99", none, pkReaders(404)},
		{"GET /plans/{id}/diff", "GET", pkp + "/diff", none, pkReaders(200)},
		{"POST /plans/{id}/submit", "POST", pkp + "/submit", none, pkEditors(422)}, // approved: frozen
		// Only the Kepala Kanwil, the PK's second party, decides on it.
		{"POST /plans/{id}/approve", "POST", pkp + "/approve", none, signedIn(403)},
		{"POST /plans/{id}/return", "POST", pkp + "/return", fixed(url.Values{"comment": {"x"}}), signedIn(403)},
		{"POST /plans/{id}/amend", "POST", pkp + "/amend", fixed(url.Values{"reason": {" "}}), pkEditors(422)},
		{"GET /plans/{id}/lines/new", "GET", pkp + "/lines/new", none, pkReaders(409)}, // approved: frozen
		{"POST /plans/{id}/lines/new", "POST", pkp + "/lines/new", none, pkReaders(409)},
		{"GET /plans/{id}/lines/{line}/edit", "GET", lp + "/edit", none, pkReaders(409)},
		{"POST /plans/{id}/lines/{line}/edit", "POST", lp + "/edit", none, pkReaders(409)},
		{"POST /plans/{id}/lines/{line}/delete", "POST", lp + "/delete", none, pkEditors(422)},
		{"GET /plans/{id}/lines/{line}/manual", "GET", lp + "/manual", none, pkReaders(200)},
		{"GET /plans/{id}/lines/{line}/manual", "GET", pkp + "/lines/999999/manual", none, pkReaders(404)},
		{"GET /plans/{id}/lines/{line}/cascade", "GET", lp + "/cascade", none, pkEditors(200)},
		{"POST /plans/{id}/lines/{line}/cascade", "POST", lp + "/cascade", fixed(url.Values{"method": {"full"}}), pkEditors(422)}, // nobody chosen

		{"GET /cascade", "GET", "/cascade" + y, none, signedIn(200)},
		{"GET /cascade", "GET", "/cascade" + y + "&unit=" + id(f.Office.Sections["BANK"]), none, signedIn(200)},
		{"GET /k3", "GET", "/k3" + y, none, expect{"*": 403, head: 200, admin: 200, pengelola: 200, pemeriksa: 200}},
		{"GET /k3/lines/{line}", "GET", "/k3/lines/" + id(line.LineID), none, pkReaders(200)},
		{"POST /k3/lines/{line}", "POST", "/k3/lines/" + id(line.LineID), fixed(url.Values{"body": {" "}}),
			expect{"*": 403, head: 422, pengelola: 422}}, // an empty note
		{"POST /k3/lines/{line}/decision", "POST", "/k3/lines/" + id(line.LineID) + "/decision",
			fixed(url.Values{"year": {strconv.Itoa(year)}, "decision": {"revise"}, "note": {" "}}),
			expect{"*": 403, pengelola: 422}}, // a revision request without its note
	}
}

// withPlanRoutes puts the planning rows before the last row, which logs out.
func withPlanRoutes(rows, plan []route) []route {
	last := rows[len(rows)-1]
	out := append(append(rows[:len(rows)-1:len(rows)-1], plan...), last)
	return out
}

package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

func some(v ...float64) [4]calc.Opt {
	var out [4]calc.Opt
	for i, x := range v {
		out[i] = calc.Some(x)
	}
	return out
}

// iku is a complete IKU line body.
func iku(rev int, code string, objective int64, targets [4]calc.Opt) map[string]any {
	return map[string]any{"revision": rev, "code": code, "name": "Indikator " + code, "objective_id": objective,
		"targets": targets, "manual": manual()}
}

func manual() map[string]any {
	return map[string]any{"formula": "jumlah dokumen selesai", "unit": "dokumen", "validity": "proxy", "control": "moderate",
		"period_consolidation": "sum", "polarity": "maximize", "prev_target": 16, "prev_realisation": 17, "evidence": []map[string]string{{"kind": "raw_data", "name": "Daftar SP2D"}}}
}

// setupMap gives the office's map two objectives and returns their IDs.
func (e *env) setupMap() (ss1, ss2 int64) {
	e.t.Helper()
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	var o api.Objective
	e.call(e.head, "POST", base+"/objectives", map[string]any{"perspective": "stakeholder", "code": "SS-1", "name": "Pengelolaan kas yang andal"}, http.StatusCreated, &o)
	ss1 = o.ID
	e.call(e.head, "POST", base+"/objectives", map[string]any{"perspective": "customer", "code": "SS-2", "name": "Layanan yang cepat", "supports": []int64{ss1}}, http.StatusCreated, &o)
	return ss1, o.ID
}

// openPK opens the head's PK with three IKUs and returns it.
func (e *env) openPK(objective int64) api.Plan {
	e.t.Helper()
	var p api.Plan
	e.call(e.head, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusCreated, &p)
	rev := p.Version.Revision
	for i, code := range []string{"1a-CP", "1b-CP", "2a-N"} {
		var s api.SavedLine
		e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines", p.ID), iku(rev, code, objective, some(4, 5, 4, float64(5+i))), http.StatusCreated, &s)
		rev = s.Revision
	}
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d", p.ID), nil, http.StatusOK, &p)
	return p
}

// approvedPK opens, submits and approves the head's PK.
func (e *env) approvedPK() (api.Plan, int64) {
	e.t.Helper()
	ss1, _ := e.setupMap()
	p := e.openPK(ss1)
	var v api.Version
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/submit", p.ID), map[string]any{"revision": p.Version.Revision}, http.StatusOK, &v)
	e.call(e.kanwilHead, "POST", fmt.Sprintf("/plans/%d/approve", p.ID), map[string]any{"revision": v.Revision}, http.StatusOK, &v)
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d", p.ID), nil, http.StatusOK, &p)
	return p, ss1
}

// TestPlanningAPI runs the planning endpoints over one demo office per
// database engine; each case plans a year of its own.
func TestPlanningAPI(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			for _, c := range []struct {
				name string
				fn   func(t *testing.T, e *env)
			}{
				{"StrategyMap", testStrategyMap},
				{"PlanLifecycle", testPlanLifecycle},
				{"Cascade", testCascade},
				{"NeedAToken", testNeedAToken},
				{"RefuseOutsiders", testRefuseOutsiders},
				{"PointAtTheField", testPointAtTheField},
				{"RefuseStaleRevisions", testRefuseStaleRevisions},
				{"DemoOffice", testDemoOffice},
				{"ReadMatrix", testReadMatrix},
				{"SKPExtras", testSKPExtras},
			} {
				t.Run(c.name, func(t *testing.T) { c.fn(t, e.sub(t)) })
			}
		})
	}
}

func testStrategyMap(t *testing.T, e *env) {
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	var m api.StrategyMap
	e.call(e.staffBank, "GET", base, nil, http.StatusOK, &m)
	if m.Exists || m.CanManage || len(m.Perspectives) != 4 || m.Perspectives[0].Kind != "stakeholder" || m.Perspectives[0].Weight != 30 {
		t.Fatalf("empty map = %+v", m)
	}
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"perspectives": []map[string]any{
		{"kind": "customer", "weight": 35}, {"kind": "internal_process", "weight": 35}, {"kind": "learning_growth", "weight": 30, "name": "Pembelajaran"},
	}}, http.StatusOK, &m)
	if !m.Exists || !m.CanManage || len(m.Perspectives) != 3 || m.Perspectives[2].Name != "Pembelajaran" {
		t.Fatalf("map after perspectives = %+v", m)
	}
	var up, down api.Objective
	e.call(e.head, "POST", base+"/objectives", map[string]any{"perspective": "customer", "code": "SS-1", "name": "Layanan prima"}, http.StatusCreated, &up)
	e.call(e.pengelola, "POST", base+"/objectives", map[string]any{"perspective": "internal_process", "code": "SS-2", "name": "Proses efisien", "supports": []int64{up.ID}}, http.StatusCreated, &down)
	if !slices.Equal(down.Supports, []int64{up.ID}) || down.Perspective != "internal_process" {
		t.Errorf("objective = %+v", down)
	}
	e.call(e.head, "PUT", fmt.Sprintf("%s/objectives/%d", base, down.ID), map[string]any{"perspective": "internal_process", "code": "SS-2", "name": "Proses bisnis efisien", "description": "Waktu proses SP2D"}, http.StatusOK, &down)
	if down.Name != "Proses bisnis efisien" || len(down.Supports) != 0 {
		t.Errorf("updated objective = %+v", down)
	}
	e.call(e.head, "PUT", fmt.Sprintf("%s/objectives/%d", base, down.ID), map[string]any{"perspective": "internal_process", "code": "SS-2", "name": "Proses bisnis efisien", "supports": []int64{up.ID}}, http.StatusOK, &down)
	e.call(e.kasiBank, "GET", base, nil, http.StatusOK, &m)
	if len(m.Objectives) != 2 || len(m.Links) != 1 || m.Links[0] != (api.ObjectiveLink{From: down.ID, To: up.ID}) {
		t.Errorf("map = %+v", m)
	}
	e.call(e.head, "DELETE", fmt.Sprintf("%s/objectives/%d", base, down.ID), nil, http.StatusNoContent, nil)
	e.call(e.head, "DELETE", fmt.Sprintf("%s/objectives/%d", base, down.ID), nil, http.StatusNotFound, nil)
	e.call(e.head, "GET", fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.Sections["BANK"]), nil, http.StatusNotFound, nil)
}

func testPlanLifecycle(t *testing.T, e *env) {
	ss1, _ := e.setupMap()
	var p api.Plan
	e.call(e.head, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusCreated, &p)
	if p.Kind != "PK" || p.Version.Number != 1 || p.Version.Status != "draft" || !p.Permissions.Edit || p.Permissions.Submit {
		t.Fatalf("new PK = %+v", p)
	}
	// Opening again returns the same plan.
	var again api.Plan
	e.call(e.pengelola, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusOK, &again)
	if again.ID != p.ID {
		t.Errorf("second open made plan %d, want %d", again.ID, p.ID)
	}
	plan := fmt.Sprintf("/plans/%d", p.ID)

	var s api.SavedLine
	body := iku(p.Version.Revision, "1a-CP", ss1, some(4, 5, 4, 5))
	body["annual_target"] = 18
	e.call(e.head, "POST", plan+"/lines", body, http.StatusCreated, &s)
	l := s.Line
	if l.Kind != "IKU" || l.AnnualTarget != calc.Some(18) || l.ToDateTargets != some(4, 9, 13, 18) || l.Objective == nil || l.Objective.Code != "SS-1" {
		t.Errorf("line = %+v", l)
	}
	if l.K3 == nil || l.K3.QualityWeight != 1 || len(l.K3.Explanation) == 0 || l.K3Problem != nil {
		t.Errorf("K3 = %+v, problem %+v", l.K3, l.K3Problem)
	}
	rev := s.Revision
	for _, code := range []string{"1b-CP", "2a-N", "2b-N"} {
		e.call(e.head, "POST", plan+"/lines", iku(rev, code, ss1, some(10, 10, 10, 10)), http.StatusCreated, &s)
		rev = s.Revision
	}
	body = iku(rev, "1a-CP", ss1, some(4, 5, 4, 6))
	body["manual"].(map[string]any)["period_consolidation"] = "last"
	e.call(e.pengelola, "PUT", fmt.Sprintf("%s/lines/%d", plan, l.LineID), body, http.StatusOK, &s)
	if s.Line.AnnualTarget != calc.Some(6) || s.Revision != rev+1 {
		t.Errorf("after update: annual %v, revision %d (was %d)", s.Line.AnnualTarget, s.Revision, rev)
	}
	rev = s.Revision
	e.call(e.head, "DELETE", fmt.Sprintf("%s/lines/%d?revision=%d", plan, s.Line.LineID+3, rev), nil, http.StatusNoContent, nil)
	e.call(e.head, "GET", plan, nil, http.StatusOK, &p)
	if len(p.Lines) != 3 || !p.Permissions.Submit || len(p.Warnings) != 0 || p.Limits != (api.LineLimits{Min: 1, Max: 15}) {
		t.Fatalf("plan before submit: %d lines, perm %+v, warnings %+v, limits %+v", len(p.Lines), p.Permissions, p.Warnings, p.Limits)
	}

	// Submit, return with a comment, resubmit, approve.
	var v api.Version
	e.call(e.head, "POST", plan+"/submit", map[string]any{"revision": p.Version.Revision}, http.StatusOK, &v)
	if v.Status != "submitted" || v.SubmittedAt == nil || v.Late {
		t.Errorf("submitted = %+v", v)
	}
	e.call(e.head, "GET", plan, nil, http.StatusOK, &p)
	if p.Permissions.Edit || p.Permissions.Approve {
		t.Errorf("head's permissions on the submitted PK: %+v", p.Permissions)
	}
	// The office's pengelola kinerja prepares the PK; the Kepala Kanwil,
	// its second party, approves or returns it (SPEC §7).
	e.call(e.pengelola, "GET", plan, nil, http.StatusOK, &p)
	if p.Permissions.Approve || p.Permissions.Return {
		t.Errorf("pengelola's permissions on the submitted PK: %+v", p.Permissions)
	}
	e.call(e.pengelola, "POST", plan+"/approve", map[string]any{"revision": v.Revision}, http.StatusForbidden, nil)
	e.call(e.kanwilHead, "GET", plan, nil, http.StatusOK, &p)
	if !p.Permissions.Approve || !p.Permissions.Return || p.Permissions.Edit {
		t.Errorf("Kepala Kanwil's permissions on the submitted PK: %+v", p.Permissions)
	}
	if p.Signatories == nil || p.Signatories.Second.EmployeeID != e.off.KanwilHead || p.Signatories.First.EmployeeID != e.off.Head {
		t.Errorf("signatories of the PK: %+v", p.Signatories)
	}
	e.call(e.kanwilHead, "POST", plan+"/return", map[string]any{"revision": v.Revision, "comment": "Lengkapi sumber data"}, http.StatusOK, &v)
	if v.Status != "returned" || v.ReturnComment != "Lengkapi sumber data" {
		t.Errorf("returned = %+v", v)
	}
	e.call(e.head, "POST", plan+"/submit", map[string]any{"revision": v.Revision}, http.StatusOK, &v)
	e.call(e.kanwilHead, "POST", plan+"/approve", map[string]any{"revision": v.Revision}, http.StatusOK, &v)
	if v.Status != "approved" || v.ApprovedAt == nil || v.ApproverName == "" {
		t.Errorf("approved = %+v", v)
	}

	// Amend: version 2 copies the lines; version 1 stays as approved.
	e.call(e.head, "POST", plan+"/amend", map[string]any{"revision": v.Revision, "reason": "Perubahan target TW IV"}, http.StatusCreated, &v)
	if v.Number != 2 || v.Status != "draft" || v.Reason != "Perubahan target TW IV" {
		t.Errorf("amendment = %+v", v)
	}
	e.call(e.head, "GET", plan, nil, http.StatusOK, &p)
	if len(p.Lines) != 3 || p.Version.Number != 2 || len(p.Versions) != 2 {
		t.Fatalf("amended plan: %d lines, version %d, %d versions", len(p.Lines), p.Version.Number, len(p.Versions))
	}
	first := p.Lines[0]
	body = iku(p.Version.Revision, first.Code, ss1, some(4, 5, 4, 8))
	body["manual"].(map[string]any)["period_consolidation"] = "last"
	e.call(e.head, "PUT", fmt.Sprintf("%s/lines/%d", plan, first.LineID), body, http.StatusOK, &s)
	var old api.Plan
	e.call(e.head, "GET", plan+"?version=1", nil, http.StatusOK, &old)
	if old.Latest || old.Version.Status != "approved" || old.Lines[0].Targets != some(4, 5, 4, 6) || old.Permissions.Edit {
		t.Errorf("version 1 after the amendment: latest %v, status %s, targets %v, perm %+v", old.Latest, old.Version.Status, old.Lines[0].Targets, old.Permissions)
	}
	e.call(e.head, "GET", plan+"?version=3", nil, http.StatusNotFound, nil)

	var versions struct {
		Items []api.Version `json:"items"`
		Total int           `json:"total"`
	}
	e.call(e.head, "GET", plan+"/versions", nil, http.StatusOK, &versions)
	if versions.Total != 2 || versions.Items[0].Status != "approved" || versions.Items[1].Status != "draft" {
		t.Errorf("versions = %+v", versions)
	}
	var d api.Diff
	e.call(e.head, "GET", plan+"/diff", nil, http.StatusOK, &d)
	if d.From != 1 || d.To != 2 || len(d.Lines) != 1 || d.Lines[0].Change != "changed" {
		t.Fatalf("diff = %+v", d)
	}
	if f := d.Lines[0].Fields; len(f) != 1 || f[0].Field != "targets[3]" || f[0].Before != 6.0 || f[0].After != 8.0 ||
		f[0].BeforeText != "6" || f[0].AfterText != "8" || f[0].Label == "" {
		t.Errorf("changed fields = %+v", f)
	}
	e.call(e.head, "GET", plan+"/diff?from=2&to=2", nil, http.StatusOK, &d)
	if len(d.Lines) != 0 {
		t.Errorf("a version differs from itself: %+v", d)
	}

	var list struct {
		Items []api.PlanSummary `json:"items"`
		Total int               `json:"total"`
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/plans?year=%d&kind=PK", e.year), nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].ID != p.ID || !list.Items[0].Approved || list.Items[0].Latest.Number != 2 || list.Items[0].Lines != 3 {
		t.Errorf("PK list = %+v", list)
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/plans?year=%d&kind=SKP&office=%d", e.year, e.off.OfficeID), nil, http.StatusOK, &list)
	if list.Total != 0 {
		t.Errorf("SKP list = %+v", list)
	}
}

func testCascade(t *testing.T, e *env) {
	pk, _ := e.approvedPK()
	bank, pd := e.off.SectionLed["BANK"], e.off.SectionLed["PD"]
	full := pk.Lines[0]
	var created struct {
		Items []api.CascadedLine `json:"items"`
		Total int                `json:"total"`
	}
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", pk.ID, full.LineID), map[string]any{
		"method": "full", "targets": []map[string]any{{"employee_id": bank}, {"employee_id": pd}},
	}, http.StatusCreated, &created)
	if created.Total != 2 || created.Items[0].EmployeeID != bank || created.Items[0].Code != full.Code+".1" || created.Items[0].Targets != full.Targets {
		t.Fatalf("cascaded = %+v", created)
	}
	partial := pk.Lines[1]
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", pk.ID, partial.LineID), map[string]any{
		"method": "partial", "targets": []map[string]any{
			{"employee_id": bank, "targets": []any{2, 2, 2, 2}},
			{"employee_id": pd, "targets": []any{2, 2, 2, nil}},
		},
	}, http.StatusCreated, &created)

	// The Kasi's SKP now holds both, with the PK lines as parents.
	var list struct {
		Items []api.PlanSummary `json:"items"`
	}
	e.call(e.kasiBank, "GET", fmt.Sprintf("/plans?year=%d", e.year), nil, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].Kind != "SKP" || list.Items[0].Employee.ID != bank || list.Items[0].Lines != 2 {
		t.Fatalf("kasi's plans = %+v", list.Items)
	}
	var skp api.Plan
	e.call(e.kasiBank, "GET", fmt.Sprintf("/plans/%d", list.Items[0].ID), nil, http.StatusOK, &skp)
	if skp.Lines[0].Parent == nil || skp.Lines[0].Parent.LineID != full.LineID || skp.Lines[0].CascadeMethod != "full" ||
		len(skp.Approvers) != 1 || skp.Approvers[0].ID != e.off.Head || skp.Limits != (api.LineLimits{Min: 3, Max: 8}) { // the Kasi Bank holds an administrator post
		t.Errorf("kasi's SKP = %+v", skp)
	}
	if len(skp.Warnings) == 0 {
		t.Error("an SKP with 2 of at least 3 IKIs has no warning")
	}

	var tree api.CascadeTree
	e.call(e.staffBank, "GET", fmt.Sprintf("/years/%d/cascade?office=%d", e.year, e.off.OfficeID), nil, http.StatusOK, &tree)
	if len(tree.Objectives) != 2 || tree.Objectives[0].Objective.Code != "SS-1" || len(tree.Objectives[0].IKUs) != 3 {
		t.Fatalf("tree objectives = %+v", tree.Objectives)
	}
	root := tree.Objectives[0].IKUs[0]
	if root.LineID != full.LineID || len(root.Children) != 2 || root.Children[0].Owner == "" || root.Status != "approved" {
		t.Errorf("first IKU in the tree = %+v", root)
	}
	if len(tree.Gaps.NoChild) != 1 || tree.Gaps.NoChild[0].LineID != pk.Lines[2].LineID {
		t.Errorf("IKUs without child = %+v", tree.Gaps.NoChild)
	}
	// 2+2 ≠ 5 in Q2, 2+null ≠ 6 in Q4 (the PK's Q4 target of 1b-CP is 6).
	var quarters []int
	for _, g := range tree.Gaps.Splits {
		if g.Line.LineID == partial.LineID {
			quarters = append(quarters, g.Quarter)
		}
	}
	if !slices.Equal(quarters, []int{2, 4}) {
		t.Errorf("split gaps = %+v", tree.Gaps.Splits)
	}
	if tree.People < 30 || len(tree.Gaps.NoPlan) != tree.People-1 || tree.Gaps.NoPlan[0].Late {
		t.Errorf("people %d, without an approved plan %d", tree.People, len(tree.Gaps.NoPlan))
	}
	var unit api.CascadeTree
	e.call(e.head, "GET", fmt.Sprintf("/years/%d/cascade?office=%d&unit=%d", e.year, e.off.OfficeID, e.off.Sections["PD"]), nil, http.StatusOK, &unit)
	for _, n := range unit.Objectives[0].IKUs {
		for _, c := range n.Children {
			if c.EmployeeID != pd {
				t.Errorf("unit filter kept %s of %s", c.Code, c.Owner)
			}
		}
	}

	var k3 struct {
		Items []api.K3Row `json:"items"`
		Total int         `json:"total"`
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/years/%d/k3?office=%d", e.year, e.off.OfficeID), nil, http.StatusOK, &k3)
	if k3.Total != 7 || k3.Items[0].K3 == nil {
		t.Fatalf("K3 review = %+v", k3)
	}
	for i := 1; i < len(k3.Items); i++ {
		if k3.Items[i-1].K3.Value > k3.Items[i].K3.Value {
			t.Errorf("K3 review not lowest first: %v before %v", k3.Items[i-1].K3.Value, k3.Items[i].K3.Value)
		}
	}
	line := fmt.Sprintf("/lines/%d/comments", skp.Lines[0].LineID)
	var c api.Comment
	e.call(e.pengelola, "POST", line, map[string]any{"body": "Sumber data perlu diperjelas"}, http.StatusCreated, &c)
	var thread struct {
		Items    []api.Comment `json:"items"`
		CanWrite bool          `json:"can_write"`
	}
	e.call(e.kasiBank, "GET", line, nil, http.StatusOK, &thread)
	if len(thread.Items) != 1 || thread.Items[0].Body != "Sumber data perlu diperjelas" || !thread.CanWrite {
		t.Errorf("thread = %+v", thread)
	}
	e.call(e.pemeriksa, "GET", line, nil, http.StatusOK, &thread)
	if thread.CanWrite {
		t.Error("the pemeriksa may write in a review thread")
	}
	e.call(e.pemeriksa, "POST", line, map[string]any{"body": "x"}, http.StatusForbidden, nil)
	e.call(e.pengelola, "GET", fmt.Sprintf("/years/%d/k3?office=%d", e.year, e.off.OfficeID), nil, http.StatusOK, &k3)
	for _, r := range k3.Items {
		if r.LineID == skp.Lines[0].LineID && r.Comments != 1 {
			t.Errorf("K3 row counts %d comments", r.Comments)
		}
	}
}

func testNeedAToken(t *testing.T, e *env) {
	for _, op := range planningOps {
		path := strings.NewReplacer("{year}", fmt.Sprint(e.year), "{office}", fmt.Sprint(e.off.OfficeID), "{id}", "1", "{line}", "1").Replace(op.path)
		var p problem
		e.call("", op.method, path, nil, http.StatusUnauthorized, &p)
		e.call("not-a-token", op.method, path, nil, http.StatusUnauthorized, &p)
	}
}

func testRefuseOutsiders(t *testing.T, e *env) {
	pk, ss1 := e.approvedPK()
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", pk.ID, pk.Lines[0].LineID), map[string]any{
		"method": "full", "targets": []map[string]any{{"employee_id": e.off.SectionLed["PD"]}},
	}, http.StatusCreated, nil)
	var skp api.Plan
	e.call(e.staffPD, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Staff["PD"][0]}, http.StatusCreated, &skp)

	// Another section's plan is not for a Bank clerk to read, nor the PK.
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans/%d", skp.ID), nil, http.StatusForbidden, nil)
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans/%d/versions", skp.ID), nil, http.StatusForbidden, nil)
	e.call(e.kasiBank, "GET", fmt.Sprintf("/plans/%d/diff", skp.ID), nil, http.StatusForbidden, nil)
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans/%d", pk.ID), nil, http.StatusForbidden, nil)
	e.call(e.staffBank, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Staff["PD"][1]}, http.StatusForbidden, nil)
	var list struct {
		Items []api.PlanSummary `json:"items"`
	}
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans?year=%d", e.year), nil, http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Errorf("a Bank clerk lists %d plans of others", len(list.Items))
	}

	// Editing the PK: not for staff, a Kasi or the pemeriksa.
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/amend", pk.ID), map[string]any{"revision": pk.Version.Revision, "reason": "Perubahan"}, http.StatusCreated, nil)
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d", pk.ID), nil, http.StatusOK, &pk)
	for _, tok := range []string{e.staffBank, e.kasiBank, e.pemeriksa} {
		e.call(tok, "POST", fmt.Sprintf("/plans/%d/lines", pk.ID), iku(pk.Version.Revision, "9-X", ss1, some(1, 1, 1, 1)), http.StatusForbidden, nil)
		e.call(tok, "PUT", fmt.Sprintf("/plans/%d/lines/%d", pk.ID, pk.Lines[0].LineID), iku(pk.Version.Revision, "9-X", ss1, some(1, 1, 1, 1)), http.StatusForbidden, nil)
		e.call(tok, "DELETE", fmt.Sprintf("/plans/%d/lines/%d?revision=%d", pk.ID, pk.Lines[2].LineID, pk.Version.Revision), nil, http.StatusForbidden, nil)
		e.call(tok, "POST", fmt.Sprintf("/plans/%d/submit", pk.ID), map[string]any{"revision": pk.Version.Revision}, http.StatusForbidden, nil)
	}
	e.call(e.admin, "POST", fmt.Sprintf("/plans/%d/lines", pk.ID), iku(pk.Version.Revision, "9-X", ss1, some(1, 1, 1, 1)), http.StatusCreated, nil)

	// The strategy map is the head's and the pengelola's.
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	e.call(e.kasiBank, "POST", base+"/objectives", map[string]any{"perspective": "customer", "code": "SS-9", "name": "x"}, http.StatusForbidden, nil)
	e.call(e.pemeriksa, "PUT", base+"/perspectives", map[string]any{"perspectives": []map[string]any{{"kind": "customer", "weight": 100}}}, http.StatusForbidden, nil)
	e.call(e.staffBank, "DELETE", fmt.Sprintf("%s/objectives/%d", base, ss1), nil, http.StatusForbidden, nil)

	// Approving: the PK only by the pengelola; an SKP only by the owner's supervisor.
	e.call(e.admin, "POST", fmt.Sprintf("/plans/%d/approve", pk.ID), map[string]any{"revision": 0}, http.StatusForbidden, nil)
	e.call(e.kasiBank, "POST", fmt.Sprintf("/plans/%d/approve", skp.ID), map[string]any{"revision": 0}, http.StatusForbidden, nil)
	e.call(e.kasiBank, "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", pk.ID, pk.Lines[0].LineID), map[string]any{
		"method": "full", "targets": []map[string]any{{"employee_id": e.off.Staff["BANK"][0]}}}, http.StatusForbidden, nil)
	e.call(e.staffBank, "GET", fmt.Sprintf("/years/%d/k3?office=%d", e.year, e.off.OfficeID), nil, http.StatusForbidden, nil)
	e.call(e.staffBank, "GET", fmt.Sprintf("/lines/%d/comments", pk.Lines[0].LineID), nil, http.StatusForbidden, nil)
}

func testPointAtTheField(t *testing.T, e *env) {
	ss1, _ := e.setupMap()
	base := fmt.Sprintf("/strategy-maps/%d/%d", e.year, e.off.OfficeID)
	check := func(p problem, want ...string) {
		t.Helper()
		for _, w := range want {
			if !pointsAt(p, w) {
				t.Errorf("errors point at %v, want %s", where(p), w)
			}
		}
	}
	var p problem
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"perspectives": []map[string]any{{"kind": "customer", "weight": 50}, {"kind": "internal_process", "weight": 40}}}, http.StatusUnprocessableEntity, &p)
	check(p, "body.perspectives")
	if !strings.Contains(p.Errors[0].Message, "90") {
		t.Errorf("weights message = %q", p.Errors[0].Message)
	}
	e.call(e.head, "PUT", base+"/perspectives", map[string]any{"perspectives": []map[string]any{{"kind": "customer", "weight": 100}, {"kind": "internal_process", "weight": 0}}}, http.StatusUnprocessableEntity, &p)
	check(p, "body.perspectives[1].weight")
	e.call(e.head, "POST", base+"/objectives", map[string]any{"perspective": "stakeholder", "code": "SS-1", "name": "", "supports": []int64{ss1}}, http.StatusUnprocessableEntity, &p)
	check(p, "body.code", "body.name", "body.supports")

	var plan api.Plan
	e.call(e.head, "POST", "/plans", map[string]any{"year": e.year, "employee_id": e.off.Head}, http.StatusCreated, &plan)
	lines := fmt.Sprintf("/plans/%d/lines", plan.ID)
	body := iku(0, "1a-CP", 0, some(4, 0, 4, 5))
	m := body["manual"].(map[string]any)
	m["validity"], m["control"], m["formula"] = "exact", "high", ""
	e.call(e.head, "POST", lines, body, http.StatusUnprocessableEntity, &p)
	check(p, "body.objective_id", "body.manual.control", "body.manual.formula")
	body = iku(0, "1a-CP", ss1, some(4, 0, 4, 5))
	e.call(e.head, "POST", lines, body, http.StatusUnprocessableEntity, &p)
	check(p, "body.targets[1]")
	body = iku(0, "1a-CP", ss1, some(4, 5, 4, 5))
	body["annual_target"] = 20
	e.call(e.head, "POST", lines, body, http.StatusUnprocessableEntity, &p)
	check(p, "body.annual_target")
	if !strings.Contains(p.Errors[0].Message, "18") {
		t.Errorf("annual target message = %q", p.Errors[0].Message)
	}
	body = iku(0, "1a-CP", ss1, some(4, 5, 4, 5))
	body["manual"].(map[string]any)["polarity"] = "stabilize"
	e.call(e.head, "POST", lines, body, http.StatusUnprocessableEntity, &p)
	check(p, "body.manual.scale")
	// Schema errors come the same way.
	body = iku(0, "1a-CP", ss1, some(4, 5, 4, 5))
	delete(body, "revision")
	body["manual"].(map[string]any)["polarity"] = "up"
	e.call(e.head, "POST", lines, body, http.StatusUnprocessableEntity, &p)
	check(p, "body", "body.manual.polarity")
	if !strings.Contains(p.Errors[0].Message+p.Errors[1].Message, "revision") {
		t.Errorf("missing revision: %+v", p.Errors)
	}

	// Submitting an empty plan says what is missing.
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/submit", plan.ID), map[string]any{"revision": 0}, http.StatusUnprocessableEntity, &p)
	check(p, "body")
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/amend", plan.ID), map[string]any{"revision": 0, "reason": "x"}, http.StatusConflict, &p)

	var s api.SavedLine
	e.call(e.head, "POST", lines, iku(0, "1a-CP", ss1, some(4, 5, 4, 5)), http.StatusCreated, &s)
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines/%d/cascade", plan.ID, s.Line.LineID), map[string]any{
		"method": "partial", "targets": []map[string]any{
			{"employee_id": e.off.SectionLed["BANK"], "targets": []any{1, 1, 1, 1}},
			{"employee_id": e.off.Staff["BANK"][0], "targets": []any{1, 1, 1, 1}},
			{"employee_id": e.off.SectionLed["PD"], "targets": []any{nil, nil, nil, nil}},
		}}, http.StatusUnprocessableEntity, &p)
	check(p, "body.targets[1]", "body.targets[2]")
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/return", plan.ID), map[string]any{"revision": 0, "comment": " "}, http.StatusForbidden, nil)
}

func testRefuseStaleRevisions(t *testing.T, e *env) {
	ss1, _ := e.setupMap()
	p := e.openPK(ss1)
	stale := p.Version.Revision - 1
	var pr problem
	e.call(e.head, "PUT", fmt.Sprintf("/plans/%d/lines/%d", p.ID, p.Lines[0].LineID), iku(stale, "1a-CP", ss1, some(1, 1, 1, 1)), http.StatusConflict, &pr)
	if pr.Detail == "" {
		t.Error("a 409 without a reason")
	}
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines", p.ID), iku(stale, "3a-X", ss1, some(1, 1, 1, 1)), http.StatusConflict, nil)
	e.call(e.head, "DELETE", fmt.Sprintf("/plans/%d/lines/%d?revision=%d", p.ID, p.Lines[0].LineID, stale), nil, http.StatusConflict, nil)
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/submit", p.ID), map[string]any{"revision": stale}, http.StatusConflict, nil)
	var v api.Version
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/submit", p.ID), map[string]any{"revision": p.Version.Revision}, http.StatusOK, &v)
	e.call(e.kanwilHead, "POST", fmt.Sprintf("/plans/%d/approve", p.ID), map[string]any{"revision": v.Revision - 1}, http.StatusConflict, nil)
	e.call(e.kanwilHead, "POST", fmt.Sprintf("/plans/%d/return", p.ID), map[string]any{"revision": v.Revision - 1, "comment": "x"}, http.StatusConflict, nil)
	// A frozen version is refused with its reason, whatever the revision.
	e.call(e.head, "POST", fmt.Sprintf("/plans/%d/lines", p.ID), iku(v.Revision, "3a-X", ss1, some(1, 1, 1, 1)), http.StatusConflict, &pr)
	if !strings.Contains(pr.Detail, "“Submitted”") {
		t.Errorf("frozen reason = %q", pr.Detail)
	}
}

// testDemoOffice reads the demo's own year: a PK signed and amended, SKPs
// for everyone, the cascade with its uneven split.
func testDemoOffice(t *testing.T, e *env) {
	year := e.off.Year
	var list struct {
		Items []api.PlanSummary `json:"items"`
		Total int               `json:"total"`
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/plans?year=%d&office=%d", year, e.off.OfficeID), nil, http.StatusOK, &list)
	if list.Total < 30 || list.Items[0].Kind != "PK" || list.Items[0].Latest.Number != 2 || !list.Items[0].Approved {
		t.Fatalf("demo plans: %d, first %+v", list.Total, list.Items[0])
	}
	pk := list.Items[0].ID
	var d api.Diff
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d/diff", pk), nil, http.StatusOK, &d)
	if d.From != 1 || d.To != 2 || len(d.Lines) == 0 {
		t.Errorf("the amendment's diff = %+v", d)
	}
	var p api.Plan
	e.call(e.head, "GET", fmt.Sprintf("/plans/%d?version=1", pk), nil, http.StatusOK, &p)
	if p.Latest || p.Version.Status != "approved" || p.Permissions.Edit || len(p.Lines) == 0 {
		t.Errorf("the signed PK: latest %v, status %s, perm %+v", p.Latest, p.Version.Status, p.Permissions)
	}
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans?year=%d", year), nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].Employee.ID != e.off.Staff["BANK"][0] {
		t.Fatalf("a clerk's plans = %+v", list.Items)
	}
	e.call(e.staffBank, "GET", fmt.Sprintf("/plans/%d", list.Items[0].ID), nil, http.StatusOK, &p)
	for _, l := range p.Lines {
		if l.Kind != "IKI" || (l.CascadeType != "non_cascading" && l.Parent == nil) {
			t.Errorf("a clerk's line %s: kind %s, parent %+v", l.Code, l.Kind, l.Parent)
		}
	}
	var tree api.CascadeTree
	e.call(e.kasiBank, "GET", fmt.Sprintf("/years/%d/cascade?office=%d", year, e.off.OfficeID), nil, http.StatusOK, &tree)
	if len(tree.Objectives) < 6 || len(tree.Gaps.Splits) != 1 || len(tree.Gaps.NoChild) != 0 {
		t.Errorf("demo cascade: %d objectives, splits %+v, without child %d", len(tree.Objectives), tree.Gaps.Splits, len(tree.Gaps.NoChild))
	}
	var k3 struct {
		Items []api.K3Row `json:"items"`
		Total int         `json:"total"`
	}
	e.call(e.pengelola, "GET", fmt.Sprintf("/years/%d/k3?office=%d", year, e.off.OfficeID), nil, http.StatusOK, &k3)
	if k3.Total < 50 {
		t.Errorf("demo K3 review holds %d lines", k3.Total)
	}
}

// testReadMatrix checks who may read which plan of the demo office, and the
// office-wide views.
func testReadMatrix(t *testing.T, e *env) {
	plans, err := e.svc.ListPlans(context.Background(), service.SystemActor(), e.off.Year, e.off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	planOf := map[int64]int64{}
	for _, p := range plans {
		planOf[p.Plan.EmployeeID] = p.Plan.ID
	}
	pk, kasiBank, staffPD := planOf[e.off.Head], planOf[e.off.SectionLed["BANK"]], planOf[e.off.Staff["PD"][0]]
	const ok, no = http.StatusOK, http.StatusForbidden
	who := []string{"head", "pengelola", "admin", "pemeriksa", "kasiBank", "kasiPD", "staffBank", "staffPD"}
	tokens := []string{e.head, e.pengelola, e.admin, e.pemeriksa, e.kasiBank, e.kasiPD, e.staffBank, e.staffPD}
	office := fmt.Sprintf("?office=%d", e.off.OfficeID)
	for _, c := range []struct {
		path string
		want []int
	}{
		{fmt.Sprintf("/plans/%d", pk), []int{ok, ok, ok, ok, no, no, no, no}},
		{fmt.Sprintf("/plans/%d/versions", kasiBank), []int{ok, ok, ok, ok, ok, no, no, no}},
		{fmt.Sprintf("/plans/%d/diff", staffPD), []int{ok, ok, ok, ok, no, ok, no, ok}},
		{fmt.Sprintf("/strategy-maps/%d/%d", e.off.Year, e.off.OfficeID), []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{fmt.Sprintf("/years/%d/cascade%s", e.off.Year, office), []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{fmt.Sprintf("/years/%d/k3%s", e.off.Year, office), []int{ok, ok, ok, ok, no, no, no, no}},
	} {
		for i, tok := range tokens {
			t.Run(who[i]+c.path, func(t *testing.T) {
				e := *e
				e.t = t
				e.call(tok, "GET", c.path, nil, c.want[i], nil)
			})
		}
	}
}

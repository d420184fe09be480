package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// TestPlanningPages runs the planning pages over one demo office per engine;
// each case plans a year of its own.
func TestPlanningPages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := webtest.New(t, engine)
			for i, c := range []struct {
				name string
				fn   func(t *testing.T, e *planEnv)
			}{
				{"DemoPagesInBothLanguages", testDemoPages},
				{"HeadEditsThePKAndStaffCannot", testHeadEditsPK},
				{"StaffCannotOpenAnotherSectionsSKP", testOtherSection},
				{"FormErrorKeepsInput", testFormErrorKeepsInput},
				{"ConcurrentEditIsAConflict", testConflict},
				{"Approvals", testApprovals},
				{"StrategyFormsAndK3Thread", testStrategyAndK3},
				{"CascadeAmendDiffReadOnly", testCascadeAmendDiff},
				{"OfficeAndYearChoice", testOfficeChoice},
				{"HierarchyInTheLineEditor", testHierLineForm},
				{"KanwilHeadHome", testKanwilHome},
			} {
				t.Run(c.name, func(t *testing.T) { c.fn(t, newPlanEnv(t, f, f.Office.Year+1+i)) })
			}
		})
	}
}

// testDemoPages opens every planning page of the demo's year as the people
// who use it, in both languages, and checks that each is fully translated.
func testDemoPages(t *testing.T, e *planEnv) {
	ctx := context.Background()
	off := e.f.Office
	y := "?year=" + strconv.Itoa(off.Year)
	plans, err := e.f.Service.ListPlans(ctx, service.SystemActor(), off.Year, off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var pk, returned service.PlanSummary
	for _, p := range plans {
		if p.Plan.Kind == domain.PlanPK {
			pk = p
		}
		if p.Latest.Status == domain.PlanReturned {
			returned = p
		}
	}
	if pk.Plan.ID == 0 || returned.Plan.ID == 0 {
		t.Fatal("the demo has no PK or no returned SKP")
	}
	view, err := e.f.Service.GetPlan(ctx, service.SystemActor(), pk.Plan.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkp := "/plans/" + strconv.FormatInt(pk.Plan.ID, 10)
	line := strconv.FormatInt(view.Lines[0].LineID, 10)
	rp := "/plans/" + strconv.FormatInt(returned.Plan.ID, 10)
	rview, err := e.f.Service.GetPlan(ctx, service.SystemActor(), returned.Plan.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	rline := strconv.FormatInt(rview.Lines[0].LineID, 10)
	pages := []struct {
		who  int64
		path string
		want string // message key whose text the page shows
	}{
		{e.head, "/strategy" + y, "smap.perspectives"},
		{e.head, "/strategy/objectives/new" + y, "smap.supports"},
		{e.head, "/plans" + y, "plans.others"},
		{e.head, pkp, "planv.history"},
		{e.head, pkp + "/diff", "planv.diff_field"},
		{e.head, pkp + "/lines/" + line + "/manual", "manual.formula"},
		{e.head, pkp + "/lines/" + line + "/cascade", "casc.people"},
		{e.peng, "/cascade" + y, "casc.gaps"},
		{e.peng, "/k3" + y, "k3r.quality_weight"},
		{e.peng, "/k3/lines/" + line, "k3r.comments"},
		{returned.Plan.EmployeeID, rp, "planv.returned_next"},
		{returned.Plan.EmployeeID, rp + "/lines/new", "line.fs_quality"},
		{returned.Plan.EmployeeID, rp + "/lines/" + rline + "/edit", "line.fs_quality"},
		{returned.Plan.EmployeeID, "/plans" + y, "plans.open_mine"},
	}
	clients := map[int64]*webtest.Client{}
	for _, lang := range []string{"id", "en"} {
		for _, p := range pages {
			c := clients[p.who]
			if c == nil {
				c = e.login(p.who)
				clients[p.who] = c
			}
			c.PostForm("/lang", url.Values{"lang": {lang}})
			body := get(t, c, p.path, http.StatusOK)
			checkPage(t, p.path, lang, body)
			if want := html.EscapeString(i18n.Translate(lang, p.want, nil)); !strings.Contains(body, want) {
				t.Errorf("%s (%s) lacks %q", p.path, lang, want)
			}
		}
	}
	// The returned SKP shows its return comment prominently.
	body := get(t, clients[returned.Plan.EmployeeID], rp, http.StatusOK)
	if !strings.Contains(body, `class="flash flash-error returned"`) || !strings.Contains(body, html.EscapeString(rview.Version.ReturnComment)) {
		t.Error("the returned SKP does not show why it was returned")
	}
}

func testHeadEditsPK(t *testing.T, e *planEnv) {
	ctx := context.Background()
	head := e.login(e.head)
	body := get(t, head, "/plans"+e.y(), http.StatusOK)
	if !strings.Contains(body, "Susun PK") {
		t.Fatal("no button to draft the PK")
	}
	r := head.PostForm("/plans/open", url.Values{"year": {strconv.Itoa(e.year)}})
	seeOther(t, "open the PK", r)
	pkPath := r.Location()
	ss1, err := e.f.Service.SaveObjective(ctx, e.actor(e.head), e.year, e.office, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}
	v := lineForm(revision(t, get(t, head, pkPath+"/lines/new", http.StatusOK)))
	v.Set("objective_id", strconv.FormatInt(ss1.ID, 10))
	seeOther(t, "the head saves a PK line", head.PostForm(pkPath+"/lines/new", v))
	page := get(t, head, pkPath, http.StatusOK)
	if !strings.Contains(page, "1a-CP") || !strings.Contains(page, "97,25") {
		t.Errorf("the PK lacks the line or its derived annual target (average 97,25)")
	}

	// A staff member sees neither the PK nor its editor.
	staff := e.login(e.staffA[0])
	get(t, staff, pkPath, http.StatusForbidden)
	get(t, staff, pkPath+"/lines/new", http.StatusForbidden)
	if r := staff.PostForm(pkPath+"/lines/new", v); r.Status != http.StatusForbidden {
		t.Errorf("staff save a PK line: %d, want 403", r.Status)
	}
}

func testOtherSection(t *testing.T, e *planEnv) {
	d := e.seed()
	bank := e.login(e.staffB[0])
	skpA := "/plans/" + strconv.FormatInt(d.SKPA, 10)
	get(t, bank, skpA, http.StatusForbidden)
	get(t, bank, skpA+"/lines/"+strconv.FormatInt(d.SKPALine, 10)+"/manual", http.StatusForbidden)
	mine := get(t, bank, "/plans"+e.y(), http.StatusOK)
	if !strings.Contains(mine, "Susun SKP") {
		t.Error("the staff's plans page does not offer to draft the SKP")
	}
	if strings.Contains(mine, html.EscapeString(e.name(e.secA))) {
		t.Error("staff of section B see the plan of section A's head")
	}
}

func testFormErrorKeepsInput(t *testing.T, e *planEnv) {
	d := e.seed()
	kasi := e.login(e.secB)
	path := "/plans/" + strconv.FormatInt(d.SKPB, 10) + "/lines/new"
	v := lineForm(revision(t, get(t, kasi, path, http.StatusOK)))
	v.Set("cascade_type", domain.CascadeNone)
	v.Set("name", "Indikator dengan target ambigu")
	v.Set("t2", "1.234")
	// Problems the service finds come with the number the form could not
	// read, in one answer: the forbidden choice and the missing formula.
	v.Set("validity", "exact")
	v.Set("control", "high")
	v.Set("formula", "")
	r := kasi.PostForm(path, v)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	checkPage(t, "refused line", "id", r.Body)
	t2 := fieldBlock(t, r.Body, "t2")
	for _, want := range []string{`value="1.234"`, `aria-invalid="true"`, "ambigu"} {
		if !strings.Contains(t2, want) {
			t.Errorf("the target field lacks %s:\n%s", want, t2)
		}
	}
	if !strings.Contains(r.Body, `value="Indikator dengan target ambigu"`) {
		t.Error("the form lost the name")
	}
	forbidden := html.EscapeString(i18n.Translate("id", "plan.quality_forbidden", map[string]any{"validity": "exact", "control": "high"}))
	if c := fieldBlock(t, r.Body, "control"); !strings.Contains(c, forbidden) {
		t.Errorf("the control field lacks the refusal of exact with high control:\n%s", c)
	}
	if f := fieldBlock(t, r.Body, "formula"); !strings.Contains(f, `aria-invalid="true"`) {
		t.Errorf("the missing formula is not marked:\n%s", f)
	}
	if strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "plan.no_target", nil))) {
		t.Error("a target the form could not read is reported missing")
	}
	// With the number fixed, what remains wrong is still reported.
	v.Set("t2", "96")
	r = kasi.PostForm(path, v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, forbidden) {
		t.Errorf("exact with high control: %d%s", r.Status, excerpt(r))
	}
}

func testConflict(t *testing.T, e *planEnv) {
	d := e.seed()
	kasi := e.login(e.secB)
	path := "/plans/" + strconv.FormatInt(d.SKPB, 10) + "/lines/new"
	stale := revision(t, get(t, kasi, path, http.StatusOK))
	first := lineForm(stale)
	first.Set("cascade_type", domain.CascadeNone)
	seeOther(t, "first save", kasi.PostForm(path, first))
	second := lineForm(stale)
	second.Set("cascade_type", domain.CascadeNone)
	second.Set("code", "2b-X")
	second.Set("name", "Isian yang tidak boleh hilang")
	r := kasi.PostForm(path, second)
	if r.Status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", r.Status)
	}
	if !strings.Contains(r.Body, "Isian yang tidak boleh hilang") || !strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "plan.changed_meanwhile", nil))) {
		t.Errorf("the conflict lost the input or its explanation%s", excerpt(r))
	}
	// The page now carries the current revision: saving again is deliberate and works.
	second.Set("revision", revision(t, r.Body))
	seeOther(t, "save after the conflict", kasi.PostForm(path, second))
}

func testApprovals(t *testing.T, e *planEnv) {
	ctx := context.Background()
	svc := e.f.Service
	head := e.actor(e.head)
	ss1, err := svc.SaveObjective(ctx, head, e.year, e.office, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := svc.OpenPlan(ctx, head, e.year, e.head)
	if err != nil {
		t.Fatal(err)
	}
	in := lineInput()
	in.ObjectiveID = ss1.ID
	if _, err := svc.SaveLine(ctx, head, pk.ID, 0, -1, in); err != nil {
		t.Fatal(err)
	}
	pkPath := "/plans/" + strconv.FormatInt(pk.ID, 10)
	hc := e.login(e.head)
	page := get(t, hc, pkPath, http.StatusOK)
	seeOther(t, "submit the PK", hc.PostForm(pkPath+"/submit", url.Values{"revision": {revision(t, page)}}))
	if r := hc.PostForm(pkPath+"/approve", url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("the head approves their own PK: %d, want 403", r.Status)
	}
	if page = get(t, e.login(e.peng), pkPath, http.StatusOK); strings.Contains(page, pkPath+"/approve") {
		t.Error("the pengelola kinerja, who prepares the PK, sees an approve button")
	}
	peng := e.login(e.kanwil)
	page = get(t, peng, pkPath, http.StatusOK)
	if !strings.Contains(page, pkPath+"/approve") {
		t.Fatal("the Kepala Kanwil sees no approve button")
	}
	// Returning needs a comment, shown beside the field.
	r := peng.PostForm(pkPath+"/return", url.Values{"revision": {revision(t, page)}, "comment": {"  "}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, r.Body, "comment"), "has-error") {
		t.Errorf("return without a comment: %d%s", r.Status, excerpt(r))
	}
	seeOther(t, "the Kepala Kanwil approves the PK", peng.PostForm(pkPath+"/approve", url.Values{"revision": {revision(t, page)}}))
	if page := get(t, hc, pkPath, http.StatusOK); !strings.Contains(page, "pill-approved") {
		t.Error("the PK is not shown as approved")
	}

	// A supervisor approves a subordinate's SKP; another section's head may not.
	staffID := e.staffA[0]
	staff := e.actor(staffID)
	skp, err := svc.OpenPlan(ctx, staff, e.year, staffID)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []string{"A-1", "A-2", "A-3"} {
		li := lineInput()
		li.Code, li.CascadeType, li.Name = code, domain.CascadeNone, "Indikator staf "+strconv.Itoa(i+1)
		if _, err := svc.SaveLine(ctx, staff, skp.ID, 0, -1, li); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.SubmitPlan(ctx, staff, skp.ID, -1); err != nil {
		t.Fatal(err)
	}
	skpPath := "/plans/" + strconv.FormatInt(skp.ID, 10)
	if r := e.login(e.secB).PostForm(skpPath+"/approve", url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("another section's head approves: %d, want 403", r.Status)
	}
	kasi := e.login(e.secA)
	page = get(t, kasi, skpPath, http.StatusOK)
	seeOther(t, "the supervisor approves the SKP", kasi.PostForm(skpPath+"/approve", url.Values{"revision": {revision(t, page)}}))
	v, err := svc.GetPlan(ctx, staff, skp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version.Status != domain.PlanApproved || v.Version.ApproverName != e.name(e.secA) {
		t.Errorf("SKP version = %s by %q", v.Version.Status, v.Version.ApproverName)
	}
}

func testStrategyAndK3(t *testing.T, e *planEnv) {
	d := e.seed()
	head := e.login(e.head)
	y := e.y()
	// Weights that do not add up come back with what was typed.
	v := url.Values{"present_stakeholder": {"on"}, "name_stakeholder": {"Stakeholder"}, "weight_stakeholder": {"30"},
		"present_customer": {"on"}, "name_customer": {"Pelanggan"}, "weight_customer": {"25"},
		"present_internal_process": {"on"}, "name_internal_process": {"Proses Internal"}, "weight_internal_process": {"25"},
		"present_learning_growth": {"on"}, "name_learning_growth": {"Pembelajaran"}, "weight_learning_growth": {"10"}}
	r := head.PostForm("/strategy/perspectives"+y, v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "90") || !strings.Contains(r.Body, `value="Pelanggan"`) {
		t.Fatalf("weights adding up to 90: %d%s", r.Status, excerpt(r))
	}
	v.Set("weight_learning_growth", "20")
	seeOther(t, "weights adding up to 100", head.PostForm("/strategy/perspectives"+y, v))
	if page := get(t, head, "/strategy"+y, http.StatusOK); !strings.Contains(page, "Pelanggan") || !strings.Contains(page, "<svg") {
		t.Error("the map lacks the renamed perspective or the drawing")
	}
	// A new objective supporting SS-1; its code again is refused beside the field.
	obj := url.Values{"perspective": {"internal_process"}, "code": {"SS-3"}, "name": {"Proses yang efisien"},
		"supports": {strconv.FormatInt(d.Objective, 10)}}
	seeOther(t, "new objective", head.PostForm("/strategy/objectives/new"+y, obj))
	r = head.PostForm("/strategy/objectives/new"+y, obj)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, r.Body, "code"), "has-error") ||
		!strings.Contains(r.Body, `value="Proses yang efisien"`) {
		t.Errorf("repeated code: %d%s", r.Status, excerpt(r))
	}
	// Staff read the map but cannot change it.
	staff := e.login(e.staffA[0])
	if page := get(t, staff, "/strategy"+y, http.StatusOK); strings.Contains(page, "/strategy/perspectives") {
		t.Error("staff are offered the perspective form")
	}
	if r := staff.PostForm("/strategy/objectives/new"+y, obj); r.Status != http.StatusForbidden {
		t.Errorf("staff add an objective: %d, want 403", r.Status)
	}

	// The pengelola reviews K3 and starts a thread; the line's owner answers.
	peng := e.login(e.peng)
	if page := get(t, peng, "/k3"+y, http.StatusOK); !strings.Contains(page, "1a-CP") {
		t.Error("the K3 review lacks the PK line")
	}
	thread := "/k3/lines/" + strconv.FormatInt(d.PKLine, 10)
	if r := peng.PostForm(thread, url.Values{"body": {" "}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty note: %d, want 422", r.Status)
	}
	seeOther(t, "note", peng.PostForm(thread, url.Values{"body": {"Target kurang menantang."}}))
	seeOther(t, "the owner's answer", head.PostForm(thread, url.Values{"body": {"Akan kami naikkan."}}))
	page := html.UnescapeString(get(t, head, thread, http.StatusOK))
	for _, want := range []string{"Target kurang menantang.", e.name(e.peng), "Akan kami naikkan."} {
		if !strings.Contains(page, want) {
			t.Errorf("the thread lacks %q", want)
		}
	}
	// The pengelola sets the K3 of the approved PK line; the head cannot.
	decide := url.Values{"year": {strconv.Itoa(e.year)}, "revision": {"0"}, "decision": {"revise"}, "note": {" "}}
	if r := peng.PostForm(thread+"/decision", decide); r.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, r.Body, "note"), "has-error") {
		t.Errorf("a revision request without a note: %d%s", r.Status, excerpt(r))
	}
	decide.Set("decision", "accepted")
	if r := head.PostForm(thread+"/decision", decide); r.Status != http.StatusForbidden {
		t.Errorf("the head deciding K3: %d, want 403", r.Status)
	}
	if page := get(t, peng, "/k3"+y+"&show=undecided", http.StatusOK); !strings.Contains(page, `href="`+thread+`"`) {
		t.Error("the line not decided yet is not listed as undecided")
	}
	seeOther(t, "K3 set", peng.PostForm(thread+"/decision", decide))
	page = html.UnescapeString(get(t, head, thread, http.StatusOK))
	if !strings.Contains(page, i18n.Translate("id", "k3d.accepted", nil)) || !strings.Contains(page, e.name(e.peng)) || strings.Contains(page, `action="`+thread+`/decision"`) {
		t.Error("the thread does not show the K3 set by the pengelola, or offers the head the decision form")
	}
	if page := get(t, peng, "/k3"+y+"&show=undecided", http.StatusOK); strings.Contains(page, `href="`+thread+`"`) {
		t.Error("the decided line is still listed as undecided")
	}
	// Staff of a section see neither the review nor the PK's thread.
	get(t, e.login(e.staffB[0]), thread, http.StatusForbidden)
	get(t, staff, "/k3"+y, http.StatusForbidden)
}

func testCascadeAmendDiff(t *testing.T, e *planEnv) {
	d := e.seed()
	ctx := context.Background()
	// The head of section A splits the cascaded indicator between two staff.
	kasi := e.login(e.secA)
	path := "/plans/" + strconv.FormatInt(d.SKPA, 10) + "/lines/" + strconv.FormatInt(d.SKPALine, 10) + "/cascade"
	form := html.UnescapeString(get(t, kasi, path, http.StatusOK))
	if !strings.Contains(form, e.name(e.staffA[0])) || !strings.Contains(form, e.name(e.staffA[1])) {
		t.Fatal("the cascade form lacks the subordinates")
	}
	a1, a2 := strconv.FormatInt(e.staffA[0], 10), strconv.FormatInt(e.staffA[1], 10)
	v := url.Values{"method": {"partial"}, "employee": {a1, a2}}
	for q := 1; q <= 4; q++ {
		v.Set("t"+strconv.Itoa(q)+"_"+a1, "96")
		v.Set("t"+strconv.Itoa(q)+"_"+a2, "9x")
	}
	r := kasi.PostForm(path, v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="9x"`) {
		t.Fatalf("a malformed share: %d%s", r.Status, excerpt(r))
	}
	for q := 1; q <= 4; q++ {
		v.Set("t"+strconv.Itoa(q)+"_"+a2, "97,5")
	}
	seeOther(t, "partial cascade", kasi.PostForm(path, v))
	already := html.EscapeString(i18n.Translate("id", "casc.already", map[string]any{"code": "1a-CP.1.1"}))
	if form := get(t, kasi, path, http.StatusOK); strings.Count(form, already) != 2 {
		t.Errorf("the form does not show who already has the indicator")
	}
	tree := html.UnescapeString(get(t, e.login(e.peng), "/cascade"+e.y()+"&unit=all", http.StatusOK))
	for _, want := range []string{e.name(e.staffA[0]), e.name(e.staffA[1]), "97,5"} {
		if !strings.Contains(tree, want) {
			t.Errorf("the cascade tree lacks %q", want)
		}
	}

	// An amendment of the approved PK, then the diff of its two versions.
	head := e.login(e.head)
	pk := "/plans/" + strconv.FormatInt(d.PK, 10)
	if r := head.PostForm(pk+"/amend", url.Values{"reason": {""}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an amendment without a reason: %d, want 422", r.Status)
	}
	seeOther(t, "amend", head.PostForm(pk+"/amend", url.Values{"reason": {"Penyesuaian target"}}))
	in := lineInput()
	in.ObjectiveID = d.Objective
	in.Targets = quarters(96, 96, 97, 99)
	if _, err := e.f.Service.SaveLine(ctx, e.actor(e.head), d.PK, d.PKLine, -1, in); err != nil {
		t.Fatal(err)
	}
	diff := get(t, head, pk+"/diff", http.StatusOK)
	if !strings.Contains(diff, "Target TW IV") || !strings.Contains(diff, "99") || !strings.Contains(diff, "Penyesuaian target") {
		t.Errorf("the diff lacks the changed target")
	}
	view, err := e.f.Service.GetPlan(ctx, e.actor(e.head), d.PK, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Versions) != 2 {
		t.Fatalf("the PK has %d versions", len(view.Versions))
	}
	get(t, head, pk+"/diff?from=1&to=2", http.StatusOK)
	get(t, head, pk+"/diff?from=3", http.StatusNotFound)
	old := strconv.Itoa(view.Versions[0].Number)
	if page := get(t, head, pk+"?version="+old, http.StatusOK); !strings.Contains(page, "bukan versi terbaru") {
		t.Error("an old version is not marked as such")
	}
	get(t, head, pk+"/lines/"+strconv.FormatInt(d.PKLine, 10)+"/manual?version="+old, http.StatusOK)

	// The auditor reads everything and changes nothing.
	aud := e.indonesian(e.f.Login(t, "pemeriksa"))
	page := get(t, aud, pk, http.StatusOK)
	if strings.Contains(page, "/lines/new") || strings.Contains(page, "/submit") {
		t.Error("the auditor is offered changes")
	}
	get(t, aud, "/cascade"+e.y(), http.StatusOK)
	get(t, aud, "/k3"+e.y(), http.StatusOK)
	if r := aud.PostForm(pk+"/lines/new", lineForm("0")); r.Status != http.StatusForbidden {
		t.Errorf("the auditor saves a line: %d, want 403", r.Status)
	}
}

// testOfficeChoice runs last: its second office changes what accounts
// without an office of their own are shown.
func testOfficeChoice(t *testing.T, e *planEnv) {
	ctx := context.Background()
	other, err := e.f.Service.CreateUnit(ctx, service.SystemActor(), service.UnitInput{ParentID: e.f.RegionID, Code: "KPPN-LAIN",
		Name: "KPPN Lain", Kind: domain.UnitOffice})
	if err != nil {
		t.Fatal(err)
	}
	aud := e.indonesian(e.f.Login(t, "pemeriksa"))
	page := html.UnescapeString(get(t, aud, "/strategy"+e.y(), http.StatusOK))
	if !strings.Contains(page, i18n.Translate("id", "pui.pick_office", nil)) || !strings.Contains(page, "KPPN Lain") ||
		!strings.Contains(page, e.f.Chart(t).Units[e.office].Name) {
		t.Fatal("no office picker for an account without an office")
	}
	if page := get(t, aud, "/plans"+e.y()+"&office="+strconv.FormatInt(other.ID, 10), http.StatusOK); !strings.Contains(page, "KPPN Lain") {
		t.Error("the chosen office is not shown")
	}
	get(t, aud, "/cascade?year=1990", http.StatusNotFound)
	// Employees stay in their own office.
	get(t, e.login(e.staffA[0]), "/strategy"+e.y()+"&office="+strconv.FormatInt(other.ID, 10), http.StatusForbidden)
}

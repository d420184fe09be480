package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

func TestPlanPagesRenderInBothLanguages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		head := s.login("kepala")
		pk := strconv.FormatInt(d.PK, 10)
		line := strconv.FormatInt(d.PKLine, 10)
		pages := []struct {
			path   string
			id, en string
		}{
			{"/strategy", "Peta strategi", "Strategy map"},
			{"/plans", "Rencana kinerja", "Performance plans"},
			{"/plans/" + pk, "Perjanjian Kinerja", "Performance Agreement"},
			{"/plans/" + pk + "/lines/" + line + "/manual", "MANUAL IKU", "MANUAL IKU"},
			{"/cascade", "Celah cascading", "Cascading gaps"},
			{"/plans/" + pk + "/lines/" + line + "/cascade", "Bawahan langsung", "Direct reports"},
		}
		for _, lang := range []string{"id", "en"} {
			if lang == "en" {
				if st, _, _ := head.post("/lang", url.Values{"lang": {"en"}, "back": {"/"}}); st != http.StatusSeeOther {
					t.Fatalf("switch language: %d", st)
				}
			}
			for _, p := range pages {
				body := head.mustGet(p.path, http.StatusOK)
				want := p.id
				if lang == "en" {
					want = p.en
				}
				if !strings.Contains(body, want) {
					t.Errorf("%s (%s): %q not found\n%s", p.path, lang, want, excerpt(body))
				}
			}
		}
		peng := s.login("pengelola")
		for _, p := range []string{"/k3", "/k3/lines/" + line, "/plans/" + pk, "/cascade", "/strategy"} {
			peng.mustGet(p, http.StatusOK)
		}
	})
}

func TestHeadEditsThePKAndStaffCannot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		ctx := context.Background()
		head := s.login("kepala")
		// The head opens the PK from the plans page.
		body := head.mustGet("/plans", http.StatusOK)
		if !strings.Contains(body, "Susun PK") {
			t.Fatalf("no button to draft the PK:\n%s", excerpt(body))
		}
		code, _, loc := head.post("/plans/open", url.Values{"year": {strconv.Itoa(s.year)}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/plans/") {
			t.Fatalf("open PK: %d %q", code, loc)
		}
		pkPath := loc
		ss1, err := s.svc.SaveObjective(ctx, s.actor(s.off.Head), s.year, s.off.ID, 0, objective("SS-1", domain.PerspStakeholder))
		if err != nil {
			t.Fatal(err)
		}
		form := head.mustGet(pkPath+"/lines/new", http.StatusOK)
		v := lineForm(revision(t, form))
		v.Set("objective_id", strconv.FormatInt(ss1.ID, 10))
		if code, body, _ := head.post(pkPath+"/lines/new", v); code != http.StatusSeeOther {
			t.Fatalf("head saves a PK line: %d\n%s", code, excerpt(body))
		}
		page := head.mustGet(pkPath, http.StatusOK)
		if !strings.Contains(page, "1a-CP") || !strings.Contains(page, "97,25") {
			t.Errorf("PK page lacks the line or its derived annual target (average 97,25):\n%s", excerpt(page))
		}

		// A staff member sees neither the PK nor its editor.
		staff := s.login("staf.a1")
		staff.mustGet(pkPath, http.StatusForbidden)
		staff.mustGet(pkPath+"/lines/new", http.StatusForbidden)
		if code, _, _ := staff.post(pkPath+"/lines/new", v); code != http.StatusForbidden {
			t.Errorf("staff saves a PK line: %d, want 403", code)
		}
	})
}

func TestStaffCannotOpenAnotherSectionsSKP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		bank := s.login("staf.b1")
		bank.mustGet("/plans/"+strconv.FormatInt(d.SKPA, 10), http.StatusForbidden)
		bank.mustGet("/plans/"+strconv.FormatInt(d.SKPA, 10)+"/lines/"+strconv.FormatInt(d.SKPALine, 10)+"/manual", http.StatusForbidden)
		// Their own supervisor's plan is not theirs to see either, but their own is.
		mine := bank.mustGet("/plans", http.StatusOK)
		if !strings.Contains(mine, "Susun SKP") {
			t.Errorf("staff plans page should offer to draft the SKP:\n%s", excerpt(mine))
		}
		if strings.Contains(mine, "Ani Kasi") {
			t.Error("staff of section B sees the plan of section A's head")
		}
	})
}

func TestFormErrorKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		kasi := s.login("kasi.b")
		path := "/plans/" + strconv.FormatInt(d.SKPB, 10) + "/lines/new"
		v := lineForm(revision(t, kasi.mustGet(path, http.StatusOK)))
		v.Set("cascade_type", domain.CascadeNone)
		v.Set("name", "Indikator dengan target ambigu")
		v.Set("t2", "1.234")
		code, body, _ := kasi.post(path, v)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", code)
		}
		for _, want := range []string{`value="Indikator dengan target ambigu"`, "ambigu", `value="1.234"`, `aria-invalid="true"`} {
			if !strings.Contains(body, want) {
				t.Errorf("refused form lacks %q", want)
			}
		}
		// A wrong choice comes back from the service beside its field.
		v.Set("t2", "96")
		v.Set("validity", "exact")
		v.Set("control", "high")
		code, body, _ = kasi.post(path, v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "tidak diperbolehkan") {
			t.Errorf("exact+high: status %d\n%s", code, excerpt(body))
		}
	})
}

func TestConcurrentLineEditIsAConflictThatKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		kasi := s.login("kasi.b")
		path := "/plans/" + strconv.FormatInt(d.SKPB, 10) + "/lines/new"
		stale := revision(t, kasi.mustGet(path, http.StatusOK))
		first := lineForm(stale)
		first.Set("cascade_type", domain.CascadeNone)
		if code, body, _ := kasi.post(path, first); code != http.StatusSeeOther {
			t.Fatalf("first save: %d\n%s", code, excerpt(body))
		}
		second := lineForm(stale)
		second.Set("cascade_type", domain.CascadeNone)
		second.Set("code", "2b-X")
		second.Set("name", "Isian yang tidak boleh hilang")
		code, body, _ := kasi.post(path, second)
		if code != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", code)
		}
		if !strings.Contains(body, "Isian yang tidak boleh hilang") || !strings.Contains(body, "diubah orang lain") {
			t.Errorf("conflict page lost the input or the explanation:\n%s", excerpt(body))
		}
		// The page now carries the current revision: saving again is deliberate and works.
		second.Set("revision", revision(t, body))
		if code, body, _ := kasi.post(path, second); code != http.StatusSeeOther {
			t.Errorf("save after conflict: %d\n%s", code, excerpt(body))
		}
	})
}

func TestApprovals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		ctx := context.Background()
		head := s.actor(s.off.Head)
		ss1, err := s.svc.SaveObjective(ctx, head, s.year, s.off.ID, 0, objective("SS-1", domain.PerspStakeholder))
		if err != nil {
			t.Fatal(err)
		}
		pk, err := s.svc.OpenPlan(ctx, head, s.year, s.off.Head)
		if err != nil {
			t.Fatal(err)
		}
		in := lineInput()
		in.ObjectiveID = ss1.ID
		if _, err := s.svc.SaveLine(ctx, head, pk.ID, 0, -1, in); err != nil {
			t.Fatal(err)
		}
		pkPath := "/plans/" + strconv.FormatInt(pk.ID, 10)
		hc := s.login("kepala")
		page := hc.mustGet(pkPath, http.StatusOK)
		if code, body, _ := hc.post(pkPath+"/submit", url.Values{"revision": {revision(t, page)}}); code != http.StatusSeeOther {
			t.Fatalf("submit PK: %d\n%s", code, excerpt(body))
		}
		// The head cannot approve their own PK; a supervisor of nobody's PK neither.
		if code, _, _ := hc.post(pkPath+"/approve", url.Values{}); code != http.StatusForbidden {
			t.Errorf("head approves own PK: %d, want 403", code)
		}
		peng := s.login("pengelola")
		page = peng.mustGet(pkPath, http.StatusOK)
		if !strings.Contains(page, "/approve") {
			t.Fatalf("pengelola sees no approve button:\n%s", excerpt(page))
		}
		// Returning needs a comment, shown beside the field.
		code, body, _ := peng.post(pkPath+"/return", url.Values{"revision": {revision(t, page)}, "comment": {"  "}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "pemilik tahu") {
			t.Errorf("return without comment: %d\n%s", code, excerpt(body))
		}
		if code, body, _ := peng.post(pkPath+"/approve", url.Values{"revision": {revision(t, page)}}); code != http.StatusSeeOther {
			t.Fatalf("pengelola approves PK: %d\n%s", code, excerpt(body))
		}
		if page := hc.mustGet(pkPath, http.StatusOK); !strings.Contains(page, "pill-approved") {
			t.Error("PK not shown as approved")
		}

		// A supervisor approves a subordinate's SKP.
		staff := s.actor(s.off.StaffA[0])
		skp, err := s.svc.OpenPlan(ctx, staff, s.year, s.off.StaffA[0])
		if err != nil {
			t.Fatal(err)
		}
		for i, code := range []string{"A-1", "A-2", "A-3"} {
			li := lineInput()
			li.Code, li.CascadeType, li.Name = code, domain.CascadeNone, "Indikator staf "+strconv.Itoa(i+1)
			if _, err := s.svc.SaveLine(ctx, staff, skp.ID, 0, -1, li); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.svc.SubmitPlan(ctx, staff, skp.ID, -1); err != nil {
			t.Fatal(err)
		}
		skpPath := "/plans/" + strconv.FormatInt(skp.ID, 10)
		other := s.login("kasi.b")
		if code, _, _ := other.post(skpPath+"/approve", url.Values{}); code != http.StatusForbidden {
			t.Errorf("another section's head approves: %d, want 403", code)
		}
		kasi := s.login("kasi.a")
		page = kasi.mustGet(skpPath, http.StatusOK)
		if code, body, _ := kasi.post(skpPath+"/approve", url.Values{"revision": {revision(t, page)}}); code != http.StatusSeeOther {
			t.Fatalf("supervisor approves SKP: %d\n%s", code, excerpt(body))
		}
		v, err := s.svc.GetPlan(ctx, staff, skp.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version.Status != domain.PlanApproved || v.Version.ApproverName != "Ani Kasi" {
			t.Errorf("SKP version = %s by %q", v.Version.Status, v.Version.ApproverName)
		}
	})
}

func TestStrategyFormsAndK3Thread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		head := s.login("kepala")
		// Weights that do not add up come back with the typed values.
		v := url.Values{"present_stakeholder": {"on"}, "name_stakeholder": {"Stakeholder"}, "weight_stakeholder": {"30"},
			"present_customer": {"on"}, "name_customer": {"Pelanggan"}, "weight_customer": {"25"},
			"present_internal_process": {"on"}, "name_internal_process": {"Proses Internal"}, "weight_internal_process": {"25"},
			"present_learning_growth": {"on"}, "name_learning_growth": {"Pembelajaran"}, "weight_learning_growth": {"10"}}
		code, body, _ := head.post("/strategy/perspectives", v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "100") || !strings.Contains(body, `value="Pelanggan"`) {
			t.Fatalf("weights summing to 90: %d\n%s", code, excerpt(body))
		}
		v.Set("weight_learning_growth", "20")
		if code, body, _ := head.post("/strategy/perspectives", v); code != http.StatusSeeOther {
			t.Fatalf("weights summing to 100: %d\n%s", code, excerpt(body))
		}
		if page := head.mustGet("/strategy", http.StatusOK); !strings.Contains(page, "Pelanggan") || !strings.Contains(page, "<svg") {
			t.Errorf("the map lacks the renamed perspective or the drawing:\n%s", excerpt(page))
		}
		// A new objective supporting SS-1; a repeated code is refused beside its field.
		obj := url.Values{"perspective": {"internal_process"}, "code": {"SS-3"}, "name": {"Proses yang efisien"},
			"supports": {strconv.FormatInt(d.Objective, 10)}}
		if code, body, _ := head.post("/strategy/objectives/new", obj); code != http.StatusSeeOther {
			t.Fatalf("new objective: %d\n%s", code, excerpt(body))
		}
		code, body, _ = head.post("/strategy/objectives/new", obj)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Proses yang efisien"`) {
			t.Errorf("repeated code: %d", code)
		}
		// Staff read the map but cannot change it.
		staff := s.login("staf.a1")
		if page := staff.mustGet("/strategy", http.StatusOK); strings.Contains(page, "/strategy/perspectives") {
			t.Error("staff are offered the perspective form")
		}
		if code, _, _ := staff.post("/strategy/objectives/new", obj); code != http.StatusForbidden {
			t.Errorf("staff add an objective: %d, want 403", code)
		}

		// The pengelola reviews K3 and starts a thread; the line's owner answers.
		peng := s.login("pengelola")
		if page := peng.mustGet("/k3", http.StatusOK); !strings.Contains(page, "1a-CP") {
			t.Errorf("K3 review lacks the PK line:\n%s", excerpt(page))
		}
		thread := "/k3/lines/" + strconv.FormatInt(d.PKLine, 10)
		if code, _, _ := peng.post(thread, url.Values{"body": {" "}}); code != http.StatusUnprocessableEntity {
			t.Errorf("empty note: %d, want 422", code)
		}
		if code, _, _ := peng.post(thread, url.Values{"body": {"Target kurang menantang."}}); code != http.StatusSeeOther {
			t.Errorf("note: %d", code)
		}
		if code, _, _ := head.post(thread, url.Values{"body": {"Akan kami naikkan."}}); code != http.StatusSeeOther {
			t.Errorf("owner's answer: %d", code)
		}
		page := head.mustGet(thread, http.StatusOK)
		if !strings.Contains(page, "Target kurang menantang.") || !strings.Contains(page, "Putri Pengelola") || !strings.Contains(page, "Akan kami naikkan.") {
			t.Errorf("thread incomplete:\n%s", excerpt(page))
		}
		// Staff of another section see neither the review nor the thread.
		s.login("staf.b1").mustGet(thread, http.StatusForbidden)
		staff.mustGet("/k3", http.StatusForbidden)
	})
}

func TestCascadeAmendDiffAndReadOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		d := s.seedPlans()
		ctx := context.Background()
		// The head of section A splits the cascaded indicator between the two staff.
		kasi := s.login("kasi.a")
		path := "/plans/" + strconv.FormatInt(d.SKPA, 10) + "/lines/" + strconv.FormatInt(d.SKPALine, 10) + "/cascade"
		form := kasi.mustGet(path, http.StatusOK)
		if !strings.Contains(form, "Ayu Staf") || !strings.Contains(form, "Adi Staf") {
			t.Fatalf("cascade form lacks the subordinates:\n%s", excerpt(form))
		}
		a1, a2 := strconv.FormatInt(s.off.StaffA[0], 10), strconv.FormatInt(s.off.StaffA[1], 10)
		v := url.Values{"method": {"partial"}, "employee": {a1, a2}}
		for q := 1; q <= 4; q++ {
			v.Set("t"+strconv.Itoa(q)+"_"+a1, "96")
			v.Set("t"+strconv.Itoa(q)+"_"+a2, "9x")
		}
		code, body, _ := kasi.post(path, v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="9x"`) {
			t.Fatalf("malformed share: %d\n%s", code, excerpt(body))
		}
		for q := 1; q <= 4; q++ {
			v.Set("t"+strconv.Itoa(q)+"_"+a2, "97,5")
		}
		if code, body, _ := kasi.post(path, v); code != http.StatusSeeOther {
			t.Fatalf("partial cascade: %d\n%s", code, excerpt(body))
		}
		if form := kasi.mustGet(path, http.StatusOK); strings.Count(form, "pill-approved\">sudah punya") != 2 {
			t.Errorf("the form does not show who already has the indicator")
		}
		tree := s.login("pengelola").mustGet("/cascade", http.StatusOK)
		for _, want := range []string{"Ayu Staf", "Adi Staf", "97,5"} {
			if !strings.Contains(tree, want) {
				t.Errorf("cascade tree lacks %q", want)
			}
		}

		// An amendment of the approved PK, then the diff of the two versions.
		head := s.login("kepala")
		pk := "/plans/" + strconv.FormatInt(d.PK, 10)
		if code, _, _ := head.post(pk+"/amend", url.Values{"reason": {""}}); code != http.StatusUnprocessableEntity {
			t.Errorf("amendment without reason: %d, want 422", code)
		}
		if code, body, _ := head.post(pk+"/amend", url.Values{"reason": {"Penyesuaian target"}}); code != http.StatusSeeOther {
			t.Fatalf("amend: %d\n%s", code, excerpt(body))
		}
		in := lineInput()
		in.ObjectiveID = d.Objective
		in.Targets = quarters(96, 96, 97, 99)
		if _, err := s.svc.SaveLine(ctx, s.actor(s.off.Head), d.PK, d.PKLine, -1, in); err != nil {
			t.Fatal(err)
		}
		diff := head.mustGet(pk+"/diff", http.StatusOK)
		if !strings.Contains(diff, "Target TW IV") || !strings.Contains(diff, "99") || !strings.Contains(diff, "Penyesuaian target") {
			t.Errorf("diff lacks the changed target:\n%s", excerpt(diff))
		}
		view, err := s.svc.GetPlan(ctx, s.actor(s.off.Head), d.PK, 0)
		if err != nil {
			t.Fatal(err)
		}
		old := strconv.FormatInt(view.Versions[0].ID, 10)
		if page := head.mustGet(pk+"?version="+old, http.StatusOK); !strings.Contains(page, "bukan versi terbaru") {
			t.Error("an old version is not marked as such")
		}
		head.mustGet(pk+"/lines/"+strconv.FormatInt(d.PKLine, 10)+"/manual?version="+old, http.StatusOK)

		// The auditor reads everything and changes nothing.
		if _, err := s.svc.CreateUser(ctx, serviceSystem(), userInput("pemeriksa", domain.RolePemeriksa)); err != nil {
			t.Fatal(err)
		}
		aud := s.login("pemeriksa")
		page := aud.mustGet(pk, http.StatusOK)
		if strings.Contains(page, "/lines/new") || strings.Contains(page, "/submit") {
			t.Error("the auditor is offered changes")
		}
		aud.mustGet("/cascade", http.StatusOK)
		aud.mustGet("/k3", http.StatusOK)
		if code, _, _ := aud.post(pk+"/lines/new", lineForm("0")); code != http.StatusForbidden {
			t.Errorf("auditor saves a line: %d, want 403", code)
		}
	})
}

func TestOfficeAndYearChoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newPlanSite(t, st)
		ctx := context.Background()
		other, err := s.svc.CreateUnit(ctx, serviceSystem(), unitInput("KPPN-L", "KPPN Lain"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.CreateUser(ctx, serviceSystem(), userInput("auditor", domain.RolePemeriksa)); err != nil {
			t.Fatal(err)
		}
		aud := s.login("auditor")
		page := aud.mustGet("/strategy", http.StatusOK)
		if !strings.Contains(page, "Pilih kantor") || !strings.Contains(page, "KPPN Lain") || !strings.Contains(page, "KPPN Teladan") {
			t.Fatalf("no office picker:\n%s", excerpt(page))
		}
		page = aud.mustGet("/plans?office="+strconv.FormatInt(other.ID, 10), http.StatusOK)
		if !strings.Contains(page, "KPPN Lain") {
			t.Errorf("the chosen office is not shown")
		}
		aud.mustGet("/cascade?year=1999", http.StatusNotFound)
		// Employees stay in their own office.
		s.login("staf.a1").mustGet("/strategy?office="+strconv.FormatInt(other.ID, 10), http.StatusForbidden)
	})
}

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

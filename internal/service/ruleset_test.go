package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// ruleSetFile is the default rule set with edit applied, as a file.
func ruleSetFile(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	rs, err := calc.GetRuleSet(calc.DefaultRuleSetID)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(rs.Source(), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// at walks nested objects of a decoded rule set.
func at(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m = m[k].(map[string]any)
	}
	return m
}

func installedIDs(t *testing.T, svc *service.Service, o *org) []string {
	t.Helper()
	list, err := svc.ListRuleSets(context.Background(), o.admin)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range list {
		if r.Installed {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// Installing: the strict checks of the embedded sets refuse a wrong file
// whole, naming the field in both languages; the same content twice is one
// set; an id taken with other content is a conflict; only admins install.
func TestInstallRuleSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		svc := o.svc
		good := ruleSetFile(t, func(m map[string]any) {
			m["id"], m["title"] = "KMK-127-2026-KOREKSI", "KMK 127/2026, koreksi kantor"
			at(m, "status")["yellow_min"] = 85
		})

		// Refused whole, naming the field.
		bad := ruleSetFile(t, func(m map[string]any) {
			m["id"] = "KMK-127-2026-SALAH"
			at(m, "status")["yellow_min"] = 100
		})
		_, _, err := svc.InstallRuleSet(ctx, o.admin, bad)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !ve.Has("status.yellow_min") {
			t.Fatalf("invalid file: %v", err)
		}
		msg := ve.Fields["status.yellow_min"]
		if !strings.Contains(msg.Texts["id"], "harus di bawah status.green_min") || !strings.Contains(msg.Texts["en"], "must be below status.green_min") {
			t.Errorf("refusal texts = %v", msg.Texts)
		}
		for name, file := range map[string][]byte{
			"malformed":     []byte(`{"id": "X"`),
			"missing field": []byte(`{"id": "X", "title": "Y"}`),
			"unknown field": ruleSetFile(t, func(m map[string]any) { m["id"], m["extra"] = "X", 1 }),
			"too large":     make([]byte, service.MaxRuleSetSize+1),
		} {
			if _, _, err := svc.InstallRuleSet(ctx, o.admin, file); !errors.As(err, &ve) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if ids := installedIDs(t, svc, o); len(ids) != 0 {
			t.Fatalf("refused files were stored: %v", ids)
		}

		// Only admins install.
		if _, _, err := svc.InstallRuleSet(ctx, o.A.PengActor, good); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("pengelola installs: %v", err)
		}
		info, created, err := svc.InstallRuleSet(ctx, o.admin, good)
		if err != nil || !created || !info.Installed || info.ID != "KMK-127-2026-KOREKSI" {
			t.Fatalf("install: %+v %v %v", info, created, err)
		}
		// The same content again, spaced otherwise, changes nothing.
		var compact map[string]any
		_ = json.Unmarshal(good, &compact)
		again, _ := json.Marshal(compact)
		if info2, created, err := svc.InstallRuleSet(ctx, o.admin, again); err != nil || created || info2.Digest != info.Digest {
			t.Errorf("second install: %+v %v %v", info2, created, err)
		}
		// The embedded set itself is there already.
		def, _ := calc.GetRuleSet(calc.DefaultRuleSetID)
		if info3, created, err := svc.InstallRuleSet(ctx, o.admin, def.Source()); err != nil || created || info3.Installed {
			t.Errorf("embedded file installed: %+v %v %v", info3, created, err)
		}
		// An id in use with other content is refused.
		for name, file := range map[string][]byte{
			"installed": ruleSetFile(t, func(m map[string]any) { m["id"] = "KMK-127-2026-KOREKSI" }),
			"embedded":  ruleSetFile(t, func(m map[string]any) { at(m, "status")["yellow_min"] = 85 }),
		} {
			if _, _, err := svc.InstallRuleSet(ctx, o.admin, file); !errors.Is(err, domain.ErrConflict) {
				t.Errorf("id of an %s set with other content: %v", name, err)
			}
		}
		if ids := installedIDs(t, svc, o); len(ids) != 1 || ids[0] != "KMK-127-2026-KOREKSI" {
			t.Fatalf("installed = %v, want the one set", ids)
		}
		events, err := s.ListAuditEvents(ctx, store.AuditFilter{Action: "ruleset.install"})
		if err != nil || len(events) != 1 {
			t.Errorf("audit events = %d (%v), want 1", len(events), err)
		}

		// The pengelola kinerja views, with the differences from the embedded set.
		d, err := svc.GetRuleSetDetail(ctx, o.A.PengActor, "KMK-127-2026-KOREKSI", "")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]calc.FieldDiff{}
		for _, f := range d.Diff {
			got[f.Path] = f
		}
		if d.Base != calc.DefaultRuleSetID || len(got) != 3 || got["status.yellow_min"].From != "80" || got["status.yellow_min"].To != "85" ||
			got["id"].To != `"KMK-127-2026-KOREKSI"` {
			t.Errorf("diff against %s = %+v", d.Base, d.Diff)
		}
		if string(d.Source) != string(good) {
			t.Error("the file shown is not the file installed")
		}
		if _, err := svc.GetRuleSetDetail(ctx, o.A.StaffActor, "KMK-127-2026-KOREKSI", ""); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff views rule sets: %v", err)
		}
		if _, err := svc.GetRuleSetDetail(ctx, o.admin, "NONE", ""); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown rule set: %v", err)
		}

		// Another process (a fresh service) finds the installed set.
		other := service.New(s, service.Options{PasswordParams: &auth.TestParams, Now: o.clock.Now, Location: wib})
		rs, err := other.RuleSet(domain.Year{RuleSet: "KMK-127-2026-KOREKSI"})
		if err != nil {
			t.Fatal(err)
		}
		if y, _ := rs.StatusThresholds(); y != 85 {
			t.Errorf("installed yellow_min = %v, want 85", y)
		}
		// Parsed once: the hot path takes the cached set.
		if again, err := other.RuleSet(domain.Year{RuleSet: "KMK-127-2026-KOREKSI"}); err != nil || again != rs {
			t.Errorf("second lookup parsed the set again (%v)", err)
		}
		if _, err := other.RuleSet(domain.Year{RuleSet: "NONE"}); err == nil {
			t.Error("an unknown rule set resolved")
		}
	})
}

// A year computes by an installed set once assigned: a raised top band of
// the NKO predicates changes the office's predicate. Once the year has an
// official figure (a verified line) its rule set no longer changes.
func TestAssignInstalledRuleSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		o.report(t, A.HeadActor, o.pk.ID, 3)
		nko := func() service.NKOView {
			t.Helper()
			v, err := o.svc.NKO(ctx, A.PengActor, o.year, 3, A.Unit.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		before := nko()
		x := before.Result.NKO
		if before.Result.Predicate != "Baik" || x <= 101 || x >= 110 {
			t.Fatalf("NKO before = %v %q, want Baik between 101 and 110", x, before.Result.Predicate)
		}
		// The top band starts just below the office's NKO.
		file := ruleSetFile(t, func(m map[string]any) {
			m["id"] = "KMK-127-2026-PITA"
			at(m, "nko")["predicates"].([]any)[0].(map[string]any)["min"] = math.Floor(x)
		})
		if _, _, err := o.svc.InstallRuleSet(ctx, o.admin, file); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.AssignRuleSet(ctx, A.StaffActor, o.year, "KMK-127-2026-PITA"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff assigns: %v", err)
		}
		if _, err := o.svc.AssignRuleSet(ctx, A.PengActor, o.year, "NONE"); fieldOf(err, "rule_set") != "err.choose" {
			t.Errorf("unknown rule set assigned: %v", err)
		}
		y, err := o.svc.AssignRuleSet(ctx, A.PengActor, o.year, "KMK-127-2026-PITA")
		if err != nil || y.RuleSet != "KMK-127-2026-PITA" {
			t.Fatalf("assign: %v %v", y.RuleSet, err)
		}
		after := nko()
		if after.Result.Predicate != "Sangat Baik" || after.Result.NKO != x || after.Result.RuleSet != "KMK-127-2026-PITA" {
			t.Errorf("NKO after = %v %q by %s, want %v Sangat Baik by the installed set", after.Result.NKO, after.Result.Predicate, after.Result.RuleSet, x)
		}

		// A verified line makes the year's figures official.
		staff := o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, v.Sheet.Revision); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(o.sheet(t, staff, 3))); err != nil {
			t.Fatal(err)
		}
		_, err = o.svc.AssignRuleSet(ctx, A.PengActor, o.year, calc.DefaultRuleSetID)
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "year.rule_set_official" || se.Msg.Args["verified"] != 2 {
			t.Fatalf("assign after a verified sheet: %v", err)
		}
		cur, err := o.svc.GetYear(ctx, A.PengActor, o.year)
		if err != nil {
			t.Fatal(err)
		}
		in := service.YearInput{RuleSet: calc.DefaultRuleSetID, PlanDueDate: cur.PlanDueDate}
		for q := range in.Deadlines {
			in.Deadlines[q] = cur.Quarters[q].Deadline
		}
		if _, err := o.svc.UpdateYear(ctx, A.PengActor, o.year, in); fieldOf(err, "rule_set") != "year.rule_set_official" {
			t.Errorf("year form changes the rule set after a verified sheet: %v", err)
		}
		// The deadlines still change; the same rule set is no change.
		in.RuleSet = "KMK-127-2026-PITA"
		if _, err := o.svc.UpdateYear(ctx, A.PengActor, o.year, in); err != nil {
			t.Errorf("year form with its own rule set: %v", err)
		}
		if got := nko(); got.Result.Predicate != "Sangat Baik" {
			t.Errorf("predicate after the refusals = %q", got.Result.Predicate)
		}
		list, err := o.svc.ListRuleSets(ctx, A.PengActor)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if want := r.ID == "KMK-127-2026-PITA"; (len(r.Years) == 1 && r.Years[0] == o.year) != want {
				t.Errorf("%s computes years %v", r.ID, r.Years)
			}
		}
	})
}

// A year assigned an installed set whose supervisor group weighs three
// times a peer scores the NPK by it: the supervisor's 110 and the peer's
// 90 give 100 with equal groups and 105 after.
func TestInstalledRaterWeightsChangeNPK(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		o.reportQ1(t, 100, 100, 100, 100, 100)
		o.clock.now = time.Date(2026, 4, 5, 9, 0, 0, 0, wib)
		if err := o.svc.SetRaters(ctx, o.A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{o.A.Staff.ID}); err != nil {
			t.Fatal(err)
		}
		for a, score := range map[*authz.Actor]float64{&o.A.SecHeadActor: 110, &o.A.StaffActor: 90} {
			if err := o.svc.SaveBehaviour(ctx, *a, o.nadiaPlan.ID, 1, []float64{score, score, score, score, score, score, score}); err != nil {
				t.Fatal(err)
			}
		}
		npk := func() float64 {
			t.Helper()
			v, err := o.svc.EmployeeScore(ctx, o.nadia, o.nadiaPlan.ID, 1)
			if err != nil || v.Result == nil {
				t.Fatalf("score: %v %v", err, v.Missing)
			}
			return calc.Round2(v.Result.NPK)
		}
		if got := npk(); got != 100 {
			t.Fatalf("NPK with equal groups = %v, want 100", got)
		}
		file := ruleSetFile(t, func(m map[string]any) {
			m["id"] = "KMK-127-2026-ATASAN"
			at(m, "evaluation", "rater_group_weights")["supervisor"] = 3
		})
		if _, _, err := o.svc.InstallRuleSet(ctx, o.admin, file); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.AssignRuleSet(ctx, o.A.PengActor, o.year, "KMK-127-2026-ATASAN"); err != nil {
			t.Fatal(err)
		}
		if got := npk(); got != 105 {
			t.Errorf("NPK with the supervisor weighing 3 = %v, want 105", got)
		}
	})
}

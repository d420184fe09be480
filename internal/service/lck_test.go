package service_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// lckOrg is office A of the test organisation with a performance year: a
// strategy map of four perspectives, the head's PK with five IKUs and the
// section head's SKP with three IKIs, all approved.
type lckOrg struct {
	*org
	year       int
	pk, skp    int64
	iku        map[string]int64 // IKU code → line ID
	iki        map[string]int64 // IKI code → line ID
	objectives map[string]domain.Objective
	persp      map[domain.PerspectiveKind]domain.Perspective
}

const lckYear = 2026

// ikuSpec is an indicator of the test plans.
type lckLine struct {
	code, objective, polarity, cons string
	target                          float64
	weight                          float64 // 0: none
}

// The IKUs: two weighted ones serve SS-1, one each the other objectives.
var lckIKUs = []lckLine{
	{"K1", "SS-1", "maximize", "last", 100, 2},
	{"K2", "SS-1", "maximize", "sum", 10, 1},
	{"K3", "SS-2", "minimize", "average", 5, 0},
	{"K4", "SS-3", "maximize", "last", 80, 0},
	{"K5", "SS-4", "maximize", "average", 90, 0},
}

// The section head's own IKIs.
var lckIKIs = []lckLine{
	{"S1", "", "maximize", "last", 100, 0},
	{"S2", "", "maximize", "last", 100, 0},
	{"S3", "", "maximize", "last", 100, 0},
}

func lineInput(l lckLine, objectiveID int64) service.LineInput {
	in := service.LineInput{Code: l.code, Name: "Indikator " + l.code, ObjectiveID: objectiveID, CascadeType: domain.CascadePeta,
		Manual: domain.Manual{Formula: "realisasi ÷ target × 100%", Unit: "%", Validity: "proxy", Control: "moderate",
			Polarity: l.polarity, PeriodConsolidation: l.cons, HistoryKind: "new_without_history"}}
	if objectiveID == 0 {
		in.CascadeType = domain.CascadeNone
	}
	for q := range in.Targets {
		in.Targets[q] = calc.Some(l.target)
	}
	if l.weight > 0 {
		in.Weight = calc.Some(l.weight)
	}
	return in
}

func newLCKOrg(t *testing.T, s *store.Store) *lckOrg {
	t.Helper()
	ctx := context.Background()
	o := &lckOrg{org: newOrg(t, s), year: lckYear, iku: map[string]int64{}, iki: map[string]int64{},
		objectives: map[string]domain.Objective{}, persp: map[domain.PerspectiveKind]domain.Perspective{}}
	svc, A := o.svc, o.A
	if _, err := svc.CreateYear(ctx, sys, lckYear, ""); err != nil {
		t.Fatal(err)
	}
	for i, k := range domain.PerspectiveKinds {
		code := "SS-" + string(rune('1'+i))
		ob, err := svc.SaveObjective(ctx, A.HeadActor, lckYear, A.Unit.ID, 0, service.ObjectiveInput{PerspectiveKind: k, Code: code, Name: "Sasaran " + code})
		if err != nil {
			t.Fatal(err)
		}
		o.objectives[code] = ob
	}
	m, err := svc.StrategyMap(ctx, A.HeadActor, lckYear, A.Unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Map.Perspectives {
		o.persp[p.Kind] = p
	}
	pk, err := svc.OpenPlan(ctx, A.HeadActor, lckYear, A.Head.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.pk = pk.ID
	for _, l := range lckIKUs {
		ind, err := svc.SaveLine(ctx, A.HeadActor, pk.ID, 0, -1, lineInput(l, o.objectives[l.objective].ID))
		if err != nil {
			t.Fatalf("IKU %s: %v", l.code, err)
		}
		o.iku[l.code] = ind.LineID
	}
	if _, err := svc.SubmitPlan(ctx, A.HeadActor, pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, A.PengActor, pk.ID, -1); err != nil {
		t.Fatal(err)
	}
	skp, err := svc.OpenPlan(ctx, A.SecHeadActor, lckYear, A.SecHead.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.skp = skp.ID
	for _, l := range lckIKIs {
		ind, err := svc.SaveLine(ctx, A.SecHeadActor, skp.ID, 0, -1, lineInput(l, 0))
		if err != nil {
			t.Fatalf("IKI %s: %v", l.code, err)
		}
		o.iki[l.code] = ind.LineID
	}
	if _, err := svc.SubmitPlan(ctx, A.SecHeadActor, skp.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, A.HeadActor, skp.ID, -1); err != nil {
		t.Fatal(err)
	}
	return o
}

// report records values of a quarter (code → value; lines left out are
// not reported).
func (o *lckOrg) report(t *testing.T, planID int64, q int, lines map[string]int64, values map[string]float64) {
	t.Helper()
	owner := o.A.SecHeadActor
	if planID == o.pk {
		owner = o.A.HeadActor
	}
	var in []service.RealisationInput
	for code, v := range values {
		// Some values pass 100 % on purpose (achievements above 100).
		in = append(in, service.RealisationInput{LineID: lines[code], Value: calc.Some(v), Note: "Catatan " + code, Confirm: true})
	}
	if _, err := o.svc.SaveRealisations(context.Background(), owner, planID, q, -1, in); err != nil {
		t.Fatalf("realisation Q%d: %v", q, err)
	}
}

// verify takes a quarter sheet through submission, validation and verification.
func (o *lckOrg) verify(t *testing.T, planID int64, q int, lines map[string]int64) {
	t.Helper()
	ctx := context.Background()
	owner, validator := o.A.SecHeadActor, o.A.HeadActor
	if planID == o.pk {
		owner, validator = o.A.HeadActor, o.A.PengActor
	}
	if _, err := o.svc.SubmitSheet(ctx, owner, planID, q, -1); err != nil {
		t.Fatalf("submit Q%d: %v", q, err)
	}
	if _, err := o.svc.ValidateSheet(ctx, validator, planID, q, -1); err != nil {
		t.Fatalf("validate Q%d: %v", q, err)
	}
	var checks []service.Check
	for _, id := range lines {
		checks = append(checks, service.Check{LineID: id, OK: true})
	}
	if _, err := o.svc.VerifySheet(ctx, o.A.PengActor, planID, q, -1, checks); err != nil {
		t.Fatalf("verify Q%d: %v", q, err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The office score of a verified quarter is computed from the frozen IKU
// achievements: the same number calc gives for the inputs worked out by
// hand, and the number written out by hand from SPEC §10.4.
func TestLCKNKOFromVerifiedFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		o.report(t, o.pk, 1, o.iku, map[string]float64{"K1": 90, "K2": 12, "K3": 6, "K4": 60, "K5": 90})
		o.verify(t, o.pk, 1, o.iku)
		o.report(t, o.pk, 2, o.iku, map[string]float64{"K1": 99, "K2": 7, "K3": 4, "K4": 88, "K5": 81})

		// Q2 is not verified yet: no official score, a provisional one on request.
		v2, err := o.svc.NKO(ctx, o.A.HeadActor, lckYear, 2, o.A.Unit.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Available() {
			t.Fatalf("Q2 before verification: %+v", v2.Result)
		}
		p2, err := o.svc.NKO(ctx, o.A.HeadActor, lckYear, 2, o.A.Unit.ID, true)
		if err != nil || !p2.Provisional || p2.Official {
			t.Fatalf("provisional Q2: official %v provisional %v, %v", p2.Official, p2.Provisional, err)
		}
		o.verify(t, o.pk, 2, o.iku)

		rs, err := calc.GetRuleSet(calc.DefaultRuleSetID)
		if err != nil {
			t.Fatal(err)
		}
		name := func(k domain.PerspectiveKind) string { return o.persp[k].Name }
		weight := func(k domain.PerspectiveKind) float64 { return o.persp[k].Weight }
		cases := []struct {
			q int
			// Achievements worked out by hand from the realisations above.
			k1, k2, k3, k4, k5 float64
			predicate          string
		}{
			// K1 last 90/100; K2 sum 12/10 = 120 (the cap); K3 minimize 6 vs 5 → (1 + (1 − 6/5)) × 100;
			// K4 last 60/80; K5 average 90/90.
			{1, 90, 120, 80, 75, 100, "Kurang"},
			// K1 99/100; K2 (12+7)/(10+10); K3 mean(6,4) = 5 vs 5; K4 88/80; K5 mean(90,81)/90.
			{2, 99, 95, 100, 110, 95, "Baik"},
		}
		for _, c := range cases {
			v, err := o.svc.NKO(ctx, o.A.HeadActor, lckYear, c.q, o.A.Unit.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Official || v.Provisional {
				t.Fatalf("Q%d: official %v provisional %v", c.q, v.Official, v.Provisional)
			}
			ss1 := (c.k1*2 + c.k2*1) / 3 // weighted by the PK line weights
			byHand := (ss1*weight(domain.PerspStakeholder) + c.k3*weight(domain.PerspCustomer) +
				c.k4*weight(domain.PerspInternal) + c.k5*weight(domain.PerspLearning)) / 100
			res, err := rs.NKO([]calc.NKOPerspective{
				{Name: name(domain.PerspStakeholder), Weight: weight(domain.PerspStakeholder), Objectives: []calc.NKOObjective{{Code: "SS-1",
					Indicators: []calc.NKOIndicator{{Achievement: calc.Some(c.k1), Weight: calc.Some(2)}, {Achievement: calc.Some(c.k2), Weight: calc.Some(1)}}}}},
				{Name: name(domain.PerspCustomer), Weight: weight(domain.PerspCustomer), Objectives: []calc.NKOObjective{{Code: "SS-2", Indicators: []calc.NKOIndicator{{Achievement: calc.Some(c.k3)}}}}},
				{Name: name(domain.PerspInternal), Weight: weight(domain.PerspInternal), Objectives: []calc.NKOObjective{{Code: "SS-3", Indicators: []calc.NKOIndicator{{Achievement: calc.Some(c.k4)}}}}},
				{Name: name(domain.PerspLearning), Weight: weight(domain.PerspLearning), Objectives: []calc.NKOObjective{{Code: "SS-4", Indicators: []calc.NKOIndicator{{Achievement: calc.Some(c.k5)}}}}},
			}, false)
			if err != nil {
				t.Fatal(err)
			}
			if !near(v.Result.NKO, res.NKO) || !near(v.Result.NKO, byHand) {
				t.Errorf("Q%d NKO = %v, calc %v, by hand %v", c.q, v.Result.NKO, res.NKO, byHand)
			}
			if v.Result.Predicate != c.predicate || res.Predicate != c.predicate {
				t.Errorf("Q%d predicate %q (calc %q), want %q", c.q, v.Result.Predicate, res.Predicate, c.predicate)
			}
			for _, ob := range v.Objectives {
				if ob.Objective.Code == "SS-1" && (!ob.Value.OK || !near(ob.Value.V, ss1)) {
					t.Errorf("Q%d SS-1 = %v, want %v", c.q, ob.Value, ss1)
				}
			}
			if len(v.Result.Steps) == 0 {
				t.Errorf("Q%d: no explanation", c.q)
			}
		}
		// Q3 has no realisation: nothing to score.
		v3, err := o.svc.NKO(ctx, o.A.HeadActor, lckYear, 3, o.A.Unit.ID, true)
		if err != nil || v3.Available() {
			t.Errorf("Q3: available %v, %v", v3.Available(), err)
		}
		// The head's report carries the official score of its quarter.
		rv, err := o.svc.OpenReport(ctx, o.A.HeadActor, o.pk, 2)
		if err != nil {
			t.Fatal(err)
		}
		if rv.NKO == nil || !rv.NKO.Official || !near(rv.NKO.Result.NKO, (99*2+95)/3.0*0.3+100*0.25+110*0.25+95*0.2) {
			t.Errorf("head's report NKO: %+v", rv.NKO)
		}
	})
}

// IIAA is required below the rule set's threshold and for indicators not
// reported; at or above it, it is optional.
func TestLCKIIAARequirement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		o.report(t, o.skp, 1, o.iki, map[string]float64{"S1": 70, "S2": 100, "S3": 110})
		o.verify(t, o.skp, 1, o.iki)
		o.report(t, o.skp, 2, o.iki, map[string]float64{"S1": 100, "S2": 100})

		want := map[int]map[string]bool{
			1: {"S1": true, "S2": false, "S3": false}, // 70 below, 100 at, 110 above the threshold
			2: {"S1": false, "S2": false, "S3": true}, // S3 not reported
		}
		for q, codes := range want {
			v, err := o.svc.OpenReport(ctx, o.A.SecHeadActor, o.skp, q)
			if err != nil {
				t.Fatal(err)
			}
			if v.Threshold != 100 {
				t.Errorf("threshold %v, want 100 (KMK-127-2026)", v.Threshold)
			}
			for _, r := range v.Rows {
				if r.Required != codes[r.Line.Code] {
					t.Errorf("Q%d %s (achievement %v): required %v, want %v", q, r.Line.Code, r.Figures.ToDate.Achievement, r.Required, codes[r.Line.Code])
				}
			}
			// Only the required indicators block submission.
			var missing []string
			for _, m := range v.Missing {
				missing = append(missing, m.Args["code"].(string))
			}
			for code, req := range codes {
				if got := strings.Contains(strings.Join(missing, ","), code); got != req {
					t.Errorf("Q%d: %s in the missing list %v: %v, want %v", q, code, missing, got, req)
				}
			}
		}
	})
}

// reportRows indexes a report's rows by indicator code.
func reportRows(v service.ReportView) map[string]service.ReportRow {
	out := map[string]service.ReportRow{}
	for _, r := range v.Rows {
		out[r.Line.Code] = r
	}
	return out
}

// writeIIAA fills in the three IIAA texts of a line.
func (o *lckOrg) writeIIAA(t *testing.T, planID int64, q int, lineID int64) {
	t.Helper()
	if _, err := o.svc.SaveItem(context.Background(), o.A.SecHeadActor, planID, q, -1, service.ItemInput{LineID: lineID,
		Issue: "Data sumber terlambat.", Implication: "Sasaran tertahan.", AccountableID: o.A.Staff.ID, Supporting: "Subbagian Umum"}); err != nil {
		t.Fatal(err)
	}
}

// Pending actions are carried into the next quarter once, where their
// status must be updated; finished and dropped ones stay behind. Every
// action needs an owner and a due date, and dropping one needs a reason.
func TestLCKActionCarryOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		sh := o.A.SecHeadActor
		o.report(t, o.skp, 1, o.iki, map[string]float64{"S1": 70, "S2": 100, "S3": 110})
		if _, err := o.svc.OpenReport(ctx, sh, o.skp, 1); err != nil {
			t.Fatal(err)
		}
		s1 := o.iki["S1"]
		due := day(2026, 5, 31)
		add := func(desc string, st domain.ActionStatus, note string) domain.Action {
			t.Helper()
			a, err := o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: s1, Description: desc, OwnerID: o.A.Staff.ID,
				DueDate: due, Status: st, StatusNote: note})
			if err != nil {
				t.Fatalf("action %q: %v", desc, err)
			}
			return a
		}
		_, err := o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: s1, Description: "Tanpa pelaksana", DueDate: due})
		fieldError(t, err, "owner_id", "err.required")
		_, err = o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: s1, Description: "Tanpa tenggat", OwnerID: o.A.Staff.ID})
		fieldError(t, err, "due_date", "err.required")
		_, err = o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: s1, Description: "Dibatalkan", OwnerID: o.A.Staff.ID,
			DueDate: due, Status: domain.ActionDropped})
		fieldError(t, err, "status_note", "report.drop_needs_reason")
		_, err = o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: s1, Description: "Orang luar", OwnerID: o.B.Staff.ID, DueDate: due})
		fieldError(t, err, "owner_id", "report.person_outside_office")

		open := add("Terbuka", domain.ActionOpen, "")
		running := add("Berjalan", domain.ActionInProgress, "Separuh selesai.")
		add("Selesai", domain.ActionDone, "")
		add("Dibatalkan", domain.ActionDropped, "Tidak relevan lagi.")
		o.writeIIAA(t, o.skp, 1, s1)
		if _, err := o.svc.SubmitReport(ctx, sh, o.skp, 1, -1); err != nil {
			t.Fatal(err)
		}

		// Opening Q2 twice carries the two pending actions once.
		for range 2 {
			if _, err := o.svc.OpenReport(ctx, sh, o.skp, 2); err != nil {
				t.Fatal(err)
			}
		}
		v, err := o.svc.GetReport(ctx, sh, o.skp, 2)
		if err != nil {
			t.Fatal(err)
		}
		carried := reportRows(v)["S1"].Actions
		from := map[int64]bool{}
		for _, a := range carried {
			if a.CarriedFrom == 0 || !a.NeedsUpdate {
				t.Errorf("action %q: carried from %d, needs update %v", a.Description, a.CarriedFrom, a.NeedsUpdate)
			}
			from[a.CarriedFrom] = true
		}
		if len(carried) != 2 || !from[open.ID] || !from[running.ID] {
			t.Fatalf("carried into Q2: %+v, want the open and the running action", carried)
		}
		needsUpdate := 0
		for _, m := range v.Missing {
			if m.Key == "report.action_needs_update" {
				needsUpdate++
			}
		}
		if needsUpdate != 2 {
			t.Errorf("missing: %v, want both carried actions to be updated", v.Missing)
		}
		// The Q1 report shows them continued in Q2.
		q1, err := o.svc.GetReport(ctx, sh, o.skp, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !q1.CarriedOn[open.ID] || !q1.CarriedOn[running.ID] || len(q1.CarriedOn) != 2 {
			t.Errorf("Q1 carried on: %v", q1.CarriedOn)
		}
		// A carried action is updated, not deleted.
		c := carried[0]
		err = o.svc.DeleteAction(ctx, sh, o.skp, 2, -1, c.ID)
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "report.carried_action_stays" {
			t.Errorf("delete a carried action: %v", err)
		}
		upd, err := o.svc.SaveAction(ctx, sh, o.skp, 2, -1, service.ActionInput{ID: c.ID, Description: c.Description, OwnerID: c.OwnerID,
			DueDate: c.DueDate, Status: domain.ActionDone, StatusNote: "Selesai."})
		if err != nil || upd.NeedsUpdate {
			t.Fatalf("update the carried action: %+v %v", upd, err)
		}
		v, err = o.svc.GetReport(ctx, sh, o.skp, 2)
		if err != nil {
			t.Fatal(err)
		}
		needsUpdate = 0
		for _, m := range v.Missing {
			if m.Key == "report.action_needs_update" {
				needsUpdate++
			}
		}
		if needsUpdate != 1 {
			t.Errorf("after one update, missing: %v", v.Missing)
		}
		// Only the newest copy of a carried action counts as overdue.
		list, err := o.svc.ListReports(ctx, o.A.HeadActor, lckYear, 1, o.A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.PlanID == o.skp && r.Overdue != 0 {
				t.Errorf("Q1 overdue = %d, want 0: its pending actions continue in Q2", r.Overdue)
			}
		}
		list, err = o.svc.ListReports(ctx, o.A.HeadActor, lckYear, 2, o.A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.PlanID == o.skp && r.Overdue != 1 {
				t.Errorf("Q2 overdue = %d, want 1 (the running action due in May)", r.Overdue)
			}
		}
	})
}

// Who may do what with a report: the official writes and submits, the head
// reviews the officials', the pengelola kinerja reviews the head's; others
// are refused, and so are changes to a reviewed report and a submission
// with a required IIAA missing.
func TestLCKWorkflowPerRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		A := o.A
		o.report(t, o.skp, 1, o.iki, map[string]float64{"S1": 70, "S2": 100, "S3": 110})
		o.report(t, o.pk, 1, o.iku, map[string]float64{"K1": 100, "K2": 10, "K3": 5, "K4": 80, "K5": 90})

		// Nobody but the official starts the report; a staff member does not even see it.
		if _, err := o.svc.OpenReport(ctx, A.StaffActor, o.skp, 1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff opens the section head's report: %v", err)
		}
		if v, err := o.svc.OpenReport(ctx, A.HeadActor, o.skp, 1); err != nil || v.Report.ID != 0 {
			t.Errorf("the head opening it starts nothing: %+v %v", v.Report, err)
		}
		if _, err := o.svc.OpenReport(ctx, A.StaffActor, o.pk, 1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff opens the head's report: %v", err)
		}
		v, err := o.svc.OpenReport(ctx, A.SecHeadActor, o.skp, 1)
		if err != nil || v.Report.ID == 0 || !v.Perm.Edit {
			t.Fatalf("the section head starts the report: %+v %v", v.Perm, err)
		}
		if _, err := o.svc.GetReport(ctx, A.StaffActor, o.skp, 1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff reads the draft: %v", err)
		}
		if _, err := o.svc.SaveItem(ctx, A.HeadActor, o.skp, 1, -1, service.ItemInput{LineID: o.iki["S1"], Issue: "x"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head writes the section head's IIAA: %v", err)
		}

		// A required IIAA missing blocks submission and names the indicator.
		_, err = o.svc.SubmitReport(ctx, A.SecHeadActor, o.skp, 1, -1)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Error(), "S1") {
			t.Fatalf("submit without IIAA: %v", err)
		}
		o.writeIIAA(t, o.skp, 1, o.iki["S1"])
		if _, err := o.svc.SaveAction(ctx, A.SecHeadActor, o.skp, 1, -1, service.ActionInput{LineID: o.iki["S1"], Description: "Perbaikan",
			OwnerID: A.Staff.ID, DueDate: day(2026, 12, 31)}); err != nil {
			t.Fatal(err)
		}
		v, err = o.svc.GetReport(ctx, A.SecHeadActor, o.skp, 1)
		if err != nil {
			t.Fatal(err)
		}
		// A stale revision is a conflict.
		if _, err := o.svc.SubmitReport(ctx, A.SecHeadActor, o.skp, 1, v.Report.Revision-1); !errors.As(err, new(*domain.ConflictError)) {
			t.Errorf("stale submit: %v", err)
		}
		if _, err := o.svc.SubmitReport(ctx, A.SecHeadActor, o.skp, 1, v.Report.Revision); err != nil {
			t.Fatal(err)
		}
		// The pengelola kinerja does not review a section head's report; the head does.
		if _, err := o.svc.ReviewReport(ctx, A.PengActor, o.skp, 1, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("pengelola reviews the section head's report: %v", err)
		}
		if _, err := o.svc.ReturnReport(ctx, A.HeadActor, o.skp, 1, -1, " "); !errors.As(err, &ve) {
			t.Errorf("return without a comment: %v", err)
		}
		r, err := o.svc.ReviewReport(ctx, A.HeadActor, o.skp, 1, -1)
		if err != nil || r.Status != domain.ReportReviewed || r.ReviewerName != A.Head.Name || r.Snapshot == "" {
			t.Fatalf("the head reviews: %+v %v", r, err)
		}
		// A reviewed report is frozen.
		_, err = o.svc.SaveItem(ctx, A.SecHeadActor, o.skp, 1, -1, service.ItemInput{LineID: o.iki["S1"], Issue: "diubah"})
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "report.frozen" {
			t.Errorf("edit a reviewed report: %v", err)
		}
		if _, err := o.svc.SubmitReport(ctx, A.SecHeadActor, o.skp, 1, -1); !errors.As(err, &se) {
			t.Errorf("submit a reviewed report again: %v", err)
		}

		// The head's own report: the pengelola kinerja reviews it, not the head.
		if _, err := o.svc.OpenReport(ctx, A.HeadActor, o.pk, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SubmitReport(ctx, A.HeadActor, o.pk, 1, -1); err != nil {
			t.Fatalf("the head submits (every IKU on target): %v", err)
		}
		if _, err := o.svc.ReviewReport(ctx, A.HeadActor, o.pk, 1, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head reviews their own report: %v", err)
		}
		if _, err := o.svc.ReviewReport(ctx, o.B.PengActor, o.pk, 1, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another office's pengelola reviews: %v", err)
		}
		if _, err := o.svc.ReturnReport(ctx, A.PengActor, o.pk, 1, -1, "Lengkapi analisis."); err != nil {
			t.Fatal(err)
		}
		v, err = o.svc.GetReport(ctx, A.HeadActor, o.pk, 1)
		if err != nil || v.Report.Status != domain.ReportReturned || v.Report.ReturnComment != "Lengkapi analisis." || !v.Perm.Submit {
			t.Fatalf("returned: %+v %+v %v", v.Report, v.Perm, err)
		}
		if _, err := o.svc.SubmitReport(ctx, A.HeadActor, o.pk, 1, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ReviewReport(ctx, A.PengActor, o.pk, 1, -1); err != nil {
			t.Errorf("the pengelola reviews the head's report: %v", err)
		}
	})
}

// The report PDF names every indicator, carries the office score on the
// head's report and lists the SHA-256 of every evidence file.
func TestLCKReportPDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		o.report(t, o.pk, 1, o.iku, map[string]float64{"K1": 90, "K2": 12, "K3": 6, "K4": 60, "K5": 90})
		files := map[string][]byte{"data-k1.pdf": []byte("%PDF-1.4\n% data mentah K1\n"), "bukti-k4.pdf": []byte("%PDF-1.4\n% bukti K4\n")}
		for name, body := range files {
			code := "K1"
			if strings.Contains(name, "k4") {
				code = "K4"
			}
			if _, err := o.svc.AddEvidence(ctx, o.A.HeadActor, o.pk, 1, service.EvidenceInput{LineID: o.iku[code], Kind: domain.EvidenceSupporting,
				Filename: name, Reader: bytes.NewReader(body)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := o.svc.AddEvidence(ctx, o.A.HeadActor, o.pk, 1, service.EvidenceInput{LineID: o.iku["K2"], Kind: domain.EvidenceRaw,
			URL: "https://data.example.go.id/k2"}); err != nil {
			t.Fatal(err)
		}
		o.verify(t, o.pk, 1, o.iku)
		if _, err := o.svc.OpenReport(ctx, o.A.HeadActor, o.pk, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SaveItem(ctx, o.A.HeadActor, o.pk, 1, -1, service.ItemInput{LineID: o.iku["K4"], Issue: "Layanan <b>terganggu</b> & tertunda."}); err != nil {
			t.Fatal(err)
		}

		f, err := o.svc.ReportPDF(ctx, o.A.HeadActor, o.pk, 1)
		if err != nil {
			t.Fatal(err)
		}
		if f.ContentType != service.ContentPDF || !strings.HasSuffix(f.Name, ".pdf") || !strings.Contains(f.Name, o.A.Head.NIP) {
			t.Errorf("file %q %q", f.Name, f.ContentType)
		}
		text := strings.Join(pdfText(t, f.Data), "\n")
		want := []string{"LAPORAN CAPAIAN KINERJA TRIWULAN I TAHUN 2026", "88,75", "Kurang", "Layanan <b>terganggu</b> & tertunda.",
			"https://data.example.go.id/k2", "DRAF"}
		for _, l := range lckIKUs {
			want = append(want, "Indikator "+l.code)
		}
		for _, body := range files {
			sum := sha256.Sum256(body)
			want = append(want, "SHA-256: "+hex.EncodeToString(sum[:]))
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF lacks %q", w)
			}
		}
		// Staff may not print the head's report.
		if _, err := o.svc.ReportPDF(ctx, o.A.StaffActor, o.pk, 1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff prints the head's report: %v", err)
		}
		// The raw-data workbook and the office package.
		x, err := o.svc.ReportXLSX(ctx, o.A.HeadActor, o.pk, 1)
		if err != nil || x.ContentType != service.ContentXLSX || !bytes.HasPrefix(x.Data, []byte("PK")) {
			t.Errorf("workbook: %q %v", x.Name, err)
		}
		p, err := o.svc.QuarterPackagePDF(ctx, o.A.PengActor, lckYear, 1, o.A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		ptext := strings.Join(pdfText(t, p.Data), "\n")
		for _, w := range []string{"PAKET LAPORAN CAPAIAN KINERJA", "TRIWULAN I TAHUN 2026", "88,75", o.A.Head.Name, o.A.SecHead.Name} {
			if !strings.Contains(ptext, w) {
				t.Errorf("the package lacks %q", w)
			}
		}
		// After the cover and the NKO summary, the head's report comes first.
		body := ptext[strings.Index(ptext, "Cara perhitungan NKO"):]
		if h, sec := strings.Index(body, o.A.Head.Name), strings.Index(body, o.A.SecHead.Name); h < 0 || sec < 0 || h > sec {
			t.Errorf("reports in the package: head at %d, section head at %d", h, sec)
		}
		if _, err := o.svc.QuarterPackagePDF(ctx, o.A.SecHeadActor, lckYear, 1, o.A.Unit.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a section head prints the package: %v", err)
		}

		// The pengelola kinerja reviews the head's report: the review is
		// stated, but only the head signs; the pengelola signs no document.
		v, err := o.svc.GetReport(ctx, o.A.HeadActor, o.pk, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range v.Rows {
			if !row.Required {
				continue
			}
			if _, err := o.svc.SaveItem(ctx, o.A.HeadActor, o.pk, 1, -1, service.ItemInput{LineID: row.Line.LineID,
				Issue: "Data sumber terlambat.", Implication: "Sasaran tertahan.", AccountableID: o.A.Head.ID}); err != nil {
				t.Fatal(err)
			}
			if _, err := o.svc.SaveAction(ctx, o.A.HeadActor, o.pk, 1, -1, service.ActionInput{LineID: row.Line.LineID,
				Description: "Percepat data", OwnerID: o.A.Head.ID, DueDate: day(2026, 5, 31)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := o.svc.SubmitReport(ctx, o.A.HeadActor, o.pk, 1, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ReviewReport(ctx, o.A.PengActor, o.pk, 1, -1); err != nil {
			t.Fatal(err)
		}
		f, err = o.svc.ReportPDF(ctx, o.A.HeadActor, o.pk, 1)
		if err != nil {
			t.Fatal(err)
		}
		p, err = o.svc.QuarterPackagePDF(ctx, o.A.PengActor, lckYear, 1, o.A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		peng := o.A.PengActor.Employee
		for name, data := range map[string][]byte{"report": f.Data, "package": p.Data} {
			text := strings.Join(pdfText(t, data), "\n")
			if !strings.Contains(text, "telah direviu oleh pengelola kinerja ("+peng.Name+")") || !strings.Contains(text, "Pejabat yang melaporkan,") {
				t.Errorf("the reviewed %s does not state the review with the head's signature", name)
			}
			for _, signer := range []string{"Direviu oleh,", "Pengelola Kinerja", "NIP " + domain.FormatNIP(peng.NIP)} {
				if strings.Contains(text, signer) {
					t.Errorf("the reviewed %s prints the pengelola kinerja as a signatory (%q)", name, signer)
				}
			}
		}
	})
}

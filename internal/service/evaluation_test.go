package service_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// evalOrg is the realisation organisation with a fifth member of office A's
// section: Nadia, whose SKP has five IKIs, and whose peers are the staff
// member and the pengelola kinerja (all report to the section head).
type evalOrg struct {
	*realOrg
	nadia     authz.Actor
	nadiaID   int64
	nadiaPlan domain.Plan
}

func newEvalOrg(t *testing.T, st *store.Store) *evalOrg {
	t.Helper()
	ctx := context.Background()
	o := &evalOrg{realOrg: newRealOrg(t, st, nil, 0)}
	svc, A := o.svc, o.A
	o.clock.now = time.Date(2026, 1, 12, 9, 0, 0, 0, wib)
	pos := must[domain.Position](t)(svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: A.Section.ID, Title: "Pelaksana Verifikasi A", Kind: domain.PosPelaksana, ReportsToID: A.SecHeadPos.ID}))
	e := must[domain.Employee](t)(svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Nadia Kusuma"}, pos.ID, day(2025, 1, 2)))
	o.nadiaID = e.ID
	o.nadia = o.account(t, "nadia", domain.RoleEmployee, e.ID)
	o.nadiaPlan = must[domain.Plan](t)(svc.OpenPlan(ctx, o.nadia, o.year, e.ID))
	for i := 1; i <= 5; i++ {
		if _, err := svc.SaveLine(ctx, o.nadia, o.nadiaPlan.ID, 0, -1, realLine(fmt.Sprintf("N-%d", i), [4]float64{100, 100, 100, 100})); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.SubmitPlan(ctx, o.nadia, o.nadiaPlan.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApprovePlan(ctx, A.SecHeadActor, o.nadiaPlan.ID, -1); err != nil {
		t.Fatal(err)
	}
	return o
}

// reportQ1 records Q1 realisations: Nadia's five lines with the values
// given, and the PK's (so that the office has an NKO).
func (o *evalOrg) reportQ1(t *testing.T, values ...float64) {
	t.Helper()
	ctx := context.Background()
	o.clock.now = time.Date(2026, 4, 2, 9, 0, 0, 0, wib)
	v := o.sheet(t, o.nadiaPlan.ID, 1)
	var in []service.RealisationInput
	for i, l := range v.Lines {
		in = append(in, service.RealisationInput{LineID: l.Indicator.LineID, Value: calc.Some(values[i]),
			Raw: []domain.RawRow{{Name: service.RawNumerator, Value: values[i]}, {Name: service.RawDenominator, Value: 100}}})
	}
	if _, err := o.svc.SaveRealisations(ctx, o.nadia, o.nadiaPlan.ID, 1, -1, in); err != nil {
		t.Fatal(err)
	}
	o.report(t, o.A.HeadActor, o.pk.ID, 1)
}

// assessQ1 sets the section head and the staff member as Nadia's Q1
// raters and has both give the same scores.
func (o *evalOrg) assessQ1(t *testing.T, scores []float64) {
	t.Helper()
	ctx := context.Background()
	o.clock.now = time.Date(2026, 4, 5, 9, 0, 0, 0, wib)
	if err := o.svc.SetRaters(ctx, o.A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{o.A.Staff.ID}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []authz.Actor{o.A.SecHeadActor, o.A.StaffActor} {
		if err := o.svc.SaveBehaviour(ctx, a, o.nadiaPlan.ID, 1, scores); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKMKWorkedExampleThroughTheService is the KMK 127/2026 example of five
// IKIs: NHK 105.17, calibrated 103.87; NPK 100.71, calibrated 100.54; NKP
// awal 103.04. The regulation gives the figures, not the realisations
// behind them: the five lines here (K3 1.075 each: exact × moderate, new
// without history) are chosen to reach its NHK of 105.1660, and the seven
// behaviour scores add up to 705 (NPK 100.7143).
func TestKMKWorkedExampleThroughTheService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		o := newEvalOrg(t, st)
		o.reportQ1(t, 97.83, 97.83, 97.83, 97.83, 97.824)
		o.assessQ1(t, []float64{100, 101, 100, 102, 100, 101, 101})
		v, err := o.svc.EmployeeScore(context.Background(), o.nadia, o.nadiaPlan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if v.Result == nil {
			t.Fatalf("no score: %v", v.Missing)
		}
		r := v.Result
		got := []float64{calc.Round2(r.NHK), calc.Round2(r.NHKCalibrated), calc.Round2(r.NPK), calc.Round2(r.NPKCalibrated), calc.Round2(r.NKPInitial)}
		want := []float64{105.17, 103.87, 100.71, 100.54, 103.04}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("NHK, calibrated, NPK, calibrated, NKP awal = %v, want %v", got, want)
				break
			}
		}
		if v.RaterCounts[domain.RelationSupervisor] != 1 || v.RaterCounts[domain.RelationPeer] != 1 {
			t.Errorf("rater counts %v", v.RaterCounts)
		}
		if text := strings.Join(v.Explanation("id"), "\n"); !strings.Contains(text, "Kelompok rekan kerja: 1 penilai") || strings.Contains(text, o.A.Staff.Name) {
			t.Errorf("the explanation does not show the groups, or names a rater:\n%s", text)
		}
		if r.Reading != calc.ReadingTabel47 {
			t.Errorf("reading %q, want the Tabel 47 reading by default", r.Reading)
		}
	})
}

// TestPenaltiesThroughTheService is the KMK example of discipline
// penalties: sedang on MPJHD 38 → 9.5, berat on 65 → 26 (the highest in
// force counts), and the direct superior's impact 5 % × 26 = 1.3.
func TestPenaltiesThroughTheService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		o.reportQ1(t, 100, 100, 100, 100, 100)
		o.assessQ1(t, []float64{100, 100, 100, 100, 100, 100, 100})
		o.clock.now = time.Date(2026, 4, 25, 9, 0, 0, 0, wib)
		sedang, err := o.svc.AddPenalty(ctx, o.A.PengActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "sedang", MPJHD: 38, Reason: "Hukuman disiplin sedang"})
		if err != nil || sedang.Value != 9.5 || sedang.Quarters != 3 {
			t.Fatalf("sedang: %+v, %v", sedang, err)
		}
		berat, err := o.svc.AddPenalty(ctx, o.A.PengActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "berat", MPJHD: 65, Reason: "Hukuman disiplin berat"})
		if err != nil || berat.Value != 26 || berat.Quarters != 4 {
			t.Fatalf("berat: %+v, %v", berat, err)
		}
		v, err := o.svc.EmployeeScore(ctx, o.nadia, o.nadiaPlan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if v.Discipline != 26 || len(v.Penalties) != 2 || v.Result == nil || math.Abs(v.Result.NKPAdjusted-(v.Result.NKPInitial-26)) > 1e-9 {
			t.Errorf("discipline %v, %d penalties, result %+v", v.Discipline, len(v.Penalties), v.Result)
		}
		sup, err := o.svc.EmployeeScore(ctx, o.A.SecHeadActor, o.secSKP.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(sup.Impact-1.3) > 1e-9 {
			t.Errorf("the superior's impact = %v, want 1.3", sup.Impact)
		}
		// Bad input: an unknown category, a reason missing, a staff member
		// outside the TPK.
		_, err = o.svc.AddPenalty(ctx, o.A.PengActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "berat sekali", MPJHD: 65, Reason: "x"})
		fieldError(t, err, "category", "tpk.category_unknown")
		_, err = o.svc.AddPenalty(ctx, o.A.PengActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "ringan", MPJHD: 65})
		fieldError(t, err, "reason", "correction.reason_required")
		if _, err = o.svc.AddPenalty(ctx, o.A.StaffActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "ringan", MPJHD: 65, Reason: "x"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a staff member outside the TPK: %v", err)
		}
		if err := o.svc.SaveCorrection(ctx, o.A.PengActor, o.nadiaPlan.ID, 1, 6, "x", ""); err == nil {
			t.Error("a correction of 6 was accepted")
		}
	})
}

// TestAssessmentRules: who may rate, when, and the objection's course.
func TestAssessmentRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		svc, A := o.svc, o.A
		scores := []float64{100, 100, 100, 100, 100, 100, 100}
		o.clock.now = time.Date(2026, 4, 3, 9, 0, 0, 0, wib)
		// The employee proposes a peer; the proposal names only them.
		if err := svc.ProposeRaters(ctx, o.nadia, o.nadiaPlan.ID, 1, []int64{A.Staff.ID}); err != nil {
			t.Fatal(err)
		}
		if err := svc.ProposeRaters(ctx, o.nadia, o.nadiaPlan.ID, 1, []int64{o.nadiaID}); err == nil {
			t.Error("an employee proposed themselves")
		}
		err := svc.SetRaters(ctx, A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{A.Head.ID})
		fieldError(t, err, "rater_0", "assess.rater_outside")
		if err := svc.SetRaters(ctx, o.nadia, o.nadiaPlan.ID, 1, []int64{A.Staff.ID}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the employee set their raters: %v", err)
		}
		if err := svc.SetRaters(ctx, A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{A.Staff.ID}); err != nil {
			t.Fatal(err)
		}
		// A peer not set may not rate; the pengelola kinerja, a peer, was not set.
		if err := svc.SaveBehaviour(ctx, A.PengActor, o.nadiaPlan.ID, 1, scores); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a peer who is not a rater scored: %v", err)
		}
		if err := svc.SaveBehaviour(ctx, A.StaffActor, o.nadiaPlan.ID, 1, []float64{100, 100, 100, 100, 100, 100, 121}); err == nil {
			t.Error("a score of 121 was accepted")
		}
		if err := svc.SaveBehaviour(ctx, A.StaffActor, o.nadiaPlan.ID, 1, scores); err != nil {
			t.Fatal(err)
		}
		if err := svc.SaveBehaviour(ctx, o.nadia, o.nadiaPlan.ID, 1, scores); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the employee rated themselves: %v", err)
		}
		// After the scoring window (17 April) a rater is refused; the
		// objection window runs to 24 April.
		o.clock.now = time.Date(2026, 4, 18, 9, 0, 0, 0, wib)
		if err := svc.SaveBehaviour(ctx, A.SecHeadActor, o.nadiaPlan.ID, 1, scores); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("scoring after the window: %v", err)
		}
		if _, err := svc.FileObjection(ctx, o.nadia, o.nadiaPlan.ID, 1, "  "); err == nil {
			t.Error("an objection without a reason was accepted")
		}
		if _, err := svc.FileObjection(ctx, o.nadia, o.nadiaPlan.ID, 1, "Nilai kolaboratif tidak sesuai"); err != nil {
			t.Fatal(err)
		}
		o.clock.now = time.Date(2026, 4, 20, 9, 0, 0, 0, wib)
		if err := svc.DecideObjection(ctx, A.SecHeadActor, o.nadiaPlan.ID, 1, true, "Diterima; nilai ulang"); err != nil {
			t.Fatal(err)
		}
		// Re-assessment reopens scoring for the raters.
		if err := svc.SaveBehaviour(ctx, A.StaffActor, o.nadiaPlan.ID, 1, []float64{101, 101, 101, 101, 101, 101, 101}); err != nil {
			t.Errorf("re-assessment: %v", err)
		}
		o.clock.now = time.Date(2026, 4, 30, 9, 0, 0, 0, wib)
		if _, err := svc.FileObjection(ctx, o.nadia, o.nadiaPlan.ID, 1, "Terlambat"); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("an objection after its window: %v", err)
		}
		// The raters' duties: none left for the staff member.
		duties, err := svc.RaterDuties(ctx, A.StaffActor, o.year, 1)
		if err != nil || len(duties) != 0 {
			t.Errorf("duties %v, %v", duties, err)
		}
	})
}

// TestAnonymity: the employee's view of their score and assessment never
// names a peer, nor gives a peer's own scores.
func TestAnonymity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		o.reportQ1(t, 100, 100, 100, 100, 100)
		peerScores := []float64{91, 92, 93, 94, 95, 96, 97}
		o.clock.now = time.Date(2026, 4, 5, 9, 0, 0, 0, wib)
		if err := o.svc.SetRaters(ctx, o.A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{o.A.Staff.ID}); err != nil {
			t.Fatal(err)
		}
		if err := o.svc.SaveBehaviour(ctx, o.A.StaffActor, o.nadiaPlan.ID, 1, peerScores); err != nil {
			t.Fatal(err)
		}
		if err := o.svc.SaveBehaviour(ctx, o.A.SecHeadActor, o.nadiaPlan.ID, 1, []float64{100, 100, 100, 100, 100, 100, 100}); err != nil {
			t.Fatal(err)
		}
		v, err := o.svc.EmployeeScore(ctx, o.nadia, o.nadiaPlan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		as, err := o.svc.GetAssessment(ctx, o.nadia, o.nadiaPlan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for what, x := range map[string]any{"score": v, "assessment": as} {
			text := fmt.Sprintf("%+v", x)
			if strings.Contains(text, o.A.Staff.Name) {
				t.Errorf("the %s names the peer:\n%s", what, text)
			}
		}
		// One peer: the group's mean is their score, and it is shown as the
		// group's; nothing carries the peer's identity.
		if v.Groups[domain.RelationPeer][0] != 91 || v.RaterCounts[domain.RelationPeer] != 1 || as.Raters != nil {
			t.Errorf("groups %v, counts %v, raters %v", v.Groups, v.RaterCounts, as.Raters)
		}
	})
}

// TestDecreeFreezesTheQuarter: the decree lists every employee, is refused
// while someone cannot be scored, and once set its scores do not move.
func TestDecreeFreezesTheQuarter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		o.reportQ1(t, 100, 100, 100, 100, 100)
		o.assessQ1(t, []float64{100, 100, 100, 100, 100, 100, 100})
		o.clock.now = time.Date(2026, 4, 28, 9, 0, 0, 0, wib)
		if _, err := o.svc.SetDecree(ctx, o.A.PengActor, o.A.Unit.ID, o.year, 1, "KEP-1"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the pengelola kinerja set the decree: %v", err)
		}
		_, err := o.svc.SetDecree(ctx, o.A.HeadActor, o.A.Unit.ID, o.year, 1, "KEP-1")
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "tpk.unassessed" || !strings.Contains(fmt.Sprint(se.Msg.Args["names"]), o.A.Staff.Name) {
			t.Fatalf("a decree with unassessed employees: %v", err)
		}
		// Score everyone else (the staff member, the pengelola kinerjas, the
		// section heads and the head) as their supervisor or, for the head,
		// as the pengelola kinerja sets the section heads to rate.
		o.clock.now = time.Date(2026, 4, 10, 9, 0, 0, 0, wib)
		plans, err := o.svc.ListPlans(ctx, sys, o.year, o.A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := o.svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range plans {
			if p.Plan.ID == o.nadiaPlan.ID {
				continue
			}
			if p.Plan.Kind == domain.PlanSKP {
				o.report(t, o.actorOf(t, p.Plan.EmployeeID), p.Plan.ID, 1)
			}
			sups := c.Supervisors(p.Plan.EmployeeID)
			if len(sups) == 0 {
				if err := o.svc.SetRaters(ctx, o.A.PengActor, p.Plan.ID, 1, c.Subordinates(p.Plan.EmployeeID)); err != nil {
					t.Fatal(err)
				}
				for _, sub := range c.Subordinates(p.Plan.EmployeeID) {
					if err := o.svc.SaveBehaviour(ctx, o.actorOf(t, sub), p.Plan.ID, 1, []float64{100, 100, 100, 100, 100, 100, 100}); err != nil {
						t.Fatal(err)
					}
				}
				continue
			}
			if err := o.svc.SaveBehaviour(ctx, o.actorOf(t, sups[0]), p.Plan.ID, 1, []float64{100, 100, 100, 100, 100, 100, 100}); err != nil {
				t.Fatal(err)
			}
		}
		o.clock.now = time.Date(2026, 4, 28, 9, 0, 0, 0, wib)
		d, err := o.svc.SetDecree(ctx, o.A.HeadActor, o.A.Unit.ID, o.year, 1, "KEP-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != len(plans) || d.Version != 1 {
			t.Errorf("decree of %d items (version %d), want %d", len(d.Items), d.Version, len(plans))
		}
		before, err := o.svc.EmployeeScore(ctx, o.nadia, o.nadiaPlan.ID, 1)
		if err != nil || before.Decree == nil {
			t.Fatalf("decreed score: %v, %+v", err, before.Decree)
		}
		// A penalty from Q1 would move Q1: refused. A correction: refused.
		// A penalty entered for Q2 does not reach the decreed Q1.
		if _, err := o.svc.AddPenalty(ctx, o.A.PengActor, o.year, service.PenaltyInput{EmployeeID: o.nadiaID, StartQuarter: 1, Category: "berat", MPJHD: 65, Reason: "x"}); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("a penalty in a decreed quarter: %v", err)
		}
		if err := o.svc.SaveCorrection(ctx, o.A.PengActor, o.nadiaPlan.ID, 1, 2, "x", ""); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("a correction of a decreed quarter: %v", err)
		}
		// The realisation moves after the decree; the decreed NKP does not.
		o.clock.now = time.Date(2026, 5, 2, 9, 0, 0, 0, wib)
		o.reportQ1(t, 80, 80, 80, 80, 80)
		after, err := o.svc.EmployeeScore(ctx, o.nadia, o.nadiaPlan.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if after.Result.NKP != before.Result.NKP || after.Result.NHK != before.Result.NHK || after.Decree == nil {
			t.Errorf("the decreed NKP moved: %v → %v", before.Result.NKP, after.Result.NKP)
		}
		got, err := o.svc.Decree(ctx, o.A.HeadActor, o.A.Unit.ID, o.year, 1)
		if err != nil || got.Number != "KEP-1" || len(got.Items) != len(plans) {
			t.Errorf("decree read back: %+v, %v", got, err)
		}
		if _, err := o.svc.Decree(ctx, o.A.StaffActor, o.A.Unit.ID, o.year, 1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a staff member read the decree: %v", err)
		}
	})
}

// actorOf returns the signed-in actor of an employee of office A.
func (o *evalOrg) actorOf(t *testing.T, emp int64) authz.Actor {
	t.Helper()
	a, err := o.svc.ActorOfEmployee(context.Background(), emp, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRemindRaters: during the scoring window the pengelola kinerja reminds
// the raters who have not scored, and only them.
func TestRemindRaters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		o := newEvalOrg(t, st)
		svc, A := o.svc, o.A
		o.clock.now = time.Date(2026, 4, 5, 9, 0, 0, 0, wib)
		if err := svc.SetRaters(ctx, A.SecHeadActor, o.nadiaPlan.ID, 1, []int64{A.Staff.ID, A.Pengelola.ID}); err != nil {
			t.Fatal(err)
		}
		// A second plan: the staff member's, rated by the section head and Nadia.
		if err := svc.SetRaters(ctx, A.SecHeadActor, o.staffSKP.ID, 1, []int64{o.nadiaID}); err != nil {
			t.Fatal(err)
		}
		// Before the raters are set the window is not open.
		if _, err := svc.RemindRaters(ctx, A.PengActor, o.year, 1, A.Unit.ID); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("reminding before scoring opens: %v", err)
		}
		o.clock.now = time.Date(2026, 4, 12, 9, 0, 0, 0, wib)
		if err := svc.SaveBehaviour(ctx, A.StaffActor, o.nadiaPlan.ID, 1, []float64{100, 100, 100, 100, 100, 100, 100}); err != nil {
			t.Fatal(err)
		}
		// The section head has scored the staff member, not Nadia: a score
		// counts for its own plan only.
		if err := svc.SaveBehaviour(ctx, A.SecHeadActor, o.staffSKP.ID, 1, []float64{100, 100, 100, 100, 100, 100, 100}); err != nil {
			t.Fatal(err)
		}
		for _, a := range []authz.Actor{A.StaffActor, A.SecHeadActor, o.pemeriksa, o.B.PengActor} {
			if _, err := svc.RemindRaters(ctx, a, o.year, 1, A.Unit.ID); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s reminding raters: %v", a.User.Username, err)
			}
		}
		n, err := svc.RemindRaters(ctx, A.PengActor, o.year, 1, A.Unit.ID)
		if err != nil || n != 3 { // on Nadia's plan the section head (supervisor) and the pengelola; on the staff member's Nadia
			t.Fatalf("reminded %d, %v; want 3", n, err)
		}
		for _, c := range []struct {
			who  authz.Actor
			want int
		}{{A.SecHeadActor, 1}, {A.PengActor, 1}, {o.nadia, 1}, {A.StaffActor, 0}} {
			notes, err := svc.Notifications(ctx, c.who, true, 50)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, nt := range notes {
				if nt.Msg.Key == "notify.remind_assess" {
					got++
				}
			}
			if got != c.want {
				t.Errorf("%s has %d rater reminders, want %d", c.who.User.Username, got, c.want)
			}
		}
		o.clock.now = time.Date(2026, 4, 18, 9, 0, 0, 0, wib)
		if _, err := svc.RemindRaters(ctx, A.PengActor, o.year, 1, A.Unit.ID); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("reminding after the window: %v", err)
		}
	})
}

package service_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The pengelola kinerja's K3 decision is dated, checked, and freezes the K3
// the scores use (SPEC §14.4).
func TestK3Decision(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		lines := o.sheet(t, o.staffSKP.ID, 3).Lines
		t1, t2 := lines[0].Indicator, lines[1].Indicator
		decide := func(a authz.Actor, line int64, in service.K3DecisionInput) (service.K3DecisionView, error) {
			return o.svc.DecideK3(ctx, a, o.year, line, in)
		}
		accept := service.K3DecisionInput{Decision: domain.K3Accepted, Revision: -1}

		// Who may decide.
		for _, a := range []authz.Actor{A.StaffActor, A.SecHeadActor, A.HeadActor, o.pemeriksa, o.B.PengActor} {
			if _, err := decide(a, t1.LineID, accept); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s deciding a K3: %v", a.User.Username, err)
			}
		}
		// Bad input.
		if _, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: domain.K3Revise, Note: "  ", Revision: -1}); fieldOf(err, "note") != "err.required" {
			t.Errorf("revision without a note: %v", err)
		}
		if _, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: "maybe", Revision: -1}); fieldOf(err, "decision") != "err.choose" {
			t.Errorf("an unknown decision: %v", err)
		}
		if _, err := o.svc.DecideK3(ctx, A.PengActor, o.year+1, t1.LineID, accept); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a line of another year: %v", err)
		}
		if _, err := decide(A.PengActor, 999999, accept); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("an unknown line: %v", err)
		}

		// Accepted: K3 frozen as computed (exact × moderate 1.15, new without history 1.0).
		d, err := decide(A.PengActor, t1.LineID, accept)
		if err != nil {
			t.Fatal(err)
		}
		if d.Revision != 1 || !d.Current || d.K3 != calc.Some(1.075) || d.QualityWeight != calc.Some(1.15) || d.DecidedAt.IsZero() || d.DecidedBy != A.PengActor.User.ID {
			t.Errorf("accepted: %+v", d)
		}
		// A retry changes nothing, whatever revision it carries.
		again, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: domain.K3Accepted, Revision: 0})
		if err != nil || again.Revision != 1 {
			t.Errorf("retry: %+v, %v", again, err)
		}
		// A stale revision is refused; changing an accepted K3 needs its reason.
		if _, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: domain.K3Revise, Note: "Target terlalu rendah", Revision: 0}); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("stale revision: %v", err)
		}

		// The manual's inputs change later (last year's figures arrive):
		// existing indicator, T1 50, R1 60, this year's 95 → target weight 1.2, K3 1.175.
		for _, l := range []domain.Indicator{t1, t2} {
			l.Manual.HistoryKind, l.Manual.PrevTarget, l.Manual.PrevRealisation = "existing", calc.Some(50), calc.Some(60)
			if err := s.UpdateIndicator(ctx, &l); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: domain.K3Accepted, Revision: 1}); fieldOf(err, "note") != "k3d.reason_needed" {
			t.Errorf("re-accepting without a reason: %v", err)
		}
		rows := must[[]service.K3Row](t)(o.svc.K3Review(ctx, A.PengActor, o.year, A.Unit.ID))
		for _, r := range rows {
			switch r.LineID {
			case t1.LineID:
				if r.Decision == nil || r.Decision.K3 != calc.Some(1.075) || r.Decision.Computed != calc.Some(1.175) {
					t.Errorf("T-1 in the review: %+v", r.Decision)
				}
			case t2.LineID:
				if r.Decision != nil {
					t.Errorf("T-2 undecided in the review: %+v", r.Decision)
				}
			}
		}

		// The score takes T-1's decided K3 and T-2's computed one: each reports
		// 91 of 90 (achievement 101.1111); NKC 108.6944 (× 1.075) and 118.8056
		// (× 1.175); NHK = (108.6944 × 1.075 + 118.8056 × 1.175) / 2.25 = 113.9747.
		o.report(t, A.StaffActor, o.staffSKP.ID, 3)
		v := must[service.ScoreView](t)(o.svc.EmployeeScore(ctx, A.SecHeadActor, o.staffSKP.ID, 3))
		if !v.NHK.OK || math.Abs(v.NHK.V-113.9746913580247) > 1e-9 {
			t.Errorf("NHK with a decided K3: %v, want 113.9747", v.NHK)
		}

		// Sent back for revision: the note reaches the line's thread.
		rev, err := decide(A.PengActor, t1.LineID, service.K3DecisionInput{Decision: domain.K3Revise, Note: "Target belum menantang", Revision: 1})
		if err != nil || rev.Revision != 2 || rev.K3.OK {
			t.Fatalf("revise: %+v, %v", rev, err)
		}
		thread, _, err := o.svc.LineComments(ctx, A.StaffActor, t1.LineID)
		if err != nil || len(thread) != 1 || thread[0].Body != "Target belum menantang" {
			t.Errorf("thread after the revision request: %+v", thread)
		}
		v = must[service.ScoreView](t)(o.svc.EmployeeScore(ctx, A.SecHeadActor, o.staffSKP.ID, 3))
		if math.Abs(v.NHK.V-118.80555555555556) > 1e-9 {
			t.Errorf("NHK once the decision is withdrawn: %v, want 118.8056 (both lines at 1.175)", v.NHK)
		}
	})
}

// A decision to accept needs an approved version.
func TestK3DecisionNeedsAnApprovedPlan(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		p := o.skp(o.bank1, 3)
		line := o.view(p.ID).Lines[0].LineID
		_, err := o.svc.DecideK3(o.ctx, o.as(o.pengelola), o.year, line, service.K3DecisionInput{Decision: domain.K3Accepted, Revision: -1})
		var se *domain.StateError
		if !errors.As(err, &se) || se.Msg.Key != "k3d.needs_approved" {
			t.Errorf("accepting a draft's K3: %v", err)
		}
		if _, err := o.svc.DecideK3(o.ctx, o.as(o.pengelola), o.year, line, service.K3DecisionInput{Decision: domain.K3Revise, Note: "Lengkapi manual", Revision: -1}); err != nil {
			t.Errorf("asking a draft for revision: %v", err)
		}
		// The owner may still edit and even remove the line.
		if err := o.svc.DeleteLine(o.ctx, o.as(o.bank1), p.ID, line, -1); err != nil {
			t.Errorf("removing a line sent back for revision: %v", err)
		}
	})
}

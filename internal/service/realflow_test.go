package service_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
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

func lineField(prefix string, id int64) string { return prefix + strconv.FormatInt(id, 10) }

// TestSheetWorkflowByRole walks a staff member's sheet and the head's PK
// through submit, validate and verify, with each step refused to those who
// may not take it.
func TestSheetWorkflowByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		staff, pk := o.staffSKP.ID, o.pk.ID

		// Nobody but the owner reports.
		v := o.sheet(t, staff, 3)
		in := []service.RealisationInput{{LineID: v.Lines[0].Indicator.LineID, Value: calc.Some(91)}}
		for name, a := range map[string]authz.Actor{"supervisor": A.SecHeadActor, "pengelola": A.PengActor, "head": A.HeadActor} {
			if _, err := o.svc.SaveRealisations(ctx, a, staff, 3, -1, in); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s saves the staff's sheet: %v", name, err)
			}
		}
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1); err == nil {
			t.Fatal("an empty sheet was submitted")
		}
		v = o.report(t, A.StaffActor, staff, 3)
		if len(v.Missing) != 0 {
			t.Fatalf("still missing: %v", v.Missing)
		}
		own := must[service.SheetView](t)(o.svc.GetSheet(ctx, A.StaffActor, staff, 3))
		if !own.Perm.Submit || own.Perm.Validate {
			t.Errorf("owner's permissions: %+v", own.Perm)
		}
		sh, err := o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, own.Sheet.Revision)
		if err != nil || sh.Status != domain.SheetSubmitted || sh.Late {
			t.Fatalf("submit: %+v, %v", sh, err)
		}
		// Only the direct supervisor validates: not the owner, not the head of
		// another section, not a section head of another office, not the pengelola.
		for name, a := range map[string]authz.Actor{"owner": A.StaffActor, "other section": o.otherHead, "other office": o.B.SecHeadActor,
			"pengelola": A.PengActor, "pemeriksa": o.pemeriksa} {
			if _, err := o.svc.ValidateSheet(ctx, a, staff, 3, -1); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s validates: %v", name, err)
			}
		}
		if _, err := o.svc.GetSheet(ctx, o.B.SecHeadActor, staff, 3); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a section head of another office reads the sheet: %v", err)
		}
		if _, err := o.svc.GetSheet(ctx, o.otherHead, staff, 3); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head of another section reads the sheet: %v", err)
		}
		if _, err := o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("a submitted sheet verified before validation: %v", err)
		}
		if sh, err = o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1); err != nil || sh.Status != domain.SheetValidated {
			t.Fatalf("validate: %+v, %v", sh, err)
		}
		// Only the pengelola kinerja verifies, and every targeted line must be checked.
		if _, err := o.svc.VerifySheet(ctx, A.SecHeadActor, staff, 3, -1, checksOf(v)); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the supervisor verifies: %v", err)
		}
		_, err = o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)[:1])
		fieldError(t, err, lineField("check_", v.Lines[1].Indicator.LineID), "sheet.check_every_line")
		if sh, err = o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)); err != nil || sh.Status != domain.SheetVerified {
			t.Fatalf("verify: %+v, %v", sh, err)
		}
		v = o.sheet(t, staff, 3)
		for _, l := range v.Lines {
			f := l.Realisation.Frozen
			if l.HasTarget && (!l.Frozen || f == nil || len(f.Explain) == 0 || len(f.ExplainEN) == 0 || f.RuleSet == "") {
				t.Errorf("%s not frozen with its explanation: %+v", l.Indicator.Code, f)
			}
			if l.HasTarget && (l.Realisation.CheckOK == nil || !*l.Realisation.CheckOK || l.Realisation.CheckComment != "sesuai") {
				t.Errorf("%s check not kept: %v %q", l.Indicator.Code, l.Realisation.CheckOK, l.Realisation.CheckComment)
			}
		}
		if _, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, in); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("a verified sheet was changed: %v", err)
		}

		// The head's PK: the pengelola kinerja validates (there is no supervisor) and verifies.
		o.report(t, A.HeadActor, pk, 3)
		if _, err := o.svc.SubmitSheet(ctx, A.HeadActor, pk, 3, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.SecHeadActor, pk, 3, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a section head validates the PK: %v", err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.HeadActor, pk, 3, -1); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head validates the own PK: %v", err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.PengActor, pk, 3, -1); err != nil {
			t.Fatalf("pengelola validates the PK: %v", err)
		}
		if sh, err := o.svc.VerifySheet(ctx, A.PengActor, pk, 3, -1, checksOf(o.sheet(t, pk, 3))); err != nil || sh.Status != domain.SheetVerified {
			t.Fatalf("verify the PK: %+v, %v", sh, err)
		}
	})
}

// TestSheetReturnedAtBothStages returns a sheet at validation and at
// verification; the comment is required and reaches the owner.
func TestSheetReturnedAtBothStages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		_, err := o.svc.ReturnSheet(ctx, A.SecHeadActor, staff, 3, -1, "   ")
		fieldError(t, err, "comment", "plan.return_needs_comment")
		if _, err := o.svc.ReturnSheet(ctx, o.otherHead, staff, 3, -1, "bukan atasan"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head of another section returns: %v", err)
		}
		sh, err := o.svc.ReturnSheet(ctx, A.SecHeadActor, staff, 3, -1, "Lengkapi data mentah.")
		if err != nil || sh.Status != domain.SheetReturned || sh.ReturnStage != "validation" || sh.ReturnComment != "Lengkapi data mentah." {
			t.Fatalf("return at validation: %+v, %v", sh, err)
		}
		notes := must[[]domain.Notification](t)(o.svc.Notifications(ctx, A.StaffActor, true, 10))
		if len(notes) == 0 || notes[0].Kind != "returned" || notes[0].Msg.Args["comment"] != "Lengkapi data mentah." || notes[0].Msg.Args["year"] != int64(2026) {
			t.Errorf("owner's notification: %+v", notes)
		}
		// The owner changes a value and submits again; the comment is cleared.
		v := o.sheet(t, staff, 3)
		must[service.SheetView](t)(o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, v.Sheet.Revision,
			[]service.RealisationInput{{LineID: v.Lines[0].Indicator.LineID, Value: calc.Some(90.5), Raw: v.Lines[0].Realisation.Raw}}))
		if sh = must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1)); sh.ReturnComment != "" {
			t.Errorf("comment kept after resubmission: %q", sh.ReturnComment)
		}
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		if _, err := o.svc.ReturnSheet(ctx, A.SecHeadActor, staff, 3, -1, "terlambat"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the supervisor returns a validated sheet: %v", err)
		}
		sh, err = o.svc.ReturnSheet(ctx, A.PengActor, staff, 3, -1, "Bukti dukung tidak sesuai.")
		if err != nil || sh.Status != domain.SheetReturned || sh.ReturnStage != "verification" {
			t.Fatalf("return at verification: %+v, %v", sh, err)
		}
	})
}

// TestSheetLateAfterDeadline accepts a submission after the deadline and
// marks it late; before submitting, the sheet is overdue.
func TestSheetLateAfterDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		o.report(t, A.StaffActor, staff, 3)
		if v := o.sheet(t, staff, 3); v.Overdue {
			t.Error("overdue before the deadline")
		}
		o.clock.Add(9 * 24 * time.Hour) // 12 October, after the deadline of 10 October
		if v := o.sheet(t, staff, 3); !v.Overdue {
			t.Error("not overdue after the deadline")
		}
		qs := must[[]service.QuarterState](t)(o.svc.PlanQuarters(ctx, A.StaffActor, staff))
		if !qs[2].Overdue || qs[2].Status != string(domain.SheetDraft) || qs[3].Overdue || qs[3].Status != service.QuarterNotStarted {
			t.Errorf("quarters: %+v", qs)
		}
		sh, err := o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1)
		if err != nil || !sh.Late || sh.Status != domain.SheetSubmitted {
			t.Fatalf("late submission: %+v, %v", sh, err)
		}
		qs = must[[]service.QuarterState](t)(o.svc.PlanQuarters(ctx, A.SecHeadActor, staff))
		if !qs[2].Late || qs[2].Overdue {
			t.Errorf("Q3 after a late submission: %+v", qs[2])
		}
	})
}

// TestVerifiedFiguresStayFrozen changes what the figures were computed
// from after verification: the verified figures do not move.
func TestVerifiedFiguresStayFrozen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)))
		before := lineOf(t, o.sheet(t, staff, 3), "T-1")
		if before.Figures.ToDate.Target != calc.Some(90) || !before.Figures.ToDate.Achievement.OK {
			t.Fatalf("verified figures: %+v", before.Figures)
		}
		sha := before.Realisation.Frozen.Evidence

		// An amendment raises the Q3 target from 90 to 120.
		o.clock.Add(24 * time.Hour)
		must[domain.PlanVersion](t)(o.svc.AmendPlan(ctx, A.StaffActor, staff, "Target disesuaikan"))
		in := realLine("T-1", [4]float64{80, 85, 120, 95})
		must[domain.Indicator](t)(o.svc.SaveLine(ctx, A.StaffActor, staff, before.Indicator.LineID, -1, in))
		must[domain.PlanVersion](t)(o.svc.SubmitPlan(ctx, A.StaffActor, staff, -1))
		must[domain.PlanVersion](t)(o.svc.ApprovePlan(ctx, A.SecHeadActor, staff, -1))
		// The verified quarter stays on the version it was reported on.
		after := lineOf(t, o.sheet(t, staff, 3), "T-1")
		if after.Indicator.Targets[2] != calc.Some(90) {
			t.Fatalf("the verified Q3 moved to the amendment: %v", after.Indicator.Targets)
		}
		if after.Figures != before.Figures || !after.Frozen {
			t.Errorf("frozen figures moved: %+v → %+v", before.Figures, after.Figures)
		}
		// Documents cannot be added to a verified sheet, and the frozen hashes stay.
		_, err := o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, service.EvidenceInput{LineID: after.Indicator.LineID,
			Kind: domain.EvidenceSupporting, Filename: "baru.csv", Reader: strings.NewReader("a,b\n1,2\n")})
		if !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("evidence added to a verified sheet: %v", err)
		}
		if _, err := o.svc.AddEvidence(ctx, A.PengActor, staff, 3, service.EvidenceInput{LineID: after.Indicator.LineID,
			Kind: domain.EvidenceVerification, Body: "BA tambahan"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("verification document added after verification: %v", err)
		}
		if got := lineOf(t, o.sheet(t, staff, 3), "T-1").Realisation.Frozen.Evidence; strings.Join(got, ",") != strings.Join(sha, ",") {
			t.Errorf("frozen evidence hashes changed: %v → %v", sha, got)
		}
		// The live figure of Q4 uses the new targets: only the verified quarter is frozen.
		if q4 := lineOf(t, o.sheet(t, staff, 4), "T-1"); q4.Frozen || q4.Indicator.Targets[2] != calc.Some(120) {
			t.Errorf("Q4 line: frozen %v, targets %v", q4.Frozen, q4.Indicator.Targets)
		}
	})
}

// TestCorrections asks to change a verified figure: nobody decides their
// own request, a rejection needs a comment, an approval changes the value
// and recomputes the frozen figure.
func TestCorrections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		l := lineOf(t, v, "T-1")
		if _, err := o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(80), "", "salah ketik", false); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("correction of an unverified sheet: %v", err)
		}
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)))
		frozen := lineOf(t, o.sheet(t, staff, 3), "T-1").Figures

		_, err := o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(80), "", " ", false)
		fieldError(t, err, "reason", "correction.reason_required")
		if _, err := o.svc.RequestCorrection(ctx, A.SecHeadActor, staff, 3, l.Indicator.LineID, calc.Some(80), "", "x", false); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the supervisor requests a correction: %v", err)
		}
		c, err := o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(72), "dikoreksi", "Data SAKTI dimutakhirkan", false)
		if err != nil || c.Status != domain.CorrectionPending || c.OldValue != calc.Some(91) {
			t.Fatalf("request: %+v, %v", c, err)
		}
		if _, err := o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(73), "", "lagi", false); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("second pending correction: %v", err)
		}
		if _, err := o.svc.DecideCorrection(ctx, A.StaffActor, c.ID, true, ""); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the owner decides: %v", err)
		}
		_, err = o.svc.DecideCorrection(ctx, A.PengActor, c.ID, false, "")
		fieldError(t, err, "comment", "correction.reject_needs_comment")
		if got := lineOf(t, o.sheet(t, staff, 3), "T-1"); got.Realisation.Value != calc.Some(91) || got.Figures != frozen {
			t.Fatalf("pending correction changed the figure: %v %+v", got.Realisation.Value, got.Figures)
		}
		c, err = o.svc.DecideCorrection(ctx, A.PengActor, c.ID, true, "")
		if err != nil || c.Status != domain.CorrectionApproved {
			t.Fatalf("approve: %+v, %v", c, err)
		}
		got := lineOf(t, o.sheet(t, staff, 3), "T-1")
		if got.Realisation.Value != calc.Some(72) || got.Realisation.Note != "dikoreksi" || !got.Frozen ||
			got.Figures.ToDate.Realisation != calc.Some(72) || got.Figures.ToDate.Achievement.V != 80 || got.Figures.ToDate.Status != calc.StatusYellow {
			t.Errorf("after the correction: %v %q %+v", got.Realisation.Value, got.Realisation.Note, got.Figures)
		}
		if _, err := o.svc.DecideCorrection(ctx, A.PengActor, c.ID, false, "berubah pikiran"); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("decided twice: %v", err)
		}

		// A correction the pengelola kinerja asks for is decided by someone else.
		c, err = o.svc.RequestCorrection(ctx, A.PengActor, staff, 3, l.Indicator.LineID, calc.Some(95), "", "Hasil reviu ulang", false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.DecideCorrection(ctx, A.PengActor, c.ID, true, ""); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("own correction decided: %v", err)
		}
		if c, err = o.svc.DecideCorrection(ctx, o.peng2, c.ID, false, "Tidak didukung data"); err != nil || c.Status != domain.CorrectionRejected {
			t.Errorf("rejected by another: %+v, %v", c, err)
		}
		if got := lineOf(t, o.sheet(t, staff, 3), "T-1"); got.Realisation.Value != calc.Some(72) {
			t.Errorf("a rejected correction changed the value: %v", got.Realisation.Value)
		}
	})
}

// TestNoRealisationWithoutTarget refuses a value and documents for a line
// without a target in the quarter.
func TestNoRealisationWithoutTarget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		l := lineOf(t, o.sheet(t, staff, 3), "T-3")
		if l.HasTarget {
			t.Fatal("T-3 has a Q3 target")
		}
		_, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, []service.RealisationInput{{LineID: l.Indicator.LineID, Value: calc.Some(50)}})
		fieldError(t, err, lineField("value_", l.Indicator.LineID), "sheet.no_target_this_quarter")
		_, err = o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, service.EvidenceInput{LineID: l.Indicator.LineID, Kind: domain.EvidenceSupporting, Body: "x"})
		fieldError(t, err, "line", "sheet.no_target_this_quarter")
		_, err = o.svc.PreviewRealisation(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(50), nil)
		fieldError(t, err, "value", "sheet.no_target_this_quarter")
		if v := o.sheet(t, staff, 3); v.Sheet.ID != 0 {
			t.Errorf("a refused save created the sheet: %+v", v.Sheet)
		}
	})
}

// TestConcurrentSavesConflict saves twice from the same revision: the
// second is refused and the first is kept.
func TestConcurrentSavesConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		rev := v.Sheet.Revision
		id := lineOf(t, v, "T-1").Indicator.LineID
		if _, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, rev, []service.RealisationInput{{LineID: id, Value: calc.Some(88)}}); err != nil {
			t.Fatal(err)
		}
		_, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, rev, []service.RealisationInput{{LineID: id, Value: calc.Some(77)}})
		var ce *domain.ConflictError
		if !errors.As(err, &ce) || ce.Msg.Key != "sheet.changed_meanwhile" {
			t.Fatalf("second save: %v", err)
		}
		if got := lineOf(t, o.sheet(t, staff, 3), "T-1").Realisation.Value; got != calc.Some(88) {
			t.Errorf("value = %v, want the first save's 88", got)
		}
		// Both racing for real: exactly one wins.
		rev = o.sheet(t, staff, 3).Sheet.Revision
		errs := make(chan error, 2)
		for _, x := range []float64{60, 70} {
			go func() {
				_, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, rev, []service.RealisationInput{{LineID: id, Value: calc.Some(x)}})
				errs <- err
			}()
		}
		var won, lost int
		for range 2 {
			if err := <-errs; err == nil {
				won++
			} else if errors.Is(err, domain.ErrConflict) {
				lost++
			} else {
				t.Errorf("racing save: %v", err)
			}
		}
		if won != 1 || lost != 1 {
			t.Errorf("won %d, lost %d", won, lost)
		}
		if got := lineOf(t, o.sheet(t, staff, 3), "T-1").Realisation.Value; got != calc.Some(60) && got != calc.Some(70) {
			t.Errorf("value after the race: %v", got)
		}
	})
}

// SaveSheetValues answers the revision the sheet has after the save, the
// one a following submission must name; a form sent again changes nothing.
func TestSaveSheetValuesRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		id := lineOf(t, v, "T-1").Indicator.LineID
		in := []service.RealisationInput{{LineID: id, Value: calc.Some(91)}}
		rev, err := o.svc.SaveSheetValues(ctx, A.StaffActor, staff, 3, v.Sheet.Revision, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.sheet(t, staff, 3).Sheet.Revision; rev != got || rev == v.Sheet.Revision {
			t.Errorf("revision %d after the save, the sheet has %d (was %d)", rev, got, v.Sheet.Revision)
		}
		again, err := o.svc.SaveSheetValues(ctx, A.StaffActor, staff, 3, v.Sheet.Revision, in)
		if err != nil || again != rev {
			t.Errorf("the same form again: revision %d, %v; want %d", again, err, rev)
		}
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, again); err != nil && errors.Is(err, domain.ErrConflict) {
			t.Errorf("submitting with the revision answered: %v", err)
		}
	})
}

// A form carries every line with a target, those never reported empty; sent
// again unchanged it writes nothing and leaves the revision where it was, so
// nobody else with the sheet open is told it changed.
func TestFormSentAgainWithEmptyLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.sheet(t, staff, 3)
		id := lineOf(t, v, "T-1").Indicator.LineID
		var form []service.RealisationInput
		for _, l := range v.Lines {
			if l.HasTarget && l.Indicator.LineID != id {
				form = append(form, service.RealisationInput{LineID: l.Indicator.LineID})
			}
		}
		if len(form) == 0 {
			t.Fatal("the sheet has one line with a target only")
		}
		form = append(form, service.RealisationInput{LineID: id, Value: calc.Some(91)})
		rev, err := o.svc.SaveSheetValues(ctx, A.StaffActor, staff, 3, -1, form)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			again, err := o.svc.SaveSheetValues(ctx, A.StaffActor, staff, 3, rev, form)
			if err != nil || again != rev {
				t.Errorf("the same form again: revision %d, %v; want %d", again, err, rev)
			}
		}
		if got := o.sheet(t, staff, 3).Sheet.Revision; got != rev {
			t.Errorf("the sheet's revision is %d, the save answered %d", got, rev)
		}
	})
}

// SaveSheetForm hands the form's reader the lines with a target this
// quarter once the caller may write the sheet; what the reader refuses is
// not saved, and a caller who may not write never gets to read.
func TestSaveSheetForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.report(t, A.StaffActor, staff, 3)
		var want []int64
		for _, l := range v.Lines {
			if l.HasTarget {
				want = append(want, l.Indicator.LineID)
			}
		}
		id := lineOf(t, v, "T-1").Indicator.LineID
		refused := errors.New("refused")
		var got []int64
		_, err := o.svc.SaveSheetForm(ctx, A.StaffActor, staff, 3, v.Sheet.Revision, func(ids []int64) ([]service.RealisationInput, []service.EvidenceInput, error) {
			got = ids
			return []service.RealisationInput{{LineID: id, Value: calc.Some(12)}}, nil, refused
		})
		if !errors.Is(err, refused) || !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("reader given %v (want %v), save answered %v", got, want, err)
		}
		if after := o.sheet(t, staff, 3); after.Sheet.Revision != v.Sheet.Revision || lineOf(t, after, "T-1").Realisation.Value == calc.Some(12) {
			t.Errorf("a refused form changed the sheet: revision %d → %d", v.Sheet.Revision, after.Sheet.Revision)
		}
		_, err = o.svc.SaveSheetForm(ctx, o.otherHead, staff, 3, -1, func([]int64) ([]service.RealisationInput, []service.EvidenceInput, error) {
			t.Error("the form was read for a caller who may not write the sheet")
			return nil, nil, nil
		})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another section's head saving: %v", err)
		}
		rev, err := o.svc.SaveSheetForm(ctx, A.StaffActor, staff, 3, v.Sheet.Revision, func([]int64) ([]service.RealisationInput, []service.EvidenceInput, error) {
			return []service.RealisationInput{{LineID: id, Value: calc.Some(12)}}, nil, nil
		})
		if after := o.sheet(t, staff, 3); err != nil || rev != after.Sheet.Revision || lineOf(t, after, "T-1").Realisation.Value != calc.Some(12) {
			t.Errorf("saving through the reader: revision %d, %v; sheet %d, value %v", rev, err, after.Sheet.Revision, lineOf(t, after, "T-1").Realisation.Value)
		}
	})
}

// TestCloseQuarter locks the verified sheets of the office and lists those
// not verified; a quarter not yet over cannot be closed.
func TestCloseQuarter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		if _, err := o.svc.CloseQuarter(ctx, A.PengActor, o.year, 4, A.Unit.ID); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("Q4 closed before it ended: %v", err)
		}
		if _, err := o.svc.CloseQuarter(ctx, A.HeadActor, o.year, 3, A.Unit.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the head closes: %v", err)
		}
		v := o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)))
		o.report(t, A.SecHeadActor, o.secSKP.ID, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.SecHeadActor, o.secSKP.ID, 3, -1))

		// The reminders reach the head (draft PK) and the section head's supervisor (the head).
		n, err := o.svc.SendReminders(ctx, A.PengActor, o.year, 3, A.Unit.ID)
		if err != nil || n == 0 {
			t.Errorf("reminders: %d, %v", n, err)
		}
		open, err := o.svc.CloseQuarter(ctx, A.PengActor, o.year, 3, A.Unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, r := range open {
			names[r.Name] = r.Status
		}
		if names[A.SecHead.Name] != string(domain.SheetSubmitted) || names[A.Head.Name] != string(domain.SheetDraft) {
			t.Errorf("not verified: %v", names)
		}
		if _, listed := names[A.Staff.Name]; listed {
			t.Error("the verified staff member is listed as not verified")
		}
		if st := o.sheet(t, staff, 3).Sheet; st.Status != domain.SheetLocked || st.LockedAt.IsZero() {
			t.Errorf("verified sheet after closing: %+v", st)
		}
		if st := o.sheet(t, o.secSKP.ID, 3).Sheet; st.Status != domain.SheetSubmitted {
			t.Errorf("submitted sheet after closing: %s", st.Status)
		}
		if _, err := o.svc.CloseQuarter(ctx, A.PengActor, o.year, 3, A.Unit.ID); !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("closed twice: %v", err)
		}
		// Verified after closing: locked at once.
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.HeadActor, o.secSKP.ID, 3, -1))
		sh := must[domain.Sheet](t)(o.svc.VerifySheet(ctx, A.PengActor, o.secSKP.ID, 3, -1, checksOf(o.sheet(t, o.secSKP.ID, 3))))
		if sh.Status != domain.SheetLocked {
			t.Errorf("verified after closing: %s", sh.Status)
		}
		qc := must[service.QuarterConsole](t)(o.svc.QuarterConsole(ctx, A.PengActor, o.year, 3, A.Unit.ID))
		if qc.Closure == nil || qc.ClosedBy != A.Pengelola.Name || len(qc.NotVerified) == 0 {
			t.Errorf("console after closing: closure %v by %q, not verified %d", qc.Closure, qc.ClosedBy, len(qc.NotVerified))
		}
	})
}

// TestRealisationOverview lists the sheets waiting for a supervisor and the
// pengelola kinerja, and each viewer's own quarters.
func TestRealisationOverview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		ov := must[service.RealisationOverview](t)(o.svc.RealisationOverview(ctx, A.SecHeadActor, o.year))
		if len(ov.ToValidate) != 1 || ov.ToValidate[0].PlanID != staff || ov.ToValidate[0].Owner.ID != A.Staff.ID || !ov.Reviewer {
			t.Errorf("supervisor's queue: %+v", ov.ToValidate)
		}
		if ov.OwnPlan == nil || ov.OwnPlan.ID != o.secSKP.ID || len(ov.OwnQuarters) != 4 || ov.Quarter != 3 {
			t.Errorf("supervisor's own plan: %+v %d", ov.OwnPlan, ov.Quarter)
		}
		if ov := must[service.RealisationOverview](t)(o.svc.RealisationOverview(ctx, o.otherHead, o.year)); len(ov.ToValidate) != 0 {
			t.Errorf("another section's head sees %+v", ov.ToValidate)
		}
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		ov = must[service.RealisationOverview](t)(o.svc.RealisationOverview(ctx, A.PengActor, o.year))
		if len(ov.ToVerify) != 1 || ov.ToVerify[0].PlanID != staff || !ov.CanOpenConsole {
			t.Errorf("pengelola's queue: %+v", ov.ToVerify)
		}
		ov = must[service.RealisationOverview](t)(o.svc.RealisationOverview(ctx, A.StaffActor, o.year))
		if len(ov.ToValidate)+len(ov.ToVerify) != 0 || ov.Reviewer || ov.CanOpenConsole || ov.OwnQuarters[2].Status != string(domain.SheetValidated) {
			t.Errorf("staff overview: %+v", ov)
		}
	})
}

// TestPreviewRealisation computes a typed value's figures and checks the
// raw data without saving anything.
func TestPreviewRealisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		l := lineOf(t, o.sheet(t, staff, 3), "T-1")
		raw := []domain.RawRow{{Name: "Pembilang", Value: 171}, {Name: "penyebut", Value: 200}}
		p, err := o.svc.PreviewRealisation(ctx, A.SecHeadActor, staff, 3, l.Indicator.LineID, calc.Some(85.5), raw)
		if err != nil {
			t.Fatal(err)
		}
		if p.Figures.ToDate.Achievement.V != 95 || p.Figures.ToDate.Status != calc.StatusYellow || len(p.Steps) == 0 {
			t.Errorf("preview figures: %+v (%d steps)", p.Figures, len(p.Steps))
		}
		if p.Raw.Computed != calc.Some(85.5) || p.Raw.Mismatch {
			t.Errorf("raw check: %+v", p.Raw)
		}
		if p, _ = o.svc.PreviewRealisation(ctx, A.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(86), raw); !p.Raw.Mismatch {
			t.Error("a value that differs from its raw data is not flagged")
		}
		if _, err := o.svc.PreviewRealisation(ctx, o.B.StaffActor, staff, 3, l.Indicator.LineID, calc.Some(86), nil); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("preview by another office: %v", err)
		}
		if v := o.sheet(t, staff, 3); v.Sheet.ID != 0 {
			t.Error("a preview saved something")
		}
	})
}

package service_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// An amendment approved after a quarter was validated leaves that quarter
// on the version it was reported on (SPEC §7): its lines, values and
// documents stay, and it is verified on them; the quarters not validated
// yet follow the amendment. A sheet returned after the amendment moves on.
func TestAmendmentKeepsValidatedSheet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		o.report(t, A.StaffActor, o.staffSKP.ID, 3)
		if _, err := o.svc.SubmitSheet(ctx, A.StaffActor, o.staffSKP.ID, 3, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ValidateSheet(ctx, A.SecHeadActor, o.staffSKP.ID, 3, -1); err != nil {
			t.Fatal(err)
		}
		before := o.sheet(t, o.staffSKP.ID, 3)

		// December: the SKP is amended, its first line removed and a new one added.
		if _, err := o.svc.AmendPlan(ctx, A.StaffActor, o.staffSKP.ID, "Penyesuaian tugas triwulan IV"); err != nil {
			t.Fatal(err)
		}
		removed := lineOf(t, before, "T-1").Indicator.LineID
		if err := o.svc.DeleteLine(ctx, A.StaffActor, o.staffSKP.ID, removed, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SaveLine(ctx, A.StaffActor, o.staffSKP.ID, 0, -1, realLine("T-4", [4]float64{0, 0, 70, 75})); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SubmitPlan(ctx, A.StaffActor, o.staffSKP.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ApprovePlan(ctx, A.SecHeadActor, o.staffSKP.ID, -1); err != nil {
			t.Fatal(err)
		}

		after := o.sheet(t, o.staffSKP.ID, 3)
		if after.Sheet.Status != domain.SheetValidated || len(after.Lines) != len(before.Lines) || len(after.Missing) != 0 {
			t.Fatalf("validated Q3 after the amendment: %s, %d lines (was %d), missing %v", after.Sheet.Status, len(after.Lines), len(before.Lines), after.Missing)
		}
		l := lineOf(t, after, "T-1")
		if !l.Realisation.Value.OK || len(l.Evidence) == 0 || l.Realisation.Value != lineOf(t, before, "T-1").Realisation.Value {
			t.Errorf("T-1 in Q3 lost its value or documents: %v, %d documents", l.Realisation.Value, len(l.Evidence))
		}
		for _, l := range after.Lines {
			if l.Indicator.Code == "T-4" {
				t.Error("the amendment's new line appears in the validated Q3")
			}
		}
		if _, err := o.svc.VerifySheet(ctx, A.PengActor, o.staffSKP.ID, 3, -1, checksOf(after)); err != nil {
			t.Fatalf("verify Q3 on its version: %v", err)
		}
		if v := o.sheet(t, o.staffSKP.ID, 3); !lineOf(t, v, "T-1").Frozen || !lineOf(t, v, "T-1").Figures.ToDate.Achievement.OK {
			t.Errorf("T-1 not frozen in the verified Q3")
		}

		// Q4 follows the amendment.
		q4 := o.sheet(t, o.staffSKP.ID, 4)
		lineOf(t, q4, "T-4")
		for _, l := range q4.Lines {
			if l.Indicator.Code == "T-1" {
				t.Error("the removed line is still on the Q4 sheet")
			}
		}
		if !lineOf(t, q4, "T-4").Indicator.Targets[3].OK || lineOf(t, q4, "T-4").Indicator.Targets[3] != calc.Some(75) {
			t.Errorf("T-4 Q4 target %v", lineOf(t, q4, "T-4").Indicator.Targets[3])
		}
	})
}

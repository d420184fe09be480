package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// Units and positions are not dated: moving a held post under another
// supervisor or into another office, by hand or by import, is refused while
// a plan would change hands; a vacant post moves freely, and the held one
// is reorganised by a new post and a dated move (docs/decisions.md).
func TestReorganisationKeepsPlansWithTheirSupervisor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A := o.A
		staffPos := A.StaffPos
		before := auditCount(t, s)
		refused := []struct {
			name string
			do   func() error
		}{
			{"the staff post under the head", func() error {
				_, err := o.svc.UpdatePosition(ctx, A.PengActor, staffPos.ID, service.PositionInput{UnitID: staffPos.UnitID, Title: staffPos.Title,
					Kind: staffPos.Kind, ReportsToID: A.HeadPos.ID})
				return err
			}},
			{"the staff post into office B's section", func() error {
				_, err := o.svc.UpdatePosition(ctx, o.admin, staffPos.ID, service.PositionInput{UnitID: o.B.Section.ID, Title: staffPos.Title,
					Kind: staffPos.Kind, ReportsToID: o.B.SecHeadPos.ID})
				return err
			}},
			{"the section under office B", func() error {
				sec := A.Section
				_, err := o.svc.UpdateUnit(ctx, o.admin, sec.ID, service.UnitInput{ParentID: o.B.Unit.ID, Code: sec.Code, Name: sec.Name, Kind: sec.Kind})
				return err
			}},
			{"the import putting the staff post under the head", func() error {
				csv := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" +
					A.Staff.NIP + ";" + A.Staff.Name + ";" + A.Section.Code + ";" + staffPos.Title + ";pelaksana;" + A.Head.NIP + "\n"
				_, problems, err := o.svc.ImportOrg(ctx, A.PengActor, "org.csv", strings.NewReader(csv))
				if len(problems) > 0 {
					t.Fatalf("import problems: %+v", problems)
				}
				return err
			}},
		}
		for _, c := range refused {
			if err := c.do(); refusal(err) != "org.reorg_moves_plans" {
				t.Errorf("%s: %v, want the refusal org.reorg_moves_plans", c.name, err)
			}
		}
		if got := auditCount(t, s); got != before {
			t.Errorf("%d audit events after refusals", got-before)
		}
		c := must[*domain.Chart](t)(o.svc.Chart(ctx))
		if !c.IsSupervisor(A.SecHead.ID, A.Staff.ID) || c.EmployeeOffice(A.Staff.ID) != A.Unit.ID {
			t.Fatal("after the refusals the staff member should still be under the section head, in office A")
		}

		// A title is no reorganisation; a vacant post moves freely.
		if _, err := o.svc.UpdatePosition(ctx, A.PengActor, staffPos.ID, service.PositionInput{UnitID: staffPos.UnitID, Title: "Pelaksana Umum A",
			Kind: staffPos.Kind, ReportsToID: staffPos.ReportsToID}); err != nil {
			t.Errorf("renaming the staff post: %v", err)
		}
		vacant := must[domain.Position](t)(o.svc.CreatePosition(ctx, A.PengActor, service.PositionInput{UnitID: A.Section.ID, Title: "Analis A",
			Kind: domain.PosFungsional, ReportsToID: A.SecHeadPos.ID}))
		if _, err := o.svc.UpdatePosition(ctx, A.PengActor, vacant.ID, service.PositionInput{UnitID: A.Unit.ID, Title: vacant.Title,
			Kind: vacant.Kind, ReportsToID: A.HeadPos.ID}); err != nil {
			t.Errorf("moving a vacant post: %v", err)
		}

		// The staff member goes under the head by a dated move: the SKP
		// under the section head ends the day before, a new one starts.
		if _, err := o.svc.Assign(ctx, A.PengActor, service.AssignInput{EmployeeID: A.Staff.ID, PositionID: vacant.ID, StartDate: day(2026, 11, 1)}); err != nil {
			t.Fatal(err)
		}
		plans := must[[]domain.Plan](t)(o.svc.PlansOf(ctx, sys, o.year, A.Staff.ID))
		if len(plans) != 2 || !plans[0].PeriodEnd.Equal(day(2026, 10, 31)) || !plans[1].PeriodStart.Equal(day(2026, 11, 1)) {
			t.Fatalf("the staff member's plans after the move: %+v", plans)
		}
		// The old SKP runs to 31 October on the old post: that post still may
		// not move under someone else.
		if _, err := o.svc.UpdatePosition(ctx, o.admin, staffPos.ID, service.PositionInput{UnitID: staffPos.UnitID, Title: "Pelaksana Umum A",
			Kind: staffPos.Kind, ReportsToID: A.HeadPos.ID}); refusal(err) != "org.reorg_moves_plans" {
			t.Errorf("moving the post the old SKP was of: %v", err)
		}
	})
}

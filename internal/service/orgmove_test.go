package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// kanwilPengelola places a pengelola kinerja in the region above both
// offices and returns their account.
func kanwilPengelola(t *testing.T, o *org) authz.Actor {
	t.Helper()
	ctx := context.Background()
	pos := must[domain.Position](t)(o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: o.region.ID, Title: "Pengelola Kinerja Kanwil", Kind: domain.PosPelaksana}))
	e := must[domain.Employee](t)(o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Pengelola Kanwil"}, pos.ID, day(2025, 1, 2)))
	return o.account(t, "pengelola.kanwil", domain.RolePengelola, e.ID)
}

// Who may move whom (SPEC §13): a pengelola kinerja moves people within
// their office only; pulling someone out of another office, or pushing
// someone into one, takes an account above both.
func TestMovesBetweenOffices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		kanwil := kanwilPengelola(t, o)
		before := auditCount(t, s)
		pull := service.AssignInput{EmployeeID: o.B.Staff.ID, PositionID: o.A.StaffPos.ID, StartDate: day(2026, 12, 1)}
		acting := service.AssignInput{EmployeeID: o.B.Staff.ID, PositionID: o.A.SecHeadPos.ID, StartDate: day(2026, 12, 1), EndDate: day(2026, 12, 31), Acting: domain.ActingPlt}
		for _, c := range []struct {
			name string
			a    authz.Actor
			in   service.AssignInput
			want error // nil: the refusal org.move_other_office
		}{
			{"pengelola A pulls B's staff", o.A.PengActor, pull, nil},
			{"pengelola A makes B's staff Plt in A", o.A.PengActor, acting, nil},
			{"pengelola B pushes its staff into A", o.B.PengActor, pull, domain.ErrForbidden},
			{"A's head, an employee", o.A.HeadActor, pull, domain.ErrForbidden},
		} {
			_, err := o.svc.Assign(ctx, c.a, c.in)
			switch {
			case c.want == nil && refusal(err) != "org.move_other_office":
				t.Errorf("%s: %v, want the refusal org.move_other_office", c.name, err)
			case c.want != nil && !errors.Is(err, c.want):
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		if got := auditCount(t, s); got != before {
			t.Errorf("%d audit events after refusals", got-before)
		}
		c, err := o.svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c.EmployeeOffice(o.B.Staff.ID) != o.B.Unit.ID || authz.CanSeeScore(o.A.PengActor, c, o.B.Staff.ID) || !authz.CanSeeScore(o.B.PengActor, c, o.B.Staff.ID) {
			t.Error("after the refusals B's staff member should still be B's, their scores read by B's pengelola, not A's")
		}

		// Within the office, and across it for the region's pengelola and the organisation admin.
		if _, err := o.svc.Assign(ctx, o.A.PengActor, service.AssignInput{EmployeeID: o.A.Staff.ID, PositionID: o.A.PengelolaPos.ID, StartDate: day(2026, 12, 1)}); err != nil {
			t.Errorf("pengelola A within A: %v", err)
		}
		if _, err := o.svc.Assign(ctx, kanwil, pull); err != nil {
			t.Errorf("the region's pengelola moving B's staff to A: %v", err)
		}
		if _, err := o.svc.Assign(ctx, o.admin, service.AssignInput{EmployeeID: o.B.Head.ID, PositionID: o.A.SecHeadPos.ID, StartDate: day(2026, 12, 1),
			EndDate: day(2026, 12, 31), Acting: domain.ActingPlt}); err != nil {
			t.Errorf("the organisation admin: %v", err)
		}
	})
}

// A back-dated post would rewrite the history of a post in another office
// even when the person holds nothing today.
func TestBackDatedMoveChecksTheOfficeLeft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		h := history(t, o, o.B.Staff.ID)
		if err := o.svc.EndAssignment(ctx, o.B.PengActor, o.B.Staff.ID, h[0].ID, day(2026, 10, 31)); err != nil {
			t.Fatal(err)
		}
		in := service.AssignInput{EmployeeID: o.B.Staff.ID, PositionID: o.A.StaffPos.ID, StartDate: day(2026, 10, 1)}
		if _, err := o.svc.Assign(ctx, o.A.PengActor, in); refusal(err) != "org.move_other_office" {
			t.Errorf("back-dated into B's time: %v, want org.move_other_office", err)
		}
		if got := history(t, o, o.B.Staff.ID); !got[0].EndDate.Equal(day(2026, 10, 31)) {
			t.Errorf("B's post now ends %v", got[0].EndDate)
		}
		in.StartDate = day(2026, 12, 1)
		if _, err := o.svc.Assign(ctx, o.A.PengActor, in); err != nil {
			t.Errorf("someone who left B, from after they left: %v", err)
		}
	})
}

// The org import checks the office an existing employee is taken from.
func TestImportOrgMovesWithinScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		kanwil := kanwilPengelola(t, o)
		csv := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" +
			o.B.Staff.NIP + ";Staf B;" + o.A.Section.Code + ";Pelaksana A;pelaksana;" + o.A.SecHead.NIP + "\n"
		_, problems, err := o.svc.ImportOrg(ctx, o.A.PengActor, "org.csv", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 || problems[0].Row != 2 || !strings.Contains(problems[0].EN, "outside your scope") {
			t.Fatalf("pengelola A importing B's staff: %+v", problems)
		}
		if h := history(t, o, o.B.Staff.ID); len(h) != 1 || h[0].PositionID != o.B.StaffPos.ID || !h[0].EndDate.IsZero() {
			t.Fatalf("a refused import moved B's staff: %+v", h)
		}
		// A's own staff member is updated; the region's pengelola moves B's.
		own := "NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;NIP Atasan\n" +
			o.A.Staff.NIP + ";Staf A Baru;" + o.A.Section.Code + ";Pelaksana A;pelaksana;" + o.A.SecHead.NIP + "\n"
		if sum, problems, err := o.svc.ImportOrg(ctx, o.A.PengActor, "org.csv", strings.NewReader(own)); err != nil || len(problems) > 0 || sum.EmployeesUpdated != 1 {
			t.Errorf("pengelola A importing A's staff: %+v %v %v", sum, problems, err)
		}
		if sum, problems, err := o.svc.ImportOrg(ctx, kanwil, "org.csv", strings.NewReader(csv)); err != nil || len(problems) > 0 || sum.Transfers != 1 {
			t.Errorf("the region's pengelola: %+v %v %v", sum, problems, err)
		}
	})
}

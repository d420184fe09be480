package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// op is one service call made on behalf of an actor.
type op struct {
	name string
	call func(ctx context.Context, o *org, a authz.Actor) error
}

// ops lists the calls whose permission the tests check. Each uses valid
// input, so a refusal can only come from the permission check.
func ops() []op {
	err := func(_ any, err error) error { return err }
	return []op{
		{"CreateUnit in office A", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateUnit(ctx, a, service.UnitInput{ParentID: o.A.Unit.ID, Code: "A-NEW", Name: "Seksi Baru", Kind: domain.UnitSection}))
		}},
		{"CreateUnit in office B", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateUnit(ctx, a, service.UnitInput{ParentID: o.B.Unit.ID, Code: "B-NEW", Name: "Seksi Baru", Kind: domain.UnitSection}))
		}},
		{"CreateUnit at the top", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateUnit(ctx, a, service.UnitInput{Code: "TOP", Name: "Top", Kind: domain.UnitOrganisation}))
		}},
		{"UpdateUnit of office A", func(ctx context.Context, o *org, a authz.Actor) error {
			u := o.A.Section
			return err(o.svc.UpdateUnit(ctx, a, u.ID, service.UnitInput{ParentID: u.ParentID, Code: u.Code, Name: "Renamed", Kind: u.Kind}))
		}},
		{"UpdateUnit of office B", func(ctx context.Context, o *org, a authz.Actor) error {
			u := o.B.Section
			return err(o.svc.UpdateUnit(ctx, a, u.ID, service.UnitInput{ParentID: u.ParentID, Code: u.Code, Name: "Renamed", Kind: u.Kind}))
		}},
		{"UpdateUnit moving A's section to B", func(ctx context.Context, o *org, a authz.Actor) error {
			u := o.A.Section
			return err(o.svc.UpdateUnit(ctx, a, u.ID, service.UnitInput{ParentID: o.B.Unit.ID, Code: u.Code, Name: u.Name, Kind: u.Kind}))
		}},
		{"CreatePosition in office A", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreatePosition(ctx, a, service.PositionInput{UnitID: o.A.Section.ID, Title: "Pelaksana Baru", Kind: domain.PosPelaksana, ReportsToID: o.A.SecHeadPos.ID}))
		}},
		{"CreatePosition in office B", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreatePosition(ctx, a, service.PositionInput{UnitID: o.B.Section.ID, Title: "Pelaksana Baru", Kind: domain.PosPelaksana, ReportsToID: o.B.SecHeadPos.ID}))
		}},
		{"UpdatePosition in office B", func(ctx context.Context, o *org, a authz.Actor) error {
			p := o.B.StaffPos
			return err(o.svc.UpdatePosition(ctx, a, p.ID, service.PositionInput{UnitID: p.UnitID, Title: "Renamed", Kind: p.Kind, ReportsToID: p.ReportsToID}))
		}},
		{"CreateEmployee", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateEmployee(ctx, a, service.EmployeeInput{NIP: nextNIP(), Name: "Pegawai Baru"}))
		}},
		{"CreateEmployeeIn office B", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateEmployeeIn(ctx, a, service.EmployeeInput{NIP: nextNIP(), Name: "Pegawai Baru"}, o.B.StaffPos.ID, day(2026, 11, 27)))
		}},
		{"UpdateEmployee in office A", func(ctx context.Context, o *org, a authz.Actor) error {
			e := o.A.Staff
			return err(o.svc.UpdateEmployee(ctx, a, e.ID, service.EmployeeInput{NIP: e.NIP, Name: "Renamed", Active: true}))
		}},
		{"UpdateEmployee in office B", func(ctx context.Context, o *org, a authz.Actor) error {
			e := o.B.Staff
			return err(o.svc.UpdateEmployee(ctx, a, e.ID, service.EmployeeInput{NIP: e.NIP, Name: "Renamed", Active: true}))
		}},
		{"Assign into office A", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.Assign(ctx, a, service.AssignInput{EmployeeID: o.A.Staff.ID, PositionID: o.A.SecHeadPos.ID, StartDate: day(2026, 12, 1), EndDate: day(2026, 12, 31), Acting: domain.ActingPlh}))
		}},
		{"Assign into office B", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.Assign(ctx, a, service.AssignInput{EmployeeID: o.A.Staff.ID, PositionID: o.B.SecHeadPos.ID, StartDate: day(2026, 12, 1), EndDate: day(2026, 12, 31), Acting: domain.ActingPlh}))
		}},
		{"EndAssignment in office B", func(ctx context.Context, o *org, a authz.Actor) error {
			h, _ := o.st.ListAssignmentsOfEmployee(ctx, o.B.Staff.ID)
			return o.svc.EndAssignment(ctx, a, o.B.Staff.ID, h[0].ID, day(2026, 12, 31))
		}},
		{"ListUsers", func(ctx context.Context, o *org, a authz.Actor) error { return err(o.svc.ListUsers(ctx, a)) }},
		{"GetUser of another", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.GetUser(ctx, a, o.B.StaffActor.User.ID))
		}},
		{"CreateUser", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.CreateUser(ctx, a, service.UserInput{Username: "new.user", Password: password, Role: domain.RoleAdmin, Active: true}))
		}},
		{"UpdateUser of another", func(ctx context.Context, o *org, a authz.Actor) error {
			u := o.B.StaffActor.User
			return err(o.svc.UpdateUser(ctx, a, u.ID, service.UserInput{Username: u.Username, Role: domain.RoleAdmin, EmployeeID: u.EmployeeID, Lang: "id", Active: true}))
		}},
		{"IssueToken for another", func(ctx context.Context, o *org, a authz.Actor) error {
			_, _, e := o.svc.IssueToken(ctx, a, "staff.b", "x")
			return e
		}},
		{"ListAuditEvents", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.ListAuditEvents(ctx, a, service.AuditQuery{}))
		}},
		{"VerifyAudit", func(ctx context.Context, o *org, a authz.Actor) error { return err(o.svc.VerifyAudit(ctx, a)) }},
		{"OrgChart", func(ctx context.Context, o *org, a authz.Actor) error { return err(o.svc.OrgChart(ctx, a)) }},
		{"SearchEmployees", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.SearchEmployees(ctx, a, "staf", 10, 0))
		}},
		{"EmployeeHistory", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.EmployeeHistory(ctx, a, o.B.Staff.ID))
		}},
		{"GetUser of oneself", func(ctx context.Context, o *org, a authz.Actor) error {
			return err(o.svc.GetUser(ctx, a, a.User.ID))
		}},
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	type actors struct {
		name  string
		actor func(o *org) authz.Actor
		// allowed lists the ops this actor may do; every other op must be refused.
		allowed []string
	}
	reads := []string{"OrgChart", "SearchEmployees", "EmployeeHistory", "GetUser of oneself"}
	employee := reads
	tests := []actors{
		{"staff", func(o *org) authz.Actor { return o.A.StaffActor }, employee},
		{"office head", func(o *org) authz.Actor { return o.A.HeadActor }, employee},
		{"section head", func(o *org) authz.Actor { return o.A.SecHeadActor }, employee},
		{"pemeriksa", func(o *org) authz.Actor { return o.pemeriksa }, append([]string{"ListAuditEvents", "VerifyAudit"}, reads...)},
		{"pengelola of office A", func(o *org) authz.Actor { return o.A.PengActor }, append([]string{
			"CreateUnit in office A", "UpdateUnit of office A", "CreatePosition in office A", "CreateEmployee",
			"UpdateEmployee in office A", "Assign into office A", "ListAuditEvents", "VerifyAudit"}, reads...)},
		{"admin", func(o *org) authz.Actor { return o.admin }, nil}, // everything
		{"disabled admin", func(o *org) authz.Actor {
			a := o.admin
			a.User.Active = false
			return a
		}, []string{"GetUser of oneself"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				o := newOrg(t, s)
				a := tc.actor(o)
				allowed := map[string]bool{}
				for _, n := range tc.allowed {
					allowed[n] = true
				}
				for _, op := range ops() {
					before := auditCount(t, s)
					err := op.call(ctx, o, a)
					switch {
					case tc.allowed == nil || allowed[op.name]:
						if err != nil {
							t.Errorf("%s: %v, want it allowed", op.name, err)
						}
					case !errors.Is(err, domain.ErrForbidden):
						t.Errorf("%s: %v, want ErrForbidden", op.name, err)
					case auditCount(t, s) != before:
						t.Errorf("%s: refused, yet recorded in the audit log", op.name)
					}
				}
			})
		})
	}
}

// A pengelola kinerja manages the offices under their own, and nothing beside it.
func TestPengelolaScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		a := o.A.PengActor
		c, _ := o.svc.Chart(ctx)
		if got := authz.ScopeUnit(a, c); got != o.A.Unit.ID {
			t.Fatalf("scope of the pengelola = %d, want office A (%d)", got, o.A.Unit.ID)
		}
		if got := authz.ScopeUnit(o.admin, c); got != 0 {
			t.Errorf("scope of an unlinked admin = %d, want 0 (everything)", got)
		}
		// Editing office B's unit itself, or the region above, is refused too.
		for _, u := range []domain.Unit{o.B.Unit, o.region} {
			_, err := o.svc.UpdateUnit(ctx, a, u.ID, service.UnitInput{ParentID: u.ParentID, Code: u.Code, Name: "x", Kind: u.Kind})
			if !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("pengelola of A editing %s: %v", u.Code, err)
			}
		}
		// Moving a position of office A into office B is refused.
		p := o.A.StaffPos
		_, err := o.svc.UpdatePosition(ctx, a, p.ID, service.PositionInput{UnitID: o.B.Section.ID, Title: p.Title, Kind: p.Kind, ReportsToID: o.B.SecHeadPos.ID})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("moving a position to office B: %v", err)
		}
		// An unplaced employee may be edited by any pengelola.
		e, err := o.svc.CreateEmployee(ctx, o.B.PengActor, service.EmployeeInput{NIP: nextNIP(), Name: "Belum Ditempatkan"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.UpdateEmployee(ctx, a, e.ID, service.EmployeeInput{NIP: e.NIP, Name: "Renamed", Active: true}); err != nil {
			t.Errorf("editing an unplaced employee: %v", err)
		}
	})
}

// Refusals come before validation, so a caller without the right learns
// nothing about the data from the error.
func TestForbiddenBeforeInvalid(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		a := o.A.StaffActor
		calls := map[string]error{}
		_, calls["CreateUnit"] = o.svc.CreateUnit(ctx, a, service.UnitInput{})
		_, calls["UpdateUnit"] = o.svc.UpdateUnit(ctx, a, o.A.Section.ID, service.UnitInput{})
		_, calls["CreatePosition"] = o.svc.CreatePosition(ctx, a, service.PositionInput{UnitID: o.A.Section.ID})
		_, calls["UpdatePosition"] = o.svc.UpdatePosition(ctx, a, o.A.StaffPos.ID, service.PositionInput{UnitID: o.A.Section.ID})
		_, calls["CreateEmployee"] = o.svc.CreateEmployee(ctx, a, service.EmployeeInput{})
		_, calls["UpdateEmployee"] = o.svc.UpdateEmployee(ctx, a, o.A.Staff.ID, service.EmployeeInput{})
		_, calls["Assign"] = o.svc.Assign(ctx, a, service.AssignInput{EmployeeID: o.A.Staff.ID})
		_, calls["CreateUser"] = o.svc.CreateUser(ctx, a, service.UserInput{})
		_, calls["UpdateUser"] = o.svc.UpdateUser(ctx, a, o.admin.User.ID, service.UserInput{})
		for name, err := range calls {
			if !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s with empty input by a staff member: %v, want ErrForbidden", name, err)
			}
		}
	})
}

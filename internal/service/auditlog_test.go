package service_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// Every change goes into the audit log, in the same transaction, with who,
// from where, what, and the state before and after.
func TestEveryChangeIsAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin, peng := o.admin, o.A.PengActor
		var (
			unit domain.Unit
			pos  domain.Position
			emp  domain.Employee
			asg  domain.Assignment
			user domain.User
			tok  domain.APIToken
		)
		steps := []struct {
			name   string
			actor  authz.Actor
			do     func() (entityID int64, err error)
			action string
			entity string
			before bool   // a state before is recorded
			after  string // a fragment of the state after ("" when none is expected)
		}{
			{"create unit", peng, func() (int64, error) {
				var err error
				unit, err = o.svc.CreateUnit(ctx, peng, service.UnitInput{ParentID: o.A.Unit.ID, Code: "A-BARU", Name: "Seksi Baru", Kind: domain.UnitSection})
				return unit.ID, err
			}, "unit.create", "unit", false, `"Name":"Seksi Baru"`},
			{"update unit", peng, func() (int64, error) {
				_, err := o.svc.UpdateUnit(ctx, peng, unit.ID, service.UnitInput{ParentID: o.A.Unit.ID, Code: "A-BARU", Name: "Seksi Lebih Baru", Kind: domain.UnitSection})
				return unit.ID, err
			}, "unit.update", "unit", true, `"Name":"Seksi Lebih Baru"`},
			{"create position", peng, func() (int64, error) {
				var err error
				pos, err = o.svc.CreatePosition(ctx, peng, service.PositionInput{UnitID: unit.ID, Title: "Kepala Seksi Baru", Kind: domain.PosPengawas, ReportsToID: o.A.HeadPos.ID})
				return pos.ID, err
			}, "position.create", "position", false, `"Title":"Kepala Seksi Baru"`},
			{"update position", peng, func() (int64, error) {
				_, err := o.svc.UpdatePosition(ctx, peng, pos.ID, service.PositionInput{UnitID: unit.ID, Title: "Kepala Seksi", Kind: domain.PosPengawas, ReportsToID: o.A.HeadPos.ID})
				return pos.ID, err
			}, "position.update", "position", true, `"Title":"Kepala Seksi"`},
			{"create employee", peng, func() (int64, error) {
				var err error
				emp, err = o.svc.CreateEmployee(ctx, peng, service.EmployeeInput{NIP: nextNIP(), Name: "Pegawai Baru"})
				return emp.ID, err
			}, "employee.create", "employee", false, `"Name":"Pegawai Baru"`},
			{"update employee", peng, func() (int64, error) {
				_, err := o.svc.UpdateEmployee(ctx, peng, emp.ID, service.EmployeeInput{NIP: emp.NIP, Name: "Pegawai Lama", Grade: "Penata (III/c)", Active: true})
				return emp.ID, err
			}, "employee.update", "employee", true, `"Grade":"Penata (III/c)"`},
			{"assign", peng, func() (int64, error) {
				var err error
				asg, err = o.svc.Assign(ctx, peng, service.AssignInput{EmployeeID: emp.ID, PositionID: pos.ID, StartDate: day(2026, 11, 1)})
				return asg.ID, err
			}, "assignment.create", "assignment", false, `"PositionID":`},
			{"end assignment", peng, func() (int64, error) {
				return asg.ID, o.svc.EndAssignment(ctx, peng, emp.ID, asg.ID, day(2026, 11, 30))
			}, "assignment.end", "assignment", true, `"EndDate":"2026-11-30T00:00:00Z"`},
			{"create user", admin, func() (int64, error) {
				var err error
				user, err = o.svc.CreateUser(ctx, admin, service.UserInput{Username: "pegawai.baru", Password: password, Role: domain.RoleEmployee, EmployeeID: emp.ID, Active: true})
				return user.ID, err
			}, "user.create", "user", false, `"username":"pegawai.baru"`},
			{"update user", admin, func() (int64, error) {
				_, err := o.svc.UpdateUser(ctx, admin, user.ID, service.UserInput{Username: "pegawai.baru", Password: "a new long password", Role: domain.RolePemeriksa, EmployeeID: emp.ID, Active: true})
				return user.ID, err
			}, "user.update", "user", true, `"password":"changed"`},
			{"change password", o.A.StaffActor, func() (int64, error) {
				return o.A.StaffActor.User.ID, o.svc.ChangePassword(ctx, o.A.StaffActor, password, "yet another password")
			}, "user.password", "user", false, `"password":"changed"`},
			{"set language", o.A.StaffActor, func() (int64, error) {
				return o.A.StaffActor.User.ID, o.svc.SetLanguage(ctx, o.A.StaffActor, "en")
			}, "user.language", "user", true, `"lang":"en"`},
			{"issue token", o.A.StaffActor, func() (int64, error) {
				var err error
				_, tok, err = o.svc.IssueToken(ctx, o.A.StaffActor, "staff.a", "laptop")
				return tok.ID, err
			}, "token.create", "api_token", false, `"name":"laptop"`},
			{"revoke token", o.A.StaffActor, func() (int64, error) {
				return tok.ID, o.svc.RevokeToken(ctx, o.A.StaffActor, o.A.StaffActor.User.ID, tok.ID)
			}, "token.revoke", "api_token", false, `"name":"laptop"`},
		}
		for _, st := range steps {
			before := auditCount(t, s)
			id, err := st.do()
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got := auditCount(t, s); got != before+1 {
				t.Errorf("%s: %d audit events, want 1", st.name, got-before)
				continue
			}
			e := lastEvent(t, s)
			if e.Action != st.action || e.Entity != st.entity || e.EntityID != strconv.FormatInt(id, 10) {
				t.Errorf("%s: recorded %s %s %s, want %s %s %d", st.name, e.Action, e.Entity, e.EntityID, st.action, st.entity, id)
			}
			if e.ActorID != st.actor.User.ID || e.ActorName != st.actor.Name() || e.IP != st.actor.IP {
				t.Errorf("%s: actor recorded as %d %q %q", st.name, e.ActorID, e.ActorName, e.IP)
			}
			if st.before != (e.Before != "") {
				t.Errorf("%s: before = %q", st.name, e.Before)
			}
			if !strings.Contains(e.After, st.after) {
				t.Errorf("%s: after = %q, want it to contain %s", st.name, e.After, st.after)
			}
			for _, js := range []string{e.Before, e.After} {
				if js != "" && !json.Valid([]byte(js)) {
					t.Errorf("%s: not JSON: %q", st.name, js)
				}
			}
		}
		// Before and after of an update differ in what changed.
		evs, err := s.ListAuditEvents(ctx, store.AuditFilter{Action: "unit.update", Limit: 1})
		if err != nil || len(evs) != 1 {
			t.Fatal(err)
		}
		if !strings.Contains(evs[0].Before, `"Name":"Seksi Baru"`) || !strings.Contains(evs[0].After, `"Name":"Seksi Lebih Baru"`) {
			t.Errorf("unit.update before %s after %s", evs[0].Before, evs[0].After)
		}

		// No secret ever reaches the log.
		all, err := s.ListAuditEvents(ctx, store.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			for _, secret := range []string{"$argon2id$", password, "a new long password", "yet another password", "knj_"} {
				if strings.Contains(e.Before+e.After, secret) {
					t.Errorf("event %d (%s) contains a secret %q", e.Seq, e.Action, secret)
				}
			}
		}
		if n, err := audit.Verify(ctx, s); err != nil || n != int64(len(all)) {
			t.Errorf("Verify = %d, %v; want %d intact", n, err, len(all))
		}
		// The service's own reader agrees, and filters work.
		got, err := o.svc.ListAuditEvents(ctx, o.pemeriksa, service.AuditQuery{Entity: "employee", EntityID: strconv.FormatInt(emp.ID, 10)})
		if err != nil || len(got) != 2 {
			t.Errorf("events of the new employee: %d, %v; want 2", len(got), err)
		}
		if n, err := o.svc.VerifyAudit(ctx, o.pemeriksa); err != nil || n != int64(len(all)) {
			t.Errorf("VerifyAudit = %d, %v", n, err)
		}
	})
}

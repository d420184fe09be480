package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

func TestEmployeeNIP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)

		// Typed with separators, stored as digits.
		e, err := o.svc.CreateEmployee(ctx, sys, service.EmployeeInput{NIP: "19750505 200001 2 007", Name: "  Siti Rahma  "})
		if err != nil {
			t.Fatal(err)
		}
		if e.NIP != "197505052000012007" || e.Name != "Siti Rahma" || !e.Active {
			t.Errorf("created %+v", e)
		}

		before := auditCount(t, s)
		_, err = o.svc.CreateEmployee(ctx, sys, service.EmployeeInput{NIP: "197505052000012007", Name: "Someone Else"})
		fieldError(t, err, "nip", "org.nip_taken")
		_, err = o.svc.UpdateEmployee(ctx, sys, o.A.Staff.ID, service.EmployeeInput{NIP: "19750505.200001.2.007", Name: o.A.Staff.Name, Active: true})
		fieldError(t, err, "nip", "org.nip_taken")
		// Keeping one's own NIP is fine.
		if _, err := o.svc.UpdateEmployee(ctx, sys, e.ID, service.EmployeeInput{NIP: e.NIP, Name: "Siti Rahmawati", Active: true}); err != nil {
			t.Errorf("update with own NIP: %v", err)
		}

		_, err = o.svc.CreateEmployee(ctx, sys, service.EmployeeInput{NIP: "197505052000013007", Name: "X"})
		fieldError(t, err, "nip", "nip.sex")
		_, err = o.svc.CreateEmployee(ctx, sys, service.EmployeeInput{NIP: "", Name: ""})
		fieldError(t, err, "nip", "err.required")
		fieldError(t, err, "name", "err.required")
		_, err = o.svc.CreateEmployee(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Y", Email: "not an email"})
		fieldError(t, err, "email", "err.email")
		if got := auditCount(t, s); got != before+1 {
			t.Errorf("%d audit events for refused changes", got-before-1)
		}
	})
}

func TestReportsToCycleRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		in := service.PositionInput{UnitID: o.A.Unit.ID, Title: o.A.HeadPos.Title, Kind: domain.PosHead, ReportsToID: o.A.StaffPos.ID}
		_, err := o.svc.UpdatePosition(ctx, sys, o.A.HeadPos.ID, in)
		fieldError(t, err, "reports_to_id", "org.reports_cycle")

		in = service.PositionInput{UnitID: o.A.Section.ID, Title: o.A.StaffPos.Title, Kind: domain.PosPelaksana, ReportsToID: o.A.StaffPos.ID}
		_, err = o.svc.UpdatePosition(ctx, sys, o.A.StaffPos.ID, in)
		fieldError(t, err, "reports_to_id", "org.reports_cycle")

		in.ReportsToID = 999999
		_, err = o.svc.UpdatePosition(ctx, sys, o.A.StaffPos.ID, in)
		fieldError(t, err, "reports_to_id", "err.not_found")

		// Moving the staff post straight under the head is fine.
		in.ReportsToID = o.A.HeadPos.ID
		if _, err := o.svc.UpdatePosition(ctx, sys, o.A.StaffPos.ID, in); err != nil {
			t.Fatal(err)
		}
		c, err := o.svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Supervisors(o.A.Staff.ID); len(got) != 1 || got[0] != o.A.Head.ID {
			t.Errorf("after the move the staff member's supervisors are %v", got)
		}
	})
}

func TestUnitRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		u := o.A.Unit
		in := service.UnitInput{ParentID: o.A.Section.ID, Code: u.Code, Name: u.Name, Kind: u.Kind}
		_, err := o.svc.UpdateUnit(ctx, sys, u.ID, in)
		fieldError(t, err, "parent_id", "org.unit_cycle")

		in.ParentID = u.ID
		_, err = o.svc.UpdateUnit(ctx, sys, u.ID, in)
		fieldError(t, err, "parent_id", "org.unit_cycle")

		// The region under office A's section: a longer loop.
		r := o.region
		_, err = o.svc.UpdateUnit(ctx, sys, r.ID, service.UnitInput{ParentID: o.A.Section.ID, Code: r.Code, Name: r.Name, Kind: r.Kind})
		fieldError(t, err, "parent_id", "org.unit_cycle")

		_, err = o.svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: u.ID, Code: "off-a-umum", Name: "Dup", Kind: domain.UnitSection})
		fieldError(t, err, "code", "org.code_taken")
		_, err = o.svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: 999999, Code: "NEW", Name: "New", Kind: domain.UnitSection})
		fieldError(t, err, "parent_id", "err.not_found")
		_, err = o.svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: u.ID, Code: "NEW", Name: "New", Kind: "department"})
		fieldError(t, err, "kind", "err.choose")
		_, err = o.svc.UpdateUnit(ctx, sys, 999999, in)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("update of an unknown unit: %v", err)
		}

		// A section moves from office A to office B.
		sec := o.A.Section
		moved, err := o.svc.UpdateUnit(ctx, sys, sec.ID, service.UnitInput{ParentID: o.B.Unit.ID, Code: sec.Code, Name: sec.Name, Kind: sec.Kind})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := o.svc.Chart(ctx)
		if moved.ParentID != o.B.Unit.ID || c.Office(sec.ID) != o.B.Unit.ID || c.EmployeeOffice(o.A.Staff.ID) != o.B.Unit.ID {
			t.Errorf("section not moved: parent %d, office %d", moved.ParentID, c.Office(sec.ID))
		}
	})
}

func TestSecondHeadRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		_, err := o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: o.A.Unit.ID, Title: "Kepala Kantor Kedua", Kind: domain.PosHead})
		fieldError(t, err, "kind", "org.head_exists")
		_, err = o.svc.UpdatePosition(ctx, sys, o.A.StaffPos.ID, service.PositionInput{UnitID: o.A.Unit.ID, Title: "x", Kind: domain.PosHead, ReportsToID: 0})
		fieldError(t, err, "kind", "org.head_exists")
		// The head position itself may be saved again, and a head may be made in another unit.
		if _, err := o.svc.UpdatePosition(ctx, sys, o.A.HeadPos.ID, service.PositionInput{UnitID: o.A.Unit.ID, Title: "Kepala KPPN", Kind: domain.PosHead}); err != nil {
			t.Errorf("saving the head position: %v", err)
		}
		if _, err := o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: o.region.ID, Title: "Kepala Kanwil", Kind: domain.PosHead}); err != nil {
			t.Errorf("a head in another unit: %v", err)
		}
		_, err = o.svc.CreatePosition(ctx, sys, service.PositionInput{UnitID: 0, Title: "", Kind: "boss"})
		fieldError(t, err, "title", "err.required")
		fieldError(t, err, "kind", "err.choose")
		fieldError(t, err, "unit_id", "err.required")
	})
}

func history(t *testing.T, o *org, emp int64) []domain.Assignment {
	t.Helper()
	h, err := o.svc.EmployeeHistory(context.Background(), sys, emp)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestTransferEndsThePreviousAssignment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		staff := o.A.Staff.ID
		asg, err := o.svc.Assign(ctx, sys, service.AssignInput{EmployeeID: staff, PositionID: o.B.StaffPos.ID, StartDate: day(2026, 12, 1), Note: "mutasi"})
		if err != nil {
			t.Fatal(err)
		}
		h := history(t, o, staff)
		if len(h) != 2 {
			t.Fatalf("history has %d assignments, want 2: %+v", len(h), h)
		}
		if h[0].PositionID != o.A.StaffPos.ID || !domain.Day(h[0].EndDate).Equal(day(2026, 11, 30)) {
			t.Errorf("previous assignment %+v should end on 30 November", h[0])
		}
		if h[1].ID != asg.ID || h[1].PositionID != o.B.StaffPos.ID || !h[1].EndDate.IsZero() || h[1].Note != "mutasi" {
			t.Errorf("new assignment %+v", h[1])
		}
		// Today (27 November) the staff member is still in office A; on 1 December in office B.
		c, _ := o.svc.Chart(ctx)
		if c.EmployeeOffice(staff) != o.A.Unit.ID {
			t.Errorf("today the staff member is in office %d", c.EmployeeOffice(staff))
		}
		c, err = o.svc.ChartOn(ctx, day(2026, 12, 1))
		if err != nil {
			t.Fatal(err)
		}
		if c.EmployeeOffice(staff) != o.B.Unit.ID || len(c.HeldBy(staff)) != 1 {
			t.Errorf("on 1 December the staff member holds %+v", c.HeldBy(staff))
		}

		// A definitive assignment starting on or before the open one is refused.
		_, err = o.svc.Assign(ctx, sys, service.AssignInput{EmployeeID: staff, PositionID: o.A.StaffPos.ID, StartDate: day(2026, 12, 1)})
		fieldError(t, err, "start_date", "org.assign_overlap")
		if got := len(history(t, o, staff)); got != 2 {
			t.Errorf("a refused assignment changed the history: %d entries", got)
		}
	})
}

func TestActingAssignment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		staff := o.A.Staff.ID
		in := service.AssignInput{EmployeeID: staff, PositionID: o.A.SecHeadPos.ID, StartDate: day(2026, 11, 20), Acting: domain.ActingPlt}
		_, err := o.svc.Assign(ctx, sys, in)
		fieldError(t, err, "end_date", "org.acting_needs_end")

		in.EndDate = day(2026, 11, 1)
		_, err = o.svc.Assign(ctx, sys, in)
		fieldError(t, err, "end_date", "err.end_before_start")

		in.Acting = "acting"
		_, err = o.svc.Assign(ctx, sys, in)
		fieldError(t, err, "acting", "err.choose")

		_, err = o.svc.Assign(ctx, sys, service.AssignInput{EmployeeID: 999999, PositionID: 999999})
		fieldError(t, err, "employee_id", "err.required")
		fieldError(t, err, "position_id", "err.required")
		fieldError(t, err, "start_date", "err.required")

		in.Acting, in.EndDate = domain.ActingPlh, day(2026, 12, 31)
		if _, err := o.svc.Assign(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
		h := history(t, o, staff)
		if len(h) != 2 || !h[0].EndDate.IsZero() {
			t.Fatalf("an acting appointment must leave the substantive one open: %+v", h)
		}
		c, _ := o.svc.Chart(ctx)
		if p, _ := c.Primary(staff); p.ID != o.A.StaffPos.ID {
			t.Errorf("primary position %d, want the substantive one", p.ID)
		}
		// The Plh now supervises the pengelola beside the section head, but not themself.
		if got := c.Supervisors(o.A.Pengelola.ID); len(got) != 2 {
			t.Errorf("pengelola's supervisors = %v, want the section head and the Plh", got)
		}
		if got := c.Supervisors(staff); len(got) != 1 || got[0] != o.A.SecHead.ID {
			t.Errorf("the Plh's own supervisors = %v, want only the section head", got)
		}
	})
}

func TestEndAssignment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		staff := o.A.Staff.ID
		h := history(t, o, staff)
		err := o.svc.EndAssignment(ctx, sys, staff, h[0].ID, day(2024, 1, 1))
		fieldError(t, err, "end_date", "err.end_before_start")
		if err := o.svc.EndAssignment(ctx, sys, staff, 999999, day(2026, 11, 30)); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("ending an unknown assignment: %v", err)
		}
		// An assignment of someone else cannot be ended through this employee.
		other := history(t, o, o.A.Head.ID)[0]
		if err := o.svc.EndAssignment(ctx, sys, staff, other.ID, day(2026, 11, 30)); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("ending another employee's assignment: %v", err)
		}
		if err := o.svc.EndAssignment(ctx, sys, staff, h[0].ID, day(2026, 11, 26)); err != nil {
			t.Fatal(err)
		}
		c, _ := o.svc.Chart(ctx)
		if _, placed := c.Primary(staff); placed {
			t.Error("the staff member still holds a position after the assignment ended")
		}
	})
}

// failAssignments makes every insert into assignments fail, as a database
// error in the middle of a transaction would.
func failAssignments(t *testing.T, s *store.Store) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER fail_assignment BEFORE INSERT ON assignments BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
	if s.Engine() == store.Postgres {
		stmts = []string{
			`CREATE FUNCTION fail_assignment() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER fail_assignment BEFORE INSERT ON assignments FOR EACH ROW EXECUTE FUNCTION fail_assignment()`,
		}
	}
	for _, q := range stmts {
		if _, err := s.DB().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCreateEmployeeInIsAtomic(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		nip := nextNIP()
		noEmployee := func(when string) {
			t.Helper()
			if _, err := s.GetEmployeeByNIP(ctx, nip); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s: employee left behind (%v)", when, err)
			}
		}
		events := auditCount(t, s)
		version, _ := s.Counter(ctx, "org_version")

		_, err := o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nip, Name: "Baru"}, 999999, day(2026, 11, 27))
		fieldError(t, err, "position_id", "err.not_found")
		noEmployee("unknown position")

		_, err = o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: "123", Name: "Baru"}, o.A.StaffPos.ID, day(2026, 11, 27))
		fieldError(t, err, "nip", "nip.length")

		failAssignments(t, s)
		if _, err := o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nip, Name: "Baru"}, o.A.StaffPos.ID, day(2026, 11, 27)); err == nil {
			t.Fatal("the placement failed but CreateEmployeeIn succeeded")
		}
		noEmployee("failed placement")
		if got := auditCount(t, s); got != events {
			t.Errorf("%d audit events recorded for a rolled-back change", got-events)
		}
		if got, _ := s.Counter(ctx, "org_version"); got != version {
			t.Errorf("org version moved from %d to %d for a rolled-back change", version, got)
		}
		// Without a position, the employee is created unplaced.
		e, err := o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nip, Name: "Baru"}, 0, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if h := history(t, o, e.ID); len(h) != 0 {
			t.Errorf("unplaced employee has history %+v", h)
		}
	})
}

// The chart is cached per process; a change made through another Service
// (another server process) must reach it.
func TestChartFollowsChangesFromOtherProcesses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		other, _ := newService(s)
		c1, err := other.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c2, _ := other.Chart(ctx); c2 != c1 {
			t.Error("the chart is not cached between calls")
		}
		u, err := o.svc.CreateUnit(ctx, sys, service.UnitInput{ParentID: o.A.Unit.ID, Code: "NEW", Name: "Seksi Baru", Kind: domain.UnitSection})
		if err != nil {
			t.Fatal(err)
		}
		c3, err := other.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c3.Units[u.ID] == nil {
			t.Error("the other process still serves the old chart")
		}
	})
}

func TestSearchEmployees(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		staff := o.A.Staff
		for _, q := range []string{"staf a", "STAF A", " Staf A ", staff.NIP, domain.FormatNIP(staff.NIP), staff.NIP[8:14] + "." + staff.NIP[14:15] + " " + staff.NIP[15:], staff.NIP[8:]} {
			got, err := o.svc.SearchEmployees(ctx, o.A.StaffActor, q, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != staff.ID {
				t.Errorf("search %q found %d employees, want only %s", q, len(got), staff.Name)
			}
			if n, err := o.svc.CountEmployees(ctx, o.A.StaffActor, q); err != nil || n != 1 {
				t.Errorf("count %q: %d, %v; want 1", q, n, err)
			}
		}
		all, _ := o.svc.SearchEmployees(ctx, o.A.StaffActor, "", 0, 0)
		page, _ := o.svc.SearchEmployees(ctx, o.A.StaffActor, "", 3, 2)
		if len(all) != 8 || len(page) != 3 || page[0].ID != all[2].ID {
			t.Errorf("paging: %d in all, page of %d starting at %v", len(all), len(page), page)
		}
		// The count covers every page, not the one asked for.
		if n, err := o.svc.CountEmployees(ctx, o.A.StaffActor, ""); err != nil || n != len(all) {
			t.Errorf("count of all: %d, %v; want %d", n, err, len(all))
		}
		if n, err := o.svc.CountEmployees(ctx, o.A.StaffActor, "no such name"); err != nil || n != 0 {
			t.Errorf("count of none: %d, %v", n, err)
		}
		if _, err := o.svc.CountEmployees(ctx, authz.Actor{}, ""); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("count without an account: %v, want forbidden", err)
		}
	})
}

package authz_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// The organisation: a region (1) with offices A (2) and B (5).
//
//	A: position 10 head ← 100; section 3: 11 head ← 101, 12 staff ← 102, 13 staff ← 103 (pengelola)
//	   section 4: 14 head (vacant; 103 is Plt), 15 staff ← 104
//	B: position 20 head ← 200; section 6: 21 staff ← 201
//	region: 30 kanwil head ← 300 (301, staff 31, is Plt beside them)
var day = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

func chart() *domain.Chart { return chartAt(day) }

// chartAt builds the organisation as it stands on d.
func chartAt(d time.Time) *domain.Chart {
	units := []domain.Unit{
		{ID: 1, Kind: domain.UnitRegion},
		{ID: 2, ParentID: 1, Kind: domain.UnitOffice},
		{ID: 3, ParentID: 2, Kind: domain.UnitSection},
		{ID: 4, ParentID: 2, Kind: domain.UnitSection},
		{ID: 5, ParentID: 1, Kind: domain.UnitOffice},
		{ID: 6, ParentID: 5, Kind: domain.UnitSection},
	}
	positions := []domain.Position{
		{ID: 30, UnitID: 1, Kind: domain.PosHead},
		{ID: 10, UnitID: 2, Kind: domain.PosHead, ReportsToID: 30},
		{ID: 11, UnitID: 3, Kind: domain.PosPengawas, ReportsToID: 10},
		{ID: 12, UnitID: 3, Kind: domain.PosPelaksana, ReportsToID: 11},
		{ID: 13, UnitID: 3, Kind: domain.PosPelaksana, ReportsToID: 11},
		{ID: 14, UnitID: 4, Kind: domain.PosPengawas, ReportsToID: 10},
		{ID: 15, UnitID: 4, Kind: domain.PosPelaksana, ReportsToID: 14},
		{ID: 20, UnitID: 5, Kind: domain.PosHead, ReportsToID: 30},
		{ID: 21, UnitID: 6, Kind: domain.PosPelaksana, ReportsToID: 20},
		{ID: 31, UnitID: 1, Kind: domain.PosPelaksana, ReportsToID: 30},
	}
	var emps []domain.Employee
	var asg []domain.Assignment
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for emp, pos := range map[int64]int64{100: 10, 101: 11, 102: 12, 103: 13, 104: 15, 200: 20, 201: 21, 300: 30, 301: 31} {
		emps = append(emps, domain.Employee{ID: emp, Active: true})
		asg = append(asg, domain.Assignment{ID: emp, EmployeeID: emp, PositionID: pos, StartDate: since})
	}
	emps = append(emps, domain.Employee{ID: 999, Active: true}) // unplaced
	asg = append(asg, domain.Assignment{ID: 1, EmployeeID: 103, PositionID: 14, StartDate: day.AddDate(0, 0, -5), EndDate: day.AddDate(0, 0, 5), Acting: domain.ActingPlt})
	asg = append(asg, domain.Assignment{ID: 400, EmployeeID: 301, PositionID: 30, StartDate: day.AddDate(0, 0, -5), EndDate: day.AddDate(0, 0, 5), Acting: domain.ActingPlt})
	slices.SortFunc(asg, func(a, b domain.Assignment) int { return int(a.ID - b.ID) })
	return domain.NewChart(d, units, positions, emps, asg)
}

func actor(role domain.Role, emp int64) authz.Actor {
	return authz.Actor{User: domain.User{ID: emp + 1000, Username: "u", Role: role, EmployeeID: emp, Active: true}}
}

func TestRolePermissions(t *testing.T) {
	want := map[domain.Role][]authz.Permission{
		domain.RoleAdmin:     {authz.OrgRead, authz.OrgManage, authz.UserManage, authz.YearManage, authz.AuditRead, authz.OfficeRead, authz.StrategyManage, authz.ScoreRead},
		domain.RolePengelola: {authz.OrgRead, authz.OrgManage, authz.YearManage, authz.AuditRead, authz.OfficeRead, authz.StrategyManage, authz.PlanApprovePK, authz.K3Review, authz.RealisationCheck, authz.QuarterClose, authz.CorrectionDecide, authz.ScoreRead, authz.ReportReviewHead},
		domain.RolePemeriksa: {authz.OrgRead, authz.AuditRead, authz.OfficeRead},
		domain.RoleEmployee:  {authz.OrgRead},
	}
	all := []authz.Permission{authz.OrgRead, authz.OrgManage, authz.UserManage, authz.YearManage, authz.AuditRead, authz.OfficeRead,
		authz.StrategyManage, authz.PlanApprovePK, authz.K3Review, authz.RealisationCheck, authz.QuarterClose, authz.CorrectionDecide,
		authz.ScoreRead, authz.ReportReviewHead}
	for role, perms := range want {
		a := actor(role, 0)
		for _, p := range all {
			if got := authz.Can(a, p); got != slices.Contains(perms, p) {
				t.Errorf("%s %s = %v", role, p, got)
			}
		}
		a.User.Active = false
		for _, p := range all {
			if authz.Can(a, p) {
				t.Errorf("a disabled %s may %s", role, p)
			}
		}
	}
	if authz.Can(actor("root", 0), authz.OrgRead) {
		t.Error("an unknown role has a permission")
	}
	if len(authz.Grants()) != len(domain.Roles) {
		t.Errorf("grants cover %d roles, want %d", len(authz.Grants()), len(domain.Roles))
	}
	if !authz.ReadOnly(actor(domain.RolePemeriksa, 0)) || authz.ReadOnly(actor(domain.RoleAdmin, 0)) {
		t.Error("ReadOnly: only the pemeriksa is read-only")
	}
}

func TestScope(t *testing.T) {
	c := chart()
	tests := []struct {
		name  string
		a     authz.Actor
		scope int64
		in    []int64 // units in scope
		out   []int64 // units out of scope
	}{
		{"pengelola in a section", actor(domain.RolePengelola, 103), 2, []int64{2, 3, 4}, []int64{1, 5, 6}},
		{"staff of office B", actor(domain.RoleEmployee, 201), 5, []int64{5, 6}, []int64{1, 2, 3}},
		{"kanwil head", actor(domain.RoleEmployee, 300), 1, []int64{1, 2, 3, 5, 6}, nil},
		{"unlinked admin", actor(domain.RoleAdmin, 0), 0, []int64{1, 2, 6}, nil},
		{"unplaced employee", actor(domain.RolePengelola, 999), 0, []int64{1, 6}, nil},
	}
	for _, tc := range tests {
		if got := authz.ScopeUnit(tc.a, c); got != tc.scope {
			t.Errorf("%s: scope %d, want %d", tc.name, got, tc.scope)
		}
		for _, u := range tc.in {
			if !authz.InScope(tc.a, c, u) {
				t.Errorf("%s: unit %d out of scope", tc.name, u)
			}
		}
		for _, u := range tc.out {
			if authz.InScope(tc.a, c, u) {
				t.Errorf("%s: unit %d in scope", tc.name, u)
			}
		}
	}
	if !authz.CanInScope(actor(domain.RolePengelola, 103), c, authz.OrgManage, 4) ||
		authz.CanInScope(actor(domain.RolePengelola, 103), c, authz.OrgManage, 6) ||
		authz.CanInScope(actor(domain.RoleEmployee, 103), c, authz.OrgManage, 4) {
		t.Error("CanInScope")
	}
}

func TestWhoSeesWhat(t *testing.T) {
	c := chart()
	type who struct {
		name string
		a    authz.Actor
	}
	var (
		self       = who{"the employee", actor(domain.RoleEmployee, 104)}
		actingHead = who{"the Plt section head", actor(domain.RolePengelola, 103)}
		otherHead  = who{"the head of the other section", actor(domain.RoleEmployee, 101)}
		officeHead = who{"the office head", actor(domain.RoleEmployee, 100)}
		kanwil     = who{"the kanwil head", actor(domain.RoleEmployee, 300)}
		colleague  = who{"a colleague", actor(domain.RoleEmployee, 102)}
		pengA      = who{"a pengelola of the office", actor(domain.RolePengelola, 102)}
		pengB      = who{"a pengelola of office B", actor(domain.RolePengelola, 201)}
		pemeriksa  = who{"the pemeriksa", actor(domain.RolePemeriksa, 0)}
		admin      = who{"the admin", actor(domain.RoleAdmin, 0)}
	)
	disabled := officeHead
	disabled.name, disabled.a.User.Active = "the office head, disabled", false
	const emp = 104 // staff of section 4, whose head post has a Plt
	tests := []struct {
		who         who
		work, score bool
		supervises  bool
	}{
		{self, true, true, false},
		{actingHead, true, true, true},
		{otherHead, false, false, false}, // though their own staffer (103) acts above emp
		{officeHead, true, true, false},
		{kanwil, true, true, false},
		{colleague, false, false, false},
		{pengA, true, true, false},
		{pengB, false, false, false},
		{pemeriksa, true, false, false}, // reads the work, not the confidential score
		{admin, true, true, false},
		{disabled, false, false, false},
	}
	for _, tc := range tests {
		if got := authz.CanSeeEmployeeWork(tc.who.a, c, emp); got != tc.work {
			t.Errorf("%s sees the work: %v, want %v", tc.who.name, got, tc.work)
		}
		if got := authz.CanSeeScore(tc.who.a, c, emp); got != tc.score {
			t.Errorf("%s sees the score: %v, want %v", tc.who.name, got, tc.score)
		}
		if got := authz.IsSupervisorOf(tc.who.a, c, emp); got != tc.supervises {
			t.Errorf("%s supervises: %v, want %v", tc.who.name, got, tc.supervises)
		}
	}
	if !authz.IsHeadOver(officeHead.a, c, emp) || authz.IsHeadOver(kanwil.a, c, emp) || authz.IsHeadOver(admin.a, c, emp) {
		t.Error("IsHeadOver: only the head of the employee's office")
	}
	// A pemeriksa who is also an employee supervises nobody: the role is read-only.
	if authz.IsSupervisorOf(actor(domain.RolePemeriksa, 101), c, 102) {
		t.Error("a read-only account acts as a supervisor")
	}
	// An unplaced employee's work is open to roles that read offices, whatever their scope.
	if !authz.CanSeeEmployeeWork(pengB.a, c, 999) || authz.CanSeeEmployeeWork(colleague.a, c, 999) {
		t.Error("work of an unplaced employee")
	}
	if got := actor(domain.RoleEmployee, 0).Name(); got != "u" {
		t.Errorf("Name of an account without an employee = %q", got)
	}
	named := actor(domain.RoleEmployee, 104)
	named.Employee.Name = "Budi"
	if got := named.Name(); got != "u (Budi)" {
		t.Errorf("Name = %q", got)
	}
}

// Who may move whom (SPEC §13): the org manager of the office for posts
// within it; across offices only an account whose scope covers both.
func TestWhoMovesWhom(t *testing.T) {
	c := chart()
	pengA, pengB := actor(domain.RolePengelola, 103), actor(domain.RolePengelola, 201)
	tests := []struct {
		name string
		a    authz.Actor
		emp  int64
		to   []int64
		want bool
	}{
		{"pengelola A within A", pengA, 102, []int64{4}, true},
		{"pengelola A pulls from B", pengA, 201, []int64{3}, false},
		{"pengelola A pushes into B", pengA, 102, []int64{6}, false},
		{"pengelola B pulls from A", pengB, 102, []int64{6}, false},
		{"pengelola B pulls A's Plt", pengB, 103, []int64{6}, false},
		{"pengelola A places someone unplaced", pengA, 999, []int64{3}, true},
		{"pengelola A keeps B's employee where they are", pengA, 201, nil, false},
		{"pengelola A keeps A's employee where they are", pengA, 104, nil, true},
		{"kanwil pengelola between offices", actor(domain.RolePengelola, 300), 201, []int64{3}, true},
		{"organisation admin between offices", actor(domain.RoleAdmin, 0), 201, []int64{3}, true},
		{"office A's admin pulls from B", actor(domain.RoleAdmin, 101), 201, []int64{3}, false},
		{"office A's admin within A", actor(domain.RoleAdmin, 101), 104, []int64{3}, true},
		{"employee within A", actor(domain.RoleEmployee, 102), 104, []int64{3}, false},
		{"pemeriksa", actor(domain.RolePemeriksa, 0), 104, []int64{3}, false},
	}
	for _, tc := range tests {
		if got := authz.CanMoveEmployee(tc.a, c, tc.emp, tc.to...); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

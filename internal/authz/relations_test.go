package authz_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// chartOn is the organisation days after the fixture's day: 103's Plt
// assignment over position 14 holds from day−5 to day+5.
func chartOn(days int) *domain.Chart { return chartAt(day.AddDate(0, 0, days)) }

func TestPlanRelations(t *testing.T) {
	skp102 := domain.Plan{ID: 1, Kind: domain.PlanSKP, EmployeeID: 102, OfficeID: 2}
	skp104 := domain.Plan{ID: 2, Kind: domain.PlanSKP, EmployeeID: 104, OfficeID: 2}
	skp101 := domain.Plan{ID: 3, Kind: domain.PlanSKP, EmployeeID: 101, OfficeID: 2}
	pk100 := domain.Plan{ID: 4, Kind: domain.PlanPK, EmployeeID: 100, OfficeID: 2}
	pk300 := domain.Plan{ID: 5, Kind: domain.PlanPK, EmployeeID: 300, OfficeID: 1}
	emp := func(id int64) authz.Actor { return actor(domain.RoleEmployee, id) }
	pengelola := actor(domain.RolePengelola, 103)
	pengelolaB := actor(domain.RolePengelola, 201)
	auditor := actor(domain.RolePemeriksa, 0)
	disabled := emp(101)
	disabled.User.Active = false

	type rel func(authz.Actor, *domain.Chart, domain.Plan) bool
	approve, validate, verify := rel(authz.CanApprovePlan), rel(authz.CanValidateSheet), rel(authz.CanVerifySheet)
	review, discuss, edit := rel(authz.CanReviewReport), rel(authz.CanDiscussLine), rel(authz.CanEditPlan)
	decideK3 := rel(authz.CanDecideK3)
	own := func(a authz.Actor, _ *domain.Chart, p domain.Plan) bool { return authz.CanWriteOwn(a, p) }
	cases := []struct {
		name string
		rule rel
		who  authz.Actor
		plan domain.Plan
		days int // the chart's day, relative to the fixture's day
		want bool
	}{
		{"supervisor approves the SKP", approve, emp(101), skp102, 0, true},
		{"the head above does not approve a staff SKP", approve, emp(100), skp102, 0, false},
		{"nobody approves their own SKP", approve, emp(102), skp102, 0, false},
		{"a peer does not approve", approve, pengelola, skp102, 0, false},
		{"disabled supervisor", approve, disabled, skp102, 0, false},
		{"auditor never approves", approve, auditor, skp102, 0, false},
		{"Plt approves while acting", approve, pengelola, skp104, 0, true},
		{"Plt no longer after the assignment ends", approve, pengelola, skp104, 10, false},
		{"vacant post: the next one up approves", approve, emp(100), skp104, 10, true},
		{"Plt before the assignment starts", approve, pengelola, skp104, -10, false},
		{"the Kanwil head approves the PK below", approve, emp(300), pk100, 0, true},
		{"the Kanwil head's Plt approves it", approve, emp(301), pk100, 0, true},
		{"the Plt no longer after the assignment ends", approve, emp(301), pk100, 10, false},
		{"below an installed head the pengelola does not", approve, pengelola, pk100, 0, false},
		{"another office's head does not", approve, emp(200), pk100, 0, false},
		{"top of the tree: the pengelola records the approval", approve, actor(domain.RolePengelola, 0), pk300, 0, true},
		{"top of the tree: a KPPN pengelola does not", approve, pengelola, pk300, 0, false},
		{"another office's pengelola does not", approve, pengelolaB, pk100, 0, false},
		{"the head does not approve their PK", approve, emp(100), pk100, 0, false},
		{"supervisor validates", validate, emp(101), skp102, 0, true},
		{"owner does not validate", validate, emp(102), skp102, 0, false},
		{"Plt validates while acting", validate, pengelola, skp104, 0, true},
		{"Plt does not after", validate, pengelola, skp104, 10, false},
		{"pengelola validates the head's PK sheet", validate, pengelola, pk100, 0, true},
		{"head does not validate own PK sheet", validate, emp(100), pk100, 0, false},
		{"pengelola verifies", verify, pengelola, skp102, 0, true},
		{"supervisor does not verify", verify, emp(101), skp102, 0, false},
		{"another office's pengelola does not verify", verify, pengelolaB, skp102, 0, false},
		{"head reviews an official's report", review, emp(100), skp101, 0, true},
		{"official does not review own report", review, emp(101), skp101, 0, false},
		{"pengelola reviews the head's report", review, pengelola, pk100, 0, true},
		{"the head does not review own", review, emp(100), pk100, 0, false},
		{"owner discusses", discuss, emp(102), skp102, 0, true},
		{"supervisor discusses", discuss, emp(101), skp102, 0, true},
		{"head discusses", discuss, emp(100), skp102, 0, true},
		{"reviewer role discusses", discuss, pengelola, skp102, 0, true},
		{"another section does not discuss", discuss, emp(104), skp102, 0, false},
		{"auditor reads but does not discuss", discuss, auditor, skp102, 0, false},
		{"the pengelola decides K3", decideK3, pengelola, skp102, 0, true},
		{"a pengelola of another office does not decide K3", decideK3, pengelolaB, skp102, 0, false},
		{"the head discusses but does not decide K3", decideK3, emp(100), skp102, 0, false},
		{"the owner does not decide their K3", decideK3, emp(102), skp102, 0, false},
		{"auditor does not decide K3", decideK3, auditor, skp102, 0, false},
		{"owner edits the SKP", edit, emp(102), skp102, 0, true},
		{"supervisor does not edit the SKP", edit, emp(101), skp102, 0, false},
		{"strategy manager edits the PK", edit, pengelola, pk100, 0, true},
		{"owner writes own sheet", own, emp(102), skp102, 0, true},
		{"supervisor does not write the sheet", own, emp(101), skp102, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rule(tc.who, chartOn(tc.days), tc.plan); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOfficeRelations(t *testing.T) {
	emp := func(id int64) authz.Actor { return actor(domain.RoleEmployee, id) }
	c := chart()
	cases := []struct {
		name   string
		who    authz.Actor
		office int64
		manage bool
		read   bool
		whole  bool
		roll   bool
	}{
		{"head of the office", emp(100), 2, true, true, true, false},
		{"staff of the office", emp(102), 2, false, true, false, false},
		{"staff of another office", emp(201), 2, false, false, false, false},
		{"pengelola in scope", actor(domain.RolePengelola, 103), 2, true, true, true, true},
		{"pengelola out of scope", actor(domain.RolePengelola, 201), 2, false, false, false, false},
		{"auditor", actor(domain.RolePemeriksa, 0), 2, false, true, false, false},
		{"regional admin reads the office below", actor(domain.RoleAdmin, 300), 2, false, true, false, false},
		{"regional admin, head of the Kanwil, manages its map", actor(domain.RoleAdmin, 300), 1, true, true, true, true},
		{"the Kanwil head reads the office below", emp(300), 2, false, true, false, false},
		{"the Kanwil head heads the Kanwil", emp(300), 1, true, true, true, false},
		{"a KPPN head does not read the Kanwil", emp(100), 1, false, false, false, false},
		{"a KPPN head does not read a sibling", emp(100), 5, false, false, false, false},
		{"an unplaced admin rolls any office over", actor(domain.RoleAdmin, 0), 2, true, true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := authz.CanManageStrategy(tc.who, c, tc.office); got != tc.manage {
				t.Errorf("manage strategy = %v", got)
			}
			if got := authz.CanReadOffice(tc.who, c, tc.office); got != tc.read {
				t.Errorf("read office = %v", got)
			}
			if got := authz.ReviewsWholeOffice(tc.who, c, tc.office); got != tc.whole {
				t.Errorf("reviews whole office = %v", got)
			}
			if got := authz.CanRollOver(tc.who, c, tc.office); got != tc.roll {
				t.Errorf("roll over = %v", got)
			}
		})
	}
}

// Rules on a plan are asked with the chart of its period's day: a plan that
// ended keeps the supervisor of its last day, one that begins later gets the
// supervisor of its first (SPEC §13).
func TestPlanDayDecidesWhoActs(t *testing.T) {
	pengelola := actor(domain.RolePengelola, 103) // Plt of 104's supervisor post from day−5 to day+5
	head := actor(domain.RoleEmployee, 100)
	ended := domain.Plan{ID: 2, Kind: domain.PlanSKP, EmployeeID: 104, OfficeID: 2, PeriodStart: day.AddDate(0, 0, -30), PeriodEnd: day.AddDate(0, 0, 2)}
	later := ended
	later.PeriodStart, later.PeriodEnd = day.AddDate(0, 0, 7), day.AddDate(0, 0, 60)
	for _, c := range []struct {
		name  string
		who   authz.Actor
		plan  domain.Plan
		today int
		want  bool
	}{
		{"the Plt keeps the plan that ended while acting", pengelola, ended, 20, true},
		{"the next one up does not take that plan", head, ended, 20, false},
		{"the Plt has no right on a plan of later dates", pengelola, later, 0, false},
		{"the next one up approves a plan of later dates", head, later, 0, true},
		{"a running plan follows today", pengelola, domain.Plan{ID: 3, Kind: domain.PlanSKP, EmployeeID: 104, OfficeID: 2}, 10, false},
	} {
		d := authz.PlanDay(c.plan, day.AddDate(0, 0, c.today))
		if got := authz.CanApprovePlan(c.who, chartAt(d), c.plan); got != c.want {
			t.Errorf("%s: %v on %s, want %v", c.name, got, d.Format("2006-01-02"), c.want)
		}
	}
}

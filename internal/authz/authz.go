// Package authz decides who may do what. Role permissions live in one table
// below; rights that come from the org chart (the supervisor chain, the head
// of an office, one's own data) are the relation checks further down. The
// services call these before every read of protected data and every change.
package authz

import (
	"github.com/kinerja/kinerja/internal/domain"
)

// Permission names something a role may do.
type Permission string

// Permissions granted by role. Rights over one's own data and over
// subordinates come from the org chart and are not listed here.
const (
	OrgRead          Permission = "org.read"           // browse units, positions, employees
	OrgManage        Permission = "org.manage"         // edit the org chart, import it
	UserManage       Permission = "user.manage"        // accounts, roles, API tokens of others
	YearManage       Permission = "year.manage"        // open years, set deadlines
	AuditRead        Permission = "audit.read"         // read the audit log
	OfficeRead       Permission = "office.read"        // read every plan, sheet and report in scope
	StrategyManage   Permission = "strategy.manage"    // edit strategy maps and PKs of offices in scope
	PlanApprovePK    Permission = "plan.approve_pk"    // approve a PK on behalf of the office above
	K3Review         Permission = "k3.review"          // review indicator quality
	RealisationCheck Permission = "realisation.verify" // verify evidence
	QuarterClose     Permission = "quarter.close"      // close a quarter, send reminders
	CorrectionDecide Permission = "correction.decide"  // approve corrections of locked figures
	ScoreRead        Permission = "score.read"         // read confidential NKP of everyone in scope
	ReportReviewHead Permission = "report.review_head" // review the head's own IIAA report
	ScoreAdjust      Permission = "score.adjust"       // record discipline penalties and corrections of NKP
	RuleSetRead      Permission = "ruleset.read"       // view the rule sets and their differences
	RuleSetManage    Permission = "ruleset.manage"     // install a rule set
)

// grants is the permission table: role → permissions.
var grants = map[domain.Role][]Permission{
	domain.RoleAdmin: {OrgRead, OrgManage, UserManage, YearManage, AuditRead, OfficeRead, StrategyManage, ScoreRead,
		RuleSetRead, RuleSetManage},
	domain.RolePengelola: {OrgRead, OrgManage, YearManage, AuditRead, OfficeRead, StrategyManage, PlanApprovePK,
		K3Review, RealisationCheck, QuarterClose, CorrectionDecide, ScoreRead, ReportReviewHead, ScoreAdjust, RuleSetRead},
	domain.RolePemeriksa: {OrgRead, AuditRead, OfficeRead},
	domain.RoleEmployee:  {OrgRead},
}

var table = func() map[domain.Role]map[Permission]bool {
	t := map[domain.Role]map[Permission]bool{}
	for r, ps := range grants {
		t[r] = map[Permission]bool{}
		for _, p := range ps {
			t[r][p] = true
		}
	}
	return t
}()

// Grants returns the permission table, for documentation pages and tests.
func Grants() map[domain.Role][]Permission { return grants }

// Actor is the signed-in person on whose behalf a service acts.
type Actor struct {
	User     domain.User
	Employee domain.Employee // zero when the account is not linked to an employee
	IP       string
	// Service is set for a service account (User is its login account):
	// its rights come from its scopes, within its office only.
	Service *domain.ServiceAccount
	// OnBehalfOf names the owner of the data a service account writes.
	OnBehalfOf string
}

// ForOwner returns the actor writing an owner's data: a service account
// acts on the owner's behalf, and says so in the audit log.
func ForOwner(a Actor, owner string) Actor {
	if a.Service != nil {
		a.OnBehalfOf = owner
	}
	return a
}

// Name is how the actor appears in the audit log.
func (a Actor) Name() string {
	if a.Service != nil {
		if a.OnBehalfOf != "" {
			return a.Service.Name + " (service account) on behalf of " + a.OnBehalfOf
		}
		return a.Service.Name + " (service account)"
	}
	if a.Employee.Name != "" {
		return a.User.Username + " (" + a.Employee.Name + ")"
	}
	return a.User.Username
}

// EmployeeID returns the actor's employee ID (0 when not an employee).
func (a Actor) EmployeeID() int64 { return a.User.EmployeeID }

// scopeGrants is what each scope of a service account grants, within its
// office. No scope grants ScoreRead: NKP stays confidential. Writing
// realisation needs reading the sheets written, so it grants reading too.
var scopeGrants = map[string][]Permission{
	domain.ScopeRead:             {OrgRead, OfficeRead},
	domain.ScopeWriteRealisation: {OrgRead, OfficeRead},
	domain.ScopeWriteOrg:         {OrgRead, OrgManage},
}

// Can reports whether the actor's role (for a service account: its scopes) grants p.
func Can(a Actor, p Permission) bool {
	if !a.User.Active {
		return false
	}
	if a.Service != nil {
		for _, sc := range a.Service.Scopes {
			for _, g := range scopeGrants[sc] {
				if g == p {
					return true
				}
			}
		}
		return false
	}
	return table[a.User.Role][p]
}

// WritesRealisationFor reports whether the actor is a service account that
// saves values, raw data and evidence on the sheets of an office on their
// owners' behalf. It never submits, validates, verifies or approves.
func WritesRealisationFor(a Actor, officeID int64) bool {
	return a.Service != nil && a.User.Active && a.Service.Has(domain.ScopeWriteRealisation) && a.Service.OfficeID == officeID
}

// ReadOnly reports whether the actor may never change anything.
func ReadOnly(a Actor) bool { return a.User.Role == domain.RolePemeriksa }

// ScopeUnit returns the root of the unit tree an administrative role covers:
// the office (or region) of the actor's own position (a service account's
// office), or 0 for everything when the account is not linked to a placed
// employee.
func ScopeUnit(a Actor, c *domain.Chart) int64 {
	if a.Service != nil {
		return a.Service.OfficeID
	}
	p, ok := c.Primary(a.EmployeeID())
	if !ok {
		return 0
	}
	for id, seen := p.UnitID, 0; id != 0 && seen <= len(c.Units); seen++ {
		u := c.Units[id]
		if u == nil {
			break
		}
		if u.Kind.UPK() {
			return u.ID
		}
		id = u.ParentID
	}
	return 0
}

// InScope reports whether a unit lies in the actor's administrative scope.
func InScope(a Actor, c *domain.Chart, unitID int64) bool {
	root := ScopeUnit(a, c)
	return root == 0 || c.InUnitTree(root, unitID)
}

// ownOffice lists the permissions that act on an office's performance work.
// An upper office's accounts hold them for their own office only: the
// offices below it they read (OfficeRead) and organise (OrgManage), but
// their maps, plans, sheets and quarters are the lower office's own.
var ownOffice = map[Permission]bool{StrategyManage: true, PlanApprovePK: true, K3Review: true, RealisationCheck: true,
	QuarterClose: true, CorrectionDecide: true, ReportReviewHead: true, ScoreAdjust: true}

// CanInScope reports whether the actor holds p and the unit is in scope.
func CanInScope(a Actor, c *domain.Chart, p Permission, unitID int64) bool {
	if !Can(a, p) {
		return false
	}
	if root := ScopeUnit(a, c); root != 0 && ownOffice[p] {
		return c.Office(unitID) == root
	}
	return InScope(a, c, unitID)
}

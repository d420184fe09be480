package authz

import (
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// The relation rules: rights that come from the org chart rather than the
// role table. Every one takes the chart of the day the question is about
// (service.ChartOn), so posts, acting assignments and transfers count on the
// dates they hold. The services, the inbox and the page and API permission
// flags all ask these functions, so a right reads the same everywhere.

// PlanDay is the day whose chart the rules on a plan are asked with (SPEC
// §13): today while the plan runs, else the nearest day of its period. The
// supervisor of a plan that ended with a move keeps acting on it (its
// sheets included), the supervisor of the new post does not, and a Plt/Plh
// has the acted post's rights on the plans of the dates they act.
func PlanDay(p domain.Plan, today time.Time) time.Time {
	d := domain.Day(today)
	switch {
	case p.PeriodStart.IsZero():
		return d
	case d.Before(p.PeriodStart):
		return domain.Day(p.PeriodStart)
	case d.After(p.PeriodEnd):
		return domain.Day(p.PeriodEnd)
	}
	return d
}

// active reports whether the actor may change anything at all.
func active(a Actor) bool { return a.User.Active && !ReadOnly(a) }

// employeeUnit returns the unit of an employee's primary position (0 if unplaced).
func employeeUnit(c *domain.Chart, emp int64) int64 {
	if p, ok := c.Primary(emp); ok {
		return p.UnitID
	}
	return 0
}

// IsHeadOver reports whether the actor heads the office an employee works in.
func IsHeadOver(a Actor, c *domain.Chart, emp int64) bool {
	me := a.EmployeeID()
	if me == 0 {
		return false
	}
	off := c.EmployeeOffice(emp)
	return off != 0 && c.Heads(off, me)
}

// HoldsHead reports whether emp holds the head post of an office,
// substantively or acting (Plt/Plh).
func HoldsHead(c *domain.Chart, emp, officeID int64) bool {
	pos := c.HeadPosition(officeID)
	if emp == 0 || pos == 0 {
		return false
	}
	for _, h := range c.Holders(pos) {
		if h.EmployeeID == emp {
			return true
		}
	}
	return false
}

// HeadsAbove reports whether the actor heads an office anywhere above the
// given one: a Kepala Kanwil over the KPPNs of the region, who reads their
// work but does not do it.
func HeadsAbove(a Actor, c *domain.Chart, officeID int64) bool {
	me := a.EmployeeID()
	if me == 0 || !a.User.Active {
		return false
	}
	for up, seen := c.UpperOffice(officeID), 0; up != 0 && seen <= len(c.Units); up, seen = c.UpperOffice(up), seen+1 {
		if HoldsHead(c, me, up) {
			return true
		}
	}
	return false
}

// UpperHeadApproves reports whether a PK of the office is approved by the
// head of the office above in the system (SPEC §7); false at the top of the
// installed tree, where the pengelola kinerja records the approval.
func UpperHeadApproves(c *domain.Chart, officeID int64) bool {
	up := c.UpperOffice(officeID)
	return up != 0 && c.HeadPosition(up) != 0
}

// CanSeeEmployeeWork reports whether the actor may read an employee's plans,
// realisation sheets and reports: the employee, anyone above in the chain,
// the office head, and roles that read the office.
func CanSeeEmployeeWork(a Actor, c *domain.Chart, emp int64) bool {
	if !a.User.Active {
		return false
	}
	me := a.EmployeeID()
	if me != 0 && (me == emp || c.IsAbove(me, emp) || IsHeadOver(a, c, emp) || HeadsAbove(a, c, c.EmployeeOffice(emp))) {
		return true
	}
	u := employeeUnit(c, emp)
	return Can(a, OfficeRead) && (u == 0 || InScope(a, c, u))
}

// CanSeeScore reports whether the actor may read an employee's confidential
// NKP: the employee, the supervisor chain, and roles granted ScoreRead in scope.
func CanSeeScore(a Actor, c *domain.Chart, emp int64) bool {
	if !a.User.Active {
		return false
	}
	me := a.EmployeeID()
	if me != 0 && (me == emp || c.IsAbove(me, emp)) {
		return true
	}
	u := employeeUnit(c, emp)
	return Can(a, ScoreRead) && (u == 0 || InScope(a, c, u))
}

// IsSupervisorOf reports whether the actor directly supervises emp today
// (holding or acting in the position emp reports to).
func IsSupervisorOf(a Actor, c *domain.Chart, emp int64) bool {
	me := a.EmployeeID()
	return me != 0 && a.User.Active && !ReadOnly(a) && c.IsSupervisor(me, emp)
}

// CanEditPlan: a PK by the head who owns it or the strategy-manage role in
// scope; an SKP by its owner only.
func CanEditPlan(a Actor, c *domain.Chart, p domain.Plan) bool {
	if !active(a) {
		return false
	}
	if a.EmployeeID() == p.EmployeeID {
		return true
	}
	return p.Kind == domain.PlanPK && CanInScope(a, c, StrategyManage, p.OfficeID)
}

// CanApprovePlan: a PK by the head of the office above (or who acts in that
// post), the second party of the agreement; at the top of the installed
// tree by the pengelola kinerja, who records the approval. An SKP by the
// owner's supervisor, acting ones included.
func CanApprovePlan(a Actor, c *domain.Chart, p domain.Plan) bool {
	if !active(a) || a.EmployeeID() == p.EmployeeID {
		return false
	}
	if p.Kind == domain.PlanPK {
		if UpperHeadApproves(c, p.OfficeID) {
			return HoldsHead(c, a.EmployeeID(), c.UpperOffice(p.OfficeID))
		}
		return CanInScope(a, c, PlanApprovePK, p.OfficeID)
	}
	return IsSupervisorOf(a, c, p.EmployeeID)
}

// CanWriteOwn: only the plan's owner writes its realisation sheets and its
// IIAA reports.
func CanWriteOwn(a Actor, p domain.Plan) bool {
	return active(a) && a.EmployeeID() == p.EmployeeID
}

// CanValidateSheet: the owner's supervisor (acting included); for the head's
// PK, the pengelola kinerja, as there is no supervisor in the office.
func CanValidateSheet(a Actor, c *domain.Chart, p domain.Plan) bool {
	if !active(a) || a.EmployeeID() == p.EmployeeID {
		return false
	}
	if p.Kind == domain.PlanPK {
		return CanInScope(a, c, RealisationCheck, p.OfficeID)
	}
	return IsSupervisorOf(a, c, p.EmployeeID)
}

// CanVerifySheet: the pengelola kinerja of the plan's office.
func CanVerifySheet(a Actor, c *domain.Chart, p domain.Plan) bool {
	return active(a) && CanInScope(a, c, RealisationCheck, p.OfficeID)
}

// CanReviewReport: the office head reviews the IIAA reports of the
// officials; the pengelola kinerja reviews the head's own.
func CanReviewReport(a Actor, c *domain.Chart, p domain.Plan) bool {
	if !active(a) || a.EmployeeID() == p.EmployeeID {
		return false
	}
	if p.Kind == domain.PlanPK {
		return CanInScope(a, c, ReportReviewHead, p.OfficeID)
	}
	return a.EmployeeID() != 0 && c.Heads(p.OfficeID, a.EmployeeID())
}

// CanDiscussLine: the line's owner, their supervisor chain, the office head
// and the indicator reviewers may write in a plan line's review thread.
// Reading it follows CanSeeEmployeeWork.
func CanDiscussLine(a Actor, c *domain.Chart, p domain.Plan) bool {
	me := a.EmployeeID()
	return active(a) && (me != 0 && (me == p.EmployeeID || c.IsAbove(me, p.EmployeeID)) ||
		IsHeadOver(a, c, p.EmployeeID) || CanInScope(a, c, K3Review, p.OfficeID))
}

// CanDecideK3: the indicator reviewers of the plan's office (the pengelola
// kinerja) decide a line's K3; an auditor only reads.
func CanDecideK3(a Actor, c *domain.Chart, p domain.Plan) bool {
	return active(a) && !ReadOnly(a) && CanInScope(a, c, K3Review, p.OfficeID)
}

// CanManageStrategy: the head of the office (owner of the strategy map), or
// the strategy-manage role in scope.
func CanManageStrategy(a Actor, c *domain.Chart, officeID int64) bool {
	if !active(a) {
		return false
	}
	if me := a.EmployeeID(); me != 0 && c.Heads(officeID, me) {
		return true
	}
	return CanInScope(a, c, StrategyManage, officeID)
}

// CanRollOver: who may open the next year for an office by copying the
// year before (SPEC §15): the pengelola kinerja of the office or an admin in
// scope, as the year is theirs to open and the map and plans theirs to
// prepare. The head does not: he signs what the copy produces.
func CanRollOver(a Actor, c *domain.Chart, officeID int64) bool {
	return active(a) && a.Service == nil && Can(a, YearManage) && CanInScope(a, c, StrategyManage, officeID)
}

// CanManageInitiatives: who manages the strategy map (the head of the
// office, the pengelola kinerja of the office) manages its strategic
// initiatives.
func CanManageInitiatives(a Actor, c *domain.Chart, officeID int64) bool {
	return CanManageStrategy(a, c, officeID)
}

// CanReportInitiative: the owner of a strategic initiative reports its
// quarterly progress, while still working in its office.
func CanReportInitiative(a Actor, c *domain.Chart, in domain.Initiative) bool {
	me := a.EmployeeID()
	return active(a) && a.Service == nil && me != 0 && me == in.OwnerID && c.EmployeeOffice(me) == in.OfficeID
}

// CanReadOffice: anyone working in the office, or roles that read it in scope.
func CanReadOffice(a Actor, c *domain.Chart, officeID int64) bool {
	if !a.User.Active {
		return false
	}
	if me := a.EmployeeID(); me != 0 && c.EmployeeOffice(me) == officeID || HeadsAbove(a, c, officeID) {
		return true
	}
	return CanInScope(a, c, OfficeRead, officeID)
}

// CanManageUnit: the org manager role within scope; a root unit (0) needs a
// manager whose scope is everything.
func CanManageUnit(a Actor, c *domain.Chart, unitID int64) bool {
	if !Can(a, OrgManage) {
		return false
	}
	if unitID == 0 {
		return ScopeUnit(a, c) == 0
	}
	return InScope(a, c, unitID)
}

// ReviewsWholeOffice reports whether the actor's work may wait on anyone in
// the office (the head, and who approves PKs, verifies or reviews the head's
// report), rather than only on their own team.
func ReviewsWholeOffice(a Actor, c *domain.Chart, officeID int64) bool {
	me := a.EmployeeID()
	return me != 0 && c.Heads(officeID, me) || CanInScope(a, c, RealisationCheck, officeID) ||
		CanInScope(a, c, PlanApprovePK, officeID) || CanInScope(a, c, ReportReviewHead, officeID)
}

// CanMoveEmployee reports whether the actor may place an employee in posts
// of the given units, taking them from the definitive posts they hold on
// the chart's day (SPEC §13 "who may move whom"). It takes an org manager
// whose scope covers all of those units, so an office's pengelola kinerja or
// admin moves people within the office, and across offices only an account
// whose scope covers both: the unit above's pengelola or an organisation admin.
func CanMoveEmployee(a Actor, c *domain.Chart, emp int64, units ...int64) bool {
	if !Can(a, OrgManage) {
		return false
	}
	for _, h := range c.HeldBy(emp) {
		if h.Acting == domain.ActingNone {
			units = append(units, c.Positions[h.PositionID].UnitID)
		}
	}
	for _, u := range units {
		if !InScope(a, c, u) {
			return false
		}
	}
	return true
}

// RaterRelation is how a rater stands to an employee in the 360° assessment
// on the chart's day, or "" when they may not rate them: the supervisor, a
// peer with the same supervisor, or a direct subordinate.
func RaterRelation(c *domain.Chart, rater, emp int64) string {
	if rater == 0 || rater == emp {
		return ""
	}
	if c.IsSupervisor(rater, emp) {
		return domain.RelationSupervisor
	}
	if c.IsSupervisor(emp, rater) {
		return domain.RelationSubordinate
	}
	for _, a := range c.Supervisors(rater) {
		for _, b := range c.Supervisors(emp) {
			if a == b {
				return domain.RelationPeer
			}
		}
	}
	return ""
}

// CanSetRaters: the Pejabat Penilai (the employee's supervisor) sets the
// raters and decides objections; for someone whose supervisor sits outside
// the office (the head), the score-adjusting role of the office does.
func CanSetRaters(a Actor, c *domain.Chart, emp, officeID int64) bool {
	if !active(a) || a.EmployeeID() == emp {
		return false
	}
	return IsSupervisorOf(a, c, emp) || CanInScope(a, c, ScoreAdjust, officeID)
}

// CanProposeRaters: the employee proposes their raters, or whoever sets them.
func CanProposeRaters(a Actor, c *domain.Chart, emp, officeID int64) bool {
	return active(a) && a.EmployeeID() == emp || CanSetRaters(a, c, emp, officeID)
}

// CanObject: only the employee objects to their own assessment.
func CanObject(a Actor, emp int64) bool { return active(a) && a.EmployeeID() == emp }

// CanSetExpectations: the supervisor who approves the SKP records its expectations.
func CanSetExpectations(a Actor, c *domain.Chart, p domain.Plan) bool {
	return p.Kind == domain.PlanSKP && CanApprovePlan(a, c, p)
}

// CanWriteFeedback: the employee and their supervisor write feedback notes.
func CanWriteFeedback(a Actor, c *domain.Chart, emp int64) bool {
	return active(a) && (a.EmployeeID() == emp || IsSupervisorOf(a, c, emp))
}

// CanReadScores: who may read the confidential scores of a whole office
// (the decree, the TPK session, the distribution): its head, its TPK members
// (tpk lists their employee IDs), and roles that read scores in scope.
func CanReadScores(a Actor, c *domain.Chart, officeID int64, tpk []int64) bool {
	if !a.User.Active {
		return false
	}
	me := a.EmployeeID()
	if me != 0 && c.Head(officeID) == me {
		return true
	}
	for _, m := range tpk {
		if me != 0 && m == me {
			return true
		}
	}
	return CanInScope(a, c, ScoreRead, officeID)
}

// CanActAsTPK: a TPK member of the office's year, or the score-adjusting
// role in scope, enters corrections and discipline penalties.
func CanActAsTPK(a Actor, c *domain.Chart, officeID int64, tpk []int64) bool {
	if !active(a) {
		return false
	}
	for _, m := range tpk {
		if m != 0 && m == a.EmployeeID() {
			return true
		}
	}
	return CanInScope(a, c, ScoreAdjust, officeID)
}

// CanManageTPK: the head or the score-adjusting role sets the TPK members.
func CanManageTPK(a Actor, c *domain.Chart, officeID int64) bool {
	if !active(a) {
		return false
	}
	if me := a.EmployeeID(); me != 0 && c.Head(officeID) == me {
		return true
	}
	return CanInScope(a, c, ScoreAdjust, officeID)
}

// CanSetDecree: only the head of the office sets its NKP decree.
func CanSetDecree(a Actor, c *domain.Chart, officeID int64) bool {
	me := a.EmployeeID()
	return active(a) && me != 0 && c.Head(officeID) == me
}

// CanExportScores: the e-Kinerja export is for the roles that read scores
// in scope (the pengelola kinerja and admins).
func CanExportScores(a Actor, c *domain.Chart, officeID int64) bool {
	return CanInScope(a, c, ScoreRead, officeID)
}

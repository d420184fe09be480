package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// The test organisation:
//
//	1 DJ (organisation)
//	└── 2 KANWIL (region)
//	    ├── 3 OFFA (office)   position 10 head ← 100
//	    │   ├── 4 A-S1        11 section head ← 101; 12 staff ← 102; 15 staff ← 105; 16 functional (vacant)
//	    │   └── 5 A-S2        13 section head (vacant; 105 is Plt around day D); 14 staff ← 104
//	    └── 6 OFFB (office)   20 head ← 106
//	        └── 7 B-S1        21 staff ← 107
//
// Employee 108 holds no position.
const (
	unitDJ, unitKanwil, unitOffA, unitA1, unitA2, unitOffB, unitB1 = 1, 2, 3, 4, 5, 6, 7

	posHeadA, posA1Head, posA1Staff, posA2Head, posA2Staff, posA1Staff2, posA1Func = 10, 11, 12, 13, 14, 15, 16
	posHeadB, posB1Staff                                                           = 20, 21

	empHeadA, empA1Head, empA1Staff, empA2Staff, empA1Staff2, empHeadB, empB1Staff, empUnplaced = 100, 101, 102, 104, 105, 106, 107, 108
)

// dayD is the day most charts are built for.
var dayD = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type orgData struct {
	units       []domain.Unit
	positions   []domain.Position
	employees   []domain.Employee
	assignments []domain.Assignment
}

func testOrg() orgData {
	var o orgData
	o.units = []domain.Unit{
		{ID: unitDJ, Code: "DJ", Kind: domain.UnitOrganisation},
		{ID: unitKanwil, ParentID: unitDJ, Code: "KANWIL", Kind: domain.UnitRegion},
		{ID: unitOffA, ParentID: unitKanwil, Code: "OFFA", Kind: domain.UnitOffice},
		{ID: unitA1, ParentID: unitOffA, Code: "A-S1", Kind: domain.UnitSection},
		{ID: unitA2, ParentID: unitOffA, Code: "A-S2", Kind: domain.UnitSection},
		{ID: unitOffB, ParentID: unitKanwil, Code: "OFFB", Kind: domain.UnitOffice},
		{ID: unitB1, ParentID: unitOffB, Code: "B-S1", Kind: domain.UnitSection},
	}
	o.positions = []domain.Position{
		{ID: posHeadA, UnitID: unitOffA, Kind: domain.PosHead},
		{ID: posA1Head, UnitID: unitA1, Kind: domain.PosPengawas, ReportsToID: posHeadA},
		{ID: posA1Staff, UnitID: unitA1, Kind: domain.PosPelaksana, ReportsToID: posA1Head},
		{ID: posA2Head, UnitID: unitA2, Kind: domain.PosPengawas, ReportsToID: posHeadA},
		{ID: posA2Staff, UnitID: unitA2, Kind: domain.PosPelaksana, ReportsToID: posA2Head},
		{ID: posA1Staff2, UnitID: unitA1, Kind: domain.PosPelaksana, ReportsToID: posA1Head},
		{ID: posA1Func, UnitID: unitA1, Kind: domain.PosFungsional, ReportsToID: posA1Head},
		{ID: posHeadB, UnitID: unitOffB, Kind: domain.PosHead},
		{ID: posB1Staff, UnitID: unitB1, Kind: domain.PosPelaksana, ReportsToID: posHeadB},
	}
	for _, id := range []int64{empHeadA, empA1Head, empA1Staff, empA2Staff, empA1Staff2, empHeadB, empB1Staff, empUnplaced} {
		o.employees = append(o.employees, domain.Employee{ID: id, Active: true})
	}
	since := ymd(2020, 1, 1)
	o.assignments = []domain.Assignment{
		{ID: 1, EmployeeID: empHeadA, PositionID: posHeadA, StartDate: since},
		{ID: 2, EmployeeID: empA1Head, PositionID: posA1Head, StartDate: since},
		{ID: 3, EmployeeID: empA1Staff, PositionID: posB1Staff, StartDate: ymd(2019, 1, 1), EndDate: ymd(2020, 12, 31)},
		{ID: 4, EmployeeID: empA1Staff, PositionID: posA1Staff, StartDate: ymd(2021, 1, 1)},
		{ID: 5, EmployeeID: empA2Staff, PositionID: posA2Staff, StartDate: since},
		{ID: 6, EmployeeID: empA1Staff2, PositionID: posA1Staff2, StartDate: since},
		{ID: 7, EmployeeID: empHeadB, PositionID: posHeadB, StartDate: since},
		{ID: 8, EmployeeID: empB1Staff, PositionID: posB1Staff, StartDate: ymd(2021, 1, 1)},
		// 105 is Plt head of A-S2 around day D.
		{ID: 9, EmployeeID: empA1Staff2, PositionID: posA2Head, StartDate: dayD.AddDate(0, 0, -10), EndDate: dayD.AddDate(0, 0, 10), Acting: domain.ActingPlt},
		// 102 was Plh head of A-S2 before, and that has ended.
		{ID: 10, EmployeeID: empA1Staff, PositionID: posA2Head, StartDate: dayD.AddDate(0, 0, -40), EndDate: dayD.AddDate(0, 0, -20), Acting: domain.ActingPlh},
		// 101 will be Plh head of office B for a while after day D.
		{ID: 11, EmployeeID: empA1Head, PositionID: posHeadB, StartDate: dayD.AddDate(0, 0, 5), EndDate: dayD.AddDate(0, 0, 20), Acting: domain.ActingPlh},
		// 102 stands in for their own section head later on.
		{ID: 12, EmployeeID: empA1Staff, PositionID: posA1Head, StartDate: dayD.AddDate(0, 0, 50), EndDate: dayD.AddDate(0, 0, 60), Acting: domain.ActingPlh},
	}
	return o
}

func (o orgData) chart(day time.Time) *domain.Chart {
	return domain.NewChart(day, o.units, o.positions, o.employees, o.assignments)
}

// without returns the organisation without the given assignments.
func (o orgData) without(ids ...int64) orgData {
	out := o
	out.assignments = nil
	for _, a := range o.assignments {
		if !slices.Contains(ids, a.ID) {
			out.assignments = append(out.assignments, a)
		}
	}
	return out
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	if out == nil {
		out = []int64{}
	}
	return out
}

func ids(v ...int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

func TestChartSupervisors(t *testing.T) {
	o := testOrg()
	tests := []struct {
		name string
		day  time.Time
		org  orgData
		emp  int64
		want []int64
	}{
		{"staff to section head", dayD, o, empA1Staff, ids(empA1Head)},
		{"section head to office head", dayD, o, empA1Head, ids(empHeadA)},
		{"office head has none", dayD, o, empHeadA, ids()},
		{"unplaced has none", dayD, o, empUnplaced, ids()},
		{"acting Plt holder supervises", dayD, o, empA2Staff, ids(empA1Staff2)},
		{"the Plt keeps the supervisor of their substantive post", dayD, o, empA1Staff2, ids(empA1Head)},
		{"vacant position passes up the chain", dayD.AddDate(0, 0, 30), o, empA2Staff, ids(empHeadA)},
		{"expired acting assignment does not supervise", dayD.AddDate(0, 0, -15), o, empA2Staff, ids(empHeadA)},
		{"acting assignment that has not started does not supervise", dayD, o, empB1Staff, ids(empHeadB)},
		{"acting Plh supervises beside the substantive holder", dayD.AddDate(0, 0, 7), o, empB1Staff, ids(empA1Head, empHeadB)},
		{"acting on its last day", dayD.AddDate(0, 0, 10), o, empA2Staff, ids(empA1Staff2)},
		{"acting the day after it ends", dayD.AddDate(0, 0, 11), o, empA2Staff, ids(empHeadA)},
		{"nobody supervises themself", dayD.AddDate(0, 0, 55), o, empA1Staff, ids(empA1Head)},
		{"colleagues of a Plh have both", dayD.AddDate(0, 0, 55), o, empA1Staff2, ids(empA1Head, empA1Staff)},
		{"a Plh of their own vacant boss looks further up", dayD.AddDate(0, 0, 55), o.without(2), empA1Staff, ids(empHeadA)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.org.chart(tc.day)
			if got := sorted(c.Supervisors(tc.emp)); !slices.Equal(got, sorted(tc.want)) {
				t.Errorf("Supervisors(%d) on %s = %v, want %v", tc.emp, tc.day.Format(time.DateOnly), got, sorted(tc.want))
			}
			for _, s := range tc.want {
				if !c.IsSupervisor(s, tc.emp) {
					t.Errorf("IsSupervisor(%d, %d) = false", s, tc.emp)
				}
			}
		})
	}
}

func TestChartIsAbove(t *testing.T) {
	o := testOrg()
	tests := []struct {
		name     string
		day      time.Time
		sup, emp int64
		want     bool
	}{
		{"direct supervisor", dayD, empA1Head, empA1Staff, true},
		{"head over staff", dayD, empHeadA, empA1Staff, true},
		{"head over section head", dayD, empHeadA, empA1Head, true},
		{"head over staff of a section with a Plt", dayD, empHeadA, empA2Staff, true},
		{"Plt over their acting unit's staff", dayD, empA1Staff2, empA2Staff, true},
		{"head over staff of a vacant section", dayD.AddDate(0, 0, 30), empHeadA, empA2Staff, true},
		{"staff not above supervisor", dayD, empA1Staff, empA1Head, false},
		{"not above oneself", dayD, empHeadA, empHeadA, false},
		{"colleagues are not above each other", dayD, empA1Staff, empA1Staff2, false},
		{"other office", dayD, empHeadA, empB1Staff, false},
		{"other section's head", dayD, empA1Head, empA2Staff, false}, // though a staffer of A-S1 is Plt of A-S2
		{"a Plh is not above themself", dayD.AddDate(0, 0, 55), empA1Staff, empA1Staff, false},
		{"a Plh is above their colleague", dayD.AddDate(0, 0, 55), empA1Staff, empA1Staff2, true},
		{"unplaced", dayD, empHeadA, empUnplaced, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := o.chart(tc.day).IsAbove(tc.sup, tc.emp); got != tc.want {
				t.Errorf("IsAbove(%d, %d) = %v, want %v", tc.sup, tc.emp, got, tc.want)
			}
		})
	}
}

func TestChartSubordinates(t *testing.T) {
	o := testOrg()
	tests := []struct {
		name      string
		day       time.Time
		emp       int64
		direct    []int64
		allBelow  []int64
		headCheck bool
	}{
		{"office head with a Plt in a section", dayD, empHeadA, ids(empA1Head, empA1Staff2), ids(empA1Head, empA1Staff, empA1Staff2, empA2Staff), true},
		{"office head with a vacant section", dayD.AddDate(0, 0, 30), empHeadA, ids(empA1Head, empA2Staff), ids(empA1Head, empA1Staff, empA1Staff2, empA2Staff), true},
		{"section head", dayD, empA1Head, ids(empA1Staff, empA1Staff2), ids(empA1Staff, empA1Staff2), false},
		{"Plt leads the acting unit", dayD, empA1Staff2, ids(empA2Staff), ids(empA2Staff), false},
		{"staff", dayD, empA2Staff, ids(), ids(), false},
		{"other office", dayD, empHeadB, ids(empB1Staff), ids(empB1Staff), false},
		{"a Plh is not their own subordinate", dayD.AddDate(0, 0, 55), empA1Staff, ids(empA1Staff2), ids(empA1Staff2), false},
		{"unplaced", dayD, empUnplaced, ids(), ids(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := o.chart(tc.day)
			if got := sorted(c.Subordinates(tc.emp)); !slices.Equal(got, sorted(tc.direct)) {
				t.Errorf("Subordinates(%d) = %v, want %v", tc.emp, got, sorted(tc.direct))
			}
			if got := sorted(c.AllBelow(tc.emp)); !slices.Equal(got, sorted(tc.allBelow)) {
				t.Errorf("AllBelow(%d) = %v, want %v", tc.emp, got, sorted(tc.allBelow))
			}
			// Whoever is below is exactly whoever the employee is above (for placed employees).
			for _, e := range c.AllBelow(tc.emp) {
				if !c.IsAbove(tc.emp, e) {
					t.Errorf("AllBelow(%d) has %d but IsAbove is false", tc.emp, e)
				}
			}
			// A direct subordinate is supervised by the employee, unless
			// they are listed for an acting post (their own rater follows
			// their substantive post).
			for _, d := range c.Subordinates(tc.emp) {
				if len(c.HeldBy(d)) == 1 && !c.IsSupervisor(tc.emp, d) {
					t.Errorf("Subordinates(%d) has %d but IsSupervisor is false", tc.emp, d)
				}
			}
		})
	}
}

func TestChartOffices(t *testing.T) {
	c := testOrg().chart(dayD)
	uppers := []struct{ office, want int64 }{{unitOffA, unitKanwil}, {unitOffB, unitKanwil}, {unitKanwil, unitDJ}, {unitDJ, 0}, {999, 0}}
	for _, tc := range uppers {
		if got := c.UpperOffice(tc.office); got != tc.want {
			t.Errorf("UpperOffice(%d) = %d, want %d", tc.office, got, tc.want)
		}
	}
	if got := c.LowerOffices(unitKanwil); !slices.Equal(got, []int64{unitOffA, unitOffB}) {
		t.Errorf("LowerOffices(kanwil) = %v", got)
	}
	if got := c.LowerOffices(unitOffA); len(got) != 0 {
		t.Errorf("LowerOffices(office A) = %v", got)
	}
	offices := []struct{ unit, want int64 }{
		{unitA1, unitOffA}, {unitA2, unitOffA}, {unitOffA, unitOffA}, {unitB1, unitOffB}, {unitOffB, unitOffB},
		{unitKanwil, unitKanwil}, {unitDJ, unitDJ}, {999, 0},
	}
	for _, tc := range offices {
		if got := c.Office(tc.unit); got != tc.want {
			t.Errorf("Office(%d) = %d, want %d", tc.unit, got, tc.want)
		}
	}
	emps := []struct{ emp, want int64 }{
		{empHeadA, unitOffA}, {empA2Staff, unitOffA}, {empA1Staff2, unitOffA}, {empB1Staff, unitOffB}, {empUnplaced, 0}, {999, 0},
	}
	for _, tc := range emps {
		if got := c.EmployeeOffice(tc.emp); got != tc.want {
			t.Errorf("EmployeeOffice(%d) = %d, want %d", tc.emp, got, tc.want)
		}
	}
	if got := c.Head(unitOffA); got != empHeadA {
		t.Errorf("Head(OFFA) = %d, want %d", got, empHeadA)
	}
	if got := c.Head(unitA1); got != 0 {
		t.Errorf("Head of a section = %d, want 0", got)
	}
	if got, want := c.OfficeEmployees(unitOffA), []int64{empHeadA, empA1Head, empA1Staff, empA2Staff, empA1Staff2}; !slices.Equal(got, want) {
		t.Errorf("OfficeEmployees(OFFA) = %v, want %v", got, want)
	}
	if got, want := c.OfficeEmployees(unitOffB), []int64{empHeadB, empB1Staff}; !slices.Equal(got, want) {
		t.Errorf("OfficeEmployees(OFFB) = %v, want %v", got, want)
	}
	trees := []struct {
		root, unit int64
		want       bool
	}{
		{unitOffA, unitA1, true}, {unitOffA, unitOffA, true}, {unitOffB, unitA1, false}, {unitDJ, unitB1, true}, {unitA1, unitOffA, false}, {unitOffA, 999, false},
	}
	for _, tc := range trees {
		if got := c.InUnitTree(tc.root, tc.unit); got != tc.want {
			t.Errorf("InUnitTree(%d, %d) = %v, want %v", tc.root, tc.unit, got, tc.want)
		}
	}
	if got := c.Roots(); !slices.Equal(got, []int64{unitDJ}) {
		t.Errorf("Roots = %v", got)
	}
	if got := sorted(c.Children(unitOffA)); !slices.Equal(got, []int64{unitA1, unitA2}) {
		t.Errorf("Children(OFFA) = %v", got)
	}
}

func TestChartPrimaryPrefersSubstantivePost(t *testing.T) {
	o := testOrg()
	// Put the acting assignment first, so that only the sort decides.
	var plt domain.Assignment
	var rest []domain.Assignment
	for _, a := range o.assignments {
		if a.ID == 9 {
			plt = a
		} else {
			rest = append(rest, a)
		}
	}
	o.assignments = append([]domain.Assignment{plt}, rest...)
	c := o.chart(dayD)
	p, ok := c.Primary(empA1Staff2)
	if !ok || p.ID != posA1Staff2 {
		t.Fatalf("Primary = %v, %v; want the substantive position %d", p, ok, posA1Staff2)
	}
	hs := c.HeldBy(empA1Staff2)
	if len(hs) != 2 || hs[0].Acting != domain.ActingNone || hs[1].Acting != domain.ActingPlt {
		t.Errorf("HeldBy = %+v, want the substantive post then the Plt", hs)
	}
	if _, ok := c.Primary(empUnplaced); ok {
		t.Error("an unplaced employee has a primary position")
	}
}

func TestChartLevelsBelowHead(t *testing.T) {
	c := testOrg().chart(dayD)
	tests := []struct {
		emp  int64
		want int
	}{
		{empHeadA, 0}, {empA1Head, 1}, {empA1Staff, 2}, {empA2Staff, 2}, {empA1Staff2, 2}, {empHeadB, 0}, {empB1Staff, 1}, {empUnplaced, 0},
	}
	for _, tc := range tests {
		if got := c.LevelsBelowHead(tc.emp); got != tc.want {
			t.Errorf("LevelsBelowHead(%d) = %d, want %d", tc.emp, got, tc.want)
		}
	}
}

func TestChartCycles(t *testing.T) {
	c := testOrg().chart(dayD)
	reports := []struct {
		pos, up int64
		want    bool
	}{
		{posA1Staff, posA1Head, false},  // as it is
		{posA2Staff, posHeadA, false},   // skip a level
		{posHeadA, posA2Staff, true},    // the head under its own staff
		{posA1Head, posA1Staff, true},   // a direct loop
		{posA1Head, posA1Head, true},    // reports to itself
		{posHeadA, posHeadB, false},     // under another office's head
		{posA1Staff, 0, false},          // to the top
		{posA1Staff, 999, false},        // unknown position: not a cycle (validation says not found)
		{posHeadB, posB1Staff, true},    // office B
		{posA1Func, posA1Staff2, false}, // a sibling
	}
	for _, tc := range reports {
		if got := c.ReportsToCycle(tc.pos, tc.up); got != tc.want {
			t.Errorf("ReportsToCycle(%d, %d) = %v, want %v", tc.pos, tc.up, got, tc.want)
		}
	}
	units := []struct {
		unit, parent int64
		want         bool
	}{
		{unitA1, unitOffA, false},
		{unitA1, unitOffB, false},
		{unitOffA, unitA1, true},
		{unitDJ, unitB1, true},
		{unitKanwil, unitKanwil, true},
		{unitA1, 0, false},
		{unitA1, 999, false},
	}
	for _, tc := range units {
		if got := c.UnitCycle(tc.unit, tc.parent); got != tc.want {
			t.Errorf("UnitCycle(%d, %d) = %v, want %v", tc.unit, tc.parent, got, tc.want)
		}
	}
}

// Data that already holds a cycle (written before validation existed, or by
// hand) must not hang the chart's walks.
func TestChartSurvivesCyclicData(t *testing.T) {
	units := []domain.Unit{{ID: 1, ParentID: 2, Kind: domain.UnitSection}, {ID: 2, ParentID: 1, Kind: domain.UnitSection}}
	positions := []domain.Position{
		{ID: 1, UnitID: 1, Kind: domain.PosPengawas, ReportsToID: 2},
		{ID: 2, UnitID: 2, Kind: domain.PosPengawas, ReportsToID: 3},
		{ID: 3, UnitID: 2, Kind: domain.PosPengawas, ReportsToID: 1},
		{ID: 4, UnitID: 1, Kind: domain.PosPelaksana, ReportsToID: 1},
	}
	emps := []domain.Employee{{ID: 1}, {ID: 4}}
	asg := []domain.Assignment{
		{ID: 1, EmployeeID: 1, PositionID: 1, StartDate: ymd(2020, 1, 1)},
		{ID: 2, EmployeeID: 4, PositionID: 4, StartDate: ymd(2020, 1, 1)},
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c := domain.NewChart(dayD, units, positions, emps, asg)
		_ = c.Office(1)
		_ = c.InUnitTree(99, 1)
		_ = c.Supervisors(1)
		_ = c.Supervisors(4)
		_ = c.IsAbove(99, 1)
		_ = c.IsAbove(1, 4)
		_ = c.Subordinates(1)
		_ = c.AllBelow(1)
		_ = c.LevelsBelowHead(4)
		_ = c.ReportsToCycle(99, 1)
		_ = c.UnitCycle(99, 1)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a chart walk does not end on cyclic data")
	}
}

// The chart's tables are read one after another while others write: a
// post whose unit, or an assignment whose person or post, was added after
// its table was read is left out rather than half in (it used to make
// OfficeEmployees list a person the chart did not hold).
func TestChartLeavesOutRowsReadHalfway(t *testing.T) {
	o := testOrg()
	o.positions = append(o.positions, domain.Position{ID: 30, UnitID: 99, Kind: domain.PosPelaksana})
	o.assignments = append(o.assignments,
		domain.Assignment{ID: 900, EmployeeID: 999, PositionID: posA1Staff, StartDate: ymd(2020, 1, 1)},
		domain.Assignment{ID: 901, EmployeeID: empUnplaced, PositionID: 98, StartDate: ymd(2020, 1, 1)},
		domain.Assignment{ID: 902, EmployeeID: empUnplaced, PositionID: 30, StartDate: ymd(2020, 1, 1)})
	c := o.chart(dayD)
	if c.Positions[30] != nil {
		t.Error("a post of a unit not in the chart is in it")
	}
	if got, want := c.OfficeEmployees(unitOffA), testOrg().chart(dayD).OfficeEmployees(unitOffA); !slices.Equal(got, want) {
		t.Errorf("OfficeEmployees(OFFA) = %v, want %v", got, want)
	}
	if _, ok := c.Primary(empUnplaced); ok || c.EmployeeOffice(999) != 0 {
		t.Error("an assignment to a post or of a person not in the chart placed someone")
	}
}

func TestAssignmentActiveOn(t *testing.T) {
	a := domain.Assignment{StartDate: ymd(2026, 1, 10), EndDate: ymd(2026, 1, 20)}
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{
		{ymd(2026, 1, 9), false},
		{ymd(2026, 1, 10), true},
		{time.Date(2026, 1, 20, 23, 59, 0, 0, time.UTC), true},
		{ymd(2026, 1, 21), false},
	} {
		if got := a.ActiveOn(tc.day); got != tc.want {
			t.Errorf("ActiveOn(%s) = %v, want %v", tc.day, got, tc.want)
		}
	}
	open := domain.Assignment{StartDate: ymd(2026, 1, 10)}
	if !open.ActiveOn(ymd(2099, 1, 1)) {
		t.Error("an open assignment has ended")
	}
}

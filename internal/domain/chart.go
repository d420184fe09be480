package domain

import (
	"slices"
	"sort"
	"time"
)

// Chart is an in-memory view of the organisation on one day: units, positions,
// who holds them and who reports to whom. It answers the org-chart questions
// of permissions (supervisor chain, office scope) without further queries.
type Chart struct {
	Day       time.Time
	Units     map[int64]*Unit
	Positions map[int64]*Position
	Employees map[int64]*Employee
	children  map[int64][]int64 // unit → child units
	unitPos   map[int64][]int64 // unit → positions
	reports   map[int64][]int64 // position → positions reporting to it
	holders   map[int64][]Holding
	heldBy    map[int64][]Holding // employee → positions held
	roots     []int64
	office    map[int64]int64   // unit → its office, computed once so the chart is read-only
	staff     map[int64][]int64 // office → employees whose primary position is in it, sorted
}

// Holding is an employee holding a position on the chart's day.
type Holding struct {
	EmployeeID int64
	PositionID int64
	Acting     ActingKind
	Assignment Assignment
}

// NewChart builds the chart for day from the full lists.
func NewChart(day time.Time, units []Unit, positions []Position, employees []Employee, assignments []Assignment) *Chart {
	c := &Chart{
		Day:       Day(day),
		Units:     make(map[int64]*Unit, len(units)),
		Positions: make(map[int64]*Position, len(positions)),
		Employees: make(map[int64]*Employee, len(employees)),
		children:  map[int64][]int64{},
		unitPos:   map[int64][]int64{},
		reports:   map[int64][]int64{},
		holders:   map[int64][]Holding{},
		heldBy:    map[int64][]Holding{},
		office:    map[int64]int64{},
	}
	for i := range units {
		u := &units[i]
		c.Units[u.ID] = u
	}
	for i := range units {
		u := &units[i]
		if u.ParentID == 0 || c.Units[u.ParentID] == nil {
			c.roots = append(c.roots, u.ID)
		} else {
			c.children[u.ParentID] = append(c.children[u.ParentID], u.ID)
		}
	}
	// The chart's rows are read one table after another: a unit, post or
	// person added between two reads is left out whole (its change moves the
	// org version, so the next chart has it), never half in.
	for i := range positions {
		p := &positions[i]
		if c.Units[p.UnitID] == nil {
			continue
		}
		c.Positions[p.ID] = p
		c.unitPos[p.UnitID] = append(c.unitPos[p.UnitID], p.ID)
		if p.ReportsToID != 0 {
			c.reports[p.ReportsToID] = append(c.reports[p.ReportsToID], p.ID)
		}
	}
	for i := range employees {
		c.Employees[employees[i].ID] = &employees[i]
	}
	for _, a := range assignments {
		if !a.ActiveOn(c.Day) || c.Employees[a.EmployeeID] == nil || c.Positions[a.PositionID] == nil {
			continue
		}
		h := Holding{EmployeeID: a.EmployeeID, PositionID: a.PositionID, Acting: a.Acting, Assignment: a}
		c.holders[a.PositionID] = append(c.holders[a.PositionID], h)
		c.heldBy[a.EmployeeID] = append(c.heldBy[a.EmployeeID], h)
	}
	for id := range c.Units {
		c.office[id] = c.findOffice(id)
	}
	// Definitive holders first, so Primary picks the substantive post.
	for _, hs := range c.heldBy {
		sort.SliceStable(hs, func(i, j int) bool { return hs[i].Acting == ActingNone && hs[j].Acting != ActingNone })
	}
	c.staff = map[int64][]int64{}
	for emp, hs := range c.heldBy {
		if len(hs) > 0 {
			if off := c.office[c.Positions[hs[0].PositionID].UnitID]; off != 0 {
				c.staff[off] = append(c.staff[off], emp)
			}
		}
	}
	for _, list := range c.staff {
		slices.Sort(list)
	}
	return c
}

// Roots returns the top units.
func (c *Chart) Roots() []int64 { return c.roots }

// Children returns the child units of a unit.
func (c *Chart) Children(unitID int64) []int64 { return c.children[unitID] }

// UnitPositions returns the positions of a unit.
func (c *Chart) UnitPositions(unitID int64) []int64 { return c.unitPos[unitID] }

// Holders returns who holds a position.
func (c *Chart) Holders(positionID int64) []Holding { return c.holders[positionID] }

// HeldBy returns the positions an employee holds (substantive first, then acting).
func (c *Chart) HeldBy(employeeID int64) []Holding { return c.heldBy[employeeID] }

// Primary returns the substantive position of an employee (or the first acting one).
func (c *Chart) Primary(employeeID int64) (*Position, bool) {
	hs := c.heldBy[employeeID]
	if len(hs) == 0 {
		return nil, false
	}
	return c.Positions[hs[0].PositionID], true
}

// Office returns the office (the UPK, strategy-map owner unit) a unit belongs
// to: the unit itself if it is one, else its nearest UPK ancestor; 0 if none.
// A Kanwil is the office of its own sections, as a KPPN is of its.
// The chart is immutable once built, so one chart may serve concurrent requests.
func (c *Chart) Office(unitID int64) int64 { return c.office[unitID] }

func (c *Chart) findOffice(unitID int64) int64 {
	id, seen := unitID, 0
	for id != 0 && seen < len(c.Units)+1 {
		u := c.Units[id]
		if u == nil {
			id = 0
			break
		}
		if u.Kind.UPK() {
			break
		}
		id = u.ParentID
		seen++
	}
	return id
}

// EmployeeOffice returns the office of an employee's primary position.
func (c *Chart) EmployeeOffice(employeeID int64) int64 {
	p, ok := c.Primary(employeeID)
	if !ok {
		return 0
	}
	return c.Office(p.UnitID)
}

// InUnitTree reports whether unitID is root or lies beneath it.
func (c *Chart) InUnitTree(root, unitID int64) bool {
	for seen := 0; unitID != 0 && seen <= len(c.Units); seen++ {
		if unitID == root {
			return true
		}
		u := c.Units[unitID]
		if u == nil {
			return false
		}
		unitID = u.ParentID
	}
	return false
}

// Supervisors returns the employees who supervise employeeID today: the
// holders (substantive or acting) of the position their primary position
// reports to. When that position is vacant, the chain goes up until someone
// holds one. Nobody supervises themself: a Plh standing in for their own
// supervisor is supervised by the other holders, or by the next level up.
func (c *Chart) Supervisors(employeeID int64) []int64 {
	p, ok := c.Primary(employeeID)
	if !ok {
		return nil
	}
	return c.positionSupervisors(p.ID, employeeID)
}

func (c *Chart) positionSupervisors(positionID, self int64) []int64 {
	pos := c.Positions[positionID]
	for seen := 0; pos != nil && pos.ReportsToID != 0 && seen <= len(c.Positions); seen++ {
		up := c.Positions[pos.ReportsToID]
		if up == nil {
			return nil
		}
		var out []int64
		for _, h := range c.holders[up.ID] {
			if h.EmployeeID != self {
				out = append(out, h.EmployeeID)
			}
		}
		if len(out) > 0 {
			return out
		}
		pos = up
	}
	return nil
}

// IsSupervisor reports whether sup directly supervises emp (as holder or acting holder).
func (c *Chart) IsSupervisor(sup, emp int64) bool {
	for _, s := range c.Supervisors(emp) {
		if s == sup {
			return true
		}
	}
	return false
}

// IsAbove reports whether sup holds (substantively or acting) a position
// anywhere above emp's primary position in the reporting chain. The chain
// follows positions, not people: someone acting in a post above emp counts,
// but the supervisors of that acting person's own substantive post do not.
func (c *Chart) IsAbove(sup, emp int64) bool {
	p, ok := c.Primary(emp)
	if !ok || sup == emp {
		return false
	}
	for seen := 0; p.ReportsToID != 0 && seen <= len(c.Positions); seen++ {
		if p = c.Positions[p.ReportsToID]; p == nil {
			return false
		}
		for _, h := range c.holders[p.ID] {
			if h.EmployeeID == sup {
				return true
			}
		}
	}
	return false
}

// Subordinates returns the employees directly supervised by emp.
func (c *Chart) Subordinates(emp int64) []int64 {
	var out []int64
	seen := map[int64]bool{emp: true}
	visited := map[int64]bool{}
	for _, h := range c.heldBy[emp] {
		c.collectBelow(h.PositionID, &out, seen, visited, false)
	}
	return out
}

// AllBelow returns every employee holding a position anywhere below the
// positions emp holds.
func (c *Chart) AllBelow(emp int64) []int64 {
	var out []int64
	seen := map[int64]bool{emp: true}
	visited := map[int64]bool{}
	for _, h := range c.heldBy[emp] {
		c.collectBelow(h.PositionID, &out, seen, visited, true)
	}
	return out
}

// collectBelow gathers holders of positions reporting to positionID; vacant
// positions pass their reports up, as Supervisors does. Deep walks follow the
// positions down (not the other posts their holders act in); visited keeps
// cyclic data from looping.
func (c *Chart) collectBelow(positionID int64, out *[]int64, seen, visited map[int64]bool, deep bool) {
	if visited[positionID] {
		return
	}
	visited[positionID] = true
	for _, child := range c.reports[positionID] {
		hs := c.holders[child]
		for _, h := range hs {
			if !seen[h.EmployeeID] {
				seen[h.EmployeeID] = true
				*out = append(*out, h.EmployeeID)
			}
		}
		if deep || len(hs) == 0 {
			c.collectBelow(child, out, seen, visited, deep)
		}
	}
}

// LevelsBelowHead counts reporting steps from an employee's primary position up
// to the office head's position (0 for the head).
func (c *Chart) LevelsBelowHead(employeeID int64) int {
	p, ok := c.Primary(employeeID)
	if !ok {
		return 0
	}
	n := 0
	for seen := 0; p != nil && p.Kind != PosHead && p.ReportsToID != 0 && seen <= len(c.Positions); seen++ {
		p = c.Positions[p.ReportsToID]
		n++
	}
	return n
}

// UpperOffice returns the UPK directly above an office (a KPPN's Kanwil, a
// Kanwil's Kantor Pusat), or 0 at the top of the installed tree.
func (c *Chart) UpperOffice(officeID int64) int64 {
	u := c.Units[officeID]
	if u == nil || u.ParentID == 0 {
		return 0
	}
	return c.office[u.ParentID]
}

// LowerOffices returns the UPKs directly below an office, sorted.
func (c *Chart) LowerOffices(officeID int64) []int64 {
	var out []int64
	var walk func(id int64)
	walk = func(id int64) {
		for _, ch := range c.children[id] {
			if u := c.Units[ch]; u != nil && u.Kind.UPK() {
				out = append(out, ch)
			} else {
				walk(ch)
			}
		}
	}
	walk(officeID)
	slices.Sort(out)
	return out
}

// Working reports whether a UPK is worked in as an office: every KPPN, and a
// Kanwil or Kantor Pusat once it has a head position. Upper units installed
// only as names above the offices stay out of office lists and overviews.
func (c *Chart) Working(unitID int64) bool {
	u := c.Units[unitID]
	return u != nil && (u.Kind == UnitOffice || u.Kind.UPK() && c.HeadPosition(unitID) != 0)
}

// HeadPosition returns the head position of an office, or 0 when it has none.
func (c *Chart) HeadPosition(officeID int64) int64 {
	for _, pid := range c.unitPos[officeID] {
		if c.Positions[pid].Kind == PosHead {
			return pid
		}
	}
	return 0
}

// Head returns the employee heading an office (holder of its head position), or 0.
func (c *Chart) Head(officeID int64) int64 {
	for _, pid := range c.unitPos[officeID] {
		if c.Positions[pid].Kind == PosHead {
			if hs := c.holders[pid]; len(hs) > 0 {
				return hs[0].EmployeeID
			}
		}
	}
	return 0
}

// Heads reports whether emp holds the office's head post on the chart's
// day, definitively or as its Plt/Plh: an acting head has the head's rights
// for the dates of the appointment (SPEC §13).
func (c *Chart) Heads(officeID, emp int64) bool {
	if emp == 0 {
		return false
	}
	for _, pid := range c.unitPos[officeID] {
		if c.Positions[pid].Kind == PosHead {
			for _, h := range c.holders[pid] {
				if h.EmployeeID == emp {
					return true
				}
			}
		}
	}
	return false
}

// OfficeEmployees returns every employee whose primary position lies in the office's unit tree.
func (c *Chart) OfficeEmployees(officeID int64) []int64 {
	if c.office[officeID] == officeID {
		return slices.Clone(c.staff[officeID])
	}
	var out []int64
	for emp, hs := range c.heldBy {
		if len(hs) == 0 {
			continue
		}
		if c.InUnitTree(officeID, c.Positions[hs[0].PositionID].UnitID) {
			out = append(out, emp)
		}
	}
	slices.Sort(out)
	return out
}

// ReportsToCycle reports whether making position pos report to up would create a cycle.
func (c *Chart) ReportsToCycle(pos, up int64) bool {
	for seen := 0; up != 0 && seen <= len(c.Positions); seen++ {
		if up == pos {
			return true
		}
		p := c.Positions[up]
		if p == nil {
			return false
		}
		up = p.ReportsToID
	}
	return false
}

// UnitCycle reports whether making unit u a child of parent would create a cycle.
func (c *Chart) UnitCycle(u, parent int64) bool {
	for seen := 0; parent != 0 && seen <= len(c.Units); seen++ {
		if parent == u {
			return true
		}
		p := c.Units[parent]
		if p == nil {
			return false
		}
		parent = p.ParentID
	}
	return false
}

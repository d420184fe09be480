package service

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
)

// OrgExport returns today's org chart within the actor's scope as the
// import template filled in: every unit, and every employee in their
// definitive post. Imported again unchanged, it changes no post and no
// person, so it is the starting point for editing the chart in a workbook.
func (s *Service) OrgExport(ctx context.Context, a authz.Actor) (*xlsx.Workbook, error) {
	if err := require(a, authz.OrgManage); err != nil {
		return nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	units := exportUnits(a, c)
	wb, err := s.OrgTemplate("id")
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		parent := ""
		if p := c.Units[u.ParentID]; p != nil {
			parent = p.Code
		}
		err := wb.Sheet(unitSheet.Sheet).WriteRow(u.Code, u.Name, unitKindName(u.Kind), parent, u.Address, u.City,
			strings.Join(nonEmptyLines(u.Letterhead), "|"))
		if err != nil {
			wb.Close()
			return nil, err
		}
	}
	for _, u := range units {
		for _, row := range exportPeople(c, u) {
			if err := wb.Sheet(employeeSheet.Sheet).WriteRow(row...); err != nil {
				wb.Close()
				return nil, err
			}
		}
	}
	return wb, nil
}

// exportUnits are the units in the actor's scope, each after its parent.
func exportUnits(a authz.Actor, c *domain.Chart) []domain.Unit {
	depth := func(u *domain.Unit) int {
		n := 0
		for p := c.Units[u.ParentID]; p != nil && n <= len(c.Units); p = c.Units[p.ParentID] {
			n++
		}
		return n
	}
	var out []domain.Unit
	for id, u := range c.Units {
		if authz.InScope(a, c, id) {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := depth(&out[i]), depth(&out[j])
		if di != dj {
			return di < dj
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// exportPeople are the Pegawai rows of the definitive holders of a unit's
// posts; the supervisor is the definitive holder of the post reported to.
func exportPeople(c *domain.Chart, u domain.Unit) [][]any {
	var posts []*domain.Position
	for _, p := range c.Positions {
		if p.UnitID == u.ID {
			posts = append(posts, p)
		}
	}
	sort.Slice(posts, func(i, j int) bool { return posts[i].ID < posts[j].ID })
	var rows [][]any
	for _, p := range posts {
		supNIP := ""
		for _, h := range c.Holders(p.ReportsToID) {
			if h.Acting == domain.ActingNone && c.Employees[h.EmployeeID] != nil {
				supNIP = c.Employees[h.EmployeeID].NIP
				break
			}
		}
		flag := ""
		if p.Kind == domain.PosFungsional {
			flag = "tidak"
			if p.NonSubstantive {
				flag = "ya"
			}
		}
		for _, h := range c.Holders(p.ID) {
			e := c.Employees[h.EmployeeID]
			if h.Acting != domain.ActingNone || e == nil {
				continue
			}
			rows = append(rows, []any{e.NIP, e.Name, e.Grade, e.Email, u.Code, p.Title, posKindName(p.Kind), supNIP,
				h.Assignment.StartDate.Format(time.DateOnly), flag})
		}
	}
	return rows
}

func unitKindName(k domain.UnitKind) string {
	for name, kind := range unitKindOf {
		if kind == k {
			return name
		}
	}
	return ""
}

func posKindName(k domain.PositionKind) string {
	for name, kind := range posKindOf {
		if kind == k {
			return name
		}
	}
	return ""
}

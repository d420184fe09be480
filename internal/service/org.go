package service

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// UnitInput is the editable part of a unit.
type UnitInput struct {
	ParentID   int64
	Code       string
	Name       string
	Kind       domain.UnitKind
	Letterhead string
	Address    string
	City       string
}

func textField(v *domain.ValidationError, field, value string, required bool, max int) string {
	value = strings.TrimSpace(value)
	switch {
	case required && value == "":
		v.Addf(field, "err.required")
	case utf8.RuneCountInString(value) > max:
		v.Addf(field, "err.too_long", "max", max)
	}
	return value
}

func (s *Service) validateUnit(ctx context.Context, c *domain.Chart, id int64, in *UnitInput) error {
	v := &domain.ValidationError{}
	in.Code = textField(v, "code", in.Code, true, 32)
	in.Name = textField(v, "name", in.Name, true, 200)
	in.Letterhead = textField(v, "letterhead", in.Letterhead, false, 1000)
	in.Address = textField(v, "address", in.Address, false, 300)
	in.City = textField(v, "city", in.City, false, 100)
	if !in.Kind.Valid() {
		v.Addf("kind", "err.choose")
	}
	if in.ParentID != 0 {
		if c.Units[in.ParentID] == nil {
			v.Addf("parent_id", "err.not_found")
		} else if id != 0 && c.UnitCycle(id, in.ParentID) {
			v.Addf("parent_id", "org.unit_cycle")
		}
	}
	for _, u := range c.Units {
		if u.ID != id && strings.EqualFold(u.Code, in.Code) && in.Code != "" {
			v.Addf("code", "org.code_taken")
		}
	}
	return v.Err()
}

// CreateUnit adds a unit to the org chart.
func (s *Service) CreateUnit(ctx context.Context, a authz.Actor, in UnitInput) (domain.Unit, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Unit{}, err
	}
	if !authz.CanManageUnit(a, c, in.ParentID) {
		return domain.Unit{}, domain.ErrForbidden
	}
	if err := s.validateUnit(ctx, c, 0, &in); err != nil {
		return domain.Unit{}, err
	}
	u := domain.Unit{ParentID: in.ParentID, Code: in.Code, Name: in.Name, Kind: in.Kind, Letterhead: in.Letterhead, Address: in.Address, City: in.City}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateUnit(ctx, &u); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "unit.create", "unit", u.ID, nil, u)
	})
	return u, err
}

// UpdateUnit edits a unit.
func (s *Service) UpdateUnit(ctx context.Context, a authz.Actor, id int64, in UnitInput) (domain.Unit, error) {
	return s.UpdateUnitAt(ctx, a, id, -1, in)
}

// UpdateUnitAt is UpdateUnit checked against the revision the caller read
// (-1: don't check): a change on a stale one is a conflict.
func (s *Service) UpdateUnitAt(ctx context.Context, a authz.Actor, id int64, revision int, in UnitInput) (domain.Unit, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Unit{}, err
	}
	old, ok := c.Units[id]
	if !ok {
		return domain.Unit{}, domain.ErrNotFound
	}
	if !authz.CanManageUnit(a, c, id) || (in.ParentID != old.ParentID && !authz.CanManageUnit(a, c, in.ParentID)) {
		return domain.Unit{}, domain.ErrForbidden
	}
	if err := s.validateUnit(ctx, c, id, &in); err != nil {
		return domain.Unit{}, err
	}
	u := *old
	u.ParentID, u.Code, u.Name, u.Kind, u.Letterhead, u.Address, u.City = in.ParentID, in.Code, in.Name, in.Kind, in.Letterhead, in.Address, in.City
	if u == *old {
		return u, nil // sent as stored (a retry): nothing to write
	}
	if revision >= 0 && revision != old.Revision {
		return u, domain.Conflict("org.changed_meanwhile")
	}
	structural := u.ParentID != old.ParentID || u.Kind != old.Kind
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := s.reorganise(ctx, tx, structural, func() error { return tx.UpdateUnit(ctx, &u) }); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "unit.update", "unit", u.ID, *old, u)
	})
	return u, err
}

// PositionInput is the editable part of a position.
type PositionInput struct {
	UnitID      int64
	Title       string
	Kind        domain.PositionKind
	ReportsToID int64
	// NonSubstantive: a functional post that blends with the NKO like staff
	// two levels below the head (SPEC §10.6.6); only for functional posts.
	NonSubstantive bool
}

func (s *Service) validatePosition(c *domain.Chart, id int64, in *PositionInput) error {
	v := &domain.ValidationError{}
	in.Title = textField(v, "title", in.Title, true, 200)
	if !in.Kind.Valid() {
		v.Addf("kind", "err.choose")
	}
	if in.NonSubstantive && in.Kind != domain.PosFungsional {
		v.Addf("non_substantive", "org.non_substantive_kind")
	}
	if c.Units[in.UnitID] == nil {
		v.Addf("unit_id", "err.required")
	}
	if in.ReportsToID != 0 {
		switch {
		case c.Positions[in.ReportsToID] == nil:
			v.Addf("reports_to_id", "err.not_found")
		case id != 0 && c.ReportsToCycle(id, in.ReportsToID):
			v.Addf("reports_to_id", "org.reports_cycle")
		}
	}
	if in.Kind == domain.PosHead && c.Units[in.UnitID] != nil {
		for _, pid := range c.UnitPositions(in.UnitID) {
			if pid != id && c.Positions[pid].Kind == domain.PosHead {
				v.Addf("kind", "org.head_exists")
			}
		}
	}
	return v.Err()
}

// CreatePosition adds a position.
func (s *Service) CreatePosition(ctx context.Context, a authz.Actor, in PositionInput) (domain.Position, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Position{}, err
	}
	if !authz.CanManageUnit(a, c, in.UnitID) {
		return domain.Position{}, domain.ErrForbidden
	}
	if err := s.validatePosition(c, 0, &in); err != nil {
		return domain.Position{}, err
	}
	p := domain.Position{UnitID: in.UnitID, Title: in.Title, Kind: in.Kind, ReportsToID: in.ReportsToID, NonSubstantive: in.NonSubstantive}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreatePosition(ctx, &p); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "position.create", "position", p.ID, nil, p)
	})
	return p, err
}

// UpdatePosition edits a position.
func (s *Service) UpdatePosition(ctx context.Context, a authz.Actor, id int64, in PositionInput) (domain.Position, error) {
	return s.UpdatePositionAt(ctx, a, id, -1, in)
}

// UpdatePositionAt is UpdatePosition checked against the revision the caller read
// (-1: don't check): a change on a stale one is a conflict.
func (s *Service) UpdatePositionAt(ctx context.Context, a authz.Actor, id int64, revision int, in PositionInput) (domain.Position, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Position{}, err
	}
	old, ok := c.Positions[id]
	if !ok {
		return domain.Position{}, domain.ErrNotFound
	}
	if !authz.CanManageUnit(a, c, old.UnitID) || !authz.CanManageUnit(a, c, in.UnitID) {
		return domain.Position{}, domain.ErrForbidden
	}
	if err := s.validatePosition(c, id, &in); err != nil {
		return domain.Position{}, err
	}
	p := *old
	p.UnitID, p.Title, p.Kind, p.ReportsToID, p.NonSubstantive = in.UnitID, in.Title, in.Kind, in.ReportsToID, in.NonSubstantive
	if p == *old {
		return p, nil // sent as stored (a retry): nothing to write
	}
	if revision >= 0 && revision != old.Revision {
		return p, domain.Conflict("org.changed_meanwhile")
	}
	structural := p.UnitID != old.UnitID || p.ReportsToID != old.ReportsToID || p.Kind != old.Kind
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := s.reorganise(ctx, tx, structural, func() error { return tx.UpdatePosition(ctx, &p) }); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "position.update", "position", p.ID, *old, p)
	})
	return p, err
}

// EmployeeInput is the editable part of an employee.
type EmployeeInput struct {
	NIP    string
	Name   string
	Email  string
	Grade  string
	Active bool
}

func (s *Service) validateEmployee(ctx context.Context, st *store.Store, id int64, in *EmployeeInput) error {
	v := &domain.ValidationError{}
	in.NIP = domain.NormalizeNIP(in.NIP)
	if in.NIP == "" {
		v.Addf("nip", "err.required")
	} else if k := domain.ValidateNIP(in.NIP, s.Today()); k != "" {
		v.Addf("nip", k)
	} else if other, err := st.GetEmployeeByNIP(ctx, in.NIP); err == nil && other.ID != id {
		v.Addf("nip", "org.nip_taken", "name", other.Name)
	} else if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	in.Name = textField(v, "name", in.Name, true, 200)
	in.Email = textField(v, "email", in.Email, false, 200)
	if in.Email != "" && (!strings.Contains(in.Email, "@") || strings.ContainsAny(in.Email, " <>\"")) {
		v.Addf("email", "err.email")
	}
	in.Grade = textField(v, "grade", in.Grade, false, 100)
	return v.Err()
}

// CreateEmployee adds an employee (placed in a position with Assign).
func (s *Service) CreateEmployee(ctx context.Context, a authz.Actor, in EmployeeInput) (domain.Employee, error) {
	if err := require(a, authz.OrgManage); err != nil {
		return domain.Employee{}, err
	}
	if a.Service != nil { // it writes only in its office: the person must be placed there
		return domain.Employee{}, domain.Invalid("position_id", "svc.employee_needs_position")
	}
	if err := s.validateEmployee(ctx, s.store, 0, &in); err != nil {
		return domain.Employee{}, err
	}
	e := domain.Employee{NIP: in.NIP, Name: in.Name, Email: in.Email, Grade: in.Grade, Active: true}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateEmployee(ctx, &e); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "employee.create", "employee", e.ID, nil, e)
	})
	return e, err
}

// UpdateEmployee edits an employee.
func (s *Service) UpdateEmployee(ctx context.Context, a authz.Actor, id int64, in EmployeeInput) (domain.Employee, error) {
	return s.UpdateEmployeeAt(ctx, a, id, -1, in)
}

// UpdateEmployeeAt is UpdateEmployee checked against the revision the caller read
// (-1: don't check): a change on a stale one is a conflict.
func (s *Service) UpdateEmployeeAt(ctx context.Context, a authz.Actor, id int64, revision int, in EmployeeInput) (domain.Employee, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Employee{}, err
	}
	old, ok := c.Employees[id]
	if !ok {
		return domain.Employee{}, domain.ErrNotFound
	}
	if p, placed := c.Primary(id); !authz.Can(a, authz.OrgManage) || (placed && !authz.InScope(a, c, p.UnitID)) {
		return domain.Employee{}, domain.ErrForbidden
	}
	if err := s.validateEmployee(ctx, s.store, id, &in); err != nil {
		return domain.Employee{}, err
	}
	e := *old
	e.NIP, e.Name, e.Email, e.Grade, e.Active = in.NIP, in.Name, in.Email, in.Grade, in.Active
	if e == *old {
		return e, nil // sent as stored (a retry): nothing to write
	}
	if revision >= 0 && revision != old.Revision {
		return e, domain.Conflict("org.changed_meanwhile")
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateEmployee(ctx, &e); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "employee.update", "employee", e.ID, *old, e)
	})
	return e, err
}

// EmployeeHistory returns an employee's assignments (any signed-in user may read the org chart).
func (s *Service) EmployeeHistory(ctx context.Context, a authz.Actor, employeeID int64) ([]domain.Assignment, error) {
	if err := require(a, authz.OrgRead); err != nil {
		return nil, err
	}
	return s.store.ListAssignmentsOfEmployee(ctx, employeeID)
}

// OrgChart returns today's org chart for reading (every signed-in user may browse it).
func (s *Service) OrgChart(ctx context.Context, a authz.Actor) (*domain.Chart, error) {
	if err := require(a, authz.OrgRead); err != nil {
		return nil, err
	}
	return s.Chart(ctx)
}

// SearchEmployees lists employees whose name or NIP contains q. A NIP typed
// in groups, as pages print it ("19800101 200501 1 001"), is searched as digits.
func (s *Service) SearchEmployees(ctx context.Context, a authz.Actor, q string, limit, offset int) ([]domain.Employee, error) {
	if err := require(a, authz.OrgRead); err != nil {
		return nil, err
	}
	return s.store.ListEmployees(ctx, store.EmployeeFilter{Query: employeeQuery(q), Limit: limit, Offset: offset})
}

// CountEmployees counts the employees SearchEmployees finds for q on all
// its pages together.
func (s *Service) CountEmployees(ctx context.Context, a authz.Actor, q string) (int, error) {
	if err := require(a, authz.OrgRead); err != nil {
		return 0, err
	}
	return s.store.CountEmployees(ctx, store.EmployeeFilter{Query: employeeQuery(q)})
}

// employeeQuery trims a search and reads a grouped NIP as its digits.
func employeeQuery(q string) string {
	q = strings.TrimSpace(q)
	if n := domain.NormalizeNIP(q); n != "" && strings.Trim(n, "0123456789") == "" {
		q = n
	}
	return q
}

// CreateEmployeeIn adds an employee and, when positionID is set, places them
// in that position from start — in one transaction, so a refused placement
// leaves no unplaced employee behind.
func (s *Service) CreateEmployeeIn(ctx context.Context, a authz.Actor, in EmployeeInput, positionID int64, start time.Time) (domain.Employee, error) {
	if positionID == 0 {
		return s.CreateEmployee(ctx, a, in)
	}
	if start.IsZero() {
		start = s.Today()
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Employee{}, err
	}
	pos := c.Positions[positionID]
	if pos == nil {
		return domain.Employee{}, domain.Invalid("position_id", "err.not_found")
	}
	if !authz.CanManageUnit(a, c, pos.UnitID) {
		return domain.Employee{}, domain.ErrForbidden
	}
	if err := s.validateEmployee(ctx, s.store, 0, &in); err != nil {
		return domain.Employee{}, err
	}
	e := domain.Employee{NIP: in.NIP, Name: in.Name, Email: in.Email, Grade: in.Grade, Active: true}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateEmployee(ctx, &e); err != nil {
			return err
		}
		asg := domain.Assignment{EmployeeID: e.ID, PositionID: positionID, StartDate: domain.Day(start)}
		if err := tx.CreateAssignment(ctx, &asg); err != nil {
			return err
		}
		if err := checkOneHolder(ctx, tx, asg); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "employee.create", "employee", e.ID, nil, e); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "assignment.create", "assignment", asg.ID, nil, asg); err != nil {
			return err
		}
		// A new employee's plan starts on the first day.
		return s.followPost(ctx, tx, a, asg)
	})
	return e, err
}

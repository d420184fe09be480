package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const unitCols = `id, parent_id, code, name, kind, letterhead, address, city, created_at, updated_at, revision`

func scanUnit(sc scanner) (domain.Unit, error) {
	var u domain.Unit
	var parent sql.NullInt64
	err := sc.Scan(&u.ID, &parent, &u.Code, &u.Name, &u.Kind, &u.Letterhead, &u.Address, &u.City, &u.CreatedAt, &u.UpdatedAt, &u.Revision)
	u.ParentID = parent.Int64
	return u, err
}

// GetUnit returns one unit.
func (s *Store) GetUnit(ctx context.Context, id int64) (domain.Unit, error) {
	u, err := scanUnit(s.q.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE id = $1`, id))
	return u, wrap(err, "get unit %d", id)
}

// ListUnits returns every unit ordered by code.
func (s *Store) ListUnits(ctx context.Context) ([]domain.Unit, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+unitCols+` FROM units ORDER BY code`)
	if err != nil {
		return nil, wrap(err, "list units")
	}
	defer rows.Close()
	var out []domain.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, wrap(err, "list units")
		}
		out = append(out, u)
	}
	return out, wrap(rows.Err(), "list units")
}

// CreateUnit inserts a unit and sets its ID.
func (s *Store) CreateUnit(ctx context.Context, u *domain.Unit) error {
	now := s.timeNow().UTC()
	u.CreatedAt, u.UpdatedAt = now, now
	err := s.q.QueryRowContext(ctx, `INSERT INTO units (parent_id, code, name, kind, letterhead, address, city, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		nullID(u.ParentID), u.Code, u.Name, u.Kind, u.Letterhead, u.Address, u.City, now, now).Scan(&u.ID)
	return wrap(err, "create unit %q", u.Code)
}

// UpdateUnit saves a unit.
func (s *Store) UpdateUnit(ctx context.Context, u *domain.Unit) error {
	u.UpdatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `UPDATE units SET parent_id = $1, code = $2, name = $3, kind = $4, letterhead = $5,
		address = $6, city = $7, updated_at = $8, revision = revision + 1 WHERE id = $9 RETURNING revision`,
		nullID(u.ParentID), u.Code, u.Name, u.Kind, u.Letterhead, u.Address, u.City, u.UpdatedAt, u.ID).Scan(&u.Revision)
	return wrap(err, "update unit %d", u.ID)
}

const positionCols = `id, unit_id, title, kind, reports_to_id, non_substantive, created_at, updated_at, revision`

func scanPosition(sc scanner) (domain.Position, error) {
	var p domain.Position
	var rep sql.NullInt64
	err := sc.Scan(&p.ID, &p.UnitID, &p.Title, &p.Kind, &rep, &p.NonSubstantive, &p.CreatedAt, &p.UpdatedAt, &p.Revision)
	p.ReportsToID = rep.Int64
	return p, err
}

// GetPosition returns one position.
func (s *Store) GetPosition(ctx context.Context, id int64) (domain.Position, error) {
	p, err := scanPosition(s.q.QueryRowContext(ctx, `SELECT `+positionCols+` FROM positions WHERE id = $1`, id))
	return p, wrap(err, "get position %d", id)
}

// ListPositions returns every position.
func (s *Store) ListPositions(ctx context.Context) ([]domain.Position, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+positionCols+` FROM positions ORDER BY unit_id, id`)
	if err != nil {
		return nil, wrap(err, "list positions")
	}
	defer rows.Close()
	var out []domain.Position
	for rows.Next() {
		p, err := scanPosition(rows)
		if err != nil {
			return nil, wrap(err, "list positions")
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list positions")
}

// CreatePosition inserts a position and sets its ID.
func (s *Store) CreatePosition(ctx context.Context, p *domain.Position) error {
	now := s.timeNow().UTC()
	p.CreatedAt, p.UpdatedAt = now, now
	err := s.q.QueryRowContext(ctx, `INSERT INTO positions (unit_id, title, kind, reports_to_id, non_substantive, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		p.UnitID, p.Title, p.Kind, nullID(p.ReportsToID), p.NonSubstantive, now, now).Scan(&p.ID)
	return wrap(err, "create position %q", p.Title)
}

// UpdatePosition saves a position.
func (s *Store) UpdatePosition(ctx context.Context, p *domain.Position) error {
	p.UpdatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `UPDATE positions SET unit_id = $1, title = $2, kind = $3, reports_to_id = $4, non_substantive = $5, updated_at = $6,
		revision = revision + 1 WHERE id = $7 RETURNING revision`,
		p.UnitID, p.Title, p.Kind, nullID(p.ReportsToID), p.NonSubstantive, p.UpdatedAt, p.ID).Scan(&p.Revision)
	return wrap(err, "update position %d", p.ID)
}

const employeeCols = `id, nip, name, email, grade, active, created_at, updated_at, revision`

func scanEmployee(sc scanner) (domain.Employee, error) {
	var e domain.Employee
	err := sc.Scan(&e.ID, &e.NIP, &e.Name, &e.Email, &e.Grade, &e.Active, &e.CreatedAt, &e.UpdatedAt, &e.Revision)
	return e, err
}

// GetEmployee returns one employee.
func (s *Store) GetEmployee(ctx context.Context, id int64) (domain.Employee, error) {
	e, err := scanEmployee(s.q.QueryRowContext(ctx, `SELECT `+employeeCols+` FROM employees WHERE id = $1`, id))
	return e, wrap(err, "get employee %d", id)
}

// GetEmployeeByNIP returns the employee with the given NIP.
func (s *Store) GetEmployeeByNIP(ctx context.Context, nip string) (domain.Employee, error) {
	e, err := scanEmployee(s.q.QueryRowContext(ctx, `SELECT `+employeeCols+` FROM employees WHERE nip = $1`, nip))
	return e, wrap(err, "get employee by NIP")
}

// EmployeeFilter narrows ListEmployees.
type EmployeeFilter struct {
	Query  string // matches name or NIP
	Limit  int
	Offset int
}

// where returns the condition of the filter's query and its arguments.
func (f EmployeeFilter) where() (string, []any) {
	if f.Query == "" {
		return "", nil
	}
	return ` WHERE LOWER(name) LIKE $1 OR nip LIKE $1`, []any{"%" + strings.ToLower(f.Query) + "%"}
}

// ListEmployees returns employees ordered by name.
func (s *Store) ListEmployees(ctx context.Context, f EmployeeFilter) ([]domain.Employee, error) {
	cond, args := f.where()
	q := `SELECT ` + employeeCols + ` FROM employees` + cond + ` ORDER BY name, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + itoa(f.Limit) + ` OFFSET ` + itoa(f.Offset)
	}
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list employees")
	}
	defer rows.Close()
	var out []domain.Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, wrap(err, "list employees")
		}
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "list employees")
}

// CountEmployees counts the employees ListEmployees would return without
// its limit and offset.
func (s *Store) CountEmployees(ctx context.Context, f EmployeeFilter) (int, error) {
	cond, args := f.where()
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees`+cond, args...).Scan(&n)
	return n, wrap(err, "count employees")
}

// CreateEmployee inserts an employee and sets its ID.
func (s *Store) CreateEmployee(ctx context.Context, e *domain.Employee) error {
	now := s.timeNow().UTC()
	e.CreatedAt, e.UpdatedAt = now, now
	err := s.q.QueryRowContext(ctx, `INSERT INTO employees (nip, name, email, grade, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.NIP, e.Name, e.Email, e.Grade, e.Active, now, now).Scan(&e.ID)
	return wrap(err, "create employee")
}

// UpdateEmployee saves an employee.
func (s *Store) UpdateEmployee(ctx context.Context, e *domain.Employee) error {
	e.UpdatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `UPDATE employees SET nip = $1, name = $2, email = $3, grade = $4, active = $5, updated_at = $6,
		revision = revision + 1 WHERE id = $7 RETURNING revision`,
		e.NIP, e.Name, e.Email, e.Grade, e.Active, e.UpdatedAt, e.ID).Scan(&e.Revision)
	return wrap(err, "update employee %d", e.ID)
}

const assignmentCols = `id, employee_id, position_id, start_date, end_date, acting, note, created_at`

func scanAssignment(sc scanner) (domain.Assignment, error) {
	var a domain.Assignment
	var end sql.NullTime
	err := sc.Scan(&a.ID, &a.EmployeeID, &a.PositionID, &a.StartDate, &end, &a.Acting, &a.Note, &a.CreatedAt)
	a.EndDate = end.Time
	return a, err
}

// ListAssignments returns every assignment, oldest first.
func (s *Store) ListAssignments(ctx context.Context) ([]domain.Assignment, error) {
	return s.listAssignments(ctx, `SELECT `+assignmentCols+` FROM assignments ORDER BY start_date, id`)
}

// ListAssignmentsOfEmployee returns the assignment history of one employee.
func (s *Store) ListAssignmentsOfEmployee(ctx context.Context, employeeID int64) ([]domain.Assignment, error) {
	return s.listAssignments(ctx, `SELECT `+assignmentCols+` FROM assignments WHERE employee_id = $1 ORDER BY start_date, id`, employeeID)
}

// ListAssignmentsOfPosition returns the assignments of one position, oldest first.
func (s *Store) ListAssignmentsOfPosition(ctx context.Context, positionID int64) ([]domain.Assignment, error) {
	return s.listAssignments(ctx, `SELECT `+assignmentCols+` FROM assignments WHERE position_id = $1 ORDER BY start_date, id`, positionID)
}

func (s *Store) listAssignments(ctx context.Context, q string, args ...any) ([]domain.Assignment, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list assignments")
	}
	defer rows.Close()
	var out []domain.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, wrap(err, "list assignments")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "list assignments")
}

// CreateAssignment inserts an assignment and sets its ID.
func (s *Store) CreateAssignment(ctx context.Context, a *domain.Assignment) error {
	a.CreatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `INSERT INTO assignments (employee_id, position_id, start_date, end_date, acting, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.EmployeeID, a.PositionID, domain.Day(a.StartDate), nullDate(a.EndDate), a.Acting, a.Note, a.CreatedAt).Scan(&a.ID)
	return wrap(err, "create assignment")
}

// EndAssignment sets the last day of an assignment.
func (s *Store) EndAssignment(ctx context.Context, id int64, end time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE assignments SET end_date = $1 WHERE id = $2`, domain.Day(end), id)
	return wrap(err, "end assignment %d", id)
}

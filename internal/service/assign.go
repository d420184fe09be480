package service

import (
	"context"
	"slices"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// AssignInput places an employee in a position from a date. A definitive
// assignment ends the employee's previous definitive one the day before
// (a transfer); an acting one (Plt/Plh) runs beside it until EndDate.
type AssignInput struct {
	EmployeeID int64
	PositionID int64
	StartDate  time.Time
	EndDate    time.Time
	Acting     domain.ActingKind
	Note       string
}

// Assign records a transfer, a first placement or an acting appointment
// (SPEC §13), and moves the employee's plans with the post.
func (s *Service) Assign(ctx context.Context, a authz.Actor, in AssignInput) (domain.Assignment, error) {
	// The role first: without it, validation errors would tell a caller
	// who may not assign anyone which positions and employees exist.
	if err := require(a, authz.OrgManage); err != nil {
		return domain.Assignment{}, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Assignment{}, err
	}
	pos, ok := c.Positions[in.PositionID]
	v := &domain.ValidationError{}
	if !ok {
		v.Addf("position_id", "err.required")
	}
	if c.Employees[in.EmployeeID] == nil {
		v.Addf("employee_id", "err.required")
	}
	if in.StartDate.IsZero() {
		v.Addf("start_date", "err.required")
	}
	if !in.Acting.Valid() {
		v.Addf("acting", "err.choose")
	}
	if in.Acting != domain.ActingNone && in.EndDate.IsZero() {
		v.Addf("end_date", "org.acting_needs_end")
	}
	if !in.EndDate.IsZero() && in.EndDate.Before(in.StartDate) {
		v.Addf("end_date", "err.end_before_start")
	}
	in.Note = textField(v, "note", in.Note, false, 500)
	if err := v.Err(); err != nil {
		return domain.Assignment{}, err
	}
	in.StartDate, in.EndDate = domain.Day(in.StartDate), dayOrZero(in.EndDate)
	if !authz.CanManageUnit(a, c, pos.UnitID) {
		return domain.Assignment{}, domain.ErrForbidden
	}
	history, err := s.store.ListAssignmentsOfEmployee(ctx, in.EmployeeID)
	if err != nil {
		return domain.Assignment{}, err
	}
	// Besides the posts held today, those held from the start on are the
	// ones a definitive post ends (a back-dated one rewrites their history).
	units := []int64{pos.UnitID}
	for _, h := range history {
		if p := c.Positions[h.PositionID]; p != nil && h.Acting == domain.ActingNone && (h.EndDate.IsZero() || !h.EndDate.Before(in.StartDate)) {
			units = append(units, p.UnitID)
		}
	}
	if !authz.CanMoveEmployee(a, c, in.EmployeeID, units...) {
		return domain.Assignment{}, domain.Refuse("org.move_other_office")
	}
	asg := domain.Assignment{EmployeeID: in.EmployeeID, PositionID: in.PositionID, StartDate: in.StartDate, EndDate: in.EndDate, Acting: in.Acting, Note: in.Note}
	ends, err := domain.CheckMove(history, asg)
	if err != nil {
		return domain.Assignment{}, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		for _, h := range ends {
			after := h
			after.EndDate = in.StartDate.AddDate(0, 0, -1)
			if err := tx.EndAssignment(ctx, h.ID, after.EndDate); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.act(a), "assignment.end", "assignment", h.ID, h, after); err != nil {
				return err
			}
		}
		if err := tx.CreateAssignment(ctx, &asg); err != nil {
			return err
		}
		if err := s.checkHeadsCovered(ctx, tx, in.EmployeeID, ends, in.StartDate); err != nil {
			return err
		}
		if err := s.followPost(ctx, tx, a, asg); err != nil {
			return err
		}
		if err := orgChanged(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "assignment.create", "assignment", asg.ID, nil, asg)
	})
	return asg, err
}

// EndAssignment closes an assignment on a date: the end of an acting
// appointment, or an employee leaving (retirement, a move out of the
// organisation), whose plans then end that day.
func (s *Service) EndAssignment(ctx context.Context, a authz.Actor, employeeID, assignmentID int64, end time.Time) error {
	c, err := s.Chart(ctx)
	if err != nil {
		return err
	}
	history, err := s.store.ListAssignmentsOfEmployee(ctx, employeeID)
	if err != nil {
		return err
	}
	end = domain.Day(end)
	for _, h := range history {
		if h.ID != assignmentID {
			continue
		}
		pos := c.Positions[h.PositionID]
		if pos == nil || !authz.CanManageUnit(a, c, pos.UnitID) {
			return domain.ErrForbidden
		}
		if end.Before(h.StartDate) {
			return domain.Invalid("end_date", "err.end_before_start")
		}
		return s.store.InTx(ctx, func(tx *store.Store) error {
			if err := tx.EndAssignment(ctx, h.ID, end); err != nil {
				return err
			}
			after := h
			after.EndDate = end
			if h.Acting == domain.ActingNone {
				if err := s.checkHeadsCovered(ctx, tx, employeeID, []domain.Assignment{h}, end.AddDate(0, 0, 1)); err != nil {
					return err
				}
				if err := s.endPlans(ctx, tx, a, after); err != nil {
					return err
				}
			}
			if err := orgChanged(ctx, tx); err != nil {
				return err
			}
			return audit.Record(ctx, tx, s.act(a), "assignment.end", "assignment", h.ID, h, after)
		})
	}
	return domain.ErrNotFound
}

// checkHeadsCovered refuses to leave an office without its head: when emp
// leaves a head's post from day, someone else must hold it (a successor or a
// Plt/Plh) that day. Run inside the transaction, after the change, so a
// successor recorded first counts.
func (s *Service) checkHeadsCovered(ctx context.Context, tx *store.Store, emp int64, left []domain.Assignment, day time.Time) error {
	if len(left) == 0 {
		return nil
	}
	c, err := s.loadChart(ctx, tx, day)
	if err != nil {
		return err
	}
	for _, h := range left {
		p := c.Positions[h.PositionID]
		if p == nil || p.Kind != domain.PosHead {
			continue
		}
		if !slices.ContainsFunc(c.Holders(p.ID), func(x domain.Holding) bool { return x.EmployeeID != emp }) {
			return domain.Refuse("org.head_needs_successor", "position", p.Title)
		}
	}
	return nil
}

// dayOrZero truncates a date, keeping the zero date (open end) as it is.
func dayOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return domain.Day(t)
}

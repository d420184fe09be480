package service_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The head's post is never left empty by a move: the successor or a Plt
// is recorded first (SPEC §13).
func TestMovingTheHeadNeedsASuccessorOrPlt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		head := o.A.Head.ID
		move := service.AssignInput{EmployeeID: head, PositionID: o.B.SecHeadPos.ID, StartDate: day(2026, 12, 1)}
		before := auditCount(t, s)
		if _, err := o.svc.Assign(ctx, o.admin, move); refusal(err) != "org.head_needs_successor" {
			t.Fatalf("moving the head alone: %v", err)
		}
		h := history(t, o, head)
		if err := o.svc.EndAssignment(ctx, o.admin, head, h[0].ID, day(2026, 12, 31)); refusal(err) != "org.head_needs_successor" {
			t.Fatalf("the head leaving alone: %v", err)
		}
		if got := auditCount(t, s); got != before || len(history(t, o, head)) != 1 || !history(t, o, head)[0].EndDate.IsZero() {
			t.Fatal("a refused move changed something")
		}
		// A Plt from the day the head leaves lets the head go.
		plt := service.AssignInput{EmployeeID: o.A.SecHead.ID, PositionID: o.A.HeadPos.ID, StartDate: day(2026, 12, 1), EndDate: day(2027, 3, 31), Acting: domain.ActingPlt}
		if _, err := o.svc.Assign(ctx, o.admin, plt); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Assign(ctx, o.admin, move); err != nil {
			t.Fatalf("moving the head with a Plt in place: %v", err)
		}
		c, err := o.svc.ChartOn(ctx, day(2026, 12, 1))
		if err != nil {
			t.Fatal(err)
		}
		if c.Head(o.A.Unit.ID) != o.A.SecHead.ID {
			t.Errorf("on 1 December office A is headed by %d, want the Plt", c.Head(o.A.Unit.ID))
		}
	})
}

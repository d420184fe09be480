package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// staffPosition returns the first staff position of a demo section.
func (e *env) staffPosition(section string) int64 {
	e.t.Helper()
	c, err := e.svc.Chart(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	p, ok := c.Primary(e.off.Staff[section][0])
	if !ok {
		e.t.Fatal("unplaced staff")
	}
	return p.ID
}

// A transfer and an acting appointment through the API, and the history.
func TestAssignmentsAPI(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			emp := e.off.Staff["PD"][1]
			path := fmt.Sprintf("/employees/%d/assignments", emp)
			bank := e.staffPosition("BANK")
			body := map[string]any{"position_id": bank, "start_date": "2026-11-01", "kind": "definitive", "note": "mutasi"}
			// Staff may not move anyone; bad input names its field.
			e.call(e.staffBank, "POST", path, body, 403, nil)
			var p problem
			e.call(e.pengelola, "POST", path, map[string]any{"position_id": bank, "start_date": "2026-11-01", "kind": "plt"}, 422, &p)
			if !pointsAt(p, "body.end_date") {
				t.Errorf("a Plt without an end: %+v", p)
			}
			e.call(e.pengelola, "POST", path, map[string]any{"position_id": bank, "start_date": "2020-01-01"}, 422, &p)
			if !pointsAt(p, "body.start_date") {
				t.Errorf("a start before the current post: %+v", p)
			}

			var got api.Assignment
			e.call(e.pengelola, "POST", path, body, 201, &got)
			if got.PositionID != bank || got.Kind != "definitive" || got.StartDate != "2026-11-01" || got.EndDate != "" || got.Note != "mutasi" {
				t.Errorf("created %+v", got)
			}
			// The plans follow the post: the old SKP ends the day before, a draft starts on the day.
			var plans struct {
				Items []api.PlanSummary `json:"items"`
			}
			e.call(e.pengelola, "GET", fmt.Sprintf("/plans?year=%d&employee=%d", e.off.Year, emp), nil, 200, &plans)
			if len(plans.Items) != 2 {
				t.Fatalf("plans of the moved employee: %+v", plans.Items)
			}
			old, cur := plans.Items[0], plans.Items[1]
			if old.Period.Start > cur.Period.Start {
				old, cur = cur, old
			}
			if old.Period != (api.Period{Start: fmt.Sprintf("%d-01-01", e.off.Year), End: "2026-10-31"}) ||
				cur.Period != (api.Period{Start: "2026-11-01", End: "2026-12-31"}) || cur.Latest.Status != "draft" || cur.Position.ID != bank {
				t.Errorf("periods: old %+v, new %+v", old, cur)
			}
			if len(old.Approvers) != 1 || old.Approvers[0].ID != e.off.SectionLed["PD"] || len(cur.Approvers) != 1 || cur.Approvers[0].ID != e.off.SectionLed["BANK"] {
				t.Errorf("approvers: old %+v, new %+v", old.Approvers, cur.Approvers)
			}
			var one api.Plan
			e.call(e.kasiPD, "GET", fmt.Sprintf("/plans/%d", old.ID), nil, 200, &one)
			if one.Period != old.Period {
				t.Errorf("the plan's period: %+v", one.Period)
			}
			e.call(e.kasiPD, "GET", fmt.Sprintf("/plans/%d", cur.ID), nil, 403, nil)

			plh := map[string]any{"position_id": mustHeadPosition(t, e), "start_date": "2026-11-10", "end_date": "2026-11-20", "kind": "plh"}
			e.call(e.pengelola, "POST", path, plh, 201, nil)

			var list struct {
				Items []api.Assignment `json:"items"`
				Total int              `json:"total"`
			}
			e.call(e.staffBank, "GET", path, nil, 200, &list)
			if list.Total != 3 || list.Items[0].Kind != "plh" || list.Items[0].EndDate != "2026-11-20" ||
				list.Items[1].ID != got.ID || list.Items[2].EndDate != "2026-10-31" {
				t.Errorf("history, newest first: %+v", list.Items)
			}
			e.call(e.pengelola, "GET", "/employees/999999/assignments", nil, 404, nil)
		})
	}
}

func mustHeadPosition(t *testing.T, e *env) int64 {
	t.Helper()
	c, err := e.svc.Chart(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, pid := range c.UnitPositions(e.off.OfficeID) {
		if c.Positions[pid].Kind == domain.PosHead {
			return pid
		}
	}
	t.Fatal("no head position")
	return 0
}

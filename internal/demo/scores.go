package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// seedScores gives the behaviour assessments of the closed quarters: each
// supervisor scores their people, and in the Bank section a peer scores too;
// one employee has a discipline penalty recorded by the pengelola kinerja.
func seedScores(ctx context.Context, svc *service.Service, clk *clock, off *Office) error {
	sys := service.SystemActor()
	plans, err := svc.ListPlans(ctx, sys, off.Year, off.OfficeID)
	if err != nil {
		return err
	}
	closed := calendarOf(off.Year, clk.cap).closed
	if closed < 2 {
		return nil // the story's peer assessment and penalty are of Q2
	}
	for q := 1; q <= closed; q++ {
		clk.set(domain.QuarterEnd(off.Year, q).AddDate(0, 0, 15))
		for i, p := range plans {
			if !p.Approved || !p.Plan.InQuarter(q) {
				continue
			}
			// The supervisor of the plan's period assesses it.
			pc, err := svc.ChartOn(ctx, authz.PlanDay(p.Plan, clk.now))
			if err != nil {
				return err
			}
			sups := pc.Supervisors(p.Plan.EmployeeID)
			if len(sups) == 0 {
				continue // the head is assessed by the office above
			}
			sup, err := actorOf(ctx, svc, sups[0])
			if err != nil {
				return err
			}
			if err := svc.SaveBehaviour(ctx, sup, p.Plan.ID, q, behaviourFor(i, q)); err != nil {
				return fmt.Errorf("behaviour of %s: %w", p.Employee.Name, err)
			}
			clk.set(clk.now.Add(time.Minute))
		}
	}
	bank := off.Staff["BANK"]
	if len(bank) >= 2 {
		peer, err := actorOf(ctx, svc, bank[1])
		if err != nil {
			return err
		}
		p, err := svc.MyPlan(ctx, mustActor(ctx, svc, bank[0]), off.Year)
		if err == nil && p.ID != 0 {
			if err := svc.SaveBehaviour(ctx, peer, p.ID, 2, behaviourFor(3, 7)); err != nil {
				return err
			}
		}
	}
	pengelola, err := actorOf(ctx, svc, off.Pengelola)
	if err != nil {
		return err
	}
	if staff := off.Staff["PD"]; len(staff) > 1 {
		p, err := svc.MyPlan(ctx, mustActor(ctx, svc, staff[1]), off.Year)
		if err == nil && p.ID != 0 {
			return svc.SaveAdjustment(ctx, pengelola, p.ID, 2, 2, 0, 0,
				"Hukuman disiplin ringan (teguran tertulis) karena tidak masuk kerja tanpa keterangan selama tiga hari pada bulan Mei.")
		}
	}
	return nil
}

func mustActor(ctx context.Context, svc *service.Service, emp int64) (a authz.Actor) {
	a, _ = actorOf(ctx, svc, emp)
	return a
}

// behaviourFor gives plausible scores around 100 that differ by person and quarter.
func behaviourFor(i, q int) []float64 {
	out := make([]float64, len(domain.BehaviourAspects))
	for k := range out {
		out[k] = 92 + math.Mod(float64(i*7+q*5+k*3), 17)
	}
	return out
}

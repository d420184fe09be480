package service_test

import (
	"errors"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

func TestStrategyMapStartsWithTheRuleSetDefaults(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		v, err := o.svc.StrategyMap(o.ctx, o.as(o.bank1), o.year, o.officeID)
		o.must(err)
		if v.Exists || v.CanManage {
			t.Errorf("fresh map: exists %v, a clerk may manage %v", v.Exists, v.CanManage)
		}
		var got []float64
		for _, p := range v.Map.Perspectives {
			got = append(got, p.Weight)
		}
		if len(got) != 4 || got[0] != 30 || got[1] != 25 || got[2] != 25 || got[3] != 20 {
			t.Errorf("default weights = %v, want 30 25 25 20", got)
		}
		for _, who := range []int64{o.head, o.pengelola} {
			v, err := o.svc.StrategyMap(o.ctx, o.as(who), o.year, o.officeID)
			o.must(err)
			if !v.CanManage {
				t.Errorf("employee %d may not manage the map", who)
			}
		}
		if _, err := o.svc.StrategyMap(o.ctx, o.as(o.head), o.year, o.bank); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a section's map: %v, want not found", err)
		}
	})
}

func TestPerspectiveWeightsMustAddUpTo100(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		head := o.as(o.head)
		set := func(ws ...float64) error {
			var in []service.PerspectiveInput
			for i, k := range domain.PerspectiveKinds {
				in = append(in, service.PerspectiveInput{Kind: k, Weight: ws[i], Present: ws[i] != 0})
			}
			_, err := o.svc.SetPerspectives(o.ctx, head, o.year, o.officeID, in)
			return err
		}
		if err := set(30, 25, 25, 25); fieldOf(err, "") != "strategy.weights_sum" {
			t.Errorf("105 in all: %v", err)
		}
		if err := set(0, 35, 35, 20); fieldOf(err, "") != "strategy.weights_sum" {
			t.Errorf("90 without stakeholder: %v", err)
		}
		if err := set(0, 0, 0, 0); fieldOf(err, "") != "strategy.no_perspective" {
			t.Errorf("no perspective: %v", err)
		}
		_, err := o.svc.SetPerspectives(o.ctx, head, o.year, o.officeID, []service.PerspectiveInput{{Kind: domain.PerspCustomer, Weight: 120, Present: true}})
		if fieldOf(err, "weight_customer") != "strategy.weight_range" {
			t.Errorf("weight 120: %v", err)
		}
		if v, _ := o.svc.StrategyMap(o.ctx, head, o.year, o.officeID); v.Exists {
			t.Error("a refused change created the map")
		}
		o.must(set(0, 35, 35, 30))
		v, err := o.svc.StrategyMap(o.ctx, head, o.year, o.officeID)
		o.must(err)
		if !v.Exists || len(v.Map.Perspectives) != 3 || v.Map.Perspectives[0].Kind != domain.PerspCustomer || v.Map.Perspectives[0].Weight != 35 {
			t.Errorf("map without stakeholder = %+v", v.Map.Perspectives)
		}
		// Only the head and the pengelola kinerja may change it.
		for _, a := range []int64{o.kasiBank, o.bank1} {
			if _, err := o.svc.SetPerspectives(o.ctx, o.as(a), o.year, o.officeID, nil); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("employee %d: %v, want forbidden", a, err)
			}
		}
		if _, err := o.svc.SetPerspectives(o.ctx, o.pemeriksa, o.year, o.officeID, nil); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("pemeriksa: %v, want forbidden", err)
		}
		// A perspective holding objectives cannot be dropped.
		_, err = o.svc.SaveObjective(o.ctx, head, o.year, o.officeID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspLearning, Code: "SS-9", Name: "SDM"})
		o.must(err)
		if err := set(0, 50, 50, 0); fieldOf(err, "") != "strategy.perspective_has_objectives" {
			t.Errorf("dropping a perspective with objectives: %v", err)
		}
	})
}

func TestObjectiveLinksPointUpOnly(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		head := o.as(o.head)
		ss1, ss2, ss3 := o.objectives()
		save := func(id int64, kind domain.PerspectiveKind, code string, supports ...int64) error {
			_, err := o.svc.SaveObjective(o.ctx, head, o.year, o.officeID, id, service.ObjectiveInput{PerspectiveKind: kind, Code: code, Name: "Sasaran " + code, Supports: supports})
			return err
		}
		// Internal process may support customer and stakeholder, two bands up.
		o.must(save(ss3, domain.PerspInternal, "SS-3", ss2, ss1))
		if err := save(ss1, domain.PerspStakeholder, "SS-1", ss2); fieldOf(err, "supports") != "strategy.link_up_only" {
			t.Errorf("stakeholder supporting customer: %v", err)
		}
		if err := save(0, domain.PerspCustomer, "SS-4", ss2); fieldOf(err, "supports") != "strategy.link_up_only" {
			t.Errorf("a link within the same perspective: %v", err)
		}
		if err := save(ss2, domain.PerspCustomer, "SS-2", ss2); fieldOf(err, "supports") != "strategy.link_up_only" {
			t.Errorf("a link to itself: %v", err)
		}
		if err := save(0, domain.PerspCustomer, "SS-4", 99999); fieldOf(err, "supports") != "strategy.link_up_only" {
			t.Errorf("a link to nowhere: %v", err)
		}
		if err := save(0, domain.PerspCustomer, "ss-1"); fieldOf(err, "code") != "strategy.code_taken" {
			t.Errorf("a taken code: %v", err)
		}
		// Moving a supported objective down to or below its supporters would turn their arrows down.
		if err := save(ss1, domain.PerspCustomer, "SS-1"); fieldOf(err, "perspective") != "strategy.link_up_only" {
			t.Errorf("moving SS-1 beside SS-2, which supports it: %v", err)
		}
		if err := save(ss2, domain.PerspInternal, "SS-2", ss1); fieldOf(err, "perspective") != "strategy.link_up_only" {
			t.Errorf("moving SS-2 beside SS-3, which supports it: %v", err)
		}
		v, err := o.svc.StrategyMap(o.ctx, head, o.year, o.officeID)
		o.must(err)
		want := []domain.ObjectiveLink{{FromID: ss2, ToID: ss1}, {FromID: ss3, ToID: ss1}, {FromID: ss3, ToID: ss2}}
		if len(v.Map.Links) != len(want) {
			t.Fatalf("links = %v, want %v", v.Map.Links, want)
		}
		for i := range want {
			if v.Map.Links[i] != want[i] {
				t.Errorf("links = %v, want %v", v.Map.Links, want)
			}
		}
		if _, err := o.svc.SaveObjective(o.ctx, o.as(o.kasiBank), o.year, o.officeID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspCustomer, Code: "SS-5", Name: "x"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a Kasi adding an objective: %v", err)
		}
	})
}

func TestObjectiveInUseCannotBeDeleted(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		head := o.as(o.head)
		ss1, ss2, _ := o.objectives()
		o.pk(ss1)
		if err := o.svc.DeleteObjective(o.ctx, head, o.year, o.officeID, ss1); refusal(err) != "strategy.objective_in_use" {
			t.Errorf("deleting an objective with IKUs: %v", err)
		}
		if err := o.svc.DeleteObjective(o.ctx, o.as(o.bank1), o.year, o.officeID, ss2); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a clerk deleting an objective: %v", err)
		}
		// An unused one goes, with its links.
		o.must(o.svc.DeleteObjective(o.ctx, o.as(o.pengelola), o.year, o.officeID, ss2))
		v, err := o.svc.StrategyMap(o.ctx, head, o.year, o.officeID)
		o.must(err)
		if len(v.Map.Objectives) != 2 || len(v.Map.Links) != 0 {
			t.Errorf("after delete: %d objectives, links %v", len(v.Map.Objectives), v.Map.Links)
		}
		if err := o.svc.DeleteObjective(o.ctx, head, o.year, o.officeID, ss2); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

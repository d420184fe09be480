package service_test

import (
	"errors"
	"math"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
)

func TestK3ReviewListsTheWeakestFirst(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.head)
		head := o.as(o.head)
		good := o.add(head, p.ID, iku("1a", ss1, 4, 5, 4, 5)) // proxy×moderate 1.0, 18 > max(10, 12) → 1.2
		weak := iku("1b", ss1, 1, 1, 1, 1)                    // activity×moderate 0.8, 4 < 10 → 0.8
		weak.Manual.Validity = "activity"
		low := o.add(head, p.ID, weak)
		vague := iku("1c", ss1, 1, 1, 1, 1) // an existing indicator without last year's figures
		vague.Manual.PrevTarget, vague.Manual.PrevRealisation = calc.Opt{}, calc.Opt{}
		unknown := o.add(head, p.ID, vague)

		rows, err := o.svc.K3Review(o.ctx, o.as(o.pengelola), o.year, o.officeID)
		o.must(err)
		if len(rows) != 3 {
			t.Fatalf("%d rows", len(rows))
		}
		if rows[0].LineID != unknown.LineID || rows[0].K3 != nil || rows[0].Problem == "" {
			t.Errorf("first row = %+v, want the line without K3", rows[0])
		}
		if rows[1].LineID != low.LineID || !rows[1].Low || math.Abs(rows[1].K3.K3-0.8) > 1e-9 {
			t.Errorf("second row = %+v, want K3 0.8 flagged low", rows[1])
		}
		if rows[2].LineID != good.LineID || rows[2].Low || math.Abs(rows[2].K3.K3-1.1) > 1e-9 || rows[2].Owner != "Kepala" {
			t.Errorf("third row = %+v, want K3 1.1", rows[2])
		}
		// The plan cannot be submitted while a K3 is missing.
		if _, err := o.svc.SubmitPlan(o.ctx, head, p.ID, -1); fieldOf(err, "warning_0") != "plan.line_incomplete" {
			t.Errorf("submitting with an incomplete manual: %v", err)
		}
		if _, err := o.svc.K3Review(o.ctx, o.as(o.bank1), o.year, o.officeID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a clerk reading the K3 review: %v", err)
		}
		if _, err := o.svc.K3Review(o.ctx, o.pemeriksa, o.year, o.officeID); err != nil {
			t.Errorf("the pemeriksa reading the K3 review: %v", err)
		}
	})
}

func TestLineReviewThread(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		p := o.skp(o.bank1, 3)
		line := o.view(p.ID).Lines[0].LineID
		for _, a := range []authz.Actor{o.as(o.bank1), o.as(o.kasiBank), o.as(o.head), o.as(o.pengelola)} {
			if _, err := o.svc.AddLineComment(o.ctx, a, line, "Catatan dari "+a.User.Username); err != nil {
				t.Errorf("%s commenting: %v", a.User.Username, err)
			}
		}
		if _, err := o.svc.AddLineComment(o.ctx, o.as(o.bank1), line, " "); fieldOf(err, "body") != "err.required" {
			t.Errorf("an empty remark: %v", err)
		}
		list, write, err := o.svc.LineComments(o.ctx, o.pemeriksa, line)
		o.must(err)
		if len(list) != 4 || write || list[0].AuthorID != o.as(o.bank1).User.ID {
			t.Errorf("pemeriksa sees %d remarks, may write %v", len(list), write)
		}
		if _, err := o.svc.AddLineComment(o.ctx, o.pemeriksa, line, "x"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("the pemeriksa commenting: %v", err)
		}
		for _, a := range []authz.Actor{o.as(o.bank2), o.as(o.kasiUmum)} {
			if _, _, err := o.svc.LineComments(o.ctx, a, line); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("%s reading another's thread: %v", a.User.Username, err)
			}
		}
	})
}

package service_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

func TestAnnualTargetIsDerivedFromTheQuarters(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.head)
		cases := []struct {
			cons    string
			targets [4]calc.Opt
			annual  float64
			toDate  [4]float64
		}{
			{"sum", targets(4, 5, 4, 5), 18, [4]float64{4, 9, 13, 18}},
			{"average", targets(4, 5, 4, 5), 4.5, [4]float64{4, 4.5, 13.0 / 3, 4.5}},
			{"last", targets(90, 92, 94, 95), 95, [4]float64{90, 92, 94, 95}},
			{"sum", [4]calc.Opt{calc.Some(4), {}, calc.Some(4), calc.Some(5)}, 13, [4]float64{4, 4, 8, 13}},
		}
		for i, c := range cases {
			in := iku(fmt.Sprintf("A%d", i), ss1)
			in.Targets, in.Manual.PeriodConsolidation = c.targets, c.cons
			l := o.add(o.as(o.head), p.ID, in)
			lv := o.view(p.ID).Lines[i]
			if lv.LineID != l.LineID || !lv.Annual.OK || math.Abs(lv.Annual.V-c.annual) > 1e-9 {
				t.Errorf("%s %v: annual %v, want %v", c.cons, c.targets, lv.Annual, c.annual)
			}
			for q := range 4 {
				if !lv.ToDate[q].OK || math.Abs(lv.ToDate[q].V-c.toDate[q]) > 1e-9 {
					t.Errorf("%s %v: to date TW %d = %v, want %v", c.cons, c.targets, q+1, lv.ToDate[q], c.toDate[q])
				}
			}
		}
		// A typed annual target must agree with the quarters.
		in := iku("B1", ss1, 4, 5, 4, 5)
		in.AnnualTarget = calc.Some(20)
		_, err := o.svc.SaveLine(o.ctx, o.as(o.head), p.ID, 0, -1, in)
		if fieldOf(err, "annual_target") != "plan.annual_disagrees" {
			t.Fatalf("annual 20 for 4+5+4+5: %v", err)
		}
		var ve *domain.ValidationError
		errors.As(err, &ve)
		if d := ve.Fields["annual_target"].Args["derived"]; d != 18.0 {
			t.Errorf("the refusal names %v as the derived target, want 18", d)
		}
		in.AnnualTarget = calc.Some(18)
		o.add(o.as(o.head), p.ID, in)
	})
}

func TestLineValidationFollowsTheManualRules(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.head)
		head := o.as(o.head)
		try := func(edit func(in *service.LineInput)) error {
			in := iku("X1", ss1, 4, 5, 4, 5)
			edit(&in)
			_, err := o.svc.SaveLine(o.ctx, head, p.ID, 0, -1, in)
			return err
		}
		cases := []struct {
			name, field, key string
			edit             func(in *service.LineInput)
		}{
			{"exact with high control", "control", "plan.quality_forbidden", func(in *service.LineInput) { in.Manual.Validity, in.Manual.Control = "exact", "high" }},
			{"activity with low control", "control", "plan.quality_forbidden", func(in *service.LineInput) { in.Manual.Validity, in.Manual.Control = "activity", "low" }},
			{"stabilize without a scale", "scale", "plan.scale_required", func(in *service.LineInput) { in.Manual.Polarity = "stabilize" }},
			{"minimize with a 0 target and no worst", "worst", "calc", func(in *service.LineInput) {
				in.Manual.Polarity, in.Targets = "minimize", targets(2, 1, 0, 0)
			}},
			{"maximize with a 0 target", "t2", "calc", func(in *service.LineInput) { in.Targets = targets(4, 0, 4, 5) }},
			{"no target at all", "targets", "plan.no_target", func(in *service.LineInput) { in.Targets = [4]calc.Opt{} }},
			{"an IKU without objective", "objective_id", "plan.objective_required", func(in *service.LineInput) { in.ObjectiveID = 0 }},
			{"no formula", "formula", "err.required", func(in *service.LineInput) { in.Manual.Formula = " " }},
			{"an unknown polarity", "polarity", "err.choose", func(in *service.LineInput) { in.Manual.Polarity = "up" }},
			{"an evidence item without name", "evidence", "plan.evidence_item", func(in *service.LineInput) {
				in.Manual.Evidence = []domain.EvidenceItem{{Kind: "supporting"}}
			}},
			{"a negative weight", "weight", "plan.weight_range", func(in *service.LineInput) { in.Weight = calc.Some(-1) }},
		}
		for _, c := range cases {
			if got := fieldOf(try(c.edit), c.field); got != c.key {
				t.Errorf("%s: %s = %q, want %q", c.name, c.field, got, c.key)
			}
		}
		// The same lines become valid with what they lacked.
		ok := []func(in *service.LineInput){
			func(in *service.LineInput) { in.Manual.Validity, in.Manual.Control = "exact", "low" },
			func(in *service.LineInput) {
				in.Manual.Polarity, in.Manual.Scale = "stabilize", []domain.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 90, Achievement: 100}, {Ca: 100, Achievement: 120}}
			},
			func(in *service.LineInput) {
				in.Manual.Polarity, in.Targets, in.Manual.Worst = "minimize", targets(2, 1, 0, 0), calc.Some(10)
			},
		}
		for i, edit := range ok {
			if err := try(func(in *service.LineInput) { edit(in); in.Code = fmt.Sprintf("OK%d", i) }); err != nil {
				t.Errorf("valid line %d refused: %v", i, err)
			}
		}
		if err := try(func(in *service.LineInput) { in.Code = "ok0" }); fieldOf(err, "code") != "plan.code_taken" {
			t.Errorf("a code used twice: %v", err)
		}
	})
}

// Every problem of a line is reported at once: the manual's fields, the
// cascade, a code already used and what the rule engine refuses, not one
// batch per submission. CheckLine reports the same and saves nothing.
func TestLineProblemsReportedTogether(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.head)
		head := o.as(o.head)
		if _, err := o.svc.SaveLine(o.ctx, head, p.ID, 0, -1, iku("X1", ss1, 4, 5, 4, 5)); err != nil {
			t.Fatal(err)
		}
		before, err := o.svc.GetPlan(o.ctx, head, p.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		in := iku("x1", ss1, 0, 1, 2, 2)
		in.Manual.Polarity, in.Manual.Formula, in.Manual.Validity, in.Manual.Control = "minimize", "", "exact", "high"
		want := map[string]string{"code": "plan.code_taken", "formula": "err.required", "control": "plan.quality_forbidden", "worst": "calc"}
		for name, run := range map[string]func() error{
			"save":  func() error { _, err := o.svc.SaveLine(o.ctx, head, p.ID, 0, -1, in); return err },
			"check": func() error { return o.svc.CheckLine(o.ctx, head, p.ID, 0, -1, in) },
		} {
			err := run()
			for field, key := range want {
				if got := fieldOf(err, field); got != key {
					t.Errorf("%s: %s = %q, want %q (all of %v)", name, field, got, key, err)
				}
			}
		}
		// An SKP line whose parent is not allowed still hears of its other problems.
		skp := o.plan(o.kasiBank)
		line := iki("B-9", 999999, domain.MethodPartial, 1, 1, 1, 1)
		line.Manual.Formula = ""
		err = o.svc.CheckLine(o.ctx, o.as(o.kasiBank), skp.ID, 0, -1, line)
		if fieldOf(err, "parent_line_id") != "plan.parent_not_allowed" || fieldOf(err, "formula") != "err.required" {
			t.Errorf("an unknown parent and no formula: %v", err)
		}

		if err := o.svc.CheckLine(o.ctx, head, p.ID, 0, -1, iku("X2", ss1, 4, 5, 4, 5)); err != nil {
			t.Errorf("a valid line: %v", err)
		}
		after, err := o.svc.GetPlan(o.ctx, head, p.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Lines) != len(before.Lines) || after.Version.Revision != before.Version.Revision {
			t.Errorf("checking changed the plan: %d → %d lines, revision %d → %d", len(before.Lines), len(after.Lines),
				before.Version.Revision, after.Version.Revision)
		}
		if err := o.svc.CheckLine(o.ctx, o.as(o.kasiBank), p.ID, 0, -1, iku("X3", ss1, 4, 5, 4, 5)); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("someone else checks a line of the PK: %v", err)
		}
	})
}

func TestLineCountLimits(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.head)
		for i := range 15 {
			o.add(o.as(o.head), p.ID, iku(fmt.Sprintf("K%d", i+1), ss1, 1, 1, 1, 1))
		}
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.head), p.ID, 0, -1, iku("K16", ss1, 1, 1, 1, 1)); refusal(err) != "plan.limit_reached" {
			t.Errorf("a 16th IKU: %v", err)
		}
		if v := o.view(p.ID); v.Limits != [2]int{1, 15} || len(v.Warnings) != 0 {
			t.Errorf("PK limits %v, warnings %v", v.Limits, v.Warnings)
		}

		// A pelaksana holds 3–6 IKIs, a pengawas 3–7.
		for _, c := range []struct {
			emp     int64
			min, hi int
		}{{o.bank1, 3, 6}, {o.kasiUmum, 3, 7}} {
			s := o.skp(c.emp, c.hi)
			if _, err := o.svc.SaveLine(o.ctx, o.as(c.emp), s.ID, 0, -1, own("Z-9", 1, 1, 1, 1)); refusal(err) != "plan.limit_reached" {
				t.Errorf("IKI %d of employee %d: %v", c.hi+1, c.emp, err)
			}
			if v := o.view(s.ID); v.Limits != [2]int{c.min, c.hi} {
				t.Errorf("limits of employee %d = %v", c.emp, v.Limits)
			}
		}
		s := o.skp(o.bank2, 1)
		v := o.view(s.ID)
		if len(v.Warnings) != 1 || v.Warnings[0].Key != "plan.too_few" {
			t.Errorf("warnings of a 1-IKI SKP = %v", v.Warnings)
		}
		if _, err := o.svc.SubmitPlan(o.ctx, o.as(o.bank2), s.ID, -1); fieldOf(err, "warning_0") != "plan.too_few" {
			t.Errorf("submitting 1 IKI: %v", err)
		}
	})
}

func TestApprovedVersionNeverChanges(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		head := o.as(o.head)
		p, lines := o.pk(ss1)
		if _, err := o.svc.AmendPlan(o.ctx, head, p.ID, "x"); refusal(err) != "plan.amend_needs_approved" {
			t.Errorf("amending a draft: %v", err)
		}
		o.submit(head, p.ID)
		o.approve(o.as(o.pengelola), p.ID)
		v1 := o.view(p.ID)

		if _, err := o.svc.AmendPlan(o.ctx, head, p.ID, " "); fieldOf(err, "reason") != "plan.amend_needs_reason" {
			t.Errorf("amending without a reason: %v", err)
		}
		nv, err := o.svc.AmendPlan(o.ctx, head, p.ID, "Realokasi anggaran")
		o.must(err)
		if nv.Number != 2 || nv.Status != domain.PlanDraft || nv.Reason != "Realokasi anggaran" {
			t.Errorf("amendment = %+v", nv)
		}
		if _, err := o.svc.AmendPlan(o.ctx, head, p.ID, "again"); refusal(err) != "plan.amend_needs_approved" {
			t.Errorf("amending an amendment in draft: %v", err)
		}
		v2 := o.view(p.ID)
		if len(v2.Lines) != 3 {
			t.Fatalf("the amendment has %d lines, want 3", len(v2.Lines))
		}
		for i, l := range v2.Lines {
			was := v1.Lines[i]
			if l.LineID != was.LineID || l.ID == was.ID || l.Code != was.Code || l.Targets != was.Targets || l.Formula != was.Formula {
				t.Errorf("copied line %d = %+v, from %+v", i, l.Indicator, was.Indicator)
			}
		}

		// Change one line, remove one, add one.
		in := iku("1a", ss1, 4, 5, 4, 9)
		in.Manual.Formula = "jumlah SP2D terbit"
		_, err = o.svc.SaveLine(o.ctx, head, p.ID, lines[0].LineID, v2.Version.Revision, in)
		o.must(err)
		o.must(o.svc.DeleteLine(o.ctx, head, p.ID, lines[2].LineID, o.view(p.ID).Version.Revision))
		added := o.add(head, p.ID, iku("1d", ss1, 1, 1, 1, 1))

		diff, err := o.svc.DiffVersions(o.ctx, o.as(o.pengelola), p.ID, v1.Version.ID, v2.Version.ID)
		o.must(err)
		byLine := map[int64]service.LineDiff{}
		for _, d := range diff {
			byLine[d.LineID] = d
		}
		if len(diff) != 3 || byLine[added.LineID].Change != "added" || byLine[lines[2].LineID].Change != "removed" {
			t.Fatalf("diff = %+v", diff)
		}
		changed := byLine[lines[0].LineID]
		fields := map[string][2]string{}
		for _, f := range changed.Fields {
			fields[f.Field] = [2]string{f.Before, f.After}
		}
		if changed.Change != "changed" || len(fields) != 2 || fields["line.t4"] != [2]string{"5", "9"} ||
			fields["manual.formula"] != [2]string{"jumlah dokumen selesai", "jumlah SP2D terbit"} {
			t.Errorf("changed line = %+v", changed)
		}
		if _, err := o.svc.DiffVersions(o.ctx, o.as(o.bank1), p.ID, v1.Version.ID, v2.Version.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a clerk reading the diff: %v", err)
		}

		// Version 1 still shows what was approved, read-only.
		o.submit(head, p.ID)
		o.approve(o.as(o.pengelola), p.ID)
		old, err := o.svc.GetPlan(o.ctx, head, p.ID, v1.Version.ID)
		o.must(err)
		if old.Latest || old.Version.Status != domain.PlanApproved || old.Perm.Edit || old.Perm.Amend || len(old.Lines) != 3 {
			t.Errorf("version 1: latest %v, status %s, perm %+v, %d lines", old.Latest, old.Version.Status, old.Perm, len(old.Lines))
		}
		for i, l := range old.Lines {
			if !reflect.DeepEqual(l.Indicator, v1.Lines[i].Indicator) {
				t.Errorf("approved line %d changed: %+v, was %+v", i, l.Indicator, v1.Lines[i].Indicator)
			}
		}
		if cur := o.view(p.ID); cur.Version.Number != 2 || cur.Version.Status != domain.PlanApproved || !cur.Latest || !cur.Perm.Cascade {
			t.Errorf("current version = %+v", cur.Version)
		}
	})
}

func TestDiffShowsEveryManualChange(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, ss2, _ := o.objectives()
		head := o.as(o.head)
		p, lines := o.approvedPK(ss1)
		v1 := o.view(p.ID).Version
		_, err := o.svc.AmendPlan(o.ctx, head, p.ID, "Manual perubahan")
		o.must(err)
		in := iku("1a", ss2, 4, 5, 4, 5)
		m := &in.Manual
		m.TargetAspect, m.DataProvider, m.ReportingPeriod, m.LocationConsolidation = "waktu", "Seksi Bank", "monthly", "average"
		m.HistoryKind, m.TargetByLaw, m.Stable, m.PrevTarget, m.PrevRealisation = "mandatory", true, true, calc.Some(11), calc.Some(13)
		_, err = o.svc.SaveLine(o.ctx, head, p.ID, lines[0].LineID, -1, in)
		o.must(err)
		diff, err := o.svc.DiffVersions(o.ctx, head, p.ID, v1.ID, o.view(p.ID).Version.ID)
		o.must(err)
		if len(diff) != 1 {
			t.Fatalf("diff = %+v", diff)
		}
		got := map[string][2]string{}
		for _, f := range diff[0].Fields {
			got[f.Field] = [2]string{f.Before, f.After}
		}
		want := map[string][2]string{
			"line.objective":                {"SS-1", "SS-2"},
			"manual.target_aspect":          {"kuantitas", "waktu"},
			"manual.data_provider":          {"", "Seksi Bank"},
			"manual.reporting_period":       {"quarterly", "monthly"},
			"manual.location_consolidation": {"sum", "average"},
			"manual.history_kind":           {"existing", "mandatory"},
			"manual.target_by_law":          {"false", "true"},
			"manual.stable":                 {"false", "true"},
			"manual.prev_target":            {"10", "11"},
			"manual.prev_realisation":       {"12", "13"},
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %q, want %q", k, got[k], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("changed fields = %v", got)
		}
	})
}

func TestNonCascadingIKIServesAnObjectiveOfItsOffice(t *testing.T) {
	eachKPPN(t, func(t *testing.T, o *kppn) {
		ss1, _, _ := o.objectives()
		p := o.plan(o.bank1)
		in := own("A-1", 1, 1, 1, 1)
		in.ObjectiveID = 424242
		if _, err := o.svc.SaveLine(o.ctx, o.as(o.bank1), p.ID, 0, -1, in); fieldOf(err, "objective_id") != "plan.objective_required" {
			t.Errorf("an IKI serving an unknown objective: %v", err)
		}
		in.ObjectiveID = ss1
		if l := o.add(o.as(o.bank1), p.ID, in); l.ObjectiveID != ss1 {
			t.Errorf("objective = %d, want %d", l.ObjectiveID, ss1)
		}
		in.Code, in.ObjectiveID = "A-2", 0
		o.add(o.as(o.bank1), p.ID, in)
	})
}

package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestRealisationNumbersInRange: values and raw data beyond ±10^15, and raw
// data whose ratio overflows, are refused with the field named and nothing
// saved; a sheet whose stored raw data overflow (saved before the check)
// reads without an infinity and encodes as JSON.
func TestRealisationNumbersInRange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		staff := o.staffSKP.ID
		id := lineOf(t, o.sheet(t, staff, 3), "T-1").Indicator.LineID
		before := auditCount(t, s)
		for _, c := range []struct {
			name       string
			in         service.RealisationInput
			field, key string
		}{
			{"a value beyond 10^15", service.RealisationInput{Value: calc.Some(1.5e15)}, "value_", "err.number_range"},
			{"a value below -10^15", service.RealisationInput{Value: calc.Some(-math.MaxFloat64)}, "value_", "err.number_range"},
			{"an infinite value", service.RealisationInput{Value: calc.Some(math.Inf(1))}, "value_", "err.number"},
			{"NaN", service.RealisationInput{Value: calc.Some(math.NaN())}, "value_", "err.number"},
			{"a raw component beyond 10^15", service.RealisationInput{Value: calc.Some(91),
				Raw: []domain.RawRow{{Name: "pembilang", Value: 1e308}, {Name: "penyebut", Value: 1e-308}}}, "raw_", "err.number_range"},
			{"a ratio that overflows", service.RealisationInput{Value: calc.Some(91),
				Raw: []domain.RawRow{{Name: "pembilang", Value: 1e15}, {Name: "penyebut", Value: 1e-308}}}, "raw_", "sheet.raw_out_of_range"},
			{"a sum beyond 10^15", service.RealisationInput{Value: calc.Some(91),
				Raw: []domain.RawRow{{Name: "SP2D", Value: 9e14}, {Name: "SPM", Value: 9e14}}}, "raw_", "sheet.raw_out_of_range"},
			{"an infinite raw component", service.RealisationInput{Value: calc.Some(91),
				Raw: []domain.RawRow{{Name: "SP2D", Value: math.Inf(-1)}}}, "raw_", "err.number"},
		} {
			c.in.LineID = id
			_, err := o.svc.SaveRealisations(ctx, o.A.StaffActor, staff, 3, -1, []service.RealisationInput{c.in})
			t.Run(c.name, func(t *testing.T) { fieldError(t, err, lineField(c.field, id), c.key) })
		}
		if v := o.sheet(t, staff, 3); v.Sheet.ID != 0 || auditCount(t, s) != before {
			t.Fatal("a refused save left a sheet or an audit event")
		}
		// The bounds themselves and tiny values are numbers like any other.
		ok := service.RealisationInput{LineID: id, Value: calc.Some(91), Raw: []domain.RawRow{{Name: "pembilang", Value: 1e15}, {Name: "penyebut", Value: 1e13}}}
		if _, err := o.svc.SaveRealisations(ctx, o.A.StaffActor, staff, 3, -1, []service.RealisationInput{ok}); err != nil {
			t.Fatal(err)
		}
		if l := lineOf(t, o.sheet(t, staff, 3), "T-1"); l.Raw.Computed != calc.Some(10000) || !l.Raw.Mismatch {
			t.Errorf("raw check of 10^15 / 10^13 as %%: %+v", l.Raw)
		}

		// Raw data saved before the check: the sheet still reads, and no
		// figure of it is infinite.
		r := lineOf(t, o.sheet(t, staff, 3), "T-1").Realisation
		r.Raw = []domain.RawRow{{Name: "pembilang", Value: 1e308}, {Name: "penyebut", Value: 1e-308}}
		if err := s.SaveRealisation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			name string
			v    service.SheetView
		}{{"owner", must[service.SheetView](t)(o.svc.GetSheet(ctx, o.A.StaffActor, staff, 3))},
			{"supervisor", must[service.SheetView](t)(o.svc.GetSheet(ctx, o.A.SecHeadActor, staff, 3))}} {
			l := lineOf(t, a.v, "T-1")
			if l.Raw.Computed.OK || !l.Raw.OutOfRange || l.Raw.Mismatch {
				t.Errorf("%s: raw check of an overflowing ratio: %+v", a.name, l.Raw)
			}
			if _, err := json.Marshal(l.Figures); err != nil {
				t.Errorf("%s: figures do not encode: %v", a.name, err)
			}
		}
		p, err := o.svc.PreviewRealisation(ctx, o.A.StaffActor, staff, 3, id, calc.Some(91), r.Raw)
		fieldError(t, err, "raw", "err.number_range")
		if !p.Figures.ToDate.Achievement.OK || p.Raw.Computed.OK {
			t.Errorf("the preview drops the figures with the raw data's error: %+v", p)
		}
		_, err = o.svc.PreviewRealisation(ctx, o.A.StaffActor, staff, 3, id, calc.Some(2e15), nil)
		fieldError(t, err, "value", "err.number_range")
	})
}

// TestImplausibleRealisation: a % value above 100, or a value more than ten
// times the quarter's target, is saved only once its owner confirms it;
// the sheet flags it for everyone who reads it, a value left unchanged
// needs no new confirmation, and a correction asks the same.
func TestImplausibleRealisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.sheet(t, staff, 3)
		pct, other := lineOf(t, v, "T-1").Indicator.LineID, lineOf(t, v, "T-2").Indicator.LineID
		save := func(in ...service.RealisationInput) error {
			_, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, in)
			return err
		}

		// The case: 1.234,56 on a % indicator (target 90 in Q3).
		err := save(service.RealisationInput{LineID: pct, Value: calc.Some(1234.56)}, service.RealisationInput{LineID: other, Value: calc.Some(90)})
		fieldError(t, err, lineField("confirm_", pct), "sheet.confirm.percent_over_100")
		if v := o.sheet(t, staff, 3); v.Sheet.ID != 0 {
			t.Fatal("the refused save stored the other line")
		}
		if err := save(service.RealisationInput{LineID: pct, Value: calc.Some(100)}); err != nil {
			t.Fatalf("100 %% is plausible: %v", err)
		}
		if l := lineOf(t, o.sheet(t, staff, 3), "T-1"); l.Doubt != calc.DoubtNone || l.DoubtMsg.Key != "" {
			t.Errorf("100 %% flagged: %+v", l.Doubt)
		}
		if err := save(service.RealisationInput{LineID: pct, Value: calc.Some(1234.56), Confirm: true}); err != nil {
			t.Fatalf("confirmed: %v", err)
		}
		for _, a := range []struct {
			name string
			v    service.SheetView
		}{{"owner", must[service.SheetView](t)(o.svc.GetSheet(ctx, A.StaffActor, staff, 3))},
			{"supervisor", must[service.SheetView](t)(o.svc.GetSheet(ctx, A.SecHeadActor, staff, 3))},
			{"pengelola", must[service.SheetView](t)(o.svc.GetSheet(ctx, A.PengActor, staff, 3))}} {
			l := lineOf(t, a.v, "T-1")
			if l.Realisation.Value != calc.Some(1234.56) || l.Doubt != calc.DoubtPercent || l.DoubtMsg.Key != "sheet.doubt.percent_over_100" {
				t.Errorf("%s sees %v flagged %q (%v)", a.name, l.Realisation.Value, l.Doubt, l.DoubtMsg)
			}
		}
		evs, err := s.ListAuditEvents(ctx, store.AuditFilter{Action: "realisation.save", Limit: 1})
		if err != nil || len(evs) != 1 || !strings.Contains(evs[0].After, `"confirmed_implausible":"percent_over_100"`) {
			t.Errorf("audit of the confirmed value: %v %v", evs, err)
		}
		// Saving the sheet again with the value unchanged asks nothing; a
		// changed implausible value is asked about again.
		if err := save(service.RealisationInput{LineID: pct, Value: calc.Some(1234.56), Note: "dicek ulang"},
			service.RealisationInput{LineID: other, Value: calc.Some(88)}); err != nil {
			t.Fatalf("unchanged implausible value: %v", err)
		}
		err = save(service.RealisationInput{LineID: pct, Value: calc.Some(950)})
		fieldError(t, err, lineField("confirm_", pct), "sheet.confirm.percent_over_100")

		// A correction of a verified value asks the same, and its decider
		// sees the flag.
		v = o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.VerifySheet(ctx, A.PengActor, staff, 3, -1, checksOf(v)))
		_, err = o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, pct, calc.Some(910), "", "Data SAKTI dimutakhirkan", false)
		fieldError(t, err, "confirm", "sheet.confirm.percent_over_100")
		_, err = o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, pct, calc.Some(2e15), "", "Data SAKTI dimutakhirkan", true)
		fieldError(t, err, "value", "err.number_range")
		c, err := o.svc.RequestCorrection(ctx, A.StaffActor, staff, 3, pct, calc.Some(910), "", "Data SAKTI dimutakhirkan", true)
		if err != nil {
			t.Fatal(err)
		}
		l := lineOf(t, must[service.SheetView](t)(o.svc.GetSheet(ctx, A.PengActor, staff, 3)), "T-1")
		if d, m := l.DoubtOf(3, c.NewValue); d != calc.DoubtPercent || m.Key != "sheet.doubt.percent_over_100" {
			t.Errorf("the correction's flag: %q %v", d, m)
		}

		// More than ten times the target, for a unit that is not a percentage.
		docs := o.planOf(t, o.B.StaffActor, o.B.SecHeadActor, "dokumen", [4]float64{4, 4, 4, 4})
		id := lineOf(t, o.sheet(t, docs, 3), "D-1").Indicator.LineID
		_, err = o.svc.SaveRealisations(ctx, o.B.StaffActor, docs, 3, -1, []service.RealisationInput{{LineID: id, Value: calc.Some(41)}})
		fieldError(t, err, lineField("confirm_", id), "sheet.confirm.far_from_target")
		if _, err := o.svc.SaveRealisations(ctx, o.B.StaffActor, docs, 3, -1, []service.RealisationInput{{LineID: id, Value: calc.Some(40)}}); err != nil {
			t.Fatalf("ten times the target: %v", err)
		}
		if _, err := o.svc.SaveRealisations(ctx, o.B.StaffActor, docs, 3, -1, []service.RealisationInput{{LineID: id, Value: calc.Some(41), Confirm: true}}); err != nil {
			t.Fatal(err)
		}
		l = lineOf(t, must[service.SheetView](t)(o.svc.GetSheet(ctx, o.B.SecHeadActor, docs, 3)), "D-1")
		if l.Doubt != calc.DoubtFarFromTarget || l.DoubtMsg.Args["target"] != 4.0 || l.DoubtMsg.Args["factor"] != calc.ImplausibleFactor {
			t.Errorf("the supervisor sees %q %v", l.Doubt, l.DoubtMsg)
		}
	})
}

// planOf draws up, submits and approves a one-line plan ("D-1", in unit)
// of owner, approved by approver.
func (o *realOrg) planOf(t *testing.T, owner, approver authz.Actor, unit string, targets [4]float64) int64 {
	t.Helper()
	ctx := context.Background()
	p := must[domain.Plan](t)(o.svc.OpenPlan(ctx, owner, o.year, owner.EmployeeID()))
	in := realLine("D-1", targets)
	in.Manual.Unit = unit
	if _, err := o.svc.SaveLine(ctx, owner, p.ID, 0, -1, in); err != nil {
		t.Fatal(err)
	}
	for _, in := range []service.LineInput{realLine("D-2", targets), realLine("D-3", targets)} {
		if _, err := o.svc.SaveLine(ctx, owner, p.ID, 0, -1, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.svc.SubmitPlan(ctx, owner, p.ID, -1); err != nil {
		t.Fatal(err)
	}
	if _, err := o.svc.ApprovePlan(ctx, approver, p.ID, -1); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// TestPlanNumbersInRange: targets, weights and the manual's numbers beyond
// ±10^15 are refused field by field, and so are a partial cascade's
// targets; nothing is saved.
func TestPlanNumbersInRange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newRealOrg(t, s, nil, 0)
		B := o.B
		p := must[domain.Plan](t)(o.svc.OpenPlan(ctx, B.StaffActor, o.year, B.Staff.ID))
		line := func(edit func(*service.LineInput)) service.LineInput {
			in := realLine("N-1", [4]float64{80, 85, 90, 95})
			edit(&in)
			return in
		}
		for _, c := range []struct {
			name       string
			in         service.LineInput
			field, key string
		}{
			{"a target", line(func(in *service.LineInput) { in.Targets[2] = calc.Some(1e16) }), "t3", "err.number_range"},
			{"an infinite target", line(func(in *service.LineInput) { in.Targets[0] = calc.Some(math.Inf(-1)) }), "t1", "err.number"},
			{"a weight", line(func(in *service.LineInput) { in.Weight = calc.Some(1e300) }), "weight", "err.number_range"},
			{"the annual target", line(func(in *service.LineInput) { in.AnnualTarget = calc.Some(-1e16) }), "annual_target", "err.number_range"},
			{"the worst realisation", line(func(in *service.LineInput) {
				in.Manual.Polarity, in.Targets = "minimize", [4]calc.Opt{calc.Some(0), calc.Some(0), calc.Some(0), calc.Some(0)}
				in.Manual.Worst = calc.Some(math.MaxFloat64)
			}), "worst", "err.number_range"},
			{"a scale point", line(func(in *service.LineInput) {
				in.Manual.Polarity, in.Manual.Scale = "stabilize", []calc.ScalePoint{{Ca: 0, Achievement: 0}, {Ca: 1e200, Achievement: 120}}
			}), "scale", "err.number_range"},
			{"last year's target", line(func(in *service.LineInput) {
				in.Manual.HistoryKind, in.Manual.PrevTarget, in.Manual.PrevRealisation = "existing", calc.Some(2e15), calc.Some(80)
			}), "prev_target", "err.number_range"},
			{"last year's realisation", line(func(in *service.LineInput) {
				in.Manual.HistoryKind, in.Manual.PrevTarget, in.Manual.PrevRealisation = "existing", calc.Some(80), calc.Some(math.NaN())
			}), "prev_realisation", "err.number"},
		} {
			_, err := o.svc.SaveLine(ctx, B.StaffActor, p.ID, 0, -1, c.in)
			t.Run(c.name, func(t *testing.T) { fieldError(t, err, c.field, c.key) })
		}
		if lines := must[[]domain.Indicator](t)(s.ListIndicators(ctx, must[[]domain.PlanVersion](t)(s.ListVersions(ctx, p.ID))[0].ID)); len(lines) != 0 {
			t.Errorf("refused lines were saved: %d", len(lines))
		}
		if _, err := o.svc.SaveLine(ctx, B.StaffActor, p.ID, 0, -1, line(func(in *service.LineInput) {
			in.Targets, in.Weight = [4]calc.Opt{calc.Some(1e15), calc.Some(-1e15), calc.Some(5e-324), calc.Some(1)}, calc.Some(1e15)
		})); err != nil {
			t.Errorf("numbers at the bound: %v", err)
		}

		// A partial cascade's share.
		sec := lineOf(t, o.sheet(t, o.secSKP.ID, 3), "S-1").Indicator.LineID
		_, err := o.svc.Cascade(ctx, o.A.SecHeadActor, o.secSKP.ID, sec, domain.MethodPartial,
			[]service.CascadeTarget{{EmployeeID: o.A.Staff.ID, Targets: [4]calc.Opt{calc.Some(40), calc.Some(1e16)}}})
		fieldError(t, err, lineField("employee_", o.A.Staff.ID), "err.number_range")
	})
}

// TestDatesInTheYear: a deadline or an action's due date far outside the
// performance year is refused; dates around the year are kept.
func TestDatesInTheYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newLCKOrg(t, s)
		y := must[domain.Year](t)(o.svc.GetYear(ctx, sys, lckYear))
		in := service.YearInput{RuleSet: y.RuleSet, PlanDueDate: y.PlanDueDate}
		for q := range in.Deadlines {
			in.Deadlines[q] = y.Quarters[q].Deadline
		}
		bad := in
		bad.PlanDueDate, bad.Deadlines[3] = day(1900, 1, 31), day(9999, 1, 10)
		_, err := o.svc.UpdateYear(ctx, o.admin, lckYear, bad)
		fieldError(t, err, "plan_due_date", "err.date_window")
		fieldError(t, err, "deadline_4", "err.date_window")
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			m := ve.Fields["deadline_4"]
			if m.Args["from"] != day(2025, 1, 1) || !m.Args["to"].(time.Time).Equal(time.Date(2028, 12, 31, 23, 59, 59, 0, time.UTC)) {
				t.Errorf("the window named: %v", m.Args)
			}
		}
		if got := must[domain.Year](t)(o.svc.GetYear(ctx, sys, lckYear)); !got.PlanDueDate.Equal(y.PlanDueDate) || !got.Quarters[3].Deadline.Equal(y.Quarters[3].Deadline) {
			t.Errorf("a refused change was saved: %+v", got)
		}
		good := in
		good.PlanDueDate, good.Deadlines[3] = day(2025, 12, 31), day(2028, 12, 31)
		if _, err := o.svc.UpdateYear(ctx, o.admin, lckYear, good); err != nil {
			t.Errorf("dates within the window: %v", err)
		}

		sh := o.A.SecHeadActor
		o.report(t, o.skp, 1, o.iki, map[string]float64{"S1": 70, "S2": 100, "S3": 100})
		if _, err := o.svc.OpenReport(ctx, sh, o.skp, 1); err != nil {
			t.Fatal(err)
		}
		for _, due := range []time.Time{day(9999, 12, 31), day(1900, 1, 1), day(2024, 12, 31), day(2029, 1, 1)} {
			_, err := o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: o.iki["S1"], Description: "Tindak lanjut", OwnerID: o.A.Staff.ID, DueDate: due})
			t.Run(due.Format("2006-01-02"), func(t *testing.T) { fieldError(t, err, "due_date", "err.date_window") })
		}
		if _, err := o.svc.SaveAction(ctx, sh, o.skp, 1, -1, service.ActionInput{LineID: o.iki["S1"], Description: "Tindak lanjut",
			OwnerID: o.A.Staff.ID, DueDate: day(2027, 3, 31)}); err != nil {
			t.Errorf("an action due the next year: %v", err)
		}
	})
}

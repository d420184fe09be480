package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// rollWorld is the demo office on 20 August 2026: Q1 and Q2 closed, a
// clerk moved on 1 July, a correction of Q2 waiting.
type rollWorld struct {
	svc   *service.Service
	st    *store.Store
	clock *clock
	off   *demo.Office
	peng  authz.Actor
}

func newRollWorld(t *testing.T, st *store.Store) *rollWorld {
	t.Helper()
	ctx := context.Background()
	clk := &clock{now: time.Date(2026, 8, 20, 10, 0, 0, 0, wib)}
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: clk.Now, Location: wib})
	off, err := demo.Seed(ctx, st, svc)
	if err != nil {
		t.Fatal(err)
	}
	w := &rollWorld{svc: svc, st: st, clock: clk, off: off}
	w.peng = w.actor(t, off.Pengelola)
	return w
}

func (w *rollWorld) actor(t *testing.T, emp int64) authz.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := w.st.GetUserByEmployee(ctx, emp)
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.svc.Actor(ctx, u.ID, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// official returns the latest official to-date figure of a line of the
// source year, read from its sheets as the figures page shows them.
func (w *rollWorld) official(t *testing.T, plan domain.Plan, lineID int64, closed int) (*domain.Frozen, bool) {
	t.Helper()
	ctx := context.Background()
	for q := closed; q >= 1; q-- {
		sh, err := w.st.GetSheet(ctx, plan.ID, q)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		rs, err := w.st.ListRealisations(ctx, sh.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.LineID == lineID && r.Frozen != nil {
				return r.Frozen, true
			}
		}
	}
	return nil, false
}

// sourceLines returns the lines of a plan's newest approved version.
func (w *rollWorld) sourceLines(t *testing.T, planID int64) []domain.Indicator {
	t.Helper()
	ctx := context.Background()
	vs, err := w.st.ListVersions(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	v := vs[len(vs)-1]
	for _, x := range vs {
		if x.Status == domain.PlanApproved {
			v = x
		}
	}
	ls, err := w.st.ListIndicators(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// newLines returns the lines of a plan's only version, which must be a draft.
func (w *rollWorld) newLines(t *testing.T, planID int64) []domain.Indicator {
	t.Helper()
	ctx := context.Background()
	vs, err := w.st.ListVersions(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Status != domain.PlanDraft || !vs[0].ApprovedAt.IsZero() {
		t.Fatalf("plan %d: versions %+v, want one unsigned draft", planID, vs)
	}
	ls, err := w.st.ListIndicators(ctx, vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func notesOf(sum service.RolloverSummary, kind string) []service.RolloverNote {
	var out []service.RolloverNote
	for _, n := range sum.Attention {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

func TestRolloverDemoOffice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRollWorld(t, st)
		in := service.RolloverInput{Year: 2027, From: 2026, OfficeID: w.off.OfficeID}

		preview := in
		preview.DryRun = true
		pre, err := w.svc.Rollover(ctx, w.peng, preview)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.GetYear(ctx, w.peng, 2027); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("the preview left year 2027 behind: %v", err)
		}
		sum, err := w.svc.Rollover(ctx, w.peng, in)
		if err != nil {
			t.Fatal(err)
		}
		pre.DryRun = false
		if pre.Copied != sum.Copied || len(pre.Attention) != len(sum.Attention) {
			t.Errorf("preview %+v differs from the run %+v", pre.Copied, sum.Copied)
		}
		if !sum.YearOpened || !sum.Provisional || sum.Copied.Plans == 0 || sum.Copied.IKU == 0 || sum.Copied.IKI == 0 || sum.Copied.Objectives == 0 {
			t.Fatalf("summary %+v", sum)
		}
		from := must[domain.Year](t)(w.svc.GetYear(ctx, w.peng, 2026))
		y := must[domain.Year](t)(w.svc.GetYear(ctx, w.peng, 2027))
		if y.RuleSet != from.RuleSet || !y.PlanDueDate.Equal(from.PlanDueDate.AddDate(1, 0, 0)) || !y.Quarters[3].Deadline.Equal(from.Quarters[3].Deadline.AddDate(1, 0, 0)) {
			t.Errorf("year 2027 = %+v, from %+v", y, from)
		}
		w.checkMap(t, from, y)
		w.checkPlans(t, from, y, sum)

		// The clerk who moved on 1 July gets the plan of the post held now;
		// the post left behind is vacant.
		moved := notesOf(sum, service.RollMoved)
		if len(moved) != 1 || moved[0].EmployeeID != w.off.Moved {
			t.Errorf("moved = %+v, want the clerk %d", moved, w.off.Moved)
		}
		if len(notesOf(sum, service.RollVacant)) == 0 {
			t.Error("the post the clerk left is not reported vacant")
		}

		// Twice: nothing new.
		again, err := w.svc.Rollover(ctx, w.peng, in)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Nothing() {
			t.Errorf("second run copied %+v", again.Copied)
		}
		plans := must[[]domain.Plan](t)(st.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: w.off.OfficeID}))
		if len(plans) != sum.Copied.Plans {
			t.Errorf("%d plans after two runs, want %d", len(plans), sum.Copied.Plans)
		}
		w.checkUpperLater(t, y, sum)
		w.checkRefresh(t, from, y)
	})
}

// checkUpperLater rolls the Kanwil over after the office: the office's IKUs
// cascaded from the Kanwil's had no parent; the office's next run links them
// to the Kanwil's copies and copies nothing else.
func (w *rollWorld) checkUpperLater(t *testing.T, y domain.Year, sum service.RolloverSummary) {
	t.Helper()
	ctx := context.Background()
	orphans := 0
	for _, n := range notesOf(sum, service.RollNoParent) {
		if n.EmployeeID == w.off.Head {
			orphans++
		}
	}
	if orphans == 0 {
		t.Fatal("no IKU of the office waits for the Kanwil's copy")
	}
	in := service.RolloverInput{Year: 2027, From: 2026, OfficeID: w.off.OfficeID}
	kanwil := in
	kanwil.OfficeID = w.off.KanwilID
	if k, err := w.svc.Rollover(ctx, w.actor(t, w.off.KanwilPengelola), kanwil); err != nil || k.Copied.Plans == 0 {
		t.Fatalf("the Kanwil's rollover: %v %+v", err, k.Copied)
	}
	again, err := w.svc.Rollover(ctx, w.peng, in)
	if err != nil {
		t.Fatal(err)
	}
	if again.Copied.Plans != 0 || again.Copied.CascadeLinks != orphans {
		t.Errorf("after the Kanwil: copied %+v, want %d links and nothing else", again.Copied, orphans)
	}
	rolled := must[map[int64]int64](t)(w.st.RolledLines(ctx, y.ID))
	pks := must[[]domain.Plan](t)(w.svc.PlansOf(ctx, service.SystemActor(), y.Year, w.off.Head))
	if len(pks) != 1 {
		t.Fatalf("the head has %d plans in %d", len(pks), y.Year)
	}
	pk := pks[0]
	linked := 0
	for _, l := range w.newLines(t, pk.ID) {
		upper, cascaded := w.off.KanwilLines[l.Code]
		switch {
		case cascaded && (rolled[upper] == 0 || l.ParentLineID != rolled[upper]):
			t.Errorf("IKU %s: parent %d, want the copy %d of the Kanwil's line %d", l.Code, l.ParentLineID, rolled[upper], upper)
		case cascaded:
			linked++
		}
	}
	if linked != orphans {
		t.Errorf("%d IKUs linked to the Kanwil's copies, %d waited", linked, orphans)
	}
}

// checkMap compares the new year's map with the source year's.
func (w *rollWorld) checkMap(t *testing.T, from, y domain.Year) {
	t.Helper()
	ctx := context.Background()
	old := must[domain.StrategyMap](t)(w.st.GetStrategyMap(ctx, from.ID, w.off.OfficeID))
	m := must[domain.StrategyMap](t)(w.st.GetStrategyMap(ctx, y.ID, w.off.OfficeID))
	if len(m.Perspectives) != len(old.Perspectives) || len(m.Objectives) != len(old.Objectives) || len(m.Links) != len(old.Links) {
		t.Fatalf("map %d/%d/%d, source %d/%d/%d", len(m.Perspectives), len(m.Objectives), len(m.Links), len(old.Perspectives), len(old.Objectives), len(old.Links))
	}
	for i, p := range old.Perspectives {
		if n := m.Perspectives[i]; n.Kind != p.Kind || n.Weight != p.Weight || n.Name != p.Name {
			t.Errorf("perspective %d: %+v, source %+v", i, n, p)
		}
	}
	for i, o := range old.Objectives {
		n := m.Objectives[i]
		op, _ := old.Perspective(o.PerspectiveID)
		np, _ := m.Perspective(n.PerspectiveID)
		if n.Code != o.Code || n.Name != o.Name || n.Description != o.Description || np.Kind != op.Kind {
			t.Errorf("objective %d: %+v, source %+v", i, n, o)
		}
	}
}

// checkPlans compares every copied plan line by line with its source.
func (w *rollWorld) checkPlans(t *testing.T, from, y domain.Year, sum service.RolloverSummary) {
	t.Helper()
	ctx := context.Background()
	c := must[*domain.Chart](t)(w.svc.Chart(ctx))
	newMap := must[domain.StrategyMap](t)(w.st.GetStrategyMap(ctx, y.ID, w.off.OfficeID))
	oldMap := must[domain.StrategyMap](t)(w.st.GetStrategyMap(ctx, from.ID, w.off.OfficeID))
	plans := must[[]domain.Plan](t)(w.st.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: w.off.OfficeID}))
	rolled := must[map[int64]int64](t)(w.st.RolledLines(ctx, y.ID))
	source := map[int64]int64{} // copy → source line
	for old, n := range rolled {
		source[n] = old
	}
	people := map[int64]bool{}
	lines, provisional := 0, 0
	for _, p := range plans {
		people[p.EmployeeID] = true
		if p.RolledFrom == 0 {
			t.Fatalf("plan %d was not made by the rollover", p.ID)
		}
		if pos, ok := c.Primary(p.EmployeeID); !ok || pos.ID != p.PositionID {
			t.Errorf("plan %d is for post %d, not the post held now", p.ID, p.PositionID)
		}
		srcPlan := must[domain.Plan](t)(w.st.GetPlan(ctx, p.RolledFrom))
		if srcPlan.PositionID != p.PositionID || srcPlan.Kind != p.Kind || !p.WholeYear() {
			t.Errorf("plan %+v copies %+v", p, srcPlan)
		}
		olds, news := w.sourceLines(t, srcPlan.ID), w.newLines(t, p.ID)
		if len(olds) != len(news) {
			t.Fatalf("plan %d: %d lines, source %d", p.ID, len(news), len(olds))
		}
		for i, o := range olds {
			n := news[i]
			lines++
			if source[n.LineID] != o.LineID || n.Code != o.Code || n.Name != o.Name || n.Targets != o.Targets || n.Weight != o.Weight ||
				n.CascadeType != o.CascadeType || n.CascadeMethod != o.CascadeMethod || n.Formula != o.Formula || n.Polarity != o.Polarity ||
				n.Validity != o.Validity || n.Control != o.Control || n.PeriodConsolidation != o.PeriodConsolidation || len(n.Evidence) != len(o.Evidence) {
				t.Errorf("line %s: %+v, source %+v", o.Code, n, o)
			}
			if o.ObjectiveID != 0 {
				oo, _ := oldMap.Objective(o.ObjectiveID)
				no, ok := newMap.Objective(n.ObjectiveID)
				if !ok || no.Code != oo.Code {
					t.Errorf("line %s serves %+v, source %+v", o.Code, no, oo)
				}
			}
			// The cascade is kept between the copies.
			if o.ParentLineID != 0 && rolled[o.ParentLineID] != 0 && n.ParentLineID != rolled[o.ParentLineID] {
				t.Errorf("line %s: parent %d, want the copy %d of %d", o.Code, n.ParentLineID, rolled[o.ParentLineID], o.ParentLineID)
			}
			if o.Kind == domain.IKI && o.ParentLineID != 0 && n.ParentLineID == 0 {
				t.Errorf("IKI %s lost its parent", o.Code)
			}
			f, ok := w.official(t, srcPlan, o.LineID, 2)
			switch {
			case ok && (n.PrevTarget != f.Target || n.PrevRealisation != f.Realisation || !n.PrevProvisional):
				t.Errorf("line %s: previous year %v/%v provisional %v, official to date %v/%v", o.Code, n.PrevTarget, n.PrevRealisation, n.PrevProvisional, f.Target, f.Realisation)
			case !ok && (n.PrevTarget.OK || n.PrevRealisation.OK || n.PrevProvisional):
				t.Errorf("line %s: previous year %v/%v without an official figure", o.Code, n.PrevTarget, n.PrevRealisation)
			case ok:
				provisional++
			}
		}
	}
	if lines != sum.Copied.IKU+sum.Copied.IKI || provisional != sum.Copied.PrevProvisional || provisional == 0 {
		t.Errorf("%d lines (%d provisional), summary %+v", lines, provisional, sum.Copied)
	}
	// Everyone placed in the office today has a plan, unless their post had none.
	noSource := map[int64]bool{}
	for _, n := range notesOf(sum, service.RollNoSource) {
		noSource[n.EmployeeID] = true
	}
	for _, emp := range c.OfficeEmployees(w.off.OfficeID) {
		if !people[emp] && !noSource[emp] {
			t.Errorf("employee %d has no plan in 2027", emp)
		}
	}
}

// checkRefresh approves the waiting correction of Q2 and closes the year:
// the provisional copies follow, and lose their mark when Q4 closes.
func (w *rollWorld) checkRefresh(t *testing.T, from, y domain.Year) {
	t.Helper()
	ctx := context.Background()
	pending, err := w.svc.ListCorrections(ctx, w.peng, 2026, w.off.OfficeID, domain.CorrectionPending)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending corrections %v: %+v", err, pending)
	}
	cr := pending[0]
	lineID := must[domain.Realisation](t)(w.st.GetRealisation(ctx, cr.Correction.RealisationID)).LineID
	rolled := must[map[int64]int64](t)(w.st.RolledLines(ctx, y.ID))
	before := w.copyOf(t, rolled[lineID])
	if _, err := w.svc.DecideCorrection(ctx, w.peng, cr.Correction.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	line := w.copyOf(t, rolled[lineID])
	f, ok := w.official(t, must[domain.Plan](t)(w.st.GetPlan(ctx, cr.PlanID)), lineID, 2)
	if !ok || !line.PrevProvisional || line.PrevRealisation != f.Realisation || line.PrevRealisation == before.PrevRealisation {
		t.Errorf("after the correction the copy holds %v (provisional %v), was %v, official now %v", line.PrevRealisation, line.PrevProvisional, before.PrevRealisation, f)
	}
	w.clock.now = time.Date(2027, 1, 20, 9, 0, 0, 0, wib)
	for q := 3; q <= 4; q++ {
		if _, err := w.svc.CloseQuarter(ctx, w.peng, 2026, q, w.off.OfficeID); err != nil {
			t.Fatalf("close Q%d: %v", q, err)
		}
	}
	plans := must[[]domain.Plan](t)(w.st.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: w.off.OfficeID}))
	official := 0
	for _, p := range plans {
		for _, n := range w.newLines(t, p.ID) {
			if n.PrevProvisional {
				t.Errorf("line %s still provisional after the year closed", n.Code)
			}
			if n.PrevRealisation.OK {
				official++
			}
		}
	}
	if official == 0 {
		t.Error("no official previous-year figure after the year closed")
	}
}

func (w *rollWorld) copyOf(t *testing.T, lineID int64) domain.Indicator {
	t.Helper()
	ctx := context.Background()
	planID := must[int64](t)(w.st.LinePlan(ctx, lineID))
	for _, l := range w.newLines(t, planID) {
		if l.LineID == lineID {
			return l
		}
	}
	t.Fatalf("line %d not found", lineID)
	return domain.Indicator{}
}

func TestRolloverRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRollWorld(t, st)
		in := service.RolloverInput{Year: 2027, From: 2026, OfficeID: w.off.OfficeID}
		refused := func(name string, a authz.Actor, in service.RolloverInput, check func(error) bool) {
			t.Helper()
			if _, err := w.svc.Rollover(ctx, a, in); !check(err) {
				t.Errorf("%s: error %v", name, err)
			}
		}
		forbidden := func(err error) bool { return errors.Is(err, domain.ErrForbidden) }
		onField := func(field string) func(error) bool {
			return func(err error) bool { return fieldOf(err, field) != "" }
		}
		state := func(key string) func(error) bool { return func(err error) bool { return refusal(err) == key } }
		refused("the head", w.actor(t, w.off.Head), in, forbidden)
		refused("a staff member", w.actor(t, w.off.Staff["BANK"][0]), in, forbidden)
		refused("the Kanwil's pengelola", w.actor(t, w.off.KanwilPengelola), in, forbidden)
		skip := in
		skip.Year = 2028
		refused("a year not next", w.peng, skip, onField("from"))
		back := in
		back.From, back.Year = 2025, 2026
		refused("from a year not open", w.peng, back, onField("from"))
		notOffice := in
		notOffice.OfficeID = w.off.Sections["BANK"]
		refused("a section", w.peng, notOffice, onField("office"))

		// An office with nothing in 2026, and one that began 2027 by hand.
		u, err := st.GetUserByUsername(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		admin := must[authz.Actor](t)(w.svc.Actor(ctx, u.ID, ""))
		empty := must[domain.Unit](t)(w.svc.CreateUnit(ctx, admin, service.UnitInput{ParentID: w.off.KanwilID, Code: "KPPN-BARU", Name: "KPPN Baru", Kind: domain.UnitOffice}))
		refused("nothing to copy", admin, service.RolloverInput{Year: 2027, From: 2026, OfficeID: empty.ID}, state("rollover.nothing"))
		if _, err := w.svc.CreateYear(ctx, admin, 2027, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.OpenPlan(ctx, w.actor(t, w.off.Head), 2027, w.off.Head); err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, st)
		refused("plans made by hand", w.peng, in, state("rollover.plans_exist"))
		if auditCount(t, st) != before {
			t.Error("a refused rollover left events behind")
		}
	})
}

package service

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ikuParent checks the parent of an IKU cascaded from the office above
// (SPEC §15): an IKU of that office's PK, cascaded full or partial.
func (s *Service) ikuParent(ctx context.Context, pc *planContext, v *domain.ValidationError, ind *domain.Indicator, parent **ParentRef) error {
	p, err := s.checkParent(ctx, pc, ind.ParentLineID)
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, f := range ve.Order() {
			v.Add(f, ve.Fields[f])
		}
	case err != nil:
		return err
	default:
		*parent = p
	}
	if ind.CascadeMethod != domain.MethodFull && ind.CascadeMethod != domain.MethodPartial {
		v.Addf("cascade_method", "err.choose")
	}
	return nil
}

// LocationSource is one lower office's figure behind a location-consolidated
// line: its IKU cascaded from the line and that IKU's quarter realisation.
// Only verified figures (State verified or locked) count.
type LocationSource struct {
	OfficeID int64
	Office   string
	LineID   int64
	Code     string
	Value    calc.Opt
	State    string // the lower sheet's status, "none" without a sheet
	Counted  bool
	at       time.Time
}

// Located is the consolidation of one line for a quarter.
type Located struct {
	Sources []LocationSource
	Value   calc.Opt
	unsaved bool     // the sheet shows Value but its row still holds stored
	stored  calc.Opt // what the row holds
}

// locate gathers, for the ByLocation lines of an upper office's PK sheet,
// the figures of the offices below and their consolidation. It changes
// nothing; applyLocated puts the values into the sheet.
func (s *Service) locate(ctx context.Context, st *store.Store, sc *sheetContext) (map[int64]*Located, error) {
	if sc.plan.Kind != domain.PlanPK {
		return nil, nil
	}
	var ids []int64
	for _, l := range sc.lines {
		if l.ByLocation {
			ids = append(ids, l.LineID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	children, err := st.ChildrenOfLines(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64]*Located{}
	for _, id := range ids {
		out[id] = &Located{}
	}
	srcs, err := readSources(ctx, st, sc, children)
	if err != nil {
		return nil, err
	}
	for _, src := range srcs {
		out[src.parent].Sources = append(out[src.parent].Sources, src.LocationSource)
	}
	for _, id := range ids {
		lc := out[id]
		sort.SliceStable(lc.Sources, func(i, j int) bool {
			a, b := lc.Sources[i], lc.Sources[j]
			if !a.at.Equal(b.at) {
				return a.at.Before(b.at)
			}
			return a.OfficeID < b.OfficeID
		})
		var vals []float64
		for _, src := range lc.Sources {
			if src.Counted {
				vals = append(vals, src.Value.V)
			}
		}
		for _, l := range sc.lines {
			if l.LineID == id {
				lc.Value = calc.ConsolidateLocations(calc.Consolidation(l.LocationConsolidation), vals)
			}
		}
	}
	return out, nil
}

// applyLocated puts the consolidated values into the sheet's quarter while
// the sheet is open (a verified sheet keeps what it froze), and writes the
// rows that changed when tx is given.
func (s *Service) applyLocated(ctx context.Context, tx *store.Store, a authz.Actor, sc *sheetContext, sheetID int64) error {
	if sc.located == nil || sc.sheet.Status.Frozen() {
		return nil
	}
	q := sc.quarter
	for _, l := range sc.lines {
		lc := sc.located[l.LineID]
		if lc == nil || !l.Targets[q-1].OK {
			continue
		}
		i := -1
		for j, r := range sc.byQ[q] {
			if r.LineID == l.LineID {
				i = j
			}
		}
		if i < 0 {
			sc.byQ[q] = append(sc.byQ[q], domain.Realisation{LineID: l.LineID})
			i = len(sc.byQ[q]) - 1
		}
		r := &sc.byQ[q][i]
		if r.Value == lc.Value && (tx == nil || r.ID != 0 && !lc.unsaved) {
			continue
		}
		before := *r
		r.Value = lc.Value
		if tx == nil {
			lc.unsaved, lc.stored = true, before.Value
			continue
		}
		if lc.unsaved {
			before.Value, lc.unsaved = lc.stored, false
		}
		r.SheetID, r.UpdatedAt, r.UpdatedBy = sheetID, s.now(), a.User.ID
		if err := tx.SaveRealisation(ctx, r); err != nil {
			return err
		}
		var b any
		if before.ID != 0 {
			b = realisationAudit(before)
		}
		after := realisationAudit(*r)
		after["by_location"] = len(lc.Sources)
		if err := audit.Record(ctx, tx, s.act(a), "realisation.locate", "realisation", r.ID, b, after); err != nil {
			return err
		}
	}
	return nil
}

// checkLocated refuses to send on a sheet with a location-consolidated
// line that has no IKU below it to take its figure from.
func checkLocated(sc *sheetContext) error {
	for _, l := range sc.lines {
		if lc := sc.located[l.LineID]; lc != nil && l.Targets[sc.quarter-1].OK && len(lc.Sources) == 0 {
			return domain.Refuse("hier.by_location_no_children", "code", l.Code)
		}
	}
	return nil
}

// lineSource is a lower office's figure with the upper line it feeds.
type lineSource struct {
	LocationSource
	parent int64
}

// readSources reads the figures of the child lines for the sheet's
// quarter with four queries whatever their number: the lines' plans, those
// plans, their sheets and the sheets' realisations. A child counts when its
// line is in a PK of the same year of an office directly below.
func readSources(ctx context.Context, st *store.Store, sc *sheetContext, children []domain.Indicator) ([]lineSource, error) {
	var lineIDs []int64
	seen := map[int64]bool{}
	for _, ch := range children {
		if !seen[ch.LineID] {
			seen[ch.LineID] = true
			lineIDs = append(lineIDs, ch.LineID)
		}
	}
	planOf, err := st.LinePlans(ctx, lineIDs)
	if err != nil {
		return nil, err
	}
	planIDs := slices.Compact(slices.Sorted(maps.Values(planOf)))
	if len(planIDs) == 0 {
		return nil, nil // an empty filter would read every plan
	}
	plans, err := st.ListPlans(ctx, store.PlanFilter{IDs: planIDs})
	if err != nil {
		return nil, err
	}
	lower := map[int64]domain.Plan{}
	var sheetPlans []int64
	for _, p := range plans {
		if p.Kind == domain.PlanPK && p.YearID == sc.plan.YearID && sc.chart.UpperOffice(p.OfficeID) == sc.plan.OfficeID {
			lower[p.ID] = p
			sheetPlans = append(sheetPlans, p.ID)
		}
	}
	sheets, err := st.ListSheetsOfPlans(ctx, sheetPlans, sc.quarter)
	if err != nil {
		return nil, err
	}
	sheetOf := map[int64]domain.Sheet{}
	var sheetIDs []int64
	for _, sh := range sheets {
		sheetOf[sh.PlanID] = sh
		sheetIDs = append(sheetIDs, sh.ID)
	}
	reals, err := st.ListRealisationsOfSheets(ctx, sheetIDs)
	if err != nil {
		return nil, err
	}
	value := map[int64]calc.Opt{} // by line; a line is in one plan, so one sheet of the quarter
	for _, r := range reals {
		value[r.LineID] = r.Value
	}
	var out []lineSource
	for _, ch := range children {
		if !seen[ch.LineID] { // a line's first row only: children are rows of every version
			continue
		}
		seen[ch.LineID] = false
		p, ok := lower[planOf[ch.LineID]]
		if !ok {
			continue
		}
		src := LocationSource{OfficeID: p.OfficeID, LineID: ch.LineID, Code: ch.Code, State: "none"}
		if u := sc.chart.Units[p.OfficeID]; u != nil {
			src.Office = u.Name
		}
		if sh := sheetOf[p.ID]; sh.ID != 0 {
			src.State, src.at, src.Value = string(sh.Status), sh.VerifiedAt, value[ch.LineID]
			src.Counted = sh.Status.Frozen() && src.Value.OK
		}
		out = append(out, lineSource{src, ch.ParentLineID})
	}
	return out, nil
}

// HasLowerOffices tells whether offices report to an office, so that its
// IKUs may be consolidated from theirs.
func (s *Service) HasLowerOffices(ctx context.Context, officeID int64) (bool, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return false, err
	}
	return len(c.LowerOffices(officeID)) > 0, nil
}

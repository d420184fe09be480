package service

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// SheetView is a plan's realisation for one quarter as its viewer sees it.
type SheetView struct {
	Plan        domain.Plan
	Year        domain.Year
	Quarter     domain.Quarter
	Employee    domain.Employee
	Position    domain.Position
	Unit        domain.Unit
	Office      domain.Unit
	Version     domain.PlanVersion // the approved version whose targets apply
	Sheet       domain.Sheet       // Status draft and ID 0 until something is saved
	Closed      *domain.QuarterClosure
	Lines       []SheetLine
	Corrections []domain.Correction
	Missing     []MissingEvidence
	Overdue     bool // the deadline passed and the sheet is not submitted
	NotBegun    bool // the quarter has not begun: the sheet can be looked at, not filled in
	Perm        SheetPerm
}

// SheetPerm lists what the viewer may do with the sheet.
type SheetPerm struct {
	Edit, Submit, Validate, Verify, Return, AddVerificationDoc, RequestCorrection, DecideCorrection bool
}

// SheetLine is one plan line in a quarter sheet.
type SheetLine struct {
	Indicator   domain.Indicator
	HasTarget   bool
	Realisation domain.Realisation
	Figures     calc.QuarterResult // to-date and quarter-only figures (frozen ones once verified)
	Frozen      bool
	Explain     []calc.Step // live explanation (frozen sheets carry their own texts)
	Evidence    []domain.Evidence
	Required    []RequiredEvidence
	Raw         RawCheck
	// Doubt flags a value that looks implausible against the quarter's
	// target (SPEC §12), for the owner and the reviewers; DoubtMsg says why.
	Doubt    calc.Doubt
	DoubtMsg domain.Msg
	// Located lists the offices below behind a line consolidated by
	// location (nil for a line reported here); the value is theirs.
	Located *Located
}

// RequiredEvidence is a document the manual asks for, with whether the line has one of its kind.
type RequiredEvidence struct {
	Item      domain.EvidenceItem
	Satisfied bool
}

// MissingEvidence names what a submission still lacks.
type MissingEvidence struct {
	LineID int64
	Code   string
	What   domain.Msg
}

// RawCheck recomputes a realisation from its raw-data table when the table
// has a numerator and a denominator (a ratio) or only terms (a sum).
type RawCheck struct {
	Computed calc.Opt
	Mismatch bool
	// OutOfRange: the table's result is not a number within ±calc.MaxInput
	// (a ratio over a tiny denominator, a sum that overflows); Computed is
	// then undefined, so no page or answer ever meets an infinity.
	OutOfRange bool
}

// Raw-data row names that mark the parts of a ratio.
const (
	RawNumerator   = "pembilang"
	RawDenominator = "penyebut"
)

func checkRaw(raw []domain.RawRow, unit string, value calc.Opt) RawCheck {
	if len(raw) == 0 {
		return RawCheck{}
	}
	var num, den calc.Opt
	sum := 0.0
	for _, r := range raw {
		switch strings.ToLower(strings.TrimSpace(r.Name)) {
		case RawNumerator:
			num = calc.Some(r.Value)
		case RawDenominator:
			den = calc.Some(r.Value)
		}
		sum += r.Value
	}
	var c calc.Opt
	switch {
	case num.OK && den.OK && den.V != 0:
		v := num.V / den.V
		if calc.IsPercent(unit) {
			v *= 100
		}
		c = calc.Some(v)
	case !num.OK && !den.OK:
		c = calc.Some(sum)
	default:
		return RawCheck{}
	}
	if !calc.InputOK(c.V) {
		return RawCheck{OutOfRange: true}
	}
	return RawCheck{Computed: c, Mismatch: value.OK && calc.Round2(c.V) != calc.Round2(value.V)}
}

// sheetContext gathers what a sheet operation needs.
type sheetContext struct {
	*planContext
	quarter  int
	version  domain.PlanVersion
	lines    []domain.Indicator
	sheet    domain.Sheet
	sheets   []domain.Sheet // the plan's sheets of every quarter (not nil once read)
	byQ      map[int][]domain.Realisation
	closure  *domain.QuarterClosure
	deadline domain.Quarter
	located  map[int64]*Located // lines consolidated from the offices below
}

func (s *Service) loadSheet(ctx context.Context, st *store.Store, planID int64, quarter int) (*sheetContext, error) {
	if quarter < 1 || quarter > 4 {
		return nil, domain.ErrNotFound
	}
	pc, err := s.loadPlan(ctx, st, planID)
	if err != nil {
		return nil, err
	}
	// A plan reports on the quarters its period touches; a quarter split
	// between two plans is reported in both (SPEC §13).
	if pc.plan.Days(domain.QuarterStart(pc.year.Year, quarter), domain.QuarterEnd(pc.year.Year, quarter)) == 0 {
		return nil, domain.Refuse("sheet.outside_period", "quarter", quarter)
	}
	sc := &sheetContext{planContext: pc, quarter: quarter, deadline: pc.year.Quarters[quarter-1]}
	v, ok := pc.lastApproved()
	if !ok {
		return nil, domain.Refuse("sheet.plan_not_approved")
	}
	// The plan's four sheets at once: the page shows the other quarters' states.
	if sc.sheets, err = st.ListSheetsOfPlan(ctx, planID); err != nil {
		return nil, err
	}
	if sc.sheets == nil {
		sc.sheets = []domain.Sheet{}
	}
	sc.sheet = domain.Sheet{PlanID: planID, Quarter: quarter, Status: domain.SheetDraft}
	for _, sh := range sc.sheets {
		if sh.Quarter == quarter {
			sc.sheet = sh
		}
	}
	// A sheet validated on an earlier version keeps it (SPEC §7): an
	// amendment applies to the quarters not validated yet.
	if id := sc.sheet.VersionID; id != 0 && id != v.ID {
		for _, pv := range pc.versions {
			if pv.ID == id {
				v = pv
			}
		}
	}
	sc.version = v
	if sc.lines, err = st.ListIndicators(ctx, v.ID); err != nil {
		return nil, err
	}
	// Every quarter's values; the sheet's own quarter in full (raw data,
	// checks and snapshots).
	if sc.byQ, err = st.ListRealisationsOfPlan(ctx, planID, quarter); err != nil {
		return nil, err
	}
	c, err := st.GetClosure(ctx, pc.year.ID, quarter, pc.plan.OfficeID)
	if err == nil {
		sc.closure = &c
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	if sc.located, err = s.locate(ctx, st, sc); err != nil {
		return nil, err
	}
	return sc, s.applyLocated(ctx, nil, authz.Actor{}, sc, sc.sheet.ID)
}

// realisation returns the realisation of a line in a quarter (zero when none).
func (sc *sheetContext) realisation(q int, lineID int64) domain.Realisation {
	for _, r := range sc.byQ[q] {
		if r.LineID == lineID {
			return r
		}
	}
	return domain.Realisation{LineID: lineID}
}

// indicator is what the rule engine needs of a line, with the realisations
// of every quarter reported so far.
func (sc *sheetContext) indicator(l domain.Indicator) calc.Indicator {
	ci := calc.Indicator{Polarity: calc.Polarity(l.Polarity), Consolidation: calc.Consolidation(l.PeriodConsolidation),
		Targets: l.Targets, MaxTarget: l.MaxTarget, Worst: l.Worst, Scale: l.Scale}
	for q := 1; q <= 4; q++ {
		if l.Targets[q-1].OK {
			ci.Realisations[q-1] = sc.realisation(q, l.LineID).Value
		}
	}
	return ci
}

// GetSheet returns the quarter sheet of a plan.
func (s *Service) GetSheet(ctx context.Context, a authz.Actor, planID int64, quarter int) (SheetView, error) {
	v, _, err := s.getSheet(ctx, a, planID, quarter)
	return v, err
}

// getSheet is GetSheet with what it was computed from.
func (s *Service) getSheet(ctx context.Context, a authz.Actor, planID int64, quarter int) (SheetView, *sheetContext, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		var se *domain.StateError
		if errors.As(err, &se) {
			// Even without an approved plan the viewer must be allowed to see it.
			if pc, perr := s.loadPlan(ctx, s.store, planID); perr == nil && !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
				return SheetView{}, nil, domain.ErrForbidden
			}
		}
		return SheetView{}, nil, err
	}
	if !authz.CanSeeEmployeeWork(a, sc.chart, sc.plan.EmployeeID) {
		return SheetView{}, nil, domain.ErrForbidden
	}
	v, err := s.sheetView(ctx, a, sc, true)
	return v, sc, err
}

func (s *Service) sheetView(ctx context.Context, a authz.Actor, sc *sheetContext, explain bool) (SheetView, error) {
	c := sc.chart
	v := SheetView{Plan: sc.plan, Year: sc.year, Quarter: sc.deadline, Version: sc.version, Sheet: sc.sheet, Closed: sc.closure}
	v.Employee, v.Position, v.Unit, v.Office = planOwner(c, sc.plan)
	var rids []int64
	for _, r := range sc.byQ[sc.quarter] {
		rids = append(rids, r.ID)
	}
	evidence, err := s.store.ListEvidence(ctx, rids)
	if err != nil {
		return v, err
	}
	if v.Corrections, err = s.store.ListCorrections(ctx, store.CorrectionFilter{RealisationIDs: rids}); err != nil && len(rids) > 0 {
		return v, err
	}
	if len(rids) == 0 {
		v.Corrections = nil
	}
	for _, l := range sc.lines {
		sl := sc.sheetLine(l, evidence, explain)
		v.Missing = sl.appendMissing(v.Missing)
		v.Lines = append(v.Lines, sl)
	}
	st := sc.sheet.Status
	v.Overdue = st.Editable() && s.Today().After(sc.deadline.Deadline)
	v.NotBegun = !s.QuarterBegun(sc.year.Year, sc.quarter)
	v.Perm = SheetPerm{
		Edit:               st.Editable() && authz.CanWriteOwn(a, sc.plan) && !v.NotBegun,
		Submit:             st.Editable() && authz.CanWriteOwn(a, sc.plan) && !v.NotBegun,
		Validate:           st == domain.SheetSubmitted && authz.CanValidateSheet(a, c, sc.plan),
		Verify:             st == domain.SheetValidated && authz.CanVerifySheet(a, c, sc.plan),
		AddVerificationDoc: st == domain.SheetValidated && authz.CanVerifySheet(a, c, sc.plan),
		RequestCorrection:  st.Frozen() && (authz.CanWriteOwn(a, sc.plan) || authz.CanVerifySheet(a, c, sc.plan)),
		DecideCorrection:   authz.CanVerifySheet(a, c, sc.plan),
	}
	v.Perm.Return = v.Perm.Validate || v.Perm.Verify
	return v, nil
}

// sheetLine is one line of the sheet's quarter: its figures (frozen ones
// once verified, else the rule engine's, explained when asked), its
// documents and whether they satisfy what the manual requires, its raw data
// and whether its value looks implausible.
func (sc *sheetContext) sheetLine(l domain.Indicator, evidence []domain.Evidence, explain bool) SheetLine {
	q := sc.quarter
	sl := SheetLine{Indicator: l, HasTarget: l.Targets[q-1].OK, Realisation: sc.realisation(q, l.LineID), Located: sc.located[l.LineID]}
	if sl.Realisation.Frozen != nil {
		f := sl.Realisation.Frozen
		sl.Frozen = true
		sl.Figures = calc.QuarterResult{Quarter: q,
			ToDate: calc.Figures{Target: f.Target, Realisation: f.Realisation, Achievement: f.Achievement, Status: calc.Status(f.Status)},
			Own:    calc.Figures{Target: f.QuarterTarget, Realisation: f.QuarterRealisation, Achievement: f.QuarterAchievement, Status: sc.rules.StatusOf(f.QuarterAchievement)}}
	} else if res, err := sc.rules.Evaluate(sc.indicator(l), explain); err == nil {
		sl.Figures = res.Quarters[q-1]
		for _, st := range res.Steps {
			if st.Quarter == q || st.Quarter == 0 {
				sl.Explain = append(sl.Explain, st)
			}
		}
	}
	for _, e := range evidence {
		if e.RealisationID == sl.Realisation.ID && sl.Realisation.ID != 0 {
			sl.Evidence = append(sl.Evidence, e)
		}
	}
	for _, item := range l.Evidence {
		ok := item.Kind == domain.EvidenceRaw && len(sl.Realisation.Raw) > 0
		for _, e := range sl.Evidence {
			if e.Current() && e.Kind == item.Kind {
				ok = true
			}
		}
		sl.Required = append(sl.Required, RequiredEvidence{Item: item, Satisfied: ok})
	}
	sl.Raw = checkRaw(sl.Realisation.Raw, l.Unit, sl.Realisation.Value)
	if sl.HasTarget {
		sl.Doubt, sl.DoubtMsg = doubtOf(l, q, sl.Realisation.Value)
	}
	return sl
}

// appendMissing appends to out what a line with a target still lacks: its
// value and the documents its manual requires.
func (sl *SheetLine) appendMissing(out []MissingEvidence) []MissingEvidence {
	if !sl.HasTarget {
		return out
	}
	l := &sl.Indicator
	if !sl.Realisation.Value.OK {
		out = append(out, MissingEvidence{LineID: l.LineID, Code: l.Code, What: domain.M("sheet.missing_value", "code", l.Code)})
	}
	for _, r := range sl.Required {
		if !r.Satisfied {
			out = append(out, MissingEvidence{LineID: l.LineID, Code: l.Code, What: domain.M("sheet.missing_document", "code", l.Code, "name", r.Item.Name)})
		}
	}
	return out
}

// RealisationInput is what the owner reports for one line.
type RealisationInput struct {
	LineID int64
	Value  calc.Opt
	Note   string
	Raw    []domain.RawRow
	// Confirm accepts a value that looks implausible (calc.Implausible);
	// without it such a value is refused with the reason.
	Confirm bool
}

// DoubtOf says whether another value of the line (a correction's) would
// look implausible, and why.
func (l SheetLine) DoubtOf(quarter int, value calc.Opt) (calc.Doubt, domain.Msg) {
	return doubtOf(l.Indicator, quarter, value)
}

// doubtOf says whether a value of line l looks implausible against the
// quarter's target (calc.Implausible), and why; a zero Msg when it does not.
func doubtOf(l domain.Indicator, quarter int, value calc.Opt) (calc.Doubt, domain.Msg) {
	target := l.Targets[quarter-1]
	switch d := calc.Implausible(value, target, l.Unit); d {
	case calc.DoubtPercent:
		return d, domain.M("sheet.doubt.percent_over_100")
	case calc.DoubtFarFromTarget:
		return d, domain.M("sheet.doubt.far_from_target", "factor", calc.ImplausibleFactor, "target", target.V)
	}
	return calc.DoubtNone, domain.Msg{}
}

// checkPlausible refuses, on field, a changed value that looks implausible
// unless the person confirmed it, and returns the doubt the value is saved
// with.
func checkPlausible(v *domain.ValidationError, field string, l domain.Indicator, quarter int, before, value calc.Opt, confirm bool) calc.Doubt {
	d, _ := doubtOf(l, quarter, value)
	if d != calc.DoubtNone && !confirm && value != before {
		v.Addf(field, "sheet.confirm."+string(d), "value", value.V, "factor", calc.ImplausibleFactor, "target", l.Targets[quarter-1].V)
	}
	return d
}

// SaveRealisations stores the owner's values of a quarter sheet in one
// transaction. revision is the sheet revision the form was built from (-1:
// don't check); a stale one is a conflict and nothing is saved.
//
// docs are documents added with the values, saved in the same transaction:
// the values and the documents are stored together or not at all, so a form
// that sends both never loses one for the other. A document's field errors
// are named evidence_<line>_<field> (a form sends one document per line),
// beside the line's value_<line>; all of them are reported at once.
func (s *Service) SaveRealisations(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in []RealisationInput, docs ...EvidenceInput) (SheetView, error) {
	if _, err := s.SaveSheetValues(ctx, a, planID, quarter, revision, in, docs...); err != nil {
		return SheetView{}, err
	}
	return s.GetSheet(ctx, a, planID, quarter)
}

// SaveSheetValues is SaveRealisations for a caller that does not show the
// sheet next (the web form redirects to it): it returns the sheet's
// revision after the save rather than reading the whole sheet again.
func (s *Service) SaveSheetValues(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, in []RealisationInput, docs ...EvidenceInput) (int, error) {
	return s.SaveSheetForm(ctx, a, planID, quarter, revision, func([]int64) ([]RealisationInput, []EvidenceInput, error) {
		return in, docs, nil
	})
}

// SaveSheetForm is SaveSheetValues for a form read against the sheet's
// lines: once the caller may write the sheet, read gets the lines that have
// a target this quarter, in the sheet's order, and returns what was typed
// for them (or the error that stops the save). The sheet is read once for
// both, which is why the web form saves through it.
func (s *Service) SaveSheetForm(ctx context.Context, a authz.Actor, planID int64, quarter, revision int, read func(lineIDs []int64) ([]RealisationInput, []EvidenceInput, error)) (int, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return 0, err
	}
	if !authz.CanWriteOwn(a, sc.plan) && !authz.WritesRealisationFor(a, sc.plan.OfficeID) {
		return 0, domain.ErrForbidden
	}
	var targeted []int64
	for _, l := range sc.lines {
		if l.Targets[quarter-1].OK {
			targeted = append(targeted, l.LineID)
		}
	}
	in, docs, err := read(targeted)
	if err != nil {
		return 0, err
	}
	a = authz.ForOwner(a, sc.ownerName())
	if !sc.sheet.Status.Editable() {
		return 0, domain.Refuse("sheet.frozen", "status", string(sc.sheet.Status))
	}
	if err := s.requireBegun(sc.year.Year, quarter); err != nil {
		return 0, err
	}
	if len(docs) == 0 && sc.unchanged(quarter, in) {
		// A retry of a save already made, or a form sent again: nothing
		// to write, so no new revision, whatever revision it carries.
		return sc.sheet.Revision, nil
	}
	if revision >= 0 && sc.sheet.ID != 0 && revision != sc.sheet.Revision {
		return 0, domain.Conflict("sheet.changed_meanwhile")
	}
	// A line consolidated from the offices below takes no typed value.
	in = slices.DeleteFunc(slices.Clone(in), func(r RealisationInput) bool { return sc.located[r.LineID] != nil })
	v := &domain.ValidationError{}
	doubts, err := sc.checkRealisations(v, in)
	if err != nil {
		return 0, err
	}
	added, olds, err := s.checkDocuments(ctx, a, sc, docs, v)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		s.dropBlobs(ctx, added)
		return 0, err
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		sh, err := s.ensureSheet(ctx, tx, sc)
		if err != nil {
			return err
		}
		if err := tx.BumpSheet(ctx, sh.ID, sh.Revision); err != nil {
			return err
		}
		for _, in := range in {
			if err := s.saveRealisation(ctx, tx, a, sc, sh.ID, in, doubts[in.LineID]); err != nil {
				return err
			}
		}
		if err := s.applyLocated(ctx, tx, a, sc, sh.ID); err != nil {
			return err
		}
		return s.attachEvidence(ctx, tx, a, sh.ID, docs, added, olds)
	})
	if err != nil {
		s.dropBlobs(ctx, added)
		return 0, err
	}
	sh, err := s.store.GetSheet(ctx, planID, quarter)
	return sh.Revision, err
}

// checkRealisations checks the values, notes and raw data typed for the
// sheet's quarter into v, and returns the doubt each plausible-looking or
// confirmed value is saved with.
func (sc *sheetContext) checkRealisations(v *domain.ValidationError, in []RealisationInput) (map[int64]calc.Doubt, error) {
	quarter := sc.quarter
	byLine := map[int64]domain.Indicator{}
	for _, l := range sc.lines {
		byLine[l.LineID] = l
	}
	doubts := map[int64]calc.Doubt{}
	for _, r := range in {
		l, ok := byLine[r.LineID]
		id := itoa64(r.LineID)
		field := "value_" + id
		switch {
		case !ok:
			v.Addf(field, "err.not_found")
		case r.Value.OK && !l.Targets[quarter-1].OK:
			v.Addf(field, "sheet.no_target_this_quarter")
		case r.Value.OK && v.Number(field, r.Value.V):
			doubts[r.LineID] = checkPlausible(v, "confirm_"+id, l, quarter, sc.realisation(quarter, r.LineID).Value, r.Value, r.Confirm)
		}
		if len(r.Note) > 4000 {
			v.Addf("note_"+id, "err.too_long", "max", 4000)
		}
		checkRawInput(v, "raw_"+id, r.Raw, l.Unit)
	}
	// The rule engine must be able to score what was typed (e.g. a
	// stabilize value against its scale); it explains what is wrong.
	for _, r := range in {
		l := byLine[r.LineID]
		if !r.Value.OK || v.Has("value_"+itoa64(r.LineID)) {
			continue
		}
		ci := sc.indicator(l)
		ci.Realisations[quarter-1] = r.Value
		if _, err := sc.rules.Evaluate(ci, false); err != nil {
			var ie *calc.InputError
			if !errors.As(err, &ie) {
				return nil, err
			}
			v.Add("value_"+itoa64(r.LineID), domain.Msg{Texts: map[string]string{"id": ie.Message("id"), "en": ie.Message("en")}})
		}
	}
	return doubts, nil
}

// saveRealisation writes one line's value, note and raw data when they
// changed, with its audit event.
func (s *Service) saveRealisation(ctx context.Context, tx *store.Store, a authz.Actor, sc *sheetContext, sheetID int64, in RealisationInput, doubt calc.Doubt) error {
	r := sc.realisation(sc.quarter, in.LineID)
	before := r
	if stored(r, in) {
		return nil
	}
	r.SheetID, r.Value, r.Note, r.Raw = sheetID, in.Value, strings.TrimSpace(in.Note), in.Raw
	r.UpdatedAt, r.UpdatedBy = s.now(), a.User.ID
	if err := tx.SaveRealisation(ctx, &r); err != nil {
		return err
	}
	var b any
	if before.ID != 0 {
		b = realisationAudit(before)
	}
	after := realisationAudit(r)
	if doubt != calc.DoubtNone && before.Value != in.Value {
		after["confirmed_implausible"] = string(doubt) // the owner's word that the odd value is right
	}
	return audit.Record(ctx, tx, s.act(a), "realisation.save", "realisation", r.ID, b, after)
}

// ownerName is the name of the sheet's owner.
func (sc *sheetContext) ownerName() string {
	if e := sc.chart.Employees[sc.plan.EmployeeID]; e != nil {
		return e.Name
	}
	return ""
}

// stored reports whether a line's realisation already holds what was typed
// for it; a line never reported holds nothing, so an empty input is stored.
func stored(old domain.Realisation, in RealisationInput) bool {
	return old.Value == in.Value && old.Note == strings.TrimSpace(in.Note) && rawEqual(old.Raw, in.Raw)
}

// unchanged reports whether saving in would leave every line as stored.
func (sc *sheetContext) unchanged(quarter int, in []RealisationInput) bool {
	if sc.sheet.ID == 0 {
		return false
	}
	for _, r := range in {
		found := false
		for _, l := range sc.lines {
			found = found || l.LineID == r.LineID
		}
		if !found || !stored(sc.realisation(quarter, r.LineID), r) {
			return false
		}
	}
	return true
}

// checkDocuments checks the documents sent with a sheet's values and stores
// their files. Their field errors go into v under evidence_<line>_<field>;
// the stored files are returned even then, for the caller to drop.
func (s *Service) checkDocuments(ctx context.Context, a authz.Actor, sc *sheetContext, docs []EvidenceInput, v *domain.ValidationError) ([]domain.Evidence, []domain.Evidence, error) {
	var added, olds []domain.Evidence
	for _, d := range docs {
		e, old, err := s.checkEvidence(ctx, a, sc, d)
		var ve *domain.ValidationError
		switch {
		case errors.As(err, &ve):
			prefix := "evidence_" + itoa64(d.LineID) + "_"
			for _, field := range ve.Order() {
				v.Add(prefix+field, ve.Fields[field])
			}
		case err != nil:
			s.dropBlobs(ctx, added)
			return nil, nil, err
		default:
			added, olds = append(added, e), append(olds, old)
		}
	}
	return added, olds, nil
}

// calcInvalid turns a rule-engine input error into a field error with the
// engine's own words in both languages; other errors pass through.
func calcInvalid(field string, err error) error {
	var ie *calc.InputError
	if !errors.As(err, &ie) {
		return err
	}
	v := &domain.ValidationError{}
	v.Add(field, domain.Msg{Texts: map[string]string{"id": ie.Message("id"), "en": ie.Message("en")}})
	return v
}

// checkRawInput records on field what is wrong with a raw-data table: a row
// without a name, a component that is not a number a person may enter, too
// many rows, or components whose ratio or sum is out of range.
func checkRawInput(v *domain.ValidationError, field string, raw []domain.RawRow, unit string) {
	for _, row := range raw {
		if strings.TrimSpace(row.Name) == "" {
			v.Addf(field, "sheet.raw_row")
			return
		}
		if !v.Number(field, row.Value) {
			return
		}
	}
	switch {
	case len(raw) > 20:
		v.Addf(field, "sheet.raw_too_many")
	case checkRaw(raw, unit, calc.Opt{}).OutOfRange:
		v.Addf(field, "sheet.raw_out_of_range", "max", calc.MaxInput)
	}
}

func rawEqual(a, b []domain.RawRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func realisationAudit(r domain.Realisation) map[string]any {
	return map[string]any{"line_id": r.LineID, "value": r.Value, "note": r.Note, "raw": r.Raw}
}

func itoa64(n int64) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = digits[n%10]
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// ensureSheet creates the sheet row on first save.
func (s *Service) ensureSheet(ctx context.Context, tx *store.Store, sc *sheetContext) (domain.Sheet, error) {
	if sc.sheet.ID != 0 {
		return sc.sheet, nil
	}
	sh := domain.Sheet{PlanID: sc.plan.ID, Quarter: sc.quarter, Status: domain.SheetDraft, CreatedAt: s.now()}
	if err := tx.CreateSheet(ctx, &sh); err != nil {
		return sh, err
	}
	sc.sheet = sh
	return sh, nil
}

// LinePreview is what a line would show if the typed value and raw data
// were saved: its figures, their explanation, the raw-data check and why
// the value would need confirming.
type LinePreview struct {
	Figures  calc.QuarterResult
	Steps    []calc.Step
	Raw      RawCheck
	Doubt    calc.Doubt
	DoubtMsg domain.Msg
	// Located lists the offices below behind a line consolidated by
	// location (nil for a line reported here); the value is theirs.
	Located *Located
}

// PreviewRealisation computes the figures of one line as if value and raw
// were saved, for the live preview while typing. Nothing is stored.
func (s *Service) PreviewRealisation(ctx context.Context, a authz.Actor, planID int64, quarter int, lineID int64, value calc.Opt, raw []domain.RawRow) (LinePreview, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return LinePreview{}, err
	}
	if !authz.CanSeeEmployeeWork(a, sc.chart, sc.plan.EmployeeID) {
		return LinePreview{}, domain.ErrForbidden
	}
	for _, l := range sc.lines {
		if l.LineID != lineID {
			continue
		}
		out := LinePreview{Raw: checkRaw(raw, l.Unit, value)}
		if !l.Targets[quarter-1].OK {
			return out, domain.Invalid("value", "sheet.no_target_this_quarter")
		}
		if value.OK {
			if v := (&domain.ValidationError{}); !v.Number("value", value.V) {
				return out, v
			}
		}
		ci := sc.indicator(l)
		ci.Realisations[quarter-1] = value
		res, err := sc.rules.Evaluate(ci, true)
		if err != nil {
			return out, calcInvalid("value", err)
		}
		out.Figures = res.Quarters[quarter-1]
		for _, st := range res.Steps {
			if st.Quarter == quarter || st.Quarter == 0 {
				out.Steps = append(out.Steps, st)
			}
		}
		out.Doubt, out.DoubtMsg = doubtOf(l, quarter, value)
		// The figures stand; the raw data, if wrong, are said so beside them.
		v := &domain.ValidationError{}
		checkRawInput(v, "raw", raw, l.Unit)
		return out, v.Err()
	}
	return LinePreview{}, domain.ErrNotFound
}

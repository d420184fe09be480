package service

import (
	"context"
	"errors"
	"sort"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// RolloverInput asks for year Year to be opened for one office by copying
// year From (SPEC §15).
type RolloverInput struct {
	Year     int
	From     int
	OfficeID int64
	// DryRun copies everything and undoes it: the summary previews the run.
	DryRun bool
}

// RolloverCounts is what one run copied.
type RolloverCounts struct {
	Perspectives    int
	Objectives      int
	ObjectiveLinks  int
	Plans           int
	IKU             int // lines of PKs, each with its Manual IKU
	IKI             int // lines of SKPs, each with its Manual IKI
	CascadeLinks    int // lines whose parent is the copy of their old parent
	PrevOfficial    int // manuals given the year's official annual figures
	PrevProvisional int // manuals given its latest official to-date figures
	PrevMissing     int // manuals whose line has no official figure yet
}

// Rollover attention kinds: what the pengelola kinerja should look at.
const (
	RollMoved       = "moved"        // held another post in the source year: gets the plan of the post now held
	RollNewInPost   = "new_in_post"  // had no plan in the source year: gets the post's plan of that year
	RollNoSource    = "no_source"    // the post now held had no plan in the source year: nothing to copy
	RollLeft        = "left"         // had a plan in the source year and holds no post now
	RollMovedOut    = "moved_out"    // had a plan in the source year and works in another office now
	RollNoPost      = "no_post"      // works in the office only as Plt/Plh: no definitive post to plan for
	RollVacant      = "vacant_post"  // a post with a plan in the source year and no holder now
	RollHasPlan     = "has_plan"     // already has a plan in the new year: left as it is
	RollNoParent    = "no_parent"    // a copied IKI (or a cascaded IKU) without a parent in the new year
	RollNoObjective = "no_objective" // a copied IKU whose objective is not on the new year's map
	RollMapKept     = "map_kept"     // the new year already had a map: it was kept
)

// RolloverNote is one thing that needs attention after a rollover.
type RolloverNote struct {
	Kind       string
	EmployeeID int64
	Employee   string
	NIP        string
	Position   string // the post it concerns
	Code       string // an indicator's code, for line notes
}

// RolloverSummary reports a rollover (or its preview).
type RolloverSummary struct {
	Year       int
	From       int
	OfficeID   int64
	Office     string
	YearOpened bool // the year was opened by this run
	DryRun     bool
	// Provisional: the source year is not closed yet, so the previous-year
	// figures are its latest official to-date ones, replaced when it closes.
	Provisional bool
	Copied      RolloverCounts
	Attention   []RolloverNote
}

// Nothing reports whether the run copied nothing.
func (r RolloverSummary) Nothing() bool { return r.Copied == RolloverCounts{} && !r.YearOpened }

var errDryRun = errors.New("rollover preview")

// Rollover opens year in.Year for one office from in.From: the strategy map,
// and for each person in the post they hold today the plan of that post in
// in.From as a draft, its lines and manuals with their cascading links
// between the copies, each manual's previous-year figures filled from
// in.From's official figures. Nothing is signed. It opens the year when it is
// not open (in.From's rule set, deadlines a year later). A second run copies
// only what the first did not (people who arrived since); an office that
// began the year's plans by hand is refused. One transaction: all or nothing.
func (s *Service) Rollover(ctx context.Context, a authz.Actor, in RolloverInput) (RolloverSummary, error) {
	sum := RolloverSummary{Year: in.Year, From: in.From, OfficeID: in.OfficeID, DryRun: in.DryRun}
	c, err := s.Chart(ctx)
	if err != nil {
		return sum, err
	}
	if !authz.Can(a, authz.YearManage) || authz.ReadOnly(a) {
		return sum, domain.ErrForbidden
	}
	if in.OfficeID == 0 || c.Units[in.OfficeID] == nil || c.Office(in.OfficeID) != in.OfficeID {
		return sum, domain.Invalid("office", "rollover.not_office")
	}
	if !authz.CanRollOver(a, c, in.OfficeID) {
		return sum, domain.ErrForbidden
	}
	sum.Office = c.Units[in.OfficeID].Name
	if in.From != in.Year-1 {
		return sum, domain.Invalid("from", "rollover.from_previous", "year", in.Year, "from", in.Year-1)
	}
	from, err := s.yearNumbered(ctx, in.From)
	if errors.Is(err, domain.ErrNotFound) {
		return sum, domain.Invalid("from", "rollover.from_missing", "from", in.From)
	} else if err != nil {
		return sum, err
	}
	src, err := s.rolloverSource(ctx, from, in.OfficeID)
	if err != nil {
		return sum, err
	}
	if src.empty() {
		return sum, domain.Refuse("rollover.nothing", "from", in.From, "office", sum.Office)
	}
	sum.Provisional = !src.final
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		y, err := s.openNextYear(ctx, tx, a, from, in.Year, &sum)
		if err != nil {
			return err
		}
		existing, err := tx.ListPlans(ctx, store.PlanFilter{YearID: y.ID, OfficeID: in.OfficeID})
		if err != nil {
			return err
		}
		if byHand(existing) {
			return domain.Refuse("rollover.plans_exist", "year", in.Year, "office", sum.Office)
		}
		objectives, err := s.rollMap(ctx, tx, a, src.smap, y, in.OfficeID, len(existing) == 0, &sum)
		if err != nil {
			return err
		}
		r := &roller{s: s, tx: tx, a: a, c: c, src: src, y: y, office: in.OfficeID, objectives: objectives, sum: &sum}
		if err := r.run(ctx, existing); err != nil {
			return err
		}
		if err := tx.FiguresChanged(ctx, in.OfficeID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.act(a), "year.rollover", "unit", in.OfficeID, nil, sum); err != nil {
			return err
		}
		if in.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return RolloverSummary{Year: in.Year, From: in.From, OfficeID: in.OfficeID, Office: sum.Office, DryRun: in.DryRun}, err
	}
	return sum, nil
}

// byHand reports whether a year's plans of an office include one made there
// rather than by a rollover: the office has begun the year on its own, and a
// copy beside its plans would duplicate them.
func byHand(plans []domain.Plan) bool {
	rolled := false
	for _, p := range plans {
		rolled = rolled || p.RolledFrom != 0
	}
	return len(plans) > 0 && !rolled
}

// openNextYear returns year, opening it first with from's rule set and
// deadlines a year later.
func (s *Service) openNextYear(ctx context.Context, tx *store.Store, a authz.Actor, from domain.Year, year int, sum *RolloverSummary) (domain.Year, error) {
	y, err := tx.GetYear(ctx, year)
	if err == nil || !errors.Is(err, domain.ErrNotFound) {
		return y, err
	}
	y = domain.Year{Year: year, RuleSet: from.RuleSet, PlanDueDate: domain.Day(from.PlanDueDate.AddDate(1, 0, 0))}
	for q := range y.Quarters {
		y.Quarters[q] = domain.Quarter{Quarter: q + 1, Deadline: domain.Day(from.Quarters[q].Deadline.AddDate(1, 0, 0))}
	}
	if err := tx.CreateYear(ctx, &y); err != nil {
		return y, err
	}
	sum.YearOpened = true
	return y, audit.Record(ctx, tx, s.act(a), "year.create", "year", y.Year, nil, y)
}

// rollMap copies the office's map into the new year, unless the year has
// one already (made by hand or by an earlier run), which is kept (first: no
// plan of the office exists in the year, so a map there was made by hand,
// worth a note). It returns
// the new year's objective for each objective of the source map, by code.
func (s *Service) rollMap(ctx context.Context, tx *store.Store, a authz.Actor, old *domain.StrategyMap, y domain.Year, office int64, first bool, sum *RolloverSummary) (map[int64]int64, error) {
	out := map[int64]int64{}
	m, err := tx.GetStrategyMap(ctx, y.ID, office)
	switch {
	case err == nil && old != nil:
		if first {
			sum.Attention = append(sum.Attention, RolloverNote{Kind: RollMapKept})
		}
		byCode := map[string]int64{}
		for _, o := range m.Objectives {
			byCode[o.Code] = o.ID
		}
		for _, o := range old.Objectives {
			if id, ok := byCode[o.Code]; ok {
				out[o.ID] = id
			}
		}
		return out, nil
	case err == nil:
		return out, nil
	case !errors.Is(err, domain.ErrNotFound):
		return nil, err
	case old == nil:
		return out, nil
	}
	m = domain.StrategyMap{YearID: y.ID, UnitID: office}
	persp := map[int64]int64{}
	for _, p := range old.Perspectives {
		m.Perspectives = append(m.Perspectives, domain.Perspective{Kind: p.Kind, Name: p.Name, Weight: p.Weight, Seq: p.Seq})
	}
	if err := tx.CreateStrategyMap(ctx, &m); err != nil {
		return nil, err
	}
	for i, p := range old.Perspectives {
		persp[p.ID] = m.Perspectives[i].ID
	}
	for _, o := range old.Objectives {
		n := domain.Objective{MapID: m.ID, PerspectiveID: persp[o.PerspectiveID], Code: o.Code, Name: o.Name, Description: o.Description, Seq: o.Seq}
		if err := tx.SaveObjective(ctx, &n); err != nil {
			return nil, err
		}
		out[o.ID] = n.ID
		m.Objectives = append(m.Objectives, n)
	}
	links := map[int64][]int64{}
	var froms []int64
	for _, l := range old.Links {
		if out[l.FromID] == 0 || out[l.ToID] == 0 {
			continue
		}
		if links[out[l.FromID]] == nil {
			froms = append(froms, out[l.FromID])
		}
		links[out[l.FromID]] = append(links[out[l.FromID]], out[l.ToID])
		m.Links = append(m.Links, domain.ObjectiveLink{FromID: out[l.FromID], ToID: out[l.ToID]})
	}
	for _, f := range froms {
		if err := tx.SetObjectiveLinks(ctx, f, links[f]); err != nil {
			return nil, err
		}
	}
	sum.Copied.Perspectives, sum.Copied.Objectives, sum.Copied.ObjectiveLinks = len(m.Perspectives), len(m.Objectives), len(m.Links)
	return out, audit.Record(ctx, tx, s.act(a), "strategy_map.rollover", "strategy_map", m.ID, nil, m)
}

// rolloverSource is what a rollover copies from: the office's map of the
// source year, the plan of each post (the latest of the year), the lines of
// each plan's version in force, and each line's latest official figure.
type rolloverSource struct {
	year    domain.Year
	smap    *domain.StrategyMap
	plans   []domain.Plan                  // every plan of the office in the year
	byPost  map[int64]domain.Plan          // position → its latest plan of the year
	lines   map[int64][]domain.Indicator   // plan → lines of the version copied
	figures map[int64]store.OfficialFigure // line → its latest official figure
	final   bool                           // the office closed the year's last quarter
}

func (r *rolloverSource) empty() bool { return r.smap == nil && len(r.plans) == 0 }

func (s *Service) rolloverSource(ctx context.Context, from domain.Year, office int64) (*rolloverSource, error) {
	src := &rolloverSource{year: from, byPost: map[int64]domain.Plan{}, lines: map[int64][]domain.Indicator{}, figures: map[int64]store.OfficialFigure{}}
	m, err := s.store.GetStrategyMap(ctx, from.ID, office)
	if err == nil {
		src.smap = &m
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	if src.plans, err = s.store.ListPlans(ctx, store.PlanFilter{YearID: from.ID, OfficeID: office}); err != nil {
		return nil, err
	}
	for _, p := range src.plans { // in the order of their periods: the latest wins
		src.byPost[p.PositionID] = p
	}
	versions, err := s.store.ListVersionsOfOffice(ctx, from.ID, office)
	if err != nil {
		return nil, err
	}
	// The version copied: the newest approved, else the newest.
	chosen := map[int64]domain.PlanVersion{}
	for _, v := range versions {
		cur, ok := chosen[v.PlanID]
		if !ok || cur.Status != domain.PlanApproved || v.Status == domain.PlanApproved {
			chosen[v.PlanID] = v
		}
	}
	ids := make([]int64, 0, len(chosen))
	for _, v := range chosen {
		ids = append(ids, v.ID)
	}
	lines, err := s.store.ListIndicatorsOfVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	planOf := map[int64]int64{}
	for _, v := range chosen {
		planOf[v.ID] = v.PlanID
	}
	for _, l := range lines {
		src.lines[planOf[l.VersionID]] = append(src.lines[planOf[l.VersionID]], l)
	}
	if src.figures, src.final, err = s.officialFigures(ctx, s.store, from.ID, office); err != nil {
		return nil, err
	}
	return src, nil
}

// officialFigures returns each line's latest official figure of an office's
// year — the to-date figure of the latest closed quarter it was verified in —
// and whether the year is final (its last quarter closed).
func (s *Service) officialFigures(ctx context.Context, st *store.Store, yearID, office int64) (map[int64]store.OfficialFigure, bool, error) {
	closures, err := st.ListClosures(ctx, yearID, office)
	if err != nil {
		return nil, false, err
	}
	final := false
	for _, cl := range closures {
		final = final || cl.Quarter == 4
	}
	figs, err := st.ListOfficialFigures(ctx, yearID, office)
	if err != nil {
		return nil, false, err
	}
	out := map[int64]store.OfficialFigure{}
	for _, f := range figs {
		if cur, ok := out[f.LineID]; !ok || f.Quarter > cur.Quarter {
			out[f.LineID] = f
		}
	}
	return out, final, nil
}

// refreshProvisional replaces the provisional previous-year figures copied
// from an office's year with its official figures as they stand now: called
// where figures become official (a quarter closed, a correction approved),
// so that the copies of the year's last quarter lose their provisional mark.
func (s *Service) refreshProvisional(ctx context.Context, tx *store.Store, a authz.Actor, yearID, office int64) error {
	copies, err := tx.ListProvisionalCopies(ctx, yearID, office)
	if err != nil || len(copies) == 0 {
		return err
	}
	figs, final, err := s.officialFigures(ctx, tx, yearID, office)
	if err != nil {
		return err
	}
	type change struct {
		Indicator   int64
		Target      domain.OptFloat
		Realisation domain.OptFloat
		Provisional bool
	}
	var changes []change
	for _, c := range copies {
		f, ok := figs[c.SourceLineID]
		if !ok || (f.Target == c.PrevTarget && f.Realisation == c.PrevRealisation && !final) {
			continue
		}
		if err := tx.SetPrevFigures(ctx, c.IndicatorID, f.Target, f.Realisation, !final); err != nil {
			return err
		}
		changes = append(changes, change{c.IndicatorID, f.Target, f.Realisation, !final})
	}
	if len(changes) == 0 {
		return nil
	}
	// The copies are the next year's: its office is the same office.
	if err := tx.FiguresChanged(ctx, office); err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.act(a), "rollover.prev_refresh", "unit", office, nil, map[string]any{"from_year_id": yearID, "lines": changes})
}

// sortNotes orders the notes by kind, then person, then code.
func sortNotes(ns []RolloverNote) {
	sort.SliceStable(ns, func(i, j int) bool {
		if ns[i].Kind != ns[j].Kind {
			return ns[i].Kind < ns[j].Kind
		}
		if ns[i].Employee != ns[j].Employee {
			return ns[i].Employee < ns[j].Employee
		}
		return ns[i].Code < ns[j].Code
	})
}

// RolloverOffice is an office the actor may roll over.
type RolloverOffice struct {
	ID   int64
	Name string
}

// RolloverOffices lists the offices the actor may roll over, by name.
func (s *Service) RolloverOffices(ctx context.Context, a authz.Actor) ([]RolloverOffice, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	var out []RolloverOffice
	for id, u := range c.Units {
		if c.Office(id) == id && c.Working(id) && authz.CanRollOver(a, c, id) {
			out = append(out, RolloverOffice{ID: id, Name: u.Name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

package service

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// StrategyMapView is a map with the permissions of its viewer.
type StrategyMapView struct {
	Map       domain.StrategyMap
	Year      domain.Year
	Office    domain.Unit
	CanManage bool
	Exists    bool
}

// StrategyMap returns an office's map for a year; when none exists yet it
// returns an empty view (Exists false) with the rule set's default perspectives.
func (s *Service) StrategyMap(ctx context.Context, a authz.Actor, year int, officeID int64) (StrategyMapView, error) {
	var v StrategyMapView
	c, off, y, err := s.readableOfficeYear(ctx, a, year, officeID)
	if err != nil {
		return v, err
	}
	v.Year, v.Office, v.CanManage = y, *off, authz.CanManageStrategy(a, c, officeID)
	m, err := s.store.GetStrategyMap(ctx, y.ID, officeID)
	switch {
	case err == nil:
		v.Map, v.Exists = m, true
	case errors.Is(err, domain.ErrNotFound):
		v.Map = domain.StrategyMap{YearID: y.ID, UnitID: officeID, Perspectives: s.defaultPerspectives(y)}
	default:
		return v, err
	}
	return v, nil
}

// defaultPerspectives are the rule set's perspectives with their weights.
func (s *Service) defaultPerspectives(y domain.Year) []domain.Perspective {
	rs, err := s.RuleSet(y)
	if err != nil {
		return nil
	}
	var out []domain.Perspective
	for i, p := range rs.PerspectiveDefaults(true) {
		k := domain.PerspectiveKind(p.Name)
		out = append(out, domain.Perspective{Kind: k, Name: perspectiveName(k), Weight: p.Weight, Seq: i + 1})
	}
	return out
}

// perspectiveName is the Indonesian name printed on maps and documents.
func perspectiveName(k domain.PerspectiveKind) string {
	switch k {
	case domain.PerspStakeholder:
		return "Stakeholder"
	case domain.PerspCustomer:
		return "Customer"
	case domain.PerspInternal:
		return "Internal Process"
	case domain.PerspLearning:
		return "Learning and Growth"
	}
	return string(k)
}

// ensureMap returns the office's map for the year, creating it with the
// default perspectives inside tx when missing.
func (s *Service) ensureMap(ctx context.Context, tx *store.Store, a authz.Actor, y domain.Year, officeID int64) (domain.StrategyMap, error) {
	m, err := tx.GetStrategyMap(ctx, y.ID, officeID)
	if err == nil || !errors.Is(err, domain.ErrNotFound) {
		return m, err
	}
	m = domain.StrategyMap{YearID: y.ID, UnitID: officeID, Perspectives: s.defaultPerspectives(y)}
	if err := tx.CreateStrategyMap(ctx, &m); err != nil {
		return m, err
	}
	return m, audit.Record(ctx, tx, s.act(a), "strategy_map.create", "strategy_map", m.ID, nil, m)
}

// PerspectiveInput sets one perspective; Present false leaves it out of the map.
type PerspectiveInput struct {
	Kind    domain.PerspectiveKind
	Name    string
	Weight  float64
	Present bool
}

// SetPerspectives replaces the perspectives and weights of an office's map.
// Weights of the present perspectives must add up to 100.
func (s *Service) SetPerspectives(ctx context.Context, a authz.Actor, year int, officeID int64, in []PerspectiveInput) (domain.StrategyMap, error) {
	return s.SetPerspectivesAt(ctx, a, year, officeID, -1, in)
}

// SetPerspectivesAt is SetPerspectives checked against the map's revision
// the caller read (-1: don't check). Perspectives sent as they are stored
// change nothing and keep the revision, whatever revision they carry.
func (s *Service) SetPerspectivesAt(ctx context.Context, a authz.Actor, year int, officeID int64, revision int, in []PerspectiveInput) (domain.StrategyMap, error) {
	view, err := s.StrategyMap(ctx, a, year, officeID)
	if err != nil {
		return domain.StrategyMap{}, err
	}
	if !view.CanManage {
		return domain.StrategyMap{}, domain.ErrForbidden
	}
	v := &domain.ValidationError{}
	total, present := 0.0, 0
	seen := map[domain.PerspectiveKind]bool{}
	for _, p := range in {
		field := "weight_" + string(p.Kind)
		if !p.Kind.Valid() || seen[p.Kind] {
			v.Addf("", "strategy.bad_perspective")
			continue
		}
		seen[p.Kind] = true
		if !p.Present {
			continue
		}
		present++
		if p.Weight <= 0 || p.Weight > 100 || math.IsNaN(p.Weight) {
			v.Addf(field, "strategy.weight_range")
		}
		total += p.Weight
	}
	if present == 0 {
		v.Addf("", "strategy.no_perspective")
	} else if math.Abs(total-100) > 1e-6 {
		v.Addf("", "strategy.weights_sum", "total", total)
	}
	if err := v.Err(); err != nil {
		return domain.StrategyMap{}, err
	}
	if view.Exists && samePerspectives(view.Map.Perspectives, in) {
		return view.Map, nil
	}
	rev, err := mapRevision(view, revision)
	if err != nil {
		return domain.StrategyMap{}, err
	}
	var out domain.StrategyMap
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		m, err := s.ensureMap(ctx, tx, a, view.Year, officeID)
		if err != nil {
			return err
		}
		before := m.Perspectives
		have := map[domain.PerspectiveKind]domain.Perspective{}
		for _, p := range m.Perspectives {
			have[p.Kind] = p
		}
		for _, p := range in {
			old, exists := have[p.Kind]
			switch {
			case p.Present:
				np := domain.Perspective{ID: old.ID, MapID: m.ID, Kind: p.Kind, Name: strings.TrimSpace(p.Name), Weight: p.Weight, Seq: p.Kind.Rank() + 1}
				if np.Name == "" {
					np.Name = perspectiveName(p.Kind)
				}
				if err := tx.SavePerspective(ctx, &np); err != nil {
					return err
				}
			case exists:
				for _, o := range m.Objectives {
					if o.PerspectiveID == old.ID {
						return domain.Invalid("", "strategy.perspective_has_objectives", "name", old.Name)
					}
				}
				if err := tx.DeletePerspective(ctx, old.ID); err != nil {
					return err
				}
			}
		}
		if err := tx.TouchStrategyMap(ctx, m.ID, rev); err != nil {
			return err
		}
		if out, err = tx.GetStrategyMapByID(ctx, m.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "strategy_map.perspectives", "strategy_map", m.ID, before, out.Perspectives)
	})
	return out, err
}

// mapRevision is the revision a change of the map is checked against. A
// map not created yet is at revision 0 and is created by the change.
func mapRevision(view StrategyMapView, revision int) (int, error) {
	if view.Exists {
		return revision, nil
	}
	if revision > 0 {
		return 0, domain.Conflict("strategy.changed_meanwhile")
	}
	return -1, nil
}

// samePerspectives reports whether in would leave the perspectives as stored.
func samePerspectives(have []domain.Perspective, in []PerspectiveInput) bool {
	byKind := map[domain.PerspectiveKind]domain.Perspective{}
	for _, p := range have {
		byKind[p.Kind] = p
	}
	present := 0
	for _, p := range in {
		old, ok := byKind[p.Kind]
		if !p.Present {
			if ok {
				return false
			}
			continue
		}
		present++
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = perspectiveName(p.Kind)
		}
		if !ok || old.Weight != p.Weight || old.Name != name {
			return false
		}
	}
	return present == len(have)
}

// ObjectiveInput is an objective and the objectives it supports (arrows up the map).
type ObjectiveInput struct {
	PerspectiveKind domain.PerspectiveKind
	Code            string
	Name            string
	Description     string
	Supports        []int64
}

// SaveObjective creates (id 0) or updates an objective of an office's map.
func (s *Service) SaveObjective(ctx context.Context, a authz.Actor, year int, officeID, id int64, in ObjectiveInput) (domain.Objective, error) {
	return s.SaveObjectiveAt(ctx, a, year, officeID, id, -1, in)
}

// SaveObjectiveAt is SaveObjective checked against the map's revision the
// caller read (-1: don't check). An objective sent as it is stored changes
// nothing and keeps the revision, whatever revision it carries.
func (s *Service) SaveObjectiveAt(ctx context.Context, a authz.Actor, year int, officeID, id int64, revision int, in ObjectiveInput) (domain.Objective, error) {
	view, err := s.StrategyMap(ctx, a, year, officeID)
	if err != nil {
		return domain.Objective{}, err
	}
	if !view.CanManage {
		return domain.Objective{}, domain.ErrForbidden
	}
	m := view.Map
	var old domain.Objective
	if id != 0 {
		var ok bool
		if old, ok = m.Objective(id); !ok {
			return domain.Objective{}, domain.ErrNotFound
		}
	}
	if err := validateObjective(m, id, &in); err != nil {
		return domain.Objective{}, err
	}
	oldPersp, _ := m.Perspective(old.PerspectiveID)
	if id != 0 && old.Code == in.Code && old.Name == in.Name && old.Description == in.Description &&
		oldPersp.Kind == in.PerspectiveKind && slices.Equal(supportsOf(m, id), sortedIDs(in.Supports)) {
		return old, nil
	}
	rev, err := mapRevision(view, revision)
	if err != nil {
		return domain.Objective{}, err
	}
	o := domain.Objective{ID: id, Code: in.Code, Name: in.Name, Description: in.Description}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		mm, err := s.ensureMap(ctx, tx, a, view.Year, officeID)
		if err != nil {
			return err
		}
		o.MapID = mm.ID
		for _, p := range mm.Perspectives {
			if p.Kind == in.PerspectiveKind {
				o.PerspectiveID = p.ID
			}
		}
		if id == 0 {
			o.Seq = len(mm.Objectives) + 1
		} else {
			o.Seq = old.Seq
		}
		if err := tx.SaveObjective(ctx, &o); err != nil {
			return err
		}
		if err := tx.SetObjectiveLinks(ctx, o.ID, in.Supports); err != nil {
			return err
		}
		if err := tx.TouchStrategyMap(ctx, mm.ID, rev); err != nil {
			return err
		}
		after := map[string]any{"objective": o, "supports": in.Supports}
		if id == 0 {
			return audit.Record(ctx, tx, s.act(a), "objective.create", "objective", o.ID, nil, after)
		}
		return audit.Record(ctx, tx, s.act(a), "objective.update", "objective", o.ID, old, after)
	})
	return o, err
}

// validateObjective checks an objective (id 0: a new one) of map m; its
// texts are trimmed.
func validateObjective(m domain.StrategyMap, id int64, in *ObjectiveInput) error {
	v := &domain.ValidationError{}
	in.Code = textField(v, "code", in.Code, true, 20)
	in.Name = textField(v, "name", in.Name, true, 300)
	in.Description = textField(v, "description", in.Description, false, 4000)
	var persp domain.Perspective
	found := false
	for _, p := range m.Perspectives {
		if p.Kind == in.PerspectiveKind {
			persp, found = p, true
		}
	}
	if !found {
		v.Addf("perspective", "err.choose")
	}
	for _, o := range m.Objectives {
		if o.ID != id && strings.EqualFold(o.Code, in.Code) && in.Code != "" {
			v.Addf("code", "strategy.code_taken")
		}
	}
	if found {
		checkObjectiveLinks(v, m, id, persp, in.Supports)
	} else if len(in.Supports) > 0 {
		v.Addf("supports", "strategy.link_up_only")
	}
	return v.Err()
}

// checkObjectiveLinks: arrows go up the map, from the objective in persp to
// those it supports and to it from those supporting it, so moving an
// objective down must not turn the arrows of those supporting it downwards.
func checkObjectiveLinks(v *domain.ValidationError, m domain.StrategyMap, id int64, persp domain.Perspective, supports []int64) {
	for _, to := range supports {
		target, ok := m.Objective(to)
		tp, _ := m.Perspective(target.PerspectiveID)
		if !ok || to == id || tp.Kind.Rank() >= persp.Kind.Rank() {
			v.Addf("supports", "strategy.link_up_only")
			break
		}
	}
	if id == 0 {
		return
	}
	for _, l := range m.Links {
		if l.ToID != id {
			continue
		}
		from, _ := m.Objective(l.FromID)
		if fp, _ := m.Perspective(from.PerspectiveID); fp.Kind.Rank() <= persp.Kind.Rank() {
			v.Addf("perspective", "strategy.link_up_only")
			break
		}
	}
}

// DeleteObjective removes an objective that no indicator refers to.
func (s *Service) DeleteObjective(ctx context.Context, a authz.Actor, year int, officeID, id int64) error {
	return s.DeleteObjectiveAt(ctx, a, year, officeID, id, -1)
}

// DeleteObjectiveAt is DeleteObjective checked against the map's revision
// the caller read (-1: don't check).
func (s *Service) DeleteObjectiveAt(ctx context.Context, a authz.Actor, year int, officeID, id int64, revision int) error {
	view, err := s.StrategyMap(ctx, a, year, officeID)
	if err != nil {
		return err
	}
	if !view.CanManage {
		return domain.ErrForbidden
	}
	o, ok := view.Map.Objective(id)
	if !ok {
		return domain.ErrNotFound
	}
	used, err := s.store.ObjectiveInUse(ctx, id)
	if err != nil {
		return err
	}
	if used {
		return domain.Refuse("strategy.objective_in_use", "code", o.Code)
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteObjective(ctx, id); err != nil {
			return err
		}
		if err := tx.TouchStrategyMap(ctx, view.Map.ID, revision); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "objective.delete", "objective", id, o, nil)
	})
}

// supportsOf lists, sorted, the objectives an objective of m supports.
func supportsOf(m domain.StrategyMap, id int64) []int64 {
	var out []int64
	for _, l := range m.Links {
		if l.FromID == id {
			out = append(out, l.ToID)
		}
	}
	return sortedIDs(out)
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

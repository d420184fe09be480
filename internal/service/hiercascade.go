package service

import (
	"cmp"
	"context"
	"slices"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// reachLower extends an office's cascade tree into the offices below it
// (SPEC §15): their IKUs cascaded from this office's IKUs hang under them,
// with the IKIs beneath. Every node carries its office. An IKU that now has
// children is no longer a gap; one consolidated by location without any is.
//
// The offices below are read level by level, each level with a few queries
// whatever its number of offices (a Kanwil has hundreds of KPPNs below it).
func (s *Service) reachLower(ctx context.Context, a authz.Actor, c *domain.Chart, yearID, officeID int64, t *CascadeTree,
	nodes map[int64]*CascadeNode, lines map[int64]domain.Indicator) error {
	for _, n := range nodes {
		n.OfficeID = officeID
		n.ByLocation = lines[n.LineID].ByLocation
	}
	above, level := nodes, []int64{officeID}
	for len(level) > 0 {
		var low []int64
		for _, up := range level {
			for _, id := range c.LowerOffices(up) {
				if c.Working(id) && authz.CanReadOffice(a, c, id) {
					low = append(low, id)
				}
			}
		}
		if len(low) == 0 {
			break
		}
		next, err := s.lowerNodes(ctx, c, yearID, low)
		if err != nil {
			return err
		}
		var hung []*CascadeNode
		for _, n := range next {
			if par := above[n.parentLine]; n.Kind == domain.IKU && par != nil && par.OfficeID == c.UpperOffice(n.OfficeID) {
				if !slices.Contains(hung, par) {
					hung = append(hung, par)
				}
				par.Children = append(par.Children, n)
			}
		}
		// Office by office, as the offices are sorted; within one, in the
		// order of its lines.
		for _, par := range hung {
			slices.SortStableFunc(par.Children, func(x, y *CascadeNode) int { return cmp.Compare(x.OfficeID, y.OfficeID) })
		}
		above, level = next, low
	}
	t.NoChild = slices.DeleteFunc(t.NoChild, func(n *CascadeNode) bool { return len(n.Children) > 0 })
	for _, n := range nodes {
		if n.Kind == domain.IKU && n.ByLocation && !slices.ContainsFunc(n.Children, func(ch *CascadeNode) bool { return ch.OfficeID != officeID }) {
			t.NoSources = append(t.NoSources, n)
		}
	}
	slices.SortFunc(t.NoSources, func(x, y *CascadeNode) int { return int(x.LineID - y.LineID) })
	return nil
}

// lowerNodes builds the cascade nodes of some offices at once, from the
// newest version of every plan, each with its IKIs beneath: three queries
// for all of them (more for the lines of over 10,000 plans).
func (s *Service) lowerNodes(ctx context.Context, c *domain.Chart, yearID int64, offices []int64) (map[int64]*CascadeNode, error) {
	pv := planVersions{latest: map[int64]domain.PlanVersion{}, approved: map[int64]domain.PlanVersion{}}
	var err error
	if pv.plans, err = s.store.ListPlans(ctx, store.PlanFilter{YearID: yearID, Offices: offices}); err != nil {
		return nil, err
	}
	versions, err := s.store.ListVersionsOfOffices(ctx, yearID, offices)
	if err != nil {
		return nil, err
	}
	for _, v := range versions { // oldest first
		pv.latest[v.PlanID] = v
	}
	// The lines' figures only: the manuals' texts of every person below are
	// not shown in the tree.
	vids, planOfVersion := pv.newestVersions()
	lines, err := s.store.ListLineFiguresOfVersions(ctx, vids)
	if err != nil {
		return nil, err
	}
	var sub CascadeTree // its gaps are those of the offices' own trees
	order := sub.build(c, pv.latest, lines, planOfVersion, s.Today())
	out := make(map[int64]*CascadeNode, len(order))
	for i, n := range order {
		n.OfficeID, n.ByLocation = planOfVersion[lines[i].VersionID].OfficeID, lines[i].ByLocation
		out[n.LineID] = n
	}
	return out, nil
}

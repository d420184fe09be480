package service

import (
	"context"
	"slices"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// reachLower extends an office's cascade tree into the offices below it
// (SPEC §15): their IKUs cascaded from this office's IKUs hang under them,
// with the IKIs beneath. Every node carries its office. An IKU that now has
// children is no longer a gap; one consolidated by location without any is.
func (s *Service) reachLower(ctx context.Context, a authz.Actor, c *domain.Chart, year int, officeID int64, t *CascadeTree,
	nodes map[int64]*CascadeNode, lines map[int64]domain.Indicator) error {
	for _, n := range nodes {
		n.OfficeID = officeID
		n.ByLocation = lines[n.LineID].ByLocation
	}
	for _, low := range c.LowerOffices(officeID) {
		if !c.Working(low) || !authz.CanReadOffice(a, c, low) {
			continue
		}
		sub, err := s.CascadeTree(ctx, a, year, low, 0)
		if err != nil {
			return err
		}
		ikus := slices.Clone(sub.Loose)
		for _, o := range sub.Objectives {
			ikus = append(ikus, o.IKUs...)
		}
		for _, n := range ikus {
			if par := nodes[n.parentLine]; par != nil {
				par.Children = append(par.Children, n)
			}
		}
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

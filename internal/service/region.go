package service

import (
	"cmp"
	"context"
	"slices"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
)

// RegionView is the region of an upper office (SPEC §15): each office
// directly below it with its NKO, status and reporting progress.
type RegionView struct {
	Year     domain.Year
	Quarter  int
	Offices  []OfficeScore // by office code; NHK left out
	Mean     calc.Opt      // mean NKO of the offices that have one
	Official int           // offices whose NKO is final
}

// Region returns the offices below an office that the actor reads, in a
// quarter. Their scores come from the overview's cache, recomputed only
// where an office's figures changed since.
func (s *Service) Region(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (RegionView, error) {
	var rv RegionView
	if quarter < 1 || quarter > 4 {
		return rv, domain.ErrNotFound
	}
	c, org, err := s.scoreChart(ctx)
	if err != nil {
		return rv, err
	}
	if !c.Working(officeID) {
		return rv, domain.ErrNotFound
	}
	if !a.User.Active || !authz.CanReadOffice(a, c, officeID) {
		return rv, domain.ErrForbidden
	}
	if rv.Year, err = s.yearNumbered(ctx, year); err != nil {
		return rv, err
	}
	rv.Quarter = quarter
	var offices []int64
	for _, id := range c.LowerOffices(officeID) {
		if c.Working(id) && authz.CanReadOffice(a, c, id) {
			offices = append(offices, id)
		}
	}
	if len(offices) == 0 {
		return rv, nil
	}
	if rv.Offices, err = s.officeScores(ctx, c, org, rv.Year, quarter, offices, false); err != nil {
		return RegionView{}, err
	}
	for i := range rv.Offices {
		o := &rv.Offices[i]
		o.NHK, o.NHKCount = calc.Opt{}, 0
		if o.Official {
			rv.Official++
		}
	}
	slices.SortFunc(rv.Offices, func(x, y OfficeScore) int {
		return cmp.Or(cmp.Compare(x.Office.Code, y.Office.Code), cmp.Compare(x.Office.ID, y.Office.ID))
	})
	rv.Mean = meanNKO(rv.Offices)
	return rv, nil
}

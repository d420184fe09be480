package web

import (
	"net/http"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/service"
)

// overviewPage is the NKO of every office the viewer may read in one
// quarter, grouped by the unit above the offices (the regional office).
type overviewPage struct {
	Scope   quarterScope
	View    service.Overview
	Regions []overviewRegion
}

type overviewRegion struct {
	Name    string
	Offices []service.OfficeScore
	Mean    calc.Opt // mean NKO of the region's offices that have one
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.quarterScope(r, a)
	if err != nil {
		return err
	}
	sc.Offices, sc.Office = nil, nil // every office is on the page
	l := langOf(r)
	d := overviewPage{Scope: sc}
	if sc.Year != 0 {
		if d.View, err = s.svc.Overview(r.Context(), a, sc.Year, sc.Quarter); err != nil {
			return err
		}
		for _, o := range d.View.Offices {
			if n := len(d.Regions); n == 0 || d.Regions[n-1].Name != o.Region.Name {
				d.Regions = append(d.Regions, overviewRegion{Name: o.Region.Name})
			}
			last := &d.Regions[len(d.Regions)-1]
			last.Offices = append(last.Offices, o)
		}
		for i := range d.Regions {
			sum, n := 0.0, 0
			for _, o := range d.Regions[i].Offices {
				if o.NKO.OK {
					sum, n = sum+o.NKO.V, n+1
				}
			}
			if n > 0 {
				d.Regions[i].Mean = calc.Some(sum / float64(n))
			}
		}
	}
	s.render(w, r, http.StatusOK, "overview", l.T("overview.title_q", "q", roman(sc.Quarter), "year", sc.Year), d)
	return nil
}

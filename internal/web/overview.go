package web

import (
	"net/http"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/service"
)

// overviewPage is the NKO of every office the viewer may read in one
// quarter, grouped by the unit above the offices (the regional office).
type overviewPage struct {
	Scope quarterScope
	View  service.Overview
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	sc, err := s.quarterScope(r, a)
	if err != nil {
		return err
	}
	sc.Offices, sc.Office = nil, nil // every office is on the page
	d := overviewPage{Scope: sc}
	if sc.Year != 0 {
		if d.View, err = s.svc.Overview(r.Context(), a, sc.Year, sc.Quarter); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "overview", langOf(r).T("overview.title_q", "q", sc.Quarter, "year", sc.Year), d)
	return nil
}

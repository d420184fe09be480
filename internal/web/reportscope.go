package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// quarterScope is the performance year, quarter and office a report or NKO
// page shows, with the choices the viewer has.
type quarterScope struct {
	Years   []domain.Year
	Year    int // 0 when no year is open yet
	Quarter int
	Offices []*domain.Unit // offices the viewer may pick from
	Office  *domain.Unit   // nil when none applies
	Own     bool           // the office is the viewer's own
	Chart   *domain.Chart
}

// Quarters lists the four quarters for the picker.
func (sc quarterScope) Quarters() []int { return []int{1, 2, 3, 4} }

// Query returns the scope as a query string for links, quarter q instead of
// the current one when q > 0. It is typed as a URL so that html/template
// keeps its "=" and "&" when it follows the "?" of an href.
func (sc quarterScope) Query(q int) template.URL {
	v := url.Values{}
	if sc.Year != 0 {
		v.Set("year", strconv.Itoa(sc.Year))
	}
	if q == 0 {
		q = sc.Quarter
	}
	v.Set("q", strconv.Itoa(q))
	if sc.Office != nil && !sc.Own {
		v.Set("office", strconv.FormatInt(sc.Office.ID, 10))
	}
	return template.URL(v.Encode())
}

// quarterScope reads ?year= (default: the working year), ?q= (default: the quarter last ended) and ?office= (default: the
// viewer's office, or the only office the viewer reads). An unknown year,
// quarter or office is not found; whether the viewer may read the office is
// for the service to decide.
func (s *Server) quarterScope(r *http.Request, a authz.Actor) (quarterScope, error) {
	o, y, err := s.officeScope(r, a, true)
	if err != nil {
		return quarterScope{}, err
	}
	sc := quarterScope{Years: o.Years, Year: y.Year, Offices: o.Offices, Office: o.Office, Own: o.Own, Chart: o.Chart}
	if v := r.URL.Query().Get("q"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			return sc, domain.ErrNotFound
		}
		sc.Quarter = n
	} else {
		sc.Quarter = s.svc.CurrentQuarter(sc.Year)
	}
	return sc, nil
}

// officeScope is what the pages' scopes have in common: the years and
// offices the viewer may pick from and the office shown. The scopes copy it
// into fields of their own, which templates read faster than promoted ones.
type officeScope struct {
	Years   []domain.Year
	Offices []*domain.Unit // offices the viewer may pick from
	Office  *domain.Unit   // nil when none applies
	Own     bool           // the office is the viewer's own
	Chart   *domain.Chart
}

// officeScope reads ?year= (default: the working year; the zero year when
// there is none) and ?office= (see officeChoice); an unknown year or office
// is not found.
func (s *Server) officeScope(r *http.Request, a authz.Actor, pickFirst bool) (officeScope, *domain.Year, error) {
	ctx := r.Context()
	var sc officeScope
	years, err := s.svc.ListYears(ctx, a)
	if err != nil {
		return sc, nil, err
	}
	sc.Years = years
	y, err := s.pickYear(r, years)
	if err != nil {
		return sc, nil, err
	}
	if sc.Chart, err = s.svc.OrgChart(ctx, a); err != nil {
		return sc, nil, err
	}
	if sc.Offices, sc.Office, sc.Own, err = officeChoice(sc.Chart, a, r.URL.Query().Get("office"), pickFirst); err != nil {
		return sc, nil, err
	}
	return sc, y, nil
}

// pickYear reads ?year= (default: the working year), as one of years; the
// zero year when there is none, not found when it is not one of them.
func (s *Server) pickYear(r *http.Request, years []domain.Year) (*domain.Year, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		y, _ := s.svc.WorkingYear(years)
		return &y, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil {
		return nil, domain.ErrNotFound
	}
	for i := range years {
		if years[i].Year == y {
			return &years[i], nil
		}
	}
	return nil, domain.ErrNotFound
}

// officeChoice lists the offices a viewer may pick (their own and those they
// read) and the one shown: the one asked for, else their own, else the first
// (pickFirst) or the only one.
func officeChoice(c *domain.Chart, a authz.Actor, asked string, pickFirst bool) (offices []*domain.Unit, office *domain.Unit, own bool, err error) {
	mine := c.EmployeeOffice(a.EmployeeID())
	for id, u := range c.Units {
		// Sections are most units: their kind rules them out at once.
		if u.Kind.UPK() && c.Working(id) && (id == mine || authz.CanInScope(a, c, authz.OfficeRead, id)) {
			offices = append(offices, u)
		}
	}
	sort.Slice(offices, func(i, j int) bool { return offices[i].Code < offices[j].Code })
	switch {
	case asked != "":
		id, err := strconv.ParseInt(asked, 10, 64)
		u := c.Units[id]
		if err != nil || u == nil || !c.Working(id) {
			return offices, nil, false, domain.ErrNotFound
		}
		return offices, u, id == mine, nil
	case mine != 0:
		return offices, c.Units[mine], true, nil
	case len(offices) == 1 || (pickFirst && len(offices) > 0):
		return offices, offices[0], false, nil
	}
	return offices, nil, false, nil
}

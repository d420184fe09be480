package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

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

// defaultQuarter is the last quarter of year that has ended by today (the
// one being reported on), the first while none has, the fourth for past years.
func defaultQuarter(year int, today time.Time) int {
	q := 0
	for i := 1; i <= 4; i++ {
		if today.After(domain.QuarterEnd(year, i)) {
			q = i
		}
	}
	return max(q, 1)
}

// quarterScope reads ?year= (default: the working year), ?q= (default: the quarter last ended) and ?office= (default: the
// viewer's office, or the only office the viewer reads). An unknown year,
// quarter or office is not found; whether the viewer may read the office is
// for the service to decide.
func (s *Server) quarterScope(r *http.Request, a authz.Actor) (quarterScope, error) {
	ctx := r.Context()
	q := r.URL.Query()
	var sc quarterScope
	years, err := s.svc.ListYears(ctx, a)
	if err != nil {
		return sc, err
	}
	sc.Years = years
	today := s.svc.Today()
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return sc, domain.ErrNotFound
		}
		for _, x := range years {
			if x.Year == y {
				sc.Year = y
			}
		}
		if sc.Year == 0 {
			return sc, domain.ErrNotFound
		}
	} else if y, ok := s.svc.WorkingYear(years); ok {
		sc.Year = y.Year
	}
	if v := q.Get("q"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			return sc, domain.ErrNotFound
		}
		sc.Quarter = n
	} else {
		sc.Quarter = defaultQuarter(sc.Year, today)
	}
	c, err := s.svc.OrgChart(ctx, a)
	if err != nil {
		return sc, err
	}
	sc.Chart = c
	if sc.Offices, sc.Office, sc.Own, err = officeChoice(c, a, q.Get("office"), true); err != nil {
		return sc, err
	}
	return sc, nil
}

// officeChoice lists the offices a viewer may pick (their own and those they
// read) and the one shown: the one asked for, else their own, else the first
// (pickFirst) or the only one.
func officeChoice(c *domain.Chart, a authz.Actor, asked string, pickFirst bool) (offices []*domain.Unit, office *domain.Unit, own bool, err error) {
	mine := c.EmployeeOffice(a.EmployeeID())
	for id, u := range c.Units {
		if c.Working(id) && (id == mine || authz.CanInScope(a, c, authz.OfficeRead, id)) {
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

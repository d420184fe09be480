package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kinerja/kinerja/internal/authz"
)

// planScope is the performance year and office a planning page shows, with
// the choices the viewer has. The office is the viewer's own; accounts that
// read several offices (or none of their own) pick one with ?office=.
type planScope struct {
	officeScope     // Office is nil until one is picked
	Year        int // 0 when no year is open yet
}

// Query returns year and office as a query string for links and form actions.
func (sc planScope) Query() string {
	v := url.Values{}
	if sc.Year != 0 {
		v.Set("year", strconv.Itoa(sc.Year))
	}
	if sc.Office != nil && !sc.Own {
		v.Set("office", strconv.FormatInt(sc.Office.ID, 10))
	}
	return v.Encode()
}

// Ready reports whether there is a year and an office to show.
func (sc planScope) Ready() bool { return sc.Year != 0 && sc.Office != nil }

// planScope reads ?year= (default: the working year) and ?office= (default:
// the viewer's office). An unknown year or office is not found; an office the
// viewer may not read is left to the service, which refuses it.
func (s *Server) planScope(r *http.Request, a authz.Actor) (planScope, error) {
	base, y, err := s.officeScope(r, a, false)
	if err != nil {
		return planScope{}, err
	}
	return planScope{officeScope: base, Year: y.Year}, nil
}

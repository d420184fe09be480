package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kinerja/kinerja/internal/domain"
)

// The team heat map and the cascade tree open one unit at a time: a whole
// office of hundreds of people is a page of near a megabyte. unit=all
// draws everything, for printing.

// unitChoice is the unit parameter of the per-unit pages: empty for the
// viewer's default, "all" for everything, or a unit's ID.
type unitChoice struct {
	ID      int64
	All     bool
	Default bool
}

func parseUnitChoice(r *http.Request) (unitChoice, error) {
	v := r.URL.Query().Get("unit")
	switch v {
	case "":
		return unitChoice{Default: true}, nil
	case "all":
		return unitChoice{All: true}, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return unitChoice{}, domain.Invalid("unit", "units.bad_param")
	}
	return unitChoice{ID: id}, nil
}

// ownUnit is the unit a structural official below the office opens by
// default (a section head their section); 0 for the head of the office and
// for staff, who start from the office's summary.
func ownUnit(c *domain.Chart, emp int64) int64 {
	pos, ok := c.Primary(emp)
	if !ok || !pos.Kind.Structural() || c.Office(pos.UnitID) == pos.UnitID {
		return 0
	}
	return pos.UnitID
}

// unitLinker makes the links of a per-unit page, keeping its other
// parameters (year, office, quarter).
type unitLinker struct {
	path  string
	query url.Values
}

func newUnitLinker(path, query string) unitLinker {
	v, _ := url.ParseQuery(query)
	v.Del("unit")
	return unitLinker{path: path, query: v}
}

// to is the link of a unit ("" for the default view, "all" for everything).
func (u unitLinker) to(unit string) string {
	v := url.Values{}
	for k, x := range u.query {
		v[k] = x
	}
	if unit != "" {
		v.Set("unit", unit)
	}
	if len(v) == 0 {
		return u.path
	}
	return u.path + "?" + v.Encode()
}

func (u unitLinker) unit(id int64) string { return u.to(strconv.FormatInt(id, 10)) }

// walkOfficeUnits visits the units below an office depth first, in the
// order of their IDs.
func walkOfficeUnits(c *domain.Chart, office int64, visit func(u *domain.Unit, depth int)) {
	var walk func(id int64, depth int)
	walk = func(id int64, depth int) {
		kids := slices.Clone(c.Children(id))
		slices.Sort(kids)
		for _, k := range kids {
			if u := c.Units[k]; u != nil && c.Office(k) == office {
				visit(u, depth)
				walk(k, depth+1)
			}
		}
	}
	walk(office, 0)
}

// pickUnit resolves a unit choice within an office: the viewer's own unit
// by default, 0 for the office's own part; a unit outside the office is
// refused.
func pickUnit(c *domain.Chart, office, viewer int64, choice unitChoice) (int64, error) {
	id := choice.ID
	if choice.Default {
		if own := ownUnit(c, viewer); own != 0 && c.Office(own) == office {
			id = own
		}
	}
	if id == office {
		return 0, nil
	}
	if id != 0 && (c.Units[id] == nil || c.Office(id) != office) {
		return 0, refused(http.StatusNotFound, "units.not_in_office")
	}
	return id, nil
}

package web_test

import (
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// unitPageLimit is the most HTML a page of the team heat map or of the
// cascade tree may send for one unit of a large office, or for its summary.
const unitPageLimit = 200 << 10

// officeUnits are the units below an office, and the structural official
// heading each (0 when none).
func officeUnits(c *domain.Chart, office int64) (units []int64, heads map[int64]int64) {
	heads = map[int64]int64{}
	var walk func(id int64)
	walk = func(id int64) {
		kids := slices.Clone(c.Children(id))
		slices.Sort(kids)
		for _, k := range kids {
			if c.Office(k) != office {
				continue
			}
			units = append(units, k)
			for _, p := range c.UnitPositions(k) {
				if pos := c.Positions[p]; pos != nil && pos.Kind.Structural() {
					for _, h := range c.Holders(p) {
						heads[k] = h.EmployeeID
					}
				}
			}
			walk(k)
		}
	}
	walk(office)
	return units, heads
}

// The team heat map and the cascade tree of a 500-person office open on a
// summary and one unit at a time, every page under 200 KiB; everything on
// one page stays there for printing.
func TestPerUnitPagesOfALargeOffice(t *testing.T) {
	t.Parallel()
	f := webtest.NewLarge(t, benchPeople)
	o := f.Generated.Offices[0]
	c := f.Chart(t)
	units, heads := officeUnits(c, o.ID)
	if len(units) < 10 {
		t.Fatalf("%d units", len(units))
	}
	head := f.Login(t, "gen"+strconv.FormatInt(o.Head, 10))
	page := func(cl *webtest.Client, path string, limit bool) string {
		t.Helper()
		r := cl.Get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d%s", path, r.Status, excerpt(r))
		}
		if limit && len(r.Body) > unitPageLimit {
			t.Errorf("GET %s: %d KiB of HTML, more than %d", path, len(r.Body)>>10, unitPageLimit>>10)
		}
		return html.UnescapeString(r.Body)
	}
	tr := func(key string, args map[string]any) string { return i18n.Translate("id", key, args) }

	// The head starts from the summary: every unit listed, none drawn.
	for _, p := range []string{"/team", "/cascade"} {
		body := page(head, p, true)
		for _, u := range units[:3] {
			if !strings.Contains(body, "unit="+strconv.FormatInt(u, 10)) {
				t.Errorf("%s does not offer unit %s", p, c.Units[u].Name)
			}
		}
		if !strings.Contains(body, tr("units.choose", nil)) || !strings.Contains(body, "unit=all") {
			t.Errorf("%s: no unit choice or no link to print everything", p)
		}
	}
	if strings.Contains(page(head, "/team", false), "dh-team") {
		t.Error("the team summary draws a heat map")
	}

	// Every unit, as the head opens it; a section's heat map is the one of
	// the whole office's page, though only the unit's lines were read.
	all := page(head, "/team?unit=all", false)
	for _, u := range units {
		id := strconv.FormatInt(u, 10)
		team := page(head, "/team?unit="+id, true)
		if !strings.Contains(team, `table class="dh-table dh-team"`) || !strings.Contains(team, c.Units[u].Name) {
			t.Errorf("/team?unit=%s draws no heat map of %s", id, c.Units[u].Name)
		}
		if len(c.Children(u)) == 0 {
			if got, want := heatRows(team, c.Units[u].Name), heatRows(all, c.Units[u].Name); got == "" || got != want {
				t.Errorf("/team?unit=%s: the heat map of %s differs from the whole team's:\n%.600s\nwant\n%.600s", id, c.Units[u].Name, got, want)
			}
		}
		page(head, "/cascade?unit="+id, true)
	}

	// A structural official below the head starts from their own unit.
	var sectionHead, divisionHead int64
	for _, u := range units {
		switch {
		case heads[u] == 0:
		case len(c.Children(u)) > 0 && divisionHead == 0:
			divisionHead = heads[u]
		case len(c.Children(u)) == 0 && sectionHead == 0:
			sectionHead = heads[u]
		}
	}
	for _, who := range []int64{divisionHead, sectionHead} {
		if who == 0 {
			t.Fatal("no division or section head")
		}
		cl := f.Login(t, "gen"+strconv.FormatInt(who, 10))
		pos, _ := c.Primary(who)
		want := tr("units.showing", map[string]any{"unit": c.Units[pos.UnitID].Name, "n": 0})
		want = want[:strings.Index(want, ":")]
		for _, p := range []string{"/team", "/cascade"} {
			if body := page(cl, p, true); !strings.Contains(body, `id="units-open">`+want) {
				t.Errorf("%s of %s does not open their unit %s", p, c.Employees[who].Name, want)
			}
		}
	}

	// Everything, for printing, marked as such.
	for _, p := range []string{"/team?unit=all", "/cascade?unit=all"} {
		body := page(head, p, false)
		if !strings.Contains(body, tr("units.all_notice", map[string]any{"n": o.People})[:30]) || len(body) < unitPageLimit {
			t.Errorf("%s: %d KiB, not marked as the whole office", p, len(body)>>10)
		}
	}

	// Bad choices are refused with a message.
	for _, tc := range []struct {
		path   string
		status int
		msg    string
	}{
		{"/team?unit=x", http.StatusUnprocessableEntity, "units.bad_param"},
		{"/cascade?unit=-3", http.StatusUnprocessableEntity, "units.bad_param"},
		{"/cascade?unit=999999", http.StatusNotFound, "units.not_in_office"},
		{"/team?unit=999999", http.StatusNotFound, "units.not_in_team"},
	} {
		r := head.Get(tc.path)
		if r.Status != tc.status || !strings.Contains(html.UnescapeString(r.Body), tr(tc.msg, nil)) {
			t.Errorf("GET %s: %d, want %d with %q", tc.path, r.Status, tc.status, tr(tc.msg, nil))
		}
	}
	// A section head's team is their section: another unit is not theirs.
	other := strconv.FormatInt(units[len(units)-1], 10)
	if r := f.Login(t, "gen"+strconv.FormatInt(sectionHead, 10)).Get("/team?unit=" + other); r.Status != http.StatusNotFound {
		t.Errorf("a section head opens another unit's heat map: %d", r.Status)
	}
}

// heatRows is the body of the heat map table of a unit's group on a team page.
func heatRows(body, unit string) string {
	i := strings.Index(body, "<h3>"+unit+" ")
	if i < 0 {
		return ""
	}
	body = body[i:]
	start, end := strings.Index(body, "<tbody>"), strings.Index(body, "</tbody>")
	if start < 0 || end < start {
		return ""
	}
	return body[start:end]
}

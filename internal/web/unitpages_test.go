package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
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

var (
	k3LineLink  = regexp.MustCompile(`href="/k3/lines/(\d+)"`)
	pagerNext   = regexp.MustCompile(`<nav class="pager[^"]*"[^>]*>(?s:.*?)<a href="([^"]+)">[^<]*→</a>`)
	reportLink  = regexp.MustCompile(`href="/reports/(\d+)/(\d)"`)
	iiaaForm    = regexp.MustCompile(`<form method="post" action="([^"]+/items/\d+)" class="iiaa-form">\s*<input type="hidden" name="revision" value="(\d*)">`)
	membersLink = regexp.MustCompile(`href="(/tpk\?office=\d+&amp;year=\d+&amp;q=\d&amp;members=edit)#members"`)
	minutesLink = regexp.MustCompile(`href="(/tpk/minutes\.pdf\?office=\d+&amp;year=\d+&amp;q=\d)"`)
	accSelect   = regexp.MustCompile(`(?s)<select id="i\d+-acc" name="accountable_id"[^>]*>(.*?)</select>`)
)

// The K3 review, the TPK session and the head's IIAA report form of a
// 500-person office stay under 200 KiB a page: the review opens on the
// office's own lines and its units' counts, a unit at a time and paged;
// everything on one page stays there for printing.
func TestLargeOfficeReviewPages(t *testing.T) {
	t.Parallel()
	f := webtest.NewLarge(t, benchPeople)
	o := f.Generated.Offices[0]
	c := f.Chart(t)
	units, _ := officeUnits(c, o.ID)
	head := f.Login(t, "gen"+strconv.FormatInt(o.Head, 10))
	peng := f.Login(t, "gen"+strconv.FormatInt(o.Pengelola, 10))
	admin := f.Login(t, f.Generated.Admin)
	page := func(cl *webtest.Client, path string, limit bool) string {
		t.Helper()
		r := cl.Get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d%s", path, r.Status, excerpt(r))
		}
		if limit && len(r.Body) > unitPageLimit {
			t.Errorf("GET %s: %d KiB of HTML, more than %d", path, len(r.Body)>>10, unitPageLimit>>10)
		}
		return r.Body
	}
	tr := func(key string, args map[string]any) string {
		return html.EscapeString(i18n.Translate("id", key, args))
	}
	// lines reads a review and the pages after it, each under the limit.
	lines := func(cl *webtest.Client, path string) []string {
		t.Helper()
		var out []string
		for n := 0; path != "" && n < 50; n++ {
			body := page(cl, path, true)
			for _, m := range k3LineLink.FindAllStringSubmatch(body, -1) {
				out = append(out, m[1])
			}
			path = ""
			if m := pagerNext.FindStringSubmatch(body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		return out
	}

	// K3: the whole office for printing; the office's own lines and every
	// unit's, paged, list each line at least once and nothing else.
	all := k3LineLink.FindAllStringSubmatch(page(peng, "/k3?unit=all", false), -1)
	if len(all) <= 100 {
		t.Fatalf("the whole review lists %d lines", len(all))
	}
	want := map[string]bool{}
	for _, m := range all {
		want[m[1]] = true
	}
	seen := map[string]bool{}
	own := lines(peng, "/k3")
	if len(own) == 0 {
		t.Error("the review's summary lists none of the office's own lines")
	}
	for _, id := range own {
		seen[id] = true
	}
	biggest, most := int64(0), 0
	for _, u := range units {
		got := lines(peng, "/k3?unit="+strconv.FormatInt(u, 10))
		for _, id := range got {
			if !want[id] {
				t.Errorf("unit %s lists line %s, not in the office's review", c.Units[u].Name, id)
			}
			seen[id] = true
		}
		if len(got) > most {
			biggest, most = u, len(got)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the summary and the units list %d lines, the whole review %d", len(seen), len(want))
	}
	if most <= 100 {
		t.Errorf("the largest unit has %d lines: no second page tested", most)
	}
	// The undecided filter keeps to the unit, on every page.
	id := strconv.FormatInt(biggest, 10)
	inUnit := map[string]bool{}
	for _, l := range lines(peng, "/k3?unit="+id) {
		inUnit[l] = true
	}
	undecided := lines(peng, "/k3?unit="+id+"&show=undecided")
	for _, l := range undecided {
		if !inUnit[l] {
			t.Errorf("the undecided lines of unit %s list line %s of another unit", id, l)
		}
	}
	if body := page(peng, "/k3?unit="+id+"&show=undecided", true); !strings.Contains(body, tr("k3d.undecided_n", map[string]any{"n": len(undecided)})) {
		t.Errorf("the undecided filter of unit %s does not count its %d lines", id, len(undecided))
	}
	for _, cl := range []*webtest.Client{head, admin} {
		body := page(cl, "/k3?office="+strconv.FormatInt(o.ID, 10), true)
		if !strings.Contains(body, "unit="+id) || !strings.Contains(body, "unit=all") {
			t.Error("the review's summary does not offer the units and the print view")
		}
	}

	// TPK: the proposals of everyone; the members form only when asked for.
	for _, cl := range []*webtest.Client{head, peng} {
		body := page(cl, "/tpk", true)
		m := membersLink.FindStringSubmatch(body)
		if strings.Contains(body, `name="member"`) || m == nil {
			t.Fatal("the TPK page draws the members form, or no link to it")
		}
		if body := page(cl, html.UnescapeString(m[1]), true); !strings.Contains(body, `name="member"`) || !strings.Contains(body, `name="chair"`) {
			t.Error("the TPK members form is not drawn when asked for")
		}
		if m := minutesLink.FindStringSubmatch(body); m == nil {
			t.Error("no link to the TPK minutes with the session's office, year and quarter")
		} else if r := cl.Get(html.UnescapeString(m[1])); r.Status != http.StatusOK {
			t.Errorf("GET %s: %d", m[1], r.Status)
		}
	}
	page(admin, "/tpk?office="+strconv.FormatInt(o.ID, 10), true)
	// A refused members form comes back drawn, with the choices sent.
	headID := strconv.FormatInt(o.Head, 10)
	r := peng.PostForm("/tpk/members", url.Values{"office": {strconv.FormatInt(o.ID, 10)}, "year": {strconv.Itoa(f.Generated.Year)},
		"q": {"3"}, "members": {"edit"}, "chair": {"999999"}, "member": {headID}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `name="member" value="`+headID+`" checked`) {
		t.Errorf("a refused TPK members form: %d, the members sent not kept", r.Status)
	}

	// The head's IIAA reports, the open one in edit mode.
	var edit, plan string
	for _, m := range reportLink.FindAllStringSubmatch(page(head, "/reports", true), -1) {
		if plan == "" {
			plan = m[1]
		}
		if m[1] != plan {
			continue
		}
		path := "/reports/" + m[1] + "/" + m[2]
		if strings.Contains(page(head, path, true), `name="accountable_id"`) {
			edit = path
		}
	}
	if edit == "" {
		t.Fatal("no report of the head open for editing")
	}
	body := page(head, edit, true)
	sel := accSelect.FindStringSubmatch(body)
	if sel == nil || strings.Count(sel[1], "<option") >= o.People/4 {
		t.Fatalf("the accountable choice of %s offers the whole office", edit)
	}
	// A person outside those offered, once chosen, stays shown and chosen.
	form := iiaaForm.FindStringSubmatch(body)
	if form == nil {
		t.Fatal("no IIAA form")
	}
	staff := strconv.FormatInt(o.Staff, 10)
	if strings.Contains(sel[1], `value="`+staff+`"`) {
		t.Fatalf("a section's staff member is offered to the head")
	}
	r = head.PostForm(html.UnescapeString(form[1]), url.Values{"revision": {form[2]}, "issue": {"Realisasi tertunda."},
		"implication": {"Target tahunan terancam."}, "accountable_id": {staff}, "supporting": {""}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("POST %s: %d%s", form[1], r.Status, excerpt(r))
	}
	// A refused choice comes back chosen, with what was typed.
	r = head.PostForm(html.UnescapeString(form[1]), url.Values{"revision": {form[2]}, "issue": {"Belum ada data."},
		"implication": {"-"}, "accountable_id": {"999999"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<option value="999999" selected>`) || !strings.Contains(r.Body, "Belum ada data.") {
		t.Errorf("a refused IIAA form: %d, the choice or the text sent not kept", r.Status)
	}
	body = page(head, edit, true)
	if !strings.Contains(body, `<option value="`+staff+`" selected>`+html.EscapeString(c.Employees[o.Staff].Name)+`</option>`) {
		t.Errorf("the saved accountable %s is not shown chosen", c.Employees[o.Staff].Name)
	}
}

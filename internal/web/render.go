package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/ui"
)

// page is what every template receives.
type page struct {
	L       i18n.Lang
	Title   string
	Actor   *authz.Actor
	Nav     navMenu
	Path    string
	Back    string // the page's own address with its query, to come back to
	URL     string // for a page answering a POST: the address to show for it (pageURL)
	Flash   []flash
	Who     string // what the top bar says the signed-in person is
	Data    any
	Form    *form
	Now     time.Time
	Loc     *time.Location
	Version string
}

// navItem is one link of the menu.
type navItem struct {
	Href   string
	Label  string // message key
	Active bool   // the link leads to the page shown, or to a page above it
	Count  int    // shown as a badge when not zero
}

type flash struct {
	Kind string // ok, warn, error
	Text string
}

// navEntry is a place in the top row of the menu: a link, or a group of
// links opened as a dropdown. A group's Active and Count sum up its links.
type navEntry struct {
	navItem
	Group string    // the group's name (planning, reporting, monitoring, admin); empty for a link
	Items []navItem // the group's links
}

// navMenu is the menu of a signed-in person: the top row, and the
// notifications link shown beside the user menu.
type navMenu struct {
	Main  []navEntry
	Notif *navItem
}

// navFacts are what the menu needs to know from the org chart.
type navFacts struct {
	Head     bool   // heads the office of their position
	Team     bool   // supervises someone
	Position string // the title of their post, "Plt. " or "Plh. " before an acting one
}

// navFor builds the menu of an actor; each entry is a page the role can
// open. A group without entries is left out; a group with one entry is
// shown as that entry's link.
func navFor(a *authz.Actor, f navFacts, current string) navMenu {
	if a == nil {
		return navMenu{}
	}
	employee := a.EmployeeID() != 0
	office := authz.Can(*a, authz.OfficeRead)
	var m navMenu
	m.Main = append(m.Main, navEntry{navItem: navItem{Href: "/", Label: "nav.home"}})
	if employee {
		m.Main = append(m.Main, navEntry{navItem: navItem{Href: "/inbox", Label: "dashui.nav_inbox"}})
	}
	var planning, reporting, monitoring, admin []navItem
	if employee || office {
		planning = append(planning, navItem{Href: "/strategy", Label: "nav.strategy"}, navItem{Href: "/plans", Label: "nav.plans"},
			navItem{Href: "/cascade", Label: "nav.cascade"})
	}
	if authz.Can(*a, authz.K3Review) || office {
		planning = append(planning, navItem{Href: "/k3", Label: "nav.k3"})
	}
	if employee || office {
		reporting = append(reporting, navItem{Href: "/realisation", Label: "nav.realisation"},
			navItem{Href: "/reports", Label: "reportui.nav_reports"}, navItem{Href: "/nko", Label: "reportui.nav_nko"})
	}
	if employee || authz.Can(*a, authz.ScoreRead) {
		reporting = append(reporting, navItem{Href: "/scores", Label: "nav.scores"})
	}
	// The office dashboard opens for the head of the office and for those
	// who read offices; the closing console for those who read offices.
	if f.Head || office {
		monitoring = append(monitoring, navItem{Href: "/dashboard", Label: "dashui.office_dashboard"})
	}
	if employee && f.Team {
		monitoring = append(monitoring, navItem{Href: "/team", Label: "dashui.team_title"})
	}
	if office {
		monitoring = append(monitoring, navItem{Href: "/console", Label: "dashui.console_title"},
			navItem{Href: "/overview", Label: "overview.nav"})
	}
	admin = append(admin, navItem{Href: "/org", Label: "nav.org"})
	if authz.Can(*a, authz.YearManage) || office {
		admin = append(admin, navItem{Href: "/years", Label: "nav.years"})
	}
	if authz.Can(*a, authz.RuleSetRead) {
		admin = append(admin, navItem{Href: "/rule-sets", Label: "nav.rule_sets"})
	}
	if authz.Can(*a, authz.UserManage) {
		admin = append(admin, navItem{Href: "/users", Label: "nav.users"})
	}
	if authz.Can(*a, authz.AuditRead) {
		admin = append(admin, navItem{Href: "/audit", Label: "nav.audit"})
	}
	for _, g := range []struct {
		name, label string
		items       []navItem
	}{
		{"planning", "nav.group_planning", planning},
		{"reporting", "nav.group_reporting", reporting},
		{"monitoring", "nav.group_monitoring", monitoring},
		{"admin", "nav.group_admin", admin},
	} {
		switch len(g.items) {
		case 0:
		case 1:
			m.Main = append(m.Main, navEntry{navItem: g.items[0]})
		default:
			m.Main = append(m.Main, navEntry{navItem: navItem{Label: g.label}, Group: g.name, Items: g.items})
		}
	}
	m.Notif = &navItem{Href: "/notifications", Label: "nav.notifications"}
	m.each(func(it *navItem) {
		it.Active = current == it.Href || (it.Href != "/" && strings.HasPrefix(current, it.Href+"/"))
	})
	m.sum()
	return m
}

// each calls f with every link of the menu, those in groups included.
func (m *navMenu) each(f func(*navItem)) {
	for i := range m.Main {
		e := &m.Main[i]
		if e.Group == "" {
			f(&e.navItem)
		}
		for j := range e.Items {
			f(&e.Items[j])
		}
	}
	if m.Notif != nil {
		f(m.Notif)
	}
}

// link returns the link to href, or nil when the menu has none.
func (m *navMenu) link(href string) *navItem {
	var found *navItem
	m.each(func(it *navItem) {
		if it.Href == href && found == nil {
			found = it
		}
	})
	return found
}

// sum marks a group current when one of its links is, and gives it the
// total of its links' counts.
func (m *navMenu) sum() {
	for i := range m.Main {
		e := &m.Main[i]
		if e.Group == "" {
			continue
		}
		e.Active, e.Count = false, 0
		for _, it := range e.Items {
			e.Active = e.Active || it.Active
			e.Count += it.Count
		}
	}
}

// setCount puts a count on the link to href and on the group holding it;
// a menu without that link is left as it is.
func (m *navMenu) setCount(href string, n int) {
	if it := m.link(href); it != nil {
		it.Count = n
		m.sum()
	}
}

var funcs = template.FuncMap{
	// t translates: {{t .L "key" "name" value}}. A function rather than the
	// method .L.T, which html/template would look up by reflection on every
	// call; pages make hundreds of these calls.
	"t": func(l i18n.Lang, key string, kv ...any) string { return l.T(key, kv...) },
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m, nil
	},
	"list": func(v ...any) []any { return v },
	"num": func(l i18n.Lang, x float64, decimals int) string {
		return i18n.FormatNumber(string(l), x, decimals)
	},
	// numt prints a number as typed; fig a figure computed from typed ones
	// (a to-date or annual target), rounded for display.
	"numt":  func(l i18n.Lang, x float64) string { return i18n.FormatNumberTrim(string(l), x, 4) },
	"fig":   figureText,
	"score": scoreText,
	"date":  dateText,
	"dateShort": func(l i18n.Lang, t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return i18n.FormatDateShort(string(l), t)
	},
	"datetime": dateTime,
	"isoDate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"nip": domain.FormatNIP,
	// quarter names a quarter as the language does: "TW III", "Q3".
	"quarter": func(l i18n.Lang, q int) string { return i18n.Quarter(string(l), q) },
	"msg":     func(l i18n.Lang, m domain.Msg) string { return translate(l, m) },
	// query escapes a query value; typed as a URL so that html/template,
	// which escapes URL attributes itself, does not escape it twice.
	"query": func(s string) template.URL { return template.URL(url.QueryEscape(s)) },
	"add":   func(a, b int) int { return a + b },
	"can": func(a *authz.Actor, p string) bool {
		return a != nil && authz.Can(*a, authz.Permission(p))
	},
	"safeHTML":  func(s string) template.HTML { return template.HTML(s) }, // only for SVG we generate and escape
	"boundText": func(l i18n.Lang, b calc.BoundCheck) string { return service.BoundText(b, string(l)) },
}

// pageSet holds the page templates, each parsed with the layout and the
// partials on its first use: a page's tree is some 250 KB, and an idle server
// or one whose users open a handful of pages should not hold all of them.
// Every template parses in the tests (TestEveryTemplateParses).
type pageSet struct {
	pages map[string]*lazyPage
}

type lazyPage struct {
	once sync.Once
	file string
	t    *template.Template
	err  error
}

func newPageSet() (*pageSet, error) {
	files, err := fs.Glob(ui.FS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: map[string]*lazyPage{}}
	for _, f := range files {
		ps.pages[strings.TrimSuffix(path.Base(f), ".html")] = &lazyPage{file: f}
	}
	return ps, nil
}

// get returns the parsed page, parsing it on first use.
func (ps *pageSet) get(name string) (*template.Template, error) {
	lp, ok := ps.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	lp.once.Do(func() {
		lp.t, lp.err = template.New(name).Funcs(funcs).ParseFS(ui.FS, "templates/layout.html", "templates/partials/*.html", lp.file)
		if lp.err != nil {
			lp.err = fmt.Errorf("template %s: %w", name, lp.err)
		}
	})
	return lp.t, lp.err
}

// Pages returns the names of every page template (for tests).
func (s *Server) Pages() []string {
	names := make([]string, 0, len(s.pages.pages))
	for n := range s.pages.pages {
		names = append(names, n)
	}
	return names
}

// render writes a page inside the layout. It renders to a buffer first so a
// template error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	s.renderForm(w, r, status, name, title, data, nil)
}

func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, name, title string, data any, f *form) {
	t, err := s.pages.get(name)
	if err != nil {
		s.log.Error("template", "name", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	a := actorOf(r)
	p := page{
		L: langOf(r), Title: title, Actor: a, Path: r.URL.Path, Back: backTo(r),
		Data: data, Form: f, Now: s.svc.Now(), Loc: s.svc.Location(), Version: version,
	}
	if r.Method == http.MethodPost && name != "error" {
		p.URL = s.pageURL(r)
	}
	if a != nil {
		facts := s.navFacts(r, a)
		p.Nav = navFor(a, facts, r.URL.Path)
		p.Who = whoLabel(p.L, a, facts)
		p.Flash = s.popFlash(r)
		s.fillNavCounts(r, a, &p.Nav)
		s.fillInboxCount(r, a, &p.Nav)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "request_id", requestID(r), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// navFacts reads from the org chart what the menu of an actor depends on.
func (s *Server) navFacts(r *http.Request, a *authz.Actor) navFacts {
	me := a.EmployeeID()
	if me == 0 || !authz.Can(*a, authz.OrgRead) {
		return navFacts{}
	}
	c, err := s.svc.OrgChart(r.Context(), *a)
	if err != nil {
		s.log.WarnContext(r.Context(), "menu: org chart", "err", err)
		return navFacts{}
	}
	off := c.EmployeeOffice(me)
	f := navFacts{Head: off != 0 && c.Heads(off, me), Team: len(c.Subordinates(me)) > 0}
	if hs := c.HeldBy(me); len(hs) > 0 {
		if pos := c.Positions[hs[0].PositionID]; pos != nil {
			f.Position = pos.Title
			switch hs[0].Acting {
			case domain.ActingPlt:
				f.Position = "Plt. " + f.Position
			case domain.ActingPlh:
				f.Position = "Plh. " + f.Position
			}
		}
	}
	return f
}

// whoLabel names the signed-in person under their name in the top bar: an
// employee by the post they hold ("Kepala Kantor", "Plt. Kepala Seksi
// Bank"), since every employee has the role "Pegawai"; the pengelola
// kinerja, admins and pemeriksa by their role.
func whoLabel(l i18n.Lang, a *authz.Actor, f navFacts) string {
	if a.User.Role == domain.RoleEmployee && f.Position != "" {
		return f.Position
	}
	return l.T("role." + string(a.User.Role))
}

// backTo is where the language switch returns: this page, with its query
// for GET pages (a POST result page goes back to its path).
func backTo(r *http.Request) string {
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	return r.URL.Path
}

// pageURL is the address of the page that answers a POST with a page (a
// refused form shown again with what was typed and what is wrong, or a
// result shown once), for the browser to show in place of the POST's:
// ui/static/app.js replaces it in the history, so that reloading asks for
// the page instead of sending the form again. It is the page the form was
// sent from when the POST went to that same address; else the POST's own
// address when a page answers GET there (a form page); else the page the
// form was sent from when the POST acts on something below it (a plan's
// /submit from the plan), its query keeping the page's year and office.
// "" when none applies: the address stays as it is.
func (s *Server) pageURL(r *http.Request) string {
	var from *url.URL
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && strings.HasPrefix(ref.Path, "/") {
		from = ref
	}
	if from != nil && from.Path == r.URL.Path {
		return from.RequestURI()
	}
	if s.mux != nil {
		get := &http.Request{Method: http.MethodGet, Host: r.Host, URL: &url.URL{Path: r.URL.Path}}
		if _, pattern := s.mux.Handler(get); pattern != "" {
			return r.URL.Path
		}
	}
	if from != nil && from.Path != "/" && strings.HasPrefix(r.URL.Path, from.Path+"/") {
		return from.RequestURI()
	}
	return ""
}

// version is shown in the footer; set by the wiring code.
var version = "dev"

// SetVersion sets the version shown in the page footer.
func SetVersion(v string) { version = v }

const flashKey = "flash"

// addFlash queues a message shown on the next page.
func (s *Server) addFlash(r *http.Request, kind, text string) {
	list, _ := s.sessions.Get(r.Context(), flashKey).([]string)
	s.sessions.Put(r.Context(), flashKey, append(list, kind+"|"+text))
}

func (s *Server) popFlash(r *http.Request) []flash {
	list, _ := s.sessions.Pop(r.Context(), flashKey).([]string)
	out := make([]flash, 0, len(list))
	for _, v := range list {
		kind, text, _ := strings.Cut(v, "|")
		out = append(out, flash{Kind: kind, Text: text})
	}
	return out
}

// redirect answers a successful POST (post/redirect/get).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

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
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/ui"
)

// page is what every template receives.
type page struct {
	L       i18n.Lang
	Title   string
	Actor   *authz.Actor
	Nav     []navItem
	Path    string
	Back    string // the page's own address with its query, to come back to
	Flash   []flash
	Data    any
	Form    *form
	Now     time.Time
	Loc     *time.Location
	Version string
}

type navItem struct {
	Href   string
	Label  string // message key
	Active bool
	Count  int
}

type flash struct {
	Kind string // ok, warn, error
	Text string
}

// navFor lists the menu of an actor; each entry is a page the role can open.
func navFor(a *authz.Actor, current string) []navItem {
	if a == nil {
		return nil
	}
	items := []navItem{{Href: "/", Label: "nav.home"}}
	if a.EmployeeID() != 0 {
		items = append(items, navItem{Href: "/inbox", Label: "dashui.nav_inbox"})
	}
	items = append(items, navItem{Href: "/org", Label: "nav.org"})
	if a.EmployeeID() != 0 || authz.Can(*a, authz.OfficeRead) {
		items = append(items, navItem{Href: "/strategy", Label: "nav.strategy"}, navItem{Href: "/plans", Label: "nav.plans"},
			navItem{Href: "/cascade", Label: "nav.cascade"})
	}
	if authz.Can(*a, authz.K3Review) || authz.Can(*a, authz.OfficeRead) {
		items = append(items, navItem{Href: "/k3", Label: "nav.k3"})
	}
	if a.EmployeeID() != 0 || authz.Can(*a, authz.OfficeRead) {
		items = append(items, navItem{Href: "/reports", Label: "reportui.nav_reports"}, navItem{Href: "/nko", Label: "reportui.nav_nko"})
	}
	if authz.Can(*a, authz.YearManage) || authz.Can(*a, authz.OfficeRead) {
		items = append(items, navItem{Href: "/years", Label: "nav.years"})
	}
	if a.EmployeeID() != 0 || authz.Can(*a, authz.OfficeRead) {
		items = append(items, navItem{Href: "/realisation", Label: "nav.realisation"})
	}
	if a.EmployeeID() != 0 || authz.Can(*a, authz.ScoreRead) {
		items = append(items, navItem{Href: "/scores", Label: "nav.scores"})
	}
	if authz.Can(*a, authz.AuditRead) {
		items = append(items, navItem{Href: "/audit", Label: "nav.audit"})
	}
	if authz.Can(*a, authz.UserManage) {
		items = append(items, navItem{Href: "/users", Label: "nav.users"})
	}
	items = append(items, navItem{Href: "/notifications", Label: "nav.notifications"})
	for i := range items {
		h := items[i].Href
		items[i].Active = current == h || (h != "/" && strings.HasPrefix(current, h+"/"))
	}
	return items
}

var funcs = template.FuncMap{
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
	"numt":  func(l i18n.Lang, x float64) string { return i18n.FormatNumberTrim(string(l), x, 4) },
	"score": scoreText,
	"date": func(l i18n.Lang, t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return i18n.FormatDate(string(l), t)
	},
	"dateShort": func(l i18n.Lang, t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return i18n.FormatDateShort(string(l), t)
	},
	"datetime": func(l i18n.Lang, loc *time.Location, t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return i18n.FormatDateTime(string(l), t, loc)
	},
	"isoDate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"nip": domain.FormatNIP,
	"msg": func(l i18n.Lang, m domain.Msg) string { return translate(l, m) },
	// query escapes a query value; typed as a URL so that html/template,
	// which escapes URL attributes itself, does not escape it twice.
	"query": func(s string) template.URL { return template.URL(url.QueryEscape(s)) },
	"add":   func(a, b int) int { return a + b },
	"can": func(a *authz.Actor, p string) bool {
		return a != nil && authz.Can(*a, authz.Permission(p))
	},
	"safeHTML": func(s string) template.HTML { return template.HTML(s) }, // only for SVG we generate and escape
}

// parseTemplates parses every page with the layout and partials, once at start.
func parseTemplates() (map[string]*template.Template, error) {
	pages, err := fs.Glob(ui.FS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(ui.FS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// Pages returns the names of every page template (for tests).
func (s *Server) Pages() []string {
	names := make([]string, 0, len(s.pages))
	for n := range s.pages {
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
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	a := actorOf(r)
	p := page{
		L: langOf(r), Title: title, Actor: a, Nav: navFor(a, r.URL.Path), Path: r.URL.Path, Back: backTo(r),
		Data: data, Form: f, Now: s.svc.Now(), Loc: s.svc.Location(), Version: version,
	}
	if a != nil {
		p.Flash = s.popFlash(r)
		s.fillNavCounts(r, a, p.Nav)
		s.fillInboxCount(r, a, p.Nav)
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

// backTo is where the language switch returns: this page, with its query
// for GET pages (a POST result page goes back to its path).
func backTo(r *http.Request) string {
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	return r.URL.Path
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

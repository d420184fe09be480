package web_test

import (
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// fieldBlock returns the HTML of the form field whose input has id f-<name>.
func fieldBlock(t *testing.T, page, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<div class="field[^"]*">\s*<label for="f-` + name + `">.*?</div>`)
	m := re.FindString(page)
	if m == "" {
		t.Fatalf("no field %q on the page", name)
	}
	return m
}

func TestFormKeepsInputAndMarksErrors(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, pengelola))
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			c.PostForm("/lang", url.Values{"lang": {lang}})
			r := c.PostForm("/employees/new", url.Values{"nip": {"12345"}, "name": {"Siti Contoh, S.E."}, "grade": {"Penata (III/c)"},
				"email": {"siti@example.go.id"}, "position_id": {"0"}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			checkPage(t, "employee form with errors", lang, r.Body)
			for _, typed := range []string{`value="12345"`, `value="Siti Contoh, S.E."`, `value="Penata (III/c)"`, `value="siti@example.go.id"`} {
				if !strings.Contains(r.Body, typed) {
					t.Errorf("the form lost %s", typed)
				}
			}
			nip := fieldBlock(t, r.Body, "nip")
			msg := html.EscapeString(i18n.Translate(lang, "nip.length", nil))
			if !strings.Contains(nip, "has-error") || !strings.Contains(nip, `aria-invalid="true"`) ||
				!strings.Contains(nip, `<p class="error" id="e-nip">`+msg+`</p>`) {
				t.Errorf("the NIP field does not show its error %q:\n%s", msg, nip)
			}
			if name := fieldBlock(t, r.Body, "name"); strings.Contains(name, "has-error") {
				t.Errorf("the name field is marked wrong:\n%s", name)
			}
			if !strings.Contains(r.Body, `role="alert"`) {
				t.Error("no summary of the errors at the top of the form")
			}

			// A taken NIP names its holder: the message's argument is filled in.
			taken := f.Chart(t).Employees[f.Office.Head]
			r = c.PostForm("/employees/new", url.Values{"nip": {taken.NIP}, "name": {"Kembar"}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("duplicate NIP: status %d", r.Status)
			}
			want := html.EscapeString(i18n.Translate(lang, "org.nip_taken", map[string]any{"name": taken.Name}))
			if !strings.Contains(fieldBlock(t, r.Body, "nip"), want) {
				t.Errorf("the duplicate-NIP message %q is not beside the field", want)
			}
		})
	}
}

func TestOtherFormsKeepInput(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, admin))
	r := c.PostForm("/org/units/new", url.Values{"parent_id": {"0"}, "code": {""}, "name": {"Seksi Tanpa Kode"}, "kind": {"section"}, "city": {"Sukamaju"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Seksi Tanpa Kode"`) || !strings.Contains(fieldBlock(t, r.Body, "code"), "has-error") {
		t.Errorf("unit form: %d%s", r.Status, excerpt(r))
	}
	if !strings.Contains(r.Body, `<title>`+i18n.Translate("id", "unit.new", nil)) {
		t.Errorf("a refused new unit comes back titled as an edit")
	}
	r = c.PostForm("/users/new", url.Values{"username": {"baru"}, "password": {"short-pw"}, "role": {"employee"}, "lang": {"id"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="baru"`) || strings.Contains(r.Body, "short-pw") {
		t.Errorf("user form: %d (the password must not come back)%s", r.Status, excerpt(r))
	}
	anon := f.Client(t)
	r = anon.PostForm("/login", url.Values{"username": {"admin"}, "password": {"my secret guess"}})
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, `value="admin"`) || strings.Contains(r.Body, "my secret guess") {
		t.Errorf("login form: %d (keeps the name, drops the password)%s", r.Status, excerpt(r))
	}
	if !strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "login.bad_credentials", nil))) {
		t.Error("the login page does not say the credentials were wrong")
	}
	r = c.PostForm("/account/password", url.Values{"old_password": {demo.Password}, "new_password": {"one long password"}, "new_password2": {"another long one"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, r.Body, "new_password2"), "has-error") || strings.Contains(r.Body, "one long password") {
		t.Errorf("password form: %d%s", r.Status, excerpt(r))
	}
}

func TestLoginThrottleShowsItsMessage(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Client(t)
	user := username(f.Office, staff)
	for range 5 {
		c.PostForm("/login", url.Values{"username": {user}, "password": {"wrong password"}})
	}
	r := c.PostForm("/login", url.Values{"username": {user}, "password": {demo.Password}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "login.throttled", nil))) {
		t.Errorf("throttled login: %d%s", r.Status, excerpt(r))
	}
}

// pendingNav lists menu entries whose page is not built yet. When one
// opens, the test fails so that it is taken off this list.
var pendingNav = map[string]string{}

var (
	navLink   = regexp.MustCompile(`<li><a href="([^"]+)"`)
	navGroup  = regexp.MustCompile(`(?s)<details class="navgroup" data-group="([a-z]+)">\s*<summary( class="navcurrent")?>.*?</details>`)
	notifLink = regexp.MustCompile(`<a href="(/notifications)" class="notiflink"`)
)

// menuOf returns the links of a page's menu (the notifications link beside
// the user menu included) and, for those in a group, the group's name.
func menuOf(t *testing.T, body string) (links []string, group map[string]string) {
	t.Helper()
	i := strings.Index(body, `<nav id="mainnav"`)
	if i < 0 {
		t.Fatal("the page has no menu")
	}
	nav := body[i:]
	nav = nav[:strings.Index(nav, "</nav>")]
	group = map[string]string{}
	for _, g := range navGroup.FindAllStringSubmatch(nav, -1) {
		for _, m := range navLink.FindAllStringSubmatch(g[0], -1) {
			group[m[1]] = g[1]
		}
	}
	for _, m := range navLink.FindAllStringSubmatch(nav, -1) {
		links = append(links, m[1])
	}
	if m := notifLink.FindStringSubmatch(body); m != nil {
		links = append(links, m[1])
	}
	return links, group
}

// Every menu link opens for the role that sees it and is marked as the
// current page there, with its group; the dashboards are in the menu of
// those they are for.
func TestNavigationLinksOpen(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	wants := map[string]struct{ has, lacks []string }{
		head:      {[]string{"/inbox", "/dashboard", "/team", "/notifications"}, []string{"/console", "/years", "/users", "/audit", "/k3"}},
		secHead:   {[]string{"/inbox", "/team", "/notifications"}, []string{"/dashboard", "/console", "/years"}},
		staff:     {[]string{"/inbox", "/plans", "/realisation", "/scores", "/org"}, []string{"/team", "/dashboard", "/console", "/years", "/k3"}},
		pengelola: {[]string{"/inbox", "/k3", "/dashboard", "/console", "/years", "/audit"}, []string{"/users", "/team"}},
		admin:     {[]string{"/dashboard", "/console", "/years", "/users", "/audit", "/scores"}, []string{"/inbox", "/team"}},
		pemeriksa: {[]string{"/dashboard", "/console", "/audit", "/nko"}, []string{"/inbox", "/team", "/users", "/scores"}},
	}
	for _, role := range roles[1:] {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			c := f.Login(t, username(f.Office, role))
			home := c.Get("/")
			links, group := menuOf(t, home.Body)
			if len(links) < 2 {
				t.Fatalf("menu has %d links", len(links))
			}
			for _, href := range wants[role].has {
				if !slices.Contains(links, href) {
					t.Errorf("the menu %v lacks %s", links, href)
				}
			}
			for _, href := range wants[role].lacks {
				if slices.Contains(links, href) {
					t.Errorf("the menu %v holds %s", links, href)
				}
			}
			for _, href := range links {
				r := c.Get(href)
				if what, pending := pendingNav[href]; pending {
					if r.Status == http.StatusOK {
						t.Errorf("%s (%s) opens now: remove it from pendingNav", href, what)
					}
					continue
				}
				if r.Status != http.StatusOK {
					t.Errorf("menu link %s: %d", href, r.Status)
					continue
				}
				if !strings.Contains(r.Body, `href="`+href+`" aria-current="page"`) &&
					!strings.Contains(r.Body, `href="`+href+`" class="notiflink" aria-current="page"`) {
					t.Errorf("menu link %s is not marked as the current page", href)
				}
				var current []string
				for _, g := range navGroup.FindAllStringSubmatch(r.Body, -1) {
					if g[2] != "" {
						current = append(current, g[1])
					}
				}
				if want := group[href]; (want == "" && len(current) > 0) || (want != "" && !slices.Equal(current, []string{want})) {
					t.Errorf("on %s the groups marked current are %v, want %q", href, current, want)
				}
			}
		})
	}
}

func TestHomeShowsTheChartOfTheUser(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, secHead))
	r := c.Get("/")
	ch := f.Chart(t)
	lead := ch.Employees[f.Office.SectionLed["BANK"]]
	head := ch.Employees[f.Office.Head]
	body := html.UnescapeString(r.Body)
	if !strings.Contains(body, lead.Name) || !strings.Contains(body, head.Name) {
		t.Errorf("home of the section head does not name them and their supervisor")
	}
	for _, id := range f.Office.Staff["BANK"] {
		if !strings.Contains(body, ch.Employees[id].Name) {
			t.Errorf("home of the section head does not list %s in the team", ch.Employees[id].Name)
		}
	}
	// The admin has no employee record: the page says so instead of failing.
	r = f.Login(t, "admin").Get("/")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "home.no_employee", nil))) {
		t.Errorf("home of the admin: %d", r.Status)
	}
}

func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	lang := func(r *webtest.Response) string {
		if m := htmlLang.FindStringSubmatch(r.Body); m != nil {
			return m[1]
		}
		return ""
	}
	anon := f.Client(t)
	if got := lang(anon.Get("/login")); got != "id" {
		t.Errorf("default language %q", got)
	}
	anon.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if got := lang(anon.Get("/login")); got != "en" {
		t.Errorf("with Accept-Language en: %q", got)
	}
	anon.Header.Del("Accept-Language")
	r := anon.PostForm("/lang", url.Values{"lang": {"en"}, "back": {"/login"}})
	if r.Status != http.StatusSeeOther || r.Location() != "/login" || anon.Cookie("lang") != "en" {
		t.Fatalf("switch: %d → %q, cookie %q", r.Status, r.Location(), anon.Cookie("lang"))
	}
	if got := lang(anon.Get("/login")); got != "en" {
		t.Errorf("after switching: %q", got)
	}

	// Signed in, the account's language wins and the switch is stored on it.
	c := f.Login(t, username(f.Office, staff))
	c.Header.Set("Accept-Language", "en")
	if got := lang(c.Get("/")); got != "id" {
		t.Errorf("the account's language (id) does not win: %q", got)
	}
	c.PostForm("/lang", url.Values{"lang": {"en"}})
	u, _ := f.Store.GetUserByUsername(context.Background(), username(f.Office, staff))
	if u.Lang != "en" {
		t.Errorf("the account's language is %q after switching", u.Lang)
	}
	fresh := f.Login(t, username(f.Office, staff))
	if got := lang(fresh.Get("/")); got != "en" {
		t.Errorf("a new session does not use the stored language: %q", got)
	}
}

var tokenText = regexp.MustCompile(`knj_[0-9a-f]{40}`)
var revokeAction = regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`)

func TestTokenPageAndAPI(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	user := username(f.Office, staff)
	c := f.Login(t, user)
	r := c.PostForm("/account/tokens", url.Values{"name": {"integrasi"}})
	tok := tokenText.FindString(r.Body)
	if r.Status != http.StatusOK || tok == "" {
		t.Fatalf("create token: %d, token shown: %q", r.Status, tok)
	}
	if strings.Contains(c.Get("/account").Body, tok) {
		t.Error("the token is shown again after it was created")
	}
	me := func() (int, string) {
		req, _ := http.NewRequest(http.MethodGet, f.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp := f.Client(t).Do(req)
		var body struct{ Username string }
		_ = json.Unmarshal([]byte(resp.Body), &body)
		return resp.Status, body.Username
	}
	if status, name := me(); status != http.StatusOK || name != user {
		t.Fatalf("API with the new token: %d as %q", status, name)
	}
	m := revokeAction.FindStringSubmatch(c.Get("/account").Body)
	if m == nil {
		t.Fatal("no revoke button on the account page")
	}
	if r := c.PostForm(m[1], nil); r.Status != http.StatusSeeOther || r.Location() != "/account" {
		t.Fatalf("revoke: %d → %q", r.Status, r.Location())
	}
	if page := c.Get("/account"); !strings.Contains(page.Body, html.EscapeString(i18n.Translate("id", "token.revoked", nil))) {
		t.Error("no message after revoking")
	}
	if status, _ := me(); status != http.StatusUnauthorized {
		t.Errorf("API with a revoked token: %d", status)
	}
}

// A fresh install has no account: the one-time setup link makes the first admin.
func TestSetupPage(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.SQLite)
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Location: cfg.Location, Log: log})
	srv, err := web.New(svc, cfg, log, web.Options{API: api.New(svc, log, "test"), Sessions: st.Sessions(), Ready: st.Ping})
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.Pages()) < 10 {
		t.Errorf("only %d page templates", len(srv.Pages()))
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	f := &webtest.Fixture{URL: ts.URL}
	token, err := svc.EnsureSetupToken(context.Background())
	if err != nil || token == "" {
		t.Fatalf("setup token %q, %v", token, err)
	}
	c := f.Client(t)
	if r := c.Get("/setup?token=wrong"); r.Status != http.StatusNotFound {
		t.Errorf("setup with a wrong token: %d", r.Status)
	}
	r := c.Get("/setup?token=" + url.QueryEscape(token))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `value="`+token+`"`) {
		t.Fatalf("setup page: %d", r.Status)
	}
	checkPage(t, "setup", "id", r.Body)
	r = c.PostForm("/setup", url.Values{"token": {token}, "username": {"root"}, "password": {"first admin pw"}, "password2": {"first admin pw!"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldBlock(t, r.Body, "password2"), "has-error") {
		t.Errorf("mismatched passwords: %d", r.Status)
	}
	r = c.PostForm("/setup", url.Values{"token": {token}, "username": {"root"}, "password": {"first admin pw"}, "password2": {"first admin pw"}})
	if r.Status != http.StatusSeeOther || r.Location() != "/" {
		t.Fatalf("setup: %d → %q%s", r.Status, r.Location(), excerpt(r))
	}
	// Signed in as the new admin, with a message.
	home := c.Get("/")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, html.EscapeString(i18n.Translate("id", "setup.done", nil))) {
		t.Errorf("after setup: %d", home.Status)
	}
	if r := c.Get("/users"); r.Status != http.StatusOK {
		t.Errorf("the new admin cannot open /users: %d", r.Status)
	}
	if r := f.Client(t).Get("/setup?token=" + url.QueryEscape(token)); r.Status != http.StatusNotFound {
		t.Errorf("the setup link works twice: %d", r.Status)
	}
}

func TestSavedChangeShowsAMessage(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, pengelola))
	r := c.PostForm("/org/units/new", url.Values{"parent_id": {strconv.FormatInt(f.Office.OfficeID, 10)}, "code": {"KPPN-SKM-BARU"}, "name": {"Seksi Baru"}, "kind": {"section"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/org/units/") {
		t.Fatalf("create unit: %d → %q", r.Status, r.Location())
	}
	page := c.Get(r.Location())
	if !strings.Contains(page.Body, `class="flash flash-ok"`) || !strings.Contains(page.Body, "Seksi Baru") {
		t.Error("the new unit's page shows no confirmation")
	}
	if again := c.Get(r.Location()); strings.Contains(again.Body, `class="flash flash-ok"`) {
		t.Error("the confirmation shows twice")
	}
}

// Changing one's password ends every other session of the account; the
// session that changed it goes on.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	user := username(f.Office, staff)
	here, there := f.Login(t, user), f.Login(t, user)
	r := here.PostForm("/account/password", url.Values{"old_password": {demo.Password}, "new_password": {"a brand new passphrase"},
		"new_password2": {"a brand new passphrase"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d%s", r.Status, excerpt(r))
	}
	if r := here.Get("/account"); r.Status != http.StatusOK {
		t.Errorf("the session that changed the password: %d", r.Status)
	}
	if r := there.Get("/account"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("another session after the change: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := there.Get("/"); r.Status != http.StatusSeeOther {
		t.Errorf("the ended session stays ended: %d", r.Status)
	}
}

// The top bar names an employee by the post they hold, not by the role
// "Pegawai" every employee shares; the other roles by their role.
func TestTopBarNamesThePost(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Chart(t)
	title := func(emp int64) string {
		t.Helper()
		pos, ok := c.Primary(emp)
		if !ok {
			t.Fatalf("employee %d holds no post", emp)
		}
		return pos.Title
	}
	me := regexp.MustCompile(`(?s)<a href="/account" class="me"[^>]*>.*?<small>([^<]*)</small>`)
	for _, tc := range []struct{ role, lang, want string }{
		{head, "id", title(f.Office.Head)},
		{secHead, "id", title(f.Office.SectionLed["BANK"])},
		{staff, "en", title(f.Office.Staff["BANK"][0])},
		{pengelola, "id", i18n.Translate("id", "role.pengelola", nil)},
		{admin, "en", i18n.Translate("en", "role.admin", nil)},
		{pemeriksa, "id", i18n.Translate("id", "role.pemeriksa", nil)},
	} {
		cl := f.Login(t, username(f.Office, tc.role))
		cl.PostForm("/lang", url.Values{"lang": {tc.lang}})
		m := me.FindStringSubmatch(cl.Get("/").Body)
		if m == nil || html.UnescapeString(m[1]) != tc.want {
			t.Errorf("%s: the top bar says %q, want %q", tc.role, m, tc.want)
		}
	}
	if c := title(f.Office.Head); c == i18n.Translate("id", "role.employee", nil) {
		t.Fatalf("the head's post is called %q", c)
	}
}

// A page answering a POST names the address the browser shows for it
// (app.js puts it in the history), so that reloading a refused form asks
// for the page again instead of sending the form a second time.
func TestPageAnsweringAPostNamesItsAddress(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, pengelola))
	pageURL := regexp.MustCompile(`<body data-page-url="([^"]*)">`)
	post := func(path, referer string, form url.Values) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, f.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		r := c.Do(req)
		m := pageURL.FindStringSubmatch(r.Body)
		if m == nil {
			return r.Status, ""
		}
		return r.Status, html.UnescapeString(m[1])
	}
	mismatch := url.Values{"old_password": {demo.Password}, "new_password": {"one long password"}, "new_password2": {"another long one"}}
	badNIP := url.Values{"nip": {"12345"}, "name": {"Siti Contoh"}, "position_id": {"0"}}
	for _, tc := range []struct {
		name, path, referer string
		form                url.Values
		want                string
	}{
		{"an action below the page it was sent from", "/account/password", f.URL + "/account", mismatch, "/account"},
		{"the page's query is kept", "/account/password", f.URL + "/account?tab=tokens", mismatch, "/account?tab=tokens"},
		{"a form page answers GET at its own address", "/employees/new", f.URL + "/org", badNIP, "/employees/new"},
		{"the same address keeps its query", "/employees/new", f.URL + "/employees/new?unit=1", badNIP, "/employees/new?unit=1"},
		{"another site's page is never named", "/account/password", "https://example.org/account", mismatch, ""},
		{"without a referrer an action keeps its address", "/account/password", "", mismatch, ""},
		{"without a referrer a form page is still known", "/employees/new", "", badNIP, "/employees/new"},
	} {
		status, got := post(tc.path, tc.referer, tc.form)
		if status != http.StatusUnprocessableEntity || got != tc.want {
			t.Errorf("%s: %d, page address %q, want 422 and %q", tc.name, status, got, tc.want)
		}
	}
	if m := pageURL.FindString(c.Get("/account").Body); m != "" {
		t.Errorf("a page asked for with GET names an address: %s", m)
	}
}

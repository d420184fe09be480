package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

func TestCrossSitePostsAreRefused(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	user := username(f.Office, staff)
	c := f.Login(t, user)
	ctx := context.Background()
	u, _ := f.Store.GetUserByUsername(ctx, user)
	tokens := func() int {
		toks, err := f.Store.ListAPITokens(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(toks)
	}
	host := strings.TrimPrefix(f.URL, "http://")
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"no browser headers", nil, http.StatusOK},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": f.URL}, http.StatusOK},
		{"same origin by Origin only", map[string]string{"Origin": "http://" + host}, http.StatusOK},
		{"typed by the user", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusOK},
		{"other origin", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"cross site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"cross site with its origin", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}, http.StatusForbidden},
		{"same site, other origin", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://sub." + host}, http.StatusForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tokens()
			req, _ := http.NewRequest(http.MethodPost, f.URL+"/account/tokens", strings.NewReader("name=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			r := c.Do(req)
			if r.Status != tc.want {
				t.Fatalf("status %d, want %d", r.Status, tc.want)
			}
			made := tokens() - before
			if tc.want == http.StatusForbidden {
				if made != 0 {
					t.Error("a refused cross-site post created a token")
				}
				checkPage(t, "cross-site refusal", "id", r.Body)
			} else if made != 1 {
				t.Errorf("%d tokens made, want 1", made)
			}
		})
	}
	// A cross-site login (login CSRF) is refused as well; cross-site GETs are fine.
	anon := f.Client(t)
	anon.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := anon.PostForm("/login", url.Values{"username": {user}, "password": {demo.Password}}); r.Status != http.StatusForbidden {
		t.Errorf("cross-site login: %d", r.Status)
	}
	if r := anon.Get("/login"); r.Status != http.StatusOK {
		t.Errorf("cross-site GET of the login page: %d", r.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, admin))
	for _, path := range []string{"/", "/login", "/org", "/static/app.css", "/healthz", "/employees/999999", "/api/v1/me", "/api/v1/openapi.json"} {
		r := c.Get(path)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		switch {
		case csp == "":
			t.Errorf("%s: no Content-Security-Policy", path)
		case strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval"):
			t.Errorf("%s: CSP allows inline code: %s", path, csp)
		case !strings.Contains(csp, "frame-ancestors 'none'"):
			t.Errorf("%s: CSP lets other sites frame the page: %s", path, csp)
		case !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "object-src 'none'"):
			t.Errorf("%s: CSP %s", path, csp)
		}
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := h.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, got)
		}
		if got := h.Get("Referrer-Policy"); got != "same-origin" && got != "strict-origin-when-cross-origin" && got != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q", path, got)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
		if r.Status == http.StatusOK && strings.HasPrefix(h.Get("Content-Type"), "text/html") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: a page may be cached: %q", path, h.Get("Cache-Control"))
		}
	}
	// No page carries inline script or style, which the CSP would block.
	for _, path := range []string{"/", "/login", "/org", "/employees", "/users", "/audit", "/account", "/org/units/new", "/employees/new"} {
		body := c.Get(path).Body
		for _, bad := range []string{"<script>", " style=\"", "<style", "onclick=", "onsubmit=", "javascript:"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q, which the CSP blocks", path, bad)
			}
		}
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Client(t)
	r := c.PostForm("/login", url.Values{"username": {username(f.Office, staff)}, "password": {demo.Password}})
	if r.Status != http.StatusSeeOther || r.Location() != "/" {
		t.Fatalf("login: %d → %q", r.Status, r.Location())
	}
	var session *http.Cookie
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == "kinerja_session" {
			session = ck
		}
	}
	if session == nil {
		t.Fatalf("no session cookie in %v", r.Header["Set-Cookie"])
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || len(session.Value) < 32 {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/ and a long token", session)
	}
	if session.Secure {
		t.Error("the session cookie is Secure although the configuration serves plain HTTP")
	}
	// The token is the session's key in the database.
	if !sessionStored(t, f, session.Value) {
		t.Error("the session is not stored in the database")
	}
}

func sessionStored(t *testing.T, f *webtest.Fixture, token string) bool {
	t.Helper()
	_, found, err := f.Store.Sessions().Find(token)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Logging in gives a new session token, so a token planted before the login
// (session fixation) is worth nothing.
func TestLoginRenewsTheSession(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	attacker := f.Login(t, username(f.Office, staff))
	planted := attacker.Cookie("kinerja_session")

	victim := f.Client(t)
	victim.SetCookie("kinerja_session", planted)
	r := victim.PostForm("/login", url.Values{"username": {username(f.Office, head)}, "password": {demo.Password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("victim's login: %d", r.Status)
	}
	got := victim.Cookie("kinerja_session")
	if got == "" || got == planted {
		t.Fatalf("the session token was not renewed at login (%q)", got)
	}
	if sessionStored(t, f, planted) {
		t.Error("the planted token still names a session")
	}
	// The attacker's client, holding the planted token, is signed out and
	// certainly not signed in as the victim.
	if r := attacker.Get("/"); r.Status != http.StatusSeeOther {
		t.Errorf("the planted token still opens a page: %d", r.Status)
	}
	if r := victim.Get("/"); r.Status != http.StatusOK || !strings.Contains(r.Body, f.Office.Accounts[0].Name) {
		t.Errorf("the victim is not signed in as themself: %d", r.Status)
	}
}

func TestLogoutDestroysTheSession(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Login(t, username(f.Office, head))
	token := c.Cookie("kinerja_session")
	r := c.PostForm("/logout", nil)
	if r.Status != http.StatusSeeOther || r.Location() != "/login" {
		t.Fatalf("logout: %d → %q", r.Status, r.Location())
	}
	if sessionStored(t, f, token) {
		t.Error("the session outlives the logout")
	}
	// Replaying the old cookie opens nothing.
	replay := f.Client(t)
	replay.SetCookie("kinerja_session", token)
	if r := replay.Get("/account"); r.Status != http.StatusSeeOther {
		t.Errorf("the old session cookie still opens /account: %d", r.Status)
	}
}

// Disabling an account ends its sessions at the next request.
func TestDisabledAccountLosesItsSession(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	c := f.Login(t, username(f.Office, staff))
	if r := c.Get("/"); r.Status != http.StatusOK {
		t.Fatalf("home: %d", r.Status)
	}
	u, _ := f.Store.GetUserByUsername(ctx, username(f.Office, staff))
	adminUser, err := f.Store.GetUserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := f.Service.Actor(ctx, adminUser.ID, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Service.UpdateUser(ctx, admin, u.ID, service.UserInput{Username: u.Username, Role: u.Role, EmployeeID: u.EmployeeID, Lang: u.Lang, Active: false}); err != nil {
		t.Fatal(err)
	}
	if r := c.Get("/"); r.Status != http.StatusSeeOther {
		t.Errorf("a disabled account still opens the home page: %d", r.Status)
	}
	if r := c.PostForm("/account/tokens", url.Values{"name": {"x"}}); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login?") {
		t.Errorf("a disabled account's post: %d → %q, want the login page", r.Status, r.Location())
	}
	if toks, err := f.Store.ListAPITokens(ctx, u.ID); err != nil || len(toks) != 0 {
		t.Errorf("a disabled account made a token: %v %v", toks, err)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	c := f.Client(t)
	if r := c.Get("/healthz"); r.Status != http.StatusOK || r.Body != "ok\n" {
		t.Errorf("/healthz: %d %q", r.Status, r.Body)
	}
	if r := c.Get("/readyz"); r.Status != http.StatusOK || r.Body != "ready\n" {
		t.Errorf("/readyz: %d %q", r.Status, r.Body)
	}
	f.Store.Close()
	if r := c.Get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz without a database: %d", r.Status)
	}
	if r := c.Get("/healthz"); r.Status != http.StatusOK {
		t.Errorf("/healthz without a database: %d (liveness does not depend on it)", r.Status)
	}
}

// The page to go back to after login stays on this site.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	user := username(f.Office, staff)
	tests := []struct{ next, want string }{
		{"", "/"},
		{"/org", "/org"},
		{"/employees?q=budi&page=2", "/employees?q=budi&page=2"},
		{"//evil.example", "/"},
		{"//evil.example/org", "/"},
		{"https://evil.example", "/"},
		{"http://evil.example/login", "/"},
		{"/\\evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"org", "/"},
	}
	for _, tc := range tests {
		c := f.Client(t)
		r := c.PostForm("/login", url.Values{"username": {user}, "password": {demo.Password}, "next": {tc.next}})
		if r.Status != http.StatusSeeOther || r.Location() != tc.want {
			t.Errorf("login with next=%q: %d → %q, want %q", tc.next, r.Status, r.Location(), tc.want)
		}
		// Signed in, the login page redirects to next at once: the same rule applies.
		if r := c.Get("/login?next=" + url.QueryEscape(tc.next)); r.Location() != tc.want {
			t.Errorf("GET /login?next=%q signed in → %q, want %q", tc.next, r.Location(), tc.want)
		}
		// And so does the language switch.
		if r := c.PostForm("/lang", url.Values{"lang": {"id"}, "back": {tc.next}}); r.Location() != tc.want {
			t.Errorf("POST /lang back=%q → %q, want %q", tc.next, r.Location(), tc.want)
		}
	}

	// A page asked for before login is where the login leads back to.
	c := f.Client(t)
	r := c.Get("/employees?q=budi")
	if r.Status != http.StatusSeeOther || r.Location() != "/login?next="+url.QueryEscape("/employees?q=budi") {
		t.Fatalf("anonymous GET: %d → %q", r.Status, r.Location())
	}
	page := c.Get(r.Location())
	if !strings.Contains(page.Body, `name="next" value="/employees?q=budi"`) {
		t.Error("the login form does not carry the page to go back to")
	}
	r = c.PostForm("/login", url.Values{"username": {user}, "password": {demo.Password}, "next": {"/employees?q=budi"}})
	if r.Location() != "/employees?q=budi" {
		t.Errorf("after login → %q", r.Location())
	}
}

// Package web is the server-rendered HTML interface: routes, middleware,
// handlers per resource and forms. Handlers parse input, call a service and
// render; rules and permissions live in the services.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode"

	"github.com/alexedwards/scs/v2"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/ui"
)

// Server holds what the HTML handlers need.
type Server struct {
	svc      *service.Service
	cfg      config.Config
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    *pageSet
	static   http.Handler
	api      http.Handler // the JSON API, mounted under /api/
	metrics  http.Handler
	mux      *http.ServeMux // the routes, to find the page that answers a POST (pageURL)

	ready     func(context.Context) error // the readiness check of /readyz
	admission *admission                  // nil: no limit on requests at work
}

// Options are the parts of a Server that the wiring provides. Sessions and
// Ready are required; they come from the database, which the HTML handlers
// otherwise reach only through the service.
type Options struct {
	API      http.Handler
	Metrics  http.Handler
	Sessions scs.Store                   // where sessions are kept
	Ready    func(context.Context) error // answers nil when the server may take requests
}

// New parses the templates and returns a Server.
func New(svc *service.Service, cfg config.Config, log *slog.Logger, opt Options) (*Server, error) {
	if opt.Sessions == nil || opt.Ready == nil {
		return nil, errors.New("web: a session store and a readiness check are required")
	}
	pages, err := newPageSet()
	if err != nil {
		return nil, err
	}
	sm := scs.New()
	sm.Store = opt.Sessions
	sm.Codec = sessionCodec{}
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 2 * time.Hour
	sm.Cookie.Name = "kinerja_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookie
	sm.Cookie.Path = "/"
	staticFS, err := fs.Sub(ui.FS, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, cfg: cfg, log: log, sessions: sm, pages: pages, api: opt.API, metrics: opt.Metrics,
		ready: opt.Ready, admission: newAdmission(cfg.ActiveRequests(), queueWait)}
	s.static = http.StripPrefix("/static/", staticCache(http.FileServerFS(staticFS)))
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	return s, nil
}

// Handler returns the whole application: routes wrapped in middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	s.mux = mux
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusForbidden, "error", langOf(r).T("error.cross_origin"),
			errorPage{Status: 403, Heading: langOf(r).T("error.cross_origin"), Message: langOf(r).T("error.cross_origin_text")})
	}))
	var h http.Handler = mux
	h = s.withActor(h)
	h = s.sessions.LoadAndSave(h)
	h = sessionless(mux, h)
	h = s.admit(h)
	h = cop.Handler(h)
	h = s.limitBody(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	h = realClient(s.cfg.Proxies, h)
	return withRequestID(h)
}

// realClient sets the request's remote address to the client's when the
// peer is a trusted proxy: the right-most address of X-Forwarded-For that
// is not itself a trusted proxy. Without trusted proxies, or from anyone
// else, the header is ignored: a client could write anything in it, and the
// address drives login throttling and the audit log.
func realClient(proxies []netip.Prefix, next http.Handler) http.Handler {
	if len(proxies) == 0 {
		return next
	}
	trusted := func(a netip.Addr) bool {
		for _, p := range proxies {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err != nil || !trusted(peer.Addr()) {
			next.ServeHTTP(w, r)
			return
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a malformed hop: believe nothing further left
			}
			if !trusted(a) {
				r2 := r.Clone(r.Context())
				r2.RemoteAddr = netip.AddrPortFrom(a.Unmap(), 0).String()
				next.ServeHTTP(w, r2)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyActor
	keyLang
)

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyRequestID, id)))
	})
}

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		lvl := slog.LevelInfo
		if probeOrAsset(r.URL.Path) {
			lvl = slog.LevelDebug
		}
		// The query string is left out: it can carry one-time setup tokens.
		s.log.Log(r.Context(), lvl, "http", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "bytes", rec.bytes, "ms", time.Since(start).Milliseconds(), "ip", clientIP(r))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", requestID(r), "panic", v, "stack", string(debug.Stack()))
				w.Header().Set("Connection", "close")
				s.fail(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only our own scripts, styles and images: no
// inline script or style, no framing.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// Request bodies are small except uploads (evidence files, imports).
const formBodyLimit = 1 << 20

// sheetBodyFactor sizes the body a quarter sheet's form may send, in files
// of the largest size allowed. The form carries a document for any of its
// lines, and a file over the limit is read to its end and dropped rather
// than cutting the form off (see upload.read), so that the page can come back
// with what was typed.
const sheetBodyFactor = 8

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := int64(formBodyLimit)
			switch {
			case isSheetPath(r.URL.Path):
				limit = sheetBodyFactor*s.cfg.MaxUpload + formBodyLimit
			case isUploadPath(r.URL.Path):
				limit = s.cfg.MaxUpload + formBodyLimit
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

func isUploadPath(p string) bool {
	return strings.Contains(p, "/evidence") || strings.HasSuffix(p, "/import") ||
		strings.HasPrefix(p, "/strategy/initiatives/") && strings.HasSuffix(p, "/progress")
}

// isSheetPath tells the pages' quarter sheet form and its evidence form
// (/plans/{id}/quarters/{q}[/evidence]), which read their bodies as a stream.
func isSheetPath(p string) bool {
	parts := strings.Split(strings.TrimSuffix(p, "/evidence"), "/")
	return len(parts) == 5 && parts[0] == "" && parts[1] == "plans" && parts[3] == "quarters"
}

func staticCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

// clientIP is the client's address: the peer's, or the one a trusted proxy
// forwarded (realClient).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// withActor loads the signed-in user into the request context.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if uid := s.sessions.GetInt64(ctx, sessionUserKey); uid != 0 {
			a, err := s.svc.Actor(ctx, uid, clientIP(r))
			switch {
			case err == nil && s.sessions.GetString(ctx, sessionPasswordKey) != passwordTag(a.User.PasswordHash):
				// The password changed since this session signed in.
				_ = s.sessions.Destroy(ctx)
			case err == nil:
				ctx = context.WithValue(ctx, keyActor, &a)
			case errors.Is(err, domain.ErrNotFound), errors.Is(err, domain.ErrUnauthorized):
				_ = s.sessions.Destroy(ctx)
			default:
				s.fail(w, r, err)
				return
			}
		}
		ctx = context.WithValue(ctx, keyLang, s.pickLang(r, ctx))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sessionless sends probes, metrics and static files straight to the
// routes: they answer nobody in particular, so reading the session and the
// signed-in person for them (a browser sends its cookie with every
// stylesheet) would be work for nothing.
func sessionless(routes, full http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if probeOrAsset(r.URL.Path) {
			routes.ServeHTTP(w, r)
			return
		}
		full.ServeHTTP(w, r)
	})
}

func actorOf(r *http.Request) *authz.Actor {
	a, _ := r.Context().Value(keyActor).(*authz.Actor)
	return a
}

func langOf(r *http.Request) i18n.Lang {
	if l, ok := r.Context().Value(keyLang).(i18n.Lang); ok {
		return l
	}
	return i18n.Default
}

// pickLang: the user's setting, else the lang cookie, else Accept-Language, else the default.
func (s *Server) pickLang(r *http.Request, ctx context.Context) i18n.Lang {
	if a, ok := ctx.Value(keyActor).(*authz.Actor); ok && i18n.Valid(a.User.Lang) {
		return i18n.Lang(a.User.Lang)
	}
	if c, err := r.Cookie("lang"); err == nil && i18n.Valid(c.Value) {
		return i18n.Lang(c.Value)
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		first := strings.ToLower(strings.TrimSpace(strings.Split(strings.Split(al, ",")[0], ";")[0]))
		if strings.HasPrefix(first, "en") {
			return "en"
		}
		if strings.HasPrefix(first, "id") || strings.HasPrefix(first, "in") {
			return "id"
		}
	}
	return i18n.Lang(s.cfg.Lang)
}

const (
	sessionUserKey     = "user_id"
	sessionPasswordKey = "password_tag"
)

// handler is an HTML handler for a signed-in user.
type handler func(w http.ResponseWriter, r *http.Request, a authz.Actor) error

// auth wraps a handler that needs a signed-in user; others go to the login page.
func (s *Server) auth(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := actorOf(r)
		if a == nil {
			// The login page returns to where the person was, and says so
			// when their session has ended: a browser that still sends a
			// session cookie, or a form posted without a session (one
			// cannot post without first opening a page of ours).
			if r.Method == http.MethodGet {
				to := "/login?next=" + url.QueryEscape(safeNext(r.URL.RequestURI()))
				if _, err := r.Cookie(s.sessions.Cookie.Name); err == nil {
					to += "&ended=1"
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(returnPage(r))+"&ended=1", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodGet {
			// A page only reads: its overviews may share what they load.
			r = r.WithContext(service.WithOfficeMemo(r.Context()))
		}
		if err := h(w, r, *a); err != nil {
			s.fail(w, r, err)
		}
	}
}

// public wraps a handler open to everyone.
func (s *Server) public(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// returnPage is the page a form was posted from, to return to after signing
// in: the Referer when it is a page of this site (the same-origin referrer
// policy sends it to us), else the home page.
func returnPage(r *http.Request) string {
	ref, err := url.Parse(r.Header.Get("Referer"))
	if err != nil || ref.Host != r.Host || ref.Path == "/login" {
		return "/"
	}
	return safeNext(ref.RequestURI())
}

// safeNext keeps redirects after login on this site: a path of ours, never
// "//host" or "/\host", which browsers read as another host, and nothing with
// control characters, which browsers drop before reading the URL (so
// "/\t/host" would become "//host").
func safeNext(next string) string {
	path, _, _ := strings.Cut(next, "?")
	path, _, _ = strings.Cut(path, "#")
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.Contains(path, "\\") ||
		strings.ContainsFunc(next, unicode.IsControl) {
		return "/"
	}
	return next
}

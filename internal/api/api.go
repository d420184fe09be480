// Package api is the JSON door into the services: /api/v1, described by an
// OpenAPI document at /api/v1/openapi.json, authenticated by bearer tokens,
// answering errors as problem+json.
package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// API holds the services behind the JSON door.
type API struct {
	svc *service.Service
	log *slog.Logger
	h   huma.API
}

type ctxKey int

const (
	keyActor ctxKey = iota
	keyLang
)

// New builds the API handler. version is reported in the OpenAPI document.
func New(svc *service.Service, log *slog.Logger, version string) http.Handler {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("Kinerja API", version)
	cfg.Info.Description = "Performance management for Indonesian government offices: org chart, performance years, " +
		"plans (PK/SKP), quarterly realisation, IIAA reports and scores. Authenticate with `Authorization: Bearer <token>`; " +
		"create a token on your account page or with `kinerja user token USERNAME`; other systems use a service account. " +
		"Lists page with `limit`/`offset` and count everything in `total`; every change carries the `revision` it was made on " +
		"(409 when stale), and a PUT sent again as stored answers 200 and changes nothing. `GET /changes` follows what changed. " +
		"The guide is docs/api.md in the source."
	cfg.Servers = []*huma.Server{{URL: Prefix}}
	cfg.DocsPath = "" // the HTML docs page loads scripts from a CDN, which our CSP forbids
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
	}
	cfg.Security = []map[string][]string{{"bearer": {}}}
	cfg.Tags = tags
	h := humago.NewWithPrefix(mux, Prefix, cfg)
	a := &API{svc: svc, log: log, h: h}
	h.UseMiddleware(a.authenticate)
	a.routes()
	return unmatched(mux, docsOnce(mux))
}

// docsOnce renders each OpenAPI document on its first request, once: huma
// keeps a rendered document in a variable without a lock, so two first
// requests at once would race. Rendering them lazily rather than at start
// spares a server that is never asked for them some 30 MB of start-up garbage.
func docsOnce(mux *http.ServeMux) http.Handler {
	onces := map[string]*sync.Once{}
	for p := range public {
		onces[Prefix+p] = new(sync.Once)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := onces[r.URL.Path]; o != nil {
			o.Do(func() {
				mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, r.URL.Path, nil))
			})
		}
		mux.ServeHTTP(w, r)
	})
}

// tags are the groups of operations, in the order a reader meets them.
var tags = []*huma.Tag{
	{Name: "Accounts", Description: "The account a token belongs to."},
	{Name: "Service accounts", Description: "Accounts of other systems: a token with scopes, acting within one office."},
	{Name: "Changes", Description: "What changed since a cursor, from the audit log: poll it instead of re-reading everything."},
	{Name: "Organisation", Description: "Units, positions and employees."},
	{Name: "Years", Description: "Performance years with their rule set and deadlines."},
	{Name: "Rule sets", Description: "The rules every figure is computed by: built in, or installed by an admin to correct a rule without a new release."},
	{Name: "Strategy map", Description: "Perspectives, objectives and their links, per office and year."},
	{Name: "Strategic initiatives", Description: "Breakthrough activities linked to an objective or an IKU, with an owner, milestones and quarterly progress."},
	{Name: "Plans", Description: "PKs and SKPs: versions, lines with their manuals and targets, the approval workflow."},
	{Name: "Cascade", Description: "Indicators cascaded from the PK down to every IKI."},
	{Name: "K3", Description: "Indicator quality (K3): the review, the pengelola kinerja's decisions and the review threads of plan lines."},
	{Name: "Realisation", Description: "Quarterly values, raw data and evidence; submitting, validating, verifying, correcting, closing."},
	{Name: "Reports", Description: "The quarterly IIAA reports and the office score (NKO)."},
	{Name: "Scores", Description: "Employees' confidential scores (NKP), the NKP decree, the predicate distribution guide and the e-Kinerja export."},
	{Name: "Documents", Description: "The printable documents and workbooks, as files."},
	{Name: "Dashboards", Description: "The figures of the dashboards, filtered to what the caller may see."},
	{Name: "Inbox", Description: "What waits for the caller."},
}

// allMethods are the methods a route may answer, to tell a wrong method
// (405) from a wrong path (404).
var allMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// unmatched answers requests no operation matches with problem+json, as
// every other error of the API: 404 for an unknown path, 405 with Allow for
// a path that exists under other methods.
func unmatched(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			next.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range allMethods {
			r2 := r.Clone(r.Context())
			r2.Method = m
			if _, pattern := mux.Handler(r2); pattern != "" {
				allow = append(allow, m)
			}
		}
		lang := "id"
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "en") {
			lang = "en"
		}
		status, key := http.StatusNotFound, "api.no_route"
		if len(allow) > 0 {
			status, key = http.StatusMethodNotAllowed, "api.wrong_method"
			w.Header().Set("Allow", strings.Join(allow, ", "))
		}
		writeProblem(w, status, i18n.Translate(lang, key, map[string]any{"method": r.Method, "allow": strings.Join(allow, ", ")}))
	})
}

// writeProblem writes a problem+json answer outside huma's handlers.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(huma.ErrorModel{Title: http.StatusText(status), Status: status, Detail: detail})
}

// public operations need no token.
var public = map[string]bool{"/openapi.json": true, "/openapi.yaml": true, "/openapi-3.0.json": true, "/openapi-3.0.yaml": true}

func (a *API) authenticate(ctx huma.Context, next func(huma.Context)) {
	lang := "id"
	if al := strings.ToLower(ctx.Header("Accept-Language")); strings.HasPrefix(al, "en") {
		lang = "en"
	}
	ctx = huma.WithValue(ctx, keyLang, lang)
	if op := ctx.Operation(); op == nil || public[op.Path] || strings.HasPrefix(op.Path, "/schemas") {
		next(ctx)
		return
	}
	token, ok := strings.CutPrefix(ctx.Header("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="kinerja"`)
		_ = huma.WriteErr(a.h, ctx, http.StatusUnauthorized, i18n.Translate(lang, "apiv.token_required", nil))
		return
	}
	host, _, err := net.SplitHostPort(ctx.RemoteAddr())
	if err != nil {
		host = ctx.RemoteAddr()
	}
	actor, err := a.svc.ActorForToken(ctx.Context(), strings.TrimSpace(token), host)
	if err != nil {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="kinerja", error="invalid_token"`)
		_ = huma.WriteErr(a.h, ctx, http.StatusUnauthorized, i18n.Translate(lang, "apiv.token_unknown", nil))
		return
	}

	if actor.User.Lang == "en" || actor.User.Lang == "id" {
		if ctx.Header("Accept-Language") == "" {
			ctx = huma.WithValue(ctx, keyLang, actor.User.Lang)
		}
	}
	if ctx.Method() == http.MethodGet {
		// A GET only reads: its parts may share what they load.
		ctx = huma.WithContext(ctx, service.WithOfficeMemo(ctx.Context()))
	}
	next(huma.WithValue(ctx, keyActor, actor))
}

func actorOf(ctx context.Context) authz.Actor {
	a, _ := ctx.Value(keyActor).(authz.Actor)
	return a
}

func langOf(ctx context.Context) string {
	if l, ok := ctx.Value(keyLang).(string); ok {
		return l
	}
	return "id"
}

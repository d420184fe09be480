package web

import "net/http"

// dashRoutes registers the dashboards, the inbox and the digest setting;
// the home page itself (GET /) is registered with the core routes.
func (s *Server) dashRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /dashboard", s.auth(s.dashboard))
	mux.HandleFunc("GET /team", s.auth(s.team))
	mux.HandleFunc("GET /console", s.auth(s.console))
	mux.HandleFunc("POST /console/remind", s.auth(s.consoleRemind))
	mux.HandleFunc("GET /inbox", s.auth(s.inbox))
	mux.HandleFunc("GET /overview", s.auth(s.overviewPage))
	mux.HandleFunc("POST /account/digest", s.auth(s.accountDigest))
}

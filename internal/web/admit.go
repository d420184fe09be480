package web

import (
	"net/http"
	"strings"
	"time"
)

// admission lets a fixed number of requests work at once and queues the
// others in arrival order. On a busy morning, letting every request run at
// once shares the processors among all of them, so each page takes as long
// as the slowest mix of work and the tail grows with the crowd; queued in
// order, a request waits its turn and then runs at full speed, and the
// server's memory stays bounded by the number working.
type admission struct {
	slots chan struct{} // a buffered channel: its senders wait in FIFO order
	wait  time.Duration // how long a request may queue before a 503
}

// queueWait is how long a request may wait for its turn: past it the
// server is overloaded, and a quick "try again" is kinder than a spinner.
const queueWait = 20 * time.Second

func newAdmission(active int, wait time.Duration) *admission {
	if active <= 0 {
		return nil
	}
	return &admission{slots: make(chan struct{}, active), wait: wait}
}

// exempt reports the requests that bypass the queue: probes and static
// files are cheap and must answer while the pages are busy, and uploads may
// stream from a slow client for a long time without doing work.
func exempt(r *http.Request) bool {
	return probeOrAsset(r.URL.Path) || r.Method == http.MethodPost && isUploadPath(r.URL.Path)
}

// probeOrAsset reports the paths that serve nobody in particular: health
// probes, metrics and static files.
func probeOrAsset(p string) bool {
	return p == "/healthz" || p == "/readyz" || p == "/metrics" || strings.HasPrefix(p, "/static/")
}

func (s *Server) admit(next http.Handler) http.Handler {
	q := s.admission
	if q == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		timer := time.NewTimer(q.wait)
		select {
		case q.slots <- struct{}{}:
			timer.Stop()
		case <-r.Context().Done():
			timer.Stop()
			return // the client left while waiting; nobody reads an answer
		case <-timer.C:
			s.log.WarnContext(r.Context(), "server busy: request waited too long", "path", r.URL.Path, "waited", q.wait)
			w.Header().Set("Retry-After", "5")
			http.Error(w, s.pickLang(r, r.Context()).T("error.busy"), http.StatusServiceUnavailable)
			return
		}
		defer func() { <-q.slots }()
		next.ServeHTTP(w, r)
	})
}

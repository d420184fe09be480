package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/i18n"
)

func admitServer(active int, wait time.Duration) *Server {
	return &Server{cfg: config.Defaults(), log: slog.New(slog.DiscardHandler), admission: newAdmission(active, wait)}
}

// With one slot, requests run one at a time in the order they arrived, and
// the probes, static files and uploads pass a full queue.
func TestAdmissionQueuesInOrder(t *testing.T) {
	s := admitServer(1, time.Minute)
	release := make(chan struct{})
	var mu sync.Mutex
	var order []string
	running, maxRunning := 0, 0
	h := s.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		running++
		maxRunning = max(maxRunning, running)
		order = append(order, r.URL.Query().Get("n"))
		mu.Unlock()
		if r.URL.Query().Get("n") == "first" {
			<-release
		}
		mu.Lock()
		running--
		mu.Unlock()
	}))
	serve := func(method, target string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
		return rec.Code
	}

	var wg sync.WaitGroup
	wg.Go(func() { serve(http.MethodGet, "/?n=first") })
	waitFor(t, func() bool { return len(s.admission.slots) == 1 })
	// Queue the others one by one, so that their order of arrival is known.
	for _, n := range []string{"a", "b", "c"} {
		wg.Go(func() { serve(http.MethodGet, "/?n="+n) })
		time.Sleep(20 * time.Millisecond)
	}
	// The queue is full; these do not wait.
	for _, target := range []string{"/healthz?n=healthz", "/readyz?n=readyz", "/static/app.css?n=static"} {
		if code := serve(http.MethodGet, target); code != http.StatusOK {
			t.Errorf("%s: %d while the queue is full", target, code)
		}
	}
	if code := serve(http.MethodPost, "/plans/1/evidence?n=upload"); code != http.StatusOK {
		t.Errorf("upload: %d while the queue is full", code)
	}
	close(release)
	wg.Wait()

	got := strings.Join(order, " ")
	if want := "first healthz readyz static upload a b c"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
	if maxRunning != 2 { // the first and one exempt request at a time
		t.Errorf("at most %d ran at once, want 2", maxRunning)
	}
}

// A request that waits too long gets a 503 in the user's language and does
// not run; one whose client leaves does not run either.
func TestAdmissionGivesUp(t *testing.T) {
	s := admitServer(1, 50*time.Millisecond)
	ran := make(chan string, 4)
	release := make(chan struct{})
	h := s.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran <- r.URL.Path
		if r.URL.Path == "/slow" {
			<-release
		}
	}))
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil))
		close(done)
	}()
	waitFor(t, func() bool { return len(s.admission.slots) == 1 })

	r := httptest.NewRequest(http.MethodPost, "/realisation/1/3", nil)
	r.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if want := i18n.Translate("en", "error.busy", nil); !strings.Contains(rec.Body.String(), want) {
		t.Errorf("body %q lacks %q", rec.Body.String(), want)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/gone", nil).WithContext(ctx))

	close(release)
	<-done
	close(ran)
	var paths []string
	for p := range ran {
		paths = append(paths, p)
	}
	if got := strings.Join(paths, " "); got != "/slow" {
		t.Errorf("ran %q, want only /slow", got)
	}
	if len(s.admission.slots) != 0 {
		t.Errorf("%d slots still taken", len(s.admission.slots))
	}
}

func TestAdmissionOff(t *testing.T) {
	if newAdmission(0, time.Second) != nil {
		t.Fatal("no limit still made a queue")
	}
	s := admitServer(0, time.Second)
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	h := s.admit(next)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("status %d", rec.Code)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

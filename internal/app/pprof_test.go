package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination read while the profiler writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The profiler answers on its own loopback listener while the server runs,
// and stops with it.
func TestProfiler(t *testing.T) {
	var logs syncBuffer
	a := &App{Log: slog.New(slog.NewTextHandler(&logs, nil))}
	a.Config.PprofAddr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.profile(ctx)
		close(done)
	}()
	url := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/debug/pprof/)`)
	var base string
	for deadline := time.Now().Add(5 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := url.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no profiler address logged: %s", logs.String())
	}
	resp, err := http.Get(base + "cmdline")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(body) == 0 {
		t.Errorf("cmdline: %d %q", resp.StatusCode, body)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the profiler did not stop with the server")
	}
	if _, err := http.Get(base); err == nil {
		t.Error("the profiler still answers after the server stopped")
	}
	// Without an address nothing listens and the call returns at once.
	b := &App{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	b.profile(context.Background())
}

package app

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// The profiler answers on its own loopback listener while the server runs,
// and stops with it.
func TestProfiler(t *testing.T) {
	a := &App{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/debug/pprof/"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.serveProfiler(ctx, ln)
		close(done)
	}()
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
	a.profile(context.Background())
}

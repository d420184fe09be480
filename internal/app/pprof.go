package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// profile serves Go's profiler on the configured loopback address until ctx
// ends, so an operator can see where a busy server spends its time:
//
//	go tool pprof http://127.0.0.1:6061/debug/pprof/profile?seconds=20
//
// It runs apart from the application's handler: no session, no admission
// queue, nothing reachable from the network (config allows loopback only).
func (a *App) profile(ctx context.Context) {
	addr := a.Config.PprofAddr
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		a.Log.Error("profiler not started", "addr", addr, "err", err)
		return
	}
	a.serveProfiler(ctx, ln)
}

// serveProfiler answers the profiler's pages on ln until ctx ends.
func (a *App) serveProfiler(ctx context.Context, ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = hs.Close()
	}()
	a.Log.Info("profiler listening", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.Log.Error("profiler stopped", "err", err)
	}
}

// Package app wires the program together: database → store → services →
// HTTP handlers, and runs the server with a graceful shutdown.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/mail"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web"
)

// App is a running instance's parts.
type App struct {
	Config  config.Config
	Log     *slog.Logger
	Store   *store.Store
	Service *service.Service
	Handler http.Handler
}

// Open connects to the database, migrates it and builds the services.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	st, err := store.Open(ctx, cfg.DBURL, cfg.SQLitePath())
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	blobs, staging, err := openBlobs(ctx, cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	opt := service.Options{Location: cfg.Location, Log: log, Blobs: blobs, StagingDir: staging, MaxUpload: cfg.MaxUpload}
	if cfg.SMTPHost != "" {
		opt.Mailer = &mail.SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, User: cfg.SMTPUser, Password: cfg.SMTPPass, From: cfg.SMTPFrom}
	}
	svc := service.New(st, opt)
	return &App{Config: cfg, Log: log, Store: st, Service: svc}, nil
}

// openBlobs opens the evidence store: S3-compatible storage when
// configured, else files under the data directory.
func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, string, error) {
	local, err := blob.NewLocal(filepath.Join(cfg.DataDir, "evidence"))
	if err != nil {
		return nil, "", err
	}
	if cfg.S3Endpoint == "" {
		return local, local.TempDir(), nil
	}
	s3, err := blob.NewS3(ctx, blob.S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, UseSSL: cfg.S3UseSSL, Prefix: "evidence/"})
	if err != nil {
		return nil, "", err
	}
	return s3, local.TempDir(), nil
}

// Build adds the HTTP handler (HTML, API, metrics) to an opened App.
func (a *App) Build(version string) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	web.SetVersion(version)
	srv, err := web.New(a.Service, a.Config, a.Log, web.Options{
		API:     api.New(a.Service, a.Log, version),
		Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
	})
	if err != nil {
		return err
	}
	a.Handler = srv.Handler()
	return nil
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// Serve listens on ln until ctx is cancelled, then shuts down gracefully,
// letting requests in flight finish.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large evidence uploads on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	// The background work ends with the server, before the database closes.
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.housekeeping(bg) })
	wg.Go(func() { a.warm(bg) })
	defer wg.Wait()
	defer stopBG()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// warm fills the caches a busy morning needs: the org chart and the scores
// of the organisation overview.
func (a *App) warm(ctx context.Context) {
	start := time.Now()
	// Quarters closed before their score was frozen at closing (an older
	// database) get it frozen now, once.
	if n, err := a.Service.FreezeClosedQuarters(ctx); err != nil {
		if ctx.Err() == nil {
			a.Log.Warn("freezing closed quarters", "err", err)
		}
	} else if n > 0 {
		a.Log.Info("closed quarters frozen", "quarters", n)
	}
	n, err := a.Service.WarmOverview(ctx)
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Warn("warming the overview", "err", err)
		}
		return
	}
	a.Log.Info("overview warmed", "offices", n, "ms", time.Since(start).Milliseconds())
}

// housekeeping deletes expired sessions and old login failures every few minutes.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.Store.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("session cleanup", "err", err)
			}
			if err := a.Service.PruneLoginFailures(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("login failure cleanup", "err", err)
			}
			if n, err := a.Service.SendDigests(ctx, a.Config.BaseURL); err != nil && ctx.Err() == nil {
				a.Log.Warn("digest", "err", err)
			} else if n > 0 {
				a.Log.Info("digests sent", "n", n)
			}
		}
	}
}

// NewLogger builds the process logger from the configuration.
func NewLogger(cfg config.Config, w interface{ Write([]byte) (int, error) }) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

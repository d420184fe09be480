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
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
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

// checkRules validates the rule sets built into the program (a variable so
// that a test can make them fail).
var checkRules = calc.Check

// Open checks the built-in rule sets, connects to the database, migrates it
// and builds the services.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := checkRules(); err != nil {
		return nil, fmt.Errorf("this build's rule sets are invalid, no score could be computed: %w", err)
	}
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

// EvidenceDir is where evidence files are kept without S3; uploads are
// staged in its tmp folder either way.
func EvidenceDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "evidence") }

// openBlobs opens the evidence store: S3-compatible storage when
// configured, else files under the data directory.
func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, string, error) {
	local, err := blob.NewLocal(EvidenceDir(cfg))
	if err != nil {
		return nil, "", err
	}
	if cfg.S3Endpoint == "" {
		return local, local.TempDir(), nil
	}
	s3, err := blob.NewS3(ctx, blob.S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, UseSSL: cfg.S3UseSSL, Region: cfg.S3Region, Prefix: "evidence/", CreateBucket: cfg.S3CreateBucket})
	if errors.Is(err, blob.ErrNoBucket) {
		return nil, "", fmt.Errorf("evidence storage: the bucket %q does not exist at %s: create it, or set KINERJA_S3_CREATE_BUCKET=true to let kinerja create it",
			cfg.S3Bucket, cfg.S3Endpoint)
	}
	if err != nil {
		return nil, "", fmt.Errorf("evidence storage at %s: %w", cfg.S3Endpoint, err)
	}
	return s3, local.TempDir(), nil
}

// Build adds the HTTP handler (HTML, API, metrics) to an opened App.
func (a *App) Build(version string) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	web.SetVersion(version)
	srv, err := web.New(a.Service, a.Config, a.Log, web.Options{
		API:      api.New(a.Service, a.Log, version),
		Metrics:  promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		Sessions: a.Store.Sessions(),
		Ready:    a.Store.Ping,
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
	a.warnLocalEvidence()
	tuneGC()
	// The background work ends with the server, before the database closes.
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.housekeeping(bg) })
	wg.Go(func() { a.warm(bg) })
	wg.Go(func() { a.sweep(bg) })
	wg.Go(func() { a.profile(bg) })
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
	// Start-up (parsing templates, migrating, warming) leaves tens of MB of
	// garbage that the runtime would hand back to the system only slowly; an
	// idle server should not keep it resident.
	debug.FreeOSMemory()
}

// gcPercent is the garbage collector's target when GOGC is not set. A busy
// server's live heap is small (tens of MB) and every page allocates; at
// Go's default of 100 the collector ran about a tenth of the CPU under the
// load test. At 200 it runs half as often for some 20 MB more at the peak
// (docs/benchmarks.md). GOGC and GOMEMLIMIT, when set, decide instead.
const gcPercent = 200

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// warnLocalEvidence says at start what goes wrong when several servers
// share a PostgreSQL database but each keeps evidence files on its own disk.
func (a *App) warnLocalEvidence() {
	if a.Config.IsPostgres() && a.Config.S3Endpoint == "" {
		a.Log.Warn("evidence files are kept on this server's disk: with several servers, a file uploaded through one "+
			"answers 404 on the others; set KINERJA_S3_ENDPOINT and KINERJA_S3_BUCKET (see docs/operations.md)", "dir", EvidenceDir(a.Config))
	}
}

// stale is how old a staging file or a stored file without a record must be
// before the sweep at start removes it: older than any upload in progress.
const stale = time.Hour

// sweep removes what crashes left among the evidence files. File ages are
// the storage's, so the cut-off is the wall clock's, whatever the
// application's clock says.
func (a *App) sweep(ctx context.Context) {
	n, err := a.Service.SweepEvidence(ctx, time.Now().Add(-stale))
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Warn("sweeping evidence files", "err", err)
		}
		return
	}
	if n.Unowned > 0 {
		a.Log.Warn("the evidence storage holds files the database has no record of, and no record of any file: kept them; is this the right database?",
			"files", n.Unowned)
	}
	a.Log.Info("evidence swept", "staging_files", n.Temp, "files_without_record", n.Orphans)
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

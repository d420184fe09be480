package cli

import (
	"context"
	"flag"
	"fmt"
	"net"
	"strings"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/config"
)

func runServe(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg, _, err := config.Load("serve", args, env.Getenv, fs)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitBadInput
	}
	log := app.NewLogger(cfg, env.Stderr)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	if err := a.Build(Version); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitFailure
	}
	token, err := a.Service.EnsureSetupToken(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitFailure
	}
	base := baseURL(cfg, ln)
	log.Info("kinerja listening", "url", base, "database", a.Store.Engine(), "version", Version)
	if token != "" {
		// Printed once, to the operator's terminal only; the link works once.
		fmt.Fprintf(env.Stderr, "\nNo account exists yet. Create the first admin at:\n  %s/setup?token=%s\n(or run: kinerja user create-admin USERNAME)\n\n", base, token)
	}
	if err := a.Serve(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja serve: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// baseURL is the configured public URL, or one built from the listener.
func baseURL(cfg config.Config, ln net.Listener) string {
	if cfg.BaseURL != "" {
		return strings.TrimRight(cfg.BaseURL, "/")
	}
	addr := ln.Addr().(*net.TCPAddr)
	host := "localhost"
	if !addr.IP.IsUnspecified() && !addr.IP.IsLoopback() {
		host = addr.IP.String()
	}
	return fmt.Sprintf("http://%s:%d", host, addr.Port)
}

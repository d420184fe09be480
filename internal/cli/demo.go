package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
)

// runDemo starts the server on a fresh SQLite database filled with the demo office.
func runDemo(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	keep := fs.Bool("keep", false, "keep the demo database of the previous run instead of starting fresh")
	getenv := func(k string) string {
		switch k {
		case "KINERJA_DB_URL": // the demo always runs on its own SQLite file
			return ""
		case "KINERJA_DATA_DIR":
			if v := env.Getenv(k); v != "" {
				return v
			}
			return "./data-demo"
		case "KINERJA_ADDR":
			if v := env.Getenv(k); v != "" {
				return v
			}
			return "localhost:8080"
		}
		return env.Getenv(k)
	}
	cfg, _, err := config.Load("demo", args, getenv, fs)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitBadInput
	}
	if cfg.DBURL != "" {
		fmt.Fprintln(env.Stderr, "kinerja demo: the demo runs on its own SQLite file; use 'kinerja serve' for PostgreSQL")
		return exitBadInput
	}
	fresh := !*keep
	if fresh {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(cfg.SQLitePath() + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
				return exitFailure
			}
		}
	}
	log := app.NewLogger(cfg, env.Stderr)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	var office *demo.Office
	if n == 0 {
		fmt.Fprintln(env.Stderr, "Filling the demo office…")
		if office, err = demo.Seed(ctx, a.Service); err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
			return exitFailure
		}
	}
	if err := a.Build(Version); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v (set another address with --addr or KINERJA_ADDR)\n", err)
		return exitFailure
	}
	base := baseURL(cfg, ln)
	abs, _ := filepath.Abs(cfg.SQLitePath())
	fmt.Fprintf(env.Stdout, "\nKinerja demo is running at %s\nDatabase: %s\n\n", base, abs)
	if office != nil {
		fmt.Fprintf(env.Stdout, "Demo accounts (password for all: %s):\n", demo.Password)
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		for _, acc := range office.Accounts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.Username, acc.Role, acc.Name)
		}
		tw.Flush()
		fmt.Fprintln(env.Stdout, "Every other demo employee signs in with first-name.second-name and the same password.")
	}
	fmt.Fprintln(env.Stdout, "\nPress Ctrl+C to stop.")
	if err := a.Serve(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	return exitOK
}

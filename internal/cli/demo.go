package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
)

// demoOptions are the demo's own flags.
type demoOptions struct {
	keep, generate, serve bool
	kanwil                bool
	employees, offices    int
	seed                  int64
	accountsFile          string
	clock                 func() time.Time // nil: the real clock
}

// runDemo starts the server on a fresh SQLite database filled with the demo office.
func runDemo(ctx context.Context, env Env, args []string) int {
	opt, cfg, code := parseDemo(env, args)
	if code != exitOK {
		return code
	}
	if !opt.keep && cfg.DBURL == "" {
		if err := removeSQLite(cfg.SQLitePath()); err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
			return exitFailure
		}
	}
	log := app.NewLogger(cfg, env.Stderr)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	if opt.clock != nil {
		a.Service = a.Service.WithClock(opt.clock)
	}
	office, code := fillDemo(ctx, env, a, opt)
	if code != exitOK || (opt.generate && !opt.serve) {
		return code
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
		printDemoAccounts(env, office)
	}
	fmt.Fprintln(env.Stdout, "\nPress Ctrl+C to stop.")
	if err := a.Serve(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// parseDemo reads the demo's flags and configuration. The demo runs on its
// own SQLite file under ./data-demo at localhost:8080 unless told otherwise.
func parseDemo(env Env, args []string) (demoOptions, config.Config, int) {
	var opt demoOptions
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.BoolVar(&opt.keep, "keep", false, "keep the demo database of the previous run instead of starting fresh")
	fs.BoolVar(&opt.generate, "generate", false, "fill the database with a large synthetic organisation instead of the demo office")
	fs.IntVar(&opt.employees, "employees", 500, "with --generate: people in the whole organisation")
	fs.IntVar(&opt.offices, "offices", 1, "with --generate: offices the people are spread over")
	fs.BoolVar(&opt.kanwil, "kanwil", false, "with --generate: put every office under one Kanwil worked as an office (its head sees them all), instead of regions of 20 offices")
	fs.Int64Var(&opt.seed, "seed", 1, "with --generate: the same seed makes the same organisation")
	fs.StringVar(&opt.accountsFile, "accounts-file", "", "with --generate: write the user names of the first office to this file (for kinerja loadtest)")
	fs.BoolVar(&opt.serve, "serve", true, "start the web server (with --generate, false only fills the database)")
	today := fs.String("today", "", "lay the demo office out as of this day (YYYY-MM-DD) and run the application's clock from it")
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
		return opt, cfg, exitBadInput
	}
	if cfg.DBURL != "" && !opt.generate {
		fmt.Fprintln(env.Stderr, "kinerja demo: the demo office runs on its own SQLite file; use 'kinerja serve' for PostgreSQL, or --generate to fill it with a synthetic organisation")
		return opt, cfg, exitBadInput
	}
	if opt.generate && (opt.offices < 1 || opt.employees < 5*opt.offices) {
		fmt.Fprintln(env.Stderr, "kinerja demo: --generate needs at least one office and five people per office")
		return opt, cfg, exitBadInput
	}
	if *today != "" {
		if opt.clock, err = demoClock(*today, cfg.Location, time.Now); err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: --today: %v\n", err)
			return opt, cfg, exitBadInput
		}
	}
	return opt, cfg, exitOK
}

// removeSQLite deletes a SQLite database with its journal files.
func removeSQLite(path string) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// fillDemo fills an empty database with the demo office (returned) or, with
// --generate, a synthetic organisation; a database with accounts is kept as
// it is (and refused for --generate).
func fillDemo(ctx context.Context, env Env, a *app.App, opt demoOptions) (*demo.Office, int) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return nil, exitFailure
	}
	switch {
	case opt.generate && n > 0:
		fmt.Fprintln(env.Stderr, "kinerja demo: the database already holds accounts; generate into an empty database")
		return nil, exitBadInput
	case opt.generate:
		return nil, generateOrg(ctx, env, a, opt)
	case n == 0:
		fmt.Fprintln(env.Stderr, "Filling the demo office…")
		office, err := demo.Seed(ctx, a.Store, a.Service)
		if err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
			return nil, exitFailure
		}
		return office, exitOK
	}
	return nil, exitOK
}

func printDemoAccounts(env Env, office *demo.Office) {
	fmt.Fprintf(env.Stdout, "Demo accounts (password for all: %s):\n", demo.Password)
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, acc := range office.Accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.Username, acc.Role, acc.Name)
	}
	tw.Flush()
	fmt.Fprintln(env.Stdout, "Every other demo employee signs in with first-name.second-name and the same password.")
}

// generateOrg fills the database with a synthetic organisation of people
// spread evenly over offices, reporting progress, and prints whom to sign in as.
func generateOrg(ctx context.Context, env Env, a *app.App, opt demoOptions) int {
	offices, seed, accountsFile := opt.offices, opt.seed, opt.accountsFile
	per := opt.employees / offices
	start := time.Now()
	fmt.Fprintf(env.Stderr, "Generating %d offices of %d people (seed %d)…\n", offices, per, seed)
	g, err := demo.Generate(ctx, a.Store, a.Service, demo.GenerateOptions{Offices: offices, EmployeesPerOffice: per, Seed: seed, Kanwil: opt.kanwil,
		Progress: func(done, total int) {
			if done == total || done%10 == 0 {
				fmt.Fprintf(env.Stderr, "  %d/%d offices, %d people, %s\n", done, total, done*per, time.Since(start).Round(time.Second))
			}
		}})
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
		return exitFailure
	}
	people := 0
	for _, o := range g.Offices {
		people += o.People
	}
	fmt.Fprintf(env.Stdout, "Generated %d offices and %d people for %d in %s.\n", len(g.Offices), people, g.Year, time.Since(start).Round(time.Millisecond))
	o := g.Offices[0]
	fmt.Fprintf(env.Stdout, "Accounts of the first office (password for all: %s; everyone signs in as gen<employee id>):\n", demo.Password)
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, acc := range []struct {
		id   int64
		role string
	}{{o.Head, "head of office"}, {o.Pengelola, "pengelola kinerja"}, {o.SectionLed, "section head"}, {o.Staff, "staff"}} {
		fmt.Fprintf(tw, "  gen%d\t%s\n", acc.id, acc.role)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "Administrator of the whole organisation (sees every office): %s\n", g.Admin)
	if g.KanwilHead != 0 {
		if u, err := a.Store.GetUserByEmployee(ctx, g.KanwilHead); err == nil {
			fmt.Fprintf(env.Stdout, "Head of the Kanwil above the offices (sees the region): %s\n", u.Username)
		}
	}
	if accountsFile != "" {
		c, err := a.Service.Chart(ctx)
		if err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
			return exitFailure
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# accounts of %s (password %s)\n", c.Units[o.ID].Name, demo.Password)
		for _, id := range c.OfficeEmployees(o.ID) {
			fmt.Fprintf(&b, "gen%d\n", id)
		}
		if err := os.WriteFile(accountsFile, []byte(b.String()), 0o600); err != nil {
			fmt.Fprintf(env.Stderr, "kinerja demo: %v\n", err)
			return exitFailure
		}
	}
	return exitOK
}

// demoClock is a clock that stands at day (YYYY-MM-DD, in the office zone)
// at the current time of day and moves on from there, so that the demo can
// show any point of the year. Days before 2000 or far in the future are
// refused: the demo lays out the year of that day.
func demoClock(day string, loc *time.Location, now func() time.Time) (func() time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", day, loc)
	if err != nil {
		return nil, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", day)
	}
	if d.Year() < 2000 || d.Year() > 2100 {
		return nil, fmt.Errorf("%s is outside the years 2000–2100", day)
	}
	n := now().In(loc)
	start := time.Date(d.Year(), d.Month(), d.Day(), n.Hour(), n.Minute(), n.Second(), n.Nanosecond(), loc)
	offset := start.Sub(n)
	return func() time.Time { return now().Add(offset) }, nil
}

package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/loadtest"
)

// runLoadtest drives a running server with many signed-in users and prints
// throughput and latency beside those of the server's trivial handler.
func runLoadtest(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "base URL of the running server")
	users := fs.Int("users", 64, "concurrent users")
	duration := fs.Duration("duration", 20*time.Second, "length of each phase (the trivial handler, then the users)")
	accounts := fs.String("accounts", "", "comma-separated user names, or @FILE with one per line")
	password := fs.String("password", demo.Password, "password of the accounts")
	saveEvery := fs.Int("save-every", 8, "every n-th step of a user types a note into its quarter sheet and saves it (0: never; the notes stay: run it on generated data)")
	serverPID := fs.Int("server-pid", 0, "process ID of the server, to report its processor time per request (Linux)")
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	names, err := accountList(*accounts)
	switch {
	case err != nil:
		fmt.Fprintf(env.Stderr, "kinerja loadtest: --accounts: %v\n", err)
		return exitBadInput
	case len(names) == 0:
		fmt.Fprintln(env.Stderr, "kinerja loadtest: give --accounts, as names separated by commas or @FILE with one per line")
		return exitBadInput
	case *users < 1 || *duration <= 0:
		fmt.Fprintln(env.Stderr, "kinerja loadtest: --users must be at least 1 and --duration positive")
		return exitBadInput
	}
	fmt.Fprintf(env.Stderr, "Signing in %d users, then %s on /healthz and %s of browsing and saving…\n", *users, *duration, *duration)
	res, err := loadtest.Run(ctx, loadtest.Options{BaseURL: *base, Users: *users, Duration: *duration, Accounts: names,
		Password: *password, SaveEvery: *saveEvery, ServerPID: *serverPID})
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja loadtest: %v\n", err)
		return exitFailure
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "requests\tcount\terrors\treq/s\tp50\tp95\tp99\tmax\t")
	row := func(st loadtest.Stat) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t\n", st.Name, st.Count, st.Errors, st.PerSec, ms(st.P50), ms(st.P95), ms(st.P99), ms(st.Max))
	}
	row(res.Trivial)
	for _, p := range res.Pages {
		row(p)
	}
	row(res.Total)
	tw.Flush()
	fmt.Fprintf(env.Stdout, "%d users, %s per phase: user requests run at %.1f%% of the trivial handler's rate\n", res.Users, res.Duration, 100*res.Ratio)
	printUsage(env, res)
	if res.Total.Errors > 0 {
		return exitFailure
	}
	return exitOK
}

// printUsage tells where the processors went in each phase: the server's
// time per request, and the share of the machine the load generator took
// for itself, which the server could not use.
func printUsage(env Env, res loadtest.Result) {
	d := res.Duration.Seconds()
	for _, p := range []struct {
		name string
		u    loadtest.Usage
	}{{"/healthz", res.TrivialCPU}, {"user requests", res.UserCPU}} {
		if p.u.Client == 0 {
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: load generator %.2f processors", p.name, p.u.Client.Seconds()/d)
		if p.u.Server > 0 {
			fmt.Fprintf(env.Stdout, ", server %.2f processors, %.3f ms per request (%d requests)",
				p.u.Server.Seconds()/d, float64(p.u.ServerPerRequest().Microseconds())/1000, p.u.Requests)
		}
		fmt.Fprintln(env.Stdout)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// accountList reads "a,b,c" or "@file" with one name per line.
func accountList(spec string) ([]string, error) {
	var names []string
	if file, ok := strings.CutPrefix(spec, "@"); ok {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if n := strings.TrimSpace(sc.Text()); n != "" && !strings.HasPrefix(n, "#") {
				names = append(names, n)
			}
		}
		return names, sc.Err()
	}
	for _, n := range strings.Split(spec, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}

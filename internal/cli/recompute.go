package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// runRecompute computes a quarter's figures for the whole organisation —
// every indicator's achievement, every office's NKO, every employee's NHK —
// and prints the offices' scores with the time it took.
func runRecompute(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("recompute", flag.ContinueOnError)
	year := fs.Int("year", time.Now().Year(), "performance year")
	quarter := fs.Int("quarter", 0, "quarter 1–4 (required)")
	quiet := fs.Bool("summary", false, "print only the totals, not every office")
	a, _, code := openAppFlags(ctx, env, "recompute", args, fs)
	if a == nil {
		return code
	}
	defer a.Close()
	if *quarter < 1 || *quarter > 4 {
		fmt.Fprintln(env.Stderr, "kinerja recompute: --quarter must be 1, 2, 3 or 4")
		return exitBadInput
	}
	ov, st, err := a.Service.RecomputeQuarter(ctx, service.SystemActor(), *year, *quarter)
	if errors.Is(err, domain.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "kinerja recompute: this database has no performance year %d (choose one with --year)\n", *year)
		return exitBadInput
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja recompute: %v\n", err)
		return exitFailure
	}
	if !*quiet {
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "office\tpeople\tplans\tverified\tNKO\tfinal\tmean NHK\t")
		for _, o := range ov.Offices {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t\n", o.Office.Code, o.People, o.Plans, o.Verified,
				figure(o.NKO.OK, o.NKO.V), yesNo(o.Official), figure(o.NHK.OK, o.NHK.V))
		}
		tw.Flush()
	}
	fmt.Fprintf(env.Stdout, "Q%d %d: %d offices, %d people, %d plans, %d indicators; %d final NKOs, mean NKO %s; computed in %s\n",
		*quarter, *year, st.Offices, st.People, st.Plans, st.Lines, ov.Official, figure(ov.Mean.OK, ov.Mean.V), st.Took.Round(time.Millisecond))
	return exitOK
}

func figure(ok bool, v float64) string {
	if !ok {
		return "–"
	}
	return i18n.FormatNumber("en", v, 2)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

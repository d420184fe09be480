package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

func runEvidence(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] != "migrate" {
		fmt.Fprintln(env.Stderr, "usage: kinerja evidence migrate [flags]")
		return exitBadInput
	}
	return runEvidenceMigrate(ctx, env, args[1:])
}

// progressEvery is how many files pass between two progress lines.
const progressEvery = 100

// runEvidenceMigrate copies the evidence files kept in the data directory
// to the configured S3-compatible storage, so that files uploaded before the
// switch still open afterwards.
func runEvidenceMigrate(ctx context.Context, env Env, args []string) int {
	const name = "evidence migrate"
	a, _, code := openAppFlags(ctx, env, name, args, flag.NewFlagSet(name, flag.ContinueOnError))
	if a == nil {
		return code
	}
	defer a.Close()
	if a.Config.S3Endpoint == "" {
		fmt.Fprintln(env.Stderr, "kinerja evidence migrate: set KINERJA_S3_ENDPOINT and KINERJA_S3_BUCKET (and the keys) to the storage to copy to, as for kinerja serve")
		return exitBadInput
	}
	dir := app.EvidenceDir(a.Config)
	src, err := blob.NewLocal(dir)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja evidence migrate: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(env.Stderr, "Copying evidence files from %s to bucket %s at %s…\n", dir, a.Config.S3Bucket, a.Config.S3Endpoint)
	m, err := a.Service.MigrateEvidence(ctx, src, func(p service.EvidenceMigration, key string, err error) {
		if err != nil {
			fmt.Fprintf(env.Stderr, "MISMATCH %s: %v\n", key, err)
		}
		if p.Done%progressEvery == 0 || p.Done == p.Files {
			fmt.Fprintf(env.Stderr, "  %d/%d files, %s of %s\n", p.Done, p.Files, megabytes(p.DoneSize), megabytes(p.Bytes))
		}
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja evidence migrate: %v (after %d of %d files; run it again to go on)\n", err, m.Done, m.Files)
		return exitFailure
	}
	for _, sha := range m.Missing {
		fmt.Fprintf(env.Stderr, "MISSING %s: an evidence record refers to it, but neither the folder nor the bucket holds it\n", sha)
	}
	fmt.Fprintf(env.Stdout, "%s: %d files (%s): %d copied, %d already in place, %d mismatched; %d recorded files missing\n",
		dir, m.Files, megabytes(m.Bytes), m.Copied, m.Present, len(m.Mismatched), len(m.Missing))
	if len(m.Mismatched) > 0 || len(m.Missing) > 0 {
		return exitFailure
	}
	fmt.Fprintln(env.Stdout, "Every evidence file is in the bucket, verified by its SHA-256.")
	return exitOK
}

func megabytes(n int64) string { return i18n.FormatNumber("en", float64(n)/(1<<20), 1) + " MB" }

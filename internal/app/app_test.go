package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/config"
)

func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The embedded rule sets are checked before anything starts: a broken one
// stops the start with a message saying so.
func TestOpenChecksRuleSets(t *testing.T) {
	broken := &calc.RuleSetError{Source: "kmk-127-2026.json", Field: "status.yellow_min", Message: "above green_min"}
	checkRules = func() error { return broken }
	t.Cleanup(func() { checkRules = calc.Check })
	a, err := Open(context.Background(), testConfig(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if a != nil || !errors.Is(err, broken) || !strings.Contains(err.Error(), "rule sets are invalid") || !strings.Contains(err.Error(), "status.yellow_min") {
		t.Fatalf("Open with a broken rule set: %v", err)
	}
}

// A PostgreSQL deployment that keeps evidence on local disk is warned at
// start; SQLite (one server) and S3 are not.
func TestWarnLocalEvidence(t *testing.T) {
	for _, tc := range []struct {
		name, db, s3 string
		warn         bool
	}{
		{"postgres, local files", "postgres://kinerja@db/kinerja", "", true},
		{"sqlite, local files", "", "", false},
		{"postgres, S3", "postgres://kinerja@db/kinerja", "minio:9000", false},
	} {
		var log bytes.Buffer
		a := &App{Config: config.Config{DBURL: tc.db, S3Endpoint: tc.s3, DataDir: "/srv/kinerja"}, Log: slog.New(slog.NewTextHandler(&log, nil))}
		a.warnLocalEvidence()
		if got := strings.Contains(log.String(), "level=WARN") && strings.Contains(log.String(), "KINERJA_S3_ENDPOINT"); got != tc.warn {
			t.Errorf("%s: warned %v, want %v:\n%s", tc.name, got, tc.warn, log.String())
		}
	}
}

// A missing bucket stops the start with what to do; with
// KINERJA_S3_CREATE_BUCKET the bucket is made.
func TestOpenBlobsBucket(t *testing.T) {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	cfg := testConfig(t)
	cfg.S3Endpoint, cfg.S3Bucket, cfg.S3AccessKey, cfg.S3SecretKey = srv.URL, "bukti", "k", "s"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := openBlobs(ctx, cfg); err == nil || !strings.Contains(err.Error(), `bucket "bukti" does not exist`) ||
		!strings.Contains(err.Error(), "KINERJA_S3_CREATE_BUCKET=true") {
		t.Errorf("missing bucket: %v", err)
	}
	cfg.S3CreateBucket = true
	if _, staging, err := openBlobs(ctx, cfg); err != nil || !strings.HasPrefix(staging, cfg.DataDir) {
		t.Errorf("creating the bucket: %v (staging in %s)", err, staging)
	}
}

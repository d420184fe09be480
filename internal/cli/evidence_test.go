package cli_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/kinerja/kinerja/internal/blob"
)

// kinerja evidence migrate copies the files of a server that kept them on
// disk into S3, shows its progress, skips them when run again, and fails on
// a damaged file.
func TestEvidenceMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	data := t.TempDir()
	local, err := blob.NewLocal(filepath.Join(data, "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := range 120 {
		b := fmt.Appendf(nil, "%%PDF-1.4\n%% laporan %d\n", i)
		sum := sha256.Sum256(b)
		key := hex.EncodeToString(sum[:])
		p := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := local.Put(ctx, key, p, int64(len(b)), ""); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
	}
	env := map[string]string{"KINERJA_DATA_DIR": data, "KINERJA_S3_ENDPOINT": srv.URL, "KINERJA_S3_BUCKET": "bukti",
		"KINERJA_S3_ACCESS_KEY": "k", "KINERJA_S3_SECRET_KEY": "s", "KINERJA_S3_CREATE_BUCKET": "true"}

	r := run(t, env, "", "evidence", "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "120 files") || !strings.Contains(r.stdout, "120 copied, 0 already in place, 0 mismatched") {
		t.Fatalf("migrate: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, p := range []string{"  100/120 files", "  120/120 files"} {
		if !strings.Contains(r.stderr, p) {
			t.Errorf("no progress line %q in:\n%s", p, r.stderr)
		}
	}
	bucket, err := blob.NewS3(ctx, blob.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "bukti", AccessKey: "k", SecretKey: "s", Prefix: "evidence/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if ok, err := bucket.Exists(ctx, key); !ok || err != nil {
			t.Fatalf("%s not in the bucket (%v)", key, err)
		}
	}

	r = run(t, env, "", "evidence", "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "0 copied, 120 already in place") {
		t.Errorf("second run: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	// A file damaged on disk is not copied and fails the run.
	if err := bucket.Delete(ctx, keys[7]); err != nil {
		t.Fatal(err)
	}
	rc, err := local.Open(ctx, keys[7])
	if err != nil {
		t.Fatal(err)
	}
	path := rc.(*os.File).Name()
	rc.Close()
	if err := os.WriteFile(path, []byte("%PDF-1.4\n% rusak\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, env, "", "evidence", "migrate")
	if r.code != 1 || !strings.Contains(r.stderr, "MISMATCH "+keys[7]) || !strings.Contains(r.stdout, "119 already in place, 1 mismatched") {
		t.Errorf("damaged file: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	delete(env, "KINERJA_S3_ENDPOINT")
	if r := run(t, env, "", "evidence", "migrate"); r.code != 2 || !strings.Contains(r.stderr, "KINERJA_S3_ENDPOINT") {
		t.Errorf("without S3: %d %s", r.code, r.stderr)
	}
	if r := run(t, env, "", "evidence"); r.code != 2 || !strings.Contains(r.stderr, "usage") {
		t.Errorf("no sub-command: %d %s", r.code, r.stderr)
	}
}

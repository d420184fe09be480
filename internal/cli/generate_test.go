package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A synthetic organisation is generated into the data directory without
// serving, its first office's accounts written for the load test; then the
// whole organisation's quarter is recomputed from the command line.
func TestGenerateAndRecompute(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	accounts := filepath.Join(dir, "accounts.txt")
	r := run(t, map[string]string{"KINERJA_DATA_DIR": dir}, "", "demo", "--generate", "--employees", "60", "--offices", "2",
		"--serve=false", "--accounts-file", accounts)
	if r.code != 0 || !strings.Contains(r.stdout, "Generated 2 offices and 60 people") || !strings.Contains(r.stderr, "2/2 offices") ||
		!strings.Contains(r.stdout, "whole organisation (sees every office): admin.gen1") {
		t.Fatalf("generate: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	b, err := os.ReadFile(accounts)
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Fields(string(b))
	if n := strings.Count(string(b), "\ngen"); n != 30 || !strings.HasPrefix(names[len(names)-1], "gen") {
		t.Errorf("accounts file has %d accounts:\n%s", n, b)
	}
	// Generating again into the same, kept database is refused.
	if r := run(t, map[string]string{"KINERJA_DATA_DIR": dir}, "", "demo", "--generate", "--keep", "--serve=false"); r.code != 2 ||
		!strings.Contains(r.stderr, "already holds accounts") {
		t.Errorf("second generate: %d %q", r.code, r.stderr)
	}
	r = run(t, map[string]string{"KINERJA_DATA_DIR": filepath.Join(dir)}, "", "recompute", "--quarter", "2", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "Q2 ") || !strings.Contains(r.stdout, "2 offices, 60 people") ||
		!strings.Contains(r.stdout, "2 final NKOs") {
		t.Errorf("recompute: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, map[string]string{"KINERJA_DATA_DIR": dir}, "", "recompute", "--quarter", "1", "--year", "2031", "--data", dir); r.code != 2 ||
		!strings.Contains(r.stderr, "no performance year 2031") {
		t.Errorf("recompute of a missing year: %d %q", r.code, r.stderr)
	}
}

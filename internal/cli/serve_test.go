package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/cli"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a long-running command until the returned stop is called.
func start(t *testing.T, env map[string]string, args ...string) (stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), stdout, stderr)
	}()
	stopped := false
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			stopped = true
			return code
		case <-time.After(30 * time.Second):
			t.Fatal("the server did not stop within 30 s of being asked to")
			return -1
		}
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return stdout, stderr, stop
}

// waitFor polls a buffer until re matches its text.
func waitFor(t *testing.T, b *syncBuffer, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s within %s in:\n%s", re, within, b.String())
	return nil
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A first start prints the one-time setup link; the server answers until it
// is stopped, then shuts down cleanly.
func TestServe(t *testing.T) {
	t.Parallel()
	env := map[string]string{"KINERJA_DATA_DIR": t.TempDir(), "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "warn"}
	_, stderr, stop := start(t, env, "serve")
	m := waitFor(t, stderr, regexp.MustCompile(`(http://localhost:\d+)/setup\?token=(\S+)`), 30*time.Second)
	base, token := m[1], m[2]
	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, _ := get(t, base+"/setup?token="+token); code != http.StatusOK {
		t.Errorf("the printed setup link: %d", code)
	}
	if code, _ := get(t, base+"/metrics"); code != http.StatusOK {
		t.Errorf("/metrics: %d", code)
	}
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", stderr.String())
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited with %d after a clean stop:\n%s", code, stderr.String())
	}
}

// At start the server removes the staging files a crash left behind, and
// says how many.
func TestServeSweepsEvidence(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	tmp := filepath.Join(data, "evidence", "tmp")
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		t.Fatal(err)
	}
	old, recent := filepath.Join(tmp, "upload-123"), filepath.Join(tmp, "upload-456")
	for _, p := range []string{old, recent} {
		if err := os.WriteFile(p, []byte("%PDF-1.4"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	twoHoursAgo := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(old, twoHoursAgo, twoHoursAgo); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"KINERJA_DATA_DIR": data, "KINERJA_ADDR": "127.0.0.1:0"}
	_, stderr, stop := start(t, env, "serve")
	waitFor(t, stderr, regexp.MustCompile(`"evidence swept" staging_files=1 files_without_record=0`), 30*time.Second)
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old staging file is still there (%v)", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("a recent staging file was removed: %v", err)
	}
	stop()
}

// With KINERJA_METRICS_TOKEN set, /metrics answers only that bearer token.
func TestServeMetricsToken(t *testing.T) {
	t.Parallel()
	const token = "scrape-me-3f9a1c7e5b"
	env := map[string]string{"KINERJA_DATA_DIR": t.TempDir(), "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "warn",
		"KINERJA_METRICS_TOKEN": token}
	_, stderr, stop := start(t, env, "serve")
	base := waitFor(t, stderr, regexp.MustCompile(`(http://localhost:\d+)/setup\?token=`), 30*time.Second)[1]
	if code, body := get(t, base+"/metrics"); code != http.StatusUnauthorized || strings.Contains(body, "go_goroutines") {
		t.Errorf("/metrics without the token: %d", code)
	}
	req, err := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("/metrics with the token: %d", resp.StatusCode)
	}
	if strings.Contains(stderr.String(), token) {
		t.Error("the token appears in the log")
	}
	stop()
}

// The demo command fills its own database and prints the demo accounts.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo office hashes every demo password at full cost")
	}
	t.Parallel()
	env := map[string]string{"KINERJA_DATA_DIR": t.TempDir(), "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "warn",
		"KINERJA_DB_URL": "postgres://ignored"}
	stdout, stderr, stop := start(t, env, "demo")
	m := waitFor(t, stdout, regexp.MustCompile(`running at (http://localhost:\d+)`), 3*time.Minute)
	waitFor(t, stdout, regexp.MustCompile(`Press Ctrl\+C`), 10*time.Second)
	for _, acc := range []string{"hendra.wijaya", "admin", "pemeriksa", "kinerja-demo"} {
		if !strings.Contains(stdout.String(), acc) {
			t.Errorf("the demo banner does not mention %s:\n%s", acc, stdout.String())
		}
	}
	if code, body := get(t, m[1]+"/login"); code != http.StatusOK || !strings.Contains(body, "<form") {
		t.Errorf("/login of the demo: %d", code)
	}
	if code := stop(); code != 0 {
		t.Errorf("demo exited with %d:\n%s", code, stderr.String())
	}
}

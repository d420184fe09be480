package cli_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/cli"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// result is what a command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run executes the kinerja command line in-process with the given
// environment and standard input.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	var in io.Reader = strings.NewReader(stdin)
	code := cli.Run(context.Background(), args, getenv, in, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "version")
	if r.code != 0 || !regexp.MustCompile(`^kinerja \S+\n$`).MatchString(r.stdout) {
		t.Errorf("version: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{nil, {"help"}, {"--help"}} {
		r := run(t, nil, "", args...)
		if r.code != 0 {
			t.Errorf("%v: exit %d", args, r.code)
		}
		for _, cmd := range []string{"serve", "demo", "migrate", "user", "audit", "version"} {
			if !strings.Contains(r.stdout, "  "+cmd) {
				t.Errorf("%v: usage does not list %s:\n%s", args, cmd, r.stdout)
			}
		}
	}
}

func TestBadInvocations(t *testing.T) {
	t.Parallel()
	env := map[string]string{"KINERJA_DATA_DIR": t.TempDir()}
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"user"}, "usage"},
		{[]string{"user", "delete", "x"}, `unknown sub-command "delete"`},
		{[]string{"audit"}, "usage"},
		{[]string{"audit", "repair"}, "usage"},
		{[]string{"user", "token"}, "usage"},
		{[]string{"user", "create-admin"}, "usage"},
		{[]string{"user", "token", "--no-such-flag", "x"}, "no-such-flag"},
		{[]string{"migrate", "--log-format", "xml"}, "log format"},
		{[]string{"recompute"}, "--quarter"},
		{[]string{"recompute", "--quarter", "5"}, "--quarter"},
		{[]string{"loadtest"}, "--accounts"},
		{[]string{"loadtest", "--accounts", "a", "--users", "0"}, "--users"},
		{[]string{"demo", "--generate", "--employees", "9", "--offices", "2"}, "five people per office"},
		{[]string{"demo", "--db", "postgres://x/y"}, "--generate"},
	}
	for _, tc := range tests {
		r := run(t, env, "", tc.args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, tc.says) {
			t.Errorf("%v: stderr %q does not say %q", tc.args, r.stderr, tc.says)
		}
	}
	if r := run(t, map[string]string{"KINERJA_DB_URL": "mysql://x"}, "", "migrate"); r.code != 2 {
		t.Errorf("an unsupported database URL: exit %d", r.code)
	}
}

var tokenLine = regexp.MustCompile(`^knj_[0-9a-f]{40}\n$`)

// TestAdministration runs the first steps of an operator on every engine:
// migrate, create the first admin, issue a token, verify the audit chain;
// then tampers with the chain and checks that verify names the event.
func TestAdministration(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dbURL, path := storetest.URL(t, engine)
			env := map[string]string{"KINERJA_DB_URL": dbURL, "KINERJA_DATA_DIR": t.TempDir()}
			if engine == store.SQLite {
				env["KINERJA_DATA_DIR"] = strings.TrimSuffix(path, "/kinerja.db")
			}

			r := run(t, env, "", "migrate")
			if r.code != 0 || !strings.Contains(r.stdout, "schema version") || !strings.Contains(r.stdout, string(engine)) {
				t.Fatalf("migrate: %d %q %q", r.code, r.stdout, r.stderr)
			}

			r = run(t, env, "", "audit", "verify")
			if r.code != 0 || !strings.HasPrefix(r.stdout, "OK: 0 events") {
				t.Errorf("verify of an empty log: %d %q %q", r.code, r.stdout, r.stderr)
			}

			r = run(t, env, "", "user", "create-admin", "root")
			if r.code != 2 || !strings.Contains(r.stderr, "no password") {
				t.Errorf("create-admin without a password: %d %q", r.code, r.stderr)
			}
			r = run(t, env, "short\n", "user", "create-admin", "root")
			if r.code != 2 || !strings.Contains(r.stderr, "password") {
				t.Errorf("create-admin with a short password: %d %q", r.code, r.stderr)
			}
			r = run(t, env, "correct horse battery\r\n", "user", "create-admin", "Root")
			if r.code != 0 || r.stdout != "admin \"root\" created\n" {
				t.Fatalf("create-admin: %d %q %q", r.code, r.stdout, r.stderr)
			}
			r = run(t, env, "correct horse battery\n", "user", "create-admin", "root")
			if r.code != 2 || !strings.Contains(r.stderr, "username") {
				t.Errorf("create-admin with a taken name: %d %q", r.code, r.stderr)
			}

			r = run(t, env, "", "user", "token", "root", "deploy")
			if r.code != 0 || !tokenLine.MatchString(r.stdout) {
				t.Fatalf("user token: %d %q %q", r.code, r.stdout, r.stderr)
			}
			r = run(t, env, "", "user", "token", "nobody")
			if r.code != 2 || !strings.Contains(r.stderr, `no account "nobody"`) {
				t.Errorf("token for an unknown user: %d %q", r.code, r.stderr)
			}

			r = run(t, env, "", "audit", "verify")
			if r.code != 0 || !strings.HasPrefix(r.stdout, "OK: 2 events, chain intact; last event 2 has hash ") {
				t.Fatalf("audit verify: %d %q %q", r.code, r.stdout, r.stderr)
			}

			// Someone edits the first event in the database behind the program's back.
			st, err := store.Open(context.Background(), dbURL, path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = st.DB().ExecContext(context.Background(), `UPDATE audit_events SET after_json = '{"username":"mallory"}' WHERE seq = 1`)
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			r = run(t, env, "", "audit", "verify")
			if r.code != 1 || !strings.Contains(r.stdout, "BROKEN: audit chain broken at event 1") || !strings.Contains(r.stdout, "0 events before it are intact") {
				t.Errorf("verify after tampering: %d %q %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// The SQLite file lives in the data directory named by KINERJA_DATA_DIR or --data.
func TestDataDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := run(t, nil, "", "migrate", "--data", dir)
	if r.code != 0 {
		t.Fatalf("migrate --data: %d %q", r.code, r.stderr)
	}
	r = run(t, map[string]string{"KINERJA_DATA_DIR": dir}, "a long enough password\n", "user", "create-admin", "root")
	if r.code != 0 {
		t.Fatalf("create-admin in the same directory: %d %q", r.code, r.stderr)
	}
	r = run(t, nil, "", "audit", "verify", "--data", dir)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "OK: 1 events") {
		t.Errorf("verify with --data: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

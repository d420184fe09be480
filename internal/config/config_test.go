package config_test

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/config"
)

func load(env map[string]string, args ...string) (config.Config, []string, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return config.Load("test", args, func(k string) string { return env[k] }, fs)
}

func TestDefaults(t *testing.T) {
	c, rest, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 0 || c.DBURL != "" || c.IsPostgres() || c.Addr != ":8080" || c.Lang != "id" || c.SecureCookie {
		t.Errorf("defaults %+v", c)
	}
	if c.Location == nil || c.Location.String() != "Asia/Jakarta" {
		t.Errorf("location %v", c.Location)
	}
	if c.SQLitePath() != filepath.Join("data", "kinerja.db") {
		t.Errorf("SQLite path %q", c.SQLitePath())
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{
		"KINERJA_DB_URL":          "postgresql://kinerja@db/kinerja",
		"KINERJA_DATA_DIR":        "/var/lib/kinerja",
		"KINERJA_ADDR":            ":9000",
		"KINERJA_TIMEZONE":        "Asia/Makassar",
		"KINERJA_LANG":            "en",
		"KINERJA_MAX_UPLOAD":      "1048576",
		"KINERJA_SECURE_COOKIE":   "true",
		"KINERJA_SMTP_PORT":       "25",
		"KINERJA_BASE_URL":        "https://kinerja.example.go.id",
		"KINERJA_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.5,fd00::/8",
		"KINERJA_PPROF_ADDR":      "127.0.0.1:6061",
	}
	c, rest, err := load(env, "--addr", "127.0.0.1:8081", "--tz", "Asia/Jayapura", "root", "extra")
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsPostgres() || c.DataDir != "/var/lib/kinerja" || c.Lang != "en" || c.MaxUpload != 1<<20 || !c.SecureCookie || c.SMTPPort != 25 {
		t.Errorf("from the environment: %+v", c)
	}
	if c.PprofAddr != "127.0.0.1:6061" {
		t.Errorf("profiler address %q", c.PprofAddr)
	}
	if c.Addr != "127.0.0.1:8081" || c.Location.String() != "Asia/Jayapura" {
		t.Errorf("flags do not win: addr %q, zone %v", c.Addr, c.Location)
	}
	if fmt.Sprint(c.Proxies) != "[10.0.0.0/8 192.168.1.5/32 fd00::/8]" {
		t.Errorf("trusted proxies %v", c.Proxies)
	}
	if !slices.Equal(rest, []string{"root", "extra"}) {
		t.Errorf("remaining arguments %v", rest)
	}
}

// The S3 endpoint is host[:port]; a URL is reduced to it, its scheme
// deciding TLS.
func TestS3Endpoint(t *testing.T) {
	for _, tc := range []struct {
		endpoint, ssl string
		host          string
		useSSL        bool
	}{
		{"minio.example.go.id:9000", "", "minio.example.go.id:9000", false},
		{"minio.example.go.id:9000", "true", "minio.example.go.id:9000", true},
		{"https://s3.ap-southeast-3.amazonaws.com", "", "s3.ap-southeast-3.amazonaws.com", true},
		{"https://s3.ap-southeast-3.amazonaws.com/", "false", "s3.ap-southeast-3.amazonaws.com", true},
		{"http://10.0.0.7:9000", "", "10.0.0.7:9000", false},
	} {
		env := map[string]string{"KINERJA_S3_ENDPOINT": tc.endpoint, "KINERJA_S3_BUCKET": "bukti", "KINERJA_S3_USE_SSL": tc.ssl,
			"KINERJA_S3_REGION": "ap-southeast-3", "KINERJA_S3_CREATE_BUCKET": "true"}
		c, _, err := load(env)
		if err != nil {
			t.Errorf("%s: %v", tc.endpoint, err)
			continue
		}
		if c.S3Endpoint != tc.host || c.S3UseSSL != tc.useSSL || c.S3Region != "ap-southeast-3" || !c.S3CreateBucket {
			t.Errorf("%s: endpoint %q, TLS %v, region %q, create %v", tc.endpoint, c.S3Endpoint, c.S3UseSSL, c.S3Region, c.S3CreateBucket)
		}
		if err := c.Validate(); err != nil || c.S3Endpoint != tc.host {
			t.Errorf("%s: validating again: %v, %q", tc.endpoint, err, c.S3Endpoint)
		}
	}
}

// The number of requests at work: automatic by default (fewer on SQLite,
// whose queries use the server's own processors), a number when given, no
// limit when negative.
func TestActiveRequests(t *testing.T) {
	for _, tc := range []struct {
		env  string
		args []string
		want int
	}{
		{"", nil, 2 * runtime.GOMAXPROCS(0)},
		{"", []string{"--db", "postgres://kinerja@db.example.go.id/kinerja"}, 4 * runtime.GOMAXPROCS(0)},
		{"12", nil, 12},
		{"12", []string{"--max-active", "3"}, 3},
		{"-1", nil, 0},
		{"-1", []string{"--db", "postgres://kinerja@db.example.go.id/kinerja"}, 0},
	} {
		env := map[string]string{}
		if tc.env != "" {
			env["KINERJA_MAX_ACTIVE"] = tc.env
		}
		c, _, err := load(env, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ActiveRequests(); got != tc.want {
			t.Errorf("KINERJA_MAX_ACTIVE=%q %v: %d, want %d", tc.env, tc.args, got, tc.want)
		}
	}
}

func TestInvalidConfiguration(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		says string
	}{
		{"number", map[string]string{"KINERJA_MAX_UPLOAD": "20MB"}, nil, "KINERJA_MAX_UPLOAD"},
		{"boolean", map[string]string{"KINERJA_SECURE_COOKIE": "yes please"}, nil, "KINERJA_SECURE_COOKIE"},
		{"database", map[string]string{"KINERJA_DB_URL": "mysql://x"}, nil, "postgres://"},
		{"base URL", map[string]string{"KINERJA_BASE_URL": "kinerja.example"}, nil, "base URL"},
		{"log level", nil, []string{"--log-level", "loud"}, "log level"},
		{"log format", nil, []string{"--log-format", "xml"}, "log format"},
		{"language", map[string]string{"KINERJA_LANG": "fr"}, nil, "language"},
		{"time zone", nil, []string{"--tz", "Mars/Olympus"}, "time zone"},
		{"upload", nil, []string{"--max-upload", "10"}, "too small"},
		{"S3 without bucket", map[string]string{"KINERJA_S3_ENDPOINT": "minio:9000"}, nil, "KINERJA_S3_BUCKET"},
		{"S3 endpoint with a path", map[string]string{"KINERJA_S3_ENDPOINT": "https://minio:9000/bukti", "KINERJA_S3_BUCKET": "bukti"}, nil, "KINERJA_S3_ENDPOINT"},
		{"S3 endpoint scheme", map[string]string{"KINERJA_S3_ENDPOINT": "s3://minio:9000", "KINERJA_S3_BUCKET": "bukti"}, nil, "KINERJA_S3_ENDPOINT"},
		{"S3 http with TLS", map[string]string{"KINERJA_S3_ENDPOINT": "http://minio:9000", "KINERJA_S3_BUCKET": "bukti", "KINERJA_S3_USE_SSL": "true"}, nil, "KINERJA_S3_USE_SSL"},
		{"S3 create bucket", map[string]string{"KINERJA_S3_CREATE_BUCKET": "maybe"}, nil, "KINERJA_S3_CREATE_BUCKET"},
		{"empty data dir", nil, []string{"--data", ""}, "data directory"},
		{"unknown flag", nil, []string{"--nope"}, "nope"},
		{"trusted proxy", nil, []string{"--trusted-proxies", "10.0.0.0/8,lb.internal"}, "lb.internal"},
		{"active requests", map[string]string{"KINERJA_MAX_ACTIVE": "many"}, nil, "KINERJA_MAX_ACTIVE"},
		{"metrics token", map[string]string{"KINERJA_METRICS_TOKEN": "secret"}, nil, "KINERJA_METRICS_TOKEN"},
		{"profiler on every interface", map[string]string{"KINERJA_PPROF_ADDR": ":6061"}, nil, "KINERJA_PPROF_ADDR"},
		{"profiler on a public address", map[string]string{"KINERJA_PPROF_ADDR": "10.1.2.3:6061"}, nil, "loopback"},
		{"profiler without port", map[string]string{"KINERJA_PPROF_ADDR": "127.0.0.1"}, nil, "KINERJA_PPROF_ADDR"},
	}
	for _, tc := range tests {
		_, _, err := load(tc.env, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.says)
		}
	}
	// Every problem is reported at once.
	c := config.Defaults()
	c.Lang, c.LogFormat = "fr", "xml"
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "language") || !strings.Contains(err.Error(), "log format") {
		t.Errorf("Validate = %v, want both problems", err)
	}
}

// Package config loads the typed configuration of kinerja from KINERJA_*
// environment variables and command-line flags (flags win).
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the whole runtime configuration of a kinerja process.
type Config struct {
	DBURL        string // empty: SQLite in DataDir; postgres://… : PostgreSQL
	DataDir      string
	Addr         string
	BaseURL      string
	LogLevel     string // debug, info, warn, error
	LogFormat    string // text or json
	TimeZone     string // IANA name of the office zone, e.g. Asia/Jakarta
	Lang         string // default interface language: id or en
	MaxUpload    int64  // bytes per evidence file
	SecureCookie bool   // send cookies with Secure (on behind HTTPS)
	// TrustedProxies lists the addresses or networks (CIDR) of reverse
	// proxies and load balancers whose X-Forwarded-For is believed.
	TrustedProxies string
	Proxies        []netip.Prefix `json:"-"` // parsed from TrustedProxies
	// MetricsToken, when set, is the bearer token /metrics asks for.
	MetricsToken string
	// MaxActive is how many requests do their work at once; the others
	// queue in arrival order. 0 chooses from the number of processors
	// (ActiveRequests), a negative number lets every request run at once.
	MaxActive int64
	// PprofAddr, when set, serves Go's profiler (net/http/pprof) on this
	// loopback address, apart from the application's listener.
	PprofAddr string

	// S3-compatible evidence storage; local disk under DataDir when
	// S3Endpoint is empty. The endpoint is host[:port]; a URL
	// (https://host) is accepted and sets S3UseSSL from its scheme.
	S3Endpoint     string
	S3Bucket       string
	S3AccessKey    string
	S3SecretKey    string
	S3UseSSL       bool
	S3Region       string
	S3CreateBucket bool // create the bucket at start when it does not exist

	// Outgoing mail for reminders and digests; disabled when SMTPHost is empty.
	SMTPHost string
	SMTPPort int
	SMTPUser string
	SMTPPass string
	SMTPFrom string

	Location *time.Location `json:"-"`
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		DataDir:   "./data",
		Addr:      ":8080",
		LogLevel:  "info",
		LogFormat: "text",
		TimeZone:  "Asia/Jakarta",
		Lang:      "id",
		MaxUpload: 20 << 20,
		SMTPPort:  587,
	}
}

// Load reads KINERJA_* variables through getenv, then the flags in args.
// It returns the remaining positional arguments.
func Load(name string, args []string, getenv func(string) string, fs *flag.FlagSet) (Config, []string, error) {
	c := Defaults()
	var err error
	str := func(p *string, key string) {
		if v := getenv("KINERJA_" + key); v != "" {
			*p = v
		}
	}
	num := func(p *int64, key string) {
		if v := getenv("KINERJA_" + key); v != "" && err == nil {
			n, e := strconv.ParseInt(v, 10, 64)
			if e != nil {
				err = fmt.Errorf("KINERJA_%s: not a whole number: %q", key, v)
			}
			*p = n
		}
	}
	boolean := func(p *bool, key string) {
		if v := getenv("KINERJA_" + key); v != "" && err == nil {
			b, e := strconv.ParseBool(v)
			if e != nil {
				err = fmt.Errorf("KINERJA_%s: not true/false: %q", key, v)
			}
			*p = b
		}
	}
	str(&c.DBURL, "DB_URL")
	str(&c.DataDir, "DATA_DIR")
	str(&c.Addr, "ADDR")
	str(&c.BaseURL, "BASE_URL")
	str(&c.LogLevel, "LOG_LEVEL")
	str(&c.LogFormat, "LOG_FORMAT")
	str(&c.TimeZone, "TIMEZONE")
	str(&c.Lang, "LANG")
	num(&c.MaxUpload, "MAX_UPLOAD")
	boolean(&c.SecureCookie, "SECURE_COOKIE")
	str(&c.TrustedProxies, "TRUSTED_PROXIES")
	num(&c.MaxActive, "MAX_ACTIVE")
	str(&c.MetricsToken, "METRICS_TOKEN")
	str(&c.PprofAddr, "PPROF_ADDR")
	str(&c.S3Endpoint, "S3_ENDPOINT")
	str(&c.S3Bucket, "S3_BUCKET")
	str(&c.S3AccessKey, "S3_ACCESS_KEY")
	str(&c.S3SecretKey, "S3_SECRET_KEY")
	boolean(&c.S3UseSSL, "S3_USE_SSL")
	str(&c.S3Region, "S3_REGION")
	boolean(&c.S3CreateBucket, "S3_CREATE_BUCKET")
	str(&c.SMTPHost, "SMTP_HOST")
	var port int64 = int64(c.SMTPPort)
	num(&port, "SMTP_PORT")
	c.SMTPPort = int(port)
	str(&c.SMTPUser, "SMTP_USER")
	str(&c.SMTPPass, "SMTP_PASSWORD")
	str(&c.SMTPFrom, "SMTP_FROM")
	if err != nil {
		return c, nil, err
	}

	if fs == nil {
		fs = flag.NewFlagSet(name, flag.ContinueOnError)
	}
	fs.StringVar(&c.DBURL, "db", c.DBURL, "database URL: empty for SQLite in the data directory, or postgres://…")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory (SQLite file, evidence files)")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL, e.g. https://kinerja.example.go.id")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	fs.StringVar(&c.TimeZone, "tz", c.TimeZone, "office time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)")
	fs.StringVar(&c.Lang, "lang", c.Lang, "default interface language: id or en")
	fs.Int64Var(&c.MaxUpload, "max-upload", c.MaxUpload, "largest evidence file in bytes")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated addresses or CIDR networks of proxies whose X-Forwarded-For is believed")
	fs.Int64Var(&c.MaxActive, "max-active", c.MaxActive, "requests worked on at once, the rest queue in order (0: automatic, -1: no limit)")
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	if err := c.Validate(); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// Validate checks the configuration and fills derived fields.
func (c *Config) Validate() error {
	var errs []error
	if c.DBURL != "" && !c.IsPostgres() {
		errs = append(errs, fmt.Errorf("database URL must be empty (SQLite) or start with postgres://"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("data directory must not be empty"))
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base URL %q must be an absolute http(s) URL", c.BaseURL))
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q: use text or json", c.LogFormat))
	}
	if c.Lang != "id" && c.Lang != "en" {
		errs = append(errs, fmt.Errorf("language %q: use id or en", c.Lang))
	}
	if loc, err := time.LoadLocation(c.TimeZone); err != nil {
		errs = append(errs, fmt.Errorf("time zone %q: %v", c.TimeZone, err))
	} else {
		c.Location = loc
	}
	if c.MaxUpload < 1024 {
		errs = append(errs, fmt.Errorf("max upload %d bytes is too small", c.MaxUpload))
	}
	c.Proxies = nil
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("trusted proxy %q: give an address (10.0.0.5) or a network (10.0.0.0/8)", f))
				continue
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		c.Proxies = append(c.Proxies, p.Masked())
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("KINERJA_METRICS_TOKEN is too short: use at least 16 random characters"))
	}
	if err := checkPprofAddr(c.PprofAddr); err != nil {
		errs = append(errs, err)
	}
	if c.S3Endpoint != "" && c.S3Bucket == "" {
		errs = append(errs, errors.New("KINERJA_S3_BUCKET is required with KINERJA_S3_ENDPOINT"))
	}
	if err := c.normalizeS3Endpoint(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkPprofAddr accepts only a loopback host: profiles show code paths,
// timings and memory, which are for the operator of the machine alone.
func checkPprofAddr(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	ip, perr := netip.ParseAddr(host)
	if err != nil || (host != "localhost" && (perr != nil || !ip.IsLoopback())) {
		return fmt.Errorf("KINERJA_PPROF_ADDR %q: give a loopback address and port, e.g. 127.0.0.1:6061", addr)
	}
	return nil
}

// normalizeS3Endpoint reduces the endpoint to the host[:port] the S3 client
// takes. A URL is accepted as people copy it from the storage's console:
// https:// turns TLS on, and a path is refused since the bucket is named
// separately.
func (c *Config) normalizeS3Endpoint() error {
	ep := c.S3Endpoint
	if ep == "" {
		return nil
	}
	if scheme, rest, ok := strings.Cut(ep, "://"); ok {
		switch strings.ToLower(scheme) {
		case "https":
			c.S3UseSSL = true
		case "http":
			if c.S3UseSSL {
				return fmt.Errorf("KINERJA_S3_ENDPOINT %q is http:// but KINERJA_S3_USE_SSL is true: use https:// or drop one of them", c.S3Endpoint)
			}
		default:
			return fmt.Errorf("KINERJA_S3_ENDPOINT %q: use host:port, http:// or https://", c.S3Endpoint)
		}
		ep = strings.TrimSuffix(rest, "/")
	}
	if ep == "" || strings.ContainsAny(ep, "/?#@ ") {
		return fmt.Errorf("KINERJA_S3_ENDPOINT %q: give the storage's host and port, e.g. minio.example.go.id:9000 or https://s3.ap-southeast-3.amazonaws.com; the bucket goes in KINERJA_S3_BUCKET", c.S3Endpoint)
	}
	c.S3Endpoint = ep
	return nil
}

// ActiveRequests is the number of requests the server works on at once, or
// 0 for no limit.
func (c *Config) ActiveRequests() int {
	switch {
	case c.MaxActive < 0:
		return 0
	case c.MaxActive > 0:
		return int(c.MaxActive)
	}
	if c.IsPostgres() {
		return activePerProcessor * runtime.GOMAXPROCS(0)
	}
	return activePerProcessorSQLite * runtime.GOMAXPROCS(0)
}

// activePerProcessor leaves room for requests that wait on PostgreSQL, in
// another process or on another machine, while others use the processors.
// SQLite's queries run on the server's own processors and its writes wait
// in a queue of their own, so fewer at once finish sooner (measured in
// docs/benchmarks.md, "Admission").
const (
	activePerProcessor       = 4
	activePerProcessorSQLite = 2
)

// IsPostgres reports whether the database is PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DBURL, "postgres://") || strings.HasPrefix(c.DBURL, "postgresql://")
}

// SQLitePath is the database file used when no database URL is set.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "kinerja.db") }

// SlogLevel returns the configured log level.
func (c *Config) SlogLevel() slog.Level {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	return lvl
}

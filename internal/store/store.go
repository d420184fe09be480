// Package store keeps Kinerja's data in SQLite or PostgreSQL with
// hand-written SQL in a subset both engines understand.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"

	"github.com/kinerja/kinerja/internal/domain"
)

//go:embed migrations
var migrations embed.FS

// Engine names the database engine.
type Engine string

// Supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is the data access layer. A Store made by InTx runs every method in
// that transaction.
type Store struct {
	db     *sql.DB
	q      querier
	engine Engine
	inTx   bool
	now    func() time.Time // clock of the timestamps it writes; time.Now when nil
	// writer queues SQLite's transactions in Go: SQLite has one writer,
	// and a transaction that finds it busy sleeps in the busy handler
	// (1, 2, 5, 10… ms) instead of starting when the lock is free.
	writer chan struct{}
}

// WithClock returns a store sharing s's database whose written timestamps
// (created_at, updated_at…) come from now, so they agree with the service's
// clock (a fixed day in tests, a past day in the demo's history).
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// timeNow is the time written into created/updated timestamps.
func (s *Store) timeNow() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// Open connects to the database named by dbURL (empty: SQLite file at sqlitePath)
// and checks that it answers.
func Open(ctx context.Context, dbURL, sqlitePath string) (*Store, error) {
	var (
		db     *sql.DB
		engine Engine
		err    error
	)
	if dbURL == "" {
		if err := os.MkdirAll(filepath.Dir(sqlitePath), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		engine = SQLite
		db, err = sql.Open("sqlite", sqliteDSN(sqlitePath))
		if err != nil {
			return nil, err
		}
		// SQLite allows one writer; immediate transactions queue on busy_timeout
		// instead of failing, and a small pool keeps readers concurrent.
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		db.SetConnMaxIdleTime(0)
	} else {
		engine = Postgres
		db, err = sql.Open("pgx", dbURL)
		if err != nil {
			return nil, fmt.Errorf("database URL: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach the %s database: %w", engine, redactErr(err))
	}
	st := &Store{db: db, q: db, engine: engine}
	if engine == SQLite {
		st.q = newStmtCache(db)
		st.writer = make(chan struct{}, 1)
	}
	return st, nil
}

// busyWait is how long a transaction waits for SQLite's writer, as its
// busy_timeout.
const busyWait = 10 * time.Second

func sqliteDSN(path string) string {
	v := url.Values{}
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "synchronous(NORMAL)")
	v.Set("_time_format", "sqlite")
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
}

// redactErr keeps connection errors from echoing passwords.
func redactErr(err error) error {
	s := err.Error()
	if i := strings.Index(s, "://"); i >= 0 {
		if j := strings.Index(s[i:], "@"); j >= 0 {
			s = s[:i+3] + "…" + s[i+j:]
		}
	}
	return errors.New(s)
}

// Engine returns the database engine in use.
func (s *Store) Engine() Engine { return s.engine }

// DB exposes the pool for health checks and the session store.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the pool.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Migrate applies every pending migration.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationVersion returns the current schema version.
func (s *Store) MigrationVersion(ctx context.Context) (int64, error) {
	p, err := s.migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

func (s *Store) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, s.db, sub)
}

// InTx runs fn in one transaction; fn's Store runs every query in it.
// The transaction commits when fn returns nil and rolls back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx {
		return fn(s)
	}
	if s.writer != nil {
		t := time.NewTimer(busyWait)
		select {
		case s.writer <- struct{}{}:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("store: begin: %w", ctx.Err())
		case <-t.C:
			return errors.New("store: begin: the database stayed busy for 10s")
		}
		defer func() { <-s.writer }()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	ts := &Store{db: s.db, q: tx, engine: s.engine, inTx: true, now: s.now}
	if err := fn(ts); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

// InTransaction reports whether the store runs inside a transaction.
func (s *Store) InTransaction() bool { return s.inTx }

// mapErr turns driver errors into domain errors where a caller can act on them.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "SQLSTATE 23505"):
		return fmt.Errorf("%w: %s", domain.ErrConflict, msg)
	}
	return err
}

// wrap adds context to an error and maps it to a domain error.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: "+format+": %w", append(args, mapErr(err))...)
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// nullDate stores a calendar date (zero: NULL).
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return domain.Day(t)
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// placeholders returns "$start, $start+1, …" for n arguments.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}

// Package storetest opens real, migrated, empty databases for tests: a
// SQLite file always, and PostgreSQL when KINERJA_TEST_POSTGRES_URL is set
// (each test gets its own schema, dropped afterwards).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinerja/kinerja/internal/store"
)

// PostgresURL returns the PostgreSQL URL for tests ("" when unset).
func PostgresURL() string { return os.Getenv("KINERJA_TEST_POSTGRES_URL") }

// Engines lists the engines tests run on.
func Engines() []store.Engine {
	if PostgresURL() != "" {
		return []store.Engine{store.SQLite, store.Postgres}
	}
	return []store.Engine{store.SQLite}
}

// Each runs fn as a subtest on every available engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Open returns a fresh migrated database of the given engine, closed when the test ends.
func Open(t testing.TB, engine store.Engine) *store.Store {
	t.Helper()
	ctx := context.Background()
	dbURL, path := URL(t, engine)
	s, err := store.Open(ctx, dbURL, path)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return s
}

// URL prepares an empty database and returns what store.Open needs to reach
// it: a PostgreSQL URL with its own schema, or a SQLite file path.
func URL(t testing.TB, engine store.Engine) (dbURL, sqlitePath string) {
	t.Helper()
	if engine == store.SQLite {
		return "", filepath.Join(t.TempDir(), "kinerja.db")
	}
	base := PostgresURL()
	if base == "" {
		t.Skip("KINERJA_TEST_POSTGRES_URL not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), ""
}

package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// columns lists "table.column" of every application table.
func columns(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	var q string
	if s.Engine() == store.SQLite {
		q = `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	} else {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`
	}
	rows, err := s.DB().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func TestMigrationsMatchAcrossEngines(t *testing.T) {
	if storetest.PostgresURL() == "" {
		t.Skip("KINERJA_TEST_POSTGRES_URL not set: comparing the engines needs PostgreSQL")
	}
	lite := storetest.Open(t, store.SQLite)
	pg := storetest.Open(t, store.Postgres)
	a, b := columns(t, lite), columns(t, pg)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("schemas differ\nsqlite:   %v\npostgres: %v", diff(a, b), diff(b, a))
	}
	va, _ := lite.MigrationVersion(context.Background())
	vb, _ := pg.MigrationVersion(context.Background())
	if va != vb {
		t.Errorf("versions differ: sqlite %d, postgres %d", va, vb)
	}
}

func TestMigrationsRunTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if len(columns(t, s)) == 0 {
			t.Fatal("no tables")
		}
	})
}

// diff returns what a has that b lacks.
func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return append(out, fmt.Sprintf("(%d vs %d)", len(a), len(b)))
}

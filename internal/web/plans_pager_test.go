package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/web/webtest"
)

// A large office's plan list comes a hundred rows at a time, with every
// row on one page to print.
func TestPlanListPages(t *testing.T) {
	t.Parallel()
	f := webtest.NewLarge(t, 250)
	c := f.Login(t, "gen"+strconv.FormatInt(f.Generated.Offices[0].Head, 10))
	rows := func(body string) int { return strings.Count(body, `<td class="stack-head">`) }
	all := rows(c.Get("/plans?all=1").Body)
	if all < 201 || all > 249 {
		t.Fatalf("all: %d rows", all)
	}
	first := c.Get("/plans")
	if first.Status != 200 || rows(first.Body) != 100 || !strings.Contains(first.Body, "Halaman 1 dari 3") {
		t.Fatalf("page 1: %d, %d rows", first.Status, rows(first.Body))
	}
	last := c.Get("/plans?page=3")
	if n := rows(last.Body); n != all-200 || !strings.Contains(last.Body, "Halaman 3 dari 3") {
		t.Errorf("page 3: %d rows of %d", n, all)
	}
	if n := rows(c.Get("/plans?page=99").Body); n != all-200 {
		t.Errorf("a page past the end shows the last: %d rows", n)
	}
}

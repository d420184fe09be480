package web_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

var pagerLink = regexp.MustCompile(`<div class="pager">(?s:.*?)<a href="([^"]+)">[^<]*→</a>`)

// nextPage returns the target of a page's "next" link ("" when there is none).
func nextPage(body string) string {
	if m := pagerLink.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

var rowLink = regexp.MustCompile(`<td><a href="/employees/\d+">([^<]+)</a>`)

// The next page of a search keeps the search, whatever it contains.
func TestEmployeeSearchPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	for i := range 60 {
		name := fmt.Sprintf("Budi & Ani+%02d", i)
		if _, err := f.Service.CreateEmployee(context.Background(), service.SystemActor(), service.EmployeeInput{NIP: freshNIP(), Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	c := f.Login(t, username(f.Office, staff))
	first := c.Get("/employees?q=" + "budi+%26+ani%2B")
	rows := rowLink.FindAllStringSubmatch(first.Body, -1)
	if len(rows) != 50 {
		t.Fatalf("first page has %d rows, want 50", len(rows))
	}
	next := nextPage(first.Body)
	if next == "" {
		t.Fatal("no link to the next page")
	}
	second := c.Get("/employees" + next)
	rows = rowLink.FindAllStringSubmatch(second.Body, -1)
	if len(rows) != 10 {
		t.Fatalf("the next page (%s) has %d rows, want the last 10 of the search", next, len(rows))
	}
	for _, r := range rows {
		if !strings.HasPrefix(html.UnescapeString(r[1]), "Budi & Ani+") {
			t.Errorf("the next page lists %q", r[1])
		}
	}
	if !strings.Contains(second.Body, `value="Budi &amp; Ani&#43;"`) && !strings.Contains(second.Body, `value="budi &amp; ani&#43;"`) {
		t.Error("the search box of the next page lost the search")
	}
}

// The older events of a filtered audit log stay filtered.
func TestAuditLogPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	for i := range 60 {
		if _, _, err := f.Service.IssueToken(context.Background(), service.SystemActor(), "admin", fmt.Sprint("token ", i)); err != nil {
			t.Fatal(err)
		}
	}
	c := f.Login(t, "pemeriksa")
	first := c.Get("/audit?entity=&action=token.&from=2000-01-01")
	next := nextPage(first.Body)
	if next == "" {
		t.Fatal("no link to older events")
	}
	older := c.Get("/audit" + next)
	actions := regexp.MustCompile(`<td class="mono">([^<]+)</td>`).FindAllStringSubmatch(older.Body, -1)
	if len(actions) == 0 {
		t.Fatalf("no older events behind %s", next)
	}
	for _, a := range actions {
		if !strings.HasPrefix(a[1], "token.") {
			t.Errorf("the older page (%s) shows %s: the filter was lost", next, a[1])
		}
	}
	if !strings.Contains(older.Body, `value="token."`) || !strings.Contains(older.Body, `value="2000-01-01"`) {
		t.Error("the filter form of the older page is empty")
	}
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// No request, however odd its IDs or form, makes the server fail: every
// route answers a 2xx, 3xx or 4xx to unknown and malformed IDs, empty forms
// and forms of junk.
func TestNoServerErrors(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	c := f.Chart(t)
	staffID := f.Office.Staff["VERA"][0]
	staffPos, _ := c.Primary(staffID)
	hist, err := f.Store.ListAssignmentsOfEmployee(ctx, staffID)
	if err != nil {
		t.Fatal(err)
	}
	user, _ := f.Store.GetUserByEmployee(ctx, staffID)
	real := func(path string) string {
		switch {
		case strings.HasPrefix(path, "/org/units/"):
			return strconv.FormatInt(f.Office.Sections["VERA"], 10)
		case strings.HasPrefix(path, "/org/positions/"):
			return strconv.FormatInt(staffPos.ID, 10)
		case strings.HasPrefix(path, "/employees/"):
			return strconv.FormatInt(staffID, 10)
		case strings.HasPrefix(path, "/users/"):
			return strconv.FormatInt(user.ID, 10)
		}
		return "1"
	}
	junk := url.Values{}
	for _, k := range []string{"parent_id", "code", "name", "kind", "unit_id", "title", "reports_to_id", "nip", "email", "grade", "active",
		"position_id", "start_date", "end_date", "acting", "note", "username", "password", "password2", "role", "employee_id", "lang",
		"old_password", "new_password", "new_password2", "token", "next", "back"} {
		junk.Set(k, "x\x00<script>'\"")
	}
	big := url.Values{"name": {strings.Repeat("a", 100000)}, "nip": {strings.Repeat("1", 5000)}, "code": {strings.Repeat("b", 5000)}}
	for _, who := range []string{"admin", username(f.Office, staff)} {
		cl := f.Login(t, who)
		for _, pattern := range registeredRoutes(t) {
			method, path, ok := strings.Cut(pattern, " ")
			if !ok || path == "/logout" {
				continue
			}
			path = strings.TrimSuffix(strings.ReplaceAll(path, "{$}", ""), "/")
			if path == "" {
				path = "/"
			}
			for _, id := range []string{real(path), "999999", "-1", "abc"} {
				p := strings.NewReplacer("{id}", id, "{aid}", strconv.FormatInt(hist[0].ID+1000, 10)).Replace(path)
				forms := []url.Values{{}, junk}
				if id == real(path) && method == http.MethodPost {
					forms = append(forms, big)
				}
				for _, form := range forms {
					var r *webtest.Response
					if method == http.MethodGet {
						r = cl.Get(p + "?" + form.Encode())
					} else {
						r = cl.PostForm(p, form)
					}
					if r.Status >= 500 {
						t.Errorf("%s %s %s as %s: %d%s", method, p, shorten(form.Encode()), who, r.Status, excerpt(r))
					}
				}
			}
		}
	}
	// A form larger than the limit is refused as too large, not read.
	r := f.Login(t, "admin").PostForm("/org/units/new", url.Values{"name": {strings.Repeat("a", 2<<20)}})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB form: %d, want 413", r.Status)
	}
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

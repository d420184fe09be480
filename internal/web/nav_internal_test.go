package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// menuOutline writes a menu as text: links by address, groups as
// name[links], the current link with a *, counts as =n.
func menuOutline(m navMenu) string {
	item := func(it navItem) string {
		s := it.Href
		if it.Active {
			s += "*"
		}
		if it.Count != 0 {
			s += "=" + strconv.Itoa(it.Count)
		}
		return s
	}
	var parts []string
	for _, e := range m.Main {
		if e.Group == "" {
			parts = append(parts, item(e.navItem))
			continue
		}
		var in []string
		for _, it := range e.Items {
			in = append(in, item(it))
		}
		g := e.Group
		if e.Active {
			g += "*"
		}
		if e.Count != 0 {
			g += "=" + strconv.Itoa(e.Count)
		}
		parts = append(parts, g+"["+strings.Join(in, " ")+"]")
	}
	if m.Notif != nil {
		parts = append(parts, "| "+item(*m.Notif))
	}
	return strings.Join(parts, " ")
}

func actorAs(role domain.Role, employee int64) *authz.Actor {
	return &authz.Actor{User: domain.User{Role: role, EmployeeID: employee, Active: true}}
}

// Each role's menu: the groups and their entries, each a page the role may
// open (the permission matrix and TestNavigationLinksOpen check that).
func TestNavForEachRole(t *testing.T) {
	for _, tc := range []struct {
		who   string
		actor *authz.Actor
		facts navFacts
		want  string
	}{
		{"head of office", actorAs(domain.RoleEmployee, 1), navFacts{Head: true, Team: true},
			"/* /inbox planning[/strategy /plans /cascade] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /team] /org | /notifications"},
		{"section head", actorAs(domain.RoleEmployee, 2), navFacts{Team: true},
			"/* /inbox planning[/strategy /plans /cascade] reporting[/realisation /reports /nko /scores] /team /org | /notifications"},
		{"staff", actorAs(domain.RoleEmployee, 3), navFacts{},
			"/* /inbox planning[/strategy /plans /cascade] reporting[/realisation /reports /nko /scores] /org | /notifications"},
		{"pengelola kinerja", actorAs(domain.RolePengelola, 4), navFacts{},
			"/* /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"pengelola kinerja who supervises", actorAs(domain.RolePengelola, 4), navFacts{Team: true},
			"/* /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /team /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"admin", actorAs(domain.RoleAdmin, 0), navFacts{},
			"/* planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /users /audit] | /notifications"},
		{"admin who is an employee", actorAs(domain.RoleAdmin, 5), navFacts{},
			"/* /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /users /audit] | /notifications"},
		{"pemeriksa", actorAs(domain.RolePemeriksa, 0), navFacts{},
			"/* planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko] monitoring[/dashboard /console /overview] admin[/org /years /audit] | /notifications"},
		// The chart's facts open nothing to an account without an employee.
		{"pemeriksa with stray facts", actorAs(domain.RolePemeriksa, 0), navFacts{Team: true},
			"/* planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko] monitoring[/dashboard /console /overview] admin[/org /years /audit] | /notifications"},
	} {
		t.Run(tc.who, func(t *testing.T) {
			if got := menuOutline(navFor(tc.actor, tc.facts, "/")); got != tc.want {
				t.Errorf("menu\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	if m := navFor(nil, navFacts{}, "/"); len(m.Main) != 0 || m.Notif != nil {
		t.Errorf("a visitor has a menu: %s", menuOutline(m))
	}
	// An inactive account holds no role's rights.
	off := actorAs(domain.RolePengelola, 0)
	off.User.Active = false
	if got, want := menuOutline(navFor(off, navFacts{}, "/")), "/* /org | /notifications"; got != want {
		t.Errorf("inactive account: %s, want %s", got, want)
	}
}

// Every label is a message key, and every group has a label and a name.
func TestNavLabels(t *testing.T) {
	m := navFor(actorAs(domain.RoleAdmin, 5), navFacts{Head: true, Team: true}, "/")
	m.each(func(it *navItem) {
		if it.Label == "" || strings.ContainsAny(it.Label, " ") {
			t.Errorf("%s: label %q", it.Href, it.Label)
		}
	})
	for _, e := range m.Main {
		if e.Group != "" && (e.Label == "" || e.Href != "") {
			t.Errorf("group %q: label %q, href %q", e.Group, e.Label, e.Href)
		}
	}
}

// The page shown marks its link and the group holding it; pages below a
// link's address count as that link, except below the home page.
func TestNavMarksTheCurrentPage(t *testing.T) {
	a := actorAs(domain.RolePengelola, 4)
	for _, tc := range []struct{ path, want string }{
		{"/", "/* /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"/plans/12", "/ /inbox planning*[/strategy /plans* /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"/console", "/ /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring*[/dashboard /console* /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"/notifications", "/ /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications*"},
		{"/planscope", "/ /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
		{"/account", "/ /inbox planning[/strategy /plans /cascade /k3] reporting[/realisation /reports /nko /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications"},
	} {
		if got := menuOutline(navFor(a, navFacts{}, tc.path)); got != tc.want {
			t.Errorf("on %s\n got %s\nwant %s", tc.path, got, tc.want)
		}
	}
	// A group shown as a single link is marked as that link.
	if got, want := menuOutline(navFor(actorAs(domain.RoleEmployee, 2), navFacts{Team: true}, "/team")),
		"/ /inbox planning[/strategy /plans /cascade] reporting[/realisation /reports /nko /scores] /team* /org | /notifications"; got != want {
		t.Errorf("on /team\n got %s\nwant %s", got, want)
	}
}

// Counts go on their link wherever it is, and add up on its group.
func TestNavCounts(t *testing.T) {
	m := navFor(actorAs(domain.RolePengelola, 4), navFacts{}, "/realisation")
	m.setCount("/inbox", 8)
	m.setCount("/notifications", 87)
	m.setCount("/reports", 2)
	m.setCount("/nko", 1)
	m.setCount("/users", 5) // not in this menu: nothing changes
	want := "/ /inbox=8 planning[/strategy /plans /cascade /k3] reporting*=3[/realisation* /reports=2 /nko=1 /scores] monitoring[/dashboard /console /overview] admin[/org /years /rule-sets /audit] | /notifications=87"
	if got := menuOutline(m); got != want {
		t.Errorf("counts\n got %s\nwant %s", got, want)
	}
	m.setCount("/reports", 0)
	if got := m.Main[3].Count; got != 1 {
		t.Errorf("the reporting group counts %d after a count went to zero, want 1", got)
	}
	if m.link("/users") != nil || m.link("/nko") == nil || m.link("/notifications") != m.Notif {
		t.Error("link finds the wrong entries")
	}
}

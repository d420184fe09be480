package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

const ip = "198.51.100.7"

func TestLogin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		u, err := o.svc.Login(ctx, "  Staff.A ", password, ip)
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if u.ID != o.A.StaffActor.User.ID || u.EmployeeID != o.A.Staff.ID {
			t.Errorf("logged in as %+v", u)
		}
		got, _ := s.GetUser(ctx, u.ID)
		if !got.LastLoginAt.Equal(o.clock.Now()) {
			t.Errorf("last login %v, want %v", got.LastLoginAt, o.clock.Now())
		}

		_, errWrong := o.svc.Login(ctx, "staff.a", "wrong password", ip)
		_, errUnknown := o.svc.Login(ctx, "nobody", password, ip)
		_, errEmpty := o.svc.Login(ctx, "", "", ip)
		for name, err := range map[string]error{"wrong password": errWrong, "unknown user": errUnknown, "empty": errEmpty} {
			if !errors.Is(err, service.ErrBadCredentials) {
				t.Errorf("%s: %v, want ErrBadCredentials", name, err)
			}
		}
		if errWrong != errUnknown {
			t.Errorf("a wrong password (%v) and an unknown user (%v) answer differently", errWrong, errUnknown)
		}
	})
}

func TestLoginThrottlesPerAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		for i := range 5 {
			if _, err := o.svc.Login(ctx, "staff.a", "wrong password", fmt.Sprintf("203.0.113.%d", i)); !errors.Is(err, service.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Even the right password is refused now, from any address, and the refusal says why.
		if _, err := o.svc.Login(ctx, "staff.a", password, "192.0.2.99"); !errors.Is(err, service.ErrThrottled) {
			t.Fatalf("sixth attempt with the right password: %v, want ErrThrottled", err)
		}
		if _, err := o.svc.Login(ctx, "STAFF.A", password, ip); !errors.Is(err, service.ErrThrottled) {
			t.Errorf("another spelling of the name escapes the throttle: %v", err)
		}
		// Other accounts are not affected.
		if _, err := o.svc.Login(ctx, "staff.b", password, ip); err != nil {
			t.Errorf("another account: %v", err)
		}
		// After the window the account opens again.
		o.clock.Add(16 * time.Minute)
		if _, err := o.svc.Login(ctx, "staff.a", password, ip); err != nil {
			t.Errorf("after the window: %v", err)
		}
		// A successful login clears the failures of the account.
		for range 4 {
			_, _ = o.svc.Login(ctx, "staff.a", "wrong password", ip)
		}
		if _, err := o.svc.Login(ctx, "staff.a", password, ip); err != nil {
			t.Fatal(err)
		}
		for range 4 {
			_, _ = o.svc.Login(ctx, "staff.a", "wrong password", ip)
		}
		if _, err := o.svc.Login(ctx, "staff.a", password, ip); err != nil {
			t.Errorf("failures before a successful login still count: %v", err)
		}
		// Old failures are pruned.
		o.clock.Add(time.Hour)
		if err := o.svc.PruneLoginFailures(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountLoginFailures(ctx, "ip:"+ip, time.Time{}); n != 0 {
			t.Errorf("%d failures left after pruning", n)
		}
	})
}

func TestLoginThrottlesPerAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		const attacker = "203.0.113.66"
		// Many names from one address, each below the per-account limit.
		for i := range 30 {
			if _, err := o.svc.Login(ctx, fmt.Sprintf("guess%d", i), "wrong password", attacker); !errors.Is(err, service.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := o.svc.Login(ctx, "staff.a", password, attacker); !errors.Is(err, service.ErrThrottled) {
			t.Errorf("login from the throttled address: %v, want ErrThrottled", err)
		}
		if _, err := o.svc.Login(ctx, "staff.a", password, "192.0.2.1"); err != nil {
			t.Errorf("login from another address: %v", err)
		}
	})
}

func TestDisabledAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		u := o.A.StaffActor.User
		tok, _, err := o.svc.IssueToken(ctx, o.A.StaffActor, u.Username, "ci")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.UpdateUser(ctx, o.admin, u.ID, service.UserInput{Username: u.Username, Role: u.Role, EmployeeID: u.EmployeeID, Lang: u.Lang, Active: false}); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Login(ctx, u.Username, password, ip); !errors.Is(err, service.ErrBadCredentials) {
			t.Errorf("disabled account logs in: %v", err)
		}
		if _, err := o.svc.Actor(ctx, u.ID, ip); !errors.Is(err, domain.ErrUnauthorized) {
			t.Errorf("Actor of a disabled account: %v", err)
		}
		if _, err := o.svc.ActorForToken(ctx, tok, ip); !errors.Is(err, domain.ErrUnauthorized) {
			t.Errorf("token of a disabled account: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		a := o.A.StaffActor
		const newPassword = "a much better passphrase"
		err := o.svc.ChangePassword(ctx, a, "not my password", newPassword)
		fieldError(t, err, "old_password", "password.wrong_old")
		err = o.svc.ChangePassword(ctx, a, password, "short")
		fieldError(t, err, "new_password", "password.too_short")
		err = o.svc.ChangePassword(ctx, a, password, "my name is staff.a!")
		fieldError(t, err, "new_password", "password.contains_username")
		if _, err := o.svc.Login(ctx, "staff.a", password, ip); err != nil {
			t.Fatalf("refused changes changed the password: %v", err)
		}
		if err := o.svc.ChangePassword(ctx, a, password, newPassword); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Login(ctx, "staff.a", password, ip); !errors.Is(err, service.ErrBadCredentials) {
			t.Errorf("the old password still works: %v", err)
		}
		if _, err := o.svc.Login(ctx, "staff.a", newPassword, ip); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		staff := o.A.StaffActor
		tok, rec, err := o.svc.IssueToken(ctx, staff, "staff.a", "  laptop ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, "knj_") || len(tok) != 44 || rec.Name != "laptop" || rec.Hash == tok {
			t.Errorf("token %q, record %+v", tok, rec)
		}
		stored, err := s.GetAPITokenByHash(ctx, auth.TokenHash(tok))
		if err != nil || stored.ID != rec.ID {
			t.Fatalf("the token is not stored by its hash: %v", err)
		}
		a, err := o.svc.ActorForToken(ctx, tok, ip)
		if err != nil {
			t.Fatal(err)
		}
		if a.User.ID != staff.User.ID || a.Employee.ID != o.A.Staff.ID || a.IP != ip {
			t.Errorf("token actor %+v", a)
		}
		toks, err := o.svc.ListTokens(ctx, staff, staff.User.ID)
		if err != nil || len(toks) != 1 || toks[0].LastUsedAt.IsZero() {
			t.Errorf("tokens %+v, %v; want one, marked used", toks, err)
		}
		for _, bad := range []string{"", "knj_0000000000000000000000000000000000000000", tok + "x", strings.ToUpper(tok)} {
			if _, err := o.svc.ActorForToken(ctx, bad, ip); !errors.Is(err, domain.ErrUnauthorized) {
				t.Errorf("token %q: %v", bad, err)
			}
		}

		// Only admins act on the tokens of others.
		if _, _, err := o.svc.IssueToken(ctx, staff, "head.a", "x"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("staff issuing a token for the head: %v", err)
		}
		if _, err := o.svc.ListTokens(ctx, o.A.HeadActor, staff.User.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("head listing the staff's tokens: %v", err)
		}
		if err := o.svc.RevokeToken(ctx, o.A.HeadActor, staff.User.ID, rec.ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("head revoking the staff's token: %v", err)
		}
		if err := o.svc.RevokeToken(ctx, o.A.HeadActor, o.A.HeadActor.User.ID, rec.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("revoking someone else's token as one's own: %v", err)
		}
		if _, _, err := o.svc.IssueToken(ctx, staff, "nobody", "x"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("token for an unknown user: %v", err)
		}
		adminTok, _, err := o.svc.IssueToken(ctx, o.admin, "head.a", "")
		if err != nil {
			t.Fatalf("admin issuing a token for the head: %v", err)
		}
		if a, err := o.svc.ActorForToken(ctx, adminTok, ip); err != nil || a.User.Username != "head.a" {
			t.Errorf("admin-issued token acts as %q, %v", a.User.Username, err)
		}

		if err := o.svc.RevokeToken(ctx, staff, staff.User.ID, rec.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.ActorForToken(ctx, tok, ip); !errors.Is(err, domain.ErrUnauthorized) {
			t.Errorf("revoked token: %v, want ErrUnauthorized", err)
		}
	})
}

func TestUserValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		in := service.UserInput{Username: "STAFF.A", Password: password, Role: domain.RoleEmployee, Active: true}
		_, err := o.svc.CreateUser(ctx, o.admin, in)
		fieldError(t, err, "username", "user.username_taken")

		in = service.UserInput{Username: "second.account", Password: password, Role: domain.RoleEmployee, EmployeeID: o.A.Staff.ID, Active: true}
		_, err = o.svc.CreateUser(ctx, o.admin, in)
		fieldError(t, err, "employee_id", "user.employee_taken")

		in = service.UserInput{Username: "x y", Password: "short", Role: "root", Lang: "fr", EmployeeID: 999999}
		_, err = o.svc.CreateUser(ctx, o.admin, in)
		fieldError(t, err, "username", "user.bad_username")
		fieldError(t, err, "password", "password.too_short")
		fieldError(t, err, "role", "err.choose")
		fieldError(t, err, "lang", "err.choose")
		fieldError(t, err, "employee_id", "err.not_found")

		// An admin may not lock themself out.
		me := o.admin.User
		_, err = o.svc.UpdateUser(ctx, o.admin, me.ID, service.UserInput{Username: me.Username, Role: domain.RoleEmployee, Lang: "id", Active: true})
		if !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("admin demoting themself: %v", err)
		}
		_, err = o.svc.UpdateUser(ctx, o.admin, me.ID, service.UserInput{Username: me.Username, Role: domain.RoleAdmin, Lang: "id", Active: false})
		if !errors.Is(err, domain.ErrInvalidState) {
			t.Errorf("admin disabling themself: %v", err)
		}

		// An update with a new password changes it; without one keeps it.
		u := o.A.HeadActor.User
		if _, err := o.svc.UpdateUser(ctx, o.admin, u.ID, service.UserInput{Username: u.Username, Role: u.Role, EmployeeID: u.EmployeeID, Lang: "en", Active: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Login(ctx, u.Username, password, ip); err != nil {
			t.Errorf("an update without a password changed it: %v", err)
		}
		if _, err := o.svc.UpdateUser(ctx, o.admin, u.ID, service.UserInput{Username: u.Username, Password: "another long one", Role: u.Role, EmployeeID: u.EmployeeID, Lang: "en", Active: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.Login(ctx, u.Username, "another long one", ip); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
	})
}

func TestSetLanguage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		a := o.A.StaffActor
		fieldError(t, o.svc.SetLanguage(ctx, a, "fr"), "lang", "err.choose")
		if err := o.svc.SetLanguage(ctx, a, "en"); err != nil {
			t.Fatal(err)
		}
		u, _ := s.GetUser(ctx, a.User.ID)
		if u.Lang != "en" || u.Role != domain.RoleEmployee || u.EmployeeID != o.A.Staff.ID || !u.Active {
			t.Errorf("after switching language the account is %+v", u)
		}
	})
}

func TestSetupToken(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(s)
		tok, err := svc.EnsureSetupToken(ctx)
		if err != nil || len(tok) < 20 {
			t.Fatalf("EnsureSetupToken on an empty database = %q, %v", tok, err)
		}
		for _, bad := range []string{"", "wrong", tok + "x"} {
			if ok, err := svc.SetupTokenValid(ctx, bad); ok || err != nil {
				t.Errorf("SetupTokenValid(%q) = %v, %v", bad, ok, err)
			}
		}
		if ok, err := svc.SetupTokenValid(ctx, tok); !ok || err != nil {
			t.Fatalf("SetupTokenValid(token) = %v, %v", ok, err)
		}
		// A new token (the server restarted) replaces the old one.
		tok2, err := svc.EnsureSetupToken(ctx)
		if err != nil || tok2 == tok {
			t.Fatalf("second token %q, %v", tok2, err)
		}
		if ok, _ := svc.SetupTokenValid(ctx, tok); ok {
			t.Error("the replaced token still opens the setup page")
		}
		if _, err := svc.SetupFirstAdmin(ctx, "wrong", "root", password); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("setup with a wrong token: %v", err)
		}
		_, err = svc.SetupFirstAdmin(ctx, tok2, "root", "short")
		fieldError(t, err, "password", "password.too_short")
		if ok, _ := svc.SetupTokenValid(ctx, tok2); !ok {
			t.Error("a refused setup used up the token")
		}

		u, err := svc.SetupFirstAdmin(ctx, tok2, " Root ", password)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "root" || u.Role != domain.RoleAdmin || !u.Active {
			t.Errorf("first admin %+v", u)
		}
		if _, err := svc.SetupFirstAdmin(ctx, tok2, "root2", password); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("second use of the setup token: %v", err)
		}
		if ok, _ := svc.SetupTokenValid(ctx, tok2); ok {
			t.Error("the token still opens the setup page after setup")
		}
		if tok3, err := svc.EnsureSetupToken(ctx); tok3 != "" || err != nil {
			t.Errorf("EnsureSetupToken with an account = %q, %v", tok3, err)
		}
		if n, _ := s.CountUsers(ctx); n != 1 {
			t.Errorf("%d accounts, want 1", n)
		}
		if _, err := svc.Login(ctx, "root", password, ip); err != nil {
			t.Errorf("the first admin cannot log in: %v", err)
		}
		ev := lastEvent(t, s)
		if ev.Action != "user.create_admin" || ev.ActorName != "system" {
			t.Errorf("setup recorded as %+v", ev)
		}
	})
}

// Pages name who did something by employee name, else by user name, read in
// one query whatever the repeats, zeros and unknown IDs among the IDs.
func TestUserNames(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		ids := []int64{o.A.StaffActor.User.ID, 0, o.admin.User.ID, o.A.StaffActor.User.ID, 999999, o.B.HeadActor.User.ID}
		got, err := o.svc.UserNames(ctx, o.A.StaffActor, ids)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{o.A.StaffActor.User.ID: "Staf A", o.admin.User.ID: "admin", o.B.HeadActor.User.ID: "Kepala B"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("names %v, want %v", got, want)
		}
		if got, err := o.svc.UserNames(ctx, o.A.StaffActor, nil); err != nil || len(got) != 0 {
			t.Errorf("no IDs: %v (%v)", got, err)
		}
		if _, err := o.svc.UserNames(ctx, authz.Actor{}, ids); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("signed out: %v, want forbidden", err)
		}
	})
}

// Tools act as an employee through the account linked to them.
func TestActorOfEmployee(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		a, err := o.svc.ActorOfEmployee(ctx, o.A.Head.ID, ip)
		if err != nil || a.User.ID != o.A.HeadActor.User.ID || a.Employee.ID != o.A.Head.ID || a.IP != ip {
			t.Errorf("actor of the head: %+v (%v)", a, err)
		}
		e := must[domain.Employee](t)(o.svc.CreateEmployeeIn(ctx, sys, service.EmployeeInput{NIP: nextNIP(), Name: "Tanpa Akun"},
			o.A.StaffPos.ID, day(2025, 1, 2)))
		if _, err := o.svc.ActorOfEmployee(ctx, e.ID, ip); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("employee without an account: %v, want not found", err)
		}
	})
}

package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// Login throttling: after this many failures within the window, further
// attempts for the account (or from the address) are refused until it passes.
const (
	loginWindow        = 15 * time.Minute
	maxFailuresPerUser = 5
	maxFailuresPerIP   = 30
	usernameMaxLength  = 64
	throttleScopeUser  = "user:"
	throttleScopeIP    = "ip:"
)

// ErrThrottled means too many failed logins; the caller should wait.
var ErrThrottled = errors.New("too many failed logins")

// ErrBadCredentials is the one answer for an unknown user, a wrong password
// and a disabled account, so that nothing about accounts leaks.
var ErrBadCredentials = errors.New("bad credentials")

// NormalizeUsername lower-cases and trims a user name.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Login checks a user name and password and returns the account.
func (s *Service) Login(ctx context.Context, username, password, ip string) (domain.User, error) {
	username = NormalizeUsername(username)
	s.dummyOnce.Do(func() { s.dummyHash, _ = auth.HashWith("dummy password for timing", s.pwp) })
	now := s.now()
	since := now.Add(-loginWindow)
	nu, err := s.store.CountLoginFailures(ctx, throttleScopeUser+username, since)
	if err != nil {
		return domain.User{}, err
	}
	ni, err := s.store.CountLoginFailures(ctx, throttleScopeIP+ip, since)
	if err != nil {
		return domain.User{}, err
	}
	if nu >= maxFailuresPerUser || ni >= maxFailuresPerIP {
		return domain.User{}, ErrThrottled
	}
	u, err := s.store.GetUserByUsername(ctx, username)
	if errors.Is(err, domain.ErrNotFound) {
		_ = auth.CheckPassword(password, s.dummyHash)
		return domain.User{}, s.loginFailed(ctx, username, ip)
	}
	if err != nil {
		return domain.User{}, err
	}
	if err := auth.CheckPassword(password, u.PasswordHash); err != nil || !u.Active {
		return domain.User{}, s.loginFailed(ctx, username, ip)
	}
	if err := s.store.ClearLoginFailures(ctx, throttleScopeUser+username); err != nil {
		return domain.User{}, err
	}
	if err := s.store.TouchLogin(ctx, u.ID, now); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

func (s *Service) loginFailed(ctx context.Context, username, ip string) error {
	now := s.now()
	if err := s.store.RecordLoginFailure(ctx, throttleScopeUser+username, now); err != nil {
		return err
	}
	if err := s.store.RecordLoginFailure(ctx, throttleScopeIP+ip, now); err != nil {
		return err
	}
	s.log.Info("login failed", "user", username, "ip", ip)
	return ErrBadCredentials
}

// PruneLoginFailures forgets failures older than the throttling window.
func (s *Service) PruneLoginFailures(ctx context.Context) error {
	return s.store.PruneLoginFailures(ctx, s.now().Add(-loginWindow))
}

// Actor loads the actor for a signed-in user.
func (s *Service) Actor(ctx context.Context, userID int64, ip string) (authz.Actor, error) {
	u, emp, err := s.store.GetUserWithEmployee(ctx, userID)
	if err != nil {
		return authz.Actor{}, err
	}
	if !u.Active {
		return authz.Actor{}, domain.ErrUnauthorized
	}
	a := authz.Actor{User: u, IP: ip}
	if u.Role == domain.RoleService {
		sa, err := s.store.GetServiceAccountOfUser(ctx, u.ID)
		if err != nil || !sa.DeletedAt.IsZero() {
			return authz.Actor{}, domain.ErrUnauthorized
		}
		a.Service = &sa
		return a, nil
	}
	if u.EmployeeID != 0 {
		if emp.ID == 0 {
			return authz.Actor{}, fmt.Errorf("employee %d of user %d: %w", u.EmployeeID, u.ID, domain.ErrNotFound)
		}
		a.Employee = emp
	}
	return a, nil
}

// ActorOfEmployee loads the actor of the account linked to an employee, for
// tools that act as someone (the demo data).
func (s *Service) ActorOfEmployee(ctx context.Context, employeeID int64, ip string) (authz.Actor, error) {
	u, err := s.store.GetUserByEmployee(ctx, employeeID)
	if err != nil {
		return authz.Actor{}, err
	}
	return s.Actor(ctx, u.ID, ip)
}

// ActorForToken loads the actor of a bearer API token.
func (s *Service) ActorForToken(ctx context.Context, token, ip string) (authz.Actor, error) {
	t, err := s.store.GetAPITokenByHash(ctx, auth.TokenHash(token))
	if errors.Is(err, domain.ErrNotFound) || (err == nil && !t.RevokedAt.IsZero()) {
		return authz.Actor{}, domain.ErrUnauthorized
	}
	if err != nil {
		return authz.Actor{}, err
	}
	if t.LastUsedAt.IsZero() || s.now().Sub(t.LastUsedAt) > time.Minute {
		if err := s.store.TouchAPIToken(ctx, t.ID, s.now()); err != nil {
			return authz.Actor{}, err
		}
	}
	return s.Actor(ctx, t.UserID, ip)
}

// UserInput is what an administrator sets on an account.
type UserInput struct {
	Username   string
	Password   string // required on creation; empty on update keeps it
	Role       domain.Role
	EmployeeID int64
	Lang       string
	Active     bool
}

func (s *Service) validateUser(ctx context.Context, in *UserInput, creating bool, selfID int64) error {
	v := &domain.ValidationError{}
	in.Username = NormalizeUsername(in.Username)
	switch {
	case in.Username == "":
		v.Addf("username", "err.required")
	case len(in.Username) > usernameMaxLength || strings.ContainsAny(in.Username, " \t/\\<>\"'"):
		v.Addf("username", "user.bad_username")
	}
	if !in.Role.Valid() {
		v.Addf("role", "err.choose")
	}
	if in.Lang == "" {
		in.Lang = "id"
	}
	if in.Lang != "id" && in.Lang != "en" {
		v.Addf("lang", "err.choose")
	}
	if creating || in.Password != "" {
		if k := auth.PasswordProblem(in.Password, in.Username); k != "" {
			v.Addf("password", k, "min", auth.MinPasswordLength)
		}
	}
	if in.EmployeeID != 0 {
		if _, err := s.store.GetEmployee(ctx, in.EmployeeID); errors.Is(err, domain.ErrNotFound) {
			v.Addf("employee_id", "err.not_found")
		} else if err != nil {
			return err
		} else if other, err := s.store.GetUserByEmployee(ctx, in.EmployeeID); err == nil && other.ID != selfID {
			v.Addf("employee_id", "user.employee_taken", "username", other.Username)
		}
	}
	if !v.Has("username") {
		if other, err := s.store.GetUserByUsername(ctx, in.Username); err == nil && other.ID != selfID {
			v.Addf("username", "user.username_taken")
		}
	}
	return v.Err()
}

// CreateUser makes an account (admin only).
func (s *Service) CreateUser(ctx context.Context, a authz.Actor, in UserInput) (domain.User, error) {
	if err := require(a, authz.UserManage); err != nil {
		return domain.User{}, err
	}
	if err := s.validateUser(ctx, &in, true, 0); err != nil {
		return domain.User{}, err
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return domain.User{}, err
	}
	u := domain.User{Username: in.Username, PasswordHash: hash, Role: in.Role, EmployeeID: in.EmployeeID, Lang: in.Lang, Active: true, EmailDigest: true}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "user.create", "user", u.ID, nil, userAudit(u))
	})
	return u, err
}

// userAudit is what the audit log keeps of an account: never the password hash.
func userAudit(u domain.User) map[string]any {
	return map[string]any{"username": u.Username, "role": u.Role, "employee_id": u.EmployeeID, "lang": u.Lang, "active": u.Active}
}

// UpdateUser changes an account (admin only); a new password is optional.
func (s *Service) UpdateUser(ctx context.Context, a authz.Actor, id int64, in UserInput) (domain.User, error) {
	if err := require(a, authz.UserManage); err != nil {
		return domain.User{}, err
	}
	u, err := s.store.GetUser(ctx, id)
	if err != nil {
		return u, err
	}
	if err := s.validateUser(ctx, &in, false, id); err != nil {
		return u, err
	}
	if u.ID == a.User.ID && (!in.Active || in.Role != domain.RoleAdmin) {
		return u, domain.Refuse("user.not_self_demote")
	}
	before := userAudit(u)
	u.Username, u.Role, u.EmployeeID, u.Lang, u.Active = in.Username, in.Role, in.EmployeeID, in.Lang, in.Active
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		after := userAudit(u)
		if in.Password != "" {
			hash, err := s.hashPassword(in.Password)
			if err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
				return err
			}
			after["password"] = "changed"
		}
		return audit.Record(ctx, tx, s.act(a), "user.update", "user", u.ID, before, after)
	})
	return u, err
}

// ChangePassword lets a user set a new password after proving the old one.
func (s *Service) ChangePassword(ctx context.Context, a authz.Actor, oldPassword, newPassword string) error {
	u, err := s.store.GetUser(ctx, a.User.ID)
	if err != nil {
		return err
	}
	v := &domain.ValidationError{}
	if auth.CheckPassword(oldPassword, u.PasswordHash) != nil {
		v.Addf("old_password", "password.wrong_old")
	}
	if k := auth.PasswordProblem(newPassword, u.Username); k != "" {
		v.Addf("new_password", k, "min", auth.MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.hashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "user.password", "user", u.ID, nil, map[string]any{"password": "changed"})
	})
}

// SetLanguage stores the interface language of the signed-in user.
func (s *Service) SetLanguage(ctx context.Context, a authz.Actor, lang string) error {
	if lang != "id" && lang != "en" {
		return domain.Invalid("lang", "err.choose")
	}
	u, err := s.store.GetUser(ctx, a.User.ID)
	if err != nil {
		return err
	}
	before := u.Lang
	u.Lang = lang
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "user.language", "user", u.ID, map[string]any{"lang": before}, map[string]any{"lang": lang})
	})
}

// ListUsers returns every account (admin only).
func (s *Service) ListUsers(ctx context.Context, a authz.Actor) ([]domain.User, error) {
	if err := require(a, authz.UserManage); err != nil {
		return nil, err
	}
	return s.store.ListUsers(ctx)
}

// GetUser returns one account (admin, or the user themself).
func (s *Service) GetUser(ctx context.Context, a authz.Actor, id int64) (domain.User, error) {
	if a.User.ID != id {
		if err := require(a, authz.UserManage); err != nil {
			return domain.User{}, err
		}
	}
	return s.store.GetUser(ctx, id)
}

// CreateFirstAdmin makes an admin account when there is none, for
// `kinerja user create-admin` and the one-time setup page.
func (s *Service) CreateFirstAdmin(ctx context.Context, username, password string) (domain.User, error) {
	in := UserInput{Username: username, Password: password, Role: domain.RoleAdmin, Lang: "id", Active: true}
	if err := s.validateUser(ctx, &in, true, 0); err != nil {
		return domain.User{}, err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return domain.User{}, err
	}
	u := domain.User{Username: in.Username, PasswordHash: hash, Role: domain.RoleAdmin, Lang: "id", Active: true, EmailDigest: true}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.System, "user.create_admin", "user", u.ID, nil, userAudit(u))
	})
	return u, err
}

// IssueToken creates an API token for a user and returns it once; only its
// hash is kept. Admins may issue tokens for anyone, users for themselves.
func (s *Service) IssueToken(ctx context.Context, a authz.Actor, username, name string) (string, domain.APIToken, error) {
	u, err := s.store.GetUserByUsername(ctx, NormalizeUsername(username))
	if err != nil {
		return "", domain.APIToken{}, err
	}
	if u.ID != a.User.ID {
		if err := require(a, authz.UserManage); err != nil {
			return "", domain.APIToken{}, err
		}
	}
	if strings.TrimSpace(name) == "" {
		name = "api"
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		return "", domain.APIToken{}, err
	}
	t := domain.APIToken{UserID: u.ID, Name: strings.TrimSpace(name), Hash: hash}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateAPIToken(ctx, &t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "token.create", "api_token", t.ID, nil, map[string]any{"user_id": u.ID, "name": t.Name})
	})
	return token, t, err
}

// ListTokens returns the API tokens of a user (their own, or any for admins).
func (s *Service) ListTokens(ctx context.Context, a authz.Actor, userID int64) ([]domain.APIToken, error) {
	if userID != a.User.ID {
		if err := require(a, authz.UserManage); err != nil {
			return nil, err
		}
	}
	return s.store.ListAPITokens(ctx, userID)
}

// RevokeToken revokes an API token of the actor (or any token, for admins).
func (s *Service) RevokeToken(ctx context.Context, a authz.Actor, userID, tokenID int64) error {
	if userID != a.User.ID {
		if err := require(a, authz.UserManage); err != nil {
			return err
		}
	}
	toks, err := s.store.ListAPITokens(ctx, userID)
	if err != nil {
		return err
	}
	for _, t := range toks {
		if t.ID == tokenID {
			return s.store.InTx(ctx, func(tx *store.Store) error {
				if err := tx.RevokeAPIToken(ctx, t.ID, s.now()); err != nil {
					return err
				}
				return audit.Record(ctx, tx, s.act(a), "token.revoke", "api_token", t.ID, nil, map[string]any{"user_id": userID, "name": t.Name})
			})
		}
	}
	return domain.ErrNotFound
}

// SetEmailDigest turns the signed-in user's daily e-mail digest on or off.
func (s *Service) SetEmailDigest(ctx context.Context, a authz.Actor, on bool) error {
	u, err := s.store.GetUser(ctx, a.User.ID)
	if err != nil {
		return err
	}
	before := u.EmailDigest
	u.EmailDigest = on
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "user.digest", "user", u.ID, map[string]any{"email_digest": before}, map[string]any{"email_digest": on})
	})
}

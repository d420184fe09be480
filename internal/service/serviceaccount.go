package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ServiceAccountInput is what an administrator sets on a service account.
type ServiceAccountInput struct {
	Name     string
	OfficeID int64
	Scopes   []string
}

// noPassword is the password hash of a service account's login account:
// no password matches it, so the account signs in only with its token.
const noPassword = "!"

// CreateServiceAccount makes a service account for an office with its
// scopes and returns its token, which is shown this once (admins, for the
// offices in their scope).
func (s *Service) CreateServiceAccount(ctx context.Context, a authz.Actor, in ServiceAccountInput) (string, domain.ServiceAccount, error) {
	var sa domain.ServiceAccount
	if err := require(a, authz.UserManage); err != nil {
		return "", sa, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return "", sa, err
	}
	v := &domain.ValidationError{}
	in.Name = textField(v, "name", in.Name, true, 100)
	if u := c.Units[in.OfficeID]; u == nil || u.Kind != domain.UnitOffice {
		v.Addf("office", "svc.office_unknown")
	} else if !authz.InScope(a, c, in.OfficeID) {
		return "", sa, domain.ErrForbidden
	}
	scopes := []string{}
	for _, sc := range in.Scopes {
		switch {
		case !slices.Contains(domain.Scopes, sc):
			v.Addf("scopes", "svc.scope_unknown", "scope", sc)
		case !slices.Contains(scopes, sc):
			scopes = append(scopes, sc)
		}
	}
	if len(in.Scopes) == 0 {
		v.Addf("scopes", "err.required")
	}
	if err := v.Err(); err != nil {
		return "", sa, err
	}
	// A client that lost the answer and retries gets a refusal, not a
	// second account: the token is shown only once.
	existing, err := s.store.ListServiceAccounts(ctx)
	if err != nil {
		return "", sa, err
	}
	for _, e := range existing {
		if e.OfficeID == in.OfficeID && strings.EqualFold(e.Name, in.Name) {
			return "", sa, domain.Conflict("svc.name_taken", "name", e.Name)
		}
	}
	slices.Sort(scopes)
	token, hash, err := auth.NewToken()
	if err != nil {
		return "", sa, err
	}
	sa = domain.ServiceAccount{Name: in.Name, OfficeID: in.OfficeID, Scopes: scopes, CreatedAt: s.now(), CreatedBy: a.User.ID}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		u := domain.User{Username: serviceUsername(in.Name), PasswordHash: noPassword, Role: domain.RoleService, Lang: "id", Active: true}
		for n := 2; ; n++ {
			if _, err := tx.GetUserByUsername(ctx, u.Username); errors.Is(err, domain.ErrNotFound) {
				break
			} else if err != nil {
				return err
			}
			u.Username = fmt.Sprintf("%s-%d", serviceUsername(in.Name), n)
		}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		sa.UserID = u.ID
		if err := tx.CreateServiceAccount(ctx, &sa); err != nil {
			return err
		}
		t := domain.APIToken{UserID: u.ID, Name: "service account", Hash: hash}
		if err := tx.CreateAPIToken(ctx, &t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "service_account.create", "service_account", sa.ID, nil,
			map[string]any{"name": sa.Name, "office_id": sa.OfficeID, "scopes": sa.Scopes, "username": u.Username})
	})
	return token, sa, err
}

// serviceUsername is the login name of a service account: svc- and its
// name in lower case with dashes.
func serviceUsername(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 48 {
		out = out[:48]
	}
	return serviceLoginPrefix + out
}

// serviceLoginPrefix starts the login name of every service account.
const serviceLoginPrefix = "svc-"

// ServiceAccounts lists the service accounts of the offices in the admin's scope.
func (s *Service) ServiceAccounts(ctx context.Context, a authz.Actor) ([]domain.ServiceAccount, error) {
	if err := require(a, authz.UserManage); err != nil {
		return nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListServiceAccounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ServiceAccount, 0, len(list))
	for _, sa := range list {
		if authz.InScope(a, c, sa.OfficeID) {
			out = append(out, sa)
		}
	}
	return out, nil
}

// DeleteServiceAccount ends a service account: its login account is
// disabled and its tokens revoked at once; what it wrote stays, and so
// does its row, which the audit log names.
func (s *Service) DeleteServiceAccount(ctx context.Context, a authz.Actor, id int64) error {
	if err := require(a, authz.UserManage); err != nil {
		return err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return err
	}
	sa, err := s.store.GetServiceAccount(ctx, id)
	if err != nil {
		return err
	}
	if !sa.DeletedAt.IsZero() {
		return domain.ErrNotFound
	}
	if !authz.InScope(a, c, sa.OfficeID) {
		return domain.ErrForbidden
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteServiceAccount(ctx, id, now); err != nil {
			return err
		}
		if err := tx.SetUserActive(ctx, sa.UserID, false); err != nil {
			return err
		}
		if err := tx.RevokeUserTokens(ctx, sa.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "service_account.delete", "service_account", id,
			map[string]any{"name": sa.Name, "office_id": sa.OfficeID, "scopes": sa.Scopes}, nil)
	})
}

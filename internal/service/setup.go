package service

import (
	"context"
	"crypto/subtle"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/domain"
)

const setupTokenKey = "setup_token_hash"

// EnsureSetupToken returns a fresh one-time setup token when the database has
// no account yet (the server prints a link with it), or "" when setup is done.
func (s *Service) EnsureSetupToken(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	token := auth.RandomSecret(24)
	if err := s.store.SetSetting(ctx, setupTokenKey, auth.TokenHash(token)); err != nil {
		return "", err
	}
	return token, nil
}

// SetupTokenValid reports whether token opens the setup page.
func (s *Service) SetupTokenValid(ctx context.Context, token string) (bool, error) {
	if token == "" {
		return false, nil
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	want, err := s.store.GetSetting(ctx, setupTokenKey)
	if err != nil || want == "" {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(auth.TokenHash(token))) == 1, nil
}

// SetupFirstAdmin creates the first admin through the setup link, once.
func (s *Service) SetupFirstAdmin(ctx context.Context, token, username, password string) (domain.User, error) {
	ok, err := s.SetupTokenValid(ctx, token)
	if err != nil {
		return domain.User{}, err
	}
	if !ok {
		return domain.User{}, domain.ErrNotFound
	}
	u, err := s.CreateFirstAdmin(ctx, username, password)
	if err != nil {
		return u, err
	}
	return u, s.store.SetSetting(ctx, setupTokenKey, "")
}

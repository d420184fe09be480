package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const serviceCols = `id, user_id, name, office_id, scopes, created_at, created_by, deleted_at`

func scanService(sc scanner) (domain.ServiceAccount, error) {
	var a domain.ServiceAccount
	var scopes string
	var by sql.NullInt64
	var deleted sql.NullTime
	err := sc.Scan(&a.ID, &a.UserID, &a.Name, &a.OfficeID, &scopes, &a.CreatedAt, &by, &deleted)
	a.CreatedBy, a.DeletedAt = by.Int64, deleted.Time
	if scopes != "" {
		a.Scopes = strings.Split(scopes, " ")
	}
	return a, err
}

// CreateServiceAccount stores a service account and sets its ID.
func (s *Store) CreateServiceAccount(ctx context.Context, a *domain.ServiceAccount) error {
	err := s.q.QueryRowContext(ctx, `INSERT INTO service_accounts (user_id, name, office_id, scopes, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		a.UserID, a.Name, a.OfficeID, strings.Join(a.Scopes, " "), a.CreatedAt.UTC(), nullID(a.CreatedBy)).Scan(&a.ID)
	return wrap(err, "create service account %q", a.Name)
}

// GetServiceAccount returns a service account, deleted or not.
func (s *Store) GetServiceAccount(ctx context.Context, id int64) (domain.ServiceAccount, error) {
	a, err := scanService(s.q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM service_accounts WHERE id = $1`, id))
	return a, wrap(err, "get service account %d", id)
}

// GetServiceAccountOfUser returns the service account acting through a login account.
func (s *Store) GetServiceAccountOfUser(ctx context.Context, userID int64) (domain.ServiceAccount, error) {
	a, err := scanService(s.q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM service_accounts WHERE user_id = $1`, userID))
	return a, wrap(err, "get service account of user %d", userID)
}

// ListServiceAccounts returns the service accounts not deleted, oldest first.
func (s *Store) ListServiceAccounts(ctx context.Context) ([]domain.ServiceAccount, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+serviceCols+` FROM service_accounts WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, wrap(err, "list service accounts")
	}
	defer rows.Close()
	var out []domain.ServiceAccount
	for rows.Next() {
		a, err := scanService(rows)
		if err != nil {
			return nil, wrap(err, "list service accounts")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "list service accounts")
}

// DeleteServiceAccount marks a service account deleted.
func (s *Store) DeleteServiceAccount(ctx context.Context, id int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE service_accounts SET deleted_at = $1 WHERE id = $2`, at.UTC(), id)
	return wrap(err, "delete service account %d", id)
}

// RevokeUserTokens revokes every API token of a login account.
func (s *Store) RevokeUserTokens(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, at.UTC(), userID)
	return wrap(err, "revoke tokens of user %d", userID)
}

// SetUserActive enables or disables a login account.
func (s *Store) SetUserActive(ctx context.Context, userID int64, active bool) error {
	_, err := s.q.ExecContext(ctx, `UPDATE users SET active = $1, updated_at = $2 WHERE id = $3`, active, time.Now().UTC(), userID)
	return wrap(err, "set user %d active", userID)
}

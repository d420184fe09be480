package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const userCols = `id, username, password_hash, role, employee_id, lang, active, email_digest, created_at, updated_at, last_login_at`

func scanUser(sc scanner) (domain.User, error) {
	var u domain.User
	var emp sql.NullInt64
	var last sql.NullTime
	err := sc.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &emp, &u.Lang, &u.Active, &u.EmailDigest, &u.CreatedAt, &u.UpdatedAt, &last)
	u.EmployeeID, u.LastLoginAt = emp.Int64, last.Time
	return u, err
}

// GetUser returns one account.
func (s *Store) GetUser(ctx context.Context, id int64) (domain.User, error) {
	u, err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	return u, wrap(err, "get user %d", id)
}

// GetUserWithEmployee returns one account with the employee it belongs to
// (zero when none), in one query: every signed-in request needs both.
func (s *Store) GetUserWithEmployee(ctx context.Context, id int64) (domain.User, domain.Employee, error) {
	var u domain.User
	var e domain.Employee
	var emp, eid, rev sql.NullInt64
	var last, ecr, eup sql.NullTime
	var nip, name, email, grade sql.NullString
	var active sql.NullBool
	err := s.q.QueryRowContext(ctx, `SELECT u.id, u.username, u.password_hash, u.role, u.employee_id, u.lang, u.active, u.email_digest,
			u.created_at, u.updated_at, u.last_login_at,
			e.id, e.nip, e.name, e.email, e.grade, e.active, e.created_at, e.updated_at, e.revision
		FROM users u LEFT JOIN employees e ON e.id = u.employee_id WHERE u.id = $1`, id).Scan(
		&u.ID, &u.Username, &u.PasswordHash, &u.Role, &emp, &u.Lang, &u.Active, &u.EmailDigest, &u.CreatedAt, &u.UpdatedAt, &last,
		&eid, &nip, &name, &email, &grade, &active, &ecr, &eup, &rev)
	if err != nil {
		return u, e, wrap(err, "get user %d", id)
	}
	u.EmployeeID, u.LastLoginAt = emp.Int64, last.Time
	if eid.Valid {
		e = domain.Employee{ID: eid.Int64, NIP: nip.String, Name: name.String, Email: email.String, Grade: grade.String,
			Active: active.Bool, CreatedAt: ecr.Time, UpdatedAt: eup.Time, Revision: int(rev.Int64)}
	}
	return u, e, nil
}

// GetUserByUsername returns the account with that (lower-case) user name.
func (s *Store) GetUserByUsername(ctx context.Context, username string) (domain.User, error) {
	u, err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, username))
	return u, wrap(err, "get user by name")
}

// GetUserByEmployee returns the account linked to an employee.
func (s *Store) GetUserByEmployee(ctx context.Context, employeeID int64) (domain.User, error) {
	u, err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE employee_id = $1`, employeeID))
	return u, wrap(err, "get user of employee %d", employeeID)
}

// ListUsersByID returns the accounts of the given IDs in one query, in no
// particular order; unknown IDs are left out.
func (s *Store) ListUsersByID(ctx context.Context, ids []int64) ([]domain.User, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE id IN (`+placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return nil, wrap(err, "list users by id")
	}
	defer rows.Close()
	var out []domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap(err, "list users by id")
		}
		out = append(out, u)
	}
	return out, wrap(rows.Err(), "list users by id")
}

// ListUsers returns every account ordered by user name.
func (s *Store) ListUsers(ctx context.Context) ([]domain.User, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username`)
	if err != nil {
		return nil, wrap(err, "list users")
	}
	defer rows.Close()
	var out []domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap(err, "list users")
		}
		out = append(out, u)
	}
	return out, wrap(rows.Err(), "list users")
}

// CountUsers returns the number of accounts (0 on a fresh install).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, wrap(err, "count users")
}

// CreateUser inserts an account and sets its ID.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	now := s.timeNow().UTC()
	u.CreatedAt, u.UpdatedAt = now, now
	err := s.q.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, employee_id, lang, active, email_digest, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		u.Username, u.PasswordHash, u.Role, nullID(u.EmployeeID), u.Lang, u.Active, u.EmailDigest, now, now).Scan(&u.ID)
	return wrap(err, "create user %q", u.Username)
}

// UpdateUser saves an account (not its password or last login).
func (s *Store) UpdateUser(ctx context.Context, u *domain.User) error {
	u.UpdatedAt = s.timeNow().UTC()
	_, err := s.q.ExecContext(ctx, `UPDATE users SET username = $1, role = $2, employee_id = $3, lang = $4, active = $5,
		email_digest = $6, updated_at = $7 WHERE id = $8`,
		u.Username, u.Role, nullID(u.EmployeeID), u.Lang, u.Active, u.EmailDigest, u.UpdatedAt, u.ID)
	return wrap(err, "update user %d", u.ID)
}

// SetPassword stores a new password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	_, err := s.q.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, s.timeNow().UTC(), userID)
	return wrap(err, "set password of user %d", userID)
}

// TouchLogin records a successful login.
func (s *Store) TouchLogin(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, at.UTC(), userID)
	return wrap(err, "touch login of user %d", userID)
}

// RecordLoginFailure notes a failed login for a throttling scope ("user:x", "ip:y").
func (s *Store) RecordLoginFailure(ctx context.Context, scope string, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO login_failures (scope, at) VALUES ($1, $2)`, scope, at.UTC())
	return wrap(err, "record login failure")
}

// CountLoginFailures counts failures of a scope since a time.
func (s *Store) CountLoginFailures(ctx context.Context, scope string, since time.Time) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE scope = $1 AND at >= $2`, scope, since.UTC()).Scan(&n)
	return n, wrap(err, "count login failures")
}

// ClearLoginFailures forgets the failures of a scope (after a successful login).
func (s *Store) ClearLoginFailures(ctx context.Context, scope string) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM login_failures WHERE scope = $1`, scope)
	return wrap(err, "clear login failures")
}

// PruneLoginFailures deletes failures older than a time.
func (s *Store) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, before.UTC())
	return wrap(err, "prune login failures")
}

const tokenCols = `id, user_id, name, token_hash, created_at, last_used_at, revoked_at`

func scanToken(sc scanner) (domain.APIToken, error) {
	var t domain.APIToken
	var used, revoked sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.CreatedAt, &used, &revoked)
	t.LastUsedAt, t.RevokedAt = used.Time, revoked.Time
	return t, err
}

// CreateAPIToken stores a token hash and sets its ID.
func (s *Store) CreateAPIToken(ctx context.Context, t *domain.APIToken) error {
	t.CreatedAt = s.timeNow().UTC()
	err := s.q.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.UserID, t.Name, t.Hash, t.CreatedAt).Scan(&t.ID)
	return wrap(err, "create API token")
}

// GetAPITokenByHash finds a token by its hash.
func (s *Store) GetAPITokenByHash(ctx context.Context, hash string) (domain.APIToken, error) {
	t, err := scanToken(s.q.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = $1`, hash))
	return t, wrap(err, "get API token")
}

// ListAPITokens returns the tokens of a user.
func (s *Store) ListAPITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, wrap(err, "list API tokens")
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, wrap(err, "list API tokens")
		}
		out = append(out, t)
	}
	return out, wrap(rows.Err(), "list API tokens")
}

// TouchAPIToken records the last use of a token.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, at.UTC(), id)
	return wrap(err, "touch API token")
}

// RevokeAPIToken marks a token revoked.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, at.UTC(), id)
	return wrap(err, "revoke API token")
}

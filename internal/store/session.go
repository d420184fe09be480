package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// SessionStore keeps web sessions in the database so that several servers
// share them. It implements scs.CtxStore.
//
// With an idle timeout the session manager commits every session on every
// request, only to push its expiry forward: a database write per page view.
// The store skips a commit whose data it wrote itself unchanged less than
// commitSlack ago, so an idle session may end up to commitSlack early.
type SessionStore struct {
	s    *Store
	mu   sync.Mutex
	seen map[string]committed // by token
}

type committed struct {
	data   []byte
	expiry time.Time
}

// commitSlack is how far behind the stored expiry of an unchanged session
// may lag; maxSeen bounds the memory of what was committed.
const (
	commitSlack = time.Minute
	maxSeen     = 100_000
)

// Sessions returns the session store.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s: s, seen: map[string]committed{}} }

// FindCtx returns the data of a live session.
func (ss *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := ss.s.q.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, time.Now().UTC()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrap(err, "find session")
	}
	return b, true, nil
}

// CommitCtx saves a session, unless only its expiry moved, by less than commitSlack.
func (ss *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	ss.mu.Lock()
	last, ok := ss.seen[token]
	ss.mu.Unlock()
	if ok && bytes.Equal(last.data, b) && !expiry.Before(last.expiry) && expiry.Sub(last.expiry) < commitSlack {
		return nil
	}
	_, err := ss.s.q.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	if err != nil {
		return wrap(err, "commit session")
	}
	ss.mu.Lock()
	if len(ss.seen) >= maxSeen {
		clear(ss.seen)
	}
	ss.seen[token] = committed{data: bytes.Clone(b), expiry: expiry}
	ss.mu.Unlock()
	return nil
}

// DeleteCtx removes a session.
func (ss *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	ss.mu.Lock()
	delete(ss.seen, token)
	ss.mu.Unlock()
	_, err := ss.s.q.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return wrap(err, "delete session")
}

// AllCtx returns every live session (used by scs to iterate).
func (ss *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := ss.s.q.QueryContext(ctx, `SELECT token, data FROM sessions WHERE expiry > $1`, time.Now().UTC())
	if err != nil {
		return nil, wrap(err, "all sessions")
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var t string
		var b []byte
		if err := rows.Scan(&t, &b); err != nil {
			return nil, wrap(err, "all sessions")
		}
		out[t] = b
	}
	return out, wrap(rows.Err(), "all sessions")
}

// Find, Commit and Delete satisfy scs.Store for callers without a context.
func (ss *SessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit saves a session.
func (ss *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session.
func (ss *SessionStore) Delete(token string) error {
	return ss.DeleteCtx(context.Background(), token)
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, time.Now().UTC())
	if err != nil {
		return 0, wrap(err, "delete expired sessions")
	}
	return res.RowsAffected()
}

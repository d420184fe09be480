package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

const auditCols = `seq, uuid, at, actor_id, actor_name, ip, action, entity, entity_id, before_json, after_json, prev_hash, hash`

func scanAudit(sc scanner) (domain.AuditEvent, error) {
	var e domain.AuditEvent
	var actor sql.NullInt64
	err := sc.Scan(&e.Seq, &e.UUID, &e.At, &actor, &e.ActorName, &e.IP, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash)
	e.ActorID = actor.Int64
	e.At = e.At.UTC()
	return e, err
}

// LockAuditChain serialises writers of the audit chain until the transaction
// ends. SQLite transactions already take the write lock when they begin.
func (s *Store) LockAuditChain(ctx context.Context) error {
	if !s.inTx {
		return errors.New("store: the audit chain is written only inside a transaction")
	}
	if s.engine == Postgres {
		_, err := s.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(424242)`)
		return wrap(err, "lock audit chain")
	}
	return nil
}

// LastAuditEvent returns the newest event's sequence number and hash (0, "" when empty).
func (s *Store) LastAuditEvent(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := s.q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return seq, hash, wrap(err, "last audit event")
}

// InsertAuditEvent appends an event whose Seq and Hash the caller computed.
func (s *Store) InsertAuditEvent(ctx context.Context, e *domain.AuditEvent) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO audit_events (`+auditCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.Seq, e.UUID, e.At.UTC(), nullID(e.ActorID), e.ActorName, e.IP, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.PrevHash, e.Hash)
	return wrap(err, "insert audit event")
}

// AuditFilter narrows ListAuditEvents.
type AuditFilter struct {
	Entity    string
	EntityID  string
	ActorID   int64
	Action    string // prefix match, e.g. "plan."
	From, To  time.Time
	BeforeSeq int64 // for paging backwards: events with seq < BeforeSeq
	Limit     int
}

// ListAuditEvents returns events newest first.
func (s *Store) ListAuditEvents(ctx context.Context, f AuditFilter) ([]domain.AuditEvent, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = $%d", f.EntityID)
	}
	if f.ActorID != 0 {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Action != "" {
		add("action LIKE $%d", f.Action+"%")
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < $%d", f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		add("seq < $%d", f.BeforeSeq)
	}
	q := `SELECT ` + auditCols + ` FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += ` ORDER BY seq DESC LIMIT ` + itoa(limit)
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list audit events")
	}
	defer rows.Close()
	var out []domain.AuditEvent
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, wrap(err, "list audit events")
		}
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "list audit events")
}

// EachAuditEvent streams every event in chain order.
func (s *Store) EachAuditEvent(ctx context.Context, fn func(domain.AuditEvent) error) error {
	rows, err := s.q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events ORDER BY seq`)
	if err != nil {
		return wrap(err, "read audit chain")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return wrap(err, "read audit chain")
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return wrap(rows.Err(), "read audit chain")
}

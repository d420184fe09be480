package service

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// AuditQuery narrows ListAuditEvents; zero fields do not narrow.
type AuditQuery struct {
	Entity    string
	EntityID  string
	ActorID   int64
	Action    string    // prefix match, e.g. "plan."
	From, To  time.Time // events at or after From and before To
	BeforeSeq int64     // for paging backwards: events with seq < BeforeSeq
	Limit     int       // 100 when zero or over 1000
}

// ListAuditEvents returns audit events newest first (admin, pengelola kinerja, pemeriksa).
func (s *Service) ListAuditEvents(ctx context.Context, a authz.Actor, q AuditQuery) ([]domain.AuditEvent, error) {
	if err := require(a, authz.AuditRead); err != nil {
		return nil, err
	}
	return s.store.ListAuditEvents(ctx, store.AuditFilter(q))
}

// VerifyAudit checks the whole audit chain.
func (s *Service) VerifyAudit(ctx context.Context, a authz.Actor) (int64, error) {
	if err := require(a, authz.AuditRead); err != nil {
		return 0, err
	}
	return audit.Verify(ctx, s.store)
}

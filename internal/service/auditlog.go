package service

import (
	"context"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ListAuditEvents returns audit events newest first (admin, pengelola kinerja, pemeriksa).
func (s *Service) ListAuditEvents(ctx context.Context, a authz.Actor, f store.AuditFilter) ([]domain.AuditEvent, error) {
	if err := require(a, authz.AuditRead); err != nil {
		return nil, err
	}
	return s.store.ListAuditEvents(ctx, f)
}

// VerifyAudit checks the whole audit chain.
func (s *Service) VerifyAudit(ctx context.Context, a authz.Actor) (int64, error) {
	if err := require(a, authz.AuditRead); err != nil {
		return 0, err
	}
	return audit.Verify(ctx, s.store)
}

package service

import (
	"context"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
)

// Notifications returns the signed-in user's notifications, newest first.
func (s *Service) Notifications(ctx context.Context, a authz.Actor, unreadOnly bool, limit int) ([]domain.Notification, error) {
	if !a.User.Active {
		return nil, domain.ErrForbidden
	}
	return s.store.ListNotifications(ctx, a.User.ID, unreadOnly, limit)
}

// UnreadNotifications counts the signed-in user's unread notifications.
func (s *Service) UnreadNotifications(ctx context.Context, a authz.Actor) (int, error) {
	return s.unreadCount(ctx, a.User.ID)
}

// MarkNotificationsRead marks one (id) or all (id 0) of the user's notifications read.
func (s *Service) MarkNotificationsRead(ctx context.Context, a authz.Actor, id int64) error {
	return s.store.MarkNotificationsRead(ctx, a.User.ID, id, s.now())
}

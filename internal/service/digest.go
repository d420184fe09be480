package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/i18n"
)

// SendDigests e-mails each person who wants it, at most once a day, a
// summary of their inbox and unread notifications. It does nothing without
// a configured mail sender. It returns the number of messages sent.
func (s *Service) SendDigests(ctx context.Context, baseURL string) (int, error) {
	if s.mailer == nil || s.Now().Hour() < digestHour {
		return 0, nil
	}
	today := s.Today().Format("2006-01-02")
	if last, err := s.store.GetSetting(ctx, "digest:run"); err != nil || last == today {
		return 0, err
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, u := range users {
		if !u.Active || !u.EmailDigest || u.EmployeeID == 0 {
			continue
		}
		key := "digest:" + itoa64(u.ID)
		last, err := s.store.GetSetting(ctx, key)
		if err != nil {
			return sent, err
		}
		if last == today {
			continue
		}
		a, err := s.Actor(ctx, u.ID, "")
		if err != nil || a.Employee.Email == "" {
			continue
		}
		items, err := s.Inbox(ctx, a)
		if err != nil {
			return sent, err
		}
		notes, err := s.store.ListNotifications(ctx, u.ID, true, 20)
		if err != nil {
			return sent, err
		}
		if len(items) == 0 && len(notes) == 0 {
			continue
		}
		lang := u.Lang
		var b strings.Builder
		fmt.Fprintln(&b, i18n.Translate(lang, "digest.hello", map[string]any{"name": a.Employee.Name}))
		if len(items) > 0 {
			fmt.Fprintln(&b, "\n"+i18n.Translate(lang, "digest.waiting", map[string]any{"n": len(items)}))
			for _, it := range items {
				line := "- " + i18n.Text(lang, it.What.Key, it.What.Args, it.What.Texts)
				if !it.Deadline.IsZero() {
					line += " (" + i18n.FormatDate(lang, it.Deadline) + ")"
				}
				fmt.Fprintln(&b, line+"\n  "+baseURL+it.Link)
			}
		}
		if len(notes) > 0 {
			fmt.Fprintln(&b, "\n"+i18n.Translate(lang, "digest.news", nil))
			for _, n := range notes {
				fmt.Fprintln(&b, "- "+i18n.Text(lang, n.Msg.Key, n.Msg.Args, n.Msg.Texts))
			}
		}
		fmt.Fprintln(&b, "\n"+i18n.Translate(lang, "digest.optout", map[string]any{"url": baseURL + "/account"}))
		// Several servers may be going through the list at once: the one
		// that moves the person's day to today sends.
		mine, err := s.store.ClaimSetting(ctx, key, today)
		if err != nil {
			return sent, err
		}
		if !mine {
			continue
		}
		if err := s.mailer.Send(ctx, a.Employee.Email, i18n.Translate(lang, "digest.subject", map[string]any{"n": len(items)}), b.String()); err != nil {
			s.log.Warn("digest not sent", "user", u.Username, "err", err)
			// Not sent: the day is not theirs yet.
			if err := s.store.SetSetting(ctx, key, last); err != nil {
				return sent, err
			}
			continue
		}
		sent++
	}
	return sent, s.store.SetSetting(ctx, "digest:run", today)
}

// digestHour is the office-time hour from which the day's digest goes out.
const digestHour = 7

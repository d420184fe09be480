package web

import (
	"net/http"
	"sort"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// inboxGroup is the items of one kind.
type inboxGroup struct {
	Kind  service.InboxKind
	Items []dashInboxItem
}

// inboxPage is /inbox: everything waiting for the signed-in person, grouped
// by kind (oldest first) or in one list by deadline.
type inboxPage struct {
	Sort     string // "" (grouped) or "deadline"
	Total    int
	Overdue  int
	Groups   []inboxGroup
	List     []dashInboxItem
	Unread   int
	Notes    []domain.Notification
	Employee bool
}

// inboxNotes is how many unread notifications the inbox shows.
const inboxNotes = 5

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	ctx := r.Context()
	items, err := s.svc.Inbox(ctx, a)
	if err != nil {
		return err
	}
	all := dashInboxItems(s.svc.Today(), s.svc.Location(), items)
	d := inboxPage{Total: len(all), Employee: a.EmployeeID() != 0}
	for _, it := range all {
		if it.Overdue {
			d.Overdue++
		}
	}
	if r.URL.Query().Get("sort") == "deadline" {
		d.Sort = "deadline"
		d.List = all
		// Items without a deadline go last; ties keep the oldest first.
		sort.SliceStable(d.List, func(i, j int) bool {
			di, dj := d.List[i].Deadline, d.List[j].Deadline
			if di.IsZero() != dj.IsZero() {
				return dj.IsZero()
			}
			return di.Before(dj)
		})
	} else {
		for _, k := range service.InboxKinds { // in the service's order of groups
			g := inboxGroup{Kind: k}
			for _, it := range all {
				if it.Kind == k {
					g.Items = append(g.Items, it)
				}
			}
			if len(g.Items) > 0 {
				d.Groups = append(d.Groups, g)
			}
		}
	}
	if d.Unread, err = s.svc.UnreadNotifications(ctx, a); err != nil {
		return err
	}
	if d.Unread > 0 {
		if d.Notes, err = s.svc.Notifications(ctx, a, true, inboxNotes); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "inbox", langOf(r).T("dashui.inbox_title"), d)
	return nil
}

// accountDigest switches the daily e-mail digest on or off.
func (s *Server) accountDigest(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	on := r.PostFormValue("email_digest") == "1"
	if err := s.svc.SetEmailDigest(r.Context(), a, on); err != nil {
		return err
	}
	l := langOf(r)
	if on {
		s.addFlash(r, "ok", l.T("dashui.digest_on"))
	} else {
		s.addFlash(r, "ok", l.T("dashui.digest_off"))
	}
	redirect(w, r, "/account")
	return nil
}

// fillInboxCount puts the size of the inbox on its menu entry. The count
// is cached by the service, so it costs nothing on most pages; a failure
// only leaves the badge out.
func (s *Server) fillInboxCount(r *http.Request, a *authz.Actor, m *navMenu) {
	if m.link("/inbox") == nil {
		return
	}
	if n, err := s.svc.InboxCount(r.Context(), *a); err == nil {
		m.setCount("/inbox", n)
	} else {
		s.log.WarnContext(r.Context(), "inbox count", "err", err)
	}
}

package service

import (
	"context"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// ChangeQuery asks the change feed for what followed a cursor.
type ChangeQuery struct {
	Since  int64 // the cursor: the sequence number of the last change seen
	Latest bool  // start from the current end: no items, only the cursor
	Limit  int
}

// Change is one change of the feed: an audit event the caller may read.
type Change struct {
	Seq      int64
	At       time.Time
	Actor    string
	Action   string
	Entity   string
	EntityID string
	OfficeID int64
}

// ChangeFeed is a page of the change feed.
type ChangeFeed struct {
	Items []Change
	Next  int64 // the cursor after the last event looked at, shown or not
	More  bool  // events follow the page
}

// changeBatches bounds the events one request looks through for changes
// the caller may read, so that a caller who may read little still gets
// an answer quickly; the cursor moves past what was looked through.
const changeBatches = 10

// Changes returns the changes after a cursor that the caller may read,
// from the audit log, oldest first.
func (s *Service) Changes(ctx context.Context, a authz.Actor, q ChangeQuery) (ChangeFeed, error) {
	if !a.User.Active {
		return ChangeFeed{}, domain.ErrForbidden
	}
	if q.Latest {
		seq, _, err := s.store.LastAuditEvent(ctx)
		return ChangeFeed{Next: seq}, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return ChangeFeed{}, err
	}
	limit := min(max(q.Limit, 1), 1000)
	feed := ChangeFeed{Next: q.Since}
	for range changeBatches {
		events, err := s.store.AuditEventsAfter(ctx, feed.Next, limit)
		if err != nil {
			return feed, err
		}
		owners, err := s.eventOwners(ctx, events)
		if err != nil {
			return feed, err
		}
		for _, e := range events {
			if len(feed.Items) == limit {
				feed.More = true
				return feed, nil
			}
			feed.Next = e.Seq
			office, ok := changeVisible(a, c, e, owners)
			if ok {
				feed.Items = append(feed.Items, Change{Seq: e.Seq, At: e.At, Actor: e.ActorName, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, OfficeID: office})
			}
		}
		if len(events) < limit {
			return feed, nil
		}
	}
	feed.More = true
	return feed, nil
}

// eventOwners finds the owner of every object the events name, one query per kind.
func (s *Service) eventOwners(ctx context.Context, events []domain.AuditEvent) (map[string]map[string]store.ObjectOwner, error) {
	ids := map[string][]string{}
	for _, e := range events {
		ids[e.Entity] = append(ids[e.Entity], e.EntityID)
	}
	out := map[string]map[string]store.ObjectOwner{}
	for kind, list := range ids {
		m, err := s.store.ObjectOwners(ctx, kind, list)
		if err != nil {
			return nil, err
		}
		out[kind] = m
	}
	return out, nil
}

// changeVisible reports whether the caller may read the object an event
// changed, and the office it belongs to: the data of a person as their
// plans are read, an office's map as the office is, the org chart and the
// years by everyone, accounts by those who manage them.
func changeVisible(a authz.Actor, c *domain.Chart, e domain.AuditEvent, owners map[string]map[string]store.ObjectOwner) (int64, bool) {
	if o, ok := owners[e.Entity][e.EntityID]; ok {
		if o.EmployeeID != 0 {
			return o.OfficeID, authz.CanSeeEmployeeWork(a, c, o.EmployeeID)
		}
		return o.OfficeID, authz.CanReadOffice(a, c, o.OfficeID)
	}
	id, _ := strconv.ParseInt(e.EntityID, 10, 64)
	switch e.Entity {
	case "unit":
		return c.Office(id), authz.Can(a, authz.OrgRead)
	case "position":
		if p := c.Positions[id]; p != nil {
			return c.Office(p.UnitID), authz.Can(a, authz.OrgRead)
		}
		return 0, authz.Can(a, authz.OrgRead)
	case "employee":
		return c.EmployeeOffice(id), authz.Can(a, authz.OrgRead)
	case "assignment":
		return 0, authz.Can(a, authz.OrgRead)
	case "year", "quarter":
		return 0, true
	case "user", "api_token", "service_account":
		return 0, authz.Can(a, authz.UserManage) && authz.ScopeUnit(a, c) == 0
	}
	// Objects gone since, and kinds without an owner: the audit's readers
	// of the whole organisation.
	return 0, authz.Can(a, authz.AuditRead) && authz.ScopeUnit(a, c) == 0
}

package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

const auditPerPage = 50

type auditPage struct {
	Events   []domain.AuditEvent
	Filter   service.AuditQuery
	FromText string
	ToText   string
	NextSeq  int64
	Query    template.URL // the filter as an encoded query string, for the next-page link
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	q := r.URL.Query()
	f := service.AuditQuery{Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("entity_id")),
		Action: strings.TrimSpace(q.Get("action")), Limit: auditPerPage + 1}
	f.ActorID, _ = strconv.ParseInt(q.Get("actor"), 10, 64)
	f.BeforeSeq, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	d := auditPage{FromText: q.Get("from"), ToText: q.Get("to")}
	loc := s.svc.Location()
	if t, err := time.ParseInLocation("2006-01-02", d.FromText, loc); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", d.ToText, loc); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	events, err := s.svc.ListAuditEvents(r.Context(), a, f)
	if err != nil {
		return err
	}
	if len(events) > auditPerPage {
		events = events[:auditPerPage]
		d.NextSeq = events[len(events)-1].Seq
	}
	q.Del("before")
	d.Events, d.Filter, d.Query = events, f, template.URL(q.Encode())
	s.render(w, r, http.StatusOK, "audit", langOf(r).T("audit.title"), d)
	return nil
}

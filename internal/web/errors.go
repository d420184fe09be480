package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Heading string
	Message string
	Details []string
}

// fail answers a request whose handler returned err: the one place where
// domain errors become HTTP statuses for the HTML door.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	l := langOf(r)
	var (
		ve *domain.ValidationError
		se *domain.StateError
		ce *domain.ConflictError
		rf *refusal
	)
	ep := errorPage{}
	switch {
	case errors.As(err, &ve):
		ep.Status, ep.Heading = http.StatusUnprocessableEntity, l.T("error.invalid")
		for _, f := range ve.Order() {
			ep.Details = append(ep.Details, translate(l, ve.Fields[f]))
		}
	case errors.As(err, &rf):
		ep.Status, ep.Message = rf.status, l.T(rf.key)
		ep.Heading = l.T("error.not_found")
		if rf.status == http.StatusForbidden {
			ep.Heading = l.T("error.forbidden")
		}
	case errors.As(err, &se):
		ep.Status, ep.Heading, ep.Message = http.StatusConflict, l.T("error.state"), translate(l, se.Msg)
	case errors.As(err, &ce):
		ep.Status, ep.Heading, ep.Message = http.StatusConflict, l.T("error.conflict"), translate(l, ce.Msg)
	case errors.Is(err, domain.ErrNotFound):
		ep.Status, ep.Heading, ep.Message = http.StatusNotFound, l.T("error.not_found"), l.T("error.not_found_text")
	case errors.Is(err, domain.ErrForbidden):
		ep.Status, ep.Heading, ep.Message = http.StatusForbidden, l.T("error.forbidden"), l.T("error.forbidden_text")
	case errors.Is(err, domain.ErrConflict):
		ep.Status, ep.Heading, ep.Message = http.StatusConflict, l.T("error.conflict"), l.T("error.conflict_text")
	case errors.Is(err, domain.ErrInvalidState):
		ep.Status, ep.Heading, ep.Message = http.StatusConflict, l.T("error.state"), l.T("error.state_text")
	case errors.Is(err, errBadRequest):
		ep.Status, ep.Heading, ep.Message = http.StatusBadRequest, l.T("error.bad_request"), l.T("error.bad_request_text")
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			ep.Status, ep.Heading, ep.Message = http.StatusRequestEntityTooLarge, l.T("error.too_large"), l.T("error.too_large_text")
			break
		}
		ep.Status, ep.Heading, ep.Message = http.StatusInternalServerError, l.T("error.internal"), l.T("error.internal_text", "id", requestID(r))
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if ep.Status < 500 {
		s.log.DebugContext(r.Context(), "request refused", slog.Int("status", ep.Status), slog.String("err", err.Error()))
	}
	s.render(w, r, ep.Status, "error", ep.Heading, ep)
}

// refusal is a 404 or 403 that says what was not found or not allowed.
type refusal struct {
	status int
	key    string // the message
}

func (r *refusal) Error() string { return r.key }

func refused(status int, key string) error { return &refusal{status: status, key: key} }

// errBadRequest marks malformed requests (bad IDs in the path, unparsable forms).
var errBadRequest = errors.New("bad request")

// translate renders a domain message in the request's language.
func translate(l i18n.Lang, m domain.Msg) string { return i18n.Text(string(l), m.Key, m.Args, m.Texts) }

package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// fail maps a service error to a problem+json answer: the one place where
// domain errors become HTTP statuses for the API.
func (a *API) fail(ctx context.Context, err error) error { return a.failAt(ctx, err, nil) }

// failAt is fail for a request body whose shape differs from the service's
// flat field names: path turns a service field into its place in the body
// (e.g. "t1" → "targets[0]"), so that a client can point at the right value.
func (a *API) failAt(ctx context.Context, err error, path func(field string) string) error {
	lang := langOf(ctx)
	tr := func(m domain.Msg) string { return i18n.Text(lang, m.Key, m.Args, m.Texts) }
	var (
		ve *domain.ValidationError
		se *domain.StateError
		ce *domain.ConflictError
	)
	switch {
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Order() {
			loc, p := "body", f
			if path != nil {
				p = path(f)
			}
			if p != "" {
				loc = "body." + p
			}
			details = append(details, &huma.ErrorDetail{Location: loc, Message: tr(ve.Fields[f])})
		}
		return huma.Error422UnprocessableEntity(i18n.Translate(lang, "error.invalid", nil), details...)
	case errors.As(err, &se):
		return huma.Error409Conflict(tr(se.Msg))
	case errors.As(err, &ce):
		return huma.Error409Conflict(tr(ce.Msg))
	case errors.Is(err, domain.ErrNotFound):
		return huma.Error404NotFound(i18n.Translate(lang, "error.not_found_text", nil))
	case errors.Is(err, domain.ErrForbidden):
		return huma.Error403Forbidden(i18n.Translate(lang, "error.forbidden_text", nil))
	case errors.Is(err, domain.ErrUnauthorized):
		return huma.Error401Unauthorized(i18n.Translate(lang, "error.forbidden_text", nil))
	case errors.Is(err, domain.ErrConflict):
		return huma.Error409Conflict(i18n.Translate(lang, "error.conflict_text", nil))
	case errors.Is(err, domain.ErrInvalidState):
		return huma.Error409Conflict(i18n.Translate(lang, "error.state_text", nil))
	}
	a.log.ErrorContext(ctx, "api request failed", "err", err)
	return huma.NewError(http.StatusInternalServerError, i18n.Translate(lang, "error.internal", nil))
}

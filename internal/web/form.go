package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// form carries what the user typed and what is wrong with it, so a refused
// form comes back filled in with each error beside its field.
type form struct {
	Values  url.Values
	Errors  map[string]string
	General []string
}

// newForm copies v, so that removing a secret from the form (to avoid
// echoing it back) never touches the request's own values.
func newForm(v url.Values) *form {
	c := make(url.Values, len(v))
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return &form{Values: c, Errors: map[string]string{}}
}

// Get returns a submitted value.
func (f *form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Has reports whether a value is among the submitted ones (for checkboxes and multi-selects).
func (f *form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Error returns the message of a field ("" when fine).
func (f *form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// HasErrors reports whether anything is wrong.
func (f *form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || len(f.General) > 0) }

// absorb takes a service error into the form. It returns false for errors
// that are not about the input, which the caller should pass on. A field
// that already has an error (one the form found reading it) keeps it.
func (f *form) absorb(l i18n.Lang, err error) bool {
	var ve *domain.ValidationError
	var se *domain.StateError
	var ce *domain.ConflictError
	switch {
	case errors.As(err, &ve):
		for _, field := range ve.Order() {
			text := translate(l, ve.Fields[field])
			if field == "" {
				f.General = append(f.General, text)
			} else if _, found := f.Errors[field]; !found {
				f.Errors[field] = text
			}
		}
		return true
	case errors.As(err, &se):
		f.General = append(f.General, translate(l, se.Msg))
		return true
	case errors.As(err, &ce):
		f.General = append(f.General, translate(l, ce.Msg))
		return true
	}
	return false
}

// parseForm reads a urlencoded or multipart form.
func parseForm(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return err
			}
			return errBadRequest
		}
		return nil
	}
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return errBadRequest
	}
	return nil
}

// pathID reads a numeric path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}

// formID reads an optional numeric form value (0 when empty or malformed).
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return id
}

// formDate reads a yyyy-mm-dd date; bad input records a field error.
func formDate(f *form, l i18n.Lang, name string) time.Time {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		f.Errors[name] = l.T("err.date")
		return time.Time{}
	}
	return t
}

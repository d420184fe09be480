// Package domain holds the entities, enumerations, value types and errors of
// Kinerja. It does no I/O.
package domain

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
)

// Sentinel errors; each door (web, api, cli) maps them to its own answer in one place.
var (
	ErrNotFound     = errors.New("not found")
	ErrForbidden    = errors.New("forbidden")
	ErrConflict     = errors.New("conflict")
	ErrInvalidState = errors.New("invalid state")
	ErrUnauthorized = errors.New("unauthorized")
)

// Msg is a translatable message: a key in the i18n catalogue and its
// arguments, or, for messages composed elsewhere (the rule engine's), the
// finished text per language.
type Msg struct {
	Key   string
	Args  map[string]any
	Texts map[string]string // language → text; used instead of Key when set
}

// M builds a message from a key and alternating name, value arguments.
func M(key string, kv ...any) Msg {
	m := Msg{Key: key}
	if len(kv) > 0 {
		m.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return m
}

// String renders the message without translation, for logs and tests.
func (m Msg) String() string {
	if m.Texts != nil {
		return m.Texts["en"]
	}
	if len(m.Args) == 0 {
		return m.Key
	}
	keys := make([]string, 0, len(m.Args))
	for k := range m.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(m.Key)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, m.Args[k])
	}
	return b.String()
}

// ValidationError lists what is wrong with an input, per field.
// Field names are the form/JSON field names; "" holds errors about the whole input.
type ValidationError struct {
	Fields map[string]Msg
	order  []string
}

// Add records a message for a field (the first message of a field wins).
func (v *ValidationError) Add(field string, m Msg) {
	if v.Fields == nil {
		v.Fields = map[string]Msg{}
	}
	if _, ok := v.Fields[field]; ok {
		return
	}
	v.Fields[field] = m
	v.order = append(v.order, field)
}

// Addf records a message built from a key and alternating name, value arguments.
func (v *ValidationError) Addf(field, key string, kv ...any) { v.Add(field, M(key, kv...)) }

// Number records an error for field when x is not a number a person may
// enter (calc.CheckInput: finite, within ±calc.MaxInput), and reports
// whether x was accepted. Every service checks typed numbers with it.
func (v *ValidationError) Number(field string, x float64) bool {
	switch {
	case calc.InputOK(x):
		return true
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.Addf(field, "err.number")
	default:
		v.Addf(field, "err.number_range", "max", calc.MaxInput)
	}
	return false
}

// Date records an error for field when d falls outside the sane dates of
// a performance year (DateWindow), and reports whether d was accepted.
func (v *ValidationError) Date(field string, d time.Time, year int) bool {
	from, to := DateWindow(year)
	if d.Before(from) || d.After(to) {
		v.Addf(field, "err.date_window", "from", from, "to", to)
		return false
	}
	return true
}

// Has reports whether a field has an error.
func (v *ValidationError) Has(field string) bool { _, ok := v.Fields[field]; return ok }

// Order returns the fields in the order their errors were added.
func (v *ValidationError) Order() []string { return v.order }

// Err returns v as an error, or nil when nothing was recorded.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.order))
	for _, f := range v.order {
		parts = append(parts, f+": "+v.Fields[f].String())
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Invalid returns a validation error with a single field message.
func Invalid(field, key string, kv ...any) error {
	v := &ValidationError{}
	v.Addf(field, key, kv...)
	return v
}

// StateError explains why an action is refused in the object's current state.
type StateError struct{ Msg Msg }

func (e *StateError) Error() string { return "invalid state: " + e.Msg.String() }
func (e *StateError) Unwrap() error { return ErrInvalidState }

// Refuse returns a StateError with a translatable reason.
func Refuse(key string, kv ...any) error { return &StateError{Msg: M(key, kv...)} }

// ConflictError explains a conflict (duplicate key, concurrent edit).
type ConflictError struct{ Msg Msg }

func (e *ConflictError) Error() string { return "conflict: " + e.Msg.String() }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Conflict returns a ConflictError with a translatable reason.
func Conflict(key string, kv ...any) error { return &ConflictError{Msg: M(key, kv...)} }

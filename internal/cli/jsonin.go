package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/kinerja/kinerja/internal/calc"
)

// fieldError is an input error of a command, naming the offending field.
type fieldError struct {
	Field   string
	Message string
}

func (e *fieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func fieldErr(field, format string, args ...any) error {
	return &fieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// errorField returns the field an error names, if it names one.
func errorField(err error) string {
	var fe *fieldError
	var ie *calc.InputError
	switch {
	case errors.As(err, &fe):
		return fe.Field
	case errors.As(err, &ie):
		return ie.Field
	}
	return ""
}

// object reads a decoded JSON object (numbers as json.Number) field by field
// and remembers which keys were read, so that finish can refuse the rest.
// Keys match exactly, unlike encoding/json's case-insensitive matching.
type object struct {
	path string
	m    map[string]any
	read map[string]bool
}

func newObject(path string, v any) (*object, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fieldErr(path, "must be an object, got %s", kindOf(v))
	}
	return &object{path: path, m: m, read: map[string]bool{}}, nil
}

func (o *object) at(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// get returns the value of key; absent and null are both "no value".
func (o *object) get(key string) (any, bool) {
	o.read[key] = true
	v, ok := o.m[key]
	return v, ok && v != nil
}

// finish refuses keys nobody read: they are typos or unsupported fields.
func (o *object) finish() error {
	var unknown []string
	for k := range o.m {
		if !o.read[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fieldErr(o.at(unknown[0]), "unknown field")
}

func (o *object) str(key string, required bool) (string, error) {
	v, ok := o.get(key)
	if !ok {
		if required {
			return "", fieldErr(o.at(key), "required")
		}
		return "", nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", fieldErr(o.at(key), "must be a string, got %s", kindOf(v))
	}
	return s, nil
}

func (o *object) boolean(key string) (bool, error) {
	v, ok := o.get(key)
	if !ok {
		return false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, fieldErr(o.at(key), "must be true or false, got %s", kindOf(v))
	}
	return b, nil
}

// num reads an optional number; absent or null gives an undefined Opt.
func (o *object) num(key string) (calc.Opt, error) {
	v, ok := o.get(key)
	if !ok {
		return calc.Opt{}, nil
	}
	return number(o.at(key), v)
}

// reqNum reads a number that must be present.
func (o *object) reqNum(key string) (float64, error) {
	n, err := o.num(key)
	if err == nil && !n.OK {
		err = fieldErr(o.at(key), "required")
	}
	return n.V, err
}

func (o *object) integer(key string) (int, error) {
	v, ok := o.get(key)
	if !ok {
		return 0, fieldErr(o.at(key), "required")
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return 0, fieldErr(o.at(key), "must be a whole number, got %s", kindOf(v))
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		return 0, fieldErr(o.at(key), "must be a whole number, got %s", n)
	}
	return int(i), nil
}

// array reads an optional list; ok is false when absent or null.
func (o *object) array(key string) (items []any, ok bool, err error) {
	v, ok := o.get(key)
	if !ok {
		return nil, false, nil
	}
	a, isArr := v.([]any)
	if !isArr {
		return nil, false, fieldErr(o.at(key), "must be a list, got %s", kindOf(v))
	}
	return a, true, nil
}

func (o *object) reqArray(key string) ([]any, error) {
	a, ok, err := o.array(key)
	if err == nil && !ok {
		err = fieldErr(o.at(key), "required")
	}
	return a, err
}

// quarters reads a list of exactly four numbers or nulls.
func (o *object) quarters(key string) ([4]calc.Opt, error) {
	var q [4]calc.Opt
	a, err := o.reqArray(key)
	if err != nil {
		return q, err
	}
	if len(a) != 4 {
		return q, fieldErr(o.at(key), "must have 4 entries, one per quarter, got %d", len(a))
	}
	for i, v := range a {
		if v == nil {
			continue
		}
		if q[i], err = number(fmt.Sprintf("%s[%d]", o.at(key), i), v); err != nil {
			return q, err
		}
	}
	return q, nil
}

func number(field string, v any) (calc.Opt, error) {
	n, ok := v.(json.Number)
	if !ok {
		return calc.Opt{}, fieldErr(field, "must be a number or null, got %s", kindOf(v))
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return calc.Opt{}, fieldErr(field, "number %s is out of range", n)
	}
	if err := calc.CheckInput(field, f); err != nil {
		return calc.Opt{}, err
	}
	return calc.Some(f), nil
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

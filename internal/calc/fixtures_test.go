package calc

import (
	"errors"
	"math"
	"testing"
)

func defaultRules(tb testing.TB) *RuleSet {
	tb.Helper()
	rs, err := GetRuleSet(DefaultRuleSetID)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// approx reports whether a and b agree to 1e-9, relative for large values.
func approx(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func optsOf(vs ...any) [4]Opt {
	var o [4]Opt
	for i, v := range vs {
		switch x := v.(type) {
		case nil:
		case int:
			o[i] = Some(float64(x))
		case float64:
			o[i] = Some(x)
		}
	}
	return o
}

// wantField checks that err is an *InputError naming field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v, want an *InputError for %s", err, field)
	}
	if ie.Field != field {
		t.Fatalf("error names field %q (%v), want %q", ie.Field, err, field)
	}
}

var kmkScale = []ScalePoint{{0, 0}, {90, 100}, {100, 120}}

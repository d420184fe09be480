package calc

import (
	"encoding/json"
	"fmt"
	"math"
)

// Opt is an optional number. The zero value means "no value" (a quarter
// without a target, a realisation not yet reported), so arrays of Opt need
// neither pointers nor allocation. JSON null maps to the zero value.
type Opt struct {
	V  float64
	OK bool
}

// Some returns a defined Opt holding v.
func Some(v float64) Opt { return Opt{V: v, OK: true} }

// Or returns the value, or def when it is undefined.
func (o Opt) Or(def float64) float64 {
	if o.OK {
		return o.V
	}
	return def
}

// MarshalJSON writes the number, or null when undefined.
func (o Opt) MarshalJSON() ([]byte, error) {
	if !o.OK {
		return []byte("null"), nil
	}
	return json.Marshal(o.V)
}

// UnmarshalJSON reads a number or null.
func (o *Opt) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Opt{}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// String formats the value for debugging; "-" when undefined.
func (o Opt) String() string {
	if !o.OK {
		return "-"
	}
	return fmt.Sprint(o.V)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

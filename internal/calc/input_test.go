package calc

import (
	"errors"
	"math"
	"testing"
)

func TestCheckInput(t *testing.T) {
	for _, c := range []struct {
		x   float64
		key string // "" when accepted
	}{
		{0, ""}, {99.5, ""}, {-1234.56, ""}, {1e15, ""}, {-1e15, ""}, {5e-324, ""}, {-math.SmallestNonzeroFloat64, ""},
		{math.Nextafter(1e15, 2e15), "err.magnitude"}, {-1.5e15, "err.magnitude"}, {1e308, "err.magnitude"}, {-math.MaxFloat64, "err.magnitude"},
		{math.Inf(1), "err.not_finite"}, {math.Inf(-1), "err.not_finite"}, {math.NaN(), "err.not_finite"},
	} {
		err := CheckInput("targets[2]", c.x)
		if InputOK(c.x) != (c.key == "") {
			t.Errorf("InputOK(%v) = %v", c.x, InputOK(c.x))
		}
		if c.key == "" {
			if err != nil {
				t.Errorf("CheckInput(%v) = %v", c.x, err)
			}
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Key != c.key || ie.Field != "targets[2]" {
			t.Errorf("CheckInput(%v) = %v, want %s on targets[2]", c.x, err, c.key)
			continue
		}
		if ie.Message("en") == ie.Key || ie.Message("id") == ie.Message("en") {
			t.Errorf("CheckInput(%v): messages %q / %q", c.x, ie.Message("id"), ie.Message("en"))
		}
	}
}

func TestImplausible(t *testing.T) {
	for _, c := range []struct {
		name string
		r, t Opt
		unit string
		want Doubt
	}{
		{"the issue's example: 1.234,56 % against 99,5", Some(1234.56), Some(99.5), "%", DoubtPercent},
		{"a percentage of 100 is fine", Some(100), Some(99.5), "%", DoubtNone},
		{"just above 100 %", Some(100.01), Some(99.5), " Persen ", DoubtPercent},
		{"a percentage of an indicator targeting above 100", Some(101), Some(105), "%", DoubtPercent},
		{"ten times the target is fine", Some(1000), Some(100), "dokumen", DoubtNone},
		{"more than ten times", Some(1000.5), Some(100), "dokumen", DoubtFarFromTarget},
		{"more than ten times a negative target", Some(-1001), Some(-100), "Rp", DoubtFarFromTarget},
		{"far below a negative target's size", Some(5), Some(-100), "Rp", DoubtNone},
		{"a tenth of the target is not flagged", Some(0.01), Some(100), "hari", DoubtNone},
		{"a target of 0 has no multiple", Some(50), Some(0), "hari", DoubtNone},
		{"no target", Some(5000), Opt{}, "jumlah", DoubtNone},
		{"no value", Opt{}, Some(1), "%", DoubtNone},
		{"a % value far above a small target: percent first", Some(150), Some(5), "%", DoubtPercent},
		{"a % value far above a small target but within 100", Some(60), Some(5), "%", DoubtFarFromTarget},
	} {
		if got := Implausible(c.r, c.t, c.unit); got != c.want {
			t.Errorf("%s: Implausible(%v, %v, %q) = %q, want %q", c.name, c.r, c.t, c.unit, got, c.want)
		}
	}
}

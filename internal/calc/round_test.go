package calc

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestRound2(t *testing.T) {
	tests := []struct{ x, want float64 }{
		{0, 0},
		{110.00000000000001, 110},
		{111.11111111111111, 111.11},
		{0.125, 0.13}, // exact binary tie: away from zero
		{-0.125, -0.13},
		{1.005, 1.01}, // 1.00499999… in binary, 1.005 as written
		{2.675, 2.68},
		{1.175, 1.18},
		{-1.005, -1.01},
		{99.995, 100},
		{99.994999, 99.99},
		{0.5, 0.5},
		{0.004999, 0},
		{123456789.125, 123456789.13},
		{9999999.995, 10000000},
		{1e20, 1e20},
		{-1e300, -1e300},
	}
	for _, tt := range tests {
		if got := Round2(tt.x); got != tt.want {
			t.Errorf("Round2(%v) = %v, want %v", tt.x, got, tt.want)
		}
	}
	if got := Round2(-0.001); got != 0 || math.Signbit(got) {
		t.Errorf("Round2(-0.001) = %v, want +0", got)
	}
	if got := Round2(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Round2(NaN) = %v", got)
	}
	if got := Round2(math.Inf(-1)); !math.IsInf(got, -1) {
		t.Errorf("Round2(-Inf) = %v", got)
	}
}

// The fast path agrees with the decimal definition.
func TestRound2FastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200000; i++ {
		var x float64
		switch i % 3 {
		case 0:
			x = (r.Float64()*2 - 1) * 1e6
		case 1:
			x = float64(r.IntN(24000000)-12000000)/1000 + 0.005 // near ties
		default:
			x = float64(r.IntN(2000000)-1000000) / 8 // exact binary ties
		}
		if got, want := Round2(x), round2Decimal(x); got != want {
			t.Fatalf("Round2(%v) = %v, decimal rounding gives %v", x, got, want)
		}
	}
}

func FuzzRound2(f *testing.F) {
	for _, x := range []float64{0, 1.005, -2.675, 99.995, 1e15, 123.456, 5e-324, math.MaxFloat64} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		got := Round2(x)
		if !finite(x) {
			return
		}
		if got != round2Decimal(x) {
			t.Fatalf("Round2(%v) = %v, decimal %v", x, got, round2Decimal(x))
		}
		if math.Abs(got-x) > 0.005+1e-9*math.Abs(x) {
			t.Fatalf("Round2(%v) = %v is too far", x, got)
		}
	})
}

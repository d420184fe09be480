package calc

import (
	"math"
	"strconv"
)

// Round2 rounds x to two decimals, half away from zero, as the decimal
// number Go prints for x (the shortest representation that reads back as x).
// So Round2(1.005) is 1.01 and Round2(1.175) is 1.18, as by hand, although
// neither is exact in binary. It is for display, export and classification;
// computations keep full precision.
func Round2(x float64) float64 {
	if !finite(x) {
		return x
	}
	a := math.Abs(x)
	// Below 1e6 the error of a*100 is far below 1e-6, so a fraction not
	// within 1e-6 of one half is decided by the binary value alone. Ties and
	// near-ties take the exact decimal path.
	if a < 1e6 {
		y := a * 100
		f := math.Floor(y)
		if d := y - f; math.Abs(d-0.5) > 1e-6 {
			if d > 0.5 {
				f++
			}
			if f == 0 {
				return 0
			}
			return math.Copysign(f/100, x)
		}
	}
	return round2Decimal(x)
}

// round2Decimal rounds the shortest decimal representation of x.
func round2Decimal(x float64) float64 {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	if len(frac) <= 2 {
		return x
	}
	digits := []byte(intPart + frac[:2])
	if frac[2] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits)
	v, err := strconv.ParseFloat(string(digits[:n-2])+"."+string(digits[n-2:]), 64)
	if err != nil {
		return x // out of float range: nothing sensible to round
	}
	if v == 0 {
		return 0
	}
	return math.Copysign(v, x)
}

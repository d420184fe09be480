package palette

import (
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
)

func TestInkIsReadable(t *testing.T) {
	for _, s := range []Status{StatusNone, StatusGreen, StatusYellow, StatusRed} {
		if c := Contrast(s.Fill(), s.Ink()); c < 4 {
			t.Errorf("%v: contrast %.2f of ink %s on %s is below 4", s.Name("en"), c, s.Ink().Hex(), s.Fill().Hex())
		}
	}
	if StatusYellow.Ink() != Text {
		t.Errorf("yellow should carry dark text")
	}
	if StatusRed.Ink() != White || StatusGreen.Ink() != White {
		t.Errorf("red and green should carry white text")
	}
}

func TestHexAndNames(t *testing.T) {
	if got := Green.Hex(); got != "#1e8e3e" {
		t.Errorf("Hex = %q", got)
	}
	if StatusRed.Name("id") != "Merah" || StatusRed.Name("en") != "Red" {
		t.Errorf("names: %q %q", StatusRed.Name("id"), StatusRed.Name("en"))
	}
}

func TestOf(t *testing.T) {
	for _, c := range []struct {
		in   calc.Status
		want Status
	}{
		{calc.StatusGreen, StatusGreen}, {calc.StatusYellow, StatusYellow}, {calc.StatusRed, StatusRed},
		{calc.StatusNone, StatusNone}, {calc.Status("blue"), StatusNone},
	} {
		if got := Of(c.in); got != c.want {
			t.Errorf("Of(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

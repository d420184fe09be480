// Package palette holds the colours shared by every report output (SVG
// charts, PDF, spreadsheets), so a status looks the same everywhere.
package palette

import (
	"fmt"
	"math"

	"github.com/kinerja/kinerja/internal/calc"
)

// RGB is an opaque sRGB colour.
type RGB struct{ R, G, B uint8 }

// Hex returns the colour as "#rrggbb".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// luminance is the WCAG relative luminance of c.
func (c RGB) luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast returns the WCAG contrast ratio between a and b (1 to 21).
func Contrast(a, b RGB) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Ink returns the text colour (Text or White) that reads best on a
// background of colour c.
func (c RGB) Ink() RGB {
	if Contrast(c, White) >= Contrast(c, Text) {
		return White
	}
	return Text
}

// Neutral and accent colours.
var (
	White     = RGB{0xff, 0xff, 0xff}
	Text      = RGB{0x20, 0x21, 0x24} // body text
	Muted     = RGB{0x5f, 0x63, 0x68} // secondary text, axes, reference lines
	Grid      = RGB{0xda, 0xdc, 0xe0} // grid lines and borders
	Band      = RGB{0xf1, 0xf3, 0xf4} // light backgrounds (zebra rows, bands)
	HeaderBg  = RGB{0xe8, 0xea, 0xed} // table header background
	Primary   = RGB{0x1a, 0x57, 0x9e} // first data series
	Secondary = RGB{0x8e, 0x44, 0xad} // second data series
	Tertiary  = RGB{0x00, 0x7b, 0x83} // third data series
	Fourth    = RGB{0xb0, 0x5a, 0x00} // fourth data series
)

// Series returns the colour of the i-th data series, cycling through four
// colours that stay distinct when printed in grey.
func Series(i int) RGB {
	s := [...]RGB{Primary, Secondary, Tertiary, Fourth}
	if i < 0 {
		i = -i
	}
	return s[i%len(s)]
}

// Status is the traffic-light status of an achievement. The zero value means
// no status (not yet measured, or not applicable).
type Status int

// Statuses.
const (
	StatusNone Status = iota
	StatusGreen
	StatusYellow
	StatusRed
)

// Of is the traffic light of the rule engine's status.
func Of(s calc.Status) Status {
	switch s {
	case calc.StatusGreen:
		return StatusGreen
	case calc.StatusYellow:
		return StatusYellow
	case calc.StatusRed:
		return StatusRed
	}
	return StatusNone
}

// Status colours.
var (
	Green  = RGB{0x1e, 0x8e, 0x3e}
	Yellow = RGB{0xf9, 0xab, 0x00}
	Red    = RGB{0xd9, 0x30, 0x25}
	Grey   = RGB{0xbd, 0xc1, 0xc6}
)

// Fill returns the background colour of s.
func (s Status) Fill() RGB {
	switch s {
	case StatusGreen:
		return Green
	case StatusYellow:
		return Yellow
	case StatusRed:
		return Red
	default:
		return Grey
	}
}

// Ink returns the text colour to use on s's fill (dark on yellow and grey,
// white on green and red).
func (s Status) Ink() RGB { return s.Fill().Ink() }

// Name returns the colour name of s in lang ("en…" for English, otherwise
// Indonesian), used as the status text wherever colour alone would be lost
// in black-and-white print.
func (s Status) Name(lang string) string {
	en := len(lang) >= 2 && (lang[:2] == "en" || lang[:2] == "EN" || lang[:2] == "En")
	switch s {
	case StatusGreen:
		if en {
			return "Green"
		}
		return "Hijau"
	case StatusYellow:
		if en {
			return "Yellow"
		}
		return "Kuning"
	case StatusRed:
		if en {
			return "Red"
		}
		return "Merah"
	default:
		if en {
			return "No status"
		}
		return "Tanpa status"
	}
}

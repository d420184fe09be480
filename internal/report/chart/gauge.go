package chart

import (
	"fmt"
	"math"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// Gauge shows a single score on a half-circle scale, e.g. an NKO of 104.35
// with its predicate "Baik".
type Gauge struct {
	Meta
	Value float64 // NaN: no score yet
	// Min and Max bound the scale; default 0–120 when Max <= Min.
	Min, Max float64
	// Label is drawn under the value, e.g. "NKO Triwulan III".
	Label string
	// Predicate is the verbal grade, e.g. "Baik".
	Predicate string
	// Status colours the value arc; the status name is also printed.
	Status palette.Status
	// Bands colour the thin outer scale; DefaultBands when nil.
	Bands []Band
}

// Table returns the score as one row.
func (g Gauge) Table() DataTable {
	st := ""
	if g.Status != palette.StatusNone {
		st = g.Status.Name(g.Lang)
	}
	return DataTable{
		Caption: g.Title,
		Header:  []string{"", word(g.Lang, "Nilai", "Value"), word(g.Lang, "Predikat", "Grade"), "Status"},
		Rows:    [][]string{{g.Label, fig(g.Lang, clean(g.Value)), g.Predicate, st}},
	}
}

// SVG returns the gauge markup.
func (g Gauge) SVG() string {
	const w, h = 300.0, 210.0
	lo, hi := g.Min, g.Max
	if !(hi > lo) || math.IsInf(hi, 0) || math.IsInf(lo, 0) {
		lo, hi = 0, 120
	}
	v := clean(g.Value)
	desc := fig(g.Lang, v)
	if g.Label != "" {
		desc = g.Label + ": " + desc
	}
	if g.Predicate != "" {
		desc += " (" + g.Predicate + ")"
	}
	cv := begin(g.Meta, chartID(g.Meta, "gauge", desc), w, h, desc)

	cx, cy, r := w/2, 150.0, 110.0
	// angle maps a value to the half circle, from 180° (min) to 0° (max).
	angle := func(x float64) float64 {
		x = min(max(x, lo), hi)
		return math.Pi * (1 - (x-lo)/(hi-lo))
	}
	pt := func(a, rad float64) (float64, float64) { return cx + rad*math.Cos(a), cy - rad*math.Sin(a) }
	arc := func(from, to, rad float64) string {
		x0, y0 := pt(angle(from), rad)
		x1, y1 := pt(angle(to), rad)
		return fmt.Sprintf("M%s %sA%s %s 0 0 1 %s %s", f(x0), f(y0), f(rad), f(rad), f(x1), f(y1))
	}

	// Track, then the value arc in the status colour.
	fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="22"/>`, arc(lo, hi, r-14), palette.Band.Hex())
	if !math.IsNaN(v) && v > lo {
		fill := g.Status.Fill()
		if g.Status == palette.StatusNone {
			fill = palette.Primary
		}
		fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="22"/>`, arc(lo, v, r-14), fill.Hex())
		if p := cv.patternURL(g.Status); p != "" {
			fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="22"/>`, arc(lo, v, r-14), p)
		}
	}

	// Outer band scale with tick labels at the band edges.
	bands := g.Bands
	if bands == nil {
		bands = DefaultBands()
	}
	ticks := []float64{lo, hi}
	for i, b := range bands {
		from := max(b.From, lo)
		to := hi
		for j, o := range bands {
			if j != i && o.From > b.From && o.From < to {
				to = o.From
			}
		}
		if math.IsNaN(from) || from >= to {
			continue
		}
		fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="5"/>`, arc(from, to, r), b.Status.Fill().Hex())
		if from > lo && from < hi {
			ticks = append(ticks, from)
		}
	}
	for _, t := range ticks {
		x0, y0 := pt(angle(t), r+3)
		x1, y1 := pt(angle(t), r-27)
		cv.line(x0, y0, x1, y1, ` stroke="`+palette.Text.Hex()+`" stroke-width="1"`)
		lx, ly := pt(angle(t), r+14)
		anchor := "middle"
		if lx < cx-10 {
			anchor = "end"
		} else if lx > cx+10 {
			anchor = "start"
		}
		cv.text(lx, ly+4, num(g.Lang, t), ` text-anchor="`+anchor+`" font-size="11" fill="`+palette.Muted.Hex()+`"`)
	}
	// Needle mark at the value, so it reads without colour.
	if !math.IsNaN(v) {
		x0, y0 := pt(angle(v), r-30)
		x1, y1 := pt(angle(v), r+4)
		cv.line(x0, y0, x1, y1, ` stroke="`+palette.Text.Hex()+`" stroke-width="3" stroke-linecap="round"`)
	}

	cv.text(cx, cy-18, fig(g.Lang, v), ` text-anchor="middle" font-size="34" font-weight="bold" fill="`+palette.Text.Hex()+`"`)
	sub := g.Predicate
	if g.Status != palette.StatusNone {
		if sub != "" {
			sub += " · "
		}
		sub += g.Status.Name(g.Lang)
	}
	if sub != "" {
		cv.text(cx, cy+6, sub, ` text-anchor="middle" font-size="14" font-weight="bold" fill="`+palette.Muted.Hex()+`"`)
	}
	if g.Label != "" {
		lines := wrap(g.Label, w-20, 13, 2)
		cv.multiline(cx, cy+32, 15, lines, ` text-anchor="middle" font-size="13" fill="`+palette.Text.Hex()+`"`)
	}
	return cv.end()
}

package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// Bar is one bar of a BarChart.
type Bar struct {
	Label  string
	Value  float64 // NaN: no bar, "–" printed
	Status palette.Status
}

// BarChart draws horizontal bars, e.g. achievement per perspective or per
// unit, with status colours (hatched for yellow, cross-hatched for red, so
// they differ in grey print) and reference lines such as 100.
type BarChart struct {
	Meta
	Bars []Bar
	Refs []RefLine
	// Max fixes the end of the axis when > 0; longer bars stop at the edge
	// (their printed value stays exact). Otherwise the axis fits the
	// data and the references.
	Max float64
}

const barW = 640.0

// Table returns one row per bar: label, value and status.
func (c BarChart) Table() DataTable {
	t := DataTable{Caption: c.Title, Header: []string{"", word(c.Lang, "Nilai", "Value"), word(c.Lang, "Status", "Status")}}
	for _, b := range c.Bars {
		st := ""
		if b.Status != palette.StatusNone {
			st = b.Status.Name(c.Lang)
		}
		t.Rows = append(t.Rows, []string{b.Label, fig(c.Lang, clean(b.Value)), st})
	}
	return t
}

// SVG returns the chart markup.
func (c BarChart) SVG() string {
	if len(c.Bars) == 0 {
		return noData(c.Meta, "bar", barW, 120)
	}
	var parts []string
	vals := make([]float64, len(c.Bars))
	for i, b := range c.Bars {
		vals[i] = clean(b.Value)
		parts = append(parts, b.Label+": "+fig(c.Lang, vals[i]))
	}
	desc := strings.Join(parts, "; ")
	labelW, lines := c.labelColumn()
	statuses := c.statuses()

	const rowH = 30.0
	top := 24.0 // room for reference labels
	bottomAxis := top + rowH*float64(len(c.Bars))
	h := bottomAxis + 28
	if len(statuses) > 0 {
		h += 24
	}
	cv := begin(c.Meta, chartID(c.Meta, "bar", desc), barW, h, desc)
	sc := c.scale(vals)
	left, right := labelW, barW-56 // space on the right for value labels
	xOf := func(v float64) float64 { return sc.pos(v, left, right) }

	for _, t := range sc.ticks {
		if t < sc.min || t > sc.max {
			continue
		}
		x := xOf(t)
		cv.line(x, top, x, bottomAxis, ` stroke="`+palette.Grid.Hex()+`" stroke-width="1"`)
		cv.text(x, bottomAxis+16, num(c.Lang, t), ` text-anchor="middle" font-size="11" fill="`+palette.Muted.Hex()+`"`)
	}
	zero := xOf(0)
	// Bars first, then the axis and reference lines over them, then the
	// value labels with a halo on top of everything.
	var labels []barLabel
	for i, b := range c.Bars {
		y := top + rowH*float64(i)
		ly := y + rowH/2 + 4 - float64(len(lines[i])-1)*7
		cv.multiline(left-10, ly, 14, lines[i], ` text-anchor="end" font-size="12" fill="`+palette.Text.Hex()+`"`)
		if lb, ok := c.bar(cv, b, vals[i], zero, xOf(vals[i]), y, rowH); ok {
			labels = append(labels, lb)
		}
	}
	cv.line(zero, top, zero, bottomAxis, ` stroke="`+palette.Muted.Hex()+`" stroke-width="1"`)
	for _, r := range c.Refs {
		v := clean(r.Value)
		if math.IsNaN(v) || v < sc.min || v > sc.max {
			continue
		}
		x := xOf(v)
		cv.line(x, top-4, x, bottomAxis, ` stroke="`+palette.Text.Hex()+`" stroke-width="1.5" stroke-dasharray="5 3"`)
		label := r.Label
		if label == "" {
			label = num(c.Lang, v)
		}
		cv.text(x, top-8, label, ` text-anchor="middle" font-size="11" fill="`+palette.Text.Hex()+`"`)
	}
	for _, l := range labels {
		anchor := ""
		if l.right {
			anchor = ` text-anchor="end"`
		}
		cv.text(l.x, l.y, l.text, anchor+` font-size="12" font-weight="bold" fill="`+palette.Text.Hex()+`"`+halo)
	}
	if len(statuses) > 0 {
		cv.statusLegend(left, h-10, c.Lang, statuses, nil)
	}
	return cv.end()
}

// labelColumn returns the width of the label column, as wide as the longest
// label within 20–40 % of the width, and each bar's label wrapped into it.
func (c BarChart) labelColumn() (float64, [][]string) {
	labelW := 0.0
	for _, b := range c.Bars {
		labelW = max(labelW, textWidth(b.Label, 12))
	}
	// The estimate is for average fonts; wide ones (DejaVu Sans, first in
	// the font stack on Linux) need up to 15 % more.
	labelW = min(max(labelW*1.15+12, barW*0.2), barW*0.4)
	lines := make([][]string, len(c.Bars))
	for i, b := range c.Bars {
		lines[i] = wrap(b.Label, labelW-12, 12, 2)
		if len(lines[i]) == 0 {
			lines[i] = []string{""}
		}
	}
	return labelW, lines
}

// statuses lists the colours the bars use, in the legend's order.
func (c BarChart) statuses() []palette.Status {
	var statuses []palette.Status
	seen := map[palette.Status]bool{}
	for _, b := range c.Bars {
		if b.Status != palette.StatusNone && !seen[b.Status] {
			seen[b.Status] = true
		}
	}
	for _, s := range []palette.Status{palette.StatusGreen, palette.StatusYellow, palette.StatusRed} {
		if seen[s] {
			statuses = append(statuses, s)
		}
	}
	return statuses
}

// scale is the x-axis: from zero (or below) to Max when fixed, else to a
// little beyond the data and the references.
func (c BarChart) scale(vals []float64) scale {
	lo, hi := dataRange(vals, refValues(c.Refs), []float64{0})
	if math.IsNaN(hi) {
		lo, hi = 0, 100
	}
	if c.Max > 0 && !math.IsInf(c.Max, 0) {
		sc := niceScale(min(lo, 0), c.Max, 6)
		sc.max = c.Max
		return sc
	}
	return niceScale(min(lo, 0), hi*1.05, 6)
}

// barLabel is a bar's value, written after all bars.
type barLabel struct {
	x, y  float64
	text  string
	right bool
}

// bar draws one bar from zero to x (a dash when its value is missing) and
// returns its value label.
func (c BarChart) bar(cv *canvas, b Bar, v, zero, x, y, rowH float64) (barLabel, bool) {
	if math.IsNaN(v) {
		cv.text(zero+6, y+rowH/2+4, "–", ` font-size="12" fill="`+palette.Muted.Hex()+`"`)
		return barLabel{}, false
	}
	x0, x1 := zero, x
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	fill := b.Status.Fill()
	if b.Status == palette.StatusNone {
		fill = palette.Primary
	}
	fmt.Fprintf(&cv.b, `<g><title>%s</title>`, esc(b.Label+": "+fig(c.Lang, v)))
	cv.statusRect(x0, y+6, max(x1-x0, 1), rowH-12, b.Status, fill, "")
	cv.raw(`</g>`)
	if v >= 0 {
		return barLabel{x1 + 5, y + rowH/2 + 4, fig(c.Lang, v), false}, true
	}
	return barLabel{x0 - 5, y + rowH/2 + 4, fig(c.Lang, v), true}, true
}

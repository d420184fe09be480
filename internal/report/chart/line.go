package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// Series is one line of a LineChart. Values align with the chart's Labels;
// NaN marks a missing value (a gap in the line).
type Series struct {
	Name   string
	Values []float64
}

// LineChart is a trend over categories such as the quarters Q1–Q4.
type LineChart struct {
	Meta
	Labels []string // x-axis categories
	Series []Series
	Refs   []RefLine // e.g. {Value: 100}
	// Min and Max fix the y-axis when Max > Min; values outside are drawn at
	// the edge. Otherwise the axis fits the data, the references and zero.
	Min, Max float64
	// ValueLabels prints each value next to its point.
	ValueLabels bool
}

const (
	lineW = 640.0
	lineH = 320.0
)

// points returns the number of categories: the labels, or the longest series.
func (c LineChart) points() int {
	n := len(c.Labels)
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	return n
}

func (c LineChart) label(i int) string {
	if i < len(c.Labels) {
		return c.Labels[i]
	}
	return fmt.Sprint(i + 1)
}

func value(vals []float64, i int) float64 {
	if i >= 0 && i < len(vals) {
		return clean(vals[i])
	}
	return math.NaN()
}

// hasData reports whether any series has a defined value.
func (c LineChart) hasData() bool {
	lo, _ := dataRange(c.seriesValues()...)
	return !math.IsNaN(lo)
}

func (c LineChart) seriesValues() [][]float64 {
	vs := make([][]float64, len(c.Series))
	for i, s := range c.Series {
		vs[i] = s.Values
	}
	return vs
}

// Table returns the data: one row per category, one column per series.
func (c LineChart) Table() DataTable {
	t := DataTable{Caption: c.Title, Header: []string{""}}
	for i, s := range c.Series {
		t.Header = append(t.Header, seriesName(c.Lang, s.Name, i))
	}
	for i := 0; i < c.points(); i++ {
		row := []string{c.label(i)}
		for _, s := range c.Series {
			row = append(row, fig(c.Lang, value(s.Values, i)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func seriesName(lang, name string, i int) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("%s %d", word(lang, "Seri", "Series"), i+1)
}

// summary describes the series as text for <desc>.
func (c LineChart) summary() string {
	var parts []string
	for i, s := range c.Series {
		var vals []string
		for j := 0; j < c.points(); j++ {
			vals = append(vals, c.label(j)+" "+fig(c.Lang, value(s.Values, j)))
		}
		parts = append(parts, seriesName(c.Lang, s.Name, i)+": "+strings.Join(vals, ", "))
	}
	return strings.Join(parts, "; ")
}

// SVG returns the chart markup.
func (c LineChart) SVG() string {
	if c.points() == 0 || !c.hasData() {
		return noData(c.Meta, "line", lineW, 120)
	}
	desc := c.summary()
	cv := begin(c.Meta, chartID(c.Meta, "line", desc), lineW, lineH, desc)
	top := 20.0
	if len(c.Series) > 1 || (len(c.Series) == 1 && c.Series[0].Name != "") {
		top = 40 // room for the legend
	}
	n := c.points()
	p := linePlot{c: c, cv: cv, sc: c.scale(), n: n, top: top, left: 52.0, right: lineW - 20, bottom: lineH - 34}
	p.step = (p.right - p.left) / float64(n)
	p.axes()
	p.refs()
	for si, s := range c.Series {
		p.series(si, s)
	}
	if top > 20 {
		p.legend()
	}
	return cv.end()
}

// scale is the y-axis: the one asked for, else one that fits the data and
// the references, not zero: a trend around 100 should not be squashed into
// the top of the chart.
func (c LineChart) scale() scale {
	if c.Max > c.Min && !math.IsNaN(c.Max) && !math.IsNaN(c.Min) {
		sc := niceScale(c.Min, c.Max, 6)
		sc.min, sc.max = c.Min, c.Max
		return sc
	}
	lo, hi := dataRange(append(c.seriesValues(), refValues(c.Refs))...)
	pad := max((hi-lo)*0.1, math.Abs(hi)*0.02, 1)
	floor := lo - pad
	if lo >= 0 && floor < 0 {
		floor = 0
	}
	return niceScale(floor, hi+pad, 5)
}

// linePlot is a line chart being drawn: its canvas, scale and plot area.
type linePlot struct {
	c                        LineChart
	cv                       *canvas
	sc                       scale
	n                        int
	top, left, right, bottom float64
	step                     float64
}

func (p *linePlot) x(i int) float64     { return p.left + p.step*(float64(i)+0.5) }
func (p *linePlot) y(v float64) float64 { return p.sc.pos(v, p.bottom, p.top) }

// lineDash tells series apart without colour.
func lineDash(si int) string {
	return [...]string{"", ` stroke-dasharray="8 4"`, ` stroke-dasharray="2 3"`, ` stroke-dasharray="10 3 2 3"`}[si%4]
}

// axes draws the grid, the y-axis labels and the points' labels.
func (p *linePlot) axes() {
	c, cv := p.c, p.cv
	for _, t := range p.sc.ticks {
		if t < p.sc.min || t > p.sc.max {
			continue
		}
		y := p.y(t)
		cv.line(p.left, y, p.right, y, ` stroke="`+palette.Grid.Hex()+`" stroke-width="1"`)
		cv.text(p.left-8, y+4, num(c.Lang, t), ` text-anchor="end" font-size="11" fill="`+palette.Muted.Hex()+`"`)
	}
	cv.line(p.left, p.bottom, p.right, p.bottom, ` stroke="`+palette.Muted.Hex()+`" stroke-width="1"`)
	for i := 0; i < p.n; i++ {
		cv.text(p.x(i), p.bottom+20, c.label(i), ` text-anchor="middle" font-size="12" fill="`+palette.Text.Hex()+`"`)
	}
}

// refs draws the reference lines, labelled at the right end.
func (p *linePlot) refs() {
	for _, r := range p.c.Refs {
		if math.IsNaN(clean(r.Value)) || r.Value < p.sc.min || r.Value > p.sc.max {
			continue
		}
		y := p.y(r.Value)
		p.cv.line(p.left, y, p.right, y, ` stroke="`+palette.Muted.Hex()+`" stroke-width="1.5" stroke-dasharray="6 4"`)
		label := r.Label
		if label == "" {
			label = num(p.c.Lang, r.Value)
		}
		p.cv.text(p.right, y-5, label, ` text-anchor="end" font-size="11" fill="`+palette.Muted.Hex()+`"`)
	}
}

// series draws one series: segments between defined neighbours, a marker
// on every point.
func (p *linePlot) series(si int, s Series) {
	col := palette.Series(si).Hex()
	if d, _ := pathData(s.Values, p.n, p.x, p.y); d != "" {
		fmt.Fprintf(&p.cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, d, col, lineDash(si))
	}
	for i := 0; i < p.n; i++ {
		v := value(s.Values, i)
		if math.IsNaN(v) {
			continue
		}
		x, y := p.x(i), p.y(v)
		p.cv.marker(si, x, y, col)
		if p.c.ValueLabels {
			p.valueLabel(si, i, x, y, v, col)
		}
	}
}

// valueLabel writes a point's value on the side away from the other series.
func (p *linePlot) valueLabel(si, i int, x, y, v float64, col string) {
	above := true
	for oi, o := range p.c.Series {
		if ov := value(o.Values, i); oi != si && !math.IsNaN(ov) && ov > v {
			above = false
		}
	}
	ly := y - 10
	if !above || ly < p.top+4 {
		ly = y + 18
	}
	p.cv.text(x, ly, fig(p.c.Lang, v), ` text-anchor="middle" font-size="11" font-weight="bold" fill="`+col+`" stroke="#fff" stroke-width="3" paint-order="stroke"`)
}

// legend draws a line sample, marker and name per series.
func (p *linePlot) legend() {
	x := p.left
	for si, s := range p.c.Series {
		col := palette.Series(si).Hex()
		p.cv.line(x, 14, x+24, 14, ` stroke="`+col+`" stroke-width="2.5"`+lineDash(si))
		p.cv.marker(si, x+12, 14, col)
		name := seriesName(p.c.Lang, s.Name, si)
		p.cv.text(x+30, 18, name, ` font-size="12" fill="`+palette.Text.Hex()+`"`)
		x += 30 + textWidth(name, 12) + 20
	}
}

// pathData is the path of the first n values: segments between defined
// neighbours, a gap at each NaN. last is the index of the last defined
// value (-1: none).
func pathData(vals []float64, n int, x func(int) float64, y func(float64) float64) (d string, last int) {
	var b strings.Builder
	pen := false
	last = -1
	for i := 0; i < n; i++ {
		v := value(vals, i)
		if math.IsNaN(v) {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%s %s ", cmd, f(x(i)), f(y(v)))
		pen = true
		last = i
	}
	return strings.TrimSpace(b.String()), last
}

// marker draws the point marker of series si: circle, square, triangle,
// diamond, so series differ without colour.
func (c *canvas) marker(si int, x, y float64, col string) {
	const r = 4.5
	switch si % 4 {
	case 0:
		fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="#fff" stroke-width="1.5"/>`, f(x), f(y), f(r), col)
	case 1:
		fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff" stroke-width="1.5"/>`, f(x-r), f(y-r), f(2*r), f(2*r), col)
	case 2:
		fmt.Fprintf(&c.b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff" stroke-width="1.5"/>`, f(x), f(y-r-1), f(x+r+1), f(y+r), f(x-r-1), f(y+r), col)
	default:
		fmt.Fprintf(&c.b, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff" stroke-width="1.5"/>`, f(x), f(y-r-1), f(x+r+1), f(y), f(x), f(y+r+1), f(x-r-1), f(y), col)
	}
}

// Sparkline is a tiny trend for a table cell, e.g. Q1–Q4 achievements. NaN
// values are gaps. It has no axes; the optional reference is a faint line.
type Sparkline struct {
	Meta
	Labels []string // names of the points, for the description and table
	Values []float64
	Refs   []RefLine
	// Width and Height in CSS pixels; default 80×20.
	Width, Height float64
}

// Table returns the data as one row.
func (s Sparkline) Table() DataTable {
	lc := LineChart{Meta: s.Meta, Labels: s.Labels, Series: []Series{{Values: s.Values}}}
	t := DataTable{Caption: s.Title}
	for i := 0; i < lc.points(); i++ {
		t.Header = append(t.Header, lc.label(i))
	}
	row := make([]string, 0, len(t.Header))
	for i := range t.Header {
		row = append(row, fig(s.Lang, value(s.Values, i)))
	}
	t.Rows = [][]string{row}
	return t
}

// SVG returns the sparkline markup.
func (s Sparkline) SVG() string {
	w, h := s.Width, s.Height
	if !(w > 0) {
		w = 80
	}
	if !(h > 0) {
		h = 20
	}
	lc := LineChart{Meta: s.Meta, Labels: s.Labels, Series: []Series{{Values: s.Values}}}
	desc := lc.summary()
	if !lc.hasData() {
		// A dash rather than a boxed "no data": the sparkline lives in a cell.
		cv := begin(s.Meta, chartID(s.Meta, "spark", "empty"), w, h, word(s.Lang, "Tidak ada data", "No data"))
		cv.line(w/2-6, h/2, w/2+6, h/2, ` stroke="`+palette.Muted.Hex()+`" stroke-width="1.5"`)
		return cv.end()
	}
	cv := begin(s.Meta, chartID(s.Meta, "spark", desc), w, h, desc)
	lo, hi := dataRange(s.Values, refValues(s.Refs))
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	pad := 3.0
	n := lc.points()
	xOf := func(i int) float64 {
		if n == 1 {
			return w / 2
		}
		return pad + (w-2*pad)*float64(i)/float64(n-1)
	}
	yOf := func(v float64) float64 { return h - pad - (v-lo)/(hi-lo)*(h-2*pad) }
	for _, r := range s.Refs {
		if v := clean(r.Value); !math.IsNaN(v) {
			cv.line(0, yOf(v), w, yOf(v), ` stroke="`+palette.Muted.Hex()+`" stroke-width="0.75" stroke-dasharray="2 2"`)
		}
	}
	d, last := pathData(s.Values, n, xOf, yOf)
	col := palette.Primary.Hex()
	fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`, d, col)
	// Dots on isolated points (no line to show them) and on the last value.
	for i := 0; i < n; i++ {
		v := value(s.Values, i)
		if math.IsNaN(v) {
			continue
		}
		isolated := math.IsNaN(value(s.Values, i-1)) && math.IsNaN(value(s.Values, i+1))
		if i == 0 {
			isolated = math.IsNaN(value(s.Values, 1))
		}
		if isolated || i == last {
			fmt.Fprintf(&cv.b, `<circle cx="%s" cy="%s" r="2" fill="%s"/>`, f(xOf(i)), f(yOf(v)), col)
		}
	}
	return cv.end()
}

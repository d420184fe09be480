// Package chart draws report charts as self-contained SVG markup: trend
// lines, bars, sparklines, gauges, heat maps and the strategy map.
//
// Every chart is a value whose SVG method returns the markup as a string. All
// text from the caller is XML-escaped here, so the result may be passed to
// html/template as template.HTML. Each SVG has role="img", a <title> and a
// <desc> referenced by aria-labelledby, and a viewBox so it scales with CSS
// (width and height attributes give its natural size; style it with
// max-width:100%; height:auto to fit a column). Colours come from package
// palette and are always doubled by text or a pattern so that charts stay
// readable in black-and-white print.
//
// A NaN value means "no value": lines get a gap, cells show "–", gauges show
// no arc. Infinite values are treated as NaN. Each chart has a Table method
// returning the same data as rows of text; callers render it as an HTML table
// next to the chart (e.g. in a <details> element) for screen readers and for
// copying figures.
package chart

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/palette"
)

// Meta holds what every chart needs besides its data.
type Meta struct {
	// Title names the chart for assistive technology (the SVG <title>); it is
	// not drawn, so show a visible caption in the page.
	Title string
	// Desc is the longer description (<desc>); when empty a summary of the
	// data is generated.
	Desc string
	// ID prefixes the ids inside the SVG. Charts inlined in one HTML page need
	// distinct ids; when empty one is derived from the chart's content.
	ID string
	// Lang selects number formatting and built-in words: "id" (default) or
	// "en".
	Lang string
}

// DataTable is the data of a chart as text, for an accessible table.
type DataTable struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// RefLine is a reference line, such as the target of 100.
type RefLine struct {
	Value float64
	// Label is drawn next to the line; when empty the value is drawn.
	Label string
}

// Band maps values to a status: a value gets the band with the greatest From
// not above it. Values below the first band get no status.
type Band struct {
	From   float64
	Status palette.Status
	// Label describes the band in legends, e.g. "≥ 100".
	Label string
}

// DefaultBands are the status bands of the default rule set: red below 80,
// yellow from 80, green from 100. Callers should pass the bands of the rule
// set in force.
func DefaultBands() []Band {
	return []Band{
		{From: math.Inf(-1), Status: palette.StatusRed, Label: "< 80"},
		{From: 80, Status: palette.StatusYellow, Label: "80 – < 100"},
		{From: 100, Status: palette.StatusGreen, Label: "≥ 100"},
	}
}

// bandOf returns the band status of v, StatusNone for NaN or below all bands.
func bandOf(bands []Band, v float64) (palette.Status, bool) {
	if math.IsNaN(v) {
		return palette.StatusNone, false
	}
	best, found := palette.StatusNone, false
	bestFrom := math.Inf(-1)
	for _, b := range bands {
		if v >= b.From && (!found || b.From >= bestFrom) {
			best, bestFrom, found = b.Status, b.From, true
		}
	}
	return best, found
}

// clean turns infinities into NaN so that only one "missing" value exists.
func clean(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

func isEN(lang string) bool { return len(lang) >= 2 && strings.EqualFold(lang[:2], "en") }

// word returns the Indonesian or English text for lang.
func word(lang, id, en string) string {
	if isEN(lang) {
		return en
	}
	return id
}

// num formats a scale value (an axis tick, a reference line, a weight):
// up to two decimals, "–" for NaN.
func num(lang string, v float64) string { return i18n.FormatNumberTrim(lang, v, 2) }

// fig formats a data value, an achievement or a score, with two decimals as
// every page and document prints it (104,30, not 104,3); "–" for NaN.
func fig(lang string, v float64) string { return i18n.FormatNumber(lang, v, 2) }

// esc escapes s for XML text and attribute values; invalid characters become
// U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// f formats a coordinate with at most two decimals and never NaN.
func f(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// halo outlines text in white so it stays readable over lines and patterns.
const halo = ` stroke="#fff" stroke-width="3" paint-order="stroke"`

// fontStack is used for all text; sans-serif fonts print well at small sizes.
const fontStack = `'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif`

// canvas accumulates SVG markup.
type canvas struct {
	b   strings.Builder
	id  string
	w   float64
	h   float64
	pat bool // status patterns defined
}

// safeID keeps the characters allowed in an id and makes it start with a
// letter.
func safeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = "c" + out
	}
	return out
}

// chartID returns m.ID made safe, or a stable id derived from the content.
func chartID(m Meta, kind, content string) string {
	if m.ID != "" {
		return safeID(m.ID)
	}
	h := fnv.New32a()
	h.Write([]byte(kind + "\x00" + m.Title + "\x00" + content))
	return fmt.Sprintf("%s-%08x", kind, h.Sum32())
}

// begin opens an SVG of w×h user units with title and description.
func begin(m Meta, id string, w, h float64, desc string) *canvas {
	c := &canvas{id: id, w: w, h: h}
	if m.Desc != "" {
		desc = m.Desc
	}
	title := m.Title
	if title == "" {
		title = word(m.Lang, "Grafik", "Chart")
	}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-t %s-d" font-family="%s" class="kchart">`,
		f(w), f(h), f(w), f(h), id, id, esc(fontStack))
	fmt.Fprintf(&c.b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
	return c
}

// patterns defines the hatch patterns laid over yellow and red fills so the
// statuses differ in grey print too.
func (c *canvas) patterns() {
	if c.pat {
		return
	}
	c.pat = true
	fmt.Fprintf(&c.b, `<defs>`+
		`<pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#000" fill-opacity="0.22"/></pattern>`+
		`<pattern id="%s-cross" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#000" fill-opacity="0.22"/><rect width="6" height="2" fill="#000" fill-opacity="0.22"/></pattern>`+
		`</defs>`, c.id, c.id)
}

// statusRect draws a rectangle in the status colour with its pattern.
func (c *canvas) statusRect(x, y, w, h float64, s palette.Status, fill palette.RGB, extra string) {
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, f(x), f(y), f(w), f(h), fill.Hex(), extra)
	if p := c.patternURL(s); p != "" {
		fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(x), f(y), f(w), f(h), p)
	}
}

func (c *canvas) patternURL(s palette.Status) string {
	switch s {
	case palette.StatusYellow:
		c.patterns()
		return "url(#" + c.id + "-hatch)"
	case palette.StatusRed:
		c.patterns()
		return "url(#" + c.id + "-cross)"
	}
	return ""
}

// text draws escaped text; attrs must be constant markup from this package.
func (c *canvas) text(x, y float64, s, attrs string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s"%s>%s</text>`, f(x), f(y), attrs, esc(s))
}

func (c *canvas) line(x1, y1, x2, y2 float64, attrs string) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s"%s/>`, f(x1), f(y1), f(x2), f(y2), attrs)
}

func (c *canvas) raw(s string) { c.b.WriteString(s) }

func (c *canvas) end() string {
	c.b.WriteString(`</svg>`)
	return c.b.String()
}

// noData returns a small SVG saying there is nothing to draw.
func noData(m Meta, kind string, w, h float64) string {
	msg := word(m.Lang, "Tidak ada data", "No data")
	c := begin(m, chartID(m, kind, "empty"), w, h, msg)
	fmt.Fprintf(&c.b, `<rect x="0.5" y="0.5" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 3"/>`, f(w-1), f(h-1), palette.Grid.Hex())
	c.text(w/2, h/2+4, msg, ` text-anchor="middle" font-size="12" fill="`+palette.Muted.Hex()+`"`)
	return c.end()
}

// textWidth estimates the rendered width of s at size font units. SVG text is
// measured by the browser, so wrapping uses average glyph widths of common
// sans-serif fonts, slightly generous to avoid overflow.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("il.,:;|!'’`ıj", r):
			w += 0.28
		case strings.ContainsRune("fIrt()[]- ", r):
			w += 0.36
		case strings.ContainsRune("mwMW@%", r):
			w += 0.9
		case r >= 'A' && r <= 'Z':
			w += 0.68
		case r >= '0' && r <= '9':
			w += 0.57
		case r < 128:
			w += 0.54
		default:
			w += 0.62
		}
	}
	return w * size
}

// wrap breaks s into lines no wider than width at size, at most maxLines; a
// cut last line ends with an ellipsis. Words too long for a line are split.
func wrap(s string, width, size float64, maxLines int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		cand := w
		if cur != "" {
			cand = cur + " " + w
		}
		if textWidth(cand, size) <= width {
			cur = cand
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		r := []rune(w)
		for len(r) > 1 && textWidth(string(r), size) > width {
			n := len(r) - 1
			for n > 1 && textWidth(string(r[:n]), size) > width {
				n--
			}
			lines = append(lines, string(r[:n]))
			r = r[n:]
		}
		cur = string(r)
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(lines[maxLines-1])
		for len(last) > 0 && textWidth(string(last)+"…", size) > width {
			last = last[:len(last)-1]
		}
		lines[maxLines-1] = strings.TrimRight(string(last), " ") + "…"
	}
	return lines
}

// multiline draws lines as one <text> with <tspan>s, the first baseline at y.
func (c *canvas) multiline(x, y, lineHeight float64, lines []string, attrs string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s"%s>`, f(x), f(y), attrs)
	for i, l := range lines {
		dy := "0"
		if i > 0 {
			dy = f(lineHeight)
		}
		fmt.Fprintf(&c.b, `<tspan x="%s" dy="%s">%s</tspan>`, f(x), dy, esc(l))
	}
	c.b.WriteString(`</text>`)
}

// scale is a linear axis with "nice" ticks.
type scale struct {
	min, max float64
	ticks    []float64
}

// niceScale returns an axis covering lo..hi with about n ticks on round
// numbers (1, 2, 2.5, 5 × 10^k).
func niceScale(lo, hi float64, n int) scale {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	s := scale{min: math.Floor(lo/step) * step, max: math.Ceil(hi/step) * step}
	for v := s.min; v <= s.max+step/2; v += step {
		s.ticks = append(s.ticks, math.Round(v/step)*step)
	}
	return s
}

// pos maps v to the range a..b (a for min).
func (s scale) pos(v, a, b float64) float64 {
	if v < s.min {
		v = s.min
	}
	if v > s.max {
		v = s.max
	}
	return a + (v-s.min)/(s.max-s.min)*(b-a)
}

// dataRange returns the minimum and maximum of the defined values, NaN when
// there are none.
func dataRange(vals ...[]float64) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, vs := range vals {
		for _, v := range vs {
			v = clean(v)
			if math.IsNaN(v) {
				continue
			}
			if math.IsNaN(lo) || v < lo {
				lo = v
			}
			if math.IsNaN(hi) || v > hi {
				hi = v
			}
		}
	}
	return lo, hi
}

// refValues returns the finite values of refs.
func refValues(refs []RefLine) []float64 {
	var out []float64
	for _, r := range refs {
		if !math.IsNaN(clean(r.Value)) {
			out = append(out, r.Value)
		}
	}
	return out
}

// statusLegend draws swatches for the given statuses in one row at y,
// starting at x; it returns the x after the last item.
func (c *canvas) statusLegend(x, y float64, lang string, statuses []palette.Status, labels map[palette.Status]string) float64 {
	for _, s := range statuses {
		c.statusRect(x, y-9, 14, 10, s, s.Fill(), ` stroke="`+palette.Muted.Hex()+`" stroke-width="0.5"`)
		label := s.Name(lang)
		if l := labels[s]; l != "" {
			label += " (" + l + ")"
		}
		c.text(x+19, y, label, ` font-size="11" fill="`+palette.Text.Hex()+`"`)
		x += 19 + textWidth(label, 11) + 16
	}
	return x
}

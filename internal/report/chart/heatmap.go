package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// HeatMap is a grid of values, e.g. units × quarters, each cell coloured by
// the band its value falls in and showing the value; NaN cells show "–".
type HeatMap struct {
	Meta
	Rows    []string
	Columns []string
	// Values[i][j] is the value of row i, column j; missing entries are NaN.
	Values [][]float64
	// Bands colour the cells; DefaultBands when nil.
	Bands []Band
	// Links, when set, make a row (its label and cells) a link, e.g. to the
	// person's sheet. Only http, https and relative URLs are used.
	Links []string
}

// heatMinCell is the narrowest cell that holds a value such as "101,25".
const heatMinCell = 56.0

func (m HeatMap) at(i, j int) float64 {
	if i < len(m.Values) && j < len(m.Values[i]) {
		return clean(m.Values[i][j])
	}
	return math.NaN()
}

// Table returns the grid as text.
func (m HeatMap) Table() DataTable {
	t := DataTable{Caption: m.Title, Header: append([]string{""}, m.Columns...)}
	for i, r := range m.Rows {
		row := []string{r}
		for j := range m.Columns {
			row = append(row, fig(m.Lang, m.at(i, j)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// SVG returns the heat map markup.
func (m HeatMap) SVG() string {
	if len(m.Rows) == 0 || len(m.Columns) == 0 {
		return noData(m.Meta, "heat", 640, 120)
	}
	bands := m.Bands
	if bands == nil {
		bands = DefaultBands()
	}
	var parts []string
	for i, r := range m.Rows {
		var cells []string
		for j, col := range m.Columns {
			cells = append(cells, col+" "+fig(m.Lang, m.at(i, j)))
		}
		parts = append(parts, r+": "+strings.Join(cells, ", "))
	}
	desc := strings.Join(parts, "; ")

	labelW := 0.0
	for _, r := range m.Rows {
		labelW = max(labelW, textWidth(r, 12))
	}
	labelW = min(max(labelW+14, 90), 640*0.35)
	// Many columns widen the map rather than squeeze values out of their cells.
	w := max(640, labelW+2+heatMinCell*float64(len(m.Columns)))
	cellW := (w - labelW - 2) / float64(len(m.Columns))
	headLines := 1
	colLines := make([][]string, len(m.Columns))
	for j, col := range m.Columns {
		colLines[j] = wrap(col, cellW-6, 12, 2)
		headLines = max(headLines, len(colLines[j]))
	}
	top := 10 + 15*float64(headLines)
	rowH := 30.0
	rowLines := make([][]string, len(m.Rows))
	for i, r := range m.Rows {
		rowLines[i] = wrap(r, labelW-12, 12, 2)
	}
	gridBottom := top + rowH*float64(len(m.Rows))
	h := gridBottom + 34
	cv := begin(m.Meta, chartID(m.Meta, "heat", desc), w, h, desc)

	for j := range m.Columns {
		cv.multiline(labelW+cellW*(float64(j)+0.5), 18, 15, colLines[j], ` text-anchor="middle" font-size="12" font-weight="bold" fill="`+palette.Text.Hex()+`"`)
	}
	// The cells' text settings are inherited from one group: a map of a
	// hundred people has hundreds of cells.
	cv.raw(`<g text-anchor="middle" font-size="13" stroke-width="3" paint-order="stroke">`)
	for i := range m.Rows {
		y := top + rowH*float64(i)
		href := ""
		if i < len(m.Links) {
			href = safeURL(m.Links[i])
		}
		if href != "" {
			fmt.Fprintf(&cv.b, `<a href="%s">`, esc(href))
		}
		cv.multiline(labelW-10, y+rowH/2+4-float64(len(rowLines[i])-1)*7, 14, rowLines[i], ` text-anchor="end" font-size="12" fill="`+palette.Text.Hex()+`"`)
		for j := range m.Columns {
			x := labelW + cellW*float64(j)
			v := m.at(i, j)
			st, ok := bandOf(bands, v)
			fmt.Fprintf(&cv.b, `<g><title>%s</title>`, esc(m.Rows[i]+" – "+m.Columns[j]+": "+fig(m.Lang, v)))
			if ok {
				cv.statusRect(x+1, y+1, cellW-2, rowH-2, st, st.Fill(), "")
				ink := st.Ink()
				// A halo keeps the number readable over the hatching.
				cv.text(x+cellW/2, y+rowH/2+5, fig(m.Lang, v), ` font-weight="bold" fill="`+ink.Hex()+`" stroke="`+st.Fill().Hex()+`"`)
			} else {
				fmt.Fprintf(&cv.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#fff" stroke="%s" stroke-width="1"/>`, f(x+1), f(y+1), f(cellW-2), f(rowH-2), palette.Grid.Hex())
				cv.text(x+cellW/2, y+rowH/2+5, fig(m.Lang, v), ` fill="`+palette.Muted.Hex()+`"`)
			}
			cv.raw(`</g>`)
		}
		if href != "" {
			cv.raw(`</a>`)
		}
	}
	cv.raw(`</g>`)

	// Legend: one swatch per band, with its range.
	var statuses []palette.Status
	labels := map[palette.Status]string{}
	for _, b := range bands {
		if b.Status == palette.StatusNone {
			continue
		}
		if _, dup := labels[b.Status]; !dup {
			statuses = append(statuses, b.Status)
		}
		labels[b.Status] = b.Label
	}
	cv.statusLegend(labelW, h-10, m.Lang, statuses, labels)
	return cv.end()
}

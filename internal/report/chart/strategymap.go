package chart

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// StrategyMap draws perspective bands from top to bottom (e.g. Stakeholder,
// Customer, Internal Process, Learning & Growth) with the strategic
// objectives of each as boxes, and cause–effect arrows between them.
type StrategyMap struct {
	Meta
	Perspectives []Perspective
	// Links are cause–effect relations, normally from an objective to one in
	// a perspective above. Links naming unknown codes are ignored.
	Links []Link
}

// Perspective is one horizontal band of the map.
type Perspective struct {
	Name string
	// Weight in percent, shown under the name when > 0.
	Weight     float64
	Objectives []Objective
}

// Objective is one box on the map.
type Objective struct {
	Code   string // e.g. "SS-1"; links refer to it
	Name   string
	Status palette.Status
	// URL, when set, makes the box a link. Only http, https and relative
	// URLs are used; others are dropped.
	URL string
}

// Link is a cause–effect arrow: From contributes to To.
type Link struct{ From, To string }

// Layout constants of the map, in user units.
const (
	smW       = 1000.0
	smLabelW  = 170.0 // perspective label column
	smPadX    = 14.0  // content margin left and right
	smBoxMin  = 130.0 // narrowest box before starting a new row
	smBoxMax  = 230.0
	smGap     = 18.0 // horizontal gap between boxes
	smBandPad = 24.0 // space above and below the rows of a band
	smRowGap  = 30.0 // vertical gap between rows within a band
	smHead    = 22.0 // box header strip with code and status
	smLine    = 15.0 // line height of objective names
)

type smBox struct {
	obj        Objective
	x, y, w, h float64
	row        int // global row index, top to bottom
}

func (b *smBox) cx() float64 { return b.x + b.w/2 }

type smRow struct {
	top, bottom float64
	boxes       []*smBox // left to right
}

// safeURL returns u when it is http(s) or relative, else "".
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "", "http", "https":
		if p.Scheme == "" && p.Opaque != "" {
			return ""
		}
		return p.String()
	}
	return ""
}

// Table returns one row per objective: perspective, weight, code, name,
// status and the objectives it contributes to.
func (m StrategyMap) Table() DataTable {
	t := DataTable{Caption: m.Title, Header: []string{
		word(m.Lang, "Perspektif", "Perspective"), word(m.Lang, "Bobot", "Weight"),
		word(m.Lang, "Kode", "Code"), word(m.Lang, "Sasaran strategis", "Strategic objective"),
		"Status", word(m.Lang, "Mendukung", "Contributes to"),
	}}
	for _, p := range m.Perspectives {
		wt := ""
		if p.Weight > 0 {
			wt = num(m.Lang, p.Weight) + "%"
		}
		for _, o := range p.Objectives {
			var to []string
			for _, l := range m.Links {
				if l.From == o.Code {
					to = append(to, l.To)
				}
			}
			st := ""
			if o.Status != palette.StatusNone {
				st = o.Status.Name(m.Lang)
			}
			t.Rows = append(t.Rows, []string{p.Name, wt, o.Code, o.Name, st, strings.Join(to, ", ")})
		}
	}
	return t
}

func (m StrategyMap) summary() string {
	var parts []string
	for _, p := range m.Perspectives {
		var objs []string
		for _, o := range p.Objectives {
			objs = append(objs, strings.TrimSpace(o.Code+" "+o.Name))
		}
		name := p.Name
		if p.Weight > 0 {
			name += " (" + num(m.Lang, p.Weight) + "%)"
		}
		parts = append(parts, name+": "+strings.Join(objs, ", "))
	}
	s := strings.Join(parts, "; ")
	if len(m.Links) > 0 {
		var ls []string
		for _, l := range m.Links {
			ls = append(ls, l.From+" → "+l.To)
		}
		s += ". " + word(m.Lang, "Hubungan sebab-akibat", "Cause and effect") + ": " + strings.Join(ls, ", ")
	}
	return s
}

// SVG returns the map markup.
func (m StrategyMap) SVG() string {
	total := 0
	for _, p := range m.Perspectives {
		total += len(p.Objectives)
	}
	if total == 0 {
		return noData(m.Meta, "smap", smW, 120)
	}
	desc := m.summary()
	id := chartID(m.Meta, "smap", desc)

	// Lay out the boxes band by band, row by row.
	x0, x1 := smLabelW+smPadX, smW-smPadX
	contentW := x1 - x0
	perRowMax := max(1, int((contentW+smGap)/(smBoxMin+smGap)))
	var rows []*smRow
	boxes := map[string]*smBox{}
	type band struct {
		top, bottom float64
		p           Perspective
	}
	var bands []band
	y := 0.0
	for _, p := range m.Perspectives {
		bt := y
		y += smBandPad
		n := len(p.Objectives)
		nRows := max(1, (n+perRowMax-1)/perRowMax)
		perRow := max(1, (n+nRows-1)/nRows)
		for r := 0; r < nRows; r++ {
			objs := p.Objectives[min(r*perRow, n):min((r+1)*perRow, n)]
			row := &smRow{top: y}
			k := len(objs)
			slot := contentW / float64(max(k, 1))
			bw := min(smBoxMax, slot-smGap)
			// Box height: header plus the longest wrapped name in the row.
			lines := 1
			for _, o := range objs {
				lines = max(lines, len(wrap(o.Name, bw-16, 12, 4)))
			}
			bh := smHead + 8 + smLine*float64(lines) + 4
			for i, o := range objs {
				b := &smBox{obj: o, x: x0 + slot*float64(i) + (slot-bw)/2, y: y, w: bw, h: bh, row: len(rows)}
				row.boxes = append(row.boxes, b)
				if _, dup := boxes[o.Code]; !dup && o.Code != "" {
					boxes[o.Code] = b
				}
			}
			if k == 0 {
				bh = 30 // an empty band keeps some height
			}
			row.bottom = y + bh
			rows = append(rows, row)
			y = row.bottom
			if r < nRows-1 {
				y += smRowGap
			}
		}
		y += smBandPad
		bands = append(bands, band{top: bt, bottom: y, p: p})
	}
	mapBottom := y

	var statuses []palette.Status
	seen := map[palette.Status]bool{}
	for _, p := range m.Perspectives {
		for _, o := range p.Objectives {
			seen[o.Status] = true
		}
	}
	for _, s := range []palette.Status{palette.StatusGreen, palette.StatusYellow, palette.StatusRed} {
		if seen[s] {
			statuses = append(statuses, s)
		}
	}
	h := mapBottom + 34
	cv := begin(m.Meta, id, smW, h, desc)
	arrowCol := palette.Muted.Hex()
	fmt.Fprintf(&cv.b, `<defs><marker id="%s-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="%s"/></marker></defs>`, id, arrowCol)

	// Bands and their labels.
	for i, b := range bands {
		bg := "#ffffff"
		if i%2 == 0 {
			bg = palette.Band.Hex()
		}
		fmt.Fprintf(&cv.b, `<rect x="0" y="%s" width="%s" height="%s" fill="%s"/>`, f(b.top), f(smW), f(b.bottom-b.top), bg)
		fmt.Fprintf(&cv.b, `<rect x="0" y="%s" width="%s" height="%s" fill="%s"/>`, f(b.top), f(smLabelW), f(b.bottom-b.top), palette.HeaderBg.Hex())
		if i > 0 {
			cv.line(0, b.top, smW, b.top, ` stroke="`+palette.Grid.Hex()+`" stroke-width="1"`)
		}
		name := wrap(b.p.Name, smLabelW-24, 14, 3)
		lines := float64(len(name))
		extra := 0.0
		if b.p.Weight > 0 {
			extra = 18
		}
		ty := (b.top+b.bottom)/2 - (lines*17+extra)/2 + 13
		cv.multiline(12, ty, 17, name, ` font-size="14" font-weight="bold" fill="`+palette.Text.Hex()+`"`)
		if b.p.Weight > 0 {
			cv.text(12, ty+lines*17+2, word(m.Lang, "Bobot ", "Weight ")+num(m.Lang, b.p.Weight)+"%", ` font-size="12" fill="`+palette.Muted.Hex()+`"`)
		}
	}
	fmt.Fprintf(&cv.b, `<rect x="0.5" y="0.5" width="%s" height="%s" fill="none" stroke="%s"/>`, f(smW-1), f(mapBottom-1), palette.Grid.Hex())

	m.drawLinks(cv, rows, boxes, x0, x1, arrowCol)

	for _, r := range rows {
		for _, b := range r.boxes {
			m.drawBox(cv, b)
		}
	}

	// Legend.
	lx := smLabelW + smPadX
	ly := mapBottom + 22
	if len(statuses) > 0 {
		lx = cv.statusLegend(lx, ly, m.Lang, statuses, nil)
	}
	if len(m.Links) > 0 {
		fmt.Fprintf(&cv.b, `<path d="M%s %sH%s" stroke="%s" stroke-width="1.6" marker-end="url(#%s-arrow)"/>`, f(lx), f(ly-4), f(lx+30), arrowCol, id)
		cv.text(lx+38, ly, word(m.Lang, "Hubungan sebab-akibat", "Cause and effect"), ` font-size="11" fill="`+palette.Text.Hex()+`"`)
	}
	return cv.end()
}

// drawBox draws one objective: a header strip in the status colour with the
// code and the status name, and the wrapped name below.
func (m StrategyMap) drawBox(cv *canvas, b *smBox) {
	o := b.obj
	head, ink, border := palette.HeaderBg, palette.Text, palette.Muted
	if o.Status != palette.StatusNone {
		head, ink, border = o.Status.Fill(), o.Status.Ink(), o.Status.Fill()
	}
	href := safeURL(o.URL)
	if href != "" {
		fmt.Fprintf(&cv.b, `<a href="%s">`, esc(href))
	}
	tip := strings.TrimSpace(o.Code + " " + o.Name)
	if o.Status != palette.StatusNone {
		tip += " (" + o.Status.Name(m.Lang) + ")"
	}
	fmt.Fprintf(&cv.b, `<g><title>%s</title>`, esc(tip))
	fmt.Fprintf(&cv.b, `<rect x="%s" y="%s" width="%s" height="%s" rx="5" fill="#fff" stroke="%s" stroke-width="1.5"/>`, f(b.x), f(b.y), f(b.w), f(b.h), border.Hex())
	fmt.Fprintf(&cv.b, `<path d="M%s %sV%sA5 5 0 0 1 %s %sH%sA5 5 0 0 1 %s %sV%sZ" fill="%s"/>`,
		f(b.x), f(b.y+smHead), f(b.y+5), f(b.x+5), f(b.y), f(b.x+b.w-5), f(b.x+b.w), f(b.y+5), f(b.y+smHead), head.Hex())
	stW := 0.0
	if o.Status != palette.StatusNone {
		st := o.Status.Name(m.Lang)
		stW = textWidth(st, 10) + 8
		cv.text(b.x+b.w-8, b.y+15, st, ` text-anchor="end" font-size="10" fill="`+ink.Hex()+`"`)
	}
	code := wrap(o.Code, b.w-16-stW, 12, 1)
	if len(code) > 0 {
		cv.text(b.x+8, b.y+15.5, code[0], ` font-size="12" font-weight="bold" fill="`+ink.Hex()+`"`)
	}
	lines := wrap(o.Name, b.w-16, 12, 4)
	cv.multiline(b.x+8, b.y+smHead+8+11, smLine, lines, ` font-size="12" fill="`+palette.Text.Hex()+`"`)
	cv.raw(`</g>`)
	if href != "" {
		cv.raw(`</a>`)
	}
}

type smLink struct {
	from, to *smBox
	fromTop  bool    // leaves from the top of from (else from its bottom)
	toTop    bool    // enters the top of to (else its bottom)
	fx, tx   float64 // anchor x on each box
}

// drawLinks routes each arrow from box to box. An arrow between rows leaves
// the lower box at its top and enters the upper box at its bottom, passing
// the rows in between through the gap between boxes nearest to its course,
// so it never crosses a box. An arrow within one row arcs over it.
func (m StrategyMap) drawLinks(cv *canvas, rows []*smRow, boxes map[string]*smBox, x0, x1 float64, col string) {
	var links []*smLink
	for _, l := range m.Links {
		a, b := boxes[l.From], boxes[l.To]
		if a == nil || b == nil || a == b {
			continue
		}
		lk := &smLink{from: a, to: b}
		switch {
		case a.row > b.row: // upward, the usual cause → effect
			lk.fromTop, lk.toTop = true, false
		case a.row < b.row:
			lk.fromTop, lk.toTop = false, true
		default:
			lk.fromTop, lk.toTop = true, true
		}
		links = append(links, lk)
	}

	// Spread the anchors of several arrows on one side of a box, ordered by
	// where the other end lies so that they do not cross near the box.
	type side struct {
		box *smBox
		top bool
	}
	type end struct {
		lk    *smLink
		from  bool
		other float64
	}
	ends := map[side][]end{}
	var order []side
	add := func(s side, e end) {
		if _, ok := ends[s]; !ok {
			order = append(order, s)
		}
		ends[s] = append(ends[s], e)
	}
	for _, lk := range links {
		add(side{lk.from, lk.fromTop}, end{lk, true, lk.to.cx()})
		add(side{lk.to, lk.toTop}, end{lk, false, lk.from.cx()})
	}
	for _, s := range order {
		es := ends[s]
		sort.SliceStable(es, func(i, j int) bool { return es[i].other < es[j].other })
		sp := 0.0
		if len(es) > 1 {
			sp = min(16, (s.box.w-24)/float64(len(es)-1))
		}
		for k, e := range es {
			x := s.box.cx() + (float64(k)-float64(len(es)-1)/2)*sp
			if e.from {
				e.lk.fx = x
			} else {
				e.lk.tx = x
			}
		}
	}

	used := map[[2]int]int{} // (row, gap) → arrows through it so far
	for _, lk := range links {
		var pts [][2]float64
		if lk.from.row == lk.to.row {
			y := lk.from.y
			lift := min(smBandPad, smRowGap) * 0.75
			fmt.Fprintf(&cv.b, `<path d="M%s %sC%s %s %s %s %s %s" fill="none" stroke="%s" stroke-width="1.6" marker-end="url(#%s-arrow)"/>`,
				f(lk.fx), f(y), f(lk.fx), f(y-lift*1.33), f(lk.tx), f(y-lift*1.33), f(lk.tx), f(y-1), col, cv.id)
			continue
		}
		// Work from the lower box up, then reverse for downward links.
		lo, hi := lk.from, lk.to
		lx, hx := lk.fx, lk.tx
		if lo.row < hi.row {
			lo, hi, lx, hx = hi, lo, hx, lx
		}
		start := [2]float64{lx, lo.y}
		finish := [2]float64{hx, hi.y + hi.h}
		pts = append(pts, start)
		for r := lo.row - 1; r > hi.row; r-- {
			row := rows[r]
			mid := (row.top + row.bottom) / 2
			t := (start[1] - mid) / (start[1] - finish[1])
			ideal := start[0] + (finish[0]-start[0])*t
			gx, gi := gapNear(row, ideal, x0, x1)
			k := used[[2]int{r, gi}]
			used[[2]int{r, gi}] = k + 1
			gx += float64((k+1)/2) * 6 * float64(1-2*(k%2))
			pts = append(pts, [2]float64{gx, row.bottom + 2}, [2]float64{gx, row.top - 2})
		}
		pts = append(pts, finish)
		if lk.from != lo {
			for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
				pts[i], pts[j] = pts[j], pts[i]
			}
		}
		// Keep the arrow tip just off the box border so the head shows whole.
		last := len(pts) - 1
		if pts[last][1] > pts[last-1][1] {
			pts[last][1]--
		} else {
			pts[last][1]++
		}
		var d strings.Builder
		fmt.Fprintf(&d, "M%s %s", f(pts[0][0]), f(pts[0][1]))
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			my := (a[1] + b[1]) / 2
			// Vertical tangents at both ends give smooth S-curves between
			// rows and straight passes through gaps.
			fmt.Fprintf(&d, "C%s %s %s %s %s %s", f(a[0]), f(my), f(b[0]), f(my), f(b[0]), f(b[1]))
		}
		fmt.Fprintf(&cv.b, `<path d="%s" fill="none" stroke="%s" stroke-width="1.6" marker-end="url(#%s-arrow)"/>`, d.String(), col, cv.id)
	}
}

// gapNear returns the centre of the free gap in row nearest to x, and the
// gap's index.
func gapNear(row *smRow, x, x0, x1 float64) (float64, int) {
	if len(row.boxes) == 0 {
		return min(max(x, x0), x1), 0
	}
	var gaps []float64
	gaps = append(gaps, (x0+row.boxes[0].x)/2)
	for i := 1; i < len(row.boxes); i++ {
		a := row.boxes[i-1]
		gaps = append(gaps, (a.x+a.w+row.boxes[i].x)/2)
	}
	last := row.boxes[len(row.boxes)-1]
	gaps = append(gaps, (last.x+last.w+x1)/2)
	best, bi := gaps[0], 0
	for i, g := range gaps {
		if math.Abs(g-x) < math.Abs(best-x) {
			best, bi = g, i
		}
	}
	return best, bi
}

package pdf

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/palette"
)

// This file holds everything that depends on fpdf.

const (
	family  = "Go"
	ptMM    = 25.4 / 72 // millimetres per point
	marginL = 20.0
	marginR = 20.0
	marginT = 15.0
	marginB = 20.0 // content stops here; the footer sits below
	padX    = 1.5  // table cell padding
	padY    = 1.2
)

// lineHeight is the line pitch in mm for a font size in points.
func lineHeight(size float64) float64 { return size * ptMM * 1.3 }

var (
	glyphsOnce sync.Once
	glyphFont  *sfnt.Font
)

// hasGlyph reports whether the embedded fonts can draw r. The four Go fonts
// cover the same characters, so the regular one answers for all.
func hasGlyph(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return true
	}
	if r > 0xffff { // fpdf's UTF-8 fonts address the Basic Multilingual Plane only
		return false
	}
	glyphsOnce.Do(func() { glyphFont, _ = sfnt.Parse(goregular.TTF) })
	if glyphFont == nil {
		return false
	}
	i, err := glyphFont.GlyphIndex(nil, r)
	return err == nil && i != 0
}

// clean normalises text for drawing: unified newlines, tabs as spaces, no
// control characters, and "?" for characters the font lacks (fpdf would
// draw nothing, or fail, for them).
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\r', r == '\t':
			b.WriteByte(' ')
		case r == '\u00ad', unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// soft hyphens, controls and invisible format characters
		case hasGlyph(r):
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

type renderer struct {
	f       *fpdf.Fpdf
	opt     Options
	total   int // pages in the document; 0 in the counting pass
	orient  Orientation
	pending bool // a new page is due before the next drawing
	atTop   bool // nothing drawn yet on the current page
	pageW   float64
	pageH   float64
	images  int
	marks   map[string]markPos // marks placed in this pass
	refs    map[string]markPos // marks of the first pass, for page references
	links   map[string]int     // fpdf link of each mark in refs
	// follow measures the next block when it must not stand alone at the
	// top of a page (a signature block); nil otherwise.
	follow func(*renderer) float64
}

// markPos is where a mark was placed.
type markPos struct {
	page int
	y    float64
}

func newRenderer(opt Options, total int, refs map[string]markPos) *renderer {
	f := fpdf.New("P", "mm", "A4", "")
	for _, ff := range []struct {
		style string
		ttf   []byte
	}{{"", goregular.TTF}, {"B", gobold.TTF}, {"I", goitalic.TTF}, {"BI", gobolditalic.TTF}} {
		f.AddUTF8FontFromBytes(family, ff.style, ff.ttf)
	}
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB) // page breaks are decided here, per block
	f.SetCellMargin(0)
	f.SetCompression(!opt.Uncompressed)
	f.SetCatalogSort(true) // stable object order for reproducible output
	f.SetCreationDate(opt.Created)
	f.SetModificationDate(opt.Created)
	f.SetTitle(opt.Title, true)
	f.SetSubject(opt.Subject, true)
	f.SetAuthor(opt.Author, true)
	f.SetKeywords(opt.Keywords, true)
	f.SetCreator(opt.Creator, true)
	f.SetLang(opt.Lang)
	r := &renderer{f: f, opt: opt, total: total, orient: opt.Orientation, pending: true,
		marks: map[string]markPos{}, refs: refs, links: map[string]int{}}
	// Links are created in key order so that output stays reproducible.
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		id := f.AddLink()
		f.SetLink(id, refs[k].y, refs[k].page)
		r.links[k] = id
	}
	f.SetFooterFunc(r.footer)
	if strings.TrimSpace(opt.Watermark) != "" {
		f.SetHeaderFunc(r.watermark)
	}
	return r
}

// watermark draws the watermark text diagonally across the page centre,
// before anything else, so the content stays on top of it.
func (r *renderer) watermark() {
	f := r.f
	w, h := f.GetPageSize()
	text := clean(strings.ReplaceAll(r.opt.Watermark, "\n", " "))
	size := 110.0
	f.SetFont(family, "B", size)
	// Fit the diagonal: shrink long texts.
	if tw, max := f.GetStringWidth(text), math.Hypot(w, h)*0.7; tw > max {
		size *= max / tw
		f.SetFont(family, "B", size)
	}
	tw := f.GetStringWidth(text)
	r.textColor(palette.RGB{R: 0xe4, G: 0xe4, B: 0xe4})
	f.TransformBegin()
	f.TransformRotate(math.Atan2(h, w)*180/math.Pi, w/2, h/2)
	f.Text(w/2-tw/2, h/2+size*ptMM*0.35, text)
	f.TransformEnd()
	r.textColor(palette.Text)
}

func (r *renderer) mark(key string) {
	r.page()
	r.marks[key] = markPos{page: r.f.PageNo(), y: r.f.GetY()}
}

func (r *renderer) run(blocks []block) {
	for i, b := range blocks {
		if r.f.Err() {
			return
		}
		r.follow = nil
		if i+1 < len(blocks) {
			r.follow = blocks[i+1].height
		}
		b.draw(r)
	}
	r.page() // an empty document still has one page
}

// newPage asks for a new page; it is added when something is drawn, so
// consecutive breaks do not leave blank pages.
func (r *renderer) newPage(o Orientation) {
	if r.f.PageNo() > 0 && r.atTop && !r.pending && o == r.orient {
		return
	}
	r.orient = o
	r.pending = true
}

// page adds the pending page, if any.
func (r *renderer) page() {
	if !r.pending {
		return
	}
	r.pending = false
	o := "P"
	if r.orient == Landscape {
		o = "L"
	}
	r.f.AddPageFormat(o, fpdf.SizeType{Wd: 210, Ht: 297})
	r.pageW, r.pageH = r.f.GetPageSize()
	r.f.SetXY(marginL, marginT)
	r.atTop = true
}

func (r *renderer) width() float64  { return r.pageW - marginL - marginR }
func (r *renderer) bottom() float64 { return r.pageH - marginB }
func (r *renderer) room() float64   { return r.bottom() - r.f.GetY() }

// fullRoom is the height available on an empty page.
func (r *renderer) fullRoom() float64 { return r.bottom() - marginT }

// ensure starts a new page unless h millimetres fit on this one (or this
// page is still empty, where moving would not help).
func (r *renderer) ensure(h float64) {
	r.page()
	if h > r.room() && !r.atTop {
		r.newPage(r.orient)
		r.page()
	}
}

func (r *renderer) font(style string, size float64) { r.f.SetFont(family, style, size) }

func (r *renderer) textColor(c palette.RGB) { r.f.SetTextColor(int(c.R), int(c.G), int(c.B)) }
func (r *renderer) fillColor(c palette.RGB) { r.f.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (r *renderer) drawColor(c palette.RGB) { r.f.SetDrawColor(int(c.R), int(c.G), int(c.B)) }

// split wraps text to width w in the current font; each "\n" starts a new
// line. Empty text gives no lines.
func (r *renderer) split(text string, w float64) []string {
	text = strings.TrimRight(clean(text), " \n")
	if text == "" {
		return nil
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, r.f.SplitText(para, max(w, 1))...)
	}
	return out
}

// paragraphs wraps text like split and also reports which lines end a
// paragraph (those are never stretched when justifying).
func (r *renderer) paragraphs(text string, w float64) (lines []string, last []bool) {
	text = strings.TrimRight(clean(text), " \n")
	if text == "" {
		return nil, nil
	}
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			lines, last = append(lines, ""), append(last, true)
			continue
		}
		ls := r.f.SplitText(para, max(w, 1))
		for i, l := range ls {
			lines, last = append(lines, l), append(last, i == len(ls)-1)
		}
	}
	return lines, last
}

// alignStr maps an alignment to fpdf's code. Justification applies only to
// lines that are not the last of a paragraph and have a space to stretch.
func alignStr(a Align, lastLine bool, line string) string {
	switch a {
	case AlignCenter:
		return "C"
	case AlignRight:
		return "R"
	case AlignJustify:
		if !lastLine && strings.Contains(strings.TrimSpace(line), " ") {
			return "J"
		}
	}
	return "L"
}

// line draws one line of text in a box of width w starting at x, y.
func (r *renderer) line(x, y, w, h float64, text, align string) {
	r.f.SetXY(x, y)
	if align == "J" {
		text = strings.TrimSpace(text)
	}
	r.f.CellFormat(w, h, text, "", 0, align, false, 0, "")
}

func style(bold, italic bool) string {
	s := ""
	if bold {
		s += "B"
	}
	if italic {
		s += "I"
	}
	return s
}

func (r *renderer) space(mm float64) {
	if r.pending || r.atTop || !(mm > 0) {
		return
	}
	r.f.SetY(math.Min(r.f.GetY()+mm, r.bottom()))
}

func (r *renderer) text(text string, st TextStyle) {
	size := st.Size
	if !(size > 0) {
		size = 10
	}
	after := st.SpaceAfter
	if !(after > 0) {
		after = 2
	}
	r.page()
	r.font(style(st.Bold, st.Italic), size)
	r.textColor(palette.Text)
	lh := lineHeight(size)
	lines, last := r.paragraphs(text, r.width())
	for i, l := range lines {
		r.ensure(lh)
		y := r.f.GetY()
		r.line(marginL, y, r.width(), lh, l, alignStr(st.Align, last[i], l))
		r.f.SetY(y + lh)
		r.atTop = false
	}
	r.space(after)
}

func (r *renderer) heading(text string) {
	const size = 11
	r.page()
	r.space(3)
	r.font("B", size)
	lh := lineHeight(size)
	lines := r.split(text, r.width())
	// Keep the heading with at least a few lines of what follows.
	r.ensure(float64(len(lines))*lh + 15)
	r.textColor(palette.Text)
	for _, l := range lines {
		y := r.f.GetY()
		r.line(marginL, y, r.width(), lh, l, "L")
		r.f.SetY(y + lh)
		r.atTop = false
	}
	r.space(2)
}

func (r *renderer) letterhead(l Letterhead) {
	r.page()
	w := r.width()
	// Logo first: its size decides how wide the centred text may be.
	logoW, logoH := 0.0, 0.0
	var logoName string
	if len(l.Logo) > 0 {
		typ := ""
		switch {
		case bytes.HasPrefix(l.Logo, []byte("\x89PNG")):
			typ = "PNG"
		case bytes.HasPrefix(l.Logo, []byte("\xff\xd8")):
			typ = "JPG"
		default:
			r.f.SetError(fmt.Errorf("letterhead logo is neither PNG nor JPEG"))
			return
		}
		r.images++
		logoName = fmt.Sprintf("logo%d", r.images)
		info := r.f.RegisterImageOptionsReader(logoName, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(l.Logo))
		if r.f.Err() || info == nil || info.Width() <= 0 {
			return
		}
		ratio := info.Height() / info.Width()
		logoW, logoH = 22.0, 22.0*ratio
		if logoH > 24 {
			logoW, logoH = 24/ratio, 24
		}
	}
	// The text is centred in the space right of the logo.
	textX, textW := marginL, w
	if logoW > 0 {
		textX, textW = marginL+logoW+4, w-logoW-4
	}

	type row struct {
		text  string
		style string
		size  float64
	}
	var rows []row
	for i, s := range l.Lines {
		size := 11.0
		if i == 0 {
			size = 12.5
		}
		// A long name is set a little smaller rather than broken in two.
		for r.font("B", size); size > 9 && r.f.GetStringWidth(clean(s)) > textW; r.font("B", size) {
			size -= 0.25
		}
		for _, t := range r.split(s, textW) {
			rows = append(rows, row{t, "B", size})
		}
	}
	r.font("", 8)
	for _, s := range l.Address {
		for _, t := range r.split(s, textW) {
			rows = append(rows, row{t, "", 8})
		}
	}
	textH := 0.0
	for _, rw := range rows {
		textH += lineHeight(rw.size)
	}
	h := math.Max(textH, logoH)
	r.ensure(h + 6)
	y0 := r.f.GetY()
	if logoName != "" {
		r.f.ImageOptions(logoName, marginL, y0+(h-logoH)/2, logoW, logoH, false, fpdf.ImageOptions{}, 0, "")
	}
	y := y0 + (h-textH)/2
	r.textColor(palette.Text)
	for _, rw := range rows {
		r.font(rw.style, rw.size)
		lh := lineHeight(rw.size)
		r.line(textX, y, textW, lh, rw.text, "C")
		y += lh
	}
	// The customary double rule: thick over thin.
	y = y0 + h + 1.5
	r.drawColor(palette.Text)
	r.f.SetLineWidth(0.7)
	r.f.Line(marginL, y, marginL+w, y)
	r.f.SetLineWidth(0.2)
	r.f.Line(marginL, y+1.1, marginL+w, y+1.1)
	r.f.SetY(y + 6)
	r.atTop = false
}

func (r *renderer) keyValues(rows []KeyValue) {
	if len(rows) == 0 {
		return
	}
	const size = 10
	r.page()
	r.font("", size)
	lh := lineHeight(size)
	w := r.width()
	labelW := 0.0
	for _, kv := range rows {
		labelW = math.Max(labelW, r.f.GetStringWidth(clean(kv.Label))+2)
	}
	labelW = math.Min(math.Max(labelW, 25), w*0.35)
	const colonW = 4.0
	valueW := w - labelW - colonW
	r.textColor(palette.Text)
	for _, kv := range rows {
		labels := r.split(kv.Label, labelW-2)
		values := r.split(kv.Value, valueW)
		n := max(len(labels), len(values), 1)
		h := float64(n) * lh
		if h <= r.fullRoom() {
			r.ensure(h)
		}
		for i := 0; i < n; i++ {
			r.ensure(lh)
			y := r.f.GetY()
			if i < len(labels) {
				r.line(marginL, y, labelW, lh, labels[i], "L")
			}
			if i == 0 {
				r.line(marginL+labelW, y, colonW, lh, ":", "L")
			}
			if i < len(values) {
				r.line(marginL+labelW+colonW, y, valueW, lh, values[i], "L")
			}
			r.f.SetY(y + lh)
			r.atTop = false
		}
		r.f.SetY(r.f.GetY() + 1)
	}
	r.space(2)
}

// columnWidths resolves fixed and flexible widths to millimetres.
func columnWidths(cols []Column, total float64) []float64 {
	ws := make([]float64, len(cols))
	fixed, flex := 0.0, 0.0
	for i, c := range cols {
		if c.Width > 0 && !math.IsInf(c.Width, 0) {
			ws[i] = c.Width
			fixed += c.Width
		} else {
			fl := c.Flex
			if !(fl > 0) || math.IsInf(fl, 0) {
				fl = 1
			}
			ws[i] = -fl
			flex += fl
		}
	}
	rest := total - fixed
	if rest < 0 || (flex == 0 && fixed > 0) {
		// Too wide, or nothing flexible to absorb the difference: scale the
		// fixed columns to the page and give flexible ones nothing extra.
		scale := total / fixed
		if flex > 0 {
			scale = total * 0.8 / fixed
			rest = total * 0.2
		} else {
			rest = 0
		}
		for i := range ws {
			if ws[i] > 0 {
				ws[i] *= scale
			}
		}
	}
	for i := range ws {
		if ws[i] < 0 {
			ws[i] = rest * -ws[i] / flex
		}
	}
	return ws
}

type cellBox struct {
	x, w  float64
	lines []string
	align Align
	style string
	fill  *palette.RGB
	ink   palette.RGB
	cont  bool // continues the cell above: no top rule, no text
	link  int  // fpdf link, 0 for none
}

// layoutRow places the cells of a row on the columns and wraps their text;
// missing cells at the end become empty ones so the grid stays closed. When
// above is given (the row starts a page), continued cells take the cell
// they continue from it, so its text is repeated.
func (r *renderer) layoutRow(cells []Cell, cols []Column, xs, ws []float64, size float64, above []Cell) []cellBox {
	var out []cellBox
	col := 0
	for _, c := range cells {
		if col >= len(cols) {
			break
		}
		if c.Continued && above != nil {
			c = above[col]
			c.Continued = false
		}
		if c.PageRef != "" {
			// The first pass does not know the page yet: a placeholder of
			// the same width keeps the layout of both passes identical.
			c.Text = "000"
			if m, ok := r.refs[c.PageRef]; ok {
				c.Text = strconv.Itoa(m.page)
			}
		}
		span := min(max(c.Span, 1), len(cols)-col)
		w := 0.0
		for k := col; k < col+span; k++ {
			w += ws[k]
		}
		b := cellBox{x: xs[col], w: w, align: c.Align, style: style(c.Bold, false), ink: palette.Text}
		if b.align == AlignDefault {
			b.align = cols[col].Align
		}
		switch {
		case c.Fill != nil:
			fc := *c.Fill
			b.fill, b.ink = &fc, fc.Ink()
		case c.Status != palette.StatusNone:
			fc := c.Status.Fill()
			b.fill, b.ink = &fc, c.Status.Ink()
		}
		if c.Continued {
			b.cont = true
		} else {
			r.font(b.style, size)
			b.lines = r.split(c.Text, w-2*padX)
		}
		if c.PageRef != "" {
			b.link = r.links[c.PageRef]
		}
		out = append(out, b)
		col += span
	}
	for ; col < len(cols); col++ {
		out = append(out, cellBox{x: xs[col], w: ws[col], align: cols[col].Align, ink: palette.Text})
	}
	return out
}

func keepsWithNext(row []Cell) bool {
	for _, c := range row {
		if c.KeepWithNext {
			return true
		}
	}
	return false
}

func rowLines(cells []cellBox) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return n
}

// drawCells draws lines [from, to) of each cell in a row part of height h at
// y; whole rows centre their text vertically, split parts align it to the
// top.
func (r *renderer) drawCells(cells []cellBox, y, h float64, from, to int, size float64, whole bool, zebra bool) {
	lh := lineHeight(size)
	r.f.SetLineWidth(0.2)
	r.drawColor(palette.RGB{R: 0x70, G: 0x75, B: 0x7a})
	for _, c := range cells {
		switch {
		case c.cont:
			// Paint over the rule the cell above drew at its bottom, then
			// draw the other three sides.
			bg := palette.RGB{R: 0xff, G: 0xff, B: 0xff}
			if c.fill != nil {
				bg = *c.fill
			} else if zebra {
				bg = palette.Band
			}
			r.fillColor(bg)
			r.f.Rect(c.x+0.1, y-0.2, c.w-0.2, h+0.2, "F")
			r.f.Line(c.x, y-0.2, c.x, y+h)
			r.f.Line(c.x+c.w, y-0.2, c.x+c.w, y+h)
			r.f.Line(c.x, y+h, c.x+c.w, y+h)
		case c.fill != nil:
			r.fillColor(*c.fill)
			r.f.Rect(c.x, y, c.w, h, "FD")
		case zebra:
			r.fillColor(palette.Band)
			r.f.Rect(c.x, y, c.w, h, "FD")
		default:
			r.f.Rect(c.x, y, c.w, h, "D")
		}
		if c.link != 0 {
			r.f.Link(c.x, y, c.w, h, c.link)
		}
		lo, hi := min(from, len(c.lines)), min(to, len(c.lines))
		ty := y + padY
		if whole {
			ty += (h - 2*padY - float64(hi-lo)*lh) / 2
		}
		r.font(c.style, size)
		r.textColor(c.ink)
		for i := lo; i < hi; i++ {
			r.line(c.x+padX, ty, c.w-2*padX, lh, c.lines[i], alignStr(c.align, i == len(c.lines)-1, c.lines[i]))
			ty += lh
		}
	}
	r.textColor(palette.Text)
}

func (r *renderer) table(t Table) {
	if len(t.Columns) == 0 {
		return
	}
	size := t.FontSize
	if !(size > 0) {
		size = 9
	}
	r.page()
	tl := &tableLayout{r: r, t: t, size: size, lh: lineHeight(size), ws: columnWidths(t.Columns, r.width()), above: make([]Cell, len(t.Columns))}
	tl.xs = make([]float64, len(tl.ws))
	x := marginL
	for i, w := range tl.ws {
		tl.xs[i] = x
		x += w
	}
	if !t.HideHeader {
		hc := make([]Cell, len(t.Columns))
		for i, c := range t.Columns {
			hc[i] = Cell{Text: c.Title, Bold: true, Align: AlignCenter, Fill: &palette.HeaderBg}
		}
		tl.header = r.layoutRow(hc, t.Columns, tl.xs, tl.ws, size, nil)
		tl.headerH = float64(rowLines(tl.header))*tl.lh + 2*padY
	}
	// What follows the table and must not stand alone (a signature block)
	// stays on the page of the last row: the row moves along with it.
	if r.follow != nil {
		tl.keep = r.follow(r)
	}
	r.ensure(tl.headerH + math.Min(tl.firstRoom(), r.fullRoom()))
	tl.drawHeader()
	onPage := 0 // rows drawn on the current page
	for i, row := range t.Rows {
		onPage = tl.row(i, row, onPage)
	}
	r.space(4)
}

// tableLayout is a table being drawn: its geometry, its header and what
// continued cells repeat.
type tableLayout struct {
	r        *renderer
	t        Table
	size, lh float64
	xs, ws   []float64
	header   []cellBox
	headerH  float64
	keep     float64 // the height of what must follow the last row on its page
	// above holds, per column, the last cell with text of its own: what a
	// continued cell repeats when its row starts a page.
	above []Cell
}

// layout lays a row out; rep is what its continued cells repeat (nil: none).
func (tl *tableLayout) layout(row []Cell, rep []Cell) ([]cellBox, int, float64) {
	cells := tl.r.layoutRow(row, tl.t.Columns, tl.xs, tl.ws, tl.size, rep)
	n := rowLines(cells)
	return cells, n, float64(n)*tl.lh + 2*padY
}

func (tl *tableLayout) drawHeader() {
	if tl.header != nil {
		r := tl.r
		y := r.f.GetY()
		r.drawCells(tl.header, y, tl.headerH, 0, rowLines(tl.header), tl.size, true, false)
		r.f.SetY(y + tl.headerH)
		r.atTop = false
	}
}

func (tl *tableLayout) nextPage() {
	tl.r.newPage(tl.r.orient)
	tl.r.page()
	tl.drawHeader()
}

func (tl *tableLayout) remember(row []Cell) {
	col := 0
	for _, c := range row {
		if col >= len(tl.above) {
			break
		}
		if !c.Continued {
			tl.above[col] = c
		}
		col += min(max(c.Span, 1), len(tl.above)-col)
	}
}

// firstRoom is the height below the header that must fit for the table to
// start on this page: its first row (with what follows the table when that
// is the only row), or the whole table when it is kept together.
func (tl *tableLayout) firstRoom() float64 {
	t, r := tl.t, tl.r
	first := tl.lh + 2*padY
	if len(t.Rows) > 0 {
		_, _, first = tl.layout(t.Rows[0], tl.above)
	}
	if len(t.Rows) == 1 && tl.headerH+first+tl.keep <= r.fullRoom() {
		first += tl.keep
	}
	if t.KeepTogether {
		whole := tl.headerH
		for i, row := range t.Rows {
			var rep []Cell
			if i == 0 {
				rep = tl.above
			}
			_, _, h := tl.layout(row, rep)
			whole += h
		}
		if whole <= r.fullRoom() {
			first = whole - tl.headerH
		}
	}
	return first
}

// row draws row i, onPage rows having been drawn on the current page, and
// returns how many are on the page after it.
func (tl *tableLayout) row(i int, row []Cell, onPage int) int {
	t, r := tl.t, tl.r
	var rep []Cell
	if i == 0 {
		rep = tl.above
	}
	cells, n, h := tl.layout(row, rep)
	zebra := t.Zebra && i%2 == 1
	// What must share the page with this row: the next row after a
	// group heading, the block after the table after the last row.
	with := 0.0
	switch {
	case i == len(t.Rows)-1:
		with = tl.keep
	case keepsWithNext(row):
		_, _, with = tl.layout(t.Rows[i+1], nil)
	}
	if h > r.room() && h <= r.fullRoom()-tl.headerH ||
		onPage > 0 && h <= r.room() && h+with > r.room() && h+with <= r.fullRoom()-tl.headerH {
		tl.nextPage()
		onPage = 0
		cells, n, h = tl.layout(row, tl.above)
	}
	tl.remember(row)
	if h <= r.room() {
		y := r.f.GetY()
		r.drawCells(cells, y, h, 0, n, tl.size, true, zebra)
		r.f.SetY(y + h)
		r.atTop = false
		return onPage + 1
	}
	tl.split(cells, n, zebra)
	return onPage
}

// split draws a row taller than a page between its lines.
func (tl *tableLayout) split(cells []cellBox, n int, zebra bool) {
	r := tl.r
	fresh := false
	for from := 0; from < n; {
		k := int((r.room() - 2*padY) / tl.lh)
		if k < 1 && !fresh {
			tl.nextPage()
			fresh = true
			continue
		}
		k, fresh = max(k, 1), false
		to := min(from+k, n)
		y := r.f.GetY()
		ph := float64(to-from)*tl.lh + 2*padY
		r.drawCells(cells, y, ph, from, to, tl.size, false, zebra)
		r.f.SetY(y + ph)
		r.atTop = false
		from = to
		if from < n {
			tl.nextPage()
		}
	}
}

// sigLayout is a row of signature blocks wrapped to the page width.
type sigLayout struct {
	xs     []float64
	blockW float64
	blocks []sigBlock
	// counts of lines of each part, the most of any block, so that parts
	// line up across blocks
	nPlace, nHead, nRole, nName, nNIP int
	h                                 float64
}

type sigBlock struct{ place, head, role, name, nip []string }

const (
	sigSize   = 10
	sigSignH  = 22.0 // room for the handwritten signature and stamp
	sigBefore = 6.0  // space above the blocks
)

// layoutSignatures wraps every part of every block for the current page.
func (r *renderer) layoutSignatures(sigs []Signature) sigLayout {
	lh := lineHeight(sigSize)
	w := r.width()
	n := len(sigs)
	l := sigLayout{xs: make([]float64, n), blocks: make([]sigBlock, n)}
	if n == 1 {
		l.blockW = w / 2
		l.xs[0] = marginL + w/2
	} else {
		slotW := w / float64(n)
		l.blockW = math.Min(slotW-4, 90)
		for i := range l.xs {
			l.xs[i] = marginL + slotW*float64(i) + (slotW-l.blockW)/2
		}
	}
	for i, s := range sigs {
		b := &l.blocks[i]
		r.font("", sigSize)
		pd := strings.TrimSpace(s.Place)
		if s.Date != "" {
			if pd != "" {
				pd += ", "
			}
			pd += s.Date
		}
		b.place = r.split(pd, l.blockW)
		for _, hl := range s.Heading {
			b.head = append(b.head, r.split(hl, l.blockW)...)
		}
		b.role = r.split(s.Role, l.blockW)
		r.font("B", sigSize)
		b.name = r.split(s.Name, l.blockW)
		if s.NIP != "" {
			r.font("", sigSize)
			b.nip = r.split("NIP "+domain.FormatNIP(s.NIP), l.blockW)
		}
		l.nPlace, l.nHead = max(l.nPlace, len(b.place)), max(l.nHead, len(b.head))
		l.nRole, l.nName = max(l.nRole, len(b.role)), max(l.nName, len(b.name))
		l.nNIP = max(l.nNIP, len(b.nip))
	}
	l.h = float64(l.nPlace+l.nHead+l.nRole)*lh + sigSignH + float64(l.nName+l.nNIP)*lh
	return l
}

// signaturesHeight is the room a row of signature blocks needs below the
// content before it.
func (r *renderer) signaturesHeight(sigs []Signature) float64 {
	if len(sigs) == 0 {
		return 0
	}
	return sigBefore + r.layoutSignatures(sigs).h
}

func (r *renderer) signatures(sigs []Signature) {
	if len(sigs) == 0 {
		return
	}
	r.page()
	lh := lineHeight(sigSize)
	l := r.layoutSignatures(sigs)
	r.space(sigBefore)
	r.ensure(l.h)
	y0 := r.f.GetY()
	r.textColor(palette.Text)
	for i, b := range l.blocks {
		x := l.xs[i]
		y := y0
		put := func(lines []string, count int, st string) {
			r.font(st, sigSize)
			for k, line := range lines {
				r.line(x, y+float64(k)*lh, l.blockW, lh, line, "C")
			}
			y += float64(count) * lh
		}
		put(b.place, l.nPlace, "")
		put(b.head, l.nHead, "")
		put(b.role, l.nRole, "")
		y += sigSignH
		put(b.name, l.nName, "BU")
		put(b.nip, l.nNIP, "")
	}
	r.f.SetY(y0 + l.h)
	r.atTop = false
	r.space(4)
}

// footer draws the rule, the free text and "Halaman x dari y" on each page.
func (r *renderer) footer() {
	f := r.f
	y := r.pageH - 14
	r.drawColor(palette.Grid)
	f.SetLineWidth(0.2)
	f.Line(marginL, y, r.pageW-marginR, y)
	r.font("", 8)
	r.textColor(palette.Muted)
	label := clean(r.opt.PageLabel(f.PageNo(), r.total))
	lw := f.GetStringWidth(label) + 1
	avail := r.width() - lw - 6
	text := clean(strings.ReplaceAll(r.opt.FooterText, "\n", " "))
	if f.GetStringWidth(text) > avail {
		rs := []rune(text)
		for len(rs) > 0 && f.GetStringWidth(string(rs)+"…") > avail {
			rs = rs[:len(rs)-1]
		}
		text = string(rs) + "…"
	}
	r.line(marginL, y+1.5, avail, 4, text, "L")
	r.line(r.pageW-marginR-lw, y+1.5, lw, 4, label, "R")
	r.textColor(palette.Text)
}

// Package pdf builds printable A4 documents — letterhead, titles, text,
// key–value blocks, tables and signature blocks, with a page footer — for the
// PK, SKP, Manual IKU and quarterly reports.
//
// A Document is assembled by calling its methods in reading order and then
// written with WriteTo or Bytes. Layout (wrapping, page breaks, repeated
// table headers) happens when writing. Text is full UTF-8; the Go font family
// is embedded, so no font files are read. Callers use only this package's
// types: the PDF library underneath (go-pdf/fpdf) can be replaced without
// changing them.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// Orientation of a page.
type Orientation int

// Page orientations (always A4).
const (
	Portrait Orientation = iota
	Landscape
)

// Options configure a document.
type Options struct {
	Orientation Orientation // of the first page
	// Metadata stored in the PDF. Creator defaults to "Kinerja"; Lang (a
	// language tag, e.g. "id" or "en") to "id".
	Title, Subject, Author, Keywords, Creator, Lang string
	// FooterText is printed at the bottom left of every page, e.g.
	// "Versi 2 · disetujui 15 Januari 2027".
	FooterText string
	// PageLabel returns the bottom-right page label; default
	// "Halaman x dari y", or "Page x of y" when Lang is English.
	PageLabel func(page, total int) string
	// Created is the creation date stored in the PDF; the zero value means
	// now. Fix it to get byte-identical output for identical input.
	Created time.Time
	// Uncompressed leaves page content unzipped, for tests and debugging.
	Uncompressed bool
	// Watermark, when set, is printed large, light and diagonally across
	// every page beneath the content, e.g. "DRAF" on an unsigned plan.
	Watermark string
}

// Document is a PDF document under construction. It is not safe for
// concurrent use. Slices passed to its methods are kept until it is written
// and must not be changed before then. It may be written more than once.
type Document struct {
	opt    Options
	blocks []block
}

// block is one part of a document, drawn in reading order. height, when
// set, measures a block that must not stand alone at the top of a page, so
// that the block before it can keep its end on the same page.
type block struct {
	draw   func(*renderer)
	height func(*renderer) float64
}

// New starts a document.
func New(opt Options) *Document {
	if opt.Creator == "" {
		opt.Creator = "Kinerja"
	}
	if opt.Lang == "" {
		opt.Lang = "id"
	}
	if opt.PageLabel == nil {
		format := "Halaman %d dari %d"
		if strings.HasPrefix(strings.ToLower(opt.Lang), "en") {
			format = "Page %d of %d"
		}
		opt.PageLabel = func(page, total int) string { return fmt.Sprintf(format, page, total) }
	}
	if opt.Created.IsZero() {
		opt.Created = time.Now()
	}
	return &Document{opt: opt}
}

func (d *Document) add(fn func(*renderer)) { d.blocks = append(d.blocks, block{draw: fn}) }

// Letterhead is an office letterhead (kop surat): centred bold lines naming
// the organisation from the top down, smaller address lines, an optional
// logo at the left, and a double rule below.
type Letterhead struct {
	// Lines name the organisation, e.g. "KEMENTERIAN KEUANGAN REPUBLIK
	// INDONESIA", "DIREKTORAT JENDERAL PERBENDAHARAAN", the office name. The
	// first line is the largest.
	Lines []string
	// Address lines: street, telephone, website, e-mail.
	Address []string
	// Logo is an optional PNG or JPEG image.
	Logo []byte
}

// Letterhead adds a letterhead at the current position (normally first).
func (d *Document) Letterhead(l Letterhead) { d.add(func(r *renderer) { r.letterhead(l) }) }

// Align is a horizontal text alignment. The zero value means the default of
// the context: left for text and columns, the column's alignment for cells.
type Align int

// Alignments.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
	AlignJustify // full lines stretched to both margins; the last line left
)

// TextStyle sets how a block of text is drawn.
type TextStyle struct {
	Size   float64 // points; default 10
	Bold   bool
	Italic bool
	Align  Align
	// SpaceAfter in millimetres; default 2.
	SpaceAfter float64
}

// Title adds a centred bold title.
func (d *Document) Title(text string) {
	d.Text(text, TextStyle{Size: 13, Bold: true, Align: AlignCenter, SpaceAfter: 1.5})
}

// Subtitle adds a centred line under a title, e.g. the year or the period.
func (d *Document) Subtitle(text string) {
	d.Text(text, TextStyle{Size: 11, Align: AlignCenter, SpaceAfter: 5})
}

// Heading adds a bold section heading. It is kept on the same page as the
// start of what follows.
func (d *Document) Heading(text string) { d.add(func(r *renderer) { r.heading(text) }) }

// Paragraph adds wrapped, justified body text; a blank line ("\n\n")
// separates paragraphs within text.
func (d *Document) Paragraph(text string) { d.Text(text, TextStyle{Align: AlignJustify}) }

// Text adds wrapped text in the given style.
func (d *Document) Text(text string, st TextStyle) { d.add(func(r *renderer) { r.text(text, st) }) }

// KeyValue is one "label : value" row.
type KeyValue struct {
	Label, Value string
}

// KeyValues adds rows of "label : value" with the colons aligned, as on a
// Manual IKU sheet. Long values wrap under themselves.
func (d *Document) KeyValues(rows []KeyValue) { d.add(func(r *renderer) { r.keyValues(rows) }) }

// Column describes a table column.
type Column struct {
	Title string
	// Width in millimetres. When 0 the column shares the width left by the
	// fixed columns with the other such columns in proportion to Flex (1 when
	// 0), so Flex values summing to 1 are fractions of that width. Fixed
	// widths wider than the page are scaled down.
	Width float64
	Flex  float64
	Align Align // of the column's cells; default left
}

// Cell is one table cell.
type Cell struct {
	Text string
	// Span is the number of columns the cell covers (default 1); following
	// cells fill the columns after it.
	Span  int
	Bold  bool
	Align Align // default: the column's alignment
	// Status fills the cell in the status colour with readable text.
	Status palette.Status
	// Fill, when set, is the background colour (overrides Status); the text
	// colour is chosen to stay readable.
	Fill *palette.RGB
	// Continued merges the cell with the one above it in the same column, as
	// a cell spanning rows does: no rule between them and no text of its
	// own. At the top of a page the text of the cell it continues is
	// repeated, so a group never starts on a page without its label.
	Continued bool
	// PageRef, when set, makes the cell show the number of the page where
	// Mark(PageRef) was placed, and link to that place (a table of contents).
	PageRef string
	// KeepWithNext, set on any cell of a row, keeps that row on the page of
	// the row after it, so a group heading never ends a page.
	KeepWithNext bool
}

// TextRow makes a row of plain cells.
func TextRow(texts ...string) []Cell {
	row := make([]Cell, len(texts))
	for i, t := range texts {
		row[i] = Cell{Text: t}
	}
	return row
}

// Table is a grid with a header row that repeats on every page. Cells wrap
// their text and rows grow to fit; a row that does not fit at the bottom of
// a page moves to the next (only a row taller than a whole page is split).
type Table struct {
	Columns []Column
	Rows    [][]Cell
	// Zebra shades every other row.
	Zebra bool
	// HideHeader omits the header row.
	HideHeader bool
	// FontSize in points; default 9.
	FontSize float64
	// KeepTogether starts the table on a new page when it does not fit
	// on this one but would on an empty page (for small tables).
	KeepTogether bool
}

// Table adds a table spanning the text width.
func (d *Document) Table(t Table) { d.add(func(r *renderer) { r.table(t) }) }

// Signature is a signature block.
type Signature struct {
	Place string // e.g. "Jakarta"
	Date  string // e.g. "27 November 2026"; Place and Date form the first line
	// Heading lines come before the role, e.g. "Pihak Kedua," or
	// "Mengetahui,".
	Heading []string
	Role    string // e.g. "Kepala Kantor"; wraps within the block
	Name    string // printed bold and underlined below the signing space
	NIP     string // employee number, printed in its groups as "NIP 19750612 199804 1 038"; omitted when empty
}

// Signatures adds one or more signature blocks side by side, their lines
// aligned; a single block sits on the right. The blocks are kept together
// on one page, and a table just before them keeps its last row on that
// page, so a signature never stands alone.
func (d *Document) Signatures(s ...Signature) {
	d.blocks = append(d.blocks, block{
		draw:   func(r *renderer) { r.signatures(s) },
		height: func(r *renderer) float64 { return r.signaturesHeight(s) },
	})
}

// Mark remembers the page where the content that follows starts, under key;
// table cells with PageRef key show that page's number and link to it.
func (d *Document) Mark(key string) { d.add(func(r *renderer) { r.mark(key) }) }

// Space adds vertical space in millimetres (ignored at the top of a page).
func (d *Document) Space(mm float64) { d.add(func(r *renderer) { r.space(mm) }) }

// PageBreak continues on a new page of the same orientation.
func (d *Document) PageBreak() { d.add(func(r *renderer) { r.newPage(r.orient) }) }

// NewPage continues on a new page in orientation o, e.g. a landscape table
// inside a portrait document.
func (d *Document) NewPage(o Orientation) { d.add(func(r *renderer) { r.newPage(o) }) }

// WriteTo lays out the document and writes the PDF to w.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	// The first pass counts pages so that every footer can say "of y", and
	// finds the pages of marks for page references.
	first := newRenderer(d.opt, 0, nil)
	first.run(d.blocks)
	if err := first.f.Error(); err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	r := newRenderer(d.opt, first.f.PageCount(), first.marks)
	r.run(d.blocks)
	cw := &countWriter{w: w}
	if err := r.f.Output(cw); err != nil {
		return cw.n, fmt.Errorf("pdf: %w", err)
	}
	return cw.n, nil
}

// Bytes lays out the document and returns the PDF.
func (d *Document) Bytes() ([]byte, error) {
	var b bytes.Buffer
	_, err := d.WriteTo(&b)
	return b.Bytes(), err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

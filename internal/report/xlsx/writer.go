// Package xlsx writes styled workbooks and reads import templates (XLSX or
// CSV) against a column specification, reporting every problem with its
// sheet, row and column in Indonesian and English.
package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// Workbook is a spreadsheet being written. Create it with NewWorkbook, add
// sheets, then WriteTo; Close releases it. It is not safe for concurrent use.
type Workbook struct {
	f      *excelize.File
	used   bool // the default first sheet has been taken
	styles map[Kind]int
	header int
	title  int
	wrap   int
	sheets map[string]*Sheet
}

// NewWorkbook starts an empty workbook.
func NewWorkbook() (*Workbook, error) {
	f := excelize.NewFile()
	w := &Workbook{f: f, styles: map[Kind]int{}, sheets: map[string]*Sheet{}}
	hex := strings.TrimPrefix(palette.HeaderBg.Hex(), "#")
	var err error
	if w.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hex}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "707070", Style: 1}},
	}); err != nil {
		return nil, err
	}
	if w.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}); err != nil {
		return nil, err
	}
	if w.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	// Number formats use Excel's own separators, so each user sees their
	// locale's (1.234,56 or 1,234.56).
	formats := map[Kind]string{Number: "#,##0.00", Integer: "#,##0", Date: "yyyy-mm-dd"}
	for k, nf := range formats {
		nf := nf
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &nf})
		if err != nil {
			return nil, err
		}
		w.styles[k] = id
	}
	return w, nil
}

// Close releases the workbook's resources.
func (w *Workbook) Close() error { return w.f.Close() }

// WriteTo writes the workbook as XLSX to out.
func (w *Workbook) WriteTo(out io.Writer) (int64, error) {
	w.f.SetActiveSheet(0)
	n, err := w.f.WriteTo(out)
	if err != nil {
		return n, fmt.Errorf("xlsx: write: %w", err)
	}
	return n, nil
}

// newSheet creates a sheet, reusing the default one for the first.
func (w *Workbook) newSheet(name string) error {
	if !w.used {
		w.used = true
		return w.f.SetSheetName(w.f.GetSheetName(0), name)
	}
	_, err := w.f.NewSheet(name)
	return err
}

// Sheet returns a sheet added earlier by AddSheet, or nil.
func (w *Workbook) Sheet(name string) *Sheet { return w.sheets[name] }

// Sheet writes rows into one worksheet with typed columns.
type Sheet struct {
	w    *Workbook
	name string
	cols []Column
	row  int
}

// AddSheet adds a sheet with a bold, frozen header row made of the columns'
// headers and sets the column widths and number formats. Name must be a
// valid sheet name (at most 31 characters, none of : \ / ? * [ ]).
func (w *Workbook) AddSheet(name string, cols []Column) (*Sheet, error) {
	if err := w.newSheet(name); err != nil {
		return nil, fmt.Errorf("xlsx: add sheet %q: %w", name, err)
	}
	s := &Sheet{w: w, name: name, cols: cols, row: 1}
	w.sheets[name] = s
	if len(cols) == 0 {
		return s, nil
	}
	f := w.f
	headers := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = c.Header
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := c.Width
		if !(width > 0) {
			width = math.Min(math.Max(float64(len([]rune(c.Header)))+4, 10), 60)
		}
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return nil, err
		}
		if st, ok := w.styles[c.Kind]; ok {
			if err := f.SetColStyle(name, col, st); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetSheetRow(name, "A1", &headers); err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := f.SetCellStyle(name, "A1", last, w.header); err != nil {
		return nil, err
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteRow appends a row. Values may be string, float64 (NaN and infinities
// leave the cell empty), any integer type, time.Time (written as a date),
// bool, or nil for an empty cell. Numbers get the format of their column's
// kind: two decimals for Number, none for Integer.
func (s *Sheet) WriteRow(values ...any) error {
	s.row++
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(i+1, s.row)
		switch x := v.(type) {
		case nil:
			continue
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
		case float32:
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				continue
			}
		case time.Time:
			if x.IsZero() {
				continue
			}
			// Store the calendar date as shown in its own zone.
			v = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		}
		if err := s.w.f.SetCellValue(s.name, cell, v); err != nil {
			return fmt.Errorf("xlsx: %s!%s: %w", s.name, cell, err)
		}
		// The column's format wins for numbers in numeric columns; other
		// values (or cells beyond the columns) get their own kind's format.
		kind := Text
		if i < len(s.cols) {
			kind = s.cols[i].Kind
		}
		switch vk := kindOf(v); {
		case vk == Date:
			kind = Date
		case (vk == Number || vk == Integer) && kind != Number && kind != Integer:
			kind = vk
		}
		if st, ok := s.w.styles[kind]; ok {
			if err := s.w.f.SetCellStyle(s.name, cell, cell, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// kindOf tells which number format a Go value needs.
func kindOf(v any) Kind {
	switch v.(type) {
	case float64, float32:
		return Number
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return Integer
	case time.Time:
		return Date
	}
	return Text
}

// AddNotes adds a sheet of instructions: a bold title and wrapped lines of
// text in one wide column.
func (w *Workbook) AddNotes(name, title string, lines []string) error {
	if err := w.newSheet(name); err != nil {
		return fmt.Errorf("xlsx: add sheet %q: %w", name, err)
	}
	f := w.f
	if err := f.SetColWidth(name, "A", "A", 100); err != nil {
		return err
	}
	if err := f.SetCellValue(name, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "A1", w.title); err != nil {
		return err
	}
	for i, l := range lines {
		cell := fmt.Sprintf("A%d", i+3)
		if err := f.SetCellValue(name, cell, l); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, w.wrap); err != nil {
			return err
		}
	}
	return nil
}

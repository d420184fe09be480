package xlsx

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/i18n"
)

// CellError is one problem found in an imported file.
type CellError struct {
	Sheet string // empty for CSV
	// Row is the row number as the spreadsheet shows it (for CSV, the line
	// number); 0 when the problem concerns the whole file.
	Row    int
	Column string // column letter, e.g. "C"; empty when not about one column
	Header string // the column's header, when known
	// Code identifies the problem for message catalogues: "xlsx.required",
	// "xlsx.number", "xlsx.integer", "xlsx.date", "xlsx.enum",
	// "xlsx.error_value", "xlsx.missing_column", "xlsx.duplicate_column",
	// "xlsx.no_sheet", "xlsx.no_header", "xlsx.unreadable" or
	// "xlsx.too_many_errors".
	Code string
	// ID and EN are the message in Indonesian and English, without the
	// location.
	ID, EN string
}

// Error returns the English message with its location.
func (e CellError) Error() string { return e.Message("en") }

// Message returns the message with its location in lang, e.g. "Lembar
// Data, baris 5, kolom C (Target): angka wajib diisi".
func (e CellError) Message(lang string) string {
	en := isEN(lang)
	var loc []string
	if e.Sheet != "" {
		loc = append(loc, word(lang, "Lembar ", "Sheet ")+e.Sheet)
	}
	if e.Row > 0 {
		loc = append(loc, word(lang, "baris ", "row ")+strconv.Itoa(e.Row))
	}
	if e.Column != "" || e.Header != "" {
		c := word(lang, "kolom", "column")
		if e.Column != "" {
			c += " " + e.Column
		}
		if e.Header != "" {
			c += " (" + e.Header + ")"
		}
		loc = append(loc, c)
	}
	msg := e.ID
	if en {
		msg = e.EN
	}
	if len(loc) == 0 {
		return msg
	}
	return strings.Join(loc, ", ") + ": " + msg
}

// Row is one data row read from a file.
type Row struct {
	// Line is the row number as the spreadsheet shows it (CSV: the line).
	Line int
	// Values has one entry per Spec column, in the Spec's order.
	Values []Value
	// Columns has, per Spec column, its letter in the file ("" when the
	// file lacks it), so later checks can point at the right cell.
	Columns []string
}

// Value is one typed cell value.
type Value struct {
	Raw   string // the cell's text as read
	Empty bool   // blank, or the column is absent from the file
	// Text is the trimmed text (Text), or the allowed value as spelled in
	// the Spec (Enum).
	Text   string
	Number float64   // Number and Integer
	Date   time.Time // Date: midnight UTC of the calendar date
}

// maxErrors bounds the list of problems; a file that bad needs fixing as a
// whole anyway.
const maxErrors = 200

type cellType int

const (
	textCell    cellType = iota
	numberCell           // stored as a number; text is its raw value
	dateISOCell          // stored as an ISO 8601 date string
	errorCell            // a formula error such as #N/A
	boolCell
)

type rawCell struct {
	text string
	typ  cellType
}

// ReadXLSX reads the Spec's sheet of an XLSX workbook. It returns every
// non-empty data row and every problem found; callers must store nothing
// when the problem list is not empty (rows are still returned, with
// invalid values left zero, so all problems can be shown at once). Problems
// with the file itself (not a workbook, missing sheet) are CellErrors too;
// the error result is for failures of the reader only.
func (s Spec) ReadXLSX(r io.Reader) ([]Row, []CellError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("xlsx: read: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, []CellError{{Code: "xlsx.unreadable",
			ID: "berkas tidak dapat dibaca sebagai buku kerja Excel (.xlsx)",
			EN: "the file cannot be read as an Excel workbook (.xlsx)"}}, nil
	}
	defer f.Close()

	sheets := f.GetSheetList()
	sheet := s.Sheet
	if sheet == "" && len(sheets) > 0 {
		sheet = sheets[0]
	}
	found := false
	for _, n := range sheets {
		if n == sheet {
			found = true
		}
	}
	if !found {
		list := strings.Join(sheets, ", ")
		return nil, []CellError{{Code: "xlsx.no_sheet",
			ID: fmt.Sprintf("lembar %q tidak ditemukan; lembar yang ada: %s", sheet, list),
			EN: fmt.Sprintf("sheet %q not found; the workbook has: %s", sheet, list)}}, nil
	}
	grid, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, fmt.Errorf("xlsx: read sheet %q: %w", sheet, err)
	}
	props, _ := f.GetWorkbookProps()
	date1904 := props.Date1904 != nil && *props.Date1904

	// Cell types matter only where a number or a date is expected.
	typed := map[int]bool{}
	if hr := s.headerRow(); hr <= len(grid) {
		for j, h := range grid[hr-1] {
			if i := s.Index(h); i >= 0 && s.Columns[i].Kind != Text && s.Columns[i].Kind != Enum {
				typed[j] = true
			}
		}
	}
	rows := make([][]rawCell, len(grid))
	lines := make([]int, len(grid))
	for i, gr := range grid {
		lines[i] = i + 1
		rows[i] = make([]rawCell, len(gr))
		for j, v := range gr {
			rc := rawCell{text: v}
			if v != "" && typed[j] {
				name, _ := excelize.CoordinatesToCellName(j+1, i+1)
				t, err := f.GetCellType(sheet, name)
				if err != nil {
					return nil, nil, fmt.Errorf("xlsx: %s!%s: %w", sheet, name, err)
				}
				switch t {
				case excelize.CellTypeUnset, excelize.CellTypeNumber:
					rc.typ = numberCell
				case excelize.CellTypeDate:
					rc.typ = dateISOCell
				case excelize.CellTypeError:
					rc.typ = errorCell
				case excelize.CellTypeBool:
					rc.typ = boolCell
				}
			}
			rows[i][j] = rc
		}
	}
	out, errs := s.parse(sheet, rows, lines, date1904)
	return out, errs, nil
}

// ReadCSV reads CSV data with the same rules as ReadXLSX. The separator is
// a comma or a semicolon (as Excel writes in locales with a decimal comma),
// whichever the header line uses more; a UTF-8 byte order mark is skipped.
func (s Spec) ReadCSV(r io.Reader) ([]Row, []CellError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("xlsx: read csv: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectSeparator(data)
	cr.FieldsPerRecord = -1
	var rows [][]rawCell
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, []CellError{{Row: line, Code: "xlsx.unreadable",
				ID: "berkas CSV tidak valid (periksa tanda kutip)",
				EN: "invalid CSV file (check the quotation marks)"}}, nil
		}
		line, _ := cr.FieldPos(0)
		row := make([]rawCell, len(rec))
		for j, v := range rec {
			row[j] = rawCell{text: v}
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	out, errs := s.parse("", rows, lines, false)
	return out, errs, nil
}

// detectSeparator counts commas and semicolons outside quotes on the first
// line.
func detectSeparator(data []byte) rune {
	commas, semis := 0, 0
	quoted := false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// parse maps headers to the Spec and converts every data row.
func (s Spec) parse(sheet string, rows [][]rawCell, lines []int, date1904 bool) ([]Row, []CellError) {
	var errs []CellError
	add := func(e CellError) bool {
		if len(errs) == maxErrors {
			errs = append(errs, CellError{Sheet: sheet, Code: "xlsx.too_many_errors",
				ID: "terlalu banyak kesalahan; perbaiki yang di atas lalu unggah ulang",
				EN: "too many errors; fix those above and upload again"})
		}
		if len(errs) > maxErrors {
			return false
		}
		e.Sheet = sheet
		errs = append(errs, e)
		return true
	}

	hr := s.headerRow()
	if hr > len(rows) {
		add(CellError{Row: hr, Code: "xlsx.no_header",
			ID: "baris judul kolom tidak ditemukan; berkas kosong?",
			EN: "the header row is missing; is the file empty?"})
		return nil, errs
	}
	headerLine := lines[hr-1]
	colOf := make([]int, len(s.Columns)) // Spec column → file column, -1 if absent
	for i := range colOf {
		colOf[i] = -1
	}
	for j, h := range rows[hr-1] {
		i := s.Index(h.text)
		if i < 0 || strings.TrimSpace(h.text) == "" {
			continue // columns we do not know are ignored
		}
		if colOf[i] >= 0 {
			add(CellError{Row: headerLine, Column: colName(j), Header: s.Columns[i].Header, Code: "xlsx.duplicate_column",
				ID: "kolom ini muncul lebih dari sekali", EN: "this column appears more than once"})
			continue
		}
		colOf[i] = j
	}
	for i, c := range s.Columns {
		if colOf[i] < 0 && c.Required {
			add(CellError{Row: headerLine, Header: c.Header, Code: "xlsx.missing_column",
				ID: "kolom wajib tidak ada", EN: "required column is missing"})
		}
	}

	// Check cells left to right as they appear in the file, so problems are
	// listed in reading order.
	order := make([]int, len(s.Columns))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return colOf[order[a]] < colOf[order[b]] })

	letters := make([]string, len(s.Columns))
	for i, j := range colOf {
		letters[i] = colName(j)
	}
	var out []Row
	for k := hr; k < len(rows); k++ {
		raw := rows[k]
		blank := true
		for _, c := range raw {
			if strings.TrimSpace(c.text) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue // empty rows, trailing ones in particular, are not data
		}
		row := Row{Line: lines[k], Values: make([]Value, len(s.Columns)), Columns: letters}
		for _, i := range order {
			col, j := s.Columns[i], colOf[i]
			if j < 0 {
				// Absent column: reported once at the header if required.
				row.Values[i] = Value{Empty: true}
				continue
			}
			var rc rawCell
			if j < len(raw) {
				rc = raw[j]
			}
			v, id, en, code := convert(col, rc, date1904)
			row.Values[i] = v
			if code != "" {
				if !add(CellError{Row: lines[k], Column: colName(j), Header: col.Header, Code: code, ID: id, EN: en}) {
					return out, errs
				}
			}
		}
		out = append(out, row)
	}
	return out, errs
}

func colName(j int) string {
	if j < 0 {
		return ""
	}
	n, _ := excelize.ColumnNumberToName(j + 1)
	return n
}

// convert turns one cell into a value of the column's kind, or returns the
// problem's messages and code.
func convert(col Column, rc rawCell, date1904 bool) (v Value, id, en, code string) {
	v.Raw = rc.text
	t := strings.TrimSpace(rc.text)
	if t == "" {
		v.Empty = true
		if col.Required {
			return v, "wajib diisi", "a value is required", "xlsx.required"
		}
		return v, "", "", ""
	}
	if rc.typ == errorCell {
		return v, "sel berisi galat rumus (" + t + ")", "the cell holds a formula error (" + t + ")", "xlsx.error_value"
	}
	switch col.Kind {
	case Number, Integer:
		var x float64
		var err error
		if rc.typ == numberCell {
			x, err = strconv.ParseFloat(t, 64)
		} else if rc.typ == textCell {
			x, err = i18n.ParseNumberLang(col.Lang, t)
		} else {
			err = errors.New("not a number")
		}
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			var ne *i18n.NumberError
			if errors.As(err, &ne) {
				return v, ne.Message("id"), ne.Message("en"), "xlsx.number"
			}
			q := strconv.Quote(t)
			return v, q + " bukan angka", q + " is not a number", "xlsx.number"
		}
		// The rules' bound on typed numbers (±10^15) holds for files too.
		var ie *calc.InputError
		if errors.As(calc.CheckInput("", x), &ie) {
			return v, ie.Message("id"), ie.Message("en"), "xlsx.number"
		}
		if col.Kind == Integer {
			r := math.Round(x)
			if math.Abs(x-r) > 1e-9 {
				q := strconv.Quote(t)
				return v, q + " harus bilangan bulat", q + " must be a whole number", "xlsx.integer"
			}
			x = r
		}
		v.Number = x
	case Date:
		var d time.Time
		var err error
		switch rc.typ {
		case numberCell:
			var serial float64
			if serial, err = strconv.ParseFloat(t, 64); err == nil {
				d, err = excelize.ExcelDateToTime(serial, date1904)
			}
		case dateISOCell:
			if len(t) >= 10 {
				d, err = i18n.ParseDate(t[:10])
			} else {
				err = errors.New("short date")
			}
		default:
			d, err = i18n.ParseDate(t)
		}
		if err != nil {
			de := &i18n.DateError{Input: t}
			return v, de.Message("id"), de.Message("en"), "xlsx.date"
		}
		v.Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	case Enum:
		key := normEnum(t)
		for _, a := range col.Allowed {
			if normEnum(a) == key {
				v.Text = a
				return v, "", "", ""
			}
		}
		q := strconv.Quote(t)
		list := strings.Join(col.Allowed, ", ")
		return v, q + " bukan pilihan yang tersedia; pilih salah satu: " + list, q + " is not an allowed value; use one of: " + list, "xlsx.enum"
	default:
		v.Text = t
	}
	return v, "", "", ""
}

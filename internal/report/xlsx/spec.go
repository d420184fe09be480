package xlsx

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Kind is the type of a column's values.
type Kind int

// Column kinds.
const (
	Text    Kind = iota // any text, trimmed
	Number              // a decimal number, Indonesian or English style
	Integer             // a whole number
	Date                // a calendar date
	Enum                // one of Column.Allowed, matched ignoring case and spaces
)

// Column describes one column, for writing and for reading.
type Column struct {
	Header   string
	Required bool
	Kind     Kind
	// Allowed lists the values of an Enum column.
	Allowed []string
	// Lang resolves numbers that are ambiguous on their own (1.234): "id"
	// reads them as thousands, "en" as decimals. Empty rejects them.
	Lang string
	// Width in characters when writing; default from the header.
	Width float64
	// Note explains the column on a template's notes sheet.
	Note string
}

// Spec describes an import sheet.
type Spec struct {
	// Sheet is the worksheet to read; empty means the first one. It is also
	// the data sheet's name in a template (default "Data").
	Sheet   string
	Columns []Column
	// HeaderRow is the row holding the headers; default 1.
	HeaderRow int
}

func (s Spec) headerRow() int {
	if s.HeaderRow > 0 {
		return s.HeaderRow
	}
	return 1
}

// Index returns the position of the column with the given header (matched
// like file headers), or -1.
func (s Spec) Index(header string) int {
	key := normHeader(header)
	for i, c := range s.Columns {
		if normHeader(c.Header) == key {
			return i
		}
	}
	return -1
}

// normHeader makes headers comparable: lower case, single spaces, and no
// required-marker asterisks.
func normHeader(h string) string {
	h = strings.ReplaceAll(h, "*", " ")
	return strings.ToLower(strings.Join(strings.FieldsFunc(h, unicode.IsSpace), " "))
}

// normEnum makes enum values comparable the same way.
func normEnum(v string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(v, unicode.IsSpace), " "))
}

func isEN(lang string) bool { return len(lang) >= 2 && strings.EqualFold(lang[:2], "en") }

// kindName names a kind for the notes sheet.
func kindName(k Kind, lang string) string {
	id := [...]string{"teks", "angka (desimal boleh, mis. 1.234,5 atau 1234.5)", "bilangan bulat", "tanggal (2026-11-27 atau 27/11/2026)", "pilihan"}
	en := [...]string{"text", "number (decimals allowed, e.g. 1,234.5 or 1234,5)", "whole number", "date (2026-11-27 or 27/11/2026)", "choice"}
	if k < 0 || int(k) >= len(id) {
		return ""
	}
	if isEN(lang) {
		return en[k]
	}
	return id[k]
}

// Template returns a workbook for filling in data to import: a data sheet
// whose headers mark required columns with "*", with drop-down lists for
// enum columns, and a notes sheet explaining each column in lang.
func (s Spec) Template(lang string) (*Workbook, error) {
	w, err := NewWorkbook()
	if err != nil {
		return nil, err
	}
	name := s.Sheet
	if name == "" {
		name = "Data"
	}
	cols := make([]Column, len(s.Columns))
	copy(cols, s.Columns)
	for i := range cols {
		if cols[i].Required {
			cols[i].Header += " *"
		}
	}
	if _, err := w.AddSheet(name, cols); err != nil {
		w.Close()
		return nil, err
	}
	for i, c := range s.Columns {
		if c.Kind != Enum || len(c.Allowed) == 0 {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(!c.Required)
		dv.SetSqref(fmt.Sprintf("%s2:%s1048576", col, col))
		// Long lists exceed Excel's 255-character limit for inline lists;
		// the notes sheet still lists the values then.
		if dv.SetDropList(c.Allowed) == nil {
			if err := w.f.AddDataValidation(name, dv); err != nil {
				w.Close()
				return nil, err
			}
		}
	}

	notesName, title := "Petunjuk", "Petunjuk pengisian"
	lines := []string{
		"Isi data mulai baris 2 lembar \"" + name + "\". Jangan mengubah judul kolom; urutan kolom boleh diubah.",
		"Kolom bertanda * wajib diisi. Angka boleh ditulis 1.234,5 atau 1234.5; tulis 1234 (tanpa pemisah) untuk ribuan agar tidak ambigu.",
		"",
	}
	if isEN(lang) {
		notesName, title = "Instructions", "How to fill in this template"
		lines = []string{
			"Enter data from row 2 of the \"" + name + "\" sheet. Do not change the column headers; columns may be reordered.",
			"Columns marked * are required. Numbers may be written 1,234.5 or 1234,5; write 1234 (no separator) for thousands to avoid ambiguity.",
			"",
		}
	}
	for _, c := range s.Columns {
		l := c.Header + ": " + kindName(c.Kind, lang)
		if c.Required {
			l += word(lang, ", wajib", ", required")
		}
		if c.Kind == Enum && len(c.Allowed) > 0 {
			l += word(lang, "; pilihan: ", "; one of: ") + strings.Join(c.Allowed, ", ")
		}
		if c.Note != "" {
			l += ". " + c.Note
		}
		lines = append(lines, l)
	}
	if err := w.AddNotes(notesName, title, lines); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func word(lang, id, en string) string {
	if isEN(lang) {
		return en
	}
	return id
}

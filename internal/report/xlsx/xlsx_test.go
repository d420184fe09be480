package xlsx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var spec = Spec{
	Sheet: "Target",
	Columns: []Column{
		{Header: "Kode IKU", Required: true, Kind: Text},
		{Header: "Target", Required: true, Kind: Number},
		{Header: "Jumlah Dokumen", Kind: Integer},
		{Header: "Batas Waktu", Kind: Date},
		{Header: "Polaritas", Required: true, Kind: Enum, Allowed: []string{"Maximize", "Minimize", "Stabilize"}},
	},
}

func write(t *testing.T, w *Workbook) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	w, err := NewWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	s, err := w.AddSheet("Target", spec.Columns)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2027, 3, 31, 15, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	rows := [][]any{
		{"1a-CP", 95.5, 12, due, "Maximize"},
		{"1b-N", 1234567.891, int64(0), nil, "minimize"},
		{"Ané “x”", math.NaN(), nil, time.Time{}, "Stabilize"},
	}
	for _, r := range rows {
		if err := s.WriteRow(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.AddNotes("Petunjuk", "Petunjuk", []string{"Baris satu", "Baris dua"}); err != nil {
		t.Fatal(err)
	}
	data := write(t, w)

	// The header row is frozen and styled; numbers carry formats.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Target" || got[1] != "Petunjuk" {
		t.Errorf("sheets = %v", got)
	}
	panes, _ := f.GetPanes("Target")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	if v, _ := f.GetCellValue("Target", "B3"); v != "1,234,567.89" {
		t.Errorf("B3 formatted as %q, want 1,234,567.89", v)
	}
	if v, _ := f.GetCellValue("Target", "D2"); v != "2027-03-31" {
		t.Errorf("D2 formatted as %q", v)
	}
	if v, _ := f.GetCellValue("Target", "B4"); v != "" {
		t.Errorf("NaN written as %q", v)
	}
	f.Close()

	// Read it back with the columns in another order and headers spelled
	// differently.
	read := Spec{Sheet: "Target", Columns: []Column{
		{Header: "polaritas", Kind: Enum, Allowed: []string{"Maximize", "Minimize", "Stabilize"}},
		{Header: "  BATAS   waktu ", Kind: Date},
		{Header: "kode iku", Required: true},
		{Header: "Target", Kind: Number},
		{Header: "Jumlah dokumen", Kind: Integer},
		{Header: "Tidak ada", Kind: Text},
	}}
	got, errs, err := read.ReadXLSX(bytes.NewReader(data))
	if err != nil || len(errs) > 0 {
		t.Fatalf("read: %v %v", err, errs)
	}
	if len(got) != 3 {
		t.Fatalf("got %d rows", len(got))
	}
	r := got[0]
	if r.Line != 2 || r.Values[0].Text != "Maximize" || !r.Values[1].Date.Equal(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)) ||
		r.Values[2].Text != "1a-CP" || r.Values[3].Number != 95.5 || r.Values[4].Number != 12 || !r.Values[5].Empty {
		t.Errorf("row 1 = %+v", r)
	}
	if v := got[1].Values; v[0].Text != "Minimize" || math.Abs(v[3].Number-1234567.891) > 1e-9 || v[4].Number != 0 || v[4].Empty || !v[1].Empty {
		t.Errorf("row 2 = %+v", got[1])
	}
	if v := got[2].Values; v[2].Text != "Ané “x”" || !v[3].Empty || !v[1].Empty {
		t.Errorf("row 3 = %+v", got[2])
	}
}

// sheetWith builds a workbook whose first sheet holds the given cells.
func sheetWith(t *testing.T, name string, cells map[string]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for c, v := range cells {
		if err := f.SetCellValue(name, c, v); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestErrorsAreLocated(t *testing.T) {
	data := sheetWith(t, "Target", map[string]any{
		"A1": "Polaritas", "B1": "Kode IKU *", "C1": "Target", "D1": "Jumlah Dokumen", "E1": "Batas Waktu", "F1": "Catatan",
		// row 2: valid, numbers typed as text in both styles
		"A2": "maximize", "B2": "1a", "C2": "1.234,5", "D2": "7", "E2": "27/11/2026",
		// row 3: every kind of mistake
		"A3": "Naik", "B3": "", "C3": "abc", "D3": 12.5, "E3": "31/02/2026",
		// row 4: ambiguous number, date typed as a number serial is fine
		"A4": "Minimize", "B4": "2", "C4": "1.234", "D4": "1.000.000", "E4": 46353,
		// rows 5–6 blank (spaces only), row 7 has data, rows after are empty
		"A5": "  ", "C6": " ",
		"A7": "Stabilize", "B7": "3", "C7": 100,
		"A9": "", "F20": "   ",
	})
	rows, errs, err := spec.ReadXLSX(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Errorf("got %d rows, want 4 (blank rows skipped)", len(rows))
	}
	want := []struct {
		row       int
		col, code string
	}{
		{3, "A", "xlsx.enum"},
		{3, "B", "xlsx.required"},
		{3, "C", "xlsx.number"},
		{3, "D", "xlsx.integer"},
		{3, "E", "xlsx.date"},
		{4, "C", "xlsx.number"},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	for i, w := range want {
		e := errs[i]
		if e.Row != w.row || e.Column != w.col || e.Code != w.code || e.Sheet != "Target" || e.ID == "" || e.EN == "" || e.ID == e.EN {
			t.Errorf("error %d = %+v, want row %d col %s code %s", i, e, w.row, w.col, w.code)
		}
	}
	if got := errs[2].Message("id"); !strings.HasPrefix(got, `Lembar Target, baris 3, kolom C (Target): "abc" bukan angka`) {
		t.Errorf("id message = %q", got)
	}
	if got := errs[2].Message("en"); !strings.HasPrefix(got, `Sheet Target, row 3, column C (Target): "abc" is not a number`) {
		t.Errorf("en message = %q", got)
	}
	if !strings.Contains(errs[5].EN, "ambiguous") {
		t.Errorf("ambiguous number message = %q", errs[5].EN)
	}
	if v := rows[0].Values; v[1].Number != 1234.5 || v[2].Number != 7 || v[4].Text != "Maximize" || v[3].Date.Day() != 27 {
		t.Errorf("row 2 values = %+v", v)
	}
	if v := rows[2].Values; v[2].Number != 1000000 || v[3].Date.Format("2006-01-02") != "2026-11-27" {
		t.Errorf("row 4 values = %+v", v)
	}

	// Declaring the column's language resolves the ambiguity.
	idSpec := spec
	idSpec.Columns = append([]Column(nil), spec.Columns...)
	idSpec.Columns[1].Lang = "id"
	rows, errs, _ = idSpec.ReadXLSX(bytes.NewReader(data))
	if len(errs) != 5 || rows[2].Values[1].Number != 1234 {
		t.Errorf("with Lang id: %d errors, value %v", len(errs), rows[2].Values[1].Number)
	}
}

func TestFileLevelErrors(t *testing.T) {
	_, errs, err := spec.ReadXLSX(strings.NewReader("not a zip"))
	if err != nil || len(errs) != 1 || errs[0].Code != "xlsx.unreadable" {
		t.Errorf("garbage: %v %v", err, errs)
	}

	data := sheetWith(t, "Lain", map[string]any{"A1": "x"})
	_, errs, _ = spec.ReadXLSX(bytes.NewReader(data))
	if len(errs) != 1 || errs[0].Code != "xlsx.no_sheet" || !strings.Contains(errs[0].ID, "Lain") {
		t.Errorf("missing sheet: %v", errs)
	}

	data = sheetWith(t, "Target", map[string]any{"A1": "Kode IKU", "B1": "kode iku", "C1": "Catatan", "A2": "x"})
	_, errs, _ = spec.ReadXLSX(bytes.NewReader(data))
	codes := map[string]int{}
	for _, e := range errs {
		codes[e.Code]++
	}
	if codes["xlsx.duplicate_column"] != 1 || codes["xlsx.missing_column"] != 2 {
		t.Errorf("header problems: %v", errs)
	}
	for _, e := range errs {
		if e.Code == "xlsx.duplicate_column" && (e.Row != 1 || e.Column != "B") {
			t.Errorf("duplicate located at %d %s", e.Row, e.Column)
		}
		if e.Code == "xlsx.missing_column" && e.Message("en") != "Sheet Target, row 1, column ("+e.Header+"): required column is missing" {
			t.Errorf("missing column message: %q", e.Message("en"))
		}
	}

	empty := sheetWith(t, "Target", nil)
	_, errs, _ = spec.ReadXLSX(bytes.NewReader(empty))
	if len(errs) != 1 || errs[0].Code != "xlsx.no_header" {
		t.Errorf("empty sheet: %v", errs)
	}

	// A flood of problems is cut short.
	cells := map[string]any{"A1": "Kode IKU", "B1": "Target", "C1": "Polaritas"}
	for i := 2; i < 400; i++ {
		cells["A"+strconv.Itoa(i)] = "x"
	}
	_, errs, _ = spec.ReadXLSX(bytes.NewReader(sheetWith(t, "Target", cells)))
	if len(errs) != maxErrors+1 || errs[maxErrors].Code != "xlsx.too_many_errors" {
		t.Errorf("got %d errors, last %+v", len(errs), errs[len(errs)-1])
	}
}

func TestCSV(t *testing.T) {
	// Semicolons, decimal commas, a BOM, quotes, a blank line and CRLF.
	in := "\xef\xbb\xbfKode IKU;Target;Polaritas;Batas Waktu\r\n" +
		"1a;95,5;Maximize;27/11/2026\r\n" +
		"\r\n" +
		"\"1b; kedua\";1.234,75;minimize;2026-12-31\r\n" +
		"1c;abc;Naik;kemarin\r\n" +
		";;;\r\n"
	rows, errs, err := spec.ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows", len(rows))
	}
	if rows[0].Line != 2 || rows[0].Values[1].Number != 95.5 || rows[1].Line != 4 || rows[1].Values[0].Text != "1b; kedua" || rows[1].Values[1].Number != 1234.75 {
		t.Errorf("rows = %+v", rows)
	}
	if len(errs) != 3 {
		t.Fatalf("errors = %v", errs)
	}
	for i, col := range []string{"B", "C", "D"} {
		if errs[i].Row != 5 || errs[i].Column != col || errs[i].Sheet != "" {
			t.Errorf("error %d = %+v", i, errs[i])
		}
	}
	if got := errs[0].Message("id"); !strings.HasPrefix(got, "baris 5, kolom B (Target): ") {
		t.Errorf("CSV message = %q", got)
	}

	// Commas, English decimals.
	rows, errs, _ = spec.ReadCSV(strings.NewReader("Target,Kode IKU,Polaritas\n1234.5,\"a,b\",Stabilize\n"))
	if len(errs) != 0 || rows[0].Values[1].Number != 1234.5 || rows[0].Values[0].Text != "a,b" {
		t.Errorf("comma CSV: %+v %v", rows, errs)
	}
	// Each row tells where the file keeps each Spec column.
	if got := strings.Join(rows[0].Columns, ","); got != "B,A,,,C" {
		t.Errorf("columns = %q, want B,A,,,C", got)
	}

	_, errs, _ = spec.ReadCSV(strings.NewReader("Kode IKU,Target\n\"open,1\n"))
	if len(errs) != 1 || errs[0].Code != "xlsx.unreadable" {
		t.Errorf("bad CSV: %v", errs)
	}
}

func TestTemplate(t *testing.T) {
	w, err := spec.Template("id")
	if err != nil {
		t.Fatal(err)
	}
	data := write(t, w)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Target" || got[1] != "Petunjuk" {
		t.Errorf("sheets = %v", got)
	}
	if v, _ := f.GetCellValue("Target", "A1"); v != "Kode IKU *" {
		t.Errorf("A1 = %q", v)
	}
	dvs, err := f.GetDataValidations("Target")
	if err != nil || len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "Maximize") {
		t.Errorf("data validations = %+v, %v", dvs, err)
	}
	notes, _ := f.GetRows("Petunjuk")
	if !strings.Contains(strings.Join(flat(notes), "\n"), "Polaritas: pilihan, wajib; pilihan: Maximize, Minimize, Stabilize") {
		t.Errorf("notes = %v", notes)
	}
	// A filled-in template reads back without problems.
	if err := f.SetSheetRow("Target", "A2", &[]any{"1a", 100, 3, "2026-11-27", "Maximize"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	rows, errs, err := spec.ReadXLSX(&b)
	if err != nil || len(errs) != 0 || len(rows) != 1 || rows[0].Values[1].Number != 100 {
		t.Errorf("template read back: %+v %v %v", rows, errs, err)
	}

	en, err := spec.Template("en")
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := excelize.OpenReader(bytes.NewReader(write(t, en)))
	defer f2.Close()
	if got := f2.GetSheetList(); got[1] != "Instructions" {
		t.Errorf("English notes sheet = %v", got)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestNumbersOutOfRange: a number beyond ±10^15, stored as a number or
// typed as text, is refused with its cell; the bound itself is accepted.
func TestNumbersOutOfRange(t *testing.T) {
	data := sheetWith(t, "Target", map[string]any{
		"A1": "Kode IKU", "B1": "Target", "C1": "Jumlah Dokumen", "D1": "Polaritas",
		"A2": "1a", "B2": 1e308, "C2": "2", "D2": "Maximize",
		"A3": "1b", "B3": "-1.000.000.000.000.001", "C3": 1e16, "D3": "Maximize",
		"A4": "1c", "B4": 1e15, "C4": -1e15, "D4": "Maximize",
		"A5": "1d", "B5": 5e-324, "D5": "Maximize",
	})
	rows, errs, err := spec.ReadXLSX(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		row int
		col string
	}{{2, "B"}, {3, "B"}, {3, "C"}}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v", errs)
	}
	for i, w := range want {
		if e := errs[i]; e.Row != w.row || e.Column != w.col || e.Code != "xlsx.number" || !strings.Contains(e.ID, "10^15") || !strings.Contains(e.EN, "out of range") {
			t.Errorf("error %d = %+v, want row %d column %s out of range", i, e, w.row, w.col)
		}
	}
	if v := rows[2].Values; v[1].Number != 1e15 || v[2].Number != -1e15 {
		t.Errorf("the bound itself: %+v", v)
	}
	if v := rows[3].Values; v[1].Number != 5e-324 {
		t.Errorf("a subnormal: %+v", v)
	}
	_, errs, _ = spec.ReadCSV(strings.NewReader("Kode IKU;Target;Polaritas\n1a;2.000.000.000.000.000;Maximize\n"))
	if len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "B" || errs[0].Code != "xlsx.number" {
		t.Errorf("CSV: %v", errs)
	}
}

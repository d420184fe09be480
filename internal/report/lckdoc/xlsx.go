package lckdoc

import (
	"fmt"
	"math"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/xlsx"
)

// RawDataXLSX writes the raw data behind a report: the figures of every
// indicator with the quarter's reported value and note, the raw-data rows
// behind each value, and the evidence list with each file's SHA-256. The
// caller closes the workbook.
func RawDataXLSX(r Report) (*xlsx.Workbook, error) {
	wb, err := xlsx.NewWorkbook()
	if err != nil {
		return nil, err
	}
	if err := rawData(wb, r); err != nil {
		wb.Close()
		return nil, err
	}
	return wb, nil
}

func rawData(wb *xlsx.Workbook, r Report) error {
	q := Roman(r.Quarter)
	lines, err := wb.AddSheet("Realisasi", []xlsx.Column{
		{Header: "Kode", Width: 10}, {Header: "Indikator", Width: 50}, {Header: "Satuan", Width: 10},
		{Header: "Target TW " + q, Kind: xlsx.Number, Width: 14}, {Header: "Realisasi TW " + q, Kind: xlsx.Number, Width: 14},
		{Header: "Target s.d. TW " + q, Kind: xlsx.Number, Width: 16}, {Header: "Realisasi s.d. TW " + q, Kind: xlsx.Number, Width: 18},
		{Header: "Capaian s.d. TW " + q, Kind: xlsx.Number, Width: 16}, {Header: "Status", Width: 16},
		{Header: "IIAA", Width: 10}, {Header: "Catatan realisasi", Width: 60},
	})
	if err != nil {
		return err
	}
	for _, l := range r.Lines {
		iiaa := "opsional"
		if l.Required {
			iiaa = "wajib"
		}
		if err := lines.WriteRow(l.Code, l.Name, l.Unit, cell(l.Own.Target), cell(l.Value), cell(l.ToDate.Target), cell(l.ToDate.Realisation),
			rounded(l.ToDate.Achievement), statusWord(l.ToDate.Status), iiaa, l.Note); err != nil {
			return err
		}
	}
	raw, err := wb.AddSheet("Data mentah", []xlsx.Column{
		{Header: "Kode", Width: 10}, {Header: "Indikator", Width: 50}, {Header: "Komponen", Width: 40},
		{Header: "Nilai", Kind: xlsx.Number, Width: 16}, {Header: "Satuan", Width: 12},
	})
	if err != nil {
		return err
	}
	for _, l := range r.Lines {
		for _, x := range l.Raw {
			if err := raw.WriteRow(l.Code, l.Name, x.Name, x.Value, x.Unit); err != nil {
				return err
			}
		}
	}
	ev, err := wb.AddSheet("Bukti dukung", []xlsx.Column{
		{Header: "Kode", Width: 10}, {Header: "Jenis", Width: 20}, {Header: "Bentuk", Width: 10}, {Header: "Dokumen", Width: 50},
		{Header: "Ukuran (byte)", Kind: xlsx.Integer, Width: 14}, {Header: "Diunggah", Kind: xlsx.Date, Width: 12}, {Header: "SHA-256", Width: 68},
	})
	if err != nil {
		return err
	}
	for _, l := range r.Lines {
		for _, e := range l.Evidence {
			doc, form := e.Filename, "berkas"
			switch e.Form {
			case domain.FormLink:
				doc, form = e.URL, "tautan"
			case domain.FormText:
				doc, form = e.Body, "teks"
			}
			var size any
			if e.Form == domain.FormFile {
				size = e.Size
			}
			if err := ev.WriteRow(l.Code, evidenceKindWord(e.Kind), form, doc, size, e.UploadedAt, e.SHA256); err != nil {
				return err
			}
		}
	}
	return wb.AddNotes("Keterangan", reportTitle(r), []string{
		"Unit kerja: " + r.Unit,
		"Pejabat: " + r.Official.Name + " (NIP " + domain.FormatNIP(r.Official.NIP) + "), " + r.Official.Position,
		"Kantor: " + r.Office.Name,
		"Status laporan: " + reportStatusWord(r.Status) + "; realisasi: " + sheetStatusWord(r.SheetStatus),
		fmt.Sprintf("Capaian s.d. TW %s dihitung oleh aplikasi dari target dan realisasi yang dikonsolidasikan sesuai manual indikator, dibulatkan dua desimal.", q),
		"Lembar Data mentah memuat komponen rumus di balik setiap realisasi; lembar Bukti dukung memuat dokumen dengan sidik SHA-256-nya.",
		"Dicetak " + date(r.Created),
	})
}

// cell is an optional number for a spreadsheet cell (empty when undefined).
func cell(o calc.Opt) float64 {
	if !o.OK {
		return math.NaN()
	}
	return o.V
}

// rounded is an achievement as shown: rounded by the one rounding rule.
func rounded(o calc.Opt) float64 {
	if !o.OK {
		return math.NaN()
	}
	return calc.Round2(o.V)
}

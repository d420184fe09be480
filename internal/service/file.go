package service

import (
	"strings"

	"github.com/kinerja/kinerja/internal/report/xlsx"
)

// File is a generated document ready to download.
type File struct {
	Name        string // e.g. "LCK-2026-TW3-198204142006042001.pdf"
	ContentType string
	Data        []byte
}

// Content types of generated files.
const (
	ContentPDF  = "application/pdf"
	ContentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// workbookFile writes a workbook into a File and closes it.
func workbookFile(name string, wb *xlsx.Workbook) (File, error) {
	defer wb.Close()
	var b strings.Builder
	if _, err := wb.WriteTo(&b); err != nil {
		return File{}, err
	}
	return File{Name: name, ContentType: ContentXLSX, Data: []byte(b.String())}, nil
}

package pdftext_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/report/pdf"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
)

func TestPages(t *testing.T) {
	d := pdf.New(pdf.Options{Created: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)})
	d.Title("Halaman satu")
	d.PageBreak()
	d.Paragraph("Halaman (dua) — “kutip”")
	data, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdftext.Pages(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || !slices.Contains(pages[0], "Halaman satu") || !slices.Contains(pages[1], "Halaman (dua) — “kutip”") {
		t.Errorf("pages = %q", pages)
	}
	if _, err := pdftext.Pages(data[:len(data)/2]); err == nil {
		t.Error("a truncated document was read")
	}
}

package pdf

import (
	"strings"
	"testing"
)

func TestWatermarkOnEveryPage(t *testing.T) {
	d := New(Options{Created: fixed, Uncompressed: true, Watermark: "DRAF"})
	d.Title("LAPORAN")
	for i := 0; i < 120; i++ {
		d.Paragraph(strings.Repeat("Isi laporan yang panjang. ", 8))
	}
	data, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, data)
	pages := pdfPages(t, data)
	if len(pages) < 3 {
		t.Fatalf("%d pages, want several", len(pages))
	}
	for i, p := range pages {
		if !contains(p, "DRAF") {
			t.Errorf("page %d has no watermark", i+1)
		}
		// Drawn first, so that the content lies on top of it.
		first := ""
		for _, l := range p {
			if l != "" {
				first = l
				break
			}
		}
		if first != "DRAF" {
			t.Errorf("page %d: the watermark is not drawn first but after %q", i+1, first)
		}
	}
	plain, err := New(Options{Created: fixed, Uncompressed: true}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if contains(flatten(pdfPages(t, plain)), "DRAF") {
		t.Error("a document without watermark shows one")
	}
}

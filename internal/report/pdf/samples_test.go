//go:build samples

// Writing samples to look at, not a check: run with
//
//	KINERJA_PDF_SAMPLE=/tmp/sample.pdf go test -tags samples -count=1 -run TestWriteSample ./internal/report/pdf/

package pdf

import (
	"os"
	"testing"
)

// TestWriteSample writes the sample document to the file named by
// KINERJA_PDF_SAMPLE, for looking at it (e.g. with pdftoppm).
func TestWriteSample(t *testing.T) {
	out := os.Getenv("KINERJA_PDF_SAMPLE")
	if out == "" {
		t.Fatal("set KINERJA_PDF_SAMPLE=/tmp/sample.pdf")
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := sample(t, Options{Title: "Perjanjian Kinerja 2027", FooterText: "Versi 2 · disetujui 15 Januari 2027", Created: fixed}).WriteTo(f); err != nil {
		t.Fatal(err)
	}
}

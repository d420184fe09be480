//go:build samples

// Writing samples to look at, not a check: run with
//
//	KINERJA_PLANDOC_DIR=/tmp/plandoc go test -tags samples -count=1 -run TestWriteDocuments ./internal/report/plandoc/

package plandoc

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteDocuments writes every document of the fixtures to the folder
// named by KINERJA_PLANDOC_DIR, for looking at them.
func TestWriteDocuments(t *testing.T) {
	dir := os.Getenv("KINERJA_PLANDOC_DIR")
	if dir == "" {
		t.Fatal("set KINERJA_PLANDOC_DIR=/tmp/plandoc")
	}
	for _, p := range []Plan{pkFixture(), skpFixture()} {
		doc, err := PlanPDF(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		man, err := ManualPDF(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{string(p.Kind) + ".pdf": doc, string(p.Kind) + "-manual.pdf": man} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

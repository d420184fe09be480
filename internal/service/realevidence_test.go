package service_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// tinyPDF is the smallest content the type check takes for a PDF.
var tinyPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// elf is the start of a Linux executable.
var elf = append([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, bytes.Repeat([]byte{0}, 120)...)

// storedFiles counts the files a local evidence store holds (its staging
// folder aside).
func storedFiles(t testing.TB, root string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func dirEntries(t testing.TB, dir string) int {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestUploadValidation refuses each kind of bad document with a message on its field.
func TestUploadValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 1024)
		A, staff := o.A, o.staffSKP.ID
		line := lineOf(t, o.sheet(t, staff, 3), "T-1").Indicator.LineID
		add := func(in service.EvidenceInput) ([]domain.Evidence, error) {
			in.LineID = line
			if in.Kind == "" {
				in.Kind = domain.EvidenceSupporting
			}
			return o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, in)
		}
		for name, c := range map[string]struct {
			in         service.EvidenceInput
			field, key string
		}{
			"too big":       {service.EvidenceInput{Filename: "besar.csv", Reader: strings.NewReader(strings.Repeat("1,2\n", 300))}, "file", "evidence.too_large"},
			"executable":    {service.EvidenceInput{Filename: "laporan.pdf", Reader: bytes.NewReader(elf)}, "file", "evidence.bad_type"},
			"empty":         {service.EvidenceInput{Filename: "kosong.pdf", Reader: bytes.NewReader(nil)}, "file", "evidence.empty"},
			"nothing":       {service.EvidenceInput{}, "file", "evidence.nothing"},
			"script link":   {service.EvidenceInput{URL: "javascript:alert(1)"}, "url", "evidence.bad_url"},
			"unknown kind":  {service.EvidenceInput{Kind: "other", Body: "x"}, "kind", "err.choose"},
			"too long text": {service.EvidenceInput{Body: strings.Repeat("x", 4001)}, "body", "err.too_long"},
			"html renamed":  {service.EvidenceInput{Filename: "data.csv.pdf", Reader: strings.NewReader("<html><script>alert(1)</script></html>")}, "file", "evidence.bad_type"},
		} {
			_, err := add(c.in)
			if err == nil {
				t.Errorf("%s: accepted", name)
				continue
			}
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || ve.Fields[c.field].Key != c.key {
				t.Errorf("%s: %v, want %s on %s", name, err, c.key, c.field)
			}
		}
		if n := storedFiles(t, root); n != 0 {
			t.Errorf("%d files stored by refused uploads", n)
		}
		if n := dirEntries(t, o.staging); n != 0 {
			t.Errorf("%d files left in the staging folder", n)
		}

		// A path in the name keeps only its last element; the content decides the type.
		got, err := add(service.EvidenceInput{Filename: "../../x", Reader: bytes.NewReader(tinyPDF)})
		if err != nil || got[0].Filename != "x" || got[0].MIME != "application/pdf" || got[0].Size != int64(len(tinyPDF)) {
			t.Fatalf("upload named ../../x: %+v, %v", got, err)
		}
		sum := sha256.Sum256(tinyPDF)
		if got[0].SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("sha256 %s", got[0].SHA256)
		}
		if got, _ := add(service.EvidenceInput{Filename: `C:\Users\budi\..\rekap.csv`, Reader: strings.NewReader("a,b\n1,2\n")}); len(got) != 1 || got[0].Filename != "rekap.csv" || got[0].MIME != "text/csv" {
			t.Errorf("windows path: %+v", got)
		}
		// A right-to-left override would show "rekap\u202Efdp.exe" as "rekapexe.pdf".
		if got, _ := add(service.EvidenceInput{Filename: "rekap\u202Efdp.exe\u2066\u200b", Reader: bytes.NewReader(tinyPDF)}); len(got) != 1 || got[0].Filename != "rekapfdp.exe" {
			t.Errorf("name with bidirectional controls stored as %q", got[0].Filename)
		}

		// Replacing needs a reason and keeps the old document.
		old := got[0]
		_, err = add(service.EvidenceInput{Body: "versi baru", Replaces: old.ID})
		fieldError(t, err, "reason", "evidence.reason_required")
		nw, err := add(service.EvidenceInput{Body: "versi baru", Replaces: old.ID, Reason: "rekap salah bulan"})
		if err != nil {
			t.Fatal(err)
		}
		ev := lineOf(t, o.sheet(t, staff, 3), "T-1").Evidence
		var sup *domain.Evidence
		for i := range ev {
			if ev[i].ID == old.ID {
				sup = &ev[i]
			}
		}
		if sup == nil || sup.SupersededBy != nw[0].ID || nw[0].ReplaceReason != "rekap salah bulan" {
			t.Errorf("replaced: %+v, new %+v", sup, nw[0])
		}
		_, err = add(service.EvidenceInput{Body: "lagi", Replaces: old.ID, Reason: "x"})
		fieldError(t, err, "replaces", "evidence.already_replaced")

		// The verifier adds verification documents only, and only while verifying.
		if _, err := o.svc.AddEvidence(ctx, A.PengActor, staff, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceVerification, Body: "BA"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("verification document before validation: %v", err)
		}
		o.report(t, A.StaffActor, staff, 3)
		must[domain.Sheet](t)(o.svc.SubmitSheet(ctx, A.StaffActor, staff, 3, -1))
		must[domain.Sheet](t)(o.svc.ValidateSheet(ctx, A.SecHeadActor, staff, 3, -1))
		if _, err := o.svc.AddEvidence(ctx, A.PengActor, staff, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceSupporting, Body: "x"}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("supporting document by the verifier: %v", err)
		}
		if _, err := o.svc.AddEvidence(ctx, A.PengActor, staff, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceVerification, Body: "BA-12"}); err != nil {
			t.Errorf("verification document while verifying: %v", err)
		}
	})
}

// TestSaveValuesWithDocuments saves a sheet's values and the documents
// sent with them in one go: all of it or, when anything is refused, none
// of it, with every refusal named on its line's field at once.
func TestSaveValuesWithDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 1024)
		A, staff := o.A, o.staffSKP.ID
		v := o.sheet(t, staff, 3)
		l1, l2 := lineOf(t, v, "T-1").Indicator.LineID, lineOf(t, v, "T-2").Indicator.LineID
		f1, f2 := fmt.Sprintf("evidence_%d_", l1), fmt.Sprintf("evidence_%d_", l2)
		values := func(x float64) []service.RealisationInput {
			return []service.RealisationInput{{LineID: l1, Value: calc.Some(x), Note: "rekap terlampir"}}
		}
		pdf := func() service.EvidenceInput {
			return service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "rekap.pdf", Reader: bytes.NewReader(tinyPDF)}
		}
		saved, err := o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, values(50), pdf(),
			service.EvidenceInput{LineID: l2, Kind: domain.EvidenceSupporting, Body: "notulen rapat"})
		if err != nil {
			t.Fatal(err)
		}
		if l := lineOf(t, saved, "T-1"); l.Realisation.Value != calc.Some(50) || len(l.Evidence) != 1 || l.Evidence[0].Filename != "rekap.pdf" {
			t.Errorf("T-1 after saving with a file: %v %+v", l.Realisation.Value, l.Evidence)
		}
		// T-2 had no realisation yet: its document makes one, without a value.
		if l := lineOf(t, saved, "T-2"); l.Realisation.ID == 0 || l.Realisation.Value.OK || len(l.Evidence) != 1 {
			t.Errorf("T-2 after a text document: %+v %+v", l.Realisation, l.Evidence)
		}
		unchanged := func(what string) {
			t.Helper()
			now := o.sheet(t, staff, 3)
			if l := lineOf(t, now, "T-1"); l.Realisation.Value != calc.Some(50) || len(l.Evidence) != 1 {
				t.Errorf("%s: T-1 became %v with %d documents", what, l.Realisation.Value, len(l.Evidence))
			}
			if n := len(lineOf(t, now, "T-2").Evidence); n != 1 {
				t.Errorf("%s: T-2 has %d documents", what, n)
			}
			if n := storedFiles(t, root); n != 1 {
				t.Errorf("%s: %d files stored", what, n)
			}
			if n := dirEntries(t, o.staging); n != 0 {
				t.Errorf("%s: %d files left in the staging folder", what, n)
			}
		}

		// A refused value keeps a good file out.
		other := append(append([]byte(nil), tinyPDF...), "% kedua\n"...)
		_, err = o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, values(math.Inf(1)),
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "kedua.pdf", Reader: bytes.NewReader(other)})
		fieldError(t, err, fmt.Sprintf("value_%d", l1), "")
		unchanged("a refused value")

		// Refused documents keep a good value out, each named on its line.
		_, err = o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, values(60),
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "laporan.pdf", Reader: bytes.NewReader(elf)},
			service.EvidenceInput{LineID: l2, Kind: domain.EvidenceSupporting, Body: strings.Repeat("x", 4001)})
		fieldError(t, err, f1+"file", "evidence.bad_type")
		fieldError(t, err, f2+"body", "err.too_long")
		_, err = o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, -1, values(60),
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "besar.csv", Reader: strings.NewReader(strings.Repeat("1,2\n", 300))})
		fieldError(t, err, f1+"file", "evidence.too_large")
		unchanged("refused documents")

		// A stale revision: nothing is saved and the checked file goes again.
		_, err = o.svc.SaveRealisations(ctx, A.StaffActor, staff, 3, saved.Sheet.Revision-1, values(60),
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "kedua.pdf", Reader: bytes.NewReader(other)})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("stale revision: %v", err)
		}
		unchanged("a stale revision")
	})
}

// failingReader yields n bytes and then fails, like a connection that drops mid-upload.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("connection reset")
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = '%'
	}
	r.n -= k
	return k, nil
}

// TestUploadAtomic leaves neither a record nor a file when an upload fails:
// mid-stream, at a later document of the same batch, or when the records
// cannot be written.
func TestUploadAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 0)
		A, staff := o.A, o.staffSKP.ID
		v := o.sheet(t, staff, 3)
		l1, l2 := lineOf(t, v, "T-1").Indicator.LineID, lineOf(t, v, "T-2").Indicator.LineID
		nothingLeft := func(what string) {
			t.Helper()
			if ev := o.sheet(t, staff, 3).Lines; len(ev[0].Evidence)+len(ev[1].Evidence) != 0 {
				t.Errorf("%s: evidence records left", what)
			}
			if n := storedFiles(t, root); n != 0 {
				t.Errorf("%s: %d files left in the store", what, n)
			}
			if n := dirEntries(t, o.staging); n != 0 {
				t.Errorf("%s: %d files left in the staging folder", what, n)
			}
		}
		_, err = o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw,
			Filename: "rekap.pdf", Reader: io.MultiReader(bytes.NewReader(tinyPDF), &failingReader{n: 64 << 10})})
		if err == nil || !strings.Contains(err.Error(), "connection reset") {
			t.Errorf("broken upload: %v", err)
		}
		nothingLeft("broken upload")

		// The second document of a batch is refused: the first one's file goes too.
		_, err = o.svc.AddEvidence(ctx, A.StaffActor, staff, 3,
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "rekap.pdf", Reader: bytes.NewReader(tinyPDF)},
			service.EvidenceInput{LineID: l2, Kind: domain.EvidenceRaw, Filename: "kosong.pdf", Reader: bytes.NewReader(nil)})
		fieldError(t, err, "file", "evidence.empty")
		nothingLeft("refused batch")

		// Both documents of a batch replace the same one: the records cannot
		// be written, and neither new file stays.
		first := must[[]domain.Evidence](t)(o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Body: "teks"}))
		other := append(append([]byte(nil), tinyPDF...), "% kedua\n"...)
		_, err = o.svc.AddEvidence(ctx, A.StaffActor, staff, 3,
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "a.pdf", Reader: bytes.NewReader(tinyPDF), Replaces: first[0].ID, Reason: "a"},
			service.EvidenceInput{LineID: l1, Kind: domain.EvidenceRaw, Filename: "b.pdf", Reader: bytes.NewReader(other), Replaces: first[0].ID, Reason: "b"})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("double replacement: %v", err)
		}
		if n := storedFiles(t, root); n != 0 {
			t.Errorf("double replacement: %d files left", n)
		}
		if ev := lineOf(t, o.sheet(t, staff, 3), "T-1").Evidence; len(ev) != 1 || !ev[0].Current() {
			t.Errorf("double replacement: evidence %+v", ev)
		}
	})
}

// TestConcurrentUploads sends documents to one sheet at the same time: all
// succeed and every record's file holds what was sent.
func TestConcurrentUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 0)
		files := csvFiles(24, 64<<10)
		uploadConcurrently(t, o, files)
		checkUploads(t, o, files)
	})
}

// csvFiles makes n different CSV files of size bytes each.
func csvFiles(n, size int) [][]byte {
	files := make([][]byte, n)
	for i := range files {
		b := make([]byte, 0, size)
		b = fmt.Appendf(b, "no,nilai,kode\n0,%d,%s\n", i, rand.Text())
		row := []byte("1,12345,ABCDEFGHIJKLMNOPQRSTUVWXYZ\n")
		for len(b)+len(row) <= size {
			b = append(b, row...)
		}
		files[i] = append(b, bytes.Repeat([]byte{'\n'}, size-len(b))...)
	}
	return files
}

// uploadConcurrently uploads files to the staff member's Q3 sheet, all at
// once, and reports the uploads that failed.
func uploadConcurrently(t testing.TB, o *realOrg, files [][]byte) {
	t.Helper()
	ctx := context.Background()
	A, staff := o.A, o.staffSKP.ID
	v := o.sheet(t, staff, 3)
	lines := []int64{lineOf(t, v, "T-1").Indicator.LineID, lineOf(t, v, "T-2").Indicator.LineID}
	var wg sync.WaitGroup
	errs := make(chan error, len(files))
	for i, b := range files {
		wg.Go(func() {
			_, err := o.svc.AddEvidence(ctx, A.StaffActor, staff, 3, service.EvidenceInput{LineID: lines[i%2], Kind: domain.EvidenceRaw,
				Filename: fmt.Sprintf("rekap-%03d.csv", i), Reader: bytes.NewReader(b)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("upload: %v", err)
		}
	}
}

// checkUploads checks that the sheet holds one record per file and that
// every record's stored content matches its SHA-256 and one of the files.
func checkUploads(t testing.TB, o *realOrg, files [][]byte) {
	t.Helper()
	ctx := context.Background()
	want := map[string]bool{}
	for _, b := range files {
		sum := sha256.Sum256(b)
		want[hex.EncodeToString(sum[:])] = true
	}
	got := 0
	for _, l := range o.sheet(t, o.staffSKP.ID, 3).Lines {
		for _, e := range l.Evidence {
			got++
			rc, err := o.blobs.Open(ctx, e.SHA256)
			if err != nil {
				t.Errorf("%s: %v", e.Filename, err)
				continue
			}
			h := sha256.New()
			_, err = io.Copy(h, rc)
			rc.Close()
			if err != nil || hex.EncodeToString(h.Sum(nil)) != e.SHA256 || !want[e.SHA256] {
				t.Errorf("%s: content does not match its SHA-256 (%v)", e.Filename, err)
			}
		}
	}
	if got != len(files) {
		t.Errorf("%d records, want %d", got, len(files))
	}
}

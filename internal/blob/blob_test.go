package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/blob"
)

func stores(t *testing.T) map[string]blob.Store {
	t.Helper()
	local, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	srv := httptest.NewServer(faker.Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("evidence"); err != nil {
		t.Fatal(err)
	}
	s3, err := blob.NewS3(context.Background(), blob.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "evidence", AccessKey: "k", SecretKey: "s", Prefix: "kinerja/"})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]blob.Store{"local": local, "s3": s3}
}

func xlsxBytes(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", "data")
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// failingReader fails after some bytes, like a cancelled upload.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	k := min(len(p), f.n)
	for i := range p[:k] {
		p[i] = '%'
	}
	f.n -= k
	return k, nil
}

func TestIngest(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0}, 64)...)
	for name, st := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			tmp := t.TempDir()
			cases := []struct {
				name     string
				body     []byte
				filename string
				wantMIME string
				wantErr  error
			}{
				{"pdf", pdf, "laporan.pdf", "application/pdf", nil},
				{"png", png, "foto.png", "image/png", nil},
				{"xlsx", xlsxBytes(t), "data.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil},
				{"csv", []byte("a;b\n1;2\n"), "data.csv", "text/csv", nil},
				{"plain text is not csv", []byte("a;b\n1;2\n"), "catatan.txt", "", blob.ErrType},
				{"executable named pdf", elf, "laporan.pdf", "", blob.ErrType},
				{"empty", nil, "kosong.pdf", "", blob.ErrEmpty},
				{"too large", append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 200)...), "besar.pdf", "", blob.ErrTooLarge},
			}
			for _, c := range cases {
				info, err := blob.Ingest(ctx, st, tmp, bytes.NewReader(c.body), c.filename, 128)
				if c.name == "xlsx" {
					info, err = blob.Ingest(ctx, st, tmp, bytes.NewReader(c.body), c.filename, 1<<20)
				}
				if !errors.Is(err, c.wantErr) {
					t.Errorf("%s: err = %v, want %v", c.name, err, c.wantErr)
					continue
				}
				if err != nil {
					continue
				}
				if info.MIME != c.wantMIME || info.Size != int64(len(c.body)) || len(info.SHA256) != 64 {
					t.Errorf("%s: info %+v", c.name, info)
				}
				rc, err := st.Open(ctx, info.SHA256)
				if err != nil {
					t.Fatalf("%s: open: %v", c.name, err)
				}
				got, _ := io.ReadAll(rc)
				rc.Close()
				if !bytes.Equal(got, c.body) {
					t.Errorf("%s: stored content differs", c.name)
				}
			}
			// A failing upload leaves nothing in the staging directory.
			if _, err := blob.Ingest(ctx, st, tmp, &failingReader{n: 100}, "x.pdf", 1<<20); err == nil {
				t.Error("failing upload accepted")
			}
			entries, _ := os.ReadDir(tmp)
			if len(entries) != 0 {
				t.Errorf("staging not empty: %v", entries)
			}
			if _, err := st.Open(ctx, strings.Repeat("0", 64)); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("missing key: %v", err)
			}
		})
	}
}

func TestLocalStoreLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	st, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blob.Ingest(context.Background(), st, st.TempDir(), &failingReader{n: 5000}, "x.pdf", 1<<20); err == nil {
		t.Fatal("accepted")
	}
	var files []string
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
	if err := st.Put(context.Background(), "../../etc/passwd", "/dev/null", 0, ""); err == nil {
		t.Error("a key with a path was accepted")
	}
}

func TestSafeName(t *testing.T) {
	cases := map[string]string{
		"../../x":                "x",
		`C:\Users\a\laporan.pdf`: "laporan.pdf",
		"":                       "dokumen",
		"..":                     "dokumen",
		"a\"b\n.pdf":             "ab.pdf",
		"Laporan TW 1.pdf":       "Laporan TW 1.pdf",
	}
	for in, want := range cases {
		if got := blob.SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/blob"
)

// fakeS3 serves an in-memory S3 and returns its endpoint (host:port) and backend.
func fakeS3(t *testing.T) (string, *s3mem.Backend) {
	t.Helper()
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), backend
}

func newS3(t *testing.T) *blob.S3 {
	t.Helper()
	endpoint, backend := fakeS3(t)
	if err := backend.CreateBucket("evidence"); err != nil {
		t.Fatal(err)
	}
	s3, err := blob.NewS3(context.Background(), blob.S3Config{Endpoint: endpoint, Bucket: "evidence", AccessKey: "k", SecretKey: "s", Prefix: "kinerja/"})
	if err != nil {
		t.Fatal(err)
	}
	return s3
}

func stores(t *testing.T) map[string]blob.Store {
	t.Helper()
	local, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return map[string]blob.Store{"local": local, "s3": newS3(t), "memory": blob.NewMemory()}
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
		// Bidirectional overrides would show "laporan\u202Efdp.exe" as "laporanexe.pdf".
		"laporan\u202Efdp.exe":                      "laporanfdp.exe",
		"\u2067a\u2069\u200f\u200e\u061cb.pdf":      "ab.pdf",
		"nilai\u200b\ufeff\u00ad.csv":               "nilai.csv",
		"a\u0085b\u2028c\u2029.pdf":                 "abc.pdf",
		"Realisasi Triwulan III – Kantor Pusat.pdf": "Realisasi Triwulan III – Kantor Pusat.pdf",
	}
	for in, want := range cases {
		if got := blob.SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A long name keeps its end, cut on a whole character.
func TestSafeNameLong(t *testing.T) {
	got := blob.SafeName(strings.Repeat("é", 150) + ".pdf")
	if !utf8.ValidString(got) || len(got) > 200 || !strings.HasSuffix(got, "é.pdf") {
		t.Errorf("SafeName of a long name = %q (%d bytes)", got, len(got))
	}
}

// put stores content in st and returns its key.
func put(t *testing.T, st blob.Store, content []byte) string {
	t.Helper()
	sum := sha256.Sum256(content)
	key := hex.EncodeToString(sum[:])
	src := filepath.Join(t.TempDir(), "src")
	if err := os.WriteFile(src, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(context.Background(), key, src, int64(len(content)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	return key
}

func walk(t *testing.T, st blob.Store) map[string]int64 {
	t.Helper()
	got := map[string]int64{}
	err := st.Walk(context.Background(), func(o blob.Object) error {
		if o.ModTime.IsZero() {
			t.Errorf("%s has no time", o.Key)
		}
		got[o.Key] = o.Size
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Walk lists every stored file with its size, and nothing else.
func TestWalk(t *testing.T) {
	for name, st := range stores(t) {
		t.Run(name, func(t *testing.T) {
			want := map[string]int64{}
			for i := range 3 {
				b := []byte(fmt.Sprintf("%%PDF-1.4 file %d%s", i, strings.Repeat("x", i)))
				want[put(t, st, b)] = int64(len(b))
			}
			if l, ok := st.(*blob.Local); ok {
				// Staged uploads and stray files are not stored files.
				_ = os.WriteFile(filepath.Join(l.TempDir(), "upload-1"), []byte("x"), 0o600)
				_ = os.WriteFile(filepath.Join(filepath.Dir(l.TempDir()), "README"), []byte("x"), 0o600)
			}
			if got := walk(t, st); !maps.Equal(got, want) {
				t.Errorf("walk = %v, want %v", got, want)
			}
			stop := errors.New("stop")
			n := 0
			if err := st.Walk(context.Background(), func(blob.Object) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
				t.Errorf("a walk told to stop: %v after %d files", err, n)
			}
		})
	}
}

// Copy copies once, verified; a second run finds the copy in place; a
// source whose content is not its key is refused.
func TestCopy(t *testing.T) {
	for name, dst := range map[string]blob.Store{"memory": blob.NewMemory(), "s3": newS3(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			src, err := blob.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
			key := put(t, src, pdf)
			if copied, err := blob.Copy(ctx, src, dst, key, tmp); err != nil || !copied {
				t.Fatalf("copy: %v %v", copied, err)
			}
			rc, err := dst.Open(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, pdf) {
				t.Error("the copy differs")
			}
			if copied, err := blob.Copy(ctx, src, dst, key, tmp); err != nil || copied {
				t.Errorf("second copy: %v %v", copied, err)
			}

			// A destination holding other content under the key gets the right one.
			other := filepath.Join(t.TempDir(), "other")
			_ = os.WriteFile(other, []byte("damaged"), 0o600)
			if err := dst.Put(ctx, key, other, 7, ""); err != nil {
				t.Fatal(err)
			}
			if copied, err := blob.Copy(ctx, src, dst, key, tmp); err != nil || !copied {
				t.Errorf("copy over damaged content: %v %v", copied, err)
			}

			// A source file damaged on disk is refused and not copied.
			bad := put(t, src, []byte("%PDF-1.4 original"))
			rc, _ = src.Open(ctx, bad)
			p := rc.(*os.File).Name()
			rc.Close()
			if err := os.WriteFile(p, []byte("%PDF-1.4 changed!"), 0o600); err != nil {
				t.Fatal(err)
			}
			if copied, err := blob.Copy(ctx, src, dst, bad, tmp); !errors.Is(err, blob.ErrMismatch) || copied {
				t.Errorf("damaged source: %v %v", copied, err)
			}
			if ok, _ := dst.Exists(ctx, bad); ok {
				t.Error("damaged content copied")
			}
			if _, err := blob.Copy(ctx, src, dst, strings.Repeat("0", 64), tmp); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("missing source: %v", err)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("copies left temporary files: %v", entries)
			}
		})
	}
}

// SweepTemp removes old staging files only, and only its own.
func TestSweepTemp(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * time.Hour)
	for name, mod := range map[string]time.Time{"upload-1": old, "put-2": old, "copy-3": old, "upload-4": now, "session-5": old} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	n, err := blob.SweepTemp(dir, now.Add(-time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("swept %d (%v), want 3", n, err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if !slices.Equal(left, []string{"session-5", "upload-4"}) {
		t.Errorf("left %v", left)
	}
	if n, err := blob.SweepTemp(filepath.Join(dir, "none"), now); n != 0 || err != nil {
		t.Errorf("missing folder: %d %v", n, err)
	}
}

// A missing bucket stops the start with ErrNoBucket, or is created when asked.
func TestS3Bucket(t *testing.T) {
	ctx := context.Background()
	endpoint, _ := fakeS3(t)
	cfg := blob.S3Config{Endpoint: endpoint, Bucket: "bukti", AccessKey: "k", SecretKey: "s", Prefix: "evidence/"}
	if _, err := blob.NewS3(ctx, cfg); !errors.Is(err, blob.ErrNoBucket) {
		t.Fatalf("missing bucket: %v", err)
	}
	cfg.CreateBucket = true
	st, err := blob.NewS3(ctx, cfg)
	if err != nil {
		t.Fatalf("creating the bucket: %v", err)
	}
	key := put(t, st, []byte("%PDF-1.4 x"))
	if ok, err := st.Exists(ctx, key); !ok || err != nil {
		t.Errorf("stored file in the new bucket: %v %v", ok, err)
	}
	// The next start finds it.
	if _, err := blob.NewS3(ctx, cfg); err != nil {
		t.Errorf("second start: %v", err)
	}
	cfg.Endpoint = "http://" + endpoint + "/path"
	if _, err := blob.NewS3(ctx, cfg); err == nil {
		t.Error("an endpoint with a scheme and a path was accepted")
	}
}

// Package blob stores evidence files by content: the key of a file is the
// SHA-256 of its bytes, so a file is stored once however often it is
// uploaded, and a stored hash proves the content never changed. Files live
// on local disk by default or in S3-compatible object storage.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
)

// Store keeps file contents under their SHA-256.
type Store interface {
	// Put stores the content of the file at path under key; it is atomic:
	// either the whole content is stored or nothing is.
	Put(ctx context.Context, key, path string, size int64, mime string) error
	// Open returns the content stored under key.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Exists reports whether key is stored.
	Exists(ctx context.Context, key string) (bool, error)
	// Delete removes key (used to undo a Put whose record failed, and to
	// sweep files no record refers to).
	Delete(ctx context.Context, key string) error
	// Walk calls fn for every stored file until fn returns an error.
	Walk(ctx context.Context, fn func(Object) error) error
}

// Object is a stored file as Walk sees it.
type Object struct {
	Key     string
	Size    int64
	ModTime time.Time // when it was stored, by the storage's clock
}

// validKey reports whether key is a lowercase hex SHA-256, the only names a
// store accepts and lists.
func validKey(key string) bool {
	if len(key) != 64 {
		return false
	}
	for _, r := range key {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Upload problems, each with a clear meaning for the person uploading.
var (
	ErrEmpty    = errors.New("blob: empty file")
	ErrTooLarge = errors.New("blob: file too large")
	ErrType     = errors.New("blob: file type not allowed")
	ErrNotFound = errors.New("blob: not found")
	// ErrMismatch is content whose SHA-256 is not the key it is stored under.
	ErrMismatch = errors.New("blob: content does not match its SHA-256")
)

// Names of the temporary files uploads and copies are staged in; a crash can
// leave them behind, and SweepTemp recognises them by these.
const (
	tempUpload = "upload-"
	tempPut    = "put-"
	tempCopy   = "copy-"
)

// allowed lists the accepted file types by detected MIME type, with the
// extension used for downloads.
var allowed = map[string]string{
	"application/pdf": ".pdf",
	"image/png":       ".png",
	"image/jpeg":      ".jpg",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       ".xlsx",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/zip": ".zip",
	"text/csv":        ".csv",
}

// Allowed returns the accepted MIME types (for the upload form's accept list).
func Allowed() map[string]string {
	out := make(map[string]string, len(allowed))
	for k, v := range allowed {
		out[k] = v
	}
	return out
}

// Info describes an ingested file.
type Info struct {
	SHA256 string
	Size   int64
	MIME   string
	Ext    string
}

// Ingest reads an upload completely into a temporary file in tmpDir while
// hashing it, refuses it when it is empty, larger than limit or of a type
// outside the allowlist (detected from the content, never from the name),
// and otherwise stores it. A failure at any point leaves no file behind.
func Ingest(ctx context.Context, st Store, tmpDir string, r io.Reader, filename string, limit int64) (Info, error) {
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return Info{}, err
	}
	f, err := os.CreateTemp(tmpDir, tempUpload+"*")
	if err != nil {
		return Info{}, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Info{}, fmt.Errorf("blob: read upload: %w", err)
	}
	if ctx.Err() != nil {
		return Info{}, ctx.Err()
	}
	switch {
	case n == 0:
		return Info{}, ErrEmpty
	case n > limit:
		return Info{}, ErrTooLarge
	}
	mt, err := mimetype.DetectFile(tmp)
	if err != nil {
		return Info{}, err
	}
	info := Info{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
	info.MIME, info.Ext, err = classify(mt, filename)
	if err != nil {
		return Info{}, err
	}
	if ok, err := st.Exists(ctx, info.SHA256); err != nil {
		return Info{}, err
	} else if ok {
		return info, nil
	}
	return info, st.Put(ctx, info.SHA256, tmp, n, info.MIME)
}

// classify maps a detected type to an allowed one. Plain text is accepted
// only as CSV, when the name says so.
func classify(mt *mimetype.MIME, filename string) (string, string, error) {
	for m := mt; m != nil; m = m.Parent() {
		if ext, ok := allowed[m.String()]; ok && m.String() != "application/zip" {
			return m.String(), ext, nil
		}
		if m.Is("text/plain") && strings.EqualFold(filepath.Ext(filename), ".csv") {
			return "text/csv", ".csv", nil
		}
	}
	// A ZIP counts only as itself, not as the parent of an OOXML file above.
	if mt.Is("application/zip") {
		return "application/zip", ".zip", nil
	}
	return "", "", fmt.Errorf("%w: %s", ErrType, mt.String())
}

// SafeName keeps only the last element of an uploaded file name, without
// path separators, control characters or invisible format characters, for
// display and download headers. Format characters include the bidirectional
// overrides (U+202E …) that make "laporan\u202Efdp.exe" read as
// "laporanexe.pdf".
func SafeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == '"' || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, "."))
	if len(name) > 200 {
		// Keep the end (the extension), starting on a whole character.
		cut := len(name) - 200
		for cut < len(name) && !utf8.RuneStart(name[cut]) {
			cut++
		}
		name = name[cut:]
	}
	if name == "" {
		return "dokumen"
	}
	return name
}

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

	"github.com/gabriel-vasile/mimetype"
)

// Copy copies the file stored under key from src to dst, unless dst already
// holds it with the right content. The content is checked against its key
// as it is read from src and again when read back from dst, so a copy that
// succeeds is byte for byte the original; a difference is an ErrMismatch.
// The content passes through a temporary file in tmpDir. Copy reports
// whether it copied.
func Copy(ctx context.Context, src, dst Store, key, tmpDir string) (bool, error) {
	if ok, err := holds(ctx, dst, key); err != nil || ok {
		return false, err
	}
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return false, err
	}
	f, err := os.CreateTemp(tmpDir, tempCopy+"*")
	if err != nil {
		return false, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	rc, err := src.Open(ctx, key)
	if err != nil {
		f.Close()
		return false, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), rc)
	rc.Close()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("blob: read %s: %w", key, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != key {
		return false, fmt.Errorf("%w: the source's content has SHA-256 %s", ErrMismatch, got)
	}
	// The type only labels the object in the destination; downloads take
	// theirs from the evidence record.
	mt, err := mimetype.DetectFile(tmp)
	if err != nil {
		return false, err
	}
	if err := dst.Put(ctx, key, tmp, n, mt.String()); err != nil {
		return false, err
	}
	switch ok, err := holds(ctx, dst, key); {
	case err != nil:
		return true, err
	case !ok:
		return true, fmt.Errorf("%w: the copy in the destination differs", ErrMismatch)
	}
	return true, nil
}

// holds reports whether st keeps a file under key whose content has that
// SHA-256 (false when it has none, or other content).
func holds(ctx context.Context, st Store, key string) (bool, error) {
	rc, err := st.Open(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return false, fmt.Errorf("blob: read %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)) == key, nil
}

// SweepTemp removes the staging files of uploads and copies in dir that
// were last written before the given time: what a crash left behind. Files
// of other programs (dir may be the system's temporary folder) are left
// alone. It returns how many it removed.
func SweepTemp(dir string, before time.Time) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasPrefix(name, tempUpload) || strings.HasPrefix(name, tempPut) || strings.HasPrefix(name, tempCopy)) {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, os.ErrNotExist) {
			continue // finished meanwhile
		}
		if err != nil {
			return n, err
		}
		if !fi.ModTime().Before(before) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, err
		}
		n++
	}
	return n, nil
}

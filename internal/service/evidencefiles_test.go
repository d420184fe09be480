package service_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// pdfNamed is a small PDF whose content differs by name.
func pdfNamed(name string) []byte {
	return append(append([]byte(nil), tinyPDF...), "% "+name+"\n"...)
}

func keyOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// localPath is where a local store under root keeps key.
func localPath(root, key string) string { return filepath.Join(root, key[:2], key[2:4], key) }

// putFile stores content in st without a record, as a crash after storing
// would leave it.
func putFile(t *testing.T, st blob.Store, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	key := keyOf(content)
	if err := st.Put(context.Background(), key, p, int64(len(content)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	return key
}

func age(t *testing.T, p string, d time.Duration) {
	t.Helper()
	at := time.Now().Add(-d)
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

// The sweep at start removes old staging files and old stored files no
// record refers to; recent ones (an upload in progress elsewhere) and files
// with records stay, and nothing is removed from storage the database has
// no record of at all.
func TestSweepEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 0)
		hourAgo := time.Now().Add(-time.Hour)
		exists := func(key string) bool {
			t.Helper()
			ok, err := local.Exists(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}

		// No evidence file in the database yet: an old file without a record
		// is kept, since these may be another database's files.
		early := putFile(t, local, pdfNamed("early"))
		age(t, localPath(root, early), 2*time.Hour)
		if got, err := o.svc.SweepEvidence(ctx, hourAgo); err != nil || got != (service.EvidenceSweep{Unowned: 1}) || !exists(early) {
			t.Fatalf("sweep without any record: %+v (%v), file kept %v", got, err, exists(early))
		}

		line := lineOf(t, o.sheet(t, o.staffSKP.ID, 3), "T-1").Indicator.LineID
		ev, err := o.svc.AddEvidence(ctx, o.A.StaffActor, o.staffSKP.ID, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceRaw,
			Filename: "rekap.pdf", Reader: bytes.NewReader(pdfNamed("kept"))})
		if err != nil {
			t.Fatal(err)
		}
		kept := ev[0].SHA256
		age(t, localPath(root, kept), 48*time.Hour)
		fresh := putFile(t, local, pdfNamed("in progress"))
		for name, d := range map[string]time.Duration{"upload-1": 2 * time.Hour, "upload-2": time.Minute, "notes.txt": 2 * time.Hour} {
			p := filepath.Join(o.staging, name)
			if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			age(t, p, d)
		}

		got, err := o.svc.SweepEvidence(ctx, hourAgo)
		if err != nil || got != (service.EvidenceSweep{Temp: 1, Orphans: 1}) {
			t.Errorf("sweep: %+v (%v), want 1 staging file and 1 stored file", got, err)
		}
		if exists(early) || !exists(kept) || !exists(fresh) {
			t.Errorf("after the sweep: orphan %v, recorded %v, recent %v", exists(early), exists(kept), exists(fresh))
		}
		var left []string
		entries, _ := os.ReadDir(o.staging)
		for _, e := range entries {
			left = append(left, e.Name())
		}
		if !slices.Equal(left, []string{"notes.txt", "upload-2"}) {
			t.Errorf("staging folder holds %v", left)
		}
		// The recorded file still downloads.
		_, rc, err := o.svc.OpenEvidence(ctx, o.A.StaffActor, ev[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		rc.Close()
	})
}

// Migrating copies every local file to the new storage, verified, skips
// what is already there when run again, and reports damaged files and
// records whose file is nowhere.
func TestMigrateEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := t.TempDir()
		local, err := blob.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		o := newRealOrg(t, s, local, 0)
		line := lineOf(t, o.sheet(t, o.staffSKP.ID, 3), "T-1").Indicator.LineID
		ids := map[string]string{}
		for _, name := range []string{"present", "copied", "damaged", "lost"} {
			ev, err := o.svc.AddEvidence(ctx, o.A.StaffActor, o.staffSKP.ID, 3, service.EvidenceInput{LineID: line, Kind: domain.EvidenceRaw,
				Filename: name + ".pdf", Reader: bytes.NewReader(pdfNamed(name))})
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = ev[0].ID
		}
		key := func(name string) string { return keyOf(pdfNamed(name)) }
		if err := os.WriteFile(localPath(root, key("damaged")), []byte("%PDF-1.4 bit rot"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := local.Delete(ctx, key("lost")); err != nil {
			t.Fatal(err)
		}

		// The servers now keep evidence elsewhere; one file was copied by hand.
		dst := blob.NewMemory()
		putFile(t, dst, pdfNamed("present"))
		svc := service.New(s, service.Options{Now: o.clock.Now, Location: wib, PasswordParams: &auth.TestParams, Blobs: dst, StagingDir: t.TempDir()})
		if _, _, err := svc.OpenEvidence(ctx, o.A.StaffActor, ids["copied"]); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a file not yet migrated: %v", err)
		}
		var seen []string
		var mismatch []error
		m, err := svc.MigrateEvidence(ctx, local, func(p service.EvidenceMigration, key string, err error) {
			seen = append(seen, key)
			if err != nil {
				mismatch = append(mismatch, err)
			}
			if p.Done != len(seen) || p.Files != 3 {
				t.Errorf("progress %d of %d after %d files", p.Done, p.Files, len(seen))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.Files != 3 || m.Copied != 1 || m.Present != 1 || !slices.Equal(m.Mismatched, []string{key("damaged")}) ||
			!slices.Equal(m.Missing, []string{key("lost")}) || m.Bytes != m.DoneSize || m.Bytes == 0 {
			t.Errorf("migration %+v", m)
		}
		if len(mismatch) != 1 || !errors.Is(mismatch[0], blob.ErrMismatch) {
			t.Errorf("mismatches reported %v", mismatch)
		}
		_, rc, err := svc.OpenEvidence(ctx, o.A.StaffActor, ids["copied"])
		if err != nil {
			t.Fatalf("a migrated file: %v", err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, pdfNamed("copied")) {
			t.Error("the migrated file differs")
		}
		if ok, _ := dst.Exists(ctx, key("damaged")); ok {
			t.Error("the damaged file was copied")
		}

		// Run again (after an interruption, say): nothing is copied twice.
		again, err := svc.MigrateEvidence(ctx, local, func(service.EvidenceMigration, string, error) {})
		if err != nil || again.Copied != 0 || again.Present != 2 || len(again.Mismatched) != 1 {
			t.Errorf("second run %+v (%v)", again, err)
		}
	})
}

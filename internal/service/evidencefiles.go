package service

import (
	"context"
	"errors"
	"time"

	"github.com/kinerja/kinerja/internal/blob"
)

// EvidenceSweep counts what SweepEvidence removed or kept.
type EvidenceSweep struct {
	Temp    int // staging files of uploads that never finished
	Orphans int // stored files no evidence record refers to
	// Unowned counts stored files kept although no record refers to them,
	// because the database has no evidence file at all: more likely the
	// wrong database than a crash.
	Unowned int
}

// sweepBatch is how many stored files are checked against the records at once.
const sweepBatch = 500

// SweepEvidence removes what a crash between storing a file and writing its
// record leaves behind: staging files, and stored files no evidence record
// refers to. Only files last written before the given time go, so that an
// upload in progress on another server keeps its file; the time is the
// storage's, not the application's clock.
func (s *Service) SweepEvidence(ctx context.Context, before time.Time) (EvidenceSweep, error) {
	var out EvidenceSweep
	var err error
	if out.Temp, err = blob.SweepTemp(s.staging, before); err != nil {
		return out, err
	}
	owned, err := s.store.EvidenceShasAfter(ctx, "", 1)
	if err != nil {
		return out, err
	}
	var batch []string
	flush := func() error {
		used, err := s.store.EvidenceShasUsed(ctx, batch)
		if err != nil {
			return err
		}
		for _, key := range batch {
			switch {
			case used[key]:
			case len(owned) == 0:
				out.Unowned++
			default:
				if err := s.blobs.Delete(ctx, key); err != nil {
					return err
				}
				out.Orphans++
			}
		}
		batch = batch[:0]
		return nil
	}
	err = s.blobs.Walk(ctx, func(o blob.Object) error {
		if !o.ModTime.Before(before) {
			return nil
		}
		if batch = append(batch, o.Key); len(batch) == sweepBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return out, err
}

// EvidenceMigration reports the progress and outcome of MigrateEvidence.
type EvidenceMigration struct {
	Files, Done     int   // files in the source, and gone through
	Bytes, DoneSize int64 // their sizes
	Copied, Present int   // copied now, found already in place
	// Mismatched lists the files whose content does not match their
	// SHA-256, in the source or in the copy; they are not in place.
	Mismatched []string
	// Missing lists the files evidence records refer to that neither
	// store holds.
	Missing []string
}

// MigrateEvidence copies every file of the from store into the evidence
// store the service uses, checking each by its SHA-256 on both sides. It can
// be run again after an interruption: files already in place with the right
// content are not copied again. It then checks that every file an evidence
// record refers to is in place. progress is called after each file, with the
// file's mismatch error if any.
func (s *Service) MigrateEvidence(ctx context.Context, from blob.Store, progress func(EvidenceMigration, string, error)) (EvidenceMigration, error) {
	var m EvidenceMigration
	err := from.Walk(ctx, func(o blob.Object) error {
		m.Files++
		m.Bytes += o.Size
		return nil
	})
	if err != nil {
		return m, err
	}
	err = from.Walk(ctx, func(o blob.Object) error {
		copied, err := blob.Copy(ctx, from, s.blobs, o.Key, s.staging)
		switch {
		case errors.Is(err, blob.ErrMismatch):
			m.Mismatched = append(m.Mismatched, o.Key)
		case err != nil:
			return err
		case copied:
			m.Copied++
		default:
			m.Present++
		}
		m.Done++
		m.DoneSize += o.Size
		progress(m, o.Key, err)
		return nil
	})
	if err != nil {
		return m, err
	}
	for after := ""; ; {
		shas, err := s.store.EvidenceShasAfter(ctx, after, sweepBatch)
		if err != nil || len(shas) == 0 {
			return m, err
		}
		for _, sha := range shas {
			// The source's files were copied or reported as mismatched.
			inSource, err := from.Exists(ctx, sha)
			if err != nil {
				return m, err
			}
			inPlace := inSource
			if !inSource {
				if inPlace, err = s.blobs.Exists(ctx, sha); err != nil {
					return m, err
				}
			}
			if !inPlace {
				m.Missing = append(m.Missing, sha)
			}
		}
		after = shas[len(shas)-1]
	}
}

package service

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// EvidenceInput is one document added to a line's realisation: a file
// (Reader and Filename), a link (URL) or a short text (Body). Replaces names
// an earlier document it supersedes, which needs a Reason.
type EvidenceInput struct {
	LineID   int64
	Kind     string
	Filename string
	Reader   io.Reader
	URL      string
	Body     string
	Replaces string
	Reason   string
}

// AddEvidence attaches a document to a line of a quarter sheet. The owner
// adds documents while the sheet is editable; the pengelola kinerja may add
// verification documents while verifying. A file is checked (type from its
// content, size) and stored before its record; if the record cannot be
// written, the file is removed again, so nothing is left half done.
func (s *Service) AddEvidence(ctx context.Context, a authz.Actor, planID int64, quarter int, in EvidenceInput) (domain.Evidence, error) {
	if s.blobs == nil {
		return domain.Evidence{}, errors.New("service: no evidence store configured")
	}
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return domain.Evidence{}, err
	}
	owner := canEditSheet(a, sc.plan) && sc.sheet.Status.Editable()
	verifier := canVerify(a, sc.chart, sc.plan) && sc.sheet.Status == domain.SheetValidated && in.Kind == domain.EvidenceVerification
	if !owner && !verifier {
		if !authz.CanSeeEmployeeWork(a, sc.chart, sc.plan.EmployeeID) {
			return domain.Evidence{}, domain.ErrForbidden
		}
		if canEditSheet(a, sc.plan) {
			return domain.Evidence{}, domain.Refuse("sheet.frozen", "status", string(sc.sheet.Status))
		}
		return domain.Evidence{}, domain.ErrForbidden
	}
	var line *domain.Indicator
	for i := range sc.lines {
		if sc.lines[i].LineID == in.LineID {
			line = &sc.lines[i]
		}
	}
	v := &domain.ValidationError{}
	if line == nil {
		return domain.Evidence{}, domain.ErrNotFound
	}
	if !line.Targets[quarter-1].OK {
		v.Addf("line", "sheet.no_target_this_quarter")
	}
	if !contains(domain.EvidenceKinds, in.Kind) {
		v.Addf("kind", "err.choose")
	}
	e := domain.Evidence{Kind: in.Kind, UploadedBy: a.User.ID, UploadedAt: s.now()}
	switch {
	case in.Reader != nil:
		e.Form = domain.FormFile
		e.Filename = blob.SafeName(in.Filename)
	case strings.TrimSpace(in.URL) != "":
		e.Form, e.URL = domain.FormLink, strings.TrimSpace(in.URL)
		if u, err := url.Parse(e.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(e.URL) > 2000 {
			v.Addf("url", "evidence.bad_url")
		}
	case strings.TrimSpace(in.Body) != "":
		e.Form, e.Body = domain.FormText, strings.TrimSpace(in.Body)
		if len(e.Body) > 4000 {
			v.Addf("body", "err.too_long", "max", 4000)
		}
	default:
		v.Addf("file", "evidence.nothing")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var old domain.Evidence
	if in.Replaces != "" {
		if old, err = s.store.GetEvidence(ctx, in.Replaces); err != nil {
			return domain.Evidence{}, err
		}
		r, err := s.store.GetRealisation(ctx, old.RealisationID)
		if err != nil {
			return domain.Evidence{}, err
		}
		if r.SheetID != sc.sheet.ID || r.LineID != in.LineID {
			return domain.Evidence{}, domain.ErrNotFound
		}
		if !old.Current() {
			v.Addf("replaces", "evidence.already_replaced")
		}
		if in.Reason == "" {
			v.Addf("reason", "evidence.reason_required")
		}
		e.ReplaceReason = in.Reason
	}
	if err := v.Err(); err != nil {
		return domain.Evidence{}, err
	}
	if e.Form == domain.FormFile {
		info, err := blob.Ingest(ctx, s.blobs, s.staging, in.Reader, e.Filename, s.maxUpload)
		switch {
		case errors.Is(err, blob.ErrEmpty):
			return domain.Evidence{}, domain.Invalid("file", "evidence.empty")
		case errors.Is(err, blob.ErrTooLarge):
			return domain.Evidence{}, domain.Invalid("file", "evidence.too_large", "max", s.maxUpload>>20)
		case errors.Is(err, blob.ErrType):
			return domain.Evidence{}, domain.Invalid("file", "evidence.bad_type")
		case err != nil:
			return domain.Evidence{}, err
		}
		e.SHA256, e.Size, e.MIME = info.SHA256, info.Size, info.MIME
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Evidence{}, err
	}
	e.ID = id.String()
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		sh, err := s.ensureSheet(ctx, tx, sc)
		if err != nil {
			return err
		}
		if err := tx.BumpSheet(ctx, sh.ID, sh.Revision); err != nil {
			return err
		}
		r := sc.realisation(quarter, in.LineID)
		if r.ID == 0 {
			r.SheetID, r.UpdatedAt, r.UpdatedBy = sh.ID, s.now(), a.User.ID
			if err := tx.SaveRealisation(ctx, &r); err != nil {
				return err
			}
		}
		e.RealisationID = r.ID
		if err := tx.CreateEvidence(ctx, &e); err != nil {
			return err
		}
		if old.ID != "" {
			if err := tx.SupersedeEvidence(ctx, old.ID, e.ID); err != nil {
				return err
			}
		}
		var before any
		if old.ID != "" {
			before = evidenceAudit(old)
		}
		return audit.Record(ctx, tx, s.act(a), "evidence.add", "evidence", e.ID, before, evidenceAudit(e))
	})
	if err != nil && e.SHA256 != "" {
		// Remove the stored file unless another record already uses the same content.
		if used, uerr := s.store.EvidenceShaInUse(context.WithoutCancel(ctx), e.SHA256); uerr == nil && !used {
			_ = s.blobs.Delete(context.WithoutCancel(ctx), e.SHA256)
		}
	}
	return e, err
}

func evidenceAudit(e domain.Evidence) map[string]any {
	return map[string]any{"id": e.ID, "realisation_id": e.RealisationID, "kind": e.Kind, "form": e.Form, "sha256": e.SHA256,
		"size": e.Size, "filename": e.Filename, "url": e.URL, "body": e.Body, "replace_reason": e.ReplaceReason}
}

// OpenEvidence returns an evidence record and, for files, its content, to
// those who may see the plan.
func (s *Service) OpenEvidence(ctx context.Context, a authz.Actor, id string) (domain.Evidence, io.ReadCloser, error) {
	e, err := s.store.GetEvidence(ctx, id)
	if err != nil {
		return e, nil, err
	}
	r, err := s.store.GetRealisation(ctx, e.RealisationID)
	if err != nil {
		return e, nil, err
	}
	sh, err := s.store.GetSheetByID(ctx, r.SheetID)
	if err != nil {
		return e, nil, err
	}
	p, err := s.store.GetPlan(ctx, sh.PlanID)
	if err != nil {
		return e, nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return e, nil, err
	}
	if !authz.CanSeeEmployeeWork(a, c, p.EmployeeID) {
		return e, nil, domain.ErrForbidden
	}
	if e.Form != domain.FormFile {
		return e, nil, nil
	}
	if s.blobs == nil {
		return e, nil, errors.New("service: no evidence store configured")
	}
	rc, err := s.blobs.Open(ctx, e.SHA256)
	if errors.Is(err, blob.ErrNotFound) {
		return e, nil, domain.ErrNotFound
	}
	return e, rc, err
}

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

// AddEvidence attaches documents to lines of a quarter sheet, all or none.
// The owner adds documents while the sheet is editable; the pengelola
// kinerja may add verification documents while verifying. A file is checked
// (type from its content, size) and stored before its record; if the records
// cannot be written, stored files no record uses are removed again, so nothing
// is left half done.
func (s *Service) AddEvidence(ctx context.Context, a authz.Actor, planID int64, quarter int, ins ...EvidenceInput) ([]domain.Evidence, error) {
	sc, err := s.loadSheet(ctx, s.store, planID, quarter)
	if err != nil {
		return nil, err
	}
	a = authz.ForOwner(a, sc.ownerName())
	out := make([]domain.Evidence, 0, len(ins))
	olds := make([]domain.Evidence, 0, len(ins))
	for _, in := range ins {
		e, old, err := s.checkEvidence(ctx, a, sc, in)
		if err != nil {
			s.dropBlobs(ctx, out)
			return nil, err
		}
		out, olds = append(out, e), append(olds, old)
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		// Documents only add to a sheet, so uploads running at the same time
		// (several tabs, API clients) must all succeed: the sheet is read
		// afresh under its row lock rather than checked against a revision.
		sh := domain.Sheet{PlanID: planID, Quarter: quarter, Status: domain.SheetDraft, CreatedAt: s.now()}
		if err := tx.EnsureSheet(ctx, &sh); err != nil {
			return err
		}
		sh, err := tx.TouchSheet(ctx, sh.ID)
		if err != nil {
			return err
		}
		if sh.Status != sc.sheet.Status {
			return domain.Conflict("sheet.changed_meanwhile")
		}
		return s.attachEvidence(ctx, tx, a, sh.ID, ins, out, olds)
	})
	if err != nil {
		s.dropBlobs(ctx, out)
		return nil, err
	}
	return out, nil
}

// attachEvidence writes the records of checked documents (out, each
// replacing olds[i] when that has an ID) on the lines of ins, creating a
// line's realisation when it has none yet.
func (s *Service) attachEvidence(ctx context.Context, tx *store.Store, a authz.Actor, sheetID int64, ins []EvidenceInput, out, olds []domain.Evidence) error {
	if len(out) == 0 {
		return nil
	}
	current, err := tx.ListRealisations(ctx, sheetID)
	if err != nil {
		return err
	}
	for i := range out {
		e, old := &out[i], olds[i]
		r := domain.Realisation{LineID: ins[i].LineID}
		for _, c := range current {
			if c.LineID == r.LineID {
				r = c
			}
		}
		if r.ID == 0 {
			r.SheetID, r.UpdatedAt, r.UpdatedBy = sheetID, s.now(), a.User.ID
			if err := tx.SaveRealisation(ctx, &r); err != nil {
				return err
			}
			current = append(current, r)
		}
		e.RealisationID = r.ID
		if err := tx.CreateEvidence(ctx, e); err != nil {
			return err
		}
		var before any
		if old.ID != "" {
			if err := tx.SupersedeEvidence(ctx, old.ID, e.ID); err != nil {
				return err
			}
			before = evidenceAudit(old)
		}
		if err := audit.Record(ctx, tx, s.act(a), "evidence.add", "evidence", e.ID, before, evidenceAudit(*e)); err != nil {
			return err
		}
	}
	return nil
}

// dropBlobs removes stored files that no evidence record refers to.
func (s *Service) dropBlobs(ctx context.Context, list []domain.Evidence) {
	ctx = context.WithoutCancel(ctx)
	for _, e := range list {
		if e.SHA256 == "" {
			continue
		}
		if used, err := s.store.EvidenceShaInUse(ctx, e.SHA256); err == nil && !used {
			_ = s.blobs.Delete(ctx, e.SHA256)
		}
	}
}

// checkEvidence validates one document and stores its file.
func (s *Service) checkEvidence(ctx context.Context, a authz.Actor, sc *sheetContext, in EvidenceInput) (domain.Evidence, domain.Evidence, error) {
	var none domain.Evidence
	owner := (authz.CanWriteOwn(a, sc.plan) || authz.WritesRealisationFor(a, sc.plan.OfficeID) && in.Kind != domain.EvidenceVerification) &&
		sc.sheet.Status.Editable()
	verifier := authz.CanVerifySheet(a, sc.chart, sc.plan) && sc.sheet.Status == domain.SheetValidated && in.Kind == domain.EvidenceVerification
	if !owner && !verifier {
		if authz.CanSeeEmployeeWork(a, sc.chart, sc.plan.EmployeeID) && (authz.CanWriteOwn(a, sc.plan) || authz.WritesRealisationFor(a, sc.plan.OfficeID)) {
			return none, none, domain.Refuse("sheet.frozen", "status", string(sc.sheet.Status))
		}
		return none, none, domain.ErrForbidden
	}
	if err := s.requireBegun(sc.year.Year, sc.quarter); err != nil {
		return none, none, err
	}
	var line *domain.Indicator
	for i := range sc.lines {
		if sc.lines[i].LineID == in.LineID {
			line = &sc.lines[i]
		}
	}
	if line == nil {
		return none, none, domain.ErrNotFound
	}
	v := &domain.ValidationError{}
	if !line.Targets[sc.quarter-1].OK {
		v.Addf("line", "sheet.no_target_this_quarter")
	}
	if !contains(domain.EvidenceKinds, in.Kind) {
		v.Addf("kind", "err.choose")
	}
	e := domain.Evidence{Kind: in.Kind, UploadedBy: a.User.ID, UploadedAt: s.now()}
	readEvidenceForm(v, in, &e)
	old, err := s.checkReplaced(ctx, v, sc, in, &e)
	if err != nil {
		return none, none, err
	}
	if err := v.Err(); err != nil {
		return none, none, err
	}
	if e.Form == domain.FormFile {
		if err := s.ingestEvidence(ctx, in.Reader, &e); err != nil {
			return none, none, err
		}
	}
	id, err := uuid.NewV7()
	if err != nil {
		return none, none, err
	}
	e.ID = id.String()
	return e, old, nil
}

// readEvidenceForm takes what a document is, a file, a link or a note, and
// checks the link or note.
func readEvidenceForm(v *domain.ValidationError, in EvidenceInput, e *domain.Evidence) {
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
}

// checkReplaced returns the document a new one replaces (none when it
// replaces nothing): a current one of the same line of this sheet, replaced
// with a reason.
func (s *Service) checkReplaced(ctx context.Context, v *domain.ValidationError, sc *sheetContext, in EvidenceInput, e *domain.Evidence) (domain.Evidence, error) {
	var none domain.Evidence
	if in.Replaces == "" {
		return none, nil
	}
	old, err := s.store.GetEvidence(ctx, in.Replaces)
	if err != nil {
		return none, err
	}
	r, err := s.store.GetRealisation(ctx, old.RealisationID)
	if err != nil {
		return none, err
	}
	if r.SheetID != sc.sheet.ID || r.LineID != in.LineID {
		return none, domain.ErrNotFound
	}
	if !old.Current() {
		v.Addf("replaces", "evidence.already_replaced")
	}
	e.ReplaceReason = strings.TrimSpace(in.Reason)
	if e.ReplaceReason == "" {
		v.Addf("reason", "evidence.reason_required")
	}
	return old, nil
}

// ingestEvidence checks a document's file (not empty, not too large, an
// allowed type) and stores it.
func (s *Service) ingestEvidence(ctx context.Context, r io.Reader, e *domain.Evidence) error {
	info, err := blob.Ingest(ctx, s.blobs, s.staging, r, e.Filename, s.maxUpload)
	switch {
	case errors.Is(err, blob.ErrEmpty):
		return domain.Invalid("file", "evidence.empty")
	case errors.Is(err, blob.ErrTooLarge):
		return domain.Invalid("file", "evidence.too_large", "max", float64(s.maxUpload)/(1<<20))
	case errors.Is(err, blob.ErrType):
		return domain.Invalid("file", "evidence.bad_type")
	case err != nil:
		return err
	}
	e.SHA256, e.Size, e.MIME = info.SHA256, info.Size, info.MIME
	return nil
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
	rc, err := s.openStored(ctx, e.Form, e.SHA256)
	return e, rc, err
}

// openStored opens the content of a stored document; a link or a text has
// none (nil, nil).
func (s *Service) openStored(ctx context.Context, form, sha string) (io.ReadCloser, error) {
	if form != domain.FormFile {
		return nil, nil
	}
	if s.blobs == nil {
		return nil, errors.New("service: no evidence store configured")
	}
	rc, err := s.blobs.Open(ctx, sha)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, domain.ErrNotFound
	}
	return rc, err
}

package service

import (
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// InitiativesView is an office's strategic initiatives of a year (SPEC §15)
// with what the viewer may do and, for those who manage them, the choices
// of the forms.
type InitiativesView struct {
	Year      domain.Year
	Office    domain.Unit
	Items     []InitiativeItem
	CanManage bool
	Today     time.Time
	// The objectives of the office's map, the IKUs of its PK and its
	// employees, which an initiative may be linked to and owned by.
	Objectives []domain.Objective
	IKUs       []ParentRef
	Owners     []domain.Employee
}

// InitiativeItem is an initiative as shown: its link and owner by name,
// whether the viewer reports its progress, its overdue milestones.
type InitiativeItem struct {
	domain.Initiative
	LinkKind  string // "objective" or "iku"
	LinkCode  string
	LinkName  string
	OwnerName string
	CanReport bool
	Overdue   []domain.Milestone
	Latest    *domain.InitiativeProgress // the latest quarter reported; nil when none is
}

// Item returns the initiative with the given ID.
func (v InitiativesView) Item(id int64) (InitiativeItem, bool) {
	for _, it := range v.Items {
		if it.ID == id {
			return it, true
		}
	}
	return InitiativeItem{}, false
}

// ForObjective lists the initiatives linked to an objective, or to an IKU serving it.
func (v InitiativesView) ForObjective(objectiveID int64) []InitiativeItem {
	var out []InitiativeItem
	for _, it := range v.Items {
		if it.ObjectiveID == objectiveID {
			out = append(out, it)
			continue
		}
		for _, k := range v.IKUs {
			if it.LineID != 0 && k.LineID == it.LineID && k.Objectve == objectiveID {
				out = append(out, it)
			}
		}
	}
	return out
}

// Initiatives returns an office's strategic initiatives of a year, to those
// who may read the office.
func (s *Service) Initiatives(ctx context.Context, a authz.Actor, year int, officeID int64) (InitiativesView, error) {
	return s.initiatives(ctx, a, year, officeID, true)
}

// InitiativeList is Initiatives without what only its forms need (the
// office's people as owners; the objectives and IKUs when no initiative
// links one): what the home page and the strategy map show.
func (s *Service) InitiativeList(ctx context.Context, a authz.Actor, year int, officeID int64) (InitiativesView, error) {
	return s.initiatives(ctx, a, year, officeID, false)
}

func (s *Service) initiatives(ctx context.Context, a authz.Actor, year int, officeID int64, forms bool) (InitiativesView, error) {
	var v InitiativesView
	c, off, y, err := s.readableOfficeYear(ctx, a, year, officeID)
	if err != nil {
		return v, err
	}
	v.Year, v.Office, v.Today = y, *off, s.Today()
	v.CanManage = authz.CanManageInitiatives(a, c, officeID)
	list, err := s.store.ListInitiatives(ctx, y.ID, officeID)
	if err != nil {
		return v, err
	}
	if forms || len(list) > 0 {
		if err := s.linkChoices(ctx, c, &v); err != nil {
			return v, err
		}
	}
	if forms {
		v.Owners = officePeople(c, officeID)
	}
	for _, in := range list {
		v.Items = append(v.Items, v.item(c, a, in))
	}
	return v, nil
}

func (v InitiativesView) item(c *domain.Chart, a authz.Actor, in domain.Initiative) InitiativeItem {
	it := InitiativeItem{Initiative: in, CanReport: authz.CanReportInitiative(a, c, in), Overdue: in.Overdue(v.Today)}
	if p, ok := in.Latest(); ok {
		it.Latest = &p
	}
	if e := c.Employees[in.OwnerID]; e != nil {
		it.OwnerName = e.Name
	}
	for _, o := range v.Objectives {
		if in.ObjectiveID != 0 && o.ID == in.ObjectiveID {
			it.LinkKind, it.LinkCode, it.LinkName = "objective", o.Code, o.Name
		}
	}
	for _, k := range v.IKUs {
		if in.LineID != 0 && k.LineID == in.LineID {
			it.LinkKind, it.LinkCode, it.LinkName = "iku", k.Code, k.Name
		}
	}
	return it
}

// linkChoices fills the objectives of the office's map and the IKUs of its
// PKs of the year (each line once, as in its newest version).
func (s *Service) linkChoices(ctx context.Context, c *domain.Chart, v *InitiativesView) error {
	m, err := s.store.GetStrategyMap(ctx, v.Year.ID, v.Office.ID)
	switch {
	case err == nil:
		v.Objectives = m.Objectives
	case !errors.Is(err, domain.ErrNotFound):
		return err
	}
	pks, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: v.Year.ID, OfficeID: v.Office.ID, Kind: domain.PlanPK})
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, p := range pks {
		g, err := s.parentGroup(ctx, c, p)
		if err != nil {
			return err
		}
		for _, l := range g.Lines {
			if !seen[l.LineID] {
				seen[l.LineID] = true
				v.IKUs = append(v.IKUs, l)
			}
		}
	}
	return nil
}

// officePeople is the people working in an office by name, who may own its
// initiatives: from the chart's index, not a scan of the whole
// organisation's (80,000 in a ministry).
func officePeople(c *domain.Chart, officeID int64) []domain.Employee {
	// Sorted as pointers: moving whole employees costs more than the rest of the page.
	var owners []*domain.Employee
	for _, id := range c.OfficeEmployees(officeID) {
		if e := c.Employees[id]; e != nil {
			owners = append(owners, e)
		}
	}
	slices.SortFunc(owners, func(x, y *domain.Employee) int { return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID)) })
	out := make([]domain.Employee, 0, len(owners))
	for _, e := range owners {
		out = append(out, *e)
	}
	return out
}

// MilestoneInput is a milestone as typed; Done zero: not reached yet.
type MilestoneInput struct {
	Name string
	Due  time.Time
	Done time.Time
}

// InitiativeInput is an initiative as typed: linked to an objective of the
// office's map or to an IKU of its PK (one of the two), owned by an
// employee of the office.
type InitiativeInput struct {
	Code, Name, Description string
	ObjectiveID, LineID     int64
	OwnerID                 int64
	Milestones              []MilestoneInput
}

// SaveInitiative creates (id 0) or changes an initiative of an office's
// year, checked against the initiative's revision the caller read (-1:
// not checked). An initiative sent as it is stored changes nothing and
// keeps its revision, whatever revision it carries.
func (s *Service) SaveInitiative(ctx context.Context, a authz.Actor, year int, officeID, id int64, revision int, in InitiativeInput) (domain.Initiative, error) {
	v, err := s.Initiatives(ctx, a, year, officeID)
	if err != nil {
		return domain.Initiative{}, err
	}
	if !v.CanManage {
		return domain.Initiative{}, domain.ErrForbidden
	}
	var old InitiativeItem
	if id != 0 {
		var ok bool
		if old, ok = v.Item(id); !ok {
			return domain.Initiative{}, domain.ErrNotFound
		}
	}
	x := domain.Initiative{ID: id, YearID: v.Year.ID, OfficeID: officeID, ObjectiveID: in.ObjectiveID, LineID: in.LineID,
		Code: in.Code, Name: in.Name, Description: in.Description, OwnerID: in.OwnerID}
	for _, m := range in.Milestones {
		x.Milestones = append(x.Milestones, domain.Milestone{Name: m.Name, Due: m.Due, Done: m.Done})
	}
	if err := v.validate(&x); err != nil {
		return domain.Initiative{}, err
	}
	if id != 0 && sameInitiative(old.Initiative, x) {
		return old.Initiative, nil
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if id == 0 {
			if err := tx.CreateInitiative(ctx, &x); err != nil {
				return err
			}
			return audit.Record(ctx, tx, s.act(a), "initiative.create", "initiative", x.ID, nil, initiativeAudit(x))
		}
		if err := tx.UpdateInitiative(ctx, &x, revision); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "initiative.update", "initiative", x.ID, initiativeAudit(old.Initiative), initiativeAudit(x))
	})
	if err != nil {
		return domain.Initiative{}, err
	}
	x.Progress = old.Progress
	return x, nil
}

// validate checks an initiative of the view's office: its own fields, then
// that its objective, IKU and owner belong to the office and its code is free.
func (v InitiativesView) validate(x *domain.Initiative) error {
	ve := &domain.ValidationError{}
	if err := domain.ValidateInitiative(x, v.Year.Year, v.Today); err != nil && !errors.As(err, &ve) {
		return err
	}
	if x.ObjectiveID != 0 && !slices.ContainsFunc(v.Objectives, func(o domain.Objective) bool { return o.ID == x.ObjectiveID }) {
		ve.Addf("objective", "initiative.objective_office")
	}
	if x.LineID != 0 && !slices.ContainsFunc(v.IKUs, func(k ParentRef) bool { return k.LineID == x.LineID }) {
		ve.Addf("line", "initiative.iku_office")
	}
	if x.OwnerID != 0 && !slices.ContainsFunc(v.Owners, func(e domain.Employee) bool { return e.ID == x.OwnerID }) {
		ve.Addf("owner", "initiative.owner_office")
	}
	for _, it := range v.Items {
		if it.ID != x.ID && x.Code != "" && strings.EqualFold(it.Code, x.Code) {
			ve.Addf("code", "initiative.code_taken")
		}
	}
	return ve.Err()
}

// sameInitiative reports whether y would leave x as stored.
func sameInitiative(x, y domain.Initiative) bool {
	if x.Code != y.Code || x.Name != y.Name || x.Description != y.Description || x.ObjectiveID != y.ObjectiveID ||
		x.LineID != y.LineID || x.OwnerID != y.OwnerID || len(x.Milestones) != len(y.Milestones) {
		return false
	}
	for i, m := range x.Milestones {
		n := y.Milestones[i]
		if m.Name != n.Name || !m.Due.Equal(n.Due) || !m.Done.Equal(n.Done) {
			return false
		}
	}
	return true
}

func initiativeAudit(x domain.Initiative) map[string]any {
	ms := make([]map[string]any, 0, len(x.Milestones))
	for _, m := range x.Milestones {
		mm := map[string]any{"name": m.Name, "due": m.Due.Format(time.DateOnly)}
		if !m.Done.IsZero() {
			mm["done"] = m.Done.Format(time.DateOnly)
		}
		ms = append(ms, mm)
	}
	return map[string]any{"code": x.Code, "name": x.Name, "description": x.Description, "objective_id": x.ObjectiveID,
		"line_id": x.LineID, "owner_id": x.OwnerID, "milestones": ms}
}

// DeleteInitiative removes an initiative with its milestones and progress,
// checked against its revision (-1: not checked).
func (s *Service) DeleteInitiative(ctx context.Context, a authz.Actor, year int, officeID, id int64, revision int) error {
	v, err := s.Initiatives(ctx, a, year, officeID)
	if err != nil {
		return err
	}
	if !v.CanManage {
		return domain.ErrForbidden
	}
	old, ok := v.Item(id)
	if !ok {
		return domain.ErrNotFound
	}
	return s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteInitiative(ctx, id, revision); err != nil {
			return err
		}
		before := initiativeAudit(old.Initiative)
		before["progress"] = progressAudit(old.Progress)
		return audit.Record(ctx, tx, s.act(a), "initiative.delete", "initiative", id, before, nil)
	})
}

// ProgressInput is a quarter's progress as reported, with documents to add
// (files, links or notes; the line and kind of an EvidenceInput are unused).
type ProgressInput struct {
	Quarter  int
	Percent  float64
	Note     string
	Evidence []EvidenceInput
}

// ReportProgress records a quarter's progress of an initiative: its owner
// reports it once the quarter has begun, checked against the initiative's
// revision (-1: not checked). Progress sent as stored, without documents,
// changes nothing. Documents are checked and stored as a sheet's are, and
// only add to what the quarter has.
func (s *Service) ReportProgress(ctx context.Context, a authz.Actor, year int, officeID, id int64, revision int, in ProgressInput) (domain.Initiative, error) {
	v, err := s.Initiatives(ctx, a, year, officeID)
	if err != nil {
		return domain.Initiative{}, err
	}
	it, ok := v.Item(id)
	if !ok {
		return domain.Initiative{}, domain.ErrNotFound
	}
	if !it.CanReport {
		return domain.Initiative{}, domain.ErrForbidden
	}
	p := domain.InitiativeProgress{InitiativeID: id, Quarter: in.Quarter, Percent: in.Percent, Note: in.Note, UpdatedAt: s.now(), UpdatedBy: a.User.ID}
	if err := domain.ValidateProgress(&p); err != nil {
		return domain.Initiative{}, err
	}
	if err := s.requireBegun(year, in.Quarter); err != nil {
		return domain.Initiative{}, err
	}
	old, had := it.ProgressOf(in.Quarter)
	if had && old.Percent == p.Percent && old.Note == p.Note && len(in.Evidence) == 0 {
		return it.Initiative, nil
	}
	docs, err := s.checkProgressEvidence(ctx, a, in.Evidence)
	if err != nil {
		return domain.Initiative{}, err
	}
	var out domain.Initiative
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if _, err := tx.TouchInitiative(ctx, id, revision); err != nil {
			return err
		}
		if err := tx.SaveInitiativeProgress(ctx, &p); err != nil {
			return err
		}
		for i := range docs {
			docs[i].ProgressID = p.ID
			if err := tx.CreateInitiativeEvidence(ctx, &docs[i]); err != nil {
				return err
			}
		}
		var before any
		if had {
			before = progressAudit([]domain.InitiativeProgress{old})
		}
		p.Evidence = docs
		if err := audit.Record(ctx, tx, s.act(a), "initiative.progress", "initiative", id, before, progressAudit([]domain.InitiativeProgress{p})); err != nil {
			return err
		}
		out, err = tx.GetInitiative(ctx, id)
		return err
	})
	if err != nil {
		s.dropInitiativeBlobs(ctx, docs)
		return domain.Initiative{}, err
	}
	return out, nil
}

// checkProgressEvidence checks documents of a quarter's progress and stores
// their files, as the sheets' evidence is checked (type from the content,
// size); on an error, the files stored for the others are removed again.
func (s *Service) checkProgressEvidence(ctx context.Context, a authz.Actor, ins []EvidenceInput) ([]domain.InitiativeEvidence, error) {
	var out []domain.InitiativeEvidence
	for _, in := range ins {
		v := &domain.ValidationError{}
		var e domain.Evidence
		readEvidenceForm(v, in, &e)
		err := v.Err()
		if err == nil && e.Form == domain.FormFile {
			err = s.ingestEvidence(ctx, in.Reader, &e)
		}
		var id uuid.UUID
		if err == nil {
			id, err = uuid.NewV7()
		}
		if err != nil {
			s.dropInitiativeBlobs(ctx, out)
			return nil, err
		}
		out = append(out, domain.InitiativeEvidence{ID: id.String(), Form: e.Form, SHA256: e.SHA256, Size: e.Size, MIME: e.MIME,
			Filename: e.Filename, URL: e.URL, Body: e.Body, UploadedAt: s.now(), UploadedBy: a.User.ID})
	}
	return out, nil
}

func (s *Service) dropInitiativeBlobs(ctx context.Context, docs []domain.InitiativeEvidence) {
	list := make([]domain.Evidence, 0, len(docs))
	for _, d := range docs {
		list = append(list, domain.Evidence{SHA256: d.SHA256})
	}
	s.dropBlobs(ctx, list)
}

func progressAudit(ps []domain.InitiativeProgress) []map[string]any {
	out := make([]map[string]any, 0, len(ps))
	for _, p := range ps {
		docs := make([]map[string]any, 0, len(p.Evidence))
		for _, e := range p.Evidence {
			docs = append(docs, map[string]any{"id": e.ID, "form": e.Form, "sha256": e.SHA256, "size": e.Size, "filename": e.Filename,
				"url": e.URL, "body": e.Body})
		}
		out = append(out, map[string]any{"quarter": p.Quarter, "percent": p.Percent, "note": p.Note, "evidence": docs})
	}
	return out
}

// OpenInitiativeEvidence returns a document of an initiative's progress
// and, for a file, its content, to those who may read the office.
func (s *Service) OpenInitiativeEvidence(ctx context.Context, a authz.Actor, id string) (domain.InitiativeEvidence, io.ReadCloser, error) {
	e, initiativeID, err := s.store.GetInitiativeEvidence(ctx, id)
	if err != nil {
		return e, nil, err
	}
	in, err := s.store.GetInitiative(ctx, initiativeID)
	if err != nil {
		return e, nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return e, nil, err
	}
	if !authz.CanReadOffice(a, c, in.OfficeID) {
		return e, nil, domain.ErrForbidden
	}
	rc, err := s.openStored(ctx, e.Form, e.SHA256)
	return e, rc, err
}

package service

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// versionAudit is what the audit log keeps of a version's state.
func versionAudit(v domain.PlanVersion) map[string]any {
	return map[string]any{"version": v.Number, "status": v.Status, "reason": v.Reason, "return_comment": v.ReturnComment, "late": v.Late}
}

// SubmitPlan sends the newest draft version for approval. It must hold a
// valid number of complete lines; submitting after the deadline marks it late.
func (s *Service) SubmitPlan(ctx context.Context, a authz.Actor, planID int64, revision int) (domain.PlanVersion, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.PlanVersion{}, err
	}
	v, err := s.editableVersion(a, pc, 0, revision)
	if err != nil {
		return v, err
	}
	lines, err := s.store.ListIndicators(ctx, v.ID)
	if err != nil {
		return v, err
	}
	lvs, err := s.lineViews(ctx, pc, lines)
	if err != nil {
		return v, err
	}
	if ws := planWarnings(pc, lvs); len(ws) > 0 {
		ve := &domain.ValidationError{}
		for i, w := range ws {
			ve.Add(fmt.Sprintf("warning_%d", i), w)
		}
		return v, ve
	}
	before := versionAudit(v)
	v.Status, v.SubmittedAt, v.SubmittedBy = domain.PlanSubmitted, s.now(), a.User.ID
	v.ReturnComment = ""
	v.Late = s.Today().After(planDue(pc.year, pc.plan)) && v.Number == 1
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateVersion(ctx, &v); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.submit", "plan_version", v.ID, before, versionAudit(v))
	})
	return v, err
}

// ApprovePlan approves the submitted version: for a PK the head of the
// office above (or its Plt), or at the top of the installed tree the
// pengelola kinerja recording the approval of the head named for the year;
// for an SKP the owner's supervisor (or acting supervisor). The approved
// version is frozen; the second party's name, NIP and post are kept as signed.
func (s *Service) ApprovePlan(ctx context.Context, a authz.Actor, planID int64, revision int) (domain.PlanVersion, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.PlanVersion{}, err
	}
	if !authz.CanApprovePlan(a, pc.chart, pc.plan) {
		return domain.PlanVersion{}, domain.ErrForbidden
	}
	v := pc.latest()
	if v.Status != domain.PlanSubmitted {
		return v, domain.Refuse("plan.not_submitted")
	}
	if revision >= 0 && v.Revision != revision {
		return v, domain.Conflict("plan.changed_meanwhile")
	}
	before := versionAudit(v)
	v.Status, v.ApprovedAt, v.ApprovedBy = domain.PlanApproved, s.now(), a.User.ID
	v.ApproverName, v.ApproverNIP = a.Employee.Name, a.Employee.NIP
	if v.ApproverName == "" {
		v.ApproverName = a.User.Username
	}
	if pc.plan.Kind == domain.PlanPK {
		var p Party
		if authz.UpperHeadApproves(pc.chart, pc.plan.OfficeID) {
			p = headParty(pc.chart, pc.chart.UpperOffice(pc.plan.OfficeID), a.EmployeeID())
		} else if p, err = s.upperParty(ctx, pc.chart, pc.year.ID, pc.plan.OfficeID); err != nil {
			return v, err
		}
		v.ApproverName, v.ApproverNIP, v.ApproverPosition = p.Name, p.NIP, p.Position
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateVersion(ctx, &v); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.approve", "plan_version", v.ID, before, versionAudit(v))
	})
	return v, err
}

// ReturnPlan sends a submitted version back to its owner with a comment.
func (s *Service) ReturnPlan(ctx context.Context, a authz.Actor, planID int64, revision int, comment string) (domain.PlanVersion, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.PlanVersion{}, err
	}
	if !authz.CanApprovePlan(a, pc.chart, pc.plan) {
		return domain.PlanVersion{}, domain.ErrForbidden
	}
	v := pc.latest()
	if v.Status != domain.PlanSubmitted {
		return v, domain.Refuse("plan.not_submitted")
	}
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return v, domain.Invalid("comment", "plan.return_needs_comment")
	}
	if len(comment) > 4000 {
		return v, domain.Invalid("comment", "err.too_long", "max", 4000)
	}
	if revision >= 0 && v.Revision != revision {
		return v, domain.Conflict("plan.changed_meanwhile")
	}
	before := versionAudit(v)
	v.Status, v.ReturnedAt, v.ReturnedBy, v.ReturnComment = domain.PlanReturned, s.now(), a.User.ID, comment
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateVersion(ctx, &v); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "plan.return", "plan_version", v.ID, before, versionAudit(v))
	})
	return v, err
}

// AmendPlan starts an amendment (adendum): a new draft version copied from
// the last approved one, with the reason for the change.
func (s *Service) AmendPlan(ctx context.Context, a authz.Actor, planID int64, reason string) (domain.PlanVersion, error) {
	return s.AmendPlanAt(ctx, a, planID, -1, reason)
}

// AmendPlanAt is AmendPlan checked against the revision of the approved
// version the caller read (-1: don't check); a stale one is a conflict.
func (s *Service) AmendPlanAt(ctx context.Context, a authz.Actor, planID int64, revision int, reason string) (domain.PlanVersion, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return domain.PlanVersion{}, err
	}
	if !authz.CanEditPlan(a, pc.chart, pc.plan) {
		return domain.PlanVersion{}, domain.ErrForbidden
	}
	last := pc.latest()
	if last.Status != domain.PlanApproved {
		return last, domain.Refuse("plan.amend_needs_approved")
	}
	if revision >= 0 && revision != last.Revision {
		return last, domain.Conflict("plan.changed_meanwhile")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return last, domain.Invalid("reason", "plan.amend_needs_reason")
	}
	if len(reason) > 4000 {
		return last, domain.Invalid("reason", "err.too_long", "max", 4000)
	}
	lines, err := s.store.ListIndicators(ctx, last.ID)
	if err != nil {
		return last, err
	}
	nv := domain.PlanVersion{PlanID: planID, Number: last.Number + 1, Status: domain.PlanDraft, Reason: reason, CreatedBy: a.User.ID, CreatedAt: s.now()}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateVersion(ctx, &nv); err != nil {
			return err
		}
		for _, l := range lines {
			l.ID, l.VersionID = 0, nv.ID
			if err := tx.CreateIndicator(ctx, &l); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.act(a), "plan.amend", "plan_version", nv.ID, versionAudit(last), versionAudit(nv))
	})
	return nv, err
}

// LineDiff is what changed in one line between two versions.
type LineDiff struct {
	LineID int64
	Code   string
	Name   string
	Change string // added, removed, changed
	Fields []FieldChange
}

// FieldChange is one changed field, with both values as printed.
type FieldChange struct {
	Field string // message key of the field's label
	// Old and New are the values themselves for machines: a number
	// (float64, nil when empty), a bool, an ID (int64) or a text.
	Old, New any
	Before   string
	After    string
}

// DiffVersions lists what changed between two versions of a plan.
func (s *Service) DiffVersions(ctx context.Context, a authz.Actor, planID, fromID, toID int64) ([]LineDiff, error) {
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return nil, err
	}
	if !authz.CanSeeEmployeeWork(a, pc.chart, pc.plan.EmployeeID) {
		return nil, domain.ErrForbidden
	}
	if _, ok := pc.version(fromID); !ok {
		return nil, domain.ErrNotFound
	}
	if _, ok := pc.version(toID); !ok {
		return nil, domain.ErrNotFound
	}
	before, err := s.store.ListIndicators(ctx, fromID)
	if err != nil {
		return nil, err
	}
	after, err := s.store.ListIndicators(ctx, toID)
	if err != nil {
		return nil, err
	}
	// Objectives and parents are shown by their codes.
	names := diffNames{objectives: map[int64]string{}, lines: map[int64]string{}}
	if m, err := s.store.GetStrategyMap(ctx, pc.year.ID, pc.plan.OfficeID); err == nil {
		for _, o := range m.Objectives {
			names.objectives[o.ID] = o.Code
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, err
	}
	var parents []int64
	for _, l := range append(append([]domain.Indicator{}, before...), after...) {
		parents = append(parents, l.ParentLineID)
	}
	refs, err := s.parentRefs(ctx, pc.chart, parents)
	if err != nil {
		return nil, err
	}
	for id, r := range refs {
		names.lines[id] = r.Code
	}
	return diffLines(before, after, names), nil
}

// diffNames prints references in a diff: objectives and parent lines by code.
type diffNames struct {
	objectives, lines map[int64]string
}

func idText(names map[int64]string, id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := names[id]; ok {
		return n
	}
	return fmt.Sprint(id)
}

func diffLines(before, after []domain.Indicator, names diffNames) []LineDiff {
	old := map[int64]domain.Indicator{}
	for _, l := range before {
		old[l.LineID] = l
	}
	var out []LineDiff
	seen := map[int64]bool{}
	for _, n := range after {
		seen[n.LineID] = true
		o, ok := old[n.LineID]
		if !ok {
			out = append(out, LineDiff{LineID: n.LineID, Code: n.Code, Name: n.Name, Change: "added"})
			continue
		}
		if fs := lineChanges(o, n, names); len(fs) > 0 {
			out = append(out, LineDiff{LineID: n.LineID, Code: n.Code, Name: n.Name, Change: "changed", Fields: fs})
		}
	}
	for _, o := range before {
		if !seen[o.LineID] {
			out = append(out, LineDiff{LineID: o.LineID, Code: o.Code, Name: o.Name, Change: "removed"})
		}
	}
	return out
}

func optText(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return calc.FormatNumber(o.V, "id")
}

// optValue is an optional number as a value: the number, or nil.
func optValue(o calc.Opt) any {
	if !o.OK {
		return nil
	}
	return o.V
}

func lineChanges(o, n domain.Indicator, names diffNames) []FieldChange {
	var fs []FieldChange
	addv := func(field, b, a string, bv, av any) {
		if b != a {
			fs = append(fs, FieldChange{Field: field, Before: b, After: a, Old: bv, New: av})
		}
	}
	add := func(field, b, a string) { addv(field, b, a, b, a) }
	num := func(field string, b, a calc.Opt) { addv(field, optText(b), optText(a), optValue(b), optValue(a)) }
	flag := func(field string, b, a bool) { addv(field, fmt.Sprint(b), fmt.Sprint(a), b, a) }
	ref := func(field string, names map[int64]string, b, a int64) {
		addv(field, idText(names, b), idText(names, a), b, a)
	}
	add("line.code", o.Code, n.Code)
	add("line.name", o.Name, n.Name)
	ref("line.objective", names.objectives, o.ObjectiveID, n.ObjectiveID)
	ref("line.parent", names.lines, o.ParentLineID, n.ParentLineID)
	add("manual.cascade_type", o.CascadeType, n.CascadeType)
	add("manual.cascade_method", o.CascadeMethod, n.CascadeMethod)
	num("line.weight", o.Weight, n.Weight)
	for q := 0; q < 4; q++ {
		num(fmt.Sprintf("line.t%d", q+1), o.Targets[q], n.Targets[q])
	}
	add("manual.formula", o.Formula, n.Formula)
	add("manual.unit", o.Unit, n.Unit)
	add("manual.polarity", o.Polarity, n.Polarity)
	add("manual.period_consolidation", o.PeriodConsolidation, n.PeriodConsolidation)
	add("manual.validity", o.Validity, n.Validity)
	add("manual.control", o.Control, n.Control)
	add("manual.description", o.Description, n.Description)
	add("manual.purpose", o.Purpose, n.Purpose)
	add("manual.result", o.Result, n.Result)
	add("manual.target_aspect", o.TargetAspect, n.TargetAspect)
	add("manual.data_source", o.DataSource, n.DataSource)
	add("manual.data_provider", o.DataProvider, n.DataProvider)
	add("manual.responsible", o.Responsible, n.Responsible)
	add("manual.reporting_period", o.ReportingPeriod, n.ReportingPeriod)
	add("manual.location_consolidation", o.LocationConsolidation, n.LocationConsolidation)
	flag("manual.max_target", o.MaxTarget, n.MaxTarget)
	num("manual.worst", o.Worst, n.Worst)
	addv("manual.scale", scaleText(o.Scale), scaleText(n.Scale), o.Scale, n.Scale)
	add("manual.history_kind", o.HistoryKind, n.HistoryKind)
	flag("manual.target_by_law", o.TargetByLaw, n.TargetByLaw)
	flag("manual.stable", o.Stable, n.Stable)
	num("manual.prev_target", o.PrevTarget, n.PrevTarget)
	num("manual.prev_realisation", o.PrevRealisation, n.PrevRealisation)
	addv("manual.evidence", evidenceText(o.Evidence), evidenceText(n.Evidence), o.Evidence, n.Evidence)
	return fs
}

func scaleText(s []domain.ScalePoint) string {
	parts := make([]string, len(s))
	for i, p := range s {
		parts[i] = calc.FormatNumber(p.Ca, "id") + "→" + calc.FormatNumber(p.Achievement, "id")
	}
	return strings.Join(parts, "; ")
}

func evidenceText(e []domain.EvidenceItem) string {
	parts := make([]string, len(e))
	for i, x := range e {
		parts[i] = x.Kind + ": " + x.Name
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

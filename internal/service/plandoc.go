package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/plandoc"
	"github.com/kinerja/kinerja/internal/report/xlsx"
	"github.com/kinerja/kinerja/internal/store"
)

// File is a generated document ready to download.
type File struct {
	Name        string // e.g. "PK-2026-KPPN-SKM-v2.pdf"
	ContentType string
	Data        []byte
}

// Content types of generated files.
const (
	ContentPDF  = "application/pdf"
	ContentXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// PlanPDF returns the document of a plan version (versionID 0: the newest):
// the Perjanjian Kinerja of a PK or the Sasaran Kinerja Pegawai of an SKP.
func (s *Service) PlanPDF(ctx context.Context, a authz.Actor, planID, versionID int64) (File, error) {
	p, err := s.planDoc(ctx, a, planID, versionID)
	if err != nil {
		return File{}, err
	}
	data, err := plandoc.PlanPDF(p, plandoc.Options{})
	if err != nil {
		return File{}, err
	}
	return File{Name: docName(p, string(p.Kind), true) + ".pdf", ContentType: ContentPDF, Data: data}, nil
}

// PlanManualPDF returns the Manual IKU (PK) or Manual IKI (SKP) book of a
// plan version (versionID 0: the newest).
func (s *Service) PlanManualPDF(ctx context.Context, a authz.Actor, planID, versionID int64) (File, error) {
	p, err := s.planDoc(ctx, a, planID, versionID)
	if err != nil {
		return File{}, err
	}
	data, err := plandoc.ManualPDF(p, plandoc.Options{})
	if err != nil {
		return File{}, err
	}
	prefix := "Manual-IKI"
	if p.Kind == domain.PlanPK {
		prefix = "Manual-IKU"
	}
	return File{Name: docName(p, prefix, true) + ".pdf", ContentType: ContentPDF, Data: data}, nil
}

// PlanXLSX returns a plan version as a workbook (versionID 0: the newest):
// its lines with targets and every manual field, and its versions with
// their approvals. Instructions are in lang.
func (s *Service) PlanXLSX(ctx context.Context, a authz.Actor, planID, versionID int64, lang string) (File, error) {
	p, err := s.planDoc(ctx, a, planID, versionID)
	if err != nil {
		return File{}, err
	}
	wb, err := plandoc.ExportXLSX(p, lang)
	if err != nil {
		return File{}, err
	}
	return workbookFile(docName(p, string(p.Kind), true)+".xlsx", wb)
}

// PlanImportTemplate returns the import workbook of a plan: the newest
// version's lines to change or extend, instructions in lang, and the codes
// of the objectives and parent indicators the rows may name.
func (s *Service) PlanImportTemplate(ctx context.Context, a authz.Actor, planID int64, lang string) (File, error) {
	p, err := s.planDoc(ctx, a, planID, 0)
	if err != nil {
		return File{}, err
	}
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return File{}, err
	}
	cands, err := s.parentCandidates(ctx, pc)
	if err != nil {
		return File{}, err
	}
	for _, c := range cands {
		p.Parents = append(p.Parents, c.Parent)
	}
	wb, err := plandoc.TemplateXLSX(p, lang)
	if err != nil {
		return File{}, err
	}
	return workbookFile(docName(p, "Templat-"+string(p.Kind), false)+".xlsx", wb)
}

func workbookFile(name string, wb *xlsx.Workbook) (File, error) {
	defer wb.Close()
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		return File{}, err
	}
	return File{Name: name, ContentType: ContentXLSX, Data: b.Bytes()}, nil
}

// docName names a plan's files: "PK-2026-KPPN-SKM-v2",
// "Manual-IKI-2026-198204142006042001-v1-draf" (an unapproved version), or
// without the version "Templat-PK-2026-KPPN-SKM".
func docName(p plandoc.Plan, prefix string, version bool) string {
	who := p.Owner.NIP
	if p.Kind == domain.PlanPK {
		who = p.Office.Code
	}
	name := fmt.Sprintf("%s-%d-%s", prefix, p.Year, fileSafe(who))
	if version {
		name += fmt.Sprintf("-v%d", p.Version.Number)
		if !p.Version.Approved() {
			name += "-draf"
		}
	}
	return name
}

// fileSafe keeps letters, digits, dots and dashes, so the name is valid in
// a Content-Disposition header and on every file system.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// planDoc loads what the documents of a plan version show, for a viewer
// who may see the plan.
func (s *Service) planDoc(ctx context.Context, a authz.Actor, planID, versionID int64) (plandoc.Plan, error) {
	view, err := s.GetPlan(ctx, a, planID, versionID)
	if err != nil {
		return plandoc.Plan{}, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return plandoc.Plan{}, err
	}
	p := plandoc.Plan{Kind: view.Plan.Kind, Year: view.Plan.Year, PeriodStart: view.Plan.PeriodStart, PeriodEnd: view.Plan.PeriodEnd,
		Created: s.Now(), Version: s.docVersion(view.Version)}
	off := view.Office
	p.Office = plandoc.Office{Code: off.Code, Name: off.Name, City: off.City, Letterhead: nonEmptyLines(off.Letterhead), Address: nonEmptyLines(off.Address)}
	for _, v := range view.Versions {
		p.Versions = append(p.Versions, s.docVersion(v))
	}
	p.Owner = docPerson(c, view.Employee, view.Position, domain.ActingNone)
	if h, ok := holdingOf(c, view.Employee.ID, view.Position.ID); ok {
		p.Owner = docPerson(c, view.Employee, view.Position, h.Acting)
	}
	if p.Approver, err = s.docApprover(ctx, c, view); err != nil {
		return p, err
	}
	lineExpect, err := s.skpDocExtras(ctx, &p, view.Plan)
	if err != nil {
		return p, err
	}

	objectives := map[int64]*plandoc.Objective{}
	if m, err := s.store.GetStrategyMap(ctx, view.Year.ID, view.Plan.OfficeID); err == nil {
		for _, o := range mapOrder(m) {
			persp, _ := m.Perspective(o.PerspectiveID)
			p.Objectives = append(p.Objectives, plandoc.Objective{ID: o.ID, Code: o.Code, Name: o.Name, Perspective: persp.Name})
		}
		for i := range p.Objectives {
			objectives[p.Objectives[i].ID] = &p.Objectives[i]
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return p, err
	}
	positions := map[int64]string{} // plan → its owner's position title
	for _, l := range view.Lines {
		dl := plandoc.Line{Indicator: l.Indicator, Annual: l.Annual, Objective: objectives[l.ObjectiveID], Expectation: lineExpect[l.LineID]}
		if l.Parent != nil {
			pos, ok := positions[l.Parent.PlanID]
			if !ok {
				if pp, err := s.store.GetPlan(ctx, l.Parent.PlanID); err == nil {
					if x := c.Positions[pp.PositionID]; x != nil {
						pos = x.Title
					}
				}
				positions[l.Parent.PlanID] = pos
			}
			dl.Parent = &plandoc.Parent{Code: l.Parent.Code, Name: l.Parent.Name, Kind: l.Parent.Kind, Owner: l.Parent.Owner, Position: pos}
		}
		p.Lines = append(p.Lines, dl)
	}
	return p, nil
}

// skpDocExtras fills what an SKP prints beside its lines: the behaviour
// expectations, the Lampiran and the additional tasks. It returns the
// expectations per work result by line.
func (s *Service) skpDocExtras(ctx context.Context, p *plandoc.Plan, plan domain.Plan) (map[int64]string, error) {
	if plan.Kind != domain.PlanSKP {
		return nil, nil
	}
	rows, err := s.store.ListExpectations(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	perLine := map[int64]string{}
	p.Expectations = make([]string, len(domain.BehaviourAspects))
	for _, r := range rows {
		if r.LineID != 0 {
			perLine[r.LineID] = r.Body
			continue
		}
		for i, k := range domain.BehaviourAspects {
			if r.Aspect == k {
				p.Expectations[i] = r.Body
			}
		}
	}
	att, err := s.store.GetPlanAttachment(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	p.Attachment = plandoc.Attachment{Resources: att.Resources, Accountability: att.Accountability, Consequences: att.Consequences}
	tasks, err := s.store.ListAdditionalTasks(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		p.Tasks = append(p.Tasks, t.Description)
	}
	return perLine, nil
}

// docVersion converts a version, its times in the office's zone.
func (s *Service) docVersion(v domain.PlanVersion) plandoc.Version {
	in := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(s.loc)
	}
	return plandoc.Version{Number: v.Number, Status: v.Status, Reason: v.Reason, CreatedAt: in(v.CreatedAt), SubmittedAt: in(v.SubmittedAt),
		ApprovedAt: in(v.ApprovedAt), ApproverName: v.ApproverName, ApproverNIP: v.ApproverNIP, ReturnedAt: in(v.ReturnedAt),
		ReturnComment: v.ReturnComment, Late: v.Late}
}

// docPerson describes an employee in a position for a document.
func docPerson(c *domain.Chart, e domain.Employee, pos domain.Position, acting domain.ActingKind) plandoc.Person {
	p := plandoc.Person{Name: e.Name, NIP: e.NIP, Grade: e.Grade, Position: pos.Title}
	switch acting {
	case domain.ActingPlt:
		p.Position = "Plt. " + p.Position
	case domain.ActingPlh:
		p.Position = "Plh. " + p.Position
	}
	if u := c.Units[pos.UnitID]; u != nil {
		p.Unit = u.Name
		if off := c.Units[c.Office(u.ID)]; off != nil && off.ID != u.ID {
			p.Unit += ", " + off.Name
		}
	}
	return p
}

// holdingOf returns an employee's holding of a position on the chart's day.
func holdingOf(c *domain.Chart, emp, pos int64) (domain.Holding, bool) {
	for _, h := range c.HeldBy(emp) {
		if h.PositionID == pos {
			return h, true
		}
	}
	return domain.Holding{}, false
}

// docApprover is who signs opposite the owner: for a PK its second party,
// the head of the office above (pkSignatories); for an SKP the owner's
// supervisor. An approved SKP names its approver as signed, in the post held
// on the day of approval; a draft SKP names today's supervisor.
func (s *Service) docApprover(ctx context.Context, c *domain.Chart, view PlanView) (plandoc.Person, error) {
	v := view.Version
	approved := v.Status == domain.PlanApproved
	if view.Plan.Kind == domain.PlanPK {
		if view.Signatories == nil {
			return plandoc.Person{}, nil
		}
		sec := view.Signatories.Second
		return plandoc.Person{Name: sec.Name, NIP: sec.NIP, Position: sec.Position}, nil
	}
	var emp *domain.Employee
	day := c
	switch {
	case approved:
		for _, e := range c.Employees {
			if v.ApproverNIP != "" && e.NIP == v.ApproverNIP {
				emp = e
			}
		}
		if emp == nil {
			return plandoc.Person{Name: v.ApproverName, NIP: v.ApproverNIP}, nil
		}
		var err error
		if day, err = s.ChartOn(ctx, v.ApprovedAt.In(s.loc)); err != nil {
			return plandoc.Person{}, err
		}
	case len(view.Approvers) > 0:
		emp = &view.Approvers[0]
	default:
		return plandoc.Person{}, nil
	}
	// The post the appraiser signs in: the nearest one above the owner's
	// position that they hold (acting ones included), else their own.
	if h, ok := supervisingHolding(day, emp.ID, view.Position.ID); ok {
		return docPerson(day, *emp, *day.Positions[h.PositionID], h.Acting), nil
	}
	if pos, ok := day.Primary(emp.ID); ok {
		h, _ := holdingOf(day, emp.ID, pos.ID)
		return docPerson(day, *emp, *pos, h.Acting), nil
	}
	return docPerson(day, *emp, domain.Position{}, domain.ActingNone), nil
}

// supervisingHolding finds the approver's holding of a position above the
// owner's position (the nearest one they hold).
func supervisingHolding(c *domain.Chart, emp, ownerPos int64) (domain.Holding, bool) {
	held := map[int64]domain.Holding{}
	for _, h := range c.HeldBy(emp) {
		held[h.PositionID] = h
	}
	pos := c.Positions[ownerPos]
	for seen := 0; pos != nil && pos.ReportsToID != 0 && seen <= len(c.Positions); seen++ {
		if h, ok := held[pos.ReportsToID]; ok {
			return h, true
		}
		pos = c.Positions[pos.ReportsToID]
	}
	return domain.Holding{}, false
}

// mapOrder lists a map's objectives top down: by perspective, then as
// ordered within it.
func mapOrder(m domain.StrategyMap) []domain.Objective {
	rank := map[int64]int{}
	for _, p := range m.Perspectives {
		rank[p.ID] = p.Kind.Rank()*1000 + p.Seq
	}
	out := append([]domain.Objective(nil), m.Objectives...)
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].PerspectiveID] != rank[out[j].PerspectiveID] {
			return rank[out[i].PerspectiveID] < rank[out[j].PerspectiveID]
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parentCandidate is a line an IKI of a plan may be cascaded from.
type parentCandidate struct {
	LineID int64
	plandoc.Parent
}

// parentCandidates lists the lines that checkParent accepts as parents
// for an SKP: the IKUs of the office's PK and the IKIs of the SKPs of the
// owner's supervisors, in their newest versions.
func (s *Service) parentCandidates(ctx context.Context, pc *planContext) ([]parentCandidate, error) {
	var plans []domain.Plan
	pkOffice := pc.plan.OfficeID
	if pc.plan.Kind == domain.PlanPK {
		// A PK's IKUs cascade from the PK of the office above (SPEC §15).
		if pkOffice = pc.chart.UpperOffice(pc.plan.OfficeID); pkOffice == 0 {
			return nil, nil
		}
	}
	pks, err := s.store.ListPlans(ctx, store.PlanFilter{YearID: pc.plan.YearID, OfficeID: pkOffice, Kind: domain.PlanPK})
	if err != nil {
		return nil, err
	}
	plans = append(plans, pks...)
	var sups []int64
	if pc.plan.Kind == domain.PlanSKP {
		sups = pc.chart.Supervisors(pc.plan.EmployeeID)
	}
	for _, sup := range sups {
		sp, err := planOn(ctx, s.store, pc.plan.YearID, sup, s.planDay(pc.plan))
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		plans = append(plans, sp)
	}
	var out []parentCandidate
	seen := map[int64]bool{}
	for _, p := range plans {
		if p.ID == pc.plan.ID || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		vs, err := s.store.ListVersions(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			continue
		}
		lines, err := s.store.ListIndicators(ctx, vs[len(vs)-1].ID)
		if err != nil {
			return nil, err
		}
		owner, pos := "", ""
		if e := pc.chart.Employees[p.EmployeeID]; e != nil {
			owner = e.Name
		}
		if x := pc.chart.Positions[p.PositionID]; x != nil {
			pos = x.Title
		}
		for _, l := range lines {
			out = append(out, parentCandidate{LineID: l.LineID, Parent: plandoc.Parent{Code: l.Code, Name: l.Name, Kind: l.Kind, Owner: owner, Position: pos}})
		}
	}
	return out, nil
}

// PlanImportView returns the newest version of a plan for the import page;
// only those who may edit the plan may import into it. Perm.Edit tells
// whether the newest version is a draft that accepts an import now.
func (s *Service) PlanImportView(ctx context.Context, a authz.Actor, planID int64) (PlanView, error) {
	view, err := s.GetPlan(ctx, a, planID, 0)
	if err != nil {
		return view, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return view, err
	}
	if !authz.CanEditPlan(a, c, view.Plan) {
		return view, domain.ErrForbidden
	}
	return view, nil
}

// PlanImportSummary counts what an import did to the draft version.
type PlanImportSummary struct {
	Version                     int // the version number imported into
	Created, Updated, Unchanged int
}

// importedLine is a validated row ready to save.
type importedLine struct {
	ind domain.Indicator
	old *domain.Indicator
}

// ImportPlan applies a workbook of indicator rows (the plan template or an
// export) to the newest draft version of a plan: rows whose code exists
// update that line, other rows add lines; lines not in the file stay.
// Every row is checked by the rules of SaveLine; when anything is wrong it
// returns every problem with its row and column and saves nothing.
func (s *Service) ImportPlan(ctx context.Context, a authz.Actor, planID int64, filename string, r io.Reader) (PlanImportSummary, []xlsx.CellError, error) {
	var sum PlanImportSummary
	pc, err := s.loadPlan(ctx, s.store, planID)
	if err != nil {
		return sum, nil, err
	}
	// Permission and state are checked before the file is read.
	v, err := s.editableVersion(a, pc, 0, -1)
	if err != nil {
		return sum, nil, err
	}
	sum.Version = v.Number
	rows, problems, err := plandoc.ReadImport(r)
	if err != nil {
		return sum, nil, err
	}
	// Rows the reader could not read are left out of the rule checks, so
	// that the other rows' problems are listed in the same answer.
	bad := map[int]bool{}
	for _, p := range problems {
		if p.Row <= 1 || p.Column == "" {
			return sum, problems, nil // the file or its header is unusable
		}
		bad[p.Row] = true
	}
	if len(rows) == 0 {
		return sum, []xlsx.CellError{msgProblem(xlsx.CellError{Sheet: plandoc.Sheet, Code: "plan.import"}, domain.M("plandocs.no_rows"))}, nil
	}
	readable := rows[:0:0]
	for _, row := range rows {
		if !bad[row.Line] {
			readable = append(readable, row)
		}
	}
	planned, more, err := s.planImport(ctx, pc, v, readable)
	if err != nil {
		return sum, nil, err
	}
	if problems = append(problems, more...); len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Row < problems[j].Row })
		return sum, problems, nil
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.BumpVersion(ctx, v.ID, v.Revision); err != nil {
			return err
		}
		lines, err := tx.ListIndicators(ctx, v.ID)
		if err != nil {
			return err
		}
		seq := len(lines)
		for _, pl := range planned {
			ind := pl.ind
			ind.VersionID = v.ID
			switch {
			case pl.old == nil:
				id, err := tx.CreateLine(ctx, planID)
				if err != nil {
					return err
				}
				seq++
				ind.LineID, ind.Seq = id, seq
				if err := tx.CreateIndicator(ctx, &ind); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, s.act(a), "plan.line_create", "plan_line", ind.LineID, nil, ind); err != nil {
					return err
				}
				sum.Created++
			case sameLine(*pl.old, ind):
				sum.Unchanged++
			default:
				if err := tx.UpdateIndicator(ctx, &ind); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, s.act(a), "plan.line_update", "plan_line", ind.LineID, *pl.old, ind); err != nil {
					return err
				}
				if err := s.syncFullChildren(ctx, tx, a, ind); err != nil {
					return err
				}
				sum.Updated++
			}
		}
		return audit.Record(ctx, tx, s.act(a), "plan.import", "plan_version", v.ID, nil,
			map[string]any{"file": filename, "created": sum.Created, "updated": sum.Updated, "unchanged": sum.Unchanged})
	})
	return sum, nil, err
}

// planImport resolves the codes of every row and validates it as SaveLine
// would, collecting every problem.
func (s *Service) planImport(ctx context.Context, pc *planContext, v domain.PlanVersion, rows []plandoc.Row) ([]importedLine, []xlsx.CellError, error) {
	lines, err := s.store.ListIndicators(ctx, v.ID)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]*domain.Indicator{}
	for i := range lines {
		byCode[strings.ToLower(lines[i].Code)] = &lines[i]
	}
	objectives := map[string]int64{}
	if m, err := s.store.GetStrategyMap(ctx, pc.year.ID, pc.plan.OfficeID); err == nil {
		for _, o := range m.Objectives {
			objectives[strings.ToLower(o.Code)] = o.ID
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return nil, nil, err
	}
	parents := map[string][]parentCandidate{}
	{
		cands, err := s.parentCandidates(ctx, pc)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range cands {
			k := strings.ToLower(c.Code)
			parents[k] = append(parents[k], c)
		}
	}

	var problems []xlsx.CellError
	problem := func(r plandoc.Row, field string, m domain.Msg) {
		problems = append(problems, msgProblem(r.Problem(field, "", ""), m))
	}
	var out []importedLine
	firstRow := map[string]int{}
	added := len(lines)
	_, maxLines := pc.limits()
	for _, r := range rows {
		key := strings.ToLower(strings.TrimSpace(r.Code))
		if first, dup := firstRow[key]; dup {
			problem(r, "code", domain.M("plandocs.code_twice", "code", r.Code, "row", first))
			continue
		}
		firstRow[key] = r.Line
		in := LineInput{Code: r.Code, Name: r.Name, CascadeType: r.CascadeType, CascadeMethod: r.CascadeMethod,
			Weight: r.Weight, Targets: r.Targets, AnnualTarget: r.Annual, Manual: r.Manual}
		ok := true
		if code := strings.TrimSpace(r.ObjectiveCode); code != "" {
			if in.ObjectiveID = objectives[strings.ToLower(code)]; in.ObjectiveID == 0 {
				problem(r, "objective_id", domain.M("plandocs.objective_unknown", "code", code, "year", pc.year.Year))
				ok = false
			}
		}
		if code := strings.TrimSpace(r.ParentCode); code != "" {
			cands := parents[strings.ToLower(code)]
			switch {
			case pc.plan.Kind == domain.PlanPK && pc.chart.UpperOffice(pc.plan.OfficeID) == 0:
				problem(r, "parent_line_id", domain.M("plandocs.parent_in_pk"))
				ok = false
			case len(cands) == 0:
				problem(r, "parent_line_id", domain.M("plandocs.parent_unknown", "code", code))
				ok = false
			case len(cands) > 1:
				var owners []string
				for _, c := range cands {
					owners = append(owners, c.Owner)
				}
				problem(r, "parent_line_id", domain.M("plandocs.parent_ambiguous", "code", code, "owners", strings.Join(owners, ", ")))
				ok = false
			default:
				in.ParentLineID = cands[0].LineID
			}
		}
		old := byCode[key]
		if old != nil && strings.TrimSpace(in.Manual.Result) == "" {
			// Workbooks made before the work-result column, and blank cells,
			// keep the line's work result; the line form clears it.
			in.Manual.Result = old.Result
		}
		if old == nil {
			added++
			if added > maxLines {
				problem(r, "", domain.M("plandocs.too_many", "max", maxLines))
				ok = false
			}
		}
		if !ok {
			continue
		}
		ind, err := s.buildLine(ctx, pc, in, old)
		var ve *domain.ValidationError
		switch {
		case errors.As(err, &ve):
			for _, f := range ve.Order() {
				problem(r, f, ve.Fields[f])
			}
			continue
		case err != nil:
			return nil, nil, err
		}
		if old != nil {
			ind.ID, ind.LineID, ind.Seq, ind.VersionID = old.ID, old.LineID, old.Seq, old.VersionID
			// The workbook lists evidence kind by kind: the same items in
			// another order keep the line's own order.
			if sameEvidence(old.Evidence, ind.Evidence) {
				ind.Evidence = old.Evidence
			}
		}
		out = append(out, importedLine{ind: ind, old: old})
	}
	return out, problems, nil
}

// msgProblem fills a located problem with a message in both languages.
func msgProblem(e xlsx.CellError, m domain.Msg) xlsx.CellError {
	e.ID = i18n.Text("id", m.Key, m.Args, m.Texts)
	e.EN = i18n.Text("en", m.Key, m.Args, m.Texts)
	return e
}

// sameLine reports whether an import leaves a line as it was.
func sameLine(a, b domain.Indicator) bool { return fmt.Sprintf("%v", a) == fmt.Sprintf("%v", b) }

// sameEvidence reports whether two evidence lists hold the same items with
// the same order within each kind.
func sameEvidence(a, b []domain.EvidenceItem) bool {
	byKind := func(ev []domain.EvidenceItem) string {
		ev = append([]domain.EvidenceItem(nil), ev...)
		sort.SliceStable(ev, func(i, j int) bool { return evidenceRank(ev[i].Kind) < evidenceRank(ev[j].Kind) })
		return fmt.Sprintf("%v", ev)
	}
	return byKind(a) == byKind(b)
}

func evidenceRank(kind string) int {
	for i, k := range domain.EvidenceKinds {
		if k == kind {
			return i
		}
	}
	return len(domain.EvidenceKinds)
}

package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/report/lckdoc"
)

// ReportPDF returns an official's quarterly achievement report (LCK) as
// PDF, to those who may read the report.
func (s *Service) ReportPDF(ctx context.Context, a authz.Actor, planID int64, quarter int) (File, error) {
	r, err := s.lckReport(ctx, a, planID, quarter, false)
	if err != nil {
		return File{}, err
	}
	data, err := lckdoc.ReportPDF(r, lckdoc.Options{})
	return File{Name: lckName(r) + ".pdf", ContentType: ContentPDF, Data: data}, err
}

// ReportXLSX returns the raw data behind an official's quarterly report:
// figures, reported values and notes, raw-data rows and evidence.
func (s *Service) ReportXLSX(ctx context.Context, a authz.Actor, planID int64, quarter int) (File, error) {
	r, err := s.lckReport(ctx, a, planID, quarter, true)
	if err != nil {
		return File{}, err
	}
	wb, err := lckdoc.RawDataXLSX(r)
	if err != nil {
		return File{}, err
	}
	return workbookFile(lckName(r)+"-data-mentah.xlsx", wb)
}

// QuarterPackagePDF returns the office's quarterly package: the NKO summary
// and every structural official's report, the head's first. It is for
// those who read every report of the office: its head and the roles that
// read the office.
func (s *Service) QuarterPackagePDF(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) (File, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return File{}, err
	}
	off := c.Units[officeID]
	if off == nil || !c.Working(officeID) || quarter < 1 || quarter > 4 {
		return File{}, domain.ErrNotFound
	}
	if me := a.EmployeeID(); (me == 0 || !c.Heads(officeID, me)) && !authz.CanInScope(a, c, authz.OfficeRead, officeID) {
		return File{}, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return File{}, err
	}
	p := lckdoc.Package{Year: year, Quarter: quarter, Office: lckOffice(*off), Due: y.Quarters[quarter-1].Deadline, Created: s.Now()}
	nko, err := s.NKO(ctx, a, year, quarter, officeID, true)
	if err != nil {
		return File{}, err
	}
	if nko.Available() {
		n := s.lckNKO(nko)
		p.NKO = &n
	}
	if p.Initiatives, err = s.packageInitiatives(ctx, a, year, quarter, officeID); err != nil {
		return File{}, err
	}
	list, err := s.ListReports(ctx, a, year, quarter, officeID)
	if err != nil {
		return File{}, err
	}
	sort.SliceStable(list, func(i, j int) bool {
		if (list[i].Kind == domain.PlanPK) != (list[j].Kind == domain.PlanPK) {
			return list[i].Kind == domain.PlanPK
		}
		return list[i].Position.Title < list[j].Position.Title
	})
	for _, rs := range list {
		r, err := s.lckReport(ctx, a, rs.PlanID, quarter, false)
		var se *domain.StateError
		if errors.As(err, &se) {
			continue // a plan not yet approved has nothing to report on
		}
		if err != nil {
			return File{}, err
		}
		p.Reports = append(p.Reports, r)
	}
	data, err := lckdoc.PackagePDF(p, lckdoc.Options{})
	return File{Name: fmt.Sprintf("Paket-LCK-%d-TW%d-%s.pdf", year, quarter, off.Code), ContentType: ContentPDF, Data: data}, err
}

func lckName(r lckdoc.Report) string {
	return fmt.Sprintf("LCK-%d-TW%d-%s", r.Year, r.Quarter, r.Official.NIP)
}

func lckOffice(u domain.Unit) lckdoc.Office {
	return lckdoc.Office{Name: u.Name, City: u.City, Letterhead: splitLines(u.Letterhead), Address: splitLines(u.Address)}
}

// splitLines returns the non-empty lines of a multi-line text field.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// lckReport gathers one report for the documents; withRaw adds the
// quarter's reported values, notes and raw-data rows.
func (s *Service) lckReport(ctx context.Context, a authz.Actor, planID int64, quarter int, withRaw bool) (lckdoc.Report, error) {
	v, err := s.GetReport(ctx, a, planID, quarter)
	if err != nil {
		return lckdoc.Report{}, err
	}
	r := lckdoc.Report{Year: v.Year.Year, Quarter: quarter, Office: lckOffice(v.Office), Unit: v.Unit.Name,
		Official: lckdoc.Person{Name: v.Employee.Name, NIP: v.Employee.NIP, Position: v.Position.Title},
		Kind:     v.Plan.Kind, SheetStatus: v.SheetStatus, SubmittedAt: v.Report.SubmittedAt, ReviewedAt: v.Report.ReviewedAt,
		Threshold: v.Threshold, Frozen: v.Frozen, Created: s.Now()}
	if v.Report.ID != 0 {
		r.Status = v.Report.Status
	}
	switch {
	case !r.Reviewed():
	case v.Plan.Kind == domain.PlanPK:
		// The pengelola kinerja reviews the head's own report; they prepare
		// and check documents but never sign one (SPEC §7).
		r.ReviewedBy = v.Report.ReviewerName
	default:
		rev, err := s.reviewer(ctx, v)
		if err != nil {
			return r, err
		}
		r.Reviewer = &rev
	}
	names := map[int64]string{}
	for _, p := range v.People {
		names[p.ID] = p.Name
	}
	var sheet map[int64]SheetLine
	if withRaw {
		sv, err := s.GetSheet(ctx, a, planID, quarter)
		if err != nil {
			return r, err
		}
		sheet = map[int64]SheetLine{}
		for _, l := range sv.Lines {
			sheet[l.Indicator.LineID] = l
		}
	}
	today := s.Today()
	for _, row := range v.Rows {
		f := row.Figures
		l := lckdoc.Line{Code: row.Line.Code, Name: row.Line.Name, Unit: row.Line.Unit, Required: row.Required,
			ToDate: lckdoc.Figures{Target: f.ToDate.Target, Realisation: f.ToDate.Realisation, Achievement: f.ToDate.Achievement, Status: f.ToDate.Status},
			Own:    lckdoc.Figures{Target: f.Own.Target, Realisation: f.Own.Realisation, Achievement: f.Own.Achievement, Status: f.Own.Status},
			Issue:  row.Item.Issue, Implication: row.Item.Implication, Accountable: names[row.Item.AccountableID], Supporting: row.Item.Supporting}
		for _, x := range row.Actions {
			act := lckdoc.Action{Description: x.Description, Owner: names[x.OwnerID], Due: x.DueDate, Status: x.Status, Note: x.StatusNote,
				CarriedOn: v.CarriedOn[x.ID], NeedsUpdate: x.NeedsUpdate, Overdue: x.Overdue(today) && !v.CarriedOn[x.ID]}
			if x.CarriedFrom != 0 {
				act.FromQuarter = quarter - 1
			}
			l.Actions = append(l.Actions, act)
		}
		for _, e := range row.Evidence {
			if e.Current() {
				l.Evidence = append(l.Evidence, lckdoc.Evidence{Kind: e.Kind, Form: e.Form, Filename: e.Filename, URL: e.URL, Body: e.Body,
					SHA256: e.SHA256, Size: e.Size, UploadedAt: e.UploadedAt.In(s.loc)})
			}
		}
		if sl, ok := sheet[row.Line.LineID]; ok {
			l.Value, l.Note, l.Raw = sl.Realisation.Value, sl.Realisation.Note, sl.Realisation.Raw
		}
		r.Lines = append(r.Lines, l)
	}
	if v.NKO != nil && v.NKO.Available() {
		n := s.lckNKO(*v.NKO)
		r.NKO = &n
	}
	return r, nil
}

// reviewer is the head who reviewed an official's report, as signed: the
// name and NIP kept on the report, and the position of the reviewer's
// account today.
func (s *Service) reviewer(ctx context.Context, v ReportView) (lckdoc.Person, error) {
	p := lckdoc.Person{Name: v.Report.ReviewerName, NIP: v.Report.ReviewerNIP, Position: "Kepala Kantor"}
	if v.Report.ReviewedBy == 0 {
		return p, nil
	}
	u, err := s.store.GetUser(ctx, v.Report.ReviewedBy)
	if errors.Is(err, domain.ErrNotFound) {
		return p, nil
	}
	if err != nil {
		return p, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return p, err
	}
	if pos, ok := c.Primary(u.EmployeeID); ok {
		p.Position = pos.Title
	}
	return p, nil
}

func (s *Service) lckNKO(v NKOView) lckdoc.NKO {
	n := lckdoc.NKO{Predicate: v.Result.Predicate, Status: v.Status, Official: v.Official, RuleSet: v.Result.RuleSet}
	if v.Available() {
		n.Value = calc.Some(v.Result.NKO)
	}
	rs, _ := s.RuleSet(v.Year)
	for _, p := range v.Result.Perspectives {
		lp := lckdoc.Perspective{Name: p.Name, Weight: p.Weight, Value: p.Value}
		if rs != nil {
			lp.Status = rs.StatusOf(p.Value)
		}
		n.Perspectives = append(n.Perspectives, lp)
	}
	for _, o := range v.Objectives {
		lo := lckdoc.Objective{Code: o.Objective.Code, Name: o.Objective.Name, Perspective: o.Perspective.Name, Value: o.Value, Status: o.Status}
		for _, k := range o.IKUs {
			lo.IKUs = append(lo.IKUs, lckdoc.IKU{Code: k.Code, Name: k.Name, Weight: k.Weight,
				Figures: lckdoc.Figures{Target: k.Target, Realisation: k.Realisation, Achievement: k.Achievement, Status: k.Status}})
		}
		n.Objectives = append(n.Objectives, lo)
	}
	for _, st := range v.Result.Steps {
		n.Steps = append(n.Steps, st.Text("id"))
	}
	return n
}

// ReportPlan returns the plan a structural official reports on in a year:
// not found when the person is unknown, has no plan that year, or is not a
// structural official; forbidden when the actor may not see their work.
func (s *Service) ReportPlan(ctx context.Context, a authz.Actor, year int, employeeID int64) (domain.Plan, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Plan{}, err
	}
	if c.Employees[employeeID] == nil {
		return domain.Plan{}, domain.ErrNotFound
	}
	if !authz.CanSeeEmployeeWork(a, c, employeeID) {
		return domain.Plan{}, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return domain.Plan{}, err
	}
	p, err := planOn(ctx, s.store, y.ID, employeeID, s.Today())
	if err != nil {
		return domain.Plan{}, err
	}
	if !isStructural(c, p) {
		return domain.Plan{}, domain.ErrNotFound
	}
	return p, nil
}

// packageInitiatives gathers the office's strategic initiatives for the
// package's Laporan Progres Inisiatif Strategis of a quarter.
func (s *Service) packageInitiatives(ctx context.Context, a authz.Actor, year, quarter int, officeID int64) ([]lckdoc.Initiative, error) {
	v, err := s.Initiatives(ctx, a, year, officeID)
	if err != nil {
		return nil, err
	}
	var out []lckdoc.Initiative
	for _, it := range v.Items {
		x := lckdoc.Initiative{Code: it.Code, Name: it.Name, Link: strings.TrimSpace(it.LinkCode + " " + it.LinkName), Owner: it.OwnerName}
		if p, ok := it.ProgressOf(quarter); ok {
			x.Percent, x.Reported, x.Note = p.Percent, true, p.Note
			for _, e := range p.Evidence {
				x.Documents = append(x.Documents, cmp.Or(e.Filename, e.URL, e.Body))
			}
		}
		if p, ok := it.ProgressOf(quarter - 1); ok {
			x.Previous, x.HasPrevious = p.Percent, true
		}
		for _, m := range it.Milestones {
			x.Milestones = append(x.Milestones, lckdoc.Milestone{Name: m.Name, Due: m.Due, Done: m.Done})
		}
		out = append(out, x)
	}
	return out, nil
}

package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/report/evaldoc"
	"github.com/kinerja/kinerja/internal/report/xlsx"
)

// fig2 is a figure as documents print it (Indonesian, two decimals).
func fig2(x float64) string { return i18n.FormatNumber("id", x, 2) }

func optFig(o calc.Opt) string {
	if !o.OK {
		return "–"
	}
	return i18n.FormatNumberTrim("id", o.V, 4)
}

func (s *Service) docOffice(u domain.Unit) evaldoc.Office {
	return evaldoc.Office{Name: strings.ToUpper(u.Name), City: u.City, Letterhead: nonEmptyLines(u.Letterhead), Address: nonEmptyLines(u.Address)}
}

func docPersonOf(c *domain.Chart, emp int64) evaldoc.Person {
	e := c.Employees[emp]
	if e == nil {
		return evaldoc.Person{}
	}
	p := evaldoc.Person{Name: e.Name, NIP: e.NIP}
	if pos, ok := c.Primary(emp); ok {
		p.Position = pos.Title
	}
	return p
}

var ratingNames = map[calc.Rating]string{calc.RatingAbove: "Di atas ekspektasi", calc.RatingMeets: "Sesuai ekspektasi", calc.RatingBelow: "Di bawah ekspektasi"}

// TPKMinutesPDF is the berita acara of an office's TPK session of a quarter.
func (s *Service) TPKMinutesPDF(ctx context.Context, a authz.Actor, officeID int64, year, q int) ([]byte, error) {
	ss, err := s.TPKSession(ctx, a, officeID, year, q)
	if err != nil {
		return nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	m := evaldoc.Minutes{Office: s.docOffice(ss.Office), Year: year, Quarter: i18n.Quarter("id", q), Date: s.Today(), Created: s.Now()}
	if ss.Decree != nil {
		m.Date = ss.Decree.SetAt.In(s.loc)
	}
	for _, mb := range ss.Members {
		m.Members = append(m.Members, docPersonOf(c, mb.EmployeeID))
	}
	for _, r := range ss.Rows {
		row := evaldoc.MinutesRow{Employee: docPersonOf(c, r.Employee.ID), NKPInitial: "–", NKP: "–", Predicate: "–",
			Correction: fig2(r.Score.Adjustment.Correction), Discipline: fig2(r.Score.Discipline), Impact: fig2(r.Score.Impact)}
		if res := r.Score.Result; res != nil {
			row.NKPInitial, row.NKP, row.Predicate = fig2(res.NKPInitial), fig2(res.NKP), res.Predicate
		}
		var notes []string
		if r.Score.Adjustment.Correction != 0 && r.Score.Adjustment.Reason != "" {
			notes = append(notes, "Koreksi: "+r.Score.Adjustment.Reason)
		}
		for _, p := range r.Penalties {
			notes = append(notes, fmt.Sprintf("Hukuman %s (MPJHD %s): %s", p.Category, fig2(p.MPJHD), p.Reason))
		}
		row.Note = strings.Join(notes, "\n")
		m.Rows = append(m.Rows, row)
	}
	g := ss.Distribution.Guide
	if g.OrganisationPredicate != "" {
		m.Distribution = append(m.Distribution, fmt.Sprintf("Predikat kinerja organisasi: %s (predikat NKO %s). %d pegawai dinilai.", g.OrganisationPredicate, g.NKOPredicate, g.Total))
		for _, b := range g.Bounds {
			status := "sesuai panduan"
			if !b.Within {
				status = "menyimpang dari panduan"
			}
			m.Distribution = append(m.Distribution, BoundText(b, "id")+" — "+status)
		}
	}
	return evaldoc.MinutesPDF(m)
}

// EvaluationPDF is the annual Dokumen Evaluasi Kinerja Pegawai of a plan's
// owner (SPEC §14.9), for whoever may see their score.
func (s *Service) EvaluationPDF(ctx context.Context, a authz.Actor, planID int64) ([]byte, error) {
	v, err := s.EmployeeScore(ctx, a, planID, Year)
	if err != nil {
		return nil, err
	}
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	off := c.Units[v.Plan.OfficeID]
	if off == nil {
		return nil, domain.ErrNotFound
	}
	e := evaldoc.Evaluation{Office: s.docOffice(*off), Year: v.Year.Year, Employee: docPersonOf(c, v.Plan.EmployeeID), Created: s.Now(),
		NHK: "–", WorkRating: "–", NPK: optFig(v.NPK), BehaviourRating: "–", NKP: "–", Predicate: "belum dapat ditetapkan"}
	if sups := c.Supervisors(v.Plan.EmployeeID); len(sups) > 0 {
		e.Appraiser = docPersonOf(c, sups[0])
	}
	for _, l := range v.Lines {
		e.Results = append(e.Results, evaldoc.WorkResult{Code: l.Line.Code, Name: workResultOf(l.Line), Unit: l.Line.Unit, Target: optFig(l.Target),
			Realisation: optFig(l.Realisation), Achievement: optFig(calc.Opt{V: calc.Round2(l.Achievement.V), OK: l.Achievement.OK})})
	}
	for i, n := range v.QuarterNPK {
		e.Quarters = append(e.Quarters, i18n.Quarter("id", i+1)+": "+optFig(calc.Opt{V: calc.Round2(n.V), OK: n.OK}))
	}
	if r := v.Result; r != nil {
		e.NHK, e.NPK, e.NKP, e.Predicate = fig2(r.NHKCalibrated), fig2(r.NPKCalibrated), fig2(r.NKP), r.Predicate
		e.WorkRating, e.BehaviourRating = ratingNames[r.WorkRating], ratingNames[r.BehaviourRating]
	}
	fb, err := s.store.ListFeedback(ctx, planID)
	if err != nil {
		return nil, err
	}
	for _, n := range fb {
		author := ""
		if x := c.Employees[n.AuthorID]; x != nil {
			author = x.Name
		}
		e.Feedback = append(e.Feedback, fmt.Sprintf("%s, %s: %s", n.CreatedAt.In(s.loc).Format("2006-01-02"), author, n.Body))
	}
	return evaldoc.EvaluationPDF(e)
}

// workResultOf is what the employee's line delivers, as the SKP prints it:
// their own work result when the line states one, else the indicator.
func workResultOf(ind domain.Indicator) string {
	if r := strings.TrimSpace(ind.Result); r != "" {
		return r
	}
	return ind.Name
}

// ExportRow is one employee and plan in the e-Kinerja export (SPEC §14.10).
type ExportRow struct {
	NIP, Name, Position, Unit, SupervisorNIP string
	PeriodStart, PeriodEnd                   string
	WorkResults                              string // each IKI with its target and realisation
	WorkRating, BehaviourRating, Predicate   string
}

// ExportIssue is one thing e-Kinerja would reject.
type ExportIssue struct {
	NIP, Name string
	Problem   domain.Msg
}

// EKinerjaExport is the NIP-keyed reconciliation of an office's year for
// BKN e-Kinerja, with its pre-flight list.
type EKinerjaExport struct {
	Office domain.Unit
	Year   int
	Rows   []ExportRow
	Issues []ExportIssue
}

// ExportColumns are the export's columns, in order.
var ExportColumns = []string{"nip", "nama", "jabatan", "unit_kerja", "nip_atasan", "periode_awal", "periode_akhir", "hasil_kerja",
	"rating_hasil_kerja", "rating_perilaku", "predikat"}

// EKinerja builds the e-Kinerja export of an office's year, for the
// pengelola kinerja and admins.
func (s *Service) EKinerja(ctx context.Context, a authz.Actor, officeID int64, year int) (EKinerjaExport, error) {
	oy, err := s.loadOfficeYear(ctx, officeID, year)
	if err != nil {
		return EKinerjaExport{}, err
	}
	if !authz.CanExportScores(a, oy.chart, officeID) {
		return EKinerjaExport{}, domain.ErrForbidden
	}
	c := oy.chart
	x := EKinerjaExport{Office: oy.office, Year: year}
	issue := func(e domain.Employee, key string) {
		x.Issues = append(x.Issues, ExportIssue{NIP: e.NIP, Name: e.Name, Problem: domain.M(key)})
	}
	planned := map[int64]int{}
	for _, p := range oy.plans {
		planned[p.EmployeeID]++
	}
	for _, emp := range c.OfficeEmployees(officeID) {
		if e := c.Employees[emp]; e != nil && planned[emp] == 0 {
			issue(*e, "ekinerja.no_plan")
		}
	}
	for _, p := range oy.plans {
		pc, err := s.loadPlan(ctx, s.store, p.ID)
		if err != nil {
			return x, err
		}
		var v ScoreView
		if err := s.scoreOf(ctx, pc, Year, &v); err != nil {
			return x, err
		}
		e := v.Employee
		// One row per plan: a person moved in the year has a row per post, each
		// with its own period and the supervisor of that period.
		row := ExportRow{NIP: e.NIP, Name: e.Name, Position: v.Position.Title, PeriodStart: fmt.Sprintf("%d-01-01", year), PeriodEnd: fmt.Sprintf("%d-12-31", year)}
		if !p.PeriodStart.IsZero() {
			row.PeriodStart, row.PeriodEnd = p.PeriodStart.Format(time.DateOnly), p.PeriodEnd.Format(time.DateOnly)
		}
		if pos := pc.chart.Positions[p.PositionID]; pos != nil {
			row.Position = pos.Title
		}
		if u := c.Units[v.Position.UnitID]; u != nil {
			row.Unit = u.Name
		}
		if domain.ValidateNIP(e.NIP, s.Today()) != "" {
			issue(e, "ekinerja.invalid_nip")
		}
		sups := pc.chart.Supervisors(e.ID)
		switch {
		case len(sups) > 0:
			row.SupervisorNIP = c.Employees[sups[0]].NIP
			if c.EmployeeOffice(sups[0]) != officeID {
				issue(e, "ekinerja.supervisor_outside")
			}
		case c.Head(officeID) != e.ID:
			issue(e, "ekinerja.no_supervisor")
		}
		if _, ok := pc.lastApproved(); !ok {
			issue(e, "ekinerja.no_approved_plan")
		}
		if planned[e.ID] > 1 {
			issue(e, "ekinerja.overlap")
		}
		var works []string
		for _, l := range v.Lines {
			works = append(works, fmt.Sprintf("%s %s: target %s, realisasi %s", l.Line.Code, workResultOf(l.Line), optFig(l.Target), optFig(l.Realisation)))
		}
		row.WorkResults = strings.Join(works, "; ")
		if r := v.Result; r != nil {
			row.WorkRating, row.BehaviourRating, row.Predicate = ratingNames[r.WorkRating], ratingNames[r.BehaviourRating], r.Predicate
		} else if _, ok := pc.lastApproved(); ok {
			issue(e, "ekinerja.no_annual_score")
		}
		x.Rows = append(x.Rows, row)
	}
	return x, nil
}

func (r ExportRow) values() []string {
	return []string{r.NIP, r.Name, r.Position, r.Unit, r.SupervisorNIP, r.PeriodStart, r.PeriodEnd, r.WorkResults, r.WorkRating, r.BehaviourRating, r.Predicate}
}

// CSV writes the export as CSV with a header row.
func (x EKinerjaExport) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(ExportColumns); err != nil {
		return nil, err
	}
	for _, r := range x.Rows {
		if err := w.Write(r.values()); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// XLSX writes the export as a workbook; NIPs are text so no digit is lost.
func (x EKinerjaExport) XLSX() ([]byte, error) {
	wb, err := xlsx.NewWorkbook()
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	cols := make([]xlsx.Column, len(ExportColumns))
	for i, h := range ExportColumns {
		cols[i] = xlsx.Column{Header: h, Kind: xlsx.Text}
	}
	sh, err := wb.AddSheet("e-Kinerja", cols)
	if err != nil {
		return nil, err
	}
	for _, r := range x.Rows {
		vals := r.values()
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = v
		}
		if err := sh.WriteRow(row...); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

package service

import (
	"context"
	"sort"
	"strings"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// K3Row is one indicator in the quality review.
type K3Row struct {
	LineID    int64
	PlanID    int64
	Kind      domain.IndicatorKind
	Code      string
	Name      string
	Owner     string
	Position  string
	UnitID    int64 // the unit of the plan's position
	Status    domain.PlanStatus
	Validity  string
	Control   string
	Annual    calc.Opt
	K3        *calc.K3Result
	Problem   string // message key when K3 cannot be computed
	Comments  int
	Low       bool // K3 below 1
	Warnings  []calc.Step
	Objective string
	Decision  *K3DecisionView // the pengelola's decision on the line, nil when none
}

// K3Review lists the K3 of every IKU and IKI of an office for a year (the
// newest version of each plan), lowest first, for the pengelola kinerja.
func (s *Service) K3Review(ctx context.Context, a authz.Actor, year int, officeID int64) ([]K3Row, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	if !authz.CanInScope(a, c, authz.K3Review, officeID) && !authz.CanInScope(a, c, authz.OfficeRead, officeID) && !isHead(a, c, officeID) {
		return nil, domain.ErrForbidden
	}
	y, err := s.yearNumbered(ctx, year)
	if err != nil {
		return nil, err
	}
	rs, err := s.RuleSet(y)
	if err != nil {
		return nil, err
	}
	pv, err := s.readPlanVersions(ctx, y.ID, officeID)
	if err != nil {
		return nil, err
	}
	lines, planOfVersion, err := s.newestLines(ctx, pv)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.CountComments(ctx, "plan_line")
	if err != nil {
		return nil, err
	}
	decided, err := s.store.K3DecisionsOfOffice(ctx, y.ID, officeID)
	if err != nil {
		return nil, err
	}
	byLine := map[int64]domain.K3Decision{} // the newest decision on each line, any version
	for _, d := range decided {
		if have, ok := byLine[d.LineID]; !ok || d.IndicatorID > have.IndicatorID {
			byLine[d.LineID] = d
		}
	}
	var out []K3Row
	for _, l := range lines {
		p := planOfVersion[l.VersionID]
		row := K3Row{LineID: l.LineID, PlanID: p.ID, Kind: l.Kind, Code: l.Code, Name: l.Name, Status: pv.latest[p.ID].Status,
			Validity: l.Validity, Control: l.Control, Comments: counts[l.LineID]}
		if e := c.Employees[p.EmployeeID]; e != nil {
			row.Owner = e.Name
		}
		if pos := c.Positions[p.PositionID]; pos != nil {
			row.Position, row.UnitID = pos.Title, pos.UnitID
		}
		if cons := calc.Consolidation(l.PeriodConsolidation); cons.Valid() {
			row.Annual = calc.AnnualTarget(cons, l.Targets)
		}
		row.K3, row.Problem = s.k3Of(rs, l, row.Annual)
		if row.K3 != nil {
			row.Low = calc.Round2(row.K3.K3) < 1
			row.Warnings = row.K3.Warnings
		}
		if d, ok := byLine[l.LineID]; ok {
			t := k3Target{line: l, k3: row.K3}
			v := t.view(d)
			row.Decision = &v
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ki, kj := 99.0, 99.0
		if out[i].K3 != nil {
			ki = out[i].K3.K3
		}
		if out[j].K3 != nil {
			kj = out[j].K3.K3
		}
		if out[i].Problem != "" {
			ki = -1
		}
		if out[j].Problem != "" {
			kj = -1
		}
		if ki != kj {
			return ki < kj
		}
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == domain.IKU
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

// canDiscussLine loads a line's plan and answers whether the actor may write
// in its review thread (authz.CanDiscussLine); reading needs the plan's work
// to be visible to them.
func (s *Service) canDiscussLine(ctx context.Context, a authz.Actor, c *domain.Chart, lineID int64) (domain.Plan, bool, error) {
	planID, err := s.store.LinePlan(ctx, lineID)
	if err != nil {
		return domain.Plan{}, false, err
	}
	p, err := s.store.GetPlan(ctx, planID)
	if err != nil {
		return p, false, err
	}
	if !authz.CanSeeEmployeeWork(a, c, p.EmployeeID) {
		return p, false, domain.ErrForbidden
	}
	return p, authz.CanDiscussLine(a, c, p), nil
}

// LineComments returns the review thread of a plan line.
func (s *Service) LineComments(ctx context.Context, a authz.Actor, lineID int64) ([]domain.Comment, bool, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, false, err
	}
	_, write, err := s.canDiscussLine(ctx, a, c, lineID)
	if err != nil {
		return nil, false, err
	}
	list, err := s.store.ListComments(ctx, "plan_line", lineID)
	return list, write, err
}

// AddLineComment adds a remark to a plan line's review thread.
func (s *Service) AddLineComment(ctx context.Context, a authz.Actor, lineID int64, body string) (domain.Comment, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return domain.Comment{}, err
	}
	_, write, err := s.canDiscussLine(ctx, a, c, lineID)
	if err != nil {
		return domain.Comment{}, err
	}
	if !write {
		return domain.Comment{}, domain.ErrForbidden
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return domain.Comment{}, domain.Invalid("body", "err.required")
	}
	if len(body) > 4000 {
		return domain.Comment{}, domain.Invalid("body", "err.too_long", "max", 4000)
	}
	cm := domain.Comment{Entity: "plan_line", EntityID: lineID, AuthorID: a.User.ID, Body: body, CreatedAt: s.now()}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddComment(ctx, &cm); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.act(a), "comment.create", "plan_line", lineID, nil, cm)
	})
	return cm, err
}

// isHead reports whether the actor heads the office.
func isHead(a authz.Actor, c *domain.Chart, officeID int64) bool {
	return a.EmployeeID() != 0 && c.Heads(officeID, a.EmployeeID())
}

package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// SQLite rebuilds the plans table to give plans their periods: the plans
// and every row referring to them must come through, both ways.
func TestPlanPeriodsMigrationKeepsPlans(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	y := domain.Year{Year: 2026, RuleSet: "KMK-127-2026", PlanDueDate: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
	u := domain.Unit{Code: "K", Name: "Kantor", Kind: domain.UnitOffice}
	for _, err := range []error{s.CreateYear(ctx, &y), s.CreateUnit(ctx, &u)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	pos := domain.Position{UnitID: u.ID, Title: "Kepala", Kind: domain.PosHead}
	e := domain.Employee{NIP: "198001012005011001", Name: "A", Active: true}
	if err := s.CreatePosition(ctx, &pos); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateEmployee(ctx, &e); err != nil {
		t.Fatal(err)
	}
	p := domain.Plan{YearID: y.ID, Year: 2026, EmployeeID: e.ID, PositionID: pos.ID, OfficeID: u.ID, Kind: domain.PlanPK}
	if err := s.CreatePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	v := domain.PlanVersion{PlanID: p.ID, Number: 1, Status: domain.PlanDraft, CreatedAt: time.Now()}
	if err := s.CreateVersion(ctx, &v); err != nil {
		t.Fatal(err)
	}
	m, err := s.migrator()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.DownTo(ctx, 6); err != nil {
		t.Fatalf("down: %v", err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	got, err := s.GetPlan(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	from, to := domain.YearBounds(2026)
	if !got.PeriodStart.Equal(from) || !got.PeriodEnd.Equal(to) || got.EmployeeID != e.ID {
		t.Errorf("plan after the migration: %+v", got)
	}
	if vs, err := s.ListVersions(ctx, p.ID); err != nil || len(vs) != 1 || vs[0].ID != v.ID {
		t.Errorf("versions after the migration: %+v %v", vs, err)
	}
	var broken int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil || broken != 0 {
		t.Errorf("%d broken references (%v)", broken, err)
	}
	// Two plans of one person and year, one per period.
	p2 := p
	p2.ID, p2.PeriodStart, p2.PeriodEnd = 0, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), to
	if err := s.CreatePlan(ctx, &p2); err != nil {
		t.Errorf("a second plan from 1 August: %v", err)
	}
}

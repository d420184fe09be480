package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The demo office is the fixture of the web and browser tests; it must be a
// sound organisation on both engines.
func TestSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 10, 7, 9, 0, 0, 0, time.UTC)
		svc := service.New(s, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
		off, err := demo.Seed(ctx, s, svc)
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c.Units[off.OfficeID] == nil || c.Units[off.OfficeID].Kind != domain.UnitOffice {
			t.Fatalf("office %d is not an office", off.OfficeID)
		}
		if got := c.Head(off.OfficeID); got != off.Head {
			t.Errorf("head of the office = %d, want %d", got, off.Head)
		}
		emps := c.OfficeEmployees(off.OfficeID)
		if len(emps) < 30 || len(off.Sections) != 5 {
			t.Errorf("%d employees in %d sections", len(emps), len(off.Sections))
		}
		for code, unit := range off.Sections {
			lead := off.SectionLed[code]
			if got := c.Supervisors(lead); len(got) != 1 || got[0] != off.Head {
				t.Errorf("section %s: its head reports to %v", code, got)
			}
			for _, e := range off.Staff[code] {
				if got := c.Supervisors(e); len(got) != 1 || got[0] != lead {
					t.Errorf("section %s: employee %d reports to %v, want %d", code, e, got, lead)
				}
				if p, _ := c.Primary(e); p.UnitID != unit {
					t.Errorf("section %s: employee %d sits in unit %d", code, e, p.UnitID)
				}
			}
		}
		for _, id := range emps {
			e := c.Employees[id]
			if k := domain.ValidateNIP(e.NIP, svc.Today()); k != "" {
				t.Errorf("%s has an invalid NIP %s: %s", e.Name, e.NIP, k)
			}
			if _, err := s.GetUserByEmployee(ctx, id); err != nil {
				t.Errorf("%s has no account: %v", e.Name, err)
			}
		}
		for _, acc := range off.Accounts {
			if _, err := svc.Login(ctx, acc.Username, demo.Password, "127.0.0.1"); err != nil {
				t.Errorf("demo account %s cannot log in: %v", acc.Username, err)
			}
		}
		pengelola, err := s.GetUserByEmployee(ctx, off.Pengelola)
		if err != nil || pengelola.Role != domain.RolePengelola {
			t.Errorf("the pengelola's account: %+v, %v", pengelola, err)
		}
		if n, err := audit.Verify(ctx, s); err != nil || n < 100 {
			t.Errorf("audit chain after seeding: %d events, %v", n, err)
		}
	})
}

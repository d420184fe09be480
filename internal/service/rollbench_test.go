package service_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// BenchmarkRollover500 rolls a generated office of 500 people over into the
// next year: map, 500 draft plans with their lines, manuals and cascade, the
// previous-year figures from the closed quarters, the audit events. Each
// run is a preview (DryRun): everything is written, then the transaction is
// rolled back, so every iteration does the whole work again. PostgreSQL too
// when KINERJA_TEST_POSTGRES_URL is set.
func BenchmarkRollover500(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(string(e), func(b *testing.B) { benchRollover(b, e) })
	}
}

func benchRollover(b *testing.B, e store.Engine) {
	ctx := context.Background()
	st := storetest.Open(b, e)
	svc, _ := newService(st)
	g, err := demo.Generate(ctx, st, svc, demo.GenerateOptions{Offices: 1, EmployeesPerOffice: 500, Seed: 7, Year: 2026})
	if err != nil {
		b.Fatal(err)
	}
	off := g.Offices[0]
	u := must[domain.User](b)(st.GetUserByEmployee(ctx, off.Pengelola))
	peng := must[authz.Actor](b)(svc.Actor(ctx, u.ID, ""))
	in := service.RolloverInput{Year: 2027, From: 2026, OfficeID: off.ID, DryRun: true}
	var sum service.RolloverSummary
	for b.Loop() {
		if sum, err = svc.Rollover(ctx, peng, in); err != nil {
			b.Fatal(err)
		}
		if sum.Copied.Plans < 490 || sum.Copied.IKI == 0 || sum.Copied.PrevProvisional == 0 {
			b.Fatalf("copied %+v", sum.Copied)
		}
	}
	b.ReportMetric(float64(sum.Copied.Plans), "plans/op")
	b.ReportMetric(float64(sum.Copied.IKU+sum.Copied.IKI), "lines/op")
}

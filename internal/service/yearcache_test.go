package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The years are kept between read-only requests; a year opened or a
// deadline moved by another server on the same database shows at the next
// request, and within a request every read agrees with the first.
func TestYearsKeptBetweenRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc, clk := newService(st)
		other := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: clk.Now, Location: wib})
		request := func() context.Context { return service.WithOfficeMemo(context.Background()) }
		deadline := func(ctx context.Context, year, q int) time.Time {
			t.Helper()
			y, err := svc.GetYear(ctx, sys, year)
			if err != nil {
				t.Fatal(err)
			}
			return y.Quarters[q-1].Deadline
		}
		if _, err := svc.CreateYear(context.Background(), sys, 2026, ""); err != nil {
			t.Fatal(err)
		}
		first := deadline(request(), 2026, 2)

		// Another server moves the deadline of Q2 and opens the next year.
		y, err := other.GetYear(context.Background(), sys, 2026)
		if err != nil {
			t.Fatal(err)
		}
		in := service.YearInput{RuleSet: y.RuleSet, PlanDueDate: y.PlanDueDate}
		for i, q := range y.Quarters {
			in.Deadlines[i] = q.Deadline
		}
		in.Deadlines[1] = first.AddDate(0, 0, 7)
		if _, err := other.UpdateYear(context.Background(), sys, 2026, in); err != nil {
			t.Fatal(err)
		}
		if got := deadline(request(), 2026, 2); !got.Equal(in.Deadlines[1]) {
			t.Errorf("after another server moved it the deadline reads %s, want %s", got, in.Deadlines[1])
		}
		if _, err := other.CreateYear(context.Background(), sys, 2027, ""); err != nil {
			t.Fatal(err)
		}
		ctx := request()
		ys, err := svc.ListYears(ctx, sys)
		if err != nil || len(ys) != 2 || ys[0].Year != 2027 {
			t.Fatalf("years after another server opened 2027: %v %v", ys, err)
		}
		// The list handed out is the caller's: changing it changes nothing kept.
		ys[0].Year = 1999
		if again, _ := svc.ListYears(ctx, sys); again[0].Year != 2027 {
			t.Errorf("a caller's change reached the kept years: %v", again)
		}
		if _, err := svc.GetYear(request(), sys, 2031); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a year never opened: %v", err)
		}
	})
}

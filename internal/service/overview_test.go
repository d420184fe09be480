package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// The organisation overview gives each office the NKO its own page gives,
// hides NHK from those who may not see scores, and is recomputed as soon as
// a figure changes.
func testOverview(t *testing.T, d *demoOffice) {
	ctx := context.Background()
	head, peng := d.actor(t, d.off.Head), d.actor(t, d.off.Pengelola)
	check := func(q int) service.OfficeScore {
		t.Helper()
		ov, err := d.svc.Overview(ctx, peng, d.off.Year, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Offices) != 1 || ov.Offices[0].Office.ID != d.off.OfficeID || !ov.ShowNHK {
			t.Fatalf("Q%d: %d offices, NHK shown %v", q, len(ov.Offices), ov.ShowNHK)
		}
		o := ov.Offices[0]
		v, err := d.svc.NKO(ctx, peng, d.off.Year, q, d.off.OfficeID, true)
		if err != nil {
			t.Fatal(err)
		}
		if o.NKO.OK != v.Available() || calc.Round2(o.NKO.V) != calc.Round2(v.Result.NKO) || o.Official != v.Official {
			t.Errorf("Q%d: overview NKO %v (final %v), NKO page %v (final %v)", q, o.NKO, o.Official, v.Result.NKO, v.Official)
		}
		if o.People != 35 || o.Plans == 0 || o.Lines == 0 {
			t.Errorf("Q%d: %d people, %d plans, %d lines", q, o.People, o.Plans, o.Lines)
		}
		return o
	}
	for q := 1; q <= 3; q++ {
		o := check(q)
		if !o.NKO.OK || (q <= 2) != o.Official || !o.NHK.OK || o.NHKCount == 0 {
			t.Errorf("Q%d: NKO %v final %v, NHK %v of %d", q, o.NKO, o.Official, o.NHK, o.NHKCount)
		}
		if q <= 2 && o.Verified != o.Plans {
			t.Errorf("Q%d closed with %d of %d sheets verified", q, o.Verified, o.Plans)
		}
	}
	if o := check(4); o.NKO.OK || o.Official || o.Sent != 0 {
		t.Errorf("Q4 before any report: %+v", o)
	}

	// A value saved in Q4 shows at once: the cached Q4 is stale.
	v, err := d.svc.NKO(ctx, head, d.off.Year, 4, d.off.OfficeID, true)
	if err != nil {
		t.Fatal(err)
	}
	var in []service.RealisationInput
	for _, f := range v.IKUs {
		if f.Target.OK {
			in = append(in, service.RealisationInput{LineID: f.LineID, Value: f.Target})
		}
	}
	if len(in) == 0 {
		t.Fatal("no PK line with a Q4 target")
	}
	if _, err := d.svc.SaveRealisations(ctx, head, v.PlanID, 4, -1, in); err != nil {
		t.Fatal(err)
	}
	if o := check(4); !o.NKO.OK || o.Official {
		t.Errorf("Q4 after the head's report: NKO %v, final %v", o.NKO, o.Official)
	}

	// The head sees the office, without the NHK; an auditor sees NKOs only.
	ov, err := d.svc.Overview(ctx, head, d.off.Year, 3)
	if err != nil || len(ov.Offices) != 1 || ov.ShowNHK || ov.Offices[0].NHK.OK {
		t.Errorf("head: %v, %+v", err, ov)
	}
	if _, err := d.svc.Overview(ctx, peng, d.off.Year, 5); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("quarter 5: %v", err)
	}
	// Recomputing gives the same figures as the cache.
	a, err := d.svc.Overview(ctx, peng, d.off.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, st, err := d.svc.RecomputeQuarter(ctx, peng, d.off.Year, 3)
	if err != nil {
		t.Fatal(err)
	}
	if st.Offices != 1 || st.People != 35 || a.Offices[0].NKO != b.Offices[0].NKO || a.Offices[0].NHK != b.Offices[0].NHK {
		t.Errorf("recompute %+v: %v/%v, cached %v/%v", st, b.Offices[0].NKO, b.Offices[0].NHK, a.Offices[0].NKO, a.Offices[0].NHK)
	}
}

// Before any office exists the overview is empty, not an error.
func TestOverviewWithoutOffices(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.SQLite)
	svc, _ := newService(st)
	if _, err := svc.CreateYear(context.Background(), sys, 2026, ""); err != nil {
		t.Fatal(err)
	}
	ov, err := svc.Overview(context.Background(), sys, 2026, 1)
	if err != nil || len(ov.Offices) != 0 || ov.Mean.OK {
		t.Errorf("overview of an empty organisation: %+v, %v", ov, err)
	}
}

// Warming computes the current quarter of every office once; an empty
// database is no error.
func TestWarmOverview(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.SQLite)
	svc, _ := newService(st)
	if n, err := svc.WarmOverview(context.Background()); n != 0 || err != nil {
		t.Errorf("empty database: %d offices, %v", n, err)
	}
	d := seedDemo(t, storetest.Open(t, store.SQLite))
	if n, err := d.svc.WarmOverview(context.Background()); n != 6 || err != nil { // five KPPNs and their Kanwil
		t.Errorf("demo: %d offices, %v", n, err)
	}
}

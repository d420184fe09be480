package service_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/internal/blob"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// BenchmarkSaveRealisation saves one realisation of a 10-line PK and
// recomputes the whole sheet for the answer, as the sheet page does.
func BenchmarkSaveRealisation(b *testing.B) {
	ctx := context.Background()
	o := newRealOrg(b, storetest.Open(b, store.SQLite), nil, 0)
	A, pk := o.A, o.pk.ID
	must[domain.PlanVersion](b)(o.svc.AmendPlan(ctx, A.HeadActor, pk, "Tambahan IKU"))
	obj := o.sheet(b, pk, 3).Lines[0].Indicator.ObjectiveID
	for i := 3; i <= 10; i++ {
		in := realLine(fmt.Sprintf("IKU-%d", i), [4]float64{80, 85, 90, 95})
		in.CascadeType, in.ObjectiveID = domain.CascadePeta, obj
		must[domain.Indicator](b)(o.svc.SaveLine(ctx, A.HeadActor, pk, 0, -1, in))
	}
	must[domain.PlanVersion](b)(o.svc.SubmitPlan(ctx, A.HeadActor, pk, -1))
	must[domain.PlanVersion](b)(o.svc.ApprovePlan(ctx, A.PengActor, pk, -1))
	v := o.report(b, A.HeadActor, pk, 3)
	if len(v.Lines) != 10 {
		b.Fatalf("%d lines", len(v.Lines))
	}
	line := v.Lines[0].Indicator.LineID
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		in := []service.RealisationInput{{LineID: line, Value: calc.Some(90 + float64(i%2)), Note: "dimutakhirkan"}}
		if _, err := o.svc.SaveRealisations(ctx, A.HeadActor, pk, 3, -1, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConcurrentUploads sends 200 files of 1 MiB to one sheet at once
// on SQLite with files on local disk, and checks that every record's file
// exists and matches its SHA-256.
func BenchmarkConcurrentUploads(b *testing.B) {
	const n, size = 200, 1 << 20
	files := csvFiles(n, size)
	b.SetBytes(n * size)
	for b.Loop() {
		b.StopTimer()
		local, err := blob.NewLocal(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		o := newRealOrg(b, storetest.Open(b, store.SQLite), local, 0)
		b.StartTimer()
		uploadConcurrently(b, o, files)
		b.StopTimer()
		checkUploads(b, o, files)
		b.StartTimer()
	}
}

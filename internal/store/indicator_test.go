package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// TestIndicatorRoundTrip writes a line with every column set and reads it
// back through each reader: whole (one line, a version's lines, several
// versions') and as figures only, which leave the manual's texts out.
func TestIndicatorRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		y := domain.Year{Year: 2026, RuleSet: "kmk-127-2026", PlanDueDate: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
		for i := range y.Quarters {
			y.Quarters[i].Deadline = time.Date(2026, time.Month(3*i+4), 10, 0, 0, 0, 0, time.UTC)
		}
		must(t, s.CreateYear(ctx, &y))
		office := domain.Unit{Code: "KPPN-X", Name: "KPPN X", Kind: domain.UnitOffice}
		must(t, s.CreateUnit(ctx, &office))
		pos := domain.Position{UnitID: office.ID, Title: "Kepala Kantor", Kind: domain.PosHead}
		must(t, s.CreatePosition(ctx, &pos))
		emp := domain.Employee{NIP: "198001012005011001", Name: "Hendra", Active: true}
		must(t, s.CreateEmployee(ctx, &emp))
		plan := domain.Plan{YearID: y.ID, Year: y.Year, EmployeeID: emp.ID, PositionID: pos.ID, OfficeID: office.ID, Kind: domain.PlanPK}
		must(t, s.CreatePlan(ctx, &plan))
		v := domain.PlanVersion{PlanID: plan.ID, Number: 1, Status: domain.PlanDraft}
		must(t, s.CreateVersion(ctx, &v))
		parentLine, err := s.CreateLine(ctx, plan.ID)
		must(t, err)
		lineID, err := s.CreateLine(ctx, plan.ID)
		must(t, err)
		// The parent comes after the line in the version's order, so that
		// the readers read a sparse line after a full one.
		parent := domain.Indicator{VersionID: v.ID, LineID: parentLine, Seq: 3, Kind: domain.IKU, Code: "IKU 1", Name: "Parent",
			Targets: [4]domain.OptFloat{{V: 1, OK: true}}}
		must(t, s.CreateIndicator(ctx, &parent))
		in := domain.Indicator{VersionID: v.ID, LineID: lineID, Seq: 2, Kind: domain.IKU, Code: "IKU 2", Name: "Every column",
			ParentLineID: parentLine, CascadeType: "peta", CascadeMethod: "full",
			Weight:  domain.OptFloat{V: 12.5, OK: true},
			Targets: [4]domain.OptFloat{{V: 1.5, OK: true}, {}, {V: 3, OK: true}, {V: 4.25, OK: true}},
			Manual: domain.Manual{Description: "desc", Purpose: "purpose", Formula: "a/b", Unit: "%", TargetAspect: "kuantitas",
				Validity: "exact", Control: "high", Responsible: "Seksi Bank", DataProvider: "Bank", DataSource: "SPAN",
				PeriodConsolidation: "average", Polarity: "stabilize", ReportingPeriod: "triwulanan", LocationConsolidation: "none",
				MaxTarget: true, Scale: []domain.ScalePoint{{Ca: 0, Achievement: 120}, {Ca: 5, Achievement: 80}},
				Worst: domain.OptFloat{V: 10, OK: true}, HistoryKind: "existing", TargetByLaw: true, Stable: true,
				PrevTarget: domain.OptFloat{V: 2, OK: true}, PrevRealisation: domain.OptFloat{V: 1.75, OK: true},
				Evidence: []domain.EvidenceItem{{Kind: domain.EvidenceRaw, Name: "data"}}},
		}
		must(t, s.CreateIndicator(ctx, &in))

		got, err := s.GetIndicator(ctx, in.ID)
		must(t, err)
		same(t, "GetIndicator", got, in)
		list, err := s.ListIndicators(ctx, v.ID)
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("ListIndicators: %d lines", len(list))
		}
		same(t, "ListIndicators", list[0], in)
		list, err = s.ListIndicatorsOfVersions(ctx, []int64{v.ID})
		must(t, err)
		same(t, "ListIndicatorsOfVersions", list[0], in)

		figures := in // the cascade's type and method are read with the figures: the tree across offices needs them
		figures.Description, figures.Purpose, figures.Formula, figures.TargetAspect = "", "", "", ""
		figures.Responsible, figures.DataProvider, figures.DataSource = "", "", ""
		figures.ReportingPeriod, figures.LocationConsolidation, figures.Evidence = "", "", nil
		list, err = s.ListLineFiguresOfVersions(ctx, []int64{v.ID})
		must(t, err)
		same(t, "ListLineFiguresOfVersions", list[0], figures)
		list, err = s.ListLineFiguresOfOffice(ctx, y.ID, office.ID)
		must(t, err)
		same(t, "ListLineFiguresOfOffice", list[0], figures)
		sparse := parent
		same(t, "the line read after a full one", list[1], sparse)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func same(t *testing.T, what string, got, want domain.Indicator) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

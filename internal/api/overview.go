package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/calc"
)

// overviewRoutes registers the organisation overview.
func (a *API) overviewRoutes() {
	register(a, huma.Operation{OperationID: "overview", Method: http.MethodGet, Path: "/overview",
		Summary: "The NKO of every office in a quarter", Tags: []string{"Dashboards"},
		Description: "Every office the caller may read, sorted by the unit above it (the regional office) and code: its NKO of the " +
			"quarter (final when the PK's sheet is verified, else provisional), how many people and approved plans it has, how many " +
			"sheets are sent and verified, and the mean NHK of its employees (null for callers who may not see scores). Figures " +
			"are cached and recomputed for an office as soon as any of its data changes.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity}}, a.overview)
}

// OfficeScore is one office's figures of a quarter.
type OfficeScore struct {
	Office     UnitRef   `json:"office"`
	Region     UnitRef   `json:"region" doc:"the unit above the office"`
	HasPK      bool      `json:"has_pk" doc:"an approved PK with a strategy map"`
	NKO        calc.Opt  `json:"nko" doc:"null when nothing can be scored yet"`
	Status     string    `json:"status" enum:"green,yellow,red," doc:"the NKO's colour; empty without NKO"`
	Final      bool      `json:"final" doc:"the PK's sheet is verified: the NKO is final"`
	People     int       `json:"people"`
	Plans      int       `json:"plans" doc:"approved plans"`
	Sent       int       `json:"sheets_sent" doc:"sheets of the quarter sent, validated or verified"`
	Verified   int       `json:"sheets_verified"`
	NHK        calc.Opt  `json:"nhk_mean" doc:"mean NHK of the employees who have one; null unless the caller may see scores"`
	NHKCount   int       `json:"nhk_count"`
	ComputedAt time.Time `json:"computed_at"`
}

// Overview is the organisation overview of a quarter.
type Overview struct {
	Year    int           `json:"year"`
	Quarter int           `json:"quarter"`
	Final   int           `json:"final" doc:"offices whose NKO is final"`
	Mean    calc.Opt      `json:"mean_nko" doc:"mean NKO of the offices that have one"`
	Offices []OfficeScore `json:"offices"`
}

type overviewIn struct {
	Year    int `query:"year" minimum:"0" maximum:"2100" doc:"the performance year; by default the one whose reporting is still open"`
	Quarter int `query:"q" minimum:"1" maximum:"4" required:"true" doc:"the quarter"`
}

func (a *API) overview(ctx context.Context, in *overviewIn) (*bodyOut[Overview], error) {
	year, err := a.dashYear(ctx, in.Year)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	ov, err := a.svc.Overview(ctx, actorOf(ctx), year, in.Quarter)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := Overview{Year: ov.Year.Year, Quarter: ov.Quarter, Final: ov.Official, Mean: ov.Mean, Offices: make([]OfficeScore, 0, len(ov.Offices))}
	for _, o := range ov.Offices {
		out.Offices = append(out.Offices, OfficeScore{Office: UnitRef{ID: o.Office.ID, Name: o.Office.Name},
			Region: UnitRef{ID: o.Region.ID, Name: o.Region.Name}, HasPK: o.HasPK, NKO: o.NKO, Status: string(o.Status), Final: o.Official,
			People: o.People, Plans: o.Plans, Sent: o.Sent, Verified: o.Verified, NHK: o.NHK, NHKCount: o.NHKCount, ComputedAt: o.ComputedAt})
	}
	return &bodyOut[Overview]{Body: out}, nil
}

package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// midQ3 is 20 August 2026: TW III under way, TW IV not begun.
var midQ3 = time.Date(2026, 8, 20, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// The API records nothing for a quarter that has not begun, with the reason
// in the caller's language; the default year stays on the year being
// reported after next year is opened.
func TestAPITimeRunsForward(t *testing.T) {
	t.Parallel()
	f := webtest.NewAt(t, store.SQLite, midQ3)
	ctx := context.Background()
	off := f.Office
	staff := off.Staff["BANK"][0]
	staffTok, _ := issue(t, f, f.Username(t, staff))
	plans, err := f.Service.ListPlans(ctx, service.SystemActor(), off.Year, off.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	var plan int64
	for _, p := range plans {
		if p.Plan.EmployeeID == staff && p.Approved {
			plan = p.Plan.ID
		}
	}
	v, err := f.Service.GetSheet(ctx, service.SystemActor(), plan, 4)
	if err != nil {
		t.Fatal(err)
	}
	var line int64
	for _, l := range v.Lines {
		if l.HasTarget {
			line = l.Indicator.LineID
			break
		}
	}
	put := "/plans/" + strconv.FormatInt(plan, 10) + "/lines/" + strconv.FormatInt(line, 10) + "/quarters/4"
	p := wantProblem(t, "realisation of TW IV in August", send(t, f, http.MethodPut, staffTok, put, map[string]any{"revision": 0, "value": 90}, nil), http.StatusConflict)
	if !strings.Contains(p.Detail, "TW IV 2026 belum dimulai") {
		t.Errorf("refusal detail: %q", p.Detail)
	}
	if v, _ := f.Service.GetSheet(ctx, service.SystemActor(), plan, 4); v.Sheet.ID != 0 {
		t.Errorf("the refused request left a sheet: %+v", v.Sheet)
	}

	lead := off.SectionLed["BANK"]
	leadTok, _ := issue(t, f, f.Username(t, lead))
	var rep api.Report
	if r := send(t, f, http.MethodGet, leadTok, fmt.Sprintf("/reports/%d/4/%d", off.Year, lead), nil, &rep); r.Status != http.StatusOK || rep.Permissions.Open {
		t.Errorf("TW IV report: %d, may open %v", r.Status, rep.Permissions.Open)
	}
	if r := send(t, f, http.MethodGet, leadTok, fmt.Sprintf("/reports/%d/3/%d", off.Year, lead), nil, &rep); r.Status != http.StatusOK || !rep.Permissions.Edit {
		t.Errorf("TW III report: %d, may edit %v", r.Status, rep.Permissions.Edit)
	}
	wantProblem(t, "IIAA of TW IV in August", send(t, f, http.MethodPut, leadTok, fmt.Sprintf("/reports/%d/4/%d", off.Year, lead),
		map[string]any{"revision": 0, "items": []map[string]any{{"line_id": line, "issue": "Terlalu dini"}}}, nil), http.StatusConflict)
	if rv, err := f.Service.GetReport(ctx, service.SystemActor(), planOfEmployee(t, plans, lead), 4); err != nil || rv.Report.ID != 0 {
		t.Errorf("a TW IV report exists after the refusal: %+v %v", rv.Report, err)
	}

	// Next year opened: the default stays on this year.
	if _, err := f.Service.CreateYear(ctx, service.SystemActor(), off.Year+1, ""); err != nil {
		t.Fatal(err)
	}
	var me struct {
		Year int `json:"year"`
	}
	if r := send(t, f, http.MethodGet, staffTok, "/dashboard/me", nil, &me); r.Status != http.StatusOK || me.Year != off.Year {
		t.Errorf("dashboard of the staff member after %d was opened: %d, year %d, want %d", off.Year+1, r.Status, me.Year, off.Year)
	}
}

func planOfEmployee(t *testing.T, plans []service.PlanSummary, emp int64) int64 {
	t.Helper()
	for _, p := range plans {
		if p.Plan.EmployeeID == emp {
			return p.Plan.ID
		}
	}
	t.Fatalf("no plan of employee %d", emp)
	return 0
}

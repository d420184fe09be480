package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
)

// testHierLineForm: the Kanwil head marks an IKU as consolidated by location
// in the line editor, and the KPPN head cascades an IKU from it there.
func testHierLineForm(t *testing.T, e *planEnv) {
	ctx := context.Background()
	off := e.f.Office
	kanwil := e.login(e.kanwil)
	r := kanwil.PostForm("/plans/open", url.Values{"year": {strconv.Itoa(e.year)}, "office": {strconv.FormatInt(off.KanwilID, 10)}})
	seeOther(t, "the Kanwil head opens the PK", r)
	kpk := r.Location()
	ss, err := e.f.Service.SaveObjective(ctx, e.actor(e.kanwil), e.year, off.KanwilID, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}
	form := get(t, kanwil, kpk+"/lines/new", http.StatusOK)
	if !strings.Contains(form, `name="by_location"`) {
		t.Fatal("the Kanwil's line editor offers no consolidation by location")
	}
	v := lineForm(revision(t, form))
	v.Set("objective_id", strconv.FormatInt(ss.ID, 10))
	v.Set("code", "1a-K")
	v.Set("by_location", "on")
	v.Set("location_consolidation", "average")
	seeOther(t, "the Kanwil head saves a consolidated IKU", kanwil.PostForm(kpk+"/lines/new", v))
	kline := onlyLine(t, e, kpk)
	if !kline.ByLocation {
		t.Fatal("the saved IKU is not consolidated by location")
	}
	edit := get(t, kanwil, kpk+"/lines/"+strconv.FormatInt(kline.LineID, 10)+"/edit", http.StatusOK)
	if !strings.Contains(edit, `name="by_location" checked`) {
		t.Error("the editor does not show the IKU as consolidated by location")
	}

	head := e.login(e.head)
	r = head.PostForm("/plans/open", url.Values{"year": {strconv.Itoa(e.year)}})
	seeOther(t, "the KPPN head opens the PK", r)
	pk := r.Location()
	obj, err := e.f.Service.SaveObjective(ctx, e.actor(e.head), e.year, e.office, 0, objective("SS-1", domain.PerspStakeholder))
	if err != nil {
		t.Fatal(err)
	}
	form = get(t, head, pk+"/lines/new", http.StatusOK)
	if !strings.Contains(form, `<option value="`+strconv.FormatInt(kline.LineID, 10)+`">1a-K`) || strings.Contains(form, `name="by_location"`) {
		t.Fatal("the KPPN's editor should offer the Kanwil's IKU as parent and no consolidation by location")
	}
	v = lineForm(revision(t, form))
	v.Set("objective_id", strconv.FormatInt(obj.ID, 10))
	v.Set("parent_line_id", "999999")
	if r := head.PostForm(pk+"/lines/new", v); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown parent: %d, want 422", r.Status)
	}
	v.Set("parent_line_id", strconv.FormatInt(kline.LineID, 10))
	seeOther(t, "the KPPN head cascades an IKU from the Kanwil's", head.PostForm(pk+"/lines/new", v))
	if got := onlyLine(t, e, pk); got.ParentLineID != kline.LineID || got.CascadeMethod != domain.MethodFull {
		t.Errorf("the KPPN's IKU: parent %d method %q", got.ParentLineID, got.CascadeMethod)
	}
}

// onlyLine returns the one line of a plan's newest version.
func onlyLine(t *testing.T, e *planEnv, planPath string) domain.Indicator {
	t.Helper()
	ctx := context.Background()
	id, err := strconv.ParseInt(strings.TrimPrefix(planPath, "/plans/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.f.Store.ListVersions(ctx, id)
	if err != nil || len(vs) == 0 {
		t.Fatal(err)
	}
	ls, err := e.f.Store.ListIndicators(ctx, vs[len(vs)-1].ID)
	if err != nil || len(ls) != 1 {
		t.Fatalf("lines of %s: %d (%v)", planPath, len(ls), err)
	}
	return ls[0]
}

// testKanwilHome: the Kanwil head's home lists the offices of the region
// with their NKO and progress, each linked to its read-only dashboard.
func testKanwilHome(t *testing.T, e *planEnv) {
	off := e.f.Office
	kanwil := e.login(e.kanwil)
	home := get(t, kanwil, "/", http.StatusOK)
	link := "/dashboard?year=" + strconv.Itoa(off.Year) + "&amp;office=" + strconv.FormatInt(off.OfficeID, 10)
	if !strings.Contains(home, `id="region"`) || !strings.Contains(home, link) || !strings.Contains(home, e.f.Chart(t).Units[off.OfficeID].Name) {
		t.Fatal("the Kanwil head's home lacks the region's offices")
	}
	if !strings.Contains(home, "1a-K") {
		t.Error("the Kanwil head's home lacks the Kanwil's own IKUs")
	}
	dash := get(t, kanwil, strings.ReplaceAll(link, "&amp;", "&"), http.StatusOK)
	if !strings.Contains(dash, "1a-N") {
		t.Error("the office's dashboard as the Kanwil head reads it")
	}
	// A KPPN head has no region on the home page.
	if strings.Contains(get(t, e.login(e.head), "/", http.StatusOK), `id="region"`) {
		t.Error("the KPPN head's home shows a region")
	}
}

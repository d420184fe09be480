package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// realNow is when the realisation tests stand: late November 2026, with Q1
// and Q2 closed, Q3 in progress in every state and Q4 running.
var realNow = time.Date(2026, 10, 7, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// realSite is a fixture at realNow with ways to find the demo's sheets.
type realSite struct {
	*webtest.Fixture
	t     *testing.T
	plans map[int64]service.PlanSummary // by employee
}

func newRealSite(t *testing.T) *realSite {
	t.Helper()
	return realSiteOn(t, webtest.NewAt(t, store.SQLite, realNow))
}

// realSiteOn is newRealSite over a fixture made otherwise.
func realSiteOn(t *testing.T, f *webtest.Fixture) *realSite {
	t.Helper()
	plans, err := f.Service.ListPlans(context.Background(), service.SystemActor(), f.Office.Year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	rs := &realSite{Fixture: f, t: t, plans: map[int64]service.PlanSummary{}}
	for _, p := range plans {
		rs.plans[p.Plan.EmployeeID] = p
	}
	return rs
}

// employee returns the employee of a demo account of the matrix roles.
func (rs *realSite) employee(role string) int64 {
	rs.t.Helper()
	u, err := rs.Store.GetUserByUsername(context.Background(), username(rs.Office, role))
	if err != nil {
		rs.t.Fatal(err)
	}
	return u.EmployeeID
}

func (rs *realSite) sheet(planID int64, q int) service.SheetView {
	rs.t.Helper()
	v, err := rs.Service.GetSheet(context.Background(), service.SystemActor(), planID, q)
	if err != nil {
		rs.t.Fatal(err)
	}
	return v
}

// sheetIn finds a Q3 SKP sheet in a state and returns its plan and owner.
func (rs *realSite) sheetIn(status domain.SheetStatus) (int64, int64) {
	rs.t.Helper()
	for emp, p := range rs.plans {
		if p.Plan.Kind == domain.PlanSKP && p.Approved && rs.sheet(p.Plan.ID, 3).Sheet.Status == status {
			return p.Plan.ID, emp
		}
	}
	rs.t.Fatalf("no Q3 sheet is %s", status)
	return 0, 0
}

func sheetPath(planID int64, q int) string {
	return "/plans/" + strconv.FormatInt(planID, 10) + "/quarters/" + strconv.Itoa(q)
}

// duplicateIDs lists the element ids a page uses more than once.
func duplicateIDs(page string) []string {
	seen := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		seen[m[1]]++
	}
	var out []string
	for id, n := range seen {
		if n > 1 {
			out = append(out, id)
		}
	}
	return out
}

// revisionOf reads the revision the sheet page put in its forms.
func revisionOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no revision on the page")
	}
	return m[1]
}

// TestSheetPageForEachRole renders one sheet for its owner, the supervisor
// and the pengelola kinerja in both languages, each with their own actions.
func TestSheetPageForEachRole(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	staffPlan := rs.plans[rs.employee(staff)].Plan.ID // validated in Q3
	v := rs.sheet(staffPlan, 3)
	if v.Sheet.Status != domain.SheetValidated {
		t.Fatalf("the staff member's Q3 is %s", v.Sheet.Status)
	}
	for _, lang := range []string{"id", "en"} {
		for _, c := range []struct {
			role          string
			want, notWant []string
		}{
			{staff, []string{`class="rl-figtable"`}, []string{`id="verify-form"`, `id="sheet-form"`, `/validate"`}},
			{secHead, []string{`class="rl-figtable"`}, []string{`id="verify-form"`, `id="sheet-form"`, `/validate"`}},
			{pengelola, []string{`id="verify-form"`, `name="check_`, `/return"`, `value="verification"`}, []string{`id="sheet-form"`, `value="supporting"`}},
			{head, []string{`class="rl-figtable"`}, []string{`id="verify-form"`, `id="sheet-form"`}},
		} {
			t.Run(lang+"/"+c.role, func(t *testing.T) {
				cl := rs.Login(t, username(rs.Office, c.role))
				cl.PostForm("/lang", url.Values{"lang": {lang}})
				r := cl.Get(sheetPath(staffPlan, 3))
				if r.Status != http.StatusOK {
					t.Fatalf("status %d", r.Status)
				}
				checkPage(t, "sheet", lang, r.Body)
				if d := duplicateIDs(r.Body); len(d) > 0 {
					t.Errorf("ids used twice: %v", d)
				}
				title := html.EscapeString(i18n.Translate(lang, "realui.sheet.title", map[string]any{"q": 3, "year": rs.Office.Year}))
				how := html.EscapeString(i18n.Translate(lang, "realui.how", nil))
				for _, s := range append(c.want, title, how, html.EscapeString(v.Lines[0].Indicator.Name), v.Lines[0].Indicator.Code) {
					if !strings.Contains(r.Body, s) {
						t.Errorf("page lacks %s", s)
					}
				}
				for _, s := range c.notWant {
					if strings.Contains(r.Body, s) {
						t.Errorf("page shows %s", s)
					}
				}
			})
		}
	}
	// A closed quarter shows the frozen explanation in the viewer's language.
	cl := rs.Login(t, username(rs.Office, staff))
	cl.PostForm("/lang", url.Values{"lang": {"en"}})
	r := cl.Get(sheetPath(staffPlan, 1))
	q1 := rs.sheet(staffPlan, 1)
	var frozen *domain.Frozen
	for _, l := range q1.Lines {
		if l.Realisation.Frozen != nil {
			frozen = l.Realisation.Frozen
			break
		}
	}
	if frozen == nil || !strings.Contains(r.Body, html.EscapeString(frozen.ExplainEN[len(frozen.ExplainEN)-1])) {
		t.Errorf("Q1 page lacks the frozen English explanation")
	}
}

// TestSheetHiddenFromOtherSections refuses a sheet and its files to someone
// outside the owner's chain.
func TestSheetHiddenFromOtherSections(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	secPlan := rs.plans[rs.employee(secHead)].Plan.ID
	var other int64 // a staff member of another section
	for _, id := range rs.Office.Staff["VERA"] {
		other = id
		break
	}
	cl := rs.Login(t, rs.Username(t, other))
	if r := cl.Get(sheetPath(secPlan, 2)); r.Status != http.StatusForbidden {
		t.Errorf("another section's staff reads the sheet: %d", r.Status)
	}
	if e := firstFile(t, rs.Fixture, secPlan, 2); e == "" {
		t.Fatal("no file in the section head's Q2")
	} else if r := cl.Get("/evidence/" + e); r.Status != http.StatusForbidden || strings.Contains(r.Body, "%PDF") {
		t.Errorf("another section's staff downloads the file: %d", r.Status)
	}
	if r := cl.PostForm(sheetPath(secPlan, 3)+"/preview", url.Values{"line": {"1"}, "value": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("another section's staff previews: %d", r.Status)
	}
}

// TestEvidenceDownloadHeaders checks that a file comes as an attachment
// under its safe name, with its detected type, no sniffing, no caching and
// its SHA-256.
func TestEvidenceDownloadHeaders(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	secPlan := rs.plans[rs.employee(secHead)].Plan.ID
	cl := rs.Login(t, username(rs.Office, pengelola))
	e, err := rs.Store.GetEvidence(context.Background(), firstFile(t, rs.Fixture, secPlan, 2))
	if err != nil {
		t.Fatal(err)
	}
	r := cl.Get("/evidence/" + e.ID)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	sum := sha256.Sum256([]byte(r.Body))
	raw, _ := hex.DecodeString(e.SHA256)
	h := r.Header
	for name, want := range map[string]string{
		"Content-Type":           e.MIME,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
		"ETag":                   `"` + e.SHA256 + `"`,
		"Digest":                 "sha-256=" + base64.StdEncoding.EncodeToString(raw),
		"Content-Length":         strconv.FormatInt(e.Size, 10),
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		t.Error("the content does not match its SHA-256")
	}
	cd := h.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment; ") || !strings.Contains(cd, "filename*=UTF-8''"+strings.ReplaceAll(e.Filename, " ", "%20")) {
		t.Errorf("Content-Disposition %q for %q", cd, e.Filename)
	}

	// A name with quotes, a path and non-ASCII letters is sent safely.
	owner := rs.Login(t, username(rs.Office, secHead))
	v := rs.sheet(secPlan, 4)
	var line int64
	for _, l := range v.Lines {
		if l.HasTarget {
			line = l.Indicator.LineID
			break
		}
	}
	lineID := strconv.FormatInt(line, 10)
	r = postMultipart(t, owner, rs.URL+sheetPath(secPlan, 4)+"/evidence", map[string]string{"line_id": lineID, "evidence_" + lineID + "_kind": "supporting"},
		"evidence_"+lineID+"_file", `..\..\Laporan "TW4" – ringkas`, []byte("%PDF-1.4\n%%EOF\n"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Status, excerpt(r))
	}
	var id string
	for _, l := range rs.sheet(secPlan, 4).Lines {
		for _, ev := range l.Evidence {
			if strings.Contains(ev.Filename, "ringkas") {
				id = ev.ID
			}
		}
	}
	r = cl.Get("/evidence/" + id)
	want := `attachment; filename="Laporan TW4 _ ringkas.pdf"; filename*=UTF-8''Laporan%20TW4%20%E2%80%93%20ringkas.pdf`
	if r.Status != http.StatusOK || r.Header.Get("Content-Disposition") != want || r.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("unsafe name: %d %q %q", r.Status, r.Header.Get("Content-Disposition"), r.Header.Get("Content-Type"))
	}
}

// postMultipart posts a form with one file (in fileField) to a URL as a browser does.
func postMultipart(t *testing.T, c *webtest.Client, to string, fields map[string]string, fileField, filename string, content []byte) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile(fileField, filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	req, err := http.NewRequest(http.MethodPost, to, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// TestSheetFormKeepsInput refuses a value with letters and a stale save on
// the owner's form, keeping what was typed beside the message.
func TestSheetFormKeepsInput(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	plan, owner := rs.sheetIn(domain.SheetDraft)
	cl := rs.Login(t, rs.Username(t, owner))
	page := cl.Get(sheetPath(plan, 3))
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `id="sheet-form"`) {
		t.Fatalf("draft sheet: %d", page.Status)
	}
	if d := duplicateIDs(page.Body); len(d) > 0 {
		t.Errorf("ids used twice on the owner's form: %v", d)
	}
	rev := revisionOf(t, page.Body)
	v := rs.sheet(plan, 3)
	var lines []int64
	for _, l := range v.Lines {
		if l.HasTarget {
			lines = append(lines, l.Indicator.LineID)
		}
	}
	first, second := strconv.FormatInt(lines[0], 10), strconv.FormatInt(lines[1], 10)
	form := url.Values{"revision": {rev}, "action": {"save"},
		"value_" + first: {"12abc"}, "note_" + first: {"Catatan saya tetap ada"},
		"value_" + second: {"1.234"}, "raw_" + second + "_name": {"pembilang"}, "raw_" + second + "_value": {"dua"}, "raw_" + second + "_unit": {""}}
	r := cl.PostForm(sheetPath(plan, 3), form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	checkPage(t, "sheet with errors", "id", r.Body)
	for _, s := range []string{`value="12abc"`, `Catatan saya tetap ada`, `value="1.234"`, `value="dua"`,
		`id="f-value_` + first + `" name="value_` + first + `" form="sheet-form" type="text" inputmode="decimal" autocomplete="off" class="rl-value" value="12abc" data-role="value" aria-invalid="true"`,
		html.EscapeString(`"12abc" bukan angka`), html.EscapeString(`"1.234" ambigu`), html.EscapeString(`"dua" bukan angka`)} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("refused page lacks %s", s)
		}
	}
	if got := rs.sheet(plan, 3).Lines[0].Realisation.Value; got != v.Lines[0].Realisation.Value {
		t.Errorf("a refused form changed the value: %v", got)
	}

	// Both ways of writing a number are read. Both values are implausible
	// here (SPEC §12): they are saved once confirmed, and the supervisor
	// sees the flag.
	form = url.Values{"revision": {rev}, "action": {"save"}, "value_" + first: {"1.234,5"}, "value_" + second: {"99.5"}}
	r = cl.PostForm(sheetPath(plan, 3), form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed implausible value: %d", r.Status)
	}
	for _, s := range []string{`value="1.234,5"`, `name="confirm_` + first + `" value="1" form="sheet-form" aria-invalid="true"`,
		html.EscapeString("Periksa kembali; bila memang benar, konfirmasikan lalu simpan lagi.")} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("the page asking for confirmation lacks %s", s)
		}
	}
	if rs.sheet(plan, 3).Lines[0].Realisation.Value != v.Lines[0].Realisation.Value {
		t.Fatal("an unconfirmed implausible value was saved")
	}
	form.Set("confirm_"+first, "1")
	form.Set("confirm_"+second, "1")
	if r := cl.PostForm(sheetPath(plan, 3), form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Status, excerpt(r))
	}
	flag := i18n.Translate("id", "realui.implausible", nil)
	sup := rs.Login(t, rs.Username(t, rs.Chart(t).Supervisors(owner)[0]))
	if page := sup.Get(sheetPath(plan, 3)); !strings.Contains(page.Body, `<span class="rl-doubtflag warn-text small">⚠ `+flag+": ") {
		t.Error("the supervisor does not see the implausible value flagged")
	}
	now := rs.sheet(plan, 3)
	for _, l := range now.Lines {
		switch l.Indicator.LineID {
		case lines[0]:
			if l.Realisation.Value.V != 1234.5 {
				t.Errorf("1.234,5 saved as %v", l.Realisation.Value)
			}
		case lines[1]:
			if l.Realisation.Value.V != 99.5 {
				t.Errorf("99.5 saved as %v", l.Realisation.Value)
			}
		}
	}
	form = url.Values{"revision": {rev}, "action": {"save"}, "value_" + first: {"77"}, "note_" + first: {"dari tab lama"}}
	r = cl.PostForm(sheetPath(plan, 3), form)
	if r.Status != http.StatusConflict {
		t.Fatalf("stale save: %d", r.Status)
	}
	for _, s := range []string{html.EscapeString(i18n.Translate("id", "sheet.changed_meanwhile", nil)), `value="77"`, "dari tab lama",
		html.EscapeString(i18n.Translate("id", "realui.saved_meanwhile", map[string]any{"value": "1234,5"})),
		`name="revision" value="` + strconv.Itoa(now.Sheet.Revision) + `"`} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("conflict page lacks %s", s)
		}
	}
	if rs.sheet(plan, 3).Lines[0].Realisation.Value.V != 1234.5 {
		t.Error("the stale save overwrote the newer value")
	}
}

// TestCorrectionConfirmsImplausible: a correction to an implausible value
// asks for the confirmation in its own form, keeping what was typed, and
// the pengelola kinerja deciding it sees the flag.
func TestCorrectionConfirmsImplausible(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	var plan, owner, line int64
	for emp, p := range rs.plans {
		if p.Plan.Kind != domain.PlanSKP || !p.Approved || plan != 0 {
			continue
		}
		v := rs.sheet(p.Plan.ID, 2)
		for _, l := range v.Lines {
			pending := false
			for _, c := range v.Corrections {
				pending = pending || (c.RealisationID == l.Realisation.ID && c.Status == domain.CorrectionPending)
			}
			if v.Sheet.Status == domain.SheetLocked && l.HasTarget && l.Indicator.Unit == "%" && l.Realisation.ID != 0 && !pending {
				plan, owner, line = p.Plan.ID, emp, l.Indicator.LineID
				break
			}
		}
	}
	if plan == 0 {
		t.Fatal("no locked Q2 % line without a pending correction")
	}
	id := strconv.FormatInt(line, 10)
	to := "/plans/" + strconv.FormatInt(plan, 10) + "/lines/" + id + "/quarters/2/corrections"
	cl := rs.Login(t, rs.Username(t, owner))
	form := url.Values{"value": {"150"}, "reason": {"Rekap ulang dari SAKTI"}}
	r := cl.PostForm(to, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed: %d", r.Status)
	}
	corr := regexp.MustCompile(`(?s)<details class="rl-correct" open>.*?</details>`).FindString(r.Body)
	if !strings.Contains(corr, `name="confirm" value="1">`) || !strings.Contains(corr, "Rekap ulang dari SAKTI") ||
		!strings.Contains(corr, html.EscapeString("Nilai 150 di atas 100 padahal satuannya persen.")) {
		t.Errorf("the correction form does not ask for the confirmation:\n%s", corr)
	}
	form.Set("confirm", "1")
	if r := cl.PostForm(to, form); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed: %d %s", r.Status, excerpt(r))
	}
	page := rs.Login(t, username(rs.Office, pengelola)).Get(sheetPath(plan, 2))
	if !strings.Contains(page.Body, `<p class="rl-doubtflag warn-text small">⚠ `+i18n.Translate("id", "realui.implausible", nil)+": ") {
		t.Error("the pengelola kinerja does not see the correction's value flagged")
	}
}

// TestSheetWorkflowPages validates, returns and verifies through the
// forms, each step by its role.
func TestSheetWorkflowPages(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	plan, owner := rs.sheetIn(domain.SheetSubmitted)
	supervisor := rs.Username(t, rs.Chart(t).Supervisors(owner)[0])
	sup := rs.Login(t, supervisor)
	page := sup.Get(sheetPath(plan, 3))
	if !strings.Contains(page.Body, "/validate\"") || !strings.Contains(page.Body, "/return\"") {
		t.Fatal("the supervisor sees no validate and return forms")
	}
	rev := revisionOf(t, page.Body)
	r := sup.PostForm(sheetPath(plan, 3)+"/return", url.Values{"revision": {rev}, "comment": {"  "}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<details class="rl-return" open>`) ||
		!strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "plan.return_needs_comment", nil))) {
		t.Errorf("return without a comment: %d", r.Status)
	}
	if r := sup.PostForm(sheetPath(plan, 3)+"/validate", url.Values{"revision": {"0"}}); r.Status != http.StatusConflict {
		t.Errorf("validate from a stale revision: %d", r.Status)
	}
	if r := sup.PostForm(sheetPath(plan, 3)+"/validate", url.Values{"revision": {rev}}); r.Status != http.StatusSeeOther {
		t.Fatalf("validate: %d %s", r.Status, excerpt(r))
	}
	if st := rs.sheet(plan, 3).Sheet.Status; st != domain.SheetValidated {
		t.Fatalf("after validation: %s", st)
	}
	peng := rs.Login(t, username(rs.Office, pengelola))
	page = peng.Get(sheetPath(plan, 3))
	rev = revisionOf(t, page.Body)
	v := rs.sheet(plan, 3)
	form := url.Values{"revision": {rev}}
	for _, l := range v.Lines {
		if l.HasTarget {
			form.Set("checkcomment_"+strconv.FormatInt(l.Indicator.LineID, 10), "cocok")
		}
	}
	r = peng.PostForm(sheetPath(plan, 3)+"/verify", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="cocok"`) {
		t.Fatalf("verify with nothing ticked: %d", r.Status)
	}
	for _, l := range v.Lines {
		if l.HasTarget {
			form.Set("check_"+strconv.FormatInt(l.Indicator.LineID, 10), "1")
		}
	}
	if r := peng.PostForm(sheetPath(plan, 3)+"/verify", form); r.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d %s", r.Status, excerpt(r))
	}
	if got := rs.sheet(plan, 3); got.Sheet.Status != domain.SheetVerified || !got.Lines[0].Frozen {
		t.Errorf("after verification: %s", got.Sheet.Status)
	}
	// The owner was told.
	oc := rs.Login(t, rs.Username(t, owner))
	if n := oc.Get("/notifications"); !strings.Contains(n.Body, html.EscapeString(i18n.Translate("id", "notify.sheet_verified", map[string]any{"q": 3, "year": rs.Office.Year}))) {
		t.Error("the owner's notifications do not say the sheet was verified")
	}
}

// TestPreviewAnswers checks the live preview's JSON in the viewer's language.
func TestPreviewAnswers(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	plan, owner := rs.sheetIn(domain.SheetDraft)
	cl := rs.Login(t, rs.Username(t, owner))
	cl.PostForm("/lang", url.Values{"lang": {"en"}})
	var l service.SheetLine
	for _, x := range rs.sheet(plan, 3).Lines {
		if x.HasTarget && x.Indicator.Unit == "%" {
			l = x
			break
		}
	}
	target := l.Indicator.Targets[2].V
	value := strconv.FormatFloat(target*0.9, 'f', -1, 64)
	r := cl.PostForm(sheetPath(plan, 3)+"/preview", url.Values{"line": {strconv.FormatInt(l.Indicator.LineID, 10)}, "value": {value},
		"raw_name": {"pembilang", "penyebut"}, "raw_value": {"1", "2"}, "raw_unit": {"", ""}})
	var ans struct {
		Error  string `json:"error"`
		ToDate struct {
			Achievement, Status, StatusLabel string
		} `json:"to_date"`
		Explain []struct {
			Label, Text string
		} `json:"explain"`
		RawComputed string `json:"raw_computed"`
		RawMismatch bool   `json:"raw_mismatch"`
	}
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal([]byte(r.Body), &ans) != nil {
		t.Fatalf("preview: %d %s", r.Status, r.Body)
	}
	if ans.Error != "" || ans.ToDate.Achievement == "" || len(ans.Explain) == 0 || ans.RawComputed != "50" || !ans.RawMismatch {
		t.Errorf("preview answer: %+v", ans)
	}
	if !strings.Contains(r.Body, `"status_label":"Yellow"`) && !strings.Contains(r.Body, `"status_label":"Red"`) {
		t.Errorf("status label not in English: %s", r.Body)
	}
	r = cl.PostForm(sheetPath(plan, 3)+"/preview", url.Values{"line": {strconv.FormatInt(l.Indicator.LineID, 10)}, "value": {"9x"}})
	if json.Unmarshal([]byte(r.Body), &ans) != nil || !strings.Contains(ans.Error, `"9x" is not a number`) {
		t.Errorf("letters: %s", r.Body)
	}

	// While typing, an implausible value says why it will need confirming,
	// and raw data that overflow say so without hiding the figures.
	var doubt struct {
		Error    string `json:"error"`
		RawError string `json:"raw_error"`
		Doubt    string `json:"doubt"`
		ToDate   struct{ Achievement string }
	}
	r = cl.PostForm(sheetPath(plan, 3)+"/preview", url.Values{"line": {strconv.FormatInt(l.Indicator.LineID, 10)}, "value": {"1234.56"},
		"raw_name": {"pembilang", "penyebut"}, "raw_value": {"1000000000000000", "0.0000000000000000000000000000000000000000001"}, "raw_unit": {"", ""}})
	if json.Unmarshal([]byte(r.Body), &doubt) != nil || doubt.Error != "" || doubt.Doubt != "Above 100 although the unit is a percentage." ||
		!strings.Contains(doubt.RawError, "outside") || doubt.ToDate.Achievement == "–" {
		t.Errorf("implausible preview: %s", r.Body)
	}
	r = cl.PostForm(sheetPath(plan, 3)+"/preview", url.Values{"line": {strconv.FormatInt(l.Indicator.LineID, 10)}, "value": {"2000000000000000"}})
	if json.Unmarshal([]byte(r.Body), &doubt) != nil || !strings.Contains(doubt.Error, "Out of range") {
		t.Errorf("a value beyond 10^15: %s", r.Body)
	}
}

// TestQuarterConsolePages shows the closing console, sends reminders and
// closes Q3, after which the page lists who was not verified.
func TestQuarterConsolePages(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	console := "/quarters/" + strconv.Itoa(rs.Office.Year) + "/3"
	if r := rs.Login(t, username(rs.Office, staff)).Get(console); r.Status != http.StatusForbidden {
		t.Errorf("staff opens the console: %d", r.Status)
	}
	hc := rs.Login(t, username(rs.Office, head))
	if r := hc.Get(console); r.Status != http.StatusOK || strings.Contains(r.Body, "/close\"") {
		t.Errorf("the head's console: %d, with a close button: %v", r.Status, strings.Contains(r.Body, "/close\""))
	}
	pc := rs.Login(t, username(rs.Office, pengelola))
	for _, lang := range []string{"en", "id"} {
		pc.PostForm("/lang", url.Values{"lang": {lang}})
		r := pc.Get(console)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "/close\"") || !strings.Contains(r.Body, "/remind\"") || !strings.Contains(r.Body, "/decide\"") {
			t.Fatalf("pengelola's console (%s): %d", lang, r.Status)
		}
		checkPage(t, "console", lang, r.Body)
	}
	r := pc.PostForm(console+"/remind", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("remind: %d", r.Status)
	}
	r = pc.Get(console)
	if !regexp.MustCompile(`Pengingat terkirim kepada [1-9]\d* orang`).MatchString(r.Body) {
		t.Error("no count of reminders")
	}
	if r := pc.PostForm(console+"/close", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("close: %d", r.Status)
	}
	r = pc.Get(console)
	if !strings.Contains(r.Body, `class="flash flash-info rl-closure"`) || !strings.Contains(r.Body, `class="rl-notverified"`) || strings.Contains(r.Body, "/close\"") {
		t.Error("the closed quarter does not show its closure and the people not verified")
	}
	staffPlan := rs.plans[rs.employee(staff)].Plan.ID
	if st := rs.sheet(staffPlan, 3).Sheet.Status; st != domain.SheetValidated {
		t.Errorf("a validated sheet changed on closing: %s", st)
	}
}

// TestRealisationAndNotificationPages lists a supervisor's queue and own
// quarters, and reads and clears notifications with the menu's count.
func TestRealisationAndNotificationPages(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	plan, owner := rs.sheetIn(domain.SheetSubmitted)
	sup := rs.Chart(t).Supervisors(owner)[0]
	cl := rs.Login(t, rs.Username(t, sup))
	r := cl.Get("/realisation")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	checkPage(t, "realisation", "id", r.Body)
	for _, s := range []string{sheetPath(plan, 3), sheetPath(rs.plans[sup].Plan.ID, 1), `class="card rl-planquarters"`} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("realisation page lacks %s", s)
		}
	}
	badge := regexp.MustCompile(`<a href="/notifications" class="notiflink"[^>]*>(?:<svg.*?</svg>)?<span class="sr-only">[^<]*</span> <span class="badge">(\d+)</span>`)
	m := badge.FindStringSubmatch(r.Body)
	if m == nil || m[1] == "0" {
		t.Fatalf("no unread count in the menu")
	}
	n := cl.Get("/notifications")
	if n.Status != http.StatusOK || !strings.Contains(n.Body, `class="rl-unread"`) {
		t.Fatalf("notifications: %d", n.Status)
	}
	if r := cl.PostForm("/notifications/read", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("mark all read: %d", r.Status)
	}
	n = cl.Get("/notifications")
	if strings.Contains(n.Body, `class="rl-unread"`) || badge.MatchString(n.Body) {
		t.Error("still unread after marking all read")
	}
}

// A value saved by a service account reads so on the owner's sheet, and its
// documents name the account on the owner's behalf.
func TestSheetShowsServiceAccount(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	_, sa, err := f.Service.CreateServiceAccount(ctx, service.SystemActor(), service.ServiceAccountInput{Name: "Sinkronisasi SIMPEG",
		OfficeID: f.Office.OfficeID, Scopes: []string{domain.ScopeWriteRealisation}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := f.Service.Actor(ctx, sa.UserID, "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := f.Service.ListPlans(ctx, service.SystemActor(), f.Office.Year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		v, err := f.Service.GetSheet(ctx, service.SystemActor(), p.Plan.ID, 3)
		if err != nil || p.Plan.Kind != domain.PlanSKP || v.Sheet.Status != domain.SheetDraft {
			continue
		}
		var line int64
		for _, l := range v.Lines {
			if l.HasTarget {
				line = l.Indicator.LineID
			}
		}
		if _, err := f.Service.SaveRealisations(ctx, svc, p.Plan.ID, 3, v.Sheet.Revision, []service.RealisationInput{{LineID: line, Value: calc.Some(2)}}); err != nil {
			t.Fatal(err)
		}
		c := f.Login(t, f.Username(t, p.Plan.EmployeeID))
		r := c.Get(fmt.Sprintf("/plans/%d/quarters/3", p.Plan.ID))
		want := "Disimpan oleh Sinkronisasi SIMPEG (akun layanan) atas nama " + p.Employee.Name
		if r.Status != 200 || !strings.Contains(html.UnescapeString(r.Body), want) {
			t.Errorf("the sheet does not say %q (%d)", want, r.Status)
		}
		return
	}
	t.Fatal("no draft Q3 sheet")
}

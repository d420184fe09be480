package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// realAPI is the API over the demo office standing at 27 November 2026,
// when Q1 and Q2 are closed and Q3 is in every state.
type realAPI struct {
	t     *testing.T
	f     *webtest.Fixture
	plans map[int64]service.PlanSummary // by employee
}

func newRealAPI(t *testing.T) *realAPI {
	t.Helper()
	f := webtest.NewAt(t, store.SQLite, time.Date(2026, 10, 7, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600)))
	list, err := f.Service.ListPlans(context.Background(), service.SystemActor(), f.Office.Year, f.Office.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	ra := &realAPI{t: t, f: f, plans: map[int64]service.PlanSummary{}}
	for _, p := range list {
		ra.plans[p.Plan.EmployeeID] = p
	}
	return ra
}

// token issues a bearer token for an employee's account.
func (ra *realAPI) token(emp int64) string {
	ra.t.Helper()
	tok, _ := issue(ra.t, ra.f, ra.f.Username(ra.t, emp))
	return tok
}

// q3 finds an SKP whose Q3 sheet is in a state and returns its plan and owner.
func (ra *realAPI) q3(status domain.SheetStatus) (int64, int64) {
	ra.t.Helper()
	for emp, p := range ra.plans {
		if p.Plan.Kind != domain.PlanSKP || !p.Approved {
			continue
		}
		if v, err := ra.f.Service.GetSheet(context.Background(), service.SystemActor(), p.Plan.ID, 3); err == nil && v.Sheet.Status == status {
			return p.Plan.ID, emp
		}
	}
	ra.t.Fatalf("no Q3 sheet is %s", status)
	return 0, 0
}

// do sends a JSON request (or a prepared body with its content type) and
// checks the status, decoding the answer into out.
func (ra *realAPI) do(token, method, path string, body any, want int, out any) *webtest.Response {
	ra.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case *multipart.Writer:
		ra.t.Fatal("pass the multipart body, not its writer")
	case multipartBody:
		rd, ctype = b.body, b.ctype
	default:
		j, err := json.Marshal(b)
		if err != nil {
			ra.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, ra.f.URL+api.Prefix+path, rd)
	if err != nil {
		ra.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", "en")
	r := ra.f.Client(ra.t).Do(req)
	if r.Status != want {
		ra.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(r.Body), out); err != nil {
			ra.t.Fatalf("%s %s: %v: %s", method, path, err, r.Body)
		}
	}
	return r
}

type multipartBody struct {
	body  io.Reader
	ctype string
}

// form builds a multipart body with fields and, when name is set, one file.
func form(t *testing.T, fields map[string]string, name string, content []byte) multipartBody {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if name != "" {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return multipartBody{body: &b, ctype: w.FormDataContentType()}
}

// apiSheet is what the tests read of a sheet.
type apiSheet struct {
	PlanID   int64  `json:"plan_id"`
	Status   string `json:"status"`
	Revision int    `json:"revision"`
	Lines    []struct {
		LineID      int64    `json:"line_id"`
		Code        string   `json:"code"`
		HasTarget   bool     `json:"has_target"`
		Value       *float64 `json:"value"`
		Frozen      bool     `json:"frozen"`
		RawComputed *float64 `json:"raw_computed"`
		ToDate      struct {
			Achievement        *float64 `json:"achievement"`
			AchievementRounded *float64 `json:"achievement_rounded"`
			Status             string   `json:"status"`
		} `json:"to_date"`
		Explanation []struct {
			Label, Text string
		} `json:"explanation"`
		Documents []struct {
			ID, Form, SHA256, Download, Filename string
		} `json:"documents"`
		Required []struct {
			Satisfied bool `json:"satisfied"`
		} `json:"required"`
	} `json:"lines"`
	Missing     []struct{ Message string } `json:"missing"`
	Permissions map[string]bool            `json:"permissions"`
}

func (s apiSheet) firstTargeted(t *testing.T) int64 {
	t.Helper()
	for _, l := range s.Lines {
		if l.HasTarget {
			return l.LineID
		}
	}
	t.Fatal("no line with a target")
	return 0
}

func sheetURL(planID int64, q int) string {
	return "/plans/" + strconv.FormatInt(planID, 10) + "/quarters/" + strconv.Itoa(q)
}

// TestRealisationAPIReads reads sheets with their figures, explanations,
// documents and permissions, and downloads a file with safe headers.
func TestRealisationAPIReads(t *testing.T) {
	t.Parallel()
	ra := newRealAPI(t)
	off := ra.f.Office
	kasi := off.SectionLed["BANK"]
	var s apiSheet
	ra.do(ra.token(kasi), http.MethodGet, sheetURL(ra.plans[kasi].Plan.ID, 2), nil, http.StatusOK, &s)
	if s.Status != "locked" || len(s.Lines) == 0 || s.Permissions["edit"] || len(s.Missing) != 0 {
		t.Fatalf("locked Q2: %+v", s)
	}
	l := s.Lines[0]
	if !l.Frozen || l.ToDate.Achievement == nil || l.ToDate.AchievementRounded == nil || l.ToDate.Status == "" || len(l.Explanation) == 0 {
		t.Errorf("frozen line: %+v", l)
	}
	if last := l.Explanation[len(l.Explanation)-1].Text; !strings.HasPrefix(last, "Year") || strings.Contains(last, "tahun") {
		t.Errorf("explanation not in English: %q", l.Explanation[len(l.Explanation)-1].Text)
	}
	var file string
	var sum string
	for _, d := range l.Documents {
		if d.Form == "file" {
			file, sum = d.Download, d.SHA256
		}
	}
	if file == "" {
		t.Fatal("no file on the section head's line")
	}
	r := ra.do(ra.token(off.Pengelola), http.MethodGet, strings.TrimPrefix(file, api.Prefix), nil, http.StatusOK, nil)
	got := sha256.Sum256([]byte(r.Body))
	if hex.EncodeToString(got[:]) != sum || r.Header.Get("ETag") != `"`+sum+`"` || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
		r.Header.Get("Cache-Control") != "private, no-store" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; ") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''") || !strings.HasPrefix(r.Header.Get("Digest"), "sha-256=") {
		t.Errorf("download headers: %v", r.Header)
	}
	staff := off.Staff["VERA"][0]
	wantProblem(t, "another section's file", ra.do(ra.token(staff), http.MethodGet, strings.TrimPrefix(file, api.Prefix), nil, http.StatusForbidden, nil), http.StatusForbidden)
	ra.do(ra.token(staff), http.MethodGet, sheetURL(ra.plans[kasi].Plan.ID, 2), nil, http.StatusForbidden, nil)
	ra.do(ra.token(kasi), http.MethodGet, sheetURL(ra.plans[kasi].Plan.ID, 5), nil, http.StatusUnprocessableEntity, nil)

	// The live explanation carries labels.
	plan, owner := ra.q3(domain.SheetDraft)
	ra.do(ra.token(owner), http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &s)
	labelled := false
	for _, st := range s.Lines[0].Explanation {
		labelled = labelled || st.Label != ""
	}
	if !labelled || !s.Permissions["edit"] || !s.Permissions["submit"] {
		t.Errorf("draft Q3: labels %v, permissions %v", labelled, s.Permissions)
	}
}

// TestRealisationAPIReports saves values, uploads documents and takes a
// sheet through the workflow by its roles.
func TestRealisationAPIReports(t *testing.T) {
	t.Parallel()
	ra := newRealAPI(t)
	plan, owner := ra.q3(domain.SheetDraft)
	tok := ra.token(owner)
	var s apiSheet
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &s)
	line := s.firstTargeted(t)
	put := "/plans/" + strconv.FormatInt(plan, 10) + "/lines/" + strconv.FormatInt(line, 10) + "/quarters/3"

	var saved struct {
		Value       *float64 `json:"value"`
		RawComputed *float64 `json:"raw_computed"`
		RawMismatch bool     `json:"raw_mismatch"`
	}
	ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 88.5, "note": "lewat API",
		"raw": []map[string]any{{"name": "pembilang", "value": 177}, {"name": "penyebut", "value": 200}}}, http.StatusOK, &saved)
	if saved.Value == nil || *saved.Value != 88.5 || saved.RawComputed == nil || *saved.RawComputed != 88.5 || saved.RawMismatch {
		t.Errorf("saved: %+v", saved)
	}
	// A retry of the same save, with the revision it was first sent with,
	// answers 200 and writes nothing: the revision stays.
	var after apiSheet
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &after)
	ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 88.5, "note": "lewat API",
		"raw": []map[string]any{{"name": "pembilang", "value": 177}, {"name": "penyebut", "value": 200}}}, http.StatusOK, nil)
	var replayed apiSheet
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &replayed)
	if after.Revision != s.Revision+1 || replayed.Revision != after.Revision {
		t.Errorf("revisions: read %d, after the save %d, after the retry %d", s.Revision, after.Revision, replayed.Revision)
	}
	p := wantProblem(t, "stale revision", ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 1}, http.StatusConflict, nil), http.StatusConflict)
	if !strings.Contains(p.Detail, "changed this sheet meanwhile") {
		t.Errorf("conflict detail: %q", p.Detail)
	}
	wantProblem(t, "letters", ra.do(tok, http.MethodPut, put, map[string]any{"revision": 0, "value": "12a"}, http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	sup := ra.f.Chart(t).Supervisors(owner)[0]
	ra.do(ra.token(sup), http.MethodPut, put, map[string]any{"revision": 0, "value": 1}, http.StatusForbidden, nil)

	// Documents: a file, a refused type, then the download of what was stored.
	var doc struct {
		ID, SHA256, MIME, Filename, Download string
		Size                                 int64
	}
	csv := []byte("no,nilai\n1,88.5\n")
	r := ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/evidence", form(t, map[string]string{"line_id": strconv.FormatInt(line, 10), "kind": "raw_data"},
		"../rekap api.csv", csv), http.StatusCreated, &doc)
	if loc := r.Header.Get("Location"); loc != doc.Download || loc == "" {
		t.Errorf("Location %q, download %q", loc, doc.Download)
	}
	sum := sha256.Sum256(csv)
	if doc.Filename != "rekap api.csv" || doc.MIME != "text/csv" || doc.SHA256 != hex.EncodeToString(sum[:]) || doc.Size != int64(len(csv)) {
		t.Errorf("document: %+v", doc)
	}
	r = ra.do(tok, http.MethodGet, strings.TrimPrefix(doc.Download, api.Prefix), nil, http.StatusOK, nil)
	if r.Body != string(csv) || r.Header.Get("Content-Type") != "text/csv" ||
		r.Header.Get("Content-Disposition") != `attachment; filename="rekap api.csv"; filename*=UTF-8''rekap%20api.csv` {
		t.Errorf("download: %q %v", r.Body, r.Header)
	}
	p = wantProblem(t, "executable", ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/evidence",
		form(t, map[string]string{"line_id": strconv.FormatInt(line, 10), "kind": "supporting"}, "laporan.pdf", append([]byte{0x7f, 'E', 'L', 'F'}, make([]byte, 60)...)),
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.file") {
		t.Errorf("the refusal points at %v", where(p))
	}
	var link struct{ Form, URL string }
	ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/evidence", form(t, map[string]string{"line_id": strconv.FormatInt(line, 10), "kind": "supporting",
		"url": "https://intranet.example.go.id/laporan"}, "", nil), http.StatusCreated, &link)
	if link.Form != "link" {
		t.Errorf("link: %+v", link)
	}
	// A short text, as the web form saves it; too long a one points at its field.
	var text struct{ ID, Form, Body string }
	ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/evidence", form(t, map[string]string{"line_id": strconv.FormatInt(line, 10), "kind": "supporting",
		"body": "  Notulen rapat evaluasi 3 Oktober 2026  "}, "", nil), http.StatusCreated, &text)
	if text.Form != "text" || text.Body != "Notulen rapat evaluasi 3 Oktober 2026" {
		t.Errorf("text: %+v", text)
	}
	p = wantProblem(t, "long text", ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/evidence", form(t, map[string]string{"line_id": strconv.FormatInt(line, 10),
		"kind": "supporting", "body": strings.Repeat("x", 4001)}, "", nil), http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.body") {
		t.Errorf("the long text's refusal points at %v", where(p))
	}
	var withText struct {
		Lines []struct {
			LineID    int64 `json:"line_id"`
			Documents []struct{ ID, Form, Body string }
		} `json:"lines"`
	}
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &withText)
	found := false
	for _, l := range withText.Lines {
		for _, d := range l.Documents {
			found = found || (l.LineID == line && d.ID == text.ID && d.Form == "text" && d.Body == text.Body)
		}
	}
	if !found {
		t.Errorf("the text is not on the sheet: %+v", withText.Lines)
	}

	// Submit, then return and validate by the supervisor.
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &s)
	if len(s.Missing) > 0 {
		t.Fatalf("the draft still lacks %v", s.Missing)
	}
	var st struct {
		Status        string `json:"status"`
		Revision      int    `json:"revision"`
		Late          bool   `json:"late"`
		ReturnComment string `json:"return_comment"`
	}
	ra.do(tok, http.MethodPost, sheetURL(plan, 3)+"/submit", map[string]any{"revision": s.Revision}, http.StatusOK, &st)
	if st.Status != "submitted" || st.Late {
		t.Errorf("submitted before the deadline: %+v", st)
	}
	ra.do(ra.token(sup), http.MethodPost, sheetURL(plan, 3)+"/return", map[string]any{"revision": st.Revision}, http.StatusUnprocessableEntity, nil)
	ra.do(ra.token(sup), http.MethodPost, sheetURL(plan, 3)+"/validate", map[string]any{"revision": st.Revision}, http.StatusOK, &st)
	if st.Status != "validated" {
		t.Errorf("validated: %+v", st)
	}
	peng := ra.token(ra.f.Office.Pengelola)
	// A refused verification points at the API's fields, not the form's.
	p = wantProblem(t, "no checks", ra.do(peng, http.MethodPost, sheetURL(plan, 3)+"/verify", map[string]any{"revision": st.Revision, "checks": []any{}},
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.checks") {
		t.Errorf("missing checks point at %v", where(p))
	}
	ra.do(peng, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &s)
	var checks []map[string]any
	for _, l := range s.Lines {
		if l.HasTarget {
			checks = append(checks, map[string]any{"line_id": l.LineID, "ok": true})
		}
	}
	checks[0]["ok"] = false
	p = wantProblem(t, "a line not checked", ra.do(peng, http.MethodPost, sheetURL(plan, 3)+"/verify", map[string]any{"revision": s.Revision, "checks": checks},
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !slices.Equal(where(p), []string{"body.checks[0].ok"}) {
		t.Errorf("an unchecked line points at %v", where(p))
	}
	checks[0]["ok"] = true
	ra.do(peng, http.MethodPost, sheetURL(plan, 3)+"/verify", map[string]any{"revision": s.Revision, "checks": checks}, http.StatusOK, &st)
	if st.Status != "verified" {
		t.Errorf("verified: %+v", st)
	}
}

// TestRealisationAPICloses decides a correction, reads the quarter's
// progress and closes it.
func TestRealisationAPICloses(t *testing.T) {
	t.Parallel()
	ra := newRealAPI(t)
	off := ra.f.Office
	peng, head := ra.token(off.Pengelola), ra.token(off.Head)
	pending, err := ra.f.Service.ListCorrections(context.Background(), service.SystemActor(), off.Year, off.OfficeID, domain.CorrectionPending)
	if err != nil || len(pending) == 0 {
		t.Fatalf("pending corrections: %v %v", pending, err)
	}
	decide := "/corrections/" + strconv.FormatInt(pending[0].Correction.ID, 10) + "/decide"
	ra.do(head, http.MethodPost, decide, map[string]any{"approve": true}, http.StatusForbidden, nil)
	ra.do(peng, http.MethodPost, decide, map[string]any{"approve": false}, http.StatusUnprocessableEntity, nil)
	var c struct {
		Status   string   `json:"status"`
		NewValue *float64 `json:"new_value"`
	}
	ra.do(peng, http.MethodPost, decide, map[string]any{"approve": true, "comment": "sesuai data Kanwil"}, http.StatusOK, &c)
	if c.Status != "approved" {
		t.Errorf("decided: %+v", c)
	}
	ra.do(peng, http.MethodPost, decide, map[string]any{"approve": true}, http.StatusConflict, nil)

	// A correction of a locked line by its owner.
	kasi := off.SectionLed["BANK"]
	var s apiSheet
	ra.do(ra.token(kasi), http.MethodGet, sheetURL(ra.plans[kasi].Plan.ID, 1), nil, http.StatusOK, &s)
	corr := "/plans/" + strconv.FormatInt(ra.plans[kasi].Plan.ID, 10) + "/lines/" + strconv.FormatInt(s.firstTargeted(t), 10) + "/quarters/1/corrections"
	ra.do(ra.token(kasi), http.MethodPost, corr, map[string]any{"value": 97.5, "reason": ""}, http.StatusUnprocessableEntity, nil)
	ra.do(ra.token(kasi), http.MethodPost, corr, map[string]any{"value": 97.5, "reason": "Data dimutakhirkan"}, http.StatusCreated, &c)
	if c.Status != "pending" || c.NewValue == nil || *c.NewValue != 97.5 {
		t.Errorf("requested: %+v", c)
	}

	var qp struct {
		Quarter  int            `json:"quarter"`
		Ended    bool           `json:"ended"`
		CanClose bool           `json:"can_close"`
		Totals   map[string]int `json:"totals"`
		Units    []struct {
			People []struct {
				Status string `json:"status"`
			} `json:"people"`
		} `json:"units"`
	}
	year := strconv.Itoa(off.Year)
	ra.do(peng, http.MethodGet, "/years/"+year+"/quarters/3/progress", nil, http.StatusOK, &qp)
	if qp.Quarter != 3 || !qp.Ended || !qp.CanClose || qp.Totals["submitted"] == 0 || len(qp.Units) < 5 {
		t.Errorf("progress: %+v", qp)
	}
	ra.do(head, http.MethodGet, "/years/"+year+"/quarters/3/progress", nil, http.StatusOK, &qp)
	if qp.CanClose {
		t.Error("the head may close")
	}
	ra.do(ra.token(off.Staff["BANK"][0]), http.MethodGet, "/years/"+year+"/quarters/3/progress", nil, http.StatusForbidden, nil)
	ra.do(ra.token(off.Staff["BANK"][0]), http.MethodGet, "/years/"+year+"/quarters/3/progress?office=999999", nil, http.StatusNotFound, nil)
	ra.do(head, http.MethodPost, "/years/"+year+"/quarters/3/close", nil, http.StatusForbidden, nil)
	ra.do(peng, http.MethodPost, "/years/"+year+"/quarters/4/close", nil, http.StatusConflict, nil)
	var cl struct {
		NotVerified []struct {
			Name, Status string
		} `json:"not_verified"`
	}
	ra.do(peng, http.MethodPost, "/years/"+year+"/quarters/3/close?office="+strconv.FormatInt(off.OfficeID, 10), nil, http.StatusOK, &cl)
	if len(cl.NotVerified) == 0 || cl.NotVerified[0].Status == "verified" {
		t.Errorf("closing: %+v", cl)
	}
	ra.do(peng, http.MethodPost, "/years/"+year+"/quarters/3/close", nil, http.StatusConflict, nil)
}

// TestOpenAPIDescribesRealisation lists every realisation operation with
// its errors, and the upload as a multipart form.
func TestOpenAPIDescribesRealisation(t *testing.T) {
	t.Parallel()
	ra := newRealAPI(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Summary     string         `json:"summary"`
			Responses   map[string]any `json:"responses"`
			RequestBody struct {
				Content map[string]any `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	ra.do("", http.MethodGet, "/openapi.json", nil, http.StatusOK, &doc)
	for _, op := range []struct{ method, path string }{
		{"get", "/plans/{id}/quarters/{q}"}, {"put", "/plans/{id}/lines/{line}/quarters/{q}"}, {"post", "/plans/{id}/quarters/{q}/evidence"},
		{"get", "/evidence/{id}"}, {"post", "/plans/{id}/quarters/{q}/submit"}, {"post", "/plans/{id}/quarters/{q}/validate"},
		{"post", "/plans/{id}/quarters/{q}/verify"}, {"post", "/plans/{id}/quarters/{q}/return"},
		{"post", "/plans/{id}/lines/{line}/quarters/{q}/corrections"}, {"post", "/corrections/{id}/decide"},
		{"get", "/years/{year}/quarters/{q}/progress"}, {"post", "/years/{year}/quarters/{q}/close"},
	} {
		o, ok := doc.Paths[op.path][op.method]
		if !ok || o.Summary == "" || o.Responses["403"] == nil || o.Responses["401"] == nil {
			t.Errorf("%s %s: %+v", op.method, op.path, o)
		}
	}
	if _, ok := doc.Paths["/plans/{id}/quarters/{q}/evidence"]["post"].RequestBody.Content["multipart/form-data"]; !ok {
		t.Error("the upload is not described as a multipart form")
	}
	if _, ok := doc.Paths["/evidence/{id}"]["get"].Responses["200"]; !ok {
		t.Error("the download has no 200 answer")
	}
}

// TestRealisationAPINumbers: raw data whose ratio overflows are refused at
// their field and the sheet stays readable, also when such data were saved
// before the check; an implausible value is saved only with
// confirm_implausible, and the supervisor reads the flag.
func TestRealisationAPINumbers(t *testing.T) {
	t.Parallel()
	ra := newRealAPI(t)
	plan, owner := ra.q3(domain.SheetDraft)
	tok := ra.token(owner)
	var s apiSheet
	ra.do(tok, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &s)
	view, err := ra.f.Service.GetSheet(context.Background(), service.SystemActor(), plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	var line int64
	for _, l := range view.Lines {
		if l.HasTarget && l.Indicator.Unit == "%" {
			line = l.Indicator.LineID
			break
		}
	}
	put := "/plans/" + strconv.FormatInt(plan, 10) + "/lines/" + strconv.FormatInt(line, 10) + "/quarters/3"
	overflow := []map[string]any{{"name": "pembilang", "value": 1e15}, {"name": "penyebut", "value": 1e-308}}
	p := wantProblem(t, "overflowing ratio", ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 88.5, "raw": overflow},
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.raw") || !strings.Contains(p.Errors[0].Message, "outside") {
		t.Errorf("the refusal: %+v", p)
	}
	p = wantProblem(t, "a value beyond 10^15", ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 1e308},
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.value") {
		t.Errorf("the refusal points at %v", where(p))
	}

	// The issue's case: 1.234,56 on a % indicator.
	p = wantProblem(t, "implausible", ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 1234.56},
		http.StatusUnprocessableEntity, nil), http.StatusUnprocessableEntity)
	if !pointsAt(p, "body.confirm_implausible") || !strings.Contains(p.Errors[0].Message, "1,234.56 is above 100") {
		t.Errorf("the refusal: %+v", p)
	}
	var saved struct {
		Value       *float64 `json:"value"`
		Implausible *struct{ Key, Message string }
	}
	ra.do(tok, http.MethodPut, put, map[string]any{"revision": s.Revision, "value": 1234.56, "confirm_implausible": true}, http.StatusOK, &saved)
	if saved.Value == nil || *saved.Value != 1234.56 || saved.Implausible == nil || saved.Implausible.Key != "sheet.doubt.percent_over_100" {
		t.Errorf("saved: %+v", saved)
	}
	sup := ra.f.Chart(t).Supervisors(owner)[0]
	var read struct {
		Lines []struct {
			LineID      int64 `json:"line_id"`
			Implausible *struct{ Key, Message string }
		} `json:"lines"`
	}
	ra.do(ra.token(sup), http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &read)
	for _, l := range read.Lines {
		if l.LineID == line && (l.Implausible == nil || l.Implausible.Message != "Above 100 although the unit is a percentage.") {
			t.Errorf("the supervisor reads %+v", l.Implausible)
		}
	}

	// Raw data stored before the check no longer make the sheet unreadable.
	sheet, err := ra.f.Store.GetSheet(context.Background(), plan, 3)
	if err != nil {
		t.Fatal(err)
	}
	list, err := ra.f.Store.ListRealisations(context.Background(), sheet.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.LineID == line {
			r.Raw = []domain.RawRow{{Name: "pembilang", Value: 1e308}, {Name: "penyebut", Value: 1e-308}}
			if err := ra.f.Store.SaveRealisation(context.Background(), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var again apiSheet
	for _, who := range []string{tok, ra.token(sup), ra.token(ra.f.Office.Pengelola)} {
		ra.do(who, http.MethodGet, sheetURL(plan, 3), nil, http.StatusOK, &again)
		for _, l := range again.Lines {
			if l.LineID == line && l.RawComputed != nil {
				t.Errorf("an overflowing ratio is shown as %v", *l.RawComputed)
			}
		}
	}
}

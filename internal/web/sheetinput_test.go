package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// formPart is one field of a multipart form, a file when Filename is set.
type formPart struct {
	Name, Value string
	Filename    string
	Content     []byte
}

// postParts posts a multipart form with its fields in the given order, as a
// browser sends a form: in the order of the page.
func postParts(t *testing.T, c *webtest.Client, to string, parts ...formPart) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.Filename == "" {
			if err := w.WriteField(p.Name, p.Value); err != nil {
				t.Fatal(err)
			}
			continue
		}
		fw, err := w.CreateFormFile(p.Name, p.Filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(p.Content)
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, to, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// draftLines returns the ID of the lines with a target of a sheet.
func draftLines(rs *realSite, plan int64) []string {
	var out []string
	for _, l := range rs.sheet(plan, 3).Lines {
		if l.HasTarget {
			out = append(out, strconv.FormatInt(l.Indicator.LineID, 10))
		}
	}
	return out
}

// lineOf returns a line of a sheet by its ID.
func lineOf(rs *realSite, plan int64, id string) (value float64, docs []string) {
	for _, l := range rs.sheet(plan, 3).Lines {
		if strconv.FormatInt(l.Indicator.LineID, 10) == id {
			for _, e := range l.Evidence {
				docs = append(docs, e.Filename+e.URL)
			}
			return l.Realisation.Value.V, docs
		}
	}
	rs.t.Fatalf("no line %s", id)
	return 0, nil
}

// TestSheetUploadKeepsTypedValues: the upload button of a line sends the
// whole sheet, so a value typed before choosing a file is saved with it; a
// refused document or value leaves both unsaved and comes back as typed.
func TestSheetUploadKeepsTypedValues(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	plan, owner := rs.sheetIn(domain.SheetDraft)
	cl := rs.Login(t, rs.Username(t, owner))
	sheet := sheetPath(plan, 3)
	page := cl.Get(sheet)
	lines := draftLines(rs, plan)
	first := lines[0]
	for _, s := range []string{`name="evidence_` + first + `_file" form="sheet-form" type="file"`, `enctype="multipart/form-data"`,
		`form="sheet-form" name="action" value="line-` + first + `"`} {
		if !strings.Contains(page.Body, s) {
			t.Errorf("the owner's page lacks %s", s)
		}
	}
	_, before := lineOf(rs, plan, first)
	csv := []byte("no,nilai\n1,2\n")
	r := postParts(t, cl, rs.URL+sheet,
		formPart{Name: "revision", Value: revisionOf(t, page.Body)},
		formPart{Name: "value_" + first, Value: "87,5"}, formPart{Name: "note_" + first, Value: "dengan rekap"},
		formPart{Name: "evidence_" + first + "_kind", Value: "raw_data"},
		formPart{Name: "evidence_" + first + "_file", Filename: "rekap.csv", Content: csv},
		formPart{Name: "action", Value: "line-" + first})
	if r.Status != http.StatusSeeOther || r.Location() != sheet+"#line-"+first {
		t.Fatalf("save with a file: %d → %q %s", r.Status, r.Location(), excerpt(r))
	}
	value, docs := lineOf(rs, plan, first)
	if value != 87.5 || len(docs) != len(before)+1 || docs[len(docs)-1] != "rekap.csv" {
		t.Errorf("after saving with a file: value %v, documents %v", value, docs)
	}
	page = cl.Get(sheet)
	if !strings.Contains(page.Body, html.EscapeString(i18n.Translate("id", "realui.flash.saved_uploaded", map[string]any{"n": 1}))) ||
		!strings.Contains(page.Body, `value="87,5"`) {
		t.Errorf("the page after saving does not say so or lost the value")
	}

	// A refused file: nothing is saved, the typed value comes back, the
	// line's upload form is open with the reason.
	elf := append([]byte{0x7f, 'E', 'L', 'F'}, make([]byte, 64)...)
	r = postParts(t, cl, rs.URL+sheet,
		formPart{Name: "revision", Value: revisionOf(t, page.Body)},
		formPart{Name: "value_" + first, Value: "91"}, formPart{Name: "note_" + first, Value: "catatan baru"},
		formPart{Name: "evidence_" + first + "_kind", Value: "supporting"},
		formPart{Name: "evidence_" + first + "_file", Filename: "laporan.pdf", Content: elf},
		formPart{Name: "action", Value: "line-" + first})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("executable upload: %d", r.Status)
	}
	checkPage(t, "refused upload", "id", r.Body)
	upload := regexp.MustCompile(`(?s)<details class="rl-upload" open>.*?</details>`).FindString(r.Body)
	if !strings.Contains(upload, html.EscapeString(i18n.Translate("id", "evidence.bad_type", nil))) ||
		!strings.Contains(upload, `<option value="supporting" selected>`) {
		t.Errorf("the refused upload's form does not say why:\n%s", upload)
	}
	if !strings.Contains(r.Body, `value="91"`) || !strings.Contains(r.Body, "catatan baru") {
		t.Error("the refused page lost the typed value")
	}
	if v, d := lineOf(rs, plan, first); v != 87.5 || len(d) != len(docs) {
		t.Errorf("a refused upload saved something: %v %v", v, d)
	}

	// A refused value: the good file is not kept either, and must be chosen again.
	r = postParts(t, cl, rs.URL+sheet,
		formPart{Name: "revision", Value: revisionOf(t, page.Body)},
		formPart{Name: "value_" + first, Value: "9x"},
		formPart{Name: "evidence_" + first + "_kind", Value: "raw_data"},
		formPart{Name: "evidence_" + first + "_file", Filename: "rekap2.csv", Content: csv},
		formPart{Name: "action", Value: "line-" + first})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad value with a file: %d", r.Status)
	}
	again := html.EscapeString(i18n.Translate("id", "realui.file_again", map[string]any{"name": "rekap2.csv"}))
	if !strings.Contains(r.Body, `value="9x"`) || !strings.Contains(r.Body, again) {
		t.Errorf("the refused page does not keep the value or ask for the file again")
	}
	if v, d := lineOf(rs, plan, first); v != 87.5 || len(d) != len(docs) {
		t.Errorf("a refused value saved something: %v %v", v, d)
	}

	// A link, sent with the plain save button, is saved with the value.
	r = postParts(t, cl, rs.URL+sheet,
		formPart{Name: "revision", Value: revisionOf(t, page.Body)},
		formPart{Name: "value_" + first, Value: "92"},
		formPart{Name: "evidence_" + first + "_kind", Value: "supporting"},
		formPart{Name: "evidence_" + first + "_file", Filename: "", Content: nil},
		formPart{Name: "evidence_" + first + "_url", Value: "https://example.go.id/laporan-tw3"},
		formPart{Name: "action", Value: "save"})
	if r.Status != http.StatusSeeOther || r.Location() != sheet {
		t.Fatalf("save with a link: %d → %q %s", r.Status, r.Location(), excerpt(r))
	}
	if v, d := lineOf(rs, plan, first); v != 92 || d[len(d)-1] != "https://example.go.id/laporan-tw3" {
		t.Errorf("after saving with a link: %v %v", v, d)
	}
}

// smallUpload is the upload limit of the size tests: half a MiB.
const smallUpload = 512 << 10

// TestSheetFileTooLarge: a file over the limit brings the sheet back with
// everything typed (the fields after the file too), a message naming the
// limit in the user's language, and nothing saved.
func TestSheetFileTooLarge(t *testing.T) {
	t.Parallel()
	rs := realSiteOn(t, webtest.NewConfigured(t, store.SQLite, realNow, func(c *config.Config) { c.MaxUpload = smallUpload }))
	plan, owner := rs.sheetIn(domain.SheetDraft)
	cl := rs.Login(t, rs.Username(t, owner))
	sheet := sheetPath(plan, 3)
	page := cl.Get(sheet)
	if !strings.Contains(page.Body, `data-max="524288"`) || !strings.Contains(page.Body, html.EscapeString(i18n.Translate("id", "realui.file_help", map[string]any{"max": 0.5}))) {
		t.Error("the page does not give the limit to the file input and its help")
	}
	lines := draftLines(rs, plan)
	first, second := lines[0], lines[1]
	v1, docs := lineOf(rs, plan, first)
	v2, _ := lineOf(rs, plan, second)
	form := func(file []byte) []formPart {
		return []formPart{
			{Name: "revision", Value: revisionOf(t, page.Body)},
			{Name: "value_" + first, Value: "77"}, {Name: "note_" + first, Value: "catatan tetap ada"},
			{Name: "evidence_" + first + "_kind", Value: "supporting"},
			{Name: "evidence_" + first + "_file", Filename: "pindaian besar.pdf", Content: file},
			{Name: "value_" + second, Value: "55"}, {Name: "note_" + second, Value: "baris sesudah berkas"},
			{Name: "action", Value: "line-" + first},
		}
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, smallUpload)...)
	for _, lang := range []string{"id", "en"} {
		cl.PostForm("/lang", url.Values{"lang": {lang}})
		r := postParts(t, cl, rs.URL+sheet, form(big)...)
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: a file over the limit: %d %s", lang, r.Status, excerpt(r))
		}
		checkPage(t, "file too large", lang, r.Body)
		limit := "0,5 MiB"
		if lang == "en" {
			limit = "0.5 MiB"
		}
		for _, s := range []string{`value="77"`, "catatan tetap ada", `value="55"`, "baris sesudah berkas", limit,
			html.EscapeString(i18n.Translate(lang, "realui.file_too_large", map[string]any{"name": "pindaian besar.pdf", "max": 0.5})),
			html.EscapeString(i18n.Translate(lang, "realui.not_saved_too_large", map[string]any{"max": 0.5}))} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("%s: the page lacks %s", lang, s)
			}
		}
		if !regexp.MustCompile(`(?s)<details class="rl-upload" open>.*?pindaian besar\.pdf`).MatchString(r.Body) {
			t.Errorf("%s: the line's upload form is not open with the message", lang)
		}
		if got, d := lineOf(rs, plan, first); got != v1 || len(d) != len(docs) {
			t.Errorf("%s: a refused file saved something: %v %v", lang, got, d)
		}
		if got, _ := lineOf(rs, plan, second); got != v2 {
			t.Errorf("%s: the second line changed to %v", lang, got)
		}
	}

	// A file so large that the server stops reading: what came before it
	// is kept, the lines after it show what is stored.
	cl.PostForm("/lang", url.Values{"lang": {"id"}})
	huge := append([]byte("%PDF-1.4\n"), make([]byte, 9*smallUpload+(2<<20))...)
	r := postParts(t, cl, rs.URL+sheet, form(huge)...)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body over the limit: %d %s", r.Status, excerpt(r))
	}
	if !strings.Contains(r.Body, `value="77"`) || !strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "realui.body_too_large", map[string]any{"max": 0.5}))) {
		t.Errorf("the page after a cut-off body lacks the first value or the message")
	}
	if strings.Contains(r.Body, "baris sesudah berkas") {
		t.Error("a field after the cut shows")
	}
	if got, _ := lineOf(rs, plan, second); got != v2 {
		t.Errorf("the second line changed to %v", got)
	}

	// The verifier's own upload form says the same.
	vplan, _ := rs.sheetIn(domain.SheetValidated)
	peng := rs.Login(t, username(rs.Office, pengelola))
	vline := draftLinesOf(rs, vplan)
	r = postParts(t, peng, rs.URL+sheetPath(vplan, 3)+"/evidence",
		formPart{Name: "line_id", Value: vline},
		formPart{Name: "evidence_" + vline + "_kind", Value: "verification"},
		formPart{Name: "evidence_" + vline + "_file", Filename: "berita acara.pdf", Content: big})
	if r.Status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "realui.file_too_large", map[string]any{"name": "berita acara.pdf", "max": 0.5}))) {
		t.Errorf("the verifier's upload over the limit: %d", r.Status)
	}
}

// draftLinesOf returns the first line with a target of a sheet in Q3.
func draftLinesOf(rs *realSite, plan int64) string { return draftLines(rs, plan)[0] }

// TestSessionEndedReturnsToPage: a form posted after the session ended
// leads to the login page, which says so in the account's language (else
// the site's, not the browser's) and returns to the page after signing in;
// only to a page of this site.
func TestSessionEndedReturnsToPage(t *testing.T) {
	t.Parallel()
	rs := newRealSite(t)
	ctx := context.Background()
	plan, owner := rs.sheetIn(domain.SheetDraft)
	user := rs.Username(t, owner)
	cl := rs.Login(t, user)
	if got := cl.Cookie("lang"); got != "id" {
		t.Errorf("signing in keeps the account's language in the lang cookie: %q", got)
	}
	sheet := sheetPath(plan, 3)
	page := cl.Get(sheet)
	if err := rs.Store.Sessions().DeleteCtx(ctx, cl.Cookie("kinerja_session")); err != nil {
		t.Fatal(err)
	}
	cl.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	cl.Header.Set("Referer", rs.URL+sheet)
	first := draftLinesOf(rs, plan)
	before, _ := lineOf(rs, plan, first)
	r := postParts(t, cl, rs.URL+sheet, formPart{Name: "revision", Value: revisionOf(t, page.Body)},
		formPart{Name: "value_" + first, Value: "12"}, formPart{Name: "action", Value: "save"})
	login := "/login?next=" + url.QueryEscape(sheet) + "&ended=1"
	if r.Status != http.StatusSeeOther || r.Location() != login {
		t.Fatalf("a post after the session ended: %d → %q", r.Status, r.Location())
	}
	if got, _ := lineOf(rs, plan, first); got != before {
		t.Errorf("a post without a session saved %v", got)
	}
	r = cl.Get(login)
	checkPage(t, "login after the session ended", "id", r.Body)
	for _, s := range []string{html.EscapeString(i18n.Translate("id", "login.session_ended", nil)), `data-resume="` + sheet + `"`,
		`name="next" value="` + sheet + `"`, `name="ended" value="1"`} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("the login page lacks %s", s)
		}
	}
	// A wrong password keeps the message and the way back.
	r = cl.PostForm("/login", url.Values{"username": {user}, "password": {"salah"}, "next": {sheet}, "ended": {"1"}})
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, `name="next" value="`+sheet+`"`) ||
		!strings.Contains(r.Body, html.EscapeString(i18n.Translate("id", "login.session_ended", nil))) {
		t.Errorf("a wrong password after the session ended: %d", r.Status)
	}
	r = cl.PostForm("/login", url.Values{"username": {user}, "password": {demo.Password}, "next": {sheet}, "ended": {"1"}})
	if r.Status != http.StatusSeeOther || r.Location() != sheet {
		t.Fatalf("signing in again leads to %q (%d)", r.Location(), r.Status)
	}
	if r = cl.Get(sheet); r.Status != http.StatusOK {
		t.Errorf("the sheet after signing in again: %d", r.Status)
	}

	// An account that chose English gets the message in English.
	en := rs.Login(t, username(rs.Office, staff))
	en.PostForm("/lang", url.Values{"lang": {"en"}})
	en.SetCookie("kinerja_session", "ended-token")
	en.Header.Set("Accept-Language", "id")
	r = en.Get("/realisation")
	if r.Status != http.StatusSeeOther || r.Location() != "/login?next=%2Frealisation&ended=1" {
		t.Fatalf("a page opened after the session ended: %d → %q", r.Status, r.Location())
	}
	r = en.Get(r.Location())
	checkPage(t, "login after the session ended", "en", r.Body)
	if !strings.Contains(r.Body, html.EscapeString(i18n.Translate("en", "login.session_ended", nil))) {
		t.Error("the English account's login page does not say the session ended")
	}

	// Without a lang cookie: the site's language, whatever the browser asks.
	anon := rs.Client(t)
	anon.Header.Set("Accept-Language", "en")
	anon.SetCookie("kinerja_session", "ended-token")
	r = anon.Get(sheet)
	if r.Location() != login {
		t.Fatalf("an ended session opening the sheet: → %q", r.Location())
	}
	if r = anon.Get(r.Location()); !strings.Contains(r.Body, `<html lang="id">`) {
		t.Error("the page saying the session ended is not in the site's language")
	}

	// Only a page of this site is returned to.
	for referer, want := range map[string]string{
		"":                             "/",
		"https://evil.example" + sheet: "/",
		rs.URL + "//evil.example/x":    "/",
		rs.URL + "/login?next=/x":      "/",
		rs.URL + sheet + "?tab=2":      sheet + "?tab=2",
	} {
		c := rs.Client(t)
		if referer != "" {
			c.Header.Set("Referer", referer)
		}
		r := c.PostForm(sheet, url.Values{"revision": {"1"}})
		if want := "/login?next=" + url.QueryEscape(want) + "&ended=1"; r.Status != http.StatusSeeOther || r.Location() != want {
			t.Errorf("posted from %q: %d → %q, want %q", referer, r.Status, r.Location(), want)
		}
	}
}

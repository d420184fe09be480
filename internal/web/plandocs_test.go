package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// planOf returns the plan of an employee in the demo year.
func planOf(t *testing.T, f *webtest.Fixture, emp int64) int64 {
	t.Helper()
	ctx := context.Background()
	plans, err := f.Service.PlansOf(ctx, service.SystemActor(), f.Office.Year, emp)
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans of %d: %v", emp, err)
	}
	return plans[len(plans)-1].ID
}

func actorFor(t *testing.T, f *webtest.Fixture, emp int64) authz.Actor {
	t.Helper()
	u, err := f.Store.GetUserByEmployee(context.Background(), emp)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.Service.Actor(context.Background(), u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// upload posts a file as the import form does (no file when name is "").
func upload(t *testing.T, c *webtest.Client, path, name string, data []byte) *webtest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

// TestPlanDocumentDownloads checks the files each document route sends.
func TestPlanDocumentDownloads(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := webtest.New(t, engine)
			off := f.Office
			pk, skp := planOf(t, f, off.Head), planOf(t, f, off.SectionLed["BANK"])
			nip := actorFor(t, f, off.SectionLed["BANK"]).Employee.NIP
			year := fmt.Sprint(off.Year)
			head := f.Login(t, f.Username(t, off.Head))
			for _, d := range []struct {
				path, ctype, file string
			}{
				{fmt.Sprintf("/plans/%d/pdf", pk), service.ContentPDF, "PK-" + year + "-KPPN-SKM-v2.pdf"},
				{fmt.Sprintf("/plans/%d/manual.pdf", pk), service.ContentPDF, "Manual-IKU-" + year + "-KPPN-SKM-v2.pdf"},
				{fmt.Sprintf("/plans/%d/xlsx", pk), service.ContentXLSX, "PK-" + year + "-KPPN-SKM-v2.xlsx"},
				{fmt.Sprintf("/plans/%d/pdf", skp), service.ContentPDF, "SKP-" + year + "-" + nip + "-v1.pdf"},
				{fmt.Sprintf("/plans/%d/manual.pdf", skp), service.ContentPDF, "Manual-IKI-" + year + "-" + nip + "-v1.pdf"},
				{fmt.Sprintf("/plans/%d/xlsx", skp), service.ContentXLSX, "SKP-" + year + "-" + nip + "-v1.xlsx"},
				{fmt.Sprintf("/plans/%d/import/template.xlsx", skp), service.ContentXLSX, "Templat-SKP-" + year + "-" + nip + ".xlsx"},
			} {
				r := head.Get(d.path)
				if r.Status != http.StatusOK {
					t.Errorf("%s: status %d", d.path, r.Status)
					continue
				}
				if ct := r.Header.Get("Content-Type"); ct != d.ctype {
					t.Errorf("%s: content type %q", d.path, ct)
				}
				if cd := r.Header.Get("Content-Disposition"); cd != "attachment; filename="+d.file {
					t.Errorf("%s: disposition %q, want file %s", d.path, cd, d.file)
				}
				if r.Header.Get("Content-Length") != fmt.Sprint(len(r.Body)) || r.Header.Get("Cache-Control") != "private, no-store" {
					t.Errorf("%s: length %q of %d bytes, cache %q", d.path, r.Header.Get("Content-Length"), len(r.Body), r.Header.Get("Cache-Control"))
				}
				magic := "%PDF-"
				if d.ctype == service.ContentXLSX {
					magic = "PK\x03\x04" // a zip archive
				}
				if !strings.HasPrefix(r.Body, magic) {
					t.Errorf("%s: body starts %q", d.path, r.Body[:min(8, len(r.Body))])
				}
			}
			// An earlier version by its ID; a version of another plan is not found.
			view, err := f.Service.GetPlan(context.Background(), actorFor(t, f, off.Head), pk, 0)
			if err != nil {
				t.Fatal(err)
			}
			if r := head.Get(fmt.Sprintf("/plans/%d/pdf?version=%d", pk, view.Versions[0].ID)); r.Status != 200 ||
				!strings.Contains(r.Header.Get("Content-Disposition"), "-v1.pdf") {
				t.Errorf("version 1: %d %q", r.Status, r.Header.Get("Content-Disposition"))
			}
			if r := head.Get(fmt.Sprintf("/plans/%d/pdf?version=%d", skp, view.Versions[0].ID)); r.Status != 404 {
				t.Errorf("a version of another plan: %d", r.Status)
			}
			for _, p := range []string{"?version=abc", "?version=-1", "?version=999999"} {
				if r := head.Get(fmt.Sprintf("/plans/%d/manual.pdf%s", pk, p)); r.Status != 404 {
					t.Errorf("manual%s: %d", p, r.Status)
				}
			}
		})
	}
}

// TestPlanImportPage walks through the import as the owner of an SKP.
func TestPlanImportPage(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			f := webtest.New(t, engine)
			off := f.Office
			skp := planOf(t, f, off.SectionLed["BANK"])
			page := fmt.Sprintf("/plans/%d/import", skp)
			kasi := f.Login(t, f.Username(t, off.SectionLed["BANK"]))

			// Approved: the page explains that an amendment comes first.
			r := kasi.Get(page)
			if r.Status != 200 || !strings.Contains(r.Body, "Ajukan adendum") || strings.Contains(r.Body, `enctype="multipart/form-data"`) {
				t.Fatalf("import page of an approved SKP: %d%s", r.Status, excerpt(r))
			}
			if r := upload(t, kasi, f.URL+page, "skp.xlsx", []byte("x")); r.Status != 422 || !strings.Contains(r.Body, "Ajukan adendum") {
				t.Errorf("upload into an approved SKP: %d%s", r.Status, excerpt(r))
			}

			if _, err := f.Service.AmendPlan(context.Background(), actorFor(t, f, off.SectionLed["BANK"]), skp, "Penyesuaian target"); err != nil {
				t.Fatal(err)
			}
			r = kasi.Get(page)
			if r.Status != 200 || !strings.Contains(r.Body, `enctype="multipart/form-data"`) || !strings.Contains(r.Body, "Sasaran Kinerja Pegawai (PDF)") {
				t.Fatalf("import page: %d%s", r.Status, excerpt(r))
			}
			checkPage(t, "GET "+page, "id", r.Body)

			// No file, a broken file: 422 with the problems listed.
			if r := upload(t, kasi, f.URL+page, "", nil); r.Status != 422 || !strings.Contains(r.Body, "Pilih berkas XLSX") {
				t.Errorf("no file: %d%s", r.Status, excerpt(r))
			}
			if r := upload(t, kasi, f.URL+page, "x.xlsx", []byte("hello")); r.Status != 422 || !strings.Contains(r.Body, "tidak dapat dibaca") {
				t.Errorf("garbage: %d%s", r.Status, excerpt(r))
			}
			tpl := kasi.Get(page + "/template.xlsx")
			head := f.Login(t, f.Username(t, off.Head))
			if r := upload(t, head, f.URL+page, "skp.xlsx", []byte(tpl.Body)); r.Status != 403 {
				t.Errorf("import by the supervisor: %d", r.Status)
			}

			// The template as downloaded imports cleanly; the flash says so.
			r = upload(t, kasi, f.URL+page, "skp.xlsx", []byte(tpl.Body))
			if r.Status != http.StatusSeeOther || r.Location() != page {
				t.Fatalf("import: %d → %q%s", r.Status, r.Location(), excerpt(r))
			}
			if r := kasi.Get(page); !strings.Contains(r.Body, "skp.xlsx diimpor ke versi 2: 0 indikator baru, 0 diubah,") {
				t.Errorf("no summary after the import%s", excerpt(r))
			}

			// In English.
			if r := kasi.PostForm("/lang", url.Values{"lang": {"en"}, "back": {"/"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("switch language: %d", r.Status)
			}
			r = kasi.Get(page)
			if !strings.Contains(r.Body, "Import manuals and targets") || !strings.Contains(r.Body, "Employee performance plan (PDF)") {
				t.Errorf("English import page%s", excerpt(r))
			}
			checkPage(t, "GET "+page, "en", r.Body)
			if r := upload(t, kasi, f.URL+page, "x.xlsx", []byte("hello")); r.Status != 422 || !strings.Contains(r.Body, "cannot be read") {
				t.Errorf("English problems: %d", r.Status)
			}
		})
	}
}

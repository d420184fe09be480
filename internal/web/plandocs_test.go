package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/auth"
	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/calc"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
	"github.com/kinerja/kinerja/internal/web"
)

// docSite is a running server over the demo office with a draft PK and the
// Seksi Bank head's SKP cascaded from it.
type docSite struct {
	url     string
	svc     *service.Service
	st      *store.Store
	off     *demo.Office
	pk, skp int64
}

func newDocSite(t *testing.T, st *store.Store) *docSite {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	svc := service.New(st, service.Options{PasswordParams: &auth.TestParams, Now: func() time.Time { return now }})
	off, err := demo.Seed(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	head := actor(t, svc, st, off.Head)
	obj, err := svc.SaveObjective(ctx, head, off.Year, off.OfficeID, 0, service.ObjectiveInput{PerspectiveKind: domain.PerspStakeholder, Code: "SS-1", Name: "Pelaksanaan anggaran yang berkualitas"})
	if err != nil {
		t.Fatal(err)
	}
	pk, err := svc.OpenPlan(ctx, head, off.Year, off.Head)
	if err != nil {
		t.Fatal(err)
	}
	m := domain.Manual{Formula: "a ÷ b × 100%", Unit: "%", Validity: "proxy", Control: "moderate", PeriodConsolidation: "last", Polarity: "maximize",
		Evidence: []domain.EvidenceItem{{Kind: "raw_data", Name: "Rekap IKPA"}}}
	line, err := svc.SaveLine(ctx, head, pk.ID, 0, -1, service.LineInput{Code: "1a-N", Name: "Persentase satker dengan IKPA baik", ObjectiveID: obj.ID,
		Targets: [4]calc.Opt{calc.Some(85), calc.Some(88), calc.Some(90), calc.Some(92)}, Manual: m})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cascade(ctx, head, pk.ID, line.LineID, domain.MethodFull, []service.CascadeTarget{{EmployeeID: off.SectionLed["BANK"]}}); err != nil {
		t.Fatal(err)
	}
	skp, err := st.GetPlanOf(ctx, pk.YearID, off.SectionLed["BANK"])
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults()
	cfg.Lang = "id"
	srv, err := web.New(svc, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &docSite{url: ts.URL, svc: svc, st: st, off: off, pk: pk.ID, skp: skp.ID}
}

func actor(t *testing.T, svc *service.Service, st *store.Store, emp int64) (a authz.Actor) {
	t.Helper()
	u, err := st.GetUserByEmployee(context.Background(), emp)
	if err != nil {
		t.Fatal(err)
	}
	a, err = svc.Actor(context.Background(), u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// login returns a client signed in as the employee's account (or a named
// account when emp is 0), not following redirects.
func (s *docSite) login(t *testing.T, emp int64, username string) *http.Client {
	t.Helper()
	if emp != 0 {
		u, err := s.st.GetUserByEmployee(context.Background(), emp)
		if err != nil {
			t.Fatal(err)
		}
		username = u.Username
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.url+"/login", url.Values{"username": {username}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func upload(t *testing.T, c *http.Client, u, name string, data []byte) (*http.Response, string) {
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
	resp, err := c.Post(u, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestPlanDocumentRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newDocSite(t, st)
		head := s.login(t, s.off.Head, "")
		kasi := s.login(t, s.off.SectionLed["BANK"], "")
		staff := s.login(t, s.off.Staff["BANK"][0], "")
		other := s.login(t, s.off.Staff["PD"][0], "")
		auditor := s.login(t, 0, "pemeriksa")
		kasiNIP := actor(t, s.svc, st, s.off.SectionLed["BANK"]).Employee.NIP

		downloads := []struct {
			path, ctype, file string
		}{
			{fmt.Sprintf("/plans/%d/pdf", s.pk), "application/pdf", "PK-2026-KPPN-SKM-v1-draf.pdf"},
			{fmt.Sprintf("/plans/%d/manual.pdf", s.pk), "application/pdf", "Manual-IKU-2026-KPPN-SKM-v1-draf.pdf"},
			{fmt.Sprintf("/plans/%d/xlsx", s.pk), service.ContentXLSX, "PK-2026-KPPN-SKM-v1-draf.xlsx"},
			{fmt.Sprintf("/plans/%d/pdf", s.skp), "application/pdf", "SKP-2026-" + kasiNIP + "-v1-draf.pdf"},
			{fmt.Sprintf("/plans/%d/manual.pdf", s.skp), "application/pdf", "Manual-IKI-2026-" + kasiNIP + "-v1-draf.pdf"},
			{fmt.Sprintf("/plans/%d/xlsx", s.skp), service.ContentXLSX, "SKP-2026-" + kasiNIP + "-v1-draf.xlsx"},
			{fmt.Sprintf("/plans/%d/import/template.xlsx", s.skp), service.ContentXLSX, "Templat-SKP-2026-" + kasiNIP + ".xlsx"},
		}
		for _, d := range downloads {
			resp, body := get(t, head, s.url+d.path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d", d.path, resp.StatusCode)
				continue
			}
			if ct := resp.Header.Get("Content-Type"); ct != d.ctype {
				t.Errorf("%s: content type %q", d.path, ct)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename=`+d.file {
				t.Errorf("%s: disposition %q, want file %s", d.path, cd, d.file)
			}
			if d.ctype == "application/pdf" && !bytes.HasPrefix(body, []byte("%PDF-")) || d.ctype == service.ContentXLSX && !bytes.HasPrefix(body, []byte("PK")) {
				t.Errorf("%s: body starts %q", d.path, body[:min(8, len(body))])
			}
		}
		// Who may read which plan: the owner, the chain above, the office's
		// readers; not colleagues.
		for _, c := range []struct {
			who    string
			client *http.Client
			path   string
			status int
		}{
			{"owner", kasi, fmt.Sprintf("/plans/%d/pdf", s.skp), 200},
			{"auditor", auditor, fmt.Sprintf("/plans/%d/manual.pdf", s.skp), 200},
			{"staff below", staff, fmt.Sprintf("/plans/%d/pdf", s.skp), 403},
			{"other section", other, fmt.Sprintf("/plans/%d/xlsx", s.skp), 403},
			{"other section", other, fmt.Sprintf("/plans/%d/import/template.xlsx", s.skp), 403},
			{"staff", staff, fmt.Sprintf("/plans/%d/pdf", s.pk), 403},
			{"supervisor", head, fmt.Sprintf("/plans/%d/import", s.skp), 403},
			{"auditor", auditor, fmt.Sprintf("/plans/%d/import", s.skp), 403},
			{"owner", kasi, fmt.Sprintf("/plans/%d/import", s.skp), 200},
			{"bad version", head, fmt.Sprintf("/plans/%d/pdf?version=abc", s.pk), 404},
			{"unknown version", head, fmt.Sprintf("/plans/%d/pdf?version=999999", s.pk), 404},
			{"unknown plan", head, "/plans/999999/pdf", 404},
		} {
			if resp, _ := get(t, c.client, s.url+c.path); resp.StatusCode != c.status {
				t.Errorf("%s GET %s: %d, want %d", c.who, c.path, resp.StatusCode, c.status)
			}
		}
		anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if resp, _ := get(t, anon, fmt.Sprintf("%s/plans/%d/pdf", s.url, s.pk)); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous download: %d", resp.StatusCode)
		}
	})
}

func TestPlanImportPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newDocSite(t, st)
		kasi := s.login(t, s.off.SectionLed["BANK"], "")
		head := s.login(t, s.off.Head, "")
		page := fmt.Sprintf("%s/plans/%d/import", s.url, s.skp)

		resp, body := get(t, kasi, page)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `enctype="multipart/form-data"`) ||
			!strings.Contains(string(body), "Impor manual dan target") || !strings.Contains(string(body), "Sasaran Kinerja Pegawai (PDF)") {
			t.Fatalf("import page: %d\n%s", resp.StatusCode, body)
		}

		// No file, a broken file, a file with a wrong row: 422 with the
		// problems listed; nothing saved.
		if resp, body := upload(t, kasi, page, "", nil); resp.StatusCode != 422 || !strings.Contains(body, "Pilih berkas XLSX") {
			t.Errorf("no file: %d", resp.StatusCode)
		}
		if resp, body := upload(t, kasi, page, "x.xlsx", []byte("hello")); resp.StatusCode != 422 || !strings.Contains(body, "tidak dapat dibaca") {
			t.Errorf("garbage: %d", resp.StatusCode)
		}
		_, tpl := get(t, kasi, page+"/template.xlsx")
		if resp, body := upload(t, head, page, "skp.xlsx", tpl); resp.StatusCode != 403 {
			t.Errorf("import by the supervisor: %d %s", resp.StatusCode, body)
		}

		// The template as downloaded imports cleanly; the flash says so.
		resp, body2 := upload(t, kasi, page, "skp.xlsx", tpl)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/plans/%d/import", s.skp) {
			t.Fatalf("import: %d %s", resp.StatusCode, body2)
		}
		if _, body := get(t, kasi, page); !strings.Contains(string(body), "skp.xlsx diimpor ke versi 1: 0 indikator baru, 0 diubah, 1 tidak berubah.") {
			t.Errorf("no summary after the import:\n%s", body)
		}

		// In English.
		req, _ := http.NewRequest("POST", s.url+"/lang", strings.NewReader(url.Values{"lang": {"en"}, "back": {"/"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if resp, err := kasi.Do(req); err == nil {
			resp.Body.Close()
		}
		if _, body := get(t, kasi, page); !strings.Contains(string(body), "Import manuals and targets") || !strings.Contains(string(body), "Employee performance plan (PDF)") {
			t.Errorf("English import page:\n%s", body)
		}
		if resp, body := upload(t, kasi, page, "x.xlsx", []byte("hello")); resp.StatusCode != 422 || !strings.Contains(body, "cannot be read") {
			t.Errorf("English problems: %d", resp.StatusCode)
		}
	})
}

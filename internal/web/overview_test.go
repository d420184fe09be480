package web_test

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// The organisation overview lists the offices each viewer may read, with
// the NKO of the quarter; the mean NHK only for those who may see scores.
func TestOverviewPage(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	for _, tc := range []struct {
		role    string
		offices int
		nhk     bool
	}{
		{admin, 6, true}, // five KPPNs and their Kanwil
		{pemeriksa, 6, false},
		{pengelola, 1, true},
		{head, 1, false},
		{staff, 1, false},
	} {
		r := f.Login(t, username(f.Office, tc.role)).Get("/overview?q=2")
		if r.Status != 200 {
			t.Fatalf("%s: %d", tc.role, r.Status)
		}
		rows := strings.Count(r.Body, `<th scope="row">`)
		if rows != tc.offices || !strings.Contains(r.Body, "Kantor Pelayanan Perbendaharaan Negara Sukamaju") ||
			!strings.Contains(r.Body, "Organisasi TW II 2026") {
			t.Errorf("%s: %d offices%s", tc.role, rows, excerpt(r))
		}
		if got := strings.Contains(r.Body, "Rata-rata NHK"); got != tc.nhk {
			t.Errorf("%s: NHK column shown %v, want %v", tc.role, got, tc.nhk)
		}
		// Q2 is closed everywhere: every NKO on the page is final.
		if n := strings.Count(r.Body, `<span class="pill pill-green">Resmi</span>`); n != tc.offices {
			t.Errorf("%s: %d final NKOs of %d", tc.role, n, tc.offices)
		}
	}
}

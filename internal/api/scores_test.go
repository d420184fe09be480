package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/report/pdf/pdftext"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// TestScoresAPI reads the evaluation cycle of the demo office (7 October:
// Q1 and Q2 decreed, Q3 in its assessment window) through the API.
func TestScoresAPI(t *testing.T) {
	t.Parallel()
	f := webtest.New(t, store.SQLite)
	ctx := context.Background()
	token := func(emp int64) string {
		tok, _, err := f.Service.IssueToken(ctx, service.SystemActor(), f.Username(t, emp), "test")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	admin, _, err := f.Service.IssueToken(ctx, service.SystemActor(), "admin", "test")
	if err != nil {
		t.Fatal(err)
	}
	pemeriksa, _, err := f.Service.IssueToken(ctx, service.SystemActor(), "pemeriksa", "test")
	if err != nil {
		t.Fatal(err)
	}
	off := f.Office
	eko, peer := off.Staff["BANK"][0], off.Staff["BANK"][1]
	tok := map[string]string{"eko": token(eko), "peer": token(peer), "kasi": token(off.SectionLed["BANK"]), "head": token(off.Head),
		"pengelola": token(off.Pengelola), "staffPD": token(off.Staff["PD"][0]), "admin": admin, "pemeriksa": pemeriksa}
	get := func(who, path string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.URL+api.Prefix+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok[who])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	y := off.Year
	q2 := fmt.Sprintf("/employees/%d/scores/%d/2", eko, y)
	year := fmt.Sprintf("/employees/%d/scores/%d", eko, y)
	decree := fmt.Sprintf("/years/%d/quarters/2/decree?office=%d", y, off.OfficeID)
	dist := fmt.Sprintf("/years/%d/distribution?office=%d", y, off.OfficeID)

	outputs := map[string][]byte{}
	// The permission matrix of the new routes.
	for _, c := range []struct {
		path string
		want map[string]int
	}{
		{q2, map[string]int{"eko": 200, "peer": 403, "kasi": 200, "head": 200, "pengelola": 200, "staffPD": 403, "admin": 200, "pemeriksa": 403}},
		{year, map[string]int{"eko": 200, "peer": 403, "kasi": 200, "head": 200, "pengelola": 200, "staffPD": 403, "admin": 200, "pemeriksa": 403}},
		{fmt.Sprintf("/employees/%d/scores/%d/2", 999999, y), map[string]int{"eko": 404, "admin": 404}},
		{decree, map[string]int{"eko": 403, "peer": 403, "kasi": 403, "head": 200, "pengelola": 200, "staffPD": 403, "admin": 200, "pemeriksa": 403}},
		{fmt.Sprintf("/years/%d/quarters/4/decree?office=%d", y, off.OfficeID), map[string]int{"head": 404, "eko": 403}},
		{fmt.Sprintf("/years/%d/ekinerja-export?office=%d&format=xlsx", y, off.OfficeID), map[string]int{"eko": 403, "head": 403, "pengelola": 200, "admin": 200, "pemeriksa": 403}},
		{dist, map[string]int{"eko": 403, "peer": 403, "kasi": 403, "head": 200, "pengelola": 200, "staffPD": 403, "admin": 200, "pemeriksa": 403}},
	} {
		for who, want := range c.want {
			if got, b := get(who, c.path); got != want {
				t.Errorf("GET %s as %s: %d, want %d: %.200s", c.path, who, got, want, b)
			}
		}
	}

	// The 360° assessment of Eko's Q3, in its window on the fixture's day.
	send := func(who, method, path, body string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, f.URL+api.Prefix+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok[who])
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	as := fmt.Sprintf("/plans/%d/assessments/3", mustPlan(t, f, eko))
	for who, want := range map[string]int{"eko": 200, "peer": 200, "kasi": 200, "head": 200, "pengelola": 200, "staffPD": 403, "admin": 200, "pemeriksa": 403} {
		if got, b := get(who, as); got != want {
			t.Errorf("GET %s as %s: %d, want %d: %.200s", as, who, got, want, b)
		}
	}
	for _, c := range []struct {
		who, method, path, body string
		want                    int
	}{
		{"peer", http.MethodPut, as + "/scores", `{"scores":[100,101,102,103,104,105,106]}`, 200},
		{"peer", http.MethodPut, as + "/scores", `{"scores":[100,101,102,103,104,105,121]}`, 422},
		{"staffPD", http.MethodPut, as + "/scores", `{"scores":[100,101,102,103,104,105,106]}`, 403},
		{"eko", http.MethodPut, as + "/scores", `{"scores":[100,101,102,103,104,105,106]}`, 403},
		{"eko", http.MethodPut, as + "/raters", fmt.Sprintf(`{"rater_ids":[%d]}`, peer), 409},
		{"kasi", http.MethodPut, as + "/raters", fmt.Sprintf(`{"rater_ids":[%d],"set":true}`, off.Head), 422},
		{"eko", http.MethodPost, as + "/objections", `{"reason":"Tidak sesuai"}`, 409},
		{"peer", http.MethodPost, as + "/objections", `{"reason":"Tidak sesuai"}`, 403},
		{"kasi", http.MethodPost, as + "/objections/decision", `{"reassess":false,"note":"x"}`, 409},
		{"eko", http.MethodPost, fmt.Sprintf("/years/%d/quarters/3/decree?office=%d", y, off.OfficeID), `{"number":"KEP-3"}`, 403},
		{"head", http.MethodPost, fmt.Sprintf("/years/%d/quarters/3/decree?office=%d", y, off.OfficeID), `{"number":"KEP-3"}`, 409},
		{"head", http.MethodPost, fmt.Sprintf("/years/%d/quarters/4/decree?office=%d", y, off.OfficeID), `{"number":"KEP-4"}`, 409},
	} {
		if got, b := send(c.who, c.method, c.path, c.body); got != c.want {
			t.Errorf("%s %s as %s: %d, want %d: %.300s", c.method, c.path, c.who, got, c.want, b)
		}
	}

	// Eko's Q2: the fields the issue names, raters counted per group.
	_, b := get("eko", q2)
	var s struct {
		NHK, NPK, NKP *float64
		Predicate     *string
		Official      bool
		Raters        map[string]int
		Ratings       struct{ Reading string }
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.NHK == nil || s.NPK == nil || s.NKP == nil || s.Predicate == nil || !s.Official || s.Raters["supervisor"] != 1 || s.Raters["peers"] < 1 || s.Ratings.Reading != "tabel_47" {
		t.Errorf("Q2 score: %s", b)
	}
	// The year's NPK is the mean of the quarters'.
	_, b = get("eko", year)
	var ys struct {
		NPK      *float64
		Quarters []struct {
			Quarter int
			NPK     *float64
		}
	}
	if err := json.Unmarshal(b, &ys); err != nil {
		t.Fatal(err)
	}
	sum, n := 0.0, 0
	for _, q := range ys.Quarters {
		if q.NPK != nil {
			sum, n = sum+*q.NPK, n+1
		}
	}
	if ys.NPK == nil || n < 2 || fmt.Sprintf("%.1f", *ys.NPK) != fmt.Sprintf("%.1f", sum/float64(n)) {
		t.Errorf("year NPK: %s", b)
	}
	// The decree lists the office's employees.
	_, b = get("head", decree)
	var d struct {
		Items []struct{ NIP, Name string }
		Total int
	}
	if err := json.Unmarshal(b, &d); err != nil || d.Total < 30 || len(d.Items) != d.Total {
		t.Errorf("decree: %v %.300s", err, b)
	}
	// The distribution names the organisation's predicate.
	_, b = get("head", dist)
	var ds struct {
		OrganisationPredicate string `json:"organisation_predicate"`
		WithinGuide           *bool  `json:"within_guide"`
	}
	if err := json.Unmarshal(b, &ds); err != nil || ds.OrganisationPredicate == "" || ds.WithinGuide == nil {
		t.Errorf("distribution: %v %s", err, b)
	}

	// The e-Kinerja CSV has one row per employee and plan, keyed by a NIP in a
	// column named nip: someone moved in the year has a row per plan period.
	_, b = get("pengelola", fmt.Sprintf("/years/%d/ekinerja-export?office=%d&format=csv", y, off.OfficeID))
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(recs) < 30 || recs[0][0] != "nip" {
		t.Fatalf("export: %v, %d rows: %.300s", err, len(recs), b)
	}
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		key := r[0] + " " + r[5] // nip, periode_awal
		if len(r[0]) != 18 || seen[key] {
			t.Errorf("row NIP %q from %q", r[0], r[5])
		}
		seen[key] = true
	}

	// His SKP carries his supervisor's seven expectations.
	_, b = get("eko", fmt.Sprintf("/plans/%d", mustPlan(t, f, eko)))
	var pl struct {
		Expectations []struct{ Aspect, Text string }
	}
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, x := range pl.Expectations {
		if x.Aspect != "" && x.Text != "" {
			filled++
		}
	}
	if filled != 7 {
		t.Errorf("%d expectations of the seven behaviours: %s", filled, b)
	}

	// Anonymity: nothing Eko reads about his assessment names a peer.
	c := f.Chart(t)
	var peers []string
	for _, id := range off.Staff["BANK"][1:] {
		peers = append(peers, c.Employees[id].Name)
	}
	for _, p := range []string{q2, year, fmt.Sprintf("/employees/%d/scores/%d/1", eko, y), fmt.Sprintf("/employees/%d/scores/%d/3", eko, y), as,
		fmt.Sprintf("/plans/%d/assessments/2", mustPlan(t, f, eko))} {
		_, outputs["API "+p] = get("eko", p)
	}
	web := f.Login(t, f.Username(t, eko))
	sv, err := f.Service.EmployeeScoreIn(ctx, service.SystemActor(), eko, y, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/scores?period=2", "/scores?period=0", fmt.Sprintf("/scores/%d/2", sv.Plan.ID), fmt.Sprintf("/scores/%d/0", sv.Plan.ID),
		fmt.Sprintf("/assess/%d/1", sv.Plan.ID), fmt.Sprintf("/assess/%d/2", sv.Plan.ID), fmt.Sprintf("/assess/%d/3", sv.Plan.ID)} {
		r := web.Get(p)
		if r.Status != http.StatusOK {
			t.Errorf("GET %s: %d", p, r.Status)
		}
		outputs["page "+p] = []byte(r.Body)
	}
	// His PDFs: the SKP and the annual evaluation.
	for _, p := range []string{fmt.Sprintf("/plans/%d/pdf", sv.Plan.ID), fmt.Sprintf("/plans/%d/evaluation.pdf", sv.Plan.ID)} {
		r := web.Get(p)
		pages, err := pdftext.Pages([]byte(r.Body))
		if r.Status != http.StatusOK || err != nil {
			t.Fatalf("GET %s: %d, %v", p, r.Status, err)
		}
		var text strings.Builder
		for _, pg := range pages {
			text.WriteString(strings.Join(pg, "\n"))
		}
		outputs["PDF "+p] = []byte(text.String())
	}
	if !strings.Contains(string(outputs[fmt.Sprintf("PDF /plans/%d/evaluation.pdf", sv.Plan.ID)]), "DOKUMEN EVALUASI KINERJA PEGAWAI") {
		t.Error("the annual evaluation PDF reads back empty")
	}
	// The Pejabat Penilai, who sets the raters, does see their names: the
	// search finds a name where there is one.
	kasi := f.Login(t, f.Username(t, off.SectionLed["BANK"]))
	if r := kasi.Get(fmt.Sprintf("/assess/%d/3", sv.Plan.ID)); !strings.Contains(r.Body, peers[0]) {
		t.Errorf("the Pejabat Penilai's page does not name the raters (status %d)", r.Status)
	}
	for what, out := range outputs {
		for _, name := range peers {
			if strings.Contains(string(out), name) {
				t.Errorf("%s names the peer %s", what, name)
			}
		}
	}
}

// mustPlan returns the plan ID of an employee in the demo year.
func mustPlan(t *testing.T, f *webtest.Fixture, emp int64) int64 {
	t.Helper()
	v, err := f.Service.EmployeeScoreIn(context.Background(), service.SystemActor(), emp, f.Office.Year, 1)
	if err != nil {
		t.Fatal(err)
	}
	return v.Plan.ID
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/api"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/web/webtest"
)

// numberSlot stands in a request body for the number under test, which may
// be no JSON number at all (NaN, ±Inf).
const numberSlot = `"\u0000number\u0000"`

// jsonNumber writes x as a client would: a JSON number when it is finite,
// else what careless clients send (NaN, or a literal too large for float64).
func jsonNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "1e999"
	case math.IsInf(x, -1):
		return "-1e999"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// numbersAPI is the demo office on the fixtures' day (Q2 locked, Q3 being
// reported) with, besides the demo's sheets, a draft PK in a year of its
// own whose line takes the planning numbers.
type numbersAPI struct {
	f                       *webtest.Fixture
	owner, kasi, head, peng string // tokens
	sheet, line             int64  // a draft Q3 sheet's plan and its % line
	locked, lockedLine      int64  // a locked Q2 sheet's plan and a line of it
	year                    int    // the year of the draft PK
	pk, pkLine, objective   int64
	kasiID                  int64
}

func newNumbersAPI(tb testing.TB) *numbersAPI {
	tb.Helper()
	ctx := context.Background()
	f := webtest.New(tb, store.SQLite)
	off := f.Office
	token := func(emp int64) string {
		tok, _, err := f.Service.IssueToken(ctx, service.SystemActor(), f.Username(tb, emp), "fuzz")
		if err != nil {
			tb.Fatal(err)
		}
		return tok
	}
	n := &numbersAPI{f: f, kasiID: off.SectionLed["BANK"], year: off.Year + 1}
	n.kasi, n.head, n.peng = token(n.kasiID), token(off.Head), token(off.Pengelola)
	plans, err := f.Service.ListPlans(ctx, service.SystemActor(), off.Year, off.OfficeID)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range plans {
		if p.Plan.Kind != domain.PlanSKP || !p.Approved {
			continue
		}
		v, err := f.Service.GetSheet(ctx, service.SystemActor(), p.Plan.ID, 3)
		if err != nil || v.Sheet.Status != domain.SheetDraft || n.sheet != 0 {
			continue
		}
		for _, l := range v.Lines {
			if l.HasTarget && l.Indicator.Unit == "%" {
				n.sheet, n.line, n.owner = p.Plan.ID, l.Indicator.LineID, token(p.Plan.EmployeeID)
				break
			}
		}
	}
	for _, p := range plans {
		if p.Plan.EmployeeID == n.kasiID {
			v, err := f.Service.GetSheet(ctx, service.SystemActor(), p.Plan.ID, 2)
			if err != nil {
				tb.Fatal(err)
			}
			for _, l := range v.Lines {
				if l.HasTarget && l.Realisation.ID != 0 {
					n.locked, n.lockedLine = p.Plan.ID, l.Indicator.LineID
				}
			}
		}
	}
	if n.sheet == 0 || n.locked == 0 {
		tb.Fatal("the demo lacks a draft Q3 sheet with a % line or a locked Q2 sheet")
	}

	// A year of its own with an objective and the head's draft PK of one IKU.
	if _, err := f.Service.CreateYear(ctx, service.SystemActor(), n.year, ""); err != nil {
		tb.Fatal(err)
	}
	var o api.Objective
	n.must(tb, n.head, "POST", fmt.Sprintf("/strategy-maps/%d/%d/objectives", n.year, off.OfficeID),
		`{"perspective":"customer","code":"SS-1","name":"Layanan prima"}`, http.StatusCreated, &o)
	var p api.Plan
	n.must(tb, n.head, "POST", "/plans", fmt.Sprintf(`{"year":%d,"employee_id":%d}`, n.year, off.Head), http.StatusCreated, &p)
	var s api.SavedLine
	n.must(tb, n.head, "POST", fmt.Sprintf("/plans/%d/lines", p.ID), lineBody(p.Version.Revision, o.ID, nil), http.StatusCreated, &s)
	n.pk, n.pkLine, n.objective = p.ID, s.Line.LineID, o.ID
	return n
}

// lineBody is an IKU line with sound numbers, where edit may put the
// number slot in one place.
func lineBody(rev int, objective int64, edit func(line, manual map[string]any)) string {
	manual := map[string]any{"formula": "jumlah dokumen selesai", "unit": "dokumen", "validity": "proxy", "control": "moderate",
		"period_consolidation": "sum", "polarity": "maximize", "history_kind": "existing", "prev_target": 16, "prev_realisation": 17}
	line := map[string]any{"revision": rev, "code": "1a-CP", "name": "Dokumen selesai", "objective_id": objective,
		"targets": []any{4, 5, 4, 5}, "manual": manual}
	if edit != nil {
		edit(line, manual)
	}
	b, err := json.Marshal(line)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// send makes one request and returns its status and body. Every answer
// must come whole: no 5xx, and JSON that parses whenever JSON is announced
// (an answer that failed to encode comes as a 200 with a broken body).
func (n *numbersAPI) send(tb testing.TB, token, method, path, body string) (int, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, n.f.URL+api.Prefix+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	ctype := res.Header.Get("Content-Type")
	switch {
	case res.StatusCode >= 500:
		tb.Fatalf("%s %s %s: status %d: %s", method, path, body, res.StatusCode, b)
	case !strings.Contains(ctype, "json") || !json.Valid(b) || bytes.Contains(b, []byte("error marshaling")):
		tb.Fatalf("%s %s %s: status %d, %s that is not JSON: %.300s", method, path, body, res.StatusCode, ctype, b)
	}
	return res.StatusCode, b
}

// must sends a request that has to succeed with want, decoding the answer.
func (n *numbersAPI) must(tb testing.TB, token, method, path, body string, want int, out any) {
	tb.Helper()
	status, b := n.send(tb, token, method, path, body)
	if status != want {
		tb.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			tb.Fatal(err)
		}
	}
}

// revision reads the revision an answer carries at path (e.g. "version").
func revisionOf(tb testing.TB, b []byte, nested string) int {
	tb.Helper()
	var v map[string]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatal(err)
	}
	raw := v["revision"]
	if nested != "" {
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(v[nested], &inner); err != nil {
			tb.Fatal(err)
		}
		raw = inner["revision"]
	}
	rev, err := strconv.Atoi(string(raw))
	if err != nil {
		tb.Fatalf("revision %q: %v", raw, err)
	}
	return rev
}

// FuzzNumbersThroughAPI feeds one float64 bit pattern through every numeric
// input of the API — a realisation, raw-data components, a correction, a
// plan line's targets, weight, annual target, worst realisation, stabilize
// scale and last year's figures, a partial cascade's share, a perspective
// weight — then reads back every answer that shows them. Nothing may
// answer 5xx or fail to encode: what is refused is a 4xx, what is stored
// can be shown.
func FuzzNumbersThroughAPI(f *testing.F) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0x1p-1022, 1e-308, 1e308, -1e308,
		1e15, -1e15, math.Nextafter(1e15, math.Inf(1)), 0, math.Copysign(0, -1), 1, 1234.56, 99.5, 50, 1e-300} {
		f.Add(math.Float64bits(x))
	}
	n := newNumbersAPI(f)
	off := n.f.Office
	sheet := fmt.Sprintf("/plans/%d/quarters/3", n.sheet)
	put := fmt.Sprintf("/plans/%d/lines/%d/quarters/3", n.sheet, n.line)
	plan := fmt.Sprintf("/plans/%d", n.pk)
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := jsonNumber(math.Float64frombits(bits))
		with := func(body string) string { return strings.ReplaceAll(body, numberSlot, x) }

		// The quarter sheet: the value, each raw-data component, a sum.
		for _, body := range []string{
			`{"value":` + numberSlot + `,"confirm_implausible":true}`,
			`{"value":88.5,"confirm_implausible":true,"raw":[{"name":"pembilang","value":` + numberSlot + `},{"name":"penyebut","value":200}]}`,
			`{"value":88.5,"confirm_implausible":true,"raw":[{"name":"pembilang","value":177},{"name":"penyebut","value":` + numberSlot + `}]}`,
			`{"value":` + numberSlot + `,"confirm_implausible":true,"raw":[{"name":"SP2D","value":` + numberSlot + `},{"name":"SPM","value":` + numberSlot + `}]}`,
		} {
			_, b := n.send(t, n.owner, "GET", sheet, "")
			rev := revisionOf(t, b, "")
			n.send(t, n.owner, "PUT", put, with(strings.Replace(body, "{", fmt.Sprintf(`{"revision":%d,`, rev), 1)))
		}
		n.send(t, n.owner, "GET", sheet, "")
		for _, who := range []string{n.owner, n.kasi, n.head, n.peng} {
			n.send(t, who, "GET", "/dashboard/me", "")
		}
		n.send(t, n.head, "GET", "/dashboard/head", "")
		n.send(t, n.peng, "GET", "/dashboard/console", "")
		n.send(t, n.peng, "GET", fmt.Sprintf("/years/%d/quarters/3/nko", off.Year), "")
		n.send(t, n.peng, "GET", fmt.Sprintf("/overview?year=%d&q=3", off.Year), "")

		// A correction of a locked value (one stays pending; later ones are refused).
		n.send(t, n.kasi, "POST", fmt.Sprintf("/plans/%d/lines/%d/quarters/2/corrections", n.locked, n.lockedLine),
			with(`{"value":`+numberSlot+`,"reason":"Data dimutakhirkan","confirm_implausible":true}`))
		n.send(t, n.kasi, "GET", fmt.Sprintf("/plans/%d/quarters/2", n.locked), "")

		// The plan line's numbers, one at a time.
		slot := json.RawMessage(numberSlot)
		for _, edit := range []func(line, manual map[string]any){
			func(l, _ map[string]any) { l["targets"] = []any{slot, 5, 4, 5} },
			func(l, _ map[string]any) { l["targets"] = []any{4, 5, 4, slot} },
			func(l, _ map[string]any) { l["weight"] = slot },
			func(l, _ map[string]any) { l["annual_target"] = slot },
			func(_, m map[string]any) { m["prev_target"] = slot },
			func(_, m map[string]any) { m["prev_realisation"] = slot },
			func(l, m map[string]any) {
				m["polarity"], l["targets"], m["worst"] = "minimize", []any{0, 0, 0, 0}, slot
			},
			func(_, m map[string]any) {
				m["polarity"], m["scale"] = "stabilize", []any{map[string]any{"ca": 0, "achievement": 0}, map[string]any{"ca": slot, "achievement": 120}}
			},
			func(_, m map[string]any) {
				m["polarity"], m["scale"] = "stabilize", []any{map[string]any{"ca": 0, "achievement": 0}, map[string]any{"ca": 90, "achievement": slot}}
			},
		} {
			_, b := n.send(t, n.head, "GET", plan, "")
			n.send(t, n.head, "PUT", fmt.Sprintf("%s/lines/%d", plan, n.pkLine), with(lineBody(revisionOf(t, b, "version"), n.objective, edit)))
		}
		n.send(t, n.head, "GET", plan, "")
		n.send(t, n.head, "GET", fmt.Sprintf("/years/%d/cascade?office=%d", n.year, off.OfficeID), "")
		n.send(t, n.peng, "GET", fmt.Sprintf("/years/%d/k3?office=%d", n.year, off.OfficeID), "")

		// A partial cascade's share, and a perspective weight.
		n.send(t, n.head, "POST", fmt.Sprintf("%s/lines/%d/cascade", plan, n.pkLine),
			with(fmt.Sprintf(`{"method":"partial","targets":[{"employee_id":%d,"targets":[%s,2,2,2]}]}`, n.kasiID, numberSlot)))
		n.send(t, n.kasi, "GET", fmt.Sprintf("/plans?year=%d", n.year), "")
		rest := "50"
		if v := 100 - math.Float64frombits(bits); !math.IsNaN(v) && !math.IsInf(v, 0) {
			rest = jsonNumber(v) // the weights add up to 100 when x is a sound weight
		}
		n.send(t, n.head, "PUT", fmt.Sprintf("/strategy-maps/%d/%d/perspectives", n.year, off.OfficeID),
			with(`{"perspectives":[{"kind":"customer","weight":`+numberSlot+`},{"kind":"internal_process","weight":`+rest+`}]}`))
		n.send(t, n.head, "GET", fmt.Sprintf("/strategy-maps/%d/%d", n.year, off.OfficeID), "")
	})
}

package chart

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/report/palette"
)

const hostile = `<script>alert("x")</script> & “quotes” — Ané`

// checkSVG asserts that s is well-formed XML with an accessible <svg> root
// and no NaN or infinite numbers.
func checkSVG(t *testing.T, name, s string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	var root *xml.StartElement
	var title, desc string
	var in string
	ids := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v\n%s", name, err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == nil {
				el := tok.Copy()
				root = &el
			}
			in = tok.Name.Local
			for _, a := range tok.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
			}
		case xml.CharData:
			if in == "title" && title == "" {
				title = string(tok)
			}
			if in == "desc" && desc == "" {
				desc = string(tok)
			}
		case xml.EndElement:
			in = ""
		}
	}
	if root == nil || root.Name.Local != "svg" {
		t.Fatalf("%s: root is not <svg>", name)
	}
	attrs := map[string]string{}
	for _, a := range root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	if attrs["role"] != "img" || attrs["viewBox"] == "" {
		t.Errorf("%s: root lacks role=img or viewBox: %v", name, attrs)
	}
	for _, ref := range strings.Fields(attrs["aria-labelledby"]) {
		if !ids[ref] {
			t.Errorf("%s: aria-labelledby refers to missing id %q", name, ref)
		}
	}
	if title == "" || desc == "" {
		t.Errorf("%s: empty <title> or <desc>", name)
	}
	for _, bad := range []string{"NaN", "Inf", "<script"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s: output contains %q", name, bad)
		}
	}
}

func sampleCharts(title string, labelExtra string) map[string]interface {
	SVG() string
	Table() DataTable
} {
	nan := math.NaN()
	return map[string]interface {
		SVG() string
		Table() DataTable
	}{
		"line": LineChart{
			Meta:        Meta{Title: title},
			Labels:      []string{"Q1", "Q2", "Q3", "Q4" + labelExtra},
			Series:      []Series{{Name: "NKO" + labelExtra, Values: []float64{98.5, 103.25, nan, 110}}, {Name: "Target", Values: []float64{100, 100, 100, 100}}},
			Refs:        []RefLine{{Value: 100}},
			ValueLabels: true,
		},
		"bar": BarChart{
			Meta: Meta{Title: title},
			Bars: []Bar{
				{Label: "Stakeholder" + labelExtra, Value: 104.35, Status: palette.StatusGreen},
				{Label: "Customer", Value: 92.1, Status: palette.StatusYellow},
				{Label: "Internal Process", Value: 71, Status: palette.StatusRed},
				{Label: "Learning & Growth", Value: nan},
			},
			Refs: []RefLine{{Value: 100, Label: "Target 100"}},
		},
		"spark": Sparkline{Meta: Meta{Title: title}, Labels: []string{"Q1", "Q2", "Q3", "Q4"}, Values: []float64{95, nan, 101, 99}, Refs: []RefLine{{Value: 100}}},
		"gauge": Gauge{Meta: Meta{Title: title}, Value: 104.35, Label: "NKO Triwulan III" + labelExtra, Predicate: "Baik", Status: palette.StatusGreen},
		"heat": HeatMap{
			Meta:    Meta{Title: title},
			Rows:    []string{"KPPN Jakarta I" + labelExtra, "KPPN Jakarta II", "Kanwil DJPb DKI"},
			Columns: []string{"Q1", "Q2", "Q3", "Q4"},
			Values:  [][]float64{{101, 99.5, 79.99, nan}, {120, 100, 85}, {60, nan, 100.01, 110}},
		},
		"smap": StrategyMap{
			Meta: Meta{Title: title},
			Perspectives: []Perspective{
				{Name: "Stakeholder" + labelExtra, Weight: 30, Objectives: []Objective{{Code: "SS-1", Name: "Pengelolaan perbendaharaan yang akuntabel" + labelExtra, Status: palette.StatusGreen, URL: "/objectives/1"}}},
				{Name: "Customer", Weight: 25, Objectives: []Objective{{Code: "SS-2", Name: "Layanan prima", Status: palette.StatusYellow}, {Code: "SS-3", Name: "Kepuasan satker", Status: palette.StatusRed, URL: "javascript:alert(1)"}}},
				{Name: "Internal Process", Weight: 25, Objectives: []Objective{{Code: "SS-4", Name: "Proses bisnis efektif"}, {Code: "SS-5", Name: "Pelaksanaan anggaran berkualitas"}, {Code: "SS-6", Name: "Akurasi data"}}},
				{Name: "Learning & Growth", Weight: 20, Objectives: []Objective{{Code: "SS-7", Name: "SDM kompeten"}, {Code: "SS-8", Name: "Sistem informasi andal"}}},
			},
			Links: []Link{{"SS-2", "SS-1"}, {"SS-3", "SS-1"}, {"SS-4", "SS-2"}, {"SS-5", "SS-3"}, {"SS-7", "SS-4"}, {"SS-8", "SS-3"}, {"SS-7", "SS-1"}, {"SS-6", "SS-5"}, {"SS-9", "SS-1"}},
		},
	}
}

func TestChartsWellFormedAndEscaped(t *testing.T) {
	for name, c := range sampleCharts(hostile, " "+hostile) {
		s := c.SVG()
		checkSVG(t, name, s)
		if !strings.Contains(s, "&lt;script&gt;") {
			t.Errorf("%s: hostile text not present in escaped form", name)
		}
		tab := c.Table()
		if len(tab.Rows) == 0 || len(tab.Header) == 0 {
			t.Errorf("%s: empty data table", name)
		}
		for _, r := range tab.Rows {
			if len(r) != len(tab.Header) {
				t.Errorf("%s: table row %v has %d cells for %d headers", name, r, len(r), len(tab.Header))
			}
		}
	}
}

func TestChartsEmptyData(t *testing.T) {
	empty := map[string]interface{ SVG() string }{
		"line":        LineChart{Meta: Meta{Title: "x"}},
		"line-allnan": LineChart{Labels: []string{"Q1"}, Series: []Series{{Values: []float64{math.NaN()}}}},
		"bar":         BarChart{},
		"spark":       Sparkline{},
		"heat":        HeatMap{Rows: []string{"a"}},
		"smap":        StrategyMap{Perspectives: []Perspective{{Name: "Customer"}}},
		"gauge":       Gauge{Value: math.NaN()},
	}
	for name, c := range empty {
		s := c.SVG()
		checkSVG(t, name, s)
		if len(s) > 2000 {
			t.Errorf("%s: empty chart is %d bytes", name, len(s))
		}
	}
	if s := (BarChart{Meta: Meta{Lang: "en"}}).SVG(); !strings.Contains(s, "No data") {
		t.Errorf("English empty chart: %s", s)
	}
	if s := (BarChart{}).SVG(); !strings.Contains(s, "Tidak ada data") {
		t.Errorf("Indonesian empty chart: %s", s)
	}
}

func TestChartsOddValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	odd := map[string]interface{ SVG() string }{
		"line":       LineChart{Labels: []string{"Q1", "Q2"}, Series: []Series{{Values: []float64{inf, -inf}}, {Values: []float64{1e300, nan, 5}}}},
		"line-fixed": LineChart{Series: []Series{{Values: []float64{-50, 500}}}, Min: 0, Max: 120, Refs: []RefLine{{Value: nan}, {Value: 1e9}}},
		"line-flat":  LineChart{Series: []Series{{Values: []float64{7, 7, 7}}}},
		"bar":        BarChart{Bars: []Bar{{Label: "a", Value: inf}, {Label: "b", Value: -20}, {Label: "c", Value: 300}}, Max: 120, Refs: []RefLine{{Value: inf}}},
		"bar-allnan": BarChart{Bars: []Bar{{Label: "a", Value: nan}}},
		"spark":      Sparkline{Values: []float64{5}, Width: nan, Height: -1},
		"spark-inf":  Sparkline{Values: []float64{inf, 3, 3}},
		"gauge-high": Gauge{Value: 250, Min: nan, Max: inf},
		"gauge-low":  Gauge{Value: -10},
		"gauge-inf":  Gauge{Value: inf, Bands: []Band{{From: nan}}},
		"heat":       HeatMap{Rows: []string{"a"}, Columns: []string{"b", "c"}, Values: [][]float64{{inf, -1e9}}},
	}
	for name, c := range odd {
		checkSVG(t, name, c.SVG())
	}
}

func TestChartIDs(t *testing.T) {
	a := LineChart{Meta: Meta{Title: "A"}, Series: []Series{{Values: []float64{1, 2}}}}.SVG()
	b := LineChart{Meta: Meta{Title: "B"}, Series: []Series{{Values: []float64{1, 2}}}}.SVG()
	if a == b {
		t.Fatal("different charts share markup")
	}
	if a != (LineChart{Meta: Meta{Title: "A"}, Series: []Series{{Values: []float64{1, 2}}}}).SVG() {
		t.Error("output is not deterministic")
	}
	c := LineChart{Meta: Meta{Title: "A", ID: `x"><script>`}, Series: []Series{{Values: []float64{1}}}}.SVG()
	checkSVG(t, "custom id", c)
	if !strings.Contains(c, `id="xscript-t"`) {
		t.Errorf("custom id not sanitised: %s", c[:300])
	}
}

func TestNumbersFollowLanguage(t *testing.T) {
	g := Gauge{Value: 104.35, Predicate: "Baik"}
	if s := g.SVG(); !strings.Contains(s, ">104,35<") {
		t.Error("Indonesian gauge lacks 104,35")
	}
	g.Lang = "en"
	if s := g.SVG(); !strings.Contains(s, ">104.35<") {
		t.Error("English gauge lacks 104.35")
	}
	h := HeatMap{Rows: []string{"a"}, Columns: []string{"Q1", "Q2"}, Values: [][]float64{{math.NaN(), 80}}}
	if s := h.SVG(); !strings.Contains(s, ">–<") {
		t.Error("missing value not shown as –")
	}
	// Figures have two decimals, as pages print them; the scale does not.
	l := LineChart{Labels: []string{"TW I", "TW II"}, Series: []Series{{Name: "NKO", Values: []float64{101.7, 100}}}, ValueLabels: true}
	if s := l.SVG(); !strings.Contains(s, ">101,70<") || !strings.Contains(s, ">100,00<") || strings.Contains(s, ">101,7<") {
		t.Error("the line's values are not printed with two decimals")
	}
	if tb := l.Table(); tb.Rows[0][1] != "101,70" {
		t.Errorf("the line's table: %v", tb.Rows)
	}
	b := BarChart{Bars: []Bar{{Label: "Stakeholder", Value: 94.9}}, Max: 120}
	if s := b.SVG(); !strings.Contains(s, ">94,90<") || strings.Contains(s, ">120,00<") {
		t.Error("a bar's value lacks its two decimals, or the scale has them")
	}
}

func TestBandOf(t *testing.T) {
	b := DefaultBands()
	for _, tt := range []struct {
		v    float64
		want palette.Status
	}{{-5, palette.StatusRed}, {79.99, palette.StatusRed}, {80, palette.StatusYellow}, {99.99, palette.StatusYellow}, {100, palette.StatusGreen}, {500, palette.StatusGreen}} {
		if got, _ := bandOf(b, tt.v); got != tt.want {
			t.Errorf("bandOf(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if _, ok := bandOf(b, math.NaN()); ok {
		t.Error("NaN has a band")
	}
}

func TestWrap(t *testing.T) {
	lines := wrap("Pengelolaan perbendaharaan yang akuntabel dan transparan", 120, 12, 0)
	if len(lines) < 2 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for _, l := range lines {
		if textWidth(l, 12) > 120 {
			t.Errorf("line %q too wide", l)
		}
	}
	long := wrap(strings.Repeat("x", 200), 50, 12, 3)
	if len(long) != 3 || !strings.HasSuffix(long[2], "…") {
		t.Errorf("long word: %q", long)
	}
	if got := wrap("", 50, 12, 2); len(got) != 0 {
		t.Errorf("empty: %q", got)
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"/objectives/1":          "/objectives/1",
		"https://example.org/a":  "https://example.org/a",
		"javascript:alert(1)":    "",
		" JavaScript:alert(1)":   "",
		"data:text/html,hi":      "",
		"mailto:someone@x.org":   "",
		"?tab=map#SS-1":          "?tab=map#SS-1",
		"http://[::1]:namedport": "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStrategyMapArrowsAvoidBoxes samples every arrow and checks that no
// point falls inside a box other than near its own two ends.
func TestStrategyMapArrowsAvoidBoxes(t *testing.T) {
	m := sampleCharts("Peta strategi", "")["smap"].(StrategyMap)
	// A link skipping a band and one inside a band exercise the routing.
	m.Links = append(m.Links, Link{"SS-8", "SS-1"}, Link{"SS-4", "SS-6"}, Link{"SS-1", "SS-7"})
	s := m.SVG()
	checkSVG(t, "smap", s)
	if strings.Contains(s, "javascript:") {
		t.Error("unsafe URL kept")
	}
	if !strings.Contains(s, `<a href="/objectives/1">`) {
		t.Error("box link missing")
	}

	type rect struct{ x, y, w, h float64 }
	var boxes []rect
	reRect := regexp.MustCompile(`<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="5"`)
	for _, m := range reRect.FindAllStringSubmatch(s, -1) {
		boxes = append(boxes, rect{atof(m[1]), atof(m[2]), atof(m[3]), atof(m[4])})
	}
	if len(boxes) != 8 {
		t.Fatalf("found %d boxes, want 8", len(boxes))
	}
	rePath := regexp.MustCompile(`<path d="(M[^"]*C[^"]*)" fill="none" stroke="[^"]*" stroke-width="1.6" marker-end`)
	paths := rePath.FindAllStringSubmatch(s, -1)
	if len(paths) != len(m.Links)-1 { // SS-9 does not exist
		t.Fatalf("found %d arrows, want %d", len(paths), len(m.Links)-1)
	}
	reNum := regexp.MustCompile(`-?[\d.]+`)
	for _, p := range paths {
		nums := reNum.FindAllString(p[1], -1)
		var pts [][2]float64
		for i := 0; i+1 < len(nums); i += 2 {
			pts = append(pts, [2]float64{atof(nums[i]), atof(nums[i+1])})
		}
		for seg := 0; seg+3 < len(pts); seg += 3 {
			p0, p1, p2, p3 := pts[seg], pts[seg+1], pts[seg+2], pts[seg+3]
			for k := 1; k < 50; k++ {
				u := float64(k) / 50
				x := math.Pow(1-u, 3)*p0[0] + 3*math.Pow(1-u, 2)*u*p1[0] + 3*(1-u)*u*u*p2[0] + u*u*u*p3[0]
				y := math.Pow(1-u, 3)*p0[1] + 3*math.Pow(1-u, 2)*u*p1[1] + 3*(1-u)*u*u*p2[1] + u*u*u*p3[1]
				for _, b := range boxes {
					if x > b.x+1 && x < b.x+b.w-1 && y > b.y+1 && y < b.y+b.h-1 {
						t.Errorf("arrow %s crosses box at (%.0f, %.0f)", p[1], x, y)
					}
				}
			}
		}
	}
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

func TestHeatMapRowLinks(t *testing.T) {
	h := HeatMap{Rows: []string{"Ani", "Budi", "Citra"}, Columns: []string{"1a"}, Values: [][]float64{{101}, {85}, {70}},
		Links: []string{"/plans/7/quarters/3", "javascript:alert(1)"}}
	s := h.SVG()
	if n := strings.Count(s, `<a href="/plans/7/quarters/3">`); n != 1 {
		t.Errorf("row link appears %d times", n)
	}
	if strings.Contains(s, "javascript") {
		t.Error("unsafe link kept")
	}
	if strings.Count(s, "<a ") != strings.Count(s, "</a>") {
		t.Error("unbalanced links")
	}
	checkSVG(t, "heat with links", s)
}

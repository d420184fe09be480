//go:build samples

// Writing samples to look at, not a check: run with
//
//	KINERJA_CHART_GALLERY=/tmp/charts go test -tags samples -count=1 -run TestGallery ./internal/report/chart/

package chart

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/report/palette"
)

// TestGallery writes the sample charts as HTML pages into the directory
// named by KINERJA_CHART_GALLERY (index.html with all, one page per chart),
// for looking at them in a browser.
func TestGallery(t *testing.T) {
	dir := os.Getenv("KINERJA_CHART_GALLERY")
	if dir == "" {
		t.Fatal("set KINERJA_CHART_GALLERY=/tmp/charts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const head = `<!doctype html><meta charset="utf-8"><style>body{font-family:sans-serif;margin:16px}figure{display:inline-block;vertical-align:top;margin:8px;border:1px solid #ddd;padding:8px}</style>`
	charts := sampleCharts("Contoh", "")
	sm := charts["smap"].(StrategyMap)
	sm.Links = append(sm.Links, Link{"SS-8", "SS-1"}, Link{"SS-1", "SS-7"})
	charts["smap"] = sm
	charts["smap-en"] = StrategyMap{Meta: Meta{Lang: "en"}, Perspectives: []Perspective{
		{Name: "Customer", Weight: 35, Objectives: []Objective{{Code: "C1", Name: "Satisfied clients with a very long objective name that needs several lines to fit in its box", Status: palette.StatusGreen}}},
		{Name: "Internal Process", Weight: 35, Objectives: []Objective{{Code: "P1", Name: "One"}, {Code: "P2", Name: "Two"}, {Code: "P3", Name: "Three"}, {Code: "P4", Name: "Four"}, {Code: "P5", Name: "Five"}, {Code: "P6", Name: "Six"}, {Code: "P7", Name: "Seven", Status: palette.StatusRed}}},
		{Name: "Learning & Growth", Weight: 30, Objectives: []Objective{{Code: "L1", Name: "People"}}},
	}, Links: []Link{{"P1", "C1"}, {"P6", "C1"}, {"P7", "C1"}, {"L1", "P7"}, {"L1", "C1"}, {"L1", "P3"}}}
	heat := charts["heat"].(HeatMap)
	heat.Lang = "en"
	charts["heat-en"] = heat
	charts["spark-big"] = Sparkline{Values: []float64{95, math.NaN(), 101, 99}, Refs: []RefLine{{Value: 100}}, Width: 240, Height: 60}
	charts["empty"] = BarChart{}
	var all strings.Builder
	all.WriteString(head)
	names := []string{"smap", "smap-en", "line", "bar", "heat", "heat-en", "gauge", "spark", "spark-big", "empty"}
	for _, name := range names {
		svg := charts[name].SVG()
		fig := "<figure><figcaption>" + name + "</figcaption>" + svg + "</figure>"
		all.WriteString(fig)
		if err := os.WriteFile(dir+"/"+name+".html", []byte(head+fig), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(dir+"/index.html", []byte(all.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

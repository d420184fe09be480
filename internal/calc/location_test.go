package calc

import "testing"

func TestConsolidateLocations(t *testing.T) {
	cases := []struct {
		name string
		c    Consolidation
		in   []float64
		want Opt
	}{
		{"sum", ConsolidationSum, []float64{12, 30.5, 7}, Some(49.5)},
		{"average", ConsolidationAverage, []float64{90, 95, 97}, Some(94)},
		{"last", ConsolidationLast, []float64{4.5, 4.2, 4.8}, Some(4.8)},
		{"one office", ConsolidationAverage, []float64{88}, Some(88)},
		{"no figure yet", ConsolidationSum, nil, Opt{}},
		{"unknown rule", Consolidation("median"), []float64{1, 2}, Opt{}},
		{"overflow", ConsolidationSum, []float64{MaxInput, MaxInput}, Opt{}},
	}
	for _, tc := range cases {
		if got := ConsolidateLocations(tc.c, tc.in); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

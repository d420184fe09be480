package cli

import (
	"testing"
	"time"
)

// kinerja demo --today: the clock stands at the day given, at the current
// time of day, and moves on; a malformed or absurd day is refused.
func TestDemoClock(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	real := time.Date(2026, 12, 6, 14, 30, 0, 0, wib)
	now := real
	clock, err := demoClock("2026-08-20", wib, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if got := clock(); !got.Equal(time.Date(2026, 8, 20, 14, 30, 0, 0, wib)) {
		t.Errorf("clock = %v", got)
	}
	now = real.Add(10 * time.Hour)
	if got := clock(); !got.Equal(time.Date(2026, 8, 21, 0, 30, 0, 0, wib)) {
		t.Errorf("ten hours later the clock = %v", got)
	}
	for _, bad := range []string{"20-08-2026", "2026-02-30", "1900-01-01", "9999-12-31", ""} {
		if _, err := demoClock(bad, wib, time.Now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

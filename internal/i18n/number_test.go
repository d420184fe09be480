package i18n

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Jakarta etc. without system tzdata
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		lang string
		x    float64
		dec  int
		want string
	}{
		{"id", 1234.56, 2, "1.234,56"},
		{"en", 1234.56, 2, "1,234.56"},
		{"id", 0, 2, "0,00"},
		{"id", 5, 0, "5"},
		{"id", 999, 0, "999"},
		{"id", 1000, 0, "1.000"},
		{"id", 1234567.891, 1, "1.234.567,9"},
		{"en", 1234567.891, 1, "1,234,567.9"},
		{"id", -1234.5, 2, "-1.234,50"},
		{"en", -0.001, 2, "0.00"},
		{"id", 104.345, 2, "104,34"}, // binary value is 104.3449…
		{"id", 99.999, 2, "100,00"},
		{"id", 12, -1, "12"},
		{"en-US", 1e6, 0, "1,000,000"},
		{"", 1e6, 0, "1.000.000"},
		{"id", math.NaN(), 2, NumberUndefined},
		{"en", math.Inf(1), 2, NumberUndefined},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.lang, tt.x, tt.dec); got != tt.want {
			t.Errorf("FormatNumber(%q, %v, %d) = %q, want %q", tt.lang, tt.x, tt.dec, got, tt.want)
		}
	}
}

func TestFormatNumberTrim(t *testing.T) {
	tests := []struct {
		lang string
		x    float64
		max  int
		want string
	}{
		{"id", 95, 2, "95"},
		{"id", 95.5, 2, "95,5"},
		{"en", 95.5, 2, "95.5"},
		{"id", 95.25, 2, "95,25"},
		{"id", 95.251, 2, "95,25"},
		{"id", 1000, 2, "1.000"},
		{"id", 1000.1, 2, "1.000,1"},
		{"id", -0.001, 2, "0"},
		{"id", 0, 0, "0"},
		{"id", math.NaN(), 2, NumberUndefined},
	}
	for _, tt := range tests {
		if got := FormatNumberTrim(tt.lang, tt.x, tt.max); got != tt.want {
			t.Errorf("FormatNumberTrim(%q, %v, %d) = %q, want %q", tt.lang, tt.x, tt.max, got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	ok := []struct {
		in   string
		want float64
	}{
		{"1234.5", 1234.5},
		{"1234,5", 1234.5},
		{"1.234,5", 1234.5},
		{"1,234.5", 1234.5},
		{"1.234.567", 1234567},
		{"1,234,567", 1234567},
		{"1.234.567,89", 1234567.89},
		{"-12", -12},
		{"+12", 12},
		{"−12,5", -12.5},
		{"  42 ", 42},
		{"\u00a042\u00a0", 42},
		{"0", 0},
		{"0.234", 0.234},
		{"0,5", 0.5},
		{",5", 0.5},
		{"12.5", 12.5},
		{"1.2345", 1.2345},
		{"1234.567", 1234.567},
		{"1,2340", 1.234},
		{"1.234,0", 1234},
		{"100", 100},
		{"007", 7},
	}
	for _, tt := range ok {
		got, err := ParseNumber(tt.in)
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}

	bad := []struct {
		in     string
		reason NumberReason
	}{
		{"", NumberEmpty},
		{"   ", NumberEmpty},
		{"abc", NumberInvalid},
		{"12%", NumberInvalid},
		{"1e5", NumberInvalid},
		{"NaN", NumberInvalid},
		{"Inf", NumberInvalid},
		{"-", NumberInvalid},
		{"--1", NumberInvalid},
		{"1 234", NumberInvalid},
		{"5.", NumberInvalid},
		{"5,", NumberInvalid},
		{"1.234,5,6", NumberInvalid},
		{"1,234.5.6", NumberInvalid},
		{"1.234", NumberAmbiguous},
		{"1,234", NumberAmbiguous},
		{"-12,500", NumberAmbiguous},
		{"1.23.456", NumberGrouping},
		{"1234.567.890", NumberGrouping},
		{"1.2,5", NumberGrouping},
		{"0.123.456", NumberGrouping},
		{strings.Repeat("9", 400), NumberRange},
	}
	for _, tt := range bad {
		_, err := ParseNumber(tt.in)
		var ne *NumberError
		if !errors.As(err, &ne) {
			t.Errorf("ParseNumber(%q) error = %v, want *NumberError", tt.in, err)
			continue
		}
		if ne.Reason != tt.reason {
			t.Errorf("ParseNumber(%q) reason = %v, want %v", tt.in, ne.Reason, tt.reason)
		}
		if ne.Message("id") == ne.Message("en") || ne.Message("id") == "" {
			t.Errorf("ParseNumber(%q): messages not translated: %q", tt.in, ne.Message("id"))
		}
	}
}

func TestParseNumberLang(t *testing.T) {
	tests := []struct {
		lang, in string
		want     float64
	}{
		{"id", "1.234", 1234},
		{"id", "1,234", 1.234},
		{"en", "1.234", 1.234},
		{"en", "1,234", 1234},
		{"id", "12.5", 12.5}, // unambiguous input is read the same whatever the language
		{"en", "1.234,5", 1234.5},
	}
	for _, tt := range tests {
		got, err := ParseNumberLang(tt.lang, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseNumberLang(%q, %q) = %v, %v; want %v", tt.lang, tt.in, got, err, tt.want)
		}
	}
}

func TestParseFormatRoundTrip(t *testing.T) {
	for _, x := range []float64{0, 1, -1, 12.5, 999.99, 1234.56, -98765.43, 1e9} {
		for _, lang := range []string{"id", "en"} {
			s := FormatNumber(lang, x, 2)
			got, err := ParseNumber(s)
			if err != nil || math.Abs(got-x) > 1e-9 {
				t.Errorf("ParseNumber(FormatNumber(%q, %v)) = %q → %v, %v", lang, x, s, got, err)
			}
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, time.November, 27, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		got, want string
	}{
		{FormatDate("id", d), "27 November 2026"},
		{FormatDate("en", d), "27 November 2026"},
		{FormatDate("id", time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)), "5 Januari 2027"},
		{FormatDate("en", time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)), "5 January 2027"},
		{FormatDate("id", time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)), "17 Agustus 2026"},
		{FormatDateShort("id", d), "27 Nov 2026"},
		{FormatDateShort("id", time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)), "17 Agu 2026"},
		{FormatDateShort("en", time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)), "17 Aug 2026"},
		{FormatDateShort("id", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)), "1 Okt 2026"},
		{FormatDateShort("id", time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)), "31 Des 2026"},
		{FormatDateShort("id", time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)), "2 Mei 2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	months := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	for i, m := range months {
		if got := MonthName("id", time.Month(i+1)); got != m {
			t.Errorf("MonthName(id, %d) = %q, want %q", i+1, got, m)
		}
	}
}

func TestFormatDateTime(t *testing.T) {
	utc := time.Date(2026, time.November, 27, 7, 5, 0, 0, time.UTC)
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	tests := []struct {
		lang string
		loc  *time.Location
		want string
	}{
		{"id", load("Asia/Jakarta"), "27 November 2026 14.05 WIB"},
		{"en", load("Asia/Jakarta"), "27 November 2026 14:05 WIB"},
		{"id", load("Asia/Makassar"), "27 November 2026 15.05 WITA"},
		{"id", load("Asia/Jayapura"), "27 November 2026 16.05 WIT"},
		{"id", time.FixedZone("", 7*3600), "27 November 2026 14.05 WIB"},
		{"en", time.UTC, "27 November 2026 07:05 UTC"},
		{"en", time.FixedZone("", 5*3600+1800), "27 November 2026 12:35 UTC+5:30"},
		{"id", nil, "27 November 2026 07.05 UTC"},
	}
	for _, tt := range tests {
		if got := FormatDateTime(tt.lang, utc, tt.loc); got != tt.want {
			t.Errorf("FormatDateTime(%q, %v) = %q, want %q", tt.lang, tt.loc, got, tt.want)
		}
	}
	// Crossing midnight changes the date shown.
	late := time.Date(2026, time.December, 31, 20, 0, 0, 0, time.UTC)
	if got := FormatDateTime("id", late, load("Asia/Jayapura")); got != "1 Januari 2027 05.00 WIT" {
		t.Errorf("got %q", got)
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-11-27", "27/11/2026", "27-11-2026", "27.11.2026", " 27 November 2026 ", "27 november 2026", "27 Nov 2026", "27 NOV 2026"} {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v", in, got, err)
		}
	}
	ok := map[string]time.Time{
		"1/2/2027":         time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), // day first
		"17 Agustus 2026":  time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC),
		"17 Agu 2026":      time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC),
		"5 Mei 2026":       time.Date(2026, 5, 5, 0, 0, 0, 0, time.UTC),
		"1 Okt 2026":       time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		"29/02/2028":       time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),
		"3 September 2026": time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC),
	}
	for in, want := range ok {
		if got, err := ParseDate(in); err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "  ", "31/02/2026", "29/02/2027", "2026-13-01", "2026-1-5", "11/27/2026", "27/11/26", "27 Foo 2026", "hari ini", "27/11/2026/1", "0/1/2026", "-1/1/2026", "2026-11-27T10:00"} {
		_, err := ParseDate(in)
		var de *DateError
		if !errors.As(err, &de) {
			t.Errorf("ParseDate(%q) error = %v, want *DateError", in, err)
			continue
		}
		if de.Message("id") == de.Message("en") {
			t.Errorf("ParseDate(%q): untranslated message", in)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.234,5", "1,234.5", "-12", "1.234", ",5", "9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
	})
}

func TestQuarter(t *testing.T) {
	for _, tc := range []struct {
		lang string
		q    int
		want string
	}{
		{"id", 1, "TW I"}, {"id", 2, "TW II"}, {"id", 3, "TW III"}, {"id", 4, "TW IV"},
		{"en", 1, "Q1"}, {"en", 4, "Q4"}, {"en-GB", 2, "Q2"}, {"", 3, "TW III"},
		{"id", 0, "0"}, {"en", 5, "5"},
	} {
		if got := Quarter(tc.lang, tc.q); got != tc.want {
			t.Errorf("Quarter(%q, %d) = %q, want %q", tc.lang, tc.q, got, tc.want)
		}
	}
}

package domain_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

func TestValidateNIP(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		nip  string
		want string // message key; "" when valid
	}{
		{"valid", "198001152005011001", ""},
		{"valid woman", "198506302010122045", ""},
		{"valid leap day", "198002292005011001", ""},
		{"valid appointed in the month of the 18th birthday", "198001151998011001", ""},
		{"valid appointed this month", "198001152026111001", ""},
		{"17 digits", "19800115200501100", "nip.length"},
		{"19 digits", "1980011520050110011", "nip.length"},
		{"empty", "", "nip.length"},
		{"letter", "19800115200501100A", "nip.digits"},
		{"inner space", "19800115 200501100", "nip.digits"},
		{"month 13 in birth date", "198013152005011001", "nip.birth"},
		{"day 32 in birth date", "198001322005011001", "nip.birth"},
		{"29 February of a common year", "198102292005011001", "nip.birth"},
		{"born before 1940", "193912312005011001", "nip.birth"},
		{"born in the future", "202712012050011001", "nip.birth"},
		{"appointment month 13", "198001152005131001", "nip.appointment"},
		{"appointment month 00", "198001152005001001", "nip.appointment"},
		{"appointed at 17", "198001151997121001", "nip.appointment"},
		{"appointed before birth", "198001151979011001", "nip.appointment"},
		{"appointed next month", "198001152026121001", "nip.appointment"},
		{"appointed next year", "198001152027011001", "nip.appointment"},
		{"sex digit 0", "198001152005010001", "nip.sex"},
		{"sex digit 3", "198001152005013001", "nip.sex"},
		{"sequence 000", "198001152005011000", "nip.sequence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.ValidateNIP(tc.nip, today); got != tc.want {
				t.Errorf("ValidateNIP(%q) = %q, want %q", tc.nip, got, tc.want)
			}
		})
	}
}

func TestNormalizeNIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"198001152005011001", "198001152005011001"},
		{"19800115 200501 1 001", "198001152005011001"},
		{"19800115.200501.1.001", "198001152005011001"},
		{"19800115-200501-1-001", "198001152005011001"},
		{"  19800115 200501 1 001\t", "198001152005011001"},
		{"1980 0115.2005-01 1001", "198001152005011001"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := domain.NormalizeNIP(tc.in); got != tc.want {
			t.Errorf("NormalizeNIP(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// A normalised NIP typed with separators validates.
	if k := domain.ValidateNIP(domain.NormalizeNIP("19800115 200501 1 001"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); k != "" {
		t.Errorf("normalised NIP refused: %s", k)
	}
}

func TestFormatNIP(t *testing.T) {
	if got, want := domain.FormatNIP("198001152005011001"), "19800115 200501 1 001"; got != want {
		t.Errorf("FormatNIP = %q, want %q", got, want)
	}
	if got := domain.FormatNIP("12345"); got != "12345" {
		t.Errorf("FormatNIP of a short value = %q, want it unchanged", got)
	}
}

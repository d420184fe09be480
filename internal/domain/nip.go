package domain

import (
	"strings"
	"time"
)

// NormalizeNIP removes the spaces and dots people type between NIP groups.
func NormalizeNIP(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// ValidateNIP checks the shape of an 18-digit NIP: birth date yyyymmdd,
// appointment (TMT CPNS) yyyymm, sex digit 1 or 2, sequence 001–999.
// It returns a message key explaining the first problem, or "".
func ValidateNIP(nip string, today time.Time) string {
	if len(nip) != 18 {
		return "nip.length"
	}
	for _, r := range nip {
		if r < '0' || r > '9' {
			return "nip.digits"
		}
	}
	birth, err := time.Parse("20060102", nip[0:8])
	if err != nil {
		return "nip.birth"
	}
	if birth.Year() < 1940 || birth.After(today) {
		return "nip.birth"
	}
	appt, err := time.Parse("200601", nip[8:14])
	if err != nil {
		return "nip.appointment"
	}
	// A civil servant is appointed at 18 at the earliest, and not in the future.
	if appt.Before(birth.AddDate(18, 0, 0).AddDate(0, -1, 0)) || appt.After(today) {
		return "nip.appointment"
	}
	if nip[14] != '1' && nip[14] != '2' {
		return "nip.sex"
	}
	if nip[15:18] == "000" {
		return "nip.sequence"
	}
	return ""
}

// FormatNIP groups an NIP the way it is printed: 19800101 200501 1 001.
func FormatNIP(nip string) string {
	if len(nip) != 18 {
		return nip
	}
	return nip[0:8] + " " + nip[8:14] + " " + nip[14:15] + " " + nip[15:18]
}

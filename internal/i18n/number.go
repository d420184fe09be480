package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Number and date formatting for the two interface languages. A lang value
// starting with "en" selects English; anything else (including "") selects
// Indonesian, the default language of the application.

// numIsEnglish reports whether lang selects English conventions.
func numIsEnglish(lang string) bool {
	return len(lang) >= 2 && strings.EqualFold(lang[:2], "en")
}

// numSeparators returns the grouping and decimal separators of lang.
func numSeparators(lang string) (group, decimal byte) {
	if numIsEnglish(lang) {
		return ',', '.'
	}
	return '.', ','
}

// NumberUndefined is what FormatNumber and FormatNumberTrim return for NaN
// and infinities, which stand for "not defined" (e.g. an achievement without
// a target) and must never reach a report as "NaN".
const NumberUndefined = "–"

// FormatNumber formats x with exactly decimals digits after the decimal
// separator and groups thousands: Indonesian 1.234,56, English 1,234.56.
// Negative values get a leading minus sign; a value that rounds to zero is
// shown without one. decimals below 0 are treated as 0. Rounding is
// strconv's: the exact binary value is rounded half to even, so 0.125 gives
// 0,12 and 104.345 (stored as 104.3449…) gives 104,34. Scores are rounded
// by the calculation, not here.
func FormatNumber(lang string, x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return NumberUndefined
	}
	if decimals < 0 {
		decimals = 0
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	group, dec := numSeparators(lang)

	var b strings.Builder
	b.Grow(len(s) + len(s)/3 + 1)
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(group)
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteByte(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// FormatNumberTrim is FormatNumber with at most maxDecimals decimals and
// trailing zeros removed, so a target of 95 shows as "95" and 95.5 as "95,5".
func FormatNumberTrim(lang string, x float64, maxDecimals int) string {
	s := FormatNumber(lang, x, maxDecimals)
	if s == NumberUndefined {
		return s
	}
	_, dec := numSeparators(lang)
	if strings.IndexByte(s, dec) < 0 {
		return s
	}
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, string(dec))
	if s == "-0" {
		return "0"
	}
	return s
}

// NumberReason tells why ParseNumber rejected its input.
type NumberReason int

// Reasons for rejecting a number.
const (
	NumberEmpty     NumberReason = iota + 1 // nothing but spaces
	NumberInvalid                           // characters other than digits, sign, dot and comma, or misplaced ones
	NumberGrouping                          // thousands separators not in groups of three
	NumberAmbiguous                         // one separator followed by exactly three digits, e.g. 1.234
	NumberRange                             // too large for a float64
)

// NumberError is the error returned by ParseNumber. Error returns the English
// message; Message returns it in a given language for showing to users.
type NumberError struct {
	Input  string
	Reason NumberReason
}

// Error implements error with the English message.
func (e *NumberError) Error() string { return e.Message("en") }

// Message returns the message in lang ("id" or "en").
func (e *NumberError) Message(lang string) string {
	q := strconv.Quote(e.Input)
	en := numIsEnglish(lang)
	switch e.Reason {
	case NumberEmpty:
		if en {
			return "a number is required"
		}
		return "angka wajib diisi"
	case NumberGrouping:
		if en {
			return q + " is not a valid number: thousands separators must separate groups of three digits"
		}
		return q + " bukan angka yang valid: pemisah ribuan harus memisahkan kelompok tiga angka"
	case NumberAmbiguous:
		if en {
			return q + " is ambiguous: the separator could mean thousands or decimals; write 1234 or 1.234,0 for thousands, or add a decimal digit (1,2340) for a fraction"
		}
		return q + " ambigu: pemisah bisa berarti ribuan atau desimal; tulis 1234 atau 1.234,0 untuk ribuan, atau tambahkan angka desimal (1,2340) untuk pecahan"
	case NumberRange:
		if en {
			return q + " is too large"
		}
		return q + " terlalu besar"
	default:
		if en {
			return q + " is not a number: use only digits, an optional minus sign, dots and commas"
		}
		return q + " bukan angka: gunakan hanya angka, tanda minus (opsional), titik dan koma"
	}
}

// ParseNumber reads a number written in either Indonesian or English style.
//
// Accepted: an optional sign (+, - or the Unicode minus −), digits, and dots
// and commas as separators; spaces around the number are ignored. Rules:
//
//   - no separator: an integer (1234, -12);
//   - both dot and comma: the last one is the decimal separator and occurs
//     once, the other groups thousands (1.234,5 and 1,234.5 are 1234.5);
//   - one kind occurring more than once: thousands groups (1.234.567);
//   - one separator occurring once: a decimal separator (1234,5 and 12.5),
//     except when it is followed by exactly three digits and preceded by one
//     to three digits not starting with 0 (1.234, 12,500): that could be
//     either a thousands or a decimal separator, so it is rejected as
//     ambiguous — write 1234 or 1.234,0 instead (see ParseNumberLang to
//     resolve it by language).
//
// Thousands groups must be of three digits after a first group of one to
// three. Letters, percent signs, exponents, inner spaces, NaN and Inf are
// rejected: a value like "12%" is an error, not 12, so that a unit typed by
// mistake is noticed rather than silently dropped. Errors are *NumberError.
func ParseNumber(s string) (float64, error) {
	return ParseNumberLang("", s)
}

// ParseNumberLang is ParseNumber with ambiguous input (one separator followed
// by exactly three digits) resolved by lang: "id" reads 1.234 as 1234 and
// 1,234 as 1.234; "en" the other way round. With lang "" it is ParseNumber.
func ParseNumberLang(lang, s string) (float64, error) {
	v, reason := parseNumber(lang, s)
	if reason != 0 {
		return 0, &NumberError{Input: s, Reason: reason}
	}
	return v, nil
}

// parseNumber is ParseNumberLang with the reason of a failure (0 when none).
func parseNumber(lang, s string) (float64, NumberReason) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return 0, NumberEmpty
	}
	neg, s := numSign(s)
	if s == "" {
		return 0, NumberInvalid
	}
	dots, commas, ok := numSeparatorCounts(s)
	if !ok {
		return 0, NumberInvalid
	}
	intPart, frac, group, reason := numSplit(lang, s, dots, commas)
	if reason != 0 {
		return 0, reason
	}
	if frac == "" && strings.ContainsAny(s[len(s)-1:], ".,") {
		return 0, NumberInvalid // trailing separator: "5," or "5."
	}
	if group != 0 {
		if intPart, ok = numUngroup(intPart, group); !ok {
			return 0, NumberGrouping
		}
	}
	if intPart == "" && frac == "" {
		return 0, NumberInvalid
	}
	if intPart == "" {
		intPart = "0"
	}
	v, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, NumberRange
	}
	if neg {
		v = -v
	}
	return v, 0
}

// numSign takes a leading sign (-, + or the minus sign −) off s.
func numSign(s string) (neg bool, rest string) {
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		return s[0] == '-', s[1:]
	case strings.HasPrefix(s, "−"):
		return true, s[len("−"):]
	}
	return false, s
}

// numSeparatorCounts counts the dots and commas of s; ok is false when s
// holds anything but digits and those.
func numSeparatorCounts(s string) (dots, commas int, ok bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.':
			dots++
		case c == ',':
			commas++
		default:
			return 0, 0, false
		}
	}
	return dots, commas, true
}

// numSplit tells the integer part, the fraction and the grouping separator
// (0: none) of an unsigned number by the rules of ParseNumber.
func numSplit(lang, s string, dots, commas int) (intPart, frac string, group byte, reason NumberReason) {
	switch {
	case dots == 0 && commas == 0:
		return s, "", 0, 0
	case dots > 0 && commas > 0:
		last := strings.LastIndexAny(s, ".,")
		dec := s[last]
		if strings.Count(s, string(dec)) != 1 {
			return "", "", 0, NumberInvalid
		}
		group = '.'
		if dec == '.' {
			group = ','
		}
		return s[:last], s[last+1:], group, 0
	case dots > 1 || commas > 1:
		group = '.'
		if commas > 0 {
			group = ','
		}
		return s, "", group, 0
	}
	sep := strings.IndexAny(s, ".,")
	intPart, frac = s[:sep], s[sep+1:]
	if len(frac) == 3 && len(intPart) >= 1 && len(intPart) <= 3 && intPart[0] != '0' {
		if lang == "" {
			return "", "", 0, NumberAmbiguous
		}
		if g, _ := numSeparators(lang); g == s[sep] {
			return s, "", g, 0
		}
	}
	return intPart, frac, 0, 0
}

// numUngroup removes the grouping separator from s, checking that the groups
// are a first group of 1–3 digits followed by groups of exactly three.
func numUngroup(s string, sep byte) (string, bool) {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) < 1 || len(parts[0]) > 3 || (len(parts) > 1 && parts[0][0] == '0') {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

var (
	monthsID      = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthsEN      = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsShortID = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	monthsShortEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// MonthName returns the full name of m in lang (Januari … Desember in
// Indonesian).
func MonthName(lang string, m time.Month) string {
	if m < time.January || m > time.December {
		return strconv.Itoa(int(m))
	}
	if numIsEnglish(lang) {
		return monthsEN[m-1]
	}
	return monthsID[m-1]
}

// MonthNameShort returns the three-letter abbreviation of m in lang
// (Indonesian: Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des).
func MonthNameShort(lang string, m time.Month) string {
	if m < time.January || m > time.December {
		return strconv.Itoa(int(m))
	}
	if numIsEnglish(lang) {
		return monthsShortEN[m-1]
	}
	return monthsShortID[m-1]
}

// Quarter names quarter q (1–4) as each language writes it: "TW III"
// (triwulan, in Roman numerals as official documents write it) in
// Indonesian, "Q3" in English. Any other q is written as a plain number.
func Quarter(lang string, q int) string {
	if q < 1 || q > 4 {
		return strconv.Itoa(q)
	}
	if numIsEnglish(lang) {
		return "Q" + strconv.Itoa(q)
	}
	return "TW " + [...]string{"I", "II", "III", "IV"}[q-1]
}

// FormatDate formats the calendar date of t as "27 November 2026" (the same
// day-month-year order in both languages, month names translated). The date
// is taken in t's own location.
func FormatDate(lang string, t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + MonthName(lang, t.Month()) + " " + strconv.Itoa(t.Year())
}

// FormatDateShort formats t as "27 Nov 2026" (Indonesian "27 Agu 2026").
func FormatDateShort(lang string, t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + MonthNameShort(lang, t.Month()) + " " + strconv.Itoa(t.Year())
}

// FormatDateTime formats t in loc as "27 November 2026 14.05 WIB" in
// Indonesian (a dot between hours and minutes, as Indonesian spelling rules
// prescribe) and "27 November 2026 14:05 WIB" in English. A nil loc keeps
// t's location. The zone is named by ZoneAbbrev.
func FormatDateTime(lang string, t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	sep := "."
	if numIsEnglish(lang) {
		sep = ":"
	}
	return FormatDate(lang, t) + " " + numPad2(t.Hour()) + sep + numPad2(t.Minute()) + " " + ZoneAbbrev(t)
}

// ZoneAbbrev names the time zone of t: WIB, WITA or WIT for the Indonesian
// zones (by location name, or by UTC offset when the zone has no letters),
// otherwise the zone's own abbreviation, or "UTC+7"-style when it has none.
func ZoneAbbrev(t time.Time) string {
	switch t.Location().String() {
	case "Asia/Jakarta", "Asia/Pontianak":
		return "WIB"
	case "Asia/Makassar":
		return "WITA"
	case "Asia/Jayapura":
		return "WIT"
	}
	name, off := t.Zone()
	if name != "" && name[0] != '+' && name[0] != '-' {
		return name
	}
	switch off {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := "UTC" + sign + strconv.Itoa(off/3600)
	if m := off % 3600 / 60; m != 0 {
		s += ":" + numPad2(m)
	}
	return s
}

// DateError is the error returned by ParseDate. Error returns the English
// message; Message returns it in a given language.
type DateError struct {
	Input string
}

// Error implements error with the English message.
func (e *DateError) Error() string { return e.Message("en") }

// Message returns the message in lang ("id" or "en").
func (e *DateError) Message(lang string) string {
	q := strconv.Quote(e.Input)
	if strings.TrimSpace(e.Input) == "" {
		if numIsEnglish(lang) {
			return "a date is required"
		}
		return "tanggal wajib diisi"
	}
	if numIsEnglish(lang) {
		return q + " is not a valid date: write 2026-11-27, 27/11/2026 or 27 November 2026"
	}
	return q + " bukan tanggal yang valid: tulis 2026-11-27, 27/11/2026 atau 27 November 2026"
}

// ParseDate reads a calendar date written as 2026-11-27 (ISO), 27/11/2026,
// 27-11-2026 or 27.11.2026 (day first, as in Indonesia — never month
// first), or 27 November 2026 / 27 Nov 2026 with Indonesian or English
// month names in any letter case. Spaces around are ignored. Impossible
// dates such as 31/02/2026 are rejected. The result is midnight UTC of that
// date. Errors are *DateError.
func ParseDate(s string) (time.Time, error) {
	in := s
	s = strings.TrimFunc(s, unicode.IsSpace)
	fail := func() (time.Time, error) { return time.Time{}, &DateError{Input: in} }
	var y, m, d int
	var ok bool
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, ok = numDigits(s[:4])
		if ok {
			m, ok = numDigits(s[5:7])
		}
		if ok {
			d, ok = numDigits(s[8:])
		}
	case strings.ContainsAny(s, "/-."):
		sep := s[strings.IndexAny(s, "/-.")]
		parts := strings.Split(s, string(sep))
		if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
			return fail()
		}
		d, ok = numDigits(parts[0])
		if ok {
			m, ok = numDigits(parts[1])
		}
		if ok {
			y, ok = numDigits(parts[2])
		}
	default:
		f := strings.Fields(s)
		if len(f) != 3 || len(f[2]) != 4 {
			return fail()
		}
		d, ok = numDigits(f[0])
		if ok {
			y, ok = numDigits(f[2])
		}
		m = dateMonth(f[1])
		ok = ok && m > 0
	}
	if !ok || y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return fail()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02 would roll over into March
		return fail()
	}
	return t, nil
}

// dateMonth returns 1–12 for a full or three-letter month name in
// Indonesian or English (case-insensitive), else 0.
func dateMonth(s string) int {
	for i := 0; i < 12; i++ {
		for _, n := range []string{monthsID[i], monthsEN[i], monthsShortID[i], monthsShortEN[i]} {
			if strings.EqualFold(s, n) {
				return i + 1
			}
		}
	}
	if strings.EqualFold(s, "Sept") {
		return 9
	}
	return 0
}

// numDigits parses a non-empty string of ASCII digits.
func numDigits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func numPad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

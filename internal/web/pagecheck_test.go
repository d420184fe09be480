package web_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/i18n"
)

// keyLike matches text that looks like a message key of the catalogue: one of
// its first segments, a dot, and more segments. A translated page shows none:
// an unknown key is rendered as itself.
var keyLike = func() *regexp.Regexp {
	var prefixes []string
	for _, k := range i18n.Keys(i18n.Default) {
		if p, _, ok := strings.Cut(k, "."); ok && !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(prefixes, "|") + `)(?:\.[a-z0-9_]+)+\b`)
}()

var (
	placeholder = regexp.MustCompile(`\{[A-Za-z_]+(?::[a-z_.]+)?\}`)
	// A quarter is "TW III" in Indonesian and "Q3" in English (i18n.Quarter),
	// never the other language's name or an Arabic numeral after "TW".
	otherQuarter = map[string]*regexp.Regexp{
		"id": regexp.MustCompile(`\bTW [1-4]\b|\bQ[1-4]\b`),
		"en": regexp.MustCompile(`\bTW\b|(?i)\bquarter (?:I|II|III|IV)\b`),
	}
	htmlLang = regexp.MustCompile(`<html lang="([a-z]+)">`)
	// Data shown as it is stored (audit actions, JSON) is not interface text.
	dataBlocks = regexp.MustCompile(`(?s)<pre[^>]*>.*?</pre>|<td class="mono">.*?</td>`)
	readable   = regexp.MustCompile(`\s(?:title|aria-label|placeholder|alt|data-confirm)="([^"]*)"`)
	tags       = regexp.MustCompile(`(?s)<[^>]*>`)
)

// visibleText returns what a person reads on a page: its text and the
// attributes that are shown or read aloud.
func visibleText(page string) string {
	page = dataBlocks.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range readable.FindAllStringSubmatch(page, -1) {
		b.WriteString(m[1])
		b.WriteString("\n")
	}
	b.WriteString(tags.ReplaceAllString(page, " "))
	return html.UnescapeString(b.String())
}

// pageProblems lists what shows that a page is not fully translated into lang.
func pageProblems(lang, page string) []string {
	var out []string
	if m := htmlLang.FindStringSubmatch(page); m == nil || m[1] != lang {
		out = append(out, "page language is not "+lang)
	}
	text := visibleText(page)
	for _, k := range keyLike.FindAllString(text, -1) {
		out = append(out, "untranslated message key "+k)
	}
	for _, p := range placeholder.FindAllString(text, -1) {
		out = append(out, "unfilled placeholder "+p)
	}
	if re := otherQuarter[lang]; re != nil {
		for _, q := range re.FindAllString(text, -1) {
			out = append(out, "quarter named "+q)
		}
	}
	return out
}

// checkPage reports a page that is not fully translated into lang.
func checkPage(t *testing.T, what, lang, page string) {
	t.Helper()
	if p := pageProblems(lang, page); len(p) > 0 {
		t.Errorf("%s (%s): %s", what, lang, strings.Join(p, "; "))
	}
}

func TestPageProblems(t *testing.T) {
	t.Parallel()
	good := `<html lang="en"><body><p title="Save the form">Welcome, a.b@c.go.id</p><pre>{"x":"org.title"}</pre><td class="mono">unit.create</td></body></html>`
	if text := visibleText(good); !strings.Contains(text, "Save the form") || strings.Contains(text, "org.title") {
		t.Errorf("visibleText = %q", text)
	}
	if p := pageProblems("en", good); len(p) > 0 {
		t.Errorf("a clean page has problems: %v", p)
	}
	if p := pageProblems("id", `<html lang="id"><p>Realisasi TW 3</p><p title="Q2">TW II</p></html>`); len(p) != 2 {
		t.Errorf("quarters named against Indonesian usage: %v", p)
	}
	for _, bad := range []string{
		`<html lang="en"><p>org.title</p></html>`,
		`<html lang="en"><p>Kind: unitkind.office</p></html>`,
		`<html lang="en"><input placeholder="employees.search"></html>`,
		`<html lang="en"><p>{n} people</p></html>`,
		`<html lang="id"><p>Hello</p></html>`,
		`<html lang="en"><p>{q:quarter} report</p></html>`,
		`<html lang="en"><h1>TW III report</h1></html>`,
		`<html lang="en"><option>Quarter IV</option></html>`,
	} {
		if len(pageProblems("en", bad)) == 0 {
			t.Errorf("no problem found in %s", bad)
		}
	}
}

package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/i18n"
)

// Parts of pages printed on every request with many values — the sheet's
// lines, the menu — are written in Go rather than by html/template, whose
// reflective calls (one escaper per printed value) were most of their cost.
// Values are escaped exactly as html/template escapes them in the same
// places (TestWriterEscapesAsTemplates).

// htmlText escapes a value for element text and quoted attribute values,
// with the replacements html/template makes in both places.
var htmlText = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// htmlWriter gathers a fragment of a page.
type htmlWriter struct{ strings.Builder }

// s writes markup as it is.
func (w *htmlWriter) s(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// e writes a value escaped.
func (w *htmlWriter) e(v string) { _, _ = htmlText.WriteString(&w.Builder, v) }

// when writes markup when cond holds.
func (w *htmlWriter) when(cond bool, markup string) {
	if cond {
		w.WriteString(markup)
	}
}

// attrIf writes ` name="value"` when value is not empty.
func (w *htmlWriter) attrIf(name, value string) {
	if value != "" {
		w.s(" ", name, `="`)
		w.e(value)
		w.s(`"`)
	}
}

// safeURL is a link as html/template prints it in an href: only http,
// https and mailto links (or relative ones) are followed, others become
// "#ZgotmplZ".
func safeURL(u string) string {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	return urlPart(u)
}

// urlPart percent-encodes what may not stand in a URL, keeping escapes.
func urlPart(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteByte(c)
		default:
			b.WriteString("%" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16))
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// HTML is the top row of the menu, on every page: written in Go (see above).
func (m navMenu) HTML(l i18n.Lang) template.HTML {
	var w htmlWriter
	w.s("<ul>")
	for _, en := range m.Main {
		if en.Group == "" {
			w.s("\n        ")
			writeNavLink(&w, l, &en.navItem)
			continue
		}
		w.s("\n        <li><details class=\"navgroup\" data-group=\"")
		w.e(en.Group)
		w.s("\">\n          <summary")
		w.when(en.Active, ` class="navcurrent"`)
		w.s(">")
		w.e(l.T(en.Label))
		writeBadge(&w, en.Count)
		w.s("</summary>\n          <ul>")
		for i := range en.Items {
			w.s("\n            ")
			writeNavLink(&w, l, &en.Items[i])
		}
		w.s("\n          </ul>\n        </details></li>")
	}
	w.s("\n      </ul>")
	return template.HTML(w.String()) // every value above is escaped
}

func writeNavLink(w *htmlWriter, l i18n.Lang, it *navItem) {
	w.s(`<li><a href="`)
	w.e(safeURL(it.Href))
	w.s(`"`)
	w.when(it.Active, ` aria-current="page"`)
	w.s(">")
	w.e(l.T(it.Label))
	writeBadge(w, it.Count)
	w.s("</a></li>")
}

func writeBadge(w *htmlWriter, n int) {
	if n != 0 {
		w.s(` <span class="badge">`, strconv.Itoa(n), "</span>")
	}
}

package web

import (
	"html/template"
	"strings"
	"testing"
)

// Parts of pages written in Go must print their values as
// html/template would print them in text, in attributes and in links.
func TestWriterEscapesAsTemplates(t *testing.T) {
	tpl := template.Must(template.New("").Parse(`{{.}}|<b title="{{.}}">|<a href="{{.}}">|<a href="/evidence/{{.}}">`))
	for _, v := range []string{
		"", "plain", `<script>alert("x")</script>`, "Tom & Jerry's 1+1", "a\x00b", "1.234,56 %",
		"https://example.go.id/a b'c+d?x=1&y=<2>#frag", "HTTPS://EXAMPLE.GO.ID/%41%zz", "javascript:alert(1)",
		"JavaScript:alert(1)", "data:text/html,x", "mailto:kppn@example.go.id", "/relative/path?q=ü", "//host/x:y",
		"01a24cb2-b30a-7010-86e7-dc30d3bfd175", "évidence (copie) [1]",
	} {
		var want strings.Builder
		if err := tpl.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		var w htmlWriter
		w.e(v)
		w.s(`|<b title="`)
		w.e(v)
		w.s(`">|<a href="`)
		w.e(safeURL(v))
		w.s(`">|<a href="/evidence/`)
		w.e(urlPart(v))
		w.s(`">`)
		if got := w.String(); got != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", v, got, want.String())
		}
	}
}

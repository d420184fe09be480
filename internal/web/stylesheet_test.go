package web_test

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/ui"
)

// The stylesheet's blocks are closed, and no @media block sits inside
// another: a lost closing brace silently turns every later rule into a
// print-only or phone-only one.
func TestStylesheetBlocksAreClosed(t *testing.T) {
	b, err := ui.FS.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	depth, media, line := 0, 0, 1 // media: depth at which the open @media block sits, 0 for none
	for i := 0; i < len(css); i++ {
		switch c := css[i]; {
		case c == '\n':
			line++
		case strings.HasPrefix(css[i:], "/*"):
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				t.Fatalf("line %d: unclosed comment", line)
			}
			line += strings.Count(css[i:i+2+end], "\n")
			i += end + 3
		case c == '"' || c == '\'':
			end := strings.IndexByte(css[i+1:], c)
			if end < 0 {
				t.Fatalf("line %d: unclosed string", line)
			}
			i += end + 1
		case strings.HasPrefix(css[i:], "@media"):
			if media != 0 {
				t.Errorf("line %d: @media inside the @media block opened above (a lost closing brace?)", line)
			}
			media = depth + 1
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				t.Fatalf("line %d: closing brace without a block", line)
			}
			if depth == media {
				media = 0
			}
			depth--
		}
	}
	if depth != 0 {
		t.Errorf("%d blocks left open at the end", depth)
	}
}

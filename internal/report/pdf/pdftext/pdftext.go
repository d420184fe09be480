// Package pdftext reads back the text of the documents internal/report/pdf
// writes, for tests: enough of PDF to find each page's content stream and
// the UTF-16BE strings of its text objects, not a general PDF reader.
package pdftext

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

var (
	reStream   = regexp.MustCompile(`/Length (\d+)[^>]*>>\s*stream\r?\n`)
	rePageCont = regexp.MustCompile(`^[0-2] J\n`)
	reText     = regexp.MustCompile(`(?s)BT(.*?)ET`)
	rePage     = regexp.MustCompile(`/Type /Page[^s]`)
)

// Pages returns, per page, the text lines drawn on it (one per text
// object), read from the content streams, inflated when compressed. It
// fails on a truncated document and when the pages found do not match the
// pages the document declares.
func Pages(data []byte) ([][]string, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")) {
		return nil, fmt.Errorf("not a complete PDF")
	}
	var pages [][]string
	// Each stream is read by its /Length, not up to the next "endstream",
	// which compressed bytes may happen to contain.
	for _, m := range reStream.FindAllSubmatchIndex(data, -1) {
		n, err := strconv.Atoi(string(data[m[2]:m[3]]))
		if err != nil || m[1]+n > len(data) {
			return nil, fmt.Errorf("a stream of length %q", data[m[2]:m[3]])
		}
		content := data[m[1] : m[1]+n]
		if zr, err := zlib.NewReader(bytes.NewReader(content)); err == nil {
			if inflated, err := io.ReadAll(zr); err == nil {
				content = inflated
			}
		}
		// Page contents start by setting the line cap style ("0 J"); fonts,
		// images and other streams do not.
		if !rePageCont.Match(content) {
			continue
		}
		var lines []string
		for _, bt := range reText.FindAllSubmatch(content, -1) {
			lines = append(lines, decode(bt[1]))
		}
		pages = append(pages, lines)
	}
	if n := len(rePage.FindAll(data, -1)); n != len(pages) || n == 0 {
		return nil, fmt.Errorf("%d pages but %d page contents", n, len(pages))
	}
	return pages, nil
}

// decode concatenates the literal strings of a text object; the embedded
// UTF-8 fonts store text as UTF-16BE.
func decode(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != '(' {
			continue
		}
		var raw []byte
		for i++; i < len(b) && b[i] != ')'; i++ {
			c := b[i]
			if c == '\\' && i+1 < len(b) {
				i++
				switch e := b[i]; {
				case e == 'n':
					c = '\n'
				case e == 'r':
					c = '\r'
				case e == 't':
					c = '\t'
				case e >= '0' && e <= '7':
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					c = byte(v)
				default:
					c = e
				}
			}
			raw = append(raw, c)
		}
		u := make([]uint16, len(raw)/2)
		for k := range u {
			u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
		}
		out.WriteString(string(utf16.Decode(u)))
	}
	return out.String()
}

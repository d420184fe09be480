package blob

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
)

// SetDownloadHeaders prepares the answer that hands a stored file to a
// browser or API client: always as an attachment under its safe name (with
// the extension of its detected type), with the detected type and no
// sniffing, never cached by shared caches, and with its SHA-256 as ETag and
// digest so the receiver can check what it got. Both doors (HTML and API)
// answer downloads with these headers.
func SetDownloadHeaders(h http.Header, filename, mime, sha256 string, size int64) {
	name := SafeName(filename)
	if ext, ok := allowed[mime]; ok && !strings.EqualFold(filepath.Ext(name), ext) &&
		!(ext == ".jpg" && strings.EqualFold(filepath.Ext(name), ".jpeg")) {
		name += ext
	}
	h.Set("Content-Type", mime)
	h.Set("Content-Disposition", `attachment; filename="`+asciiName(name)+`"; filename*=UTF-8''`+encodeRFC5987(name))
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+sha256+`"`)
	if raw, err := hex.DecodeString(sha256); err == nil {
		h.Set("Digest", "sha-256="+base64.StdEncoding.EncodeToString(raw))
	}
}

// asciiName is the plain filename parameter for clients that ignore
// filename*: non-ASCII characters become underscores.
func asciiName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
}

// encodeRFC5987 percent-encodes a UTF-8 value for an extended header
// parameter (RFC 5987 attr-char are kept as they are).
func encodeRFC5987(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

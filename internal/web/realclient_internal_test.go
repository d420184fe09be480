package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// X-Forwarded-For is believed only from trusted proxies, and only up to
// the first hop that is not one.
func TestRealClient(t *testing.T) {
	lan := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, tc := range []struct {
		name    string
		proxies []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies configured", nil, "10.0.0.2:5000", []string{"1.2.3.4"}, "10.0.0.2"},
		{"peer is not a proxy", lan, "203.0.113.9:5000", []string{"1.2.3.4"}, "203.0.113.9"},
		{"one proxy", lan, "10.0.0.2:5000", []string{"1.2.3.4"}, "1.2.3.4"},
		{"two proxies", lan, "10.0.0.2:5000", []string{"1.2.3.4, 10.0.0.9"}, "1.2.3.4"},
		{"a spoofed hop on the left is ignored", lan, "10.0.0.2:5000", []string{"6.6.6.6, 1.2.3.4"}, "1.2.3.4"},
		{"several headers", lan, "10.0.0.2:5000", []string{"6.6.6.6", "1.2.3.4, 10.1.1.1"}, "1.2.3.4"},
		{"no header", lan, "10.0.0.2:5000", nil, "10.0.0.2"},
		{"a malformed hop", lan, "10.0.0.2:5000", []string{"1.2.3.4, bogus"}, "10.0.0.2"},
		{"only proxies", lan, "10.0.0.2:5000", []string{"10.0.0.3"}, "10.0.0.2"},
		{"IPv6", lan, "[fd00::1]:443", []string{"2001:db8::7"}, "2001:db8::7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			h := realClient(tc.proxies, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = clientIP(r) }))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Errorf("client %q, want %q", got, tc.want)
			}
		})
	}
}

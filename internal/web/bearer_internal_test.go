package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestBearer(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("go_goroutines 9")) })
	const token = "0123456789abcdef0123"
	for _, tc := range []struct {
		name, token, header string
		want                int
	}{
		{"no token configured", "", "", http.StatusOK},
		{"right token", token, "Bearer " + token, http.StatusOK},
		{"no header", token, "", http.StatusUnauthorized},
		{"wrong token", token, "Bearer 0123456789abcdef0124", http.StatusUnauthorized},
		{"a prefix of the token", token, "Bearer 0123456789", http.StatusUnauthorized},
		{"basic scheme", token, "Basic " + token, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			rec := httptest.NewRecorder()
			bearer(tc.token, ok).ServeHTTP(rec, r)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d", rec.Code, tc.want)
			}
			if tc.want == http.StatusUnauthorized && (rec.Header().Get("WWW-Authenticate") == "" || rec.Body.String() == "go_goroutines 9\n") {
				t.Error("a refused request lacks WWW-Authenticate or got the metrics")
			}
		})
	}
}

package api

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// The OpenAPI documents answer many first requests at once (run with -race:
// huma renders them lazily without a lock, so New renders them first).
func TestOpenAPIDocumentsConcurrently(t *testing.T) {
	h := New(nil, slog.New(slog.DiscardHandler), "test")
	var wg sync.WaitGroup
	for range 8 {
		for p := range public {
			wg.Go(func() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+p, nil))
				if rec.Code != http.StatusOK || rec.Body.Len() < 1000 {
					t.Errorf("%s: %d, %d bytes", p, rec.Code, rec.Body.Len())
				}
			})
		}
	}
	wg.Wait()
}

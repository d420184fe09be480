package web

import "net/http"

// reportRoutes registers the quarterly IIAA reports, the office score and
// their documents.
func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /reports", s.auth(s.reportsList))
	mux.HandleFunc("GET /reports/{plan}/{q}", s.auth(s.reportPage))
	mux.HandleFunc("POST /reports/{plan}/{q}/open", s.auth(s.reportOpen))
	mux.HandleFunc("POST /reports/{plan}/{q}/items/{line}", s.auth(s.reportItemSave))
	mux.HandleFunc("POST /reports/{plan}/{q}/actions", s.auth(s.reportActionSave))
	mux.HandleFunc("POST /reports/{plan}/{q}/actions/{id}", s.auth(s.reportActionSave))
	mux.HandleFunc("POST /reports/{plan}/{q}/actions/{id}/delete", s.auth(s.reportActionDelete))
	mux.HandleFunc("POST /reports/{plan}/{q}/submit", s.auth(s.reportSubmit))
	mux.HandleFunc("POST /reports/{plan}/{q}/review", s.auth(s.reportReview))
	mux.HandleFunc("POST /reports/{plan}/{q}/return", s.auth(s.reportReturn))
	mux.HandleFunc("GET /reports/{plan}/{q}/pdf", s.auth(s.reportPDF))
	mux.HandleFunc("GET /reports/{plan}/{q}/xlsx", s.auth(s.reportXLSX))
	mux.HandleFunc("GET /quarters/{year}/{q}/package.pdf", s.auth(s.quarterPackage))
	mux.HandleFunc("GET /nko", s.auth(s.nkoPage))
}

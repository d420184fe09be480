package web

import "net/http"

// realRoutes registers the quarterly realisation pages: sheets, evidence,
// the viewer's queue, the closing console and notifications.
func (s *Server) realRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /realisation", s.auth(s.realisationPage))
	mux.HandleFunc("GET /plans/{id}/quarters/{q}", s.auth(s.sheetPage))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}", s.auth(s.sheetSave))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}/preview", s.auth(s.sheetPreview))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}/evidence", s.auth(s.evidenceUpload))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}/validate", s.auth(s.sheetValidate()))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}/verify", s.auth(s.sheetVerify()))
	mux.HandleFunc("POST /plans/{id}/quarters/{q}/return", s.auth(s.sheetReturn()))
	mux.HandleFunc("POST /plans/{id}/lines/{line}/quarters/{q}/corrections", s.auth(s.correctionRequest))
	mux.HandleFunc("POST /corrections/{id}/decide", s.auth(s.correctionDecide))
	mux.HandleFunc("GET /evidence/{id}", s.auth(s.evidenceDownload))
	mux.HandleFunc("GET /quarters/{year}/{q}", s.auth(s.quarterConsole))
	mux.HandleFunc("POST /quarters/{year}/{q}/remind", s.auth(s.quarterRemind))
	mux.HandleFunc("POST /quarters/{year}/{q}/close", s.auth(s.quarterClose))
	mux.HandleFunc("GET /notifications", s.auth(s.notifications))
	mux.HandleFunc("POST /notifications/read", s.auth(s.notificationsRead))
}

package web

import "net/http"

// evalRoutes registers the employee evaluation cycle: the quarter's 360°
// assessment, the TPK session and the NKP decree.
func (s *Server) evalRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /assess/{plan}/{q}", s.auth(s.assessPage))
	mux.HandleFunc("POST /assess/{plan}/{q}/raters", s.auth(s.assessRaters))
	mux.HandleFunc("POST /assess/{plan}/{q}/scores", s.auth(s.assessScores))
	mux.HandleFunc("POST /assess/{plan}/{q}/objection", s.auth(s.assessObjection))
	mux.HandleFunc("POST /assess/{plan}/{q}/decision", s.auth(s.assessDecision))
	mux.HandleFunc("GET /plans/{id}/expectations", s.auth(s.expectationsPage))
	mux.HandleFunc("POST /plans/{id}/expectations", s.auth(s.expectationsSave))
	mux.HandleFunc("GET /plans/{id}/feedback", s.auth(s.feedbackPage))
	mux.HandleFunc("POST /plans/{id}/feedback", s.auth(s.feedbackSave))
}

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
	mux.HandleFunc("POST /plans/{id}/attachment", s.auth(s.attachmentSave))
	mux.HandleFunc("POST /plans/{id}/tasks", s.auth(s.taskAdd))
	mux.HandleFunc("POST /plans/{id}/tasks/{task}/delete", s.auth(s.taskRemove))
	mux.HandleFunc("GET /plans/{id}/feedback", s.auth(s.feedbackPage))
	mux.HandleFunc("POST /plans/{id}/feedback", s.auth(s.feedbackSave))
	mux.HandleFunc("GET /plans/{id}/evaluation.pdf", s.auth(s.evaluationPDF))
	mux.HandleFunc("GET /tpk", s.auth(s.tpkPage))
	mux.HandleFunc("POST /tpk/members", s.auth(s.tpkMembers))
	mux.HandleFunc("POST /tpk/penalty", s.auth(s.tpkPenalty))
	mux.HandleFunc("POST /tpk/decree", s.auth(s.tpkDecree))
	mux.HandleFunc("POST /tpk/remind", s.auth(s.tpkRemind))
	mux.HandleFunc("GET /tpk/minutes.pdf", s.auth(s.tpkMinutes))
	mux.HandleFunc("GET /distribution", s.auth(s.distributionPage))
	mux.HandleFunc("GET /ekinerja", s.auth(s.ekinerjaPage))
	mux.HandleFunc("GET /ekinerja/export", s.auth(s.ekinerjaExport))
}

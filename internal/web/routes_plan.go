package web

import "net/http"

// planRoutes registers the planning pages: strategy map, PK and SKP plans
// with their lines and workflow, cascading and the K3 review.
func (s *Server) planRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /strategy", s.auth(s.strategy))
	mux.HandleFunc("POST /strategy/perspectives", s.auth(s.strategyPerspectives))
	mux.HandleFunc("GET /strategy/objectives/new", s.auth(s.objectiveForm))
	mux.HandleFunc("POST /strategy/objectives/new", s.auth(s.objectiveSave))
	mux.HandleFunc("GET /strategy/objectives/{id}/edit", s.auth(s.objectiveForm))
	mux.HandleFunc("POST /strategy/objectives/{id}/edit", s.auth(s.objectiveSave))
	mux.HandleFunc("POST /strategy/objectives/{id}/delete", s.auth(s.objectiveDelete))
	mux.HandleFunc("GET /strategy/initiatives", s.auth(s.initiatives))
	mux.HandleFunc("GET /strategy/initiatives/new", s.auth(s.initiativeForm))
	mux.HandleFunc("POST /strategy/initiatives/new", s.auth(s.initiativeSave))
	mux.HandleFunc("GET /strategy/initiatives/{id}/edit", s.auth(s.initiativeForm))
	mux.HandleFunc("POST /strategy/initiatives/{id}/edit", s.auth(s.initiativeSave))
	mux.HandleFunc("POST /strategy/initiatives/{id}/delete", s.auth(s.initiativeDelete))
	mux.HandleFunc("GET /strategy/initiatives/{id}/progress", s.auth(s.progressForm))
	mux.HandleFunc("POST /strategy/initiatives/{id}/progress", s.auth(s.progressSave))
	mux.HandleFunc("GET /initiative-documents/{id}", s.auth(s.initiativeDocument))

	mux.HandleFunc("GET /plans", s.auth(s.plans))
	mux.HandleFunc("POST /plans/open", s.auth(s.planOpen))
	mux.HandleFunc("GET /plans/{id}", s.auth(s.planDetail))
	mux.HandleFunc("GET /plans/{id}/diff", s.auth(s.planDiff))
	mux.HandleFunc("POST /plans/{id}/submit", s.auth(s.planSubmit))
	mux.HandleFunc("POST /plans/{id}/approve", s.auth(s.planApprove))
	mux.HandleFunc("POST /plans/{id}/return", s.auth(s.planReturn))
	mux.HandleFunc("POST /plans/{id}/amend", s.auth(s.planAmend))
	mux.HandleFunc("GET /plans/{id}/lines/new", s.auth(s.lineForm))
	mux.HandleFunc("POST /plans/{id}/lines/new", s.auth(s.lineSave))
	mux.HandleFunc("GET /plans/{id}/lines/{line}/edit", s.auth(s.lineForm))
	mux.HandleFunc("POST /plans/{id}/lines/{line}/edit", s.auth(s.lineSave))
	mux.HandleFunc("POST /plans/{id}/lines/{line}/delete", s.auth(s.lineDelete))
	mux.HandleFunc("GET /plans/{id}/lines/{line}/manual", s.auth(s.lineManual))
	mux.HandleFunc("GET /plans/{id}/lines/{line}/cascade", s.auth(s.cascadeForm))
	mux.HandleFunc("POST /plans/{id}/lines/{line}/cascade", s.auth(s.cascadeSave))

	mux.HandleFunc("GET /cascade", s.auth(s.cascadeTree))

	mux.HandleFunc("GET /k3", s.auth(s.k3Review))
	mux.HandleFunc("GET /k3/lines/{line}", s.auth(s.k3Thread))
	mux.HandleFunc("POST /k3/lines/{line}", s.auth(s.k3Comment))
	mux.HandleFunc("POST /k3/lines/{line}/decision", s.auth(s.k3Decide))
}

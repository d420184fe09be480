package web

import "net/http"

// routes registers every HTML route. Each handler checks nothing itself
// beyond parsing: the services decide who may do what.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /static/", s.static)
	if s.metrics != nil {
		mux.Handle("GET /metrics", bearer(s.cfg.MetricsToken, s.metrics))
	}
	if s.api != nil {
		mux.Handle("/api/", s.api)
	}

	mux.HandleFunc("GET /login", s.public(s.loginPage))
	mux.HandleFunc("POST /login", s.public(s.login))
	mux.HandleFunc("POST /logout", s.public(s.logout))
	mux.HandleFunc("POST /lang", s.public(s.setLang))
	mux.HandleFunc("GET /setup", s.public(s.setupPage))
	mux.HandleFunc("POST /setup", s.public(s.setup))

	mux.HandleFunc("GET /{$}", s.auth(s.home))
	mux.HandleFunc("GET /account", s.auth(s.account))
	mux.HandleFunc("POST /account/password", s.auth(s.changePassword))
	mux.HandleFunc("POST /account/tokens", s.auth(s.createToken))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", s.auth(s.revokeToken))

	mux.HandleFunc("GET /org", s.auth(s.orgTree))
	mux.HandleFunc("GET /org/units/new", s.auth(s.unitForm))
	mux.HandleFunc("POST /org/units/new", s.auth(s.unitSave))
	mux.HandleFunc("GET /org/units/{id}", s.auth(s.unitDetail))
	mux.HandleFunc("GET /org/units/{id}/edit", s.auth(s.unitForm))
	mux.HandleFunc("POST /org/units/{id}/edit", s.auth(s.unitSave))
	mux.HandleFunc("GET /org/positions/new", s.auth(s.positionForm))
	mux.HandleFunc("POST /org/positions/new", s.auth(s.positionSave))
	mux.HandleFunc("GET /org/positions/{id}/edit", s.auth(s.positionForm))
	mux.HandleFunc("POST /org/positions/{id}/edit", s.auth(s.positionSave))
	mux.HandleFunc("GET /org/import", s.auth(s.orgImportPage))
	mux.HandleFunc("GET /org/import/template.xlsx", s.auth(s.orgImportTemplate))
	mux.HandleFunc("GET /org/export.xlsx", s.auth(s.orgExport))
	mux.HandleFunc("POST /org/import", s.auth(s.orgImport))
	mux.HandleFunc("GET /employees", s.auth(s.employees))
	mux.HandleFunc("GET /employees/new", s.auth(s.employeeForm))
	mux.HandleFunc("POST /employees/new", s.auth(s.employeeSave))
	mux.HandleFunc("GET /employees/{id}", s.auth(s.employeeDetail))
	mux.HandleFunc("GET /employees/{id}/edit", s.auth(s.employeeForm))
	mux.HandleFunc("POST /employees/{id}/edit", s.auth(s.employeeSave))
	mux.HandleFunc("GET /employees/{id}/assign", s.auth(s.assignForm))
	mux.HandleFunc("POST /employees/{id}/assign", s.auth(s.assignSave))
	mux.HandleFunc("POST /employees/{id}/assignments/{aid}/end", s.auth(s.assignEnd))

	mux.HandleFunc("GET /users", s.auth(s.users))
	mux.HandleFunc("GET /users/new", s.auth(s.userForm))
	mux.HandleFunc("POST /users/new", s.auth(s.userSave))
	mux.HandleFunc("GET /users/{id}/edit", s.auth(s.userForm))
	mux.HandleFunc("POST /users/{id}/edit", s.auth(s.userSave))
	mux.HandleFunc("GET /service-accounts", s.auth(s.serviceAccounts))
	mux.HandleFunc("POST /service-accounts", s.auth(s.serviceAccountCreate))
	mux.HandleFunc("POST /service-accounts/{id}/delete", s.auth(s.serviceAccountDelete))

	mux.HandleFunc("GET /years", s.auth(s.years))
	mux.HandleFunc("POST /years", s.auth(s.yearCreate))
	mux.HandleFunc("GET /years/{year}", s.auth(s.yearDetail))
	mux.HandleFunc("POST /years/{year}", s.auth(s.yearUpdate))
	mux.HandleFunc("POST /years/{year}/signatory/{office}", s.auth(s.yearSignatory))
	mux.HandleFunc("GET /rule-sets", s.auth(s.ruleSets))
	mux.HandleFunc("POST /rule-sets", s.auth(s.ruleSetInstall))
	mux.HandleFunc("GET /rule-sets/{id}", s.auth(s.ruleSetDetail))
	mux.HandleFunc("GET /rule-sets/{id}/file", s.auth(s.ruleSetFile))
	mux.HandleFunc("GET /years/{year}/rollover", s.auth(s.rollover))
	mux.HandleFunc("POST /years/{year}/rollover", s.auth(s.rolloverRun))

	mux.HandleFunc("GET /scores", s.auth(s.scores))
	mux.HandleFunc("GET /scores/{plan}/{period}", s.auth(s.scoreDetail))
	mux.HandleFunc("POST /scores/{plan}/{period}/adjust", s.auth(s.scoreAdjust))

	mux.HandleFunc("GET /audit", s.auth(s.auditLog))
	s.dashRoutes(mux)
	s.planRoutes(mux)
	s.planDocRoutes(mux)
	s.reportRoutes(mux)
	s.realRoutes(mux)
	s.evalRoutes(mux)
}

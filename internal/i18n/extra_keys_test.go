package i18n_test

// extraKeys lists keys built at run time (from enumerations or computed
// names) that a static scan cannot see, with where they come from.
func extraKeys() map[string]string {
	return map[string]string{
		"nip.length":                    "domain.ValidateNIP",
		"nip.digits":                    "domain.ValidateNIP",
		"nip.birth":                     "domain.ValidateNIP",
		"nip.appointment":               "domain.ValidateNIP",
		"nip.sex":                       "domain.ValidateNIP",
		"nip.sequence":                  "domain.ValidateNIP",
		"password.too_short":            "auth.PasswordProblem",
		"password.too_long":             "auth.PasswordProblem",
		"password.contains_username":    "auth.PasswordProblem",
		"acting.none":                   "templates",
		"aspect.berorientasi_pelayanan": "domain.BehaviourAspects",
		"aspect.akuntabel":              "domain.BehaviourAspects",
		"aspect.kompeten":               "domain.BehaviourAspects",
		"aspect.harmonis":               "domain.BehaviourAspects",
		"aspect.loyal":                  "domain.BehaviourAspects",
		"aspect.adaptif":                "domain.BehaviourAspects",
		"aspect.kolaboratif":            "domain.BehaviourAspects",
		"relation.supervisor":           "domain.Relation*",
		"relation.peer":                 "domain.Relation*",
		"relation.subordinate":          "domain.Relation*",
		"nav.scores":                    "web.navFor",

		"quarter.period1":      "templates",
		"quarter.period2":      "templates",
		"quarter.period3":      "templates",
		"quarter.period4":      "templates",
		"nav.org":              "web.navFor",
		"nav.years":            "web.navFor",
		"nav.audit":            "web.navFor",
		"nav.users":            "web.navFor",
		"reportui.nav_reports": "web.navFor",
		"reportui.nav_nko":     "web.navFor",
	}
}

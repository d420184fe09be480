package i18n_test

// extraKeys lists keys built at run time (from enumerations or computed
// names) that a static scan cannot see, with where they come from.
func extraKeys() map[string]string {
	return map[string]string{
		"nip.length":                 "domain.ValidateNIP",
		"nip.digits":                 "domain.ValidateNIP",
		"nip.birth":                  "domain.ValidateNIP",
		"nip.appointment":            "domain.ValidateNIP",
		"nip.sex":                    "domain.ValidateNIP",
		"nip.sequence":               "domain.ValidateNIP",
		"password.too_short":         "auth.PasswordProblem",
		"password.too_long":          "auth.PasswordProblem",
		"password.contains_username": "auth.PasswordProblem",
		"acting.none":                "templates",
		"quarter.period1":            "templates",
		"quarter.period2":            "templates",
		"quarter.period3":            "templates",
		"quarter.period4":            "templates",
		"nav.org":                    "web.navFor",
		"nav.years":                  "web.navFor",
		"nav.audit":                  "web.navFor",
		"nav.users":                  "web.navFor",
		"reportui.nav_reports":       "web.navFor",
		"reportui.nav_nko":           "web.navFor",
	}
}

package calc

// ruleSetMessagesID holds the Indonesian of every rule-set check message,
// keyed by its English format, so that the checks keep reading as English
// and an office sees why its file was refused in either language. A test
// finds every format of the checks in this table.
var ruleSetMessagesID = map[string]string{
	"%q is used by another file":                             "%q sudah dipakai berkas lain",
	"the default rule set %s is missing":                     "aturan bawaan %s tidak ada",
	"unexpected data after the JSON object":                  "ada data setelah objek JSON",
	"missing":                                                "wajib diisi",
	"malformed JSON at byte %d: %v":                          "JSON tidak sah pada byte %d: %v",
	"malformed JSON: %v":                                     "JSON tidak sah: %v",
	"expected %s, got %s":                                    "seharusnya %s, bukan %s",
	"unknown field":                                          "kolom tidak dikenal",
	"empty file":                                             "berkas kosong",
	"must not be empty":                                      "tidak boleh kosong",
	"must be at least %g":                                    "minimal %g",
	"must be greater than 0":                                 "harus lebih besar dari 0",
	"%s and %s must add up to 100, not %g":                   "%s dan %s harus berjumlah 100, bukan %g",
	"must be greater than achievement.floor":                 "harus lebih besar dari achievement.floor",
	"must lie between achievement.floor and achievement.cap": "harus di antara achievement.floor dan achievement.cap",
	"must be below status.green_min":                         "harus di bawah status.green_min",
	"must be at least 1":                                     "minimal 1",
	"must not be below min":                                  "tidak boleh di bawah min",
	"must list at least one band":                            "harus memuat sedikitnya satu rentang",
	"bands must be listed from the highest minimum down":     "rentang harus diurutkan dari batas bawah tertinggi",
	"must list at least one perspective":                     "harus memuat sedikitnya satu perspektif",
	"%q appears twice":                                       "%q muncul dua kali",
	"weights must add up to 100, not %g":                     "bobot harus berjumlah 100, bukan %g",
	"stakeholder must be listed exactly when the map has it": "stakeholder dicantumkan tepat bila peta memilikinya",
	"must be 1–12":                                           "harus 1–12",
	"must be 1–%d for month %d":                              "harus 1–%d untuk bulan %d",
	"must allow at least one combination":                    "harus membolehkan sedikitnya satu kombinasi",
	"must be greater than nkp.calibration.threshold":         "harus lebih besar dari nkp.calibration.threshold",
	"must differ from nkp.calibration.others.cap":            "harus berbeda dari nkp.calibration.others.cap",
	"must be greater than nkp.adjusted_floor":                "harus lebih besar dari nkp.adjusted_floor",
	"must not exceed nkp.rating.above_over":                  "tidak boleh melebihi nkp.rating.above_over",
	`must be "tabel_47", "nkp" or "nhk"`:                     `harus "tabel_47", "nkp" atau "nhk"`,
	"must come after the step before it":                     "harus sesudah langkah sebelumnya",
	"must list at least one category":                        "harus memuat sedikitnya satu kategori",
	"must not exceed 100":                                    "tidak boleh melebihi 100",
	"%q is not an NKO predicate of nko.predicates":           "%q bukan predikat NKO dalam nko.predicates",
	"must name at least one employee predicate":              "harus menyebut sedikitnya satu predikat pegawai",
	"%q is not an employee predicate of nkp.predicates":      "%q bukan predikat pegawai dalam nkp.predicates",
	"shares must be 0–100":                                   "persentase harus 0–100",
	"must set min_share, max_share or min_count":             "harus mengisi min_share, max_share atau min_count",
	"NKO predicate %q has no organisation predicate":         "predikat NKO %q tidak memiliki predikat organisasi",
}

// kindNamesID names the JSON kinds of "expected %s" in Indonesian.
var kindNamesID = map[kindArg]string{
	"a number":       "angka",
	"a whole number": "bilangan bulat",
	"a string":       "teks",
	"a list":         "daftar",
	"an object":      "objek",
}

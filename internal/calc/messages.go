package calc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Argument kinds of messages that render differently per language.
type (
	quarterArg  int          // "TW II" / "Q2"
	boolArg     bool         // "ya" / "yes"
	termsArg    []float64    // "4 + 5 + 4"
	weightedArg [][2]float64 // "110,5 × 1 + 100 × 2"
	listArg     []float64    // "91; 92,5; 93"
	groupArg    string       // "atasan" / "supervisor"
)

// msg is one message in Indonesian and English. Templates take their
// arguments as strings (%s, or %[n]s to reorder).
type msg struct{ id, en string }

// messages holds every explanation step and error text.
var messages = map[string]msg{
	"label.to_date": {"s.d. %s", "%s to date"},
	"label.quarter": {"%s", "%s only"},
	"label.year":    {"Tahun", "Year"},

	"name.consolidation.sum":     {"jumlah", "sum"},
	"name.consolidation.average": {"rata-rata", "average"},
	"name.consolidation.last":    {"nilai terakhir", "last value"},
	"name.status.green":          {"hijau", "green"},
	"name.status.yellow":         {"kuning", "yellow"},
	"name.status.red":            {"merah", "red"},
	"name.rating.above":          {"di atas ekspektasi", "above expectations"},
	"name.rating.meets":          {"sesuai ekspektasi", "meets expectations"},
	"name.rating.below":          {"di bawah ekspektasi", "below expectations"},
	"name.yes":                   {"ya", "yes"},
	"name.group.supervisor":      {"atasan", "supervisor"},
	"name.group.peer":            {"rekan kerja", "peers"},
	"name.group.subordinate":     {"bawahan", "subordinates"},
	"name.no":                    {"tidak", "no"},
	"name.undefined":             {"belum dilaporkan", "not reported"},

	"step.ruleset":   {"Aturan %s (%s)", "Rule set %s (%s)"},
	"step.indicator": {"Polaritas %s, konsolidasi periode %s, target maksimal (konversi 120): %s", "Polarity %s, period consolidation %s, max-target (konversi 120): %s"},

	"step.own.no_target": {"Triwulan ini tidak bertarget; tidak ada capaian triwulan", "The quarter has no target; no quarterly achievement"},
	"step.own.values":    {"T = %s, R = %s (triwulan ini saja)", "T = %s, R = %s (this quarter alone)"},
	"step.to_date.none":  {"Belum ada triwulan bertarget sampai triwulan ini; angka s.d. tidak terdefinisi", "No quarter up to this one has a target; the to-date figure is undefined"},
	"step.to_date.carry": {"Triwulan ini tidak bertarget; angka s.d. sama dengan s.d. %s", "The quarter has no target; the to-date figure is that of %s"},
	"step.not_reported":  {"Realisasi belum dilaporkan: capaian tidak terdefinisi (bukan 0)", "Realisation not reported: the achievement is undefined (not 0)"},

	"step.target.sum":          {"Target s.d. T = %s = %s (jumlah triwulan bertarget)", "Target to date T = %s = %s (sum of the targeted quarters)"},
	"step.target.average":      {"Target s.d. T = (%s) / %s = %s (rata-rata triwulan bertarget)", "Target to date T = (%s) / %s = %s (mean of the targeted quarters)"},
	"step.target.last":         {"Target s.d. T = %[2]s (nilai %[1]s, triwulan bertarget terakhir)", "Target to date T = %[2]s (value of %[1]s, the latest targeted quarter)"},
	"step.realisation.sum":     {"Realisasi s.d. R = %s = %s (jumlah triwulan bertarget)", "Realisation to date R = %s = %s (sum of the targeted quarters)"},
	"step.realisation.average": {"Realisasi s.d. R = (%s) / %s = %s (rata-rata triwulan bertarget)", "Realisation to date R = (%s) / %s = %s (mean of the targeted quarters)"},
	"step.realisation.last":    {"Realisasi s.d. R = %[2]s (nilai %[1]s, triwulan bertarget terakhir)", "Realisation to date R = %[2]s (value of %[1]s, the latest targeted quarter)"},
	"step.realisation.missing": {"Realisasi s.d. tidak terdefinisi: %s bertarget tetapi belum dilaporkan; capaian tidak terdefinisi (bukan 0)", "Realisation to date undefined: %s has a target but no realisation; the achievement is undefined (not 0)"},
	"step.year":                {"Capaian tahun = angka s.d. %s, triwulan bertarget terakhir (bukan rata-rata capaian triwulan)", "Year = the to-date figure of %s, the last quarter with a target (not an average of quarterly achievements)"},

	"step.max_target":                 {"Target maksimal (konversi 120): R = %s mencapai T = %s → capaian %s", "Max-target (konversi 120): R = %s reaches T = %s → achievement %s"},
	"step.formula.ratio":              {"Capaian = R / T × 100 = %s / %s × 100 = %s", "Achievement = R / T × 100 = %s / %s × 100 = %s"},
	"step.formula.inverse":            {"Capaian = (1 + (1 − R / T)) × 100 = (1 + (1 − %s / %s)) × 100 = %s", "Achievement = (1 + (1 − R / T)) × 100 = (1 + (1 − %s / %s)) × 100 = %s"},
	"step.formula.maximize_negative":  {"Target negatif: Capaian = (1 + (1 − R / T)) × 100 = (1 + (1 − %s / %s)) × 100 = %s", "Negative target: Achievement = (1 + (1 − R / T)) × 100 = (1 + (1 − %s / %s)) × 100 = %s"},
	"step.formula.minimize_negative":  {"Target negatif pada minimize (cermin maximize): Capaian = R / T × 100 = %s / %s × 100 = %s", "Negative target with minimize (mirror of maximize): Achievement = R / T × 100 = %s / %s × 100 = %s"},
	"step.formula.minimize_zero":      {"Target 0: Capaian = (terburuk − R) / terburuk × 100 = (%[1]s − %[2]s) / %[1]s × 100 = %[3]s", "Target 0: Achievement = (worst − R) / worst × 100 = (%[1]s − %[2]s) / %[1]s × 100 = %[3]s"},
	"step.formula.stabilize_below":    {"R ≤ T: Ca = R / T × 100 = %s / %s × 100 = %s", "R ≤ T: Ca = R / T × 100 = %s / %s × 100 = %s"},
	"step.formula.stabilize_above":    {"R > T: Ca = 200 − R / T × 100 = 200 − %s / %s × 100 = %s", "R > T: Ca = 200 − R / T × 100 = 200 − %s / %s × 100 = %s"},
	"step.formula.stabilize_negative": {"Target negatif: Ca = 100 − |R − T| / |T| × 100 = 100 − |%[1]s − %[2]s| / |%[2]s| × 100 = %[3]s", "Negative target: Ca = 100 − |R − T| / |T| × 100 = 100 − |%[1]s − %[2]s| / |%[2]s| × 100 = %[3]s"},
	"step.scale.below":                {"Skala: Ca = %s ≤ titik pertama %s → capaian %s", "Scale: Ca = %s ≤ first point %s → achievement %s"},
	"step.scale.above":                {"Skala: Ca = %s ≥ titik terakhir %s → capaian %s", "Scale: Ca = %s ≥ last point %s → achievement %s"},
	"step.scale.interpolate":          {"Skala: interpolasi linear antara (%[2]s → %[3]s) dan (%[4]s → %[5]s): Ca = %[1]s → capaian %[6]s", "Scale: linear interpolation between (%[2]s → %[3]s) and (%[4]s → %[5]s): Ca = %[1]s → achievement %[6]s"},
	"step.clamp.cap":                  {"Capaian %s dibatasi ke batas atas %s", "Achievement %s clamped to the cap %s"},
	"step.clamp.floor":                {"Capaian %s dibatasi ke batas bawah %s", "Achievement %s clamped to the floor %s"},
	"step.round":                      {"Dibulatkan ke 2 desimal (setengah menjauhi nol): %s", "Rounded to 2 decimals (half away from zero): %s"},
	"step.status.green":               {"Status hijau: %s ≥ %s", "Status green: %s ≥ %s"},
	"step.status.yellow":              {"Status kuning: %s ≤ %s < %s", "Status yellow: %s ≤ %s < %s"},
	"step.status.red":                 {"Status merah: %s < %s", "Status red: %s < %s"},

	"step.projection.none":   {"Belum ada capaian yang dilaporkan; proyeksi belum dapat dibuat", "Nothing reported yet; no projection"},
	"step.projection.final":  {"Triwulan bertarget terakhir (%s) sudah dilaporkan: proyeksi = capaian tahun", "The last targeted quarter (%s) is reported: the projection is the year's figure"},
	"step.projection.sum":    {"Proyeksi realisasi tahun = %[1]s + (%[2]s − %[3]s) × %[4]s = %[5]s (sisa target dipenuhi dengan laju yang sama)", "Projected year realisation = %[1]s + (%[2]s − %[3]s) × %[4]s = %[5]s (remaining targets met at the same pace)"},
	"step.projection.last":   {"Proyeksi realisasi tahun = %[1]s × %[2]s / %[3]s = %[4]s (jarak terhadap jalur target tetap)", "Projected year realisation = %[1]s × %[2]s / %[3]s = %[4]s (the distance to the target path continues)"},
	"step.projection.level":  {"Proyeksi realisasi tahun = %s (tingkat sejauh ini berlanjut)", "Projected year realisation = %s (the level so far continues)"},
	"step.projection.result": {"Terhadap target tahun %s, proyeksi capaian %s: %s", "Against the year's target %s, projected achievement %s: %s"},
	"name.trend.on_track":    {"sesuai jalur", "on track"},
	"name.trend.at_risk":     {"berisiko", "at risk"},
	"name.trend.off_track":   {"tidak sesuai jalur", "off track"},

	"step.nko.objective":        {"Nilai sasaran %s = (%s) / %s = %s", "Objective %s = (%s) / %s = %s"},
	"step.nko.objective_none":   {"Sasaran %s belum memiliki capaian; tidak dihitung", "Objective %s has no achievement yet; left out"},
	"step.nko.perspective":      {"Nilai perspektif %s = rata-rata nilai sasaran (%s) = %s", "Perspective %s = mean of its objective values (%s) = %s"},
	"step.nko.perspective_none": {"Perspektif %s belum memiliki capaian; bobotnya dibagi ke perspektif lain secara proporsional", "Perspective %s has no achievement yet; its weight is shared out over the others in proportion"},
	"step.nko.sum":              {"NKO = Σ nilai perspektif × bobot / 100 = (%s) / 100 = %s", "NKO = Σ perspective value × weight / 100 = (%s) / 100 = %s"},
	"step.nko.partial":          {"NKO = (%s) / %s = %s (hanya perspektif yang memiliki nilai)", "NKO = (%s) / %s = %s (only the perspectives with a value)"},
	"step.nko.predicate":        {"Predikat NKO: %s", "NKO predicate: %s"},

	"step.k3.quality":                           {"Bobot kualitas: validitas %s × kendali %s = %s", "Quality weight: validity %s × control %s = %s"},
	"step.k3.override.set_by_law":               {"Target ditetapkan peraturan atau penilaian eksternal: bobot target %s", "Target set by law or an external assessment: target weight %s"},
	"step.k3.override.stable":                   {"Indikator stabil: bobot target %s", "Stable indicator: target weight %s"},
	"step.k3.override.new_without_history":      {"Indikator baru tanpa data historis: bobot target %s", "New indicator without history: target weight %s"},
	"step.k3.override.stabilize":                {"Polaritas stabilize: bobot target %s", "Polarity stabilize: target weight %s"},
	"step.k3.prev_target_from_realisation":      {"Indikator baru dengan data historis: T1 := R1 = %s", "New indicator with history: T1 := R1 = %s"},
	"step.k3.mirrored":                          {"Polaritas minimize: perbandingan dibalik (lebih kecil lebih baik)", "Polarity minimize: comparisons mirrored (lower is better)"},
	"step.k3.compare.beyond_both":               {"T = %[1]s melampaui T1 = %[2]s dan R1 = %[3]s: bobot target %[4]s", "T = %[1]s goes beyond T1 = %[2]s and R1 = %[3]s: target weight %[4]s"},
	"step.k3.compare.equals_prev_realisation":   {"T = R1 = %[1]s, melampaui T1 = %[2]s: bobot target %[4]s", "T = R1 = %[1]s, beyond T1 = %[2]s: target weight %[4]s"},
	"step.k3.compare.between":                   {"T = %[1]s di antara T1 = %[2]s dan R1 = %[3]s: bobot target %[4]s", "T = %[1]s lies between T1 = %[2]s and R1 = %[3]s: target weight %[4]s"},
	"step.k3.compare.same_target_prev_missed":   {"T = T1 = %[1]s dan R1 = %[3]s tidak mencapai T1: bobot target %[4]s", "T = T1 = %[1]s and R1 = %[3]s fell short of T1: target weight %[4]s"},
	"step.k3.compare.same_target_prev_exceeded": {"T = T1 = %[1]s dan R1 = %[3]s melampaui T1: bobot target %[4]s", "T = T1 = %[1]s and R1 = %[3]s went beyond T1: target weight %[4]s"},
	"step.k3.compare.easier_than_prev_target":   {"T = %[1]s kurang menantang dari T1 = %[2]s: bobot target %[4]s", "T = %[1]s is less demanding than T1 = %[2]s: target weight %[4]s"},
	"step.k3.compare.all_equal":                 {"T = T1 = R1 = %[1]s: bobot target %[4]s", "T = T1 = R1 = %[1]s: target weight %[4]s"},
	"step.k3.mandatory_min":                     {"Indikator mandatory: bobot target %s dinaikkan ke minimum %s", "Mandatory indicator: target weight %s raised to the minimum %s"},
	"step.k3.formula":                           {"K3 = (bobot kualitas × %[2]s + bobot target × %[4]s) / 100 = (%[1]s × %[2]s + %[3]s × %[4]s) / 100 = %[5]s", "K3 = (quality weight × %[2]s + target weight × %[4]s) / 100 = (%[1]s × %[2]s + %[3]s × %[4]s) / 100 = %[5]s"},
	"warn.k3_all_equal":                         {"Target sama dengan target dan realisasi tahun lalu; pertimbangkan target yang lebih menantang", "The target equals last year's target and realisation; consider a more demanding target"},

	"step.nkp.left_out":             {"IKI %s belum memiliki capaian pada periode ini; tidak dihitung", "IKI %s has no achievement in the period; left out"},
	"step.nkp.nkc":                  {"NKC IKI %[1]s = min(%[2]s, capaian × K3) = min(%[2]s, %[3]s × %[4]s) = %[5]s", "NKC of IKI %[1]s = min(%[2]s, achievement × K3) = min(%[2]s, %[3]s × %[4]s) = %[5]s"},
	"step.nkp.weight_days":          {"Bobot IKI %s = K3 × hari / Σ(K3 × hari) = %s × %s / %s = %s", "Weight of IKI %s = K3 × days / Σ(K3 × days) = %s × %s / %s = %s"},
	"step.nkp.weight":               {"Bobot IKI %s = K3 / ΣK3 = %s / %s = %s (hari aktif sama)", "Weight of IKI %s = K3 / ΣK3 = %s / %s = %s (equal days)"},
	"step.nkp.nhk":                  {"NHK = min(%[1]s, Σ NKC × bobot) = min(%[1]s, %[2]s) = %[3]s", "NHK = min(%[1]s, Σ NKC × weight) = min(%[1]s, %[2]s) = %[3]s"},
	"step.nkp.nhk_given":            {"NHK diberikan (sudah dikalibrasi): %s", "NHK given (already calibrated): %s"},
	"step.nkp.npk_given":            {"NPK diberikan (sudah dikalibrasi): %s", "NPK given (already calibrated): %s"},
	"step.nkp.npk":                  {"NPK = rata-rata %[2]s skor perilaku BerAKHLAK = (%[1]s) / %[2]s = %[3]s", "NPK = mean of the %[2]s BerAKHLAK behaviour scores = (%[1]s) / %[2]s = %[3]s"},
	"step.nkp.group":                {"Kelompok %s: %s penilai, bobot %s; rata-rata per aspek BerAKHLAK: %s", "Group %s: %s raters, weight %s; mean per BerAKHLAK aspect: %s"},
	"step.nkp.aspects":              {"Nilai tiap aspek = rata-rata berbobot kelompok yang ada: %s", "Each aspect = the weighted mean of the groups present: %s"},
	"step.nkp.npk_year":             {"NPK tahunan = rata-rata NPK %[2]s triwulan = (%[1]s) / %[2]s = %[3]s", "Annual NPK = mean of the NPKs of %[2]s quarters = (%[1]s) / %[2]s = %[3]s"},
	"step.nkp.rating_work_t47":      {"Rating hasil kerja (KMK Tabel 47): NHK terkalibrasi %[1]s disesuaikan dan dipadukan dengan NKO seperti NKP = %[2]s: %[3]s (> %[5]s di atas, %[4]s–%[5]s sesuai, < %[4]s di bawah ekspektasi)", "Work-result rating (KMK Tabel 47): calibrated NHK %[1]s adjusted and blended with the NKO like the NKP = %[2]s: %[3]s (> %[5]s above, %[4]s–%[5]s meets, < %[4]s below expectations)"},
	"step.nkp.rating_work_head":     {"Rating hasil kerja pimpinan unit dari NKO kantor %[1]s: %[2]s (> %[4]s di atas, %[3]s–%[4]s sesuai, < %[3]s di bawah ekspektasi)", "Work-result rating of the head from the office NKO %[1]s: %[2]s (> %[4]s above, %[3]s–%[4]s meets, < %[3]s below expectations)"},
	"step.nkp.rating_behaviour_t47": {"Rating perilaku kerja (KMK Tabel 47): NPK terkalibrasi %[1]s disesuaikan dan dipadukan dengan NKO seperti NKP = %[2]s: %[3]s (> %[5]s di atas, %[4]s–%[5]s sesuai, < %[4]s di bawah ekspektasi)", "Behaviour rating (KMK Tabel 47): calibrated NPK %[1]s adjusted and blended with the NKO like the NKP = %[2]s: %[3]s (> %[5]s above, %[4]s–%[5]s meets, < %[4]s below expectations)"},
	"step.nkp.calibrate_none":       {"Kalibrasi %s: %s ≤ %s, tetap", "Calibration of %s: %s ≤ %s, unchanged"},
	"step.nkp.calibrate":            {"Kalibrasi %[1]s = min(%[6]s, %[2]s + (min(%[3]s, %[4]s) − %[2]s) × %[5]s) = %[7]s", "Calibrated %[1]s = min(%[6]s, %[2]s + (min(%[3]s, %[4]s) − %[2]s) × %[5]s) = %[7]s"},
	"step.nkp.initial":              {"NKP awal = %[1]s%% × NHK + %[3]s%% × NPK = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s", "Initial NKP = %[1]s%% × NHK + %[3]s%% × NPK = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s"},
	"step.nkp.adjusted":             {"Nilai setelah penyesuaian = NKP awal − hukuman disiplin − nilai dampak atasan + koreksi = %s − %s − %s + %s = %s", "Adjusted = initial NKP − discipline penalty − superior's impact + correction = %s − %s − %s + %s = %s"},
	"step.nkp.adjusted_clamp":       {"Dibatasi ke [%s, %s]: %s", "Clamped to [%s, %s]: %s"},
	"step.nkp.blend_near":           {"Nilai setelah penyesuaian ≥ NKO; pimpinan, satu tingkat di bawah pimpinan atau fungsional substantif: NKP = %[1]s%% × NKO + %[3]s%% × nilai setelah penyesuaian = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s", "Adjusted ≥ NKO; the head, one level below the head or substantive functional: NKP = %[1]s%% × NKO + %[3]s%% × adjusted = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s"},
	"step.nkp.blend_far":            {"Nilai setelah penyesuaian ≥ NKO; dua tingkat atau lebih di bawah pimpinan: NKP = %[1]s%% × NKO + %[3]s%% × nilai setelah penyesuaian = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s", "Adjusted ≥ NKO; two or more levels below the head: NKP = %[1]s%% × NKO + %[3]s%% × adjusted = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s"},
	"step.nkp.blend_below":          {"Nilai setelah penyesuaian < NKO: NKP = %[1]s%% × NKO + %[3]s%% × nilai setelah penyesuaian = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s", "Adjusted < NKO: NKP = %[1]s%% × NKO + %[3]s%% × adjusted = %[1]s%% × %[2]s + %[3]s%% × %[4]s = %[5]s"},
	"step.nkp.rating_work_nkp":      {"Rating hasil kerja dari NKP %[1]s: %[2]s (> %[4]s di atas, %[3]s–%[4]s sesuai, < %[3]s di bawah ekspektasi)", "Work-result rating from NKP %[1]s: %[2]s (> %[4]s above, %[3]s–%[4]s meets, < %[3]s below expectations)"},
	"step.nkp.rating_work_nhk":      {"Rating hasil kerja dari NHK %[1]s: %[2]s (> %[4]s di atas, %[3]s–%[4]s sesuai, < %[3]s di bawah ekspektasi)", "Work-result rating from NHK %[1]s: %[2]s (> %[4]s above, %[3]s–%[4]s meets, < %[3]s below expectations)"},
	"step.nkp.rating_behaviour":     {"Rating perilaku kerja dari NPK %[1]s: %[2]s (> %[4]s di atas, %[3]s–%[4]s sesuai, < %[3]s di bawah ekspektasi)", "Behaviour rating from NPK %[1]s: %[2]s (> %[4]s above, %[3]s–%[4]s meets, < %[3]s below expectations)"},
	"step.nkp.predicate":            {"Predikat kinerja pegawai (hasil kerja %s × perilaku %s): %s", "Employee predicate (work result %s × behaviour %s): %s"},
	"step.nkp.plan_share":           {"%s %s s.d. %s: %s hari, bagian dari Σ(K3 × hari) %s %%", "%s %s to %s: %s days, share of Σ(K3 × days) %s %%"},

	"err.ruleset_unknown":               {"aturan perhitungan \"%s\" tidak dikenal; yang tersedia: %s", "unknown rule set \"%s\"; available: %s"},
	"err.not_finite":                    {"harus berupa angka", "must be a number"},
	"err.magnitude":                     {"di luar batas: harus antara −10^15 dan 10^15", "out of range: must be between −10^15 and 10^15"},
	"err.enum":                          {"pilihan \"%s\" tidak dikenal; pilih salah satu dari %s", "unknown choice \"%s\"; choose one of %s"},
	"err.worst_only_minimize":           {"hanya diisi untuk indikator yang makin rendah makin baik (minimize)", "only for an indicator where lower is better (minimize)"},
	"err.worst_positive":                {"realisasi terburuk harus lebih besar dari 0", "the worst realisation must be greater than 0"},
	"err.scale_only_stabilize":          {"hanya diisi untuk indikator yang makin dekat target makin baik (stabilize)", "only for an indicator where closest to the target is best (stabilize)"},
	"err.scale_required":                {"isi skala konversi dengan paling sedikit 2 baris (Ca dan capaian): indikator ini makin dekat target makin baik (stabilize)", "fill in the conversion scale with at least 2 rows (Ca and achievement): for this indicator closest to the target is best (stabilize)"},
	"err.scale_order":                   {"nilai Ca setiap baris harus lebih besar dari baris sebelumnya", "each row's Ca must be greater than the row above"},
	"err.zero_target_maximize":          {"target 0 tidak dapat dinilai untuk indikator yang makin tinggi makin baik (maximize); isi target lebih dari 0", "a target of 0 cannot be scored when higher is better (maximize); enter a target above 0"},
	"err.zero_target_maximize_quarter":  {"target %s bernilai 0, padahal target 0 tidak dapat dinilai untuk indikator yang makin tinggi makin baik (maximize); kosongkan target triwulan itu", "the %s target is 0, which cannot be scored when higher is better (maximize); leave that quarter without a target"},
	"err.zero_target_maximize_to_date":  {"target s.d. %s berjumlah 0, padahal target 0 tidak dapat dinilai untuk indikator yang makin tinggi makin baik (maximize)", "the target up to %s comes to 0, which cannot be scored when higher is better (maximize)"},
	"err.zero_target_stabilize":         {"indikator yang makin dekat target makin baik (stabilize) memerlukan target selain 0", "an indicator where closest to the target is best (stabilize) needs a target other than 0"},
	"err.zero_target_stabilize_quarter": {"target %s bernilai 0, padahal indikator yang makin dekat target makin baik (stabilize) memerlukan target selain 0", "the %s target is 0, but an indicator where closest to the target is best (stabilize) needs a target other than 0"},
	"err.zero_target_stabilize_to_date": {"target s.d. %s berjumlah 0, padahal indikator yang makin dekat target makin baik (stabilize) memerlukan target selain 0", "the target up to %s comes to 0, but an indicator where closest to the target is best (stabilize) needs a target other than 0"},
	"err.zero_target_minimize":          {"isi realisasi terburuk: targetnya 0, dan untuk indikator yang makin rendah makin baik (minimize) capaian dihitung terhadap realisasi terburuk", "enter the worst realisation: the target is 0, and when lower is better (minimize) the achievement is measured against the worst realisation"},
	"err.zero_target_minimize_quarter":  {"isi realisasi terburuk: target %s bernilai 0, dan untuk indikator yang makin rendah makin baik (minimize) capaian dihitung terhadap realisasi terburuk", "enter the worst realisation: the %s target is 0, and when lower is better (minimize) the achievement is measured against the worst realisation"},
	"err.zero_target_minimize_to_date":  {"isi realisasi terburuk: target s.d. %s berjumlah 0, dan untuk indikator yang makin rendah makin baik (minimize) capaian dihitung terhadap realisasi terburuk", "enter the worst realisation: the target up to %s comes to 0, and when lower is better (minimize) the achievement is measured against the worst realisation"},
	"err.overflow":                      {"angka terlalu besar untuk dijumlahkan s.d. %s", "the numbers are too large to add up to %s"},
	"err.realisation_without_target":    {"%s tidak memiliki target; realisasi hanya diisi untuk triwulan yang bertarget", "%s has no target; a realisation is only entered for a quarter with a target"},
	"err.no_target":                     {"paling sedikit satu triwulan harus bertarget", "at least one quarter needs a target"},
	"err.nko_empty":                     {"belum ada perspektif berbobot yang memiliki capaian", "no weighted perspective has an achievement yet"},
	"err.empty_list":                    {"tidak boleh kosong", "must not be empty"},
	"err.required":                      {"wajib diisi", "required"},
	"err.duplicate":                     {"\"%s\" muncul lebih dari sekali", "\"%s\" appears more than once"},
	"err.negative":                      {"tidak boleh negatif", "must not be negative"},
	"err.positive":                      {"harus lebih besar dari 0", "must be greater than 0"},
	"err.range":                         {"harus antara %s dan %s", "must be between %s and %s"},
	"err.weights_all_or_none":           {"isi bobot untuk semua IKU sasaran ini atau tidak sama sekali", "give a weight for every indicator of the objective or for none"},
	"err.weights_sum":                   {"jumlah bobot harus 100, bukan %s", "weights must add up to 100, not %s"},
	"err.quality_forbidden":             {"validitas %s dengan kendali %s tidak diperbolehkan", "validity %s with control %s is not allowed"},
	"err.k3_required":                   {"wajib diisi untuk menghitung bobot target K3 indikator %s", "required to work out the K3 target weight of a %s indicator"},
	"err.count":                         {"harus berisi %s nilai, bukan %s", "must hold %s values, not %s"},
	"err.days_all_or_none":              {"isi hari aktif untuk semua IKI atau tidak sama sekali", "give days for every indicator or for none"},
	"err.nhk_none":                      {"belum ada IKI yang memiliki capaian pada periode ini", "no indicator has an achievement in the period"},
	"err.nhk_no_days":                   {"belum ada IKI yang aktif pada periode ini", "no indicator was active in the period"},
	"err.not_finite_or_negative":        {"harus berupa angka yang tidak negatif", "must be a number, not negative"},
	"err.npk_none":                      {"belum ada NPK triwulan", "no quarterly NPK yet"},
	"err.group_unknown":                 {"kelompok penilai \"%s\" tidak dikenal", "unknown rater group \"%s\""},
	"err.penalty_category":              {"kategori hukuman disiplin \"%s\" tidak dikenal", "unknown discipline penalty category \"%s\""},
	"err.either":                        {"isi %s atau %s, bukan keduanya", "give %s or %s, not both"},
}

var romans = [...]string{"", "I", "II", "III", "IV"}

// render fills a message for lang ("en", else Indonesian).
func render(key, lang string, args []any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	t := m.id
	if lang == "en" {
		t = m.en
	}
	if len(args) == 0 {
		return t
	}
	s := make([]any, len(args))
	for i, a := range args {
		s[i] = formatArg(a, lang)
	}
	return fmt.Sprintf(t, s...)
}

func formatArg(a any, lang string) string {
	switch v := a.(type) {
	case float64:
		return FormatNumber(v, lang)
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	case Opt:
		if !v.OK {
			return render("name.undefined", lang, nil)
		}
		return FormatNumber(v.V, lang)
	case quarterArg:
		if v < 1 || v > 4 {
			return "?"
		}
		if lang == "en" {
			return "Q" + strconv.Itoa(int(v))
		}
		return "TW " + romans[v]
	case boolArg:
		if v {
			return render("name.yes", lang, nil)
		}
		return render("name.no", lang, nil)
	case termsArg:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatNumber(x, lang)
		}
		return strings.Join(parts, " + ")
	case listArg:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatNumber(x, lang)
		}
		return strings.Join(parts, "; ")
	case groupArg:
		return render("name.group."+string(v), lang, nil)
	case weightedArg:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatNumber(x[0], lang) + " × " + FormatNumber(x[1], lang)
		}
		return strings.Join(parts, " + ")
	case Consolidation:
		return render("name.consolidation."+string(v), lang, nil)
	case Status:
		return render("name.status."+string(v), lang, nil)
	case Rating:
		return render("name.rating."+string(v), lang, nil)
	case Trend:
		return render("name.trend."+string(v), lang, nil)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(a)
}

// FormatNumber writes x for an explanation: at most 6 decimals, trailing
// zeros dropped, thousands grouped; Indonesian "1.234,5", English "1,234.5".
func FormatNumber(x float64, lang string) string {
	if !finite(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	dec, group := ",", "."
	if lang == "en" {
		dec, group = ".", ","
	}
	a := math.Abs(x)
	if a != 0 && (a < 1e-6 || a >= 1e15) {
		return strings.Replace(strconv.FormatFloat(x, 'g', -1, 64), ".", dec, 1)
	}
	s := strconv.FormatFloat(a, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

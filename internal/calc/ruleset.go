package calc

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// DefaultRuleSetID is the rule set of a new performance year.
const DefaultRuleSetID = "KMK-127-2026"

// Position kinds known to the rule sets' IKI limits.
const (
	PositionAdministrator = "administrator"
	PositionPengawas      = "pengawas"
	PositionPelaksana     = "pelaksana"
	PositionFungsional    = "fungsional"
)

// Every JSON file in rules/ is a rule set; adding a regulation is adding a file.
//
//go:embed rules/*.json
var rulesFS embed.FS

// RuleSet holds every number of SPEC §10 for one regulation. It is loaded
// from JSON, validated, and immutable afterwards: all fields are unexported
// and accessors return copies, so one *RuleSet is safely shared.
type RuleSet struct {
	id, title string

	floor, cap, maxTargetScore float64
	greenMin, yellowMin        float64
	iiaaThreshold              float64

	withStakeholder, withoutStakeholder []PerspectiveWeight

	maxIKU int
	iki    map[string][2]int

	nkoBands []band
	nkoBelow string

	quality                       [3][3]float64 // [validity][control]; 0 = not allowed
	tw                            targetWeights
	mandatoryMin                  float64
	k3QualityShare, k3TargetShare float64
	k3Min, k3Max                  float64

	nkp  nkpRules
	eval evalRules

	pkDue, skpDue     monthDay
	manualIKIMonths   int
	packageDaysAfterQ int

	source []byte // the file as parsed
}

// PerspectiveWeight is a default perspective of a strategy map.
type PerspectiveWeight struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

type band struct {
	min   float64
	label string
}

// targetWeights are the K3 target weights by the rule that chose them; the
// labels are the JSON keys under k3.target_weights.
type targetWeights struct {
	beyondBoth, equalsPrevRealisation, between   float64
	sameTargetPrevMissed, sameTargetPrevExceeded float64
	easierThanPrevTarget, allEqual               float64
	setByLaw, stable, newWithoutHistory          float64
	stabilize                                    float64
}

type shares struct{ nko, own float64 }

type nkpRules struct {
	nkcCap, nhkCap            float64
	behaviourScores           int
	nhkShare, npkShare        float64
	calThreshold, calInputCap float64
	calOthers, calTop         calibration
	adjFloor, adjCap          float64
	correctionMax, impactMax  float64
	nearMaxLevels             int
	near, far, belowNKO       shares
	ratingAboveOver           float64
	ratingMeetsMin            float64
	workFrom                  string       // ReadingTabel47, ReadingNKP or ReadingNHK
	predicates                [3][3]string // [work][behaviour], by Rating.index
}

type calibration struct{ cap, slope float64 }

type monthDay struct{ month, day int }

// RuleSetError reports an invalid rule set, naming the field.
type RuleSetError struct {
	Source  string // file name, when known
	Field   string // JSON path, e.g. "status.yellow_min"
	Message string // in English

	// format and args make Message; Text renders them in Indonesian too.
	format string
	args   []any
}

// ruleSetErr builds a RuleSetError whose message Text can translate.
func ruleSetErr(field, format string, args ...any) *RuleSetError {
	return &RuleSetError{Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

func (e *RuleSetError) Error() string { return e.Text("en") }

// Text is Error in a language: "en" for English, anything else for
// Indonesian. The field path stays as written in the file.
func (e *RuleSetError) Text(lang string) string {
	s := "rule set"
	if lang != "en" {
		s = "aturan perhitungan"
	}
	if e.Source != "" {
		s += " " + e.Source
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Detail(lang)
}

// Detail is the message alone, without the source and field.
func (e *RuleSetError) Detail(lang string) string {
	if lang == "en" || e.format == "" {
		return e.Message
	}
	t, ok := ruleSetMessagesID[e.format]
	if !ok {
		return e.Message
	}
	args := make([]any, len(e.args))
	for i, a := range e.args {
		args[i] = a
		if k, ok := a.(kindArg); ok && kindNamesID[k] != "" {
			args[i] = kindNamesID[k]
		}
	}
	return fmt.Sprintf(t, args...)
}

var registry struct {
	once sync.Once
	sets map[string]*RuleSet
	ids  []string
	err  error
}

func loadRegistry() {
	registry.sets, registry.ids, registry.err = loadRuleSets(rulesFS, "rules")
}

// loadRuleSets parses every *.json file of dir; one invalid file, a
// duplicate id or a missing default refuses them all.
func loadRuleSets(fsys fs.FS, dir string) (map[string]*RuleSet, []string, error) {
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, nil, err
	}
	sets := make(map[string]*RuleSet, len(names))
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, nil, err
		}
		rs, err := ParseRuleSet(data)
		if err != nil {
			var rse *RuleSetError
			if errors.As(err, &rse) {
				rse.Source = path.Base(n)
			}
			return nil, nil, err
		}
		if _, dup := sets[rs.id]; dup {
			e := ruleSetErr("id", "%q is used by another file", rs.id)
			e.Source = path.Base(n)
			return nil, nil, e
		}
		sets[rs.id] = rs
	}
	if _, ok := sets[DefaultRuleSetID]; !ok {
		return nil, nil, ruleSetErr("", "the default rule set %s is missing", DefaultRuleSetID)
	}
	ids := make([]string, 0, len(sets))
	for id := range sets {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return sets, ids, nil
}

// Check loads and validates every embedded rule set. Call it at start so that
// a broken rule set stops the program instead of a computation.
func Check() error {
	registry.once.Do(loadRegistry)
	return registry.err
}

// RuleSetIDs lists the embedded rule sets, sorted; nil when one is invalid
// (see Check).
func RuleSetIDs() []string {
	if Check() != nil {
		return nil
	}
	return append([]string(nil), registry.ids...)
}

// GetRuleSet returns the validated rule set with the given id. The result is
// shared and must be treated as read-only (it has no mutators).
func GetRuleSet(id string) (*RuleSet, error) {
	if err := Check(); err != nil {
		return nil, err
	}
	if rs, ok := registry.sets[id]; ok {
		return rs, nil
	}
	return nil, inputErr("ruleset", "err.ruleset_unknown", id, strings.Join(registry.ids, ", "))
}

// ParseRuleSet decodes and validates a rule set. Unknown and missing fields
// are refused, as is any value outside its rule; the error is a
// *RuleSetError naming the field.
func ParseRuleSet(data []byte) (*RuleSet, error) { return parseRuleSet(data, true) }

// parseRuleSet without validate skips the rules between values (not the
// schema), so tests can vary one value alone.
func parseRuleSet(data []byte, validate bool) (*RuleSet, error) {
	var raw rawRuleSet
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, decodeRuleSetError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ruleSetErr("", "unexpected data after the JSON object")
	}
	if f := missingField(reflect.ValueOf(raw), ""); f != "" {
		return nil, ruleSetErr(f, "missing")
	}
	rs, err := raw.build(validate)
	if err != nil {
		return nil, err
	}
	rs.source = append([]byte(nil), data...)
	return rs, nil
}

func decodeRuleSetError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return ruleSetErr("", "malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return ruleSetErr(te.Field, "expected %s, got %s", jsonKind(te.Type), te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return ruleSetErr(name, "unknown field")
	case err == io.EOF:
		return ruleSetErr("", "empty file")
	}
	return ruleSetErr("", "malformed JSON: %v", err)
}

// kindArg is a JSON kind in an error message, named per language.
type kindArg string

func (k kindArg) String() string { return string(k) }

func jsonKind(t reflect.Type) kindArg {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.Int:
		return "a whole number"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct:
		return "an object"
	}
	return kindArg(t.Kind().String())
}

// missingField returns the JSON path of the first required field absent from
// v. Pointers, slices and cells are required unless tagged omitempty.
func missingField(v reflect.Value, at string) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return missingField(v.Elem(), at)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if f := missingField(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); f != "" {
				return f
			}
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(cell{}) {
			return ""
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			p := name
			if at != "" {
				p = at + "." + name
			}
			fv := v.Field(i)
			unset := false
			switch fv.Kind() {
			case reflect.Pointer, reflect.Slice:
				unset = fv.IsNil()
			case reflect.Struct:
				unset = fv.Type() == reflect.TypeOf(cell{}) && !fv.FieldByName("set").Bool()
			}
			if unset {
				if opts == "omitempty" {
					continue
				}
				return p
			}
			if f := missingField(fv, p); f != "" {
				return f
			}
		}
	}
	return ""
}

// cell is a number that may be null, where null is meaningful (a forbidden
// K3 combination) and absence is an error.
type cell struct {
	set, null bool
	v         float64
}

func (c *cell) UnmarshalJSON(b []byte) error {
	c.set = true
	if string(b) == "null" {
		c.null = true
		return nil
	}
	return json.Unmarshal(b, &c.v)
}

type rawRuleSet struct {
	ID            *string          `json:"id"`
	Title         *string          `json:"title"`
	Notes         []string         `json:"notes,omitempty"`
	Achievement   *rawAchievement  `json:"achievement"`
	Status        *rawStatus       `json:"status"`
	IIAAThreshold *float64         `json:"iiaa_threshold"`
	Perspectives  *rawPerspectives `json:"perspectives"`
	Limits        *rawLimits       `json:"limits"`
	NKO           *rawNKO          `json:"nko"`
	K3            *rawK3           `json:"k3"`
	NKP           *rawNKP          `json:"nkp"`
	Evaluation    *rawEvaluation   `json:"evaluation"`
	Deadlines     *rawDeadlines    `json:"deadlines"`
}

type rawAchievement struct {
	Floor          *float64 `json:"floor"`
	Cap            *float64 `json:"cap"`
	MaxTargetScore *float64 `json:"max_target_score"`
}

type rawStatus struct {
	GreenMin  *float64 `json:"green_min"`
	YellowMin *float64 `json:"yellow_min"`
	Note      string   `json:"note,omitempty"`
}

type rawPerspectives struct {
	WithStakeholder    []rawPerspective `json:"with_stakeholder"`
	WithoutStakeholder []rawPerspective `json:"without_stakeholder"`
	Note               string           `json:"note,omitempty"`
}

type rawPerspective struct {
	Name   *string  `json:"name"`
	Weight *float64 `json:"weight"`
}

type rawLimits struct {
	MaxIKU *int `json:"max_iku"`
	IKI    *struct {
		Administrator *rawRange `json:"administrator"`
		Pengawas      *rawRange `json:"pengawas"`
		Pelaksana     *rawRange `json:"pelaksana"`
		Fungsional    *rawRange `json:"fungsional"`
	} `json:"iki"`
	Note string `json:"note,omitempty"`
}

type rawRange struct {
	Min *int `json:"min"`
	Max *int `json:"max"`
}

type rawNKO struct {
	Predicates     []rawBand `json:"predicates"`
	PredicateBelow *string   `json:"predicate_below"`
	Note           string    `json:"note,omitempty"`
}

type rawBand struct {
	Min   *float64 `json:"min"`
	Label *string  `json:"label"`
}

type rawK3 struct {
	QualityWeights *struct {
		Exact    *rawQualityRow `json:"exact"`
		Proxy    *rawQualityRow `json:"proxy"`
		Activity *rawQualityRow `json:"activity"`
	} `json:"quality_weights"`
	TargetWeights *struct {
		BeyondBoth             *float64 `json:"beyond_both"`
		EqualsPrevRealisation  *float64 `json:"equals_prev_realisation"`
		Between                *float64 `json:"between"`
		SameTargetPrevMissed   *float64 `json:"same_target_prev_missed"`
		SameTargetPrevExceeded *float64 `json:"same_target_prev_exceeded"`
		EasierThanPrevTarget   *float64 `json:"easier_than_prev_target"`
		AllEqual               *float64 `json:"all_equal"`
		SetByLaw               *float64 `json:"set_by_law"`
		Stable                 *float64 `json:"stable"`
		NewWithoutHistory      *float64 `json:"new_without_history"`
		Stabilize              *float64 `json:"stabilize"`
	} `json:"target_weights"`
	MandatoryMin *float64 `json:"mandatory_min"`
	QualityShare *float64 `json:"quality_share"`
	TargetShare  *float64 `json:"target_share"`
	Note         string   `json:"note,omitempty"`
}

type rawQualityRow struct {
	Low      cell `json:"low"`
	Moderate cell `json:"moderate"`
	High     cell `json:"high"`
}

type rawNKP struct {
	NKCCap          *float64 `json:"nkc_cap"`
	NHKCap          *float64 `json:"nhk_cap"`
	BehaviourScores *int     `json:"behaviour_scores"`
	NHKShare        *float64 `json:"nhk_share"`
	NPKShare        *float64 `json:"npk_share"`
	Calibration     *struct {
		Threshold    *float64        `json:"threshold"`
		InputCap     *float64        `json:"input_cap"`
		Others       *rawCalibration `json:"others"`
		TopOfficials *rawCalibration `json:"top_officials"`
		Note         string          `json:"note,omitempty"`
	} `json:"calibration"`
	AdjustedFloor *float64 `json:"adjusted_floor"`
	AdjustedCap   *float64 `json:"adjusted_cap"`
	CorrectionMax *float64 `json:"correction_max"`
	ImpactMax     *float64 `json:"impact_max"`
	Blend         *struct {
		NearMaxLevelsBelowHead *int       `json:"near_max_levels_below_head"`
		Near                   *rawShares `json:"near"`
		Far                    *rawShares `json:"far"`
		BelowNKO               *rawShares `json:"below_nko"`
	} `json:"blend"`
	Rating *struct {
		AboveOver *float64 `json:"above_over"`
		MeetsMin  *float64 `json:"meets_min"`
		WorkFrom  *string  `json:"work_from"`
		Note      string   `json:"note,omitempty"`
	} `json:"rating"`
	Predicates *struct {
		Above *rawPredicateRow `json:"above"`
		Meets *rawPredicateRow `json:"meets"`
		Below *rawPredicateRow `json:"below"`
	} `json:"predicates"`
}

type rawCalibration struct {
	Cap   *float64 `json:"cap"`
	Slope *float64 `json:"slope"`
}

type rawShares struct {
	NKO *float64 `json:"nko"`
	Own *float64 `json:"own"`
}

type rawPredicateRow struct {
	Above *string `json:"above"`
	Meets *string `json:"meets"`
	Below *string `json:"below"`
}

type rawDeadlines struct {
	PKSignedBy                     *rawMonthDay `json:"pk_signed_by"`
	SKPApprovedBy                  *rawMonthDay `json:"skp_approved_by"`
	ManualIKIMonthsAfterSKP        *int         `json:"manual_iki_months_after_skp"`
	QuarterPackageDaysAfterQuarter *int         `json:"quarter_package_days_after_quarter"`
}

type rawMonthDay struct {
	Month *int `json:"month"`
	Day   *int `json:"day"`
}

// checker keeps the first validation failure; off, it keeps none.
type checker struct {
	err *RuleSetError
	off bool
}

func (c *checker) fail(field, format string, args ...any) {
	if c.err == nil && !c.off {
		c.err = ruleSetErr(field, format, args...)
	}
}

func (c *checker) nonEmpty(field, s string) {
	if strings.TrimSpace(s) == "" {
		c.fail(field, "must not be empty")
	}
}

func (c *checker) atLeast(field string, v, min float64) {
	if v < min {
		c.fail(field, "must be at least %g", min)
	}
}

func (c *checker) positive(field string, v float64) {
	if v <= 0 {
		c.fail(field, "must be greater than 0")
	}
}

// pair checks two percentages that split a whole.
func (c *checker) pair(field, a, b string, x, y float64) {
	c.atLeast(field+"."+a, x, 0)
	c.atLeast(field+"."+b, y, 0)
	if math.Abs(x+y-100) > 1e-9 {
		c.fail(field, "%s and %s must add up to 100, not %g", a, b, x+y)
	}
}

func (r *rawRuleSet) build(validate bool) (*RuleSet, error) {
	c := checker{off: !validate}
	rs := &RuleSet{id: strings.TrimSpace(*r.ID), title: *r.Title}
	c.nonEmpty("id", rs.id)
	c.nonEmpty("title", rs.title)

	a := r.Achievement
	rs.floor, rs.cap, rs.maxTargetScore = *a.Floor, *a.Cap, *a.MaxTargetScore
	if rs.cap <= rs.floor {
		c.fail("achievement.cap", "must be greater than achievement.floor")
	}
	if rs.maxTargetScore < rs.floor || rs.maxTargetScore > rs.cap {
		c.fail("achievement.max_target_score", "must lie between achievement.floor and achievement.cap")
	}

	rs.greenMin, rs.yellowMin = *r.Status.GreenMin, *r.Status.YellowMin
	if rs.yellowMin >= rs.greenMin {
		c.fail("status.yellow_min", "must be below status.green_min")
	}
	rs.iiaaThreshold = *r.IIAAThreshold

	rs.withStakeholder = perspectives(&c, "perspectives.with_stakeholder", r.Perspectives.WithStakeholder, true)
	rs.withoutStakeholder = perspectives(&c, "perspectives.without_stakeholder", r.Perspectives.WithoutStakeholder, false)

	rs.maxIKU = *r.Limits.MaxIKU
	if rs.maxIKU < 1 {
		c.fail("limits.max_iku", "must be at least 1")
	}
	rs.iki = map[string][2]int{}
	for _, k := range []struct {
		name string
		r    *rawRange
	}{
		{PositionAdministrator, r.Limits.IKI.Administrator},
		{PositionPengawas, r.Limits.IKI.Pengawas},
		{PositionPelaksana, r.Limits.IKI.Pelaksana},
		{PositionFungsional, r.Limits.IKI.Fungsional},
	} {
		lo, hi := *k.r.Min, *k.r.Max
		if lo < 1 {
			c.fail("limits.iki."+k.name+".min", "must be at least 1")
		}
		if hi < lo {
			c.fail("limits.iki."+k.name+".max", "must not be below min")
		}
		rs.iki[k.name] = [2]int{lo, hi}
	}

	if len(r.NKO.Predicates) == 0 {
		c.fail("nko.predicates", "must list at least one band")
	}
	for i, b := range r.NKO.Predicates {
		f := fmt.Sprintf("nko.predicates[%d]", i)
		c.nonEmpty(f+".label", *b.Label)
		if i > 0 && *b.Min >= rs.nkoBands[i-1].min {
			c.fail(f+".min", "bands must be listed from the highest minimum down")
		}
		rs.nkoBands = append(rs.nkoBands, band{*b.Min, *b.Label})
	}
	rs.nkoBelow = *r.NKO.PredicateBelow
	c.nonEmpty("nko.predicate_below", rs.nkoBelow)

	rs.buildK3(&c, r.K3)
	rs.buildNKP(&c, r.NKP)
	rs.buildEvaluation(&c, r.Evaluation)

	d := r.Deadlines
	rs.pkDue = monthDayOf(&c, "deadlines.pk_signed_by", d.PKSignedBy)
	rs.skpDue = monthDayOf(&c, "deadlines.skp_approved_by", d.SKPApprovedBy)
	rs.manualIKIMonths = *d.ManualIKIMonthsAfterSKP
	c.atLeast("deadlines.manual_iki_months_after_skp", float64(rs.manualIKIMonths), 0)
	rs.packageDaysAfterQ = *d.QuarterPackageDaysAfterQuarter
	c.atLeast("deadlines.quarter_package_days_after_quarter", float64(rs.packageDaysAfterQ), 0)

	if c.err != nil {
		return nil, c.err
	}
	return rs, nil
}

func perspectives(c *checker, field string, raw []rawPerspective, stakeholder bool) []PerspectiveWeight {
	if len(raw) == 0 {
		c.fail(field, "must list at least one perspective")
	}
	out := make([]PerspectiveWeight, 0, len(raw))
	seen := map[string]bool{}
	sum := 0.0
	for i, p := range raw {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.nonEmpty(f+".name", *p.Name)
		if seen[*p.Name] {
			c.fail(f+".name", "%q appears twice", *p.Name)
		}
		seen[*p.Name] = true
		c.atLeast(f+".weight", *p.Weight, 0)
		sum += *p.Weight
		out = append(out, PerspectiveWeight{Name: *p.Name, Weight: *p.Weight})
	}
	if math.Abs(sum-100) > 1e-9 {
		c.fail(field, "weights must add up to 100, not %g", sum)
	}
	if seen["stakeholder"] != stakeholder {
		c.fail(field, "stakeholder must be listed exactly when the map has it")
	}
	return out
}

func monthDayOf(c *checker, field string, r *rawMonthDay) monthDay {
	m, d := *r.Month, *r.Day
	if m < 1 || m > 12 {
		c.fail(field+".month", "must be 1–12")
		return monthDay{m, d}
	}
	// Day limits of a common year, so the date exists every year.
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if d < 1 || d > days {
		c.fail(field+".day", "must be 1–%d for month %d", days, m)
	}
	return monthDay{m, d}
}

func (rs *RuleSet) buildK3(c *checker, k *rawK3) {
	rows := [3]*rawQualityRow{k.QualityWeights.Exact, k.QualityWeights.Proxy, k.QualityWeights.Activity}
	vnames := [3]Validity{ValidityExact, ValidityProxy, ValidityActivity}
	qmin, qmax := math.Inf(1), math.Inf(-1)
	for vi, row := range rows {
		cells := [3]cell{row.Low, row.Moderate, row.High}
		cnames := [3]Control{ControlLow, ControlModerate, ControlHigh}
		for ci, cl := range cells {
			if cl.null {
				continue
			}
			c.positive(fmt.Sprintf("k3.quality_weights.%s.%s", vnames[vi], cnames[ci]), cl.v)
			rs.quality[vi][ci] = cl.v
			qmin, qmax = math.Min(qmin, cl.v), math.Max(qmax, cl.v)
		}
	}
	if math.IsInf(qmin, 1) {
		c.fail("k3.quality_weights", "must allow at least one combination")
	}
	t := k.TargetWeights
	rs.tw = targetWeights{
		beyondBoth: *t.BeyondBoth, equalsPrevRealisation: *t.EqualsPrevRealisation, between: *t.Between,
		sameTargetPrevMissed: *t.SameTargetPrevMissed, sameTargetPrevExceeded: *t.SameTargetPrevExceeded,
		easierThanPrevTarget: *t.EasierThanPrevTarget, allEqual: *t.AllEqual, setByLaw: *t.SetByLaw, stable: *t.Stable,
		newWithoutHistory: *t.NewWithoutHistory, stabilize: *t.Stabilize,
	}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	for _, l := range targetWeightLabels {
		w := rs.targetWeight(l)
		c.positive("k3.target_weights."+l, w)
		tmin, tmax = math.Min(tmin, w), math.Max(tmax, w)
	}
	rs.mandatoryMin = *k.MandatoryMin
	c.positive("k3.mandatory_min", rs.mandatoryMin)
	tmax = math.Max(tmax, rs.mandatoryMin)
	rs.k3QualityShare, rs.k3TargetShare = *k.QualityShare, *k.TargetShare
	c.pair("k3", "quality_share", "target_share", rs.k3QualityShare, rs.k3TargetShare)
	rs.k3Min = rs.combineK3(qmin, tmin)
	rs.k3Max = rs.combineK3(qmax, tmax)
}

func (rs *RuleSet) buildNKP(c *checker, n *rawNKP) {
	p := &rs.nkp
	p.nkcCap, p.nhkCap = *n.NKCCap, *n.NHKCap
	c.positive("nkp.nkc_cap", p.nkcCap)
	c.positive("nkp.nhk_cap", p.nhkCap)
	p.behaviourScores = *n.BehaviourScores
	c.atLeast("nkp.behaviour_scores", float64(p.behaviourScores), 1)
	p.nhkShare, p.npkShare = *n.NHKShare, *n.NPKShare
	c.pair("nkp", "nhk_share", "npk_share", p.nhkShare, p.npkShare)

	cal := n.Calibration
	p.calThreshold, p.calInputCap = *cal.Threshold, *cal.InputCap
	if p.calInputCap <= p.calThreshold {
		c.fail("nkp.calibration.input_cap", "must be greater than nkp.calibration.threshold")
	}
	for _, g := range []struct {
		name string
		raw  *rawCalibration
		dst  *calibration
	}{{"others", cal.Others, &p.calOthers}, {"top_officials", cal.TopOfficials, &p.calTop}} {
		*g.dst = calibration{*g.raw.Cap, *g.raw.Slope}
		c.atLeast("nkp.calibration."+g.name+".cap", g.dst.cap, p.calThreshold)
		c.positive("nkp.calibration."+g.name+".slope", g.dst.slope)
	}
	// The cap a caller states must identify its group.
	if p.calOthers.cap == p.calTop.cap {
		c.fail("nkp.calibration.top_officials.cap", "must differ from nkp.calibration.others.cap")
	}

	p.adjFloor, p.adjCap = *n.AdjustedFloor, *n.AdjustedCap
	if p.adjCap <= p.adjFloor {
		c.fail("nkp.adjusted_cap", "must be greater than nkp.adjusted_floor")
	}
	p.correctionMax, p.impactMax = *n.CorrectionMax, *n.ImpactMax
	c.atLeast("nkp.correction_max", p.correctionMax, 0)
	c.atLeast("nkp.impact_max", p.impactMax, 0)

	b := n.Blend
	p.nearMaxLevels = *b.NearMaxLevelsBelowHead
	c.atLeast("nkp.blend.near_max_levels_below_head", float64(p.nearMaxLevels), 0)
	for _, s := range []struct {
		name string
		raw  *rawShares
		dst  *shares
	}{{"near", b.Near, &p.near}, {"far", b.Far, &p.far}, {"below_nko", b.BelowNKO, &p.belowNKO}} {
		*s.dst = shares{*s.raw.NKO, *s.raw.Own}
		c.pair("nkp.blend."+s.name, "nko", "own", s.dst.nko, s.dst.own)
	}

	p.ratingAboveOver, p.ratingMeetsMin = *n.Rating.AboveOver, *n.Rating.MeetsMin
	if p.ratingMeetsMin > p.ratingAboveOver {
		c.fail("nkp.rating.meets_min", "must not exceed nkp.rating.above_over")
	}
	switch p.workFrom = *n.Rating.WorkFrom; p.workFrom {
	case ReadingTabel47, ReadingNKP, ReadingNHK:
	default:
		c.fail("nkp.rating.work_from", `must be "tabel_47", "nkp" or "nhk"`)
	}

	rows := [3]*rawPredicateRow{n.Predicates.Above, n.Predicates.Meets, n.Predicates.Below}
	names := [3]Rating{RatingAbove, RatingMeets, RatingBelow}
	for wi, row := range rows {
		for bi, s := range [3]*string{row.Above, row.Meets, row.Below} {
			c.nonEmpty(fmt.Sprintf("nkp.predicates.%s.%s", names[wi], names[bi]), *s)
			p.predicates[wi][bi] = *s
		}
	}
}

// ID is the rule set's identifier, e.g. "KMK-127-2026".
func (rs *RuleSet) ID() string { return rs.id }

// Title is the regulation's name.
func (rs *RuleSet) Title() string { return rs.title }

// Bounds returns the achievement floor and cap.
func (rs *RuleSet) Bounds() (floor, cap float64) { return rs.floor, rs.cap }

// IIAAThreshold is the achievement below which an IIAA analysis is required.
func (rs *RuleSet) IIAAThreshold() float64 { return rs.iiaaThreshold }

// IIAARequired reports whether an indicator with this achievement needs an
// IIAA analysis in the quarterly report. The achievement is compared as
// shown, rounded to 2 decimals.
func (rs *RuleSet) IIAARequired(achievement float64) bool {
	return Round2(achievement) < rs.iiaaThreshold
}

// StatusThresholds returns the lowest achievements that are yellow and
// green, for legends and chart bands that must match Status.
func (rs *RuleSet) StatusThresholds() (yellow, green float64) { return rs.yellowMin, rs.greenMin }

// PerspectiveDefaults returns the default perspective weights of a strategy
// map with or without the Stakeholder perspective, top to bottom. The slice
// is a copy.
func (rs *RuleSet) PerspectiveDefaults(withStakeholder bool) []PerspectiveWeight {
	if withStakeholder {
		return append([]PerspectiveWeight(nil), rs.withStakeholder...)
	}
	return append([]PerspectiveWeight(nil), rs.withoutStakeholder...)
}

// MaxIKU is the largest number of IKUs in a PK.
func (rs *RuleSet) MaxIKU() int { return rs.maxIKU }

// IKILimits returns the allowed number of IKIs in the SKP of a position
// kind (PositionAdministrator, ...). An unknown kind gives (0, 0).
func (rs *RuleSet) IKILimits(positionKind string) (min, max int) {
	l := rs.iki[positionKind]
	return l[0], l[1]
}

// CalibrationCap is the calibration cap for top officials (pimpinan tinggi)
// or for everyone else.
func (rs *RuleSet) CalibrationCap(topOfficial bool) float64 {
	return rs.calibrationGroup(topOfficial).cap
}

// AdjustmentLimits returns the largest correction (either sign) and the
// largest superior's impact value of an NKP.
func (rs *RuleSet) AdjustmentLimits() (correction, impact float64) {
	return rs.nkp.correctionMax, rs.nkp.impactMax
}

// BehaviourScores is the number of BerAKHLAK behaviour scores of an NPK.
func (rs *RuleSet) BehaviourScores() int { return rs.nkp.behaviourScores }

// K3Range returns the smallest and largest K3 the tables can produce.
func (rs *RuleSet) K3Range() (min, max float64) { return rs.k3Min, rs.k3Max }

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kinerja/kinerja/internal/calc"
)

// maxCalcInput bounds stdin so a stray file cannot exhaust memory.
const maxCalcInput = 8 << 20

// runCalc implements "kinerja calc": one JSON object on stdin, one on
// stdout. Bad input exits 2 with {"error", "field"} on stdout and one line
// on stderr.
func runCalc(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("calc", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	explain := fs.Bool("explain", false, "add the steps that produced each figure")
	lang := fs.String("lang", "id", "language of the steps: id or en")
	rulesFile := fs.String("rules", "", "a rule-set JSON file to compute by (used when the input names no ruleset or names its id)")
	dataDir := fs.String("data", "", "data directory of an installation, whose installed rule sets the input may name")
	dbURL := fs.String("db", "", "database URL of an installation (postgres://…), whose installed rule sets the input may name")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: kinerja calc [--explain] [--lang id|en] [--rules FILE | --data DIR | --db URL] < input.json")
		fmt.Fprintln(env.Stderr, "\nReads one JSON object of kind achievement, nko, k3 or nkp; see examples/README.md.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return calcFail(env, fieldErr("flags", "%v", err))
	}
	if fs.NArg() > 0 {
		return calcFail(env, fieldErr("flags", "unexpected argument %q; the input is read from stdin", fs.Arg(0)))
	}
	if *lang != "id" && *lang != "en" {
		return calcFail(env, fieldErr("--lang", "must be id or en, got %q", *lang))
	}
	rules, closeRules, code := calcRules(ctx, env, *rulesFile, *dataDir, *dbURL)
	if rules == nil {
		return code
	}
	defer closeRules()
	out, err := calcCompute(env.Stdin, *explain, *lang, rules)
	if err != nil {
		return calcFail(env, err)
	}
	if err := writeJSON(env.Stdout, out); err != nil {
		fmt.Fprintf(env.Stderr, "kinerja calc: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// ruleSource finds the rule set an input names ("" when it names none).
type ruleSource func(id string) (*calc.RuleSet, error)

// calcRules is where calc finds rule sets: the embedded ones; with --rules
// also a rule-set file, which an input naming no rule set uses; with --data
// or --db also the sets installed in that database (the default is still
// the embedded one, as a year without a rule set of its own).
func calcRules(ctx context.Context, env Env, file, dataDir, dbURL string) (ruleSource, func(), int) {
	none := func() {}
	switch {
	case file != "" && (dataDir != "" || dbURL != ""):
		return nil, none, calcFail(env, fieldErr("--rules", "use either a rule-set file or a database, not both"))
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, none, calcFail(env, fieldErr("--rules", "%v", err))
		}
		rs, err := calc.ParseRuleSet(data)
		if err != nil {
			return nil, none, calcFail(env, fieldErr("--rules", "%s: %v", file, err))
		}
		return func(id string) (*calc.RuleSet, error) {
			if id == "" || id == rs.ID() {
				return rs, nil
			}
			return calc.GetRuleSet(id)
		}, none, exitOK
	case dataDir != "" || dbURL != "":
		var args []string
		if dataDir != "" {
			args = append(args, "--data", dataDir)
		}
		if dbURL != "" {
			args = append(args, "--db", dbURL)
		}
		a, _, code := openApp(ctx, env, "calc", args)
		if a == nil {
			return nil, none, code
		}
		return func(id string) (*calc.RuleSet, error) {
			if id == "" {
				id = calc.DefaultRuleSetID
			}
			return a.Service.RuleSetByID(ctx, id)
		}, func() { a.Close() }, exitOK
	}
	return func(id string) (*calc.RuleSet, error) {
		if id == "" {
			id = calc.DefaultRuleSetID
		}
		return calc.GetRuleSet(id)
	}, none, exitOK
}

func calcFail(env Env, err error) int {
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	_ = writeJSON(env.Stdout, map[string]string{"error": msg, "field": errorField(err)})
	fmt.Fprintf(env.Stderr, "kinerja calc: %s\n", msg)
	return exitBadInput
}

func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // explanations contain ≤, < and >
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// calcCompute decodes the input object and computes the requested kind.
func calcCompute(r io.Reader, explain bool, lang string, rules ruleSource) (any, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCalcInput+1))
	if err != nil {
		return nil, fieldErr("input", "cannot read stdin: %v", err)
	}
	if len(data) > maxCalcInput {
		return nil, fieldErr("input", "larger than %d MiB", maxCalcInput>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fieldErr("input", "empty; expected one JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fieldErr("input", "malformed JSON at byte %d: %v", se.Offset, se)
		}
		return nil, fieldErr("input", "malformed JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr("input", "unexpected data after the JSON object")
	}
	o, err := newObject("", v)
	if err != nil {
		return nil, fieldErr("input", "must be a JSON object, got %s", kindOf(v))
	}
	kind, err := o.str("kind", true)
	if err != nil {
		return nil, err
	}
	id, err := o.str("ruleset", false)
	if err != nil {
		return nil, err
	}
	rs, err := rules(id)
	if err != nil {
		return nil, err
	}
	c := calcRun{rs: rs, explain: explain, lang: lang}
	var out any
	switch kind {
	case "achievement":
		out, err = c.achievement(o)
	case "nko":
		out, err = c.nko(o)
	case "k3":
		out, err = c.k3(o)
	case "nkp":
		out, err = c.nkp(o)
	default:
		return nil, fieldErr("kind", "unknown kind %q; use achievement, nko, k3 or nkp", kind)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

type calcRun struct {
	rs      *calc.RuleSet
	explain bool
	lang    string
}

// steps renders an explanation, each line prefixed by the figure it explains.
func (c calcRun) steps(steps []calc.Step) []string {
	if !c.explain {
		return nil
	}
	out := make([]string, 0, len(steps))
	for _, s := range steps {
		line := s.Text(c.lang)
		if l := s.Label(c.lang); l != "" {
			line = l + ": " + line
		}
		out = append(out, line)
	}
	return out
}

// round2 rounds a defined value for output.
func round2(o calc.Opt) calc.Opt {
	if o.OK {
		o.V = calc.Round2(o.V)
	}
	return o
}

// status writes a colour, or null when undefined.
type status calc.Status

func (s status) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

type achievementOut struct {
	RuleSet  string       `json:"ruleset"`
	Quarters []quarterOut `json:"quarters"`
	Year     yearOut      `json:"year"`
	Explain  []string     `json:"explain,omitempty"`
}

type quarterOut struct {
	Quarter            int      `json:"quarter"`
	Target             calc.Opt `json:"target"`
	Realisation        calc.Opt `json:"realisation"`
	Achievement        calc.Opt `json:"achievement"`
	Status             status   `json:"status"`
	QuarterTarget      calc.Opt `json:"quarter_target"`
	QuarterRealisation calc.Opt `json:"quarter_realisation"`
	QuarterAchievement calc.Opt `json:"quarter_achievement"`
}

type yearOut struct {
	Target      calc.Opt `json:"target"`
	Realisation calc.Opt `json:"realisation"`
	Achievement calc.Opt `json:"achievement"`
	Status      status   `json:"status"`
}

func (c calcRun) achievement(o *object) (any, error) {
	var ind calc.Indicator
	p, err := o.str("polarity", true)
	if err != nil {
		return nil, err
	}
	ind.Polarity = calc.Polarity(p)
	cons, err := o.str("consolidation", true)
	if err != nil {
		return nil, err
	}
	ind.Consolidation = calc.Consolidation(cons)
	if ind.Targets, err = o.quarters("targets"); err != nil {
		return nil, err
	}
	if ind.Realisations, err = o.quarters("realisations"); err != nil {
		return nil, err
	}
	if ind.MaxTarget, err = o.boolean("max_target"); err != nil {
		return nil, err
	}
	if ind.Worst, err = o.num("worst"); err != nil {
		return nil, err
	}
	if ind.Scale, err = scale(o); err != nil {
		return nil, err
	}
	if err := o.finish(); err != nil {
		return nil, err
	}
	res, err := c.rs.Evaluate(ind, c.explain)
	if err != nil {
		return nil, err
	}
	out := achievementOut{RuleSet: res.RuleSet, Quarters: make([]quarterOut, 4), Explain: c.steps(res.Steps)}
	for i, q := range res.Quarters {
		out.Quarters[i] = quarterOut{
			Quarter:            q.Quarter,
			Target:             q.ToDate.Target,
			Realisation:        q.ToDate.Realisation,
			Achievement:        round2(q.ToDate.Achievement),
			Status:             status(q.ToDate.Status),
			QuarterTarget:      q.Own.Target,
			QuarterRealisation: q.Own.Realisation,
			QuarterAchievement: round2(q.Own.Achievement),
		}
	}
	out.Year = yearOut{res.Year.Target, res.Year.Realisation, round2(res.Year.Achievement), status(res.Year.Status)}
	return out, nil
}

func scale(o *object) ([]calc.ScalePoint, error) {
	items, ok, err := o.array("stabilize_scale")
	if err != nil || !ok {
		return nil, err
	}
	pts := make([]calc.ScalePoint, len(items))
	for i, it := range items {
		f := fmt.Sprintf("stabilize_scale[%d]", i)
		pair, isArr := it.([]any)
		if !isArr || len(pair) != 2 {
			return nil, fieldErr(f, "must be a pair [Ca, achievement]")
		}
		ca, err := number(f+"[0]", pair[0])
		if err != nil {
			return nil, err
		}
		a, err := number(f+"[1]", pair[1])
		if err != nil {
			return nil, err
		}
		pts[i] = calc.ScalePoint{Ca: ca.V, Achievement: a.V}
	}
	return pts, nil
}

type nkoOut struct {
	RuleSet      string           `json:"ruleset"`
	NKO          float64          `json:"nko"`
	Predicate    string           `json:"predicate"`
	Perspectives []perspectiveOut `json:"perspectives"`
	Explain      []string         `json:"explain,omitempty"`
}

type perspectiveOut struct {
	Name  string   `json:"name"`
	Value calc.Opt `json:"value"`
}

func (c calcRun) nko(o *object) (any, error) {
	items, err := o.reqArray("perspectives")
	if err != nil {
		return nil, err
	}
	ps := make([]calc.NKOPerspective, len(items))
	for i, it := range items {
		po, err := newObject(fmt.Sprintf("perspectives[%d]", i), it)
		if err != nil {
			return nil, err
		}
		p := &ps[i]
		if p.Name, err = po.str("name", true); err != nil {
			return nil, err
		}
		if p.Weight, err = po.reqNum("weight"); err != nil {
			return nil, err
		}
		objs, err := po.reqArray("objectives")
		if err != nil {
			return nil, err
		}
		p.Objectives = make([]calc.NKOObjective, len(objs))
		for j, ot := range objs {
			oo, err := newObject(fmt.Sprintf("%s.objectives[%d]", po.path, j), ot)
			if err != nil {
				return nil, err
			}
			if p.Objectives[j].Code, err = oo.str("code", false); err != nil {
				return nil, err
			}
			inds, err := oo.reqArray("indicators")
			if err != nil {
				return nil, err
			}
			p.Objectives[j].Indicators = make([]calc.NKOIndicator, len(inds))
			for k, it := range inds {
				indObj, err := newObject(fmt.Sprintf("%s.indicators[%d]", oo.path, k), it)
				if err != nil {
					return nil, err
				}
				ind := &p.Objectives[j].Indicators[k]
				if ind.Achievement, err = indObj.num("achievement"); err != nil {
					return nil, err
				}
				if ind.Weight, err = indObj.num("weight"); err != nil {
					return nil, err
				}
				if err := indObj.finish(); err != nil {
					return nil, err
				}
			}
			if err := oo.finish(); err != nil {
				return nil, err
			}
		}
		if err := po.finish(); err != nil {
			return nil, err
		}
	}
	if err := o.finish(); err != nil {
		return nil, err
	}
	res, err := c.rs.NKO(ps, c.explain)
	if err != nil {
		return nil, err
	}
	out := nkoOut{RuleSet: res.RuleSet, NKO: calc.Round2(res.NKO), Predicate: res.Predicate, Explain: c.steps(res.Steps)}
	for _, p := range res.Perspectives {
		out.Perspectives = append(out.Perspectives, perspectiveOut{p.Name, round2(p.Value)})
	}
	return out, nil
}

type k3Out struct {
	RuleSet       string   `json:"ruleset"`
	QualityWeight float64  `json:"quality_weight"`
	TargetWeight  float64  `json:"target_weight"`
	K3            float64  `json:"k3"`
	Label         string   `json:"label"`
	Warnings      []string `json:"warnings,omitempty"`
	Explain       []string `json:"explain,omitempty"`
}

func (c calcRun) k3(o *object) (any, error) {
	var in calc.K3Input
	for _, f := range []struct {
		key string
		dst *string
	}{
		{"validity", (*string)(&in.Validity)},
		{"control", (*string)(&in.Control)},
		{"polarity", (*string)(&in.Polarity)},
		{"history", (*string)(&in.History)},
	} {
		s, err := o.str(f.key, true)
		if err != nil {
			return nil, err
		}
		*f.dst = s
	}
	var err error
	if in.Target, err = o.num("target"); err != nil {
		return nil, err
	}
	if in.PrevTarget, err = o.num("prev_target"); err != nil {
		return nil, err
	}
	if in.PrevRealisation, err = o.num("prev_realisation"); err != nil {
		return nil, err
	}
	if in.TargetByLaw, err = o.boolean("target_by_law"); err != nil {
		return nil, err
	}
	if in.Stable, err = o.boolean("stable"); err != nil {
		return nil, err
	}
	if err := o.finish(); err != nil {
		return nil, err
	}
	res, err := c.rs.K3(in, c.explain)
	if err != nil {
		return nil, err
	}
	out := k3Out{
		RuleSet: res.RuleSet, QualityWeight: calc.Round2(res.QualityWeight), TargetWeight: calc.Round2(res.TargetWeight),
		K3: calc.Round2(res.K3), Label: res.Label, Explain: c.steps(res.Steps),
	}
	for _, w := range res.Warnings {
		out.Warnings = append(out.Warnings, w.Text(c.lang))
	}
	return out, nil
}

// readNKPWork reads the work result: the indicators, or the NHK itself.
func readNKPWork(o *object, in *calc.NKPInput) error {
	items, given, err := o.array("indicators")
	if err != nil {
		return err
	}
	if given {
		in.Indicators = make([]calc.NKPIndicator, len(items))
		for i, it := range items {
			if err := readNKPIndicator(fmt.Sprintf("indicators[%d]", i), it, &in.Indicators[i]); err != nil {
				return err
			}
		}
	}
	if in.NHK, err = o.num("nhk"); err != nil {
		return err
	}
	if given && len(items) == 0 && in.NHK.OK {
		return fieldErr("indicators", "give indicators or nhk, not both")
	}
	return nil
}

func readNKPIndicator(name string, it any, ind *calc.NKPIndicator) error {
	indObj, err := newObject(name, it)
	if err != nil {
		return err
	}
	if ind.Achievement, err = indObj.num("achievement"); err != nil {
		return err
	}
	if ind.K3, err = indObj.reqNum("k3"); err != nil {
		return err
	}
	if ind.Days, err = indObj.num("days"); err != nil {
		return err
	}
	return indObj.finish()
}

// readNKPBehaviour reads the behaviour: the scores, or the NPK itself.
func readNKPBehaviour(o *object, in *calc.NKPInput) error {
	scores, given, err := o.array("behaviour")
	if err != nil {
		return err
	}
	if given && len(scores) == 0 {
		in.Behaviour = []float64{}
	}
	for i, s := range scores {
		n, err := number(fmt.Sprintf("behaviour[%d]", i), s)
		if err != nil {
			return err
		}
		in.Behaviour = append(in.Behaviour, n.V)
	}
	if in.NPK, err = o.num("npk"); err != nil {
		return err
	}
	if given && in.NPK.OK {
		return fieldErr("npk", "give behaviour or npk, not both")
	}
	return nil
}

// readNKPPosition reads what the position changes: the calibration cap
// (which must be one of the rule set's two), the levels below the head and
// whether the post is substantive functional.
func (c calcRun) readNKPPosition(o *object, in *calc.NKPInput) error {
	capValue, err := o.reqNum("calibration_cap")
	if err != nil {
		return err
	}
	switch capValue {
	case c.rs.CalibrationCap(true):
		in.TopOfficial = true
	case c.rs.CalibrationCap(false):
	default:
		return fieldErr("calibration_cap", "must be %g (administrators, pengawas, pelaksana, fungsional) or %g (top officials)",
			c.rs.CalibrationCap(false), c.rs.CalibrationCap(true))
	}
	if in.LevelsBelowHead, err = o.integer("levels_below_head"); err != nil {
		return err
	}
	in.SubstantiveFunctional, err = o.boolean("substantive_functional")
	return err
}

type nkpOut struct {
	RuleSet         string   `json:"ruleset"`
	NHK             float64  `json:"nhk"`
	NHKCalibrated   float64  `json:"nhk_calibrated"`
	NPK             float64  `json:"npk"`
	NPKCalibrated   float64  `json:"npk_calibrated"`
	NKPInitial      float64  `json:"nkp_initial"`
	NKPAdjusted     float64  `json:"nkp_adjusted"`
	NKP             float64  `json:"nkp"`
	WorkRating      string   `json:"work_rating"`
	BehaviourRating string   `json:"behaviour_rating"`
	Predicate       string   `json:"predicate"`
	Explain         []string `json:"explain,omitempty"`
}

func (c calcRun) nkp(o *object) (any, error) {
	var in calc.NKPInput
	if err := readNKPWork(o, &in); err != nil {
		return nil, err
	}
	if err := readNKPBehaviour(o, &in); err != nil {
		return nil, err
	}
	if err := c.readNKPPosition(o, &in); err != nil {
		return nil, err
	}
	var err error
	if in.NKO, err = o.reqNum("nko"); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"discipline", &in.Discipline}, {"impact", &in.Impact}, {"correction", &in.Correction}} {
		n, err := o.num(f.key)
		if err != nil {
			return nil, err
		}
		*f.dst = n.V // absent: none
	}
	if err := o.finish(); err != nil {
		return nil, err
	}
	res, err := c.rs.NKP(in, c.explain)
	if err != nil {
		return nil, err
	}
	return nkpOut{
		RuleSet: res.RuleSet,
		NHK:     calc.Round2(res.NHK), NHKCalibrated: calc.Round2(res.NHKCalibrated),
		NPK: calc.Round2(res.NPK), NPKCalibrated: calc.Round2(res.NPKCalibrated),
		NKPInitial: calc.Round2(res.NKPInitial), NKPAdjusted: calc.Round2(res.NKPAdjusted), NKP: calc.Round2(res.NKP),
		WorkRating: string(res.WorkRating), BehaviourRating: string(res.BehaviourRating), Predicate: res.Predicate,
		Explain: c.steps(res.Steps),
	}, nil
}

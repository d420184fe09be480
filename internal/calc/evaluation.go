package calc

import (
	"fmt"
	"math"
	"time"
)

// Readings of the work-result rating (nkp.rating.work_from).
const (
	// ReadingTabel47 is KMK 127/2026 Tabel 47: calibrated NHK and NPK are
	// each adjusted and blended with the NKO like the NKP, then rated.
	ReadingTabel47 = "tabel_47"
	// ReadingNKP rates the work result from the final NKP (the older reading).
	ReadingNKP = "nkp"
	// ReadingNHK rates the work result from the calibrated NHK.
	ReadingNHK = "nhk"
)

// Rater groups of the 360° behaviour assessment, as the rule set names them.
const (
	GroupSupervisor  = "supervisor"
	GroupPeer        = "peer"
	GroupSubordinate = "subordinate"
)

// RaterGroups lists the rater groups in their customary order.
var RaterGroups = []string{GroupSupervisor, GroupPeer, GroupSubordinate}

type evalRules struct {
	groupWeights   map[string]float64
	proposeDays    int
	setDays        int
	scoreDays      int
	objectionDays  int
	reassessDays   int
	discipline     map[string]penaltyRule
	categories     []string
	impactShare    float64
	orgPredicates  map[string]string // NKO predicate → organisation predicate
	orgOrder       []string
	guides         map[string][]GuideBound
	employeeLabels []string
}

type penaltyRule struct {
	share    float64
	quarters int
}

type rawEvaluation struct {
	RaterGroupWeights *struct {
		Supervisor  *float64 `json:"supervisor"`
		Peer        *float64 `json:"peer"`
		Subordinate *float64 `json:"subordinate"`
	} `json:"rater_group_weights"`
	Timeline *struct {
		ProposeDays   *int `json:"propose_days"`
		SetDays       *int `json:"set_days"`
		ScoreDays     *int `json:"score_days"`
		ObjectionDays *int `json:"objection_days"`
		ReassessDays  *int `json:"reassess_days"`
	} `json:"timeline"`
	Discipline []struct {
		Category *string  `json:"category"`
		Share    *float64 `json:"share"`
		Quarters *int     `json:"quarters"`
	} `json:"discipline"`
	SuperiorImpactShare *float64         `json:"superior_impact_share"`
	Distribution        *rawDistribution `json:"distribution"`
	Note                string           `json:"note,omitempty"`
}

type rawDistribution struct {
	Organisation []struct {
		NKOPredicate *string `json:"nko_predicate"`
		Predicate    *string `json:"predicate"`
		Guide        []struct {
			Predicates []string `json:"predicates"`
			MinShare   *float64 `json:"min_share,omitempty"`
			MaxShare   *float64 `json:"max_share,omitempty"`
			MinCount   *int     `json:"min_count,omitempty"`
		} `json:"guide"`
	} `json:"organisation"`
	Note string `json:"note,omitempty"`
}

func (rs *RuleSet) buildEvaluation(c *checker, e *rawEvaluation) {
	p := &rs.eval
	w := e.RaterGroupWeights
	p.groupWeights = map[string]float64{GroupSupervisor: *w.Supervisor, GroupPeer: *w.Peer, GroupSubordinate: *w.Subordinate}
	for g, v := range p.groupWeights {
		c.positive("evaluation.rater_group_weights."+g, v)
	}
	t := e.Timeline
	p.proposeDays, p.setDays, p.scoreDays, p.objectionDays, p.reassessDays = *t.ProposeDays, *t.SetDays, *t.ScoreDays, *t.ObjectionDays, *t.ReassessDays
	c.atLeast("evaluation.timeline.propose_days", float64(p.proposeDays), 1)
	for _, s := range []struct {
		name      string
		v, before int
	}{{"set_days", p.setDays, p.proposeDays}, {"score_days", p.scoreDays, p.setDays}, {"objection_days", p.objectionDays, p.scoreDays}} {
		if s.v <= s.before {
			c.fail("evaluation.timeline."+s.name, "must come after the step before it")
		}
	}
	c.atLeast("evaluation.timeline.reassess_days", float64(p.reassessDays), 1)
	if len(e.Discipline) == 0 {
		c.fail("evaluation.discipline", "must list at least one category")
	}
	p.discipline = map[string]penaltyRule{}
	for i, d := range e.Discipline {
		f := fmt.Sprintf("evaluation.discipline[%d]", i)
		c.nonEmpty(f+".category", *d.Category)
		if _, dup := p.discipline[*d.Category]; dup {
			c.fail(f+".category", "%q appears twice", *d.Category)
		}
		c.positive(f+".share", *d.Share)
		if *d.Share > 100 {
			c.fail(f+".share", "must not exceed 100")
		}
		c.atLeast(f+".quarters", float64(*d.Quarters), 1)
		p.discipline[*d.Category] = penaltyRule{*d.Share, *d.Quarters}
		p.categories = append(p.categories, *d.Category)
	}
	p.impactShare = *e.SuperiorImpactShare
	c.atLeast("evaluation.superior_impact_share", p.impactShare, 0)
	rs.buildDistribution(c, e.Distribution)
}

// RaterGroupWeight is the weight of a rater group in each aspect's mean.
func (rs *RuleSet) RaterGroupWeight(group string) float64 { return rs.eval.groupWeights[group] }

// AssessmentTimeline is the 360° assessment calendar of a quarter: the last
// day to propose raters, to set them, to score, and to object (civil dates
// in UTC), counted in days after the quarter's last day.
type AssessmentTimeline struct {
	QuarterEnd, ProposeBy, SetBy, ScoreBy, ObjectionBy time.Time
	ReassessDays                                       int
}

// Timeline returns the assessment calendar of a quarter (zero for a quarter
// outside 1–4).
func (rs *RuleSet) Timeline(year, quarter int) AssessmentTimeline {
	if quarter < 1 || quarter > 4 {
		return AssessmentTimeline{}
	}
	end := time.Date(year, time.Month(3*quarter+1), 0, 0, 0, 0, 0, time.UTC)
	p := &rs.eval
	return AssessmentTimeline{QuarterEnd: end, ProposeBy: end.AddDate(0, 0, p.proposeDays), SetBy: end.AddDate(0, 0, p.setDays),
		ScoreBy: end.AddDate(0, 0, p.scoreDays), ObjectionBy: end.AddDate(0, 0, p.objectionDays), ReassessDays: p.reassessDays}
}

// GroupAspects is the 360° assessment of one person: each group's mean per
// aspect, and each aspect's weighted mean over the groups present.
type GroupAspects struct {
	Groups  map[string][]float64 // by group; only groups with raters
	Counts  map[string]int
	Aspects []float64 // nil when nobody scored
}

// Aspects combines raters' scores (each a list of the rule set's number of
// behaviour scores) by group: the mean of each group per aspect, then the
// weighted mean of the groups present with the rule set's group weights.
func (rs *RuleSet) Aspects(byGroup map[string][][]float64) (GroupAspects, error) {
	n := rs.nkp.behaviourScores
	out := GroupAspects{Groups: map[string][]float64{}, Counts: map[string]int{}}
	total := 0.0
	sum := make([]float64, n)
	for _, g := range RaterGroups {
		raters := byGroup[g]
		if len(raters) == 0 {
			continue
		}
		m := make([]float64, n)
		for _, sc := range raters {
			if err := rs.checkBehaviour(sc); err != nil {
				return GroupAspects{}, err
			}
			for i, x := range sc {
				m[i] += x / float64(len(raters))
			}
		}
		w := rs.eval.groupWeights[g]
		for i := range sum {
			sum[i] += m[i] * w
		}
		total += w
		out.Groups[g], out.Counts[g] = m, len(raters)
	}
	for g := range byGroup {
		if _, ok := rs.eval.groupWeights[g]; !ok {
			return GroupAspects{}, inputErr("group", "err.group_unknown", g)
		}
	}
	if total > 0 {
		out.Aspects = make([]float64, n)
		for i := range sum {
			out.Aspects[i] = sum[i] / total
		}
	}
	return out, nil
}

// AspectSteps explains how the groups' means made each aspect's score: the
// groups present, their raters and weights, and the weighted mean. Only
// group means appear, never one rater's scores.
func (rs *RuleSet) AspectSteps(ga GroupAspects) []Step {
	ex := newExplainer(true)
	for _, g := range RaterGroups {
		if m, ok := ga.Groups[g]; ok {
			ex.add("step.nkp.group", groupArg(g), ga.Counts[g], rs.eval.groupWeights[g], listArg(m))
		}
	}
	if ga.Aspects != nil {
		ex.add("step.nkp.aspects", listArg(ga.Aspects))
	}
	return ex.result()
}

// DisciplineCategories lists the penalty categories of the rule set, in its order.
func (rs *RuleSet) DisciplineCategories() []string {
	return append([]string(nil), rs.eval.categories...)
}

// Penalty is a discipline penalty as the rule set computes it.
type Penalty struct {
	Category string
	MPJHD    float64 // the employee's MPJHD score the share is taken of
	Value    float64 // share × MPJHD
	Quarters int     // quarters in force, from the start quarter
}

// DisciplinePenalty computes the penalty of a category on an MPJHD score
// (SPEC §14.5): the category's share of the score, in force for its number
// of quarters.
func (rs *RuleSet) DisciplinePenalty(category string, mpjhd float64) (Penalty, error) {
	r, ok := rs.eval.discipline[category]
	if !ok {
		return Penalty{}, inputErr("category", "err.penalty_category", category)
	}
	if !finite(mpjhd) || mpjhd < 0 || mpjhd > rs.cap {
		return Penalty{}, inputErr("mpjhd", "err.range", 0, rs.cap)
	}
	return Penalty{Category: category, MPJHD: mpjhd, Value: mpjhd * r.share / 100, Quarters: r.quarters}, nil
}

// PenaltyStart places a penalty: it is in force from the start quarter for
// its number of quarters, across years (quarter index = year × 4 + q − 1).
type PenaltyStart struct {
	Penalty
	Year, Quarter int
}

// InForce reports whether the penalty applies in a quarter.
func (p PenaltyStart) InForce(year, quarter int) bool {
	at, from := year*4+quarter-1, p.Year*4+p.Quarter-1
	return at >= from && at < from+p.Quarters
}

// PenaltyInForce is the discipline penalty of a quarter: the highest of
// those in force (they do not add up).
func PenaltyInForce(ps []PenaltyStart, year, quarter int) float64 {
	hi := 0.0
	for _, p := range ps {
		if p.InForce(year, quarter) {
			hi = math.Max(hi, p.Value)
		}
	}
	return hi
}

// SuperiorImpact is the impact value on a direct superior of the penalties
// of their subordinates: the rule set's share of each, at most the NKP's
// impact maximum.
func (rs *RuleSet) SuperiorImpact(subordinatePenalties []float64) float64 {
	s := 0.0
	for _, p := range subordinatePenalties {
		s += p * rs.eval.impactShare / 100
	}
	return math.Min(rs.nkp.impactMax, s)
}

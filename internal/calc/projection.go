package calc

// Trend says whether an indicator is heading for its annual target.
type Trend string

// Projection outcomes.
const (
	TrendOnTrack  Trend = "on_track"
	TrendAtRisk   Trend = "at_risk"
	TrendOffTrack Trend = "off_track"
	TrendUnknown  Trend = "" // nothing reported yet
)

// Projection is the year-end outlook of one indicator.
type Projection struct {
	Trend       Trend
	Quarter     int // the latest quarter the projection starts from
	Realisation Opt // projected year realisation
	Achievement Opt // projected year achievement
	Steps       []Step
}

// Project estimates where an indicator ends the year if it keeps the pace
// of its latest reported quarter q: the remaining targets are met at the
// same ratio as the targets so far (sum), the level so far continues
// (average), or the latest value keeps its distance to the target path
// (last). The projected achievement is scored like any other and its status
// band gives the trend: green on track, yellow at risk, red off track. When
// the year is already over, the projection is the year's figure itself.
func (rs *RuleSet) Project(ind Indicator, q int, explain bool) (Projection, error) {
	res, err := rs.Evaluate(ind, false)
	if err != nil {
		return Projection{}, err
	}
	ex := newExplainer(explain)
	p := Projection{Quarter: q}
	if q < 1 || q > 4 || !res.Quarters[q-1].ToDate.Achievement.OK {
		if ex != nil {
			ex.add("step.projection.none")
		}
		p.Steps = ex.result()
		return p, nil
	}
	annual := AnnualTarget(ind.Consolidation, ind.Targets)
	td := res.Quarters[q-1].ToDate
	switch {
	case !annual.OK:
		return p, nil
	case q >= res.YearQuarter:
		p.Realisation = td.Realisation
		if ex != nil {
			ex.add("step.projection.final", quarterArg(q))
		}
	case ind.Consolidation == ConsolidationSum && td.Target.V != 0:
		pace := td.Realisation.V / td.Target.V
		p.Realisation = Some(td.Realisation.V + (annual.V-td.Target.V)*pace)
		if ex != nil {
			ex.add("step.projection.sum", td.Realisation.V, annual.V, td.Target.V, pace, p.Realisation.V)
		}
	case ind.Consolidation == ConsolidationLast && ind.Polarity != PolarityStabilize && td.Target.V != 0:
		p.Realisation = Some(td.Realisation.V * annual.V / td.Target.V)
		if ex != nil {
			ex.add("step.projection.last", td.Realisation.V, annual.V, td.Target.V, p.Realisation.V)
		}
	default:
		p.Realisation = td.Realisation
		if ex != nil {
			ex.add("step.projection.level", td.Realisation.V)
		}
	}
	if !finite(p.Realisation.V) {
		return Projection{}, inputErr("realisations", "err.not_finite")
	}
	a, err := rs.Achievement(ind, annual.V, p.Realisation.V)
	if err != nil {
		return Projection{}, err
	}
	p.Achievement = Some(a)
	switch rs.Status(a) {
	case StatusGreen:
		p.Trend = TrendOnTrack
	case StatusYellow:
		p.Trend = TrendAtRisk
	default:
		p.Trend = TrendOffTrack
	}
	if ex != nil {
		ex.add("step.projection.result", annual.V, Round2(a), p.Trend)
	}
	p.Steps = ex.result()
	return p, nil
}

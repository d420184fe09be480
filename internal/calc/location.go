package calc

// ConsolidateLocations combines the figures of several offices for one
// quarter into the figure of the office above them (SPEC §15, location
// consolidation): sum adds them, average takes their mean, last takes the
// last one given (the caller orders them, by the time each became official).
// Undefined without any figure.
func ConsolidateLocations(c Consolidation, values []float64) Opt {
	if len(values) == 0 {
		return Opt{}
	}
	switch c {
	case ConsolidationSum, ConsolidationAverage:
		sum := 0.0
		for _, v := range values {
			sum += v
		}
		if c == ConsolidationAverage {
			sum /= float64(len(values))
		}
		if !InputOK(sum) {
			return Opt{}
		}
		return Some(sum)
	case ConsolidationLast:
		return Some(values[len(values)-1])
	}
	return Opt{}
}

package calc

// Polarity says which direction of the realisation is good.
type Polarity string

// Polarities of an indicator (Manual IKU/IKI).
const (
	PolarityMaximize  Polarity = "maximize"  // higher is better
	PolarityMinimize  Polarity = "minimize"  // lower is better
	PolarityStabilize Polarity = "stabilize" // closest to the target is best
)

// Valid reports whether p is a known polarity.
func (p Polarity) Valid() bool {
	switch p {
	case PolarityMaximize, PolarityMinimize, PolarityStabilize:
		return true
	}
	return false
}

// Consolidation says how quarterly values combine into a to-date or annual
// value (period consolidation of the manual).
type Consolidation string

// Period consolidations.
const (
	ConsolidationSum     Consolidation = "sum"     // add the quarters
	ConsolidationAverage Consolidation = "average" // mean of the quarters
	ConsolidationLast    Consolidation = "last"    // value of the latest quarter
)

// Valid reports whether c is a known consolidation.
func (c Consolidation) Valid() bool {
	switch c {
	case ConsolidationSum, ConsolidationAverage, ConsolidationLast:
		return true
	}
	return false
}

// Validity is how directly an indicator measures its objective (K3).
type Validity string

// Validity levels.
const (
	ValidityExact    Validity = "exact"
	ValidityProxy    Validity = "proxy"
	ValidityActivity Validity = "activity"
)

// Valid reports whether v is a known validity.
func (v Validity) Valid() bool { return v.index() >= 0 }

func (v Validity) index() int {
	switch v {
	case ValidityExact:
		return 0
	case ValidityProxy:
		return 1
	case ValidityActivity:
		return 2
	}
	return -1
}

// Control is how far the indicator's owner controls the outcome (K3).
type Control string

// Control levels.
const (
	ControlHigh     Control = "high"
	ControlModerate Control = "moderate"
	ControlLow      Control = "low"
)

// Valid reports whether c is a known control level.
func (c Control) Valid() bool { return c.index() >= 0 }

func (c Control) index() int {
	switch c {
	case ControlLow:
		return 0
	case ControlModerate:
		return 1
	case ControlHigh:
		return 2
	}
	return -1
}

// History is the indicator history kind used by the K3 target weight.
type History string

// History kinds.
const (
	HistoryExisting          History = "existing"
	HistoryNewWithHistory    History = "new_with_history"
	HistoryNewWithoutHistory History = "new_without_history"
	HistoryMandatory         History = "mandatory"
)

// Valid reports whether h is a known history kind.
func (h History) Valid() bool {
	switch h {
	case HistoryExisting, HistoryNewWithHistory, HistoryNewWithoutHistory, HistoryMandatory:
		return true
	}
	return false
}

// Status is the colour of an achievement; StatusNone when it is undefined.
type Status string

// Status colours.
const (
	StatusNone   Status = ""
	StatusGreen  Status = "green"
	StatusYellow Status = "yellow"
	StatusRed    Status = "red"
)

// Valid reports whether s is a colour (StatusNone is not).
func (s Status) Valid() bool {
	return s == StatusGreen || s == StatusYellow || s == StatusRed
}

// Rating rates a work result or behaviour against expectations
// (PermenPANRB 6/2022).
type Rating string

// Ratings.
const (
	RatingAbove Rating = "above" // above expectations
	RatingMeets Rating = "meets" // meets expectations
	RatingBelow Rating = "below" // below expectations
)

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { return r.index() >= 0 }

func (r Rating) index() int {
	switch r {
	case RatingAbove:
		return 0
	case RatingMeets:
		return 1
	case RatingBelow:
		return 2
	}
	return -1
}

package calc

// Part says which figure of an indicator's result a step explains.
type Part uint8

// Parts of an explanation.
const (
	PartGeneral Part = iota // the whole computation: rule set, settings, inputs
	PartToDate              // the official to-date figure of Step.Quarter ("s.d. TW q")
	PartQuarter             // the quarter's own figure
	PartYear                // the year
)

// Step is one line of an explanation: a message key with its numbers. The
// same step renders in Indonesian or English, so the UI, the API and the PDF
// explain a figure with the same text.
type Step struct {
	Part    Part
	Quarter int    // 1–4 for PartToDate and PartQuarter
	Key     string // message key, e.g. "step.formula.maximize"
	Args    []any  // numbers and names filled into the message
}

// Text renders the step in lang: "en" for English, anything else for
// Indonesian (the default language).
func (s Step) Text(lang string) string { return render(s.Key, lang, s.Args) }

// Label names the figure the step belongs to ("s.d. TW II", "TW II",
// "Tahun"; "Q2 to date", "Q2 only", "Year"), or "" for a general step.
func (s Step) Label(lang string) string {
	switch s.Part {
	case PartToDate:
		return render("label.to_date", lang, []any{quarterArg(s.Quarter)})
	case PartQuarter:
		return render("label.quarter", lang, []any{quarterArg(s.Quarter)})
	case PartYear:
		return render("label.year", lang, nil)
	}
	return ""
}

// String renders the step in English with its label, for logs and tests.
func (s Step) String() string {
	if l := s.Label("en"); l != "" {
		return l + ": " + s.Text("en")
	}
	return s.Text("en")
}

// explainer collects steps. Callers test for nil before calling add, so that
// the hot path without explanation neither boxes arguments nor allocates.
type explainer struct {
	steps   []Step
	part    Part
	quarter int
}

func newExplainer(on bool) *explainer {
	if !on {
		return nil
	}
	return &explainer{steps: make([]Step, 0, 16)}
}

func (e *explainer) at(p Part, q int) { e.part, e.quarter = p, q }

func (e *explainer) add(key string, args ...any) {
	e.steps = append(e.steps, Step{Part: e.part, Quarter: e.quarter, Key: key, Args: args})
}

func (e *explainer) result() []Step {
	if e == nil {
		return nil
	}
	return e.steps
}

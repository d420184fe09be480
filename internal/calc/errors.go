package calc

// InputError reports input the rules cannot score. Field is the JSON-style
// path of the offending value ("targets[3]", "perspectives[0].weight"), the
// names the kinerja calc command reads, so a form can mark the field. Key is
// a stable message key; Message renders it in Indonesian or English.
type InputError struct {
	Field string
	Key   string
	Args  []any
}

// Error names the field and says what is wrong, in English.
func (e *InputError) Error() string { return e.Field + ": " + e.Message("en") }

// Message renders the message without the field: "en" for English, anything
// else for Indonesian.
func (e *InputError) Message(lang string) string { return render(e.Key, lang, e.Args) }

func inputErr(field, key string, args ...any) error {
	return &InputError{Field: field, Key: key, Args: args}
}

package api

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"github.com/kinerja/kinerja/internal/i18n"
)

// The request checks huma makes from the OpenAPI schema (a limit above the
// maximum, a missing property, a value not in its enum) answer in English;
// localised turns their texts into the caller's language, like every other
// answer of the API.
func init() {
	base := huma.NewErrorWithContext
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		lang := "id"
		if ctx != nil {
			lang = langOf(ctx.Context())
		}
		if lang == "en" {
			return base(ctx, status, msg, errs...)
		}
		if msg == "validation failed" {
			msg = i18n.Translate(lang, "apiv.failed", nil)
		}
		for i, e := range errs {
			if d, ok := e.(*huma.ErrorDetail); ok {
				c := *d
				c.Message = localised(lang, d.Message)
				errs[i] = &c
			}
		}
		return base(ctx, status, msg, errs...)
	}
}

// humaMessages are huma's message formats with the key of their translation.
var humaMessages = []struct {
	format, key string
	re          *regexp.Regexp
}{
	{format: validation.MsgExpectedMaximumNumber, key: "apiv.max"},
	{format: validation.MsgExpectedMinimumNumber, key: "apiv.min"},
	{format: validation.MsgExpectedMaxLength, key: "apiv.max_length"},
	{format: validation.MsgExpectedMinLength, key: "apiv.min_length"},
	{format: validation.MsgExpectedMaxItems, key: "apiv.max_items"},
	{format: validation.MsgExpectedMinItems, key: "apiv.min_items"},
	{format: validation.MsgExpectedOneOf, key: "apiv.one_of"},
	{format: validation.MsgExpectedRequiredProperty, key: "apiv.required"},
	{format: validation.MsgUnexpectedProperty, key: "apiv.unexpected"},
	{format: validation.MsgExpectedNumber, key: "apiv.number"},
	{format: validation.MsgExpectedInteger, key: "apiv.integer"},
	{format: validation.MsgExpectedString, key: "apiv.string"},
	{format: validation.MsgExpectedBoolean, key: "apiv.boolean"},
	{format: validation.MsgExpectedArray, key: "apiv.array"},
	{format: validation.MsgExpectedObject, key: "apiv.object"},
}

func init() {
	verb := regexp.MustCompile(`%[vds]`)
	for i := range humaMessages {
		m := &humaMessages[i]
		parts := verb.Split(m.format, -1)
		for j := range parts {
			parts[j] = regexp.QuoteMeta(parts[j])
		}
		m.re = regexp.MustCompile("^" + strings.Join(parts, "(.+?)") + "$")
	}
}

// localised is one of huma's texts in lang, or the text itself when it is
// not one of those known.
func localised(lang, text string) string {
	for _, m := range humaMessages {
		if sub := m.re.FindStringSubmatch(text); sub != nil {
			args := map[string]any{}
			for i, s := range sub[1:] {
				args[fmt.Sprintf("v%d", i+1)] = s
			}
			return i18n.Translate(lang, m.key, args)
		}
	}
	return text
}

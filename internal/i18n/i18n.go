// Package i18n translates the interface (Indonesian by default, English on
// request) and formats numbers and dates the way each language writes them.
//
// Messages live in locales/<area>.<lang>.json (one file per area of the
// application and language, merged at start; a key defined twice is an error)
// as a flat map of key → text; "{name}" in a text is replaced by the argument
// called name. "{name:quarter}" names the quarter numbered by that argument
// as the language does (Quarter); "{name:prefix}" with any other prefix is
// the message whose key is the prefix followed by the argument, so that a
// code such as a status reads in the language: "{status:pstatus.}" with
// status "approved" is the text of pstatus.approved. Indonesian has no
// plural forms, so a flat catalogue is all the interface needs.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"
)

//go:embed locales/*.json
var files embed.FS

// Default is the language used when none is chosen.
const Default = "id"

// Langs lists the supported languages.
var Langs = []string{"id", "en"}

var catalogs = load()

func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range Langs {
		names, err := fs.Glob(files, "locales/*."+l+".json")
		if err != nil || len(names) == 0 {
			panic("i18n: missing catalogue " + l)
		}
		out[l] = map[string]string{}
		for _, name := range names {
			b, err := files.ReadFile(name)
			if err != nil {
				panic(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", name, err))
			}
			for k, v := range m {
				if _, dup := out[l][k]; dup {
					panic(fmt.Sprintf("i18n: %s: key %q defined twice", name, k))
				}
				out[l][k] = v
			}
		}
	}
	return out
}

// Valid reports whether lang is supported.
func Valid(lang string) bool { _, ok := catalogs[lang]; return ok }

// Has reports whether key exists in lang's catalogue.
func Has(lang, key string) bool { _, ok := catalogs[lang][key]; return ok }

// Keys returns the sorted keys of a catalogue.
func Keys(lang string) []string {
	keys := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Translate returns the text of key in lang with {name} placeholders filled
// from args. An unknown key comes back as itself, so a gap is visible, not blank.
func Translate(lang, key string, args map[string]any) string {
	text, ok := catalogs[lang][key]
	if !ok {
		if text, ok = catalogs[Default][key]; !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		name, format, _ := strings.Cut(text[i+1:i+j], ":")
		if v, ok := args[name]; ok {
			switch format {
			case "":
				b.WriteString(formatArg(lang, v))
			case "quarter":
				b.WriteString(quarterArg(lang, v))
			default:
				b.WriteString(Translate(lang, format+fmt.Sprint(v), nil))
			}
		} else {
			b.WriteString(text[i : i+j+1])
		}
		text = text[i+j+1:]
	}
	return b.String()
}

// quarterArg names the quarter a number argument gives; the number may be
// a float64 when the arguments were stored as JSON (notifications).
func quarterArg(lang string, v any) string {
	switch x := v.(type) {
	case int:
		return Quarter(lang, x)
	case int64:
		return Quarter(lang, int(x))
	case float64:
		if x == math.Trunc(x) {
			return Quarter(lang, int(x))
		}
	}
	return formatArg(lang, v)
}

func formatArg(lang string, v any) string {
	switch x := v.(type) {
	case float64:
		return FormatNumberTrim(lang, x, 2)
	case time.Time:
		return FormatDate(lang, x)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// Text renders a message given as a key with arguments, or as finished
// texts per language (texts wins when it has the language).
func Text(lang, key string, args map[string]any, texts map[string]string) string {
	if t, ok := texts[lang]; ok {
		return t
	}
	return Translate(lang, key, args)
}

// Lang is a language bound to its catalogue; templates translate with {{t .L "key"}}.
type Lang string

// T translates key with alternating name, value arguments.
func (l Lang) T(key string, kv ...any) string {
	if len(kv) == 0 {
		return Translate(string(l), key, nil)
	}
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return Translate(string(l), key, args)
}

// Code returns the language code ("id", "en").
func (l Lang) Code() string { return string(l) }

package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
)

// root is the repository root, two levels above this package.
const root = "../.."

// templateKey matches {{t .L "key"}}, {{t $.L "key"}}, {{t $L "key"}} and (t .L "key") in templates.
// messageKey is the shape of a catalogue key.
var messageKey = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)

var templateKey = regexp.MustCompile(`\bt (?:\.L|\$\.L|\$L) "([a-z0-9_.]+)"`)

// usedKeys collects every message key the program can ask for: literal keys
// in templates and in Go calls of T/M/Invalid/Refuse/Conflict/Addf/Translate,
// plus keys built from enumerations.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	err := filepath.WalkDir(filepath.Join(root, "ui/templates"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			argIdx := -1
			switch name {
			case "T", "M", "Refuse", "Conflict":
				argIdx = 0
			case "Invalid", "Addf":
				argIdx = 1
			case "Translate":
				argIdx = 1
			}
			if argIdx < 0 || len(call.Args) <= argIdx {
				return true
			}
			if lit, ok := call.Args[argIdx].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				k, _ := strconv.Unquote(lit.Value)
				if messageKey.MatchString(k) {
					keys[k] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range domain.Roles {
		keys["role."+string(r)] = "domain.Roles"
	}
	for _, k := range domain.PositionKinds {
		keys["poskind."+string(k)] = "domain.PositionKinds"
	}
	for _, k := range domain.UnitKinds {
		keys["unitkind."+string(k)] = "domain.UnitKinds"
	}
	for _, k := range []domain.ActingKind{domain.ActingPlt, domain.ActingPlh} {
		keys["acting."+string(k)] = "domain.ActingKind"
	}
	for k, v := range extraKeys() {
		keys[k] = v
	}
	return keys
}

func TestEveryUsedKeyIsTranslated(t *testing.T) {
	keys := usedKeys(t)
	var missing []string
	for k, where := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				missing = append(missing, l+": "+k+" (used at "+where+")")
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d missing translations:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	id, en := i18n.Keys("id"), i18n.Keys("en")
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, k := range list {
			m[k] = true
		}
		return m
	}
	idm, enm := in(id), in(en)
	for _, k := range id {
		if !enm[k] {
			t.Errorf("en lacks %q", k)
		}
	}
	for _, k := range en {
		if !idm[k] {
			t.Errorf("id lacks %q", k)
		}
	}
}

func TestTranslateFillsArguments(t *testing.T) {
	got := i18n.Lang("en").T("err.too_long", "max", 200)
	if !strings.Contains(got, "200") {
		t.Errorf("argument not filled: %q", got)
	}
	if got := i18n.Translate("id", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
}

// A quarter is named one way per language: messages take its number as
// {q:quarter} ("TW III", "Q3"), never write "TW {q}", "Q{q}" or
// "quarter {q}" around a bare number or numeral.
func TestQuartersNamedOneWay(t *testing.T) {
	bare := regexp.MustCompile(`(?i)(\bTW|\bQ|quarter|triwulan) ?\{[a-z_]+\}`)
	for _, l := range i18n.Langs {
		for _, k := range i18n.Keys(l) {
			if text := i18n.Translate(l, k, nil); bare.MatchString(text) {
				t.Errorf("%s %s: %q names a quarter by hand; use {q:quarter}", l, k, text)
			}
		}
	}
	for _, tc := range []struct {
		lang string
		q    any
		want string
	}{
		{"id", 3, "Realisasi TW III 2026"}, {"en", 3, "Realisation Q3 2026"},
		// Arguments stored as JSON come back as float64.
		{"id", float64(4), "Realisasi TW IV 2026"}, {"en", float64(1), "Realisation Q1 2026"},
	} {
		if got := i18n.Translate(tc.lang, "realui.sheet.title", map[string]any{"q": tc.q, "year": 2026}); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.lang, tc.q, got, tc.want)
		}
	}
}

// A code given to a message is shown as its text in the language.
func TestTranslateNamesCodes(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"id", "Realisasi berstatus “diverifikasi” tidak dapat diubah."},
		{"en", "A realisation with the status “verified” cannot be changed."},
	} {
		if got := i18n.Translate(tc.lang, "sheet.frozen", map[string]any{"status": "verified"}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
	// Every message that names a code names one the catalogue has.
	code := regexp.MustCompile(`\{[a-z_0-9]+:([a-z_.]+)\}`)
	for _, l := range i18n.Langs {
		for _, k := range i18n.Keys(l) {
			for _, m := range code.FindAllStringSubmatch(i18n.Translate(l, k, nil), -1) {
				if m[1] == "quarter" {
					continue
				}
				found := false
				for _, other := range i18n.Keys(l) {
					found = found || strings.HasPrefix(other, m[1])
				}
				if !found {
					t.Errorf("%s %s: no message starts with %q", l, k, m[1])
				}
			}
		}
	}
}

// Both languages of a message take the same arguments.
func TestPlaceholdersMatch(t *testing.T) {
	ph := regexp.MustCompile(`\{[a-z_0-9]+(:[a-z_.]+)?\}`)
	set := func(s string) string {
		m := ph.FindAllString(s, -1)
		sort.Strings(m)
		return strings.Join(slices.Compact(m), " ")
	}
	for _, k := range i18n.Keys("id") {
		id, en := set(i18n.Translate("id", k, nil)), set(i18n.Translate("en", k, nil))
		if id != en {
			t.Errorf("%s: id takes %q, en %q", k, id, en)
		}
	}
}

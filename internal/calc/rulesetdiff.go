package calc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Source returns the file the rule set was parsed from, a copy.
func (rs *RuleSet) Source() []byte { return append([]byte(nil), rs.source...) }

// Digest identifies the rule set's content: the SHA-256 of its canonical
// form (CanonicalRuleSet), so that the same rules written with other
// spacing or key order have the same digest.
func (rs *RuleSet) Digest() string {
	c, err := CanonicalRuleSet(rs.source)
	if err != nil {
		c = rs.source // unreachable: the source parsed
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:])
}

// CanonicalRuleSet is a rule-set file with sorted keys, no spacing and
// numbers written alike (1.0 as 1).
func CanonicalRuleSet(data []byte) ([]byte, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// FieldDiff is one field that differs between two rule-set files: its JSON
// path and its value in each, as JSON text; a side without the field has
// Missing set.
type FieldDiff struct {
	Path        string
	From, To    string
	FromMissing bool
	ToMissing   bool
}

// DiffRuleSets compares two rule-set files field by field, in the order
// of from and then the fields only to has. Lists compare by position.
func DiffRuleSets(from, to []byte) ([]FieldDiff, error) {
	fo, fv, err := flattenJSON(from)
	if err != nil {
		return nil, err
	}
	to2, tv, err := flattenJSON(to)
	if err != nil {
		return nil, err
	}
	var out []FieldDiff
	for _, p := range fo {
		t, ok := tv[p]
		if !ok {
			out = append(out, FieldDiff{Path: p, From: fv[p], ToMissing: true})
		} else if t != fv[p] {
			out = append(out, FieldDiff{Path: p, From: fv[p], To: t})
		}
	}
	for _, p := range to2 {
		if _, ok := fv[p]; !ok {
			out = append(out, FieldDiff{Path: p, To: tv[p], FromMissing: true})
		}
	}
	return out, nil
}

// flattenJSON lists the leaves of a JSON document by path ("a.b[2].c") in
// document order, with their JSON text (numbers written alike, 1.0 as 1);
// an empty object or list is a leaf.
func flattenJSON(data []byte) ([]string, map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	f := flattener{dec: dec, vals: map[string]string{}}
	if err := f.walk(""); err != nil {
		return nil, nil, err
	}
	return f.order, f.vals, nil
}

type flattener struct {
	dec   *json.Decoder
	order []string
	vals  map[string]string
}

func (f *flattener) leaf(path, v string) {
	if _, dup := f.vals[path]; !dup {
		f.order = append(f.order, path)
	}
	f.vals[path] = v
}

func (f *flattener) walk(path string) error {
	tok, err := f.dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		b, err := json.Marshal(tok)
		if err != nil {
			return err
		}
		f.leaf(path, string(b))
		return nil
	}
	n := 0
	for ; f.dec.More(); n++ {
		p := fmt.Sprintf("%s[%d]", path, n)
		if d == '{' {
			k, err := f.dec.Token()
			if err != nil {
				return err
			}
			p = fmt.Sprint(k)
			if path != "" {
				p = path + "." + p
			}
		}
		if err := f.walk(p); err != nil {
			return err
		}
	}
	if _, err := f.dec.Token(); err != nil {
		return err
	}
	if n == 0 {
		f.leaf(path, map[json.Delim]string{'{': "{}", '[': "[]"}[d])
	}
	return nil
}

package web

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec keeps a session's few values — the user's ID, a tag of their
// password, flash messages waiting to be shown — in a small binary form,
// keys sorted. scs's gob codec built a decoder with its type descriptions
// on every request, and wrote the map in a random order, so an unchanged
// session never looked unchanged to the store (store.SessionStore skips
// rewriting those). Sessions written by the gob codec are still read.
type sessionCodec struct{ old scs.GobCodec }

// sessionMagic starts an encoded session; a gob stream never starts with a
// zero byte (it would be an empty message).
const sessionMagic = "\x00k"

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := make([]byte, 0, 64)
	b = append(b, sessionMagic...)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(b, k)
		switch v := values[k].(type) {
		case int64:
			b = binary.AppendVarint(append(b, 'i'), v)
		case string:
			b = appendString(append(b, 's'), v)
		case []string:
			b = binary.AppendUvarint(append(b, 'l'), uint64(len(v)))
			for _, s := range v {
				b = appendString(b, s)
			}
		default:
			return nil, fmt.Errorf("session value %q of type %T cannot be stored", k, v)
		}
	}
	return b, nil
}

func (c sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) < len(sessionMagic) || string(b[:len(sessionMagic)]) != sessionMagic {
		return c.old.Decode(b)
	}
	r := sessionReader{b: b[len(sessionMagic):]}
	deadline := time.Unix(0, r.varint()).UTC()
	n := r.uvarint()
	values := make(map[string]any, min(n, 16))
	for i := uint64(0); i < n && r.err == nil; i++ {
		k := r.string()
		switch r.byte() {
		case 'i':
			values[k] = r.varint()
		case 's':
			values[k] = r.string()
		case 'l':
			m := r.uvarint()
			var list []string
			for j := uint64(0); j < m && r.err == nil; j++ {
				list = append(list, r.string())
			}
			values[k] = list
		default:
			r.fail()
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return time.Time{}, nil, r.err
	}
	return deadline, values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// sessionReader reads an encoded session; the first malformed part stops it.
type sessionReader struct {
	b   []byte
	err error
}

var errSessionData = errors.New("session data is malformed")

func (r *sessionReader) fail() {
	r.err, r.b = errSessionData, nil
}

func (r *sessionReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

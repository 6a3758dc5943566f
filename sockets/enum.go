package sockets

import (
	"fmt"
	"strings"
)

// enumNames is the table behind a small enum's String, Parse, list of values
// and text marshalling, so each enum states only its names.
type enumNames[T ~int | ~uint8] struct {
	typ     string       // Go type name, for out-of-range values: "Format(7)"
	what    string       // what the user typed, for errors: "payload format"
	names   []string     // names[v] is the name of value v
	aliases map[string]T // other accepted spellings ("" for a default)
}

// name returns v's name, or e.g. "Format(7)" for a value out of range.
func (e enumNames[T]) name(v T) string {
	if v >= 0 && int(v) < len(e.names) {
		return e.names[v]
	}
	return fmt.Sprintf("%s(%d)", e.typ, int(v))
}

// parse reads a name or alias, ignoring case and surrounding spaces.
func (e enumNames[T]) parse(s string) (T, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for i, n := range e.names {
		if k == n {
			return T(i), nil
		}
	}
	if v, ok := e.aliases[k]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("unknown %s %q (want %s)", e.what, s, orList(e.names))
}

// values returns every value, in order.
func (e enumNames[T]) values() []T {
	out := make([]T, len(e.names))
	for i := range out {
		out[i] = T(i)
	}
	return out
}

// marshal is MarshalText: the name, or an error for a value out of range.
func (e enumNames[T]) marshal(v T) ([]byte, error) {
	if v < 0 || int(v) >= len(e.names) {
		return nil, fmt.Errorf("unknown %s %d", e.what, int(v))
	}
	return []byte(e.names[v]), nil
}

// unmarshal is UnmarshalText: it parses text into *dst, leaving it alone on
// error.
func (e enumNames[T]) unmarshal(text []byte, dst *T) error {
	v, err := e.parse(string(text))
	if err == nil {
		*dst = v
	}
	return err
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

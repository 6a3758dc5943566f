// Package enum is the table behind the engine's small enums (payload
// formats, line endings, modes, event sides and kinds): their String, Parse,
// list of values and text marshalling, so each enum states only its names.
package enum

import (
	"fmt"
	"strings"
)

// Names describes one enum: value v is called Names[v].
type Names[T ~int | ~uint8] struct {
	Type    string       // Go type name, for out-of-range values: "Format(7)"
	What    string       // what the user typed, for errors: "payload format"
	Names   []string     // Names[v] is the name of value v
	Aliases map[string]T // other accepted spellings ("" for a default)
}

// Name returns v's name, or e.g. "Format(7)" for a value out of range.
func (e Names[T]) Name(v T) string {
	if v >= 0 && int(v) < len(e.Names) {
		return e.Names[v]
	}
	return fmt.Sprintf("%s(%d)", e.Type, int(v))
}

// Parse reads a name or alias, ignoring case and surrounding spaces.
func (e Names[T]) Parse(s string) (T, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for i, n := range e.Names {
		if k == n {
			return T(i), nil
		}
	}
	if v, ok := e.Aliases[k]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("unknown %s %q (want %s)", e.What, s, OrList(e.Names))
}

// Values returns every value, in order.
func (e Names[T]) Values() []T {
	out := make([]T, len(e.Names))
	for i := range out {
		out[i] = T(i)
	}
	return out
}

// Marshal is MarshalText: the name, or an error for a value out of range.
func (e Names[T]) Marshal(v T) ([]byte, error) {
	if v < 0 || int(v) >= len(e.Names) {
		return nil, fmt.Errorf("unknown %s %d", e.What, int(v))
	}
	return []byte(e.Names[v]), nil
}

// Unmarshal is UnmarshalText: it parses text into *dst, leaving it alone on
// error.
func (e Names[T]) Unmarshal(text []byte, dst *T) error {
	v, err := e.Parse(string(text))
	if err == nil {
		*dst = v
	}
	return err
}

// OrList joins names as "a, b or c".
func OrList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

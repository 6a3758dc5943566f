package yamlfile

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/internal/enum"
	"github.com/sockettester/sockettester/sockets/msg"

	"go.yaml.in/yaml/v3"
)

// Mapping is a YAML mapping whose keys are allowed and unique.
type Mapping struct {
	src  *Source
	path string
	node *yaml.Node
	keys map[string]*yaml.Node // key nodes, by name
	vals map[string]*yaml.Node // value nodes, by key
}

// Mapping checks that n is a mapping of allowed keys, each given once. path
// names n in errors, e.g. "rules[2]" ("" for the top level).
func (s *Source) Mapping(n *yaml.Node, path string, allowed ...string) (*Mapping, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, s.At(n, path, msg.New(codeWantMapping, "Got", describe(n)))
	}
	m := &Mapping{src: s, path: path, node: n, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, s.At(k, path, msg.New(codeWantKeyName, "Got", describe(k)))
		}
		if !slices.Contains(allowed, k.Value) {
			return nil, s.At(k, Join(path, k.Value), unknownKey(k.Value, allowed))
		}
		if prev, dup := m.keys[k.Value]; dup {
			return nil, s.At(k, Join(path, k.Value), msg.New(codeKeyTwice, "Line", prev.Line))
		}
		m.keys[k.Value], m.vals[k.Value] = k, v
	}
	return m, nil
}

// Join appends key to a key path: Join("rules[2]", "regex") is "rules[2].regex".
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index names item i (0-based) of the list at path from 1: Index("rules", 1)
// is "rules[2]".
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i+1) + "]" }

// Node returns the mapping's own node.
func (m *Mapping) Node() *yaml.Node { return m.node }

// Source returns the file the mapping is in.
func (m *Mapping) Source() *Source { return m.src }

// Has reports whether key is given.
func (m *Mapping) Has(key string) bool { _, ok := m.vals[key]; return ok }

// Value returns key's value node, or nil.
func (m *Mapping) Value(key string) *yaml.Node {
	if v := m.vals[key]; v != nil {
		return resolve(v)
	}
	return nil
}

// Given returns the keys present among names, in the order of names.
func (m *Mapping) Given(names ...string) []string {
	var out []string
	for _, k := range names {
		if m.Has(k) {
			out = append(out, k)
		}
	}
	return out
}

// Path names key in errors, e.g. "rules[2].regex".
func (m *Mapping) Path(key string) string { return Join(m.path, key) }

// Fail returns an *Error at key's value (or the mapping when key is absent)
// saying msg.New(c, kv...).
func (m *Mapping) Fail(key string, c msg.Code, kv ...any) *Error {
	return m.FailWith(key, msg.New(c, kv...))
}

// FailWith is Fail with a ready message.
func (m *Mapping) FailWith(key string, problem msg.Message) *Error {
	n := m.Value(key)
	if n == nil {
		n = m.node
		if key == "" {
			return m.src.At(n, m.path, problem)
		}
	}
	return m.src.At(n, m.Path(key), problem)
}

// FailKey returns an *Error at key's name rather than its value.
func (m *Mapping) FailKey(key string, c msg.Code, kv ...any) *Error {
	return m.src.At(m.keys[key], m.Path(key), msg.New(c, kv...))
}

// Problem is err's message (msg.Of) or else its text.
func Problem(err error) msg.Message { return problemOf(err) }

func (m *Mapping) scalar(key, want string) (*yaml.Node, bool, error) {
	n := m.Value(key)
	if n == nil {
		return nil, false, nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return nil, true, m.Fail(key, codeWant, "Want", want, "Got", describe(n))
	}
	return n, true, nil
}

// String returns key's value as a string, whether the key is given, and an
// error for a list, a mapping or an empty value.
func (m *Mapping) String(key string) (string, bool, error) {
	n, ok, err := m.scalar(key, "a string")
	if n == nil {
		return "", ok, err
	}
	return n.Value, true, nil
}

// Bool returns key's value as true or false.
func (m *Mapping) Bool(key string) (bool, bool, error) {
	n, ok, err := m.scalar(key, "true or false")
	if n == nil {
		return false, ok, err
	}
	switch strings.ToLower(n.Value) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, true, m.Fail(key, codeWantBool, "Value", strconv.Quote(n.Value))
}

// Duration returns key's value as a non-negative duration with a unit.
func (m *Mapping) Duration(key string) (time.Duration, bool, error) {
	n, ok, err := m.scalar(key, "a duration such as 500ms or 2s")
	if n == nil {
		return 0, ok, err
	}
	d, err := ParseDuration(n.Value)
	if err != nil {
		return 0, true, m.FailWith(key, problemOf(err))
	}
	return d, true, nil
}

// ParseDuration reads a non-negative duration with a unit, e.g. "500ms"; a
// number without a unit is refused rather than guessed at.
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil && isNumber(s):
		return 0, msg.NewError(codeDurationUnit, "Value", strconv.Quote(s), "N", s)
	case err != nil:
		return 0, msg.NewError(codeBadDuration, "Value", strconv.Quote(s))
	case d < 0:
		return 0, msg.NewError(codeNegativeDuration, "Value", strconv.Quote(s))
	}
	return d, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// Int returns key's value as a whole number of at least lo.
func (m *Mapping) Int(key string, lo int) (int, bool, error) {
	n, ok, err := m.scalar(key, "a whole number")
	if n == nil {
		return 0, ok, err
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < lo {
		return 0, true, m.Fail(key, codeWantWhole, "Min", lo, "Value", strconv.Quote(n.Value))
	}
	return v, true, nil
}

// List returns key's value as the items of a list.
func (m *Mapping) List(key string) ([]*yaml.Node, bool, error) {
	n := m.Value(key)
	if n == nil {
		return nil, false, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, true, m.Fail(key, codeWantList, "Got", describe(n))
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = resolve(c)
	}
	return items, true, nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describe names what kind of value n is, for "want X, not Y".
func describe(n *yaml.Node) any {
	switch {
	case n == nil:
		return msg.New(codeNothing)
	case n.Kind == yaml.SequenceNode:
		return msg.New(codeAList)
	case n.Kind == yaml.MappingNode:
		return msg.New(codeKeysValues)
	case n.Tag == "!!null":
		return msg.New(codeEmptyValue)
	}
	return strconv.Quote(n.Value)
}

func unknownKey(typed string, allowed []string) msg.Message {
	key, want := strconv.Quote(typed), enum.OrList(allowed)
	if best := suggest(typed, allowed); best != "" {
		return msg.New(codeUnknownKeyHint, "Key", key, "Want", want, "Hint", strconv.Quote(best))
	}
	return msg.New(codeUnknownKey, "Key", key, "Want", want)
}

func suggest(typed string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(strings.ToLower(typed), a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

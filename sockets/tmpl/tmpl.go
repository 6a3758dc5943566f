// Package tmpl reads payload templates: payload text in the client's syntax with
// {{placeholders}} filled in at send time, e.g. {{counter}} or {{id}}.
// {{hex:0d0a}} is always allowed; the user of a template decides which other
// names are. Literal braces are written as escapes: \x7b\x7b is "{{".
package tmpl

import (
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Part is a run of literal bytes or one placeholder.
type Part struct {
	Lit  []byte // the literal bytes; nil for a placeholder
	Name string // the placeholder's name without braces or spaces, e.g. "counter"; "" for literal bytes
	Off  int    // byte offset in the template text where the part starts
}

// Template is a parsed template: literal bytes and placeholders, in order.
type Template []Part

// Parse reads raw. Errors are *payload.SyntaxError with byte offsets into raw.
func Parse(raw string) (Template, error) {
	var t Template
	for i := 0; i < len(raw); {
		open := strings.Index(raw[i:], "{{")
		if open < 0 {
			return t.literal(raw, i, len(raw))
		}
		open += i
		var err error
		if t, err = t.literal(raw, i, open); err != nil {
			return nil, err
		}
		end := strings.Index(raw[open+2:], "}}")
		if end < 0 {
			return nil, syntaxError(open, "{{", msg.New(codeUnclosed))
		}
		end += open + 2
		inner := raw[open+2 : end]
		name := strings.TrimSpace(inner)
		switch {
		case name == "":
			return nil, syntaxError(open, raw[open:end+2], msg.New(codeEmpty))
		case strings.HasPrefix(name, "hex:"):
			digits := strings.TrimPrefix(name, "hex:")
			b, err := payload.ParseHex(digits)
			if err != nil {
				return nil, shift(err, open+2+strings.Index(inner, "hex:")+len("hex:"))
			}
			t = t.appendLit(b, open)
		default:
			t = append(t, Part{Name: name, Off: open})
		}
		i = end + 2
	}
	return t, nil
}

func (t Template) literal(raw string, from, to int) (Template, error) {
	if from == to {
		return t, nil
	}
	b, err := payload.ParseEscaped(raw[from:to])
	if err != nil {
		return nil, shift(err, from)
	}
	return t.appendLit(b, from), nil
}

// appendLit adds literal bytes, joining them to a literal part before.
func (t Template) appendLit(b []byte, off int) Template {
	if n := len(t); n > 0 && t[n-1].Name == "" {
		t[n-1].Lit = append(t[n-1].Lit, b...)
		return t
	}
	return append(t, Part{Lit: append([]byte{}, b...), Off: off})
}

func shift(err error, off int) error {
	if se, ok := err.(*payload.SyntaxError); ok {
		c := *se
		c.Pos += off
		return &c
	}
	return err
}

// Static returns the template's bytes when it has no placeholders.
func (t Template) Static() ([]byte, bool) {
	switch {
	case len(t) == 0:
		return []byte{}, true
	case len(t) == 1 && t[0].Name == "":
		return t[0].Lit, true
	}
	return nil, false
}

// Placeholders returns the placeholder parts, in order.
func (t Template) Placeholders() []Part {
	var out []Part
	for _, p := range t {
		if p.Name != "" {
			out = append(out, p)
		}
	}
	return out
}

// Append appends the template's bytes to dst, asking fill for placeholders.
func (t Template) Append(dst []byte, fill func(dst []byte, name string) []byte) []byte {
	for _, p := range t {
		if p.Name == "" {
			dst = append(dst, p.Lit...)
		} else {
			dst = fill(dst, p.Name)
		}
	}
	return dst
}

// Codes of the mistakes in a template.
const (
	codeUnclosed    msg.Code = "tmplUnclosed"
	codeEmpty       msg.Code = "tmplEmpty"
	codeUnknownSend msg.Code = "tmplUnknownSend"
	codeBadRandom   msg.Code = "tmplBadRandom"
)

var _ = msg.Define(map[msg.Code]string{
	codeUnclosed:    "unclosed placeholder (want {{{{name}}}})",
	codeEmpty:       "empty placeholder",
	codeUnknownSend: "unknown placeholder {Name} (want counter, time, unixtime, random:N or hex:DIGITS; write \\x7b\\x7b for a literal {{{{)",
	codeBadRandom:   "random:N needs a whole number N from 2 up, e.g. random:100 for 0 to 99, not {N}",
})

func syntaxError(pos int, char string, problem msg.Message) *payload.SyntaxError {
	return &payload.SyntaxError{Pos: pos, Char: char, Msg: problem.String(), Problem: problem}
}

package yamlfile

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"go.yaml.in/yaml/v3"
)

// Text is a payload string as typed in the file, in the payload syntax of the
// app and the CLI, able to place a mistake at a byte of it.
//
// YAML's double-quoted strings read \xHH as a character, not a byte, so a
// double-quoted payload is taken from the file's text as typed, and must stay
// on one line. Other styles are YAML's value, read with the same syntax.
type Text struct {
	Raw  string // the payload text as typed
	Key  string // the key path it belongs to
	src  *Source
	node *yaml.Node
}

// Text returns key's value as payload text.
func (m *Mapping) Text(key string) (Text, bool, error) {
	n, ok, err := m.scalar(key, "text")
	if n == nil {
		return Text{}, ok, err
	}
	t, err := m.src.TextOf(n, m.Path(key))
	return t, true, err
}

// TextOf returns scalar n, found at key, as payload text.
func (s *Source) TextOf(n *yaml.Node, key string) (Text, error) {
	t := Text{Raw: n.Value, Key: key, src: s, node: n}
	if n.Style&yaml.DoubleQuotedStyle == 0 {
		return t, nil
	}
	line := s.line(n.Line)
	start := byteIndex(line, n.Column)
	if start >= len(line) || line[start] != '"' {
		return t, s.At(n, key, msg.New(codeQuotedNotFound))
	}
	for i := start + 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '"':
			t.Raw = line[start+1 : i]
			return t, nil
		}
	}
	return t, s.At(n, key, msg.New(codeQuotedMultiline))
}

// Pos returns the line and column of byte off of Raw: exact for one-line
// quoted or plain text and for literal blocks, else the value's start.
func (t Text) Pos(off int) (line, col int) {
	n := t.node
	off = min(max(off, 0), len(t.Raw))
	before := t.Raw[:off]
	multiLine := strings.Contains(t.Raw, "\n")
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return n.Line, n.Column + 1 + utf8.RuneCountInString(before)
	case n.Style&yaml.SingleQuotedStyle != 0 && !multiLine:
		// Each ' was typed as ''.
		return n.Line, n.Column + 1 + utf8.RuneCountInString(before) + strings.Count(before, "'")
	case n.Style == 0 && !multiLine:
		return n.Line, n.Column + utf8.RuneCountInString(before)
	case n.Style&yaml.LiteralStyle != 0:
		line = n.Line + 1 + strings.Count(before, "\n")
		src := t.src.line(line)
		indent := len(src) - len(strings.TrimLeft(src, " "))
		return line, indent + 1 + utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:])
	}
	return n.Line, n.Column
}

// Fail returns an *Error at byte off of Raw, saying problem.
func (t Text) Fail(off int, problem msg.Message) *Error {
	e := t.src.At(t.node, t.Key, problem)
	e.Line, e.Column = t.Pos(off)
	return e
}

// Place turns a *payload.SyntaxError about Raw into an *Error at that byte;
// other errors are placed at the value.
func (t Text) Place(err error) error {
	if err == nil {
		return nil
	}
	var se *payload.SyntaxError
	if !errors.As(err, &se) {
		return t.Fail(0, problemOf(err))
	}
	problem := se.Problem
	if problem.IsZero() {
		problem = msg.New(codeText, "Text", se.Msg)
	}
	shown := strings.TrimSuffix(se.Error(), " at position "+strconv.Itoa(se.Pos))
	shown = strings.TrimPrefix(shown, se.Msg+" ")
	switch {
	case se.Char == "":
		return t.Fail(se.Pos, msg.New(codeSyntaxEnd, "Problem", problem))
	case problem.Code == "escapeUnknown":
		return t.Fail(se.Pos, msg.New(codeSyntaxEscape, "Problem", problem, "Char", shown))
	}
	return t.Fail(se.Pos, msg.New(codeSyntaxChar, "Problem", problem, "Char", shown))
}

// Bytes reads the text with its escapes.
func (t Text) Bytes() ([]byte, error) {
	b, err := payload.ParseEscaped(t.Raw)
	return b, t.Place(err)
}

// Hex reads the text as hex digits.
func (t Text) Hex() ([]byte, error) {
	b, err := payload.ParseHex(t.Raw)
	return b, t.Place(err)
}

// Quoted shows the text as typed between double quotes, e.g. `"hello\n"`, with
// control characters typed in a block shown as escapes.
func (t Text) Quoted() string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range t.Raw {
		switch {
		case r == '"' && t.node.Style&yaml.DoubleQuotedStyle == 0:
			b.WriteString(`\"`)
		case r < ' ' || r == 0x7f:
			b.WriteString(payload.RenderText([]byte{byte(r)}))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/msg"
	"go.yaml.in/yaml/v3"
)

// Source is one YAML file's text, kept to place mistakes and to read
// double-quoted payloads as typed.
type Source struct {
	File  string   // the name errors start with
	lines []string // the text's lines, without their line endings
}

// Parse returns the root node of each non-empty document of src. A YAML syntax
// error is an *Error placed as well as the parser allows.
func Parse(file string, src []byte) (*Source, []*yaml.Node, error) {
	s := &Source{File: file, lines: splitLines(src)}
	docs, err := decodeAll(src)
	if err != nil {
		return s, nil, s.syntaxError(src, err)
	}
	return s, docs, nil
}

// ParseOne reads a file of one document and returns its root, or nil when it
// has none. what names the kind of file in errors ("rules").
func ParseOne(file string, src []byte, what string) (*Source, *yaml.Node, error) {
	s, docs, err := Parse(file, src)
	switch {
	case err != nil:
		return s, nil, err
	case len(docs) == 0:
		return s, nil, nil
	case len(docs) > 1:
		return s, nil, s.At(docs[1], "", msg.New(codeOneDocument, "What", what))
	}
	return s, docs[0], nil
}

func decodeAll(src []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		// A document of comments alone has an empty value for a root.
		if len(doc.Content) > 0 && !(doc.Content[0].Tag == "!!null" && doc.Content[0].Value == "") {
			docs = append(docs, doc.Content[0])
		}
	}
}

func splitLines(src []byte) []string {
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

func (s *Source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	return s.lines[n-1]
}

// At returns an *Error at node n about key, saying problem.
func (s *Source) At(n *yaml.Node, key string, problem msg.Message) *Error {
	e := &Error{File: s.File, Key: key, Msg: problem.String(), Problem: problem}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// byteIndex returns the byte offset in line of 1-based character column
// col, or len(line) past its end.
func byteIndex(line string, col int) int {
	i := 0
	for c := 1; c < col && i < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

func column(line string, i int) int {
	return utf8.RuneCountInString(line[:min(i, len(line))]) + 1
}

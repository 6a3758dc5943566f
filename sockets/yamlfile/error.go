// Package yamlfile reads Socket Tester's YAML files (rules, scenarios, packets)
// so every mistake is placed at file:line:column and key. It walks yaml.Node
// trees rather than decoding into structs, so that bad values inside strings
// carry a position too.
package yamlfile

import (
	"errors"
	"strconv"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Error is a mistake in a YAML file, at a place.
type Error struct {
	File    string // the file's name as given to Parse; may be empty
	Line    int    // 1-based line; 0 when unknown
	Column  int    // 1-based column in characters; 0 when unknown
	Key     string // the key the mistake concerns, as a path ("rules[2].regex", indexes from 1); may be empty
	Msg     string // what is wrong
	Problem msg.Message
}

func NewError(file string, line, column int, key string, problem msg.Message) *Error {
	return &Error{File: file, Line: line, Column: column, Key: key, Msg: problem.String(), Problem: problem}
}

// Said returns the whole error as a message: the place as Where, the problem
// nested as Problem.
func (e *Error) Said() msg.Message {
	where := (&Error{File: e.File, Line: e.Line, Column: e.Column, Key: e.Key}).Error()
	return msg.New(codeAt, "Where", where, "Problem", e.Problem)
}

// problemOf is what err says as a Problem: its Message, or its text.
func problemOf(err error) msg.Message {
	if m, ok := err.(interface{ Said() msg.Message }); ok {
		return m.Said()
	}
	return msg.New(codeText, "Text", err.Error())
}

// Error renders "file:line:column: key: message", leaving out empty parts.
func (e *Error) Error() string {
	b := make([]byte, 0, 64+len(e.Msg))
	if e.File != "" {
		b = append(append(b, e.File...), ':')
	}
	if e.Line > 0 {
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ':')
		if e.Column > 0 {
			b = strconv.AppendInt(b, int64(e.Column), 10)
			b = append(b, ':')
		}
	}
	if len(b) > 0 {
		b = append(b, ' ')
	}
	if e.Key != "" {
		b = append(append(b, e.Key...), ": "...)
	}
	return string(append(b, e.Msg...))
}

// Position returns the *Error inside err, if any, e.g. to mark the line in an
// editor.
func Position(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

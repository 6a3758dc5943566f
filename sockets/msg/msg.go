// Package msg gives every message the engine writes for a person a code and
// named arguments, so a front end can translate it. Packages register English
// templates with Define; Message.String renders them. In a template, {Port} is
// an argument, {Conns|connection|connections} picks a plural form and {{ }} are
// literal braces. An argument is a string, integer, time.Duration or nested
// Message.
package msg

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Code names one message; it is the window's translation key without the
// "engine." prefix.
type Code string

// Args are a message's named arguments.
type Args map[string]any

// Message is a code and its arguments.
type Message struct {
	Code Code
	Args Args
}

// New makes a message from a code and alternating argument names and
// values: New(PortInvalid, "Port", "99999", "Min", 1).
func New(c Code, kv ...any) Message {
	m := Message{Code: c}
	if len(kv) == 0 {
		return m
	}
	m.Args = make(Args, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		name, ok := kv[i].(string)
		if !ok {
			panic(fmt.Sprintf("msg.New(%s): argument name %v is not a string", c, kv[i]))
		}
		m.Args[name] = kv[i+1]
	}
	if len(kv)%2 != 0 {
		panic(fmt.Sprintf("msg.New(%s): argument %v has no value", c, kv[len(kv)-1]))
	}
	return m
}

// IsZero reports whether m has no code.
func (m Message) IsZero() bool { return m.Code == "" }

// String renders the message in English. An undefined code renders as itself,
// so a missing template shows.
func (m Message) String() string {
	t, ok := English(m.Code)
	if !ok {
		return string(m.Code)
	}
	return render(t, m.Args)
}

var (
	mu        sync.RWMutex
	templates = map[Code]string{}
)

// Define registers English templates; call it from a package variable or init.
// It panics on a code defined twice.
func Define(t map[Code]string) struct{} {
	mu.Lock()
	defer mu.Unlock()
	for c, s := range t {
		if _, dup := templates[c]; dup {
			panic("msg: code " + string(c) + " defined twice")
		}
		templates[c] = s
	}
	return struct{}{}
}

// English returns c's template and whether c is defined.
func English(c Code) (string, bool) {
	mu.RLock()
	defer mu.RUnlock()
	t, ok := templates[c]
	return t, ok
}

// Codes returns every defined code, sorted.
func Codes() []Code {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Code, 0, len(templates))
	for c := range templates {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Fields returns the argument names t uses, in order of first use.
func Fields(t string) []string {
	var out []string
	walk(t, func(lit string) {}, func(field string) {
		name, _, _ := strings.Cut(field, "|")
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	})
	return out
}

// render leaves a field without an argument as written, so the mistake shows.
func render(t string, a Args) string {
	if !strings.ContainsAny(t, "{}") {
		return t
	}
	var b strings.Builder
	walk(t, func(lit string) { b.WriteString(lit) }, func(field string) {
		name, forms, plural := strings.Cut(field, "|")
		v, ok := a[name]
		switch {
		case !ok:
			b.WriteString("{" + field + "}")
		case plural:
			one, many, _ := strings.Cut(forms, "|")
			if n, isInt := Count(v); isInt && n == 1 {
				b.WriteString(one)
			} else {
				b.WriteString(many)
			}
		default:
			b.WriteString(format(v))
		}
	})
	return b.String()
}

func walk(t string, lit, field func(string)) {
	for t != "" {
		i := strings.IndexAny(t, "{}")
		if i < 0 {
			lit(t)
			return
		}
		lit(t[:i])
		switch {
		case strings.HasPrefix(t[i:], "{{"), strings.HasPrefix(t[i:], "}}"):
			lit(t[i : i+1])
			t = t[i+2:]
		case t[i] == '}':
			lit("}")
			t = t[i+1:]
		default:
			end := strings.IndexByte(t[i:], '}')
			if end < 0 {
				lit(t[i:])
				return
			}
			field(t[i+1 : i+end])
			t = t[i+end+1:]
		}
	}
}

// Count returns an argument as a count (any integer type), for choosing a
// plural form.
func Count(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		return int64(n), true
	case uint32:
		return int64(n), true
	}
	return 0, false
}

func format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case time.Duration:
		return x.String()
	case Message:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Error is an error meant for a person: its text is the message's English.
// Err is the cause errors.Is and errors.As see; Wrap puts its text in the
// argument "Err".
type Error struct {
	Message
	Err error
}

// Error returns the message in English.
func (e *Error) Error() string { return e.Message.String() }

// Unwrap returns the error e stands for.
func (e *Error) Unwrap() error { return e.Err }

// Said returns e's message. Of finds any error with this method, so other
// error types can carry a message too.
func (e *Error) Said() Message { return e.Message }

type sayer interface{ Said() Message }

// NewError returns an error with no cause, e.g. NewError(HostEmpty).
func NewError(c Code, kv ...any) *Error { return &Error{Message: New(c, kv...)} }

// Wrap returns an error caused by err, with Reason(err) as the argument "Err".
func Wrap(err error, c Code, kv ...any) *Error {
	m := New(c, kv...)
	if m.Args == nil {
		m.Args = Args{}
	}
	m.Args["Err"] = Reason(err)
	return &Error{Message: m, Err: err}
}

// Reason is err's Message if it carries one (see Of), else its text.
func Reason(err error) any {
	if err == nil {
		return ""
	}
	if s, ok := err.(sayer); ok {
		return s.Said()
	}
	return err.Error()
}

// Of returns the outermost Message in err's chain: that of an *Error, or
// of any error with a Said() Message method.
func Of(err error) (Message, bool) {
	var s sayer
	if errors.As(err, &s) {
		return s.Said(), true
	}
	return Message{}, false
}

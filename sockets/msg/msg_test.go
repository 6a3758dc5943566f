package msg

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"
)

const (
	testPlain  Code = "testPlain"
	testArgs   Code = "testArgs"
	testPlural Code = "testPlural"
	testNested Code = "testNested"
	testHint   Code = "testHint"
	testBraces Code = "testBraces"
	testWrap   Code = "testWrap"
)

var _ = Define(map[Code]string{
	testPlain:  "closed by peer",
	testArgs:   `invalid port "{Port}" (want a number from {Min} to 65535)`,
	testPlural: "served {Conns} {Conns|connection|connections}; waited {Time}",
	testNested: "{What} ({Hint})",
	testHint:   "nothing is listening on that port",
	testBraces: "{Ref}: {{literal}} stays",
	testWrap:   "open {Path}: {Err}",
})

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		m    Message
		want string
	}{
		{New(testPlain), "closed by peer"},
		{New(testArgs, "Port", "99999", "Min", 1), `invalid port "99999" (want a number from 1 to 65535)`},
		{New(testPlural, "Conns", 1, "Time", 1500*time.Millisecond), "served 1 connection; waited 1.5s"},
		{New(testPlural, "Conns", uint64(0), "Time", time.Second), "served 0 connections; waited 1s"},
		{New(testPlural, "Conns", int64(2), "Time", time.Second), "served 2 connections; waited 1s"},
		{New(testNested, "What", "connection refused", "Hint", New(testHint)), "connection refused (nothing is listening on that port)"},
		{New(testBraces, "Ref", "{{2}}"), "{{2}}: {literal} stays"},
		{New(testArgs, "Port", "x"), `invalid port "x" (want a number from {Min} to 65535)`},
		{New("noSuchCode"), "noSuchCode"},
	} {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.m.Code, tc.m.Args, got, tc.want)
		}
	}
}

func TestNewPanicsOnOddArguments(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New with an argument lacking its value did not panic")
		}
	}()
	New(testArgs, "Port")
}

func TestDefineTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("defining a code twice did not panic")
		}
	}()
	Define(map[Code]string{testPlain: "again"})
}

func TestCodesSortedAndUnique(t *testing.T) {
	c := Codes()
	if !slices.IsSorted(c) {
		t.Errorf("Codes() not sorted: %v", c)
	}
	if len(slices.Compact(slices.Clone(c))) != len(c) {
		t.Errorf("Codes() has duplicates: %v", c)
	}
	for _, want := range []Code{testPlain, testWrap} {
		if !slices.Contains(c, want) {
			t.Errorf("Codes() lacks %s", want)
		}
		if _, ok := English(want); !ok {
			t.Errorf("English(%s) not found", want)
		}
	}
}

func TestFields(t *testing.T) {
	got := Fields("served {Conns} {Conns|a|b}; {{x}} {Time}")
	if want := []string{"Conns", "Time"}; !slices.Equal(got, want) {
		t.Errorf("Fields: %q, want %q", got, want)
	}
}

func TestErrorAndOf(t *testing.T) {
	inner := NewError(testHint)
	e := Wrap(inner, testWrap, "Path", "a.yaml")
	if got, want := e.Error(), "open a.yaml: nothing is listening on that port"; got != want {
		t.Errorf("Error() %q, want %q", got, want)
	}
	if !errors.Is(e, inner) {
		t.Error("errors.Is does not find the cause")
	}
	if nested, ok := e.Args["Err"].(Message); !ok || nested.Code != testHint {
		t.Errorf("Err argument %#v, want the cause's Message", e.Args["Err"])
	}
	plain := Wrap(io.EOF, testWrap, "Path", "b")
	if got := plain.Error(); got != "open b: EOF" || !errors.Is(plain, io.EOF) {
		t.Errorf("wrapping io.EOF: %q", got)
	}
	outer := fmt.Errorf("context: %w", e)
	if m, ok := Of(outer); !ok || m.Code != testWrap {
		t.Errorf("Of through fmt wrapping: %v %v, want %s", m, ok, testWrap)
	}
	if _, ok := Of(io.EOF); ok {
		t.Error("Of found a message in a plain error")
	}
	if r := Reason(outer); r != outer.Error() {
		t.Errorf("Reason of a wrapped error %#v, want its text", r)
	}
}

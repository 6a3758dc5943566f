package payload

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkFuzzSyntaxError checks the promises SyntaxError makes about where it
// points: Char is the text at Pos, or "" exactly at the end of the input.
func checkFuzzSyntaxError(t *testing.T, in string, err error) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: err = %v (%T); want *SyntaxError", in, err, err)
	}
	if se.Pos < 0 || se.Pos > len(in) {
		t.Fatalf("%q: Pos = %d; want 0..%d", in, se.Pos, len(in))
	}
	if se.Char == "" {
		if se.Pos != len(in) {
			t.Fatalf("%q: Char is empty but Pos = %d; want %d (end of input)", in, se.Pos, len(in))
		}
		if !strings.HasSuffix(se.Error(), "(end of input)") {
			t.Fatalf("%q: Error() = %q; want it to mention the end of input", in, se.Error())
		}
	} else if !strings.HasPrefix(in[se.Pos:], se.Char) {
		t.Fatalf("%q: Char = %q is not the text at Pos %d", in, se.Char, se.Pos)
	}
	if se.Msg == "" {
		t.Fatalf("%q: empty Msg", in)
	}
}

// parsedOK checks the failure side of a parser: no bytes, and a
// SyntaxError that points where it says. It reports whether in parsed.
func parsedOK(t *testing.T, parser, in string, b []byte, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	if b != nil {
		t.Fatalf("%s(%q) = %q with error %v; want nil", parser, in, b, err)
	}
	checkFuzzSyntaxError(t, in, err)
	return false
}

// checkRoundTrip checks that parse reads render's text of b back as b;
// what names the pair in failures, e.g. "ParseHex(HexString".
func checkRoundTrip(t *testing.T, what string, b []byte, render func([]byte) string, parse func(string) ([]byte, error)) {
	t.Helper()
	if back, err := parse(render(b)); err != nil || !bytes.Equal(back, b) {
		t.Fatalf("%s(%q)) = %q, %v; want %q", what, b, back, err, b)
	}
}

func FuzzParseEscaped(f *testing.F) {
	for _, s := range []string{
		"", "hello", `a\nb\r\t\0\\\"`, `\x00\xff\xAb`, `\x4`, `\x`, `\`, `\q`,
		`\xg0`, "héllo ✓", "\\\xff", "\\é", `\\\`, "raw\x00\xfe", `GET / HTTP/1.0\r\n\r\n`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseEscaped(s)
		if !parsedOK(t, "ParseEscaped", s, b, err) {
			return
		}
		if !strings.Contains(s, `\`) && string(b) != s {
			t.Fatalf("ParseEscaped(%q) = %q; want the input unchanged (no backslash)", s, b)
		}
		if len(b) > len(s) {
			t.Fatalf("ParseEscaped(%q) = %d bytes; want at most %d", s, len(b), len(s))
		}
		checkRoundTrip(t, "ParseEscaped(RenderText", b, RenderText, ParseEscaped)
	})
}

func FuzzParseHex(f *testing.F) {
	for _, s := range []string{
		"", "48656c6c6f", "48 65 6C", "48:65:6c", "48-65", "0x48, 0x65", "0X4865",
		" \t\n48\r\n", "4", "486", "0x", "0x4", "48g", "480x65", "48\u00a065", "\xff", "é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseHex(s)
		if !parsedOK(t, "ParseHex", s, b, err) {
			return
		}
		if b == nil {
			t.Fatalf("ParseHex(%q) = nil, nil; want a non-nil payload", s)
		}
		if len(b) > len(s)/2 {
			t.Fatalf("ParseHex(%q) = %d bytes; want at most %d", s, len(b), len(s)/2)
		}
		checkRoundTrip(t, "ParseHex(HexString", b, HexString, ParseHex)
	})
}

func FuzzRenderText(f *testing.F) {
	for _, b := range [][]byte{
		nil, []byte("Hello"), []byte("\\n"), []byte("\n\r\t\x00"), {0x00, '1'},
		{0x7f, 0x80, 0xff}, []byte("héllo ✓ 日本 😀"), []byte("\xc3"), []byte("\u00a0\u200b\ufffd"),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := RenderText(b)
		if !utf8.ValidString(r) {
			t.Fatalf("RenderText(%q) = %q; not valid UTF-8", b, r)
		}
		for _, c := range r {
			if !unicode.IsPrint(c) {
				t.Fatalf("RenderText(%q) = %q holds unprintable %U", b, r, c)
			}
		}
		back, err := ParseEscaped(r)
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("ParseEscaped(RenderText(%q)) = %q, %v; want the input", b, back, err)
		}
		h := HexString(b)
		if len(b) > 0 && len(h) != 3*len(b)-1 {
			t.Fatalf("HexString(%d bytes) has length %d; want %d", len(b), len(h), 3*len(b)-1)
		}
		back, err = ParseHex(h)
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("ParseHex(HexString(%q)) = %q, %v; want the input", b, back, err)
		}
		if d := HexDump(b); strings.Count(d, "\n") != (len(b)+15)/16 {
			t.Fatalf("HexDump(%d bytes) has %d lines; want %d", len(b), strings.Count(d, "\n"), (len(b)+15)/16)
		}
	})
}

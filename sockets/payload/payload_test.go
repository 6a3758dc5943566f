package payload

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

// syntaxErr is the error a parser should give: all three fields and the
// rendered message are checked.
type syntaxErr struct {
	pos  int
	char string
	msg  string // the full Error() text
}

func checkSyntaxError(t *testing.T, in string, err error, want syntaxErr) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: err = %v (%T); want *SyntaxError", in, err, err)
	}
	if se.Pos != want.pos || se.Char != want.char {
		t.Errorf("%q: Pos, Char = %d, %q; want %d, %q", in, se.Pos, se.Char, want.pos, want.char)
	}
	if got := se.Error(); got != want.msg {
		t.Errorf("%q: Error() = %q; want %q", in, got, want.msg)
	}
}

func TestParseEscaped(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{"", []byte{}},
		{"hello", []byte("hello")},
		{`a\nb`, []byte("a\nb")},
		{`\r`, []byte{'\r'}},
		{`\t`, []byte{'\t'}},
		{`\0`, []byte{0}},
		{`\01`, []byte{0, '1'}}, // \0 is never an octal prefix
		{`\\`, []byte{'\\'}},
		{`\\n`, []byte{'\\', 'n'}},
		{`\"`, []byte{'"'}},
		{`say "hi"`, []byte(`say "hi"`)},
		{`'`, []byte{'\''}},
		{`\x41`, []byte{0x41}},
		{`\x00\xff\xFF\xaB`, []byte{0x00, 0xff, 0xff, 0xab}},
		{`\x414`, []byte{0x41, '4'}}, // exactly two digits
		{`GET / HTTP/1.0\r\n\r\n`, []byte("GET / HTTP/1.0\r\n\r\n")},
		{"héllo ✓ 日本", []byte("héllo ✓ 日本")},
	}
	for _, tt := range tests {
		got, err := ParseEscaped(tt.in)
		if err != nil {
			t.Errorf("ParseEscaped(%q): %v", tt.in, err)
			continue
		}
		if !bytes.Equal(got, tt.want) || got == nil {
			t.Errorf("ParseEscaped(%q) = %#v; want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseEscapedRaw(t *testing.T) {
	// Control characters and invalid UTF-8 typed or pasted as is pass through.
	in := "a\x01\n\xff\xfeb"
	got, err := ParseEscaped(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(in)) {
		t.Errorf("ParseEscaped(%q) = %q; want the same bytes", in, got)
	}
}

func TestParseEscapedErrors(t *testing.T) {
	tests := []struct {
		in   string
		want syntaxErr
	}{
		{`abc\q`, syntaxErr{3, `\q`, `unknown escape "\q" at position 3`}},
		{`\a`, syntaxErr{0, `\a`, `unknown escape "\a" at position 0`}},
		{`\'`, syntaxErr{0, `\'`, `unknown escape "\'" at position 0`}},
		{`\N`, syntaxErr{0, `\N`, `unknown escape "\N" at position 0`}},
		{`\X41`, syntaxErr{0, `\X`, `unknown escape "\X" at position 0`}},
		{`\1`, syntaxErr{0, `\1`, `unknown escape "\1" at position 0`}},
		{`\ `, syntaxErr{0, `\ `, `unknown escape "\ " at position 0`}},
		{"é\\é", syntaxErr{2, "\\é", `unknown escape "\é" at position 2`}},
		{"\\\t", syntaxErr{0, "\\\t", `unknown escape "\\\t" at position 0`}},
		{"\\\xff", syntaxErr{0, "\\\xff", `unknown escape "\\\xff" at position 0`}},
		{`abc\`, syntaxErr{4, "", `incomplete escape "\" at position 4 (end of input)`}},
		{`\\\`, syntaxErr{3, "", `incomplete escape "\" at position 3 (end of input)`}},
		{`ab\x`, syntaxErr{4, "", `incomplete escape "\x" at position 4 (end of input)`}},
		{`abcd\x4`, syntaxErr{7, "", `incomplete escape "\x4" at position 7 (end of input)`}},
		{`\xg1`, syntaxErr{2, "g", `invalid hex digit in \x escape "g" at position 2`}},
		{`\x4g`, syntaxErr{3, "g", `invalid hex digit in \x escape "g" at position 3`}},
		{`\x4 `, syntaxErr{3, " ", `invalid hex digit in \x escape " " at position 3`}},
		{`\x"1`, syntaxErr{2, `"`, `invalid hex digit in \x escape "\"" at position 2`}},
		{"\\x4é", syntaxErr{3, "é", `invalid hex digit in \x escape "é" at position 3`}},
		{"\\x\n0", syntaxErr{2, "\n", `invalid hex digit in \x escape "\n" at position 2`}},
		{`ok\n\z\q`, syntaxErr{4, `\z`, `unknown escape "\z" at position 4`}}, // the first error wins
	}
	for _, tt := range tests {
		got, err := ParseEscaped(tt.in)
		if got != nil {
			t.Errorf("ParseEscaped(%q) = %q with error; want nil", tt.in, got)
		}
		checkSyntaxError(t, tt.in, err, tt.want)
	}
}

func TestParseHex(t *testing.T) {
	hello := []byte("Hello")
	tests := []struct {
		in   string
		want []byte
	}{
		{"", []byte{}},
		{" \t\n", []byte{}},
		{":,-", []byte{}},
		{"48656c6c6f", hello},
		{"48656C6C6F", hello},
		{"48 65 6c 6c 6f", hello},
		{"  48  65\t6c\n6c\r\n6f  ", hello},
		{"48:65:6C:6c:6f", hello},
		{"48-65-6c-6c-6f", hello},
		{"48,65,6c,6c,6f", hello},
		{"0x48, 0x65, 0x6c, 0x6c, 0x6f", hello},
		{"0x48 0x65 0x6c 0x6c 0x6f", hello},
		{"0X48 0X65 0x6C 0x6c 0x6F", hello},
		{"0x48656c 6c6f", hello},
		{"0x48656c6c6f", hello},
		{"4865 6c6c6f", hello},
		{"48\u00a065\u30006c6c6f", hello}, // no-break and ideographic spaces from a paste
		{"00 ff FF 7f 80", []byte{0x00, 0xff, 0xff, 0x7f, 0x80}},
		{"0x00", []byte{0}},
	}
	for _, tt := range tests {
		got, err := ParseHex(tt.in)
		if err != nil {
			t.Errorf("ParseHex(%q): %v", tt.in, err)
			continue
		}
		if !bytes.Equal(got, tt.want) || got == nil {
			t.Errorf("ParseHex(%q) = %#v; want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseHexErrors(t *testing.T) {
	tests := []struct {
		in   string
		want syntaxErr
	}{
		{"4", syntaxErr{0, "4", `odd number of hex digits, unpaired digit "4" at position 0`}},
		{"486", syntaxErr{2, "6", `odd number of hex digits, unpaired digit "6" at position 2`}},
		{"48 656", syntaxErr{5, "6", `odd number of hex digits, unpaired digit "6" at position 5`}},
		{"4 8", syntaxErr{0, "4", `odd number of hex digits, unpaired digit "4" at position 0`}},
		{"48:6:5", syntaxErr{3, "6", `odd number of hex digits, unpaired digit "6" at position 3`}},
		{"0x486 65", syntaxErr{4, "6", `odd number of hex digits, unpaired digit "6" at position 4`}},
		{"0x4", syntaxErr{2, "4", `odd number of hex digits, unpaired digit "4" at position 2`}},
		{"4865g", syntaxErr{4, "g", `invalid hex digit "g" at position 4`}},
		{"48 6g", syntaxErr{4, "g", `invalid hex digit "g" at position 4`}},
		{"48 g6", syntaxErr{3, "g", `invalid hex digit "g" at position 3`}},
		{"48 65 zz", syntaxErr{6, "z", `invalid hex digit "z" at position 6`}},
		{"48;65", syntaxErr{2, ";", `invalid hex digit ";" at position 2`}},
		{"48.65", syntaxErr{2, ".", `invalid hex digit "." at position 2`}},
		{`48\x65`, syntaxErr{2, `\`, `invalid hex digit "\" at position 2`}},
		{`"48"`, syntaxErr{0, `"`, `invalid hex digit "\"" at position 0`}},
		{"480x65", syntaxErr{3, "x", `invalid hex digit "x" at position 3`}},
		{"0x0x48", syntaxErr{3, "x", `invalid hex digit "x" at position 3`}},
		{"x48", syntaxErr{0, "x", `invalid hex digit "x" at position 0`}},
		{"48 é", syntaxErr{3, "é", `invalid hex digit "é" at position 3`}},
		{"48 4é", syntaxErr{4, "é", `invalid hex digit "é" at position 4`}},
		{"48\x01", syntaxErr{2, "\x01", `invalid hex digit "\x01" at position 2`}},
		{"48 \xff", syntaxErr{3, "\xff", `invalid hex digit "\xff" at position 3`}},
		{"48\u200b65", syntaxErr{2, "\u200b", `invalid hex digit "\u200b" at position 2`}},
		{"0x", syntaxErr{0, "0x", `hex prefix without digits "0x" at position 0`}},
		{"48 0X 65", syntaxErr{3, "0X", `hex prefix without digits "0X" at position 3`}},
		{"0x,48", syntaxErr{0, "0x", `hex prefix without digits "0x" at position 0`}},
	}
	for _, tt := range tests {
		got, err := ParseHex(tt.in)
		if got != nil {
			t.Errorf("ParseHex(%q) = %q with error; want nil", tt.in, got)
		}
		checkSyntaxError(t, tt.in, err, tt.want)
	}
}

func TestParsePayload(t *testing.T) {
	tests := []struct {
		in   string
		f    Format
		eol  LineEnding
		want string
	}{
		{`hi\t`, FormatText, EOLNone, "hi\t"},
		{`hi\t`, FormatText, EOLLF, "hi\t\n"},
		{`hi\t`, FormatText, EOLCR, "hi\t\r"},
		{`hi\t`, FormatText, EOLCRLF, "hi\t\r\n"},
		{`hi\t`, FormatPlain, EOLNone, `hi\t`},
		{`hi\t`, FormatPlain, EOLCRLF, "hi\\t\r\n"},
		{`\q`, FormatPlain, EOLLF, "\\q\n"},
		{"48 69", FormatHex, EOLNone, "Hi"},
		{"48 69", FormatHex, EOLLF, "Hi\n"},
		{"0x48:0x69", FormatHex, EOLCRLF, "Hi\r\n"},
		{"", FormatText, EOLNone, ""},
		{"", FormatText, EOLCRLF, "\r\n"},
		{"", FormatPlain, EOLCR, "\r"},
		{"", FormatHex, EOLLF, "\n"},
		{"日本", FormatPlain, EOLNone, "日本"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.f, tt.eol)
		if err != nil {
			t.Errorf("Parse(%q, %v, %v): %v", tt.in, tt.f, tt.eol, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("Parse(%q, %v, %v) = %q; want %q", tt.in, tt.f, tt.eol, got, tt.want)
		}
	}
}

func TestParsePayloadErrors(t *testing.T) {
	tests := []struct {
		in   string
		f    Format
		eol  LineEnding
		want string
	}{
		{`ab\q`, FormatText, EOLLF, `unknown escape "\q" at position 2`},
		{"48 6", FormatHex, EOLCRLF, `odd number of hex digits, unpaired digit "6" at position 3`},
		{"hi", Format(7), EOLNone, "unknown payload format 7"},
		{"hi", FormatPlain, LineEnding(-1), "unknown line ending -1"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.f, tt.eol)
		if err == nil || err.Error() != tt.want || got != nil {
			t.Errorf("Parse(%q, %v, %v) = %q, %v; want nil, %q", tt.in, tt.f, tt.eol, got, err, tt.want)
		}
	}
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte("Hello, world!"), "Hello, world!"},
		{[]byte(` !"#$%&'()*+,-./09:;<=>?@AZ[]^_` + "`az{|}~"), ` !"#$%&'()*+,-./09:;<=>?@AZ[]^_` + "`az{|}~"},
		{[]byte(`a\b`), `a\\b`},
		{[]byte(`\n`), `\\n`},
		{[]byte("\n\r\t\x00"), `\n\r\t\0`},
		{[]byte("GET /\r\n"), `GET /\r\n`},
		{[]byte{0x00, '1'}, `\01`},
		{[]byte{0x01, 0x1b, 0x7f}, `\x01\x1b\x7f`},
		{[]byte{0x80, 0xff, 0xfe}, `\x80\xff\xfe`},
		{[]byte("héllo ✓ 日本 😀"), "héllo ✓ 日本 😀"},
		{[]byte("\xc3"), `\xc3`},                 // truncated é
		{[]byte("\xc3A"), `\xc3A`},               // é's first byte then ASCII
		{[]byte("\xed\xa0\x80"), `\xed\xa0\x80`}, // a UTF-16 surrogate is not UTF-8
		{[]byte("\u00a0"), `\xc2\xa0`},           // no-break space: invisible
		{[]byte("\u200b"), `\xe2\x80\x8b`},       // zero-width space
		{[]byte("\u0085"), `\xc2\x85`},           // C1 control
		{[]byte("\ufffd"), `\xef\xbf\xbd`},       // looks like a decoding failure, so shown as bytes
	}
	for _, tt := range tests {
		got := RenderText(tt.in)
		if got != tt.want {
			t.Errorf("RenderText(%q) = %q; want %q", tt.in, got, tt.want)
		}
		back, err := ParseEscaped(got)
		if err != nil || !bytes.Equal(back, tt.in) {
			t.Errorf("ParseEscaped(RenderText(%q)) = %q, %v; want the input", tt.in, back, err)
		}
	}
}

func TestRenderTextAllBytes(t *testing.T) {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	got := RenderText(b)
	back, err := ParseEscaped(got)
	if err != nil || !bytes.Equal(back, b) {
		t.Fatalf("ParseEscaped(RenderText(0..255)) = %q, %v; want 0..255", back, err)
	}
	for _, r := range got {
		if r < ' ' || r > '~' {
			t.Fatalf("RenderText(0..255) = %q holds %q; want printable ASCII only", got, r)
		}
	}
}

func TestHexString(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte{}, ""},
		{[]byte{0}, "00"},
		{[]byte("Hello"), "48 65 6c 6c 6f"},
		{[]byte{0x0a, 0xff, 0xAB, 0x10}, "0a ff ab 10"},
	}
	for _, tt := range tests {
		got := HexString(tt.in)
		if got != tt.want {
			t.Errorf("HexString(%q) = %q; want %q", tt.in, got, tt.want)
		}
		back, err := ParseHex(got)
		if err != nil || !bytes.Equal(back, tt.in) {
			t.Errorf("ParseHex(HexString(%q)) = %q, %v; want the input", tt.in, back, err)
		}
	}
}

func TestHexDump(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte("Hello"), "00000000  48 65 6c 6c 6f                                    |Hello|\n"},
		{[]byte("0123456789abcdef"), "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"},
		{
			[]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n\x00\xff"),
			"00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  |GET / HTTP/1.1..|\n" +
				"00000010  48 6f 73 74 3a 20 78 0d  0a 0d 0a 00 ff           |Host: x......|\n",
		},
	}
	for _, tt := range tests {
		if got := HexDump(tt.in); got != tt.want {
			t.Errorf("HexDump(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"text", FormatText},
		{"TEXT", FormatText},
		{"escaped", FormatText},
		{"Escaped", FormatText},
		{"plain", FormatPlain},
		{" Plain ", FormatPlain},
		{"hex", FormatHex},
		{"HEX", FormatHex},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "binary", "hexadecimal", "tex"} {
		_, err := ParseFormat(in)
		want := `unknown payload format "` + in + `" (want text, plain or hex)`
		if err == nil || err.Error() != want {
			t.Errorf("ParseFormat(%q) error = %v; want %q", in, err, want)
		}
	}
}

func TestParseLineEnding(t *testing.T) {
	tests := []struct {
		in   string
		want LineEnding
	}{
		{"", EOLNone},
		{"none", EOLNone},
		{"NONE", EOLNone},
		{"lf", EOLLF},
		{"LF", EOLLF},
		{"cr", EOLCR},
		{"Cr", EOLCR},
		{"crlf", EOLCRLF},
		{" CRLF ", EOLCRLF},
	}
	for _, tt := range tests {
		got, err := ParseLineEnding(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseLineEnding(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []struct{ in, want string }{
		{"lfcr", `unknown line ending "lfcr" (want none, lf, cr or crlf)`},
		{"crl", `unknown line ending "crl" (want none, lf, cr or crlf)`},
		{"newline", `unknown line ending "newline" (want none, lf, cr or crlf)`},
		{`\n`, `unknown line ending "\\n" (want none, lf, cr or crlf)`},
	}
	for _, tt := range bad {
		_, err := ParseLineEnding(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseLineEnding(%q) error = %v; want %q", tt.in, err, tt.want)
		}
	}
}

func TestCodecNames(t *testing.T) {
	formats := map[Format]string{FormatText: "text", FormatPlain: "plain", FormatHex: "hex", Format(3): "Format(3)", Format(-1): "Format(-1)"}
	for f, want := range formats {
		if got := f.String(); got != want {
			t.Errorf("Format(%d).String() = %q; want %q", int(f), got, want)
		}
	}
	eols := map[LineEnding]string{EOLNone: "none", EOLLF: "lf", EOLCR: "cr", EOLCRLF: "crlf", LineEnding(4): "LineEnding(4)"}
	for e, want := range eols {
		if got := e.String(); got != want {
			t.Errorf("LineEnding(%d).String() = %q; want %q", int(e), got, want)
		}
	}
	// Every name String gives is one the matching parser reads back.
	for f := FormatText; f <= FormatHex; f++ {
		if got, err := ParseFormat(f.String()); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", f.String(), got, err, f)
		}
	}
	for e := EOLNone; e <= EOLCRLF; e++ {
		if got, err := ParseLineEnding(e.String()); err != nil || got != e {
			t.Errorf("ParseLineEnding(%q) = %v, %v; want %v", e.String(), got, err, e)
		}
	}
}

func TestCodecTextVar(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f Format
	var e LineEnding
	fs.TextVar(&f, "format", FormatText, "payload format")
	fs.TextVar(&e, "eol", EOLNone, "line ending")
	if err := fs.Parse([]string{"-format", "HEX", "-eol", "crlf"}); err != nil {
		t.Fatal(err)
	}
	if f != FormatHex || e != EOLCRLF {
		t.Errorf("parsed -format HEX -eol crlf as %v, %v; want hex, crlf", f, e)
	}
	err := fs.Parse([]string{"-format", "bin"})
	if err == nil || !strings.Contains(err.Error(), `unknown payload format "bin"`) {
		t.Errorf("-format bin: err = %v; want unknown payload format", err)
	}
	if _, err := Format(9).MarshalText(); err == nil {
		t.Error("Format(9).MarshalText() succeeded; want error")
	}
	if _, err := LineEnding(9).MarshalText(); err == nil {
		t.Error("LineEnding(9).MarshalText() succeeded; want error")
	}
	if b, err := EOLCR.MarshalText(); err != nil || string(b) != "cr" {
		t.Errorf("EOLCR.MarshalText() = %q, %v; want cr", b, err)
	}
}

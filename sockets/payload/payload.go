// Package payload reads what a person types as bytes to send (text with
// escapes, plain text or hex, plus a line ending) and shows bytes back as
// printable text, hex pairs or a hex dump. It imports nothing of the engine.
package payload

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/internal/enum"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Format is how a typed payload is read by Parse.
type Format int

// Payload formats.
const (
	FormatText  Format = iota // text with escapes: \n \r \t \0 \\ \" \xHH (see ParseEscaped)
	FormatPlain               // text taken literally, byte for byte
	FormatHex                 // hex digits; whitespace, colons, commas, dashes and 0x prefixes tolerated (see ParseHex)
)

var formatEnum = enum.Names[Format]{Type: "Format", What: "payload format",
	Names: []string{FormatText: "text", FormatPlain: "plain", FormatHex: "hex"}, Aliases: map[string]Format{"escaped": FormatText}}

// String returns "text", "plain" or "hex", the names ParseFormat accepts.
func (f Format) String() string { return formatEnum.Name(f) }

// Formats returns every format, in order.
func Formats() []Format { return formatEnum.Values() }

// ParseFormat reads a format name, ignoring case and surrounding spaces:
// "text" (or its alias "escaped"), "plain" or "hex".
func ParseFormat(s string) (Format, error) { return formatEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so a Format can back a
// flag.TextVar or a config field.
func (f Format) MarshalText() ([]byte, error) { return formatEnum.Marshal(f) }

// UnmarshalText implements encoding.TextUnmarshaler using ParseFormat.
func (f *Format) UnmarshalText(text []byte) error { return formatEnum.Unmarshal(text, f) }

// LineEnding is appended by Parse after the parsed payload.
type LineEnding int

// Line endings.
const (
	EOLNone LineEnding = iota // nothing appended
	EOLLF                     // "\n"
	EOLCR                     // "\r"
	EOLCRLF                   // "\r\n"
)

var lineEndingEnum = enum.Names[LineEnding]{Type: "LineEnding", What: "line ending",
	Names: []string{EOLNone: "none", EOLLF: "lf", EOLCR: "cr", EOLCRLF: "crlf"}, Aliases: map[string]LineEnding{"": EOLNone}}

var lineEndingBytes = [...]string{EOLNone: "", EOLLF: "\n", EOLCR: "\r", EOLCRLF: "\r\n"}

// String returns "none", "lf", "cr" or "crlf", the names ParseLineEnding
// accepts.
func (e LineEnding) String() string { return lineEndingEnum.Name(e) }

// LineEndings returns every line ending, in order.
func LineEndings() []LineEnding { return lineEndingEnum.Values() }

// ParseLineEnding reads a line ending name, ignoring case and surrounding
// spaces: "none" (or ""), "lf", "cr" or "crlf".
func ParseLineEnding(s string) (LineEnding, error) { return lineEndingEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so a LineEnding can back a
// flag.TextVar or a config field.
func (e LineEnding) MarshalText() ([]byte, error) { return lineEndingEnum.Marshal(e) }

// UnmarshalText implements encoding.TextUnmarshaler using ParseLineEnding.
func (e *LineEnding) UnmarshalText(text []byte) error { return lineEndingEnum.Unmarshal(text, e) }

// SyntaxError reports typed payload text that cannot be parsed. Positions are
// 0-based byte offsets into the input, and Error says "position N" with that
// same number; for text with multi-byte UTF-8 characters the byte offset is
// larger than the character count.
type SyntaxError struct {
	// Pos is the 0-based byte offset in the input where Char starts, or
	// len(input) when the input ended too early.
	Pos int
	// Char is the offending text found at Pos: one character (a whole UTF-8
	// character, or a single byte if the input is not valid UTF-8), or the
	// whole sequence for an unknown escape such as `\q`. It is "" when the
	// input ended too early.
	Char string
	// Msg describes the problem, e.g. "invalid hex digit".
	Msg string
	// Problem is Msg as a code and arguments.
	Problem msg.Message
}

// Codes of the problems a SyntaxError names.
const (
	codeEscapeIncomplete msg.Code = "escapeIncomplete"
	codeEscapeUnknown    msg.Code = "escapeUnknown"
	codeEscapeHexDigit   msg.Code = "escapeHexDigit"
	codeHexPrefix        msg.Code = "hexPrefix"
	codeHexOdd           msg.Code = "hexOdd"
	codeHexDigit         msg.Code = "hexDigit"
)

var _ = msg.Define(map[msg.Code]string{
	codeEscapeIncomplete: "incomplete escape {Text}",
	codeEscapeUnknown:    "unknown escape",
	codeEscapeHexDigit:   `invalid hex digit in \x escape`,
	codeHexPrefix:        "hex prefix without digits",
	codeHexOdd:           "odd number of hex digits, unpaired digit",
	codeHexDigit:         "invalid hex digit",
})

// syntaxError is a *SyntaxError at pos, about char, saying problem.
func syntaxError(pos int, char string, problem msg.Message) *SyntaxError {
	return &SyntaxError{Pos: pos, Char: char, Msg: problem.String(), Problem: problem}
}

// Error renders the problem, the offending character and its position, e.g.
//
//	invalid hex digit "g" at position 5
//	unknown escape "\q" at position 3
//	incomplete escape "\x4" at position 7 (end of input)
//
// Char is shown between double quotes as typed when it is printable, and in
// Go quoted syntax (e.g. "\x01") when it is not.
func (e *SyntaxError) Error() string {
	if e.Char == "" {
		return e.Msg + " at position " + strconv.Itoa(e.Pos) + " (end of input)"
	}
	return e.Msg + " " + quoteChar(e.Char) + " at position " + strconv.Itoa(e.Pos)
}

// quoteChar wraps s in double quotes, using Go escapes only when s holds
// something a reader could not see or tell apart (control characters, odd
// spaces, invalid UTF-8, a double quote). Backslashes stay as typed so an
// unknown escape reads "\q", not "\\q".
func quoteChar(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || r == '"' || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return `"` + s + `"`
}

// Parse parses s in format f, then appends the line ending eol. Parse
// errors are *SyntaxError values with positions into s.
func Parse(s string, f Format, eol LineEnding) ([]byte, error) {
	if eol < 0 || int(eol) >= len(lineEndingBytes) {
		return nil, fmt.Errorf("unknown line ending %d", int(eol))
	}
	var b []byte
	switch f {
	case FormatText:
		var err error
		if b, err = ParseEscaped(s); err != nil {
			return nil, err
		}
	case FormatPlain:
		b = []byte(s)
	case FormatHex:
		var err error
		if b, err = ParseHex(s); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown payload format %d", int(f))
	}
	return append(b, lineEndingBytes[eol]...), nil
}

// ParseEscaped turns text with backslash escapes into bytes. The escapes are
//
//	\n  line feed (0x0a)     \r  carriage return (0x0d)
//	\t  tab (0x09)           \0  NUL (0x00), never an octal prefix
//	\\  backslash            \"  double quote
//	\xHH  the byte 0xHH, exactly two hex digits of either case
//
// Everything else, including non-ASCII UTF-8 text, passes through as its
// bytes. An unknown escape, a bad or missing \x digit, or a trailing lone
// backslash gives a *SyntaxError.
func ParseEscaped(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 == len(s) {
			return nil, syntaxError(len(s), "", msg.New(codeEscapeIncomplete, "Text", `"\"`))
		}
		switch s[i+1] {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case '0':
			out = append(out, 0)
		case '\\':
			out = append(out, '\\')
		case '"':
			out = append(out, '"')
		case 'x':
			v, err := parseEscapedHexByte(s, i)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			i += 2 // the two digits; the loop and the i++ below skip "\x"
		default:
			_, size := utf8.DecodeRuneInString(s[i+1:])
			return nil, syntaxError(i, s[i:i+1+size], msg.New(codeEscapeUnknown))
		}
		i++
	}
	return out, nil
}

// parseEscapedHexByte reads the two digits of the \x escape whose backslash
// is at s[i].
func parseEscapedHexByte(s string, i int) (byte, error) {
	var v byte
	for j := i + 2; j < i+4; j++ {
		if j >= len(s) {
			return 0, syntaxError(len(s), "", msg.New(codeEscapeIncomplete, "Text", quoteChar(s[i:])))
		}
		d, ok := unhex(s[j])
		if !ok {
			_, size := utf8.DecodeRuneInString(s[j:])
			return 0, syntaxError(j, s[j:j+size], msg.New(codeEscapeHexDigit))
		}
		v = v<<4 | d
	}
	return v, nil
}

// ParseHex turns hex digits into bytes. Each byte is two digits of either
// case. Groups of digits may be separated by whitespace (any Unicode space,
// including tabs and newlines), colons, commas or dashes, and each group may
// start with a 0x or 0X prefix, so "48 65", "48:65", "48-65", "0x48, 0x65",
// "0x4865" and "4865" all give "He". Separators alone, or empty input, give
// an empty payload. A character that is neither a digit nor a separator, a
// group with an odd number of digits, or a 0x with no digits after it gives
// a *SyntaxError.
func ParseHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	i := 0
	for i < len(s) {
		if size := hexSeparatorAt(s, i); size > 0 {
			i += size
			continue
		}
		// A group starts here.
		if strings.HasPrefix(s[i:], "0x") || strings.HasPrefix(s[i:], "0X") {
			if i+2 == len(s) || hexSeparatorAt(s, i+2) > 0 {
				return nil, syntaxError(i, s[i:i+2], msg.New(codeHexPrefix))
			}
			i += 2
		}
		for i < len(s) && hexSeparatorAt(s, i) == 0 {
			hi, ok := unhex(s[i])
			if !ok {
				return nil, invalidHexDigit(s, i)
			}
			if i+1 == len(s) || hexSeparatorAt(s, i+1) > 0 {
				return nil, syntaxError(i, s[i:i+1], msg.New(codeHexOdd))
			}
			lo, ok := unhex(s[i+1])
			if !ok {
				return nil, invalidHexDigit(s, i+1)
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
	}
	return out, nil
}

func invalidHexDigit(s string, i int) error {
	_, size := utf8.DecodeRuneInString(s[i:])
	return syntaxError(i, s[i:i+size], msg.New(codeHexDigit))
}

// hexSeparatorAt returns the byte length of the separator starting at s[i],
// or 0 if there is none.
func hexSeparatorAt(s string, i int) int {
	switch c := s[i]; {
	case c == ':' || c == ',' || c == '-':
		return 1
	case c < utf8.RuneSelf:
		if unicode.IsSpace(rune(c)) {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r != utf8.RuneError && unicode.IsSpace(r) {
		return size
	}
	return 0
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// RenderText shows bytes as printable text in the escape syntax of
// ParseEscaped, without surrounding quotes: printable ASCII as is except the
// backslash (shown as \\); \n \r \t \0 for those bytes; printable non-ASCII
// UTF-8 characters as is; every other byte (other control bytes, DEL,
// invalid UTF-8, invisible or unprintable characters and U+FFFD) as \xHH in
// lowercase. ParseEscaped(RenderText(b)) always gives back b.
func RenderText(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\\':
			sb.WriteString(`\\`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == 0:
			sb.WriteString(`\0`)
		case ' ' <= c && c <= '~':
			sb.WriteByte(c)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			if r != utf8.RuneError && unicode.IsPrint(r) {
				sb.Write(b[i : i+size])
				i += size
				continue
			}
			sb.WriteString(`\x`)
			sb.WriteByte(digits[c>>4])
			sb.WriteByte(digits[c&0x0f])
		default:
			sb.WriteString(`\x`)
			sb.WriteByte(digits[c>>4])
			sb.WriteByte(digits[c&0x0f])
		}
		i++
	}
	return sb.String()
}

// HexDump shows bytes as a multi-line hex dump in the format of
// encoding/hex.Dump: an 8-digit hex offset, 16 bytes in lowercase hex split
// into two groups of 8, and an ASCII column with '.' for non-printable bytes,
// each line ending in "\n":
//
//	00000000  48 65 6c 6c 6f                                    |Hello|
//
// Empty input gives "".
func HexDump(b []byte) string { return hex.Dump(b) }

// HexString shows bytes as lowercase hex pairs separated by single spaces,
// e.g. "48 65 6c 6c 6f"; empty input gives "". ParseHex(HexString(b)) always
// gives back b.
func HexString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 3*len(b)-1)
	for i, c := range b {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, digits[c>>4], digits[c&0x0f])
	}
	return string(out)
}

// QuoteText renders bytes as escaped text (RenderText) with double quotes
// escaped too, for showing between quotes.
func QuoteText(p []byte) string {
	return strings.ReplaceAll(RenderText(p), `"`, `\"`)
}

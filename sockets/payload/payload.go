// Package payload reads typed payloads (escaped text, plain text or hex) as
// bytes and shows bytes back as text, hex pairs or a hex dump.
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

// ParseFormat reads "text" (alias "escaped"), "plain" or "hex", ignoring case
// and surrounding spaces.
func ParseFormat(s string) (Format, error) { return formatEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (f Format) MarshalText() ([]byte, error) { return formatEnum.Marshal(f) }

// UnmarshalText implements encoding.TextUnmarshaler.
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

// String returns "none", "lf", "cr" or "crlf".
func (e LineEnding) String() string { return lineEndingEnum.Name(e) }

// LineEndings returns every line ending, in order.
func LineEndings() []LineEnding { return lineEndingEnum.Values() }

// ParseLineEnding reads "none" (or ""), "lf", "cr" or "crlf", ignoring case
// and surrounding spaces.
func ParseLineEnding(s string) (LineEnding, error) { return lineEndingEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (e LineEnding) MarshalText() ([]byte, error) { return lineEndingEnum.Marshal(e) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *LineEnding) UnmarshalText(text []byte) error { return lineEndingEnum.Unmarshal(text, e) }

// SyntaxError reports typed payload text that cannot be parsed. Positions are
// 0-based byte offsets, not character counts.
type SyntaxError struct {
	Pos     int    // len(input) when the input ended too early
	Char    string // the offending character or escape; "" at end of input
	Msg     string
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

func syntaxError(pos int, char string, problem msg.Message) *SyntaxError {
	return &SyntaxError{Pos: pos, Char: char, Msg: problem.String(), Problem: problem}
}

// Error says the problem, the offending character and its position, e.g.
// `invalid hex digit "g" at position 5`.
func (e *SyntaxError) Error() string {
	if e.Char == "" {
		return e.Msg + " at position " + strconv.Itoa(e.Pos) + " (end of input)"
	}
	return e.Msg + " " + quoteChar(e.Char) + " at position " + strconv.Itoa(e.Pos)
}

// quoteChar uses Go escapes only for what a reader could not see or tell apart;
// backslashes stay as typed so an unknown escape reads "\q", not "\\q".
func quoteChar(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || r == '"' || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return `"` + s + `"`
}

// Parse parses s in format f and appends eol. Errors are *SyntaxError.
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

// ParseEscaped turns text with backslash escapes into bytes:
// \n \r \t, \0 (NUL, never an octal prefix), \\, \" and \xHH (two hex digits).
// Other text, including UTF-8, passes through. Errors are *SyntaxError.
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

// ParseHex turns hex digits into bytes, two digits a byte. Groups may be
// separated by whitespace, colons, commas or dashes and may start with 0x, so
// "48 65", "48:65" and "0x4865" all give "He". Errors are *SyntaxError.
func ParseHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	i := 0
	for i < len(s) {
		if size := hexSeparatorAt(s, i); size > 0 {
			i += size
			continue
		}
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

// RenderText shows bytes in the escape syntax of ParseEscaped, without quotes;
// unprintable bytes and invalid UTF-8 become \xHH. ParseEscaped(RenderText(b))
// always gives back b.
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

// HexDump shows bytes as a hex dump in the format of encoding/hex.Dump.
func HexDump(b []byte) string { return hex.Dump(b) }

// HexString shows bytes as lowercase hex pairs separated by spaces, e.g.
// "48 65 6c"; ParseHex(HexString(b)) always gives back b.
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

// QuoteText is RenderText with double quotes escaped, for showing between
// quotes.
func QuoteText(p []byte) string {
	return strings.ReplaceAll(RenderText(p), `"`, `\"`)
}

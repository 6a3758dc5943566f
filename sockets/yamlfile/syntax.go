package yamlfile

import (
	"regexp"
	"strconv"
	"strings"

	sockmsg "github.com/sockettester/sockettester/sockets/msg"
)

// The YAML parser reports a syntax error with a line number that is
// sometimes the line after the mistake (or none at all for the first
// line), and never a column. syntaxError finds the line again by parsing
// ever longer beginnings of the file until one fails the same way, then
// points at the character on that line that the message is about.

// maxLocateLines bounds that search: each step parses the file so far.
const maxLocateLines = 2000

var yamlLinePrefix = regexp.MustCompile(`^line (\d+): `)

// syntaxError turns the YAML parser's error into a placed *Error.
func (s *Source) syntaxError(src []byte, err error) *Error {
	msg := problem(err)
	line := 1
	if m := yamlLinePrefix.FindStringSubmatch(strings.TrimPrefix(err.Error(), "yaml: ")); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	if len(s.lines) <= maxLocateLines {
		end := 0
		for k := 1; k <= len(s.lines); k++ {
			end += len(s.lines[k-1]) + 1
			if _, perr := decodeAll(src[:min(end, len(src))]); perr != nil && problem(perr) == msg {
				line = k
				break
			}
		}
	}
	line = min(max(line, 1), max(len(s.lines), 1))
	text := s.line(line)
	problem := sockmsg.New(codeSyntax, "Why", msg)
	return &Error{File: s.File, Line: line, Column: column(text, offending(text, msg)), Msg: problem.String(), Problem: problem}
}

// problem is the parser's message without "yaml: " and "line N: ".
func problem(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return yamlLinePrefix.ReplaceAllString(msg, "")
}

// yamlEscapes are the characters that may follow a backslash in a
// double-quoted YAML string.
const yamlEscapes = "0abtnvfre \"/\\N_LPxuU\t"

// offending returns the byte offset in line of the character msg is about,
// or of the line's first non-blank character when it cannot be told.
func offending(line, msg string) int {
	first := len(line) - len(strings.TrimLeft(line, " \t"))
	indent := len(line) - len(strings.TrimLeft(line, " "))
	switch {
	case strings.Contains(msg, "unknown escape"):
		for i := 0; i+1 < len(line); i++ {
			if line[i] == '\\' {
				if !strings.ContainsRune(yamlEscapes, rune(line[i+1])) {
					return i
				}
				i++
			}
		}
	case strings.Contains(msg, "hexdecimal number"):
		if i := strings.Index(line, `\x`); i >= 0 {
			return i
		}
	case strings.Contains(msg, "',' or ']'"), strings.Contains(msg, "',' or '}'"):
		// The list or mapping that is never closed opens on this line.
		if i := strings.LastIndexAny(line, "[{"); i >= 0 {
			return i
		}
	case strings.Contains(msg, "tab"):
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			return i
		}
	case strings.Contains(msg, "cannot start any token"):
		if i := strings.IndexAny(line[indent:], "@`\t"); i >= 0 {
			return indent + i
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		// The second "key:" on the line is the one that is not allowed.
		if i := mappingColon(line, first); i >= 0 {
			if j := mappingColon(line, i+1); j >= 0 {
				return j
			}
		}
	}
	return first
}

// mappingColon returns the offset of the first ':' at or after from that
// ends a key (followed by a space or the end of the line), or -1.
func mappingColon(line string, from int) int {
	for i := from; i < len(line); i++ {
		if line[i] == ':' && (i+1 == len(line) || line[i+1] == ' ') {
			return i
		}
	}
	return -1
}

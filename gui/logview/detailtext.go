package logview

import (
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets/payload"
)

// detailTextWidth is the most characters a line of the detail's Text
// section holds: Fyne wraps a label's long line by measuring it again
// character by character, and a captured KiB rendered as one line of
// escapes kept the window busy for seconds before the detail showed.
const detailTextWidth = 64

// detailMaxBytes is how many captured bytes the detail shows: a label of
// a 16 KiB capture's thousand lines of hex took the window seconds to lay
// out. A save or Copy has them all.
const detailMaxBytes = 4 << 10

// detailData returns the captured bytes the detail shows, and how many
// more there are.
func detailData(data []byte) (shown []byte, more int) {
	if len(data) <= detailMaxBytes {
		return data, 0
	}
	return data[:detailMaxBytes], len(data) - detailMaxBytes
}

// detailTextLines renders data as the detail's Text section does: in the
// escape syntax, a line after each newline and after detailTextWidth
// characters, never inside an escape or a character. Joined, the lines
// are payload.RenderText(data).
func detailTextLines(data []byte) []string {
	var lines []string
	line, width := "", 0
	for i := 0; i < len(data); {
		_, size := utf8.DecodeRune(data[i:])
		piece := payload.RenderText(data[i : i+size])
		n := utf8.RuneCountInString(piece)
		if width > 0 && width+n > detailTextWidth {
			lines = append(lines, line)
			line, width = "", 0
		}
		line += piece
		width += n
		i += size
		if data[i-1] == '\n' {
			lines = append(lines, line)
			line, width = "", 0
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

package gui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets"
)

// What a log row and the detail area show of an event. Copying a row and
// saving the log use the event schema's own renderings (Event.Line,
// CSVRecord, AppendJSONLine); these are only for the cells on screen.

// logRowContentMax is how many characters of content a log row shows before it
// is cut with "…"; the detail area shows everything.
const logRowContentMax = 120

// logRowHexBytes is how many bytes a row shows in hex before "…": 119
// characters, so the cut falls between pairs.
const logRowHexBytes = logRowContentMax / 3

// logTimeText returns the time of day with milliseconds, "15:04:05.000".
func logTimeText(e *sockets.Event) string { return e.Time.Format("15:04:05.000") }

// logSideText returns "Server" or "Client".
func logSideText(e *sockets.Event) string {
	if e.Side == sockets.SideClient {
		return "Client"
	}
	return "Server"
}

// logBytesText returns the byte count of a sent or received event, ""
// for other kinds.
func logBytesText(e *sockets.Event) string {
	if !e.Kind.IsData() {
		return ""
	}
	return strconv.Itoa(e.Bytes)
}

// logContentFormat is the schema's content format for the Text/Hex mode.
func logContentFormat(hex bool) sockets.Format {
	if hex {
		return sockets.FormatHex
	}
	return sockets.FormatText
}

// logCellContent is what a row's content cell shows: for sent and received
// events the captured bytes as escaped text (sockets.RenderText) cut to
// logRowContentMax characters plus "…", or with hex as hex pairs cut to
// logRowHexBytes bytes plus "…"; for other events the message and error. It
// renders only the prefix of the data it needs, so a row costs the same
// however big its payload.
func logCellContent(e *sockets.Event, hex bool) string {
	if !e.Kind.IsData() {
		return logCut(e.Message(), logRowContentMax)
	}
	if hex {
		if len(e.Data) > logRowHexBytes {
			return sockets.HexString(e.Data[:logRowHexBytes]) + "…"
		}
		return sockets.HexString(e.Data)
	}
	// Every byte or character renders to at least one character and a
	// character is at most utf8.UTFMax bytes, so this prefix renders to more
	// than logRowContentMax characters whenever the whole data does, and its
	// first logRowContentMax characters are the same.
	return logCut(sockets.RenderText(e.Data[:min(len(e.Data), (logRowContentMax+1)*utf8.UTFMax)]), logRowContentMax)
}

// logCut returns s cut to max characters with "…" appended when it is
// longer.
func logCut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// logDetail renders an event in full for the detail area: a header, the
// addresses, the byte count, message and error, then the whole captured
// payload as text (broken after each newline byte) and as a hex dump.
func logDetail(e *sockets.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s", e.Time.Format(sockets.LineTimeLayout), logSideText(e), e.Kind)
	if e.Network != "" {
		b.WriteString("  " + e.Network)
	}
	b.WriteByte('\n')
	if e.Local != "" {
		b.WriteString("Local:   " + e.Local + "\n")
	}
	if e.Remote != "" {
		b.WriteString("Remote:  " + e.Remote + "\n")
	}
	data := e.Kind.IsData()
	if data {
		fmt.Fprintf(&b, "Bytes:   %d", e.Bytes)
		if e.Truncated {
			fmt.Fprintf(&b, " (first %d captured)", len(e.Data))
		}
		b.WriteByte('\n')
	}
	if e.Msg != "" {
		b.WriteString("Message: " + e.Msg + "\n")
	}
	if e.Err != nil {
		b.WriteString("Error:   " + e.ErrText() + "\n")
	}
	if data {
		b.WriteString("\nText:\n")
		for _, line := range bytes.SplitAfter(e.Data, []byte{'\n'}) {
			if len(line) > 0 {
				b.WriteString(sockets.RenderText(line))
				b.WriteByte('\n')
			}
		}
		b.WriteString("\nHex:\n")
		b.WriteString(sockets.HexDump(e.Data))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

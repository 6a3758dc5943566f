package logview

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

type logSideFilter int

// Side filters, in the order of the side select's options.
const (
	LogSideAll logSideFilter = iota
	logSideServer
	logSideClient
	LogSideRelay
)

// logFilter is what the view shows: rows of a side whose peer, content (as
// text or hex) or message contains query, ignoring case.
type logFilter struct {
	side  logSideFilter
	name  string // with logSideClient: only the client tab of this name (Event.Name)
	query string // as typed
	lower string // lower-cased query
	hex   string // lower-cased query without spaces, to match compact hex
}

func newLogFilter(side logSideFilter, query string) logFilter {
	lower := strings.ToLower(strings.TrimSpace(query))
	return logFilter{side: side, query: query, lower: lower, hex: strings.ReplaceAll(lower, " ", "")}
}

func (f logFilter) all() bool { return f.side == LogSideAll && f.name == "" && f.lower == "" }

func (f logFilter) match(e *sockets.Event) bool {
	switch f.side {
	case logSideServer:
		if e.Side != sockets.SideServer {
			return false
		}
	case logSideClient:
		if e.Side != sockets.SideClient || f.name != "" && e.Name != f.name {
			return false
		}
	case LogSideRelay:
		if e.Side != sockets.SideRelay {
			return false
		}
	}
	if f.lower == "" {
		return true
	}
	if logContainsFold(e.Remote, f.lower) || logContainsFold(e.Local, f.lower) ||
		logContainsFold(e.Msg, f.lower) || logContainsFold(e.ErrText(), f.lower) {
		return true
	}
	if !e.Kind.IsData() || len(e.Data) == 0 {
		return false
	}
	if logContainsFold(payload.RenderText(e.Data), f.lower) {
		return true
	}
	if f.hex == "" || strings.Trim(f.hex, "0123456789abcdef") != "" {
		return false
	}
	// A query of hex digits matches the hex pairs whether typed with spaces
	// ("6c 6c") or without ("6c6c").
	return strings.Contains(payload.HexString(e.Data), f.lower) || strings.Contains(hex.EncodeToString(e.Data), f.hex)
}

// logContainsFold reports whether s contains lower, which is already lower case.
func logContainsFold(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	if logIsLowerASCII(s) {
		return strings.Contains(s, lower)
	}
	return strings.Contains(strings.ToLower(s), lower)
}

func logIsLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

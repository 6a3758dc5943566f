package logview

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/replytime"
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

// TimeMode is what the time column shows (View menu).
type TimeMode int

const (
	TimeClock    TimeMode = iota // the time of day to the microsecond, "15:04:05.000231"
	TimeRelative                 // seconds since the first event, "+1.000231"
)

// KeyLogTimeMode is the time column preference: a timeMode.
const KeyLogTimeMode = "log.timeMode"

// logTimeParts splits the time column's text ("15:04:05", ".000", "231")
// so a row's cells repeat texts already drawn (see LogRowItem).
func logTimeParts(e *sockets.Event, mode TimeMode, origin time.Time) (whole, millis, micros string) {
	var t string
	if mode == TimeRelative {
		d := max(e.Time.Sub(origin), 0)
		t = "+" + strconv.FormatFloat(d.Seconds(), 'f', 6, 64)
	} else {
		t = e.Time.Format("15:04:05.000000")
	}
	dot := strings.LastIndexByte(t, '.')
	return t[:dot], t[dot : dot+4], t[dot+4:]
}

// LogTimeMillis is the time to the millisecond, as the diagram's margin
// shows it: the log beside it has the microseconds.
func LogTimeMillis(e *sockets.Event, mode TimeMode, origin time.Time) string {
	a, b, _ := logTimeParts(e, mode, origin)
	return a + b
}

// LogTimeText returns the time column's whole text.
func LogTimeText(e *sockets.Event, mode TimeMode, origin time.Time) string {
	a, b, c := logTimeParts(e, mode, origin)
	return a + b + c
}

func logSideText(s sockets.Side) string {
	switch s {
	case sockets.SideClient:
		return i18n.Tr("side.client")
	case sockets.SideRelay:
		return i18n.Tr("side.relay")
	}
	return i18n.Tr("side.server")
}

// LogKindText names a kind of event in the current language: "sent",
// "received", "connected"...
var LogKindText = widgets.LabelOf(kindKeys, sockets.Kind.String)

var kindKeys = map[sockets.Kind]string{
	sockets.KindListening:    "kind.listening",
	sockets.KindStopped:      "kind.stopped",
	sockets.KindConnected:    "kind.connected",
	sockets.KindDisconnected: "kind.disconnected",
	sockets.KindSent:         "kind.sent",
	sockets.KindReceived:     "kind.received",
	sockets.KindError:        "kind.error",
	sockets.KindInfo:         "kind.info",
	sockets.KindGap:          "kind.gap",
	sockets.KindTLS:          "kind.tls",
	sockets.KindHalfClose:    "kind.halfClose",
	sockets.KindSummary:      "kind.summary",
	sockets.KindRule:         "kind.rule",
	sockets.KindSystemDrop:   "kind.systemDrop",
}

// logBytesText is "" for kinds other than sent and received.
func logBytesText(e *sockets.Event) string {
	if !e.Kind.IsData() {
		return ""
	}
	return strconv.Itoa(e.Bytes)
}

// logReplyParts splits a reply time as "+0.231 ms" (whole, fraction, unit),
// like logTimeParts; "" for an event without one.
func logReplyParts(e *sockets.Event) (whole, frac, unit string) {
	if e.Reply <= 0 {
		return "", "", ""
	}
	t := "+" + ReplyMS(e.Reply)
	dot := strings.IndexByte(t, '.')
	if dot < 0 {
		return t, "", " " + i18n.Tr("unit.ms")
	}
	return t[:dot], t[dot:], " " + i18n.Tr("unit.ms")
}

// LogReplyText returns the reply column's whole text.
func LogReplyText(e *sockets.Event) string {
	a, b, c := logReplyParts(e)
	return a + b + c
}

// LogMessage is a non-data event's message in the current language.
func LogMessage(e *sockets.Event) string {
	var s string
	if t, ok := tlsRowText(e); ok {
		return t
	}
	switch {
	case e.Msg != "" && e.Err != nil:
		s = i18n.TrEvent(e) + ": " + i18n.TrTLSWhy(e.Err)
	case e.Err != nil:
		s = i18n.TrTLSWhy(e.Err)
	default:
		s = i18n.TrEvent(e)
	}
	return OneLineText(s)
}

// OneLineText replaces line breaks with spaces.
func OneLineText(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// LogContentFormat is the schema's content format for the Text/Hex mode.
func LogContentFormat(hex bool) payload.Format {
	if hex {
		return payload.FormatHex
	}
	return payload.FormatText
}

// LogCellContent is what a row's content cell shows: for sent and received
// events the captured bytes as escaped text (payload.RenderText) cut to
// logRowContentMax characters plus "…", or with hex as hex pairs cut to
// logRowHexBytes bytes plus "…"; for other events the message and error. It
// renders only the prefix of the data it needs, so a row costs the same
// however big its payload.
func LogCellContent(e *sockets.Event, hex bool) string {
	if !e.Kind.IsData() {
		return LogCut(LogMessage(e), logRowContentMax)
	}
	return logDataContent(e, hex) + appendedSuffix(e)
}

func logDataContent(e *sockets.Event, hex bool) string {
	if hex {
		if len(e.Data) > logRowHexBytes {
			return payload.HexString(e.Data[:logRowHexBytes]) + "…"
		}
		return payload.HexString(e.Data)
	}
	// Every byte or character renders to at least one character and a
	// character is at most utf8.UTFMax bytes, so this prefix renders to more
	// than logRowContentMax characters whenever the whole data does, and its
	// first logRowContentMax characters are the same.
	return LogCut(payload.RenderText(e.Data[:min(len(e.Data), (logRowContentMax+1)*utf8.UTFMax)]), logRowContentMax)
}

// LogCut returns s cut to max characters with "…" appended when it is
// longer.
func LogCut(s string, max int) string {
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

// LogOpcodeText names a WebSocket message's opcode (sockets.OpText or
// OpBinary) in the language in use: "[text]", "[binary]".
func LogOpcodeText(op string) string {
	switch op {
	case sockets.OpText:
		return i18n.Tr("ws.opcode.text")
	case sockets.OpBinary:
		return i18n.Tr("ws.opcode.binary")
	}
	return op
}

var detailKeys = []string{"detail.local", "detail.remote", "detail.group", "detail.bytes", "detail.reply", "detail.message", "detail.error"}

// logDetail renders an event in full for the detail area: header, addresses,
// counts, message and error, then the payload as text and as a hex dump.
func logDetail(e *sockets.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s", e.Time.Format(sockets.LineTimeLayout), LogSideName(e), LogKindText(e.Kind))
	if e.Network != "" {
		b.WriteString("  " + strings.ToUpper(e.Network))
	}
	if e.Opcode != "" {
		b.WriteString(" " + LogOpcodeText(e.Opcode))
	}
	b.WriteByte('\n')
	// Labels padded to the longest, so the values line up in monospace.
	width := 0
	keys := detailKeys
	if e.Appended != "" {
		keys = append(keys[:len(keys):len(keys)], "detail.appended")
	}
	for _, k := range keys {
		width = max(width, utf8.RuneCountInString(i18n.Tr(k)))
	}
	field := func(key, value string) {
		label := i18n.Tr(key)
		b.WriteString(label + strings.Repeat(" ", width-utf8.RuneCountInString(label)+1) + value + "\n")
	}
	if e.Local != "" {
		field("detail.local", e.Local)
	}
	if e.Remote != "" {
		field("detail.remote", e.Remote)
	}
	data := e.Kind.IsData()
	if data && e.Group != "" {
		field("detail.group", e.Group)
	}
	if data {
		n := strconv.Itoa(e.Bytes)
		if e.Truncated {
			n += " " + i18n.Trf("detail.captured", i18n.Args{"N": len(e.Data)})
		}
		field("detail.bytes", n)
	}
	if e.Appended != "" {
		field("detail.appended", appendedText(e))
	}
	if e.Reply > 0 {
		field("detail.reply", LogReplyText(e))
	}
	// A handshake's message is the first line of its TLS detail.
	if _, handshake := tlsRowText(e); e.Msg != "" && !handshake {
		field("detail.message", i18n.TrEvent(e))
	}
	if e.Err != nil {
		field("detail.error", i18n.TrTLSWhy(e.Err))
	}
	if t := tlsDetailText(e); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	if data {
		b.WriteString("\n" + i18n.Tr("detail.text") + "\n")
		shown, more := detailData(e.Data)
		for _, line := range detailTextLines(shown) {
			b.WriteString(line)
			b.WriteByte('\n')
		}
		b.WriteString("\n" + i18n.Tr("detail.hex") + "\n")
		b.WriteString(payload.HexDump(shown))
		if more > 0 {
			b.WriteString(i18n.Trn("detail.more", more, nil) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// ReplyMS renders a reply time in milliseconds with microseconds, as the
// event schema does, without the unit: "0.231".
func ReplyMS(d time.Duration) string {
	return strings.TrimSuffix(string(replytime.AppendMillis(nil, d)), "ms")
}

// FormatBytes renders a byte count exactly below 1 KiB and with one decimal
// in KiB, MiB or GiB above.
func FormatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n) / unit
	for _, u := range []string{"KiB", "MiB", "GiB"} {
		if f < unit || u == "GiB" {
			return fmt.Sprintf("%.1f %s", f, u)
		}
		f /= unit
	}
	return ""
}

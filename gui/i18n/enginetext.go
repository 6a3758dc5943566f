package i18n

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// The engine speaks English: its messages are part of the event schema and
// of the CLI's output. The window shows them in the user's language by
// matching each against engineTexts. A message nobody translated yet (a
// new one) shows as the engine wrote it; TestEngineTextsCoverTheEngine
// makes the engine produce the ones the window shows and fails on any the
// table misses.

// engineText is one of the engine's messages: a pattern over its English
// text, anchored at both ends, whose named groups fill the translation's
// template fields, and the key of that translation. A group whose name
// starts with "Tr" holds more of the engine's words, translated in turn.
type engineText struct {
	pattern string
	key     string
}

// engineTexts are the engine's messages the window shows: input problems,
// event messages and the reasons of network errors.
var engineTexts = []engineText{
	// Input problems (sockets/addr.go).
	{`enter a port number \(0 picks a free one\)`, "engine.portEmptyListen"},
	{`enter the server's port number \(1-65535\)`, "engine.portEmptyDial"},
	{`invalid port (?P<Port>".*") \(want a number from (?P<Min>\d) to 65535\)`, "engine.portInvalid"},
	{`port 0 cannot be connected to \(want a number from 1 to 65535\)`, "engine.portZero"},
	{`type the port in the Port field, not after the host`, "engine.portInHost"},
	{`enter a host name or IP address, e\.g\. 127\.0\.0\.1`, "engine.hostEmpty"},
	{`a host name cannot contain spaces`, "engine.hostSpaces"},
	{`(?P<Host>".*") is not a host name or IP address`, "engine.hostInvalid"},
	{`(?P<Host>".*") is not a valid IPv6 address`, "engine.hostIPv6"},
	{`enter an address to listen on, e\.g\. 127\.0\.0\.1`, "engine.bindEmpty"},
	{`(?P<Addr>".*") is not an IP address to listen on \(e\.g\. 127\.0\.0\.1, ::1 or 0\.0\.0\.0\)`, "engine.bindInvalid"},

	// Payload syntax (sockets/codec.go SyntaxError.Msg).
	{`incomplete escape (?P<Text>".*")`, "engine.escapeIncomplete"},
	{`unknown escape`, "engine.escapeUnknown"},
	{`invalid hex digit in \\x escape`, "engine.escapeHexDigit"},
	{`hex prefix without digits`, "engine.hexPrefix"},
	{`odd number of hex digits, unpaired digit`, "engine.hexOdd"},
	{`invalid hex digit`, "engine.hexDigit"},

	// Event messages.
	{`listening`, "engine.listening"},
	{`mode echo`, "engine.modeEcho"},
	{`mode reply`, "engine.modeReply"},
	{`mode silent`, "engine.modeSilent"},
	{`start failed`, "engine.startFailed"},
	{`connected`, "engine.connected"},
	{`socket open \(UDP has no connection\)`, "engine.udpOpen"},
	{`connect failed`, "engine.connectFailed"},
	{`closed`, "engine.closed"},
	{`closed by server`, "engine.closedByServer"},
	{`closed by peer`, "engine.closedByPeer"},
	{`reset by server`, "engine.resetByServer"},
	{`reset by server before any reply \(a TLS server does this to plain text: connect with TLS on\)`, "engine.resetNoReply"},
	{`reset by peer`, "engine.resetByPeer"},
	{`connection error`, "engine.connError"},
	{`server stopped`, "engine.serverStopped"},
	{`disconnected by server`, "engine.disconnectedByServer"},
	{`disconnected: peer did not read within (?P<Time>\S+)`, "engine.peerSlow"},
	{`first datagram`, "engine.firstDatagram"},
	{`forgotten by server`, "engine.forgotten"},
	{`refused: client limit (?P<N>\d+) reached`, "engine.clientLimit"},
	{`bulk echo in the kernel; content not captured`, "engine.bulkEcho"},
	{`accept failed, retrying in (?P<Time>\S+)`, "engine.acceptRetry"},
	{`(?P<N>\d+) events not shown`, "engine.notShown"},
	{`served (?P<Conns>\d+) connections?; received (?P<In>\d+) B; sent (?P<Out>\d+) B`, "engine.servedTCP"},
	{`received (?P<In>\d+) datagrams?, (?P<InB>\d+) B; sent (?P<Out>\d+) datagrams?, (?P<OutB>\d+) B`, "engine.servedUDP"},

	// Reasons of network errors, and the hints the engine adds to them.
	{`connection refused`, "engine.refused"},
	{`nothing is listening on that port`, "engine.refusedHint"},
	{`connection reset by peer`, "engine.reset"},
	{`the server reset the connection`, "engine.resetHint"},
	{`i/o timeout`, "engine.timeout"},
	{`no answer in time: host down or port filtered`, "engine.timeoutHint"},
	{`context deadline exceeded`, "engine.timeout"},
	{`address already in use`, "engine.inUse"},
	{`another program is using this port`, "engine.inUseHint"},
	{`permission denied`, "engine.permission"},
	{`ports below 1024 need administrator rights`, "engine.permissionHint"},
	{`cannot assign requested address`, "engine.noAddr"},
	{`this computer has no such address`, "engine.noAddrHint"},
	{`network is unreachable`, "engine.unreachable"},
	{`no route to host`, "engine.noRoute"},
	{`broken pipe`, "engine.brokenPipe"},
	{`no such host: (?P<Host>.+)`, "engine.noSuchHost"},
	{`cannot look up (?P<Host>\S+): (?P<Why>.+)`, "engine.lookupFailed"},
	{`use of closed network connection`, "engine.closedConn"},

	// Reasons a file cannot be written.
	{`is a directory`, "engine.isDir"},
	{`not a directory`, "engine.notDir"},
	{`no such file or directory`, "engine.noFile"},
	{`read-only file system`, "engine.readOnly"},
	{`no space left on device`, "engine.noSpace"},
}

// compiledEngineText is an engineText ready to match.
type compiledEngineText struct {
	re  *regexp.Regexp
	key string
}

var compiledEngineTexts = sync.OnceValue(func() []compiledEngineText {
	all := slices.Concat(engineTexts, scriptEngineTexts, tlsEngineTexts, chatEngineTexts)
	out := make([]compiledEngineText, len(all))
	for i, t := range all {
		out[i] = compiledEngineText{regexp.MustCompile(`^(?:` + t.pattern + `)$`), t.key}
	}
	return out
})

// TrEngine returns one of the engine's messages in the current language. A
// message ending in a hint in parentheses, "connection refused (nothing is
// listening on that port)", has both parts translated, and so do the parts
// of "this; that" and of "what: why". A message it does not know stays as
// it is.
func TrEngine(s string) string {
	if t, ok := matchEngineText(s); ok {
		return t
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return TrEngine(s[:i]) + " (" + TrEngine(s[i+2:len(s)-1]) + ")"
		}
	}
	if this, that, ok := strings.Cut(s, "; "); ok {
		return TrEngine(this) + "; " + TrEngine(that)
	}
	if what, why, ok := strings.Cut(s, ": "); ok {
		return TrEngine(what) + ": " + TrEngine(why)
	}
	return s
}

// matchEngineText translates s if it is one of engineTexts as a whole.
func matchEngineText(s string) (string, bool) {
	for _, t := range compiledEngineTexts() {
		m := t.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		a := Args{}
		count := -1
		for i, name := range t.re.SubexpNames() {
			if name == "" {
				continue
			}
			a[name] = m[i]
			if strings.HasPrefix(name, "Tr") {
				a[name] = TrEngine(m[i])
			}
			// A count decides the plural form, once every value is in.
			if name == "N" || name == "Conns" {
				if n, err := strconv.Atoi(m[i]); err == nil {
					count = n
				}
			}
		}
		switch {
		case count >= 0:
			return Trn(t.key, count, a), true
		case len(a) == 0:
			return Tr(t.key), true
		}
		return Trf(t.key, a), true
	}
	return "", false
}

// EngineKnows reports whether trEngine translates every part of s.
func EngineKnows(s string) bool {
	if known, ok := matchKnown(s); ok {
		return known
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return EngineKnows(s[:i]) && EngineKnows(s[i+2:len(s)-1])
		}
	}
	if this, that, ok := strings.Cut(s, "; "); ok {
		return EngineKnows(this) && EngineKnows(that)
	}
	if what, why, ok := strings.Cut(s, ": "); ok {
		return EngineKnows(what) && EngineKnows(why)
	}
	return false
}

// SyntaxText renders a payload parse error in the current language:
// `invalid hex digit "g" at position 5`.
func SyntaxText(err error) string {
	var se *payload.SyntaxError
	if !errors.As(err, &se) {
		return TrEngine(err.Error())
	}
	problem := TrEngine(se.Msg)
	if se.Char == "" {
		return Trf("hint.syntaxAtEnd", Args{"Problem": problem, "Pos": se.Pos})
	}
	return Trf("hint.syntaxAt", Args{"Problem": problem, "Char": quoteShown(se.Char), "Pos": se.Pos})
}

// quoteShown puts a character a parse error names between quotes, as the
// engine's SyntaxError.Error does.
func quoteShown(c string) string {
	e := &payload.SyntaxError{Char: c}
	s := e.Error() // "<Msg> <quoted> at position 0"
	s = strings.TrimPrefix(s, " ")
	return strings.TrimSuffix(s, " at position 0")
}

// matchKnown reports whether s is one of engineTexts as a whole (ok) and,
// if so, whether its "Tr" groups are known too (known).
func matchKnown(s string) (known, ok bool) {
	for _, t := range compiledEngineTexts() {
		m := t.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		for i, name := range t.re.SubexpNames() {
			if strings.HasPrefix(name, "Tr") && m[i] != "" && !EngineKnows(m[i]) {
				return false, true
			}
		}
		return true, true
	}
	return false, false
}

// chatEngineTexts are the engine's messages about Chat mode that the window
// shows (sockets/chat.go). They are matched like engineTexts.
var chatEngineTexts = []engineText{
	{`mode chat`, "engine.modeChat"},
	{`passed to (?P<N>\d+) clients?`, "engine.chatPassed"},
	{`disconnected: it does not read \((?P<Msgs>\d+) messages, up to (?P<KiB>\d+) KiB, were waiting for it\)`, "engine.chatNotReading"},
	{`disconnected: it did not read within (?P<Time>\S+)`, "engine.chatSlow"},
}

// PlainReason renders err without the socket plumbing a user does not need:
// "dial tcp 127.0.0.1:1: connect: connection refused (nothing is listening
// on that port)" becomes "connection refused (nothing is listening on that
// port)", and "open /tmp/x: is a directory" (the path is said elsewhere)
// "is a directory". A TLS failure is said in its plain words. Hints added
// around the error are kept.
func PlainReason(err error) string {
	msg := err.Error()
	var te *tlsinfo.Error
	if errors.As(err, &te) {
		return strings.Replace(msg, te.Error(), te.Text, 1)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		inner := op.Err
		var sys *os.SyscallError
		if errors.As(inner, &sys) {
			inner = sys.Err
		}
		msg = strings.Replace(msg, op.Error(), inner.Error(), 1)
	}
	return msg
}

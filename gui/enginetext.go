package gui

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets/payload"
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
	// Input problems (sockets/addr).
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

	// Payload syntax (sockets/payload SyntaxError.Msg).
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

// trEngine returns one of the engine's messages in the current language. A
// message ending in a hint in parentheses, "connection refused (nothing is
// listening on that port)", has both parts translated, and so do the parts
// of "this; that" and of "what: why". A message it does not know stays as
// it is.
func trEngine(s string) string {
	if t, ok := matchEngineText(s); ok {
		return t
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return trEngine(s[:i]) + " (" + trEngine(s[i+2:len(s)-1]) + ")"
		}
	}
	if this, that, ok := strings.Cut(s, "; "); ok {
		return trEngine(this) + "; " + trEngine(that)
	}
	if what, why, ok := strings.Cut(s, ": "); ok {
		return trEngine(what) + ": " + trEngine(why)
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
		a := args{}
		count := -1
		for i, name := range t.re.SubexpNames() {
			if name == "" {
				continue
			}
			a[name] = m[i]
			if strings.HasPrefix(name, "Tr") {
				a[name] = trEngine(m[i])
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
			return trn(t.key, count, a), true
		case len(a) == 0:
			return tr(t.key), true
		}
		return trf(t.key, a), true
	}
	return "", false
}

// engineKnows reports whether trEngine translates every part of s.
func engineKnows(s string) bool {
	if known, ok := matchKnown(s); ok {
		return known
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return engineKnows(s[:i]) && engineKnows(s[i+2:len(s)-1])
		}
	}
	if this, that, ok := strings.Cut(s, "; "); ok {
		return engineKnows(this) && engineKnows(that)
	}
	if what, why, ok := strings.Cut(s, ": "); ok {
		return engineKnows(what) && engineKnows(why)
	}
	return false
}

// syntaxText renders a payload parse error in the current language:
// `invalid hex digit "g" at position 5`.
func syntaxText(err error) string {
	var se *payload.SyntaxError
	if !errors.As(err, &se) {
		return trEngine(err.Error())
	}
	problem := trEngine(se.Msg)
	if se.Char == "" {
		return trf("hint.syntaxAtEnd", args{"Problem": problem, "Pos": se.Pos})
	}
	return trf("hint.syntaxAt", args{"Problem": problem, "Char": quoteShown(se.Char), "Pos": se.Pos})
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
			if strings.HasPrefix(name, "Tr") && m[i] != "" && !engineKnows(m[i]) {
				return false, true
			}
		}
		return true, true
	}
	return false, false
}

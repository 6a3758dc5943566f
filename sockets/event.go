package sockets

import (
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/internal/enum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/replytime"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// Side says which half of the tool an event comes from.
type Side uint8

// Sides of an event.
const (
	SideServer Side = iota
	SideClient
	SideRelay // a relay between a client and a target server
)

var sideEnum = enum.Names[Side]{Type: "Side", What: "side",
	Names: []string{SideServer: "server", SideClient: "client", SideRelay: "relay"}}

// String returns "server", "client" or "relay".
func (s Side) String() string { return sideEnum.Name(s) }

func parseSide(s string) (Side, error) { return sideEnum.Parse(s) }

// Kind is what happened.
type Kind uint8

// Kinds of event. New kinds are only added at the end: the names are part of
// the event schema.
const (
	KindListening    Kind = iota // a server bound its address
	KindStopped                  // a server stopped
	KindConnected                // a peer connected (TCP), was first heard from (UDP), or a client connected
	KindDisconnected             // a connection ended
	KindSent                     // bytes written
	KindReceived                 // bytes read
	KindError                    // something failed
	KindInfo                     // anything else worth telling
	KindGap                      // Skipped events were not shown (queue full or rate limit)
	KindTLS                      // a TLS handshake finished (TLS holds the details)
	KindHalfClose                // one direction of a TCP stream ended (the peer or this side sent end of stream)
	KindSummary                  // a summary of an exchange (Summary holds reply times)
	KindRule                     // a server rule matched (Rule names it)
	KindSystemDrop               // the system dropped datagrams before the app read them (SystemDropped counts them)
)

var kindEnum = enum.Names[Kind]{Type: "Kind", What: "event kind", Names: []string{
	KindListening: "listening", KindStopped: "stopped", KindConnected: "connected",
	KindDisconnected: "disconnected", KindSent: "sent", KindReceived: "received",
	KindError: "error", KindInfo: "info", KindGap: "gap",
	KindTLS: "tls", KindHalfClose: "half-closed", KindSummary: "summary", KindRule: "rule",
	KindSystemDrop: "dropped-by-system",
}}

// String returns the kind's lower-case name, e.g. "received".
func (k Kind) String() string { return kindEnum.Name(k) }

func parseKind(s string) (Kind, error) { return kindEnum.Parse(s) }

// IsData reports whether events of this kind carry a payload.
func (k Kind) IsData() bool { return k == KindSent || k == KindReceived }

// DefaultCaptureBytes is how many payload bytes an event keeps by default.
const DefaultCaptureBytes = 1024

// Event is one observation: something a server or client did or saw. Its JSON,
// text line and CSV row are the one schema every output uses.
type Event struct {
	Time      time.Time // wall clock, nanosecond precision
	Side      Side
	Kind      Kind
	Network   string // "tcp" or "udp"
	Local     string // local address, e.g. "127.0.0.1:9000"
	Remote    string // peer address; empty for listener events
	Bytes     int    // bytes sent or received (KindSent, KindReceived)
	Data      []byte // a copy of at most the configured capture size of the bytes
	Truncated bool   // Data holds fewer than Bytes bytes
	Err       error  // set for KindError (and for disconnects caused by an error)
	Msg       string // detail for info, error and lifecycle events, in English (see Said)
	Skipped   uint64 // KindGap: how many events were not shown

	Reply   time.Duration      // on a client's received event, time since its latest send; zero when unknown
	Rule    string             // the server rule that matched (KindRule)
	TLS     *tlsinfo.Handshake // a finished handshake (KindTLS)
	Summary *replytime.Summary // reply times (KindSummary)
	Name    string             // ClientConfig.Name of the emitting client, or ""
	// Held is, on a relay's event, how long network conditions held the
	// chunk or datagram back before the relay passed it on; 0: not held.
	Held time.Duration
	// Dropped is set on a relay's event for a datagram a network condition
	// dropped: the relay did not pass it on.
	Dropped bool
	// Group is the multicast group a received datagram was sent to, or the
	// group joined or left; "" otherwise.
	Group string
	// Opcode is, on a WebSocket message's event, "text" or "binary"; ""
	// otherwise.
	Opcode string
	// SystemDropped is, on a KindSystemDrop event, how many datagrams the
	// system has dropped at this socket since it opened because its receive
	// buffer was full.
	SystemDropped uint64
	// Appended is, on a sent event, the checksum added after the payload:
	// its name as checksum.Parse reads it and the bytes it added, in hex,
	// e.g. "crc16-modbus e4 09" (those bytes end Data); "" otherwise.
	Appended string
	// Code and Args are Msg as a code and arguments, for translation.
	Code msg.Code
	Args msg.Args
}

func (e *Event) say(m msg.Message) {
	e.Msg, e.Code, e.Args = m.String(), m.Code, m.Args
}

// Said returns the event's message as a code and arguments (the zero
// Message when it has none).
func (e *Event) Said() msg.Message { return msg.Message{Code: e.Code, Args: e.Args} }

func said(e Event, m msg.Message) Event {
	e.say(m)
	return e
}

// Peer returns the remote address, or for listener events the local one.
func (e *Event) Peer() string {
	if e.Remote != "" {
		return e.Remote
	}
	return e.Local
}

// Message joins Msg and Err as "msg: err", on one line.
func (e *Event) Message() string {
	var s string
	switch {
	case e.Msg != "" && e.Err != nil:
		s = e.Msg + ": " + e.Err.Error()
	case e.Err != nil:
		s = e.Err.Error()
	default:
		s = e.Msg
	}
	return oneLine(s)
}

// ErrText returns the error's text, or "" without one.
func (e *Event) ErrText() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func gapEvent(at time.Time, side Side, n uint64) Event {
	return said(Event{Time: at, Side: side, Kind: KindGap, Skipped: n}, msg.New(codeNotShown, "N", n))
}

// capture returns a copy of at most limit bytes of p and whether it was cut.
func capture(p []byte, limit int) ([]byte, bool) {
	if limit <= 0 {
		limit = DefaultCaptureBytes
	}
	if len(p) > limit {
		return append([]byte(nil), p[:limit]...), true
	}
	return append([]byte(nil), p...), false
}

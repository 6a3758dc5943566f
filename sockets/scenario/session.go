package scenario

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"go.yaml.in/yaml/v3"
)

// FromSession turns a client's session, its events as the app's log holds
// them, into a scenario file that replays it: each send becomes a send
// step, and what came back before the next send an expect step (one per
// datagram over UDP), so that run against the same server the file
// passes. A connection the server closed ends with expect_close. Each
// connection of the session (the client may have reconnected) is one
// scenario, named name, then "name (2)" and so on.
//
// Only the client's events count (Side client). A payload the log did not
// keep whole (Truncated), or events the log dropped (a gap event), make
// an exact replay impossible, and FromSession says so instead.
func FromSession(name string, events []sockets.Event) ([]byte, error) {
	var sessions []*session
	var cur *session
	for _, e := range events {
		if e.Kind == sockets.KindGap {
			return nil, msg.NewError(codeSessionGap, "N", e.Skipped, "Time", e.Time.Format(sockets.LineTimeLayout))
		}
		if e.Side != sockets.SideClient {
			continue
		}
		if e.Kind == sockets.KindConnected || cur == nil && e.Kind.IsData() {
			cur = &session{network: baseNetwork(e.Network), addr: e.Remote}
			sessions = append(sessions, cur)
		}
		if cur == nil {
			continue
		}
		if err := cur.add(e); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	n := 0
	for _, s := range sessions {
		s.flush()
		if !s.data {
			continue
		}
		n++
		title := name
		if n > 1 {
			title = fmt.Sprintf("%s (%d)", name, n)
			b.WriteString("---\n")
		}
		s.write(&b, title)
	}
	if n == 0 {
		return nil, msg.NewError(codeSessionEmpty)
	}
	return []byte(b.String()), nil
}

// session is one connection of a client's session, as steps.
type session struct {
	network, addr string
	tls           bool     // the connection spoke TLS
	steps         []string // each "key: value"
	pending       []byte   // received since the last send (TCP)
	data          bool     // something was sent or received
}

// baseNetwork maps tcp4, tcp6, udp4 and udp6 to tcp and udp; unix and
// unixgram stay.
func baseNetwork(n string) string {
	if addr.IsUnix(n) {
		return n
	}
	if addr.IsUDP(n) {
		return "udp"
	}
	return "tcp"
}

// add records one event.
func (s *session) add(e sockets.Event) error {
	if e.Kind.IsData() && e.Truncated {
		return msg.NewError(codeSessionTruncated, "Kept", len(e.Data), "Bytes", e.Bytes, "Kind", e.Kind.String(), "Time", e.Time.Format(sockets.LineTimeLayout))
	}
	switch e.Kind {
	case sockets.KindSent:
		s.flush()
		s.step("send", e.Data)
		s.data = true
	case sockets.KindReceived:
		s.data = true
		if addr.IsDatagram(s.network) {
			s.step("expect", e.Data)
			return nil
		}
		s.pending = append(s.pending, e.Data...)
	case sockets.KindTLS:
		s.tls = true
	case sockets.KindHalfClose:
		s.flush()
		s.steps = append(s.steps, "half_close: true")
	case sockets.KindDisconnected:
		if addr.IsStream(s.network) && e.Err == nil && closedByServer(e) {
			s.flush()
			s.steps = append(s.steps, "expect_close: true")
		}
	}
	return nil
}

// flush turns the bytes received since the last send into an expect.
func (s *session) flush() {
	if len(s.pending) > 0 {
		s.step("expect", s.pending)
		s.pending = nil
	}
}

// step adds a send or expect of b: as text when it reads as text, else as
// hex (send_hex, expect_hex).
func (s *session) step(key string, b []byte) {
	if isText(b) {
		s.steps = append(s.steps, key+`: "`+payload.QuoteText(b)+`"`)
	} else {
		s.steps = append(s.steps, key+`_hex: "`+payload.HexString(b)+`"`)
	}
}

// isText reports whether b is UTF-8 text with no control characters but
// tab, CR and LF.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	return bytes.IndexFunc(b, func(r rune) bool { return r < ' ' && r != '\t' && r != '\r' && r != '\n' || r == 0x7f }) < 0
}

// write writes the scenario as YAML.
func (s *session) write(b *strings.Builder, name string) {
	title, _ := yaml.Marshal(name)
	scheme := s.network
	if s.tls {
		scheme = "tls"
	}
	fmt.Fprintf(b, "name: %sconnect: %s://%s\n", title, scheme, s.addr)
	if s.tls {
		// How the session trusted the server (a CA file, the app's own
		// certificate) is not in its events.
		b.WriteString("tls: {insecure: true}   # to check the certificate instead: tls: {ca: FILE}\n")
	}
	b.WriteString("steps:\n")
	for _, st := range s.steps {
		fmt.Fprintf(b, "  - %s\n", st)
	}
}

// closedByServer reports whether e is a client's connection closed by its
// server. A log saved before events had codes has only the English.
func closedByServer(e sockets.Event) bool {
	if e.Code != "" {
		return e.Code == "closedByServer"
	}
	return strings.HasPrefix(e.Msg, "closed by server")
}

package rules_test

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine (or a delayed
// reply's timer) behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testTimeout bounds every wait; generous, so a slow machine only slows
// the tests.
const testTimeout = 10 * time.Second

const serverRules = `rules:
  - match: "PING"
    reply: "PONG {{counter}}\n"
  - prefix: "SLOW"
    reply: "slow\n"
    delay: 1h
  - prefix: "LATE"
    reply: "late {{data}}\n"
    delay: 1ms
  - contains: "BYE"
    reply: "bye\n"
    close: true
  - match: "QUIET"
    drop: true
`

// startRules starts a rules server on network's loopback and stops it
// when the test ends.
func startRules(t *testing.T, network, src string, q *sockets.EventQueue) *sockets.Server {
	t.Helper()
	set, err := rules.Parse("rules.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := sockets.NewServer(sockets.ServerConfig{Network: network, Mode: sockets.ModeRules, Rules: set, Events: q})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

func dial(t *testing.T, network string, s *sockets.Server) net.Conn {
	t.Helper()
	c, err := net.DialTimeout(network, s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(testTimeout))
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange writes msg and reads exactly want.
func exchange(t *testing.T, c net.Conn, msg, want string) {
	t.Helper()
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != want {
		t.Fatalf("sent %q, got %q (%v); want %q", msg, got, err, want)
	}
}

func TestTCPRules(t *testing.T) {
	q := sockets.NewEventQueue(1024)
	q.SetDataRate(0)
	s := startRules(t, "tcp", serverRules, q)
	c := dial(t, "tcp", s)
	exchange(t, c, "PING\nPING\r\n", "PONG 1\nPONG 2\n")
	exchange(t, c, "QUIET\nhello\n", "hello\n") // dropped, then echoed by default
	exchange(t, c, "LATE x\n", "late LATE x\n")
	exchange(t, c, "say BYE\nPING\n", "bye\n")
	if n, err := c.Read(make([]byte, 16)); err != io.EOF {
		t.Fatalf("after the close rule: read %d bytes, %v; want EOF", n, err)
	}
	s.Stop()
	var ruleMsgs []string
	var closedBy string
	for _, e := range q.Drain(nil, 0) {
		switch e.Kind {
		case sockets.KindRule:
			ruleMsgs = append(ruleMsgs, e.Msg)
			if e.Rule == "" || e.Side != sockets.SideServer || e.Remote != c.LocalAddr().String() {
				t.Errorf("rule event %+v lacks its rule or peer", e)
			}
		case sockets.KindDisconnected:
			closedBy = e.Msg
		}
	}
	want := []string{`rule "PING": reply 7 B`, `rule "PING": reply 7 B`, `rule "QUIET": drop (no reply)`,
		`rule "LATE": reply 12 B after 1ms`, `rule "BYE": reply 4 B, then close`}
	if strings.Join(ruleMsgs, "|") != strings.Join(want, "|") {
		t.Errorf("rule events %q; want %q", ruleMsgs, want)
	}
	if closedBy != `closed by rule "BYE"` {
		t.Errorf("disconnect says %q; want closed by rule \"BYE\"", closedBy)
	}
	if st := s.Stats(); st.BytesIn != 43 || st.BytesOut != 36 {
		t.Errorf("counted %d B in, %d B out; want 43 in, 36 out", st.BytesIn, st.BytesOut)
	}
}

func TestTCPDelayDoesNotHoldOtherPeers(t *testing.T) {
	s := startRules(t, "tcp", serverRules, nil)
	slow := dial(t, "tcp", s)
	if _, err := slow.Write([]byte("SLOW\n")); err != nil {
		t.Fatal(err)
	}
	fast := dial(t, "tcp", s)
	exchange(t, fast, "PING\n", "PONG 1\n")
	// Stop ends the hour-long wait at once.
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if n, err := slow.Read(make([]byte, 16)); n != 0 || err == nil {
		t.Fatalf("the delayed peer read %d bytes, %v; want the connection closed unanswered", n, err)
	}
}

func TestTCPEndOfStreamAnswersTheLastLine(t *testing.T) {
	s := startRules(t, "tcp", serverRules, nil)
	c := dial(t, "tcp", s).(*net.TCPConn)
	if _, err := c.Write([]byte("PI")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("NG")); err != nil {
		t.Fatal(err)
	}
	c.CloseWrite()
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "PONG 1\n" {
		t.Fatalf("got %q, %v; want PONG 1 then the close", got, err)
	}
}

func TestUDPRules(t *testing.T) {
	s := startRules(t, "udp", serverRules, nil)
	c := dial(t, "udp", s)
	datagram := func(msg, want string) {
		t.Helper()
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 256)
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != want {
			t.Fatalf("sent %q, got %q (%v); want %q", msg, buf[:n], err, want)
		}
	}
	// A delayed reply waits on a timer, not in the read loop.
	if _, err := c.Write([]byte("SLOW")); err != nil {
		t.Fatal(err)
	}
	datagram("PING", "PONG 1\n")
	datagram("PING\n", "PONG 2\n")
	datagram("LATE", "late LATE\n")
	datagram("hi", "hi")
	// Close forgets the peer, so its counter starts again.
	datagram("BYE", "bye\n")
	datagram("PING", "PONG 1\n")
	// Stop cancels the hour-long delay (goleak checks its timer is gone).
}

func TestUDPDatagramOfLines(t *testing.T) {
	s := startRules(t, "udp", serverRules, nil)
	c := dial(t, "udp", s)
	if _, err := c.Write([]byte("PING\nPING\nx")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 3 {
		buf := make([]byte, 64)
		n, err := c.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(buf[:n]))
	}
	if strings.Join(got, "|") != "PONG 1\n|PONG 2\n|x" {
		t.Fatalf("datagrams %q; want one per line", got)
	}
}

func TestRulesModeNeedsRules(t *testing.T) {
	if m, err := sockets.ParseMode("Rules"); err != nil || m != sockets.ModeRules || m.String() != "rules" {
		t.Fatalf(`ParseMode("Rules") = %v, %v; want rules`, m, err)
	}
	s := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeRules})
	if err := s.Start(); err == nil || !strings.Contains(err.Error(), "mode rules needs a rule set") {
		s.Stop()
		t.Fatalf("Start = %v; want a refusal", err)
	}
	if s.Running() {
		t.Fatal("the server runs without rules")
	}
}

func TestSwitchingModesAndRules(t *testing.T) {
	s := startRules(t, "tcp", serverRules, nil)
	c := dial(t, "tcp", s)
	exchange(t, c, "PING\n", "PONG 1\n")
	other, err := rules.Parse("other", []byte("rules:\n  - match: PING\n    reply: \"other {{counter}}\\n\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s.SetRules(other)
	exchange(t, c, "PING\n", "other 1\n")
	s.SetMode(sockets.ModeEcho, nil)
	exchange(t, c, "PING\n", "PING\n")
	s.SetMode(sockets.ModeRules, nil)
	exchange(t, c, "PING\n", "other 2\n")
	if s.Rules() != other {
		t.Fatal("Rules() is not the set given")
	}
}

// TestRulesAppendChecksum: a rule's append puts the checksum of its reply,
// as filled in for this answer, after it, over TCP and UDP: a Modbus-like
// device on loopback.
func TestRulesAppendChecksum(t *testing.T) {
	const src = `frame: raw
rules:
  - hex: "01 03 00 00 00 02 C4 0B"
    reply: "{{hex:01 03 04 00 0A 00 0B}}"
    append: crc16-modbus
  - prefix: "N"
    reply: "n={{counter}}"
    append: xor8
`
	for _, network := range []string{"tcp", "udp"} {
		s := startRules(t, network, src, nil)
		c := dial(t, network, s)
		exchange(t, c, "\x01\x03\x00\x00\x00\x02\xc4\x0b", "\x01\x03\x04\x00\x0a\x00\x0b\x9b\xf6")
		exchange(t, c, "N", "n=1"+string(rune('n'^'='^'1')))
		exchange(t, c, "N", "n=2"+string(rune('n'^'='^'2')))
	}
	for _, tc := range []struct{ src, want string }{
		{"rules:\n  - match: a\n    append: crc8\n    close: true\n", `rules.yaml:3:5: rules[1].append: append adds a checksum to a reply: give the rule a reply too, or leave append out`},
		{"rules:\n  - match: a\n    reply: b\n    append: crc9\n", `rules.yaml:4:13: rules[1].append: unknown checksum "crc9"; use one of`},
	} {
		if _, err := rules.Parse("rules.yaml", []byte(tc.src)); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse = %v; want %q", err, tc.want)
		}
	}
}

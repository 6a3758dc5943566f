package sockets

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// startUDPRelay starts a UDP relay to target with cfg's other settings.
func startUDPRelay(t testing.TB, target string, cfg ServerConfig) *Server {
	t.Helper()
	cfg.Network, cfg.Mode, cfg.ForwardTo = "udp", ModeForward, target
	return startRelay(t, cfg)
}

// udpDial opens a UDP socket connected to s, with deadlines.
func udpDial(t testing.TB, s *Server) net.Conn {
	t.Helper()
	return dial(t, "udp", s)
}

func TestUDPRelayToEcho(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name, func(t *testing.T) {
			skipNoIPv6(t, lb.addr)
			echo := startServer(t, ServerConfig{Network: "udp", Addr: lb.addr})
			q := NewEventQueue(0)
			r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Addr: lb.addr, Events: q})
			ev := waitEvent(t, q, kindIs(SideRelay, KindListening))
			if e := ev[0]; e.Local != r.Addr().String() || e.Msg != "forwarding to "+echo.Addr().String() || e.Network != "udp" {
				t.Errorf("listening event %v", e)
			}
			c := udpDial(t, r)
			if _, err := c.Write([]byte("hello")); err != nil {
				t.Fatal(err)
			}
			if got := readDatagram(t, c); string(got) != "hello" {
				t.Fatalf("got %q; want hello", got)
			}
			ev = waitEvent(t, q, func(e Event) bool { return e.Kind == KindReceived && strings.HasPrefix(e.Msg, "target → client") })
			var kinds []string
			for _, e := range ev {
				kinds = append(kinds, e.Kind.String()+" "+e.Msg)
			}
			client := c.LocalAddr().String()
			want := []string{
				"connected first datagram; forwarding to " + echo.Addr().String(),
				"connected opened a socket to the target for client " + client,
				"received client → target " + echo.Addr().String(),
				"received target → client " + client,
			}
			if strings.Join(kinds, "|") != strings.Join(want, "|") {
				t.Fatalf("events\n  %s\nwant\n  %s", strings.Join(kinds, "\n  "), strings.Join(want, "\n  "))
			}
			relayOut := ev[1].Local
			if ev[0].Remote != client || ev[1].Remote != echo.Addr().String() || ev[0].Side != SideRelay {
				t.Errorf("connected events %v / %v", ev[0], ev[1])
			}
			if up, down := ev[2], ev[3]; up.Remote != client || up.Local != r.Addr().String() || string(up.Data) != "hello" ||
				down.Remote != echo.Addr().String() || down.Local != relayOut || string(down.Data) != "hello" {
				t.Errorf("data events %v / %v; want each direction from its source, with the bytes", up, down)
			}
			if peers := echo.Peers(); len(peers) != 1 || peers[0].Addr != relayOut {
				t.Errorf("echo server's peers %+v; want the relay's %s", peers, relayOut)
			}
			eventually(t, "the relay to count 1 datagram each way", func() bool {
				ps := r.Peers()
				return len(ps) == 1 && ps[0].Addr == client && ps[0].MsgsIn == 1 && ps[0].BytesIn == 5 && ps[0].MsgsOut == 1 && ps[0].BytesOut == 5
			})
			if err := r.SendTo(client, []byte("x")); err != errForwarding {
				t.Errorf("SendTo = %v; want %v", err, errForwarding)
			}
			if err := r.Stop(); err != nil {
				t.Fatal(err)
			}
			ev = waitEvent(t, q, kindIs(SideRelay, KindStopped))
			closed := ev[len(ev)-2]
			if closed.Kind != KindDisconnected || closed.Remote != client ||
				closed.Msg != "relay stopped; socket to the target closed; client → target 1 datagram, 5 B; target → client 1 datagram, 5 B" {
				t.Errorf("closed event %v", closed)
			}
			if e := ev[len(ev)-1]; e.Msg != "relayed 1 client; client → target 1 datagram, 5 B; target → client 1 datagram, 5 B" {
				t.Errorf("stopped event %q", e.Msg)
			}
		})
	}
}

// TestUDPRelayEachClientItsOwnSocket checks two clients get two sockets to
// the target, and every datagram of many comes back exact and counted.
func TestUDPRelayEachClientItsOwnSocket(t *testing.T) {
	echo := startServer(t, ServerConfig{Network: "udp"})
	r := startUDPRelay(t, echo.Addr().String(), ServerConfig{})
	a, b := udpDial(t, r), udpDial(t, r)
	const n = 500
	for i := 0; i < n; i++ {
		for _, c := range []net.Conn{a, b} {
			m := fmt.Sprintf("%s #%d", c.LocalAddr(), i)
			if _, err := c.Write([]byte(m)); err != nil {
				t.Fatal(err)
			}
			if got := readDatagram(t, c); string(got) != m {
				t.Fatalf("got %q; want %q", got, m)
			}
		}
	}
	if peers := echo.Peers(); len(peers) != 2 {
		t.Errorf("echo server heard from %d addresses; want 2, one per client", len(peers))
	}
	eventually(t, "exact counts", func() bool {
		st := r.Stats()
		return st.MsgsIn == 2*n && st.MsgsOut == 2*n && st.ConnsTotal == 2 && st.ConnsCurrent == 2 && st.BytesIn == st.BytesOut
	})
}

// TestUDPRelayIdleTimeout checks a quiet client's socket to the target is
// closed with an event, and a new datagram opens another.
func TestUDPRelayIdleTimeout(t *testing.T) {
	echo := startServer(t, ServerConfig{Network: "udp"})
	q := NewEventQueue(0)
	r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q, UDPRelayIdle: 50 * time.Millisecond})
	c := udpDial(t, r)
	for round := 0; round < 2; round++ {
		if _, err := c.Write([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		if got := readDatagram(t, c); string(got) != "ping" {
			t.Fatalf("got %q", got)
		}
		ev := waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
		want := fmt.Sprintf("idle for 50ms; socket to the target closed; client → target %d datagrams, %d B; target → client %d datagrams, %d B", 1, 4, 1, 4)
		want = strings.ReplaceAll(want, "1 datagrams", "1 datagram")
		if e := ev[len(ev)-1]; e.Msg != want || e.Remote != c.LocalAddr().String() {
			t.Errorf("round %d: idle event %q; want %q", round, e.Msg, want)
		}
		if ps := r.Peers(); len(ps) != 0 {
			t.Errorf("peers after idle: %v", ps)
		}
	}
	if st := r.Stats(); st.ConnsTotal != 2 || st.ConnsCurrent != 0 {
		t.Errorf("stats %+v; want 2 sockets opened, none open", st)
	}
}

// TestUDPRelayPeerTableBounded checks the relay keeps at most MaxUDPPeers
// clients, closing the oldest one's socket to the target.
func TestUDPRelayPeerTableBounded(t *testing.T) {
	echo := startServer(t, ServerConfig{Network: "udp"})
	q := NewEventQueue(0)
	r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q, MaxUDPPeers: 2})
	var cs []net.Conn
	for i := 0; i < 3; i++ {
		c := udpDial(t, r)
		cs = append(cs, c)
		c.Write([]byte("x"))
		readDatagram(t, c)
	}
	ev := waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
	if e := ev[len(ev)-1]; e.Remote != cs[0].LocalAddr().String() || !strings.HasPrefix(e.Msg, "forgotten to make room: 2 clients at most; ") {
		t.Errorf("eviction event %v", e)
	}
	if ps := r.Peers(); len(ps) != 2 {
		t.Errorf("peers %v; want 2", ps)
	}
	eventually(t, "one socket to the target closed", func() bool { return r.Stats().ConnsCurrent == 2 })
}

func TestUDPRelayStartErrors(t *testing.T) {
	for _, tt := range []struct {
		cfg  ServerConfig
		want string
	}{
		{ServerConfig{}, "no target given"},
		{ServerConfig{ForwardTo: "127.0.0.1:0"}, "cannot be connected to"},
		{ServerConfig{ForwardTo: "127.0.0.1:9", ForwardTLS: &ClientTLS{}}, "TLS"},
		{ServerConfig{ForwardTo: "127.0.0.1:9", Conditions: condSet(t, 1, "bandwidth=100")}, "UDP condition: condition bandwidth_down: bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt"},
	} {
		tt.cfg.Network, tt.cfg.Mode = "udp", ModeForward
		r := NewServer(tt.cfg)
		if err := r.Start(); err == nil || !strings.Contains(err.Error(), tt.want) {
			r.Stop()
			t.Errorf("Start(%+v) = %v; want %q", tt.cfg, err, tt.want)
		}
		if r.Running() {
			t.Errorf("relay running after a failed start")
		}
	}
}

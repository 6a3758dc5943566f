package sockets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestServerDefaultBindIsLoopback(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network})
			host, port, err := net.SplitHostPort(s.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			if host != "127.0.0.1" || port == "0" {
				t.Fatalf("bound %s; want 127.0.0.1 with a chosen port", s.Addr())
			}
		})
	}
}

func TestServerBarePortBindsLoopback(t *testing.T) {
	for in, want := range map[string]string{"0": "127.0.0.1:0", "9000": "127.0.0.1:9000", "localhost": "localhost", ":9000": ":9000"} {
		if got := NewServer(ServerConfig{Addr: in}).Config().Addr; got != want {
			t.Errorf("Addr %q became %q; want %q", in, got, want)
		}
	}
}

func TestServerEcho(t *testing.T) {
	for _, lb := range loopbacks {
		for _, network := range []string{"tcp", "udp"} {
			t.Run(network+"/"+lb.name, func(t *testing.T) {
				skipNoIPv6(t, lb.addr)
				s := startServer(t, ServerConfig{Network: network, Addr: lb.addr})
				c := dial(t, network, s)
				msg := []byte("hello\x00\xff\r\n")
				if network == "tcp" {
					roundTrip(t, c, msg, msg)
					return
				}
				c.Write(msg)
				if got := readDatagram(t, c); !bytes.Equal(got, msg) {
					t.Fatalf("got %q; want %q", got, msg)
				}
			})
		}
	}
}

func TestServerAllInterfacesIPv6(t *testing.T) {
	skipNoIPv6(t, "[::1]:0")
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network, Addr: "[::]:0"})
			_, port, _ := net.SplitHostPort(s.Addr().String())
			c, err := net.DialTimeout(network, net.JoinHostPort("::1", port), testTimeout)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(testTimeout))
			c.Write([]byte("v6"))
			got := make([]byte, 2)
			if _, err := io.ReadFull(c, got); err != nil || string(got) != "v6" {
				t.Fatalf("got %q, %v; want \"v6\"", got, err)
			}
		})
	}
}

func TestServerModes(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network+"/reply", func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network, Mode: ModeReply, Reply: []byte("OK\r\n")})
			c := dial(t, network, s)
			c.Write([]byte("ping"))
			got := make([]byte, 4)
			if _, err := io.ReadFull(c, got); err != nil || string(got) != "OK\r\n" {
				t.Fatalf("got %q, %v; want \"OK\\r\\n\"", got, err)
			}
		})
		t.Run(network+"/sink", func(t *testing.T) {
			q := NewEventQueue(64)
			s := startServer(t, ServerConfig{Network: network, Mode: ModeSilent, Events: q})
			c := dial(t, network, s)
			c.Write([]byte("into the void"))
			ev := waitEvent(t, q, kindIs(SideServer, KindReceived))
			if got := ev[len(ev)-1]; string(got.Data) != "into the void" || got.Bytes != 13 {
				t.Fatalf("received event %v; want 13 bytes \"into the void\"", got)
			}
			expectSilence(t, c, 150*time.Millisecond)
			if st := s.Stats(); st.BytesIn != 13 || st.BytesOut != 0 {
				t.Fatalf("stats %+v; want 13 in, 0 out", st)
			}
		})
		t.Run(network+"/switch", func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network})
			c := dial(t, network, s)
			c.Write([]byte("a"))
			got := make([]byte, 1)
			io.ReadFull(c, got)
			s.SetMode(ModeReply, []byte("R"))
			c.Write([]byte("b"))
			if _, err := io.ReadFull(c, got); err != nil || string(got) != "R" {
				t.Fatalf("after SetMode got %q, %v; want \"R\"", got, err)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": ModeEcho, "echo": ModeEcho, "Reply": ModeReply, "sink": ModeSilent, "silent": ModeSilent} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseMode("loud"); err == nil || !strings.Contains(err.Error(), `"loud"`) {
		t.Errorf("ParseMode(loud) error %v; want one naming \"loud\"", err)
	}
}

func TestTCPPeers(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Events: q})
	a, b := dial(t, "tcp", s), dial(t, "tcp", s)
	roundTrip(t, a, []byte("12345"), []byte("12345"))
	roundTrip(t, b, []byte("xy"), []byte("xy"))
	// The echo reaches a before the server counts it as sent. One more
	// message, not answered, orders the two: once the server has taken it
	// in, it has counted the echo before it.
	s.SetMode(ModeSilent, nil)
	a.Write([]byte("!"))
	waitEvent(t, q, func(e Event) bool { return e.Kind == KindReceived && string(e.Data) == "!" })
	s.SetMode(ModeEcho, nil)

	peers := s.Peers()
	if len(peers) != 2 {
		t.Fatalf("%d peers; want 2", len(peers))
	}
	byAddr := map[string]PeerInfo{}
	for _, p := range peers {
		byAddr[p.Addr] = p
	}
	pa := byAddr[a.LocalAddr().String()]
	if pa.BytesIn != 6 || pa.BytesOut != 5 || pa.Since.IsZero() {
		t.Fatalf("peer a %+v; want 6 in, 5 out, a connect time", pa)
	}

	if err := s.SendTo(a.LocalAddr().String(), []byte("just a")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 6)
	if _, err := io.ReadFull(a, got); err != nil || string(got) != "just a" {
		t.Fatalf("a got %q, %v", got, err)
	}
	expectSilence(t, b, 100*time.Millisecond)

	n, err := s.Broadcast([]byte("all"))
	if n != 2 || err != nil {
		t.Fatalf("Broadcast = %d, %v; want 2, nil", n, err)
	}
	for _, c := range []net.Conn{a, b} {
		got := make([]byte, 3)
		if _, err := io.ReadFull(c, got); err != nil || string(got) != "all" {
			t.Fatalf("broadcast got %q, %v", got, err)
		}
	}

	if err := s.Disconnect(b.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("disconnected peer read err %v; want EOF", err)
	}
	ev := waitEvent(t, q, kindIs(SideServer, KindDisconnected))
	if d := ev[len(ev)-1]; d.Remote != b.LocalAddr().String() || d.Msg != "disconnected by server" {
		t.Fatalf("disconnect event %v", d)
	}
	// The server reports the disconnect once b is off its list.
	if peers := s.Peers(); len(peers) != 1 || peers[0].Addr != a.LocalAddr().String() {
		t.Fatalf("peers after disconnecting b: %+v; want only a", peers)
	}

	if err := s.SendTo("127.0.0.1:1", []byte("x")); !errors.Is(err, ErrNoSuchPeer) {
		t.Fatalf("SendTo unknown peer err %v; want ErrNoSuchPeer", err)
	}
}

func TestUDPPeers(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Network: "udp", Events: q, MaxUDPPeers: 2})
	a, b, c := dial(t, "udp", s), dial(t, "udp", s), dial(t, "udp", s)
	for _, x := range []net.Conn{a, b} {
		x.Write([]byte("hi"))
		readDatagram(t, x)
	}
	peers := s.Peers()
	if len(peers) != 2 || peers[0].Addr != a.LocalAddr().String() || peers[0].BytesIn != 2 || peers[0].MsgsOut != 1 {
		t.Fatalf("peers %+v; want a then b with 2 bytes in, 1 message out", peers)
	}

	if err := s.SendTo(b.LocalAddr().String(), []byte("to b")); err != nil {
		t.Fatal(err)
	}
	if got := readDatagram(t, b); string(got) != "to b" {
		t.Fatalf("b got %q", got)
	}
	if n, err := s.Broadcast([]byte("all")); n != 2 || err != nil {
		t.Fatalf("Broadcast = %d, %v", n, err)
	}
	for _, x := range []net.Conn{a, b} {
		if got := readDatagram(t, x); string(got) != "all" {
			t.Fatalf("broadcast got %q", got)
		}
	}

	// The table is bounded: a third address evicts the least recently heard.
	c.Write([]byte("c"))
	readDatagram(t, c)
	peers = s.Peers()
	if len(peers) != 2 || peers[1].Addr != c.LocalAddr().String() {
		t.Fatalf("peers %+v; want 2 with c last", peers)
	}

	if err := s.Disconnect(c.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	if len(s.Peers()) != 1 {
		t.Fatalf("peers after forget: %+v", s.Peers())
	}
}

func TestUDPPeerTTL(t *testing.T) {
	s := NewServer(ServerConfig{Network: "udp", UDPPeerTTL: time.Minute})
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var elapsed atomic.Int64 // the fake clock's time since start
	s.now = func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	advance := func(d time.Duration) { elapsed.Add(int64(d)) }
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	c := dial(t, "udp", s)
	c.Write([]byte("x"))
	readDatagram(t, c) // the server lists the peer before it answers
	if p := s.Peers(); len(p) != 1 || !p[0].LastSeen.Equal(start) {
		t.Fatalf("peers %+v; want one last seen at %v", p, start)
	}
	advance(time.Minute)
	if len(s.Peers()) != 1 {
		t.Fatal("peer forgotten at exactly the TTL")
	}
	advance(time.Nanosecond)
	if p := s.Peers(); len(p) != 0 {
		t.Fatalf("peers %+v past the TTL; want none", p)
	}
}

func TestTCPClientLimit(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{MaxClients: 2, Events: q})
	a, b := dial(t, "tcp", s), dial(t, "tcp", s)
	roundTrip(t, a, []byte("a"), []byte("a"))
	roundTrip(t, b, []byte("b"), []byte("b"))
	over := dial(t, "tcp", s)
	// The extra client is closed at once, not left hanging.
	if n, err := over.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("over-limit client read %d, %v; want closed", n, err)
	}
	ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindError && strings.Contains(e.Msg, "client limit") })
	if got := ev[len(ev)-1]; got.Msg != "refused: client limit 2 reached" || got.Remote != over.LocalAddr().String() {
		t.Fatalf("limit event %v", got)
	}
	// Once one leaves, a new client is served.
	a.Close()
	waitEvent(t, q, func(e Event) bool { return e.Kind == KindDisconnected && e.Remote == a.LocalAddr().String() })
	if n := s.Stats().ConnsCurrent; n != 1 {
		t.Fatalf("%d connections after a left; want 1", n)
	}
	roundTrip(t, dial(t, "tcp", s), []byte("ok"), []byte("ok"))
}

func TestServerStartErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	q := NewEventQueue(16)
	s := NewServer(ServerConfig{Addr: ln.Addr().String(), Events: q})
	err = s.Start()
	if err == nil {
		s.Stop()
		t.Fatal("Start on a port in use succeeded")
	}
	want := fmt.Sprintf("listen tcp %s: bind: address already in use (another program is using this port)", ln.Addr())
	if err.Error() != want {
		t.Fatalf("error %q; want %q", err, want)
	}
	if e := <-q.Events(); e.Kind != KindError || !errors.Is(e.Err, syscall.EADDRINUSE) {
		t.Fatalf("event %v; want an error event", e)
	}
	if s.Running() {
		t.Fatal("server running after failed Start")
	}

	for _, bad := range []string{"127.0.0.1:99999", "999.1.1.1:80", "127.0.0.1:http-nope"} {
		if err := NewServer(ServerConfig{Addr: bad}).Start(); err == nil {
			t.Errorf("Start(%q) succeeded", bad)
		}
	}
	if err := NewServer(ServerConfig{Network: "sctp"}).Start(); err == nil || !strings.Contains(err.Error(), `unknown network "sctp"`) {
		t.Errorf("unknown network error %v", err)
	}
}

func TestListenErrorHints(t *testing.T) {
	base := &net.OpError{Op: "listen", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80},
		Err: &osSyscallError{"bind", syscall.EACCES}}
	got := explainListenError(base).Error()
	want := "listen tcp 127.0.0.1:80: bind: permission denied (ports below 1024 need administrator rights)"
	if got != want {
		t.Fatalf("got %q; want %q", got, want)
	}
}

// osSyscallError mirrors os.SyscallError so the hint test builds the exact
// error a non-root bind to port 80 returns.
type osSyscallError struct {
	syscall string
	err     error
}

func (e *osSyscallError) Error() string { return e.syscall + ": " + e.err.Error() }
func (e *osSyscallError) Unwrap() error { return e.err }

func TestPrivilegedPort(t *testing.T) {
	if syscall.Getuid() == 0 {
		t.Skip("running as root: binding a port below 1024 is allowed")
	}
	err := NewServer(ServerConfig{Addr: "127.0.0.1:1"}).Start()
	if err == nil || !strings.Contains(err.Error(), "permission denied (ports below 1024 need administrator rights)") {
		t.Fatalf("error %v; want permission denied with a hint", err)
	}
}

func TestServerRestartSamePort(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network})
			addr := s.Addr().String()
			c := dial(t, network, s)
			c.Write([]byte("x"))
			io.ReadFull(c, make([]byte, 1))
			if err := s.Stop(); err != nil {
				t.Fatal(err)
			}
			s2 := startServer(t, ServerConfig{Network: network, Addr: addr})
			if s2.Addr().String() != addr {
				t.Fatalf("restarted on %s; want %s", s2.Addr(), addr)
			}
			// The same Server can be started again too.
			s2.Stop()
			if err := s.Start(); err != nil {
				t.Fatalf("Start after Stop: %v", err)
			}
			roundTrip(t, dial(t, network, s), []byte("again"), []byte("again"))
		})
	}
}
func TestServerReportsBadAddress(t *testing.T) {
	err := NewServer(ServerConfig{Addr: "127.0.0.1:99999"}).Start()
	want := `listen tcp: invalid port "99999" in "127.0.0.1:99999" (want a number from 0 to 65535)`
	if err == nil || err.Error() != want {
		t.Fatalf("Start error %v; want %q", err, want)
	}
}

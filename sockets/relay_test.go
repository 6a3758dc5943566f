package sockets

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// startRelay starts cfg, a server in ModeForward, and stops it when the
// test ends.
func startRelay(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	r := NewServer(cfg)
	if err := r.Start(); err != nil {
		t.Fatalf("relay Start: %v", err)
	}
	t.Cleanup(func() { r.Stop() })
	return r
}

func TestRelayToEcho(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name, func(t *testing.T) {
			skipNoIPv6(t, lb.addr)
			echo := startServer(t, ServerConfig{Addr: lb.addr})
			q := NewEventQueue(0)
			r := startRelay(t, ServerConfig{Mode: ModeForward, Addr: lb.addr, ForwardTo: echo.Addr().String(), Events: q})
			ev := waitEvent(t, q, kindIs(SideRelay, KindListening))
			if e := ev[0]; e.Local != r.Addr().String() || e.Msg != "forwarding to "+echo.Addr().String() {
				t.Errorf("listening event %v", e)
			}
			got := make(chunks, 16)
			c := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: got.onData})
			if err := c.Send([]byte("hello\n")); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, "hello\n")

			ev = waitEvent(t, q, func(e Event) bool { return e.Kind == KindReceived && strings.HasPrefix(e.Msg, "target → client") })
			var kinds []string
			for _, e := range ev {
				kinds = append(kinds, e.Kind.String()+" "+e.Msg)
			}
			client, relayOut := c.LocalAddr().String(), ""
			want := []string{
				"connected client connected; forwarding to " + echo.Addr().String(),
				"connected connected to target for client " + client,
				"received client → target " + echo.Addr().String(),
				"received target → client " + client,
			}
			if strings.Join(kinds, "|") != strings.Join(want, "|") {
				t.Fatalf("events\n  %s\nwant\n  %s", strings.Join(kinds, "\n  "), strings.Join(want, "\n  "))
			}
			relayOut = ev[1].Local
			if ev[0].Local != r.Addr().String() || ev[0].Remote != client || ev[1].Remote != echo.Addr().String() {
				t.Errorf("connected events name %s<-%s and %s->%s", ev[0].Local, ev[0].Remote, ev[1].Local, ev[1].Remote)
			}
			if up, down := ev[2], ev[3]; up.Remote != client || up.Local != r.Addr().String() || string(up.Data) != "hello\n" ||
				down.Remote != echo.Addr().String() || down.Local != relayOut || string(down.Data) != "hello\n" {
				t.Errorf("data events %v / %v; want each direction from its source, with the bytes", up, down)
			}
			if peers := echo.Peers(); len(peers) != 1 || peers[0].Addr != relayOut {
				t.Errorf("echo server's peers %+v; want the relay's %s", peers, relayOut)
			}
			// The way up is counted once the target took the bytes, which
			// can be after the echo is back.
			eventually(t, "the relay to list the client with 6 B each way", func() bool {
				ps := r.Peers()
				return len(ps) == 1 && ps[0].Addr == client && ps[0].BytesIn == 6 && ps[0].BytesOut == 6
			})
			c.Close()
			ev = waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
			if e := ev[len(ev)-1]; e.Remote != client || e.Err != nil || e.Msg != "closed; client → target 6 B, target → client 6 B" {
				t.Errorf("disconnected event %v", e)
			}
			if st := r.Stats(); st.BytesIn != 6 || st.BytesOut != 6 || st.ConnsTotal != 1 || st.ConnsCurrent != 0 {
				t.Errorf("relay stats %+v", st)
			}
		})
	}
}

// TestRelayPassesHalfClose checks a target that answers only at end of
// input: the client's end of stream reaches it through the relay, and its
// answer and its own end of stream come back.
func TestRelayPassesHalfClose(t *testing.T) {
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: upperServer(t), Events: q})
	got := make(chunks, 16)
	c := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: got.onData})
	if err := c.Send([]byte("quiet please")); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "QUIET PLEASE")
	within(t, "the end of the target's stream", c.Done())
	if c.Err() != nil {
		t.Errorf("client Err() = %v; want an orderly close", c.Err())
	}
	var ends []string
	ev := waitEvent(t, q, func(e Event) bool {
		if e.Kind == KindHalfClose {
			ends = append(ends, e.Msg)
		}
		return e.Kind == KindDisconnected
	})
	if strings.Join(ends, "|") != "client sent end of stream; passed on to target|target sent end of stream; passed on to client" {
		t.Errorf("half-close events %q", ends)
	}
	if e := ev[len(ev)-1]; e.Err != nil {
		t.Errorf("disconnected %v; want no error", e)
	}
}

func TestRelayTargetUnreachable(t *testing.T) {
	q := NewEventQueue(0)
	target := nettest.ClosedAddr(t, "tcp")
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: target, Events: q})
	c := dialClient(t, ClientConfig{Addr: r.Addr().String()})
	within(t, "the relay to close the client", c.Done())
	ev := waitEvent(t, q, kindIs(SideRelay, KindError))
	e := ev[len(ev)-1]
	if !strings.Contains(e.ErrText(), "cannot reach target "+target) || !strings.Contains(e.ErrText(), "connection refused") || e.Remote != c.LocalAddr().String() {
		t.Errorf("error event %v; want the target named", e)
	}
	waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
}

// TestRelayTLSBothWays puts the relay between a TLS client and a TLS echo
// server: TLS toward the client with the relay's generated certificate, and
// TLS to the target verified against the target's.
func TestRelayTLSBothWays(t *testing.T) {
	echo := startTLSServer(t, ServerConfig{})
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Events: q,
		ForwardTLS: &ClientTLS{CAPEM: echo.Certificate().PEM}, TLS: &ServerTLS{}})
	if r.Certificate() == nil || r.Certificate().SHA256 == echo.Certificate().SHA256 {
		t.Fatal("the relay has no certificate of its own")
	}
	ev := waitEvent(t, q, kindIs(SideRelay, KindListening))
	if msg := ev[0].Msg; !strings.Contains(msg, "toward clients TLS, generated certificate sha256 "+r.Certificate().SHA256) || !strings.HasSuffix(msg, "; TLS to the target") {
		t.Errorf("listening message %q", msg)
	}
	got := make(chunks, 16)
	c := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: got.onData, TLS: &ClientTLS{CAPEM: r.Certificate().PEM}})
	if c.TLS().Chain[0].SHA256 != r.Certificate().SHA256 {
		t.Errorf("client saw %s; want the relay's certificate", c.TLS().Chain[0].SHA256)
	}
	if err := c.Send([]byte("secret")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "secret")
	var tlsEvents []Event
	ev = waitEvent(t, q, func(e Event) bool {
		if e.Kind == KindTLS {
			tlsEvents = append(tlsEvents, e)
		}
		return e.Kind == KindReceived && string(e.Data) == "secret" && strings.HasPrefix(e.Msg, "target → client")
	})
	if len(tlsEvents) != 2 || tlsEvents[0].Remote != c.LocalAddr().String() || tlsEvents[1].Remote != echo.Addr().String() ||
		tlsEvents[1].TLS.Chain[0].SHA256 != echo.Certificate().SHA256 || !tlsEvents[1].TLS.Verified {
		t.Errorf("TLS events %v; want the client side, then the verified target side", tlsEvents)
	}
}

func TestRelayTLSToTargetFails(t *testing.T) {
	echo := startTLSServer(t, ServerConfig{})
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Events: q, ForwardTLS: &ClientTLS{}})
	c := dialClient(t, ClientConfig{Addr: r.Addr().String()})
	if err := c.Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	within(t, "the relay to close the client", c.Done())
	// The relay's own failure must not read, to a plain client, as a TLS
	// server's answer to plain text: no close at once, no reset.
	if c.MaySpeakTLS() || c.Err() != nil {
		t.Errorf("client ended with %v, MaySpeakTLS %v; want a plain close, no TLS hint", c.Err(), c.MaySpeakTLS())
	}
	ev := waitEvent(t, q, kindIs(SideRelay, KindError))
	var te *tlsinfo.Error
	if e := ev[len(ev)-1]; !errors.As(e.Err, &te) || te.Reason != tlsinfo.UnknownAuthority || !strings.HasPrefix(e.ErrText(), "target "+echo.Addr().String()+": ") {
		t.Errorf("error event %v; want the target's certificate not trusted", e)
	}
}

// TestRelay64MiB sends 64 MiB through the relay to the echo server and
// checks every byte on the way back and the counters of all three.
func TestRelay64MiB(t *testing.T) {
	msg := pattern(64 << 20)
	echo := startServer(t, ServerConfig{})
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Events: NewEventQueue(0)})
	check := newStreamCheck(msg)
	c := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: check.onData})
	if err := c.Send(msg); err != nil {
		t.Fatal(err)
	}
	check.wait(t)
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	within(t, "the end of the echo's stream", c.Done())
	n := uint64(len(msg))
	for what, st := range map[string]Stats{"relay": r.Stats(), "echo": echo.Stats(), "client": c.Stats()} {
		in, out := st.BytesIn, st.BytesOut
		if what == "client" {
			in, out = out, in
		}
		if in != n || out != n {
			t.Errorf("%s counted %d and %d; want %d each way", what, in, out, n)
		}
	}
}

// TestRelayStopDuringHandshake checks Stop ends a relay whose target
// accepts but never answers the TLS handshake, and one whose client never
// starts its handshake.
func TestRelayStopDuringHandshake(t *testing.T) {
	silent := startServer(t, ServerConfig{Mode: ModeSilent})
	q := NewEventQueue(0)
	r := NewServer(ServerConfig{Mode: ModeForward, ForwardTo: silent.Addr().String(), Events: q, ForwardTimeout: time.Hour, ForwardTLS: &ClientTLS{Insecure: true}})
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	c := dialClient(t, ClientConfig{Addr: r.Addr().String()})
	waitEvent(t, q, kindIs(SideRelay, KindConnected))
	eventually(t, "the relay to reach the target", func() bool { return silent.Stats().ConnsCurrent == 1 })
	done := make(chan error, 1)
	go func() { done <- r.Stop() }()
	if err := within(t, "return from Stop", done); err != nil {
		t.Fatal(err)
	}
	within(t, "the client to be closed", c.Done())
}

func TestRelayLimitsAndDisconnect(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Events: q, MaxClients: 1})
	got := make(chunks, 4)
	first := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: got.onData})
	first.Send([]byte("x"))
	got.waitBytes(t, "x")
	second := dialClient(t, ClientConfig{Addr: r.Addr().String()})
	within(t, "the second client to be refused", second.Done())
	ev := waitEvent(t, q, kindIs(SideRelay, KindError))
	if e := ev[len(ev)-1]; e.Msg != "refused: client limit 1 reached" {
		t.Errorf("event %v", e)
	}
	if err := r.Disconnect(first.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	within(t, "the first client to be closed", first.Done())
	ev = waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
	if e := ev[len(ev)-1]; !strings.HasPrefix(e.Msg, "disconnected by relay; ") || e.Err != nil {
		t.Errorf("event %v", e)
	}
	if err := r.Disconnect("127.0.0.1:1"); !errors.Is(err, ErrNoSuchPeer) {
		t.Errorf("Disconnect(unknown) = %v", err)
	}
}

func TestRelayStartErrors(t *testing.T) {
	for _, tt := range []struct {
		cfg  ServerConfig
		want string
	}{
		{ServerConfig{Mode: ModeForward}, "no target given"},
		{ServerConfig{Mode: ModeForward, ForwardTo: "127.0.0.1:0"}, "cannot be connected to"},
		{ServerConfig{Mode: ModeForward, ForwardTo: "127.0.0.1:9", Addr: "127.0.0.1:99999"}, "invalid port"},
		{ServerConfig{Mode: ModeForward, ForwardTo: "127.0.0.1:9", Network: "unix"}, "only TCP and UDP can be relayed"},
		{ServerConfig{Mode: ModeForward, ForwardTo: "127.0.0.1:9", TLS: &ServerTLS{CertFile: "/nonexistent.pem", KeyFile: "/nonexistent.key"}}, "certificate file: open /nonexistent.pem"},
	} {
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

// TestRelayIsAServerMode checks what ModeForward shares with the other
// modes and where it differs: one Start/Stop, its events on Side relay,
// the stopped event's summary, and no bytes of its own to a client.
func TestRelayIsAServerMode(t *testing.T) {
	if m, err := ParseMode("forward"); err != nil || m != ModeForward {
		t.Fatalf(`ParseMode("forward") = %v, %v`, m, err)
	}
	echo := startServer(t, ServerConfig{})
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Events: q})
	got := make(chunks, 4)
	c := dialClient(t, ClientConfig{Addr: r.Addr().String(), OnData: got.onData})
	if err := c.Send([]byte("ab")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "ab")
	if err := r.SendTo(c.LocalAddr().String(), []byte("x")); !errors.Is(err, errForwarding) {
		t.Errorf("SendTo = %v; want %v", err, errForwarding)
	}
	if n, err := r.Broadcast([]byte("x")); n != 0 || !errors.Is(err, errForwarding) {
		t.Errorf("Broadcast = %d, %v; want 0, %v", n, err, errForwarding)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	within(t, "the client to be closed", c.Done())
	ev := waitEvent(t, q, kindIs(SideRelay, KindStopped))
	for _, e := range ev {
		if e.Side != SideRelay {
			t.Errorf("event %v on side %v; want relay", e, e.Side)
		}
	}
	if e := ev[len(ev)-1]; e.Msg != "relayed 1 connection; client → target 2 B; target → client 2 B" {
		t.Errorf("stopped event %q", e.Msg)
	}
	if r.Running() || r.Peers() != nil {
		t.Errorf("after Stop: running %v, peers %v", r.Running(), r.Peers())
	}
}

// TestRelayTargetResets has the target reset the connection mid-stream:
// the relay says the target reset it, never that the client's side failed
// on a connection the relay itself closed; and the client, which got
// nothing, is closed cleanly, not at once as a TLS server would (no TLS
// hint). Seven clients, as the two directions race.
func TestRelayTargetResets(t *testing.T) {
	target := serveLoopback(t, listenLoopback(t), func(c net.Conn) {
		c.Read(make([]byte, 64))
		c.(*net.TCPConn).SetLinger(0) // the close resets
	})
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: target, Events: q})
	var clients []*Client
	for range 7 {
		c := dialClient(t, ClientConfig{Addr: r.Addr().String()})
		if err := c.Send([]byte("hello")); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	for i, c := range clients {
		within(t, "the relay to close the client", c.Done())
		if c.MaySpeakTLS() || c.Err() != nil {
			t.Errorf("client %d ended with %v, MaySpeakTLS %v; want a clean close, no TLS hint", i, c.Err(), c.MaySpeakTLS())
		}
	}
	for i := range clients {
		ev := waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
		if e := ev[len(ev)-1]; e.Err == nil || !strings.HasPrefix(e.ErrText(), "the target reset the connection: ") || strings.Contains(e.ErrText(), "closed network connection") {
			t.Errorf("disconnect %d: event %v; want the target reset the connection", i, e)
		}
	}
}

package sockets

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// wsMsg is one message a WSClient received.
type wsMsg struct{ op, data string }

func startWSServer(t testing.TB, cfg ServerConfig) (*Server, string) {
	t.Helper()
	cfg.Network = NetworkWS
	s := startServer(t, cfg)
	scheme := "ws"
	if cfg.TLS != nil {
		scheme = "wss"
	}
	return s, scheme + "://" + s.Addr().String() + "/echo"
}

func dialWS(t testing.TB, cfg WSClientConfig) (*WSClient, chan wsMsg) {
	t.Helper()
	got := make(chan wsMsg, 64)
	cfg.OnMessage = func(op string, p []byte) { got <- wsMsg{op, string(p)} }
	c, err := DialWS(context.Background(), cfg)
	if err != nil {
		t.Fatalf("DialWS: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, got
}

func expectMsg(t testing.TB, got chan wsMsg, want wsMsg) {
	t.Helper()
	if m := within(t, "message", got); m != want {
		t.Fatalf("got %+v; want %+v", m, want)
	}
}

func TestWSEchoTextAndBinaryOneEventEach(t *testing.T) {
	sq := NewEventQueue(256)
	_, u := startWSServer(t, ServerConfig{Events: sq})
	cq := NewEventQueue(256)
	c, got := dialWS(t, WSClientConfig{URL: u, Events: cq})
	if err := c.Send([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	expectMsg(t, got, wsMsg{OpText, "hello"})
	if err := c.SendMessage(true, []byte{0, 1, 2, 0xff}); err != nil {
		t.Fatal(err)
	}
	expectMsg(t, got, wsMsg{OpBinary, "\x00\x01\x02\xff"})

	ev := waitEvent(t, sq, func(e Event) bool { return e.Kind == KindSent && e.Opcode == OpBinary })
	var rx []Event
	for _, e := range ev {
		if e.Kind == KindReceived {
			rx = append(rx, e)
		}
	}
	if len(rx) != 2 || string(rx[0].Data) != "hello" || rx[0].Opcode != OpText || rx[1].Opcode != OpBinary || rx[1].Bytes != 4 || rx[0].Network != "ws" {
		t.Fatalf("server received events %+v; want one text \"hello\" and one 4-byte binary", rx)
	}
	if line := rx[1].String(); !strings.Contains(line, " ws ") || !strings.Contains(line, " binary 4B ") {
		t.Fatalf("line %q; want network ws and opcode binary", line)
	}
	st := c.Stats()
	if st.MsgsOut != 2 || st.MsgsIn != 2 || st.BytesIn != 9 {
		t.Fatalf("client stats %+v; want 2 messages each way, 9 bytes in", st)
	}
}

func TestWSCloseCodeAndReasonBothWays(t *testing.T) {
	sq := NewEventQueue(256)
	s, u := startWSServer(t, ServerConfig{Events: sq})
	c, _ := dialWS(t, WSClientConfig{URL: u})
	if err := c.CloseWith(4000, "bye now"); err != nil {
		t.Fatalf("CloseWith: %v", err)
	}
	ev := waitEvent(t, sq, kindIs(SideServer, KindDisconnected))
	if m := ev[len(ev)-1].Message(); m != `closed by the client with code 4000: "bye now"` {
		t.Fatalf("server says %q", m)
	}

	cq := NewEventQueue(256)
	c2, _ := dialWS(t, WSClientConfig{URL: u, Events: cq})
	eventually(t, "peer listed", func() bool { return len(s.Peers()) == 1 })
	if err := s.Disconnect(s.Peers()[0].Addr); err != nil {
		t.Fatal(err)
	}
	within(t, "client end", c2.Done())
	ev = waitEvent(t, cq, kindIs(SideClient, KindDisconnected))
	if m := ev[len(ev)-1].Message(); m != `closed by the server with code 1000: "disconnected by server"` {
		t.Fatalf("client says %q", m)
	}
	if c2.Err() != nil {
		t.Fatalf("Err after a normal close = %v; want nil", c2.Err())
	}
}

func TestWSPingPong(t *testing.T) {
	sq := NewEventQueue(256)
	_, u := startWSServer(t, ServerConfig{Events: sq})
	cq := NewEventQueue(256)
	c, _ := dialWS(t, WSClientConfig{URL: u, Events: cq})
	if err := c.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	waitEvent(t, sq, func(e Event) bool { return e.Kind == KindInfo && e.Code == codeWSPing })
	waitEvent(t, cq, func(e Event) bool { return e.Kind == KindInfo && e.Code == codeWSPong })
}

func TestWSReplyRulesAndChatPerMessage(t *testing.T) {
	s, u := startWSServer(t, ServerConfig{Mode: ModeReply, Reply: []byte("OK")})
	c, got := dialWS(t, WSClientConfig{URL: u})
	c.Send([]byte("a"))
	c.Send([]byte("b"))
	expectMsg(t, got, wsMsg{OpText, "OK"})
	expectMsg(t, got, wsMsg{OpText, "OK"})

	s.SetMode(ModeChat, nil)
	c2, got2 := dialWS(t, WSClientConfig{URL: u})
	eventually(t, "two peers", func() bool { return len(s.Peers()) == 2 })
	c2.SendMessage(true, []byte("to all"))
	expectMsg(t, got, wsMsg{OpBinary, "to all"})
	select {
	case m := <-got2:
		t.Fatalf("the sender got its own chat message %+v", m)
	default:
	}
}

func TestWSRulesPerMessage(t *testing.T) {
	rs := lineRules{"PING": "PONG"}
	_, u := startWSServer(t, ServerConfig{Mode: ModeRules, Rules: rs})
	c, got := dialWS(t, WSClientConfig{URL: u})
	// Each message is a frame, with or without a line ending.
	c.Send([]byte("PING"))
	expectMsg(t, got, wsMsg{OpText, "PONG"})
	c.Send([]byte("PING"))
	expectMsg(t, got, wsMsg{OpText, "PONG"})
}

func TestWSS(t *testing.T) {
	sq := NewEventQueue(256)
	s, u := startWSServer(t, ServerConfig{Events: sq, TLS: &ServerTLS{}})
	cq := NewEventQueue(64)
	c, got := dialWS(t, WSClientConfig{URL: u, TLS: &ClientTLS{CAPEM: s.Certificate().PEM}, Events: cq})
	c.Send([]byte("secure"))
	expectMsg(t, got, wsMsg{OpText, "secure"})
	// The TLS session is an event, as a TCP client's with --tls.
	ev := waitEvent(t, cq, kindIs(SideClient, KindTLS))
	if e := ev[len(ev)-1]; e.TLS == nil || !e.TLS.Verified || e.Network != NetworkWS || e.Remote != s.Addr().String() {
		t.Fatalf("tls event %+v; want a verified handshake over ws from %s", e, s.Addr())
	}

	if _, err := DialWS(context.Background(), WSClientConfig{URL: u}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("wss without trusting the certificate: %v; want a certificate error", err)
	}
}

func TestWSHandshakeRefused403(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	_, err = DialWS(context.Background(), WSClientConfig{URL: "ws://" + ln.Addr().String() + "/x"})
	want := "the server refused the WebSocket handshake: 403 Forbidden; check the path and Origin"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v; want %q", err, want)
	}
}

func TestWSBadURL(t *testing.T) {
	_, err := DialWS(context.Background(), WSClientConfig{URL: "http://127.0.0.1:1/"})
	want := "http://127.0.0.1:1/ is not a WebSocket address: write ws://HOST:PORT/PATH or wss://HOST:PORT/PATH"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v; want %q", err, want)
	}
}

func TestWSStopEndsClients(t *testing.T) {
	s, u := startWSServer(t, ServerConfig{})
	c, _ := dialWS(t, WSClientConfig{URL: u})
	eventually(t, "peer listed", func() bool { return len(s.Peers()) == 1 })
	stopWithin(t, s)
	within(t, "client end", c.Done())
}

// lineRules answers a whole frame by exact match; a test's stand-in for
// package rules, which imports this one.
type lineRules map[string]string

func (r lineRules) NewPeer(string) RulePeer { return r }

func (r lineRules) Feed(b []byte, act func(*RuleAction) bool) {
	if reply, ok := r[string(b)]; ok {
		act(&RuleAction{Rule: string(b), Reply: []byte(reply)})
	}
}

func (r lineRules) Flush(func(*RuleAction) bool) {}

// TestClientOverWebSocket: a Client with Network "ws", as the window's
// client pane uses it: each Send one message, each message one received
// event with its opcode, the server's close code shown.
func TestClientOverWebSocket(t *testing.T) {
	s, u := startWSServer(t, ServerConfig{})
	cq := NewEventQueue(256)
	got := make(chunks, 8)
	c, err := Dial(context.Background(), ClientConfig{Network: NetworkWS, Addr: u, Events: cq, OnData: got.onData,
		WS: &WSOptions{Binary: true, Subprotocols: []string{"chat"}}})
	if err != nil {
		t.Fatalf("Dial ws: %v", err)
	}
	defer c.Close()
	if c.Subprotocol() != "chat" {
		t.Fatalf("subprotocol %q", c.Subprotocol())
	}
	if err := c.Send([]byte("one")); err != nil {
		t.Fatal(err)
	}
	if m := within(t, "echo", got); string(m) != "one" {
		t.Fatalf("echo %q", m)
	}
	ev := waitEvent(t, cq, kindIs(SideClient, KindReceived))
	if e := ev[len(ev)-1]; e.Opcode != OpBinary || e.Network != "ws" || string(e.Data) != "one" {
		t.Fatalf("received event %+v; want binary \"one\" over ws", e)
	}
	if i := slices.IndexFunc(ev, kindIs(SideClient, KindSent)); i < 0 || ev[i].Opcode != OpBinary || string(ev[i].Data) != "one" {
		t.Fatalf("events %v; want a sent event: binary \"one\"", ev)
	}
	eventually(t, "peer listed", func() bool { return len(s.Peers()) == 1 })
	s.Disconnect(s.Peers()[0].Addr)
	within(t, "end", c.Done())
	ev = waitEvent(t, cq, kindIs(SideClient, KindDisconnected))
	if m := ev[len(ev)-1].Message(); m != `closed by the server with code 1000: "disconnected by server"` {
		t.Fatalf("client says %q", m)
	}
	if c.Err() != nil {
		t.Fatalf("Err = %v", c.Err())
	}
}

func TestClientOverWebSocket403(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	_, err = Dial(context.Background(), ClientConfig{Network: NetworkWS, Addr: "ws://" + ln.Addr().String() + "/"})
	if err == nil || err.Error() != "the server refused the WebSocket handshake: 403 Forbidden; check the path and Origin" {
		t.Fatalf("err = %v", err)
	}
}

func TestWSPlainHTTPRequestIsReported(t *testing.T) {
	sq := NewEventQueue(256)
	s, _ := startWSServer(t, ServerConfig{Events: sq})
	resp, err := (&http.Client{Timeout: testTimeout}).Get("http://" + s.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired {
		t.Fatalf("status %d; want 426", resp.StatusCode)
	}
	ev := waitEvent(t, sq, kindIs(SideServer, KindError))
	if e := ev[len(ev)-1]; e.Code != codeWSNotHandshake || !strings.HasPrefix(e.Message(), "not a WebSocket handshake; answered with an HTTP error: ") {
		t.Fatalf("error event %q (code %q)", e.Message(), e.Code)
	}
}

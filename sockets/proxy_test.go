package sockets

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testpeers"
	"github.com/sockettester/sockettester/sockets/msg"
)

// hasCode reports whether an *msg.Error with code c is in err's chain.
func hasCode(err error, c msg.Code) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if m, ok := err.(*msg.Error); ok && m.Code == c {
			return true
		}
	}
	return false
}

func TestParseProxy(t *testing.T) {
	for _, tc := range []struct {
		in         string
		code       msg.Code // "" : accepted
		scheme     string
		addr, user string
		shown      string
	}{
		{in: "socks5://127.0.0.1:1080", scheme: ProxySOCKS5, addr: "127.0.0.1:1080", shown: "socks5://127.0.0.1:1080"},
		{in: "socks5h://proxy.example:1080", scheme: ProxySOCKS5, addr: "proxy.example:1080", shown: "socks5h://proxy.example:1080"},
		{in: " SOCKS5://u:p@[::1]:9 ", scheme: ProxySOCKS5, addr: "[::1]:9", user: "u", shown: "socks5://u:xxxxx@[::1]:9"},
		{in: "http://user:secret@127.0.0.1:8888/", scheme: ProxyHTTP, addr: "127.0.0.1:8888", user: "user", shown: "http://user:xxxxx@127.0.0.1:8888"},
		{in: "https://127.0.0.1:8888", code: codeProxyBadScheme},
		{in: "socks4://127.0.0.1:1080", code: codeProxyBadScheme},
		{in: "socks5://127.0.0.1", code: codeProxyNoPort},
		{in: "http://127.0.0.1:", code: codeProxyNoPort},
		{in: "socks5://127.0.0.1:65536", code: codeProxyBadPort},
		{in: "socks5://127.0.0.1:0", code: codeProxyBadPort},
		{in: "127.0.0.1:1080", code: codeProxyBadURL},
		{in: "socks5://:1080", code: codeProxyBadURL},
		{in: "http://127.0.0.1:8888/path", code: codeProxyBadURL},
		{in: "", code: codeProxyBadURL},
	} {
		p, err := ParseProxy(tc.in)
		if tc.code != "" {
			if !hasCode(err, tc.code) {
				t.Errorf("ParseProxy(%q) = %v; want code %s", tc.in, err, tc.code)
			} else if !strings.Contains(err.Error(), "socks5://HOST:PORT or http://HOST:PORT") {
				t.Errorf("ParseProxy(%q): %q does not say what would be right", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseProxy(%q): %v", tc.in, err)
			continue
		}
		if p.Scheme != tc.scheme || p.Addr != tc.addr || p.User != tc.user || p.String() != tc.shown {
			t.Errorf("ParseProxy(%q) = %+v shown %q; want %s %s user %q shown %q", tc.in, p, p, tc.scheme, tc.addr, tc.user, tc.shown)
		}
	}
}

func FuzzParseProxy(f *testing.F) {
	for _, s := range []string{"socks5://u:p@127.0.0.1:1080", "http://[::1]:8080", "socks5://x", "http://%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProxy(s)
		if err == nil && (p.Addr == "" || p.String() == "") {
			t.Fatalf("ParseProxy(%q) accepted %+v", s, p)
		}
	})
}

// localhostTarget is s's address by name, which only the proxy resolves.
func localhostTarget(s *Server) string {
	return net.JoinHostPort("localhost", strconv.Itoa(s.Addr().(*net.TCPAddr).Port))
}

// proxyEchoRoundTrip sends a line through c and checks the exact bytes
// come back.
func proxyEchoRoundTrip(t *testing.T, c *Client, got chunks) {
	t.Helper()
	want := "through the tunnel \x00\xff\r\n"
	if err := c.Send([]byte(want)); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, want)
}

// tunnelEvent waits for the event saying the tunnel is up and checks it
// names the target and the proxy, without the password.
func tunnelEvent(t *testing.T, q *EventQueue, target, proxy string) {
	t.Helper()
	ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindInfo && e.Code == codeProxyTunnel })
	e := ev[len(ev)-1]
	if want := "tunnel to " + target + " open through " + proxy; e.Msg != want {
		t.Fatalf("tunnel event %q; want %q", e.Msg, want)
	}
}

func TestProxyTCPAndTLSThroughRealProxies(t *testing.T) {
	socks := testpeers.Microsocks(t, "user", "pa:ss")
	socksOpen := testpeers.Microsocks(t, "", "")
	plain := startServer(t, ServerConfig{})
	secure := startTLSServer(t, ServerConfig{})
	http := testpeers.Tinyproxy(t, plain.Addr().(*net.TCPAddr).Port, secure.Addr().(*net.TCPAddr).Port)
	for _, tc := range []struct {
		name, proxy, shown string
	}{
		{"socks5 with password", "socks5://user:pa%3Ass@" + socks, "socks5://user:xxxxx@" + socks},
		{"socks5", "socks5://" + socksOpen, "socks5://" + socksOpen},
		{"http connect", "http://" + http, "http://" + http},
	} {
		for _, useTLS := range []bool{false, true} {
			name := tc.name + map[bool]string{false: "/tcp", true: "/tls"}[useTLS]
			t.Run(name, func(t *testing.T) {
				s := plain
				if useTLS {
					s = secure
				}
				q := NewEventQueue(256)
				got := make(chunks, 64)
				cfg := ClientConfig{Addr: localhostTarget(s), Proxy: tc.proxy, Events: q, OnData: got.onData, Timeout: testTimeout}
				if useTLS {
					cfg.TLS = &ClientTLS{CAPEM: s.Certificate().PEM}
				}
				c := dialClient(t, cfg)
				tunnelEvent(t, q, cfg.Addr, tc.shown)
				if c.RemoteAddr().String() != cfg.Addr {
					t.Fatalf("RemoteAddr %s; want the target %s", c.RemoteAddr(), cfg.Addr)
				}
				if useTLS && (c.TLS() == nil || c.TLS().ServerName != "localhost" || !c.TLS().Verified) {
					t.Fatalf("TLS %+v; want verified, server name localhost", c.TLS())
				}
				proxyEchoRoundTrip(t, c, got)
			})
		}
	}
}

func TestProxyWSThroughRealProxies(t *testing.T) {
	socks := testpeers.Microsocks(t, "user", "pass")
	ws, _ := startWSServer(t, ServerConfig{})
	wss, _ := startWSServer(t, ServerConfig{TLS: &ServerTLS{}})
	http := testpeers.Tinyproxy(t, ws.Addr().(*net.TCPAddr).Port, wss.Addr().(*net.TCPAddr).Port)
	for _, proxy := range []string{"socks5://user:pass@" + socks, "http://" + http} {
		for _, s := range []*Server{ws, wss} {
			scheme := "ws"
			var tlsCfg *ClientTLS
			if s == wss {
				scheme, tlsCfg = "wss", &ClientTLS{CAPEM: s.Certificate().PEM}
			}
			u := scheme + "://" + localhostTarget(s) + "/echo"
			t.Run(proxy[:4]+"/"+scheme, func(t *testing.T) {
				q := NewEventQueue(256)
				c, got := dialWS(t, WSClientConfig{URL: u, Proxy: proxy, TLS: tlsCfg, Events: q, Timeout: testTimeout})
				if err := c.Send([]byte("hello through a proxy")); err != nil {
					t.Fatal(err)
				}
				expectMsg(t, got, wsMsg{OpText, "hello through a proxy"})
				waitEvent(t, q, func(e Event) bool { return e.Kind == KindInfo && e.Code == codeProxyTunnel })

				// A Client over WebSocket goes the same way.
				chunk := make(chunks, 8)
				cc := dialClient(t, ClientConfig{Network: NetworkWS, Addr: u, Proxy: proxy, TLS: tlsCfg, OnData: chunk.onData, Timeout: testTimeout})
				proxyEchoRoundTrip(t, cc, chunk)
			})
		}
	}
}

func TestProxyRefusals(t *testing.T) {
	socks := testpeers.Microsocks(t, "user", "pass")
	s := startServer(t, ServerConfig{})
	port := s.Addr().(*net.TCPAddr).Port
	// tinyproxy allows another port only: ours is denied.
	http := testpeers.Tinyproxy(t, port+1)
	closed := listenLoopback(t)
	closedAddr := closed.Addr().String()
	closed.Close()
	for _, tc := range []struct {
		name, proxy, target string
		code                msg.Code
		says                string
	}{
		{"wrong password", "socks5://user:wrong@" + socks, localhostTarget(s), codeProxyAuthFailed,
			"the proxy socks5://user:xxxxx@" + socks + " refused to connect to " + localhostTarget(s) + ": the proxy refused the user name or password; check USER:PASS in the proxy address"},
		{"no password", "socks5://" + socks, localhostTarget(s), codeProxyNeedsAuth, "the proxy asks for a user name and password: write socks5://USER:PASS@HOST:PORT"},
		{"target refuses", "socks5://user:pass@" + socks, closedAddr, codeSOCKSReply, "the proxy answered 0x05: connection refused by the target"},
		{"port denied", "http://" + http, localhostTarget(s), codeProxyHTTPStatus, "the proxy answered 403 "},
		{"proxy down", "socks5://" + closedAddr, localhostTarget(s), codeProxyDial, "proxy socks5://" + closedAddr + ": "},
		{"not a socks proxy", "socks5://" + http, localhostTarget(s), codeProxySilent, "socks5://" + http + " took the connection but gave no SOCKS5 answer in time"},
		{"not an http proxy", "http://user:pass@" + socks, localhostTarget(s), codeProxyNotHTTP, "http://user:xxxxx@" + socks + " did not answer as an HTTP proxy; check its port, or write socks5:// for a SOCKS5 proxy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := NewEventQueue(256)
			// A second is enough for a proxy on loopback to answer.
			_, err := Dial(context.Background(), ClientConfig{Addr: tc.target, Proxy: tc.proxy, Events: q, Timeout: time.Second})
			if !hasCode(err, tc.code) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("Dial: %v; want code %s saying %q", err, tc.code, tc.says)
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindError))
			if e := ev[len(ev)-1]; !hasCode(e.Err, tc.code) {
				t.Fatalf("error event %+v; want code %s", e, tc.code)
			}
		})
	}
}

// TestProxyHTTPBasicAuth: tinyproxy asking for a password gets it in
// Proxy-Authorization; without it, its 407 is said with what to write.
func TestProxyHTTPBasicAuth(t *testing.T) {
	s := startServer(t, ServerConfig{})
	http := testpeers.TinyproxyAuth(t, "user", "pass", s.Addr().(*net.TCPAddr).Port)
	chunk := make(chunks, 8)
	c := dialClient(t, ClientConfig{Addr: localhostTarget(s), Proxy: "http://user:pass@" + http, OnData: chunk.onData, Timeout: testTimeout})
	proxyEchoRoundTrip(t, c, chunk)

	_, err := Dial(context.Background(), ClientConfig{Addr: localhostTarget(s), Proxy: "http://" + http, Timeout: testTimeout})
	want := "the proxy answered 407 Proxy Authentication Required; it asks for a user name and password: write http://USER:PASS@HOST:PORT, or check them"
	if !hasCode(err, codeProxyHTTPStatus) || !strings.Contains(err.Error(), want) {
		t.Fatalf("Dial: %v; want %q", err, want)
	}
}

// TestProxySOCKS5SendsNamesAndRepliesInWords plays the proxy: the target's
// name reaches it unresolved, and its reply code comes back in words.
func TestProxySOCKS5SendsNamesAndRepliesInWords(t *testing.T) {
	req := make(chan []byte, 1)
	a := serveLoopback(t, listenLoopback(t), func(c net.Conn) {
		b := make([]byte, 3)
		if _, err := io.ReadFull(c, b); err != nil || b[2] != socksNoAuth {
			return
		}
		c.Write([]byte{5, socksNoAuth})
		head := make([]byte, 5)
		if _, err := io.ReadFull(c, head); err != nil {
			return
		}
		rest := make([]byte, int(head[4])+2)
		io.ReadFull(c, rest)
		req <- append(head, rest...)
		c.Write([]byte{5, 0x02, 0, socksAtypIPv4, 0, 0, 0, 0, 0, 0})
	})
	_, err := Dial(context.Background(), ClientConfig{Addr: "target.example:4242", Proxy: "socks5://" + a, Timeout: testTimeout})
	want := "the proxy socks5://" + a + " refused to connect to target.example:4242: the proxy answered 0x02: not allowed by ruleset; check the proxy's rules for this client and target"
	if err == nil || err.Error() != want {
		t.Fatalf("Dial: %v; want %q", err, want)
	}
	if got := string(within(t, "request", req)); got != "\x05\x01\x00\x03\x0etarget.example\x10\x92" {
		t.Fatalf("CONNECT request %q; want the name, unresolved, and port 4242", got)
	}
}

func TestProxyOnlyForStreams(t *testing.T) {
	for _, network := range []string{"udp", "unix"} {
		_, err := Dial(context.Background(), ClientConfig{Network: network, Addr: "127.0.0.1:9", Proxy: "socks5://127.0.0.1:1080"})
		if !hasCode(err, codeProxyOnlyTCP) {
			t.Errorf("%s: %v; want code %s", network, err, codeProxyOnlyTCP)
		}
	}
	_, err := Dial(context.Background(), ClientConfig{Addr: "127.0.0.1:9", Proxy: "ftp://127.0.0.1:21"})
	if !hasCode(err, codeProxyBadScheme) {
		t.Errorf("bad scheme: %v; want code %s", err, codeProxyBadScheme)
	}
}

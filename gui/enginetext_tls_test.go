package gui

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// tlsEngineMessages makes the engine say what the window shows of TLS,
// half-close, the local address and the relay: a TLS session on loopback,
// the ways a handshake and a certificate file fail, a relay session and
// the input problems of the new fields.
func tlsEngineMessages(t *testing.T) []string {
	t.Helper()
	var out []string
	add := func(err error) {
		if err != nil {
			out = append(out, i18n.PlainReason(err))
		}
	}
	addAll := func(err error) {
		if err != nil {
			out = append(out, err.Error())
		}
	}
	q := sockets.NewEventQueue(1024)
	ctx := context.Background()
	dial := func(cfg sockets.ClientConfig) (*sockets.Client, error) {
		cfg.Events, cfg.Timeout = q, waitTimeout
		return sockets.Dial(ctx, cfg)
	}

	// A TLS echo server, a verified client that half-closes, and the
	// failures: an untrusted certificate, the wrong name, plain bytes both
	// ways, a CA file that is missing or not PEM.
	srv := sockets.NewServer(sockets.ServerConfig{TLS: &sockets.ServerTLS{}, Events: q})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	srvAddr := srv.Addr().String()
	ca := srv.Certificate().PEM
	c, err := dial(sockets.ClientConfig{Addr: srvAddr, TLS: &sockets.ClientTLS{CAPEM: ca}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	add(c.CloseWrite())
	<-c.Done()
	add(c.Send([]byte("more")))
	c.Close()
	_, err = dial(sockets.ClientConfig{Addr: srvAddr, TLS: &sockets.ClientTLS{}})
	add(err)
	_, err = dial(sockets.ClientConfig{Addr: srvAddr, TLS: &sockets.ClientTLS{CAPEM: ca, ServerName: "example.com"}})
	add(err)
	plain, err := dial(sockets.ClientConfig{Addr: srvAddr})
	if err != nil {
		t.Fatal(err)
	}
	plain.Send([]byte("GET / HTTP/1.0\r\n\r\n"))
	<-plain.Done()
	echo := sockets.NewServer(sockets.ServerConfig{Events: q})
	if err := echo.Start(); err != nil {
		t.Fatal(err)
	}
	defer echo.Stop()
	_, err = dial(sockets.ClientConfig{Addr: echo.Addr().String(), TLS: &sockets.ClientTLS{}})
	add(err)
	reply := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeReply, Reply: []byte("hello\n"), Events: q})
	if err := reply.Start(); err != nil {
		t.Fatal(err)
	}
	defer reply.Stop()
	rc, err := dial(sockets.ClientConfig{Addr: reply.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	rc.Send([]byte("x"))
	add(rc.CloseWrite())
	<-rc.Done()
	_, err = dial(sockets.ClientConfig{Addr: srvAddr, TLS: &sockets.ClientTLS{CAFile: filepath.Join(t.TempDir(), "none.pem")}})
	add(err)
	_, err = dial(sockets.ClientConfig{Addr: srvAddr, TLS: &sockets.ClientTLS{CAFile: writeTestFile(t, t.TempDir(), "ca.pem", []byte("hello"))}})
	add(err)
	_, err = dial(sockets.ClientConfig{Network: "udp", Addr: srvAddr, TLS: &sockets.ClientTLS{}})
	add(err)
	u, err := dial(sockets.ClientConfig{Network: "udp", Addr: srvAddr})
	if err != nil {
		t.Fatal(err)
	}
	add(u.CloseWrite())
	u.Close()

	// Certificate files: missing, not PEM, a key of another certificate,
	// expired, for another name.
	certFile, keyFile := validCertFiles(t)
	otherCert, otherKey := validCertFiles(t)
	oldCert, oldKey := certFiles(t, []string{"localhost"}, time.Now().Add(-72*time.Hour), time.Now().Add(-48*time.Hour))
	nameCert, nameKey := certFiles(t, []string{"example.com"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	junk := writeTestFile(t, t.TempDir(), "junk.pem", []byte("not a certificate"))
	for _, f := range [][3]string{
		{filepath.Join(t.TempDir(), "none.pem"), keyFile, ""}, {certFile, filepath.Join(t.TempDir(), "none.pem"), ""},
		{junk, keyFile, ""}, {certFile, junk, ""}, {certFile, otherKey, ""}, {oldCert, oldKey, ""},
		{nameCert, nameKey, "localhost"}, {otherCert, keyFile, ""},
	} {
		var names []string
		if f[2] != "" {
			names = []string{f[2]}
		}
		_, err := tlsinfo.Load(f[0], f[1], names, time.Now())
		addAll(err)
	}
	bad := sockets.NewServer(sockets.ServerConfig{TLS: &sockets.ServerTLS{CertFile: nameCert, KeyFile: nameKey}, Events: q})
	addAll(bad.Start())

	// A relay to the echo server, a client through it that half-closes, a
	// relay to nowhere, one over UDP.
	r := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeForward, ForwardTo: echo.Addr().String(), Events: q})
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	rc, err = dial(sockets.ClientConfig{Addr: r.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	rc.Send([]byte("hi"))
	rc.CloseWrite()
	<-rc.Done()
	r.Stop()
	dead := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeForward, ForwardTo: net.JoinHostPort("127.0.0.1", "1"), Events: q})
	if err := dead.Start(); err != nil {
		t.Fatal(err)
	}
	dc, err := dial(sockets.ClientConfig{Addr: dead.Addr().String()})
	if err == nil {
		<-dc.Done()
	}
	dead.Stop()
	tlsTo := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeForward, ForwardTo: echo.Addr().String(), ForwardTLS: &sockets.ClientTLS{}, Events: q})
	if err := tlsTo.Start(); err != nil {
		t.Fatal(err)
	}
	if tc, err := dial(sockets.ClientConfig{Addr: tlsTo.Addr().String()}); err == nil {
		<-tc.Done()
	}
	tlsTo.Stop()
	add(sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeForward, Network: "udp", ForwardTo: srvAddr}).Start())

	// Input problems of the new fields.
	for _, a := range [][2]string{{"x y", ""}, {"", "99999"}, {"example.com", ""}} {
		_, err := addr.ParseLocal(a[0], a[1])
		add(err)
	}
	for _, s := range []string{"", "http://x", "host", "::1:80", "host:", "a b:80"} {
		_, err := addr.ParseDial(s)
		add(err)
	}
	_, err = dial(sockets.ClientConfig{Addr: srvAddr, LocalAddr: "127.0.0.1:" + portOf(t, srvAddr)})
	add(err)

	srv.Stop()
	echo.Stop()
	reply.Stop()
	for _, e := range q.Drain(nil, 0) {
		// A handshake's message is rendered from its TLSInfo (tlsRowText).
		if e.Kind != sockets.KindTLS && e.Msg != "" {
			out = append(out, e.Msg)
		}
		if e.Err != nil {
			out = append(out, i18n.PlainReason(e.Err))
		}
		if e.TLS != nil && e.TLS.Version == "" {
			out = append(out, e.TLS.Verify)
		}
	}
	return out
}

// portOf returns the port of host:port.
func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEngineTextsCoverTLSAndRelay fails when the engine says something
// about TLS, half-close, the local address or the relay that the window
// shows and engineTexts does not translate.
func TestEngineTextsCoverTLSAndRelay(t *testing.T) {
	msgs := tlsEngineMessages(t)
	if len(msgs) < 30 {
		t.Fatalf("only %d messages: %q", len(msgs), msgs)
	}
	// A count picks the plural form with every other value filled in.
	for _, m := range []string{"relayed 1 connection; client → target 6 B; target → client 6 B", "relayed 3 connections; client → target 0 B; target → client 9 B"} {
		if got := i18n.TrEngine(m); got != m {
			t.Errorf("trEngine(%q) = %q", m, got)
		}
	}
	// In Vietnamese the new texts read differently, the hints inside too.
	checkVietnamese(t, map[string]string{
		"the client refused the handshake (tls: bad certificate): it does not trust this certificate": "máy khách từ chối bắt tay (tls: bad certificate): nó không tin chứng chỉ này",
		"sent end of stream; still receiving": "đã gửi kết thúc luồng; vẫn đang nhận",
		"certificate lists 127.0.0.1 as a host name, not as an IP address, so it does not match the address 127.0.0.1":          "chứng chỉ ghi 127.0.0.1 như một tên máy, không phải địa chỉ IP, nên không khớp với địa chỉ 127.0.0.1",
		"certificate names localhost only in its Common Name, which TLS no longer checks (it needs a Subject Alternative Name)": "chứng chỉ chỉ ghi localhost trong Common Name, trường mà TLS không còn kiểm tra nữa (cần có Subject Alternative Name)",
		"mode echo; TLS, generated certificate sha256 AB:CD":                                                                    "chế độ phản hồi lại; TLS, chứng chỉ tự tạo sha256 AB:CD",
	})
	seen := map[string]bool{}
	for _, m := range msgs {
		if !i18n.EngineKnows(m) && !seen[m] {
			seen[m] = true
			t.Errorf("engine message %q has no translation in engineTexts", m)
		}
	}
}

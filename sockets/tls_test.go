package sockets

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

func TestTLSEchoWithGeneratedCertificate(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name, func(t *testing.T) {
			skipNoIPv6(t, lb.addr)
			sq := NewEventQueue(0)
			s := startTLSServer(t, ServerConfig{Addr: lb.addr, Events: sq})
			cert := s.Certificate()
			if cert == nil || !cert.Generated || cert.Info.Key != "ECDSA P-256" {
				t.Fatalf("Certificate() = %+v; want a generated ECDSA P-256 certificate", cert)
			}
			for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
				if !slices.Contains(cert.Info.SANs, n) {
					t.Errorf("SANs %q lack %s", cert.Info.SANs, n)
				}
			}
			if d := cert.Info.NotAfter.Sub(cert.Info.NotBefore); d < 7*24*time.Hour || d > 7*24*time.Hour+2*time.Minute {
				t.Errorf("valid for %v; want 7 days", d)
			}
			ev := waitEvent(t, sq, kindIs(SideServer, KindListening))
			if msg := ev[len(ev)-1].Msg; !strings.Contains(msg, "sha256 "+cert.SHA256) {
				t.Errorf("listening message %q does not name the fingerprint %s", msg, cert.SHA256)
			}

			got := make(chunks, 16)
			cq := NewEventQueue(0)
			c, err := dialTLS(t, s, ClientConfig{Events: cq, OnData: got.onData})
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			info := c.TLS()
			if info == nil || info.Version != "TLS 1.3" || !info.Verified || info.Verify != tlsinfo.VerifyOK || info.Resumed {
				t.Fatalf("TLS() = %+v; want TLS 1.3, verified, new session", info)
			}
			if len(info.Chain) != 1 || info.Chain[0].SHA256 != cert.SHA256 || info.Chain[0].DaysLeft != 6 {
				t.Errorf("chain %+v; want the server's certificate with 6 whole days left", info.Chain)
			}
			if err := c.Send([]byte("hello\x00\xff")); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, "hello\x00\xff")

			ce := waitEvent(t, cq, kindIs(SideClient, KindTLS))
			if e := ce[len(ce)-1]; e.TLS != info || !strings.HasPrefix(e.Msg, "TLS 1.3, TLS_AES_128_GCM_SHA256, new session") || !strings.Contains(e.Msg, "; verified") {
				t.Errorf("client TLS event %q; want the handshake summed up", e.Msg)
			}
			se := waitEvent(t, sq, kindIs(SideServer, KindTLS))
			if e := se[len(se)-1]; e.TLS.Verify != tlsinfo.VerifyNotRequested || e.Remote != c.LocalAddr().String() || e.TLS.Chain != nil {
				t.Errorf("server TLS event %+v; want no client certificate asked for, remote %s", e.TLS, c.LocalAddr())
			}
			if se[len(se)-2].Kind != KindConnected {
				t.Errorf("server events %v; want connected just before tls", se)
			}
		})
	}
}

func TestTLSClientReportsALPNAndSNI(t *testing.T) {
	s := startTLSServer(t, ServerConfig{TLS: &ServerTLS{ALPN: []string{"http/1.1"}}})
	sq := s.cfg.Events
	_ = sq
	c, err := dialTLS(t, s, ClientConfig{TLS: &ClientTLS{CAPEM: s.Certificate().PEM, ServerName: "localhost", ALPN: []string{"h2", "http/1.1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if info := c.TLS(); info.ALPN != "http/1.1" || info.ServerName != "localhost" || !strings.Contains(info.Summary(), "ALPN http/1.1") {
		t.Errorf("TLS() = %+v (%s); want ALPN http/1.1 and SNI localhost", info, info.Summary())
	}
}

func TestTLSMutualClientCertificate(t *testing.T) {
	sq := NewEventQueue(0)
	s := startTLSServer(t, ServerConfig{Events: sq, TLS: &ServerTLS{RequestClientCert: true}})
	clientCert := testCert(t, []string{"client.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	certFile, keyFile := certFiles(t, clientCert)
	if _, err := dialTLS(t, s, ClientConfig{TLS: &ClientTLS{CAPEM: s.Certificate().PEM, CertFile: certFile, KeyFile: keyFile}}); err != nil {
		t.Fatal(err)
	}
	ev := waitEvent(t, sq, kindIs(SideServer, KindTLS))
	info := ev[len(ev)-1].TLS
	if info.Verify != tlsinfo.VerifyNotChecked || len(info.Chain) != 1 || info.Chain[0].SHA256 != clientCert.SHA256 {
		t.Errorf("server saw %+v; want the client's certificate, not checked", info)
	}
	if _, err := dialTLS(t, s, ClientConfig{}); err != nil {
		t.Fatal(err)
	}
	ev = waitEvent(t, sq, kindIs(SideServer, KindTLS))
	if info := ev[len(ev)-1].TLS; info.Verify != tlsinfo.VerifyNone || !strings.Contains(ev[len(ev)-1].Msg, "peer certificate: none presented") {
		t.Errorf("server saw %+v (%s); want none presented", info, ev[len(ev)-1].Msg)
	}
}

func TestTLSInsecureSkipsVerification(t *testing.T) {
	s := startTLSServer(t, ServerConfig{})
	c, err := dialTLS(t, s, ClientConfig{TLS: &ClientTLS{Insecure: true}})
	if err != nil {
		t.Fatal(err)
	}
	if info := c.TLS(); info.Verified || info.Verify != tlsinfo.VerifySkipped || !strings.HasSuffix(strings.Split(info.Summary(), "; certificate")[0], "; verification skipped") {
		t.Errorf("TLS() = %+v (%s); want verification skipped", info, info.Summary())
	}
}

// TestTLSClientFailures checks that every way a handshake fails ends Dial
// with an error that says why in plain words, and never hangs.
func TestTLSClientFailures(t *testing.T) {
	gen := startTLSServer(t, ServerConfig{})
	expired := testCert(t, []string{"127.0.0.1"}, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC))
	expiredAddr := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{expired.KeyPair()}}, nil)
	old := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{gen.Certificate().KeyPair()}, MaxVersion: tls.VersionTLS12}, nil)
	echo := startServer(t, ServerConfig{})
	silent := startServer(t, ServerConfig{Mode: ModeSilent})
	http := plainServer(t, "HTTP/1.1 400 Bad Request\r\n\r\n", true)
	// Names as ncat --ssl gives its certificate (127.0.0.1 as a host
	// name), and in the Common Name only.
	dnsIP := testCertWith(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), func(c *x509.Certificate) { c.DNSNames = []string{"127.0.0.1"} })
	dnsIPAddr := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{dnsIP.KeyPair()}}, nil)
	cnOnly := testCertWith(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), func(c *x509.Certificate) { c.Subject.CommonName = "localhost" })
	cnOnlyAddr := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{cnOnly.KeyPair()}}, nil)
	tests := []struct {
		name    string
		addr    string
		tls     ClientTLS
		timeout time.Duration
		reason  tlsinfo.Failure
		text    string
	}{
		{"unknown authority", gen.Addr().String(), ClientTLS{}, 0, tlsinfo.UnknownAuthority, "not signed by an authority this client trusts (self-signed?)"},
		{"name mismatch", gen.Addr().String(), ClientTLS{CAPEM: gen.Certificate().PEM, ServerName: "example.com"}, 0, tlsinfo.NameMismatch, "certificate is for localhost, 127.0.0.1, ::1, you asked for example.com"},
		{"IP as a host name", dnsIPAddr, ClientTLS{CAPEM: dnsIP.PEM}, 0, tlsinfo.NameMismatch, "certificate lists 127.0.0.1 as a host name, not as an IP address, so it does not match the address 127.0.0.1"},
		{"Common Name only", cnOnlyAddr, ClientTLS{CAPEM: cnOnly.PEM, ServerName: "localhost"}, 0, tlsinfo.CommonNameOnly,
			`the certificate names localhost only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName (openssl req … -addext "subjectAltName=DNS:localhost"), or skip verification: `},
		{"Common Name only, by address", cnOnlyAddr, ClientTLS{CAPEM: cnOnly.PEM}, 0, tlsinfo.CommonNameOnly,
			`the certificate names localhost only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName (openssl req … -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"), or skip verification: `},
		{"expired", expiredAddr, ClientTLS{CAPEM: expired.PEM}, 0, tlsinfo.Expired, "certificate expired on 2021-01-02 03:04:05 UTC ("},
		{"plain bytes", http, ClientTLS{Insecure: true}, 0, tlsinfo.NotTLS, `the server answered with plain bytes: "HTTP/1.1 400 Bad Request\r\n\r\n" (it does not speak TLS)`},
		{"echo server", echo.Addr().String(), ClientTLS{Insecure: true}, 0, tlsinfo.NotTLS, "sent our own TLS hello back"},
		{"silent server", silent.Addr().String(), ClientTLS{Insecure: true}, 300 * time.Millisecond, tlsinfo.Timeout, "no TLS answer within 300ms"},
		{"version", old, ClientTLS{Insecure: true, MinVersion: tls.VersionTLS13}, 0, tlsinfo.Refused, "no TLS version in common"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := NewEventQueue(0)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = testTimeout
			}
			c, err := Dial(context.Background(), ClientConfig{Addr: tt.addr, TLS: &tt.tls, Timeout: timeout, Events: q})
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded; want a TLS error")
			}
			var te *tlsinfo.Error
			if !errors.As(err, &te) || te.Reason != tt.reason || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("Dial: %v; want a %s tlsinfo.Error saying %q", err, tt.reason, tt.text)
			}
			if !strings.HasPrefix(err.Error(), "TLS handshake with "+tt.addr+" failed: ") {
				t.Errorf("error %q does not name the server", err)
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindError))
			if e := ev[len(ev)-1]; e.Msg != "TLS handshake failed" || !errors.Is(e.Err, te) {
				t.Errorf("error event %v; want the handshake failure", e)
			}
			if tt.reason.Verification() && (ev[len(ev)-1].TLS == nil || len(ev[len(ev)-1].TLS.Chain) == 0) {
				t.Errorf("verification failure event without the chain the server presented")
			}
		})
	}
}

func TestTLSOverUDPIsRefused(t *testing.T) {
	s := NewServer(ServerConfig{Network: "udp", TLS: &ServerTLS{}})
	if err := s.Start(); err == nil || !strings.Contains(err.Error(), "TLS needs TCP") {
		s.Stop()
		t.Errorf("Start: %v; want TLS needs TCP", err)
	}
	if _, err := Dial(context.Background(), ClientConfig{Network: "udp", Addr: "127.0.0.1:9", TLS: &ClientTLS{}}); err == nil || !strings.Contains(err.Error(), "TLS needs TCP") {
		t.Errorf("Dial: %v; want TLS needs TCP", err)
	}
}

// TestTLSServerCertificateFiles checks each bad certificate file fails
// Start with a message that names the problem, and leaves the server
// stopped.
func TestTLSServerCertificateFiles(t *testing.T) {
	now := time.Now()
	good := testCert(t, []string{"localhost", "127.0.0.1"}, now.Add(-time.Hour), now.Add(48*time.Hour))
	other := testCert(t, []string{"localhost"}, now.Add(-time.Hour), now.Add(48*time.Hour))
	expired := testCert(t, []string{"127.0.0.1"}, now.Add(-72*time.Hour), now.Add(-49*time.Hour))
	future := testCert(t, []string{"127.0.0.1"}, now.Add(24*time.Hour), now.Add(48*time.Hour))
	elsewhere := testCert(t, []string{"example.com"}, now.Add(-time.Hour), now.Add(48*time.Hour))
	dir := t.TempDir()
	goodCert, goodKey := certFiles(t, good)
	_, otherKey := certFiles(t, other)
	expiredCert, expiredKey := certFiles(t, expired)
	futureCert, futureKey := certFiles(t, future)
	elsewhereCert, elsewhereKey := certFiles(t, elsewhere)
	cnOnlyCert, cnOnlyKey := certFiles(t, testCertWith(t, now.Add(-time.Hour), now.Add(48*time.Hour), func(c *x509.Certificate) { c.Subject.CommonName = "localhost" }))
	junk := writeFile(t, dir, "junk.pem", []byte("not a certificate\n"))
	tests := []struct {
		name, addr string
		tls        ServerTLS
		want       string
	}{
		{"missing", "", ServerTLS{CertFile: dir + "/nope.pem", KeyFile: goodKey}, "certificate file: open " + dir + "/nope.pem: no such file or directory"},
		{"missing key", "", ServerTLS{CertFile: goodCert, KeyFile: dir + "/nokey.pem"}, "key file: open " + dir + "/nokey.pem"},
		{"one file only", "", ServerTLS{CertFile: goodCert}, "needs both a certificate file and a key file"},
		{"not PEM", "", ServerTLS{CertFile: junk, KeyFile: goodKey}, "certificate file " + junk + " is not PEM"},
		{"key not PEM", "", ServerTLS{CertFile: goodCert, KeyFile: junk}, "key file " + junk + " is not a PEM private key"},
		{"key mismatch", "", ServerTLS{CertFile: goodCert, KeyFile: otherKey}, "key file " + otherKey + " does not belong to certificate " + goodCert},
		{"expired", "", ServerTLS{CertFile: expiredCert, KeyFile: expiredKey}, "certificate " + expiredCert + " expired on " + expired.Info.NotAfter.Format(time.DateTime) + " UTC (2 days ago)"},
		{"not yet valid", "", ServerTLS{CertFile: futureCert, KeyFile: futureKey}, "is not valid until"},
		{"wrong name for the address", "", ServerTLS{CertFile: elsewhereCert, KeyFile: elsewhereKey}, "certificate " + elsewhereCert + " is for example.com, not 127.0.0.1 or localhost"},
		{"wrong server name", "", ServerTLS{CertFile: goodCert, KeyFile: goodKey, ServerName: "example.com"}, "is for localhost, 127.0.0.1, not example.com"},
		{"Common Name only", "", ServerTLS{CertFile: cnOnlyCert, KeyFile: cnOnlyKey},
			`certificate ` + cnOnlyCert + `: the certificate names localhost only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName (openssl req … -addext "subjectAltName=DNS:localhost,IP:127.0.0.1")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewEventQueue(0)
			s := NewServer(ServerConfig{Addr: tt.addr, TLS: &tt.tls, Events: q})
			err := s.Start()
			if err == nil {
				s.Stop()
				t.Fatalf("Start succeeded; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start: %v; want %q", err, tt.want)
			}
			if s.Running() || s.Certificate() != nil {
				t.Errorf("server running or holding a certificate after a failed start")
			}
			ev := waitEvent(t, q, kindIs(SideServer, KindError))
			if ev[len(ev)-1].Msg != "start failed" {
				t.Errorf("event %v; want start failed", ev[len(ev)-1])
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		s := startServer(t, ServerConfig{TLS: &ServerTLS{CertFile: goodCert, KeyFile: goodKey}})
		if c := s.Certificate(); c.Generated || c.SHA256 != good.SHA256 {
			t.Fatalf("Certificate() = %+v; want the loaded one", c)
		}
		c, err := dialTLS(t, s, ClientConfig{TLS: &ClientTLS{CAPEM: good.PEM}})
		if err != nil {
			t.Fatal(err)
		}
		if c.TLS().Chain[0].SHA256 != good.SHA256 {
			t.Errorf("client saw %s; want %s", c.TLS().Chain[0].SHA256, good.SHA256)
		}
	})
	t.Run("server name covers an unspecified bind", func(t *testing.T) {
		if _, err := tlsinfo.Load(elsewhereCert, elsewhereKey, checkName("0.0.0.0:0", ""), time.Now()); err != nil {
			t.Errorf("tlsinfo.Load for every interface: %v; want no name check", err)
		}
	})
}

// TestTLSHandshakeFailuresAreIsolated checks that peers that fail their
// handshake (plain text, silence) are one event each and never disturb a
// peer that is echoing.
func TestTLSHandshakeFailuresAreIsolated(t *testing.T) {
	q := NewEventQueue(0)
	s := startTLSServer(t, ServerConfig{Events: q, TLS: &ServerTLS{HandshakeTimeout: 300 * time.Millisecond}})
	got := make(chunks, 16)
	good, err := dialTLS(t, s, ClientConfig{OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	plain := dial(t, "tcp", s)
	if _, err := plain.Write([]byte("GET / HTTP/1.0\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	silent := dial(t, "tcp", s)
	for _, c := range []net.Conn{plain, silent} {
		ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindError && e.Remote == c.LocalAddr().String() })
		var te *tlsinfo.Error
		if e := ev[len(ev)-1]; !errors.As(e.Err, &te) || e.Msg != "TLS handshake failed" {
			t.Fatalf("event %v; want a TLS handshake failure", e)
		}
		for _, e := range ev {
			if e.Remote == c.LocalAddr().String() && e.Kind != KindError {
				t.Errorf("failed peer has a %s event; want only the error", e.Kind)
			}
		}
		// The server hangs up on it.
		if _, err := io.ReadAll(c); err != nil && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
			t.Errorf("read after failure: %v", err)
		}
		if err := good.Send([]byte("still here")); err != nil {
			t.Fatal(err)
		}
		got.waitBytes(t, "still here")
	}
	if st := s.Stats(); st.ConnsCurrent != 1 {
		t.Errorf("ConnsCurrent %d; want the good peer only", st.ConnsCurrent)
	}
	stopWithin(t, s)
}

func TestSplitList(t *testing.T) {
	if got := SplitList(" h2, ,http/1.1 "); !slices.Equal(got, []string{"h2", "http/1.1"}) {
		t.Errorf("SplitList = %q", got)
	}
}

func TestGeneratedCertificateSurvivesRestart(t *testing.T) {
	s := startTLSServer(t, ServerConfig{})
	first := s.Certificate()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if s.Certificate() != first {
		t.Errorf("a restart made a new certificate; clients that trusted the first would fail")
	}
	if _, err := dialTLS(t, s, ClientConfig{TLS: &ClientTLS{CAPEM: first.PEM}}); err != nil {
		t.Fatal(err)
	}
}

// TestPlainClientMeetsTLSServer checks both sides of plain text sent to a
// TLS server: the server names the plain bytes, even a few that never make
// a record header, and answers with a TLS alert, which the client
// recognises.
func TestPlainClientMeetsTLSServer(t *testing.T) {
	sq := NewEventQueue(0)
	s := startTLSServer(t, ServerConfig{Events: sq})
	cq := NewEventQueue(0)
	c := dialClient(t, ClientConfig{Addr: s.Addr().String(), Events: cq})
	if err := c.Send([]byte("hi\n")); err != nil {
		t.Fatal(err)
	}
	ev := waitEvent(t, cq, kindIs(SideClient, KindError))
	if e := ev[len(ev)-1]; !errors.Is(e.Err, ErrServerSpeaksTLS) || !strings.Contains(e.ErrText(), s.Addr().String()+": the server answered with a TLS alert: it speaks TLS") {
		t.Errorf("client error %v; want the server speaks TLS", e)
	}
	ev = waitEvent(t, sq, kindIs(SideServer, KindError))
	var te *tlsinfo.Error
	if e := ev[len(ev)-1]; !errors.As(e.Err, &te) || te.Reason != tlsinfo.NotTLS || !strings.Contains(te.Text, `the client sent plain bytes: "hi\n"`) {
		t.Errorf("server error %v; want the plain bytes named", e)
	}
}

// TestTLSServerStopDuringHandshake checks Stop never waits on a client
// that connected and never started its handshake.
func TestTLSServerStopDuringHandshake(t *testing.T) {
	q := NewEventQueue(0)
	s := startTLSServer(t, ServerConfig{Events: q, TLS: &ServerTLS{HandshakeTimeout: time.Hour}})
	c := dial(t, "tcp", s)
	eventually(t, "the server to take the client", func() bool { return s.Stats().ConnsCurrent == 1 })
	stopWithin(t, s)
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("the client's connection is still open after Stop")
	}
	for _, e := range q.Drain(nil, 0) {
		if e.Kind == KindError {
			t.Errorf("Stop reported %v; a handshake cut short by Stop is no failure", e)
		}
	}
}

// TestPlainClientResetBeforeReply checks the hint a plain TCP client gets
// when the server reads what it sent and resets without a byte back (what
// ncat --ssl and openssl s_server do to plain text): "reset by server
// before any reply (... connect with TLS on)". A reset after a reply
// keeps the plain words.
func TestPlainClientResetBeforeReply(t *testing.T) {
	for _, c := range []struct {
		name, reply, want string
		closes            bool // close (FIN) rather than reset, as openssl s_server does
		halfClose         bool // the client ends its side after sending
	}{
		{"no reply", "", "reset by server before any reply (a TLS server does this to plain text: connect with TLS on)", false, false},
		{"after a reply", "ok\n", "reset by server", false, false},
		{"closed, no reply", "", "closed by server at once, with no reply (the port may speak TLS: a TLS server does this to plain text; connect with TLS on)", true, false},
		{"closed after a reply", "ok\n", "closed by server", true, false},
		{"closed after end of stream", "", "closed by server", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			replied, reset := make(chan struct{}), make(chan struct{})
			go func() {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				buf := make([]byte, 64)
				if _, err := conn.Read(buf); err == nil && c.reply != "" {
					conn.Write([]byte(c.reply))
					close(replied)
					<-reset // once the client has read the reply
				}
				if c.halfClose {
					conn.SetReadDeadline(time.Now().Add(testTimeout))
					io.Copy(io.Discard, conn) // until the client's end of stream
				}
				if !c.closes {
					conn.(*net.TCPConn).SetLinger(0) // close with a reset
				}
				conn.Close()
			}()
			q := NewEventQueue(0)
			cl := dialClient(t, ClientConfig{Addr: ln.Addr().String(), Events: q})
			if err := cl.Send([]byte("Hello, world")); err != nil {
				t.Fatal(err)
			}
			if c.halfClose {
				if err := cl.CloseWrite(); err != nil {
					t.Fatal(err)
				}
			}
			if c.reply != "" {
				<-replied
				waitEvent(t, q, kindIs(SideClient, KindReceived))
				close(reset)
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindDisconnected))
			if got := ev[len(ev)-1].Msg; got != c.want {
				t.Errorf("disconnect message %q; want %q", got, c.want)
			}
			if got, want := cl.MaySpeakTLS(), c.reply == "" && !c.halfClose; got != want {
				t.Errorf("MaySpeakTLS() = %v; want %v", got, want)
			}
		})
	}
}

// TestTLSClientCertificateRequired checks a server that requires a client
// certificate: with none, the client says the server requires one and how
// to give one, whether the refusal comes in the handshake (TLS 1.2) or on
// the first read (TLS 1.3); with one the server's CA list does not cover,
// it says the certificate was held back and names the CAs asked for.
func TestTLSClientCertificateRequired(t *testing.T) {
	now := time.Now()
	srv := testCert(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour))
	ca := testCertWith(t, now.Add(-time.Hour), now.Add(time.Hour), func(c *x509.Certificate) {
		c.Subject = pkix.Name{CommonName: "Test Client CA", Organization: []string{"Socket Tester"}}
	})
	stranger := testCertWith(t, now.Add(-time.Hour), now.Add(time.Hour), func(c *x509.Certificate) { c.Subject.CommonName = "stranger" })
	strangerCert, strangerKey := certFiles(t, stranger)
	cas := x509.NewCertPool()
	cas.AppendCertsFromPEM(ca.PEM)
	const wants = "the server requires a client certificate and none was sent (tls: certificate required): give a certificate and its key (send --cert FILE --key FILE; relay --to-cert FILE --to-key FILE)"
	const heldBack = "the server requires a client certificate issued by CN=Test Client CA,O=Socket Tester; ours (CN=stranger, issued by CN=stranger) is not, so it was held back and none was sent (tls: certificate required)"
	tests := []struct {
		name   string
		server *tls.Config
		client ClientTLS
		inDial bool // refused in the handshake, not on the first read
		want   string
		state  string // Handshake.ClientCert, after a handshake
		part   string // what the summary says of it
	}{
		{"none, TLS 1.3", &tls.Config{ClientAuth: tls.RequireAnyClientCert}, ClientTLS{CAPEM: srv.PEM}, false, wants,
			tlsinfo.ClientCertNone, "; verified; the server asked for a client certificate: none sent; certificate "},
		{"none, TLS 1.2", &tls.Config{ClientAuth: tls.RequireAnyClientCert, MaxVersion: tls.VersionTLS12}, ClientTLS{CAPEM: srv.PEM}, true,
			"the server requires a client certificate and none was sent (tls: handshake failure)", "", ""},
		{"held back", &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: cas}, ClientTLS{CAPEM: srv.PEM, CertFile: strangerCert, KeyFile: strangerKey}, false, heldBack,
			tlsinfo.ClientCertHeldBack, "; verified; the server asked for a client certificate: ours held back (not issued by a CA it named); certificate "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.server.Certificates = []tls.Certificate{srv.KeyPair()}
			addr := goTLSServer(t, tt.server, func(c *tls.Conn) { c.Read(make([]byte, 1)) })
			q := NewEventQueue(0)
			c, err := Dial(context.Background(), ClientConfig{Addr: addr, TLS: &tt.client, Timeout: testTimeout, Events: q})
			if tt.inDial {
				if err == nil {
					c.Close()
					t.Fatal("Dial succeeded; want the refusal")
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Dial: %v; want %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dial: %v; want the refusal on the first read", err)
			}
			defer c.Close()
			if info := c.TLS(); info.ClientCert != tt.state || !strings.Contains(info.Summary(), tt.part) {
				t.Errorf("handshake %+v (%s); want the client certificate %q, %q", info, info.Summary(), tt.state, tt.part)
			}
			select {
			case <-c.Done():
			case <-time.After(testTimeout):
				t.Fatal("the client did not end after the server's alert")
			}
			if c.Err() == nil || !strings.Contains(c.Err().Error(), tt.want) {
				t.Errorf("Err() = %v; want %q", c.Err(), tt.want)
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindDisconnected))
			if e := ev[len(ev)-1]; e.Err == nil || !strings.Contains(e.Err.Error(), tt.want) {
				t.Errorf("disconnected event %v; want %q", e, tt.want)
			}
			// A send racing the alert says why the connection ended, not
			// that it was closed.
			if err := c.Send([]byte("x")); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Send after the alert: %v; want %q", err, tt.want)
			}
		})
	}
}

// TestPlainHTTPToTLSServer sends a plain HTTP request to a TLS server: it
// answers as Go's net/http does, so curl shows why, and logs what came.
func TestPlainHTTPToTLSServer(t *testing.T) {
	q := NewEventQueue(0)
	s := startTLSServer(t, ServerConfig{Events: q})
	c := dial(t, "tcp", s)
	c.SetDeadline(time.Now().Add(testTimeout))
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if want := "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"; string(got) != want || err != nil {
		t.Errorf("answer %q, %v; want %q", got, err, want)
	}
	ev := waitEvent(t, q, kindIs(SideServer, KindError))
	var te *tlsinfo.Error
	want := `the client sent a plain HTTP request: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r" (it does not speak TLS: use https://); answered 400 Bad Request, as Go's net/http does`
	if e := ev[len(ev)-1]; !errors.As(e.Err, &te) || te.Reason != tlsinfo.NotTLS || te.Text != want {
		t.Errorf("server error %v; want %q", e, want)
	}
}

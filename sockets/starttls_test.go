package sockets

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testpeers"
)

// startAiosmtpd starts aiosmtpd with a certificate for 127.0.0.1,
// offering STARTTLS or not, and returns its address and the certificate's
// PEM.
func startAiosmtpd(t *testing.T, offer bool) (string, []byte) {
	t.Helper()
	now := time.Now()
	cert := testCert(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour))
	certFile, keyFile := certFiles(t, cert)
	return testpeers.Aiosmtpd(t, certFile, keyFile, offer), cert.PEM
}

// TestStartTLSSMTPWithAiosmtpd upgrades a connection to aiosmtpd with
// STARTTLS: the plain lines are logged as data, the handshake verified,
// and SMTP goes on over TLS.
func TestStartTLSSMTPWithAiosmtpd(t *testing.T) {
	addr, ca := startAiosmtpd(t, true)
	q := NewEventQueue(0)
	got := make(chan string, 16)
	c, err := Dial(context.Background(), ClientConfig{Addr: addr, StartTLS: StartTLSSMTP, TLS: &ClientTLS{CAPEM: ca}, Timeout: testTimeout, Events: q,
		OnData: func(p []byte) { got <- string(p) }})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	if info := c.TLS(); info == nil || !info.Verified {
		t.Fatalf("TLS() = %+v; want a verified handshake", info)
	}
	ev := waitEvent(t, q, kindIs(SideClient, KindTLS))
	var lines []string
	for _, e := range ev {
		switch e.Kind {
		case KindSent:
			lines = append(lines, "> "+string(e.Data))
		case KindReceived:
			lines = append(lines, "< "+string(e.Data))
		}
	}
	talk := strings.Join(lines, "")
	for _, want := range []string{"< 220 test.localhost ", "> EHLO sockettester.localhost\r\n", "< 250-test.localhost\r\n", "< 250-STARTTLS\r\n", "> STARTTLS\r\n", "< 220 Ready to start TLS\r\n"} {
		if !strings.Contains(talk, want) {
			t.Errorf("plain lines %q; want %q", talk, want)
		}
	}
	if err := c.Send([]byte("NOOP\r\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if r != "250 OK\r\n" {
			t.Errorf("NOOP over TLS answered %q; want \"250 OK\\r\\n\"", r)
		}
	case <-time.After(testTimeout):
		t.Fatal("no answer to NOOP over TLS")
	}
}

// TestStartTLSNotOffered asks aiosmtpd without a TLS context for STARTTLS:
// Dial fails saying the server did not offer it, quoting its EHLO reply.
func TestStartTLSNotOffered(t *testing.T) {
	addr, ca := startAiosmtpd(t, false)
	_, err := Dial(context.Background(), ClientConfig{Addr: addr, StartTLS: StartTLSSMTP, TLS: &ClientTLS{CAPEM: ca}, Timeout: testTimeout})
	want := `the server did not offer STARTTLS in its EHLO reply: "250-test.localhost / 250-SIZE 33554432 / 250-8BITMIME / 250 HELP" (it speaks plain SMTP only;`
	if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrNoStartTLS) {
		t.Errorf("Dial: %v; want %q", err, want)
	}
}

// fakeStartTLS serves one connection on 127.0.0.1: it answers the client's
// lines from script (after sending greeting), then, when upgrade is set,
// speaks TLS with cert and echoes one line.
func fakeStartTLS(t *testing.T, greeting string, script map[string]string, upgrade bool) (string, []byte) {
	t.Helper()
	now := time.Now()
	cert := testCert(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(testTimeout))
		io.WriteString(conn, greeting)
		r := bufio.NewReader(conn)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return
			}
			answer, ok := script[strings.TrimRight(l, "\r\n")]
			if !ok {
				io.WriteString(conn, "500 what?\r\n")
				continue
			}
			io.WriteString(conn, answer)
			if !upgrade || !strings.Contains(l, "TLS") {
				continue
			}
			tc := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{cert.KeyPair()}})
			line, err := bufio.NewReader(tc).ReadString('\n')
			if err == nil {
				io.WriteString(tc, line)
			}
			tc.Close()
			return
		}
	}()
	return ln.Addr().String(), cert.PEM
}

// TestStartTLSProtocols upgrades IMAP, POP3 and FTP connections against
// small fakes speaking each protocol's plain lines (RFC 2595, RFC 4217),
// and checks each refusal is said plainly.
func TestStartTLSProtocols(t *testing.T) {
	tests := []struct {
		proto, greeting string
		script          map[string]string
		upgrade         bool
		want            string // the error, or "" to upgrade
	}{
		{StartTLSIMAP, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", map[string]string{"a1 STARTTLS": "a1 OK Begin TLS negotiation now\r\n"}, true, ""},
		{StartTLSIMAP, "* OK ready\r\n", map[string]string{"a1 STARTTLS": "a1 BAD STARTTLS not available\r\n"}, false, `the server refused STARTTLS: "a1 BAD STARTTLS not available"`},
		{StartTLSPOP3, "+OK POP3 ready\r\n", map[string]string{"STLS": "+OK Begin TLS\r\n"}, true, ""},
		{StartTLSPOP3, "+OK POP3 ready\r\n", map[string]string{"STLS": "-ERR command not supported\r\n"}, false, `the server refused STLS: "-ERR command not supported"`},
		{StartTLSFTP, "220-Welcome\r\n220 FTP ready\r\n", map[string]string{"AUTH TLS": "234 AUTH TLS OK.\r\n"}, true, ""},
		{StartTLSFTP, "220 FTP ready\r\n", map[string]string{"AUTH TLS": "530 Please login with USER and PASS.\r\n"}, false, `the server refused AUTH TLS: "530 Please login with USER and PASS."`},
		{StartTLSFTP, "+OK POP3 ready\r\n", nil, false, `the server's greeting is not FTP's (want 220): "+OK POP3 ready"`},
		{StartTLSSMTP, "220 mail\r\n", map[string]string{"EHLO sockettester.localhost": "250-mail\r\n250-STARTTLS\r\n250 HELP\r\n", "STARTTLS": "454 TLS not available due to temporary reason\r\n"}, false,
			`the server refused STARTTLS: "454 TLS not available due to temporary reason" (it will not upgrade this connection to TLS)`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.proto, tt.want == ""), func(t *testing.T) {
			addr, ca := fakeStartTLS(t, tt.greeting, tt.script, tt.upgrade)
			got := make(chan string, 4)
			c, err := Dial(context.Background(), ClientConfig{Addr: addr, StartTLS: tt.proto, TLS: &ClientTLS{CAPEM: ca}, Timeout: testTimeout,
				OnData: func(p []byte) { got <- string(p) }})
			if tt.want != "" {
				if err == nil {
					c.Close()
					t.Fatal("Dial succeeded; want the refusal")
				}
				if !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrNoStartTLS) {
					t.Errorf("Dial: %v; want %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			defer c.Close()
			if !c.TLS().Verified {
				t.Errorf("TLS() = %+v; want verified", c.TLS())
			}
			c.Send([]byte("over tls\n"))
			select {
			case r := <-got:
				if r != "over tls\n" {
					t.Errorf("echo over TLS %q; want \"over tls\\n\"", r)
				}
			case <-time.After(testTimeout):
				t.Fatal("no echo over TLS")
			}
		})
	}
}

// TestStartTLSSettings checks an unknown protocol and STARTTLS over UDP are
// refused before dialing.
func TestStartTLSSettings(t *testing.T) {
	for _, tt := range []struct {
		cfg  ClientConfig
		want string
	}{
		{ClientConfig{Addr: "127.0.0.1:9", StartTLS: "xmpp"}, `unknown STARTTLS protocol "xmpp" (want smtp, imap, pop3 or ftp)`},
		{ClientConfig{Network: "udp", Addr: "127.0.0.1:9", StartTLS: "smtp"}, "STARTTLS needs TCP"},
	} {
		if _, err := Dial(context.Background(), tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Dial %+v: %v; want %q", tt.cfg, err, tt.want)
		}
	}
}

// TestStartTLSRunning upgrades a running plain exchange with aiosmtpd:
// greeting and EHLO in plain text through Send and OnData, then StartTLS
// takes the connection over from the read loop, and SMTP goes on over TLS
// on the same connection.
func TestStartTLSRunning(t *testing.T) {
	addr, ca := startAiosmtpd(t, true)
	q := NewEventQueue(0)
	got := make(chan string, 64)
	c, err := Dial(context.Background(), ClientConfig{Addr: addr, Timeout: testTimeout, Events: q, OnData: func(p []byte) { got <- string(p) }})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	var seen string
	until := func(want string) {
		t.Helper()
		for !strings.Contains(seen, want) {
			select {
			case p := <-got:
				seen += p
			case <-time.After(testTimeout):
				t.Fatalf("received %q; want %q", seen, want)
			}
		}
	}
	until("220 test.localhost")
	if err := c.Send([]byte("EHLO plain.localhost\r\n")); err != nil {
		t.Fatal(err)
	}
	until("250 HELP\r\n")
	if err := c.StartTLS(context.Background(), StartTLSSMTP, &ClientTLS{CAPEM: ca}); err != nil {
		t.Fatalf("StartTLS: %v", err)
	}
	if info := c.TLS(); info == nil || !info.Verified {
		t.Fatalf("TLS() = %+v; want a verified handshake", info)
	}
	waitEvent(t, q, kindIs(SideClient, KindTLS))
	if err := c.Send([]byte("NOOP\r\n")); err != nil {
		t.Fatal(err)
	}
	seen = ""
	until("250 OK\r\n")
	if err := c.StartTLS(context.Background(), StartTLSSMTP, nil); err == nil || err.Error() != "the connection already speaks TLS" {
		t.Errorf("StartTLS again: %v; want it to say the connection already speaks TLS", err)
	}
}

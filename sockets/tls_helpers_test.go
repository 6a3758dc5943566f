package sockets

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// testCert makes a self-signed ECDSA certificate for names, valid from
// notBefore to notAfter, with its key.
func testCert(t testing.TB, names []string, notBefore, notAfter time.Time) *tlsinfo.Certificate {
	t.Helper()
	return testCertWith(t, notBefore, notAfter, testcert.Names(names...))
}

// testCertWith is testCert with its names set by name, e.g. as other
// programs' certificates have them.
func testCertWith(t testing.TB, notBefore, notAfter time.Time, name func(*x509.Certificate)) *tlsinfo.Certificate {
	t.Helper()
	c := testcert.New(t, notBefore, notAfter, name)
	leaf, _ := x509.ParseCertificate(c.DER)
	return tlsinfo.New(tls.Certificate{Certificate: [][]byte{c.DER}, PrivateKey: c.Key, Leaf: leaf}, time.Now())
}

// keyPEM returns the certificate's private key as PEM.
func keyPEM(t testing.TB, c *tlsinfo.Certificate) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(c.KeyPair().PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// writeFile writes b to name in dir and returns the path.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// certFiles writes c and its key to a temporary directory and returns the
// two paths.
func certFiles(t testing.TB, c *tlsinfo.Certificate) (certFile, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	return writeFile(t, dir, "cert.pem", c.PEM), writeFile(t, dir, "key.pem", keyPEM(t, c))
}

// startTLSServer starts a TLS echo server with a generated certificate.
func startTLSServer(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	if cfg.TLS == nil {
		cfg.TLS = &ServerTLS{}
	}
	return startServer(t, cfg)
}

// dialTLS connects a client that trusts s's certificate.
func dialTLS(t testing.TB, s *Server, cfg ClientConfig) (*Client, error) {
	t.Helper()
	cfg.Addr = s.Addr().String()
	if cfg.TLS == nil {
		cfg.TLS = &ClientTLS{CAPEM: s.Certificate().PEM}
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = testTimeout
	}
	c, err := Dial(context.Background(), cfg)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// serveLoopback accepts connections on ln until the test ends and hands
// each, with a deadline, to serve, closing it after. It returns ln's
// address.
func serveLoopback(t testing.TB, ln net.Listener, serve func(net.Conn)) string {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(testTimeout))
			serve(c)
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// listenLoopback listens on a free TCP port of 127.0.0.1.
func listenLoopback(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// goTLSServer serves TLS with crypto/tls directly on loopback, handing
// every connection whose handshake succeeds to serve (nil: none). It stops
// when the test ends.
func goTLSServer(t testing.TB, cfg *tls.Config, serve func(c *tls.Conn)) string {
	t.Helper()
	return serveLoopback(t, tls.NewListener(listenLoopback(t), cfg), func(c net.Conn) {
		if tc := c.(*tls.Conn); tc.Handshake() == nil && serve != nil {
			serve(tc)
		}
	})
}

// plainServer answers every connection on loopback with reply (after
// reading what the client sent first, when readFirst), then waits for the
// client to hang up. It stops when the test ends.
func plainServer(t testing.TB, reply string, readFirst bool) string {
	t.Helper()
	return serveLoopback(t, listenLoopback(t), func(c net.Conn) {
		if readFirst {
			c.Read(make([]byte, 4096))
		}
		c.Write([]byte(reply))
		c.Read(make([]byte, 4096))
	})
}

// echoAndClient starts an echo server, over TLS or not, with events to sq
// (nil: none), and connects a client to it that trusts its certificate and
// hands what it receives to onData.
func echoAndClient(t testing.TB, useTLS bool, sq *EventQueue, onData func([]byte)) (*Server, *Client) {
	t.Helper()
	cfg := ServerConfig{Events: sq}
	if useTLS {
		cfg.TLS = &ServerTLS{}
	}
	s := startServer(t, cfg)
	ccfg := ClientConfig{Addr: s.Addr().String(), OnData: onData, Timeout: testTimeout}
	if useTLS {
		ccfg.TLS = &ClientTLS{CAPEM: s.Certificate().PEM}
	}
	return s, dialClient(t, ccfg)
}

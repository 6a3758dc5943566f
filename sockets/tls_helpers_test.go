package sockets

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testCert makes a self-signed ECDSA certificate for names, valid from
// notBefore to notAfter, with its key.
func testCert(t testing.TB, names []string, notBefore, notAfter time.Time) *Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "test"},
		NotBefore:    notBefore, NotAfter: notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return newCertificate(tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, time.Now())
}

// keyPEM returns the certificate's private key as PEM.
func keyPEM(t testing.TB, c *Certificate) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(c.pair.PrivateKey)
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
func certFiles(t testing.TB, c *Certificate) (certFile, keyFile string) {
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

// goTLSServer serves TLS with crypto/tls directly on loopback, handing
// every connection whose handshake succeeds to serve. It stops when the
// test ends.
func goTLSServer(t testing.TB, cfg *tls.Config, serve func(c *tls.Conn)) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			tc := c.(*tls.Conn)
			tc.SetDeadline(time.Now().Add(testTimeout))
			if tc.Handshake() == nil && serve != nil {
				serve(tc)
			}
			tc.Close()
		}
	}()
	return ln.Addr().String()
}

// plainServer answers every connection on loopback with reply (after
// reading what the client sent first, when readFirst), then waits for the
// client to hang up. It stops when the test ends.
func plainServer(t testing.TB, reply string, readFirst bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
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
			if readFirst {
				c.Read(make([]byte, 4096))
			}
			c.Write([]byte(reply))
			c.Read(make([]byte, 4096))
			c.Close()
		}
	}()
	return ln.Addr().String()
}

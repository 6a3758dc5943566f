package main

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
)

// TestServeClientCA runs serve --tls --client-ca: send with a certificate
// the CA covers gets its echo and serve logs it verified with its subject;
// send without one is refused, and serve logs why.
func TestServeClientCA(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A self-signed client certificate is its own CA.
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour), func(c *x509.Certificate) { c.Subject.CommonName = "alice" }).PEM(t)
	certFile, keyFile, srvFile := filepath.Join(dir, "alice.pem"), filepath.Join(dir, "alice.key"), filepath.Join(dir, "server.pem")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)
	s := startServe(t, "--tcp", "127.0.0.1:0", "--tls", "--client-ca", certFile, "--save-cert", srvFile)
	addr := s.addrs["tcp"]
	r := runCLI(t, "", "send", "--tcp", addr, "--tls", "--ca", srvFile, "--cert", certFile, "--key", keyFile, "hi")
	if r.code != 0 || r.stdout != "hi" {
		t.Errorf("send with the certificate: exit %d, stdout %q, stderr %q; want 0 and the echo", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", "send", "--tcp", addr, "--tls", "--ca", srvFile, "--wait", "20s", "hi")
	if want := "the server requires a client certificate and none was sent"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("send without a certificate: exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
	_, out := s.stop()
	out += s.stderrText()
	for _, want := range []string{"client certificate verified: CN=alice, issued by CN=alice; TLS 1.3",
		"the client sent no certificate, and this server requires one issued by CN=alice"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve printed %q; want %q", out, want)
		}
	}
}

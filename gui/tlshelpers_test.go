package gui

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
)

// certFiles writes a self-signed ECDSA certificate for names, valid from
// notBefore to notAfter, and its key, as PEM files in a temporary folder,
// and returns their paths.
func certFiles(t testing.TB, names []string, notBefore, notAfter time.Time) (certFile, keyFile string) {
	t.Helper()
	certPEM, keyPEM := testcert.New(t, notBefore, notAfter, testcert.Names(names...)).PEM(t)
	dir := t.TempDir()
	return writeTestFile(t, dir, "cert.pem", certPEM), writeTestFile(t, dir, "key.pem", keyPEM)
}

// validCertFiles writes a certificate for localhost and the loopback
// addresses, valid for a day.
func validCertFiles(t testing.TB) (certFile, keyFile string) {
	t.Helper()
	return certFiles(t, []string{"localhost", "127.0.0.1", "::1"}, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
}

// writeTestFile writes b to name in dir and returns the path.
func writeTestFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
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

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/internal/testpeers"
)

// aiosmtpd starts Python's aiosmtpd, offering STARTTLS or not, with a
// certificate for 127.0.0.1, and returns its address and the certificate's
// file.
func aiosmtpd(t *testing.T, offer bool) (addr, certFile string) {
	t.Helper()
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour), testcert.Names("127.0.0.1")).PEM(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)
	return testpeers.Aiosmtpd(t, certFile, keyFile, offer), certFile
}

// TestSendStartTLSSMTP runs send --starttls smtp against aiosmtpd: the
// plain lines and the TLS report go to stderr, the payload goes over TLS
// and its answer to stdout.
func TestSendStartTLSSMTP(t *testing.T) {
	t.Parallel()
	addr, ca := aiosmtpd(t, true)
	r := runCLI(t, "", "send", "--tcp", addr, "--starttls", "smtp", "--ca", ca, "--max-bytes", "8", `NOOP\r\n`)
	if r.code != 0 || r.stdout != "250 OK\r\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and \"250 OK\\r\\n\"", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"< 220 test.localhost ", "> EHLO sockettester.localhost\n", "< 250-STARTTLS\n", "> STARTTLS\n", "< 220 Ready to start TLS\n--- TLS 1.3, ", "; verified; certificate "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q; want %q", r.stderr, want)
		}
	}
}

// TestSendStartTLSNotOffered runs send --starttls smtp against aiosmtpd
// without STARTTLS: exit 1, saying so and quoting its EHLO reply.
func TestSendStartTLSNotOffered(t *testing.T) {
	t.Parallel()
	addr, ca := aiosmtpd(t, false)
	r := runCLI(t, "", "send", "--tcp", addr, "--starttls", "smtp", "--ca", ca, `NOOP\r\n`)
	want := `the server did not offer STARTTLS in its EHLO reply: "250-test.localhost / 250-SIZE 33554432 / 250-8BITMIME / 250 HELP"`
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
}

// TestSendStartTLSUsage checks --starttls's mistakes are one line, exit 2.
func TestSendStartTLSUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"send", "--tcp", "127.0.0.1:9", "--starttls", "xmpp", "hi"}, `--starttls "xmpp": want one of smtp, imap, pop3, ftp`},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--starttls", "smtp", "--tls", "hi"}, "--starttls connects in plain text and then upgrades: leave out --tls"},
		{[]string{"send", "--udp", "127.0.0.1:9", "--starttls", "smtp", "hi"}, "--starttls needs --tcp"},
	} {
		_, errOut, code := runInProcess(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

package scenario

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/internal/testpeers"
)

// TestRunStartTLSWithAiosmtpd runs a scenario that greets aiosmtpd in
// plain SMTP, upgrades with a starttls step and goes on over TLS.
func TestRunStartTLSWithAiosmtpd(t *testing.T) {
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour), testcert.Names("127.0.0.1")).PEM(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)
	addr := testpeers.Aiosmtpd(t, certFile, keyFile, true)
	sc := parseOne(t, "connect: tcp://ADDR\ntls: {ca: "+certFile+"}\ntimeout: 10s\nsteps:\n"+
		"  - expect_contains: \"220 \"\n  - send: \"EHLO plain\\r\\n\"\n  - expect_contains: \"250 HELP\\r\\n\"\n"+
		"  - starttls: smtp\n  - send: \"NOOP\\r\\n\"\n  - expect: \"250 OK\\r\\n\"\n", addr)
	res := Run(context.Background(), sc, Options{})
	checkStatuses(t, res, "✓ connect tcp://"+addr, `✓ expect_contains "220 "`, `✓ send "EHLO plain\r\n"`, `✓ expect_contains "250 HELP\r\n"`,
		"✓ starttls smtp", `✓ send "NOOP\r\n"`, `✓ expect "250 OK\r\n"`)

	// Without STARTTLS offered, the step fails saying so.
	plain := testpeers.Aiosmtpd(t, certFile, keyFile, false)
	res = Run(context.Background(), parseOne(t, "connect: tcp://ADDR\ntls: {ca: "+certFile+"}\nsteps:\n"+
		"  - expect_contains: \"220 \"\n  - starttls: smtp\n  - send: \"NOOP\\r\\n\"\n", plain), Options{})
	if res.Passed() || len(res.Steps) < 3 || !strings.Contains(res.Steps[2].Failure.Detail(), "the server did not offer STARTTLS in its EHLO reply") {
		t.Fatalf("starttls to a server without it: %q", statuses(res))
	}
}

// TestParseStartTLS checks the starttls step's mistakes.
func TestParseStartTLS(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"connect: tcp://127.0.0.1:25\nsteps: [{starttls: xmpp}]\n", `s.yaml:2:20: steps[1].starttls: want starttls: smtp, imap, pop3 or ftp, not "xmpp"`},
		{"connect: tls://127.0.0.1:25\nsteps: [{starttls: smtp}]\n", `starttls: starttls upgrades a plain exchange: want connect: tcp://host:port, not "tls://127.0.0.1:25"`},
		{"connect: udp://127.0.0.1:25\nsteps: [{starttls: smtp}]\n", `want connect: tcp://host:port, not "udp://127.0.0.1:25"`},
	} {
		_, err := Parse("s.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v; want %q", tt.src, err, tt.want)
		}
	}
	if _, err := Parse("s.yaml", []byte("connect: tcp://127.0.0.1:25\ntls: {insecure: true}\nsteps: [{starttls: smtp}]\n")); err != nil {
		t.Errorf("tls settings with a starttls step on tcp://: %v", err)
	}
}

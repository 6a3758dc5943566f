package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/testcert"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// fingerprintRE matches a SHA-256 fingerprint as the tools print it.
var fingerprintRE = regexp.MustCompile(`^([0-9A-F]{2}:){31}[0-9A-F]{2}$`)

// startTLSServe runs serve --tls with a generated certificate saved to a
// temporary file, and returns the server, the file and the fingerprint on
// its listening line.
func startTLSServe(t *testing.T, extra ...string) (*server, string, string) {
	t.Helper()
	pem := filepath.Join(t.TempDir(), "server.pem")
	s := startServe(t, append([]string{"--tcp", "127.0.0.1:0", "--tls", "--save-cert", pem}, extra...)...)
	f := strings.Fields(s.first[0])
	if len(f) != 6 || f[3] != "tls" || f[4] != "sha256" || !fingerprintRE.MatchString(f[5]) {
		t.Fatalf("listening line %q; want \"listening tcp ADDR tls sha256 FINGERPRINT\"", s.first[0])
	}
	b, err := os.ReadFile(pem)
	if err != nil || !strings.HasPrefix(string(b), "-----BEGIN CERTIFICATE-----\n") {
		t.Fatalf("--save-cert wrote %q, %v; want a PEM certificate", b, err)
	}
	return s, pem, f[5]
}

func TestServeTLSAndSend(t *testing.T) {
	t.Parallel()
	s, pem, fp := startTLSServe(t)
	addr := s.addrs["tcp"]

	r := runCLI(t, "", sendArgs("tcp", addr, `hi\n`, "hi\n", "--tls", "--ca", pem)...)
	if r.code != 0 || r.stdout != "hi\n" {
		t.Fatalf("send --tls --ca: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	tlsLine, rest, _ := strings.Cut(r.stderr, "\n")
	if !strings.HasPrefix(tlsLine, "--- TLS 1.3, TLS_AES_128_GCM_SHA256, new session; verified; certificate CN=Socket Tester session certificate") ||
		!strings.HasSuffix(tlsLine, "sha256 "+fp) || !summaryRE.MatchString(rest) {
		t.Errorf("stderr %q; want the handshake (verified, with the fingerprint) and the summary", r.stderr)
	}

	r = runCLI(t, "", "send", "--tcp", addr, "--tls", "--json", "--wait", "20s", "--max-bytes", "3", `hi\n`)
	var info *tlsinfo.Handshake
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if e, err := sockets.DecodeEvent([]byte(line)); err == nil && e.Kind == sockets.KindTLS {
			info = e.TLS
		}
	}
	if r.code != 1 || info != nil || !strings.Contains(r.stdout, `"kind":"error"`) {
		t.Errorf("send --tls --json without --ca: exit %d, stdout %q; want 1 and the error event", r.code, r.stdout)
	}
	r = runCLI(t, "", "send", "--tcp", addr, "--tls", "--insecure", "--json", "--wait", "20s", "--max-bytes", "3", `hi\n`)
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if e, err := sockets.DecodeEvent([]byte(line)); err == nil && e.Kind == sockets.KindTLS {
			info = e.TLS
		}
	}
	if r.code != 0 || info == nil || info.Verify != "skipped" || len(info.Chain) != 1 || info.Chain[0].SHA256 != fp || info.Chain[0].Key != "ECDSA P-256" {
		t.Errorf("send --tls --insecure --json: exit %d, TLS %+v; want the chain with %s, verification skipped", r.code, info, fp)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q; want nothing with --json", r.stderr)
	}
}

// TestSendTLSFailures checks each failure exits 1 with the reason and what
// to do about it, and never hangs.
func TestSendTLSFailures(t *testing.T) {
	t.Parallel()
	tlsSrv, pem, _ := startTLSServe(t)
	plain := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	silent := startServe(t, "--tcp", "127.0.0.1:0", "--mode", "silent")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown authority", []string{"--tcp", tlsSrv.addrs["tcp"], "--tls"},
			[]string{"the certificate is not signed by an authority this client trusts (self-signed?)", "pass --ca FILE to trust it", "or --insecure to skip verification"}},
		{"name mismatch", []string{"--tcp", tlsSrv.addrs["tcp"], "--tls", "--ca", pem, "--sni", "example.com"},
			[]string{"certificate is for localhost, 127.0.0.1, ::1, you asked for example.com", "pass --sni NAME with a name it is for, or --insecure"}},
		{"echo server", []string{"--tcp", plain.addrs["tcp"], "--tls", "--insecure"},
			[]string{"the server sent our own TLS hello back: it speaks plain TCP (an echo server?), not TLS", "leave out --tls"}},
		{"silent server", []string{"--tcp", silent.addrs["tcp"], "--tls", "--timeout", "300ms"},
			[]string{"no TLS answer within 300ms"}},
		{"plain client", []string{"--tcp", tlsSrv.addrs["tcp"], "--wait", "20s"},
			[]string{"the server answered with a TLS alert: it speaks TLS", "; pass --tls"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", append(append([]string{"send"}, tt.args...), "hi")...)
			msg := withoutSummary(r.stderr)
			if r.code != 1 || strings.Count(msg, "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want 1 and one line", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("stderr %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestTLSUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"send", "--tcp", "127.0.0.1:9", "--insecure", "hi"}, 2, "--insecure needs --tls"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--cert", "c.pem", "hi"}, 2, "--cert and --key go together"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--insecure", "--ca", "c.pem", "hi"}, 2, "--insecure skips verification"},
		{[]string{"send", "--udp", "127.0.0.1:9", "--tls", "hi"}, 2, "--tls needs --tcp"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--tls-min", "1.9", "hi"}, 2, `unknown TLS version "1.9"`},
		{[]string{"send", "--udp", "127.0.0.1:9", "--half-close", "hi"}, 2, "--half-close needs --tcp"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--local", "127.0.0.1:99999", "hi"}, 2, "--local: invalid port"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--save-cert", "x.pem"}, 2, "--save-cert needs --tls"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--client-ca", "ca.pem"}, 2, "--client-ca needs --tls"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--tls", "--client-ca", filepath.Join(dir, "ca.pem")}, 2, "--client-ca " + filepath.Join(dir, "ca.pem") + ": open "},
		{[]string{"serve", "--udp", "127.0.0.1:0", "--tls"}, 2, "--tls needs --tcp"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--tls", "--key", "k.pem"}, 2, "--cert and --key go together"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--tls", "--cert", filepath.Join(dir, "c.pem"), "--key", filepath.Join(dir, "k.pem")}, 2, "--cert " + filepath.Join(dir, "c.pem") + ": open " + filepath.Join(dir, "c.pem") + ": no such file or directory"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--ca", filepath.Join(dir, "none.pem"), "hi"}, 2, "--ca " + filepath.Join(dir, "none.pem") + ": open "},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--ca", dir, "hi"}, 2, "is a directory"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--tls", "--cert", filepath.Join(dir, "c.pem"), "--key", filepath.Join(dir, "k.pem"), "hi"}, 2, "--cert " + filepath.Join(dir, "c.pem") + ": open"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--tls-to", "--ca", filepath.Join(dir, "none.pem")}, 2, "--ca " + filepath.Join(dir, "none.pem") + ": open"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--tls-to", "--to-cert", filepath.Join(dir, "c.pem"), "--to-key", filepath.Join(dir, "k.pem")}, 2, "--to-cert " + filepath.Join(dir, "c.pem") + ": open"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--tls", "--cert", filepath.Join(dir, "c.pem"), "--key", filepath.Join(dir, "k.pem")}, 2, "--cert " + filepath.Join(dir, "c.pem") + ": open"},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--tls", "--save-cert", filepath.Join(dir, "no", "dir", "s.pem")}, 2, "--save-cert " + filepath.Join(dir, "no", "dir", "s.pem") + ": "},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--tls", "--save-cert", dir}, 2, "is a directory"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--tls", "--save-cert", filepath.Join(dir, "no", "s.pem")}, 2, "--save-cert " + filepath.Join(dir, "no", "s.pem") + ": "},
		{[]string{"relay", "--listen", "127.0.0.1:0"}, 2, "missing --to HOST:PORT"},
		{[]string{"relay", "--to", "127.0.0.1:0"}, 2, "--to: port 0"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--insecure"}, 2, "--insecure needs --tls-to"},
		{[]string{"relay", "--to", "127.0.0.1:9", "--cert", "c.pem"}, 2, "--cert needs --tls"},
	}
	for _, tt := range tests {
		_, errOut, code := runInProcess(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

// cnOnlyFiles writes a certificate that names localhost only in its Common
// Name (as "openssl req -subj /CN=localhost" without -addext makes one) and
// its key, and returns the two paths and the pair.
func cnOnlyFiles(t *testing.T) (certFile, keyFile string, pair tls.Certificate) {
	t.Helper()
	c := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour), func(c *x509.Certificate) { c.Subject.CommonName = "localhost" })
	certPEM, keyPEM := c.PEM(t)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cn.pem"), filepath.Join(dir, "cn.key")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, pair
}

// goTLSListener serves cfg on 127.0.0.1:0, finishing each handshake and then
// closing, until the test ends; it returns the address.
func goTLSListener(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	return loopbackServer(t, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		tc.Handshake()
		io.Copy(io.Discard, tc)
	})
}

// TestCommonNameOnlyCertificate checks that a certificate naming its host
// only in the Common Name gets one message, the same from send and serve,
// and never advice that cannot help (--sni, a contradictory name list).
func TestCommonNameOnlyCertificate(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pair := cnOnlyFiles(t)
	addr := goTLSListener(t, &tls.Config{Certificates: []tls.Certificate{pair}})
	const why = `the certificate names localhost only in its Common Name, which TLS clients ignore: reissue it with a subjectAltName (openssl req … -addext "subjectAltName=DNS:localhost`
	for _, sni := range [][]string{{"--sni", "localhost"}, nil} {
		r := runCLI(t, "", append(append([]string{"send", "--tcp", addr, "--tls", "--ca", certFile}, sni...), "hi")...)
		msg := withoutSummary(r.stderr)
		if r.code != 1 || !strings.Contains(msg, why) || !strings.Contains(msg, "or skip verification") || !strings.Contains(msg, "--insecure") || strings.Contains(msg, "--sni") {
			t.Errorf("send %v: exit %d, stderr %q; want 1, %q, --insecure and no --sni advice", sni, r.code, r.stderr, why)
		}
	}
	_, errOut, code := runInProcess("serve", "--tcp", "127.0.0.1:0", "--tls", "--cert", certFile, "--key", keyFile)
	want := "certificate " + certFile + ": " + why + `,IP:127.0.0.1")`
	if code != 1 || !strings.Contains(errOut, want) || strings.Contains(errOut, "not 127.0.0.1 or localhost") {
		t.Errorf("serve --cert CN-only: exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
}

// startOpenSSLServer runs openssl s_server on 127.0.0.1 with a certificate
// for 127.0.0.1 and extra flags, and returns its address and the
// certificate's file; it skips the test without openssl.
func startOpenSSLServer(t *testing.T, extra ...string) (addr, certFile string) {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("no openssl")
	}
	certPEM, keyPEM := testcert.New(t, time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour), testcert.Names("127.0.0.1", "localhost")).PEM(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	cmd := exec.CommandContext(ctx, openssl, append([]string{"s_server", "-accept", "127.0.0.1:0", "-cert", certFile, "-key", keyFile}, extra...)...)
	// s_server ends a connection at the end of its standard input.
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "ACCEPT "); ok {
			go io.Copy(io.Discard, out)
			return a, certFile
		}
	}
	t.Fatalf("openssl s_server printed no ACCEPT line: %v", sc.Err())
	return "", ""
}

// TestSendToOpenSSLRequiringClientCert sends with --tls --ca to openssl
// s_server -Verify 1: the error says the server requires a client
// certificate and how to give one, not only "certificate required".
func TestSendToOpenSSLRequiringClientCert(t *testing.T) {
	t.Parallel()
	addr, ca := startOpenSSLServer(t, "-Verify", "1")
	r := runCLI(t, "", "send", "--tcp", addr, "--tls", "--ca", ca, "--wait", "20s", "hi")
	msg := withoutSummary(r.stderr)
	want := "the server requires a client certificate and none was sent (tls: certificate required): give a certificate and its key (send --cert FILE --key FILE"
	if r.code != 1 || !strings.Contains(msg, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
}

// TestPlainSendToOpenSSL sends plain text to openssl s_server, which closes
// without a word: the error says the port may speak TLS and to try --tls.
func TestPlainSendToOpenSSL(t *testing.T) {
	t.Parallel()
	addr, _ := startOpenSSLServer(t)
	r := runCLI(t, "", "send", "--tcp", addr, "--wait", "20s", "hello")
	want := "connection closed by " + addr + " at once, without a reply (the port may speak TLS: a TLS server does this to plain text; try --tls)"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
}

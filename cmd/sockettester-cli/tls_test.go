package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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

package scenario

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// tlsRulesServer serves testRules over TLS with a generated certificate and
// returns its address and the certificate's PEM.
func tlsRulesServer(t *testing.T) (string, []byte) {
	t.Helper()
	set, err := rules.Parse("rules", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	s := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set, TLS: &sockets.ServerTLS{}})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Addr().String(), s.Certificate().PEM
}

func TestRunOverTLSWithHalfClose(t *testing.T) {
	addr, pem := tlsRulesServer(t)
	ca := filepath.Join(t.TempDir(), "server.pem")
	if err := os.WriteFile(ca, pem, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, settings := range map[string]string{
		"insecure": "tls: {insecure: true}",
		"ca":       "tls: {ca: " + ca + ", sni: localhost}",
	} {
		t.Run(name, func(t *testing.T) {
			sc := parseOne(t, "connect: tls://ADDR\n"+settings+"\ntimeout: 10s\nsteps:\n"+
				"  - send: \"hello\\n\"\n  - expect: \"HELLO\\n\"\n  - send: \"last line\"\n  - half_close: true\n"+
				"  - expect: \"LAST LINE\\n\"\n  - expect_close: true\n", addr)
			res := Run(context.Background(), sc, Options{})
			checkStatuses(t, res, "✓ connect tls://"+addr, `✓ send "hello\n"`, `✓ expect "HELLO\n"`,
				`✓ send "last line"`, "✓ half_close", `✓ expect "LAST LINE\n"`, "✓ expect_close")
		})
	}
}

func TestRunOverTLSRefusesAnUntrustedServer(t *testing.T) {
	addr, _ := tlsRulesServer(t)
	res := Run(context.Background(), parseOne(t, "connect: tls://ADDR\nsteps:\n  - send: a\n", addr), Options{})
	if res.Passed() || !strings.Contains(res.Steps[0].Failure.Detail(), "self-signed") {
		t.Fatalf("a self-signed server without tls settings: %q, %v", statuses(res), res.Steps[0].Failure)
	}
}

func TestSessionOverTLSWithHalfCloseReplays(t *testing.T) {
	addr, _ := tlsRulesServer(t)
	q := sockets.NewEventQueue(1024)
	q.SetDataRate(0)
	got := make(chan []byte, 64)
	c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: addr, Events: q, TLS: &sockets.ClientTLS{Insecure: true},
		OnData: func(p []byte) { got <- append([]byte(nil), p...) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send([]byte("bye now")); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	var reply []byte
	for string(reply) != "BYE NOW\n" {
		reply = append(reply, within(t, got)...)
	}
	<-c.Done()
	c.Close()
	file, err := FromSession("tls session", q.Drain(nil, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := "name: tls session\nconnect: tls://" + addr + "\ntls: {insecure: true}   # to check the certificate instead: tls: {ca: FILE}\nsteps:\n" +
		"  - send: \"bye now\"\n  - half_close: true\n  - expect: \"BYE NOW\\n\"\n  - expect_close: true\n"
	checkReplays(t, file, want)
}

// within returns what ch delivers next, failing the test after a long
// while.
func within(t *testing.T, ch <-chan []byte) []byte {
	t.Helper()
	select {
	case b := <-ch:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("nothing arrived")
		return nil
	}
}

// TestTLSFilesAreFromTheScenarioFolder: a relative ca: is found next to the
// scenario file, wherever the run starts from.
func TestTLSFilesAreFromTheScenarioFolder(t *testing.T) {
	addr, pem := tlsRulesServer(t)
	dir := filepath.Join(t.TempDir(), "checks")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "server.pem"), pem, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "tls.yaml")
	src := "connect: tls://" + addr + "\ntls: {ca: server.pem, sni: localhost}\ntimeout: 10s\nsteps:\n  - send: \"hello\\n\"\n  - expect: \"HELLO\\n\"\n"
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	scs, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "server.pem"); scs[0].TLS.CA != want {
		t.Errorf("ca %q; want %q", scs[0].TLS.CA, want)
	}
	res := Run(context.Background(), scs[0], Options{})
	checkStatuses(t, res, "✓ connect tls://"+addr, `✓ send "hello\n"`, `✓ expect "HELLO\n"`)
}

// TestTLSFileMissingMakesTheScenarioInvalid: a ca, cert or key that does not
// exist is a mistake in the file, at its line and column, not a failed
// connect.
func TestTLSFileMissingMakesTheScenarioInvalid(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ tls, want string }{
		{"tls: {ca: nope.pem}", "s.yaml:2:11: tls.ca: file " + filepath.Join(dir, "nope.pem") + " does not exist (a relative path starts from the scenario's folder)"},
		{"tls:\n  cert: client.pem\n  key: key.pem", "s.yaml:3:9: tls.cert: file " + filepath.Join(dir, "client.pem") + " does not exist (a relative path starts from the scenario's folder)"},
		{"tls: {ca: " + dir + "}", "s.yaml:2:11: tls.ca: " + dir + " is a folder: want a PEM file"},
	} {
		file := filepath.Join(dir, "s.yaml")
		_, err := Parse(file, []byte("connect: tls://127.0.0.1:9\n"+tc.tls+"\nsteps:\n  - send: a\n"))
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), dir) {
			t.Errorf("%s: %v; want an error ending %q", tc.tls, err, tc.want)
		}
	}
}

package scenario

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

func TestRunOverWebSocket(t *testing.T) {
	addr := rulesServer(t, "ws")
	sc := parseOne(t, `connect: ws://ADDR/rules?x=1
timeout: 10s
steps:
  - send: "NEW"
  - expect: "ID 41\n"
  - send: "hello"
  - expect: "HELLO\n"
  - send: "BYE"
  - expect: "bye\n"
  - expect_close: true
`, addr)
	res := Run(context.Background(), sc, Options{})
	checkStatuses(t, res, "✓ connect ws://"+addr+"/rules?x=1",
		`✓ send "NEW"`, `✓ expect "ID 41\n"`, `✓ send "hello"`, `✓ expect "HELLO\n"`,
		`✓ send "BYE"`, `✓ expect "bye\n"`, `✓ expect_close`)
}

func TestRunOverWSS(t *testing.T) {
	set, err := rules.Parse("rules", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	s := sockets.NewServer(sockets.ServerConfig{Network: "ws", Mode: sockets.ModeRules, Rules: set, TLS: &sockets.ServerTLS{}})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, s.Certificate().PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	sc := parseOne(t, "connect: wss://ADDR\ntls: {ca: "+ca+"}\nsteps:\n  - send: hi\n  - expect: \"HI\\n\"\n", s.Addr().String())
	if res := Run(context.Background(), sc, Options{}); !res.Passed() {
		t.Fatalf("wss run failed: %q", statuses(res))
	}
	if sc.URL() != "wss://"+s.Addr().String()+"/" {
		t.Fatalf("URL %q", sc.URL())
	}
}

func TestWebSocketHasNoHalfClose(t *testing.T) {
	_, err := Parse("s.yaml", []byte("connect: ws://127.0.0.1:1/\nsteps:\n  - half_close: true\n"))
	if err == nil || !strings.Contains(err.Error(), "half_close needs a TCP or TLS connection; a WebSocket has no half-close") {
		t.Fatalf("err = %v; want the no-half-close message", err)
	}
}

package scenario

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// TestRunOverUnixSockets: connect: unix:///path and unixgram:///path run
// the same steps as tcp:// and udp:// against a rules server on that path.
func TestRunOverUnixSockets(t *testing.T) {
	set, err := rules.Parse("rules", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	for _, network := range []string{"unix", "unixgram"} {
		t.Run(network, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.sock")
			serve(t, network, sockets.ServerConfig{Addr: path, Mode: sockets.ModeRules, Rules: set})
			sc := parseOne(t, "connect: "+network+"://ADDR\nsteps:\n  - send: \"NEW\\n\"\n  - expect: \"ID 41\\n\"\n  - send: \"hi\\n\"\n  - expect: \"HI\\n\"\n", path)
			if sc.Network != network || sc.Addr != path || sc.URL() != network+"://"+path {
				t.Fatalf("parsed %s %q (%s)", sc.Network, sc.Addr, sc.URL())
			}
			if res := Run(context.Background(), sc, Options{}); !res.Passed() {
				t.Fatalf("run failed: %q", statuses(res))
			}
		})
	}
}

func TestUnixConnectMistakes(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"connect: unix://\nsteps: [{send: a}]\n", `connect: want tcp://, udp://, tls://, ws:// or wss:// and host:port, e.g. tcp://127.0.0.1:9000, or unix:// or unixgram:// and a path, e.g. unix:///tmp/app.sock, not "unix://"`},
		{"connect: unixgram:///tmp/x.sock\nsteps: [{half_close: true}]\n", "half_close needs a TCP or TLS connection"},
	} {
		_, err := Parse("s.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v; want %q", tc.src, err, tc.want)
		}
	}
}

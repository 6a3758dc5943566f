package scenario

import (
	"context"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/internal/testpeers"
)

func TestRunThroughProxy(t *testing.T) {
	socks := testpeers.Microsocks(t, "user", "pass")
	for _, network := range []string{"tcp", "ws"} {
		addr := rulesServer(t, network)
		line := `NEW` // a WebSocket message is a frame; over TCP a line is
		if network == "tcp" {
			line = `NEW\n`
		}
		sc := parseOne(t, "connect: "+network+"://ADDR\nproxy: socks5://user:pass@"+socks+"\ntimeout: 10s\nsteps:\n  - send: \""+line+"\"\n  - expect: \"ID 41\\n\"\n", addr)
		if sc.Proxy != "socks5://user:pass@"+socks {
			t.Fatalf("Proxy %q", sc.Proxy)
		}
		res := Run(context.Background(), sc, Options{})
		checkStatuses(t, res, "✓ connect "+sc.URL(), `✓ send "`+line+`"`, `✓ expect "ID 41\n"`)
	}
	addr := rulesServer(t, "tcp")
	sc := parseOne(t, "connect: tcp://ADDR\nproxy: socks5://user:nope@"+socks+"\ntimeout: 10s\nsteps:\n  - send: \"NEW\"\n", addr)
	res := Run(context.Background(), sc, Options{})
	if res.Passed() || len(res.Steps) == 0 || res.Steps[0].Failure == nil || !strings.Contains(res.Steps[0].Failure.Msg, "the proxy refused the user name or password") {
		t.Fatalf("statuses %q; want the connect failed with the proxy's refusal", statuses(res))
	}
}

func TestParseProxyErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"connect: tcp://127.0.0.1:1\nproxy: socks5://127.0.0.1\nsteps: [{send: a}]\n",
			`s.yaml:2:8: proxy: socks5://127.0.0.1 has no port: write socks5://HOST:PORT or http://HOST:PORT`},
		{"connect: tcp://127.0.0.1:1\nproxy: ftp://127.0.0.1:21\nsteps: [{send: a}]\n",
			`s.yaml:2:8: proxy: ftp://127.0.0.1:21: a proxy of kind ftp is not known: write socks5://HOST:PORT or http://HOST:PORT`},
		{"connect: udp://127.0.0.1:1\nproxy: socks5://127.0.0.1:1080\nsteps: [{send: a}]\n",
			`s.yaml:2:8: proxy: a proxy carries tcp://, tls://, ws:// and wss:// only, not "udp://127.0.0.1:1"; leave proxy: out`},
		{"connect: tcp://127.0.0.1:1\nproxy: [a]\nsteps: [{send: a}]\n", `s.yaml:2:8: proxy: `},
	} {
		_, err := Parse("s.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v; want %q", tc.src, err, tc.want)
		}
	}
}

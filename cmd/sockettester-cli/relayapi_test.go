package main

import (
	"strings"
	"testing"

	toxiproxy "github.com/Shopify/toxiproxy/v2/client"
)

// TestRelayAPI drives "relay --api" with toxiproxy's own client: the relay
// from --to is the proxy "relay", a toxic added through the API is
// reported by the relay, and a proxy created through the API relays.
func TestRelayAPI(t *testing.T) {
	t.Parallel()
	echo := startServe(t, "--tcp", "127.0.0.1:0")
	target := echo.addrs["tcp"]
	rl := startListening(t, "relay", 2, "--to", target, "--api", "127.0.0.1:0", "--seed", "7")
	relayAddr := strings.Fields(rl.first[0])[2]
	f := strings.Fields(rl.first[1])
	if len(f) != 5 || f[3] != "toxiproxy" || f[4] != "api" {
		t.Fatalf("second line %q; want \"listening tcp ADDR toxiproxy api\"", rl.first[1])
	}
	cl := toxiproxy.NewClient(f[2])
	p, err := cl.Proxy("relay")
	if err != nil {
		t.Fatal(err)
	}
	if p.Listen != relayAddr || p.Upstream != target || !p.Enabled {
		t.Fatalf("proxy relay = %+v; want listen %s, upstream %s, enabled", p, relayAddr, target)
	}
	if _, err := p.AddToxic("lag", "latency", "downstream", 1, toxiproxy.Attributes{"latency": 20}); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", sendArgs("tcp", relayAddr, `hello\n`, "hello\n")...)
	if r.code != 0 || r.stdout != "hello\n" {
		t.Fatalf("send through the relay: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	q, err := cl.CreateProxy("second", "127.0.0.1:0", target)
	if err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", sendArgs("tcp", q.Listen, `again\n`, "again\n")...)
	if r.code != 0 || r.stdout != "again\n" {
		t.Fatalf("send through the API's proxy: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	code, out := rl.stop()
	if code != 0 {
		t.Errorf("relay exit %d after SIGINT", code)
	}
	if strings.Contains(out, "listening tcp "+relayAddr) {
		t.Errorf("the relay's listening line came twice:\n%s", out)
	}
	for _, want := range []string{"condition lag on (down, toxicity 1): latency 20ms", "network conditions: seed 7", "relay listening tcp " + q.Listen + " forwarding to " + target, "relay stopped tcp " + relayAddr, "relay stopped tcp " + q.Listen} {
		if !strings.Contains(out, want) {
			t.Errorf("relay output lacks %q:\n%s", want, out)
		}
	}
}

func TestRelayAPIBadFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--api", "127.0.0.1:99999"}, `--api: invalid port "99999" in "127.0.0.1:99999" (want a number from 0 to 65535) (e.g. --api 8474 or --api 127.0.0.1:8474)`},
		{[]string{"--api", "8474", "--condition", "latency=100ms"}, "--condition applies to the relay from --to, and there is none: give --to HOST:PORT too, or make proxies and toxics through the API"},
	} {
		r := runCLI(t, "", append([]string{"relay"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("relay %q: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

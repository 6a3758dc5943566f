package scenario

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// The README's examples live in docs/examples with the address a reader
// would use, 127.0.0.1:9000, so they can be copied as they are. These
// tests serve the rules example on free ports of 127.0.0.1 and point the
// scenarios and packets there instead.

const examples = "../../docs/examples/"

// exampleAddr is the address the examples are written for.
const exampleAddr = "127.0.0.1:9000"

// serveExampleRules serves docs/examples/rules.yaml over network.
func serveExampleRules(t *testing.T, network string) string {
	t.Helper()
	set, err := rules.Load(examples + "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, network, sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set})
}

func TestExampleScenariosPassAgainstTheExampleRules(t *testing.T) {
	addrs := map[string]string{"tcp": serveExampleRules(t, "tcp"), "udp": serveExampleRules(t, "udp")}
	scs, err := Load(examples + "scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 3 {
		t.Fatalf("%d scenarios in the example; want 3", len(scs))
	}
	for _, sc := range scs {
		if sc.Addr != exampleAddr {
			t.Fatalf("%s connects to %s; the examples use %s", sc.Name, sc.Addr, exampleAddr)
		}
		sc.Addr = addrs[sc.Network]
		if res := Run(context.Background(), sc, Options{}); !res.Passed() {
			f := res.Failed()
			t.Errorf("%s: step %d %s failed:\n%s", sc.Name, f.Index, f.Text, f.Failure.Detail())
		}
	}
}

func TestExamplePackets(t *testing.T) {
	lib, err := packets.Load(examples + "packets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	echo := map[string]string{"tcp": serve(t, "tcp", sockets.ServerConfig{}), "udp": serve(t, "udp", sockets.ServerConfig{})}
	want := map[string]string{
		"ping":           "PING\n",
		"http-get":       "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n",
		"binary hello":   "\x01\x02\xff\r\n",
		"windows path":   `C:\temp\new`,
		"read-registers": "\x01\x03\x00\x0a\x00\x02\xe4\x09", // with its CRC-16/MODBUS
	}
	if len(lib.Packets) != len(want) {
		t.Fatalf("packets %q; want %d", lib.Names(), len(want))
	}
	if lib.Panel == nil || len(lib.Panel.Buttons) != 2 || lib.Panel.Buttons[1].Every != 100*time.Millisecond {
		t.Fatalf("panel %+v; want two buttons, the second every 100ms", lib.Panel)
	}
	for _, p := range lib.Packets {
		b, err := p.Bytes()
		if err != nil || string(b) != want[p.Name] {
			t.Fatalf("%s: %q, %v; want %q", p.Name, b, err, want[p.Name])
		}
		network := p.Network
		if network == "" {
			network = "tcp"
		}
		if got := exchange(t, network, echo[network], b, len(b)); got != string(b) {
			t.Errorf("%s: the echo server sent back %q; want %q", p.Name, got, b)
		}
	}
	ping, _ := lib.Find("ping")
	if ping.Addr != exampleAddr {
		t.Fatalf("ping goes to %s; the examples use %s", ping.Addr, exampleAddr)
	}
	b, _ := ping.Bytes()
	if got := exchange(t, "tcp", serveExampleRules(t, "tcp"), b, len("PONG 1\n")); got != "PONG 1\n" {
		t.Errorf("the example rules answered ping with %q; want PONG 1", got)
	}
}

// exchange sends b to addr and reads n bytes back.
func exchange(t *testing.T, network, addr string, b []byte, n int) string {
	t.Helper()
	c, err := net.DialTimeout(network, addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write(b); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, n)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("read: %v (got %q)", err, got)
	}
	return string(got)
}

func TestExampleTLSScenario(t *testing.T) {
	set, err := rules.Load(examples + "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set, TLS: &sockets.ServerTLS{}})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	scs, err := Load(examples + "scenario-tls.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 1 || scs[0].Addr != "127.0.0.1:9443" || scs[0].Network != "tls" {
		t.Fatalf("the TLS example connects to %s://%s; want tls://127.0.0.1:9443", scs[0].Network, scs[0].Addr)
	}
	scs[0].Addr = s.Addr().String()
	if res := Run(context.Background(), scs[0], Options{}); !res.Passed() {
		f := res.Failed()
		t.Fatalf("%s: step %d %s failed:\n%s", scs[0].Name, f.Index, f.Text, f.Failure.Detail())
	}
}

package scenario

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// recordSession runs a client session against addr and returns its events:
// each send waits for want to come back in full.
func recordSession(t *testing.T, network, addr string, exchanges ...[2]string) []sockets.Event {
	t.Helper()
	q := sockets.NewEventQueue(1024)
	q.SetDataRate(0)
	got := make(chan int, 64)
	c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Network: network, Addr: addr, Events: q,
		OnData: func(p []byte) { got <- len(p) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range exchanges {
		if err := c.Send([]byte(ex[0])); err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(ex[1]); {
			select {
			case k := <-got:
				n += k
			case <-time.After(10 * time.Second):
				t.Fatalf("no reply to %q", ex[0])
			}
		}
	}
	c.Close()
	return q.Drain(nil, 0)
}

// checkReplays checks that a session saved as a scenario reads want and
// passes when run again against the same server.
func checkReplays(t *testing.T, file []byte, want string) {
	t.Helper()
	if string(file) != want {
		t.Fatalf("file:\n%s\nwant:\n%s", file, want)
	}
	scs, err := Parse("saved.yaml", file)
	if err != nil {
		t.Fatal(err)
	}
	if res := Run(context.Background(), scs[0], Options{}); !res.Passed() {
		t.Fatalf("replay failed: %q", statuses(res))
	}
}

func TestSessionReplays(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			addr := rulesServer(t, network)
			events := recordSession(t, network, addr,
				[2]string{"hello\n", "HELLO\n"}, [2]string{"NEW\n", "ID 41\n"}, [2]string{"\x01\x02\xff\n", "\x01\x02\xff\n"})
			file, err := FromSession("my session", events)
			if err != nil {
				t.Fatal(err)
			}
			want := "name: my session\nconnect: " + network + "://" + addr + "\nsteps:\n" +
				"  - send: \"hello\\n\"\n  - expect: \"HELLO\\n\"\n  - send: \"NEW\\n\"\n  - expect: \"ID 41\\n\"\n" +
				"  - send_hex: \"01 02 ff 0a\"\n  - expect_hex: \"01 02 ff 0a\"\n"
			checkReplays(t, file, want)
		})
	}
}

func TestSessionEndedByServer(t *testing.T) {
	addr := rulesServer(t, "tcp")
	q := sockets.NewEventQueue(256)
	q.SetDataRate(0)
	c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: addr, Events: q})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send([]byte("BYE\n")); err != nil {
		t.Fatal(err)
	}
	<-c.Done() // the server closes after "bye\n"
	c.Close()
	// A second connection of the same session.
	events := append(q.Drain(nil, 0), recordSession(t, "tcp", addr, [2]string{"x\n", "X\n"})...)
	file, err := FromSession("s", events)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(file), "  - send: \"BYE\\n\"\n  - expect: \"bye\\n\"\n  - expect_close: true\n---\nname: s (2)\n") {
		t.Fatalf("file:\n%s", file)
	}
	scs, err := Parse("saved.yaml", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scs {
		if res := Run(context.Background(), sc, Options{}); !res.Passed() {
			t.Fatalf("replay of %s failed: %q", sc.Name, statuses(res))
		}
	}
}

func TestSessionThatCannotBeReplayed(t *testing.T) {
	sent := sockets.Event{Side: sockets.SideClient, Kind: sockets.KindSent, Network: "tcp", Remote: "127.0.0.1:9", Bytes: 2000, Data: make([]byte, 1024), Truncated: true}
	if _, err := FromSession("s", []sockets.Event{sent}); err == nil || !strings.Contains(err.Error(), "the log kept 1024 of the 2000 bytes sent") {
		t.Errorf("truncated send: %v", err)
	}
	gap := sockets.Event{Kind: sockets.KindGap, Skipped: 3}
	if _, err := FromSession("s", []sockets.Event{gap}); err == nil || !strings.Contains(err.Error(), "3 events of the session were not recorded") {
		t.Errorf("gap: %v", err)
	}
	if _, err := FromSession("s", nil); err == nil || err.Error() != "the session has nothing sent or received to save" {
		t.Errorf("empty: %v", err)
	}
}

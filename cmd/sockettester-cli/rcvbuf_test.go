package main

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// TestServeRcvBufMistakes: a bad --rcvbuf is refused with exit 2, saying
// what is right.
func TestServeRcvBufMistakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--udp", "127.0.0.1:9", "--rcvbuf", "abc"}, `--rcvbuf "abc" is not a number of bytes: give e.g. --rcvbuf 4194304 (4 MiB), from 1 to 67108864`},
		{[]string{"--udp", "127.0.0.1:9", "--rcvbuf", "0"}, "--rcvbuf 0: give a size in bytes from 1 to 67108864, or leave --rcvbuf out for the system's default"},
		{[]string{"--udp", "127.0.0.1:9", "--rcvbuf", "-4096"}, "--rcvbuf -4096: give a size in bytes from 1 to 67108864"},
		{[]string{"--udp", "127.0.0.1:9", "--rcvbuf", "67108865"}, "receive buffer 67108865 B is too big: give at most 67108864 B (64 MiB)"},
		{[]string{"--tcp", "127.0.0.1:9", "--rcvbuf", "4096"}, "--rcvbuf sets a UDP socket's receive buffer: give --udp ADDR too"},
	} {
		stdout, stderr, code := runInProcess(append([]string{"serve"}, tc.args...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("serve %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
		// send takes the same flag and says the same.
		stdout, stderr, code = runInProcess(append(append([]string{"send"}, tc.args...), "x")...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("send %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

// TestServeJSONReportsSystemDrops: a burst at serve --udp --rcvbuf 4096
// makes the system drop datagrams; --json prints a dropped-by-system line
// whose count, with the datagrams echoed, makes up every datagram sent.
func TestServeJSONReportsSystemDrops(t *testing.T) {
	if !sockets.SystemDropsCounted {
		t.Skip("the system does not count dropped datagrams")
	}
	t.Parallel()
	s := startServe(t, "--udp", "127.0.0.1:0", "--rcvbuf", "4096", "--json")
	if !strings.Contains(s.first[0], `"message":"mode echo; receive buffer `) {
		t.Fatalf("listening line %s; want the receive buffer granted", s.first[0])
	}
	c, err := net.Dial("udp", s.addrs["udp"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Every echo must arrive here, so this side's buffer is large.
	c.(*net.UDPConn).SetReadBuffer(8 << 20)
	c.SetDeadline(time.Now().Add(waitDeadline))
	sent, echoed := 0, 0
	buf := make([]byte, 64)
	for round := 0; !strings.Contains(s.restText(), `"kind":"dropped-by-system"`); round++ {
		if round == 20 {
			t.Fatalf("no drop reported after %d bursts of 1000 to a 4096 B buffer", round)
		}
		for range 1000 {
			if _, err := fmt.Fprintf(c, "burst-%05d", sent); err != nil {
				t.Fatal(err)
			}
			sent++
		}
		// The kernel reports its count with the next datagram it delivers.
		for marker := 0; ; marker++ {
			want := fmt.Sprintf("marker-%d-%d", round, marker)
			fmt.Fprint(c, want)
			sent++
			c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
			got := ""
			for got != want {
				n, err := c.Read(buf)
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = string(buf[:n])
				echoed++
			}
			if got == want {
				break
			}
		}
	}
	code, out := s.stop()
	if code != 0 {
		t.Fatalf("serve exit %d", code)
	}
	var last *sockets.Event
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		e, err := sockets.DecodeEvent([]byte(line))
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if e.Kind == sockets.KindSystemDrop {
			if e.Code != "systemDropped" || !strings.HasPrefix(e.Msg, "dropped by the system before the app saw them: ") ||
				!strings.HasSuffix(line, fmt.Sprintf(`"system_dropped":%d}`, e.SystemDropped)) {
				t.Fatalf("drop line %s; want code systemDropped, the message and system_dropped last", line)
			}
			last = &e
		}
	}
	if last == nil || uint64(echoed)+last.SystemDropped != uint64(sent) {
		t.Fatalf("echoed %d + dropped %+v; want %d sent in all", echoed, last, sent)
	}
}

// restText is what serve printed after its listening lines so far.
func (s *server) restText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rest.String()
}

// TestQuietPrintsSystemDrops: --quiet, used while benchmarking, still
// prints the datagrams the system dropped.
func TestQuietPrintsSystemDrops(t *testing.T) {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	p := &eventPrinter{w: w, quiet: true}
	p.print(sockets.Event{Kind: sockets.KindReceived, Network: "udp", Bytes: 1, Data: []byte("x")})
	p.print(sockets.Event{Kind: sockets.KindSystemDrop, Network: "udp", Local: "127.0.0.1:9000", SystemDropped: 7895, Msg: "dropped by the system before the app saw them: 7895"})
	w.Flush()
	if got := b.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, " server dropped-by-system udp 127.0.0.1:9000 dropped by the system before the app saw them: 7895\n") {
		t.Fatalf("--quiet printed %q; want the drop line alone", got)
	}
}

package sockets

import (
	"bytes"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// chatClients connects n raw clients to a chat server. Over UDP each sends
// "join" first, so the server knows it, and the joins other clients pass
// on are read away.
func chatClients(t *testing.T, network string, s *Server, n int) []net.Conn {
	t.Helper()
	cs := make([]net.Conn, n)
	for i := range cs {
		cs[i] = dial(t, network, s)
		if network != "udp" {
			continue
		}
		if _, err := cs[i].Write([]byte("join")); err != nil {
			t.Fatal(err)
		}
		// This join is passed to every client before it.
		for j := 0; j < i; j++ {
			if got := readDatagram(t, cs[j]); !bytes.HasSuffix(got, []byte("join")) {
				t.Fatalf("client %d read %q; want the join of client %d", j, got, i)
			}
		}
	}
	if network == "tcp" {
		// A TCP client is a peer once the server has accepted it; wait for
		// every one, so the first message reaches them all.
		eventually(t, "every client accepted", func() bool { return len(s.Peers()) == n })
	}
	return cs
}

// readChat reads exactly len(want) bytes (TCP) or one datagram (UDP) from c.
func readChat(t *testing.T, network string, c net.Conn, want string) {
	t.Helper()
	var got []byte
	if network == "udp" {
		got = readDatagram(t, c)
	} else {
		got = make([]byte, len(want))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatalf("read: %v (got %q)", err, got)
		}
	}
	if string(got) != want {
		t.Fatalf("read %q; want %q", got, want)
	}
}

func TestChatPassesToOthersOnly(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		for _, lb := range loopbacks {
			t.Run(network+"/"+lb.name, func(t *testing.T) {
				skipNoIPv6(t, lb.addr)
				q := NewEventQueue(0)
				q.SetDataRate(0)
				s := startServer(t, ServerConfig{Network: network, Addr: lb.addr, Mode: ModeChat, Events: q})
				c := chatClients(t, network, s, 3)
				if _, err := c[0].Write([]byte("hi from A")); err != nil {
					t.Fatal(err)
				}
				readChat(t, network, c[1], "hi from A")
				readChat(t, network, c[2], "hi from A")
				if _, err := c[1].Write([]byte("yo from B")); err != nil {
					t.Fatal(err)
				}
				// Had A been sent its own message, it would come before B's.
				readChat(t, network, c[0], "yo from B")
				readChat(t, network, c[2], "yo from B")

				// One received event and one "passed to 2 clients" per
				// message; never a sent row.
				// Both "passed" events, A's and B's, in whichever order the
				// two connections' readers logged them.
				waiting := map[string]bool{c[0].LocalAddr().String(): true, c[1].LocalAddr().String(): true}
				seen := waitEvent(t, q, func(e Event) bool {
					if e.Kind == KindInfo && e.Msg == "passed to 2 clients" {
						delete(waiting, e.Remote)
					}
					return len(waiting) == 0
				})
				received, passed := 0, 0
				for i, e := range seen {
					switch {
					case e.Kind == KindSent:
						t.Fatalf("a sent row was logged: %v", e)
					case e.Kind == KindReceived && (string(e.Data) == "hi from A" || string(e.Data) == "yo from B"):
						received++
						// Its "passed" event follows it, not always next: B
						// may answer A's message before A's event is logged.
						if slices.ContainsFunc(seen[i+1:], func(p Event) bool {
							return p.Kind == KindInfo && p.Msg == "passed to 2 clients" && p.Remote == e.Remote
						}) {
							passed++
						}
					}
				}
				if received != 2 || passed != 2 {
					t.Fatalf("%d received and %d passed events for 2 messages; want 2 and 2:\n%v", received, passed, seen)
				}
				// Each message went out twice: the counters say so.
				if st := s.Stats(); st.BytesOut < 2*2*9 || st.MsgsOut < 4 {
					t.Fatalf("stats %+v; want at least 36 B and 4 messages out", st)
				}
			})
		}
	}
}

func TestChatPrefix(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network, Mode: ModeChat, ChatPrefix: true})
			c := chatClients(t, network, s, 2)
			c[0].Write([]byte("hi\n"))
			readChat(t, network, c[1], "["+c[0].LocalAddr().String()+"] hi\n")
			s.SetChatPrefix(false)
			if s.chatPrefix.Load() {
				t.Fatal("ChatPrefix still on")
			}
			c[0].Write([]byte("plain\n"))
			readChat(t, network, c[1], "plain\n")
		})
	}
}

// TestChatNonReaderIsDisconnected: a client that never reads is cut off
// once its queue fills or a write to it times out, and the others keep
// receiving every message meanwhile.
func TestChatNonReaderIsDisconnected(t *testing.T) {
	q := NewEventQueue(0)
	s := startServer(t, ServerConfig{Mode: ModeChat, Events: q, WriteTimeout: 200 * time.Millisecond})
	c := chatClients(t, "tcp", s, 3)
	sender, reader, deaf := c[0], c[1], c[2]
	deafAddr := deaf.LocalAddr().String()

	msg := bytes.Repeat([]byte("x"), 32<<10)
	const messages = 400 // 12.5 MiB: far more than the deaf client's buffers and queue
	got := make(chan int64, 1)
	go func() {
		n, _ := io.CopyN(io.Discard, reader, int64(messages*len(msg)))
		got <- n
	}()
	for range messages {
		if _, err := sender.Write(msg); err != nil {
			t.Fatal(err)
		}
	}
	ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindDisconnected && e.Remote == deafAddr })
	if e := ev[len(ev)-1]; !strings.HasPrefix(e.Msg, "disconnected: it d") {
		t.Fatalf("the deaf client's disconnect says %q; want that it did not read", e.Msg)
	}
	if n := within(t, "the reader's bytes", got); n != int64(messages*len(msg)) {
		t.Fatalf("the reading client got %d of %d bytes", n, messages*len(msg))
	}
}

func TestChatStopWithQueuedMessages(t *testing.T) {
	s := NewServer(ServerConfig{Mode: ModeChat, WriteTimeout: time.Hour})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	c := chatClients(t, "tcp", s, 2)
	msg := bytes.Repeat([]byte("y"), 64<<10)
	for range 64 { // the other client never reads: writes to it block
		if _, err := c[0].Write(msg); err != nil {
			t.Fatal(err)
		}
	}
	stopWithin(t, s) // goleak checks the writers ended too
}

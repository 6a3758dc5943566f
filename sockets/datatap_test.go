package sockets

import (
	"bytes"
	"io"
	"sync"
	"testing"
	"time"
)

// tapLog collects what a tap hears, per peer.
type tapLog struct {
	mu  sync.Mutex
	got map[string]*bytes.Buffer
}

func (l *tapLog) tap(peer string, p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.got == nil {
		l.got = map[string]*bytes.Buffer{}
	}
	if l.got[peer] == nil {
		l.got[peer] = &bytes.Buffer{}
	}
	l.got[peer].Write(p)
}

func (l *tapLog) bytes(peer string) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.got[peer]; b != nil {
		return append([]byte(nil), b.Bytes()...)
	}
	return nil
}

// everyByte is all 256 byte values, n times over.
func everyByte(n int) []byte {
	b := make([]byte, 0, 256*n)
	for range n {
		for v := range 256 {
			b = append(b, byte(v))
		}
	}
	return b
}

// TestSetTapHearsEveryByteOnATCPEchoServer: a tap set on a running echo
// server (which would otherwise echo in the kernel) hears exactly what a
// client sends, the echo still comes back whole, and once removed it hears
// nothing more.
func TestSetTapHearsEveryByteOnATCPEchoServer(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0"})
	c := dial(t, "tcp", s)
	defer c.Close()
	var l tapLog
	s.SetTap(l.tap)
	data := everyByte(32 << 10) // 8 MiB: enough for the kernel echo to start without the tap
	go c.Write(data)
	c.SetReadDeadline(time.Now().Add(4 * testTimeout))
	back := make([]byte, len(data))
	if _, err := io.ReadFull(c, back); err != nil || !bytes.Equal(back, data) {
		t.Fatalf("echo: %v", err)
	}
	peer := c.LocalAddr().String()
	eventually(t, "the tap heard it all", func() bool { return len(l.bytes(peer)) >= len(data) })
	if !bytes.Equal(l.bytes(peer), data) {
		t.Fatalf("the tap heard %d B that differ from the %d B sent", len(l.bytes(peer)), len(data))
	}

	s.SetTap(nil)
	roundTrip(t, c, []byte("after"), []byte("after"))
	if got := l.bytes(peer); len(got) != len(data) {
		t.Fatalf("a removed tap heard %d B more", len(got)-len(data))
	}
}

// TestSetTapNamesEachPeer: two UDP peers, each heard under its own address.
func TestSetTapNamesEachPeer(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "udp", Addr: "127.0.0.1:0", Mode: ModeEcho})
	var l tapLog
	s.SetTap(l.tap)
	a, b := dial(t, "udp", s), dial(t, "udp", s)
	defer a.Close()
	defer b.Close()
	roundTrip(t, a, []byte{0, 1, 0xff}, []byte{0, 1, 0xff})
	roundTrip(t, b, []byte("b"), []byte("b"))
	if got := l.bytes(a.LocalAddr().String()); !bytes.Equal(got, []byte{0, 1, 0xff}) {
		t.Fatalf("peer a: %q", got)
	}
	if got := l.bytes(b.LocalAddr().String()); string(got) != "b" {
		t.Fatalf("peer b: %q", got)
	}
}

package sockets

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"
)

// TestClientSendFromFile: a 1 MiB file goes through our echo server and
// comes back exact; progress ends at its size.
func TestClientSendFromFile(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0"})
	file := make([]byte, 1<<20+123)
	for i := range file {
		file[i] = byte(rand.Uint32())
	}
	var echoed bytes.Buffer
	got := make(chan struct{})
	c, err := Dial(context.Background(), ClientConfig{Network: "tcp", Addr: s.Addr().String(), OnData: func(p []byte) {
		echoed.Write(p)
		if echoed.Len() == len(file) {
			close(got)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var last int64
	n, err := c.SendFrom(nil, bytes.NewReader(file), func(sent int64) { last = sent })
	if err != nil || n != int64(len(file)) || last != n {
		t.Fatalf("SendFrom = %d, %v (progress %d); want %d", n, err, last, len(file))
	}
	within(t, "the whole file echoed", got)
	if !bytes.Equal(echoed.Bytes(), file) {
		t.Fatal("the echo differs from the file")
	}
}

// TestServerSendFromFileToOnePeer: the server sends a file to one client;
// the other gets nothing; with no client at all it says so.
func TestServerSendFromFileToOnePeer(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0", Mode: ModeSilent})
	a, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	eventually(t, "two peers", func() bool { return len(s.Peers()) == 2 })
	file := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 320,000 B: five pieces
	if n, err := s.SendFrom(nil, a.LocalAddr().String(), bytes.NewReader(file), nil); err != nil || n != int64(len(file)) {
		t.Fatalf("SendFrom = %d, %v", n, err)
	}
	a.SetReadDeadline(time.Now().Add(testTimeout))
	back := make([]byte, len(file))
	if _, err := io.ReadFull(a, back); err != nil || !bytes.Equal(back, file) {
		t.Fatalf("client a read %v; want the file exact", err)
	}
	b.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := b.Read(make([]byte, 1)); n != 0 {
		t.Fatal("client b got bytes meant for a")
	}

	empty := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0"})
	if _, err := empty.SendFrom(nil, "", bytes.NewReader(file), nil); err == nil || err.Error() != "no client is connected to send the file to" {
		t.Fatalf("to nobody: %v", err)
	}
}

func TestSendFromRefusesDatagramsAndStops(t *testing.T) {
	_, c := udpPeerAndClient(t)
	if _, err := c.SendFrom(nil, bytes.NewReader([]byte("x")), nil); err == nil ||
		err.Error() != "a file goes over a stream (TCP, TLS, Unix, WebSocket), not over udp: its bytes have no datagram boundaries to keep" {
		t.Fatalf("over UDP: %v", err)
	}
	s := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0"})
	tc, err := Dial(context.Background(), ClientConfig{Network: "tcp", Addr: s.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	stop := make(chan struct{})
	close(stop)
	if n, err := tc.SendFrom(stop, bytes.NewReader(make([]byte, 1<<20)), nil); n != 0 || err != nil {
		t.Fatalf("cancelled before the start: %d, %v; want 0, nil", n, err)
	}
}

package sockets

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestBulkEchoIsExactAndCounted(t *testing.T) {
	q := NewEventQueue(4096)
	q.SetDataRate(0)
	s := startServer(t, ServerConfig{Events: q})
	c := dial(t, "tcp", s)
	c.SetDeadline(time.Now().Add(4 * testTimeout))
	const size = 8 << 20
	want := make([]byte, size)
	rand.Read(want)
	go c.Write(want)
	got := make([]byte, size)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("read back: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("echoed stream differs from what was sent")
	}
	// Once the stream pauses for spliceIdle, the connection reads with
	// content capture again. A small message sent right after the stream
	// may still go through the kernel, uncaptured; so send until one is
	// captured, each echoed exactly.
	const small = "small again"
	total, sum, rounds := size, 0, 0
	spliced, captured := false, false
	for ; !captured; rounds++ {
		if rounds == 1000 {
			t.Fatal("no small message captured after 1000 tries")
		}
		roundTrip(t, c, []byte(small), []byte(small))
		total += len(small)
		waitEvent(t, q, func(e Event) bool {
			if e.Side == SideServer && e.Kind == KindReceived {
				sum += e.Bytes
				spliced = spliced || strings.Contains(e.Msg, "kernel")
				captured = captured || string(e.Data) == small
			}
			return sum == total
		})
	}
	// Stop waits for the connection's goroutine, so the counters are final.
	stopWithin(t, s)
	if st := s.Stats(); st.BytesIn != uint64(total) || st.BytesOut != uint64(total) {
		t.Fatalf("counters %d in, %d out; want %d each", st.BytesIn, st.BytesOut, total)
	}
	if runtime.GOOS == "linux" && !spliced {
		t.Errorf("no chunk of the %d MiB stream was echoed in the kernel; want the splice path on Linux", size>>20)
	}
	t.Logf("%d small message(s) to see one captured", rounds)
}

func TestStopDuringBulkEcho(t *testing.T) {
	s := startServer(t, ServerConfig{})
	c := dial(t, "tcp", s)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 128<<10)
		for {
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	}()
	streaming := make(chan struct{})
	go func() {
		// Past 16 MiB echoed back, the stream is in full flow.
		io.CopyN(io.Discard, c, 16<<20)
		close(streaming)
		io.Copy(io.Discard, c)
	}()
	within(t, "a bulk stream", streaming)
	stopWithin(t, s)
	c.Close()
	<-done
}

// TestBulkEchoToNonReaderIsDropped: a peer that streams, is echoed in the
// kernel, and then stops reading while it goes on sending is dropped after
// the write timeout, as in user space.
func TestBulkEchoToNonReaderIsDropped(t *testing.T) {
	q := NewEventQueue(0)
	s := startServer(t, ServerConfig{Events: q, WriteTimeout: 200 * time.Millisecond})
	c := dial(t, "tcp", s)
	flood := make(chan error, 1)
	go func() {
		buf := make([]byte, 128<<10)
		var err error
		for err == nil {
			_, err = c.Write(buf)
		}
		flood <- err
	}()
	// Past 16 MiB echoed back the stream is in the kernel; then the
	// reading stops for good.
	if _, err := io.CopyN(io.Discard, c, 16<<20); err != nil {
		t.Fatalf("reading the echo: %v", err)
	}
	addr := c.LocalAddr().String()
	ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindDisconnected && e.Remote == addr })
	if d := ev[len(ev)-1]; d.Code != codeEchoNotRead {
		t.Fatalf("the non-reader's disconnect: %s %q; want %s", d.Code, d.Msg, codeEchoNotRead)
	}
	if err := within(t, "end of the flood", (<-chan error)(flood)); errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the flood ended with %v; want the connection closed by the server", err)
	}
}

// TestSpliceWriteTimeout: a kernel copy toward a socket whose peer never
// reads gives up after the write timeout with os.ErrDeadlineExceeded,
// instead of waiting for room for ever.
func TestSpliceWriteTimeout(t *testing.T) {
	srcPeer, src := tcpPair(t)
	_, dst := tcpPair(t) // its peer never reads
	go func() {
		buf := make([]byte, 64<<10)
		for {
			if _, err := srcPeer.Write(buf); err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		// A pause in the stream returns with no error, as for the
		// server, which then reads and comes back.
		for {
			_, err := spliceWithin(dst, src, 100*time.Millisecond, func() bool { return true }, func(int) {})
			if err != nil {
				done <- err
				return
			}
		}
	}()
	if err := within(t, "error from the copy", (<-chan error)(done)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the copy ended with %v; want a write timeout", err)
	}
}

// tcpPair returns both ends of a loopback TCP connection, closed when the
// test ends.
func tcpPair(t *testing.T) (*net.TCPConn, *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.DialTimeout("tcp", ln.Addr().String(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(testTimeout))
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return c.(*net.TCPConn), s.(*net.TCPConn)
}

package sockets

import (
	"bytes"
	"crypto/rand"
	"io"
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

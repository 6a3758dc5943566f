package sockets

import (
	"bytes"
	"crypto/rand"
	"io"
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
	eventually(t, "exact counters", func() bool {
		st := s.Stats()
		return st.BytesIn == size && st.BytesOut == size
	})
	// After the stream pauses, the connection reads with content capture
	// again.
	roundTrip(t, c, []byte("small again"), []byte("small again"))
	var sum int
	spliced := false
	waitEvent(t, q, func(e Event) bool {
		if e.Side == SideServer && e.Kind == KindReceived {
			sum += e.Bytes
			spliced = spliced || strings.Contains(e.Msg, "kernel")
			return string(e.Data) == "small again"
		}
		return false
	})
	if sum != size+len("small again") {
		t.Fatalf("received events add up to %d bytes; want %d", sum, size+len("small again"))
	}
	t.Logf("bulk echo went through the kernel path: %v", spliced)
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
	go io.Copy(io.Discard, c)
	eventually(t, "a bulk stream", func() bool { return s.Stats().BytesOut > 16<<20 })
	start := time.Now()
	s.Stop()
	if d := time.Since(start); d > testTimeout {
		t.Fatalf("Stop took %v during a bulk echo", d)
	}
	c.Close()
	<-done
}

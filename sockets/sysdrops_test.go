package sockets

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// TestUDPServerCountsSystemDrops holds a UDP server with a small receive
// buffer from reading while a burst arrives, so the kernel drops most of
// it, then sends one more datagram, which carries the kernel's count:
// every datagram sent is either received or counted as dropped, exactly.
func TestUDPServerCountsSystemDrops(t *testing.T) {
	if !SystemDropsCounted {
		t.Skip("the system does not count dropped datagrams; TestSystemDropsUnavailableSaidOnce covers it")
	}
	q := NewEventQueue(1 << 14)
	s := NewServer(ServerConfig{Network: "udp", RcvBuf: 4096, Events: q})
	s.holdReads = make(chan struct{})
	if err := s.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	released := false
	t.Cleanup(func() {
		if !released {
			close(s.holdReads)
		}
		s.Stop()
	})
	listening := waitEvent(t, q, kindIs(SideServer, KindListening))
	if got := listening[len(listening)-1].Msg; !strings.HasPrefix(got, "mode echo; receive buffer ") {
		t.Errorf("listening message %q; want the mode and the receive buffer granted", got)
	}
	c := dial(t, "udp", s)

	const burst = 400
	sent := 0
	order := map[string]int{}
	send := func(p string) {
		t.Helper()
		if _, err := c.Write([]byte(p)); err != nil {
			t.Fatalf("write %q: %v", p, err)
		}
		order[p] = sent
		sent++
	}
	for i := range burst {
		send(fmt.Sprintf("burst-%04d", i))
	}
	close(s.holdReads)
	released = true

	// The kernel reports its count with the next datagram it delivers. A
	// marker that is itself dropped is sent again, and counted as sent.
	var echoes []string
	buf := make([]byte, 64)
	for marker := 0; ; marker++ {
		want := fmt.Sprintf("marker-%d", marker)
		send(want)
		c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		got := ""
		for got != want {
			n, err := c.Read(buf)
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				break
			}
			if err != nil {
				t.Fatalf("read echo: %v", err)
			}
			got = string(buf[:n])
			echoes = append(echoes, got)
		}
		if got == want {
			break
		}
		if marker > 50 {
			t.Fatalf("no marker echoed after %d tries", marker)
		}
	}
	st := s.Stats()
	t.Logf("sent %d, received %d, dropped %d", sent, st.MsgsIn, st.SystemDropped)
	if st.SystemDropped == 0 {
		t.Fatalf("received %d of %d with a %d B buffer and no drop counted; want drops", st.MsgsIn, sent, 4096)
	}
	if st.MsgsIn+st.SystemDropped != uint64(sent) {
		t.Fatalf("received %d + dropped %d = %d; want %d sent", st.MsgsIn, st.SystemDropped, st.MsgsIn+st.SystemDropped, sent)
	}
	if uint64(len(echoes)) != st.MsgsIn {
		t.Fatalf("%d echoes; want one per datagram received, %d", len(echoes), st.MsgsIn)
	}
	last := -1
	for _, e := range echoes {
		i, ok := order[e]
		if !ok || i <= last {
			t.Fatalf("echo %q: not a datagram sent, or out of order (echoes %q)", e, echoes)
		}
		last = i
	}

	stopWithin(t, s)
	var drop *Event
	for _, e := range waitEvent(t, q, kindIs(SideServer, KindStopped)) {
		if e.Kind == KindSystemDrop {
			drop = &e
		}
	}
	if drop == nil {
		t.Fatal("no dropped-by-system event")
	}
	want := fmt.Sprintf("dropped by the system before the app saw them: %d (the receive buffer was full; a larger receive buffer or a slower sender helps)", st.SystemDropped)
	if drop.SystemDropped != st.SystemDropped || drop.Msg != want || drop.Local == "" {
		t.Fatalf("last drop event %+v; want SystemDropped %d and %q", drop, st.SystemDropped, want)
	}
	if b, _ := drop.MarshalJSON(); !strings.Contains(string(b), `"kind":"dropped-by-system"`) || !strings.HasSuffix(string(b), fmt.Sprintf(`"system_dropped":%d}`, st.SystemDropped)) {
		t.Fatalf("JSON %s; want kind dropped-by-system and system_dropped %d last", b, st.SystemDropped)
	}
}

// TestSystemDropsUnavailableSaidOnce: where the system keeps no count, a UDP
// server says so once, when it starts, and never per datagram.
func TestSystemDropsUnavailableSaidOnce(t *testing.T) {
	if SystemDropsCounted {
		t.Skip("this system counts dropped datagrams")
	}
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Network: "udp", Events: q})
	seen := waitEvent(t, q, func(e Event) bool { return e.Code == codeSystemDropsNone })
	if seen[len(seen)-1].Kind != KindInfo {
		t.Fatalf("%+v; want an info event", seen[len(seen)-1])
	}
	c := dial(t, "udp", s)
	roundTrip(t, c, []byte("ping"), []byte("ping"))
	stopWithin(t, s)
	for _, e := range waitEvent(t, q, kindIs(SideServer, KindStopped)) {
		if e.Code == codeSystemDropsNone {
			t.Fatalf("said twice: %s", e)
		}
	}
}

// TestRcvBufRefused: a receive buffer out of range fails Start, saying
// what is right.
func TestRcvBufRefused(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{-1, "receive buffer -1 B: give a size in bytes from 1 to 67108864, or 0 for the system's default"},
		{MaxRcvBuf + 1, "receive buffer 67108865 B is too big: give at most 67108864 B (64 MiB)"},
	} {
		s := NewServer(ServerConfig{Network: "udp", RcvBuf: tc.n})
		err := s.Start()
		if err == nil {
			s.Stop()
			t.Fatalf("RcvBuf %d started; want an error", tc.n)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("RcvBuf %d: %v; want %q", tc.n, err, tc.want)
		}
	}
}

// TestRcvBufGranted: the size granted is reported, never less than asked
// unless a system limit capped it.
func TestRcvBufGranted(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "udp", RcvBuf: 65536})
	note := s.ReceiveBufferNote()
	if note.IsZero() {
		t.Fatal("no receive buffer note")
	}
	got, _ := note.Args["Got"].(int)
	if SystemDropsCounted && got < 65536 && note.Code != codeRcvBufCapped {
		t.Fatalf("%s; want at least the 65536 B asked, or the capped note", note)
	}
	if _, err := os.Stat("/proc/sys/net/core/rmem_max"); err == nil && got == 0 {
		t.Fatalf("%s; want the size read back", note)
	}
	if n := startServer(t, ServerConfig{Network: "udp"}).ReceiveBufferNote(); !n.IsZero() {
		t.Fatalf("%s without a size asked; want none", n)
	}
}

// TestUDPClientCountsSystemDrops: the same for a UDP client whose read loop
// is held (in OnData) while its server sends a burst.
func TestUDPClientCountsSystemDrops(t *testing.T) {
	if !SystemDropsCounted {
		t.Skip("the system does not count dropped datagrams")
	}
	srv, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.SetDeadline(time.Now().Add(testTimeout))
	hold := make(chan struct{})
	got := make(chan string, 1024)
	q := NewEventQueue(1 << 12)
	c, err := Dial(t.Context(), ClientConfig{Network: "udp", Addr: srv.LocalAddr().String(), RcvBuf: 4096, Events: q,
		OnData: func(p []byte) {
			got <- string(p)
			if string(p) == "hello" {
				<-hold
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	_, peer, err := srv.ReadFromUDPAddrPort(buf)
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	send := func(p string) {
		t.Helper()
		if _, err := srv.WriteToUDPAddrPort([]byte(p), peer); err != nil {
			t.Fatalf("write %q: %v", p, err)
		}
		sent++
	}
	send("hello")
	if g := within(t, "the first datagram", got); g != "hello" {
		t.Fatalf("got %q; want hello", g)
	}
	for i := range 400 {
		send(fmt.Sprintf("burst-%04d", i))
	}
	close(hold)
	received := 1
	for marker := 0; ; marker++ {
		want := fmt.Sprintf("marker-%d", marker)
		send(want)
		g := ""
		timeout := time.After(500 * time.Millisecond)
	wait:
		for g != want {
			select {
			case g = <-got:
				received++
			case <-timeout:
				break wait
			}
		}
		if g == want {
			break
		}
		if marker > 50 {
			t.Fatalf("no marker received after %d tries", marker)
		}
	}
	st := c.Stats()
	t.Logf("sent %d, received %d, dropped %d", sent, st.MsgsIn, st.SystemDropped)
	if st.SystemDropped == 0 || st.MsgsIn != uint64(received) || st.MsgsIn+st.SystemDropped != uint64(sent) {
		t.Fatalf("received %d (OnData saw %d) + dropped %d; want drops, and %d sent in all", st.MsgsIn, received, st.SystemDropped, sent)
	}
	c.Close()
	var last uint64
	for _, e := range waitEvent(t, q, kindIs(SideClient, KindDisconnected)) {
		if e.Kind == KindSystemDrop {
			last = e.SystemDropped
		}
	}
	if last != st.SystemDropped {
		t.Fatalf("last drop event said %d; want %d", last, st.SystemDropped)
	}
}

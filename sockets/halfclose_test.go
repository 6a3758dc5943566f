package sockets

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// upperAtEOF answers like socat's EXEC:'tr a-z A-Z': it reads everything
// until end of stream, then writes it back in upper case and hangs up.
func upperAtEOF(c net.Conn) {
	b, err := io.ReadAll(c)
	if err == nil {
		c.Write(bytes.ToUpper(b))
	}
}

// upperServer is a plain TCP server on loopback that answers with
// upperAtEOF.
func upperServer(t testing.TB) string {
	t.Helper()
	return serveLoopback(t, listenLoopback(t), upperAtEOF)
}

// TestClientCloseWriteGetsAnswerAtEOF checks the client against servers
// that answer only at end of input, plain and over TLS.
func TestClientCloseWriteGetsAnswerAtEOF(t *testing.T) {
	cert := testCert(t, []string{"127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	tlsAddr := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{cert.KeyPair()}}, func(c *tls.Conn) { upperAtEOF(c) })
	for _, tt := range []struct {
		name string
		cfg  ClientConfig
	}{
		{"tcp", ClientConfig{Addr: upperServer(t)}},
		{"tls", ClientConfig{Addr: tlsAddr, TLS: &ClientTLS{CAPEM: cert.PEM}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := make(chunks, 16)
			q := NewEventQueue(0)
			cfg := tt.cfg
			cfg.OnData, cfg.Events, cfg.Timeout = got.onData, q, testTimeout
			c, err := Dial(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Send([]byte("hello, ")); err != nil {
				t.Fatal(err)
			}
			if err := c.Send([]byte("world\n")); err != nil {
				t.Fatal(err)
			}
			if err := c.CloseWrite(); err != nil {
				t.Fatalf("CloseWrite: %v", err)
			}
			got.waitBytes(t, "HELLO, WORLD\n")
			within(t, "the server to close", c.Done())
			if c.Err() != nil {
				t.Errorf("Err() = %v; want an orderly close", c.Err())
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindHalfClose))
			if e := ev[len(ev)-1]; e.Msg != "sent end of stream; still receiving" {
				t.Errorf("half-close event %v", e)
			}
			if err := c.Send([]byte("more")); !errors.Is(err, ErrWriteClosed) && !errors.Is(err, net.ErrClosed) {
				t.Errorf("Send after CloseWrite: %v; want ErrWriteClosed", err)
			}
		})
	}
}

// TestServerEchoHalfCloses checks the echo server's side: it logs the
// peer's end of stream, echoes everything, then ends its own direction, so
// the client reads every byte and then EOF, plain and over TLS.
func TestServerEchoHalfCloses(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		name := map[bool]string{false: "tcp", true: "tls"}[useTLS]
		t.Run(name, func(t *testing.T) {
			sq := NewEventQueue(0)
			got := make(chunks, 64)
			s, c := echoAndClient(t, useTLS, sq, got.onData)
			msg := bytes.Repeat([]byte("0123456789"), 10000)
			if err := c.Send(msg); err != nil {
				t.Fatal(err)
			}
			if err := c.CloseWrite(); err != nil {
				t.Fatal(err)
			}
			got.waitBytes(t, string(msg))
			within(t, "the server's end of stream", c.Done())
			if c.Err() != nil {
				t.Errorf("Err() = %v; want an orderly close", c.Err())
			}
			ev := waitEvent(t, sq, kindIs(SideServer, KindHalfClose))
			if e := ev[len(ev)-1]; e.Remote != c.LocalAddr().String() || !strings.Contains(e.Msg, "peer sent end of stream; everything echoed, ending ours too") {
				t.Errorf("server half-close event %v", e)
			}
			ev = waitEvent(t, sq, kindIs(SideServer, KindDisconnected))
			if e := ev[len(ev)-1]; e.Msg != "closed by peer" || e.Err != nil {
				t.Errorf("disconnect event %v; want closed by peer", e)
			}
			if st := s.Stats(); st.BytesIn != uint64(len(msg)) || st.BytesOut != uint64(len(msg)) {
				t.Errorf("server counted %d in, %d out; want %d each", st.BytesIn, st.BytesOut, len(msg))
			}
		})
	}
}

// TestServerReplyModeClosesAtEOF checks the modes other than echo: the
// half-close is logged, then the connection closes.
func TestServerReplyModeClosesAtEOF(t *testing.T) {
	sq := NewEventQueue(0)
	s := startServer(t, ServerConfig{Mode: ModeReply, Reply: []byte("ok\n"), Events: sq})
	c := dial(t, "tcp", s)
	roundTrip(t, c, []byte("hi"), []byte("ok\n"))
	c.(*net.TCPConn).CloseWrite()
	if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
		t.Fatalf("after end of stream read %q, %v; want EOF", b, err)
	}
	ev := waitEvent(t, sq, kindIs(SideServer, KindHalfClose))
	if e := ev[len(ev)-1]; e.Msg != "peer sent end of stream; closing" {
		t.Errorf("half-close event %v", e)
	}
}

func TestCloseWriteNeedsTCP(t *testing.T) {
	s := startServer(t, ServerConfig{Network: "udp"})
	c, err := Dial(context.Background(), ClientConfig{Network: "udp", Addr: s.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.CloseWrite(); err == nil || !strings.Contains(err.Error(), "needs TCP") {
		t.Errorf("CloseWrite on UDP: %v; want needs TCP", err)
	}
}

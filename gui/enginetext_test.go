package gui

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// engineMessages makes the engine say what the window shows of it: input
// problems, payload syntax errors, network failures and the messages of a
// real TCP and UDP session on loopback.
func engineMessages(t *testing.T) []string {
	t.Helper()
	var out []string
	add := func(err error) {
		if err != nil {
			out = append(out, i18n.PlainReason(err))
		}
	}
	for _, s := range []string{"", "abc", "70000"} {
		_, err := addr.ParseListenPort(s)
		add(err)
	}
	for _, s := range []string{"", "0", "x"} {
		_, err := addr.ParseDialPort(s)
		add(err)
	}
	for _, s := range []string{"", "a b", "127.0.0.1:80", "bad!host", "::zz"} {
		_, err := addr.ParseHost(s)
		add(err)
	}
	for _, s := range []string{"", "999.1.1.1"} {
		_, err := addr.ParseListenIP(s)
		add(err)
	}
	for _, c := range []struct {
		s string
		f payload.Format
	}{{`\`, payload.FormatText}, {`\q`, payload.FormatText}, {`\x4`, payload.FormatText}, {`\x4g`, payload.FormatText},
		{"0x", payload.FormatHex}, {"abc", payload.FormatHex}, {"zz", payload.FormatHex}} {
		_, err := payload.Parse(c.s, c.f, payload.EOLNone)
		var se *payload.SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("payload.Parse(%q) = %v; want a SyntaxError", c.s, err)
		}
		out = append(out, se.Msg)
	}
	add(sockets.ExplainNetError(&net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}))

	q := sockets.NewEventQueue(256)
	var events []sockets.Event
	// awaitEcho collects events until the client has its echo back.
	awaitEcho := func() {
		deadline := time.NewTimer(waitTimeout)
		defer deadline.Stop()
		for {
			select {
			case e := <-q.Events():
				events = append(events, e)
				if e.Side == sockets.SideClient && e.Kind == sockets.KindReceived {
					return
				}
			case <-deadline.C:
				t.Fatal("no echo within", waitTimeout)
			}
		}
	}
	_, err := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(guitest.ClosedLoopbackPort(t))), Events: q})
	add(err)
	for _, network := range []string{"tcp", "udp"} {
		srv := sockets.NewServer(sockets.ServerConfig{Network: network, Events: q})
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		again := sockets.NewServer(sockets.ServerConfig{Network: network, Addr: srv.Addr().String(), Events: q})
		add(again.Start())
		c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Network: network, Addr: srv.Addr().String(), Events: q})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Send([]byte("hi")); err != nil {
			t.Fatal(err)
		}
		awaitEcho()
		c.Close()
		srv.Stop()
	}
	// A server that reads and resets without a reply (as a TLS server
	// does to plain text).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if conn, err := ln.Accept(); err == nil {
			conn.Read(make([]byte, 16))
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	}()
	c, err := sockets.Dial(context.Background(), sockets.ClientConfig{Addr: ln.Addr().String(), Events: q})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	<-c.Done()
	for _, e := range q.Drain(events, 0) {
		if e.Msg != "" {
			out = append(out, e.Msg)
		}
		if e.Err != nil {
			out = append(out, i18n.PlainReason(e.Err))
		}
	}
	return out
}

// TestEngineTextsCoverTheEngine fails when the engine says something the
// window shows that engineTexts does not translate.
func TestEngineTextsCoverTheEngine(t *testing.T) {
	msgs := engineMessages(t)
	if len(msgs) < 20 {
		t.Fatalf("only %d messages: %q", len(msgs), msgs)
	}
	for _, m := range msgs {
		if !i18n.EngineKnows(m) {
			t.Errorf("engine message %q has no translation in engineTexts", m)
		}
	}
	// And in Vietnamese they read differently.
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	for _, m := range []string{"connection refused (nothing is listening on that port)", "closed by peer", "3 events not shown"} {
		if got := i18n.TrEngine(m); got == m {
			t.Errorf("trEngine(%q) in Vietnamese is unchanged", m)
		}
	}
	if got, want := i18n.TrEngine("3 events not shown"), "3 sự kiện không được hiển thị"; got != want {
		t.Errorf("trEngine = %q; want %q", got, want)
	}
}

// checkVietnamese checks that each engine message reads as its want in
// Vietnamese.
func checkVietnamese(t *testing.T, want map[string]string) {
	t.Helper()
	i18n.UseLanguage(i18n.Vietnamese)
	defer i18n.UseLanguage(i18n.English)
	for m, w := range want {
		if got := i18n.TrEngine(m); got != w {
			t.Errorf("trEngine(%q) in Vietnamese = %q; want %q", m, got, w)
		}
	}
}

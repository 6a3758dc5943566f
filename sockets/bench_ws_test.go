package sockets_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/coder/websocket"
)

// benchWSMsg is the size of each message the WebSocket benchmark sends.
const benchWSMsg = 16 << 10

// benchStartPlainWS starts the baseline: an echo loop written directly on
// coder/websocket, reading and writing whole messages as the engine does.
func benchStartPlainWS(tb testing.TB) benchServer {
	tb.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(benchLoopback, "0"))
	if err != nil {
		tb.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		c.SetReadLimit(1 << 20)
		ctx := context.Background()
		for {
			typ, b, err := c.Read(ctx)
			if err != nil {
				return
			}
			if c.Write(ctx, typ, b) != nil {
				return
			}
		}
	})}
	go hs.Serve(ln)
	return benchServer{addr: ln.Addr().String(), stop: func() { hs.Close() }}
}

// benchWSDial opens n WebSocket connections to addr.
func benchWSDial(tb testing.TB, addr string, n int) []*websocket.Conn {
	tb.Helper()
	out := make([]*websocket.Conn, n)
	for i := range out {
		c, _, err := websocket.Dial(context.Background(), "ws://"+addr+"/", nil)
		if err != nil {
			tb.Fatal(err)
		}
		c.SetReadLimit(1 << 20)
		out[i] = c
	}
	return out
}

// benchWSStream sends per messages on every connection, a writer and a
// reader each, and checks every echoed message.
func benchWSStream(conns []*websocket.Conn, per int, msg []byte) error {
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(conns))
	ctx := context.Background()
	for _, c := range conns {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range per {
				if err := c.Write(ctx, websocket.MessageBinary, msg); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range per {
				_, b, err := c.Read(ctx)
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(b, msg) {
					errs <- fmt.Errorf("echo of %d bytes differs", len(b))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// BenchmarkWSEchoRatio streams 16 KiB binary messages (8 connections x 256
// per round) to the engine's WebSocket server and to a plain echo loop on
// the same library, the order rotating every round, and reports each one's
// MB/s and the engine's median throughput over the plain loop's.
// Target: engine/plainws >= 0.9.
func BenchmarkWSEchoRatio(b *testing.B) {
	names := []string{"plainws", "engine", "engine-noevents"}
	const per = 256
	conns := make([][]*websocket.Conn, len(names))
	for i, name := range names {
		var srv benchServer
		switch name {
		case "plainws":
			srv = benchStartPlainWS(b)
		case "engine":
			srv = benchStartEngine(b, "ws", benchEventsNow, 0)
		default:
			srv = benchStartEngine(b, "ws", benchNoEvents, 0)
		}
		defer srv.stop()
		conns[i] = benchWSDial(b, srv.addr, benchStreams)
		defer func(cs []*websocket.Conn) {
			for _, c := range cs {
				c.CloseNow()
			}
		}(conns[i])
	}
	msg := bytes.Repeat([]byte{0xa5}, benchWSMsg)
	r := newBenchRounds()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range names {
			j := (n + k) % len(names)
			r.round(b, names[j], func() error { return benchWSStream(conns[j], per, msg) })
		}
	}
	b.StopTimer()
	r.report(b, names, benchStreams*per*benchWSMsg/1e6, "MB/s", []string{"plainws"})
}

package sockets

import (
	"bytes"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkChatFanOut: one client sends 64-byte messages, one at a time, to
// a chat server with 99 other clients, which read everything; the next
// message goes when every reader has the last. It reports messages
// delivered per second in total (bytes the readers read, over 64), the
// target being 50,000 on loopback with 2 cores, and reads/msg (1: the
// server read each message on its own). With deaf=1 one of the 99 never
// reads: it must not slow the others, and the heap must stay flat
// (heap-growth-MiB, the live heap after the run less before it).
//
//	go test -run '^$' -bench ChatFanOut -benchtime 20000x ./sockets/
func BenchmarkChatFanOut(b *testing.B) {
	for _, deaf := range []int{0, 1} {
		name := "all-read"
		if deaf > 0 {
			name = "one-deaf"
		}
		b.Run(name, func(b *testing.B) { benchChatFanOut(b, deaf) })
	}
}

func benchChatFanOut(b *testing.B, deaf int) {
	const others, size = 99, 64
	s := NewServer(ServerConfig{Mode: ModeChat, WriteTimeout: time.Second})
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	defer s.Stop()
	conns := make([]net.Conn, others+1)
	for i := range conns {
		c, err := net.Dial("tcp", s.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	eventually(b, "the server to list every client", func() bool { return len(s.Peers()) == len(conns) })
	sender, readers := conns[0], conns[1+deaf:]
	var delivered, goal atomic.Int64
	reached := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, c := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			for {
				n, err := c.Read(buf)
				if delivered.Add(int64(n)) >= goal.Load() {
					select {
					case reached <- struct{}{}:
					default:
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
	heapBefore := liveHeap()
	msg := bytes.Repeat([]byte("m"), size)
	want := int64(b.N) * int64(len(readers)) * size
	b.ResetTimer()
	start := time.Now()
	// One message at a time: the next goes once every reader has the last,
	// so the server reads each on its own and fans each out, rather than
	// passing on many at once as one read.
	each := int64(len(readers)) * size
	for i := range int64(b.N) {
		goal.Store((i + 1) * each)
		if _, err := sender.Write(msg); err != nil {
			b.Fatal(err)
		}
		for delivered.Load() < (i+1)*each {
			select {
			case <-reached:
			case <-time.After(time.Minute):
				b.Fatalf("delivered %d of %d bytes", delivered.Load(), want)
			}
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(want/size)/elapsed.Seconds(), "delivered-msgs/s")
	b.ReportMetric(float64(s.Stats().MsgsIn)/float64(b.N), "reads/msg")
	b.ReportMetric(float64(liveHeap()-heapBefore)/(1<<20), "heap-growth-MiB")
	for _, c := range conns {
		c.Close()
	}
	wg.Wait()
}

// liveHeap is the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}

package logview

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/sockets"
)

// logBenchEvents returns n distinct received events with 64-byte payloads.
func logBenchEvents(n int) []sockets.Event {
	events := make([]sockets.Event, n)
	for i := range events {
		data := []byte(fmt.Sprintf("%-64s", fmt.Sprintf("GET /item/%d HTTP/1.1", i)))
		events[i] = sockets.Event{Time: guitest.EventTime.Add(time.Duration(i)), Side: sockets.Side(i % 2),
			Kind: sockets.KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000",
			Bytes: len(data), Data: data}
	}
	return events
}

// BenchmarkLogIngest measures how many events a second the log absorbs with
// the default 10,000-row bound in place: batching events as the drain does
// (a logBatcher, a batch every 1024 events, optionally taken from an event
// queue) and appending batches to the model. events/s is the rate; B/op and
// allocs/op are per event; live-MB is the heap after the run, which stays
// flat however many events went through.
//
//	go test ./gui/logview/ -run '^$' -bench LogIngest -benchmem
func BenchmarkLogIngest(b *testing.B) {
	for _, bc := range []struct {
		name   string
		side   logSideFilter
		search string
		queue  bool
	}{
		{name: "model"},
		{name: "model-filtered", side: logSideServer, search: "item/1"},
		{name: "queue", queue: true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const batchSize = 1024 // about 33 ms of events at 30,000 a second
			events := logBenchEvents(4096)
			m := newLogModel(DefaultLogLimit)
			m.SetFilter(bc.side, bc.search)
			q := sockets.NewEventQueue(batchSize)
			batcher := newLogBatcher(DefaultLogLimit)
			var queued []sockets.Event
			now := logTestStart
			collect := func() {
				queued = q.Drain(queued[:0], 0)
				for i := range queued {
					batcher.add(queued[i], now)
				}
			}
			flush := func() {
				now = now.Add(time.Second)
				if batch, ok := batcher.take(now); ok {
					m.Append(batch.rows, batch.skipped)
					m.noteGaps(batch.gaps, batch.notShown)
					batcher.done(batch.rows)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			i := 0
			for b.Loop() {
				e := events[i%len(events)]
				i++
				if bc.queue {
					q.Emit(e)
				} else {
					batcher.add(e, now)
				}
				if i%batchSize == 0 {
					if bc.queue {
						collect()
					}
					flush()
				}
			}
			if bc.queue {
				collect()
			}
			flush()
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(i)/elapsed.Seconds(), "events/s")
			c := m.Counts()
			if c.Total != uint64(i) || c.Kept != min(i, DefaultLogLimit) {
				b.Fatalf("counts %+v after %d events", c, i)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MB")
			runtime.KeepAlive(m)
		})
	}
}

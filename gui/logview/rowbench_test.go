package logview

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// BenchmarkLogProbeBatch measures what a log that follows its newest row
// costs per batch in the window's hot path (apply: the model, the list's
// refresh and its scroll to the bottom, each new row's cells) when another
// client echoes 16 bytes every 50 ms, as scripts/storm.sh's prober does:
// each batch is one sent and one received row. ns/op and allocs/op are per
// batch, cpu-ns/op the process's CPU time per batch (the garbage
// collector's included, and little affected by the machine's other load);
// compare before and after a change with
//
//	go test ./gui/logview/ -run '^$' -bench LogProbeBatch -benchmem -count 5
func BenchmarkLogProbeBatch(b *testing.B) {
	// 1100: every cell fits; 560: the peer column shows ports.
	for _, width := range []float32{1100, 560} {
		b.Run(fmt.Sprint(width), func(b *testing.B) { benchLogProbeBatch(b, width) })
	}
}

func benchLogProbeBatch(b *testing.B, width float32) {
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	v := NewLogView(w, nil, widgets.FyneDo)
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(width, 600))
	v.SetFollow(true)
	data := []byte("probe-0123456789")
	t := guitest.EventTime
	batch := func() logBatch {
		t = t.Add(50 * time.Millisecond)
		e := sockets.Event{Time: t, Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp",
			Local: "127.0.0.1:9000", Remote: "127.0.0.1:40000", Bytes: len(data), Data: data}
		s := e
		s.Kind, s.Time = sockets.KindSent, t.Add(30*time.Microsecond)
		return logBatch{rows: []sockets.Event{e, s}}
	}
	for range 200 { // a screenful and more, so rows leave the top
		v.apply(batch())
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		v.apply(batch())
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU is the CPU time the process has used (user and system, all
// threads, the garbage collector's included): unlike ns/op, it hardly
// depends on what else the machine runs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build selftest

package gui

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/hist"

	"fyne.io/fyne/v2"
)

// startProfile, given a directory, writes a CPU profile of the flood to
// cpu.pprof there and, when the returned stop is called, a heap profile to
// heap.pprof: what to look at when a target is missed.
func startProfile(dir string) (stop func()) {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "selftest-flood: profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		writeHeapProfile(dir, "heap.pprof")
	}
}

// writeHeapProfile writes a heap profile to name in dir, if dir is set.
func writeHeapProfile(dir, name string) {
	if dir == "" {
		return
	}
	if h, err := os.Create(filepath.Join(dir, name)); err == nil {
		pprof.WriteHeapProfile(h)
		h.Close()
	}
}

// goHeld is the memory the Go runtime holds from the OS, in kB: what it
// obtained less what it gave back.
func goHeld(ms *runtime.MemStats) int64 { return int64((ms.Sys - ms.HeapReleased) >> 10) }

// uiProbe measures how long callbacks posted with fyne.Do wait for the UI
// goroutine.
type uiProbe struct {
	mu      sync.Mutex
	waits   hist.Histogram
	pending map[int]time.Time // probes posted and not run yet, by number
}

func newUIProbe() *uiProbe { return &uiProbe{pending: make(map[int]time.Time)} }

// run posts a probe every period until the returned stop is called.
func (p *uiProbe) run(period time.Duration) (stop func()) {
	n := 0
	stopTicks := every(period, func() {
		n++
		probe := n
		posted := time.Now()
		p.mu.Lock()
		p.pending[probe] = posted
		p.mu.Unlock()
		fyne.Do(func() {
			wait := time.Since(posted)
			p.mu.Lock()
			defer p.mu.Unlock()
			if _, ok := p.pending[probe]; ok {
				delete(p.pending, probe)
				p.waits.Record(wait)
			}
		})
	})
	return func() {
		stopTicks()
		now := time.Now()
		p.mu.Lock()
		defer p.mu.Unlock()
		for n, posted := range p.pending {
			p.waits.Record(now.Sub(posted))
			delete(p.pending, n)
		}
	}
}

// every calls f from a goroutine every period until the returned stop is
// called, which waits for the goroutine to end.
func every(period time.Duration, f func()) (stop func()) {
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				f()
			}
		}
	}()
	return func() { close(done); <-ended }
}

func (p *uiProbe) result() hist.Histogram {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waits
}

type rssSampler struct {
	mu  sync.Mutex
	max int64
}

func newRSSSampler() *rssSampler { return &rssSampler{} }

// run samples VmRSS now and every period until the returned stop is called.
func (r *rssSampler) run(period time.Duration) (stop func()) {
	sample := func() {
		kb := procStatusKB("VmRSS")
		r.mu.Lock()
		r.max = max(r.max, kb)
		r.mu.Unlock()
	}
	sample()
	return every(period, sample)
}

func (r *rssSampler) peak() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.max
}

// procStatusKB reads a kB field such as VmRSS from /proc/self/status; 0
// where there is no /proc.
func procStatusKB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, rest, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok || string(name) != field {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) == 0 {
			return 0
		}
		n, _ := strconv.ParseInt(string(f[0]), 10, 64)
		return n
	}
	return 0
}

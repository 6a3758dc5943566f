package gui

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/sockettester/sockettester/sockets/hist"
)

// Flood self-test targets, from the performance goals: a tap is handled
// within floodMaxWait and the app stays under floodMaxRSS while its own
// client floods its own server.
const (
	floodMaxWait  = 100 * time.Millisecond
	floodMaxRSS   = 200 << 20
	floodProbe    = 50 * time.Millisecond // how often the UI wait is probed
	floodRSSEvery = 100 * time.Millisecond
	floodPayload  = "hello"
)

// RunFloodSelfTest shows the main window and measures it under load: it
// starts the server pane's TCP echo server on 127.0.0.1 (port 0), fills the
// client pane with "Use my server", connects, and has the client pane's
// sender goroutine send "hello" back to back for d, the path the Send button
// uses with an interval of 0. Every UI action goes through the panes' own
// handlers on the UI goroutine, as a tap would.
//
// Meanwhile it posts a callback to the UI goroutine every 50 ms and records
// how long each waited to run: a tap waits in the same event loop, so this
// is how late a tap would be handled. It also samples VmRSS. When d is over
// it stops the repeat, writes a report to w, and quits the app. It returns
// an error if the set-up failed or a target was missed.
func RunFloodSelfTest(a fyne.App, d time.Duration, w io.Writer) error {
	mw := newMainWindow(a)
	mw.start()
	result := make(chan error, 1)
	go func() {
		err := mw.flood(d, w)
		if err != nil {
			fmt.Fprintln(w, "selftest-flood:", err)
		}
		result <- err
		fyne.Do(mw.onQuit)
	}()
	a.Run()
	select {
	case err := <-result:
		return err
	default:
		return errors.New("the window closed before the self-test ended")
	}
}

// flood runs the self-test from a goroutine of its own.
func (mw *mainWindow) flood(d time.Duration, w io.Writer) error {
	ui := func(f func()) { fyne.DoAndWait(f) }
	// The first DoAndWait returns once the event loop runs; give the first
	// frames a moment, as a user would.
	ui(func() {})
	time.Sleep(500 * time.Millisecond)
	rssStart := procStatusKB("VmRSS")
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	goStart := goHeld(&ms0)

	s, c := mw.server, mw.client
	var port int
	var startErr error
	ui(func() {
		s.protocol.SetSelected(protoTCP)
		s.bind.SetText(bindLoopback)
		s.port.SetText("0")
		s.mode.SetSelected(modeEcho)
		s.onStart()
		_, _, port, _ = s.ListenAddr()
		if s.state != serverRunning {
			startErr = errors.New("the server did not start")
			return
		}
		c.onUseServer()
		c.onConnect()
	})
	if startErr != nil {
		return startErr
	}
	deadline := time.Now().Add(5 * time.Second)
	for connected := false; !connected; {
		if time.Now().After(deadline) {
			return errors.New("the client did not connect within 5s")
		}
		time.Sleep(10 * time.Millisecond)
		ui(func() { connected = c.state == clientConnected })
	}

	var flood *sendJob
	ui(func() {
		c.format.SetSelected(formatText)
		c.eol.SetSelected(eolNone)
		c.editor.SetText(floodPayload)
		b, err := c.payloadBytes()
		if err != nil {
			return
		}
		flood = c.queueSend(b, math.MaxInt, 0)
		c.update()
	})
	if flood == nil {
		return errors.New("the flood could not be queued")
	}

	stopProfile := startProfile(os.Getenv("SOCKETTESTER_PROFILE_DIR"))
	start := time.Now()
	probe := newUIProbe()
	stopProbe := probe.run(floodProbe)
	rss := newRSSSampler()
	stopRSS := rss.run(floodRSSEvery)
	cpuStart := procCPU()
	time.Sleep(d)
	ui(c.onStopRepeat) // as pressing Stop
	elapsed := time.Since(start)
	stopProbe()
	stopRSS()
	cpu := procCPU() - cpuStart
	stopProfile()
	// Let the last echoes arrive before reading the counters.
	time.Sleep(300 * time.Millisecond)

	var cs, ss statsPair
	var rows logCounts
	ui(func() {
		st, _ := c.Stats()
		cs = statsPair{st.BytesOut, st.MsgsOut, st.BytesIn, st.MsgsIn}
		st, _ = s.Stats()
		ss = statsPair{st.BytesOut, st.MsgsOut, st.BytesIn, st.MsgsIn}
		rows = mw.log.model.Counts()
	})
	waits := probe.result()
	hwm := procStatusKB("VmHWM")
	peak := max(rss.peak(), hwm)

	mb := func(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }
	fmt.Fprintf(w, "selftest-flood: %.1fs of %q from the client pane to its own TCP echo server on 127.0.0.1:%d\n",
		elapsed.Seconds(), floodPayload, port)
	fmt.Fprintf(w, "  client sent %s in %d sends (%.0f/s), received %s back; server received %s, echoed %s\n",
		formatBytes(cs.bytesOut), cs.msgsOut, float64(cs.msgsOut)/elapsed.Seconds(),
		formatBytes(cs.bytesIn), formatBytes(ss.bytesIn), formatBytes(ss.bytesOut))
	fmt.Fprintf(w, "  UI wait (fyne.Do to callback), %d probes every %v: median %s, p99 %s, max %s\n",
		waits.Count(), floodProbe, fmtMS(waits.Quantile(0.5)), fmtMS(waits.Quantile(0.99)), fmtMS(waits.Max()))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "  RSS: %s before (Go %s), peak %s (VmHWM %s), %s at the end (Go %s, of which heap in use %s; files %s); app CPU %.0f%% of one core\n",
		mb(rssStart), mb(goStart), mb(peak), mb(hwm), mb(procStatusKB("VmRSS")), mb(goHeld(&ms)),
		mb(int64(ms.HeapInuse>>10)), mb(procStatusKB("RssFile")), 100*cpu.Seconds()/elapsed.Seconds())
	fmt.Fprintf(w, "  log: %d events reached it, %d kept as rows, %d older rows dropped; %d events not shown (queue full)\n",
		rows.Total, rows.Kept, rows.Dropped, mw.events.Dropped())

	var missed []string
	if waits.Count() == 0 {
		missed = append(missed, "no UI probe ran")
	} else if m := waits.Max(); m > floodMaxWait {
		missed = append(missed, fmt.Sprintf("UI wait max %s > %s", fmtMS(m), fmtMS(floodMaxWait)))
	}
	if peak*1024 >= floodMaxRSS {
		missed = append(missed, fmt.Sprintf("peak RSS %s >= %d MB", mb(peak), floodMaxRSS>>20))
	}
	if cs.msgsOut == 0 || cs.bytesIn == 0 {
		missed = append(missed, "nothing was echoed")
	}
	if len(missed) > 0 {
		fmt.Fprintf(w, "  targets MISSED: %v\n", missed)
		return fmt.Errorf("targets missed: %v", missed)
	}
	fmt.Fprintf(w, "  targets met: UI wait <= %s, RSS < %d MB\n", fmtMS(floodMaxWait), floodMaxRSS>>20)
	return nil
}

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
		if h, err := os.Create(filepath.Join(dir, "heap.pprof")); err == nil {
			pprof.WriteHeapProfile(h)
			h.Close()
		}
	}
}

// goHeld is the memory the Go runtime holds from the OS, in kB: what it
// obtained less what it gave back.
func goHeld(ms *runtime.MemStats) int64 { return int64((ms.Sys - ms.HeapReleased) >> 10) }

type statsPair struct{ bytesOut, msgsOut, bytesIn, msgsIn uint64 }

// uiProbe measures how long callbacks posted with fyne.Do wait for the UI
// goroutine.
type uiProbe struct {
	mu      sync.Mutex
	waits   hist.Histogram
	pending map[int]time.Time // probes posted and not run yet, by number
}

func newUIProbe() *uiProbe { return &uiProbe{pending: make(map[int]time.Time)} }

// run posts a probe every period until the returned stop is called. A
// probe still waiting at the end counts with the time it has waited so
// far, so a stuck UI cannot hide.
func (p *uiProbe) run(period time.Duration) (stop func()) {
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(period)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-t.C:
			}
			posted := time.Now()
			p.mu.Lock()
			p.pending[n] = posted
			p.mu.Unlock()
			fyne.Do(func() {
				wait := time.Since(posted)
				p.mu.Lock()
				defer p.mu.Unlock()
				if _, ok := p.pending[n]; ok {
					delete(p.pending, n)
					p.waits.Record(wait)
				}
			})
		}
	}()
	return func() {
		close(done)
		<-ended
		now := time.Now()
		p.mu.Lock()
		defer p.mu.Unlock()
		for n, posted := range p.pending {
			p.waits.Record(now.Sub(posted))
			delete(p.pending, n)
		}
	}
}

// result returns the waits measured.
func (p *uiProbe) result() hist.Histogram {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waits
}

func fmtMS(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}

// rssSampler records the highest VmRSS seen.
type rssSampler struct {
	mu  sync.Mutex
	max int64
}

func newRSSSampler() *rssSampler { return &rssSampler{} }

func (r *rssSampler) run(period time.Duration) (stop func()) {
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			kb := procStatusKB("VmRSS")
			r.mu.Lock()
			r.max = max(r.max, kb)
			r.mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-ended }
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

// procCPU returns the CPU time the process has used (user and system), from
// /proc/self/stat; 0 where there is no /proc.
func procCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; fields count from after its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0
	}
	// Fields 14 and 15 of the file (utime, stime), in clock ticks, which
	// are 1/100 s on Linux.
	ut, _ := strconv.ParseInt(string(f[11]), 10, 64)
	st, _ := strconv.ParseInt(string(f[12]), 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

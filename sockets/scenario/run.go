package scenario

import (
	"context"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/yamlfile"
)

// Options are how Run reports and what it observes.
type Options struct {
	// OnStep is called as each step ends, in order, one call at a time, from the
	// goroutine running the step; it must return quickly.
	OnStep       func(StepResult)
	Events       *sockets.EventQueue // the client's events; nil for none
	CaptureBytes int                 // default sockets.DefaultCaptureBytes
}

// Run connects and runs sc's steps until one fails, then skips the rest;
// cancelling ctx fails the step under way. The connection is step 0.
//
// Steps after a met expect run on the receiving goroutine, as a hand-written
// loop would, rather than waking another goroutine for each reply.
func Run(ctx context.Context, sc *Scenario, opt Options) *Result {
	r := &runner{ctx: ctx, sc: sc, opt: opt, vars: map[string][]byte{},
		res:  &Result{Scenario: sc, Steps: make([]StepResult, 0, len(sc.Steps)+1)},
		wake: make(chan struct{}, 1)}
	r.fill = func(dst []byte, name string) []byte { return append(dst, r.vars[name]...) }
	start := time.Now()
	r.run()
	r.res.Elapsed = time.Since(start)
	return r.res
}

// runner is one run of a scenario. Steps run under mu, on Run's goroutine
// or on the connection's receiving goroutine; whichever runs them is said
// to hold the run.
type runner struct {
	ctx  context.Context
	sc   *Scenario
	opt  Options
	res  *Result
	c    conn
	wake chan struct{} // a token when Run's goroutine has something to do
	fill func(dst []byte, name string) []byte

	mu       sync.Mutex
	buf      []byte // received; buf[off:] is not consumed yet
	off      int
	next     int               // the step to run next, 0-based
	started  time.Time         // when step next began
	waiting  bool              // step next is an expect waiting for bytes
	deadline time.Time         // when the waiting expect times out
	timer    *time.Timer       // fires onTimeout
	handoff  bool              // step next must run on Run's goroutine
	done     bool              // no step is left to run: all passed, or one failed
	vars     map[string][]byte // what expect_regex steps saved
	out      []byte            // the payload being sent
	inline   int               // bytes sent by the receiving goroutine since it last received
}

func (r *runner) run() {
	t0 := time.Now()
	err := r.connect()
	r.report(StepResult{Index: 0, Line: r.sc.Line, Text: "connect " + r.sc.URL()}, t0, failureOf(err))
	if err != nil {
		r.skipFrom(0)
		return
	}
	r.timer = time.AfterFunc(time.Hour, r.onTimeout)
	r.timer.Stop()
	defer r.timer.Stop()
	closed := r.c.Done()
	r.mu.Lock()
	r.started = time.Now()
	r.handoff = true // the first step is Run's to start
	for {
		if r.handoff {
			r.handoff = false
			r.advance(false)
		}
		if r.done {
			break
		}
		r.mu.Unlock()
		select {
		case <-r.wake:
		case <-r.ctx.Done():
			r.mu.Lock()
			r.failWaiting(msg.New(codeStopped), true)
			r.mu.Unlock()
		case <-closed:
			closed = nil
			r.mu.Lock()
			// Every byte read before the end has been checked by now.
			r.failWaiting(closedWhy(r.c), true)
			r.mu.Unlock()
		}
		r.mu.Lock()
	}
	next := r.next
	r.mu.Unlock()
	r.c.Close()
	r.skipFrom(next)
}

// signal wakes Run's goroutine.
func (r *runner) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *runner) connect() error {
	if isWS(r.sc.Network) {
		c, err := r.dialWS()
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.c = c
		r.mu.Unlock()
		return nil
	}
	cfg := sockets.ClientConfig{Network: r.sc.Network, Addr: r.sc.Addr, Timeout: r.sc.Timeout, Proxy: r.sc.Proxy,
		Events: r.opt.Events, CaptureBytes: r.opt.CaptureBytes, OnData: r.received}
	if r.sc.Network == "tls" {
		cfg.Network = "tcp"
		if err := clientTLS(&cfg, r.sc.TLS); err != nil {
			return err
		}
	}
	c, err := sockets.Dial(r.ctx, cfg)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.c = c
	r.mu.Unlock()
	return nil
}

func (r *runner) received(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.off == len(r.buf) {
		r.buf, r.off = r.buf[:0], 0
	}
	r.buf = append(r.buf, p...)
	r.inline = 0
	if r.waiting {
		r.advance(true)
	}
}

// onTimeout does nothing when called for an earlier expect: the deadline is
// then ahead.
func (r *runner) onTimeout() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waiting && !time.Now().Before(r.deadline) {
		r.failWaiting(msg.New(codeTimedOut, "Time", r.sc.Steps[r.next].Timeout), false)
	}
}

// failWaiting: onRun says whether this is Run's goroutine.
func (r *runner) failWaiting(why msg.Message, onRun bool) {
	if !r.waiting {
		return
	}
	st := &r.sc.Steps[r.next]
	if v, n := r.check(st); v == met {
		// The bytes came in time after all.
		r.off += n
		r.finish(nil)
		r.advance(!onRun)
		return
	}
	r.waiting = false
	r.timer.Stop()
	r.finish(r.expectFailure(st, why))
}

func (r *runner) finish(f *Failure) {
	st := &r.sc.Steps[r.next]
	r.report(StepResult{Index: r.next + 1, Line: st.Line, Text: st.Text}, r.started, f)
	r.next++
	r.started = time.Now()
	if f != nil || r.next == len(r.sc.Steps) {
		r.done = true
		r.signal()
	}
}

func failureOf(err error) *Failure {
	if err == nil {
		return nil
	}
	return failure(yamlfile.Problem(err))
}

func (r *runner) report(res StepResult, t0 time.Time, f *Failure) {
	res.File, res.Scenario = r.sc.File, r.sc.Name
	res.Elapsed = time.Since(t0)
	if f != nil {
		res.Status, res.Failure = Failed, f
	}
	r.res.Steps = append(r.res.Steps, res)
	if r.opt.OnStep != nil {
		r.opt.OnStep(res)
	}
}

// skipFrom reports the steps from index i (0-based) on as skipped.
func (r *runner) skipFrom(i int) {
	for j := i; j < len(r.sc.Steps); j++ {
		st := &r.sc.Steps[j]
		res := StepResult{File: r.sc.File, Scenario: r.sc.Name, Index: j + 1, Line: st.Line, Text: st.Text, Status: Skipped}
		r.res.Steps = append(r.res.Steps, res)
		if r.opt.OnStep != nil {
			r.opt.OnStep(res)
		}
	}
}

// closedWhy says how the connection ended.
func closedWhy(c conn) msg.Message {
	if err := c.Err(); err != nil {
		return msg.New(codeEnded, "Err", msg.Reason(err))
	}
	return msg.New(codeServerClosed)
}

package scenario

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// Options are how Run reports and what it observes.
type Options struct {
	// OnStep, if set, is called as each step ends, the connection first,
	// in order, on the goroutine that called Run; the app shows progress
	// with it.
	OnStep func(StepResult)
	// Events receives the client's events (connected, sent, received,
	// disconnected); nil for none.
	Events *sockets.EventQueue
	// CaptureBytes is how many bytes of each payload those events keep
	// (default sockets.DefaultCaptureBytes).
	CaptureBytes int
}

// Run connects and runs sc's steps in order until one fails, then skips
// the rest; cancelling ctx stops the run (the step under way fails with
// "stopped"). Every step, and the connection as step 0, gets a result,
// reported to opt.OnStep as it ends.
func Run(ctx context.Context, sc *Scenario, opt Options) *Result {
	r := &runner{sc: sc, opt: opt, res: &Result{Scenario: sc}, in: newInbox(), vars: map[string][]byte{}}
	r.fill = func(dst []byte, name string) []byte { return append(dst, r.vars[name]...) }
	start := time.Now()
	r.run(ctx)
	r.res.Elapsed = time.Since(start)
	return r.res
}

// runner is one run of a scenario.
type runner struct {
	sc    *Scenario
	opt   Options
	res   *Result
	c     *sockets.Client
	in    *inbox
	vars  map[string][]byte // what expect_regex steps saved
	fill  func(dst []byte, name string) []byte
	timer *time.Timer
	out   []byte // the payload being sent
}

func (r *runner) run(ctx context.Context) {
	t0 := time.Now()
	err := r.connect(ctx)
	r.report(StepResult{Index: 0, Line: r.sc.Line, Text: "connect " + r.sc.URL()}, t0, failureOf(err))
	if err != nil {
		r.skipFrom(0)
		return
	}
	defer r.c.Close()
	r.timer = time.NewTimer(time.Hour)
	r.timer.Stop()
	for i := range r.sc.Steps {
		st := &r.sc.Steps[i]
		t0 := time.Now()
		f := r.step(ctx, st)
		r.report(StepResult{Index: i + 1, Line: st.Line, Text: st.Text}, t0, f)
		if f != nil {
			r.skipFrom(i + 1)
			return
		}
	}
}

// failureOf wraps an error as a failure without details.
func failureOf(err error) *Failure {
	if err == nil {
		return nil
	}
	return &Failure{Msg: err.Error(), Diff: -1}
}

// report records and reports one step's result.
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

// connect dials the scenario's address.
func (r *runner) connect(ctx context.Context) error {
	cfg := sockets.ClientConfig{Network: r.sc.Network, Addr: r.sc.Addr, Timeout: r.sc.Timeout,
		Events: r.opt.Events, CaptureBytes: r.opt.CaptureBytes, OnData: r.in.add}
	if r.sc.Network == "tls" {
		cfg.Network = "tcp"
		if err := clientTLS(&cfg, r.sc.TLS); err != nil {
			return err
		}
	}
	c, err := sockets.Dial(ctx, cfg)
	if err != nil {
		return err
	}
	r.c = c
	return nil
}

// step runs one step and returns why it failed, or nil.
func (r *runner) step(ctx context.Context, st *Step) *Failure {
	if ctx.Err() != nil {
		return &Failure{Msg: "stopped", Diff: -1}
	}
	switch st.Kind {
	case StepSend, StepSendHex:
		r.out = st.payload.Append(r.out[:0], r.fill)
		return failureOf(r.c.Send(r.out))
	case StepExpect, StepExpectHex:
		want := st.payload.Append(nil, r.fill)
		return r.expect(ctx, st, want, func(p []byte) (verdict, int) {
			n := min(len(p), len(want))
			switch {
			case !bytes.Equal(p[:n], want[:n]):
				return differs, 0
			case n < len(want):
				return needMore, 0
			}
			return met, n
		})
	case StepExpectContains:
		want := st.payload.Append(nil, r.fill)
		return r.expect(ctx, st, want, func(p []byte) (verdict, int) {
			if i := bytes.Index(p, want); i >= 0 {
				return met, i + len(want)
			}
			return needMore, 0
		})
	case StepExpectRegex:
		return r.expect(ctx, st, nil, func(p []byte) (verdict, int) {
			m := st.re.FindSubmatchIndex(p)
			if m == nil {
				return needMore, 0
			}
			if st.Save != "" && m[2] >= 0 {
				r.vars[st.Save] = bytes.Clone(p[m[2]:m[3]])
			}
			return met, m[1]
		})
	case StepSleep:
		return r.sleep(ctx, st.Sleep)
	case StepHalfClose:
		return failureOf(halfClose(r.c))
	case StepExpectClose:
		return r.expectClose(ctx, st)
	}
	return &Failure{Msg: fmt.Sprintf("unknown step %d", st.Kind), Diff: -1}
}

// expect waits until check is met by the bytes received, for at most the
// step's timeout. want is the exact bytes expected, if the step has them.
func (r *runner) expect(ctx context.Context, st *Step, want []byte, check func([]byte) (verdict, int)) *Failure {
	v := r.in.check(check)
	if v == needMore {
		r.timer.Reset(st.Timeout)
		defer r.timer.Stop()
	}
	var why string
	for v == needMore && why == "" {
		select {
		case <-r.in.ready:
		case <-r.c.Done():
			// Every byte read before the end is in the inbox by now.
			if v = r.in.check(check); v == needMore {
				why = closedWhy(r.c)
			}
			continue
		case <-r.timer.C:
			why = "timed out after " + st.Timeout.String()
			continue
		case <-ctx.Done():
			why = "stopped"
			continue
		}
		v = r.in.check(check)
	}
	if v == met {
		return nil
	}
	if v == differs {
		why = "received different bytes"
	}
	return r.expectFailure(st, why, want)
}

// expectFailure describes an expect that failed, with what had arrived.
func (r *runner) expectFailure(st *Step, why string, want []byte) *Failure {
	got := r.in.pending()
	f := &Failure{Msg: why, Received: got, Diff: -1}
	switch st.Kind {
	case StepExpectRegex:
		f.Expected = "a match of " + st.arg
	case StepExpectContains:
		f.Expected, f.Want = quoted(want)+" anywhere", want
	default:
		f.Expected, f.Want, f.Diff = quoted(want), want, firstDiff(got, want)
	}
	return f
}

// closedWhy says how the connection ended.
func closedWhy(c *sockets.Client) string {
	if err := c.Err(); err != nil {
		return "the connection ended: " + err.Error()
	}
	return "the server closed the connection"
}

// expectClose waits for the server to close the connection.
func (r *runner) expectClose(ctx context.Context, st *Step) *Failure {
	r.timer.Reset(st.Timeout)
	defer r.timer.Stop()
	select {
	case <-r.c.Done():
		return nil
	case <-r.timer.C:
		return &Failure{Msg: "the connection is still open after " + st.Timeout.String(),
			Expected: "the server to close the connection", Received: r.in.pending(), Diff: -1}
	case <-ctx.Done():
		return &Failure{Msg: "stopped", Diff: -1}
	}
}

// sleep waits d, or until the run is stopped.
func (r *runner) sleep(ctx context.Context, d time.Duration) *Failure {
	r.timer.Reset(d)
	defer r.timer.Stop()
	select {
	case <-r.timer.C:
		return nil
	case <-ctx.Done():
		return &Failure{Msg: "stopped", Diff: -1}
	}
}

package scenario

import (
	"bytes"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// maxInline bounds what the receiving goroutine sends before it goes back
// to receiving: while it sends, nobody reads, and a peer that answers
// everything could fill both directions' buffers and stall.
const maxInline = 64 * 1024

// advance runs steps from next on, under mu, until an expect must wait for
// bytes, a step needs Run's goroutine (onReader is true on the receiving
// goroutine), or none is left.
func (r *runner) advance(onReader bool) {
	r.waiting = false
	for !r.done {
		st := &r.sc.Steps[r.next]
		if r.ctx.Err() != nil {
			r.finish(failure(msg.New(codeStopped)))
			return
		}
		switch st.Kind {
		case StepSend, StepSendHex:
			r.out = st.payload.Append(r.out[:0], r.fill)
			if onReader && r.inline+len(r.out) > maxInline {
				r.handOff()
				return
			}
			r.inline += len(r.out)
			r.finish(failureOf(r.c.Send(r.out)))
		case StepExpect, StepExpectHex, StepExpectContains, StepExpectRegex:
			switch v, n := r.check(st); v {
			case met:
				r.off += n
				r.finish(nil)
			case differs:
				r.finish(r.expectFailure(st, msg.New(codeDifferent)))
			default:
				if r.closed() {
					// Nothing more can come.
					r.finish(r.expectFailure(st, closedWhy(r.c)))
					return
				}
				r.waiting = true
				r.deadline = r.started.Add(st.Timeout)
				r.timer.Reset(time.Until(r.deadline))
				return
			}
		default:
			if onReader {
				r.handOff()
				return
			}
			// Sleep and expect_close wait without holding the run, so
			// bytes keep being received meanwhile.
			r.mu.Unlock()
			f := r.wait(st)
			r.mu.Lock()
			r.finish(f)
		}
	}
}

// closed reports whether the connection has ended.
func (r *runner) closed() bool {
	select {
	case <-r.c.Done():
		return true
	default:
		return false
	}
}

// handOff leaves step next to Run's goroutine.
func (r *runner) handOff() {
	r.handoff = true
	r.signal()
}

// check reports met (with the bytes consumed), needMore, or differs.
func (r *runner) check(st *Step) (verdict, int) {
	p := r.buf[r.off:]
	switch st.Kind {
	case StepExpect, StepExpectHex:
		want := r.want(st)
		n := min(len(p), len(want))
		switch {
		case !bytes.Equal(p[:n], want[:n]):
			return differs, 0
		case n < len(want):
			return needMore, 0
		}
		return met, n
	case StepExpectContains:
		want := r.want(st)
		if i := bytes.Index(p, want); i >= 0 {
			return met, i + len(want)
		}
	case StepExpectRegex:
		if m := st.re.FindSubmatchIndex(p); m != nil {
			if st.Save != "" && m[2] >= 0 {
				r.vars[st.Save] = bytes.Clone(p[m[2]:m[3]])
			}
			return met, m[1]
		}
	}
	return needMore, 0
}

// want returns the bytes expect st wants, with saved values filled in.
func (r *runner) want(st *Step) []byte {
	if b, ok := st.payload.Static(); ok {
		return b
	}
	return st.payload.Append(nil, r.fill)
}

// verdict is what a check makes of the bytes so far.
type verdict int

const (
	needMore verdict = iota // not met yet; more bytes may meet it
	met                     // met
	differs                 // can no longer be met
)

// expectFailure describes expect st that failed, with what had arrived.
func (r *runner) expectFailure(st *Step, why msg.Message) *Failure {
	got := bytes.Clone(r.buf[r.off:])
	if len(got) > 0 && (st.Kind == StepExpectRegex || st.Kind == StepExpectContains) && why.Code != codeStopped {
		// What arrived is the story; the timeout or the close only ended it.
		why = msg.New(codeNoMatch, "N", len(got), "Why", why)
	}
	f := failure(why)
	f.Received = got
	switch st.Kind {
	case StepExpectRegex:
		f.expect(msg.New(codeMatchOf, "Text", st.arg))
	case StepExpectContains:
		f.Want = r.want(st)
		f.expect(msg.New(codeAnywhere, "Text", quoted(f.Want)))
	default:
		f.Want = r.want(st)
		f.Expected, f.Diff = quoted(f.Want), firstDiff(got, f.Want)
	}
	return f
}

// wait runs sleep, half_close or expect_close on Run's goroutine.
func (r *runner) wait(st *Step) *Failure {
	switch st.Kind {
	case StepSleep:
		t := time.NewTimer(st.Sleep)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-r.ctx.Done():
			return failure(msg.New(codeStopped))
		}
	case StepHalfClose:
		return failureOf(halfClose(r.c))
	case StepStartTLS:
		return r.startTLS(st)
	case StepExpectClose:
		t := time.NewTimer(st.Timeout)
		defer t.Stop()
		select {
		case <-r.c.Done():
			return nil
		case <-t.C:
			r.mu.Lock()
			pending := bytes.Clone(r.buf[r.off:])
			r.mu.Unlock()
			f := failure(msg.New(codeStillOpen, "Time", st.Timeout))
			f.expect(msg.New(codeExpectClose))
			f.Received = pending
			return f
		case <-r.ctx.Done():
			return failure(msg.New(codeStopped))
		}
	}
	return failure(msg.New(codeUnknownStep, "Kind", int(st.Kind)))
}

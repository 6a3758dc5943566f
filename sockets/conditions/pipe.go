package conditions

import (
	"errors"
	"math/rand/v2"
	"os"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// ErrCut ends a pipe whose connection a condition closed or reset.
var ErrCut error = msg.NewError(codeCut)

// Pipe copies one direction of a connection through the conditions that
// apply to it, in user space. Every byte read is written, in order, unless a
// condition drops it (timeout, limit_data) or ends the connection.
type Pipe struct {
	K    *Conn                     // the connection the direction belongs to
	Dir  Dir                       // Up or DownDir
	Read func([]byte) (int, error) // reads the source
	// Write writes all of b to the destination; held is how long the
	// conditions held b back since it was read (0: not held).
	Write      func(b []byte, held time.Duration) error
	CloseWrite func() error             // passes the end of stream on
	BufSize    int                      // read size (default 64 KiB)
	OnDelay    func(c Condition, n int) // optional: a chunk of n bytes held back by c
	OnDrop     func(c Condition, n int) // optional: n bytes dropped by c
	// Unblock, optional, makes a blocked Read return at once with an
	// os.ErrDeadlineExceeded error. With it, Run returns ErrIdle once no
	// condition applies to the direction any more, so the caller can go
	// back to its fast copy.
	Unblock func()
}

// ErrIdle ends Run when no condition applies any more; every byte read has
// been passed on, and the source's read deadline has passed (reset it).
var ErrIdle = errors.New("conditions: none applies any more")

type chunk struct {
	b   []byte
	at  time.Time
	err error // io.EOF at the end of stream
}

// dirState is what conditions remember in one direction of one connection.
type dirState struct {
	passed   map[string]int64 // limit_data: bytes passed
	nextSend time.Time        // bandwidth: when the next byte may go
	lastDue  time.Time        // latency: chunks never overtake each other
	rng      *rand.Rand       // jitter, slicer sizes
	readAt   time.Time        // when the chunk being passed on was read
	held     bool             // a condition has held that chunk back
}

// heldFor is how long the chunk being passed on has been held back; 0 if
// no condition held it.
func (st *dirState) heldFor() time.Duration {
	if !st.held {
		return 0
	}
	return max(time.Since(st.readAt), 0)
}

// jitter returns a random duration in [-j, j].
func jitter(r *rand.Rand, j time.Duration) time.Duration {
	if j <= 0 {
		return 0
	}
	return time.Duration(r.Int64N(int64(2*j)+1)) - j
}

// Run copies until the end of stream is passed on (nil), a condition ends
// the connection (ErrCut) or a read or write fails (that error). first, if
// not empty, was read before conditions applied and goes first.
func (p *Pipe) Run(first []byte, isEOF func(error) bool) error {
	size := p.BufSize
	if size <= 0 {
		size = 64 << 10
	}
	chunks := make(chan chunk, 64)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			b := make([]byte, size)
			n, err := p.Read(b)
			c := chunk{b: b[:n], at: time.Now(), err: err}
			select {
			case chunks <- c:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	st := &dirState{passed: map[string]int64{}, rng: p.K.rand(p.Dir)}
	pending := []chunk{}
	if len(first) > 0 {
		pending = append(pending, chunk{b: first, at: time.Now()})
	}
	unblocking := false
	for {
		var c chunk
		if len(pending) > 0 {
			c, pending = pending[0], pending[1:]
		} else {
			// The channel first, then the conditions: a change made while
			// this loop was passing a chunk on is seen now, not lost.
			changed := p.K.s.Changed()
			if p.Unblock != nil && !unblocking && !p.K.AnyActive(p.Dir) {
				unblocking = true
				p.Unblock()
			}
			select {
			case c = <-chunks:
			case <-changed:
				continue
			case <-p.K.Cut:
				return ErrCut
			}
		}
		if unblocking && errors.Is(c.err, os.ErrDeadlineExceeded) {
			if len(c.b) > 0 {
				if err := p.pass(st, chunk{b: c.b, at: c.at}); err != nil {
					return err
				}
			}
			return ErrIdle
		}
		if c.err != nil && len(c.b) == 0 {
			if !isEOF(c.err) {
				return c.err
			}
			return p.end(st, c)
		}
		if err := p.pass(st, c); err != nil {
			return err
		}
		if c.err != nil {
			if !isEOF(c.err) {
				return c.err
			}
			return p.end(st, chunk{at: c.at, err: c.err})
		}
	}
}

func (p *Pipe) closed(c Condition) {
	if s := p.K.s.Counts(c.Name); s != nil {
		s.Closed.Add(1)
	}
}

func (p *Pipe) delayed(c Condition, n int) {
	if s := p.K.s.Counts(c.Name); s != nil {
		s.Delayed.Add(1)
	}
	if p.OnDelay != nil {
		p.OnDelay(c, n)
	}
}

func (p *Pipe) dropped(c Condition, n int) {
	if s := p.K.s.Counts(c.Name); s != nil {
		s.Dropped.Add(int64(n))
	}
	if p.OnDrop != nil {
		p.OnDrop(c, n)
	}
}

// wait sleeps until t unless the connection is cut first.
func (p *Pipe) wait(t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-p.K.Cut:
		return false
	}
}

// pass applies the active conditions to one chunk and writes what remains.
func (p *Pipe) pass(st *dirState, c chunk) error {
	active := p.K.Active(p.Dir)
	b := c.b
	st.readAt, st.held = c.at, false
	for _, k := range active {
		switch k.Type {
		case Timeout:
			p.dropped(k, len(b))
			return nil
		case Down:
			p.dropped(k, len(b))
			p.closed(k)
			p.K.Kill(false)
			return ErrCut
		}
	}
	cut := false
	for _, k := range active {
		if k.Type != LimitData {
			continue
		}
		left := k.Bytes - st.passed[k.Name]
		if int64(len(b)) >= left {
			p.dropped(k, len(b)-int(left))
			b = b[:left]
			cut = true
			p.closed(k)
		}
		st.passed[k.Name] += int64(len(b))
	}
	for _, k := range active {
		if k.Type != Latency {
			continue
		}
		due := c.at.Add(k.Latency + jitter(st.rng, k.Jitter))
		// Jitter must not reorder: a chunk is never due before the one
		// ahead of it.
		if due.Before(st.lastDue) {
			due = st.lastDue
		}
		st.lastDue = due
		if time.Until(due) > 0 {
			p.delayed(k, len(b))
			st.held = true
		}
		if !p.wait(due) {
			return ErrCut
		}
	}
	pieces := [][]byte{b}
	var gap time.Duration
	for _, k := range active {
		if k.Type != Slicer || len(b) == 0 {
			continue
		}
		pieces, gap = p.slice(st, b, k), k.Delay
		if len(pieces) > 1 {
			p.delayed(k, len(b))
		}
	}
	for i, piece := range pieces {
		if i > 0 && gap > 0 {
			st.held = true
			if !p.wait(time.Now().Add(gap)) {
				return ErrCut
			}
		}
		if err := p.throttle(st, active, piece); err != nil {
			return err
		}
	}
	if cut {
		p.K.Kill(false)
		return ErrCut
	}
	return nil
}

// slice splits b into pieces of k.AverageSize ± k.SizeVariation bytes.
func (p *Pipe) slice(st *dirState, b []byte, k Condition) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n := k.AverageSize
		if k.SizeVariation > 0 {
			n += st.rng.IntN(2*k.SizeVariation+1) - k.SizeVariation
		}
		n = max(1, min(n, len(b)))
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

// throttle writes b at the lowest bandwidth among active, in pieces of at
// most a tenth of a second's worth so the rate holds over short spans too.
func (p *Pipe) throttle(st *dirState, active []Condition, b []byte) error {
	rate := 0
	var bw Condition
	for _, k := range active {
		if k.Type == Bandwidth && (rate == 0 || k.Rate < rate) {
			rate, bw = k.Rate, k
		}
	}
	if rate == 0 {
		return p.Write(b, st.heldFor())
	}
	perSec := float64(rate) * 1000
	step := max(1, int(perSec/10))
	if now := time.Now(); st.nextSend.Before(now) {
		st.nextSend = now
	}
	for len(b) > 0 {
		n := min(step, len(b))
		if time.Until(st.nextSend) > 0 {
			p.delayed(bw, n)
			st.held = true
		}
		if !p.wait(st.nextSend) {
			return ErrCut
		}
		if err := p.Write(b[:n], st.heldFor()); err != nil {
			return err
		}
		st.nextSend = st.nextSend.Add(time.Duration(float64(n) / perSec * float64(time.Second)))
		b = b[n:]
	}
	return nil
}

// end passes the end of stream on, after latency and slow_close; a timeout
// holds it.
func (p *Pipe) end(st *dirState, c chunk) error {
	for {
		active := p.K.Active(p.Dir)
		hold := false
		for _, k := range active {
			hold = hold || k.Type == Timeout
		}
		if !hold {
			for _, k := range active {
				switch k.Type {
				case Latency:
					due := c.at.Add(k.Latency)
					if due.Before(st.lastDue) {
						due = st.lastDue
					}
					if !p.wait(due) {
						return ErrCut
					}
				case SlowClose:
					p.delayed(k, 0)
					if !p.wait(time.Now().Add(k.Delay)) {
						return ErrCut
					}
				}
			}
			return p.CloseWrite()
		}
		select {
		case <-p.K.s.Changed():
		case <-p.K.Cut:
			return ErrCut
		}
	}
}

// IsCut reports whether err is ErrCut.
func IsCut(err error) bool { return errors.Is(err, ErrCut) }

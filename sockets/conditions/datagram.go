package conditions

import (
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// ReorderHold bounds how long reorder holds a datagram when fewer than its
// window of later datagrams come.
const ReorderHold = 200 * time.Millisecond

// Datagrams is one direction of a UDP relay seen through a Set: it decides,
// datagram by datagram, what the conditions on that direction do (loss,
// duplicate, reorder, corrupt, latency), and picks up the Set's changes at
// the next datagram. Every condition draws from its own source, seeded by
// the Set's seed, its name and the direction, so the same seed and the same
// datagrams make the same choices. Build it with (*Set).Datagrams.
type Datagrams struct {
	s       *Set
	dir     Dir
	after   func(time.Duration, func())
	pending atomic.Int64 // datagrams held by reorder

	mu       sync.Mutex // orders the direction's datagrams
	ver      uint64
	loaded   bool
	conds    []*dgCond
	held     []heldDatagram
	flushing bool
}

// dgCond is a condition at work on one direction.
type dgCond struct {
	Condition
	rng      *rand.Rand
	lastLost bool
	st       *Counts
}

type heldDatagram struct {
	b    []byte
	left int // datagrams still to pass it
}

// Datagrams returns direction d's view of the set (Up or DownDir); after
// runs a func later, for latency and for releasing held datagrams, and is
// the relay's so that stopping it cancels what is not yet due.
func (s *Set) Datagrams(d Dir, after func(time.Duration, func())) *Datagrams {
	return &Datagrams{s: s, dir: d, after: after}
}

// sync reloads the conditions when the set changed. p.mu is held.
func (p *Datagrams) sync() {
	v := p.s.Version() // before List: a change in between is seen next time
	if p.loaded && v == p.ver {
		return
	}
	old := map[string]*dgCond{}
	for _, c := range p.conds {
		old[c.Name] = c
	}
	stream := uint64(0)
	if p.dir == Up {
		stream = 1
	}
	p.conds = p.conds[:0:0]
	for _, c := range p.s.List() {
		if c.Dir&p.dir == 0 {
			continue
		}
		if o, ok := old[c.Name]; ok && o.Type == c.Type {
			// Changed in place: its draws go on where they were.
			o.Condition = c
			p.conds = append(p.conds, o)
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(c.Name))
		p.conds = append(p.conds, &dgCond{Condition: c, rng: rand.New(rand.NewPCG(p.s.seed, h.Sum64()<<1|stream)), st: p.s.Counts(c.Name)})
	}
	p.ver, p.loaded = v, true
}

// applies draws whether the condition takes this datagram: toxicity is,
// on UDP, the share of datagrams.
func (c *dgCond) applies() bool {
	switch {
	case c.Toxicity <= 0:
		return false
	case c.Toxicity >= 1:
		return true
	}
	return c.rng.Float64() < c.Toxicity
}

// chance draws an event of probability q, drawing nothing at 0 or 1.
func (c *dgCond) chance(q float64) bool {
	switch {
	case q <= 0:
		return false
	case q >= 1:
		return true
	}
	return c.rng.Float64() < q
}

func (c *dgCond) count(f func(*Counts) *atomic.Int64) {
	if c.st != nil {
		f(c.st).Add(1)
	}
}

// delivery is one datagram to pass on, after a delay.
type delivery struct {
	b     []byte
	delay time.Duration
}

// Fate is what the conditions did to one datagram: each effect as a
// message, in the order they applied, and as typed facts.
type Fate struct {
	Effects []msg.Message
	Held    time.Duration // how much later than now it is passed on (latency); 0 when dropped
	Dropped bool          // a condition dropped it: it is not passed on
}

// Pass runs b through the conditions and sends what comes out with send,
// now or later; observe is told what the conditions did first, so the log
// has cause before effect. b is copied where it is kept.
func (p *Datagrams) Pass(b []byte, observe func(Fate), send func([]byte)) {
	if p == nil || p.s.Empty() && p.pending.Load() == 0 {
		observe(Fate{})
		send(b)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync()
	var f Fate
	out := []delivery{{b: b}}
	held := false
	for _, c := range p.conds {
		if len(out) == 0 || held || !c.applies() {
			continue
		}
		switch c.Type {
		case Loss:
			q := c.LossAfterPass()
			if c.lastLost && c.Correlation > 0 {
				q = c.Correlation
			}
			c.lastLost = c.chance(q)
			if c.lastLost {
				c.count(func(s *Counts) *atomic.Int64 { return &s.Dropped })
				out, f.Dropped = nil, true
				f.Effects = append(f.Effects, msg.New(codeLost))
			}
		case Corrupt:
			if len(b) > 0 && c.chance(c.Probability) {
				bit := c.rng.IntN(len(b) * 8)
				for i := range out {
					cp := append([]byte(nil), out[i].b...)
					cp[bit/8] ^= 1 << (bit % 8)
					out[i].b = cp
				}
				c.count(func(s *Counts) *atomic.Int64 { return &s.Corrupted })
				f.Effects = append(f.Effects, msg.New(codeCorrupted, "Bit", bit))
			}
		case Duplicate:
			if c.chance(c.Probability) {
				out = append(out, out...)
				c.count(func(s *Counts) *atomic.Int64 { return &s.Duplicated })
				f.Effects = append(f.Effects, msg.New(codeDuplicated))
			}
		case Reorder:
			if c.chance(c.Probability) {
				for _, d := range out {
					p.held = append(p.held, heldDatagram{b: append([]byte(nil), d.b...), left: c.ReorderWindow()})
				}
				p.pending.Store(int64(len(p.held)))
				out, held = nil, true
				c.count(func(s *Counts) *atomic.Int64 { return &s.Reordered })
				f.Effects = append(f.Effects, msg.New(codeHeld, "N", c.ReorderWindow()))
			}
		case Latency:
			d := c.Latency
			if c.Jitter > 0 {
				d += time.Duration(c.rng.Int64N(int64(2*c.Jitter)+1)) - c.Jitter
			}
			d = max(d, 0)
			for i := range out {
				out[i].delay += d
			}
			if d > 0 && len(out) > 0 {
				f.Held += d
				c.count(func(s *Counts) *atomic.Int64 { return &s.Delayed })
				f.Effects = append(f.Effects, msg.New(codeDelayed, "Time", d.String()))
			}
		}
	}
	observe(f)
	for _, d := range out {
		p.deliver(d, send)
	}
	if len(out) > 0 {
		p.releaseHeld(send, false)
	}
	if held && !p.flushing {
		p.flushing = true
		p.after(ReorderHold, func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.flushing = false
			p.releaseHeld(send, true)
		})
	}
}

// releaseHeld sends the held datagrams that enough later ones have now
// passed, or all of them. p.mu is held.
func (p *Datagrams) releaseHeld(send func([]byte), all bool) {
	kept := p.held[:0]
	for _, h := range p.held {
		h.left--
		if h.left > 0 && !all {
			kept = append(kept, h)
			continue
		}
		p.deliver(delivery{b: h.b}, send)
	}
	clear(p.held[len(kept):])
	p.held = kept
	p.pending.Store(int64(len(kept)))
}

func (p *Datagrams) deliver(d delivery, send func([]byte)) {
	if d.delay <= 0 {
		send(d.b)
		return
	}
	b := append([]byte(nil), d.b...)
	p.after(d.delay, func() { send(b) })
}

// DatagramReport says what c did to the datagrams so far, for a UDP
// relay's report as it stops, e.g. "condition loss_down (down): 3
// datagrams lost".
func (s *Set) DatagramReport(c Condition) msg.Message {
	n := s.Counts(c.Name)
	if n == nil {
		n = &Counts{}
	}
	code, v := codeCountDelayed, n.Delayed.Load()
	switch c.Type {
	case Loss:
		code, v = codeCountLost, n.Dropped.Load()
	case Duplicate:
		code, v = codeCountDup, n.Duplicated.Load()
	case Reorder:
		code, v = codeCountHeld, n.Reordered.Load()
	case Corrupt:
		code, v = codeCountCorrupt, n.Corrupted.Load()
	}
	return msg.New(code, "Name", c.Name, "Dir", c.Dir.String(), "N", v)
}

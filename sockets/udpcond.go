package sockets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// UDPConditionKind is what a UDP condition does to the datagrams it takes.
type UDPConditionKind uint8

// Kinds of UDP condition, named as toxiproxy and netem name them.
const (
	UDPLoss      UDPConditionKind = iota + 1 // drop the datagram
	UDPDuplicate                             // pass it twice
	UDPReorder                               // hold it back until Window later datagrams passed
	UDPCorrupt                               // flip one bit of it
	UDPLatency                               // pass it Latency ± Jitter later
)

var udpCondNames = map[UDPConditionKind]string{UDPLoss: "loss", UDPDuplicate: "duplicate", UDPReorder: "reorder", UDPCorrupt: "corrupt", UDPLatency: "latency"}

// String returns "loss", "duplicate", "reorder", "corrupt" or "latency".
func (k UDPConditionKind) String() string { return udpCondNames[k] }

// RelayDir is the direction a condition applies to.
type RelayDir uint8

// Directions of a relay: client to target (up), target to client (down).
const (
	DirBoth RelayDir = iota
	DirUp
	DirDown
)

var relayDirNames = []string{DirBoth: "both", DirUp: "up", DirDown: "down"}

// String returns "both", "up" or "down".
func (d RelayDir) String() string { return relayDirNames[d] }

func (d RelayDir) has(up bool) bool { return d == DirBoth || (d == DirUp) == up }

// DefaultReorderWindow is how many later datagrams pass a held one when
// Window is not given; DefaultReorderHold bounds how long it is held when
// fewer come.
const (
	DefaultReorderWindow = 3
	DefaultReorderHold   = 200 * time.Millisecond
)

// UDPCondition is one condition on a UDP relay's datagrams, in one
// direction or both. Build it with ParseUDPCondition, or set Toxicity by
// hand: a condition with Toxicity 0 takes no datagram at all.
type UDPCondition struct {
	Kind     UDPConditionKind
	Dir      RelayDir
	Toxicity float64 // the share of datagrams it applies to, 0 to 1
	// Rate is the share of the datagrams it applies to that it drops,
	// duplicates, holds back or corrupts (0 to 1).
	Rate float64
	// Correlation (loss) is the probability that the next datagram is lost
	// given this one was, for bursts; 0 means independent losses.
	Correlation float64
	Window      int           // reorder: held until this many later datagrams passed (default 3)
	Latency     time.Duration // latency: the delay
	Jitter      time.Duration // latency: a uniform variation of ± Jitter
}

// String is the condition in ParseUDPCondition's syntax, e.g.
// "loss=0.1,correlation=0.25,dir=up,toxicity=1".
func (c UDPCondition) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var b strings.Builder
	switch c.Kind {
	case UDPLatency:
		b.WriteString("latency=" + c.Latency.String())
		if c.Jitter > 0 {
			b.WriteString(",jitter=" + c.Jitter.String())
		}
	default:
		b.WriteString(c.Kind.String() + "=" + f(c.Rate))
	}
	if c.Kind == UDPLoss && c.Correlation > 0 {
		b.WriteString(",correlation=" + f(c.Correlation))
	}
	if c.Kind == UDPReorder {
		b.WriteString(",window=" + strconv.Itoa(c.window()))
	}
	b.WriteString(",dir=" + c.Dir.String() + ",toxicity=" + f(c.Toxicity))
	return b.String()
}

func (c UDPCondition) window() int {
	if c.Window <= 0 {
		return DefaultReorderWindow
	}
	return c.Window
}

// udpCondSyntax is what ParseUDPCondition accepts, for its errors.
const udpCondSyntax = "want KIND=VALUE[,KEY=VALUE...]: loss=RATE[,correlation=P], duplicate=RATE, reorder=RATE[,window=N], corrupt=RATE or latency=DUR[,jitter=DUR]; then dir=up|down|both, toxicity=0..1"

// ParseUDPCondition reads one condition: its kind and value first, then
// options, e.g. "loss=0.1,correlation=0.25,dir=up", "duplicate=0.05",
// "reorder=0.2,window=4", "corrupt=0.01", "latency=200ms,jitter=20ms,dir=down".
// A rate is 0 to 1 (or a percentage, "10%"); dir defaults to both and
// toxicity to 1.
func ParseUDPCondition(s string) (UDPCondition, error) {
	c := UDPCondition{Dir: DirBoth, Toxicity: 1}
	parts := strings.Split(strings.TrimSpace(s), ",")
	for i, part := range parts {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok || key == "" || val == "" {
			return c, fmt.Errorf("%q: %q is not KEY=VALUE (%s)", s, part, udpCondSyntax)
		}
		if i == 0 {
			if err := c.setKind(key, val); err != nil {
				return c, fmt.Errorf("%q: %w", s, err)
			}
			continue
		}
		if err := c.setOption(key, val); err != nil {
			return c, fmt.Errorf("%q: %w", s, err)
		}
	}
	return c, c.Check()
}

func (c *UDPCondition) setKind(key, val string) error {
	var err error
	switch key {
	case "loss":
		c.Kind = UDPLoss
	case "duplicate":
		c.Kind = UDPDuplicate
	case "reorder":
		c.Kind = UDPReorder
	case "corrupt":
		c.Kind = UDPCorrupt
	case "latency":
		c.Kind = UDPLatency
		c.Latency, err = parseCondDuration("latency", val)
		return err
	default:
		return fmt.Errorf("unknown condition %q (%s)", key, udpCondSyntax)
	}
	c.Rate, err = parseShare(key, val)
	return err
}

func (c *UDPCondition) setOption(key, val string) error {
	var err error
	switch {
	case key == "dir" || key == "direction":
		switch strings.ToLower(val) {
		case "both":
			c.Dir = DirBoth
		case "up", "upstream":
			c.Dir = DirUp
		case "down", "downstream":
			c.Dir = DirDown
		default:
			return fmt.Errorf("dir=%s: want up (client → target), down (target → client) or both", val)
		}
	case key == "toxicity":
		c.Toxicity, err = parseShare(key, val)
	case key == "correlation" && c.Kind == UDPLoss:
		c.Correlation, err = parseShare(key, val)
	case key == "window" && c.Kind == UDPReorder:
		n, perr := strconv.Atoi(val)
		if perr != nil || n < 1 {
			return fmt.Errorf("window=%s: want a whole number of datagrams, at least 1", val)
		}
		c.Window = n
	case key == "jitter" && c.Kind == UDPLatency:
		c.Jitter, err = parseCondDuration(key, val)
	default:
		return fmt.Errorf("%s does not take %s (%s)", c.Kind, key, udpCondSyntax)
	}
	return err
}

// parseShare reads a share from 0 to 1, or a percentage.
func parseShare(key, val string) (float64, error) {
	v, pct := strings.CutSuffix(val, "%")
	f, err := strconv.ParseFloat(v, 64)
	if pct {
		f /= 100
	}
	if err != nil || math.IsNaN(f) || f < 0 || f > 1 {
		return 0, fmt.Errorf("%s=%s: want a share from 0 to 1 (e.g. 0.1) or a percentage (10%%)", key, val)
	}
	return f, nil
}

func parseCondDuration(key, val string) (time.Duration, error) {
	d, err := time.ParseDuration(val)
	if err != nil {
		if n, nerr := strconv.Atoi(val); nerr == nil {
			d, err = time.Duration(n)*time.Millisecond, nil
		}
	}
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%s: want a duration such as 200ms or 1.5s (a bare number is milliseconds)", key, val)
	}
	return d, nil
}

// Check says what is wrong with c, if anything.
func (c UDPCondition) Check() error {
	share := func(name string, v float64) error {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return fmt.Errorf("%s %s=%g: want 0 to 1", c.Kind, name, v)
		}
		return nil
	}
	if _, ok := udpCondNames[c.Kind]; !ok {
		return fmt.Errorf("UDP condition kind %d: want loss, duplicate, reorder, corrupt or latency", c.Kind)
	}
	if int(c.Dir) >= len(relayDirNames) {
		return fmt.Errorf("%s dir %d: want up, down or both", c.Kind, c.Dir)
	}
	for _, e := range []error{share("toxicity", c.Toxicity), share("rate", c.Rate), share("correlation", c.Correlation)} {
		if e != nil {
			return e
		}
	}
	if c.Correlation >= 1 && c.Rate < 1 {
		return fmt.Errorf("loss correlation=1 would lose every datagram after the first: want below 1")
	}
	if c.Kind == UDPLoss && c.Correlation > 0 && c.Rate < 1 && c.lossAfterPass() > 1 {
		return fmt.Errorf("loss=%g with correlation=%g cannot be: losses that rare after a loss need more than every other datagram lost; want correlation at least %g",
			c.Rate, c.Correlation, 2-1/c.Rate)
	}
	if c.Latency < 0 || c.Jitter < 0 {
		return fmt.Errorf("latency and jitter must not be negative")
	}
	return nil
}

// lossAfterPass is the probability of a loss after a datagram that passed,
// chosen so that losses make up Rate of the datagrams over time: in the
// two-state chain with P(loss|loss) = Correlation, the stationary share
// of losses is q / (1 - Correlation + q).
func (c UDPCondition) lossAfterPass() float64 {
	if c.Correlation == 0 || c.Rate >= 1 {
		return c.Rate
	}
	return c.Rate * (1 - c.Correlation) / (1 - c.Rate)
}

// udpCond is a condition at work in one direction.
type udpCond struct {
	UDPCondition
	idx      int // its place among the relay's conditions
	rng      *rand.Rand
	lastLost bool
	count    atomic.Uint64 // datagrams it dropped, duplicated, held back, corrupted or delayed
}

// applies draws whether the condition takes this datagram.
func (c *udpCond) applies() bool {
	switch {
	case c.Toxicity <= 0:
		return false
	case c.Toxicity >= 1:
		return true
	}
	return c.rng.Float64() < c.Toxicity
}

// chance draws an event of probability p, drawing nothing at 0 or 1.
func (c *udpCond) chance(p float64) bool {
	switch {
	case p <= 0:
		return false
	case p >= 1:
		return true
	}
	return c.rng.Float64() < p
}

// heldDatagram is a datagram held back by reorder.
type heldDatagram struct {
	b    []byte
	left int // datagrams still to pass it
	cond *udpCond
}

// udpPipe is the conditions of one direction, with what they hold back.
// Its lock orders the datagrams of its direction.
type udpPipe struct {
	mu    sync.Mutex
	conds []*udpCond
	held  []heldDatagram
	flush *time.Timer // releases held datagrams that too few later ones passed
	sched *udpSched
}

// udpDelivery is one datagram to pass on, after a delay.
type udpDelivery struct {
	b     []byte
	delay time.Duration
}

// newUDPPipe builds the conditions of one direction; each draws from its
// own generator seeded from seed, so one condition's draws do not move
// another's.
func newUDPPipe(all []UDPCondition, up bool, seed uint64, sched *udpSched) *udpPipe {
	p := &udpPipe{sched: sched}
	stream := uint64(0)
	if up {
		stream = 1
	}
	for i, c := range all {
		if !c.Dir.has(up) {
			continue
		}
		p.conds = append(p.conds, &udpCond{UDPCondition: c, idx: i, rng: rand.New(rand.NewPCG(seed, uint64(i)<<1|stream))})
	}
	return p
}

// pass runs b through the conditions and sends what comes out with send,
// now or later; observe is told what the conditions did first, so the log
// has cause before effect. b is copied where it is kept.
func (p *udpPipe) pass(b []byte, observe func(effects []msg.Message), send func([]byte)) {
	if p == nil || len(p.conds) == 0 {
		observe(nil)
		send(b)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var effects []msg.Message
	out := []udpDelivery{{b: b}}
	held := false
	for _, c := range p.conds {
		if len(out) == 0 || held || !c.applies() {
			continue
		}
		switch c.Kind {
		case UDPLoss:
			pl := c.lossAfterPass()
			if c.lastLost && c.Correlation > 0 {
				pl = c.Correlation
			}
			c.lastLost = c.chance(pl)
			if c.lastLost {
				c.count.Add(1)
				out = nil
				effects = append(effects, msg.New(codeUDPLost))
			}
		case UDPCorrupt:
			if len(b) > 0 && c.chance(c.Rate) {
				bit := c.rng.IntN(len(b) * 8)
				for i := range out {
					cp := append([]byte(nil), out[i].b...)
					cp[bit/8] ^= 1 << (bit % 8)
					out[i].b = cp
				}
				c.count.Add(1)
				effects = append(effects, msg.New(codeUDPCorrupted, "Bit", bit))
			}
		case UDPDuplicate:
			if c.chance(c.Rate) {
				out = append(out, out...)
				c.count.Add(1)
				effects = append(effects, msg.New(codeUDPDuplicated))
			}
		case UDPReorder:
			if c.chance(c.Rate) {
				for _, d := range out {
					p.held = append(p.held, heldDatagram{b: append([]byte(nil), d.b...), left: c.window(), cond: c})
				}
				out, held = nil, true
				c.count.Add(1)
				effects = append(effects, msg.New(codeUDPHeld, "N", c.window()))
			}
		case UDPLatency:
			d := c.Latency
			if c.Jitter > 0 {
				d += time.Duration(c.rng.Int64N(int64(2*c.Jitter)+1)) - c.Jitter
			}
			if d < 0 {
				d = 0
			}
			for i := range out {
				out[i].delay += d
			}
			if d > 0 && len(out) > 0 {
				c.count.Add(1)
				effects = append(effects, msg.New(codeUDPDelayed, "Time", d.String()))
			}
		}
	}
	observe(effects)
	for _, d := range out {
		p.deliver(d, send)
	}
	if len(out) > 0 {
		p.releaseHeldLocked(send, false)
	}
	if held && p.flush == nil {
		p.flush = p.sched.after(DefaultReorderHold, func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.flush = nil
			p.releaseHeldLocked(send, true)
		})
	}
}

// releaseHeldLocked sends the held datagrams that enough later ones have
// now passed, or all of them.
func (p *udpPipe) releaseHeldLocked(send func([]byte), all bool) {
	kept := p.held[:0]
	for _, h := range p.held {
		h.left--
		if h.left > 0 && !all {
			kept = append(kept, h)
			continue
		}
		p.deliver(udpDelivery{b: h.b}, send)
	}
	for i := len(kept); i < len(p.held); i++ {
		p.held[i] = heldDatagram{}
	}
	p.held = kept
}

func (p *udpPipe) deliver(d udpDelivery, send func([]byte)) {
	if d.delay <= 0 {
		send(d.b)
		return
	}
	b := append([]byte(nil), d.b...)
	p.sched.after(d.delay, func() { send(b) })
}

// udpSched runs delayed sends; stop cancels those not yet due.
type udpSched struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	stopped bool
	timers  map[*time.Timer]struct{}
	dropped atomic.Uint64 // delayed datagrams cancelled by stop
}

func newUDPSched() *udpSched { return &udpSched{timers: make(map[*time.Timer]struct{})} }

// after runs f after d, unless stop comes first.
func (s *udpSched) after(d time.Duration, f func()) *time.Timer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		s.dropped.Add(1)
		return nil
	}
	s.wg.Add(1)
	var tm *time.Timer
	tm = time.AfterFunc(d, func() {
		defer s.wg.Done()
		s.mu.Lock()
		_, live := s.timers[tm]
		delete(s.timers, tm)
		s.mu.Unlock()
		if live {
			f()
		}
	})
	s.timers[tm] = struct{}{}
	return tm
}

// stop cancels what is not yet due and waits for what is running.
func (s *udpSched) stop() {
	s.mu.Lock()
	s.stopped = true
	for tm := range s.timers {
		if tm.Stop() {
			s.wg.Done()
			s.dropped.Add(1)
		}
		delete(s.timers, tm)
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// UDPConditionCount is what one condition did in one direction.
type UDPConditionCount struct {
	Condition UDPCondition
	Up        bool   // client → target, or target → client
	Count     uint64 // datagrams dropped, duplicated, held back, corrupted or delayed
}

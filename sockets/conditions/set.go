package conditions

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Set is a relay's named conditions. It can be changed while the relay runs:
// each connection's Pipe picks a change up at its next chunk, without
// dropping the connection. The zero Set is not usable; call NewSet.
type Set struct {
	seed  uint64
	conns atomic.Uint64 // connections opened, numbering each one's random source

	mu       sync.Mutex
	list     atomic.Pointer[[]Condition] // swapped whole, read without a lock
	gen      atomic.Uint64
	watchers map[int]func(msg.Message)
	nextW    int
	stats    map[string]*Counts
	changed  chan struct{} // closed and replaced on each change
	kind     relayKind     // the relay it is bound to, which limits the types
}

type relayKind uint8

const (
	anyRelay relayKind = iota
	tcpRelay
	udpRelay
)

// Counts are what one condition did, over every connection.
type Counts struct {
	Conns   atomic.Int64 // connections it applied to
	Delayed atomic.Int64 // chunks it held back (latency, bandwidth, slicer, slow_close)
	Dropped atomic.Int64 // bytes it did not pass on (timeout, limit_data, reset_peer, down)
	Closed  atomic.Int64 // connections it closed or reset
	// Dropped above is datagrams lost on UDP; Delayed datagrams delayed.
	Duplicated atomic.Int64 // datagrams duplicated (duplicate)
	Reordered  atomic.Int64 // datagrams held back (reorder)
	Corrupted  atomic.Int64 // datagrams with a bit flipped (corrupt)
}

// NewSet returns an empty set whose random choices come from seed.
func NewSet(seed uint64) *Set {
	s := &Set{seed: seed, watchers: map[int]func(msg.Message){}, stats: map[string]*Counts{}, changed: make(chan struct{})}
	s.list.Store(&[]Condition{})
	return s
}

// Seed is the seed the set's random choices come from; the same seed, with
// the same connections in the same order, makes the same choices.
func (s *Set) Seed() uint64 { return s.seed }

// Empty reports whether the set has no condition: the relay then copies as
// fast as it can.
func (s *Set) Empty() bool { return s == nil || len(*s.list.Load()) == 0 }

// List returns the conditions, in the order they were added.
func (s *Set) List() []Condition { return slices.Clone(*s.list.Load()) }

// Version counts the changes so far: a reader that saw one version sees
// the same List until Version moves.
func (s *Set) Version() uint64 { return s.gen.Load() }

// Counts returns what the named condition did so far; nil for an unknown name.
func (s *Set) Counts(name string) *Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats[name]
}

// Watch calls f with a message on each change; the returned func stops it.
func (s *Set) Watch(f func(msg.Message)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextW
	s.nextW++
	s.watchers[id] = f
	return func() {
		s.mu.Lock()
		delete(s.watchers, id)
		s.mu.Unlock()
	}
}

// Bind ties the set to a UDP relay (udp) or a TCP one: from then on, Add
// and Update refuse a type that relay cannot apply. A condition already in
// the set that does not fit is refused as well, and the set stays unbound.
func (s *Set) Bind(udp bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := tcpRelay
	if udp {
		k = udpRelay
	}
	for _, c := range *s.list.Load() {
		if err := fits(c, k); err != nil {
			return msg.Wrap(err, codeInCondition, "Name", c.Name)
		}
	}
	s.kind = k
	return nil
}

// UDP reports whether the set is bound to a UDP relay.
func (s *Set) UDP() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kind == udpRelay
}

// fits says why c cannot be on a relay of kind k, if it cannot.
func fits(c Condition, k relayKind) error {
	switch {
	case k == udpRelay && !ForUDP(c.Type):
		want, last := listAndLast(TypesFor(true))
		return msg.NewError(codeNotForUDP, "Type", string(c.Type), "Want", want, "Last", last)
	case k == tcpRelay && !ForTCP(c.Type):
		want, last := listAndLast(TypesFor(false))
		return msg.NewError(codeNotForTCP, "Type", string(c.Type), "Want", want, "Last", last)
	}
	return nil
}

// listAndLast is "a, b" and "c" for the types a, b, c: each language's
// template joins them with its own "or".
func listAndLast(ts []Type) (list, last string) {
	for i, t := range ts[:len(ts)-1] {
		if i > 0 {
			list += ", "
		}
		list += string(t)
	}
	return list, string(ts[len(ts)-1])
}

// Add adds c, named DefaultName when it has no name; a name already in
// use is refused, and so is a type the bound relay cannot apply.
func (s *Set) Add(c Condition) error {
	if c.Name == "" {
		c.Name = c.DefaultName()
	}
	if err := c.Validate(); err != nil {
		return msg.Wrap(err, codeInCondition, "Name", c.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := fits(c, s.kind); err != nil {
		return msg.Wrap(err, codeInCondition, "Name", c.Name)
	}
	old := *s.list.Load()
	if slices.IndexFunc(old, func(o Condition) bool { return o.Name == c.Name }) >= 0 {
		return msg.NewError(codeNameTaken, "Name", c.Name)
	}
	s.stats[c.Name] = &Counts{}
	s.store(append(slices.Clone(old), c), AddedMessage(c))
	return nil
}

// AddedMessage says that c is on.
func AddedMessage(c Condition) msg.Message {
	return msg.New(codeAdded, "Name", c.Name, "Dir", c.Dir.String(), "Toxicity", c.Toxicity, "What", c.Describe())
}

// Update replaces the condition named c.Name.
func (s *Set) Update(c Condition) error {
	if err := c.Validate(); err != nil {
		return msg.Wrap(err, codeInCondition, "Name", c.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := fits(c, s.kind); err != nil {
		return msg.Wrap(err, codeInCondition, "Name", c.Name)
	}
	list := slices.Clone(*s.list.Load())
	i := slices.IndexFunc(list, func(o Condition) bool { return o.Name == c.Name })
	if i < 0 {
		return msg.NewError(codeNoSuchName, "Name", c.Name)
	}
	list[i] = c
	s.store(list, msg.New(codeChanged, "Name", c.Name, "Dir", c.Dir.String(), "Toxicity", c.Toxicity, "What", c.Describe()))
	return nil
}

// Remove removes the named condition.
func (s *Set) Remove(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := slices.Clone(*s.list.Load())
	i := slices.IndexFunc(list, func(o Condition) bool { return o.Name == name })
	if i < 0 {
		return msg.NewError(codeNoSuchName, "Name", name)
	}
	s.store(slices.Delete(list, i, i+1), msg.New(codeRemoved, "Name", name))
	return nil
}

// store publishes list and tells the watchers. s.mu is held.
func (s *Set) store(list []Condition, m msg.Message) {
	s.list.Store(&list)
	s.gen.Add(1)
	close(s.changed)
	s.changed = make(chan struct{})
	for _, f := range s.watchers {
		f(m)
	}
}

// Changed returns a channel closed at the next change.
func (s *Set) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// Refuses reports whether a down condition applies to a new connection.
func (s *Set) Refuses() bool {
	for _, c := range *s.list.Load() {
		if c.Type == Down && c.Toxicity > 0 {
			if st := s.Counts(c.Name); st != nil {
				st.Closed.Add(1)
			}
			return true
		}
	}
	return false
}

// Conn is one relayed connection's view of the set: which conditions apply
// to it (by toxicity, drawn once per condition from the seeded source).
type Conn struct {
	s     *Set
	n     uint64 // the connection's number, from 1
	mu    sync.Mutex
	rolls map[string]float64
	since map[string]time.Time // when each applying condition was first seen
	// Cut is closed when a condition ends the whole connection (down,
	// reset_peer, timeout, limit_data); Reset tells whether as a reset.
	Cut   chan struct{}
	cut   sync.Once
	reset atomic.Bool
}

// NewConn starts a connection's view; connections are numbered in the order
// they call it.
func (s *Set) NewConn() *Conn {
	n := s.conns.Add(1)
	return &Conn{s: s, n: n, rolls: map[string]float64{}, since: map[string]time.Time{}, Cut: make(chan struct{})}
}

// applies reports whether c applies to this connection.
func (k *Conn) applies(c *Condition) bool {
	if c.Toxicity <= 0 {
		return false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	r, ok := k.rolls[c.Name]
	if !ok {
		// Each condition's draw depends only on the seed, the connection
		// and the name, not on which goroutine asks first.
		h := fnv.New64a()
		h.Write([]byte(c.Name))
		r = rand.New(rand.NewPCG(k.s.seed^k.n, h.Sum64())).Float64()
		k.rolls[c.Name] = r
	}
	if r < c.Toxicity {
		if _, ok := k.since[c.Name]; !ok {
			k.since[c.Name] = time.Now()
			if st := k.s.Counts(c.Name); st != nil {
				st.Conns.Add(1)
			}
		}
	}
	return r < c.Toxicity
}

// rand returns direction d's own random source, so the two directions'
// choices do not depend on how their goroutines interleave.
func (k *Conn) rand(d Dir) *rand.Rand {
	return rand.New(rand.NewPCG(k.s.seed, k.n<<2|uint64(d)))
}

// Kill ends the connection for a condition, as a reset when reset is set.
func (k *Conn) Kill(reset bool) {
	k.cut.Do(func() {
		k.reset.Store(reset)
		close(k.Cut)
	})
}

// Reset reports whether the connection was cut as a reset.
func (k *Conn) Reset() bool { return k.reset.Load() }

// Active returns the conditions that apply to direction d of this
// connection now.
func (k *Conn) Active(d Dir) []Condition {
	var out []Condition
	for _, c := range *k.s.list.Load() {
		if c.Dir&d != 0 && k.applies(&c) {
			out = append(out, c)
		}
	}
	return out
}

// AnyActive reports whether any condition applies to direction d now;
// cheap when the set is empty.
func (k *Conn) AnyActive(d Dir) bool {
	if k == nil || k.s.Empty() {
		return false
	}
	return len(k.Active(d)) > 0
}

// Watch ends the connection when a condition says so: down at once,
// timeout (with a delay) and reset_peer that long after the condition first
// applied to it, whether data flows or not. It returns when the connection
// is cut or done is closed.
func (k *Conn) Watch(done <-chan struct{}) {
	for {
		changed := k.s.Changed()
		var at time.Time
		var first Condition
		for _, c := range k.Active(Both) {
			switch {
			case c.Type == Down:
				k.count(c)
				k.Kill(false)
				return
			case c.Type == ResetPeer || (c.Type == Timeout && c.Delay > 0):
				k.mu.Lock()
				t := k.since[c.Name].Add(c.Delay)
				k.mu.Unlock()
				if at.IsZero() || t.Before(at) {
					at, first = t, c
				}
			}
		}
		var wake <-chan time.Time
		var tm *time.Timer
		if !at.IsZero() {
			tm = time.NewTimer(time.Until(at))
			wake = tm.C
		}
		stopTimer := func() {
			if tm != nil {
				tm.Stop()
			}
		}
		select {
		case <-done:
			stopTimer()
			return
		case <-k.Cut:
			stopTimer()
			return
		case <-changed:
			stopTimer()
		case <-wake:
			// The condition may have changed while the timer ran.
			if slices.ContainsFunc(k.Active(Both), func(c Condition) bool { return c == first }) {
				k.count(first)
				k.Kill(first.Type == ResetPeer)
				return
			}
		}
	}
}

// count counts a connection closed by c.
func (k *Conn) count(c Condition) {
	if st := k.s.Counts(c.Name); st != nil {
		st.Closed.Add(1)
	}
}

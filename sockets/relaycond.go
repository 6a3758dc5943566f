package sockets

import (
	"errors"
	"io"
	"net"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Message codes of network conditions on the relay.
const (
	codeCondSeed    msg.Code = "relayCondSeed"
	codeCondRefused msg.Code = "relayCondRefused"
	codeCondCut     msg.Code = "relayCondCut"
	codeCondReset   msg.Code = "relayCondReset"
	codeCondCounts  msg.Code = "relayCondCounts"
)

var _ = msg.Define(map[msg.Code]string{
	codeCondSeed:    "network conditions: seed {Seed} (give --seed {Seed} to repeat the run)",
	codeCondRefused: "refused: a down condition is on",
	codeCondCut:     "closed by a network condition",
	codeCondReset:   "reset by a network condition (reset_peer)",
	codeCondCounts:  "condition {Name}: connections {Conns}, chunks held back {Delayed}, bytes dropped {Dropped}, connections closed {Closed}",
})

// reportConditions says what each condition did, as the relay stops.
func (s *Server) reportConditions(local string) {
	set := s.cfg.Conditions
	if set == nil || !s.forwarding.Load() {
		return
	}
	for _, c := range set.List() {
		if set.UDP() {
			s.emit(said(Event{Kind: KindInfo, Local: local}, set.DatagramReport(c)))
			continue
		}
		n := set.Counts(c.Name)
		s.emit(said(Event{Kind: KindInfo, Local: local}, msg.New(codeCondCounts, "Name", c.Name, "Conns", n.Conns.Load(),
			"Delayed", n.Delayed.Load(), "Dropped", n.Dropped.Load(), "Closed", n.Closed.Load())))
	}
}

// watchConditions reports the conditions' seed and each change as events
// while the relay t runs.
func watchConditions(s *Server, t *tcpServer) {
	set := s.cfg.Conditions
	if set == nil {
		return
	}
	s.emit(said(Event{Kind: KindInfo, Local: t.local}, msg.New(codeCondSeed, "Seed", set.Seed())))
	for _, c := range set.List() {
		s.emit(said(Event{Kind: KindInfo, Local: t.local}, conditions.AddedMessage(c)))
	}
	stop := set.Watch(func(m msg.Message) {
		s.emit(said(Event{Kind: KindInfo, Local: t.local}, m))
	})
	go func() {
		<-t.dials.Done()
		stop()
	}()
}

// refusedByCondition reports whether a down condition refuses this client;
// it then says so.
func (r *relayPair) refusedByCondition() bool {
	set := r.t.s.cfg.Conditions
	if set == nil || set.Empty() || !set.Refuses() {
		return false
	}
	r.t.s.emit(said(Event{Kind: KindInfo, Local: r.t.local, Remote: r.p.addr}, msg.New(codeCondRefused)))
	return true
}

// startConditions gives both directions the connection's view of the
// conditions and ends both connections when a condition cuts it. The
// returned func stops the watch.
func (r *relayPair) startConditions(up, down *relayDir) (stop func()) {
	set := r.t.s.cfg.Conditions
	if set == nil {
		return func() {}
	}
	k := set.NewConn()
	up.k, up.cdir = k, conditions.Up
	down.k, down.cdir = k, conditions.DownDir
	done := make(chan struct{})
	go func() {
		k.Watch(done)
		select {
		case <-k.Cut:
			r.resetIf(k)
			r.closeAll()
		default:
		}
	}()
	return func() { close(done) }
}

// resetIf makes the coming close of both connections a reset when a
// reset_peer condition cut them.
func (r *relayPair) resetIf(k *conditions.Conn) {
	if !k.Reset() {
		return
	}
	for _, c := range []net.Conn{r.p.raw, r.targetRaw} {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	}
}

// condCut is why a condition ended the connection; nil if none did.
func (d *relayDir) condCut() error {
	if d.k == nil {
		return nil
	}
	select {
	case <-d.k.Cut:
	default:
		return nil
	}
	if d.k.Reset() {
		return msg.NewError(codeCondReset)
	}
	return msg.NewError(codeCondCut)
}

// condActive reports whether a condition applies to d now; false at no
// cost without conditions.
func (d *relayDir) condActive() bool { return d.k != nil && d.k.AnyActive(d.cdir) }

// Test hooks, nil outside tests: a conditioned copy of d ends as no
// condition applies any more; the relay stopped reading d.
var relayHookIdle, relayHookStopped func(d *relayDir)

// errConditionsOff ends pumpConditioned when no condition applies any
// more: the pump goes back to its fast copy.
var errConditionsOff = errors.New("no condition applies")

// pumpConditioned copies d in user space through its conditions; first was
// read before they applied. It returns errConditionsOff when they no longer
// apply.
func (r *relayPair) pumpConditioned(d *relayDir, first []byte) error {
	p := &conditions.Pipe{K: d.k, Dir: d.cdir,
		Read: d.src.Read,
		Write: func(b []byte, held time.Duration) error {
			r.observe(d, b, held)
			n, err := d.dst.Write(b)
			if n > 0 {
				d.count(n)
			}
			if err != nil {
				return d.sideError(err, d.to)
			}
			return nil
		},
		CloseWrite: func() error { return r.ended(d) },
		Unblock:    func() { d.src.SetReadDeadline(time.Now()) },
	}
	err := p.Run(first, func(err error) bool { return err == io.EOF })
	switch {
	case err == nil:
		return nil
	case err == conditions.ErrIdle:
		if relayHookIdle != nil {
			relayHookIdle(d)
		}
		d.resumeReading()
		return errConditionsOff
	case conditions.IsCut(err) && d.k.Reset():
		r.resetIf(d.k)
		return msg.NewError(codeCondReset)
	case conditions.IsCut(err):
		return msg.NewError(codeCondCut)
	}
	if _, ok := err.(*msg.Error); ok {
		return err
	}
	if !d.in {
		err = r.certReq.ExplainRefusal(err)
	}
	return d.sideError(err, d.from)
}

package sockets

import (
	"strconv"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// This file answers by rules (ModeRules) on the TCP and UDP data paths.
// The other modes never reach it: their answer comes from take.

// answerRules writes the replies of every frame b completes together; it
// returns errClosedByRule when a rule closed the connection.
func (t *tcpServer) answerRules(p *tcpPeer, b []byte) error {
	rp := p.rules.rulePeer(t.s, p.addr)
	if rp == nil {
		return nil
	}
	if p.rules.act == nil {
		p.rules.act = func(a *RuleAction) bool { return t.ruleAct(p, a) }
	}
	p.rules.err = nil
	rp.Feed(b, p.rules.act)
	return t.flushRules(p)
}

// endRules answers p's last line without its end, at end of stream.
func (t *tcpServer) endRules(p *tcpPeer) {
	if p.rules.peer == nil || p.rules.rulePeer(t.s, p.addr) == nil {
		return
	}
	p.rules.err = nil
	p.rules.peer.Flush(p.rules.act)
	t.flushRules(p)
}

// ruleAct carries out one frame's action for TCP peer p.
func (t *tcpServer) ruleAct(p *tcpPeer, a *RuleAction) bool {
	r := &p.rules
	t.s.ruleEvent(t.local, p.addr, a)
	if a.Delay > 0 && len(a.Reply) > 0 {
		if r.err = t.flushRules(p); r.err != nil {
			return false
		}
		tm := time.NewTimer(a.Delay)
		select {
		case <-tm.C:
		case <-t.done:
			tm.Stop()
			r.err = errClosedByRule
			return false
		}
	}
	r.out = append(r.out, a.Reply...)
	if len(r.out) >= ruleFlushSize || a.Close {
		if r.err = t.flushRules(p); r.err != nil {
			return false
		}
	}
	if a.Close {
		by := msg.New(codeClosedByRule, "Rule", strconv.Quote(a.Rule))
		p.closedBy.CompareAndSwap(nil, &by)
		r.err = errClosedByRule
		return false
	}
	return true
}

func (t *tcpServer) flushRules(p *tcpPeer) error {
	r := &p.rules
	if len(r.out) > 0 {
		var tx *Event
		if t.s.cfg.Events.admitData(1) {
			e := t.s.dataEvent(KindSent, t.local, p.addr, r.out)
			tx = &e
		}
		err := t.write(p, r.out, tx)
		r.out = r.out[:0]
		if err != nil {
			return err
		}
	}
	return r.err
}

// answerRules treats each datagram as ending its last frame.
func (u *udpServer) answerRules(p *udpPeer, b []byte) {
	rp := p.rules.rulePeer(u.s, p.addr)
	if rp == nil {
		return
	}
	if p.rules.act == nil {
		p.rules.act = func(a *RuleAction) bool { return u.ruleAct(p, a) }
	}
	p.rules.err = nil
	rp.Feed(b, p.rules.act)
	if p.rules.err == nil {
		rp.Flush(p.rules.act)
	}
}

// ruleAct sends each reply as a datagram; a delayed one waits on a timer,
// not in the read loop.
func (u *udpServer) ruleAct(p *udpPeer, a *RuleAction) bool {
	u.s.ruleEvent(u.local, p.addr, a)
	if len(a.Reply) > 0 {
		if a.Delay > 0 {
			u.later(p, append([]byte(nil), a.Reply...), a.Delay)
		} else {
			u.write(p, a.Reply, u.s.sentEvent(u.local, p.addr, a.Reply))
		}
	}
	if a.Close {
		u.forget(p, msg.New(codeForgottenByRule, "Rule", strconv.Quote(a.Rule)))
		p.rules.err = errClosedByRule
		return false
	}
	return true
}

// later sends b to p after d, unless the server stops first.
func (u *udpServer) later(p *udpPeer, b []byte, d time.Duration) {
	u.mu.Lock()
	if len(u.delayed) >= maxPendingUDPReplies {
		u.mu.Unlock()
		u.s.emit(said(Event{Kind: KindError, Local: u.local, Remote: p.addr},
			msg.New(codeDelayedReplyDropped, "N", maxPendingUDPReplies)))
		return
	}
	if u.delayed == nil {
		u.delayed = make(map[uint64]*time.Timer)
	}
	u.nextDelayed++
	id := u.nextDelayed
	u.wg.Add(1)
	u.delayed[id] = time.AfterFunc(d, func() {
		defer u.wg.Done()
		u.mu.Lock()
		_, mine := u.delayed[id]
		delete(u.delayed, id)
		u.mu.Unlock()
		select {
		case <-u.done:
			return
		default:
		}
		if mine {
			u.write(p, b, u.s.sentEvent(u.local, p.addr, b))
		}
	})
	u.mu.Unlock()
}

// cancelDelayed stops replies not yet sent; those being sent finish alone.
func (u *udpServer) cancelDelayed() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for id, tm := range u.delayed {
		if tm.Stop() {
			u.wg.Done()
		}
		delete(u.delayed, id)
	}
}

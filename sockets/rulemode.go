package sockets

import (
	"errors"
	"strconv"
	"time"
)

// RuleSet answers what a server in ModeRules receives. Package
// sockets/rules compiles one from a rules file. It is shared by every peer,
// so it must be safe for concurrent use; the state of one peer (a partial
// line, counters) lives in the RulePeer it makes.
type RuleSet interface {
	// NewPeer returns the rule state of one TCP connection or one UDP
	// peer address, named by its address.
	NewPeer(peer string) RulePeer
}

// RulePeer frames one peer's bytes and decides what to answer each frame
// with. The server calls it from one goroutine at a time.
type RulePeer interface {
	// Feed takes bytes as they were received and calls act for each frame
	// they complete, in order, stopping early when act returns false.
	Feed(b []byte, act func(*RuleAction) bool)
	// Flush handles what Feed kept back (a line without its end) as a
	// frame, when no more bytes can complete it: at the end of a UDP
	// datagram, or when a TCP peer stops sending.
	Flush(act func(*RuleAction) bool)
}

// RuleAction is what to do about one frame. Its slices are only valid
// during the call to act.
type RuleAction struct {
	Rule  string        // the name of the rule that matched; "" when none did and the default answers
	Reply []byte        // what to send back; nil or empty for nothing
	Delay time.Duration // how long to wait before sending Reply
	Close bool          // end the connection after Reply (TCP); forget the peer (UDP)
	Drop  bool          // the rule answers nothing on purpose
	Note  string        // anything else worth logging about the frame, e.g. that it is part of a long line
}

// errNoRules is Start's error for ModeRules without a rule set.
var errNoRules = errors.New("mode rules needs a rule set: load a rules file")

// errClosedByRule ends a TCP connection whose rule said close.
var errClosedByRule = errors.New("closed by rule")

// maxPendingUDPReplies bounds delayed UDP replies waiting to be sent; past
// it a reply is dropped with an error event rather than piling up timers.
const maxPendingUDPReplies = 1024

// ruleFlushSize is how many reply bytes a TCP connection gathers before it
// writes them, when one read completes many frames.
const ruleFlushSize = 64 * 1024

// SetRules sets the rule set ModeRules answers with, on a running or
// stopped server; each peer starts afresh with it (its partial line and
// counters are dropped). nil leaves ModeRules answering nothing.
func (s *Server) SetRules(rs RuleSet) {
	s.swapMode(func(st *modeState) { st.rules, st.gen = rs, st.gen+1 })
}

// Rules returns the rule set ModeRules answers with, or nil.
func (s *Server) Rules() RuleSet { return s.ms.Load().rules }

// swapMode replaces the mode state with a changed copy.
func (s *Server) swapMode(change func(*modeState)) {
	for {
		old := s.ms.Load()
		st := &modeState{}
		if old != nil {
			*st = *old
		}
		change(st)
		if s.ms.CompareAndSwap(old, st) {
			return
		}
	}
}

// ruleState is one peer's side of ModeRules on the server.
type ruleState struct {
	gen  uint64                 // the modeState.gen peer was made for
	peer RulePeer               // nil until the first frame in ModeRules
	act  func(*RuleAction) bool // made once per peer, so Feed allocates nothing
	out  []byte                 // TCP replies gathered for one write
	err  error                  // why act stopped Feed
}

// rulePeer returns the RulePeer for the current rule set, making a new one
// when the set changed, or nil when the server is not in ModeRules.
func (r *ruleState) rulePeer(s *Server, addr string) RulePeer {
	ms := s.ms.Load()
	if ms.mode != ModeRules || ms.rules == nil {
		return nil
	}
	if r.peer == nil || r.gen != ms.gen {
		r.peer, r.gen = ms.rules.NewPeer(addr), ms.gen
	}
	return r.peer
}

// ruleEvent reports a rule that matched, if the queue admits it.
func (s *Server) ruleEvent(local, peer string, a *RuleAction) {
	if a.Rule == "" || !s.cfg.Events.admitData(1) {
		return
	}
	s.cfg.Events.Emit(Event{Time: time.Now(), Side: SideServer, Network: s.cfg.Network, Kind: KindRule,
		Local: local, Remote: peer, Rule: a.Rule, Msg: ruleMessage(a)})
}

// ruleMessage says what a rule did, e.g. `rule "PING": reply 7 B after 50ms, then close`.
func ruleMessage(a *RuleAction) string {
	b := make([]byte, 0, 48+len(a.Rule))
	b = append(b, "rule "...)
	b = strconv.AppendQuote(b, a.Rule)
	b = append(b, ": "...)
	switch {
	case len(a.Reply) > 0:
		b = append(b, "reply "...)
		b = strconv.AppendInt(b, int64(len(a.Reply)), 10)
		b = append(b, " B"...)
		if a.Delay > 0 {
			b = append(b, " after "...)
			b = append(b, a.Delay.String()...)
		}
	case a.Drop:
		b = append(b, "drop (no reply)"...)
	default:
		b = append(b, "no reply"...)
	}
	if a.Close {
		b = append(b, ", then close"...)
	}
	if a.Note != "" {
		b = append(append(append(b, " ("...), a.Note...), ')')
	}
	return string(b)
}

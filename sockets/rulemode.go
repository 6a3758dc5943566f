package sockets

import (
	"strconv"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// RuleSet answers what a server in ModeRules receives (see package
// sockets/rules). Peers share it, so it must be safe for concurrent use; each
// peer's state lives in the RulePeer it makes.
type RuleSet interface {
	// NewPeer returns the rule state of one TCP connection or UDP peer address.
	NewPeer(peer string) RulePeer
}

// RulePeer frames one peer's bytes and picks the answer to each frame. It is
// called from one goroutine at a time.
type RulePeer interface {
	// Feed calls act for each frame b completes, in order, until act returns false.
	Feed(b []byte, act func(*RuleAction) bool)
	// Flush handles a held-back partial line as a frame when nothing more can
	// complete it (end of a UDP datagram, or a TCP peer stopped sending).
	Flush(act func(*RuleAction) bool)
}

// RuleAction is what to do about one frame. Its slices are valid only during
// the call to act.
type RuleAction struct {
	Rule  string        // the name of the rule that matched; "" when none did and the default answers
	Reply []byte        // what to send back; nil or empty for nothing
	Delay time.Duration // how long to wait before sending Reply
	Close bool          // end the connection after Reply (TCP); forget the peer (UDP)
	Drop  bool          // the rule answers nothing on purpose
	Note  msg.Message   // anything else worth logging about the frame, e.g. that it is part of a long line
}

// errNoRules is Start's error for ModeRules without a rule set.
var errNoRules error = msg.NewError(codeNoRules)

// errClosedByRule ends a TCP connection whose rule said close.
var errClosedByRule error = msg.NewError(codeClosedByRuleErr)

// maxPendingUDPReplies bounds delayed UDP replies; past it a reply is
// dropped with an error event rather than piling up timers.
const maxPendingUDPReplies = 1024

// ruleFlushSize is how many reply bytes a TCP connection gathers before
// writing, when one read completes many frames.
const ruleFlushSize = 64 * 1024

// SetRules sets the rule set ModeRules answers with; each peer starts afresh
// with it. nil leaves ModeRules answering nothing.
func (s *Server) SetRules(rs RuleSet) {
	s.swapMode(func(st *modeState) { st.rules, st.gen = rs, st.gen+1 })
}

// Rules returns the rule set ModeRules answers with, or nil.
func (s *Server) Rules() RuleSet { return s.ms.Load().rules }

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

// rulePeer is nil outside ModeRules, and new when the rule set changed.
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
	e := Event{Time: time.Now(), Side: SideServer, Network: s.cfg.Network, Kind: KindRule,
		Local: local, Remote: peer, Rule: a.Rule}
	e.say(ruleMessage(a))
	s.cfg.Events.Emit(e)
}

// ruleMessage says what a rule did, e.g. `rule "PING": reply 7 B after 50ms, then close`.
func ruleMessage(a *RuleAction) msg.Message {
	var what msg.Message
	switch {
	case len(a.Reply) > 0 && a.Delay > 0:
		what = msg.New(pick(a.Close, codeRuleReplyAfterClose, codeRuleReplyAfter), "Bytes", len(a.Reply), "Time", a.Delay)
	case len(a.Reply) > 0:
		what = msg.New(pick(a.Close, codeRuleReplyClose, codeRuleReply), "Bytes", len(a.Reply))
	case a.Drop:
		what = msg.New(pick(a.Close, codeRuleDropClose, codeRuleDropNoReply))
	default:
		what = msg.New(pick(a.Close, codeRuleNoReplyClose, codeRuleNoReply))
	}
	rule := strconv.Quote(a.Rule)
	if a.Note.IsZero() {
		return msg.New(codeRuleMatched, "Rule", rule, "What", what)
	}
	return msg.New(codeRuleMatchedNote, "Rule", rule, "What", what, "Note", a.Note)
}

func pick(cond bool, yes, no msg.Code) msg.Code {
	if cond {
		return yes
	}
	return no
}

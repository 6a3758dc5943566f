package rules

import (
	"bytes"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
)

// noteLong marks a piece of a line longer than the limit.
var noteLong = msg.New(codeLongLine)

// peer is one peer's rule state: its partial line and each rule's counter.
type peer struct {
	set      *Set
	addr     string
	buf      []byte   // the line so far, until its end arrives
	counters []uint64 // per rule, and last the default's
	out      []byte   // the reply being built
	act      sockets.RuleAction
}

// Feed cuts b into frames and answers each; see sockets.RulePeer.
func (p *peer) Feed(b []byte, act func(*sockets.RuleAction) bool) {
	if p.set.Frame == FrameRaw {
		p.answer(b, b, msg.Message{}, act)
		return
	}
	max := p.set.MaxLine
	for len(b) > 0 {
		end := bytes.IndexByte(b, '\n')
		content := end
		if end < 0 {
			content = len(b)
		}
		if len(p.buf)+content > max {
			// Too long to keep whole: answer the first max bytes as a
			// frame of their own, and go on with the rest.
			room := max - len(p.buf)
			p.buf = append(p.buf, b[:room]...)
			b = b[room:]
			ok := p.answer(p.buf, p.buf, noteLong, act)
			p.buf = p.buf[:0]
			if !ok {
				return
			}
			continue
		}
		if end < 0 {
			p.buf = append(p.buf, b...)
			return
		}
		line := b[:end+1]
		b = b[end+1:]
		if len(p.buf) > 0 {
			p.buf = append(p.buf, line...)
			line = p.buf
		}
		ok := p.answer(line, trimEnding(line), msg.Message{}, act)
		p.buf = p.buf[:0]
		if !ok {
			return
		}
	}
}

// Flush answers a line whose end never came; see sockets.RulePeer.
func (p *peer) Flush(act func(*sockets.RuleAction) bool) {
	if len(p.buf) == 0 {
		return
	}
	p.answer(p.buf, p.buf, msg.Message{}, act)
	p.buf = p.buf[:0]
}

// trimEnding drops a line's "\n" or "\r\n".
func trimEnding(line []byte) []byte {
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}

// answer finds the first rule that matches text and has act carry it out;
// frame is what came, line ending included, for the default echo. It
// returns act's verdict: false to stop.
func (p *peer) answer(frame, text []byte, note msg.Message, act func(*sockets.RuleAction) bool) bool {
	a := &p.act
	*a = sockets.RuleAction{Note: note}
	for i, r := range p.set.Rules {
		ok, sub := r.match(text)
		if !ok {
			continue
		}
		p.counters[i]++
		a.Rule, a.Delay, a.Close, a.Drop = r.Name, r.Delay, r.Close, r.Drop
		if r.reply != nil {
			p.out = r.reply.append(p.out[:0], p, p.counters[i], text, sub)
			a.Reply = p.out
		}
		return act(a)
	}
	switch p.set.Default {
	case DefaultEcho:
		a.Reply = frame
	case DefaultReply:
		n := len(p.counters) - 1
		p.counters[n]++
		p.out = p.set.defaultReply.append(p.out[:0], p, p.counters[n], text, nil)
		a.Reply = p.out
	default:
		return true
	}
	return act(a)
}

// match reports whether r matches text, and the regex's group offsets when
// its reply needs them.
func (r *Rule) match(text []byte) (bool, []int) {
	switch r.Kind {
	case MatchExact, MatchHex:
		return bytes.Equal(text, r.Pattern), nil
	case MatchPrefix:
		return bytes.HasPrefix(text, r.Pattern), nil
	case MatchContains:
		return bytes.Contains(text, r.Pattern), nil
	}
	if r.reply != nil && r.reply.groups {
		sub := r.Regexp.FindSubmatchIndex(text)
		return sub != nil, sub
	}
	return r.Regexp.Match(text), nil
}

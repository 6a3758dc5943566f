package tmpl

import (
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// Sender makes the bytes of each send from a payload template: every Next
// advances {{counter}} and reads the clock again. It is not safe for
// concurrent use.
type Sender struct {
	parts  []senderPart
	eol    []byte
	count  uint64
	static []byte // the whole payload when there are no placeholders
}

type senderPart struct {
	lit []byte
	v   Value
}

// NewSender parses raw, a payload in the client's text syntax that may
// hold the common placeholders (see Value), with eol added after each send.
// A placeholder that is not one of them is refused, at its offset.
func NewSender(raw string, eol payload.LineEnding) (*Sender, error) {
	t, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	end, err := payload.Parse("", payload.FormatPlain, eol)
	if err != nil {
		return nil, err
	}
	s := &Sender{eol: end}
	if b, ok := t.Static(); ok {
		s.static = append(b, end...)
		return s, nil
	}
	for _, p := range t {
		if p.Name == "" {
			s.parts = append(s.parts, senderPart{lit: p.Lit})
			continue
		}
		v, ok, problem := ParseValue(p.Name)
		if !ok {
			problem = msg.New(codeUnknownSend, "Name", "{{"+p.Name+"}}")
		}
		if !problem.IsZero() {
			return nil, syntaxError(p.Off, "{{"+p.Name+"}}", problem)
		}
		s.parts = append(s.parts, senderPart{v: v})
	}
	return s, nil
}

// Static reports whether every send is the same bytes.
func (s *Sender) Static() bool { return s.static != nil }

// Next returns the next send's bytes, appended to dst.
func (s *Sender) Next(dst []byte) []byte {
	if s.static != nil {
		return append(dst, s.static...)
	}
	s.count++
	return s.fill(dst, s.count)
}

// Peek returns what Next would return now, without advancing the counter:
// for showing the next send before it is made.
func (s *Sender) Peek(dst []byte) []byte {
	if s.static != nil {
		return append(dst, s.static...)
	}
	return s.fill(dst, s.count+1)
}

func (s *Sender) fill(dst []byte, count uint64) []byte {
	now := time.Now()
	for _, p := range s.parts {
		if p.v.kind == 0 {
			dst = append(dst, p.lit...)
		} else {
			dst = p.v.Append(dst, count, now)
		}
	}
	return append(dst, s.eol...)
}

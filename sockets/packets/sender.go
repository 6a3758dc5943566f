package packets

import (
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
	"github.com/sockettester/sockettester/sockets/tmpl"
)

// Sender returns what makes each send of p, made when the send is due: a
// text payload's placeholders ({{counter}}, {{time}}, {{unixtime}},
// {{random:N}}; see package tmpl) filled in anew, each call advancing the
// counter, then the line ending, then the checksum of Append over all of
// it. A payload with no placeholders is the same bytes every time, those of
// Bytes. A panel's button sends through one, once per press or every period.
func (p Packet) Sender() (func() []byte, error) {
	wrap := func(err error) error { return msg.Wrap(err, codePacketErr, "Name", strconv.Quote(p.Name)) }
	if p.Format != payload.FormatText || !strings.Contains(p.Payload, "{{") {
		b, err := p.Bytes()
		if err != nil {
			return nil, err
		}
		return func() []byte { return b }, nil
	}
	s, err := tmpl.NewSender(p.Payload, p.EOL)
	if err != nil {
		return nil, wrap(err)
	}
	var sum *checksum.Spec
	if p.Append != "" {
		sp, err := checksum.Parse(p.Append)
		if err != nil {
			return nil, wrap(err)
		}
		sum = &sp
	}
	return func() []byte {
		b := s.Next(nil)
		if sum != nil {
			b = sum.Append(b)
		}
		return b
	}, nil
}

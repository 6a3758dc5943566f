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
// Bytes.
func (p Packet) Sender() (func() []byte, error) {
	body, sum, err := p.Sends()
	if err != nil || sum == nil {
		return body, err
	}
	return func() []byte { return sum.Append(body()) }, nil
}

// Sends is Sender with the checksum apart: body makes each send's bytes
// without it, and sum is Append's checksum, or nil when p has none. A
// panel's button sends through it (Client.SendEachSum, SendEverySum), so
// each sent event names the bytes the checksum added.
func (p Packet) Sends() (body func() []byte, sum *checksum.Spec, err error) {
	wrap := func(err error) error { return msg.Wrap(err, codePacketErr, "Name", strconv.Quote(p.Name)) }
	if p.Append != "" {
		sp, err := checksum.Parse(p.Append)
		if err != nil {
			return nil, nil, wrap(err)
		}
		sum = &sp
	}
	if p.Format != payload.FormatText || !strings.Contains(p.Payload, "{{") {
		b, err := payload.Parse(p.Payload, p.Format, p.EOL)
		if err != nil {
			return nil, nil, wrap(err)
		}
		return func() []byte { return b }, sum, nil
	}
	s, err := tmpl.NewSender(p.Payload, p.EOL)
	if err != nil {
		return nil, nil, wrap(err)
	}
	return func() []byte { return s.Next(nil) }, sum, nil
}

package main

import (
	"flag"
	"io"
	"strings"

	"github.com/sockettester/sockettester/sockets/checksum"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// sentPacket is the packet send --packets FILE --packet NAME sends.
type sentPacket struct {
	packets.Packet
	bytes []byte
}

// sendPacket is nil without --packet. The packet brings its payload, format
// and line ending, so PAYLOAD, --hex and --eol do not go with it.
func sendPacket(fs *flag.FlagSet, file, name string, rest []string) (*sentPacket, error) {
	filesSet, nameSet := flagWasSet(fs, "packets"), flagWasSet(fs, "packet")
	switch {
	case !filesSet && !nameSet:
		return nil, nil
	case !nameSet:
		return nil, usageErrorf("send", "--packets needs --packet NAME")
	case !filesSet:
		return nil, usageErrorf("send", "--packet needs --packets FILE")
	case len(rest) > 0:
		return nil, usageErrorf("send", "give PAYLOAD or --packet, not both (unexpected %q)", rest[0])
	case flagWasSet(fs, "hex") || flagWasSet(fs, "eol"):
		return nil, usageErrorf("send", "--hex and --eol come from the packet; change them in %s", file)
	}
	lib, err := packets.Load(file)
	if err != nil {
		return nil, &usageError{err: err}
	}
	p, err := lib.Get(name)
	if err != nil {
		return nil, usageErrorf("send", "--packet: %v in %s", err, file)
	}
	b, err := p.Bytes()
	if err != nil {
		return nil, usageErrorf("send", "%v", err)
	}
	if p.Addr != "" && p.Network == "" {
		p.Network = "tcp"
	}
	return &sentPacket{Packet: p, bytes: b}, nil
}

// sends returns how the packet is sent: what makes each send's bytes before
// the checksum (nil when they are the same every time: data), the
// checksum (the packet's append, or --append's when the packet has none),
// and the first send in full. Placeholders ({{counter}}, ...) are filled
// per send, as a panel's button does, and the checksum is recorded on
// each sent event.
func (p *sentPacket) sends(fs *flag.FlagSet, a appendFlag, stderr io.Writer) (next func() []byte, sum *checksum.Spec, data, first []byte, err error) {
	body, sum, err := p.Sends()
	if err != nil {
		return nil, nil, nil, nil, usageErrorf("send", "%v", err)
	}
	if flagWasSet(fs, "append") && sum != nil {
		return nil, nil, nil, nil, usageErrorf("send", "packet %q already appends %s: give no --append, or change its append", p.Name, sum)
	}
	first = body()
	if p.Format == payload.FormatText && strings.Contains(p.Payload, "{{") {
		// A fresh one: making the first send's bytes took its first count.
		next, _, _ = p.Sends()
	} else {
		data = first
	}
	if sum == nil {
		if sum, err = a.apply(fs, first, false, stderr); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if sum != nil {
		first = sum.Append(first)
	}
	return next, sum, data, first, nil
}

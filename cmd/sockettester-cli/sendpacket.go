package main

import (
	"flag"

	"github.com/sockettester/sockettester/sockets/packets"
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

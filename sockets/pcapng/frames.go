package pcapng

import (
	"encoding/binary"
	"net/netip"
)

// IP protocol numbers and TCP flags.
const (
	protoTCP = 6
	protoUDP = 17

	flagFIN = 0x01
	flagSYN = 0x02
	flagPSH = 0x08
	flagACK = 0x10
)

var be = binary.BigEndian

// endpoint is one end of a conversation.
type endpoint struct {
	ip   netip.Addr
	port uint16
}

// segment is one frame to build: a TCP segment or a UDP datagram.
type segment struct {
	proto    byte
	src, dst endpoint
	seq, ack uint32 // TCP only
	flags    byte   // TCP only
	payload  []byte // as captured
	wireLen  int    // the payload's length on the wire, >= len(payload)
	id       uint16 // IPv4 identification
}

// headerLen is the length of the headers before the payload.
func (s *segment) headerLen() int {
	n := 14 + 20 // Ethernet, IPv4
	if s.src.ip.Is6() {
		n = 14 + 40
	}
	if s.proto == protoTCP {
		return n + 20
	}
	return n + 8
}

// build appends the frame (with the payload as captured) to b.
func (s *segment) build(b []byte) []byte {
	v6 := s.src.ip.Is6()
	b = append(b, mac(s.dst.ip)...)
	b = append(b, mac(s.src.ip)...)
	transportLen := 8 + s.wireLen
	if s.proto == protoTCP {
		transportLen = 20 + s.wireLen
	}
	if v6 {
		b = be.AppendUint16(b, 0x86DD)
		b = be.AppendUint32(b, 6<<28)
		b = be.AppendUint16(b, uint16(transportLen))
		b = append(b, s.proto, 64)
		b = append(b, s.src.ip.AsSlice()...)
		b = append(b, s.dst.ip.AsSlice()...)
	} else {
		b = be.AppendUint16(b, 0x0800)
		ip := len(b)
		b = append(b, 0x45, 0)
		b = be.AppendUint16(b, uint16(20+transportLen))
		b = be.AppendUint16(b, s.id)
		b = be.AppendUint16(b, 0x4000) // don't fragment
		b = append(b, 64, s.proto, 0, 0)
		b = append(b, s.src.ip.AsSlice()...)
		b = append(b, s.dst.ip.AsSlice()...)
		be.PutUint16(b[ip+10:], ^fold(sum(0, b[ip:ip+20])))
	}
	t := len(b)
	b = be.AppendUint16(b, s.src.port)
	b = be.AppendUint16(b, s.dst.port)
	csum := t + 6
	if s.proto == protoTCP {
		b = be.AppendUint32(b, s.seq)
		b = be.AppendUint32(b, s.ack)
		b = append(b, 5<<4, s.flags)
		b = be.AppendUint16(b, 65535) // window
		csum = len(b)
		b = append(b, 0, 0, 0, 0) // checksum, urgent pointer
	} else {
		b = be.AppendUint16(b, uint16(transportLen))
		b = append(b, 0, 0)
	}
	b = append(b, s.payload...)
	if len(s.payload) == s.wireLen {
		// A payload not captured whole keeps a zero checksum: the sum
		// of bytes never seen is unknown.
		c := ^fold(s.pseudoSum(transportLen) + sum(0, b[t:]))
		if c == 0 && s.proto == protoUDP {
			c = 0xffff
		}
		be.PutUint16(b[csum:], c)
	}
	return b
}

// pseudoSum is the sum of the IPv4 or IPv6 pseudo-header.
func (s *segment) pseudoSum(length int) uint32 {
	var p []byte
	p = append(p, s.src.ip.AsSlice()...)
	p = append(p, s.dst.ip.AsSlice()...)
	if s.src.ip.Is6() {
		p = be.AppendUint32(p, uint32(length))
		p = append(p, 0, 0, 0, s.proto)
	} else {
		p = append(p, 0, s.proto)
		p = be.AppendUint16(p, uint16(length))
	}
	return sum(0, p)
}

// sum adds b as big-endian 16-bit words to acc.
func sum(acc uint32, b []byte) uint32 {
	for len(b) >= 2 {
		acc += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		acc += uint32(b[0]) << 8
	}
	return acc
}

// fold folds a 32-bit sum into 16 bits, ones' complement.
func fold(acc uint32) uint16 {
	for acc > 0xffff {
		acc = acc>>16 + acc&0xffff
	}
	return uint16(acc)
}

// mac makes a locally administered Ethernet address from an IP address,
// so each host of a conversation has its own.
func mac(ip netip.Addr) []byte {
	a := ip.AsSlice()
	return append([]byte{0x02, 0x00}, a[len(a)-4:]...)
}

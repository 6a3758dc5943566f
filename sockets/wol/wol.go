// Package wol builds Wake-on-LAN magic packets: six 0xFF bytes, then the
// target's MAC address sixteen times, 102 bytes in all, sent as one UDP
// datagram to a broadcast address, port 9 (or 7).
package wol

import (
	"bytes"
	"net"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Port is the usual Wake-on-LAN port (discard); some devices listen on 7.
const Port = 9

// Size is a magic packet's length.
const Size = 6 + 16*6

// Codes of the package's messages.
const (
	codeBadMAC msg.Code = "wolBadMAC"
	codeNoIPv4 msg.Code = "wolNoIPv4"
)

var _ = msg.Define(map[msg.Code]string{
	codeBadMAC: "{MAC} is not a MAC address; write six hex pairs, e.g. aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff",
	codeNoIPv4: "interface {Name} has no IPv4 network to broadcast on; give another --iface, or none for 255.255.255.255",
})

// ParseMAC reads a 48-bit MAC address written aa:bb:cc:dd:ee:ff,
// aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff (any case).
func ParseMAC(s string) ([6]byte, error) {
	var mac [6]byte
	t := strings.TrimSpace(s)
	var hex string
	switch {
	case len(t) == 17 && (sepEvery(t, 3, ':') || sepEvery(t, 3, '-')):
		hex = strings.NewReplacer(":", "", "-", "").Replace(t)
	case len(t) == 14 && sepEvery(t, 5, '.'):
		hex = strings.ReplaceAll(t, ".", "")
	case len(t) == 12:
		hex = t
	}
	if len(hex) != 12 {
		return mac, msg.NewError(codeBadMAC, "MAC", strconv.Quote(s))
	}
	for i := range mac {
		b, err := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		if err != nil {
			return mac, msg.NewError(codeBadMAC, "MAC", strconv.Quote(s))
		}
		mac[i] = byte(b)
	}
	return mac, nil
}

// sepEvery reports whether s has sep at every step-th place (step-1,
// 2*step-1, ...) and nowhere else.
func sepEvery(s string, step int, sep byte) bool {
	for i := 0; i < len(s); i++ {
		if (i%step == step-1) != (s[i] == sep) {
			return false
		}
	}
	return true
}

// MagicPacket returns the 102-byte magic packet that wakes mac.
func MagicPacket(mac string) ([]byte, error) {
	m, err := ParseMAC(mac)
	if err != nil {
		return nil, err
	}
	p := bytes.Repeat([]byte{0xff}, 6)
	for range 16 {
		p = append(p, m[:]...)
	}
	return p, nil
}

// Target is where a magic packet goes: the directed broadcast of the
// interface named iface (its first IPv4 network), or 255.255.255.255 when
// iface is "", with port.
func Target(iface string, port int) (string, error) {
	if iface == "" {
		return net.JoinHostPort("255.255.255.255", strconv.Itoa(port)), nil
	}
	ifi, err := sockets.InterfaceByName(iface)
	if err != nil {
		return "", err
	}
	addrs, err := ifi.Addrs()
	if err != nil {
		return "", err
	}
	for _, a := range addrs {
		if b, ok := sockets.DirectedBroadcast(a); ok {
			return net.JoinHostPort(b.String(), strconv.Itoa(port)), nil
		}
	}
	return "", msg.NewError(codeNoIPv4, "Name", ifi.Name)
}

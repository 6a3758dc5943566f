package addr

import (
	"net"
	"net/netip"
)

// Largest UDP payloads: 65,535 bytes of IP packet less the headers (20 B
// of IPv4 and 8 B of UDP; IPv6's 40 B header is not counted in its payload
// length, so only UDP's 8 B come off).
const (
	maxUDPPayloadIPv4 = 65507
	MaxUDPPayloadIPv6 = 65527
)

// MaxUDPPayload returns the largest datagram payload to a (host:port or
// a bare IP): 65,527 bytes for an IPv6 address, 65,507 otherwise (IPv4, or
// a name not yet resolved).
func MaxUDPPayload(a string) int {
	if IPFamily(a) == "IPv6" {
		return MaxUDPPayloadIPv6
	}
	return maxUDPPayloadIPv4
}

// IPFamily returns "IPv6" for an IPv6 address (host:port or bare) that is
// not an IPv4 one in disguise, and "IPv4" otherwise.
func IPFamily(hostPort string) string {
	host := hostPort
	if h, _, err := net.SplitHostPort(hostPort); err == nil {
		host = h
	}
	if ip, err := netip.ParseAddr(StripZone(host)); err == nil && ip.Is6() && !ip.Is4In6() {
		return "IPv6"
	}
	return "IPv4"
}

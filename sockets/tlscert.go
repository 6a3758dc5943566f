package sockets

import (
	"net"
	"net/netip"
	"slices"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// generatedNames are the SANs of a generated certificate for a server
// bound to bind: localhost, 127.0.0.1 and ::1, the bind address when it is
// a specific IP, and the configured server name.
func generatedNames(bind, serverName string) []string {
	names := []string{"localhost", "127.0.0.1", "::1"}
	if ip := specificIP(bind); ip.IsValid() && !slices.Contains(names, ip.String()) {
		names = append(names, ip.String())
	}
	if serverName != "" && !slices.Contains(names, serverName) {
		names = append(names, serverName)
	}
	return names
}

// checkName returns the names a loaded certificate must cover one of: the
// configured server name; else, for a specific bind IP, that IP (or
// localhost, for a loopback IP); else none.
func checkName(bind, serverName string) []string {
	if serverName != "" {
		return []string{serverName}
	}
	ip := specificIP(bind)
	switch {
	case !ip.IsValid():
		return nil
	case ip.IsLoopback():
		return []string{ip.String(), "localhost"}
	}
	return []string{ip.String()}
}

// specificIP returns the host of host:port when it is an IP address other
// than "every interface".
func specificIP(hostport string) netip.Addr {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return netip.Addr{}
	}
	ip, err := netip.ParseAddr(addr.StripZone(host))
	if err != nil || ip.IsUnspecified() {
		return netip.Addr{}
	}
	return ip.Unmap()
}

// errNoTLSOverUDP is the error for TLS asked of a UDP server or client.
var errNoTLSOverUDP error = msg.NewError(codeTLSNeedsTCP, "Hint", msg.New(codeNoDTLS))

package sockets

import (
	"net"
	"net/netip"
	"slices"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// generatedNames are localhost, 127.0.0.1, ::1, a specific bind IP and the
// server name.
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

// checkName is the server name; else a specific bind IP (or localhost for
// loopback); else none.
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

// specificIP is host's IP unless it means "every interface".
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

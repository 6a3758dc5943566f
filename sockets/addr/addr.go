// Package addr checks the addresses and ports a person types, with errors a
// user can act on. It imports nothing of the engine.
package addr

import (
	"errors"
	"net"
	"strconv"
	"strings"
	"unicode"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Loopback is the host a bare port means: "9000" is 127.0.0.1:9000, never
// every interface.
const Loopback = "127.0.0.1"

// Networks returns "tcp" and "udp", the transports configs take ("tcp4",
// "udp6" and the like also work).
func Networks() []string { return []string{"tcp", "udp"} }

// IsTCP reports whether network is "tcp", "tcp4" or "tcp6".
func IsTCP(network string) bool { return strings.HasPrefix(network, "tcp") }

// IsUDP reports whether network is "udp", "udp4" or "udp6".
func IsUDP(network string) bool { return strings.HasPrefix(network, "udp") }

// Codes of the mistakes in an address, port or host. A quoted argument
// carries its quotes.
const (
	codePortEmptyListen msg.Code = "portEmptyListen"
	codePortEmptyDial   msg.Code = "portEmptyDial"
	codePortInvalid     msg.Code = "portInvalid"
	codePortInvalidIn   msg.Code = "portInvalidIn"
	codePortZero        msg.Code = "portZero"
	codePortZeroIn      msg.Code = "portZeroIn"
	codePortInHost      msg.Code = "portInHost"
	codeHostEmpty       msg.Code = "hostEmpty"
	codeHostSpaces      msg.Code = "hostSpaces"
	codeHostInvalid     msg.Code = "hostInvalid"
	codeHostIPv6        msg.Code = "hostIPv6"
	codeBindEmpty       msg.Code = "bindEmpty"
	codeBindInvalid     msg.Code = "bindInvalid"
	codeAddrMissing     msg.Code = "addrMissing"
	codeAddrInvalid     msg.Code = "addrInvalid"
	codeAddrURL         msg.Code = "addrURL"
	codeAddrNoPort      msg.Code = "addrNoPort"
	codeAddrNoPortAfter msg.Code = "addrNoPortAfter"
	codeAddrBrackets    msg.Code = "addrBrackets"
	codeAddrSplit       msg.Code = "addrSplit"
)

var _ = msg.Define(map[msg.Code]string{
	codePortEmptyListen: "enter a port number (0 picks a free one)",
	codePortEmptyDial:   "enter the server's port number (1-65535)",
	codePortInvalid:     "invalid port {Port} (want a number from {Min} to 65535)",
	codePortInvalidIn:   "invalid port {Port} in {In} (want a number from {Min} to 65535)",
	codePortZero:        "port 0 cannot be connected to (want a number from 1 to 65535)",
	codePortZeroIn:      "port 0 in {In} cannot be connected to (want a number from 1 to 65535)",
	codePortInHost:      "type the port in the Port field, not after the host",
	codeHostEmpty:       "enter a host name or IP address, e.g. 127.0.0.1",
	codeHostSpaces:      "a host name cannot contain spaces",
	codeHostInvalid:     "{Host} is not a host name or IP address",
	codeHostIPv6:        "{Host} is not a valid IPv6 address",
	codeBindEmpty:       "enter an address to listen on, e.g. 127.0.0.1",
	codeBindInvalid:     "{Addr} is not an IP address to listen on (e.g. 127.0.0.1, ::1 or 0.0.0.0)",
	codeAddrMissing:     "missing address (want host:port, e.g. 127.0.0.1:9000)",
	codeAddrInvalid:     "invalid address {Addr}: {Why}",
	codeAddrURL:         "write host:port, not a URL (e.g. 127.0.0.1:9000)",
	codeAddrNoPort:      "missing port (want host:port, e.g. 127.0.0.1:9000)",
	codeAddrNoPortAfter: "missing port after the colon (want host:port, e.g. 127.0.0.1:9000)",
	codeAddrBrackets:    "write IPv6 addresses in brackets, e.g. [::1]:9000",
	codeAddrSplit:       "{Why} (want host:port, e.g. 127.0.0.1:9000)",
})

func invalidAddr(s string, why msg.Message) error {
	return msg.NewError(codeAddrInvalid, "Addr", strconv.Quote(s), "Why", why)
}

// ParseListen checks an address to listen on and returns it as host:port. It
// accepts "host:port", "[v6]:port", ":port" (every interface) and a bare "port"
// (127.0.0.1 only); port 0 picks a free one.
func ParseListen(s string) (string, error) { return parseAddr(s, true) }

// ParseDial checks an address to connect to, as ParseListen, with a port of 1
// to 65535; ":port" means 127.0.0.1.
func ParseDial(s string) (string, error) { return parseAddr(s, false) }

// ParseListenPort reads a server port typed on its own: 0 (a free one) to 65535.
func ParseListenPort(s string) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, msg.NewError(codePortEmptyListen)
	}
	return checkPort(strings.TrimSpace(s), true, "")
}

// ParseDialPort reads a port typed on its own for a client: 1 to 65535.
func ParseDialPort(s string) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, msg.NewError(codePortEmptyDial)
	}
	return checkPort(strings.TrimSpace(s), false, "")
}

// ParseHost checks a host typed beside a separate port field: a name, IPv4 or
// IPv6 with or without brackets. It returns the host without brackets.
func ParseHost(s string) (string, error) {
	t := strings.TrimSpace(s)
	if h, port, err := net.SplitHostPort(t); err == nil && isDigits(port) && checkHost(h) == nil && h != "" {
		return "", msg.NewError(codePortInHost)
	}
	h := t
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		h = strings.TrimSpace(h[1 : len(h)-1])
	}
	if err := checkHost(h); err != nil {
		return "", err
	}
	return h, nil
}

// ParseListenIP checks the address a server binds to: an IP address or
// "localhost" (127.0.0.1). A host name is refused: which interfaces it exposes
// would depend on what it resolves to.
func ParseListenIP(s string) (string, error) {
	h := strings.TrimSpace(s)
	switch {
	case h == "":
		return "", msg.NewError(codeBindEmpty)
	case strings.EqualFold(h, "localhost"):
		return Loopback, nil
	}
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		h = h[1 : len(h)-1]
	}
	// A zone ("%eth0") belongs to an IPv6 address and is not empty.
	if net.ParseIP(StripZone(h)) == nil || strings.Contains(h, "%") && checkHost(h) != nil {
		return "", msg.NewError(codeBindInvalid, "Addr", strconv.Quote(strings.TrimSpace(s)))
	}
	return h, nil
}

// Exposed reports whether a server bound to host can be reached from other
// machines. A name other than localhost counts, since it may resolve to anything.
func Exposed(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return false
	}
	ip := net.ParseIP(StripZone(host))
	return ip == nil || !ip.IsLoopback()
}

// LocalHost is the host a local client uses to reach a server bound to host:
// wildcards become the loopback address of the same family.
func LocalHost(host string) string {
	ip := net.ParseIP(StripZone(host))
	switch {
	case host == "" || ip != nil && ip.Equal(net.IPv4zero):
		return Loopback
	case ip != nil && ip.Equal(net.IPv6unspecified):
		return "::1"
	}
	return host
}

// parseAddr: listen allows port 0 and keeps an empty host.
func parseAddr(s string, listen bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", msg.NewError(codeAddrMissing)
	}
	if strings.Contains(s, "://") {
		return "", invalidAddr(s, msg.New(codeAddrURL))
	}
	if !strings.Contains(s, ":") {
		if !isDigits(s) {
			return "", invalidAddr(s, msg.New(codeAddrNoPort))
		}
		if _, err := checkPort(s, listen, ""); err != nil {
			return "", err
		}
		return net.JoinHostPort(Loopback, s), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		if looksIPv6(s) {
			return "", invalidAddr(s, msg.New(codeAddrBrackets))
		}
		why := err.Error()
		var ae *net.AddrError
		if errors.As(err, &ae) {
			why = ae.Err
		}
		return "", invalidAddr(s, msg.New(codeAddrSplit, "Why", why))
	}
	if port == "" {
		return "", invalidAddr(s, msg.New(codeAddrNoPortAfter))
	}
	if _, err := checkPort(port, listen, s); err != nil {
		return "", err
	}
	switch {
	case host == "" && !listen:
		host = Loopback
	case host != "":
		if err := checkHost(host); err != nil {
			return "", &msg.Error{Message: msg.New(codeAddrInvalid, "Addr", strconv.Quote(s), "Why", msg.Reason(err)), Err: err}
		}
	}
	return net.JoinHostPort(host, port), nil
}

// portError: min is 0 to listen, 1 to connect; in is the whole address.
func portError(port string, min int, in string) error {
	zero := min == 1 && port != "" && strings.Trim(port, "0") == ""
	switch {
	case zero && in != "":
		return msg.NewError(codePortZeroIn, "In", strconv.Quote(in))
	case zero:
		return msg.NewError(codePortZero)
	case in != "":
		return msg.NewError(codePortInvalidIn, "Port", strconv.Quote(port), "In", strconv.Quote(in), "Min", min)
	}
	return msg.NewError(codePortInvalid, "Port", strconv.Quote(port), "Min", min)
}

// checkPort refuses signs, spaces and service names ("http").
func checkPort(s string, listen bool, in string) (int, error) {
	min := 1
	if listen {
		min = 0
	}
	if !isDigits(s) || len(s) > 5 {
		return 0, portError(s, min, in)
	}
	n, _ := strconv.Atoi(s)
	if n < min || n > 65535 {
		return 0, portError(s, min, in)
	}
	return n, nil
}

func checkHost(h string) error {
	switch {
	case h == "":
		return msg.NewError(codeHostEmpty)
	case strings.IndexFunc(h, unicode.IsSpace) >= 0:
		return msg.NewError(codeHostSpaces)
	case len(h) > 253 || strings.IndexFunc(h, notHostRune) >= 0:
		return msg.NewError(codeHostInvalid, "Host", strconv.Quote(h))
	case strings.Contains(h, ":") || strings.Contains(h, "%"):
		ip, zone, hasZone := strings.Cut(h, "%")
		if net.ParseIP(ip) == nil || strings.Contains(ip, ".") && !strings.Contains(ip, ":") ||
			hasZone && (zone == "" || strings.ContainsAny(zone, ":%")) {
			return msg.NewError(codeHostIPv6, "Host", strconv.Quote(h))
		}
	}
	return nil
}

func notHostRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-._:%", r)
}

// looksIPv6 reports an IPv6 address, maybe with ":port", without brackets.
func looksIPv6(s string) bool {
	if strings.ContainsAny(s, "[]") || strings.Count(s, ":") < 2 {
		return false
	}
	i := strings.LastIndexByte(s, ':')
	return net.ParseIP(StripZone(s)) != nil || net.ParseIP(StripZone(s[:i])) != nil
}

// StripZone removes an IPv6 zone such as "%eth0".
func StripZone(h string) string {
	if i := strings.IndexByte(h, '%'); i >= 0 {
		return h[:i]
	}
	return h
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

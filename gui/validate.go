package gui

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sockettester/sockettester/sockets"
)

// Choice labels shared by the panes. They double as preference values.
const (
	protoTCP = "TCP"
	protoUDP = "UDP"

	formatText = "Text"
	formatHex  = "Hex"

	eolNone = "None"
	eolLF   = "LF"
	eolCRLF = "CRLF"
)

var (
	protocolOptions   = []string{protoTCP, protoUDP}
	formatOptions     = []string{formatText, formatHex}
	lineEndingOptions = []string{eolNone, eolLF, eolCRLF}
)

// network returns the engine network name for a protocol label.
func network(proto string) string {
	if proto == protoUDP {
		return "udp"
	}
	return "tcp"
}

// payloadFormat returns the engine format for a format label.
func payloadFormat(label string) sockets.Format {
	if label == formatHex {
		return sockets.FormatHex
	}
	return sockets.FormatText
}

// lineEnding returns the engine line ending for a line ending label.
func lineEnding(label string) sockets.LineEnding {
	switch label {
	case eolLF:
		return sockets.EOLLF
	case eolCRLF:
		return sockets.EOLCRLF
	}
	return sockets.EOLNone
}

// oneOf returns s if it is one of options, else def. It keeps a stale or
// hand-edited preference from selecting nothing.
func oneOf(s string, options []string, def string) string {
	for _, o := range options {
		if s == o {
			return s
		}
	}
	return def
}

// parsePort reads a port number. A server may use 0 ("pick a free port");
// a client may not.
func parsePort(s string, server bool) (int, error) {
	s = strings.TrimSpace(s)
	lo := 1
	if server {
		lo = 0
	}
	if s == "" {
		if server {
			return 0, errors.New("enter a port number (0 picks a free one)")
		}
		return 0, errors.New("enter the server's port number (1-65535)")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		for _, r := range s {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("port must be a number, not %q", s)
			}
		}
		// Only digits, yet Atoi failed: far too large.
		return 0, fmt.Errorf("port must be between %d and 65535", lo)
	}
	if n == 0 && !server {
		return 0, errors.New("port 0 cannot be connected to: enter the server's port (1-65535)")
	}
	if n < lo || n > 65535 {
		return 0, fmt.Errorf("port must be between %d and 65535", lo)
	}
	return n, nil
}

// parseHost checks a host name or IP address for the client and returns it
// without IPv6 brackets.
func parseHost(s string) (string, error) {
	h := strings.TrimSpace(s)
	if h == "" {
		return "", errors.New("enter a host name or IP address, e.g. 127.0.0.1")
	}
	if len(h) >= 2 && strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = strings.TrimSpace(h[1 : len(h)-1])
		if h == "" {
			return "", errors.New("enter a host name or IP address, e.g. 127.0.0.1")
		}
	}
	if strings.IndexFunc(h, unicode.IsSpace) >= 0 {
		return "", errors.New("a host name cannot contain spaces")
	}
	if strings.Contains(h, ":") && net.ParseIP(stripZone(h)) == nil {
		if _, port, err := net.SplitHostPort(strings.TrimSpace(s)); err == nil && port != "" && strings.Trim(port, "0123456789") == "" {
			return "", errors.New("type the port in the Port field, not after the host")
		}
	}
	if strings.ContainsAny(h, "/\\?#@,;\"'<>|*[]") {
		return "", fmt.Errorf("%q is not a host name or IP address", h)
	}
	if strings.Contains(h, ":") && net.ParseIP(stripZone(h)) == nil {
		return "", fmt.Errorf("%q is not a valid IPv6 address", h)
	}
	return h, nil
}

// stripZone removes an IPv6 zone such as "%eth0".
func stripZone(h string) string {
	if i := strings.IndexByte(h, '%'); i >= 0 {
		return h[:i]
	}
	return h
}

// Bind chooser choices.
const (
	bindLoopback = "This computer only (127.0.0.1)"
	bindAllIPv4  = "All IPv4 interfaces (0.0.0.0)"
	bindAllIPv6  = "All IPv6 (::)"
)

var bindOptions = []string{bindLoopback, bindAllIPv4, bindAllIPv6}

// parseBind turns the bind chooser's text (a choice or a typed address) into
// an IP address to listen on.
func parseBind(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch s {
	case bindLoopback:
		return "127.0.0.1", nil
	case bindAllIPv4:
		return "0.0.0.0", nil
	case bindAllIPv6:
		return "::", nil
	case "":
		return "", errors.New("choose an address to listen on, e.g. 127.0.0.1")
	case "localhost":
		return "127.0.0.1", nil
	}
	h := strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if net.ParseIP(stripZone(h)) == nil {
		return "", fmt.Errorf("%q is not an IP address: choose from the list or type one, e.g. 127.0.0.1", s)
	}
	return h, nil
}

// exposedBind reports whether listening on addr lets other machines connect.
func exposedBind(addr string) bool {
	ip := net.ParseIP(stripZone(addr))
	return ip != nil && !ip.IsLoopback()
}

// connectableHost is the address a local client uses to reach a server bound
// to host: the wildcard addresses become the matching loopback address.
func connectableHost(host string) string {
	ip := net.ParseIP(stripZone(host))
	switch {
	case ip == nil:
		return host
	case ip.Equal(net.IPv4zero):
		return "127.0.0.1"
	case ip.Equal(net.IPv6unspecified):
		return "::1"
	}
	return host
}

// parseTimeout reads a connect timeout: a Go duration ("5s", "1500ms") or a
// plain number of seconds ("5").
func parseTimeout(s string) (time.Duration, error) {
	d, err := parseDuration(s, "timeout")
	if err != nil {
		return 0, err
	}
	if d <= 0 || d > 10*time.Minute {
		return 0, errors.New("timeout must be more than 0 and at most 10m")
	}
	return d, nil
}

// parseInterval reads the pause between repeated sends.
func parseInterval(s string) (time.Duration, error) {
	d, err := parseDuration(s, "interval")
	if err != nil {
		return 0, err
	}
	if d < time.Millisecond || d > time.Hour {
		return 0, errors.New("interval must be between 1ms and 1h")
	}
	return d, nil
}

func parseDuration(s, what string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("enter a %s, e.g. 5s or 500ms", what)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f > float64(time.Hour*24/time.Second) {
			return 0, fmt.Errorf("%s %q is too long", what, s)
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s must be a duration like 5s or 500ms, not %q", what, s)
	}
	return d, nil
}

// maxRepeat bounds the repeat count.
const maxRepeat = 1000000

// parseRepeat reads how many times to send.
func parseRepeat(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("enter how many times to send (1 or more)")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxRepeat {
		return 0, fmt.Errorf("repeat must be a whole number from 1 to %d", maxRepeat)
	}
	return n, nil
}

// parsePayload parses typed payload text. Errors name the format and the
// position, e.g. `hex: invalid hex digit "g" at position 5`.
func parsePayload(s, format, eol string) ([]byte, error) {
	b, err := sockets.ParsePayload(s, payloadFormat(format), lineEnding(eol))
	if err != nil {
		if format == formatHex {
			return nil, fmt.Errorf("hex: %w", err)
		}
		return nil, fmt.Errorf("text: %w", err)
	}
	return b, nil
}

// hintText renders a validation error for a hint label: first letter upper
// case, nothing for nil.
func hintText(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// loopback is the host a bare port means: "9000" is 127.0.0.1:9000, never
// every interface.
const loopback = "127.0.0.1"

// listenAddr checks an address to serve on and returns it in host:port form.
// It accepts "host:port", "[v6]:port", ":port" (every interface, the user's
// explicit choice) and a bare "port" (loopback); the port is 0-65535, where 0
// means "pick a free one".
func listenAddr(s string) (string, error) { return checkAddr(s, 0) }

// dialAddr checks an address to connect to, in the same forms as listenAddr
// but with a port of 1-65535.
func dialAddr(s string) (string, error) { return checkAddr(s, 1) }

// checkAddr validates s with ports from minPort to 65535 and returns it as
// host:port, mapping a bare port to loopback.
func checkAddr(s string, minPort int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("missing address (want host:port, e.g. 127.0.0.1:9000)")
	}
	if !strings.Contains(s, ":") {
		if strings.Trim(s, "0123456789") != "" {
			return "", fmt.Errorf("invalid address %q: missing port (want host:port, e.g. 127.0.0.1:9000)", s)
		}
		if _, err := checkPort(s, s, minPort); err != nil {
			return "", err
		}
		return net.JoinHostPort(loopback, s), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		if !strings.Contains(s, "[") && strings.Count(s, ":") > 1 {
			return "", fmt.Errorf("invalid address %q: write IPv6 addresses in brackets, e.g. [::1]:9000", s)
		}
		why := err.Error()
		var ae *net.AddrError
		if errors.As(err, &ae) {
			why = ae.Err
		}
		return "", fmt.Errorf("invalid address %q: %s (want host:port, e.g. 127.0.0.1:9000)", s, why)
	}
	if strings.ContainsAny(host, " \t") {
		return "", fmt.Errorf("invalid address %q: the host contains a space", s)
	}
	if _, err := checkPort(port, s, minPort); err != nil {
		return "", err
	}
	return net.JoinHostPort(host, port), nil
}

// checkPort reads a decimal port between minPort and 65535.
func checkPort(port, addr string, minPort int) (int, error) {
	bad := func() (int, error) {
		return 0, fmt.Errorf("invalid port %q in %q (want a number from %d to 65535)", port, addr, minPort)
	}
	if port == "" || len(port) > 5 {
		return bad()
	}
	for _, c := range port {
		if c < '0' || c > '9' {
			return bad()
		}
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < minPort || n > 65535 {
		return bad()
	}
	return n, nil
}

package addr

import (
	"net"
	"strconv"
	"strings"
)

// ParseLocal checks the local address and port a client binds to,
// typed in two fields as the app's Advanced section has them, and returns
// ClientConfig.LocalAddr: "" when both are empty (the system chooses). The
// host is an IP address (IPv6 with or without brackets) or "localhost";
// empty means any address. The port is 0 to 65535; empty or 0 lets the
// system choose. Errors are those of ParseListenIP and ParseListenPort.
func ParseLocal(host, port string) (string, error) {
	host, port = strings.TrimSpace(host), strings.TrimSpace(port)
	if host == "" && port == "" {
		return "", nil
	}
	if host != "" {
		var err error
		if host, err = ParseListenIP(host); err != nil {
			return "", err
		}
	}
	p := 0
	if port != "" {
		var err error
		if p, err = ParseListenPort(port); err != nil {
			return "", err
		}
	}
	return net.JoinHostPort(host, strconv.Itoa(p)), nil
}

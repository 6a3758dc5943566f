package addr

import (
	"net"
	"strings"
)

// Reaches reports whether dialling target ("host:port") reaches a server
// listening on listen: the same port, and the same host, or a wildcard
// listen address (empty host, 0.0.0.0, ::) for any address or localhost, or
// "localhost" for a loopback one. Names other than localhost are not looked
// up, so it never blocks. A socket path reaches the same path.
func Reaches(listen, target string) bool {
	if listen != "" && listen == target {
		return true
	}
	lh, lp, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	th, tp, err := net.SplitHostPort(target)
	if err != nil || lp != tp {
		return false
	}
	if lh == th {
		return true
	}
	localhost := strings.EqualFold(th, "localhost")
	lip, tip := net.ParseIP(lh), net.ParseIP(th)
	switch {
	case lh == "" || lip != nil && lip.IsUnspecified():
		return tip != nil || localhost
	case lip == nil:
		return false
	case tip == nil:
		return localhost && lip.IsLoopback()
	}
	return lip.Equal(tip)
}

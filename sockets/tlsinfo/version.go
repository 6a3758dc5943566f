package tlsinfo

import (
	"crypto/tls"
	"strconv"
	"strings"

	"github.com/sockettester/sockettester/sockets/msg"
)

var tlsVersionEnum = map[string]uint16{
	"1.0": tls.VersionTLS10, "1.1": tls.VersionTLS11, "1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13,
}

// ParseVersion reads a protocol version as people write it: "1.2",
// "1.3", "TLS 1.3", "tls1.3" (and the older "1.0", "1.1").
func ParseVersion(s string) (uint16, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.TrimSpace(strings.TrimPrefix(k, "tls"))
	if v, ok := tlsVersionEnum[k]; ok {
		return v, nil
	}
	return 0, msg.NewError(codeTLSVersionUnknown, "Version", strconv.Quote(s))
}

package scenario

import (
	"github.com/sockettester/sockettester/sockets"
)

// clientTLS applies a scenario's tls: settings (nil: verify against the
// system's roots) to the client's config, as the TLS client takes them.
func clientTLS(cfg *sockets.ClientConfig, t *TLS) error {
	ct := &sockets.ClientTLS{}
	if t != nil {
		ct = &sockets.ClientTLS{Insecure: t.Insecure, ServerName: t.SNI, CAFile: t.CA, ALPN: t.ALPN,
			CertFile: t.Cert, KeyFile: t.Key}
	}
	cfg.TLS = ct
	return nil
}

// halfClose ends the sending direction of c; what the server sends back
// still arrives.
func halfClose(c conn) error { return c.(*sockets.Client).CloseWrite() }

package sockets

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// startTLS swaps c.conn for a TLS connection. On failure it closes it,
// reports the error event and returns it (a *tlsinfo.Error unless the
// settings themselves were wrong).
func (c *Client) startTLS(ctx context.Context, deadline time.Time) error {
	hctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	tc, info, req, err := clientHandshake(hctx, c.conn, c.cfg.TLS, c.cfg.Addr, c.cfg.Timeout)
	if err != nil {
		c.conn.Close()
		c.emit(handshakeEvent(SideClient, c.local, c.remote, err))
		return err
	}
	c.conn, c.tls, c.certReq = tc, info, req
	return nil
}

// TLS returns what the TLS handshake settled (version, cipher, ALPN, the
// server's chain and the verification result), or nil for a plain
// connection. The value is shared: do not change it.
func (c *Client) TLS() *tlsinfo.Handshake { return c.tls }

// clientHandshake also returns what the server asked of a client
// certificate: in TLS 1.3 a server refuses a missing one only after the
// handshake, on the first read.
func clientHandshake(ctx context.Context, raw net.Conn, t *ClientTLS, to string, timeout time.Duration) (*tls.Conn, *tlsinfo.Handshake, *tlsinfo.CertRequest, error) {
	host, _, err := net.SplitHostPort(to)
	if err != nil {
		host = to
	}
	cfg, req, err := t.config(addr.StripZone(host))
	if err != nil {
		return nil, nil, nil, err
	}
	fb := &firstBytes{Conn: raw}
	tc := tls.Client(fb, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, nil, nil, req.ExplainRefusal(tlsinfo.Explain(err, to, "server", timeout, time.Now(), fb.kept))
	}
	verified, verify := true, tlsinfo.VerifyOK
	if t.Insecure {
		verified, verify = false, tlsinfo.VerifySkipped
	}
	info := tlsinfo.NewHandshake(tc.ConnectionState(), time.Now(), verified, verify)
	info.ClientCert = req.State()
	return tc, info, req, nil
}

// checkFirstReply reports a TLS alert as the first reply of a plain client:
// the server speaks TLS. The bytes are delivered and counted as usual.
func (c *Client) checkFirstReply(p []byte) {
	if isTLSAlert(p) {
		c.emit(Event{Kind: KindError, Err: &msg.Error{Message: msg.New(codeServerSpeaksTLS, "Addr", c.remote), Err: ErrServerSpeaksTLS}})
	}
}

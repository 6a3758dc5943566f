package sockets

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// startTLS does the client's handshake on c.conn before deadline (or until
// ctx is cancelled) and, on success, swaps the connection for the TLS one.
// On failure it closes the connection, reports the error event and returns
// a *TLSError that says why in plain words.
func (c *Client) startTLS(ctx context.Context, deadline time.Time) error {
	host, _, err := net.SplitHostPort(c.cfg.Addr)
	if err != nil {
		host = c.cfg.Addr
	}
	cfg, err := c.cfg.TLS.config(stripZone(host))
	if err != nil {
		c.conn.Close()
		c.emit(Event{Kind: KindError, Err: err, Msg: "TLS settings"})
		return err
	}
	fb := &firstBytes{Conn: c.conn}
	tc := tls.Client(fb, cfg)
	hctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		te := handshakeFailure(err, c.remote, "server", c.cfg.Timeout, time.Now(), fb.kept)
		c.conn.Close()
		e := Event{Kind: KindError, Err: te, Msg: "TLS handshake failed"}
		if te.Chain != nil {
			e.TLS = &TLSInfo{Verify: te.Text, Chain: te.Chain}
		}
		c.emit(e)
		return te
	}
	verified, verify := true, VerifyOK
	if c.cfg.TLS.Insecure {
		verified, verify = false, VerifySkipped
	}
	c.conn = tc
	c.tls = newTLSInfo(tc.ConnectionState(), time.Now(), verified, verify)
	return nil
}

// TLS returns what the TLS handshake settled (version, cipher, ALPN, the
// server's chain and the verification result), or nil for a plain
// connection. The value is shared: do not change it.
func (c *Client) TLS() *TLSInfo { return c.tls }

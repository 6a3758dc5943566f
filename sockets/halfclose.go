package sockets

import (
	"crypto/tls"
	"fmt"
	"net"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// ErrWriteClosed is returned by a send after CloseWrite.
var ErrWriteClosed error = msg.NewError(codeWriteClosed)

// closeWrite ends the sending direction (TLS: close_notify, then the FIN),
// leaving the receiving one open.
func closeWrite(c net.Conn) error {
	if tc, ok := c.(*tls.Conn); ok {
		if err := tc.CloseWrite(); err != nil {
			return err
		}
		// The alert is the end of stream; a peer quick to answer it by
		// closing may have ended the connection before the FIN.
		return ignoreClosed(closeWrite(tc.NetConn()))
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return fmt.Errorf("a %T cannot half-close", c)
}

// CloseWrite sends end of stream (half-close; over TLS a close_notify first)
// and keeps receiving until the server closes too. Later sends fail with
// ErrWriteClosed; calling it again does nothing. UDP has no stream to end.
func (c *Client) CloseWrite() error {
	if addr.IsDatagram(c.cfg.Network) {
		return msg.NewError(codeEndNeedsTCP)
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if c.writeClosed {
		return nil
	}
	select {
	case <-c.done:
		return msg.Wrap(net.ErrClosed, codeSendEndTo, "Addr", c.remote)
	default:
	}
	c.endSent.Store(true)
	c.conn.SetWriteDeadline(deadlineAfter(c.cfg.Timeout))
	// The event goes first, as a sent event does: the server may answer the end of
	// stream before closeWrite returns, and the log must show cause before effect.
	c.emit(said(Event{Kind: KindHalfClose}, msg.New(codeEndSent)))
	if err := closeWrite(c.conn); err != nil {
		err = msg.Wrap(err, codeSendEndTo, "Addr", c.remote)
		c.emit(Event{Kind: KindError, Err: err})
		return err
	}
	c.writeClosed = true
	return nil
}

// peerEnded reports a peer's end of stream. In echo mode, where everything
// read is already echoed, the server then ends its own direction; other
// modes close at once.
func (t *tcpServer) peerEnded(p *tcpPeer) {
	mode := t.s.ms.Load().mode
	echo := mode == ModeEcho
	m := msg.New(codePeerEnded)
	switch mode {
	case ModeEcho:
		m = msg.New(codePeerEndedEcho)
	case ModeRules:
		m = msg.New(codePeerEndedRule)
	}
	t.s.emit(said(Event{Kind: KindHalfClose, Local: t.local, Remote: p.addr}, m))
	if echo {
		// It fails only when the peer is gone altogether; the close that
		// follows covers that.
		closeWrite(p.conn)
	}
}

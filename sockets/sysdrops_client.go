package sockets

import (
	"net"
	"net/netip"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// udpSocket returns the UDP socket under a UDP client's connection, or nil.
func (c *Client) udpSocket() *net.UDPConn {
	switch conn := c.conn.(type) {
	case *net.UDPConn:
		return conn
	case *targetConn:
		return conn.UDPConn
	}
	return nil
}

// watchDrops sets a UDP client's receive buffer and has the kernel count
// what it drops there; once connected, it says when the count is not
// available.
func (c *Client) watchDrops() error {
	pc := c.udpSocket()
	if pc == nil {
		return nil
	}
	c.drops.total = &c.st.sysDropped
	got, why, err := watchSystemDrops(pc, c.cfg.RcvBuf)
	if err != nil {
		err = msg.Wrap(err, codeConnectTo, "Addr", c.remote)
		c.emit(Event{Kind: KindError, Err: err})
		return err
	}
	if note := rcvBufNote(c.cfg.RcvBuf, got); !note.IsZero() {
		c.emit(said(Event{Kind: KindInfo}, note))
	}
	if why != nil {
		c.emit(said(Event{Kind: KindInfo}, *why))
	}
	c.dropOOB = make([]byte, 64)
	return nil
}

// read reads the next chunk or datagram; a UDP client's comes with the
// kernel's drop count, when it has dropped any.
func (c *Client) read(buf []byte) (int, error) {
	if c.dropOOB == nil {
		return c.conn.Read(buf)
	}
	var n, oobn int
	var err error
	switch conn := c.conn.(type) {
	case *targetConn:
		var ap netip.AddrPort
		n, oobn, _, ap, err = conn.ReadMsgUDPAddrPort(buf, c.dropOOB)
		if err == nil {
			conn.from = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).String()
		}
	case *net.UDPConn:
		n, oobn, _, _, err = conn.ReadMsgUDPAddrPort(buf, c.dropOOB)
	default:
		return c.conn.Read(buf)
	}
	if oobn > 0 {
		if total, report := c.drops.note(c.dropOOB[:oobn], time.Now); report {
			c.emit(dropEvent(c.local, total))
		}
	}
	return n, err
}

// reportLastDrops tells, as the read loop ends, of drops not yet reported.
func (c *Client) reportLastDrops() {
	if c.drops.total == nil {
		return
	}
	if n, ok := c.drops.unreported(); ok {
		c.emit(dropEvent(c.local, n))
	}
}

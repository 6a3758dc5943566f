package sockets

import (
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/replytime"
)

// sendChunk is how much of a TCP send goes under one write deadline, so the
// timeout bounds a send that stalls, not one that is long.
const sendChunk = 64 * 1024

// deadlineAfter returns the time d from now.
func deadlineAfter(d time.Duration) time.Time { return time.Now().Add(d) }

// canSend checks that a datagram fits and the sending side is open. sendMu
// is held.
func (c *Client) canSend(p []byte) error {
	if c.writeClosed {
		return msg.Wrap(ErrWriteClosed, codeSendTo, "Addr", c.remote)
	}
	if limit := addr.MaxUDPPayload(c.remote); addr.IsUDP(c.cfg.Network) && len(p) > limit {
		return msg.NewError(codeDatagramTooBig, "Addr", c.remote, "N", len(p), "Max", limit, "Family", addr.IPFamily(c.remote))
	}
	return nil
}

// write sends one datagram (even empty) or TCP chunks of sendChunk, each
// with its own deadline. sendMu is held.
func (c *Client) write(p []byte) (int, error) {
	if addr.IsDatagram(c.cfg.Network) || IsWS(c.cfg.Network) {
		c.conn.SetWriteDeadline(deadlineAfter(c.cfg.Timeout))
		n, err := c.conn.Write(p)
		if err == nil {
			c.st.out(n)
		}
		return n, err
	}
	// Before the write: a server can read it and reset before Write
	// returns, and the reader then asks whether anything was sent. Set
	// once, not on every send of a stream.
	if !c.wrote.Load() {
		c.firstWrite.Store(time.Now().UnixNano())
		c.wrote.Store(true)
	}
	sent := 0
	for {
		c.conn.SetWriteDeadline(deadlineAfter(c.cfg.Timeout))
		n, err := c.conn.Write(p[sent:min(len(p), sent+sendChunk)])
		if n > 0 {
			c.st.out(n)
		}
		sent += n
		if err != nil || sent == len(p) {
			return sent, err
		}
	}
}

// Replies returns the reply times of this connection so far: sends,
// replies, lost, and min/avg/p50/p99/max (see replytime.Tracker).
func (c *Client) Replies() replytime.Summary { return c.replies.Summary() }

// SummaryEvent returns a KindSummary event with the reply times so far,
// for a log or the end of a run; its message is replytime.Summary.String.
func (c *Client) SummaryEvent() Event {
	s := c.replies.Summary()
	return said(Event{Time: time.Now(), Side: SideClient, Kind: KindSummary, Network: c.cfg.Network,
		Local: c.local, Remote: c.remote, Summary: &s, Name: c.cfg.Name}, s.Message())
}

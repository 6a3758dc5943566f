package sockets

import (
	"errors"
	"net"
	"os"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// ModeChat passes each message (one read, or one datagram) to every other
// client and logs it once, with one event saying how many it reached. A TCP
// client that does not read must not hold up the others: each has a bounded
// queue and a writer goroutine, and is disconnected when the queue fills or a
// write times out.

// Bounds of a TCP client's chat queue: at most chatQueueLen messages and
// chatQueueBytes bytes wait for it.
const (
	chatQueueLen   = 1024
	chatQueueBytes = 4 << 20
)

// chatPrefix is "[127.0.0.1:50412] ", put before a message with ChatPrefix.
func chatPrefix(peer string) string { return "[" + peer + "] " }

// chatMessage copies b (the reader's buffer), prefixed when asked.
func (s *Server) chatMessage(peer string, b []byte) []byte {
	if !s.chatPrefix.Load() {
		return append([]byte(nil), b...)
	}
	pre := chatPrefix(peer)
	msg := make([]byte, 0, len(pre)+len(b))
	return append(append(msg, pre...), b...)
}

// SetChatPrefix turns on or off the sender's address in front of each message
// chat mode passes on ("[127.0.0.1:50412] hi"), at once.
func (s *Server) SetChatPrefix(on bool) { s.chatPrefix.Store(on) }

// chatPassed reports that a message from peer went to n others.
func (s *Server) chatPassed(local, peer string, n int) {
	if !s.cfg.Events.admitData(1) {
		return
	}
	s.cfg.Events.Emit(said(Event{Time: time.Now(), Side: SideServer, Network: s.cfg.Network, Kind: KindInfo,
		Local: local, Remote: peer}, msg.New(codeChatPassed, "N", n)))
}

// chatQueue is what waits to be written to one TCP client in chat mode.
type chatQueue struct {
	ch    chan chatItem // messages waiting; its capacity bounds their number
	bytes int64         // bytes waiting, under the peer's chatMu
	busy  bool          // the writer holds a batch it has not finished writing; under chatMu
	gone  chan struct{} // closed when the peer's connection ends
}

// chatItem is a message, or the rest of one a direct write began.
type chatItem struct {
	b    []byte
	rest bool
}

func (t *tcpServer) chat(p *tcpPeer, b []byte) {
	line := t.s.chatMessage(p.addr, b)
	t.mu.Lock()
	others := make([]*tcpPeer, 0, len(t.conns))
	for _, q := range t.conns {
		if q != p {
			others = append(others, q)
		}
	}
	t.mu.Unlock()
	n := 0
	for _, q := range others {
		if t.chatTo(q, line) {
			n++
		}
	}
	t.s.chatPassed(t.local, p.addr, n)
}

// chatTo writes line to q at once when nothing waits and the socket has
// room (no goroutine wakes then), else queues it for q's writer. A client
// whose queue is full has stopped reading and is disconnected.
func (t *tcpServer) chatTo(q *tcpPeer, line []byte) bool {
	q.chatMu.Lock()
	cq := q.chatQ
	item := chatItem{b: line}
	if cq == nil || (!cq.busy && len(cq.ch) == 0) {
		n, ok := t.chatDirect(q, line)
		if !ok {
			q.chatMu.Unlock()
			return false // the connection is broken; its reader ends it
		}
		if n == len(line) {
			q.chatMu.Unlock()
			return true
		}
		item = chatItem{b: line[n:], rest: n > 0}
	}
	if cq == nil {
		select {
		case <-t.done:
			q.chatMu.Unlock()
			return false
		default:
		}
		cq = &chatQueue{ch: make(chan chatItem, chatQueueLen), gone: q.gone}
		q.chatQ = cq
		t.wg.Add(1)
		go t.chatWriter(q, cq)
	}
	full := cq.bytes+int64(len(item.b)) > chatQueueBytes
	if !full {
		select {
		case cq.ch <- item:
			cq.bytes += int64(len(item.b))
		default:
			full = true
		}
	}
	q.chatMu.Unlock()
	if full {
		t.chatDrop(q, msg.New(codeChatNotReading, "Msgs", chatQueueLen, "KiB", chatQueueBytes>>10))
		return false
	}
	return true
}

// chatWriter writes q's queue, all that waits at once, until q ends.
func (t *tcpServer) chatWriter(q *tcpPeer, cq *chatQueue) {
	defer t.wg.Done()
	var batch net.Buffers
	for {
		var it chatItem
		select {
		case <-cq.gone:
			return
		case it = <-cq.ch:
		}
		q.chatMu.Lock()
		cq.busy = true
		q.chatMu.Unlock()
		batch = append(batch[:0], it.b)
		msgs := 0
		if !it.rest {
			msgs++
		}
		for more := true; more && len(batch) < 64; {
			select {
			case it = <-cq.ch:
				batch = append(batch, it.b)
				if !it.rest {
					msgs++
				}
			default:
				more = false
			}
		}
		size := 0
		for _, m := range batch {
			size += len(m)
		}
		err := t.chatWrite(q, batch, msgs)
		q.chatMu.Lock()
		cq.bytes -= int64(size)
		cq.busy = false
		q.chatMu.Unlock()
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.chatDrop(q, msg.New(codeChatSlow, "Time", t.s.cfg.WriteTimeout))
			}
			return
		}
	}
}

func (t *tcpServer) chatWrite(q *tcpPeer, batch net.Buffers, msgs int) error {
	q.sendMu.Lock()
	defer q.sendMu.Unlock()
	// Not reset after: an echo write may be waiting under its own.
	q.conn.SetWriteDeadline(time.Now().Add(t.s.cfg.WriteTimeout))
	var n int64
	var err error
	if c, ok := q.conn.(*net.TCPConn); ok {
		n, err = batch.WriteTo(c) // one writev for the lot
	} else {
		for _, m := range batch {
			var k int
			k, err = q.conn.Write(m)
			n += int64(k)
			if err != nil {
				break
			}
		}
	}
	t.s.st.bytesOut.Add(uint64(n))
	q.st.bytesOut.Add(uint64(n))
	if err == nil {
		t.s.st.msgsOut.Add(uint64(msgs))
		q.st.msgsOut.Add(uint64(msgs))
	}
	return err
}

// chatDrop disconnects a client that does not read, saying why.
func (t *tcpServer) chatDrop(q *tcpPeer, why msg.Message) {
	if q.closedBy.CompareAndSwap(nil, &why) {
		q.raw.Close()
	}
}

// chat passes datagram b to every other recent peer. Datagrams never wait
// for a slow reader: its kernel drops them.
func (u *udpServer) chat(p *udpPeer, b []byte) {
	line := u.s.chatMessage(p.addr, b)
	n := 0
	for _, q := range u.live() {
		if q == p {
			continue
		}
		if u.write(q, line, nil) == nil {
			n++
		}
	}
	u.s.chatPassed(u.local, p.addr, n)
}

// chatDirect writes what q's socket takes now, without waiting, and reports
// how much, and false when the connection is broken. It skips TLS clients
// and a q someone else is writing to. The caller holds q.chatMu.
func (t *tcpServer) chatDirect(q *tcpPeer, msg []byte) (int, bool) {
	c, ok := q.conn.(*net.TCPConn)
	if !ok || !q.sendMu.TryLock() {
		return 0, true
	}
	defer q.sendMu.Unlock()
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, true
	}
	n, err := writeNow(rc, msg)
	if n > 0 {
		t.s.st.bytesOut.Add(uint64(n))
		q.st.bytesOut.Add(uint64(n))
		t.s.st.msgsOut.Add(1)
		q.st.msgsOut.Add(1)
	}
	return n, err == nil
}

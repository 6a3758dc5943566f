package sockets

import (
	"net"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Codes of the messages about datagrams the system dropped before the app
// read them, and about the receive buffer.
const (
	codeSystemDropped     msg.Code = "systemDropped"
	codeSystemDropsNone   msg.Code = "systemDropsUnavailable"
	codeRcvBufGranted     msg.Code = "rcvBufGranted"
	codeRcvBufCapped      msg.Code = "rcvBufCapped"
	codeModeWithRcvBuf    msg.Code = "modeWithRcvBuf"
	codeRcvBufNegative    msg.Code = "rcvBufNegative"
	codeRcvBufTooBig      msg.Code = "rcvBufTooBig"
	codeRcvBufSet         msg.Code = "rcvBufSet"
	codeSystemDropsSetErr msg.Code = "systemDropsSetFailed"
)

var _ = msg.Define(map[msg.Code]string{
	codeSystemDropped:     "dropped by the system before the app saw them: {N} (the receive buffer was full; a larger receive buffer or a slower sender helps)",
	codeSystemDropsNone:   "datagrams the system drops when the receive buffer is full are not counted: the count is not available on this system",
	codeSystemDropsSetErr: "datagrams the system drops when the receive buffer is full are not counted: {Err}",
	codeRcvBufGranted:     "receive buffer {Got} B (asked {Asked} B)",
	codeRcvBufCapped:      "receive buffer {Got} B (asked {Asked} B; the system's limit capped it: on Linux raise net.core.rmem_max)",
	codeModeWithRcvBuf:    "{Mode}; {RcvBuf}",
	codeRcvBufNegative:    "receive buffer {N} B: give a size in bytes from 1 to {Max}, or 0 for the system's default",
	codeRcvBufTooBig:      "receive buffer {N} B is too big: give at most {Max} B (64 MiB)",
	codeRcvBufSet:         "set the receive buffer to {N} B: {Err}",
})

// MaxRcvBuf is the largest receive buffer a server or client may ask for:
// 64 MiB, far above what a system grants without being told to.
const MaxRcvBuf = 64 << 20

// SystemDropsCounted reports whether this system tells the app how many
// datagrams it dropped because a socket's receive buffer was full (Linux's
// SO_RXQ_OVFL). Elsewhere Stats.SystemDropped stays 0 and one info event
// says the count is not available.
const SystemDropsCounted = systemDropsCounted

// CheckRcvBuf says what is wrong with a receive buffer size: it must be 0
// (the system's default) or 1 to MaxRcvBuf bytes.
func CheckRcvBuf(n int) error {
	switch {
	case n < 0:
		return msg.NewError(codeRcvBufNegative, "N", n, "Max", MaxRcvBuf)
	case n > MaxRcvBuf:
		return msg.NewError(codeRcvBufTooBig, "N", n, "Max", MaxRcvBuf)
	}
	return nil
}

// dropEventEvery is how often, at most, a socket reports that the system's
// count of dropped datagrams grew; the count in Stats is always exact, and
// the last growth is reported when the socket closes.
const dropEventEvery = time.Second

// systemDrops follows one socket's kernel drop counter. The read loop alone
// calls note; total is read by Stats.
type systemDrops struct {
	last    uint32 // the kernel's counter as last seen (it wraps)
	total   *atomic.Uint64
	shown   uint64    // total as last reported
	shownAt time.Time // when
}

// note takes the kernel's counter from one datagram's control messages and
// returns the new total and whether an event should report it now.
func (d *systemDrops) note(oob []byte, now func() time.Time) (uint64, bool) {
	cur, ok := dropCountOf(oob)
	if !ok || cur == d.last {
		return 0, false
	}
	total := d.total.Add(uint64(cur - d.last))
	d.last = cur
	t := now()
	if d.shown != 0 && t.Sub(d.shownAt) < dropEventEvery {
		return total, false
	}
	d.shown, d.shownAt = total, t
	return total, true
}

// unreported returns the total if it grew since the last report.
func (d *systemDrops) unreported() (uint64, bool) {
	t := d.total.Load()
	if t == d.shown {
		return 0, false
	}
	d.shown = t
	return t, true
}

// dropEvent reports the total of datagrams dropped at local.
func dropEvent(local string, total uint64) Event {
	return said(Event{Kind: KindSystemDrop, Local: local, SystemDropped: total}, msg.New(codeSystemDropped, "N", total))
}

// watchSystemDrops asks the kernel to count the datagrams it drops at pc and
// sets its receive buffer to rcvbuf bytes (0: the system's default). It
// returns the size granted (0 when not asked) and, when the count is not
// available, why, for an info event.
func watchSystemDrops(pc *net.UDPConn, rcvbuf int) (granted int, why *msg.Message, err error) {
	if rcvbuf > 0 {
		if err := pc.SetReadBuffer(rcvbuf); err != nil {
			return 0, nil, msg.Wrap(err, codeRcvBufSet, "N", rcvbuf)
		}
		granted = readBufferOf(pc)
	}
	if !systemDropsCounted {
		m := msg.New(codeSystemDropsNone)
		return granted, &m, nil
	}
	if err := enableDropCount(pc); err != nil {
		m := msg.New(codeSystemDropsSetErr, "Err", err.Error())
		return granted, &m, nil
	}
	return granted, nil, nil
}

// rcvBufNote is the start line's note on a receive buffer asked for.
func rcvBufNote(asked, got int) msg.Message {
	if asked <= 0 {
		return msg.Message{}
	}
	// Linux doubles what it is asked for (for its own bookkeeping); less
	// than asked means a system limit cut it.
	if got > 0 && got < asked {
		return msg.New(codeRcvBufCapped, "Got", got, "Asked", asked)
	}
	return msg.New(codeRcvBufGranted, "Got", got, "Asked", asked)
}

// noteDrops counts what the kernel says it dropped, from one datagram's
// control messages.
func (u *udpServer) noteDrops(oob []byte) {
	if n, report := u.drops.note(oob, u.s.now); report {
		u.s.emit(dropEvent(u.local, n))
	}
}

// reportDropCount says, once the server is listening, when the system's
// drops cannot be counted.
func (u *udpServer) reportDropCount() {
	if u.dropsWhy != nil {
		u.s.emit(said(Event{Kind: KindInfo, Local: u.local}, *u.dropsWhy))
	}
}

// ReceiveBufferNote describes the receive buffer a running UDP server asked
// for and was granted, e.g. "receive buffer 8192 B (asked 4096 B)"; the
// zero Message when it asked for none.
func (s *Server) ReceiveBufferNote() msg.Message {
	impl, err := s.current()
	if err != nil {
		return msg.Message{}
	}
	if u, ok := impl.(*udpServer); ok {
		return rcvBufNote(s.cfg.RcvBuf, u.rcvBufGot)
	}
	return msg.Message{}
}

// withRcvBuf adds the receive buffer's note to a UDP server's listening
// message, when it asked for a size.
func withRcvBuf(impl serverImpl, m msg.Message) msg.Message {
	u, ok := impl.(*udpServer)
	if !ok {
		return m
	}
	note := rcvBufNote(u.s.cfg.RcvBuf, u.rcvBufGot)
	if note.IsZero() {
		return m
	}
	return msg.New(codeModeWithRcvBuf, "Mode", m, "RcvBuf", note)
}

package sockets

import (
	"bytes"
	"errors"
	"io"
	"net"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
)

// relayDir is one direction of a relayed connection.
type relayDir struct {
	from, to string      // "client" and "target", or the other way
	src, dst net.Conn    // read from src, write to dst
	srcLocal string      // the relay's address toward src
	srcAddr  string      // src's address
	note     msg.Message // the message of each chunk's event, e.g. "client → target 127.0.0.1:9000"
	counts   [2]*counters
	in       bool   // counted as in (client to target) or out
	failed   string // the side whose connection failed the pump: "client", "target" or "" (unknown)
	k        *conditions.Conn
	cdir     conditions.Dir

	readMu  sync.Mutex // orders stopReading against resumeReading
	stopped bool       // the relay is done reading src: its read deadline stays passed
}

// stopReading ends a read of src under way and every later one: the relay
// is done with this direction.
func (d *relayDir) stopReading() {
	d.readMu.Lock()
	d.stopped = true
	d.src.SetReadDeadline(time.Now())
	d.readMu.Unlock()
	if relayHookStopped != nil {
		relayHookStopped(d)
	}
}

// resumeReading clears the read deadline that ended a conditioned copy,
// unless stopReading set it too: clearing that one would leave the pump
// waiting on a client the relay is done with.
func (d *relayDir) resumeReading() {
	d.readMu.Lock()
	defer d.readMu.Unlock()
	if !d.stopped {
		d.src.SetReadDeadline(time.Time{})
	}
}

// count counts n bytes passed on, in one read or kernel copy.
func (d *relayDir) count(n int) {
	for _, c := range d.counts {
		if d.in {
			c.in(n)
		} else {
			c.out(n)
		}
	}
}

func (d *relayDir) spliceable() bool {
	_, srcOK := d.src.(*net.TCPConn)
	_, dstOK := d.dst.(*net.TCPConn)
	return srcOK && dstOK && runtime.GOOS == "linux"
}

// pump copies one direction, passing src's end of stream on to dst
// (half-close), with the echo server's buffers and kernel copy.
func (r *relayPair) pump(d *relayDir) error {
	rb := newReadBuf()
	defer rb.release()
	for {
		if d.condActive() {
			if err := r.pumpConditioned(d, nil); err != errConditionsOff {
				return err
			}
			continue
		}
		buf := rb.next()
		n, err := d.src.Read(buf)
		if n > 0 && d.condActive() {
			if cerr := r.pumpConditioned(d, bytes.Clone(buf[:n])); cerr != errConditionsOff {
				return cerr
			}
			continue
		}
		if n > 0 {
			r.observe(d, buf[:n], 0)
			wn, werr := d.dst.Write(buf[:n])
			if wn > 0 {
				d.count(wn)
			}
			if werr != nil {
				return d.sideError(werr, d.to)
			}
			if err == nil && rb.full(n) && d.spliceable() {
				eof, serr := spliceStream(d.dst.(*net.TCPConn), d.src.(*net.TCPConn), func() bool { return !d.condActive() }, func(n int) {
					d.count(n)
					r.observeSpliced(d, n)
				})
				switch {
				case serr != nil:
					return msg.Wrap(serr, codeRelaySpliceErr, "From", d.from, "To", d.to)
				case eof:
					return r.ended(d)
				}
				continue
			}
			rb.adapt(n)
		}
		if err != nil {
			if err == io.EOF {
				return r.ended(d)
			}
			if !d.in {
				err = r.certReq.ExplainRefusal(err)
			}
			return d.sideError(err, d.from)
		}
	}
}

// sideError is err on the connection to side ("client" or "target"),
// saying in words when that side reset it; it notes the side in d.failed.
func (d *relayDir) sideError(err error, side string) error {
	d.failed = side
	if errors.Is(err, syscall.ECONNRESET) {
		code := codeRelayTargetReset
		if side == "client" {
			code = codeRelayClientReset
		}
		return msg.Wrap(err, code)
	}
	return msg.Wrap(err, codeRelaySideErr, "Side", side)
}

// ended passes src's end of stream on to dst and reports it.
func (r *relayPair) ended(d *relayDir) error {
	ended := msg.New(codeRelayTargetEnded)
	if d.in {
		ended = msg.New(codeRelayClientEnded)
	}
	r.t.s.emit(said(Event{Kind: KindHalfClose, Local: d.srcLocal, Remote: d.srcAddr}, ended))
	if err := ignoreClosed(closeWrite(d.dst)); err != nil {
		d.failed = d.to
		return msg.Wrap(err, codeRelayEndErr, "Side", d.to)
	}
	return nil
}

// observe reports a chunk passed on, held back by conditions for held,
// when the queue admits it.
func (r *relayPair) observe(d *relayDir, b []byte, held time.Duration) {
	q := r.t.s.cfg.Events
	if !q.admitData(1) {
		return
	}
	e := newDataEvent(SideRelay, r.t.s.cfg.Network, KindReceived, d.srcLocal, d.srcAddr, b, r.t.s.cfg.CaptureBytes)
	e.say(d.note)
	e.Held = held
	q.Emit(e)
}

// observeSpliced reports a chunk copied in the kernel, by size only.
func (r *relayPair) observeSpliced(d *relayDir, n int) {
	q := r.t.s.cfg.Events
	if !q.admitData(1) {
		return
	}
	q.Emit(said(Event{Time: time.Now(), Side: SideRelay, Network: r.t.s.cfg.Network, Kind: KindReceived, Local: d.srcLocal, Remote: d.srcAddr,
		Bytes: n, Truncated: true}, msg.New(codeRelayBulk, "Note", d.note)))
}

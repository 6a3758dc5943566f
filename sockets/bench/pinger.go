package bench

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/hist"
	"github.com/sockettester/sockettester/sockets/payload"
)

// maxQuoted bounds the bytes of a wrong reply an error quotes.
const maxQuoted = 32

// notEchoError says that the server answered with other bytes than the echo.
func notEchoError(got []byte, sent int) error {
	quoted := payload.QuoteText(got[:min(len(got), maxQuoted)])
	if len(got) > maxQuoted {
		quoted += "..."
	}
	return fmt.Errorf("the server answers with other bytes: \"%s\" (%d B) to the %d B sent, not their echo (is it in reply mode? bench needs an echo server)",
		quoted, len(got), sent)
}

// pinger does one connection's round trips. After run sends the first message,
// the client's read goroutine checks each echo and sends the next itself, so a
// round trip costs no hand-over between goroutines.
type pinger struct {
	r     *runner
	cl    *sockets.Client
	udp   bool
	ended chan struct{} // closed when the round trips are over
	timer *time.Timer   // fires onTimeout at or before deadline

	mu       sync.Mutex
	over     bool           // no more round trips: ended is closed
	seq      uint64         // the message in flight
	msg      []byte         // it, stamped with seq
	t0       time.Time      // when it was sent
	deadline time.Time      // when its round trip times out
	frame    []byte         // TCP: the echo being reassembled
	got      int            // bytes of frame filled
	wrong    bool           // TCP: other bytes than the echo came for this message
	hist     hist.Histogram // round-trip times
}

// newPinger's client is dialled by the caller, with onData and onError.
func newPinger(r *runner) *pinger {
	p := &pinger{r: r, udp: r.cfg.udp(), ended: make(chan struct{}), msg: slices.Clone(r.pattern)}
	if !p.udp {
		p.frame = make([]byte, r.cfg.Size)
	}
	p.timer = time.AfterFunc(time.Hour, p.onTimeout)
	p.timer.Stop()
	return p
}

func (p *pinger) run() {
	p.mu.Lock()
	p.sendNext()
	p.mu.Unlock()
	select {
	case <-p.ended:
	case <-p.cl.Done():
		p.mu.Lock()
		if !p.over {
			p.fail(p.endErr())
		}
		p.mu.Unlock()
	case <-p.r.ctx.Done():
	}
	p.mu.Lock()
	p.finish()
	p.mu.Unlock()
	p.timer.Stop()
	p.cl.Close()
}

// finish marks the round trips over; p.mu is held.
func (p *pinger) finish() {
	if !p.over {
		p.over = true
		close(p.ended)
	}
}

// fail counts err, unless it is nil, and ends the round trips; p.mu is held.
func (p *pinger) fail(err error) {
	if err != nil {
		p.r.fail(err)
	}
	p.finish()
}

// sendNext sends the next message if the run goes on; p.mu is held.
func (p *pinger) sendNext() {
	if p.over {
		return
	}
	if !p.r.next() {
		p.finish()
		return
	}
	p.seq++
	if len(p.msg) >= stampLen {
		binary.BigEndian.PutUint64(p.msg, p.seq)
	}
	p.t0 = time.Now()
	// The timer is armed once; onTimeout re-arms it for what is left, so a round
	// trip only moves the deadline on.
	if p.deadline.IsZero() {
		p.timer.Reset(p.r.cfg.Timeout)
	}
	p.deadline = p.t0.Add(p.r.cfg.Timeout)
	if err := p.cl.Send(p.msg); err != nil {
		select {
		case <-p.cl.Done():
			p.fail(p.endErr())
		default:
			p.fail(sockets.ExplainNetError(err))
		}
	}
}

// onTimeout counts a round trip past its deadline; UDP goes on with the
// next message (the datagram was lost), TCP ends.
func (p *pinger) onTimeout() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.over {
		return
	}
	if left := time.Until(p.deadline); left > 0 {
		p.timer.Reset(left)
		return
	}
	if !p.udp {
		p.fail(p.noEchoErr())
		return
	}
	p.r.fail(fmt.Errorf("no echo within %v (datagram lost?)", p.r.cfg.Timeout))
	p.timer.Reset(p.r.cfg.Timeout)
	p.sendNext()
}

// noEchoErr says what came back, if anything, for a TCP round trip that
// timed out; p.mu is held.
func (p *pinger) noEchoErr() error {
	switch got := p.frame[:p.got]; {
	case p.wrong:
		// Already counted when the other bytes came: the connection just ends.
		return nil
	case p.got == 0:
		return fmt.Errorf("no echo within %v: nothing came back (a silent server?)", p.r.cfg.Timeout)
	case !bytes.Equal(got, p.msg[:p.got]):
		return notEchoError(got, p.r.cfg.Size)
	default:
		return fmt.Errorf("no echo within %v: only %d of the %d B sent came back", p.r.cfg.Timeout, p.got, p.r.cfg.Size)
	}
}

// endErr says why the connection ended; call it once cl.Done is closed.
func (p *pinger) endErr() error {
	if err := p.cl.Err(); err != nil {
		return sockets.ExplainNetError(err)
	}
	return fmt.Errorf("connection closed by the server after %d of %d bytes", p.got, p.r.cfg.Size)
}

// onData cuts a TCP stream into replies of Size bytes; a datagram is one.
func (p *pinger) onData(b []byte) {
	at := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.udp {
		p.reply(b, at)
		return
	}
	for len(b) > 0 {
		n := copy(p.frame[p.got:], b)
		p.got += n
		b = b[n:]
		if p.got == len(p.frame) {
			p.got = 0
			p.reply(p.frame, at)
		}
	}
}

// onError ends a UDP connection whose server's port is closed.
func (p *pinger) onError(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.over {
		p.fail(err)
	}
}

// reply checks b against the message in flight and starts the next one; a
// late UDP echo of an earlier, timed-out message is skipped. Other bytes
// are no round trip: over UDP the next message goes, over TCP the echo may
// still follow (after a banner, say) until the timeout. p.mu is held.
func (p *pinger) reply(b []byte, at time.Time) {
	if p.over {
		return
	}
	if p.seq == 0 {
		p.r.fail(notEchoError(b, p.r.cfg.Size)) // the server spoke first: no message was sent yet
		return
	}
	stamped := len(b) >= stampLen && len(p.msg) >= stampLen
	if p.udp && stamped && binary.BigEndian.Uint64(b) < p.seq {
		return
	}
	if !bytes.Equal(b, p.msg) {
		p.r.fail(notEchoError(b, p.r.cfg.Size))
		if !p.udp {
			p.wrong = true
			return
		}
	} else {
		p.hist.Record(at.Sub(p.t0))
		p.wrong = false
	}
	p.sendNext()
}

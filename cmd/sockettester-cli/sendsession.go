package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/payload"
)

// sendSession is one run of the send command.
type sendSession struct {
	c        *sockets.Client
	o        sendOptions
	out      *replyWriter
	events   *sockets.EventQueue
	sink     *replySink
	sending  <-chan sendResult // the sender's result; nil once taken
	sent     int               // sends done, once the sender has ended
	complete bool              // every send was made (and end of stream sent, with --half-close)
}

// sendResult is what the sender goroutine did.
type sendResult struct {
	sent     int
	complete bool
	err      error
}

// startSends sends on its own goroutine until ctx is done or the connection
// ends; then, with --half-close, end of stream.
func (s *sendSession) startSends(ctx context.Context) {
	res := make(chan sendResult, 1)
	s.sending = res
	go func() {
		var r sendResult
		if s.o.stream != nil {
			r.sent, r.complete, r.err = s.o.stream.sendTo(ctx.Done(), s.c)
		} else {
			r.sent, r.err = s.o.sendEach(s.c, ctx.Done())
			r.complete = r.err == nil && r.sent == s.o.repeat
		}
		if r.complete && s.o.halfClose {
			r.err = s.c.CloseWrite()
		}
		if errors.Is(r.err, net.ErrClosed) {
			// The server hung up first and the reader closed the connection under the
			// sender: closedByPeer tells the story.
			r.err = nil
		}
		res <- r
	}()
}

func (s *sendSession) awaitSends() {
	if s.sending != nil {
		r := <-s.sending
		s.sent, s.complete, s.sending = r.sent, r.complete, nil
	}
}

// run decides the outcome; sends not yet made when it returns are skipped.
func (s *sendSession) run(ctx context.Context) error {
	sendCtx, stopSends := context.WithCancel(ctx)
	defer stopSends()
	s.startSends(sendCtx)
	waitT := time.NewTimer(time.Hour)
	waitT.Stop()
	defer waitT.Stop()
	var waitC <-chan time.Time
	for {
		select {
		case r := <-s.sending:
			s.sending, s.sent, s.complete = nil, r.sent, r.complete
			switch {
			case r.err != nil:
				return r.err
			case !r.complete:
			case s.o.wait == 0:
				return nil
			default:
				waitT.Reset(s.o.wait)
				waitC = waitT.C
			}
		case <-s.sink.arrived:
			if waitC != nil {
				waitT.Reset(s.o.wait)
			}
		case <-s.sink.full:
			return s.handleQueued()
		case e := <-s.events.Events():
			if err := s.handleEvent(e); err != nil {
				return err
			}
		case <-s.c.Done():
			if err := s.handleQueued(); err != nil {
				return err
			}
			return s.closedByPeer()
		case <-waitC:
			if _, replies := s.sink.counts(); replies == 0 {
				return fmt.Errorf("no reply from %s within %v (sent %d B over %s%s)", s.o.addr, s.o.wait, s.c.Stats().BytesOut, s.o.network, s.endOfInputHint())
			}
			return nil
		case <-ctx.Done():
			if _, replies := s.sink.counts(); replies == 0 {
				return errors.New("interrupted before any reply")
			}
			return nil
		}
	}
}

// endOfInputHint suggests ending the stream, for a TCP send that kept it
// open: a server that answers at end of input is still waiting.
func (s *sendSession) endOfInputHint() string {
	switch {
	case !addr.IsStream(s.o.network) || s.o.halfClose:
		return ""
	case s.o.noHalfClose:
		return "; a server that answers at end of input waits for it: drop --no-half-close"
	}
	return "; a server that answers at end of input waits for it: try --half-close"
}

// handleQueued: the end of the connection can win the select over events
// queued before it (a TLS alert before a hang-up), and those still count.
func (s *sendSession) handleQueued() error {
	for _, e := range s.events.Drain(nil, 0) {
		if err := s.handleEvent(e); err != nil {
			return err
		}
	}
	return nil
}

func (s *sendSession) handleEvent(e sockets.Event) error {
	s.out.event(e)
	if e.Kind != sockets.KindError {
		return nil
	}
	if e.Err != nil {
		return e.Err
	}
	if e.Code != "" {
		return &msg.Error{Message: e.Said()}
	}
	return errors.New(e.Msg)
}

// closedByPeer decides the outcome once the server ended the connection.
func (s *sendSession) closedByPeer() error {
	// The reader has ended, so every chunk it read has been printed.
	s.awaitSends()
	_, replies := s.sink.counts()
	switch {
	case s.sink.reachedMax():
		return nil
	case s.c.MaySpeakTLS() && errors.Is(s.c.Err(), syscall.ECONNRESET):
		return fmt.Errorf("connection to %s reset before any reply: %w (a TLS server does this to plain text: try --tls)", s.o.addr, s.c.Err())
	case s.c.Err() != nil:
		return fmt.Errorf("connection to %s ended: %w", s.o.addr, s.c.Err())
	case !s.complete && s.o.stream != nil:
		return fmt.Errorf("connection closed by %s before the end of stdin (%d sends made)", s.o.addr, s.sent)
	case !s.complete && s.sent < s.o.repeat:
		return fmt.Errorf("connection closed by %s after %d of %d sends", s.o.addr, s.sent, s.o.repeat)
	case replies == 0 && s.c.MaySpeakTLS():
		return fmt.Errorf("connection closed by %s at once, without a reply (the port may speak TLS: a TLS server does this to plain text; try --tls)", s.o.addr)
	case replies == 0:
		return fmt.Errorf("connection closed by %s without a reply", s.o.addr)
	}
	return nil
}

// replyWriter prints replies and events in the --out format.
type replyWriter struct {
	w      io.Writer
	format string
	mu     sync.Mutex
	err    error // the first write error
}

func (r *replyWriter) data(b []byte) {
	switch r.format {
	case "raw":
		r.write(b)
	case "text":
		r.write([]byte(payload.RenderText(b) + "\n"))
	case "hex":
		r.write([]byte(payload.HexString(b) + "\n"))
	}
}

// events prints the queued events (with --json) without waiting for more.
func (r *replyWriter) events(q *sockets.EventQueue) {
	for _, e := range q.Drain(nil, 0) {
		r.event(e)
	}
}

// event prints one event with --json, and nothing otherwise.
func (r *replyWriter) event(e sockets.Event) {
	if r.format == "json" {
		r.write(jsonLine(e))
	}
}

func (r *replyWriter) write(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		_, r.err = r.w.Write(b)
	}
}

func (r *replyWriter) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

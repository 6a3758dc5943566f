package sockets

import (
	"errors"
	"io"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// fileChunk is how much of a file each send carries.
const fileChunk = 64 << 10

// sendChunks reads r to its end in fileChunk pieces and hands each to send,
// telling progress the total so far after each; it stops early, without an
// error, when stop closes. It returns the bytes sent.
func sendChunks(stop <-chan struct{}, r io.Reader, send func([]byte) error, progress func(int64)) (int64, error) {
	buf := make([]byte, fileChunk)
	var total int64
	for {
		select {
		case <-stop:
			return total, nil
		default:
		}
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if serr := send(buf[:n]); serr != nil {
				return total, serr
			}
			total += int64(n)
			if progress != nil {
				progress(total)
			}
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return total, nil
		case err != nil:
			return total, msg.Wrap(err, codeFileRead)
		}
	}
}

// SendFrom sends what r holds, to its end, over a stream connection (TCP,
// TLS, Unix, WebSocket: one message per 64 KiB) and returns the bytes
// sent; progress, if set, hears the total after each piece. Closing stop
// cancels what is left. Datagram clients refuse: a file has no datagram
// boundaries to keep.
func (c *Client) SendFrom(stop <-chan struct{}, r io.Reader, progress func(sent int64)) (int64, error) {
	if addr.IsDatagram(c.cfg.Network) {
		return 0, msg.NewError(codeFileNeedsStream, "Net", c.cfg.Network)
	}
	return sendChunks(stop, r, c.Send, progress)
}

// SendFrom sends what r holds to the peer at peer, or to every peer when
// peer is "", as Client.SendFrom does.
func (s *Server) SendFrom(stop <-chan struct{}, peer string, r io.Reader, progress func(sent int64)) (int64, error) {
	if addr.IsDatagram(s.cfg.Network) {
		return 0, msg.NewError(codeFileNeedsStream, "Net", s.cfg.Network)
	}
	send := func(p []byte) error { return s.SendTo(peer, p) }
	if peer == "" {
		send = func(p []byte) error {
			n, err := s.Broadcast(p)
			if n == 0 && err == nil {
				err = msg.NewError(codeFileNoPeers)
			}
			return err
		}
	}
	return sendChunks(stop, r, send, progress)
}

const (
	codeFileRead        msg.Code = "fileRead"
	codeFileNeedsStream msg.Code = "fileNeedsStream"
	codeFileNoPeers     msg.Code = "fileNoPeers"
)

var _ = msg.Define(map[msg.Code]string{
	codeFileRead:        "reading the file: {Err}",
	codeFileNeedsStream: "a file goes over a stream (TCP, TLS, Unix, WebSocket), not over {Net}: its bytes have no datagram boundaries to keep",
	codeFileNoPeers:     "no client is connected to send the file to",
})

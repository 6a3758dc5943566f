package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// streamChunk is the most one read of stdin takes: one send.
const streamChunk = 64 << 10

// stdinStream sends each read of stdin (a line, on a terminal) as one send,
// so send works like 'ncat HOST PORT' and never holds a large input. A
// goroutine reads stdin, so a read blocked on a terminal never holds the
// session up.
type stdinStream struct {
	r      io.Reader
	hex    bool   // each line is hex digits
	eol    []byte // sent after the last byte of stdin
	chunks chan []byte
	free   chan []byte // buffers back from the sender, for raw reads
	err    error       // why reading stopped, other than EOF; read once chunks is closed
}

func newStdinStream(r io.Reader, hex bool, eol payload.LineEnding) *stdinStream {
	// An empty payload with the line ending is the line ending alone.
	eolBytes, _ := payload.Parse("", payload.FormatPlain, eol)
	st := &stdinStream{r: r, hex: hex, eol: eolBytes, chunks: make(chan []byte, 2), free: make(chan []byte, 3)}
	for range cap(st.free) {
		st.free <- make([]byte, streamChunk)
	}
	return st
}

// sendTo returns how many sends it made; complete is true at stdin's end.
func (st *stdinStream) sendTo(stop <-chan struct{}, c *sockets.Client) (sent int, complete bool, err error) {
	go st.read()
	for {
		select {
		case b, ok := <-st.chunks:
			if !ok {
				if st.err != nil {
					return sent, false, st.err
				}
				if len(st.eol) > 0 {
					if err := c.Send(st.eol); err != nil {
						return sent, false, err
					}
					sent++
				}
				return sent, true, nil
			}
			if err := c.Send(b); err != nil {
				return sent, false, err
			}
			sent++
			if !st.hex {
				st.free <- b[:cap(b)]
			}
		case <-stop:
			return sent, false, nil
		case <-c.Done():
			return sent, false, nil
		}
	}
}

// read may outlive the session, blocked on a terminal: the process ends
// soon after anyway.
func (st *stdinStream) read() {
	defer close(st.chunks)
	if st.hex {
		st.readHexLines()
		return
	}
	for {
		buf := <-st.free
		n, err := st.r.Read(buf)
		if n > 0 {
			st.chunks <- buf[:n]
		} else {
			st.free <- buf
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				st.err = fmt.Errorf("read stdin: %w", err)
			}
			return
		}
	}
}

// readHexLines ends the stream with an error naming a line that is not hex.
func (st *stdinStream) readHexLines() {
	br := bufio.NewReaderSize(st.r, streamChunk)
	for line := 1; ; line++ {
		text, err := br.ReadString('\n')
		if strings.TrimSpace(text) != "" {
			b, perr := payload.ParseHex(text)
			if perr != nil {
				st.err = usageErrorf("send", "invalid hex on stdin, line %d: %v", line, perr)
				return
			}
			st.chunks <- b
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				st.err = fmt.Errorf("read stdin: %w", err)
			}
			return
		}
	}
}

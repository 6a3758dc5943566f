package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

const sendUsage = `usage: sockettester-cli send (--tcp|--udp) ADDR [--hex] [--eol none|lf|crlf|cr]
                           [--repeat N] [--interval DUR] [--wait DUR] [--max-bytes N]
                           [--timeout DUR] [--out raw|text|hex|json | --json] PAYLOAD
       sockettester-cli send --packets FILE --packet NAME [(--tcp|--udp) ADDR] [FLAGS]

Connect to ADDR, send PAYLOAD (--repeat times), print what comes back, and
stop once --wait passes after the last send with nothing new arriving, when
--max-bytes have arrived, or when the server closes the connection.

PAYLOAD is text with escapes \n \r \t \0 \\ \" \xHH, or hex digits with --hex
("48 69 0a", "48:69", "0x4869"). A PAYLOAD of "-" reads the bytes from stdin
as they are (or as hex digits with --hex). Use -- before a payload that starts
with '-'.

ADDR is host:port ("127.0.0.1:9000", "[::1]:9000", "localhost:9000"), or a
bare port ("9000") or ":9000" for 127.0.0.1.

Flags:
  --tcp ADDR        connect over TCP
  --udp ADDR        send UDP datagrams (one per send)
  --hex             PAYLOAD is hex digits
  --eol EOL         append a line ending: none (default), lf, crlf or cr
  --repeat N        send the payload N times (default 1)
  --interval DUR    pause between repeats (default 0: back to back, e.g. 100ms)
  --wait DUR        after the last send, wait until nothing arrives for DUR
                    (default 2s); 0 sends without waiting for a reply
  --max-bytes N     stop as soon as N bytes have arrived, printing no more
                    than N (default 0: no limit); repeats not yet sent are
                    skipped
  --timeout DUR     give up connecting or sending after DUR (default 5s)
  --out FORMAT      how replies are printed on stdout:
                      raw   the exact bytes received (default)
                      text  one line per read, escaped like PAYLOAD
                      hex   one line per read, as hex pairs
                      json  one JSON line per event (connected, sent,
                            received, disconnected, error)
  --json            the same as --out json
  --packets FILE    a packet library (see the README, "Packets")
  --packet NAME     send the packet NAME of --packets instead of PAYLOAD: its
                    payload, format and line ending, and its protocol and
                    address unless --tcp or --udp is given
  -h, --help        show this help

Exit status: 0 when a reply came (or with --wait 0, once sent); 1 when the
connection failed, was refused or reset, or no reply came within --wait;
2 for a command-line mistake.

Examples:
  sockettester-cli send --tcp 127.0.0.1:9000 'hello\n'
  sockettester-cli send --udp [::1]:9000 --hex 'de ad be ef' --out hex
  printf 'GET / HTTP/1.0\r\n\r\n' | sockettester-cli send --tcp localhost:8080 -
  sockettester-cli send --packets docs/examples/packets.yaml --packet ping --tcp 9000
`

// maxStdinPayload bounds a payload read from stdin.
const maxStdinPayload = 64 << 20

// maxUDPPayload is the largest datagram payload over IPv4.
const maxUDPPayload = 65507

// sendOptions are the send command's flags and payload.
type sendOptions struct {
	network, addr string
	payload       []byte
	repeat        int
	interval      time.Duration
	wait          time.Duration
	timeout       time.Duration
	maxBytes      int
	out           string
}

// parseSend reads send's command line, including the payload.
func parseSend(args []string, std stdio) (sendOptions, error) {
	o := sendOptions{}
	fs := newFlagSet("send")
	tcp := fs.String("tcp", "", "")
	udp := fs.String("udp", "", "")
	hex := fs.Bool("hex", false, "")
	eol := sockets.EOLNone
	fs.TextVar(&eol, "eol", sockets.EOLNone, "")
	fs.IntVar(&o.repeat, "repeat", 1, "")
	fs.DurationVar(&o.interval, "interval", 0, "")
	fs.DurationVar(&o.wait, "wait", 2*time.Second, "")
	fs.DurationVar(&o.timeout, "timeout", sockets.DefaultDialTimeout, "")
	fs.IntVar(&o.maxBytes, "max-bytes", 0, "")
	fs.StringVar(&o.out, "out", "raw", "")
	asJSON := fs.Bool("json", false, "")
	packetsFile := fs.String("packets", "", "")
	packetName := fs.String("packet", "", "")
	rest, err := parseFlags(fs, args, sendUsage, std)
	if err != nil {
		return o, err
	}
	pk, err := sendPacket(fs, *packetsFile, *packetName, rest)
	if err != nil {
		return o, err
	}

	switch tcpSet, udpSet := flagWasSet(fs, "tcp"), flagWasSet(fs, "udp"); {
	case tcpSet && udpSet:
		return o, usageErrorf("send", "give --tcp or --udp, not both")
	case tcpSet:
		o.network, o.addr = "tcp", *tcp
	case udpSet:
		o.network, o.addr = "udp", *udp
	case pk != nil && pk.Addr != "":
		o.network, o.addr = pk.Network, pk.Addr
	case pk != nil:
		return o, usageErrorf("send", "packet %q has no address: give --tcp ADDR or --udp ADDR", pk.Name)
	default:
		return o, usageErrorf("send", "missing --tcp ADDR or --udp ADDR (e.g. --tcp 127.0.0.1:9000)")
	}
	if o.addr, err = sockets.ParseDialAddr(o.addr); err != nil {
		return o, usageErrorf("send", "%v", err)
	}
	switch {
	case o.repeat < 1:
		return o, usageErrorf("send", "--repeat must be at least 1, not %d", o.repeat)
	case o.interval < 0:
		return o, usageErrorf("send", "--interval must not be negative")
	case o.wait < 0:
		return o, usageErrorf("send", "--wait must not be negative")
	case o.timeout <= 0:
		return o, usageErrorf("send", "--timeout must be positive")
	case o.maxBytes < 0:
		return o, usageErrorf("send", "--max-bytes must not be negative")
	}
	if *asJSON {
		if flagWasSet(fs, "out") && o.out != "json" {
			return o, usageErrorf("send", "--json conflicts with --out %s", o.out)
		}
		o.out = "json"
	}
	switch o.out {
	case "raw", "text", "hex", "json":
	default:
		return o, usageErrorf("send", "unknown --out %q (want raw, text, hex or json)", o.out)
	}

	switch {
	case pk != nil:
		o.payload = pk.bytes
	case len(rest) == 0:
		return o, usageErrorf("send", "missing PAYLOAD (e.g. 'hello\\n', or - to read stdin)")
	case len(rest) > 1:
		return o, usageErrorf("send", "too many arguments, want one PAYLOAD: %q (quote a payload that has spaces)", rest)
	default:
		if o.payload, err = readPayload(rest[0], *hex, eol, std.in); err != nil {
			return o, err
		}
	}
	if o.network == "udp" && len(o.payload) > maxUDPPayload {
		return o, usageErrorf("send", "payload of %d bytes is too big for one UDP datagram (at most %d)", len(o.payload), maxUDPPayload)
	}
	return o, nil
}

// readPayload parses the PAYLOAD argument, or reads stdin for "-".
func readPayload(arg string, hex bool, eol sockets.LineEnding, stdin io.Reader) ([]byte, error) {
	f := sockets.FormatText
	if hex {
		f = sockets.FormatHex
	}
	what := "payload"
	if arg == "-" {
		what = "payload on stdin"
		b, err := io.ReadAll(io.LimitReader(stdin, maxStdinPayload+1))
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		if len(b) > maxStdinPayload {
			return nil, usageErrorf("send", "payload on stdin is over %d MiB", maxStdinPayload>>20)
		}
		arg = string(b)
		if !hex {
			f = sockets.FormatPlain
		}
	}
	p, err := sockets.ParsePayload(arg, f, eol)
	if err != nil {
		if hex {
			return nil, usageErrorf("send", "invalid hex %s: %v", what, err)
		}
		return nil, usageErrorf("send", "invalid %s: %v", what, err)
	}
	return p, nil
}

// runSend sends the payload and prints the replies.
func runSend(ctx context.Context, args []string, std stdio) error {
	o, err := parseSend(args, std)
	if err != nil {
		return helpOK(err)
	}
	ctx, stop := interruptible(ctx)
	defer stop()

	out := &replyWriter{w: std.out, format: o.out}
	events := sockets.NewEventQueue(4096)
	data := make(chan []byte, 64)
	quit := make(chan struct{})
	capture := 1 // events only signal errors unless they are the output
	if o.out == "json" {
		capture = 64 * 1024
	}
	c, err := sockets.Dial(ctx, sockets.ClientConfig{
		Network: o.network, Addr: o.addr, Timeout: o.timeout,
		Events: events, CaptureBytes: capture,
		OnData: func(p []byte) {
			select {
			case data <- append([]byte(nil), p...):
			case <-quit:
			}
		},
	})
	if err != nil {
		out.events(events)
		if ctx.Err() != nil {
			return errors.New("interrupted")
		}
		return err
	}

	s := &sendSession{c: c, o: o, out: out, events: events, data: data}
	runErr := s.run(ctx)
	close(quit)
	c.Close()
	s.awaitSends() // Close ends a send in progress
	// Chunks read before Close are still replies; print them too.
	drainBuffered(data, s.received)
	out.events(events)
	if out.err != nil && runErr == nil {
		runErr = fmt.Errorf("write output: %w", out.err)
	}
	return runErr
}

// drainBuffered hands f every value already buffered in ch. Call it once
// nothing sends on ch any more, so that nothing is missed.
func drainBuffered[T any](ch <-chan T, f func(T)) {
	for len(ch) > 0 {
		f(<-ch)
	}
}

// sendSession is one run of the send command.
type sendSession struct {
	c       *sockets.Client
	o       sendOptions
	out     *replyWriter
	events  *sockets.EventQueue
	data    <-chan []byte
	sending <-chan sendResult // the sender's result; nil once taken
	sent    int               // sends done, once the sender has ended
	got     int               // reply bytes received
}

// sendResult is what the sender goroutine did: how many sends, and the
// error that stopped it.
type sendResult struct {
	sent int
	err  error
}

// startSends sends the payload --repeat times, --interval apart, on a
// goroutine of its own, until ctx is done or the connection ends.
func (s *sendSession) startSends(ctx context.Context) {
	res := make(chan sendResult, 1)
	s.sending = res
	go func() {
		n, err := s.c.SendRepeated(ctx.Done(), s.o.payload, s.o.repeat, s.o.interval)
		res <- sendResult{n, err}
	}()
}

// awaitSends waits for the sender to end, if it has not been seen to, and
// records how many sends it made.
func (s *sendSession) awaitSends() {
	if s.sending != nil {
		s.sent = (<-s.sending).sent
		s.sending = nil
	}
}

// received prints a chunk of reply, up to --max-bytes in all.
func (s *sendSession) received(b []byte) {
	if s.o.maxBytes > 0 {
		b = b[:min(len(b), s.o.maxBytes-s.got)]
		if len(b) == 0 {
			return
		}
	}
	s.got += len(b)
	s.out.data(b)
}

// full reports whether --max-bytes have arrived.
func (s *sendSession) full() bool {
	return s.o.maxBytes > 0 && s.got >= s.o.maxBytes
}

// run sends, collects replies and decides the outcome. Sends not yet made
// when it returns are skipped.
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
			s.sending, s.sent = nil, r.sent
			switch {
			case r.err != nil:
				return r.err
			case r.sent < s.o.repeat:
				// Cut short by an interrupt or the connection ending:
				// their own cases below say so.
			case s.o.wait == 0:
				return nil
			default:
				waitT.Reset(s.o.wait)
				waitC = waitT.C
			}
		case b := <-s.data:
			s.received(b)
			if s.full() {
				return nil
			}
			if waitC != nil {
				waitT.Reset(s.o.wait)
			}
		case e := <-s.events.Events():
			s.out.event(e)
			if e.Kind == sockets.KindError {
				// A connected UDP socket hears "port unreachable" here.
				if e.Err != nil {
					return e.Err
				}
				return errors.New(e.Msg)
			}
		case <-s.c.Done():
			return s.closedByPeer()
		case <-waitC:
			if s.got == 0 {
				return fmt.Errorf("no reply from %s within %v (sent %d B over %s)", s.o.addr, s.o.wait, s.c.Stats().BytesOut, s.o.network)
			}
			return nil
		case <-ctx.Done():
			if s.got == 0 {
				return errors.New("interrupted before any reply")
			}
			return nil
		}
	}
}

// closedByPeer decides the outcome once the server ended the connection.
func (s *sendSession) closedByPeer() error {
	// The connection's reader has ended, so every chunk it read is queued,
	// and the sender stops at once.
	drainBuffered(s.data, s.received)
	s.awaitSends()
	switch {
	case s.full():
		return nil
	case s.c.Err() != nil:
		return fmt.Errorf("connection to %s ended: %w", s.o.addr, s.c.Err())
	case s.sent < s.o.repeat:
		return fmt.Errorf("connection closed by %s after %d of %d sends", s.o.addr, s.sent, s.o.repeat)
	case s.got == 0:
		return fmt.Errorf("connection closed by %s without a reply", s.o.addr)
	}
	return nil
}

// replyWriter prints replies and events in the --out format.
type replyWriter struct {
	w      io.Writer
	format string
	err    error // the first write error
}

// data prints one chunk of reply.
func (r *replyWriter) data(b []byte) {
	switch r.format {
	case "raw":
		r.write(b)
	case "text":
		r.write([]byte(sockets.RenderText(b) + "\n"))
	case "hex":
		r.write([]byte(sockets.HexString(b) + "\n"))
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
	if r.err == nil {
		_, r.err = r.w.Write(b)
	}
}
